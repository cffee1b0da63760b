//! Which boxes a view shows: the tree of a set of positions (the whole
//! organisation, a unit, the top levels) and the neighbourhood of one
//! position. Every view costs time in proportion to what it shows, never to
//! the size of the organisation, so that a site of 100,000 positions can
//! build a chart for each of its pages.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::{Avatar, Chart, ChartNode, Cluster, LineKind, More, NodeStyle};
use crate::content::{ColorBy, HolderStatus, PositionType};
use crate::model::{Link, Org};
use crate::text::{is_color, url_segment};

const MAX_NAMES: usize = 4;

/// A palette for levels and for units without a colour.
pub const PALETTE: [&str; 8] = [
    "#3b5b92", "#2f7d6d", "#9a5b2f", "#7b4b94", "#2f6f9f", "#8a7a24", "#a0434f", "#4f6d3a",
];

/// Strings the chart needs, in the site's language.
pub struct Labels<'a> {
    pub t: &'a BTreeMap<String, String>,
}

impl Labels<'_> {
    pub fn get<'k>(&'k self, k: &'k str) -> &'k str {
        self.t.get(k).map(String::as_str).unwrap_or(k)
    }

    /// `s` in the language's parentheses ("Tom Becker (Acting)").
    pub fn paren(&self, s: &str) -> String {
        crate::i18n::paren(self.t, s)
    }
}

/// The box for a position. `hidden_below` counts the positions under it
/// that the view leaves out; the box then links to them in the full chart.
pub fn position_node(
    org: &Org,
    i: usize,
    labels: &Labels,
    style: NodeStyle,
    hidden_below: usize,
) -> ChartNode {
    let p = &org.positions[i];
    let show = org.config.show_holders;
    let seats = p.seats();
    let lines = box_lines(org, i, labels);
    let tooltip = tooltip_of(org, i, labels);
    let mut search = Vec::new();
    if let Some(e) = &p.external_title {
        search.push(e.clone());
    }
    if show {
        search.extend(org.who(i).iter().map(|w| w.name.clone()));
    }
    let more = (hidden_below > 0).then(|| More {
        count: hidden_below,
        label: format!("▾ {} {}", hidden_below, labels.get("more_below")),
        href: format!("chart.html#p-{}", url_segment(&p.id)),
    });
    ChartNode {
        key: Some(p.id.clone()),
        href: Some(format!("positions/{}.html", url_segment(&p.id))),
        title: p.title.clone(),
        lines,
        color: position_color(org, i),
        style,
        tooltip,
        empty: seats.vacant == seats.planned && seats.planned > 0,
        staff: p.kind == PositionType::Staff,
        search,
        units: Vec::new(),
        more,
        avatar: avatar_of(org, i),
        title_lines: Vec::new(),
        w: 0.0,
        h: 0.0,
    }
}

/// The picture of a box with `chart.photos: true`: its first holder in
/// post (not pending), with their photo's small thumbnail or their
/// initials; none for a post nobody holds or a site that shows no holders.
fn avatar_of(org: &Org, i: usize) -> Option<Avatar> {
    if !org.config.chart.photos || !org.config.show_holders {
        return None;
    }
    let p = &org.positions[i];
    let (_, who) = p
        .holders
        .iter()
        .zip(org.who(i))
        .find(|(h, _)| h.status != HolderStatus::Pending)?;
    let profile = who.profile.and_then(|k| org.profile(k));
    Some(match profile {
        Some(x) if x.photo.is_some() => Avatar::Photo(crate::photo::thumb_path(
            &url_segment(&x.id),
            crate::photo::SMALL,
        )),
        _ => Avatar::Initials {
            text: crate::photo::initials(&who.name),
            color: crate::photo::avatar_colour(&who.name),
        },
    })
}

/// A box's lines below its title: holders (or seat counts), pending,
/// vacant seats and the site's own fields shown on the chart.
fn box_lines(org: &Org, i: usize, labels: &Labels) -> Vec<(String, LineKind)> {
    let p = &org.positions[i];
    let show = org.config.show_holders;
    let seats = p.seats();
    let mut lines = Vec::new();
    let names = |status: fn(HolderStatus) -> bool| -> Vec<String> {
        p.holders
            .iter()
            .zip(org.who(i))
            .filter(|(h, _)| status(h.status))
            .map(|(h, who)| {
                let mut n = who.name.clone();
                if h.status == HolderStatus::Acting {
                    n.push_str(&labels.paren(labels.get("acting")));
                }
                if h.concurrent {
                    n.push_str(&labels.paren(labels.get("concurrent")));
                }
                n
            })
            .collect()
    };
    if show {
        let filled = names(|s| s != HolderStatus::Pending);
        if !filled.is_empty() {
            lines.push((join_names(&filled, labels), LineKind::Holders));
        }
        if p.unnamed > 0 {
            lines.push((
                crate::i18n::plural(labels.t, "unnamed_count", p.unnamed as usize),
                LineKind::Holders,
            ));
        }
        let pending = names(|s| s == HolderStatus::Pending);
        if !pending.is_empty() {
            lines.push((
                format!(
                    "{}{}{}",
                    labels.get("pending"),
                    labels.get("colon"),
                    join_names(&pending, labels)
                ),
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
    for (k, d, v) in org.position_fields(i) {
        if d.shows(crate::fields::Show::Chart) {
            let label = d.label(k, &org.config.language);
            let sep = labels.get("name_sep");
            lines.push((
                format!("{label}{}{}", labels.get("colon"), v.text(sep)),
                LineKind::Holders,
            ));
        }
    }
    lines
}

/// A box's tooltip: the full title, external title, level and seats.
fn tooltip_of(org: &Org, i: usize, labels: &Labels) -> String {
    let p = &org.positions[i];
    let seats = p.seats();
    let mut tooltip = p.title.clone();
    if let Some(e) = p.external_title.as_ref().filter(|e| **e != p.title) {
        tooltip.push_str(&labels.paren(e));
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
    tooltip
}

fn join_names(names: &[String], labels: &Labels) -> String {
    let sep = labels.get("name_sep");
    if names.len() <= MAX_NAMES {
        names.join(sep)
    } else {
        format!(
            "{} … +{}",
            names[..MAX_NAMES - 1].join(sep),
            names.len() - (MAX_NAMES - 1)
        )
    }
}

/// The colour of a position's box: its unit's (or level's) colour.
pub fn position_color(org: &Org, i: usize) -> String {
    let p = &org.positions[i];
    match org.config.chart.color_by {
        ColorBy::Level => p.rank.map(|r| PALETTE[r % PALETTE.len()].to_string()),
        ColorBy::Unit => p.unit.map(|u| unit_color(org, u)),
    }
    .unwrap_or_else(|| "#5b6475".to_string())
}

/// A unit's colour: its own or its nearest parent's (`_unit.md`), else one
/// of the palette's.
fn unit_color(org: &Org, u: usize) -> String {
    org.unit_color(u)
        .filter(|c| is_color(c))
        .map(str::to_string)
        .unwrap_or_else(|| PALETTE[u % PALETTE.len()].to_string())
}

fn context_node(title: &str, note: &str, href: Option<String>) -> ChartNode {
    let mut n = ChartNode::new(title);
    n.href = href;
    n.lines = vec![(note.to_string(), LineKind::Note)];
    n.color = "#9aa3b2".into();
    n.style = NodeStyle::Context;
    n.tooltip = format!("{title} · {note}");
    n
}

/// The box for a manager a view does not include.
fn manager_context(org: &Org, l: &Link, labels: &Labels) -> ChartNode {
    match l {
        Link::Position(m) => context_node(
            &org.positions[*m].title,
            labels.get("reports_to"),
            Some(format!(
                "positions/{}.html",
                url_segment(&org.positions[*m].id)
            )),
        ),
        Link::External(_) => context_node(org.link_title(l), labels.get("external"), None),
        Link::Missing(name) => context_node(name, labels.get("unknown_position"), None),
    }
}

/// Units as clusters of a chart: each unit gets a cluster the first time a
/// box in it is added, and a box carries its unit path.
struct Clusters<'o> {
    org: &'o Org,
    of_unit: HashMap<usize, usize>,
    paths: HashMap<usize, Vec<usize>>,
}

impl<'o> Clusters<'o> {
    fn new(org: &'o Org) -> Self {
        Clusters {
            org,
            of_unit: HashMap::new(),
            paths: HashMap::new(),
        }
    }

    /// The cluster path (outermost first) of position `i`.
    fn path(&mut self, chart: &mut Chart, i: usize) -> Vec<usize> {
        let Some(u) = self.org.positions[i].unit else {
            return Vec::new();
        };
        if let Some(p) = self.paths.get(&u) {
            return p.clone();
        }
        let org = self.org;
        let path: Vec<usize> = org
            .unit_path(u)
            .into_iter()
            .map(|x| {
                *self.of_unit.entry(x).or_insert_with(|| {
                    let unit = &org.units[x];
                    chart.clusters.push(Cluster {
                        label: unit.name.clone(),
                        color: unit_color(org, x),
                        href: Some(format!("units/{}.html", url_segment(&unit.id))),
                    });
                    chart.clusters.len() - 1
                })
            })
            .collect();
        self.paths.insert(u, path.clone());
        path
    }
}

/// The sibling positions of `i` from the root down: sorting by this puts
/// positions in chart order without walking the whole organisation.
fn order_key(org: &Org, i: usize) -> Vec<usize> {
    let mut key = Vec::new();
    let mut cur = i;
    let mut steps = 0;
    loop {
        let parent = org.positions[cur].manager_index().filter(|&m| m != cur);
        let siblings = match parent {
            Some(m) => &org.positions[m].children,
            None => &org.roots,
        };
        key.push(
            siblings
                .iter()
                .position(|&s| s == cur)
                .unwrap_or(usize::MAX),
        );
        steps += 1;
        match parent {
            Some(m) if steps <= org.positions.len() => cur = m,
            _ => break,
        }
    }
    key.reverse();
    key
}

/// How wide a chart on a page may be: the theme's column (about 1,046 px
/// inside the chart's frame) shows a chart up to this wide shrunk to fit,
/// still readable (the smallest box text, 12.5 px, at 11 px or more).
/// Page charts are laid out to stay within it where they can.
pub const PAGE_WIDTH: f64 = 1180.0;

/// The tree of `members` (positions) with their managers outside the set
/// drawn once above them as context boxes, laid out to fit a page where it
/// can. `depth` limits how many levels of positions are drawn (0: all); a
/// box with hidden reports links to them in the full chart.
pub fn tree_chart(org: &Org, members: &[usize], depth: usize, labels: &Labels) -> Chart {
    let mut chart = tree_view(org, members, depth, labels);
    chart.fit_width = Some(PAGE_WIDTH);
    chart.layout();
    chart
}

/// The whole organisation, laid out for zooming and panning rather than
/// for a page: large charts come out near a landscape shape.
pub fn full_chart(org: &Org, labels: &Labels) -> Chart {
    let all: Vec<usize> = (0..org.positions.len()).collect();
    let mut chart = tree_view(org, &all, 0, labels);
    chart.layout();
    chart
}

/// [`tree_chart`] without the layout.
pub fn tree_view(org: &Org, members: &[usize], depth: usize, labels: &Labels) -> Chart {
    let mut chart = Chart {
        direction: org.config.chart.direction,
        ..Chart::default()
    };
    let in_set: HashSet<usize> = members.iter().copied().collect();
    let mut node_of: HashMap<usize, usize> = HashMap::with_capacity(members.len());
    let mut clusters = Clusters::new(org);
    let mut context: Vec<(Link, usize)> = Vec::new();
    // Roots of the view (members whose manager is not a member), in chart order.
    let mut tops: Vec<usize> = members
        .iter()
        .copied()
        .filter(|&i| {
            !org.positions[i]
                .manager_index()
                .is_some_and(|m| m != i && in_set.contains(&m))
        })
        .collect();
    tops.sort();
    tops.dedup();
    let mut keyed: Vec<(Vec<usize>, usize)> =
        tops.iter().map(|&i| (order_key(org, i), i)).collect();
    keyed.sort();
    let mut stack: Vec<(usize, usize, Option<usize>)> =
        keyed.iter().rev().map(|&(_, i)| (i, 1, None)).collect();
    while let Some((i, d, parent)) = stack.pop() {
        if node_of.contains_key(&i) {
            continue;
        }
        let kids: Vec<usize> = org.positions[i]
            .children
            .iter()
            .copied()
            .filter(|c| in_set.contains(c))
            .collect();
        let cut = depth > 0 && d >= depth;
        let hidden = if cut {
            count_below(org, &kids, |c| in_set.contains(&c))
        } else {
            0
        };
        let mut node = position_node(org, i, labels, NodeStyle::Normal, hidden);
        node.units = clusters.path(&mut chart, i);
        // The box names its partners; a position with thousands names the
        // first few and counts the rest.
        let dotted = &org.positions[i].dotted_line;
        if !dotted.is_empty() {
            let partners: Vec<String> = dotted
                .iter()
                .take(MAX_NAMES + 1)
                .map(|l| org.link_title(l).to_string())
                .collect();
            let mut line = join_names(&partners, labels);
            if dotted.len() > partners.len() {
                let shown = MAX_NAMES - 1;
                line = format!(
                    "{} … +{}",
                    partners[..shown].join(labels.get("name_sep")),
                    dotted.len() - shown
                );
            }
            node.lines.push((format!("┄ {line}"), LineKind::Dotted));
        }
        let n = chart.add(node);
        node_of.insert(i, n);
        match parent {
            Some(pn) => chart.edges.push((pn, n)),
            None => {
                // A manager outside the view: drawn once, above.
                if let Some(l) = org.positions[i].manager.clone() {
                    let cn = match context.iter().find(|(x, _)| *x == l) {
                        Some(&(_, cn)) => cn,
                        None => {
                            let cn = chart.add(manager_context(org, &l, labels));
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
    // Context boxes come after the tops they head; the layout wants every
    // manager before its reports, so move them to the front.
    reorder_parents_first(&mut chart);
    for &i in members {
        let Some(&to) = node_of.get(&i) else { continue };
        for l in &org.positions[i].dotted_line {
            if let Link::Position(j) = l {
                if let Some(&from) = node_of.get(j) {
                    if from != to {
                        chart.dotted.push((from, to));
                    }
                }
            }
        }
    }
    chart.dotted.sort();
    chart.dotted.dedup();
    chart
}

/// How many positions of the set lie below `kids` (and including them).
fn count_below(org: &Org, kids: &[usize], keep: impl Fn(usize) -> bool) -> usize {
    let mut seen: HashSet<usize> = HashSet::new();
    let mut stack: Vec<usize> = kids.to_vec();
    while let Some(i) = stack.pop() {
        if !seen.insert(i) {
            continue;
        }
        stack.extend(
            org.positions[i]
                .children
                .iter()
                .copied()
                .filter(|&c| keep(c)),
        );
    }
    seen.len()
}

/// Renumbers the boxes so that they come in pre-order of the reporting
/// tree (every manager before its reports, siblings in order): the order
/// the SVG draws them in and screen readers read them.
fn reorder_parents_first(chart: &mut Chart) {
    let n = chart.nodes.len();
    let mut kids: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut has_parent = vec![false; n];
    for &(p, c) in &chart.edges {
        kids[p].push(c);
        has_parent[c] = true;
    }
    let mut order = Vec::with_capacity(n);
    let mut seen = vec![false; n];
    // Roots in the order of their first box: a context box takes the place
    // of the first top it heads.
    let mut first_seen = vec![usize::MAX; n];
    for (i, slot) in first_seen.iter_mut().enumerate() {
        *slot = i;
    }
    for &(p, c) in &chart.edges {
        if !has_parent[p] {
            first_seen[p] = first_seen[p].min(c);
        }
    }
    let mut roots: Vec<usize> = (0..n).filter(|&i| !has_parent[i]).collect();
    roots.sort_by_key(|&r| first_seen[r]);
    let mut stack: Vec<usize> = roots.iter().rev().copied().collect();
    while let Some(i) = stack.pop() {
        if std::mem::replace(&mut seen[i], true) {
            continue;
        }
        order.push(i);
        stack.extend(kids[i].iter().rev());
    }
    order.extend((0..n).filter(|&i| !seen[i]));
    let mut new_of = vec![0; n];
    for (new, &old) in order.iter().enumerate() {
        new_of[old] = new;
    }
    let mut old_nodes: Vec<Option<ChartNode>> = std::mem::take(&mut chart.nodes)
        .into_iter()
        .map(Some)
        .collect();
    chart.nodes = order
        .iter()
        .map(|&o| old_nodes[o].take().unwrap_or_else(|| ChartNode::new("")))
        .collect();
    // Edges in pre-order keep each manager's reports in sibling order.
    let mut edges = Vec::with_capacity(chart.edges.len());
    for &old in &order {
        for &c in &kids[old] {
            edges.push((new_of[old], new_of[c]));
        }
    }
    chart.edges = edges;
    for d in &mut chart.dotted {
        *d = (new_of[d.0], new_of[d.1]);
    }
}

/// For every position, the positions that name it in `dotted_line`, in
/// index order: computed once per site so that neighbourhood charts need
/// not scan the whole organisation.
pub fn dotted_in(org: &Org) -> Vec<Vec<usize>> {
    let mut out = vec![Vec::new(); org.positions.len()];
    for (j, q) in org.positions.iter().enumerate() {
        for l in &q.dotted_line {
            if let Link::Position(i) = l {
                if !out[*i].contains(&j) {
                    out[*i].push(j);
                }
            }
        }
    }
    out
}

/// How many managers a position's chart draws above it, nearest first; a
/// box "… N more above" links to the next one up. A reporting chain
/// thousands deep would otherwise put the whole chain on every page.
pub const MAX_CHAIN: usize = 6;

/// How many dotted-line partners a position's chart draws (a screenful);
/// the page lists the others as links ([`partners`]).
pub const MAX_PARTNERS: usize = 12;

/// The dotted-line partners of `i`, each once (`true`: `i` names it in
/// `dotted_line`; `false`: it names `i`), outward ones first, and how
/// many of them its chart draws: the first [`MAX_PARTNERS`].
pub fn partners(org: &Org, i: usize, partners_in: &[usize]) -> Vec<(usize, bool)> {
    let mut seen: HashSet<usize> = HashSet::new();
    org.positions[i]
        .dotted_line
        .iter()
        .filter_map(|l| match l {
            Link::Position(j) => Some((*j, true)),
            _ => None,
        })
        .chain(partners_in.iter().map(|&j| (j, false)))
        .filter(|&(j, _)| j != i && seen.insert(j))
        .collect()
}

/// Where a position sits: its chain of command, itself, its direct reports
/// and its dotted-line partners. A tree is laid out by our tree layout;
/// with dotted lines it is not a tree, and layout-rs places it. This scans
/// the organisation for partners; a site computes [`dotted_in`] once and
/// calls [`neighbourhood_chart_with`].
pub fn neighbourhood_chart(org: &Org, i: usize, labels: &Labels) -> Chart {
    let partners_in: Vec<usize> = (0..org.positions.len())
        .filter(|&j| org.positions[j].dotted_line.contains(&Link::Position(i)))
        .collect();
    neighbourhood_chart_with(org, i, labels, &partners_in)
}

/// [`neighbourhood_chart`] given the positions that name `i` in their
/// `dotted_line` (`partners_in`, from [`dotted_in`]).
pub fn neighbourhood_chart_with(
    org: &Org,
    i: usize,
    labels: &Labels,
    partners_in: &[usize],
) -> Chart {
    let mut chart = Chart {
        direction: org.config.chart.direction,
        fit_width: Some(PAGE_WIDTH),
        ..Chart::default()
    };
    let p = &org.positions[i];
    let mut chain = org.chain(i);
    let mut prev = None;
    if chain.len() > MAX_CHAIN {
        // The nearest managers, and a box for the rest linking to the
        // nearest of those.
        let above = chain.len() - MAX_CHAIN;
        let next = &org.positions[chain[MAX_CHAIN]];
        let title = labels.get("more_above").replace("{n}", &above.to_string());
        let href = format!("positions/{}.html", url_segment(&next.id));
        prev = Some(chart.add(context_node(&format!("… {title}"), &next.title, Some(href))));
        chain.truncate(MAX_CHAIN);
    }
    chain.reverse();
    // An external or unknown manager above the top of the chain.
    let top = chain.first().copied().unwrap_or(i);
    if prev.is_none() {
        if let Some(l @ (Link::External(_) | Link::Missing(_))) = &org.positions[top].manager {
            prev = Some(chart.add(manager_context(org, l, labels)));
        }
    }
    let mut drawn: Vec<(usize, usize)> = Vec::new();
    for &m in &chain {
        let n = chart.add(position_node(org, m, labels, NodeStyle::Normal, 0));
        if let Some(pn) = prev {
            chart.edges.push((pn, n));
        }
        drawn.push((m, n));
        prev = Some(n);
    }
    let focus = chart.add(position_node(org, i, labels, NodeStyle::Focus, 0));
    if let Some(pn) = prev {
        chart.edges.push((pn, focus));
    }
    drawn.push((i, focus));
    for &c in &p.children {
        if drawn.iter().any(|&(x, _)| x == c) {
            continue;
        }
        // All levels below, as everywhere else a box says what it leaves out.
        let hidden = count_below(org, &org.positions[c].children, |_| true);
        let n = chart.add(position_node(org, c, labels, NodeStyle::Normal, hidden));
        chart.edges.push((focus, n));
        drawn.push((c, n));
    }
    // Dotted lines, both ways, to the first few partners: those not
    // already drawn get a box. (A partner both ways gets both lines.)
    let mutual = |j: usize| p.dotted_line.contains(&Link::Position(j)) && partners_in.contains(&j);
    let mut lines: Vec<(usize, bool)> = Vec::new();
    for (j, upward) in partners(org, i, partners_in).into_iter().take(MAX_PARTNERS) {
        lines.push((j, upward));
        if upward && mutual(j) {
            lines.push((j, false));
        }
    }
    for (j, upward) in lines {
        let n = match drawn.iter().find(|(x, _)| *x == j) {
            Some(&(_, n)) => n,
            None => {
                let n = chart.add(position_node(org, j, labels, NodeStyle::Normal, 0));
                drawn.push((j, n));
                n
            }
        };
        let e = if upward { (n, focus) } else { (focus, n) };
        if !chart.dotted.contains(&e) {
            chart.dotted.push(e);
        }
    }
    // Partners are boxes without a manager in this view: the tree layout
    // would draw them as separate trees, so a view with any goes to layout-rs.
    if chart.dotted.is_empty() {
        tree::layout(&mut chart);
    } else {
        layered::layout(&mut chart);
    }
    chart
}

use super::{layered, tree};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_are_checked() {
        assert!(is_color("#abc") && is_color("#A0B1C2"));
        assert!(!is_color("red") && !is_color("#abcd") && !is_color("#12345g"));
        assert!(!is_color("#fff\" onload=\"x"));
    }

    #[test]
    fn names_are_capped() {
        let names: Vec<String> = (1..=6).map(|i| format!("N{i}")).collect();
        let t = BTreeMap::from([("name_sep".to_string(), "、".to_string())]);
        let labels = Labels { t: &t };
        assert_eq!(join_names(&names[..4], &labels), "N1、N2、N3、N4");
        assert_eq!(join_names(&names, &labels), "N1、N2、N3 … +3");
    }
}
