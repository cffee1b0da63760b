//! The charts: the full chart page, the front page's top levels, unit and
//! position charts, the DOT export, printed pages, and the layout of a
//! large synthetic organisation, read back from built sites and through
//! the library.

mod common;
#[path = "support/synth.rs"]
mod synth;

use std::path::Path;
use std::process::Command;

use common::*;
use orgsite::chart::{self, Chart, Labels, NodeStyle, WireKind};
use orgsite::model::Org;

fn features() -> std::path::PathBuf {
    fixture("valid/chart-features")
}

fn org_of(site: &Path) -> Org {
    let (org, diags) = orgsite::site::check(site);
    assert_eq!(diags.error_count(), 0, "{diags}");
    org
}

fn full_chart(org: &Org) -> Chart {
    let t = orgsite::i18n::strings(&org.config);
    chart::full_chart(org, &Labels { t: &t })
}

fn node(c: &Chart, title: &str) -> usize {
    c.nodes
        .iter()
        .position(|n| n.title == title && n.style != NodeStyle::Context)
        .unwrap_or_else(|| panic!("no box {title}"))
}

/// Boxes overlapping one another (a sweep over left edges).
fn overlaps(c: &Chart) -> Vec<(usize, usize)> {
    let mut idx: Vec<usize> = (0..c.nodes.len()).collect();
    idx.sort_by(|&a, &b| c.rect(a).0.total_cmp(&c.rect(b).0));
    let mut out = Vec::new();
    for (k, &a) in idx.iter().enumerate() {
        let ra = c.rect(a);
        for &b in &idx[k + 1..] {
            let rb = c.rect(b);
            if rb.0 >= ra.0 + ra.2 - 0.01 {
                break;
            }
            if rb.1 < ra.1 + ra.3 - 0.01 && ra.1 < rb.1 + rb.3 - 0.01 {
                out.push((a, b));
            }
        }
    }
    out
}

/// Segments of wires of `kind` that run through the inside of a box.
fn crossings(c: &Chart, kind: WireKind) -> usize {
    let rects: Vec<_> = (0..c.nodes.len()).map(|i| c.rect(i)).collect();
    let mut n = 0;
    for w in c.wires.iter().filter(|w| w.kind == kind) {
        for s in w.points.windows(2) {
            let (x0, x1) = (s[0].0.min(s[1].0), s[0].0.max(s[1].0));
            let (y0, y1) = (s[0].1.min(s[1].1), s[0].1.max(s[1].1));
            for &(x, y, bw, bh) in &rects {
                let e = 0.5;
                if x0 < x + bw - e && x1 > x + e && y0 < y + bh - e && y1 > y + e {
                    n += 1;
                }
            }
        }
    }
    n
}

/// A small XML well-formedness check: tags balance, attributes are quoted,
/// `&` starts an entity. Enough to catch a broken writer.
fn assert_well_formed(xml: &str, what: &str) {
    let mut stack: Vec<&str> = Vec::new();
    let mut rest = xml;
    while let Some(i) = rest.find(['<', '&']) {
        let at = &rest[i..];
        if at.starts_with('&') {
            let end = at.find(';').unwrap_or_else(|| panic!("{what}: bare &"));
            let ent = &at[1..end];
            assert!(
                ["amp", "lt", "gt", "quot", "#39"].contains(&ent),
                "{what}: entity {ent}"
            );
            rest = &at[end + 1..];
            continue;
        }
        let end = at
            .find('>')
            .unwrap_or_else(|| panic!("{what}: unclosed tag"));
        let tag = &at[1..end];
        rest = &at[end + 1..];
        if tag.starts_with('?') || tag.starts_with('!') {
            continue;
        }
        if let Some(name) = tag.strip_prefix('/') {
            let open = stack
                .pop()
                .unwrap_or_else(|| panic!("{what}: </{name}> closes nothing"));
            assert_eq!(open, name.trim(), "{what}: mismatched tags");
            continue;
        }
        let self_closing = tag.ends_with('/');
        let body = tag.trim_end_matches('/');
        let name = body.split_whitespace().next().unwrap_or_default();
        assert!(!name.is_empty(), "{what}: empty tag");
        assert_eq!(body.matches('"').count() % 2, 0, "{what}: <{name}> quotes");
        assert!(!body.contains('<'), "{what}: '<' inside <{name}>");
        if !self_closing {
            stack.push(name);
        }
    }
    assert!(stack.is_empty(), "{what}: unclosed {stack:?}");
}

/// The inline `<svg>…</svg>` elements of an HTML page.
fn inline_svgs(html: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find("<svg ") {
        let end = rest[i..].find("</svg>").expect("closed svg") + i + 6;
        out.push(&rest[i..end]);
        rest = &rest[end..];
    }
    out
}

fn have(tool: &str) -> bool {
    Command::new(tool).arg("--version").output().is_ok()
}

#[test]
fn full_chart_page_has_viewer_search_outline_and_print_pages() {
    let (_tmp, out) = build(&example_site());
    let doc = page(&out, "chart.html");
    let html = read(&out, "chart.html");
    // The nav points at the page, marked current there.
    assert_eq!(
        texts(&doc, "nav a[href='chart.html'][aria-current='page']"),
        ["完整架構圖"]
    );
    assert!(read(&out, "index.html").contains(r#"href="chart.html""#));
    // Viewer: buttons, search, the chart with search data, the script.
    assert_eq!(texts(&doc, ".chart-toolbar button").len(), 4);
    assert_eq!(
        texts(&doc, ".chart-toolbar button[data-export='png']"),
        ["下載 PNG"]
    );
    assert_eq!(texts(&doc, ".chart-toolbar input[type='search']").len(), 1);
    assert!(html.contains(r#"<script src="chart.js"></script>"#));
    assert!(html.contains(r#"id="p-銷售主管" data-s="銷售主管 · 營銷經理 · 劉蒂芳 · 吳錫陽""#));
    // The text alternative lists every position, nested under its manager.
    let items = texts(&doc, ".chart-outline .chart-outline-list li");
    assert_eq!(
        items.len(),
        12,
        "11 positions and the external COO: {items:?}"
    );
    assert_eq!(
        texts(&doc, ".chart-outline-list > li > ul > li > a"),
        ["營銷總監"]
    );
    assert!(texts(&doc, ".chart-outline-list li li li a").contains(&"銷售經理".to_string()));
    // One printed page: the example fits.
    assert_eq!(texts(&doc, ".print-pages .print-page").len(), 1);
    assert!(read(&out, "chart.css").contains("@page { size: landscape"));
    for svg in inline_svgs(&html) {
        assert_well_formed(svg, "chart.html");
    }
}

#[test]
fn front_page_shows_the_top_levels_with_links_down() {
    let (_tmp, out) = build(&features());
    let html = read(&out, "index.html");
    let svgs = inline_svgs(&html);
    assert_eq!(svgs.len(), 1);
    let svg = svgs[0];
    // front_depth 2: the top, its staff and the directors; not below.
    for shown in ["總經理", "總經理助理", "研發總監", "銷售總監"] {
        assert!(svg.contains(&format!(">{shown}</text>")), "{shown} missing");
    }
    for hidden in ["平台經理", "銷售代表", "平台工程師01"] {
        assert!(
            !svg.contains(&format!(">{hidden}</text>")),
            "{hidden} shown"
        );
    }
    // Boxes with hidden reports link into the full chart.
    assert!(svg.contains(r#"<a class="oc-more" href="chart.html#p-研發總監">"#));
    assert!(svg.contains("▾ 13 "));
    // And the list says the same for readers without the picture.
    let doc = page(&out, "index.html");
    assert_eq!(texts(&doc, ".chart-outline-list li").len(), 4);
}

#[test]
fn staff_sit_beside_their_manager_and_wide_teams_are_stacked() {
    let org = org_of(&features());
    let c = full_chart(&org);
    assert!(overlaps(&c).is_empty());
    assert_eq!(crossings(&c, WireKind::Report), 0);
    assert_eq!(crossings(&c, WireKind::Staff), 0);
    let (boss, aide) = (node(&c, "總經理"), node(&c, "總經理助理"));
    let (rb, ra) = (c.rect(boss), c.rect(aide));
    assert_eq!(rb.1, ra.1, "staff top-aligned with the manager");
    assert!(ra.0 >= rb.0 + rb.2, "staff to the side");
    assert!(c.wires.iter().any(|w| w.kind == WireKind::Staff));
    // Twelve engineers in columns: far narrower than a row of twelve.
    let eng: Vec<usize> = (1..=12)
        .map(|i| node(&c, &format!("平台工程師{i:02}")))
        .collect();
    let lo = eng
        .iter()
        .map(|&i| c.rect(i).0)
        .fold(f64::INFINITY, f64::min);
    let hi = eng
        .iter()
        .map(|&i| c.rect(i).0 + c.rect(i).2)
        .fold(0.0, f64::max);
    let one = c.rect(eng[0]).2;
    assert!(hi - lo < 6.0 * one, "{} wide for boxes of {one}", hi - lo);
    // Sibling order reads down the first column.
    assert!(c.rect(eng[1]).1 > c.rect(eng[0]).1);
    assert_eq!(c.rect(eng[1]).0, c.rect(eng[0]).0);
    // Units are frames holding their boxes.
    assert!(c
        .frames
        .iter()
        .any(|f| c.clusters[f.cluster].label == "平台組"));
}

#[test]
fn dotted_lines_are_dashed_routed_around_boxes_and_named() {
    let org = org_of(&features());
    let c = full_chart(&org);
    let dotted: Vec<_> = c
        .wires
        .iter()
        .filter(|w| w.kind == WireKind::Dotted)
        .collect();
    assert_eq!(dotted.len(), 2);
    assert_eq!(crossings(&c, WireKind::Dotted), 0);
    let sales = node(&c, "銷售總監");
    assert!(c.nodes[sales].lines.iter().any(|(l, _)| l == "┄ 研發總監"));
    let (_tmp, out) = build(&features());
    let svg = read(&out, "chart.svg");
    assert!(svg.contains(r#"<path class="oc-dotted" d="M"#));
    assert!(
        svg.contains(".oc-dotted{fill:none;stroke:#b06a2c;stroke-width:1.5;stroke-dasharray:5 4}")
    );
    // The position page's neighbourhood (not a tree: layout-rs) is clean too.
    let t = orgsite::i18n::strings(&org.config);
    let i = org.by_id["銷售總監"];
    let n = chart::neighbourhood_chart(&org, i, &Labels { t: &t });
    assert!(overlaps(&n).is_empty());
    assert_eq!(crossings(&n, WireKind::Report), 0);
    assert_eq!(crossings(&n, WireKind::Dotted), 0);
    assert_eq!(
        n.wires
            .iter()
            .filter(|w| w.kind == WireKind::Dotted)
            .count(),
        1
    );
}

#[test]
fn every_chart_is_well_formed_and_renders() {
    let (_tmp, out) = build(&features());
    let svg = read(&out, "chart.svg");
    assert!(svg.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns="));
    assert_well_formed(&svg, "chart.svg");
    let mut pages = 0;
    for rel in files(&out) {
        if rel.extension().is_some_and(|e| e == "html") {
            let html = read(&out, rel.to_str().unwrap());
            for s in inline_svgs(&html) {
                assert_well_formed(s, &rel.display().to_string());
                pages += 1;
            }
        }
    }
    assert!(pages >= 20, "{pages} charts");
    if have("rsvg-convert") {
        let png = out.join("chart.png");
        let st = Command::new("rsvg-convert")
            .arg(out.join("chart.svg"))
            .arg("-o")
            .arg(&png)
            .status()
            .unwrap();
        assert!(st.success(), "rsvg-convert failed");
        assert!(std::fs::metadata(&png).unwrap().len() > 10_000);
    }
}

#[test]
fn dot_export_has_clusters_dashed_lines_and_urls_and_renders() {
    let (_tmp, out) = build(&features());
    let dot = read(&out, "org.dot");
    assert!(dot.starts_with("digraph org {"));
    assert!(dot.contains("subgraph cluster_u"));
    assert!(dot.contains(r#"label="平台組"; URL="units/platform.html""#));
    assert!(dot.contains(r#"URL="positions/總經理.html""#));
    assert_eq!(
        dot.matches("style=dashed, color=\"#b06a2c\", constraint=false")
            .count(),
        2
    );
    // Nested: the platform cluster sits inside the R&D one.
    let rd = dot.find("label=\"研發部\"").unwrap();
    let platform = dot.find("label=\"平台組\"").unwrap();
    let sales = dot.find("label=\"銷售部\"").unwrap();
    assert!(rd < platform && platform < sales);
    if have("dot") {
        let o = Command::new("dot")
            .arg("-Tsvg")
            .arg(out.join("org.dot"))
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let svg = String::from_utf8_lossy(&o.stdout);
        assert!(svg.contains("positions/平台經理.html"));
        assert!(svg.contains("stroke-dasharray"));
    }
}

#[test]
fn left_to_right_turns_the_charts() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    for f in files(&features()) {
        let to = site.join(&f);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(features().join(&f), &to).unwrap();
    }
    let yaml = std::fs::read_to_string(site.join("site.yaml"))
        .unwrap()
        .replace("direction: TB", "direction: LR");
    std::fs::write(site.join("site.yaml"), yaml).unwrap();
    let org = org_of(&site);
    let c = full_chart(&org);
    assert!(overlaps(&c).is_empty());
    assert_eq!(crossings(&c, WireKind::Report), 0);
    let (boss, rd, sales) = (
        node(&c, "總經理"),
        node(&c, "研發總監"),
        node(&c, "銷售總監"),
    );
    assert!(c.pos[rd].0 > c.pos[boss].0 && c.pos[sales].0 > c.pos[boss].0);
    assert!(
        c.pos[rd].1 < c.pos[sales].1,
        "siblings top to bottom in order"
    );
    build(&site);
}

/// A generated organisation of 2,000 positions: every view compact and
/// clean, and its printed pages complete and readable.
#[test]
fn a_large_generated_organisation_is_compact_clean_and_printable() {
    let tmp = tempfile::tempdir().unwrap();
    synth::write_site(tmp.path(), 2000, 3).unwrap();
    let org = org_of(tmp.path());
    let c = full_chart(&org);
    assert_eq!(c.nodes.len(), 2000);
    assert!(overlaps(&c).is_empty());
    assert_eq!(crossings(&c, WireKind::Report), 0);
    assert_eq!(crossings(&c, WireKind::Staff), 0);
    assert_eq!(crossings(&c, WireKind::Dotted), 0);
    // Compact: no strip; about as much area as the boxes need, give or take.
    let aspect = c.width / c.height;
    assert!((0.4..4.0).contains(&aspect), "{} x {}", c.width, c.height);
    let boxes: f64 = c.nodes.iter().map(|n| n.w * n.h).sum();
    assert!(c.width * c.height < 12.0 * boxes, "too sparse");
    // Printed: every page readable, every position on a page, every
    // reference to a page that continues with that box.
    let labels = chart::print::PrintLabels {
        continued_on: "→ p. {n}",
        continued_from: "from p. {n}",
        continued: "(continued)",
        name_sep: ", ",
    };
    let pages = chart::print::paginate(&c, &labels);
    assert!(pages.len() > 1);
    let mut seen = std::collections::HashSet::new();
    for p in &pages {
        assert!(
            p.chart.width * chart::print::MIN_SCALE <= chart::print::PAGE_W + 1.0
                && p.chart.height * chart::print::MIN_SCALE <= chart::print::PAGE_H + 1.0,
            "page {} is {} x {}",
            p.number,
            p.chart.width,
            p.chart.height
        );
        for n in &p.chart.nodes {
            if n.style == NodeStyle::Normal {
                seen.insert(n.key.clone());
            }
            if let Some(m) = &n.more {
                let k: usize = m.href.trim_start_matches("#print-page-").parse().unwrap();
                let target = &pages[k - 1];
                assert!(
                    target.chart.nodes.iter().any(|x| x.key == n.key),
                    "page {k} does not continue {}",
                    n.title
                );
            }
        }
    }
    assert_eq!(seen.len(), 2000, "positions missing from print");
}

/// The shapes real organisations have (issue 17): a flat top of 450
/// positions with no manager, one post with 2,000 reports, 60 top-level
/// units, 60-character titles. Each full chart keeps a shape near a
/// screen's (between 1:3 and 3:1), clean and in sibling order.
#[test]
fn real_shapes_keep_a_shape_near_the_screens() {
    for shape in synth::SHAPES {
        let tmp = tempfile::tempdir().unwrap();
        synth::write_files(tmp.path(), synth::shape_files(shape).unwrap()).unwrap();
        let org = org_of(tmp.path());
        let c = full_chart(&org);
        let aspect = c.width / c.height;
        assert!(
            (1.0 / 3.0..=3.0).contains(&aspect),
            "{shape}: {} x {}",
            c.width,
            c.height
        );
        assert!(overlaps(&c).is_empty(), "{shape}: boxes overlap");
        assert_eq!(crossings(&c, WireKind::Report), 0, "{shape}");
        assert_eq!(crossings(&c, WireKind::Dotted), 0, "{shape}");
        let boxes: f64 = c.nodes.iter().map(|n| n.w * n.h).sum();
        assert!(c.width * c.height < 12.0 * boxes, "{shape}: too sparse");
    }
    // The flat top stays in order: left to right on a shelf, shelves top to bottom.
    let tmp = tempfile::tempdir().unwrap();
    synth::write_files(tmp.path(), synth::shape_files("flat-top").unwrap()).unwrap();
    let c = full_chart(&org_of(tmp.path()));
    let tops: Vec<(f64, f64)> = (0..450)
        .map(|i| {
            let k = node_by_key(&c, &format!("top-{i:03}"));
            (c.rect(k).1, c.rect(k).0)
        })
        .collect();
    for w in tops.windows(2) {
        assert!(
            w[1].0 > w[0].0 + 1.0 || ((w[1].0 - w[0].0).abs() < 1.0 && w[1].1 > w[0].1),
            "out of order: {w:?}"
        );
    }
}

fn node_by_key(c: &Chart, key: &str) -> usize {
    c.nodes
        .iter()
        .position(|n| n.key.as_deref() == Some(key))
        .unwrap_or_else(|| panic!("no box {key}"))
}

/// "N more below" counts every level below a box, on the front page's top
/// levels and on a position's own page alike.
#[test]
fn more_below_means_the_same_everywhere() {
    let tmp = tempfile::tempdir().unwrap();
    synth::write_site(tmp.path(), 300, 5).unwrap();
    let org = org_of(tmp.path());
    let t = orgsite::i18n::strings(&org.config);
    let labels = Labels { t: &t };
    let all: Vec<usize> = (0..org.positions.len()).collect();
    let front = chart::tree_chart(&org, &all, 3, &labels);
    let mut compared = 0;
    for n in front.nodes.iter().filter(|n| n.more.is_some()) {
        // The same box on its manager's page.
        let Some(i) = org
            .positions
            .iter()
            .position(|p| Some(&p.id) == n.key.as_ref())
        else {
            continue;
        };
        let Some(m) = org.positions[i].manager_index() else {
            continue;
        };
        let own = chart::neighbourhood_chart(&org, m, &labels);
        let b = own
            .nodes
            .iter()
            .find(|b| b.key == n.key && b.style == NodeStyle::Normal)
            .expect("a report on its manager's page");
        assert_eq!(
            n.more.as_ref().map(|x| x.count),
            b.more.as_ref().map(|x| x.count),
            "{}",
            n.title
        );
        compared += 1;
    }
    assert!(compared > 0, "no box on both charts");
}
