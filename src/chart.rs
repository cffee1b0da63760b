//! The organisation chart: which boxes a view shows, where they go, and the
//! SVG that draws them.
//!
//! Tree views (the whole organisation, a unit) use a tree layout of our own
//! that is linear in the number of boxes and keeps sibling order. The small
//! neighbourhood view of a position, which is not a tree once dotted lines
//! join it, is laid out by layout-rs through its API with our own box sizes;
//! both are drawn by the one SVG writer here, so every box is a link, text is
//! measured per character class and output is deterministic.

use std::fmt::Write;

use crate::content::{ColorBy, HolderStatus};
use crate::model::{Link, Org};

const FONT: &str = "'Noto Sans CJK TC','Noto Sans TC','PingFang TC','Microsoft JhengHei','Noto Sans CJK SC',system-ui,sans-serif";
const TITLE_SIZE: f64 = 15.0;
const LINE_SIZE: f64 = 12.5;
const PAD_X: f64 = 14.0;
const MIN_W: f64 = 116.0;
const H_GAP: f64 = 22.0;
const V_GAP: f64 = 46.0;
const MARGIN: f64 = 16.0;
const MAX_NAMES: usize = 4;

/// A palette for levels and for units without a colour.
const PALETTE: [&str; 8] = [
    "#3b5b92", "#2f7d6d", "#9a5b2f", "#7b4b94", "#2f6f9f", "#8a7a24", "#a0434f", "#4f6d3a",
];

/// Width of a text in em: CJK and full-width characters are about one em,
/// others about half.
pub fn text_width_em(s: &str) -> f64 {
    s.chars().map(char_width_em).sum()
}

fn char_width_em(c: char) -> f64 {
    let u = c as u32;
    let wide = matches!(u,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6 | 0x1F300..=0x1F64F | 0x20000..=0x3FFFD);
    if wide {
        1.0
    } else if c.is_ascii_uppercase() || matches!(c, 'm' | 'w' | 'M' | 'W' | '@') {
        0.68
    } else if matches!(
        c,
        'i' | 'l' | 'j' | '.' | ',' | ':' | ';' | '\'' | '|' | '!' | ' '
    ) {
        0.3
    } else {
        0.56
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeStyle {
    Normal,
    /// The position a page is about.
    Focus,
    /// Outside the view's scope: an external entry or a manager outside a unit.
    Context,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    Holders,
    Pending,
    Vacant,
    Note,
}

#[derive(Debug, Clone)]
pub struct ChartNode {
    /// Link target relative to the site root, if the box links anywhere.
    pub href: Option<String>,
    pub title: String,
    pub lines: Vec<(String, LineKind)>,
    pub color: String,
    pub style: NodeStyle,
    pub tooltip: String,
    /// All seats vacant: drawn with a dashed border.
    pub empty: bool,
    pub w: f64,
    pub h: f64,
}

/// A view: boxes, reporting lines (manager -> report) and dotted lines.
#[derive(Debug, Clone, Default)]
pub struct Chart {
    pub nodes: Vec<ChartNode>,
    pub edges: Vec<(usize, usize)>,
    pub dotted: Vec<(usize, usize)>,
    /// Box centres after layout.
    pub pos: Vec<(f64, f64)>,
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

/// Strings the chart needs, in the site's language.
pub struct Labels<'a> {
    pub t: &'a std::collections::BTreeMap<String, String>,
}

impl Labels<'_> {
    fn get<'k>(&'k self, k: &'k str) -> &'k str {
        self.t.get(k).map(String::as_str).unwrap_or(k)
    }
}

impl Chart {
    fn add(&mut self, mut node: ChartNode) -> usize {
        let title_w = text_width_em(&node.title) * TITLE_SIZE;
        let line_w = node
            .lines
            .iter()
            .map(|(s, _)| text_width_em(s) * LINE_SIZE)
            .fold(0.0, f64::max);
        node.w = (title_w.max(line_w) + 2.0 * PAD_X).max(MIN_W).ceil();
        node.h = 16.0 + TITLE_SIZE + node.lines.len() as f64 * (LINE_SIZE + 5.0) + 10.0;
        self.nodes.push(node);
        self.nodes.len() - 1
    }
}

/// The box for a position.
pub fn position_node(
    org: &Org,
    i: usize,
    labels: &Labels,
    style: NodeStyle,
    hidden_below: usize,
) -> ChartNode {
    let p = &org.positions[i];
    let show = org.config.show_holders;
    let mut lines = Vec::new();
    let names = |status: fn(HolderStatus) -> bool| -> Vec<String> {
        p.holders
            .iter()
            .filter(|h| status(h.status))
            .map(|h| {
                let mut n = h.name.clone();
                if h.status == HolderStatus::Acting {
                    n.push_str(&format!("（{}）", labels.get("acting")));
                }
                if h.concurrent {
                    n.push_str(&format!("（{}）", labels.get("concurrent")));
                }
                n
            })
            .collect()
    };
    let seats = p.seats();
    if show {
        let filled = names(|s| s != HolderStatus::Pending);
        if !filled.is_empty() {
            lines.push((join_names(&filled), LineKind::Holders));
        }
        let pending = names(|s| s == HolderStatus::Pending);
        if !pending.is_empty() {
            lines.push((
                format!("{}：{}", labels.get("pending"), join_names(&pending)),
                LineKind::Pending,
            ));
        }
    } else {
        if seats.filled > 0 {
            lines.push((
                format!("{} {}", labels.get("filled"), seats.filled),
                LineKind::Holders,
            ));
        }
        if seats.pending > 0 {
            lines.push((
                format!("{} {}", labels.get("pending"), seats.pending),
                LineKind::Pending,
            ));
        }
    }
    if seats.vacant > 0 {
        lines.push((
            format!("{} ×{}", labels.get("vacant"), seats.vacant),
            LineKind::Vacant,
        ));
    }
    if hidden_below > 0 {
        lines.push((
            format!("▾ {} {}", hidden_below, labels.get("more_below")),
            LineKind::Note,
        ));
    }
    let mut tooltip = p.title.clone();
    if let Some(e) = p.external_title.as_ref().filter(|e| **e != p.title) {
        tooltip.push_str(&format!("（{}）", e));
    }
    if let Some(l) = &p.level {
        tooltip.push_str(&format!(" · {l}"));
    }
    tooltip.push_str(&format!(
        " · {} {} / {} {} / {} {} / {} {}",
        labels.get("planned"),
        seats.planned,
        labels.get("filled"),
        seats.filled,
        labels.get("pending"),
        seats.pending,
        labels.get("vacant"),
        seats.vacant
    ));
    ChartNode {
        href: Some(format!("positions/{}.html", p.id)),
        title: p.title.clone(),
        lines,
        color: position_color(org, i),
        style,
        tooltip,
        empty: seats.vacant == seats.planned && seats.planned > 0,
        w: 0.0,
        h: 0.0,
    }
}

fn join_names(names: &[String]) -> String {
    if names.len() <= MAX_NAMES {
        names.join("、")
    } else {
        format!(
            "{} … +{}",
            names[..MAX_NAMES - 1].join("、"),
            names.len() - (MAX_NAMES - 1)
        )
    }
}

/// The colour of a position's box: its unit's (or level's) colour.
pub fn position_color(org: &Org, i: usize) -> String {
    let p = &org.positions[i];
    match org.config.chart.color_by {
        ColorBy::Level => p.rank.map(|r| PALETTE[r % PALETTE.len()].to_string()),
        ColorBy::Unit => p.unit.map(|u| {
            org.unit_color(u)
                .filter(|c| is_color(c))
                .map(str::to_string)
                .unwrap_or_else(|| PALETTE[u % PALETTE.len()].to_string())
        }),
    }
    .unwrap_or_else(|| "#5b6475".to_string())
}

/// `#rgb` or `#rrggbb`: the only colours that reach the SVG.
pub fn is_color(s: &str) -> bool {
    s.strip_prefix('#')
        .is_some_and(|h| (h.len() == 3 || h.len() == 6) && h.chars().all(|c| c.is_ascii_hexdigit()))
}

fn context_node(title: &str, note: &str, href: Option<String>) -> ChartNode {
    ChartNode {
        href,
        title: title.to_string(),
        lines: vec![(note.to_string(), LineKind::Note)],
        color: "#9aa3b2".into(),
        style: NodeStyle::Context,
        tooltip: format!("{title} · {note}"),
        empty: false,
        w: 0.0,
        h: 0.0,
    }
}

/// The tree of `members` (positions), with their managers outside the set
/// shown as context boxes above them. `depth` limits how many levels of
/// positions are drawn (0: all).
pub fn tree_chart(org: &Org, members: &[usize], depth: usize, labels: &Labels) -> Chart {
    let mut chart = Chart::default();
    let mut in_set = vec![false; org.positions.len()];
    for &i in members {
        in_set[i] = true;
    }
    let mut node_of = vec![usize::MAX; org.positions.len()];
    let mut context: Vec<(Link, usize)> = Vec::new();
    // Roots of the view, in chart order.
    let order = org.chart_order();
    let tops: Vec<usize> = order
        .iter()
        .copied()
        .filter(|&i| {
            in_set[i]
                && !org.positions[i]
                    .manager_index()
                    .is_some_and(|m| in_set[m] && m != i)
        })
        .collect();
    let mut stack: Vec<(usize, usize, Option<usize>)> =
        tops.iter().rev().map(|&i| (i, 1, None)).collect();
    while let Some((i, d, parent)) = stack.pop() {
        if node_of[i] != usize::MAX {
            continue;
        }
        let kids: Vec<usize> = org.positions[i]
            .children
            .iter()
            .copied()
            .filter(|&c| in_set[c])
            .collect();
        let cut = depth > 0 && d >= depth;
        let hidden = if cut { kids.len() } else { 0 };
        let n = chart.add(position_node(org, i, labels, NodeStyle::Normal, hidden));
        node_of[i] = n;
        match parent {
            Some(pn) => chart.edges.push((pn, n)),
            None => {
                // A manager outside the view: draw it once, above.
                if let Some(l) = org.positions[i].manager.clone() {
                    let cn = match context.iter().find(|(x, _)| *x == l) {
                        Some(&(_, cn)) => cn,
                        None => {
                            let node = match &l {
                                Link::Position(m) => context_node(
                                    &org.positions[*m].title,
                                    labels.get("reports_to"),
                                    Some(format!("positions/{}.html", org.positions[*m].id)),
                                ),
                                Link::External(_) => {
                                    context_node(org.link_title(&l), labels.get("external"), None)
                                }
                                Link::Missing(name) => {
                                    context_node(name, labels.get("unknown_position"), None)
                                }
                            };
                            let cn = chart.add(node);
                            context.push((l, cn));
                            cn
                        }
                    };
                    chart.edges.push((cn, n));
                }
            }
        }
        if !cut {
            for &c in kids.iter().rev() {
                stack.push((c, d + 1, Some(n)));
            }
        }
    }
    for &i in members {
        for l in &org.positions[i].dotted_line {
            if let Link::Position(j) = l {
                if node_of[i] != usize::MAX && node_of[*j] != usize::MAX {
                    chart.dotted.push((node_of[*j], node_of[i]));
                }
            }
        }
    }
    layout_tree(&mut chart);
    chart
}

/// Tidy layered tree layout, linear in the number of boxes: each subtree
/// gets a band as wide as the wider of its box and its children's bands;
/// a parent is centred over its children. `edges` must form a forest whose
/// children are listed in sibling order.
fn layout_tree(chart: &mut Chart) {
    let n = chart.nodes.len();
    let mut kids: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut has_parent = vec![false; n];
    for &(p, c) in &chart.edges {
        kids[p].push(c);
        has_parent[c] = true;
    }
    let roots: Vec<usize> = (0..n).filter(|&i| !has_parent[i]).collect();
    // Depth of every box, and post-order for the band widths.
    let mut depth = vec![0usize; n];
    let mut post = Vec::with_capacity(n);
    let mut stack: Vec<(usize, bool)> = roots.iter().rev().map(|&r| (r, false)).collect();
    while let Some((i, done)) = stack.pop() {
        if done {
            post.push(i);
            continue;
        }
        stack.push((i, true));
        for &c in kids[i].iter().rev() {
            depth[c] = depth[i] + 1;
            stack.push((c, false));
        }
    }
    let mut band = vec![0.0f64; n];
    for &i in &post {
        let kids_w: f64 = kids[i].iter().map(|&c| band[c]).sum::<f64>()
            + H_GAP * kids[i].len().saturating_sub(1) as f64;
        band[i] = chart.nodes[i].w.max(kids_w);
    }
    // Row heights and tops.
    let rows = depth.iter().max().map_or(0, |d| d + 1);
    let mut row_h = vec![0.0f64; rows];
    for i in 0..n {
        row_h[depth[i]] = row_h[depth[i]].max(chart.nodes[i].h);
    }
    let mut row_top = vec![MARGIN; rows];
    for r in 1..rows {
        row_top[r] = row_top[r - 1] + row_h[r - 1] + V_GAP;
    }
    // Pre-order: place each band, centre the box over its children.
    let mut x = vec![0.0f64; n];
    let mut left = vec![0.0f64; n];
    let mut cursor = MARGIN;
    for &r in &roots {
        left[r] = cursor;
        cursor += band[r] + H_GAP;
    }
    let mut order = Vec::with_capacity(n);
    let mut stack: Vec<usize> = roots.iter().rev().copied().collect();
    while let Some(i) = stack.pop() {
        order.push(i);
        let kids_w: f64 = kids[i].iter().map(|&c| band[c]).sum::<f64>()
            + H_GAP * kids[i].len().saturating_sub(1) as f64;
        let mut l = left[i] + (band[i] - kids_w) / 2.0;
        for &c in &kids[i] {
            left[c] = l;
            l += band[c] + H_GAP;
        }
        stack.extend(kids[i].iter().rev());
    }
    // Centres, children before parents.
    for &i in order.iter().rev() {
        x[i] = match (kids[i].first(), kids[i].last()) {
            (Some(&a), Some(&b)) => (x[a] + x[b]) / 2.0,
            _ => left[i] + band[i] / 2.0,
        };
    }
    chart.pos = (0..n)
        .map(|i| (x[i], row_top[depth[i]] + chart.nodes[i].h / 2.0))
        .collect();
}

/// Where a position sits: its chain of command, itself, its direct reports
/// and its dotted-line partners, laid out by layout-rs.
pub fn neighbourhood_chart(org: &Org, i: usize, labels: &Labels) -> Chart {
    let mut chart = Chart::default();
    let p = &org.positions[i];
    let mut chain = org.chain(i);
    chain.reverse();
    let mut prev = None;
    // An external or unknown manager above the top of the chain.
    let top = chain.first().copied().unwrap_or(i);
    match &org.positions[top].manager {
        Some(l @ Link::External(_)) => {
            prev = Some(chart.add(context_node(
                org.link_title(l),
                labels.get("external"),
                None,
            )));
        }
        Some(Link::Missing(name)) => {
            prev = Some(chart.add(context_node(name, labels.get("unknown_position"), None)));
        }
        _ => {}
    }
    for &m in &chain {
        let n = chart.add(position_node(org, m, labels, NodeStyle::Normal, 0));
        if let Some(pn) = prev {
            chart.edges.push((pn, n));
        }
        prev = Some(n);
    }
    let focus = chart.add(position_node(org, i, labels, NodeStyle::Focus, 0));
    if let Some(pn) = prev {
        chart.edges.push((pn, focus));
    }
    // Positions already drawn, so a partner that is also a manager or a
    // report is not drawn twice.
    let mut drawn: Vec<(usize, usize)> = chain.iter().copied().zip(0..).collect();
    let offset = chart.nodes.len() - 1 - chain.len();
    for d in &mut drawn {
        d.1 += offset;
    }
    for &c in &p.children {
        let hidden = org.positions[c].children.len();
        let n = chart.add(position_node(org, c, labels, NodeStyle::Normal, hidden));
        chart.edges.push((focus, n));
        drawn.push((c, n));
    }
    // Dotted lines, both ways: partners not already drawn get a box.
    let mut partners: Vec<(usize, bool)> = p
        .dotted_line
        .iter()
        .filter_map(|l| match l {
            Link::Position(j) => Some((*j, true)),
            _ => None,
        })
        .collect();
    for (j, q) in org.positions.iter().enumerate() {
        if q.dotted_line.contains(&Link::Position(i)) {
            partners.push((j, false));
        }
    }
    for (j, upward) in partners {
        if j == i {
            continue;
        }
        let n = match drawn.iter().find(|(x, _)| *x == j) {
            Some(&(_, n)) => n,
            None => {
                let n = chart.add(position_node(org, j, labels, NodeStyle::Normal, 0));
                drawn.push((j, n));
                n
            }
        };
        chart
            .dotted
            .push(if upward { (n, focus) } else { (focus, n) });
    }
    layout_layered(&mut chart);
    chart
}

/// Layered layout by layout-rs: ranks from the edges, our own box sizes,
/// crossing minimisation off (it is cubic) and validation off.
fn layout_layered(chart: &mut Chart) {
    use layout::core::base::Orientation;
    use layout::core::geometry::Point;
    use layout::core::style::StyleAttr;
    use layout::std_shapes::shapes::{Arrow, Element, ShapeKind};
    use layout::topo::layout::VisualGraph;

    if chart.nodes.len() < 2 {
        // layout-rs panics on an empty graph; one box needs no layout.
        chart.pos = chart
            .nodes
            .iter()
            .map(|n| (MARGIN + n.w / 2.0, MARGIN + n.h / 2.0))
            .collect();
        return;
    }
    let mut vg = VisualGraph::new(Orientation::TopToBottom);
    vg.dag.set_validate(false);
    let handles: Vec<_> = chart
        .nodes
        .iter()
        .map(|n| {
            vg.add_node(Element::create(
                ShapeKind::Box(String::new()),
                StyleAttr::simple(),
                Orientation::TopToBottom,
                Point::new(n.w + H_GAP - 60.0, n.h + V_GAP - 60.0).max_with(1.0),
            ))
        })
        .collect();
    for &(a, b) in chart.edges.iter().chain(&chart.dotted) {
        vg.add_edge(Arrow::simple(""), handles[a], handles[b]);
    }
    vg.do_it(false, true, false, &mut NoRender);
    let centres: Vec<(f64, f64)> = handles
        .iter()
        .map(|&h| {
            let m = vg.pos(h).middle();
            (m.x, m.y)
        })
        .collect();
    // Rank rows: layout-rs spaces ranks evenly; keep its order and x, and
    // normalise to our margins.
    let min_x = chart
        .nodes
        .iter()
        .zip(&centres)
        .map(|(n, c)| c.0 - n.w / 2.0)
        .fold(f64::INFINITY, f64::min);
    let min_y = chart
        .nodes
        .iter()
        .zip(&centres)
        .map(|(n, c)| c.1 - n.h / 2.0)
        .fold(f64::INFINITY, f64::min);
    chart.pos = centres
        .iter()
        .map(|&(x, y)| (x - min_x + MARGIN, y - min_y + MARGIN))
        .collect();
}

trait MaxWith {
    fn max_with(self, v: f64) -> Self;
}

impl MaxWith for layout::core::geometry::Point {
    fn max_with(self, v: f64) -> Self {
        layout::core::geometry::Point::new(self.x.max(v), self.y.max(v))
    }
}

/// layout-rs insists on drawing; we only want its coordinates.
struct NoRender;

impl layout::core::format::RenderBackend for NoRender {
    fn draw_rect(
        &mut self,
        _: layout::core::geometry::Point,
        _: layout::core::geometry::Point,
        _: &layout::core::style::StyleAttr,
        _: Option<String>,
        _: Option<layout::core::format::ClipHandle>,
    ) {
    }
    fn draw_line(
        &mut self,
        _: layout::core::geometry::Point,
        _: layout::core::geometry::Point,
        _: &layout::core::style::StyleAttr,
        _: Option<String>,
    ) {
    }
    fn draw_circle(
        &mut self,
        _: layout::core::geometry::Point,
        _: layout::core::geometry::Point,
        _: &layout::core::style::StyleAttr,
        _: Option<String>,
    ) {
    }
    fn draw_text(
        &mut self,
        _: layout::core::geometry::Point,
        _: &str,
        _: &layout::core::style::StyleAttr,
    ) {
    }
    fn draw_arrow(
        &mut self,
        _: &[(layout::core::geometry::Point, layout::core::geometry::Point)],
        _: bool,
        _: (bool, bool),
        _: &layout::core::style::StyleAttr,
        _: Option<String>,
        _: &str,
    ) {
    }
    fn create_clip(
        &mut self,
        _: layout::core::geometry::Point,
        _: layout::core::geometry::Point,
        _: usize,
    ) -> layout::core::format::ClipHandle {
        0
    }
}

/// Escapes text for XML (and HTML) content and attributes.
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && c != '\n' && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

/// Percent-encodes what a URL path segment may not carry raw, so that ids
/// with spaces, `#` or `?` still link to their file.
pub fn url_segment(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            ' ' => out.push_str("%20"),
            '#' => out.push_str("%23"),
            '?' => out.push_str("%3F"),
            '%' => out.push_str("%25"),
            c => out.push(c),
        }
    }
    out
}

/// Draws a laid-out chart as a standalone SVG. `root` is the path from the
/// page that shows it to the site root (`""` or `"../"`); `label` names the
/// chart for screen readers.
pub fn to_svg(chart: &Chart, root: &str, label: &str) -> String {
    let (w, h) = chart
        .nodes
        .iter()
        .zip(&chart.pos)
        .fold((0.0f64, 0.0f64), |(w, h), (n, p)| {
            (w.max(p.0 + n.w / 2.0), h.max(p.1 + n.h / 2.0))
        });
    let (w, h) = ((w + MARGIN).ceil(), (h + MARGIN).ceil());
    let mut s = String::with_capacity(512 + chart.nodes.len() * 600);
    let _ = write!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="orgchart" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="group" aria-label="{}" font-family="{}">"#,
        xml_escape(label),
        xml_escape(FONT)
    );
    s.push_str(&format!("<title>{}</title>", xml_escape(label)));
    // Reporting lines: right angles, from the bottom of the manager to the top of the report.
    s.push_str(r##"<g fill="none" stroke="#8b95a7" stroke-width="1.4">"##);
    for &(a, b) in &chart.edges {
        let (pa, pb) = (chart.pos[a], chart.pos[b]);
        let (na, nb) = (&chart.nodes[a], &chart.nodes[b]);
        let y1 = pa.1 + na.h / 2.0;
        let y2 = pb.1 - nb.h / 2.0;
        if y2 > y1 {
            let mid = y2 - V_GAP / 2.0;
            let mid = if mid > y1 { mid } else { (y1 + y2) / 2.0 };
            let _ = write!(
                s,
                r#"<path d="M{:.1} {:.1}V{:.1}H{:.1}V{:.1}"/>"#,
                pa.0, y1, mid, pb.0, y2
            );
        } else {
            let _ = write!(
                s,
                r#"<path d="M{:.1} {:.1}L{:.1} {:.1}"/>"#,
                pa.0, pa.1, pb.0, pb.1
            );
        }
    }
    s.push_str("</g>");
    if !chart.dotted.is_empty() {
        s.push_str(
            r##"<g fill="none" stroke="#b06a2c" stroke-width="1.4" stroke-dasharray="5 4">"##,
        );
        for &(a, b) in &chart.dotted {
            let (pa, pb) = (chart.pos[a], chart.pos[b]);
            let (na, nb) = (&chart.nodes[a], &chart.nodes[b]);
            // Leave from the side facing the partner, arrive at its side or top.
            let (x1, y1) = if pb.0 >= pa.0 {
                (pa.0 + na.w / 2.0, pa.1)
            } else {
                (pa.0 - na.w / 2.0, pa.1)
            };
            let (x2, y2) = if (pb.1 - pa.1).abs() < 1.0 {
                (
                    if pb.0 >= pa.0 {
                        pb.0 - nb.w / 2.0
                    } else {
                        pb.0 + nb.w / 2.0
                    },
                    pb.1,
                )
            } else if pb.1 > pa.1 {
                (pb.0, pb.1 - nb.h / 2.0)
            } else {
                (pb.0, pb.1 + nb.h / 2.0)
            };
            let _ = write!(s, r#"<path d="M{x1:.1} {y1:.1}H{x2:.1}V{y2:.1}"/>"#);
        }
        s.push_str("</g>");
    }
    let mut marks: Vec<Option<&NodeMark>> = vec![None; chart.nodes.len()];
    for (k, m) in &chart.marks {
        if let Some(slot) = marks.get_mut(*k) {
            *slot = Some(m);
        }
    }
    for (k, (n, &(cx, cy))) in chart.nodes.iter().zip(&chart.pos).enumerate() {
        let (x, y) = (cx - n.w / 2.0, cy - n.h / 2.0);
        let class = marks[k]
            .map(|m| format!(r#" class="{}""#, xml_escape(m.class)))
            .unwrap_or_default();
        if let Some(href) = &n.href {
            let _ = write!(
                s,
                r#"<a href="{}{}"{class}>"#,
                xml_escape(root),
                xml_escape(&url_segment(href))
            );
        } else {
            let _ = write!(s, "<g{class}>");
        }
        let _ = write!(s, "<title>{}</title>", xml_escape(&n.tooltip));
        let (fill, stroke, sw) = match n.style {
            NodeStyle::Focus => ("#fff8e6", "#c98a1a", 2.4),
            NodeStyle::Context => ("#f4f5f7", "#9aa3b2", 1.0),
            NodeStyle::Normal => ("#ffffff", "#c3cad6", 1.0),
        };
        let dash = if n.empty || n.style == NodeStyle::Context {
            r#" stroke-dasharray="4 3""#
        } else {
            ""
        };
        let _ = write!(
            s,
            r#"<rect x="{x:.1}" y="{y:.1}" width="{:.1}" height="{:.1}" rx="6" fill="{fill}" stroke="{stroke}" stroke-width="{sw}"{dash}/>"#,
            n.w, n.h
        );
        if n.style != NodeStyle::Context {
            let color = if is_color(&n.color) {
                n.color.as_str()
            } else {
                "#5b6475"
            };
            let _ = write!(
                s,
                r#"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="4" rx="2" fill="{color}"/>"#,
                x + 1.0,
                y + 1.0,
                n.w - 2.0
            );
        }
        let mut ty = y + 12.0 + TITLE_SIZE;
        let _ = write!(
            s,
            r##"<text x="{cx:.1}" y="{ty:.1}" text-anchor="middle" font-size="{TITLE_SIZE}" font-weight="600" fill="#1d2533">{}</text>"##,
            xml_escape(&n.title)
        );
        for (line, kind) in &n.lines {
            ty += LINE_SIZE + 5.0;
            let fill = match kind {
                LineKind::Holders => "#3a4556",
                LineKind::Pending => "#a15c00",
                LineKind::Vacant => "#b3261e",
                LineKind::Note => "#6b7385",
            };
            let _ = write!(
                s,
                r#"<text x="{cx:.1}" y="{ty:.1}" text-anchor="middle" font-size="{LINE_SIZE}" fill="{fill}">{}</text>"#,
                xml_escape(line)
            );
        }
        if let Some(m) = marks[k] {
            draw_mark(&mut s, m, x, y, n.w, n.h);
        }
        s.push_str(if n.href.is_some() { "</a>" } else { "</g>" });
    }
    s.push_str("</svg>");
    s
}

/// A mark's outline around a box and its badge over the top right corner.
fn draw_mark(s: &mut String, m: &NodeMark, x: f64, y: f64, w: f64, h: f64) {
    let color = if is_color(m.color) {
        m.color
    } else {
        "#5b6475"
    };
    let _ = write!(
        s,
        r#"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" rx="8" fill="none" stroke="{color}" stroke-width="2.5"/>"#,
        x - 3.5,
        y - 3.5,
        w + 7.0,
        h + 7.0
    );
    if !m.badge.is_empty() {
        let size = 11.0;
        let bw = (text_width_em(&m.badge) * size + 10.0).ceil();
        let (bx, by) = (x + w - bw + 4.0, y - 11.0);
        let _ = write!(
            s,
            r##"<rect x="{bx:.1}" y="{by:.1}" width="{bw:.1}" height="16" rx="8" fill="{color}"/><text x="{:.1}" y="{:.1}" text-anchor="middle" font-size="{size}" font-weight="600" fill="#ffffff">{}</text>"##,
            bx + bw / 2.0,
            by + 12.0,
            xml_escape(&m.badge)
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_by_character_class() {
        assert_eq!(text_width_em("營銷總監"), 4.0);
        assert!((text_width_em("abc") - 1.68).abs() < 1e-9);
        assert!(text_width_em("Sales") < text_width_em("銷售部門"));
    }

    #[test]
    fn escaping() {
        assert_eq!(
            xml_escape(r#"<a href="x">&'"#),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
        assert_eq!(url_segment("a b#c?d%"), "a%20b%23c%3Fd%25");
    }

    fn node(w: f64) -> ChartNode {
        ChartNode {
            href: None,
            title: String::new(),
            lines: Vec::new(),
            color: String::new(),
            style: NodeStyle::Normal,
            tooltip: String::new(),
            empty: false,
            w,
            h: 40.0,
        }
    }

    #[test]
    fn tree_layout_keeps_order_and_never_overlaps() {
        let mut c = Chart::default();
        for w in [100.0, 80.0, 200.0, 60.0, 60.0, 60.0] {
            c.nodes.push(node(w));
        }
        c.edges = vec![(0, 1), (0, 2), (2, 3), (2, 4), (2, 5)];
        layout_tree(&mut c);
        // Siblings left to right in order, rows below parents.
        assert!(c.pos[1].0 < c.pos[2].0);
        assert!(c.pos[3].0 < c.pos[4].0 && c.pos[4].0 < c.pos[5].0);
        assert!(c.pos[3].1 > c.pos[2].1 && c.pos[2].1 > c.pos[0].1);
        for a in 0..6 {
            for b in a + 1..6 {
                let (na, nb) = (&c.nodes[a], &c.nodes[b]);
                let apart_x = (c.pos[a].0 - c.pos[b].0).abs() >= (na.w + nb.w) / 2.0;
                let apart_y = (c.pos[a].1 - c.pos[b].1).abs() >= (na.h + nb.h) / 2.0;
                assert!(apart_x || apart_y, "{a} and {b} overlap");
            }
        }
        // A parent sits centred over its children.
        assert!((c.pos[2].0 - (c.pos[3].0 + c.pos[5].0) / 2.0).abs() < 1e-9);
    }

    #[test]
    fn empty_and_single_charts_do_not_panic() {
        let mut c = Chart::default();
        layout_tree(&mut c);
        layout_layered(&mut c);
        assert!(to_svg(&c, "", "x").starts_with("<svg"));
        c.nodes.push(node(50.0));
        layout_layered(&mut c);
        assert_eq!(c.pos.len(), 1);
    }

    #[test]
    fn layered_layout_places_every_box() {
        let mut c = Chart::default();
        for w in [100.0, 100.0, 100.0, 100.0] {
            c.nodes.push(node(w));
        }
        c.edges = vec![(0, 1), (1, 2), (1, 3)];
        c.dotted = vec![(3, 2)];
        layout_layered(&mut c);
        assert_eq!(c.pos.len(), 4);
        assert!(c.pos[1].1 > c.pos[0].1 && c.pos[2].1 > c.pos[1].1);
        for a in 0..4 {
            for b in a + 1..4 {
                let apart_x = (c.pos[a].0 - c.pos[b].0).abs() >= 100.0;
                let apart_y = (c.pos[a].1 - c.pos[b].1).abs() >= 40.0;
                assert!(apart_x || apart_y, "{a} and {b} overlap: {:?}", c.pos);
            }
        }
    }
}
