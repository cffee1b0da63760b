//! A chart on paper. A chart that fits a landscape page (A4 or Letter) at
//! a readable size prints whole; a larger one is cut into pages unit by
//! unit: a unit's head ends its manager's page with "continued on p. N" and
//! starts page N under "continued from p. M". A unit too large for a page is
//! cut further by depth, and a manager with too many reports for one page
//! continues over several. Pages are never shrunk below [`MIN_SCALE`].
//!
//! Each page is its own small chart, laid out by the tree layout; deciding
//! the cuts lays out each candidate page a few times, and a page never
//! holds more than [`MAX_ROWS`] rows, so the work stays linear in the chart.

use std::collections::{BTreeSet, HashMap, VecDeque};

use super::{Chart, ChartNode, LineKind, More, NodeStyle};

/// The printable area of a landscape A4 or Letter page with 10 mm margins,
/// less a heading, in CSS px (96 per inch).
pub const PAGE_W: f64 = 960.0;
pub const PAGE_H: f64 = 600.0;
/// Smallest scale a page is printed at: 15 px titles become about 7 pt.
pub const MIN_SCALE: f64 = 0.62;
/// Rows on one page, at most.
pub const MAX_ROWS: usize = 12;
/// How many cut units a page tries to take back.
const MAX_KEEP_TRIES: usize = 16;
/// CSS px to millimetres.
const MM_PER_PX: f64 = 25.4 / 96.0;

/// Words printed pages need, with `{n}` for a page number.
pub struct PrintLabels<'a> {
    pub continued_on: &'a str,
    pub continued_from: &'a str,
    pub continued: &'a str,
    /// Between the titles of a page's top boxes ("、", ", ").
    pub name_sep: &'a str,
}

/// One printed page.
#[derive(Debug, Clone)]
pub struct PrintPage {
    pub number: usize,
    /// The page's top position (and its unit).
    pub title: String,
    /// "continued from p. M", when the page continues another.
    pub from: Option<String>,
    pub chart: Chart,
    /// Printed size, in mm.
    pub width_mm: f64,
    pub height_mm: f64,
}

/// What a page shows: `roots` (one, or several small subtrees packed
/// together) and their subtrees down to `rows` rows below, cut at the heads
/// of units when `by_unit`; with one root, only the reports in `range`
/// when a manager's reports are split over pages.
#[derive(Debug, Clone)]
struct Spec {
    roots: Vec<usize>,
    range: Option<(usize, usize)>,
    rows: usize,
    by_unit: bool,
    /// Unit heads kept on this page although `by_unit`.
    keep: Vec<usize>,
    /// Pages continuing this one, in the order their references appear.
    next: Vec<usize>,
    from: Option<usize>,
}

struct Tree {
    kids: Vec<Vec<usize>>,
    parent: Vec<Option<usize>>,
    /// Width and height of each box's whole subtree in the chart's own
    /// layout: what it takes on a page of its own.
    extent: Vec<(f64, f64)>,
}

impl Tree {
    fn new(chart: &Chart) -> Tree {
        let n = chart.nodes.len();
        let mut kids = vec![Vec::new(); n];
        let mut parent = vec![None; n];
        for &(p, c) in &chart.edges {
            kids[p].push(c);
            parent[c] = Some(p);
        }
        // Bounding boxes, children before parents (edges list managers
        // before reports, so reverse pre-order works).
        let mut bb: Vec<(f64, f64, f64, f64)> = (0..n)
            .map(|i| {
                let (x, y, w, h) = chart.rect(i);
                (x, y, x + w, y + h)
            })
            .collect();
        let mut order = Vec::with_capacity(n);
        let mut stack: Vec<usize> = (0..n).filter(|&i| parent[i].is_none()).collect();
        while let Some(v) = stack.pop() {
            order.push(v);
            stack.extend(kids[v].iter().copied());
        }
        for &v in order.iter().rev() {
            if let Some(p) = parent[v] {
                let c = bb[v];
                let b = &mut bb[p];
                *b = (b.0.min(c.0), b.1.min(c.1), b.2.max(c.2), b.3.max(c.3));
            }
        }
        let extent = bb.iter().map(|b| (b.2 - b.0, b.3 - b.1)).collect();
        Tree {
            kids,
            parent,
            extent,
        }
    }
}

fn fits(c: &Chart) -> bool {
    c.width * MIN_SCALE <= PAGE_W && c.height * MIN_SCALE <= PAGE_H
}

/// A trial page must fit with a little room to spare: the final page's
/// page numbers may change a box's width, and with it the layout.
fn fits_trial(c: &Chart) -> bool {
    c.width * MIN_SCALE <= PAGE_W * 0.96 && c.height * MIN_SCALE <= PAGE_H * 0.96
}

/// Cuts a chart into printed pages. The chart's own layout decides whether
/// one page is enough; the pages are laid out afresh.
pub fn paginate(chart: &Chart, labels: &PrintLabels) -> Vec<PrintPage> {
    let n = chart.nodes.len();
    if n == 0 || chart.pos.len() != n {
        return Vec::new();
    }
    if fits(chart) {
        return vec![page(1, chart.clone(), String::new(), None)];
    }
    let tree = Tree::new(chart);
    // Decide the pages, each before the pages continuing it.
    type Todo = (Vec<usize>, Option<(usize, usize)>, Option<usize>);
    let mut specs: Vec<Spec> = Vec::new();
    let mut queue: VecDeque<Todo> = (0..n)
        .filter(|&i| tree.parent[i].is_none())
        .map(|r| (vec![r], None, None))
        .collect();
    while let Some((roots, range, from)) = queue.pop_front() {
        let spec = if roots.len() == 1 {
            decide(chart, &tree, roots[0], range, from, labels)
        } else {
            let s = Spec {
                roots: roots.clone(),
                range: None,
                rows: MAX_ROWS - 1,
                by_unit: false,
                keep: Vec::new(),
                next: Vec::new(),
                from,
            };
            if !try_fit(chart, &tree, &s, labels) {
                // The estimate was wrong: one page each.
                for r in roots.into_iter().rev() {
                    queue.push_front((vec![r], None, from));
                }
                continue;
            }
            s
        };
        let id = specs.len();
        let (_, cuts) = piece(chart, &tree, &spec, &|_| 0, 0, labels);
        if let Some(f) = from {
            specs[f].next.push(id);
        }
        for g in pack(&cuts, &tree) {
            queue.push_back((g, None, Some(id)));
        }
        // The rest of a split team continues on a page of its own.
        if let (Some((_, b)), [r]) = (spec.range, spec.roots.as_slice()) {
            let end = tree.kids[*r].len();
            if b < end {
                queue.push_back((vec![*r], Some((b, end)), Some(id)));
            }
        }
        specs.push(spec);
    }
    // Number the pages depth first, from the top, so that a unit's pages
    // follow one another.
    let mut number = vec![0usize; specs.len()];
    let mut k = 0;
    let mut stack: Vec<usize> = (0..specs.len())
        .filter(|&s| specs[s].from.is_none())
        .rev()
        .collect();
    while let Some(s) = stack.pop() {
        k += 1;
        number[s] = k;
        stack.extend(specs[s].next.iter().rev());
    }
    // The page continuing each cut box (or a split team: its manager).
    let mut page_of: HashMap<(usize, usize), usize> = HashMap::new();
    for (i, sp) in specs.iter().enumerate() {
        if let Some(f) = sp.from {
            for &r in &sp.roots {
                page_of.insert((f, r), number[i]);
            }
        }
    }
    let mut pages: Vec<PrintPage> = specs
        .iter()
        .enumerate()
        .map(|(i, sp)| {
            let lookup = |c: usize| page_of.get(&(i, c)).copied().unwrap_or(0);
            let from_no = sp.from.map_or(0, |f| number[f]);
            let (mut c, _) = piece(chart, &tree, sp, &lookup, from_no, labels);
            c.layout();
            let from = sp
                .from
                .map(|_| labels.continued_from.replace("{n}", &from_no.to_string()));
            page(
                number[i],
                c,
                page_title(chart, &sp.roots, labels.name_sep),
                from,
            )
        })
        .collect();
    pages.sort_by_key(|p| p.number);
    pages
}

/// Groups boxes cut off a page (in reading order) into pages: runs of
/// small subtrees side by side, a large one alone.
fn pack(cuts: &[usize], tree: &Tree) -> Vec<Vec<usize>> {
    const GAP: f64 = 24.0;
    // Room for the managers above each subtree, and the margins.
    let cap_w = PAGE_W / MIN_SCALE - 40.0;
    let cap_h = PAGE_H / MIN_SCALE - 140.0;
    let mut out = Vec::new();
    let mut cur: Vec<usize> = Vec::new();
    let mut w = 0.0;
    for &c in cuts {
        let (cw, ch) = tree.extent[c];
        if cw > cap_w || ch > cap_h {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            out.push(vec![c]);
            continue;
        }
        if !cur.is_empty() && w + GAP + cw > cap_w {
            out.push(std::mem::take(&mut cur));
        }
        w = if cur.is_empty() { cw } else { w + GAP + cw };
        cur.push(c);
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

fn page(number: usize, chart: Chart, title: String, from: Option<String>) -> PrintPage {
    let scale = (PAGE_W / chart.width).min(PAGE_H / chart.height).min(1.0);
    PrintPage {
        number,
        title,
        from,
        width_mm: (chart.width * scale * MM_PER_PX * 10.0).floor() / 10.0,
        height_mm: (chart.height * scale * MM_PER_PX * 10.0).floor() / 10.0,
        chart,
    }
}

/// "Unit · position" for the page's first top box, and the others'
/// titles after it.
fn page_title(chart: &Chart, roots: &[usize], sep: &str) -> String {
    let Some(&first) = roots.first() else {
        return String::new();
    };
    let node = &chart.nodes[first];
    let mut title = match node.units.last().and_then(|&u| chart.clusters.get(u)) {
        Some(cl) if cl.label != node.title => format!("{} · {}", cl.label, node.title),
        _ => node.title.clone(),
    };
    for &r in &roots[1..] {
        title.push_str(sep);
        title.push_str(&chart.nodes[r].title);
    }
    crate::text::shorten(&title, 40.0)
}

/// Whether a page would fit, laid out with page numbers as wide as any.
fn try_fit(chart: &Chart, tree: &Tree, s: &Spec, labels: &PrintLabels) -> bool {
    let (mut c, _) = piece(chart, tree, s, &|_| 9999, 9999, labels);
    c.layout();
    fits_trial(&c)
}

/// How much of `root`'s subtree one page takes, trying in turn: all of
/// it; cut at the heads of units, keeping as many small units as fit; the
/// manager with as many whole subtrees of its reports as fit (the rest
/// continue on another page); fewer rows; the manager with as many of its
/// reports as fit, each cut below.
fn decide(
    chart: &Chart,
    tree: &Tree,
    root: usize,
    range: Option<(usize, usize)>,
    from: Option<usize>,
    labels: &PrintLabels,
) -> Spec {
    let spec = |rows: usize, by_unit: bool, range: Option<(usize, usize)>| Spec {
        roots: vec![root],
        range,
        rows,
        by_unit,
        keep: Vec::new(),
        next: Vec::new(),
        from,
    };
    let full = MAX_ROWS - 1;
    let (a, end) = range.unwrap_or((0, tree.kids[root].len()));
    // The largest number of reports from `a` that fit with `rows` rows.
    let most = |rows: usize| -> usize {
        let (mut lo, mut hi) = (1usize, end.saturating_sub(a));
        let mut best = 0;
        while lo <= hi {
            let mid = (lo + hi) / 2;
            if try_fit(chart, tree, &spec(rows, true, Some((a, a + mid))), labels) {
                best = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        best
    };
    if range.is_none() {
        let whole = spec(full, false, None);
        if try_fit(chart, tree, &whole, labels) {
            return whole;
        }
        let mut by_unit = spec(full, true, None);
        if try_fit(chart, tree, &by_unit, labels) {
            // Bring back units while they fit, in reading order.
            let (_, cuts) = piece(chart, tree, &by_unit, &|_| 0, 0, labels);
            for c in cuts.into_iter().take(MAX_KEEP_TRIES) {
                by_unit.keep.push(c);
                if !try_fit(chart, tree, &by_unit, labels) {
                    by_unit.keep.pop();
                }
            }
            return by_unit;
        }
    }
    let g = most(full);
    if g > 0 {
        return spec(full, true, Some((a, a + g)));
    }
    if range.is_none() {
        // Fewer rows: the most that fit.
        let (mut lo, mut hi) = (1usize, full - 1);
        let mut best = None;
        while lo <= hi {
            let mid = (lo + hi) / 2;
            if try_fit(chart, tree, &spec(mid, true, None), labels) {
                best = Some(mid);
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        if let Some(rows) = best {
            return spec(rows, true, None);
        }
    }
    let g = most(1).max(1);
    spec(1, true, Some((a, (a + g).min(end))))
}

/// The chart of one page, and the boxes cut off it (whose subtrees go on
/// other pages) in reading order. `page_at(box)` is the page a cut box
/// continues on; `from_no` the page this one continues.
fn piece(
    chart: &Chart,
    tree: &Tree,
    spec: &Spec,
    page_at: &dyn Fn(usize) -> usize,
    from_no: usize,
    labels: &PrintLabels,
) -> (Chart, Vec<usize>) {
    let mut out = Chart {
        direction: chart.direction,
        ..Chart::default()
    };
    let mut cuts = Vec::new();
    let single = spec.roots.len() == 1;
    // (box, or None for a "the rest of the team" reference; rows below the
    // top; its manager on this page; cut here?)
    type Item = (Option<usize>, usize, Option<usize>, bool);
    let mut items: Vec<Item> = Vec::new();
    // Managers above the page's top boxes, as references back.
    let mut context: Vec<(usize, usize)> = Vec::new();
    for &r in &spec.roots {
        let continuing = single && spec.range.is_some_and(|(a, _)| a > 0);
        let mut above = None;
        if let (Some(p), false) = (tree.parent[r], continuing) {
            above = Some(match context.iter().find(|(q, _)| *q == p) {
                Some(&(_, c)) => c,
                None => {
                    let c = out.add(manager_above(chart, p, spec, from_no, labels));
                    context.push((p, c));
                    c
                }
            });
        }
        items.push((Some(r), 0, above, false));
    }
    items.reverse();
    let mut stack = items;
    while let Some((v, depth, parent, cut)) = stack.pop() {
        let Some(v) = v else {
            // The rest of the team is on another page.
            let r = spec.roots[0];
            let k = page_at(r);
            let mut stub = ChartNode::new(&labels.continued_on.replace("{n}", &k.to_string()));
            stub.style = NodeStyle::Stub;
            stub.href = Some(format!("#print-page-{k}"));
            stub.units = chart.nodes[r].units.clone();
            let s = out.add(stub);
            if let Some(p) = parent {
                out.edges.push((p, s));
            }
            continue;
        };
        let is_root = depth == 0;
        let (a, b) = match spec.range {
            Some(r) if is_root && single => r,
            _ => (0, tree.kids[v].len()),
        };
        let mut node = chart.nodes[v].clone();
        node.more = None;
        if is_root && a > 0 {
            node.style = NodeStyle::Context;
            node.title = format!("{} {}", node.title, labels.continued);
            node.lines = vec![(
                labels.continued_from.replace("{n}", &from_no.to_string()),
                LineKind::Note,
            )];
        }
        if cut {
            cuts.push(v);
            let k = page_at(v);
            node.more = Some(More {
                count: tree.kids[v].len(),
                label: labels.continued_on.replace("{n}", &k.to_string()),
                href: format!("#print-page-{k}"),
            });
        }
        let n = out.add(node);
        if let Some(p) = parent {
            out.edges.push((p, n));
        }
        if cut {
            continue;
        }
        let kids = &tree.kids[v][a.min(b)..b.min(tree.kids[v].len())];
        if is_root && single && b < tree.kids[v].len() {
            stack.push((None, depth + 1, Some(n), false));
        }
        for &c in kids.iter().rev() {
            let has_kids = !tree.kids[c].is_empty();
            let opens = {
                let (u, pu) = (&chart.nodes[c].units, &chart.nodes[v].units);
                u.len() > pu.len() || u.iter().zip(pu).any(|(x, y)| x != y)
            };
            let unit_cut = spec.by_unit && opens && !spec.keep.contains(&c);
            let cut_c = has_kids && (depth + 1 >= spec.rows || unit_cut);
            stack.push((Some(c), depth + 1, Some(n), cut_c));
        }
    }
    keep_used_units(chart, &mut out);
    (out, cuts)
}

/// A page's reference back to the manager above one of its top boxes.
fn manager_above(
    chart: &Chart,
    p: usize,
    spec: &Spec,
    from_no: usize,
    labels: &PrintLabels,
) -> ChartNode {
    let mut ctx = ChartNode::new(&chart.nodes[p].title);
    ctx.style = NodeStyle::Context;
    ctx.href = chart.nodes[p].href.clone();
    ctx.tooltip = chart.nodes[p].tooltip.clone();
    if spec.from.is_some() {
        ctx.lines = vec![(
            labels.continued_from.replace("{n}", &from_no.to_string()),
            LineKind::Note,
        )];
    }
    ctx
}

/// Only the units on this page, in the chart's order: copying every unit
/// of a large chart into each of thousands of trial pages made pagination
/// quadratic.
fn keep_used_units(chart: &Chart, out: &mut Chart) {
    let used: BTreeSet<usize> = out
        .nodes
        .iter()
        .flat_map(|n| n.units.iter().copied())
        .collect();
    let new_index: HashMap<usize, usize> = used.iter().enumerate().map(|(k, &u)| (u, k)).collect();
    for node in &mut out.nodes {
        for u in &mut node.units {
            *u = new_index[u];
        }
    }
    out.clusters = used.iter().map(|&u| chart.clusters[u].clone()).collect();
}
