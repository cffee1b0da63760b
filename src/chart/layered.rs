//! Layered layout by layout-rs, for the small views that are not trees (a
//! position with its dotted-line partners). layout-rs sits behind one small
//! module, `adapter`: it is given our box sizes and the lines that rank
//! them, and returns only positions; we draw the connectors ourselves:
//! right angles through the gaps between ranks, and dotted lines routed
//! around boxes (see `route`).
//!
//! layout-rs is slow beyond a few hundred boxes (a minute for 1,000), so
//! it is only ever given neighbourhoods; trees go to `tree`.

mod adapter;

use super::Map;
use super::{route, tree, Chart, Wire, WireKind, MARGIN};
use crate::content::Direction;

/// Room layout-rs leaves between boxes is its own; these are added to our
/// sizes so that its boxes are ours plus a gap.
const H_GAP: f64 = 24.0;
const V_GAP: f64 = 48.0;

/// The most items (boxes and team blocks) given to layout-rs: its time
/// grows much faster than the graph (a minute for 1,000 boxes). A larger
/// chart is laid out by the tree layout, which places every box and routes
/// the dotted lines it can.
pub const MAX_ITEMS: usize = 150;

/// A team of individual contributors, stacked by our own code and placed by
/// layout-rs as one block.
struct Team {
    manager: usize,
    members: Vec<usize>,
    stack: tree::Stack,
    w: f64,
    h: f64,
}

/// Wide teams of individual contributors (no reports, no dotted lines),
/// each a block stacked as the tree layout stacks them.
struct Teams {
    list: Vec<Team>,
    /// The team each box is in.
    of: Vec<Option<usize>>,
    /// Each member's top and breadth offset inside its block.
    ytop: Vec<f64>,
    rel: Vec<f64>,
}

impl Teams {
    fn new(chart: &Chart, stretch: bool, bw: &mut [f64], dh: &[f64]) -> Teams {
        let n = chart.nodes.len();
        let mut kids: Vec<Vec<usize>> = vec![Vec::new(); n];
        let mut managers = vec![0usize; n];
        for &(a, b) in &chart.edges {
            if a < n && b < n && a != b {
                kids[a].push(b);
                managers[b] += 1;
            }
        }
        let mut dotted = vec![false; n];
        for &(a, b) in &chart.dotted {
            if a < n && b < n {
                dotted[a] = true;
                dotted[b] = true;
            }
        }
        let mut t = Teams {
            list: Vec::new(),
            of: vec![None; n],
            ytop: vec![0.0f64; n],
            rel: vec![0.0f64; n],
        };
        for v in 0..n {
            let ks = &kids[v];
            if ks.len() >= tree::STACK_MIN
                && ks.iter().all(|&c| {
                    kids[c].is_empty() && !dotted[c] && t.of[c].is_none() && managers[c] == 1
                })
            {
                let (stack, w, _, bottom) =
                    tree::place_stack(ks, stretch, bw, dh, &mut t.ytop, &mut t.rel, 0.0);
                for &c in ks {
                    t.of[c] = Some(t.list.len());
                }
                t.list.push(Team {
                    manager: v,
                    members: ks.clone(),
                    stack,
                    w,
                    h: bottom,
                });
            }
        }
        t
    }
}

/// What layout-rs places: boxes outside teams, then one block per team.
struct Items {
    boxes: Vec<usize>,
    /// Each item's size.
    size: Vec<(f64, f64)>,
    /// The item of each box outside teams.
    of: Vec<usize>,
}

impl Items {
    fn new(teams: &Teams, bw: &[f64], dh: &[f64]) -> Items {
        let n = teams.of.len();
        let boxes: Vec<usize> = (0..n).filter(|&i| teams.of[i].is_none()).collect();
        let size = boxes
            .iter()
            .map(|&i| (bw[i], dh[i]))
            .chain(teams.list.iter().map(|t| (t.w, t.h)))
            .collect();
        let mut of = vec![usize::MAX; n];
        for (k, &i) in boxes.iter().enumerate() {
            of[i] = k;
        }
        Items { boxes, size, of }
    }

    /// The edges that rank the items: reporting lines rank the boxes; a
    /// dotted line only places a box nothing else joins (a partner), so
    /// that it never stretches a reporting line over two ranks.
    fn edges(&self, chart: &Chart, teams: &Teams) -> Vec<(usize, usize)> {
        let n = chart.nodes.len();
        let mut group: Vec<usize> = (0..self.size.len()).collect();
        let mut edges = Vec::new();
        let mut join = |a: usize, b: usize, always: bool| {
            let (ga, gb) = (find(&mut group, a), find(&mut group, b));
            if always || ga != gb {
                edges.push((a, b));
                group[ga] = gb;
            }
        };
        for &(a, b) in &chart.edges {
            if a < n && b < n && a != b && teams.of[b].is_none() {
                join(self.of[a], self.of[b], true);
            }
        }
        for (t, team) in teams.list.iter().enumerate() {
            join(self.of[team.manager], self.boxes.len() + t, true);
        }
        for &(a, b) in &chart.dotted {
            if a < n && b < n && a != b {
                join(self.of[a], self.of[b], false);
            }
        }
        edges
    }
}

/// The root of `x` in a union-find forest, halving the path.
fn find(g: &mut [usize], mut x: usize) -> usize {
    while g[x] != x {
        g[x] = g[g[x]];
        x = g[x];
    }
    x
}

/// Ranks: items whose centres share a depth, and the line between two
/// ranks where connectors turn.
struct Ranks {
    ys: Vec<f64>,
    gaps: Vec<f64>,
}

impl Ranks {
    fn new(centres: &[(f64, f64)], size: &[(f64, f64)]) -> Ranks {
        let mut ys: Vec<f64> = centres.iter().map(|c| c.1).collect();
        ys.sort_by(f64::total_cmp);
        ys.dedup_by(|a, b| (*a - *b).abs() < 1.0);
        let mut r = Ranks {
            ys,
            gaps: Vec::new(),
        };
        let mut top = vec![f64::INFINITY; r.ys.len()];
        let mut bottom = vec![f64::NEG_INFINITY; r.ys.len()];
        for (k, &(_, h)) in size.iter().enumerate() {
            let i = r.of(centres[k].1);
            top[i] = top[i].min(centres[k].1 - h / 2.0);
            bottom[i] = bottom[i].max(centres[k].1 + h / 2.0);
        }
        r.gaps = (0..r.ys.len().saturating_sub(1))
            .map(|i| (bottom[i] + top[i + 1]) / 2.0)
            .collect();
        r
    }

    fn of(&self, y: f64) -> usize {
        self.ys.partition_point(|&r| r < y - 1.0)
    }
}

/// Lays out any chart (edges may form any graph): teams stacked, then
/// layout-rs places the boxes and team blocks, then we fit and draw.
pub fn layout(chart: &mut Chart) {
    chart.wires.clear();
    chart.frames.clear();
    let lr = chart.direction == Direction::LR;
    // Breadth and depth of each box; layout-rs always runs top to bottom.
    let (mut bw, dh) = chart.breadth_and_depth();
    let teams = Teams::new(chart, !lr, &mut bw, &dh);
    let items = Items::new(&teams, &bw, &dh);
    if items.size.len() > MAX_ITEMS {
        too_large(chart);
        return;
    }
    let edges = items.edges(chart, &teams);
    let centres = adapter::place(&items.size, (H_GAP, V_GAP), &edges);
    let ranks = Ranks::new(&centres, &items.size);

    // Every box's centre: placed items, and team members inside their block.
    let mut centre = vec![(0.0f64, 0.0f64); chart.nodes.len()];
    for (k, &i) in items.boxes.iter().enumerate() {
        centre[i] = centres[k];
    }
    let block_origin: Vec<(f64, f64)> = teams
        .list
        .iter()
        .enumerate()
        .map(|(t, team)| {
            let c = centres[items.boxes.len() + t];
            (c.0 - team.w / 2.0, c.1 - team.h / 2.0)
        })
        .collect();
    for (t, team) in teams.list.iter().enumerate() {
        let (left, top) = block_origin[t];
        for &c in &team.members {
            centre[c] = (left + teams.rel[c], top + teams.ytop[c] + dh[c] / 2.0);
        }
    }
    let map = fit(chart, &centre, &bw, &dh);
    let mut d = Drawing {
        map,
        centre,
        bw,
        dh,
        ranks,
        wires: Vec::new(),
    };
    d.draw(chart, &teams, &block_origin);
    chart.wires = d.wires;
}

/// Moves the boxes to the margin and writes their places and sizes and the
/// chart's size.
fn fit(chart: &mut Chart, centre: &[(f64, f64)], bw: &[f64], dh: &[f64]) -> Map {
    let n = chart.nodes.len();
    let lr = chart.direction == Direction::LR;
    let min_b = (0..n)
        .map(|i| centre[i].0 - bw[i] / 2.0)
        .fold(f64::INFINITY, f64::min);
    let min_d = (0..n)
        .map(|i| centre[i].1 - dh[i] / 2.0)
        .fold(f64::INFINITY, f64::min);
    let (sb, sd) = if n == 0 {
        (0.0, 0.0)
    } else {
        (MARGIN - min_b, MARGIN - min_d)
    };
    let map = Map { lr, sb, sd };
    chart.pos = centre.iter().map(|&(b, d)| map.at(b, d)).collect();
    for (i, node) in chart.nodes.iter_mut().enumerate() {
        // Stacked boxes may have been widened to their column.
        if lr {
            node.h = bw[i];
        } else {
            node.w = bw[i];
        }
    }
    let (mut max_x, mut max_y) = (0.0f64, 0.0f64);
    for (i, &(x, y)) in chart.pos.iter().enumerate() {
        max_x = max_x.max(x + chart.nodes[i].w / 2.0);
        max_y = max_y.max(y + chart.nodes[i].h / 2.0);
    }
    chart.width = (max_x + MARGIN).ceil().max(2.0 * MARGIN);
    chart.height = (max_y + MARGIN).ceil().max(2.0 * MARGIN);
    map
}

/// Connectors in breadth and depth, mapped to the screen.
struct Drawing {
    map: Map,
    centre: Vec<(f64, f64)>,
    bw: Vec<f64>,
    dh: Vec<f64>,
    ranks: Ranks,
    wires: Vec<Wire>,
}

impl Drawing {
    fn wire(&mut self, kind: WireKind, pts: &[(f64, f64)]) {
        let map = self.map;
        self.wires.push(Wire {
            kind,
            points: pts.iter().map(|&(b, d)| map.at(b, d)).collect(),
        });
    }

    /// Reporting lines, teams, then dotted lines routed around the boxes.
    fn draw(&mut self, chart: &Chart, teams: &Teams, block_origin: &[(f64, f64)]) {
        let n = chart.nodes.len();
        let rects: Vec<route::Rect> = (0..n)
            .map(|i| route::Rect {
                b0: self.centre[i].0 - self.bw[i] / 2.0,
                b1: self.centre[i].0 + self.bw[i] / 2.0,
                d0: self.centre[i].1 - self.dh[i] / 2.0,
                d1: self.centre[i].1 + self.dh[i] / 2.0,
            })
            .collect();
        let gaps = self.ranks.gaps.clone();
        let lanes: Vec<f64> = gaps.iter().map(|g| g + 8.0).collect();
        let router = route::Router::new(&rects, &gaps, &lanes);
        for &(a, b) in &chart.edges {
            if a >= n || b >= n || a == b || teams.of[b].is_some() {
                continue;
            }
            self.report(a, b, &router);
        }
        for (t, team) in teams.list.iter().enumerate() {
            self.team(team, block_origin[t].0);
        }
        for &(a, b) in &chart.dotted {
            if a < n && b < n && a != b {
                let pts = router.route(a, b);
                self.wire(WireKind::Dotted, &pts);
            }
        }
    }

    /// From the bottom of the manager to the gap below its rank, across,
    /// and down into the report. A report more than a rank away (which
    /// layout-rs should not make) is routed like a dotted line.
    fn report(&mut self, a: usize, b: usize, router: &route::Router) {
        let (ca, cb) = (self.centre[a], self.centre[b]);
        let (ra, rb) = (self.ranks.of(ca.1), self.ranks.of(cb.1));
        let ya = ca.1 + self.dh[a] / 2.0;
        let yb = cb.1 - self.dh[b] / 2.0;
        if rb == ra + 1 {
            let g = self.ranks.gaps[ra];
            if (ca.0 - cb.0).abs() < 0.5 {
                self.wire(WireKind::Report, &[(ca.0, ya), (cb.0, yb)]);
            } else {
                self.wire(
                    WireKind::Report,
                    &[(ca.0, ya), (ca.0, g), (cb.0, g), (cb.0, yb)],
                );
            }
        } else {
            let pts = router.route(a, b);
            self.wire(WireKind::Report, &pts);
        }
    }

    /// A team: down to the gap, across to the spines, down each spine to
    /// the boxes on either side.
    fn team(&mut self, team: &Team, left: f64) {
        let v = team.manager;
        let cv = self.centre[v];
        let ya = cv.1 + self.dh[v] / 2.0;
        let g = self
            .ranks
            .gaps
            .get(self.ranks.of(cv.1))
            .copied()
            .unwrap_or(ya + V_GAP / 2.0);
        let xs: Vec<f64> = team.stack.spines.iter().map(|(x, _)| left + x).collect();
        let lo = xs.iter().copied().fold(cv.0, f64::min);
        let hi = xs.iter().copied().fold(cv.0, f64::max);
        self.wire(WireKind::Report, &[(cv.0, ya), (cv.0, g)]);
        if hi - lo > 0.5 {
            self.wire(WireKind::Report, &[(lo, g), (hi, g)]);
        }
        for ((_, side), &sx) in team.stack.spines.iter().zip(&xs) {
            let last = side
                .iter()
                .map(|&(c, _)| self.centre[c].1)
                .fold(g, f64::max);
            self.wire(WireKind::Report, &[(sx, g), (sx, last)]);
            for &(c, right) in side {
                let cc = self.centre[c];
                let edge = if right {
                    cc.0 - self.bw[c] / 2.0
                } else {
                    cc.0 + self.bw[c] / 2.0
                };
                self.wire(WireKind::Report, &[(sx, cc.1), (edge, cc.1)]);
            }
        }
    }
}

/// A chart too large for layout-rs, by the tree layout: the reporting
/// lines that keep it a forest (each box's first manager, no cycle) rank
/// the boxes; any others are routed as the dotted lines are.
fn too_large(chart: &mut Chart) {
    if chart.is_forest() {
        tree::layout(chart);
        return;
    }
    let n = chart.nodes.len();
    let edges = chart.edges.clone();
    let dotted = chart.dotted.clone();
    let mut group: Vec<usize> = (0..n).collect();
    let mut has_parent = vec![false; n];
    let mut kept = Vec::with_capacity(edges.len());
    for &(a, b) in &edges {
        if a >= n || b >= n || a == b {
            continue;
        }
        let (ga, gb) = (find(&mut group, a), find(&mut group, b));
        if !has_parent[b] && ga != gb {
            has_parent[b] = true;
            group[ga] = gb;
            kept.push((a, b));
        } else {
            chart.dotted.push((a, b));
        }
    }
    chart.edges = kept;
    tree::layout(chart);
    chart.edges = edges;
    chart.dotted = dotted;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::testing::*;

    #[test]
    fn empty_and_single_charts_do_not_panic() {
        let mut c = Chart::default();
        layout(&mut c);
        assert!(c.pos.is_empty());
        c.nodes.push(node(50.0, 40.0));
        layout(&mut c);
        assert_eq!(c.pos.len(), 1);
    }

    #[test]
    fn places_every_box_and_routes_dotted_lines_around_boxes() {
        let mut c = Chart::default();
        for _ in 0..6 {
            c.nodes.push(node(100.0, 40.0));
        }
        c.edges = vec![(0, 1), (1, 2), (1, 3), (1, 4)];
        c.dotted = vec![(5, 1), (2, 4)];
        layout(&mut c);
        assert_eq!(c.pos.len(), 6);
        assert!(c.pos[1].1 > c.pos[0].1 && c.pos[2].1 > c.pos[1].1);
        assert_no_overlap(&c);
        assert_eq!(wire_crossings(&c, WireKind::Report), 0);
        assert_eq!(wire_crossings(&c, WireKind::Dotted), 0);
        assert_eq!(
            c.wires
                .iter()
                .filter(|w| w.kind == WireKind::Dotted)
                .count(),
            2
        );
    }

    #[test]
    fn a_wide_team_is_stacked_inside_the_layered_view() {
        let mut c = Chart::default();
        for _ in 0..12 {
            c.nodes.push(node(100.0, 40.0));
        }
        // 0 manages 1; 1 manages 2..=10 (individual contributors); 11 is a
        // dotted-line partner of 1.
        c.edges = (2..=10).map(|k| (1, k)).collect();
        c.edges.insert(0, (0, 1));
        c.dotted = vec![(11, 1)];
        layout(&mut c);
        assert_no_overlap(&c);
        assert_eq!(wire_crossings(&c, WireKind::Report), 0);
        assert_eq!(wire_crossings(&c, WireKind::Dotted), 0);
        assert!(c.width < 9.0 * 100.0, "{} wide", c.width);
        // Stacked: below their manager, in columns.
        assert!((2..=10).all(|k| c.pos[k].1 > c.pos[1].1));
        assert!(c.pos[3].1 > c.pos[2].1 && c.pos[3].0 == c.pos[2].0);
    }

    #[test]
    fn a_chart_too_large_for_layout_rs_goes_to_the_tree_layout() {
        // A position with 5,000 dotted-line partners, and one box with two
        // managers (not a forest): layout-rs takes half a minute over the
        // wide rank (and grows near the cube of it); the tree layout
        // places every box at once.
        let mut c = Chart::default();
        for _ in 0..5003 {
            c.nodes.push(node(100.0, 40.0));
        }
        c.edges = vec![(0, 1), (0, 2), (1, 2)];
        c.dotted = (3..5003).map(|k| (k, 1)).collect();
        assert!(!c.is_forest());
        layout(&mut c);
        assert_eq!(c.pos.len(), 5003);
        assert_no_overlap(&c);
        // The chart's own lines are as they were.
        assert_eq!(c.edges.len(), 3);
        assert_eq!(c.dotted.len(), 5000);
        assert!(c.wires.iter().any(|w| w.kind == WireKind::Report));
    }

    #[test]
    fn left_to_right_turns_the_layout() {
        let mut c = Chart {
            direction: Direction::LR,
            ..Chart::default()
        };
        for _ in 0..3 {
            c.nodes.push(node(100.0, 40.0));
        }
        c.edges = vec![(0, 1), (0, 2)];
        c.dotted = vec![(1, 2)];
        layout(&mut c);
        assert!(c.pos[1].0 > c.pos[0].0 && c.pos[2].0 > c.pos[0].0);
        assert_no_overlap(&c);
    }
}
