//! Routes for dotted lines in a laid-out chart: right-angled paths that leave
//! a box from its side, travel in the gaps beside boxes and along lanes
//! between rows, and enter the other box from its side, so that they do not
//! run through boxes. Works in breadth/depth coordinates (see `tree`), so it
//! serves both orientations and both layouts.
//!
//! A route is chosen among a few shapes (straight across a row; down the
//! gap beside one box, along a lane, down the gap beside the other), each
//! checked against the boxes near it through an index of boxes by band;
//! the shortest clear one wins, or failing that the one crossing fewest.

/// A box, in breadth (`b`) and depth (`d`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    pub b0: f64,
    pub b1: f64,
    pub d0: f64,
    pub d1: f64,
}

/// How far beside a box a route runs.
const BESIDE: f64 = 10.0;
const EPS: f64 = 0.5;

pub struct Router<'a> {
    rects: &'a [Rect],
    /// Band k holds depths in `(bounds[k-1], bounds[k]]`.
    bounds: &'a [f64],
    lanes: Vec<f64>,
    /// Boxes meeting each band, by left edge.
    bands: Vec<Vec<usize>>,
    widest: Vec<f64>,
}

impl<'a> Router<'a> {
    /// `bounds`: increasing depths that split the chart into bands (the
    /// lines under each row); `lanes`: depths between rows where a route
    /// may run along.
    pub fn new(rects: &'a [Rect], bounds: &'a [f64], lanes: &[f64]) -> Router<'a> {
        let mut bands: Vec<Vec<usize>> = vec![Vec::new(); bounds.len() + 1];
        let band_of = |y: f64| bounds.partition_point(|&b| b < y);
        for (i, r) in rects.iter().enumerate() {
            for band in &mut bands[band_of(r.d0)..=band_of(r.d1)] {
                band.push(i);
            }
        }
        let mut widest = Vec::with_capacity(bands.len());
        for band in &mut bands {
            band.sort_by(|&x, &y| rects[x].b0.total_cmp(&rects[y].b0));
            widest.push(
                band.iter()
                    .map(|&i| rects[i].b1 - rects[i].b0)
                    .fold(0.0, f64::max),
            );
        }
        let mut lanes = lanes.to_vec();
        lanes.sort_by(f64::total_cmp);
        Router {
            rects,
            bounds,
            lanes,
            bands,
            widest,
        }
    }

    fn band_of(&self, y: f64) -> usize {
        self.bounds.partition_point(|&b| b < y)
    }

    /// Boxes a segment runs through (counted once per band it meets them in).
    fn crossings(&self, p: (f64, f64), q: (f64, f64)) -> usize {
        let (b0, b1) = (p.0.min(q.0), p.0.max(q.0));
        let (d0, d1) = (p.1.min(q.1), p.1.max(q.1));
        // Along an axis where the segment has no length it must lie strictly
        // inside the box; a segment along a box's edge is not inside it.
        let overlaps = |lo: f64, hi: f64, r0: f64, r1: f64| {
            if hi - lo < EPS {
                r0 + EPS < lo && lo < r1 - EPS
            } else {
                r0 < hi - EPS && r1 > lo + EPS
            }
        };
        let mut n = 0;
        let (first, last) = (self.band_of(d0), self.band_of(d1));
        for band in first..=last {
            let list = &self.bands[band];
            let from = list.partition_point(|&i| self.rects[i].b0 < b0 - self.widest[band] - EPS);
            for &i in &list[from..] {
                let r = &self.rects[i];
                if r.b0 >= b1 - EPS {
                    break;
                }
                if overlaps(b0, b1, r.b0, r.b1) && overlaps(d0, d1, r.d0, r.d1) {
                    n += 1;
                }
            }
        }
        n
    }

    fn path_crossings(&self, pts: &[(f64, f64)]) -> usize {
        pts.windows(2).map(|s| self.crossings(s[0], s[1])).sum()
    }

    fn lane_after(&self, y: f64) -> Option<f64> {
        let k = self.lanes.partition_point(|&l| l <= y);
        self.lanes.get(k).copied()
    }

    fn lane_before(&self, y: f64) -> Option<f64> {
        let k = self.lanes.partition_point(|&l| l < y);
        k.checked_sub(1).map(|k| self.lanes[k])
    }

    /// The breadth nearest `want` where a vertical run from depth `d0` to
    /// `d1` meets no box (keeping `BESIDE` from each), looking within a
    /// window around `want`.
    fn free_b(&self, d0: f64, d1: f64, want: f64) -> f64 {
        const WINDOW: f64 = 2000.0;
        let (d0, d1) = (d0.min(d1), d0.max(d1));
        let mut spans: Vec<(f64, f64)> = Vec::new();
        for band in self.band_of(d0)..=self.band_of(d1) {
            let list = &self.bands[band];
            let from =
                list.partition_point(|&i| self.rects[i].b0 < want - WINDOW - self.widest[band]);
            for &i in &list[from..] {
                let r = &self.rects[i];
                if r.b0 > want + WINDOW {
                    break;
                }
                if r.d0 < d1 - EPS && r.d1 > d0 + EPS {
                    spans.push((r.b0 - BESIDE, r.b1 + BESIDE));
                }
            }
        }
        spans.sort_by(|x, y| x.0.total_cmp(&y.0));
        let mut merged: Vec<(f64, f64)> = Vec::new();
        for (l, r) in spans {
            match merged.last_mut() {
                Some(m) if l <= m.1 => m.1 = m.1.max(r),
                _ => merged.push((l, r)),
            }
        }
        match merged.iter().find(|(l, r)| *l < want && want < *r) {
            Some(&(l, r)) => {
                if want - l <= r - want {
                    l
                } else {
                    r
                }
            }
            None => want,
        }
    }

    /// A route from box `a` to box `b` that meets no box and is no longer
    /// than `max_len`, if there is one.
    pub fn clear_route(&self, a: usize, b: usize, max_len: f64) -> Option<Vec<(f64, f64)>> {
        // No route is shorter than the gap between the boxes.
        let (ra, rb) = (self.rects[a], self.rects[b]);
        let gap_b = (ra.b0 - rb.b1).max(rb.b0 - ra.b1).max(0.0);
        let gap_d = (ra.d0 - rb.d1).max(rb.d0 - ra.d1).max(0.0);
        if gap_b + gap_d > max_len {
            return None;
        }
        let p = self.route(a, b);
        let len: f64 = p
            .windows(2)
            .map(|s| (s[0].0 - s[1].0).abs() + (s[0].1 - s[1].1).abs())
            .sum();
        (len <= max_len && self.path_crossings(&p) == 0).then_some(p)
    }

    /// A route from box `a` to box `b`: the best found, clear if possible.
    pub fn route(&self, a: usize, b: usize) -> Vec<(f64, f64)> {
        let (ra, rb) = (self.rects[a], self.rects[b]);
        let ya = (ra.d0 + ra.d1) / 2.0;
        let yb = (rb.d0 + rb.d1) / 2.0;
        let mut cands: Vec<Vec<(f64, f64)>> = Vec::new();
        // Side by side in a row: straight across.
        let (o0, o1) = (ra.d0.max(rb.d0), ra.d1.min(rb.d1));
        if o1 - o0 > 8.0 {
            let y = (o0 + o1) / 2.0;
            if ra.b1 <= rb.b0 {
                cands.push(vec![(ra.b1, y), (rb.b0, y)]);
            } else if rb.b1 <= ra.b0 {
                cands.push(vec![(ra.b0, y), (rb.b1, y)]);
            }
        }
        // Apart across: out of the facing sides, and across between them.
        if ra.b1 + 2.0 * BESIDE <= rb.b0 || rb.b1 + 2.0 * BESIDE <= ra.b0 {
            let (xa, xb) = if ra.b1 <= rb.b0 {
                (ra.b1, rb.b0)
            } else {
                (ra.b0, rb.b1)
            };
            let xm = (xa + xb) / 2.0;
            cands.push(vec![(xa, ya), (xm, ya), (xm, yb), (xb, yb)]);
        }
        // One above the other, overlapping: straight down, off-centre so as
        // not to lie on a reporting line.
        let (c0, c1) = (ra.b0.max(rb.b0), ra.b1.min(rb.b1));
        if c1 - c0 > 40.0 {
            let x = (c0 + c1) / 2.0 + 14.0;
            if ra.d1 <= rb.d0 {
                cands.push(vec![(x, ra.d1), (x, rb.d0)]);
            } else if rb.d1 <= ra.d0 {
                cands.push(vec![(x, ra.d0), (x, rb.d1)]);
            }
        }
        let mut lanes: Vec<f64> = Vec::new();
        if yb > ya {
            lanes.extend(self.lane_after(ra.d1));
            lanes.extend(self.lane_before(rb.d0));
        } else {
            lanes.extend(self.lane_before(ra.d0));
            lanes.extend(self.lane_after(rb.d1));
        }
        lanes.extend(self.lane_after(ra.d1.max(rb.d1)));
        lanes.extend(self.lane_before(ra.d0.min(rb.d0)));
        lanes.dedup();
        for &lane in &lanes {
            for (xa, x1, xb, x2) in side_exits(&ra, &rb) {
                cands.push(vec![
                    (xa, ya),
                    (x1, ya),
                    (x1, lane),
                    (x2, lane),
                    (x2, yb),
                    (xb, yb),
                ]);
            }
        }
        // Rows apart: out beside each box to the lane next to it, and
        // between the two lanes down a free channel.
        let (lane_a, lane_b) = if yb > ya {
            (self.lane_after(ra.d1), self.lane_before(rb.d0))
        } else {
            (self.lane_before(ra.d0), self.lane_after(rb.d1))
        };
        if let (Some(la), Some(lb)) = (lane_a, lane_b) {
            if (la - lb).abs() > EPS && (lb > la) == (yb > ya) {
                for (xa, x1, xb, x2) in side_exits(&ra, &rb) {
                    for want in [x1, x2] {
                        let xc = self.free_b(la, lb, want);
                        cands.push(vec![
                            (xa, ya),
                            (x1, ya),
                            (x1, la),
                            (xc, la),
                            (xc, lb),
                            (x2, lb),
                            (x2, yb),
                            (xb, yb),
                        ]);
                    }
                }
            }
        }
        let score = |pts: &Vec<(f64, f64)>| -> (usize, f64) {
            let len: f64 = pts
                .windows(2)
                .map(|s| (s[0].0 - s[1].0).abs() + (s[0].1 - s[1].1).abs())
                .sum();
            (self.path_crossings(pts), len + 24.0 * pts.len() as f64)
        };
        // ((crossings, length), path)
        type Scored = ((usize, f64), Vec<(f64, f64)>);
        let mut best: Option<Scored> = None;
        for c in cands {
            let c = simplify(c);
            let s = score(&c);
            if best
                .as_ref()
                .is_none_or(|(bs, _)| s.0 < bs.0 || (s.0 == bs.0 && s.1 < bs.1 - 1e-9))
            {
                best = Some((s, c));
            }
        }
        if best.as_ref().is_some_and(|(sc, _)| sc.0 > 0) {
            if let Some(p) = self.search(a, b) {
                return p;
            }
        }
        match best {
            Some((_, pts)) => pts,
            None => vec![
                ((ra.b0 + ra.b1) / 2.0, ra.d1),
                ((rb.b0 + rb.b1) / 2.0, rb.d0),
            ],
        }
    }
}

impl Router<'_> {
    /// The fallback when no simple shape is clear: the shortest
    /// right-angled path (with a cost for each bend) over the grid of lines
    /// beside the boxes near both ends, by A*. Looks only at a window around
    /// the two boxes, so it stays cheap; `None` if that window is too
    /// crowded or holds no clear path.
    fn search(&self, a: usize, b: usize) -> Option<Vec<(f64, f64)>> {
        let (ra, rb) = (self.rects[a], self.rects[b]);
        let ya = (ra.d0 + ra.d1) / 2.0;
        let yb = (rb.d0 + rb.d1) / 2.0;
        let (xs, ys) = self.lines_near(ra, rb, ya, yb)?;
        let ix = |x: f64| xs.iter().position(|&v| (v - x).abs() < EPS);
        let iy = ys.iter().position(|&v| (v - ya).abs() < EPS)?;
        let jy = ys.iter().position(|&v| (v - yb).abs() < EPS)?;
        // Start beside a's sides, end beside b's.
        let starts = [
            (ix(ra.b1 + BESIDE)?, 0u8, ra.b1),
            (ix(ra.b0 - BESIDE)?, 1u8, ra.b0),
        ];
        let ends = [(ix(rb.b1 + BESIDE)?, rb.b1), (ix(rb.b0 - BESIDE)?, rb.b0)];
        let grid = SearchGrid { xs: &xs, ys: &ys };
        let cells = self.a_star(
            &grid,
            [(starts[0].0, starts[0].1), (starts[1].0, starts[1].1)],
            iy,
            [ends[0].0, ends[1].0],
            (jy, yb),
        )?;
        let gy = ys.len();
        let first = cells[0] / gy;
        let last = *cells.last()? / gy;
        let start_edge = starts.iter().find(|s| s.0 == first)?.2;
        let end_edge = ends.iter().find(|e| e.0 == last)?.1;
        let mut pts = vec![(start_edge, ya)];
        pts.extend(cells.iter().map(|&c| (xs[c / gy], ys[c % gy])));
        pts.push((end_edge, yb));
        let pts = simplify(pts);
        (self.path_crossings(&pts) == 0).then_some(pts)
    }

    /// The search grid's lines: the window around both boxes, the lines
    /// beside every box in it, the lanes and the two ends' depths. `None`
    /// when the window holds too many boxes.
    fn lines_near(&self, ra: Rect, rb: Rect, ya: f64, yb: f64) -> Option<(Vec<f64>, Vec<f64>)> {
        const MAX_BOXES: usize = 120;
        let pad = 160.0;
        let (w0, w1) = (ra.b0.min(rb.b0) - pad, ra.b1.max(rb.b1) + pad);
        let (h0, h1) = (ra.d0.min(rb.d0) - pad, ra.d1.max(rb.d1) + pad);
        let mut near: Vec<usize> = Vec::new();
        for band in self.band_of(h0)..=self.band_of(h1) {
            let list = &self.bands[band];
            let from = list.partition_point(|&i| self.rects[i].b0 < w0 - self.widest[band]);
            for &i in &list[from..] {
                let r = &self.rects[i];
                if r.b0 > w1 {
                    break;
                }
                if r.b1 >= w0 && r.d1 >= h0 && r.d0 <= h1 {
                    near.push(i);
                }
            }
        }
        near.sort_unstable();
        near.dedup();
        if near.len() > MAX_BOXES {
            return None;
        }
        let mut xs = vec![w0, w1];
        let mut ys = vec![h0, h1, ya, yb];
        for &i in &near {
            let r = &self.rects[i];
            xs.extend([r.b0 - BESIDE, r.b1 + BESIDE]);
            ys.extend([r.d0 - BESIDE, r.d1 + BESIDE]);
        }
        ys.extend(self.lanes.iter().copied().filter(|&l| l > h0 && l < h1));
        xs.sort_by(f64::total_cmp);
        xs.dedup_by(|p, q| (*p - *q).abs() < EPS);
        ys.sort_by(f64::total_cmp);
        ys.dedup_by(|p, q| (*p - *q).abs() < EPS);
        Some((xs, ys))
    }

    /// A* over the grid, a state being a crossing and the direction it was
    /// entered in: from either start (column, direction) on row `iy` to
    /// either end column on row `goal.0` (at depth `goal.1`). Returns the
    /// cells of the cheapest clear path, first to last.
    fn a_star(
        &self,
        grid: &SearchGrid,
        starts: [(usize, u8); 2],
        iy: usize,
        ends: [usize; 2],
        goal: (usize, f64),
    ) -> Option<Vec<usize>> {
        use std::cmp::Reverse;
        use std::collections::BinaryHeap;
        const BEND: f64 = 30.0;
        let (xs, ys) = (grid.xs, grid.ys);
        let (jy, yb) = goal;
        let (gx, gy) = (xs.len(), ys.len());
        let key = |i: usize, j: usize, d: u8| (i * gy + j) * 4 + d as usize;
        let h = |i: usize, j: usize| {
            ends.iter()
                .map(|&e| (xs[i] - xs[e]).abs() + (ys[j] - yb).abs())
                .fold(f64::INFINITY, f64::min)
        };
        let states = gx * gy * 4;
        let mut dist = vec![f64::INFINITY; states];
        let mut from = vec![usize::MAX; states];
        let mut heap = BinaryHeap::new();
        let cost_key = |c: f64| Reverse((c * 16.0) as u64);
        for &(i, d) in &starts {
            let k = key(i, iy, d);
            dist[k] = BESIDE;
            heap.push((cost_key(BESIDE + h(i, iy)), k));
        }
        let mut found = None;
        let mut steps = 0usize;
        while let Some((_, k)) = heap.pop() {
            steps += 1;
            if steps > 20_000 {
                return None;
            }
            let (cell, d) = (k / 4, (k % 4) as u8);
            let (i, j) = (cell / gy, cell % gy);
            let g = dist[k];
            if j == jy && ends.contains(&i) {
                found = Some(k);
                break;
            }
            let moves: [(isize, isize, u8); 4] = [(1, 0, 0), (-1, 0, 1), (0, 1, 2), (0, -1, 3)];
            for (di, dj, nd) in moves {
                let (ni, nj) = (i as isize + di, j as isize + dj);
                if ni < 0 || nj < 0 || ni as usize >= gx || nj as usize >= gy {
                    continue;
                }
                let (ni, nj) = (ni as usize, nj as usize);
                let step_cost = {
                    let p = (xs[i], ys[j]);
                    let q = (xs[ni], ys[nj]);
                    (p.0 - q.0).abs() + (p.1 - q.1).abs()
                };
                let ng = g + step_cost + if nd != d { BEND } else { 0.0 };
                let nk = key(ni, nj, nd);
                if ng < dist[nk] - 1e-9 && self.crossings((xs[i], ys[j]), (xs[ni], ys[nj])) == 0 {
                    dist[nk] = ng;
                    from[nk] = k;
                    heap.push((cost_key(ng + h(ni, nj)), nk));
                }
            }
        }
        let mut k = found?;
        let mut cells = vec![k / 4];
        while from[k] != usize::MAX {
            k = from[k];
            cells.push(k / 4);
        }
        cells.reverse();
        Some(cells)
    }
}

/// The lines a search may follow: breadths of the vertical ones, depths of
/// the horizontal ones.
struct SearchGrid<'a> {
    xs: &'a [f64],
    ys: &'a [f64],
}

/// Drops repeated points and points in the middle of a straight run.
fn simplify(pts: Vec<(f64, f64)>) -> Vec<(f64, f64)> {
    let mut out: Vec<(f64, f64)> = Vec::with_capacity(pts.len());
    for p in pts {
        if out
            .last()
            .is_some_and(|q| (q.0 - p.0).abs() < 1e-6 && (q.1 - p.1).abs() < 1e-6)
        {
            continue;
        }
        if out.len() >= 2 {
            let (a, b) = (out[out.len() - 2], out[out.len() - 1]);
            let straight = ((a.0 - b.0).abs() < 1e-6 && (b.0 - p.0).abs() < 1e-6)
                || ((a.1 - b.1).abs() < 1e-6 && (b.1 - p.1).abs() < 1e-6);
            if straight {
                out.pop();
            }
        }
        out.push(p);
    }
    out
}

/// The ways a line can leave box `a` and reach box `b` by their sides:
/// (side of a, a point just beside it, side of b, a point just beside it),
/// right of a first, then left; left of b first, then right.
fn side_exits(a: &Rect, b: &Rect) -> [(f64, f64, f64, f64); 4] {
    let exit = |r: &Rect, right: bool| {
        if right {
            (r.b1, r.b1 + BESIDE)
        } else {
            (r.b0, r.b0 - BESIDE)
        }
    };
    let mut out = [(0.0, 0.0, 0.0, 0.0); 4];
    let mut k = 0;
    for right_a in [true, false] {
        for right_b in [false, true] {
            let ((xa, x1), (xb, x2)) = (exit(a, right_a), exit(b, right_b));
            out[k] = (xa, x1, xb, x2);
            k += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(b0: f64, d0: f64, w: f64, h: f64) -> Rect {
        Rect {
            b0,
            b1: b0 + w,
            d0,
            d1: d0 + h,
        }
    }

    #[test]
    fn goes_around_boxes_in_the_way() {
        // a above-left, b below-right, and a box right under a's exit.
        let rects = [
            r(0.0, 0.0, 100.0, 40.0),
            r(300.0, 200.0, 100.0, 40.0),
            r(-100.0, 100.0, 700.0, 40.0),
        ];
        // Rows at 0 and 100 and 200; lanes in the gaps.
        let bounds = [70.0, 170.0, 270.0];
        let lanes = [80.0, 180.0];
        let router = Router::new(&rects, &bounds, &lanes);
        let p = router.route(0, 1);
        assert_eq!(router.path_crossings(&p), 0, "{p:?}");
        assert!(
            p.iter().any(|q| q.0 < -100.0 || q.0 > 600.0),
            "around the end: {p:?}"
        );
        // Without the wide box the route is short.
        let router = Router::new(&rects[..2], &bounds, &lanes);
        let p = router.route(0, 1);
        assert_eq!(router.path_crossings(&p), 0, "{p:?}");
        assert!(p.iter().all(|q| q.0 >= 90.0 && q.0 <= 410.0), "{p:?}");
        assert_eq!(p.first(), Some(&(100.0, 20.0)));
        assert_eq!(p.last(), Some(&(300.0, 220.0)));
    }

    #[test]
    fn side_by_side_is_a_straight_line() {
        let rects = [r(0.0, 0.0, 100.0, 40.0), r(200.0, 0.0, 100.0, 40.0)];
        let router = Router::new(&rects, &[70.0], &[80.0]);
        assert_eq!(router.route(0, 1), vec![(100.0, 20.0), (200.0, 20.0)]);
        // With a box between them it goes round.
        let rects = [
            r(0.0, 0.0, 100.0, 40.0),
            r(200.0, 0.0, 100.0, 40.0),
            r(120.0, 0.0, 60.0, 40.0),
        ];
        let router = Router::new(&rects, &[70.0], &[80.0]);
        let p = router.route(0, 1);
        assert_eq!(router.path_crossings(&p), 0, "{p:?}");
        assert!(p.len() > 2);
    }

    #[test]
    fn simplify_merges_straight_runs() {
        assert_eq!(
            simplify(vec![
                (0.0, 0.0),
                (5.0, 0.0),
                (10.0, 0.0),
                (10.0, 0.0),
                (10.0, 5.0)
            ]),
            vec![(0.0, 0.0), (10.0, 0.0), (10.0, 5.0)]
        );
    }
}
