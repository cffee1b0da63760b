//! The text alternative of a chart: the same hierarchy as nested lists,
//! for screen readers and for readers without JavaScript or images. Each
//! position is a link followed by who holds it, what is open, and its
//! dotted lines.

use super::{Chart, LineKind, NodeStyle};
use crate::text::escape_into;

/// Words the outline needs, in the site's language.
pub struct OutlineLabels<'a> {
    /// Prefix of a staff position ("staff").
    pub staff: &'a str,
    /// Before the list of dotted-line partners.
    pub dotted_line: &'a str,
    /// Between the partners' titles ("、", ", ").
    pub name_sep: &'a str,
}

/// The chart's tree as `<ul>`s. `root` is the path from the page to the
/// site root. Built without recursion, for charts of any depth.
pub fn outline_html(chart: &Chart, root: &str, labels: &OutlineLabels) -> String {
    let n = chart.nodes.len();
    let mut kids: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut has_parent = vec![false; n];
    for &(p, c) in &chart.edges {
        if p < n && c < n {
            kids[p].push(c);
            has_parent[c] = true;
        }
    }
    let mut partners: Vec<Vec<usize>> = vec![Vec::new(); n];
    for &(a, b) in &chart.dotted {
        if a < n && b < n {
            partners[b].push(a);
            partners[a].push(b);
        }
    }
    let mut s = String::with_capacity(n * 160);
    s.push_str(r#"<ul class="chart-outline-list">"#);
    // (box, children done?) ; a `None` closes a nested list.
    let mut stack: Vec<Option<usize>> =
        (0..n).rev().filter(|&i| !has_parent[i]).map(Some).collect();
    let mut seen = vec![false; n];
    while let Some(item) = stack.pop() {
        let Some(i) = item else {
            s.push_str("</ul></li>");
            continue;
        };
        if std::mem::replace(&mut seen[i], true) {
            continue;
        }
        let node = &chart.nodes[i];
        s.push_str("<li>");
        if node.staff {
            s.push_str(r#"<span class="muted">"#);
            escape_into(&mut s, labels.staff);
            s.push_str("</span> ");
        }
        match &node.href {
            Some(h) if node.style != NodeStyle::Stub => {
                s.push_str(r#"<a href=""#);
                escape_into(&mut s, root);
                escape_into(&mut s, h);
                s.push_str(r#"">"#);
                escape_into(&mut s, &node.title);
                s.push_str("</a>");
            }
            _ => escape_into(&mut s, &node.title),
        }
        let notes: Vec<&str> = node
            .lines
            .iter()
            .filter(|(_, k)| {
                !matches!(k, LineKind::Note | LineKind::Dotted) || node.style == NodeStyle::Context
            })
            .map(|(l, _)| l.as_str())
            .collect();
        if !notes.is_empty() {
            s.push_str(r#" <span class="muted">"#);
            for (k, note) in notes.iter().enumerate() {
                if k > 0 {
                    s.push_str(" · ");
                }
                escape_into(&mut s, note);
            }
            s.push_str("</span>");
        }
        if !partners[i].is_empty() {
            s.push_str(r#" <span class="muted">"#);
            escape_into(&mut s, labels.dotted_line);
            s.push_str(": ");
            for (k, &j) in partners[i].iter().enumerate() {
                if k > 0 {
                    s.push_str(labels.name_sep);
                }
                escape_into(&mut s, &chart.nodes[j].title);
            }
            s.push_str("</span>");
        }
        if let Some(more) = &node.more {
            s.push_str(r#" <a class="muted" href=""#);
            escape_into(&mut s, root);
            escape_into(&mut s, &more.href);
            s.push_str(r#"">"#);
            escape_into(&mut s, &more.label);
            s.push_str("</a>");
        }
        if kids[i].is_empty() {
            s.push_str("</li>");
        } else {
            s.push_str("<ul>");
            stack.push(None);
            stack.extend(kids[i].iter().rev().map(|&c| Some(c)));
        }
    }
    s.push_str("</ul>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::ChartNode;

    #[test]
    fn nests_in_tree_order_and_escapes() {
        let mut c = Chart::default();
        let mut top = ChartNode::new("總監 <b>");
        top.href = Some("positions/a.html".into());
        top.lines = vec![("王曦虹".into(), LineKind::Holders)];
        let top = c.add(top);
        let a = c.add(ChartNode::new("經理一"));
        let b = c.add(ChartNode::new("經理二"));
        let x = c.add(ChartNode::new("專員"));
        c.edges = vec![(top, a), (top, b), (a, x)];
        c.dotted = vec![(b, x)];
        let labels = OutlineLabels {
            staff: "staff",
            dotted_line: "dotted",
            name_sep: "、",
        };
        let html = outline_html(&c, "../", &labels);
        assert_eq!(
            html,
            "<ul class=\"chart-outline-list\"><li><a href=\"../positions/a.html\">總監 &lt;b&gt;</a> \
             <span class=\"muted\">王曦虹</span><ul><li>經理一<ul><li>專員 <span class=\"muted\">dotted: \
             經理二</span></li></ul></li><li>經理二 <span class=\"muted\">dotted: 專員</span></li></ul></li></ul>"
        );
    }

    #[test]
    fn a_chain_of_any_depth_is_fine() {
        let mut c = Chart::default();
        for i in 0..50_000 {
            let n = c.add(ChartNode::new("x"));
            if i > 0 {
                c.edges.push((n - 1, n));
            }
        }
        let labels = OutlineLabels {
            staff: "",
            dotted_line: "",
            name_sep: "",
        };
        let html = outline_html(&c, "", &labels);
        assert_eq!(html.matches("<li>").count(), 50_000);
        assert_eq!(html.matches("</ul>").count(), 50_000);
    }
}
