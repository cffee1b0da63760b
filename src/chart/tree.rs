//! The tree layout: Reingold-Tilford in the Buchheim-Walker form, linear in
//! the number of boxes, iterative (a chain of 100,000 managers does not
//! overflow the stack), extended for what org charts need:
//!
//! - boxes of any size; rows aligned across the chart, each as tall as its
//!   tallest box;
//! - teams of individual contributors stacked in columns under their
//!   manager, pairs of columns on either side of a spine;
//! - staff positions (`type: staff`) beside their manager, not below;
//! - units as frames: a unit's boxes (a run of adjacent siblings heading
//!   subtrees in the unit) are laid out first, then the whole frame moves
//!   as one rectangle, so frames never overlap boxes or each other;
//! - folds: a team whose subtrees side by side would make a strip far wider
//!   than a screen hangs them from spines below the manager instead, in
//!   columns, so that a large chart keeps a landscape shape (or, for a
//!   chart on a page, the page's width); inside a fold, rows align within
//!   each subtree;
//! - top-to-bottom or left-to-right: the layout works in breadth (`b`,
//!   across siblings) and depth (`d`, down the tree) and maps to screen
//!   coordinates at the end.
//!
//! Every subtree (a "block") keeps its left and right contour: for each band
//! of depth below its top, the extent of everything it draws there. Bands
//! are the rows plus the gap below each, down to the line that carries the
//! connectors to the next row, so a block also owns the space its wires
//! need. Siblings are placed left to right, each as close to the forest
//! before it as the contours allow; as in Buchheim-Walker, a subtree pushed
//! right by a deeper sibling spreads the smaller subtrees between them
//! evenly (the `change`/`shift` pass). Contours are stored bottom band first
//! with an offset, so that moving a block is O(1), putting a parent on top is
//! a push, and merging two contours costs the height of the shallower one,
//! which sums to O(n) over the tree. Frames, stacks and folds are
//! rectangles: each costs the bands it spans once, which the boxes inside
//! pay for (frames nest as deep as units do).
//!
//! The phases carry the paper's names, as d3-hierarchy's `tree.js` does:
//! `FirstWalk` visits the boxes in post-order and lays out each subtree
//! as a block (`first_walk`: staff posts, then the team below as a stack, a
//! fold or a row, grouped into frames); `Forest::apportion` places a block
//! against the contours of its siblings before it, `Forest::move_subtree`
//! records a push, `Forest::execute_shifts` spreads the ones in between;
//! `Place::second_walk` turns the offsets into places. Then `fit` moves
//! the whole to the margin and `Wiring` draws the connectors.

use super::Map;
use super::{route, Chart, Frame, Wire, WireKind, LABEL_SIZE, MARGIN};
use crate::content::Direction;
use crate::text::text_width_em;
use std::ops::Range;

const NONE: usize = usize::MAX;
/// Between neighbouring subtrees.
const H_GAP: f64 = 20.0;
/// A team of at least this many individual contributors is stacked.
pub const STACK_MIN: usize = 3;
/// Between boxes in a stacked column.
const STACK_GAP: f64 = 10.0;
/// Between the two columns of a pair; the spine runs in the middle.
const SPINE_GAP: f64 = 28.0;
/// Between a manager and its staff.
const STAFF_GAP: f64 = 28.0;
const STAFF_VGAP: f64 = 8.0;
/// Below a row: room for the bottoms of frames that end there.
const CLOSE: f64 = 12.0;
/// Between that and the line carrying connectors, and from it to the next row.
const BUS_ABOVE: f64 = 12.0;
const BUS_BELOW: f64 = 18.0;
/// A frame's label band, and its padding elsewhere.
const LABEL_BAND: f64 = 22.0;
const FPAD: f64 = 8.0;
/// How far past a band's connector line something must reach to claim the next band.
const CLEAR: f64 = 4.0;
/// A team folds when side by side it would be wider than a screen and
/// this many times wider than deep; a fold aims at this shape.
const FOLD_MIN_WIDTH: f64 = 1000.0;
const FOLD_ASPECT: f64 = 1.8;
const TARGET_ASPECT: f64 = 1.6;
/// The longest dotted line drawn.
const MAX_DOTTED: f64 = 3000.0;
/// A fold joins a head at its side when at most this lies between.
const SIDE_REACH: f64 = 24.0;
/// Between subtrees hanging one below another in a fold.
const FOLD_VGAP: f64 = 18.0;

/// Left and right extents of a block per band, bottom band first, each
/// value relative to `off`.
#[derive(Debug, Clone, Default)]
struct Contour {
    v: Vec<f64>,
    off: f64,
}

impl Contour {
    fn single(x: f64) -> Self {
        Contour {
            v: vec![x],
            off: 0.0,
        }
    }
    fn len(&self) -> usize {
        self.v.len()
    }
    fn get(&self, band: usize) -> f64 {
        self.v[self.v.len() - 1 - band] + self.off
    }
    fn set(&mut self, band: usize, x: f64) {
        let n = self.v.len();
        self.v[n - 1 - band] = x - self.off;
    }
    /// Puts a new band on top (the old band 0 becomes band 1).
    fn push_top(&mut self, x: f64) {
        self.v.push(x - self.off);
    }
}

/// A laid-out subtree or frame, relative to its origin (its top box's
/// centre, or for a frame its first member's origin).
#[derive(Debug)]
struct Block {
    l: Contour,
    r: Contour,
    /// Where the connectors from above arrive: the first and last heads.
    head_l: f64,
    head_r: f64,
    /// Breadth extent over all bands.
    lo: f64,
    hi: f64,
    /// Depth extent of everything drawn (before any fold moves it down).
    top: f64,
    bottom: f64,
}

impl Block {
    /// A rectangle `lo..hi` over `bands` bands.
    fn rect(lo: f64, hi: f64, bands: usize, top: f64, bottom: f64) -> Block {
        Block {
            l: Contour {
                v: vec![lo; bands.max(1)],
                off: 0.0,
            },
            r: Contour {
                v: vec![hi; bands.max(1)],
                off: 0.0,
            },
            head_l: 0.0,
            head_r: 0.0,
            lo,
            hi,
            top,
            bottom,
        }
    }
}

/// Siblings being placed left to right.
#[derive(Debug, Default)]
struct Forest {
    l: Contour,
    r: Contour,
    /// (element, offset of its origin from the first element's origin)
    elems: Vec<(usize, f64)>,
    change: Vec<f64>,
    shift: Vec<f64>,
    /// Which element owns the right contour at each band: (height, element
    /// index), heights strictly decreasing from the bottom of the stack.
    stair: Vec<(usize, usize)>,
    head_l: f64,
    head_r: f64,
    lo: f64,
    hi: f64,
    top: f64,
    bottom: f64,
}

impl Forest {
    /// apportion: places block `b` (element `id`) as close to the forest
    /// before it as their contours allow, band by band, recording who
    /// pushed it for the spreading.
    fn apportion(&mut self, b: Block, id: usize) {
        let i = self.elems.len();
        self.change.push(0.0);
        self.shift.push(0.0);
        let hb = b.l.len();
        if i == 0 {
            self.l = b.l;
            self.r = b.r;
            self.head_l = b.head_l;
            self.head_r = b.head_r;
            self.lo = b.lo;
            self.hi = b.hi;
            self.top = b.top;
            self.bottom = b.bottom;
            self.stair.push((hb, 0));
            self.elems.push((id, 0.0));
            return;
        }
        let hf = self.l.len();
        let m = hf.min(hb);
        let mut off = 0.0;
        let mut p = self.stair.len() - 1;
        for band in 0..m {
            while self.stair[p].0 <= band {
                p -= 1;
            }
            let need = self.r.get(band) + H_GAP - b.l.get(band);
            if band == 0 {
                off = need;
            } else if need > off {
                // Pushed by element j: spread the ones between (Buchheim-Walker).
                let j = self.stair[p].1;
                self.move_subtree(j, i, need - off);
                off = need;
            }
        }
        if hb > hf {
            let mut l = b.l;
            l.off += off;
            for band in 0..hf {
                let x = self.l.get(band);
                l.set(band, x);
            }
            self.l = l;
        }
        let mut r = b.r;
        r.off += off;
        if hf > hb {
            for band in 0..hb {
                let x = r.get(band);
                self.r.set(band, x);
            }
        } else {
            self.r = r;
        }
        while self.stair.last().is_some_and(|s| s.0 <= hb) {
            self.stair.pop();
        }
        self.stair.push((hb, i));
        self.head_r = off + b.head_r;
        // Spreading moves only boxes hidden between others, so the
        // extremes stay where they are.
        self.lo = self.lo.min(b.lo + off);
        self.hi = self.hi.max(b.hi + off);
        self.top = self.top.min(b.top);
        self.bottom = self.bottom.max(b.bottom);
        self.elems.push((id, off));
    }

    /// moveSubtree: element `i` is pushed `inc` further right by element
    /// `j`; the elements between them move by even parts of it, which
    /// `execute_shifts` applies.
    fn move_subtree(&mut self, j: usize, i: usize, inc: f64) {
        if j + 1 < i {
            let k = (i - j) as f64;
            self.change[i] -= inc / k;
            self.shift[i] += inc;
            self.change[j] += inc / k;
        }
    }

    /// executeShifts: applies the spreading and returns the forest as a block.
    fn execute_shifts(mut self) -> (Block, Vec<(usize, f64)>) {
        let (mut shift, mut change) = (0.0, 0.0);
        for k in (0..self.elems.len()).rev() {
            self.elems[k].1 += shift;
            change += self.change[k];
            shift += self.shift[k] + change;
        }
        (
            Block {
                l: self.l,
                r: self.r,
                head_l: self.head_l,
                head_r: self.head_r,
                lo: self.lo,
                hi: self.hi,
                top: self.top,
                bottom: self.bottom,
            },
            self.elems,
        )
    }
}

/// The rows: where each starts in depth, and the line under it that
/// carries the connectors to the next one.
struct Grid {
    rh: Vec<f64>,
    open: Vec<f64>,
    top: Vec<f64>,
    bus: Vec<f64>,
}

impl Grid {
    fn new(rh: Vec<f64>, open: Vec<f64>) -> Grid {
        let mut g = Grid {
            rh: Vec::new(),
            open: Vec::new(),
            top: Vec::new(),
            bus: Vec::new(),
        };
        for (h, o) in rh.into_iter().zip(open) {
            g.push(h, o);
        }
        g
    }
    fn push(&mut self, h: f64, open: f64) {
        let top = match self.bus.last() {
            Some(b) => b + BUS_BELOW + open,
            None => open,
        };
        self.rh.push(h);
        self.open.push(open);
        self.top.push(top);
        self.bus.push(top + h + CLOSE + BUS_ABOVE);
    }
    /// Where row `d` starts.
    fn row_top(&mut self, d: usize) -> f64 {
        while d >= self.top.len() {
            self.push(0.0, 0.0);
        }
        self.top[d]
    }
    /// The band holding depth `y`, searching from band `from` down.
    fn band_of(&mut self, y: f64, from: usize) -> usize {
        let mut b = from;
        loop {
            while b >= self.bus.len() {
                self.push(0.0, 0.0);
            }
            if y <= self.bus[b] {
                return b;
            }
            b += 1;
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    /// In a row of the tree.
    Row,
    /// Beside its manager.
    Staff,
    /// In a stacked team.
    Stacked,
}

/// A stacked team: its spines (relative to the manager) and the boxes on
/// each, with the side of the spine they are on (`true`: right).
pub(super) struct Stack {
    pub(super) spines: Vec<(f64, Vec<(usize, bool)>)>,
}

/// Where every box and frame goes, as offsets from the element it hangs
/// from (its manager, or the frame or fold it sits in).
struct Place {
    /// Breadth offset.
    rel: Vec<f64>,
    /// Depth offset (non-zero inside folds).
    rely: Vec<f64>,
    parent: Vec<usize>,
    /// Elements, every one after those hanging from it.
    order: Vec<usize>,
}

impl Place {
    fn new(n: usize) -> Place {
        Place {
            rel: vec![0.0; n],
            rely: vec![0.0; n],
            parent: vec![NONE; n],
            order: Vec::with_capacity(n),
        }
    }
    /// A new element (a frame).
    fn push(&mut self) -> usize {
        self.rel.push(0.0);
        self.rely.push(0.0);
        self.parent.push(NONE);
        self.rel.len() - 1
    }
    fn hang(&mut self, e: usize, parent: usize, x: f64, y: f64) {
        self.rel[e] = x;
        self.rely[e] = y;
        self.parent[e] = parent;
    }
    /// secondWalk: absolute offsets, parents before children.
    fn second_walk(&self) -> (Vec<f64>, Vec<f64>) {
        let mut x = vec![0.0f64; self.rel.len()];
        let mut y = vec![0.0f64; self.rel.len()];
        for &e in self.order.iter().rev() {
            let (px, py) = match self.parent[e] {
                NONE => (0.0, 0.0),
                p => (x[p], y[p]),
            };
            x[e] = px + self.rel[e];
            y[e] = py + self.rely[e];
        }
        (x, y)
    }
}

/// A frame: its cluster, breadth extent relative to the frame element,
/// depth extent before folds, and how many frames it sits in.
struct FrameSpec {
    cluster: usize,
    lo: f64,
    hi: f64,
    top: f64,
    bottom: f64,
    nesting: usize,
}

/// Children in sibling order: one array, sliced per box.
struct Kids {
    start: Vec<usize>,
    all: Vec<usize>,
}

impl Kids {
    /// The children of each box and the parent of each (`NONE` for a root).
    fn new(n: usize, edges: &[(usize, usize)]) -> (Kids, Vec<usize>) {
        let mut parent = vec![NONE; n];
        let mut start = vec![0usize; n + 1];
        for &(p, c) in edges {
            parent[c] = p;
            start[p + 1] += 1;
        }
        for i in 0..n {
            start[i + 1] += start[i];
        }
        let mut fill = start.clone();
        let mut all = vec![0usize; edges.len()];
        for &(p, c) in edges {
            all[fill[p]] = c;
            fill[p] += 1;
        }
        (Kids { start, all }, parent)
    }
    fn of(&self, v: usize) -> &[usize] {
        &self.all[self.start[v]..self.start[v + 1]]
    }
    fn is_leaf(&self, v: usize) -> bool {
        self.start[v] == self.start[v + 1]
    }
}

/// The forest as the layout reads it: children, the frames each box opens,
/// each box's role and row, and the order of the first walk.
struct Tree {
    kids: Kids,
    roots: Vec<usize>,
    /// How many units of its path each box shares with its manager.
    pre: Vec<usize>,
    /// Frames each box opens: its unit path past what its manager shares.
    opens: Vec<usize>,
    role: Vec<Role>,
    /// Whose team is stacked.
    stacked: Vec<bool>,
    /// Each box's row (staff share their manager's).
    depth: Vec<usize>,
    /// The boxes in rows, every one after its reports.
    post: Vec<usize>,
}

impl Tree {
    fn new(chart: &Chart) -> Tree {
        let n = chart.nodes.len();
        let (kids, parent) = Kids::new(n, &chart.edges);
        let roots = (0..n).filter(|&i| parent[i] == NONE).collect();
        let pre: Vec<usize> = (0..n)
            .map(|i| {
                let u = &chart.nodes[i].units;
                match parent[i] {
                    NONE => 0,
                    p => {
                        let pu = &chart.nodes[p].units;
                        u.iter().zip(pu).take_while(|(a, b)| a == b).count()
                    }
                }
            })
            .collect();
        let opens = (0..n)
            .map(|i| chart.nodes[i].units.len() - pre[i])
            .collect();
        let mut tree = Tree {
            kids,
            roots,
            pre,
            opens,
            role: vec![Role::Row; n],
            stacked: vec![false; n],
            depth: vec![0usize; n],
            post: Vec::with_capacity(n),
        };
        tree.assign_roles(chart);
        tree.order();
        tree
    }

    /// Staff leaves go beside their manager; a team of at least
    /// `STACK_MIN` leaves in rows is stacked.
    fn assign_roles(&mut self, chart: &Chart) {
        for v in 0..self.stacked.len() {
            for &c in self.kids.of(v) {
                if chart.nodes[c].staff && self.kids.is_leaf(c) && self.opens[c] == 0 {
                    self.role[c] = Role::Staff;
                }
            }
            let mut line = self
                .kids
                .of(v)
                .iter()
                .filter(|&&c| self.role[c] == Role::Row);
            let count = line.clone().count();
            if count >= STACK_MIN && line.all(|&c| self.kids.is_leaf(c) && self.opens[c] == 0) {
                self.stacked[v] = true;
                for &c in self.kids.of(v) {
                    if self.role[c] == Role::Row {
                        self.role[c] = Role::Stacked;
                    }
                }
            }
        }
    }

    /// Depths, and the post-order of row boxes (iterative: a chain of
    /// 100,000 managers does not overflow the stack).
    fn order(&mut self) {
        let mut stack: Vec<(usize, bool)> = self.roots.iter().rev().map(|&r| (r, false)).collect();
        while let Some((v, done)) = stack.pop() {
            if done {
                self.post.push(v);
                continue;
            }
            stack.push((v, true));
            for &c in self.kids.of(v).iter().rev() {
                self.depth[c] = if self.role[c] == Role::Staff {
                    self.depth[v]
                } else {
                    self.depth[v] + 1
                };
                if self.role[c] == Role::Row {
                    stack.push((c, false));
                }
            }
        }
    }

    /// A box's staff: (right column, left column), alternating in sibling order.
    fn staff_of(&self, v: usize) -> (Vec<usize>, Vec<usize>) {
        let s: Vec<usize> = self.with_role(v, |r| r == Role::Staff);
        let right = s.iter().step_by(2).copied().collect();
        let left = s.iter().skip(1).step_by(2).copied().collect();
        (right, left)
    }

    fn with_role(&self, v: usize, keep: impl Fn(Role) -> bool) -> Vec<usize> {
        self.kids
            .of(v)
            .iter()
            .copied()
            .filter(|&c| keep(self.role[c]))
            .collect()
    }
}

impl Grid {
    /// The rows: heights (staff columns included) and the label bands above.
    fn rows(tree: &Tree, dh: &[f64], top_pad: f64) -> Grid {
        let rows = tree
            .post
            .iter()
            .map(|&v| tree.depth[v] + 1)
            .max()
            .unwrap_or(1);
        let mut rh = vec![0.0f64; rows];
        let mut open = vec![0usize; rows];
        for &v in &tree.post {
            let d = tree.depth[v];
            rh[d] = rh[d].max(dh[v]);
            open[d] = open[d].max(tree.opens[v]);
            let (right, left) = tree.staff_of(v);
            for side in [right, left] {
                let h: f64 = side.iter().map(|&s| dh[s] + STAFF_VGAP).sum::<f64>() - STAFF_VGAP;
                rh[d] = rh[d].max(h);
            }
        }
        Grid::new(
            rh,
            open.iter()
                .map(|&k| k as f64 * top_pad + if k > 0 { 4.0 } else { 0.0 })
                .collect(),
        )
    }
}

/// Lays out a chart whose edges form a forest: the first walk lays out
/// every subtree from the bottom up, the second adds the offsets up, then
/// everything is fitted to the margin and the connectors drawn.
pub fn layout(chart: &mut Chart) {
    chart.wires.clear();
    chart.frames.clear();
    if chart.nodes.is_empty() {
        chart.pos.clear();
        chart.width = 2.0 * MARGIN;
        chart.height = 2.0 * MARGIN;
        return;
    }
    let tree = Tree::new(chart);
    let laid = FirstWalk::new(chart, &tree).run();
    let map = fit(chart, &laid);
    let wires = Wiring::new(&tree, &laid, map).draw(&chart.dotted);
    chart.wires = wires;
}

/// What the walks leave for fitting and drawing, in breadth and depth.
struct Laid {
    lr: bool,
    /// Breadth of each box (stacked ones widened to their column).
    bw: Vec<f64>,
    dh: Vec<f64>,
    /// Each row's connector line.
    bus: Vec<f64>,
    stacks: Vec<(usize, Stack)>,
    /// Folded teams: the manager, its spines and how each head joins.
    folds: Vec<(usize, Vec<f64>, Vec<Join>)>,
    is_folded: Vec<bool>,
    frames: Vec<FrameSpec>,
    frame_ids: Vec<usize>,
    /// Absolute breadth of every element, and the depth folds move it by.
    abs: Vec<f64>,
    shift: Vec<f64>,
    /// The top of every box.
    y0: Vec<f64>,
}

/// The first walk (firstWalk): boxes visited in post-order, each subtree
/// laid out as a block relative to its head box and hung from its manager.
struct FirstWalk<'a> {
    chart: &'a Chart,
    tree: &'a Tree,
    lr: bool,
    /// The page width along the breadth (left to right, the page's height
    /// is not the limit).
    max_w: f64,
    /// A frame's padding above and on its label's side.
    top_pad: f64,
    left_pad: f64,
    label_w: Vec<f64>,
    bw: Vec<f64>,
    dh: Vec<f64>,
    grid: Grid,
    ytop: Vec<f64>,
    place: Place,
    blocks: Vec<Option<Block>>,
    stacks: Vec<(usize, Stack)>,
    folds: Vec<(usize, Vec<f64>, Vec<Join>)>,
    is_folded: Vec<bool>,
    frames: Vec<FrameSpec>,
    frame_ids: Vec<usize>,
}

/// A frame being filled while siblings are grouped.
struct OpenFrame {
    cluster: usize,
    forest: Forest,
    nesting: usize,
    members: usize,
    /// The last member's single head box.
    head: Option<usize>,
}

/// Siblings being grouped: the top-level groups so far, and the frames
/// still open, innermost last.
#[derive(Default)]
struct Grouping {
    groups: Vec<Group>,
    open: Vec<OpenFrame>,
}

impl Grouping {
    /// Adds a group to the innermost open frame, or to the top level.
    fn put(&mut self, blk: Block, id: usize, head: Option<usize>) {
        match self.open.last_mut() {
            Some(p) => {
                p.forest.apportion(blk, id);
                p.members += 1;
                p.head = head;
            }
            None => self.groups.push((blk, id, head)),
        }
    }
}

impl<'a> FirstWalk<'a> {
    fn new(chart: &'a Chart, tree: &'a Tree) -> Self {
        let n = chart.nodes.len();
        let lr = chart.direction == Direction::LR;
        let max_w = match chart.fit_width {
            Some(w) if !lr => w,
            _ => f64::INFINITY,
        };
        // Sizes across (breadth) and down (depth) the tree.
        let (bw, dh) = chart.breadth_and_depth();
        let (top_pad, left_pad) = if lr {
            (FPAD, LABEL_BAND + FPAD)
        } else {
            (LABEL_BAND, FPAD)
        };
        let grid = Grid::rows(tree, &dh, top_pad);
        let label_w = chart
            .clusters
            .iter()
            .map(|c| text_width_em(&c.label) * LABEL_SIZE)
            .collect();
        FirstWalk {
            chart,
            tree,
            lr,
            max_w,
            top_pad,
            left_pad,
            label_w,
            bw,
            dh,
            grid,
            ytop: vec![0.0f64; n],
            place: Place::new(n),
            blocks: (0..n).map(|_| None).collect(),
            stacks: Vec::new(),
            folds: Vec::new(),
            is_folded: vec![false; n],
            frames: Vec::new(),
            frame_ids: Vec::new(),
        }
    }

    /// Lays out every subtree after its reports', the roots side by side,
    /// then the second walk turns offsets into places.
    fn run(mut self) -> Laid {
        let tree = self.tree;
        for &v in &tree.post {
            let block = self.first_walk(v);
            self.blocks[v] = Some(block);
            self.place.order.push(v);
        }
        let roots = self.group_siblings(&tree.roots, 0);
        for (e, x, y) in wrap_roots(roots, self.max_w) {
            self.place.hang(e, NONE, x, y);
        }
        // Absolute offsets; a box's depth is its row's plus any fold's shift.
        let (abs, shift) = self.place.second_walk();
        let y0 = (0..self.ytop.len())
            .map(|i| self.ytop[i] + shift[i])
            .collect();
        Laid {
            lr: self.lr,
            bw: self.bw,
            dh: self.dh,
            bus: self.grid.bus,
            stacks: self.stacks,
            folds: self.folds,
            is_folded: self.is_folded,
            frames: self.frames,
            frame_ids: self.frame_ids,
            abs,
            shift,
            y0,
        }
    }

    /// One box's subtree: its staff beside it, its reports below (stacked,
    /// folded or in a row), the box on top.
    fn first_walk(&mut self, v: usize) -> Block {
        let d = self.tree.depth[v];
        self.ytop[v] = self.grid.row_top(d);
        let (extent_l, extent_r, bottom) = self.staff_posts(v);
        let line = self.tree.with_role(v, |r| r != Role::Staff);
        let below = if line.is_empty() {
            None
        } else if self.tree.stacked[v] {
            Some(self.stack(v, &line))
        } else {
            Some(self.reports(v, &line))
        };
        match below {
            Some(mut b) => {
                b.l.push_top(extent_l);
                b.r.push_top(extent_r);
                b.head_l = 0.0;
                b.head_r = 0.0;
                b.lo = b.lo.min(extent_l);
                b.hi = b.hi.max(extent_r);
                b.top = b.top.min(self.ytop[v]);
                b.bottom = b.bottom.max(bottom);
                b
            }
            None => {
                let mut b = Block::rect(extent_l, extent_r, 1, self.ytop[v], bottom);
                b.l = Contour::single(extent_l);
                b.r = Contour::single(extent_r);
                b
            }
        }
    }

    /// Staff posts in columns beside the box, top-aligned with it. Returns
    /// the breadth the box and its staff span and the depth of their bottom.
    fn staff_posts(&mut self, v: usize) -> (f64, f64, f64) {
        let (right, left) = self.tree.staff_of(v);
        let bw = &self.bw;
        let mut extent_l = -bw[v] / 2.0;
        let mut extent_r = bw[v] / 2.0;
        let mut bottom = self.ytop[v] + self.dh[v];
        for (side, sign) in [(&right, 1.0), (&left, -1.0)] {
            if side.is_empty() {
                continue;
            }
            let col_w = side.iter().map(|&s| bw[s]).fold(0.0, f64::max);
            let mut y = self.ytop[v];
            for &s in side.iter() {
                self.ytop[s] = y;
                y += self.dh[s] + STAFF_VGAP;
                let x = sign * (bw[v] / 2.0 + STAFF_GAP + bw[s] / 2.0);
                self.place.hang(s, v, x, 0.0);
                self.place.order.push(s);
                bottom = bottom.max(self.ytop[s] + self.dh[s]);
            }
            if sign > 0.0 {
                extent_r += STAFF_GAP + col_w;
            } else {
                extent_l -= STAFF_GAP + col_w;
            }
        }
        (extent_l, extent_r, bottom)
    }

    /// A stacked team: its reports in columns either side of spines.
    fn stack(&mut self, v: usize, line: &[usize]) -> Block {
        let d = self.tree.depth[v];
        let row = self.grid.row_top(d + 1);
        let (stack, w, x_v, stack_bottom) = place_stack(
            line,
            !self.lr,
            &mut self.bw,
            &self.dh,
            &mut self.ytop,
            &mut self.place.rel,
            row,
        );
        for &c in line {
            let x = self.place.rel[c] - x_v;
            self.place.hang(c, v, x, 0.0);
            self.place.order.push(c);
        }
        let spines = stack
            .spines
            .into_iter()
            .map(|(x, s)| (x - x_v, s))
            .collect();
        self.stacks.push((v, Stack { spines }));
        let last = self.grid.band_of(stack_bottom + CLEAR, d + 1);
        Block::rect(-x_v, w - x_v, last - d, row, stack_bottom)
    }

    /// A team in a row (in its units' frames), or folded when the row
    /// would be far too wide.
    fn reports(&mut self, v: usize, line: &[usize]) -> Block {
        let d = self.tree.depth[v];
        let groups = self.group_siblings(line, d + 1);
        match fold(d, groups, &self.bw, self.max_w, &mut self.grid) {
            Ok(f) => {
                for &(e, x, y) in &f.placed {
                    self.place.hang(e, v, x, y);
                    self.place.order.push(e);
                }
                self.is_folded[v] = true;
                self.folds.push((v, f.spines, f.joins));
                f.block
            }
            Err(groups) => self.row(v, groups),
        }
    }

    /// Groups side by side, each as close to the ones before as the
    /// contours allow; the manager goes over the middle of the first and
    /// last heads.
    fn row(&mut self, v: usize, groups: Vec<Group>) -> Block {
        let mut f = Forest::default();
        for (blk, id, _) in groups {
            f.apportion(blk, id);
        }
        let (mut f, elems) = f.execute_shifts();
        let x_v = (f.head_l + f.head_r) / 2.0;
        for (e, off) in elems {
            self.place.hang(e, v, off - x_v, 0.0);
        }
        f.l.off -= x_v;
        f.r.off -= x_v;
        f.lo -= x_v;
        f.hi -= x_v;
        f
    }

    /// Groups a run of siblings: adjacent ones that open the same units go
    /// into frames (nested as the units are). Returns the top-level groups
    /// in order.
    fn group_siblings(&mut self, sibs: &[usize], band: usize) -> Vec<Group> {
        let (chart, tree) = (self.chart, self.tree);
        let mut g = Grouping::default();
        for &c in sibs {
            let o = &chart.nodes[c].units[tree.pre[c]..];
            let common = g
                .open
                .iter()
                .zip(o)
                .take_while(|(f, u)| f.cluster == **u)
                .count();
            while g.open.len() > common {
                self.close_innermost(&mut g, band);
            }
            for (k, &u) in o.iter().enumerate().skip(common) {
                g.open.push(OpenFrame {
                    cluster: u,
                    forest: Forest::default(),
                    nesting: tree.pre[c] + k,
                    members: 0,
                    head: None,
                });
            }
            let blk = self.blocks[c].take().expect("child laid out");
            g.put(blk, c, Some(c));
        }
        while !g.open.is_empty() {
            self.close_innermost(&mut g, band);
        }
        g.groups
    }

    /// Closes the innermost open frame and puts it in the one around it.
    fn close_innermost(&mut self, g: &mut Grouping, band: usize) {
        let f = g.open.pop().expect("open frame");
        let (blk, id) = self.close_frame(f.forest, f.cluster, f.nesting, band);
        let head = if f.members == 1 { f.head } else { None };
        g.put(blk, id, head);
    }

    /// Closes a frame around a forest of siblings: a rectangle as deep as
    /// its content, with room for the label.
    fn close_frame(
        &mut self,
        f: Forest,
        cluster: usize,
        nesting: usize,
        band0: usize,
    ) -> (Block, usize) {
        let (b, elems) = f.execute_shifts();
        let id = self.place.push();
        for (e, off) in elems {
            self.place.hang(e, id, off, 0.0);
        }
        let lo = b.lo - self.left_pad;
        let mut hi = b.hi + FPAD;
        if !self.lr {
            let label = self.label_w.get(cluster).copied().unwrap_or(0.0);
            hi = hi.max(lo + label + 2.0 * FPAD);
        }
        let top = b.top - self.top_pad;
        let bottom = b.bottom + FPAD;
        let last = self.grid.band_of(bottom + CLEAR, band0);
        let h = (last + 1 - band0).max(b.l.len());
        self.frames.push(FrameSpec {
            cluster,
            lo,
            hi,
            top,
            bottom,
            nesting,
        });
        self.frame_ids.push(id);
        self.place.order.push(id);
        let mut blk = Block::rect(lo, hi, h, top, bottom);
        blk.head_l = b.head_l;
        blk.head_r = b.head_r;
        (blk, id)
    }
}

/// A frame's rectangle in breadth and depth: (cluster, left, right, top,
/// bottom, nesting).
type FrameRect = (usize, f64, f64, f64, f64, usize);

/// Fits everything drawn to the margin: writes the boxes' places and sizes,
/// the frames and the chart's size, and returns the mapping to the screen.
fn fit(chart: &mut Chart, laid: &Laid) -> Map {
    let n = chart.nodes.len();
    let (abs, y0, bw, dh) = (&laid.abs, &laid.y0, &laid.bw, &laid.dh);
    let mut min_b = f64::INFINITY;
    let mut min_d = f64::INFINITY;
    let mut max_b = f64::NEG_INFINITY;
    let mut max_d = f64::NEG_INFINITY;
    for i in 0..n {
        min_b = min_b.min(abs[i] - bw[i] / 2.0);
        max_b = max_b.max(abs[i] + bw[i] / 2.0);
        min_d = min_d.min(y0[i]);
        max_d = max_d.max(y0[i] + dh[i]);
    }
    let mut frame_rects: Vec<FrameRect> = Vec::with_capacity(laid.frames.len());
    for (f, &id) in laid.frames.iter().zip(&laid.frame_ids) {
        let (x0, x1) = (abs[id] + f.lo, abs[id] + f.hi);
        let (t, b) = (f.top + laid.shift[id], f.bottom + laid.shift[id]);
        min_b = min_b.min(x0);
        max_b = max_b.max(x1);
        min_d = min_d.min(t);
        max_d = max_d.max(b);
        frame_rects.push((f.cluster, x0, x1, t, b, f.nesting));
    }
    let map = Map {
        lr: laid.lr,
        sb: MARGIN - min_b,
        sd: MARGIN - min_d,
    };
    chart.pos = (0..n)
        .map(|i| map.at(abs[i], y0[i] + dh[i] / 2.0))
        .collect();
    for (i, node) in chart.nodes.iter_mut().enumerate() {
        // Stacked boxes may have been widened to their column.
        if laid.lr {
            node.h = bw[i];
        } else {
            node.w = bw[i];
        }
    }
    chart.frames = frame_rects.iter().map(|&r| frame(map, r)).collect();
    // Outer frames first, so inner ones are drawn over them.
    chart.frames.sort_by_key(|f| f.depth);
    let (w, h) = if laid.lr {
        (max_d - min_d, max_b - min_b)
    } else {
        (max_b - min_b, max_d - min_d)
    };
    chart.width = (w + 2.0 * MARGIN).ceil();
    chart.height = (h + 2.0 * MARGIN).ceil();
    map
}

/// A frame on the screen.
fn frame(map: Map, (cluster, x0, x1, top, bottom, depth): FrameRect) -> Frame {
    let (x, y) = map.at(x0, top);
    let (w, h) = if map.lr {
        (bottom - top, x1 - x0)
    } else {
        (x1 - x0, bottom - top)
    };
    Frame {
        cluster,
        x,
        y,
        w,
        h,
        depth,
    }
}

/// Draws the connectors in breadth and depth, then maps them.
struct Wiring<'a> {
    tree: &'a Tree,
    laid: &'a Laid,
    map: Map,
    wires: Vec<Wire>,
}

impl<'a> Wiring<'a> {
    fn new(tree: &'a Tree, laid: &'a Laid, map: Map) -> Self {
        let n = laid.y0.len();
        Wiring {
            tree,
            laid,
            map,
            wires: Vec::with_capacity(n + laid.stacks.len()),
        }
    }

    /// Stacked teams, folded teams, then for each box its staff and its
    /// row of reports; then the dotted lines.
    fn draw(mut self, dotted: &[(usize, usize)]) -> Vec<Wire> {
        let (tree, laid) = (self.tree, self.laid);
        for (v, st) in &laid.stacks {
            self.stack(*v, st);
        }
        for (v, spines, joins) in &laid.folds {
            self.fold(*v, spines, joins);
        }
        let mut is_stacked_parent = vec![false; laid.y0.len()];
        for (v, _) in &laid.stacks {
            is_stacked_parent[*v] = true;
        }
        for &v in &tree.post {
            self.staff(v);
            if !(is_stacked_parent[v] || laid.is_folded[v]) {
                self.reports(v);
            }
        }
        self.dotted(dotted);
        self.wires
    }

    fn wire(&mut self, kind: WireKind, pts: &[(f64, f64)]) {
        let map = self.map;
        self.wires.push(Wire {
            kind,
            points: pts.iter().map(|&(b, d)| map.at(b, d)).collect(),
        });
    }

    /// The line under a box's row that carries its connectors.
    fn bus_of(&self, v: usize) -> f64 {
        self.laid.bus[self.tree.depth[v]] + self.laid.shift[v]
    }

    /// A stacked team: down to the bus, along it to the spines, down each
    /// spine and across to the boxes on either side.
    fn stack(&mut self, v: usize, st: &Stack) {
        let Laid {
            abs, y0, bw, dh, ..
        } = self.laid;
        let xv = abs[v];
        let yb = y0[v] + dh[v];
        let bus = self.bus_of(v);
        let spine_x: Vec<f64> = st.spines.iter().map(|(x, _)| xv + x).collect();
        let lo = spine_x.iter().copied().fold(xv, f64::min);
        let hi = spine_x.iter().copied().fold(xv, f64::max);
        self.wire(WireKind::Report, &[(xv, yb), (xv, bus)]);
        if hi - lo > 0.5 {
            self.wire(WireKind::Report, &[(lo, bus), (hi, bus)]);
        }
        for ((_, side), &sx) in st.spines.iter().zip(&spine_x) {
            let last = side
                .iter()
                .map(|&(c, _)| y0[c] + dh[c] / 2.0)
                .fold(bus, f64::max);
            self.wire(WireKind::Report, &[(sx, bus), (sx, last)]);
            for &(c, right) in side {
                let y = y0[c] + dh[c] / 2.0;
                let edge = if right {
                    abs[c] - bw[c] / 2.0
                } else {
                    abs[c] + bw[c] / 2.0
                };
                self.wire(WireKind::Report, &[(sx, y), (edge, y)]);
            }
        }
    }

    /// A folded team: its spines below the manager, each head joined to
    /// its spine at the side or from above.
    fn fold(&mut self, v: usize, spines: &[f64], joins: &[Join]) {
        let Laid { abs, y0, dh, .. } = self.laid;
        let xv = abs[v];
        let yb = y0[v] + dh[v];
        // One spine hangs straight from the manager; several share a line.
        let top = if spines.len() > 1 {
            let bus = self.bus_of(v);
            let lo = spines.iter().fold(0.0f64, |a, &s| a.min(s));
            let hi = spines.iter().fold(0.0f64, |a, &s| a.max(s));
            self.wire(WireKind::Report, &[(xv, yb), (xv, bus)]);
            self.wire(WireKind::Report, &[(xv + lo, bus), (xv + hi, bus)]);
            bus
        } else {
            yb
        };
        let mut last = vec![top; spines.len()];
        for j in joins {
            let y = self.join(v, xv + spines[j.spine], j);
            last[j.spine] = last[j.spine].max(y);
        }
        for (k, &s) in spines.iter().enumerate() {
            self.wire(WireKind::Report, &[(xv + s, top), (xv + s, last[k])]);
        }
    }

    /// Joins a fold's head to its spine at `sx`; returns the depth where
    /// the join leaves the spine.
    fn join(&mut self, v: usize, sx: f64, j: &Join) -> f64 {
        let Laid {
            abs,
            y0,
            bw,
            dh,
            shift,
            ..
        } = self.laid;
        let c = j.head;
        // Staff sit right first, then left: a join from the side
        // facing the spine would cross them.
        let staff = self
            .tree
            .kids
            .of(c)
            .iter()
            .filter(|&&k| self.tree.role[k] == Role::Staff)
            .count();
        let blocked = if j.left { staff >= 1 } else { staff >= 2 };
        if blocked || !j.side {
            let y = j.above + shift[v];
            self.wire(WireKind::Report, &[(sx, y), (abs[c], y), (abs[c], y0[c])]);
            y
        } else {
            let y = y0[c] + dh[c] / 2.0;
            let edge = if j.left {
                abs[c] + bw[c] / 2.0
            } else {
                abs[c] - bw[c] / 2.0
            };
            self.wire(WireKind::Report, &[(sx, y), (edge, y)]);
            y
        }
    }

    /// Staff lines: from the manager's side to its staff column, through a
    /// spine when there are several.
    fn staff(&mut self, v: usize) {
        let Laid {
            abs, y0, bw, dh, ..
        } = self.laid;
        let xv = abs[v];
        let (right, left) = self.tree.staff_of(v);
        for (side, sign) in [(&right, 1.0), (&left, -1.0)] {
            let Some(&first) = side.first() else {
                continue;
            };
            let edge_v = xv + sign * bw[v] / 2.0;
            let ya = y0[v] + dh[v].min(dh[first]) / 2.0;
            let inner = |s: usize| abs[s] - sign * bw[s] / 2.0;
            if side.len() == 1 {
                self.wire(WireKind::Staff, &[(edge_v, ya), (inner(first), ya)]);
            } else {
                let sx = xv + sign * (bw[v] / 2.0 + STAFF_GAP / 2.0);
                let last = side.iter().map(|&s| y0[s] + dh[s] / 2.0).fold(ya, f64::max);
                self.wire(WireKind::Staff, &[(edge_v, ya), (sx, ya), (sx, last)]);
                for &s in side.iter() {
                    let y = if s == first { ya } else { y0[s] + dh[s] / 2.0 };
                    self.wire(WireKind::Staff, &[(sx, y), (inner(s), y)]);
                }
            }
        }
    }

    /// A team in a row: down to the bus, along it, down into each report
    /// (straight down for a single report under its manager).
    fn reports(&mut self, v: usize) {
        let Laid { abs, y0, dh, .. } = self.laid;
        let xv = abs[v];
        let line = self.tree.with_role(v, |r| r == Role::Row);
        let (Some(&first), Some(&last)) = (line.first(), line.last()) else {
            return;
        };
        let yb = y0[v] + dh[v];
        let bus = self.bus_of(v);
        if line.len() == 1 && (abs[first] - xv).abs() < 0.5 {
            self.wire(WireKind::Report, &[(xv, yb), (xv, y0[first])]);
            return;
        }
        self.wire(WireKind::Report, &[(xv, yb), (xv, bus)]);
        let lo = abs[first].min(xv);
        let hi = abs[last].max(xv);
        self.wire(WireKind::Report, &[(lo, bus), (hi, bus)]);
        for &c in &line {
            self.wire(WireKind::Report, &[(abs[c], bus), (abs[c], y0[c])]);
        }
    }

    /// Dotted lines, routed between the boxes; one with no clear route, or
    /// one that would wander across a large chart, is left to the box's
    /// own mention of its partner.
    fn dotted(&mut self, dotted: &[(usize, usize)]) {
        if dotted.is_empty() {
            return;
        }
        let Laid {
            abs,
            y0,
            bw,
            dh,
            bus,
            ..
        } = self.laid;
        let n = y0.len();
        let rects: Vec<route::Rect> = (0..n)
            .map(|i| route::Rect {
                b0: abs[i] - bw[i] / 2.0,
                b1: abs[i] + bw[i] / 2.0,
                d0: y0[i],
                d1: y0[i] + dh[i],
            })
            .collect();
        let lanes: Vec<f64> = bus.iter().map(|b| b + BUS_BELOW / 2.0).collect();
        let router = route::Router::new(&rects, bus, &lanes);
        for &(a, b) in dotted {
            if a < n && b < n && a != b {
                if let Some(pts) = router.clear_route(a, b, MAX_DOTTED) {
                    self.wire(WireKind::Dotted, &pts);
                }
            }
        }
    }
}

/// A group of siblings ready to place: its block, its element, and its
/// one head box (`None` for a frame around several).
type Group = (Block, usize, Option<usize>);
/// Elements placed by a fold: (element, breadth, depth shift).
type Placed = Vec<(usize, f64, f64)>;

/// A folded team: its block, where its groups go, its spines (breadth
/// relative to the manager) and how each head joins its spine.
struct Folded {
    block: Block,
    placed: Placed,
    spines: Vec<f64>,
    joins: Vec<Join>,
}

/// How a fold joins a head box to its spine.
struct Join {
    head: usize,
    /// Which spine.
    spine: usize,
    /// In the column left of the spine.
    left: bool,
    /// Joined at the side (else from above).
    side: bool,
    /// Depth of the gap above its group, in the manager's frame.
    above: f64,
}

/// Folds a team whose subtrees side by side would make a block far wider
/// than a screen and than it is deep, or a team of single boxes in their
/// units' frames (which stacking does not take): the subtrees (or their units'
/// frames) hang from spines below the manager, a column on each side of
/// each spine, the spines joined by a line under the manager as a team's
/// reports are. Each subtree joins its spine at its head box's side (from
/// above when staff sit on that side). The number of spines is chosen to
/// bring the block nearest a landscape shape; columns are filled in
/// sibling order and balanced in depth. Returns the fold's block (relative
/// to the manager), where each group goes, the spines and the joins; or
/// the groups back when the team is better in a row: fewer than three, a
/// frame with several heads, or not wide enough to gain.
fn fold(
    d: usize,
    groups: Vec<Group>,
    bw: &[f64],
    max_w: f64,
    grid: &mut Grid,
) -> Result<Folded, Vec<Group>> {
    if groups.len() < 3 || groups.iter().any(|g| g.2.is_none()) {
        return Err(groups);
    }
    let row = grid.row_top(d + 1);
    let shape = FoldShape::new(&groups, row);
    // A team of single boxes (each perhaps in its unit's frame) folds as a
    // stacked team would; larger subtrees only when the row is too wide.
    let single_boxes = groups.iter().all(|g| g.0.l.len() == 1);
    let (row_w, row_h) = (shape.row_w, shape.row_h);
    let wide = row_w >= FOLD_MIN_WIDTH && row_w >= FOLD_ASPECT * row_h.max(1.0);
    if !(wide || single_boxes && shape.k >= STACK_MIN) {
        return Err(groups);
    }
    let Some(cols) = shape.choose(max_w) else {
        return Err(groups);
    };
    let mut f = hang_columns(&groups, &cols, &shape.widths, bw, row);
    // The manager sits over the middle of its spines.
    let centre = (f.spines[0] + f.spines[f.spines.len() - 1]) / 2.0;
    for p in &mut f.placed {
        p.1 -= centre;
    }
    for s in &mut f.spines {
        *s -= centre;
    }
    let last = grid.band_of(f.block.bottom + CLEAR, d + 1);
    f.block = Block::rect(
        f.block.lo - centre,
        f.block.hi - centre,
        last - d,
        row,
        f.block.bottom,
    );
    Ok(f)
}

/// Between shelves of wrapped top-level subtrees.
const SHELF_GAP: f64 = 36.0;

/// Places the top-level subtrees (nothing joins them): side by side when
/// that makes a shape near the target, otherwise wrapped onto shelves, in
/// order, left to right and top to bottom, each shelf packed as tightly as
/// the contours allow. The shelf width is the one (among a fixed number of
/// candidates, so linear time) that brings the whole nearest the target
/// shape, no wider than the page if one is. Returns each element's breadth
/// and depth shift.
fn wrap_roots(groups: Vec<Group>, max_w: f64) -> Placed {
    let k = groups.len();
    let widths: Vec<f64> = groups.iter().map(|g| g.0.hi - g.0.lo).collect();
    let top = groups.iter().map(|g| g.0.top).fold(f64::INFINITY, f64::min);
    let heights: Vec<f64> = groups.iter().map(|g| g.0.bottom - top).collect();
    let row_w = widths.iter().sum::<f64>() + H_GAP * k.saturating_sub(1) as f64;
    let row_h = heights.iter().copied().fold(0.0, f64::max);
    let wide = row_w > max_w || (row_w >= FOLD_MIN_WIDTH && row_w >= FOLD_ASPECT * row_h.max(1.0));
    let shelves = if k >= 3 && wide {
        choose_shelves(&widths, &heights, row_w, max_w)
    } else {
        std::iter::once(0..k).collect()
    };
    let mut placed = Vec::with_capacity(k);
    let mut groups = groups.into_iter();
    let mut y = 0.0;
    for shelf in shelves {
        let mut f = Forest::default();
        let mut shelf_h = 0.0f64;
        for i in shelf {
            let (blk, id, _) = groups.next().expect("a group per index");
            f.apportion(blk, id);
            shelf_h = shelf_h.max(heights[i]);
        }
        let (b, elems) = f.execute_shifts();
        for (e, off) in elems {
            placed.push((e, off - b.lo, y));
        }
        y += shelf_h + SHELF_GAP;
    }
    placed
}

/// Runs of groups, one per shelf, for the best of a few shelf widths
/// between the widest group and the whole row.
fn choose_shelves(widths: &[f64], heights: &[f64], row_w: f64, max_w: f64) -> Vec<Range<usize>> {
    let widest = widths.iter().copied().fold(0.0, f64::max);
    let fill = |limit: f64| {
        let mut out = Vec::new();
        let (mut start, mut x, mut w, mut h, mut shelf_h) = (0, 0.0, 0.0f64, 0.0, 0.0f64);
        for (i, (&gw, &gh)) in widths.iter().zip(heights).enumerate() {
            let nx = if i == start { gw } else { x + H_GAP + gw };
            if i > start && nx > limit {
                out.push(start..i);
                w = w.max(x);
                h += shelf_h + SHELF_GAP;
                (start, x, shelf_h) = (i, gw, gh);
            } else {
                x = nx;
                shelf_h = shelf_h.max(gh);
            }
        }
        out.push(start..widths.len());
        (out, w.max(x), h + shelf_h)
    };
    let over = |w: f64| (w - max_w).max(0.0).ceil();
    // ((width over the page, distance from the target shape), shelves)
    type Choice = ((f64, f64), Vec<Range<usize>>);
    let mut best: Option<Choice> = None;
    let mut limit = widest;
    for _ in 0..40 {
        let (runs, w, h) = fill(limit);
        let key = (over(w), FoldShape::score(w, h));
        if best.as_ref().is_none_or(|b| key < b.0) {
            best = Some((key, runs));
        }
        if limit >= row_w {
            break;
        }
        limit = (limit * 1.2).min(row_w);
    }
    best.map_or_else(|| std::iter::once(0..widths.len()).collect(), |b| b.1)
}

/// A team's groups as a fold measures them.
struct FoldShape {
    k: usize,
    widths: Vec<f64>,
    /// Each group's depth with the gap below it.
    heights: Vec<f64>,
    /// The team side by side.
    row_w: f64,
    row_h: f64,
}

impl FoldShape {
    fn new(groups: &[Group], row: f64) -> FoldShape {
        let k = groups.len();
        let widths: Vec<f64> = groups.iter().map(|g| g.0.hi - g.0.lo).collect();
        let heights: Vec<f64> = groups
            .iter()
            .map(|g| g.0.bottom - g.0.top + FOLD_VGAP)
            .collect();
        let row_w: f64 = widths.iter().sum::<f64>() + H_GAP * (k - 1) as f64;
        let row_h = groups.iter().map(|g| g.0.bottom).fold(row, f64::max) - row;
        FoldShape {
            k,
            widths,
            heights,
            row_w,
            row_h,
        }
    }

    /// How far a shape is from the target.
    fn score(w: f64, h: f64) -> f64 {
        (w / h.max(1.0) / TARGET_ASPECT).ln().abs()
    }

    /// Columns for `cols` columns: contiguous runs, each about the average depth.
    fn columns(&self, cols: usize) -> Vec<Range<usize>> {
        let total: f64 = self.heights.iter().sum();
        let target = total / cols as f64;
        let mut out = Vec::with_capacity(cols);
        let mut start = 0;
        let mut acc = 0.0;
        for (i, &h) in self.heights.iter().enumerate() {
            let left_cols = cols - out.len();
            let left_items = self.k - i;
            if i > start && (acc + h / 2.0 > target || left_items < left_cols) && left_cols > 1 {
                out.push(start..i);
                start = i;
                acc = 0.0;
            }
            acc += h;
        }
        out.push(start..self.k);
        out
    }

    /// The breadth and depth of a fold into these columns.
    fn measure(&self, cols: &[Range<usize>]) -> (f64, f64) {
        let mut w = 0.0;
        let mut h = 0.0f64;
        for (j, c) in cols.iter().enumerate() {
            w += c.clone().map(|i| self.widths[i]).fold(0.0, f64::max);
            w += if j % 2 == 0 { SPINE_GAP } else { H_GAP };
            h = h.max(c.clone().map(|i| self.heights[i]).sum());
        }
        (w, h)
    }

    /// The columns nearest the target shape, among those no wider than the
    /// page if any is; none when the row is as good.
    fn choose(&self, max_w: f64) -> Option<Vec<Range<usize>>> {
        let over = |w: f64| (w - max_w).max(0.0).ceil();
        // ((width over the page, distance from the target shape), columns)
        type Choice = ((f64, f64), Vec<Range<usize>>);
        let mut best: Option<Choice> = None;
        // A chart for a page may also hang everything on one side of one
        // spine: narrower, and deeper, which a page scrolls well.
        let one = if max_w.is_finite() { Some(1) } else { None };
        for n in one
            .into_iter()
            .chain((1..=self.k.div_ceil(2)).map(|p| 2 * p))
        {
            let cols = self.columns(n);
            let (w, h) = self.measure(&cols);
            let key = (over(w), Self::score(w, h));
            if best
                .as_ref()
                .is_none_or(|b| key.0 < b.0 .0 || (key.0 == b.0 .0 && key.1 < b.0 .1 - 1e-9))
            {
                best = Some((key, cols));
            }
        }
        let (key, cols) = best?;
        let row_key = (over(self.row_w), Self::score(self.row_w, self.row_h));
        if key.0 > row_key.0 || (key.0 == row_key.0 && key.1 >= row_key.1) {
            return None;
        }
        Some(cols)
    }
}

/// Hangs the groups in pairs of columns around spines, left to right, from
/// depth `row`. Breadths are from the first column's left edge; the
/// block holds only the extent (`lo`, `hi`, `bottom`).
fn hang_columns(
    groups: &[Group],
    cols: &[Range<usize>],
    widths: &[f64],
    bw: &[f64],
    row: f64,
) -> Folded {
    let k = groups.len();
    let mut placed = Vec::with_capacity(k);
    let mut joins = Vec::with_capacity(k);
    let mut spines = Vec::new();
    let (mut lo, mut hi, mut bottom) = (f64::INFINITY, f64::NEG_INFINITY, row);
    let mut x = 0.0;
    for (p, pair) in cols.chunks(2).enumerate() {
        if p > 0 {
            x += H_GAP;
        }
        let wl = pair[0].clone().map(|i| widths[i]).fold(0.0, f64::max);
        let spine = x + wl + SPINE_GAP / 2.0;
        spines.push(spine);
        for (side, range) in pair.iter().enumerate() {
            let left = side == 0;
            let mut y = row;
            for i in range.clone() {
                let b = &groups[i].0;
                let gx = if left {
                    spine - SPINE_GAP / 2.0 - b.hi
                } else {
                    spine + SPINE_GAP / 2.0 - b.lo
                };
                let dy = y - b.top;
                placed.push((groups[i].1, gx, dy));
                lo = lo.min(gx + b.lo);
                hi = hi.max(gx + b.hi);
                bottom = bottom.max(b.bottom + dy);
                y += b.bottom - b.top + FOLD_VGAP;
                if let Some(h) = groups[i].2 {
                    // The head is its group's origin: joined at its side
                    // only when nothing but padding lies between.
                    let reach = if left {
                        b.hi - bw[h] / 2.0
                    } else {
                        -bw[h] / 2.0 - b.lo
                    };
                    joins.push(Join {
                        head: h,
                        spine: p,
                        left,
                        side: reach <= SIDE_REACH,
                        above: b.top + dy - FOLD_VGAP / 2.0,
                    });
                }
            }
        }
        x = match pair.get(1) {
            Some(r) => spine + SPINE_GAP / 2.0 + r.clone().map(|i| widths[i]).fold(0.0, f64::max),
            None => spine,
        };
    }
    Folded {
        block: Block::rect(lo, hi, 1, row, bottom),
        placed,
        spines,
        joins,
    }
}

/// Places a team of leaves in columns: pairs of columns on either side of
/// a spine, filled column by column in sibling order. Returns the spines
/// and boxes (breadth relative to the block's left edge), the block's
/// breadth, where its manager goes (between the first and last spine) and
/// the depth of its bottom; sets each box's offset in `rel` and its top in
/// `ytop`. With `stretch`, boxes take their column's width.
pub(super) fn place_stack(
    line: &[usize],
    stretch: bool,
    bw: &mut [f64],
    dh: &[f64],
    ytop: &mut [f64],
    rel: &mut [f64],
    top: f64,
) -> (Stack, f64, f64, f64) {
    let m = line.len();
    let max_w = line.iter().map(|&c| bw[c]).fold(0.0, f64::max);
    let max_h = line.iter().map(|&c| dh[c]).fold(0.0, f64::max);
    // The number of columns (even) that makes the block closest to square.
    let mut cols = 2;
    let mut best = f64::INFINITY;
    let mut c = 2;
    while c <= m + 1 {
        let rows = m.div_ceil(c);
        let pairs = c / 2;
        let breadth = c as f64 * max_w + pairs as f64 * SPINE_GAP + (pairs - 1) as f64 * H_GAP;
        let depth = rows as f64 * (max_h + STACK_GAP);
        let score = breadth.max(depth * 1.15);
        if score < best - 1e-9 {
            best = score;
            cols = c;
        }
        c += 2;
    }
    let per_col = m.div_ceil(cols);
    let columns: Vec<&[usize]> = line.chunks(per_col).collect();
    let col_w: Vec<f64> = columns
        .iter()
        .map(|col| col.iter().map(|&c| bw[c]).fold(0.0, f64::max))
        .collect();
    let mut spines = Vec::new();
    let mut x = 0.0;
    let mut bottom = top;
    for (p, pair) in columns.chunks(2).enumerate() {
        if p > 0 {
            x += H_GAP;
        }
        let wl = col_w[2 * p];
        let spine = x + wl + SPINE_GAP / 2.0;
        let mut side = Vec::new();
        for (k, col) in pair.iter().enumerate() {
            let right = k == 1;
            let cw = col_w[2 * p + k];
            let mut y = top;
            for &c in col.iter() {
                if stretch {
                    bw[c] = cw;
                }
                ytop[c] = y;
                y += dh[c] + STACK_GAP;
                bottom = bottom.max(ytop[c] + dh[c]);
                side.push((c, right));
            }
        }
        for &(c, right) in &side {
            rel[c] = if right {
                spine + SPINE_GAP / 2.0 + bw[c] / 2.0
            } else {
                spine - SPINE_GAP / 2.0 - bw[c] / 2.0
            };
        }
        spines.push((spine, side));
        x = match pair.get(1) {
            Some(_) => spine + SPINE_GAP / 2.0 + col_w[2 * p + 1],
            None => spine,
        };
    }
    let first = spines.first().map_or(0.0, |s| s.0);
    let last = spines.last().map_or(0.0, |s| s.0);
    (Stack { spines }, x, (first + last) / 2.0, bottom)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::testing::*;
    use crate::chart::{ChartNode, Cluster};

    fn chart_of(widths: &[f64], edges: &[(usize, usize)]) -> Chart {
        let mut c = Chart::default();
        for &w in widths {
            c.nodes.push(node(w, 40.0));
        }
        c.edges = edges.to_vec();
        c
    }

    /// Every box's reporting line arrives at its top, from its manager.
    fn check(c: &Chart) {
        assert_no_overlap(c);
        assert_eq!(
            wire_crossings(c, WireKind::Report),
            0,
            "report lines cross boxes"
        );
        assert_eq!(
            wire_crossings(c, WireKind::Staff),
            0,
            "staff lines cross boxes"
        );
        for (i, n) in c.nodes.iter().enumerate() {
            let (x, y, w, h) = c.rect(i);
            assert!(x >= MARGIN - 1e-6 && y >= MARGIN - 1e-6, "box {i} outside");
            assert!(
                x + w <= c.width + 1e-6 && y + h <= c.height + 1e-6,
                "box {i} outside"
            );
            let _ = n;
        }
    }

    #[test]
    fn keeps_order_centres_parents_and_never_overlaps() {
        let mut c = chart_of(
            &[100.0, 80.0, 200.0, 60.0, 60.0, 60.0],
            &[(0, 1), (0, 2), (2, 3), (2, 4), (1, 5)],
        );
        layout(&mut c);
        check(&c);
        assert!(c.pos[1].0 < c.pos[2].0);
        assert!(c.pos[3].0 < c.pos[4].0);
        assert!(c.pos[3].1 > c.pos[2].1 && c.pos[2].1 > c.pos[0].1);
        assert!((c.pos[2].0 - (c.pos[3].0 + c.pos[4].0) / 2.0).abs() < 1e-9);
        assert!((c.pos[0].0 - (c.pos[1].0 + c.pos[2].0) / 2.0).abs() < 1e-9);
        // Rows line up.
        assert_eq!(c.pos[1].1, c.pos[2].1);
    }

    #[test]
    fn subtrees_tuck_under_each_other_and_small_ones_spread_evenly() {
        // 0 has three children: a deep wide one, a leaf, and another deep one.
        // The leaf sits midway between its neighbours (Buchheim-Walker).
        let mut c = chart_of(
            &[100.0; 12],
            &[
                (0, 1),
                (0, 2),
                (0, 3),
                (0, 4),
                (1, 5),
                (1, 6),
                (5, 7),
                (5, 8),
                (4, 9),
                (4, 10),
                (9, 11),
            ],
        );
        layout(&mut c);
        check(&c);
        let gap_a = c.pos[2].0 - c.pos[1].0;
        let gap_b = c.pos[3].0 - c.pos[2].0;
        let gap_c = c.pos[4].0 - c.pos[3].0;
        assert!(
            (gap_a - gap_b).abs() < 1e-6 && (gap_b - gap_c).abs() < 1e-6,
            "{gap_a} {gap_b} {gap_c}"
        );
    }

    #[test]
    fn wide_teams_of_individual_contributors_are_stacked() {
        let mut widths = vec![120.0];
        let mut edges = Vec::new();
        for i in 1..=24 {
            widths.push(100.0 + (i % 3) as f64 * 10.0);
            edges.push((0, i));
        }
        let mut c = chart_of(&widths, &edges);
        layout(&mut c);
        check(&c);
        // Far narrower than 24 boxes side by side, and taller than one row.
        assert!(c.width < 800.0, "{}", c.width);
        assert!(c.height > 300.0);
        // Filled column by column in sibling order.
        assert!(c.pos[2].1 > c.pos[1].1 && c.pos[2].0 == c.pos[1].0);
        // Every box is reached by a line ending at its side.
        for i in 1..=24 {
            let (x, y, w, h) = c.rect(i);
            let reached = c.wires.iter().any(|wr| {
                wr.points.last().is_some_and(|&(px, py)| {
                    ((px - x).abs() < 1e-6 || (px - x - w).abs() < 1e-6) && py > y && py < y + h
                })
            });
            assert!(reached, "box {i} not connected");
        }
    }

    #[test]
    fn staff_sit_beside_their_manager() {
        let mut c = chart_of(
            &[100.0, 90.0, 90.0, 100.0, 100.0],
            &[(0, 1), (0, 2), (0, 3), (0, 4)],
        );
        c.nodes[1].staff = true;
        c.nodes[2].staff = true;
        layout(&mut c);
        check(&c);
        assert_eq!(c.pos[1].1, c.pos[0].1, "first staff beside, same row");
        assert!(c.pos[1].0 > c.pos[0].0, "first staff on the right");
        assert!(c.pos[2].0 < c.pos[0].0, "second on the left");
        assert!(c.pos[3].1 > c.pos[0].1, "line reports below");
        assert_eq!(
            c.wires.iter().filter(|w| w.kind == WireKind::Staff).count(),
            2
        );
    }

    #[test]
    fn units_are_frames_around_their_boxes_only() {
        // 0 heads two units: {1, 3} and {2, 4, 5}; 6 is in no unit. A frame
        // holds its head's subtree, so 6, under 0, is inside 0's frame but
        // outside the others.
        let mut c = chart_of(
            &[100.0; 7],
            &[(0, 1), (0, 2), (0, 6), (1, 3), (2, 4), (2, 5)],
        );
        c.clusters = vec![
            Cluster {
                label: "營銷部".into(),
                color: "#336699".into(),
                href: None,
            },
            Cluster {
                label: "銷售部".into(),
                color: "#336699".into(),
                href: None,
            },
            Cluster {
                label: "客服部".into(),
                color: "#336699".into(),
                href: None,
            },
        ];
        c.nodes[0].units = vec![0];
        for i in [1, 3] {
            c.nodes[i].units = vec![0, 1];
        }
        for i in [2, 4, 5] {
            c.nodes[i].units = vec![0, 2];
        }
        layout(&mut c);
        check(&c);
        let frame = |k: usize| c.frames.iter().find(|f| f.cluster == k).expect("frame");
        let inside = |f: &Frame, i: usize| {
            let (x, y, w, h) = c.rect(i);
            x >= f.x && y >= f.y && x + w <= f.x + f.w && y + h <= f.y + f.h
        };
        let meets = |f: &Frame, i: usize| {
            let (x, y, w, h) = c.rect(i);
            x < f.x + f.w && x + w > f.x && y < f.y + f.h && y + h > f.y
        };
        for (k, members) in [
            (0usize, vec![0, 1, 2, 3, 4, 5, 6]),
            (1, vec![1, 3]),
            (2, vec![2, 4, 5]),
        ] {
            let f = frame(k);
            for i in 0..7 {
                if members.contains(&i) {
                    assert!(inside(f, i), "{i} outside frame {k}");
                } else {
                    assert!(!meets(f, i), "{i} inside frame {k}");
                }
            }
        }
        assert!(
            frame(1).x + frame(1).w <= frame(2).x,
            "sibling frames apart"
        );
        // Outer frames are drawn first.
        assert_eq!(c.frames[0].cluster, 0);
    }

    #[test]
    fn left_to_right_turns_everything() {
        let mut c = chart_of(&[100.0, 100.0, 100.0], &[(0, 1), (0, 2)]);
        c.direction = Direction::LR;
        layout(&mut c);
        check(&c);
        assert!(c.pos[1].0 > c.pos[0].0 && c.pos[1].0 == c.pos[2].0);
        assert!(c.pos[1].1 < c.pos[2].1);
    }

    #[test]
    fn a_very_deep_chain_does_not_overflow() {
        let n = 100_000;
        let mut c = Chart::default();
        for i in 0..n {
            c.nodes.push(node(100.0, 40.0));
            if i > 0 {
                c.edges.push((i - 1, i));
            }
        }
        layout(&mut c);
        assert!(c.pos[n - 1].1 > c.pos[0].1);
        assert_eq!(c.pos[n - 1].0, c.pos[0].0);
    }

    /// A small deterministic generator for random trees.
    struct Lcg(u64);
    impl Lcg {
        fn next(&mut self, m: usize) -> usize {
            self.0 = self
                .0
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((self.0 >> 33) as usize) % m.max(1)
        }
    }

    #[test]
    fn random_trees_with_everything_stay_clean() {
        let (mut asked, mut drawn) = (0, 0);
        for seed in 0..60u64 {
            let mut g = Lcg(seed);
            let n = 2 + g.next(160);
            let mut c = Chart {
                direction: if seed % 3 == 0 {
                    Direction::LR
                } else {
                    Direction::TB
                },
                ..Chart::default()
            };
            for k in 0..4 {
                c.clusters.push(Cluster {
                    label: format!("單位{k}"),
                    color: "#336699".into(),
                    href: None,
                });
            }
            for i in 0..n {
                let mut x = ChartNode::new("x");
                x.w = 60.0 + g.next(120) as f64;
                x.h = 30.0 + g.next(50) as f64;
                x.staff = g.next(10) == 0;
                if i > 0 {
                    // Mostly attach to recent boxes: deep trees and wide teams.
                    let p = if g.next(4) == 0 {
                        g.next(i)
                    } else {
                        i - 1 - g.next(i.min(3))
                    };
                    c.edges.push((p, i));
                    let mut units = c.nodes[p].units.clone();
                    match g.next(8) {
                        0 if units.len() < 3 => units.push(g.next(4)),
                        1 => {
                            units.pop();
                        }
                        _ => {}
                    }
                    x.units = units;
                }
                c.nodes.push(x);
            }
            // Sibling lists must come in manager order for the view; shuffle
            // nothing, but add a few dotted lines.
            for _ in 0..n / 10 {
                let (a, b) = (g.next(n), g.next(n));
                if a != b {
                    c.dotted.push((a, b));
                }
            }
            layout(&mut c);
            check(&c);
            // Frames never cut through a box: a box is inside or outside.
            for f in &c.frames {
                for i in 0..n {
                    let (x, y, w, h) = c.rect(i);
                    let inside = x >= f.x && y >= f.y && x + w <= f.x + f.w && y + h <= f.y + f.h;
                    let apart = x >= f.x + f.w || x + w <= f.x || y >= f.y + f.h || y + h <= f.y;
                    assert!(inside || apart, "seed {seed}: box {i} cut by a frame");
                }
            }
            let dotted_bad = wire_crossings(&c, WireKind::Dotted);
            if let Ok(dir) = std::env::var("ORGSITE_DUMP") {
                let _ = std::fs::write(
                    format!("{dir}/tree-{seed}.svg"),
                    crate::chart::to_svg(&c, "", "x"),
                );
            }
            assert_eq!(dotted_bad, 0, "seed {seed}: dotted lines cross boxes");
            // Every dotted line between boxes not far apart is drawn.
            for &(a, b) in &c.dotted {
                let (pa, pb) = (c.pos[a], c.pos[b]);
                if (pa.0 - pb.0).abs() + (pa.1 - pb.1).abs() < 1500.0 {
                    asked += 1;
                    let ends = |w: &Wire| {
                        let (s, e) = (w.points[0], w.points[w.points.len() - 1]);
                        let on = |p: (f64, f64), i: usize| {
                            let (x, y, bw, bh) = c.rect(i);
                            p.0 >= x - 0.5
                                && p.0 <= x + bw + 0.5
                                && p.1 >= y - 0.5
                                && p.1 <= y + bh + 0.5
                        };
                        on(s, a) && on(e, b)
                    };
                    drawn += usize::from(
                        c.wires
                            .iter()
                            .any(|w| w.kind == WireKind::Dotted && ends(w)),
                    );
                }
            }
        }
        assert!(
            drawn * 100 >= asked * 98,
            "only {drawn} of {asked} dotted lines drawn"
        );
    }
}
