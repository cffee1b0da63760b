//! The organisation chart: which boxes a view shows ([`views`]), where they
//! go ([`tree`] for every tree view, [`layered`] through layout-rs for the
//! small views that are not trees), how dotted lines find their way between
//! the boxes ([`route`]), and how it is drawn: one SVG writer ([`svg`]), a
//! DOT export for Graphviz ([`dot`]), a nested list for screen readers
//! ([`outline`]) and printable pages ([`print`]).
//!
//! A [`Chart`] is plain data: boxes with their text already measured, the
//! reporting tree as edges, dotted lines, and the units boxes sit in. A
//! layout fills in where everything goes, in screen coordinates, so the
//! writers know nothing about how it was laid out.

pub mod dot;
pub mod layered;
pub mod outline;
pub mod print;
pub mod route;
pub mod svg;
pub mod tree;
mod views;

pub use svg::{to_standalone_svg, to_svg};
pub use views::{
    dotted_in, full_chart, neighbourhood_chart, neighbourhood_chart_with, partners, position_color,
    position_node, tree_chart, tree_view, Labels, MAX_CHAIN, MAX_PARTNERS, PAGE_WIDTH,
};

use crate::content::Direction;
use crate::text::{shorten, text_width_em, wrap};

/// Font size of a box's title, in px.
pub const TITLE_SIZE: f64 = 15.0;
/// Font size of the other lines of a box.
pub const LINE_SIZE: f64 = 12.5;
/// Font size of a unit's label on its frame.
pub const LABEL_SIZE: f64 = 12.0;
/// Line heights.
pub const TITLE_LH: f64 = 19.0;
pub const LINE_LH: f64 = 17.0;
/// Space inside a box: left and right, above the first line, below the last.
pub const PAD_X: f64 = 12.0;
pub const PAD_TOP: f64 = 9.0;
pub const PAD_BOTTOM: f64 = 8.0;
/// Narrowest box, and the widest text before it wraps or is shortened (em).
pub const MIN_W: f64 = 104.0;
pub const TITLE_MAX_EM: f64 = 12.0;
pub const LINE_MAX_EM: f64 = 16.0;
/// Margin around a drawn chart.
pub const MARGIN: f64 = 16.0;
/// A box's photo (`chart.photos: true`): its side, and the space between
/// it and the text.
pub const AVATAR: f64 = 40.0;
pub const AVATAR_GAP: f64 = 10.0;

/// The picture at the left of a box (`chart.photos: true`).
#[derive(Debug, Clone, PartialEq)]
pub enum Avatar {
    /// A thumbnail, relative to the site root, percent-encoded.
    Photo(String),
    /// No photo: initials on a colour.
    Initials { text: String, color: String },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeStyle {
    Normal,
    /// The position a page is about.
    Focus,
    /// Outside the view's scope: an external entry or a manager outside a unit.
    Context,
    /// A reference to another printed page ("continued on p. 3").
    Stub,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    Holders,
    Pending,
    Vacant,
    Note,
    /// Dotted-line partners, named in the box since a long line across a
    /// large chart is not drawn.
    Dotted,
}

/// What a box does not show below it, and where to see it.
#[derive(Debug, Clone, PartialEq)]
pub struct More {
    pub count: usize,
    pub label: String,
    /// Relative to the site root, percent-encoded.
    pub href: String,
}

#[derive(Debug, Clone)]
pub struct ChartNode {
    /// The position's id: the element id (`p-ID`) and what search finds.
    pub key: Option<String>,
    /// Link target relative to the site root, already percent-encoded
    /// ([`url_segment`]), if the box links anywhere.
    pub href: Option<String>,
    pub title: String,
    pub lines: Vec<(String, LineKind)>,
    pub color: String,
    pub style: NodeStyle,
    pub tooltip: String,
    /// All seats vacant: drawn with a dashed border.
    pub empty: bool,
    /// A `type: staff` position, drawn beside its manager.
    pub staff: bool,
    /// Every holder's name and the external title, for search.
    pub search: Vec<String>,
    /// The units the box sits in, outermost first (indices into `Chart::clusters`).
    pub units: Vec<usize>,
    pub more: Option<More>,
    /// Its first holder's picture, when the chart shows photos.
    pub avatar: Option<Avatar>,
    /// The title as drawn: wrapped to at most two lines.
    pub title_lines: Vec<String>,
    pub w: f64,
    pub h: f64,
}

impl ChartNode {
    /// A box with only a title; fill in the rest and [`Chart::add`] measures it.
    pub fn new(title: &str) -> ChartNode {
        ChartNode {
            key: None,
            href: None,
            title: title.to_string(),
            lines: Vec::new(),
            color: "#5b6475".into(),
            style: NodeStyle::Normal,
            tooltip: title.to_string(),
            empty: false,
            staff: false,
            search: Vec::new(),
            units: Vec::new(),
            more: None,
            avatar: None,
            title_lines: Vec::new(),
            w: 0.0,
            h: 0.0,
        }
    }

    /// Wraps the title and sets the box's size from its text.
    pub fn measure(&mut self) {
        let title_size = if self.style == NodeStyle::Stub {
            LINE_SIZE
        } else {
            TITLE_SIZE
        };
        self.title_lines = wrap(&self.title, TITLE_MAX_EM, 2);
        if self.title_lines.is_empty() {
            self.title_lines.push(String::new());
        }
        for (line, _) in &mut self.lines {
            *line = shorten(line, LINE_MAX_EM);
        }
        let title_w = self
            .title_lines
            .iter()
            .map(|l| text_width_em(l) * title_size)
            .fold(0.0, f64::max);
        let more_w = self
            .more
            .as_ref()
            .map_or(0.0, |m| text_width_em(&m.label) * LINE_SIZE);
        let line_w = self
            .lines
            .iter()
            .map(|(s, _)| text_width_em(s) * LINE_SIZE)
            .fold(more_w, f64::max);
        let min_w = if self.style == NodeStyle::Stub {
            60.0
        } else {
            MIN_W
        };
        let avatar_w = self.avatar_room();
        self.w = (title_w.max(line_w) + 2.0 * PAD_X + avatar_w)
            .max(min_w + avatar_w)
            .ceil();
        let extra = usize::from(self.more.is_some());
        let text_h =
            self.title_lines.len() as f64 * TITLE_LH + (self.lines.len() + extra) as f64 * LINE_LH;
        let avatar_h = if self.avatar.is_some() { AVATAR } else { 0.0 };
        self.h = (PAD_TOP + text_h.max(avatar_h) + PAD_BOTTOM).ceil();
    }

    /// The width a box's avatar and its gap take at the left (0 without one).
    pub fn avatar_room(&self) -> f64 {
        if self.avatar.is_some() {
            AVATAR + AVATAR_GAP
        } else {
            0.0
        }
    }
}

/// A unit, drawn as a labelled frame around its boxes.
#[derive(Debug, Clone, PartialEq)]
pub struct Cluster {
    pub label: String,
    pub color: String,
    /// Relative to the site root, percent-encoded.
    pub href: Option<String>,
}

/// Where a layout put a unit's frame.
#[derive(Debug, Clone, PartialEq)]
pub struct Frame {
    pub cluster: usize,
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
    /// How many frames this one sits inside.
    pub depth: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WireKind {
    /// Manager to report.
    Report,
    /// Manager to a staff position beside it.
    Staff,
    /// Dotted-line (secondary) reporting, drawn dashed.
    Dotted,
}

/// A connector: a polyline of right angles, in screen coordinates.
#[derive(Debug, Clone, PartialEq)]
pub struct Wire {
    pub kind: WireKind,
    pub points: Vec<(f64, f64)>,
}

/// A view: boxes, reporting lines (manager -> report, in sibling order),
/// dotted lines and units; after layout, where everything goes.
#[derive(Debug, Clone)]
pub struct Chart {
    pub nodes: Vec<ChartNode>,
    pub edges: Vec<(usize, usize)>,
    pub dotted: Vec<(usize, usize)>,
    pub clusters: Vec<Cluster>,
    pub direction: Direction,
    /// The width of the page the chart is shown on, if it should fit one:
    /// folds then prefer shapes no wider (the full chart has none).
    pub fit_width: Option<f64>,
    /// Box centres after layout.
    pub pos: Vec<(f64, f64)>,
    pub wires: Vec<Wire>,
    pub frames: Vec<Frame>,
    pub width: f64,
    pub height: f64,
    /// Highlighted boxes (node index, mark), drawn with a coloured outline
    /// and a badge: the changes page marks added and moved positions.
    pub marks: Vec<(usize, NodeMark)>,
}

/// A highlight on a box: `class` goes on the box's link for styling and
/// tests, `color` outlines it, `badge` is a short word at its corner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeMark {
    pub class: &'static str,
    pub color: &'static str,
    pub badge: String,
}

impl Default for Chart {
    fn default() -> Self {
        Chart {
            nodes: Vec::new(),
            edges: Vec::new(),
            dotted: Vec::new(),
            clusters: Vec::new(),
            direction: Direction::TB,
            fit_width: None,
            pos: Vec::new(),
            wires: Vec::new(),
            frames: Vec::new(),
            width: 2.0 * MARGIN,
            height: 2.0 * MARGIN,
            marks: Vec::new(),
        }
    }
}

impl Chart {
    /// Each box's breadth (across the tree) and depth (down it): width and
    /// height top to bottom, the other way round left to right.
    pub(crate) fn breadth_and_depth(&self) -> (Vec<f64>, Vec<f64>) {
        let lr = self.direction == Direction::LR;
        self.nodes
            .iter()
            .map(|x| if lr { (x.h, x.w) } else { (x.w, x.h) })
            .unzip()
    }

    /// Adds a box, measuring its text; returns its index.
    pub fn add(&mut self, mut node: ChartNode) -> usize {
        node.measure();
        self.nodes.push(node);
        self.nodes.len() - 1
    }

    /// The box's rectangle (left, top, width, height) after layout.
    pub fn rect(&self, i: usize) -> (f64, f64, f64, f64) {
        let n = &self.nodes[i];
        let (cx, cy) = self.pos[i];
        (cx - n.w / 2.0, cy - n.h / 2.0, n.w, n.h)
    }

    /// Whether the reporting edges form a forest (every box has at most one
    /// manager and there is no cycle), which the tree layout needs.
    pub fn is_forest(&self) -> bool {
        let n = self.nodes.len();
        let mut parent = vec![usize::MAX; n];
        for &(p, c) in &self.edges {
            if p >= n || c >= n || p == c || parent[c] != usize::MAX {
                return false;
            }
            parent[c] = p;
        }
        // No cycles: every chain of parents ends.
        let mut state = vec![0u8; n]; // 0 unknown, 1 on the current walk, 2 ends at a root
        for start in 0..n {
            let mut cur = start;
            let mut walk = Vec::new();
            while cur != usize::MAX && state[cur] == 0 {
                state[cur] = 1;
                walk.push(cur);
                cur = parent[cur];
            }
            if cur != usize::MAX && state[cur] == 1 {
                return false;
            }
            for w in walk {
                state[w] = 2;
            }
        }
        true
    }

    /// Lays the chart out: the tree layout when the reporting lines form a
    /// forest, layout-rs otherwise.
    pub fn layout(&mut self) {
        if self.is_forest() {
            tree::layout(self);
        } else {
            layered::layout(self);
        }
    }
}

#[cfg(test)]
pub(crate) mod testing {
    //! Helpers for the layout tests.
    use super::*;

    pub fn node(w: f64, h: f64) -> ChartNode {
        let mut n = ChartNode::new("x");
        n.w = w;
        n.h = h;
        n
    }

    /// Boxes never overlap one another.
    pub fn assert_no_overlap(c: &Chart) {
        let mut idx: Vec<usize> = (0..c.nodes.len()).collect();
        idx.sort_by(|&a, &b| c.rect(a).0.total_cmp(&c.rect(b).0));
        for (k, &a) in idx.iter().enumerate() {
            let ra = c.rect(a);
            for &b in &idx[k + 1..] {
                let rb = c.rect(b);
                if rb.0 >= ra.0 + ra.2 {
                    break;
                }
                let apart_y = rb.1 >= ra.1 + ra.3 || ra.1 >= rb.1 + rb.3;
                assert!(apart_y, "boxes {a} {ra:?} and {b} {rb:?} overlap");
            }
        }
    }

    /// No segment of a wire runs through the inside of a box it does not
    /// start or end at.
    pub fn wire_crossings(c: &Chart, kind: WireKind) -> usize {
        let mut n = 0;
        for w in c.wires.iter().filter(|w| w.kind == kind) {
            for s in w.points.windows(2) {
                for i in 0..c.nodes.len() {
                    let (x, y, bw, bh) = c.rect(i);
                    let (x0, x1) = (s[0].0.min(s[1].0), s[0].0.max(s[1].0));
                    let (y0, y1) = (s[0].1.min(s[1].1), s[0].1.max(s[1].1));
                    let e = 0.5;
                    if x0 < x + bw - e && x1 > x + e && y0 < y + bh - e && y1 > y + e {
                        n += 1;
                    }
                }
            }
        }
        n
    }
}

/// Breadth and depth (the layouts' own axes) to screen coordinates: `lr`
/// turns the chart left to right, `sb` and `sd` shift everything drawn
/// to the margin. Used by the tree and the layered layout alike.
#[derive(Clone, Copy)]
pub(crate) struct Map {
    pub(crate) lr: bool,
    pub(crate) sb: f64,
    pub(crate) sd: f64,
}

impl Map {
    pub(crate) fn at(&self, b: f64, d: f64) -> (f64, f64) {
        if self.lr {
            (d + self.sd, b + self.sb)
        } else {
            (b + self.sb, d + self.sd)
        }
    }
}
