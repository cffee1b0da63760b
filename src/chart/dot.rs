//! The organisation as a Graphviz DOT file (`org.dot`): units as nested
//! clusters, boxes with their title, holders and open seats, every box
//! linking to its page (`URL`, relative to the site root), dotted lines
//! dashed and left out of the ranking. `dot -Tsvg org.dot` renders it.

use std::fmt::Write;

use super::views::{position_node, Labels};
use super::{LineKind, NodeStyle};
use crate::content::Direction;
use crate::model::{Link, Org};
use crate::text::is_color;
use crate::text::url_segment;

const FONT: &str = "Noto Sans CJK TC,Noto Sans CJK SC,sans-serif";

/// A DOT string literal. Graphviz reads HTML entities in labels, so `&`,
/// `<` and `>` are written as entities: the file carries no markup even
/// when a title does.
fn lit(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The organisation in DOT.
pub fn to_dot(org: &Org, labels: &Labels) -> String {
    let mut s = String::with_capacity(256 + org.positions.len() * 200);
    write_header(&mut s, org);
    // Positions by innermost unit; those in no unit at the top level.
    let mut by_unit: Vec<Vec<usize>> = vec![Vec::new(); org.units.len()];
    let mut loose = Vec::new();
    let order = org.chart_order();
    for &i in &order {
        match org.positions[i].unit {
            Some(u) => by_unit[u].push(i),
            None => loose.push(i),
        }
    }
    write_units(&mut s, org, labels, &by_unit);
    for &i in &loose {
        node_line(&mut s, org, labels, i, "  ");
    }
    write_outside(&mut s, org, labels, &order);
    write_edges(&mut s, org, &order);
    s.push_str("}\n");
    s
}

/// The graph's opening line and its defaults.
fn write_header(s: &mut String, org: &Org) {
    let rankdir = match org.config.chart.direction {
        Direction::TB => "TB",
        Direction::LR => "LR",
    };
    let _ = writeln!(s, "digraph org {{");
    let _ = writeln!(
        s,
        "  graph [rankdir={rankdir}, charset=\"UTF-8\", fontname={f}, label={t}, labelloc=t, fontsize=16, nodesep=0.25, ranksep=0.45];",
        f = lit(FONT),
        t = lit(&org.title)
    );
    let _ = writeln!(
        s,
        "  node [shape=box, style=\"rounded,filled\", fillcolor=\"#ffffff\", color=\"#8b95a7\", fontname={f}, fontsize=11, margin=\"0.14,0.06\"];",
        f = lit(FONT)
    );
    let _ = writeln!(s, "  edge [color=\"#8b95a7\", arrowhead=none];");
}

/// One position's node.
fn node_line(s: &mut String, org: &Org, labels: &Labels, i: usize, indent: &str) {
    let node = position_node(org, i, labels, NodeStyle::Normal, 0);
    let mut label = node.title.clone();
    for (line, kind) in &node.lines {
        if !matches!(kind, LineKind::Note | LineKind::Dotted) {
            label.push('\n');
            label.push_str(line);
        }
    }
    let color = if is_color(&node.color) {
        node.color.as_str()
    } else {
        "#8b95a7"
    };
    let style = if node.empty {
        "rounded,filled,dashed"
    } else {
        "rounded,filled"
    };
    let _ = writeln!(
        s,
        "{indent}p{i} [label={}, URL={}, tooltip={}, color=\"{color}\", penwidth=1.4, style=\"{style}\"];",
        lit(&label),
        lit(&format!("positions/{}.html", url_segment(&org.positions[i].id))),
        lit(&node.tooltip),
    );
}

/// Units as nested clusters with their positions, without recursion.
fn write_units(s: &mut String, org: &Org, labels: &Labels, by_unit: &[Vec<usize>]) {
    enum Step {
        Open(usize, usize),
        Close(usize),
    }
    let mut stack: Vec<Step> = org
        .root_units
        .iter()
        .rev()
        .map(|&u| Step::Open(u, 1))
        .collect();
    let mut seen = vec![false; org.units.len()];
    while let Some(step) = stack.pop() {
        match step {
            Step::Open(u, depth) => {
                if std::mem::replace(&mut seen[u], true) {
                    continue;
                }
                let indent = "  ".repeat(depth);
                let unit = &org.units[u];
                let color = org
                    .unit_color(u)
                    .filter(|c| is_color(c))
                    .unwrap_or("#5b6475");
                let _ = writeln!(
                    s,
                    "{indent}subgraph cluster_u{u} {{\n{indent}  label={}; URL={}; color=\"{color}\"; fontcolor=\"{color}\"; style=\"rounded\"; fontname={};",
                    lit(&unit.name),
                    lit(&format!("units/{}.html", url_segment(&unit.id))),
                    lit(FONT)
                );
                for &i in &by_unit[u] {
                    node_line(s, org, labels, i, &format!("{indent}  "));
                }
                stack.push(Step::Close(depth));
                for &c in unit.children.iter().rev() {
                    stack.push(Step::Open(c, depth + 1));
                }
            }
            Step::Close(depth) => {
                let _ = writeln!(s, "{}}}", "  ".repeat(depth));
            }
        }
    }
}

/// Managers outside the chart, each once, with lines to their reports.
fn write_outside(s: &mut String, org: &Org, labels: &Labels, order: &[usize]) {
    let mut outside: Vec<(String, String)> = Vec::new();
    for &i in order {
        let p = &org.positions[i];
        let name = match &p.manager {
            Some(l @ Link::External(_)) => (org.link_title(l), labels.get("external")),
            Some(Link::Missing(n)) => (n.as_str(), labels.get("unknown_position")),
            _ => continue,
        };
        let k = match outside.iter().position(|(t, _)| t == name.0) {
            Some(k) => k,
            None => {
                outside.push((name.0.to_string(), name.1.to_string()));
                let k = outside.len() - 1;
                let _ = writeln!(
                    s,
                    "  x{k} [label={}, style=\"rounded,dashed\", color=\"#9aa3b2\", fontcolor=\"#4a5567\"];",
                    lit(&format!("{}\n{}", name.0, name.1))
                );
                k
            }
        };
        let _ = writeln!(s, "  x{k} -> p{i};");
    }
}

/// Reporting lines, then dotted lines.
fn write_edges(s: &mut String, org: &Org, order: &[usize]) {
    for &i in order {
        for &c in &org.positions[i].children {
            let _ = writeln!(s, "  p{i} -> p{c};");
        }
    }
    for &i in order {
        for l in &org.positions[i].dotted_line {
            if let Link::Position(j) = l {
                if *j != i {
                    let _ = writeln!(
                        s,
                        "  p{j} -> p{i} [style=dashed, color=\"#b06a2c\", constraint=false];"
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_carry_no_markup_and_stay_closed() {
        assert_eq!(lit(r#"a"b\c"#), r#""a\"b\\c""#);
        assert_eq!(lit("<script>&"), "\"&lt;script&gt;&amp;\"");
        assert_eq!(lit("x\ny"), "\"x\\ny\"");
    }
}
