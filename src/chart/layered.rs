//! Layered layout by layout-rs, for the small views that are not trees (a
//! position with its dotted-line partners). Its graph is built through the
//! API with our own box sizes, crossing minimisation off (it is cubic) and
//! validation off; we take only the positions it returns and draw the
//! connectors ourselves: right angles through the gaps between ranks, and
//! dotted lines routed around boxes (see `route`).
//!
//! layout-rs is slow beyond a few hundred boxes (a minute for 1,000), so
//! it is only ever given neighbourhoods; trees go to `tree`.

use layout::core::base::Orientation;
use layout::core::format::{ClipHandle, RenderBackend};
use layout::core::geometry::Point;
use layout::core::style::StyleAttr;
use layout::std_shapes::shapes::{Arrow, Element, ShapeKind};
use layout::topo::layout::VisualGraph;

use super::{route, tree, Chart, Wire, WireKind, MARGIN};
use crate::content::Direction;

/// Room layout-rs leaves between boxes is its own; these are added to our
/// sizes so that its boxes are ours plus a gap.
const H_GAP: f64 = 24.0;
const V_GAP: f64 = 48.0;
/// layout-rs pads every box by about this much on each axis.
const ITS_PAD: f64 = 60.0;

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

/// Lays out any chart (edges may form any graph).
pub fn layout(chart: &mut Chart) {
    chart.wires.clear();
    chart.frames.clear();
    let n = chart.nodes.len();
    let lr = chart.direction == Direction::LR;
    // Breadth and depth of each box; layout-rs always runs top to bottom.
    let (mut bw, dh) = chart.breadth_and_depth();

    // Wide teams of individual contributors (no reports, no dotted lines)
    // become blocks, stacked as the tree layout stacks them.
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
    let mut team_of: Vec<Option<usize>> = vec![None; n];
    let mut teams: Vec<Team> = Vec::new();
    let mut ytop = vec![0.0f64; n];
    let mut rel = vec![0.0f64; n];
    for v in 0..n {
        let ks = &kids[v];
        if ks.len() >= tree::STACK_MIN
            && ks.iter().all(|&c| {
                kids[c].is_empty() && !dotted[c] && team_of[c].is_none() && managers[c] == 1
            })
        {
            let (stack, w, _, bottom) =
                tree::place_stack(ks, !lr, &mut bw, &dh, &mut ytop, &mut rel, 0.0);
            for &c in ks {
                team_of[c] = Some(teams.len());
            }
            teams.push(Team {
                manager: v,
                members: ks.clone(),
                stack,
                w,
                h: bottom,
            });
        }
    }
    // What layout-rs places: boxes outside teams, then one block per team.
    let items: Vec<usize> = (0..n).filter(|&i| team_of[i].is_none()).collect();
    let item_size: Vec<(f64, f64)> = items
        .iter()
        .map(|&i| (bw[i], dh[i]))
        .chain(teams.iter().map(|t| (t.w, t.h)))
        .collect();
    let m = item_size.len();
    if m > MAX_ITEMS {
        too_large(chart);
        return;
    }
    let mut item_of = vec![usize::MAX; n];
    for (k, &i) in items.iter().enumerate() {
        item_of[i] = k;
    }
    let centres: Vec<(f64, f64)> = if m < 2 {
        // layout-rs panics on an empty graph; one box needs no layout.
        item_size.iter().map(|&(w, h)| (w / 2.0, h / 2.0)).collect()
    } else {
        let mut vg = VisualGraph::new(Orientation::TopToBottom);
        vg.dag.set_validate(false);
        let handles: Vec<_> = item_size
            .iter()
            .map(|&(w, h)| {
                vg.add_node(Element::create(
                    ShapeKind::Box(String::new()),
                    StyleAttr::simple(),
                    Orientation::TopToBottom,
                    Point::new(
                        (w + H_GAP - ITS_PAD).max(1.0),
                        (h + V_GAP - ITS_PAD).max(1.0),
                    ),
                ))
            })
            .collect();
        // Reporting lines rank the boxes; a dotted line only places a box
        // nothing else joins (a partner), so that it never stretches a
        // reporting line over two ranks.
        let mut group: Vec<usize> = (0..m).collect();
        fn find(g: &mut [usize], mut x: usize) -> usize {
            while g[x] != x {
                g[x] = g[g[x]];
                x = g[x];
            }
            x
        }
        let mut join = |vg: &mut VisualGraph, a: usize, b: usize, always: bool| {
            let (ga, gb) = (find(&mut group, a), find(&mut group, b));
            if always || ga != gb {
                vg.add_edge(Arrow::simple(""), handles[a], handles[b]);
                group[ga] = gb;
            }
        };
        for &(a, b) in &chart.edges {
            if a < n && b < n && a != b && team_of[b].is_none() {
                join(&mut vg, item_of[a], item_of[b], true);
            }
        }
        for (t, team) in teams.iter().enumerate() {
            join(&mut vg, item_of[team.manager], items.len() + t, true);
        }
        for &(a, b) in &chart.dotted {
            if a < n && b < n && a != b {
                join(&mut vg, item_of[a], item_of[b], false);
            }
        }
        vg.do_it(false, true, false, &mut NoRender);
        handles
            .iter()
            .map(|&h| {
                let p = vg.pos(h).middle();
                (p.x, p.y)
            })
            .collect()
    };

    // Ranks: items whose centres share a depth.
    let mut rank_ys: Vec<f64> = centres.iter().map(|c| c.1).collect();
    rank_ys.sort_by(f64::total_cmp);
    rank_ys.dedup_by(|a, b| (*a - *b).abs() < 1.0);
    let rank_of = |y: f64| rank_ys.partition_point(|&r| r < y - 1.0);
    let mut rank_top = vec![f64::INFINITY; rank_ys.len()];
    let mut rank_bottom = vec![f64::NEG_INFINITY; rank_ys.len()];
    for (k, &(w, h)) in item_size.iter().enumerate() {
        let _ = w;
        let r = rank_of(centres[k].1);
        rank_top[r] = rank_top[r].min(centres[k].1 - h / 2.0);
        rank_bottom[r] = rank_bottom[r].max(centres[k].1 + h / 2.0);
    }
    // The line between two ranks, where connectors turn.
    let gaps: Vec<f64> = (0..rank_ys.len().saturating_sub(1))
        .map(|r| (rank_bottom[r] + rank_top[r + 1]) / 2.0)
        .collect();

    // Every box's centre: placed items, and team members inside their block.
    let mut centre = vec![(0.0f64, 0.0f64); n];
    for (k, &i) in items.iter().enumerate() {
        centre[i] = centres[k];
    }
    let block_origin: Vec<(f64, f64)> = teams
        .iter()
        .enumerate()
        .map(|(t, team)| {
            let c = centres[items.len() + t];
            (c.0 - team.w / 2.0, c.1 - team.h / 2.0)
        })
        .collect();
    for (t, team) in teams.iter().enumerate() {
        let (left, top) = block_origin[t];
        for &c in &team.members {
            centre[c] = (left + rel[c], top + ytop[c] + dh[c] / 2.0);
        }
    }

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
    let map = |b: f64, d: f64| -> (f64, f64) {
        if lr {
            (d + sd, b + sb)
        } else {
            (b + sb, d + sd)
        }
    };
    chart.pos = centre.iter().map(|&(b, d)| map(b, d)).collect();
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

    let mut wires = Vec::new();
    let mut wire = |kind: WireKind, pts: &[(f64, f64)]| {
        wires.push(Wire {
            kind,
            points: pts.iter().map(|&(b, d)| map(b, d)).collect(),
        });
    };
    let rects: Vec<route::Rect> = (0..n)
        .map(|i| route::Rect {
            b0: centre[i].0 - bw[i] / 2.0,
            b1: centre[i].0 + bw[i] / 2.0,
            d0: centre[i].1 - dh[i] / 2.0,
            d1: centre[i].1 + dh[i] / 2.0,
        })
        .collect();
    let lanes: Vec<f64> = gaps.iter().map(|g| g + 8.0).collect();
    let router = route::Router::new(&rects, &gaps, &lanes);
    // Reporting lines: from the bottom of the manager to the gap below its
    // rank, across, and down into the report. A report more than a rank
    // away (which layout-rs should not make) is routed like a dotted line.
    for &(a, b) in &chart.edges {
        if a >= n || b >= n || a == b || team_of[b].is_some() {
            continue;
        }
        let (ca, cb) = (centre[a], centre[b]);
        let (ra, rb) = (rank_of(ca.1), rank_of(cb.1));
        let ya = ca.1 + dh[a] / 2.0;
        let yb = cb.1 - dh[b] / 2.0;
        if rb == ra + 1 {
            let g = gaps[ra];
            if (ca.0 - cb.0).abs() < 0.5 {
                wire(WireKind::Report, &[(ca.0, ya), (cb.0, yb)]);
            } else {
                wire(
                    WireKind::Report,
                    &[(ca.0, ya), (ca.0, g), (cb.0, g), (cb.0, yb)],
                );
            }
        } else {
            let pts = router.route(a, b);
            wire(WireKind::Report, &pts);
        }
    }
    // Teams: down to the gap, across to the spines, down each spine to
    // the boxes on either side.
    for (t, team) in teams.iter().enumerate() {
        let v = team.manager;
        let (left, _) = block_origin[t];
        let cv = centre[v];
        let ya = cv.1 + dh[v] / 2.0;
        let g = gaps.get(rank_of(cv.1)).copied().unwrap_or(ya + V_GAP / 2.0);
        let xs: Vec<f64> = team.stack.spines.iter().map(|(x, _)| left + x).collect();
        let lo = xs.iter().copied().fold(cv.0, f64::min);
        let hi = xs.iter().copied().fold(cv.0, f64::max);
        wire(WireKind::Report, &[(cv.0, ya), (cv.0, g)]);
        if hi - lo > 0.5 {
            wire(WireKind::Report, &[(lo, g), (hi, g)]);
        }
        for ((_, side), &sx) in team.stack.spines.iter().zip(&xs) {
            let last = side.iter().map(|&(c, _)| centre[c].1).fold(g, f64::max);
            wire(WireKind::Report, &[(sx, g), (sx, last)]);
            for &(c, right) in side {
                let edge = if right {
                    centre[c].0 - bw[c] / 2.0
                } else {
                    centre[c].0 + bw[c] / 2.0
                };
                wire(WireKind::Report, &[(sx, centre[c].1), (edge, centre[c].1)]);
            }
        }
    }
    for &(a, b) in &chart.dotted {
        if a < n && b < n && a != b {
            let pts = router.route(a, b);
            wire(WireKind::Dotted, &pts);
        }
    }
    chart.wires = wires;
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
    fn find(g: &mut [usize], mut x: usize) -> usize {
        while g[x] != x {
            g[x] = g[g[x]];
            x = g[x];
        }
        x
    }
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

/// layout-rs insists on drawing; we only want its coordinates.
struct NoRender;

impl RenderBackend for NoRender {
    fn draw_rect(
        &mut self,
        _: Point,
        _: Point,
        _: &StyleAttr,
        _: Option<String>,
        _: Option<ClipHandle>,
    ) {
    }
    fn draw_line(&mut self, _: Point, _: Point, _: &StyleAttr, _: Option<String>) {}
    fn draw_circle(&mut self, _: Point, _: Point, _: &StyleAttr, _: Option<String>) {}
    fn draw_text(&mut self, _: Point, _: &str, _: &StyleAttr) {}
    fn draw_arrow(
        &mut self,
        _: &[(Point, Point)],
        _: bool,
        _: (bool, bool),
        _: &StyleAttr,
        _: Option<String>,
        _: &str,
    ) {
    }
    fn create_clip(&mut self, _: Point, _: Point, _: usize) -> ClipHandle {
        0
    }
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
