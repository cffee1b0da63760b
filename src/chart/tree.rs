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

use super::{route, text, Chart, Frame, Wire, WireKind, LABEL_SIZE, MARGIN};
use crate::content::Direction;

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
    fn add(&mut self, b: Block, id: usize) {
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
                let inc = need - off;
                if j + 1 < i {
                    let k = (i - j) as f64;
                    self.change[i] -= inc / k;
                    self.shift[i] += inc;
                    self.change[j] += inc / k;
                }
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

    /// Applies the spreading and returns the forest as a block.
    fn finish(mut self) -> (Block, Vec<(usize, f64)>) {
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
    /// Absolute offsets, parents before children.
    fn resolve(&self) -> (Vec<f64>, Vec<f64>) {
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

/// Lays out a chart whose edges form a forest.
pub fn layout(chart: &mut Chart) {
    let n = chart.nodes.len();
    chart.wires.clear();
    chart.frames.clear();
    if n == 0 {
        chart.pos.clear();
        chart.width = 2.0 * MARGIN;
        chart.height = 2.0 * MARGIN;
        return;
    }
    let lr = chart.direction == Direction::LR;
    // The page width along the breadth (left to right, the page's height
    // is not the limit).
    let max_w = match chart.fit_width {
        Some(w) if !lr => w,
        _ => f64::INFINITY,
    };
    // Sizes across (breadth) and down (depth) the tree.
    let (mut bw, dh) = chart.breadth_and_depth();

    // The tree, children in sibling order.
    let mut parent = vec![NONE; n];
    let mut start = vec![0usize; n + 1];
    for &(p, c) in &chart.edges {
        parent[c] = p;
        start[p + 1] += 1;
    }
    for i in 0..n {
        start[i + 1] += start[i];
    }
    let mut fill = start.clone();
    let mut kids = vec![0usize; chart.edges.len()];
    for &(p, c) in &chart.edges {
        kids[fill[p]] = c;
        fill[p] += 1;
    }
    let kids_of = |v: usize| &kids[start[v]..start[v + 1]];
    let is_leaf = |v: usize| start[v] == start[v + 1];
    let roots: Vec<usize> = (0..n).filter(|&i| parent[i] == NONE).collect();

    // Frames each box opens: its unit path past what its manager shares.
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
    let opens: Vec<usize> = (0..n)
        .map(|i| chart.nodes[i].units.len() - pre[i])
        .collect();

    // Roles.
    let mut role = vec![Role::Row; n];
    let mut stacked = vec![false; n];
    for (v, stacked) in stacked.iter_mut().enumerate() {
        for &c in kids_of(v) {
            if chart.nodes[c].staff && is_leaf(c) && opens[c] == 0 {
                role[c] = Role::Staff;
            }
        }
        let mut line = kids_of(v).iter().filter(|&&c| role[c] == Role::Row);
        let count = line.clone().count();
        if count >= STACK_MIN && line.all(|&c| is_leaf(c) && opens[c] == 0) {
            *stacked = true;
            for &c in kids_of(v) {
                if role[c] == Role::Row {
                    role[c] = Role::Stacked;
                }
            }
        }
    }

    // Depths, and the post-order of row boxes.
    let mut depth = vec![0usize; n];
    let mut post: Vec<usize> = Vec::with_capacity(n);
    {
        let mut stack: Vec<(usize, bool)> = roots.iter().rev().map(|&r| (r, false)).collect();
        while let Some((v, done)) = stack.pop() {
            if done {
                post.push(v);
                continue;
            }
            stack.push((v, true));
            for &c in kids_of(v).iter().rev() {
                depth[c] = if role[c] == Role::Staff {
                    depth[v]
                } else {
                    depth[v] + 1
                };
                if role[c] == Role::Row {
                    stack.push((c, false));
                }
            }
        }
    }
    let staff_of = |v: usize| -> (Vec<usize>, Vec<usize>) {
        let s: Vec<usize> = kids_of(v)
            .iter()
            .copied()
            .filter(|&c| role[c] == Role::Staff)
            .collect();
        let right = s.iter().step_by(2).copied().collect();
        let left = s.iter().skip(1).step_by(2).copied().collect();
        (right, left)
    };

    // Rows: heights (staff columns included) and the label bands above.
    let rows = post.iter().map(|&v| depth[v] + 1).max().unwrap_or(1);
    let mut rh = vec![0.0f64; rows];
    let mut open = vec![0usize; rows];
    for &v in &post {
        let d = depth[v];
        rh[d] = rh[d].max(dh[v]);
        open[d] = open[d].max(opens[v]);
        let (right, left) = staff_of(v);
        for side in [right, left] {
            let h: f64 = side.iter().map(|&s| dh[s] + STAFF_VGAP).sum::<f64>() - STAFF_VGAP;
            rh[d] = rh[d].max(h);
        }
    }
    let (top_pad, left_pad) = if lr {
        (FPAD, LABEL_BAND + FPAD)
    } else {
        (LABEL_BAND, FPAD)
    };
    let mut grid = Grid::new(
        rh,
        open.iter()
            .map(|&k| k as f64 * top_pad + if k > 0 { 4.0 } else { 0.0 })
            .collect(),
    );

    let mut ytop = vec![0.0f64; n];
    let mut place = Place::new(n);
    let mut blocks: Vec<Option<Block>> = (0..n).map(|_| None).collect();
    let mut stacks: Vec<(usize, Stack)> = Vec::new();
    // Folded teams: the manager and its reports, each on the left or right.
    let mut folds: Vec<(usize, Vec<f64>, Vec<Join>)> = Vec::new();
    let mut is_folded = vec![false; n];
    let mut frames: Vec<FrameSpec> = Vec::new();
    let mut frame_ids: Vec<usize> = Vec::new();
    let label_w: Vec<f64> = chart
        .clusters
        .iter()
        .map(|c| text::text_width_em(&c.label) * LABEL_SIZE)
        .collect();

    // Closes a frame around a forest of siblings: a rectangle as deep as
    // its content, with room for the label.
    let mut close_frame = |f: Forest,
                           cluster: usize,
                           nesting: usize,
                           band0: usize,
                           grid: &mut Grid,
                           place: &mut Place|
     -> (Block, usize) {
        let (b, elems) = f.finish();
        let id = place.push();
        for (e, off) in elems {
            place.hang(e, id, off, 0.0);
        }
        let lo = b.lo - left_pad;
        let mut hi = b.hi + FPAD;
        if !lr {
            hi = hi.max(lo + label_w.get(cluster).copied().unwrap_or(0.0) + 2.0 * FPAD);
        }
        let top = b.top - top_pad;
        let bottom = b.bottom + FPAD;
        let last = grid.band_of(bottom + CLEAR, band0);
        let h = (last + 1 - band0).max(b.l.len());
        frames.push(FrameSpec {
            cluster,
            lo,
            hi,
            top,
            bottom,
            nesting,
        });
        frame_ids.push(id);
        place.order.push(id);
        let mut blk = Block::rect(lo, hi, h, top, bottom);
        blk.head_l = b.head_l;
        blk.head_r = b.head_r;
        (blk, id)
    };

    // Groups a run of siblings: adjacent ones that open the same units go
    // into frames (nested as the units are). Returns the top-level groups
    // in order: (block, element, its single head box if it has one).
    macro_rules! group_siblings {
        ($sibs:expr, $band:expr) => {{
            let mut groups: Vec<(Block, usize, Option<usize>)> = Vec::new();
            // Open frames: (cluster, forest, nesting, members, single head).
            let mut open_f: Vec<(usize, Forest, usize, usize, Option<usize>)> = Vec::new();
            macro_rules! put {
                ($blk:expr, $id:expr, $head:expr) => {
                    match open_f.last_mut() {
                        Some(p) => {
                            p.1.add($blk, $id);
                            p.3 += 1;
                            p.4 = $head;
                        }
                        None => groups.push(($blk, $id, $head)),
                    }
                };
            }
            macro_rules! close {
                () => {{
                    let (cl, f, nest, members, head) = open_f.pop().expect("open frame");
                    let (blk, id) = close_frame(f, cl, nest, $band, &mut grid, &mut place);
                    let head = if members == 1 { head } else { None };
                    put!(blk, id, head);
                }};
            }
            for &c in $sibs {
                let units = &chart.nodes[c].units;
                let o = &units[pre[c]..];
                let common = open_f.iter().zip(o).take_while(|(f, u)| f.0 == **u).count();
                while open_f.len() > common {
                    close!();
                }
                for (k, &u) in o.iter().enumerate().skip(common) {
                    open_f.push((u, Forest::default(), pre[c] + k, 0, None));
                }
                let blk = blocks[c].take().expect("child laid out");
                put!(blk, c, Some(c));
            }
            while !open_f.is_empty() {
                close!();
            }
            groups
        }};
    }

    for &v in &post {
        let d = depth[v];
        ytop[v] = grid.row_top(d);
        let (right, left) = staff_of(v);
        // Staff columns beside the box, top-aligned with it.
        let mut extent_l = -bw[v] / 2.0;
        let mut extent_r = bw[v] / 2.0;
        let mut bottom = ytop[v] + dh[v];
        for (side, sign) in [(&right, 1.0), (&left, -1.0)] {
            if side.is_empty() {
                continue;
            }
            let col_w = side.iter().map(|&s| bw[s]).fold(0.0, f64::max);
            let mut y = ytop[v];
            for &s in side.iter() {
                ytop[s] = y;
                y += dh[s] + STAFF_VGAP;
                place.hang(s, v, sign * (bw[v] / 2.0 + STAFF_GAP + bw[s] / 2.0), 0.0);
                place.order.push(s);
                bottom = bottom.max(ytop[s] + dh[s]);
            }
            if sign > 0.0 {
                extent_r += STAFF_GAP + col_w;
            } else {
                extent_l -= STAFF_GAP + col_w;
            }
        }
        let line: Vec<usize> = kids_of(v)
            .iter()
            .copied()
            .filter(|&c| role[c] != Role::Staff)
            .collect();
        let below = if line.is_empty() {
            None
        } else if stacked[v] {
            let row = grid.row_top(d + 1);
            let (stack, w, x_v, stack_bottom) =
                place_stack(&line, !lr, &mut bw, &dh, &mut ytop, &mut place.rel, row);
            for &c in &line {
                let x = place.rel[c] - x_v;
                place.hang(c, v, x, 0.0);
                place.order.push(c);
            }
            let spines = stack
                .spines
                .into_iter()
                .map(|(x, s)| (x - x_v, s))
                .collect();
            stacks.push((v, Stack { spines }));
            let last = grid.band_of(stack_bottom + CLEAR, d + 1);
            Some(Block::rect(-x_v, w - x_v, last - d, row, stack_bottom))
        } else {
            let groups = group_siblings!(&line, d + 1);
            match fold(d, groups, &bw, max_w, &mut grid) {
                Ok(f) => {
                    for &(e, x, y) in &f.placed {
                        place.hang(e, v, x, y);
                        place.order.push(e);
                    }
                    is_folded[v] = true;
                    let blk = f.block;
                    folds.push((v, f.spines, f.joins));
                    Some(blk)
                }
                Err(groups) => {
                    let mut f = Forest::default();
                    for (blk, id, _) in groups {
                        f.add(blk, id);
                    }
                    let (f, elems) = f.finish();
                    let x_v = (f.head_l + f.head_r) / 2.0;
                    for (e, off) in elems {
                        place.hang(e, v, off - x_v, 0.0);
                    }
                    let mut f = f;
                    f.l.off -= x_v;
                    f.r.off -= x_v;
                    f.lo -= x_v;
                    f.hi -= x_v;
                    Some(f)
                }
            }
        };
        let block = match below {
            Some(mut b) => {
                b.l.push_top(extent_l);
                b.r.push_top(extent_r);
                b.head_l = 0.0;
                b.head_r = 0.0;
                b.lo = b.lo.min(extent_l);
                b.hi = b.hi.max(extent_r);
                b.top = b.top.min(ytop[v]);
                b.bottom = b.bottom.max(bottom);
                b
            }
            None => {
                let mut b = Block::rect(extent_l, extent_r, 1, ytop[v], bottom);
                b.l = Contour::single(extent_l);
                b.r = Contour::single(extent_r);
                b
            }
        };
        blocks[v] = Some(block);
        place.order.push(v);
    }
    let mut top = Forest::default();
    for (blk, id, _) in group_siblings!(&roots, 0) {
        top.add(blk, id);
    }
    for (e, off) in top.finish().1 {
        place.hang(e, NONE, off, 0.0);
    }

    // Absolute offsets; a box's depth is its row's plus any fold's shift.
    let (abs, shift) = place.resolve();
    let y0: Vec<f64> = (0..n).map(|i| ytop[i] + shift[i]).collect();

    // Normalise: the top-left of everything drawn at the margin.
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
    let mut frame_rects = Vec::with_capacity(frames.len());
    for (f, &id) in frames.iter().zip(&frame_ids) {
        let (x0, x1) = (abs[id] + f.lo, abs[id] + f.hi);
        let (t, b) = (f.top + shift[id], f.bottom + shift[id]);
        min_b = min_b.min(x0);
        max_b = max_b.max(x1);
        min_d = min_d.min(t);
        max_d = max_d.max(b);
        frame_rects.push((f.cluster, x0, x1, t, b, f.nesting));
    }
    let sb = MARGIN - min_b;
    let sd = MARGIN - min_d;
    let map = |b: f64, d: f64| -> (f64, f64) {
        if lr {
            (d + sd, b + sb)
        } else {
            (b + sb, d + sd)
        }
    };

    chart.pos = (0..n).map(|i| map(abs[i], y0[i] + dh[i] / 2.0)).collect();
    for (i, node) in chart.nodes.iter_mut().enumerate() {
        // Stacked boxes may have been widened to their column.
        if lr {
            node.h = bw[i];
        } else {
            node.w = bw[i];
        }
    }
    chart.frames = frame_rects
        .iter()
        .map(|&(cluster, x0, x1, top, bottom, depth)| {
            let (x, y) = map(x0, top);
            let (w, h) = if lr {
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
        })
        .collect();
    // Outer frames first, so inner ones are drawn over them.
    chart.frames.sort_by_key(|f| f.depth);
    let (w, h) = if lr {
        (max_d - min_d, max_b - min_b)
    } else {
        (max_b - min_b, max_d - min_d)
    };
    chart.width = (w + 2.0 * MARGIN).ceil();
    chart.height = (h + 2.0 * MARGIN).ceil();

    // Connectors, in breadth/depth, then mapped.
    let mut wires: Vec<Wire> = Vec::with_capacity(n + stacks.len());
    let mut wire = |kind: WireKind, pts: &[(f64, f64)]| {
        wires.push(Wire {
            kind,
            points: pts.iter().map(|&(b, d)| map(b, d)).collect(),
        });
    };
    let bus_of = |v: usize| grid.bus[depth[v]] + shift[v];
    for (v, st) in &stacks {
        let v = *v;
        let xv = abs[v];
        let yb = y0[v] + dh[v];
        let bus = bus_of(v);
        let spine_x: Vec<f64> = st.spines.iter().map(|(x, _)| xv + x).collect();
        let lo = spine_x.iter().copied().fold(xv, f64::min);
        let hi = spine_x.iter().copied().fold(xv, f64::max);
        wire(WireKind::Report, &[(xv, yb), (xv, bus)]);
        if hi - lo > 0.5 {
            wire(WireKind::Report, &[(lo, bus), (hi, bus)]);
        }
        for ((_, side), &sx) in st.spines.iter().zip(&spine_x) {
            let last = side
                .iter()
                .map(|&(c, _)| y0[c] + dh[c] / 2.0)
                .fold(bus, f64::max);
            wire(WireKind::Report, &[(sx, bus), (sx, last)]);
            for &(c, right) in side {
                let y = y0[c] + dh[c] / 2.0;
                let edge = if right {
                    abs[c] - bw[c] / 2.0
                } else {
                    abs[c] + bw[c] / 2.0
                };
                wire(WireKind::Report, &[(sx, y), (edge, y)]);
            }
        }
    }
    for (v, spines, joins) in &folds {
        let v = *v;
        let xv = abs[v];
        let yb = y0[v] + dh[v];
        // One spine hangs straight from the manager; several share a line.
        let top = if spines.len() > 1 {
            let bus = bus_of(v);
            let lo = spines.iter().fold(0.0f64, |a, &s| a.min(s));
            let hi = spines.iter().fold(0.0f64, |a, &s| a.max(s));
            wire(WireKind::Report, &[(xv, yb), (xv, bus)]);
            wire(WireKind::Report, &[(xv + lo, bus), (xv + hi, bus)]);
            bus
        } else {
            yb
        };
        let mut last = vec![top; spines.len()];
        for j in joins {
            let c = j.head;
            let sx = xv + spines[j.spine];
            // Staff sit right first, then left: a join from the side
            // facing the spine would cross them.
            let staff = kids_of(c)
                .iter()
                .filter(|&&k| role[k] == Role::Staff)
                .count();
            let blocked = if j.left { staff >= 1 } else { staff >= 2 };
            let y = if blocked || !j.side {
                let y = j.above + shift[v];
                wire(WireKind::Report, &[(sx, y), (abs[c], y), (abs[c], y0[c])]);
                y
            } else {
                let y = y0[c] + dh[c] / 2.0;
                let edge = if j.left {
                    abs[c] + bw[c] / 2.0
                } else {
                    abs[c] - bw[c] / 2.0
                };
                wire(WireKind::Report, &[(sx, y), (edge, y)]);
                y
            };
            last[j.spine] = last[j.spine].max(y);
        }
        for (k, &s) in spines.iter().enumerate() {
            wire(WireKind::Report, &[(xv + s, top), (xv + s, last[k])]);
        }
    }
    let mut is_stacked_parent = vec![false; n];
    for (v, _) in &stacks {
        is_stacked_parent[*v] = true;
    }
    for &v in &post {
        let xv = abs[v];
        let (right, left) = staff_of(v);
        for (side, sign) in [(&right, 1.0), (&left, -1.0)] {
            let Some(&first) = side.first() else {
                continue;
            };
            let edge_v = xv + sign * bw[v] / 2.0;
            let ya = y0[v] + dh[v].min(dh[first]) / 2.0;
            let inner = |s: usize| abs[s] - sign * bw[s] / 2.0;
            if side.len() == 1 {
                wire(WireKind::Staff, &[(edge_v, ya), (inner(first), ya)]);
            } else {
                let sx = xv + sign * (bw[v] / 2.0 + STAFF_GAP / 2.0);
                let last = side.iter().map(|&s| y0[s] + dh[s] / 2.0).fold(ya, f64::max);
                wire(WireKind::Staff, &[(edge_v, ya), (sx, ya), (sx, last)]);
                for &s in side.iter() {
                    let y = if s == first { ya } else { y0[s] + dh[s] / 2.0 };
                    wire(WireKind::Staff, &[(sx, y), (inner(s), y)]);
                }
            }
        }
        if is_stacked_parent[v] || is_folded[v] {
            continue;
        }
        let line: Vec<usize> = kids_of(v)
            .iter()
            .copied()
            .filter(|&c| role[c] == Role::Row)
            .collect();
        let (Some(&first), Some(&last)) = (line.first(), line.last()) else {
            continue;
        };
        let yb = y0[v] + dh[v];
        let bus = bus_of(v);
        if line.len() == 1 && (abs[first] - xv).abs() < 0.5 {
            wire(WireKind::Report, &[(xv, yb), (xv, y0[first])]);
            continue;
        }
        wire(WireKind::Report, &[(xv, yb), (xv, bus)]);
        let lo = abs[first].min(xv);
        let hi = abs[last].max(xv);
        wire(WireKind::Report, &[(lo, bus), (hi, bus)]);
        for &c in &line {
            wire(WireKind::Report, &[(abs[c], bus), (abs[c], y0[c])]);
        }
    }

    // Dotted lines, routed between the boxes; one with no clear route, or
    // one that would wander across a large chart, is left to the box's
    // own mention of its partner.
    if !chart.dotted.is_empty() {
        let rects: Vec<route::Rect> = (0..n)
            .map(|i| route::Rect {
                b0: abs[i] - bw[i] / 2.0,
                b1: abs[i] + bw[i] / 2.0,
                d0: y0[i],
                d1: y0[i] + dh[i],
            })
            .collect();
        let lanes: Vec<f64> = grid.bus.iter().map(|b| b + BUS_BELOW / 2.0).collect();
        let router = route::Router::new(&rects, &grid.bus, &lanes);
        for &(a, b) in &chart.dotted {
            if a < n && b < n && a != b {
                if let Some(pts) = router.clear_route(a, b, MAX_DOTTED) {
                    wire(WireKind::Dotted, &pts);
                }
            }
        }
    }
    chart.wires = wires;
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
    let k = groups.len();
    let widths: Vec<f64> = groups.iter().map(|g| g.0.hi - g.0.lo).collect();
    let heights: Vec<f64> = groups
        .iter()
        .map(|g| g.0.bottom - g.0.top + FOLD_VGAP)
        .collect();
    let row_w: f64 = widths.iter().sum::<f64>() + H_GAP * (k - 1) as f64;
    let row_h = groups.iter().map(|g| g.0.bottom).fold(row, f64::max) - row;
    // A team of single boxes (each perhaps in its unit's frame) folds as a
    // stacked team would; larger subtrees only when the row is too wide.
    let single_boxes = groups.iter().all(|g| g.0.l.len() == 1);
    let wide = row_w >= FOLD_MIN_WIDTH && row_w >= FOLD_ASPECT * row_h.max(1.0);
    if !(wide || single_boxes && k >= STACK_MIN) {
        return Err(groups);
    }
    let score = |w: f64, h: f64| (w / h.max(1.0) / TARGET_ASPECT).ln().abs();
    // Columns for `cols` columns: contiguous runs, each about the average depth.
    let columns = |cols: usize| -> Vec<std::ops::Range<usize>> {
        let total: f64 = heights.iter().sum();
        let target = total / cols as f64;
        let mut out = Vec::with_capacity(cols);
        let mut start = 0;
        let mut acc = 0.0;
        for (i, &h) in heights.iter().enumerate() {
            let left_cols = cols - out.len();
            let left_items = k - i;
            if i > start && (acc + h / 2.0 > target || left_items < left_cols) && left_cols > 1 {
                out.push(start..i);
                start = i;
                acc = 0.0;
            }
            acc += h;
        }
        out.push(start..k);
        out
    };
    let measure = |cols: &[std::ops::Range<usize>]| -> (f64, f64) {
        let mut w = 0.0;
        let mut h = 0.0f64;
        for (j, c) in cols.iter().enumerate() {
            w += c.clone().map(|i| widths[i]).fold(0.0, f64::max);
            w += if j % 2 == 0 { SPINE_GAP } else { H_GAP };
            h = h.max(c.clone().map(|i| heights[i]).sum());
        }
        (w, h)
    };
    // The shape nearest the target, among those no wider than the page
    // if any is.
    let over = |w: f64| (w - max_w).max(0.0).ceil();
    // ((width over the page, distance from the target shape), columns)
    type Choice = ((f64, f64), Vec<std::ops::Range<usize>>);
    let mut best: Option<Choice> = None;
    // A chart for a page may also hang everything on one side of one
    // spine: narrower, and deeper, which a page scrolls well.
    let one = if max_w.is_finite() { Some(1) } else { None };
    for n in one.into_iter().chain((1..=k.div_ceil(2)).map(|p| 2 * p)) {
        let cols = columns(n);
        let (w, h) = measure(&cols);
        let key = (over(w), score(w, h));
        if best
            .as_ref()
            .is_none_or(|b| key.0 < b.0 .0 || (key.0 == b.0 .0 && key.1 < b.0 .1 - 1e-9))
        {
            best = Some((key, cols));
        }
    }
    let Some((key, cols)) = best else {
        return Err(groups);
    };
    let row_key = (over(row_w), score(row_w, row_h));
    if key.0 > row_key.0 || (key.0 == row_key.0 && key.1 >= row_key.1) {
        return Err(groups);
    }
    // Place: pairs of columns around spines, left to right.
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
    // The manager sits over the middle of its spines.
    let centre = (spines[0] + spines[spines.len() - 1]) / 2.0;
    for p in &mut placed {
        p.1 -= centre;
    }
    for s in &mut spines {
        *s -= centre;
    }
    let last = grid.band_of(bottom + CLEAR, d + 1);
    Ok(Folded {
        block: Block::rect(lo - centre, hi - centre, last - d, row, bottom),
        placed,
        spines,
        joins,
    })
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
