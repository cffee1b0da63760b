//! The one SVG writer for every chart: frames for units, connectors, then
//! boxes, each box an `<a>` to its page with a `<title>` tooltip. Styles are
//! classes (prefixed `oc-`, as an inline SVG's style applies to the whole
//! page), and their rules live once, in the theme's `style.css` (see
//! [`chart_rules`](crate::theme::chart_rules)). A chart inside a page leaves them to that stylesheet
//! rather than repeating 1.7 kB on every one of 100,000 pages; a
//! standalone SVG (`chart.svg`) carries a copy in its own `<style>`, so
//! the file renders the same in browsers and in `rsvg-convert`.
//! Output depends only on the chart: two builds are byte-identical.

use std::fmt::Write as _;

use super::{
    Avatar, Chart, ChartNode, Frame, LineKind, NodeMark, NodeStyle, WireKind, AVATAR, LABEL_SIZE,
    LINE_LH, PAD_TOP, PAD_X, TITLE_LH,
};
use crate::text::{escape_into, is_color, shorten, text_width_em};
use crate::theme::builtin_style;

/// Charts up to this wide may shrink to fit the page they are on; wider
/// ones keep their size and scroll, as shrinking them would make them
/// unreadable.
const FIT_WIDTH: f64 = 1700.0;

/// What a drawing of a chart carries besides the picture.
#[derive(Debug, Clone, Copy)]
pub struct SvgOptions {
    /// Element ids (`p-ID`) on boxes, for links into the chart and search;
    /// off for a second drawing of the same boxes on one page.
    pub ids: bool,
    /// Search text (`data-s`) on boxes.
    pub search: bool,
    /// Group the boxes of a large chart into square tiles this wide, each
    /// a `<g class="oc-tile" data-b="x0 y0 x1 y1">`, so that a viewer can
    /// leave out what is off screen. Boxes then come tile by tile.
    pub tiles: Option<f64>,
    /// A file of its own: carries its style (the built-in theme's, with
    /// [`write_svg`]); otherwise the page's stylesheet gives it.
    pub standalone: bool,
}

impl Default for SvgOptions {
    fn default() -> Self {
        SvgOptions {
            ids: true,
            search: false,
            tiles: None,
            standalone: false,
        }
    }
}

/// Charts with fewer boxes are never tiled: their boxes stay in reading
/// order for keyboard and screen-reader users.
const TILE_MIN_BOXES: usize = 1500;

/// Draws a laid-out chart as an SVG for a page whose stylesheet has the
/// chart's rules. `root` is the path from the page that shows it to the
/// site root (`""` or `"../"`); `label` names the chart for screen readers.
pub fn to_svg(chart: &Chart, root: &str, label: &str) -> String {
    write_svg(chart, root, label, SvgOptions::default())
}

/// Draws a laid-out chart as an SVG file of its own, carrying `style`
/// (the theme's [`chart_rules`](crate::theme::chart_rules)).
pub fn to_standalone_svg(chart: &Chart, root: &str, label: &str, style: &str) -> String {
    let opts = SvgOptions {
        standalone: true,
        ..SvgOptions::default()
    };
    write_styled(chart, root, label, opts, style)
}

/// [`to_svg`] with options.
pub fn write_svg(chart: &Chart, root: &str, label: &str, opts: SvgOptions) -> String {
    write_styled(chart, root, label, opts, builtin_style())
}

/// [`write_svg`] with the style a standalone SVG carries.
fn write_styled(chart: &Chart, root: &str, label: &str, opts: SvgOptions, style: &str) -> String {
    // About 575 bytes a box in the full chart (with search text): room
    // for all of it at once, as growing a string of 50 MB copies it.
    let mut s = String::with_capacity(1024 + chart.nodes.len() * 600);
    write_open(&mut s, chart, label, opts.standalone.then_some(style));
    // Frames, outer first.
    for f in &chart.frames {
        write_frame(&mut s, chart, f, root);
    }
    write_wires(&mut s, chart);
    let mut marks: Vec<Option<&NodeMark>> = vec![None; chart.nodes.len()];
    for (k, m) in &chart.marks {
        if let Some(slot) = marks.get_mut(*k) {
            *slot = Some(m);
        }
    }
    // Boxes, in order or tile by tile.
    let (tiles, tiled) = tiles(chart, opts);
    for tile in &tiles {
        if tiled {
            open_tile(&mut s, chart, tile);
        }
        for &i in tile {
            write_box(
                &mut s,
                chart,
                i,
                root,
                opts,
                marks.get(i).copied().flatten(),
            );
        }
        if tiled {
            s.push_str("</g>");
        }
    }
    s.push_str("</svg>");
    s
}

/// The `<svg>` element, its title and (standalone) its style.
fn write_open(s: &mut String, chart: &Chart, label: &str, style: Option<&str>) {
    let (w, h) = (chart.width, chart.height);
    s.push_str(if w <= FIT_WIDTH {
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="orgchart oc-fit" viewBox="0 0 "#
    } else {
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="orgchart" viewBox="0 0 "#
    });
    push_num(s, w);
    s.push(' ');
    push_num(s, h);
    s.push_str(r#"" width=""#);
    push_num(s, w);
    s.push_str(r#"" height=""#);
    push_num(s, h);
    s.push_str(r#"" role="group" aria-label=""#);
    escape_into(s, label);
    s.push_str(r#""><title>"#);
    escape_into(s, label);
    s.push_str("</title>");
    if let Some(style) = style {
        s.push_str("<style>");
        s.push_str(style);
        s.push_str("</style>");
    }
}

/// A unit's frame; only the label links, so that the frame's empty space
/// stays free for dragging the chart.
fn write_frame(s: &mut String, chart: &Chart, f: &Frame, root: &str) {
    let Some(cl) = chart.clusters.get(f.cluster) else {
        return;
    };
    let color = if is_color(&cl.color) {
        cl.color.as_str()
    } else {
        "#5b6475"
    };
    s.push_str(r#"<rect class="oc-frame" x=""#);
    push_num(s, f.x);
    s.push_str(r#"" y=""#);
    push_num(s, f.y);
    s.push_str(r#"" width=""#);
    push_num(s, f.w);
    s.push_str(r#"" height=""#);
    push_num(s, f.h);
    s.push_str(r#"" rx="10" fill=""#);
    s.push_str(color);
    s.push_str(r#"" stroke=""#);
    s.push_str(color);
    s.push_str(r#""/>"#);
    let text = shorten(&cl.label, ((f.w - 20.0) / LABEL_SIZE).max(1.0));
    if let Some(href) = &cl.href {
        s.push_str(r#"<a href=""#);
        escape_into(s, root);
        escape_into(s, href);
        // The label is hidden when the chart is zoomed far out; the
        // title keeps the link named.
        s.push_str(r#""><title>"#);
        escape_into(s, &cl.label);
        s.push_str("</title>");
    }
    s.push_str(if f.depth == 0 {
        r#"<text class="oc-fl oc-d0" x=""#
    } else {
        r#"<text class="oc-fl" x=""#
    });
    push_num(s, f.x + 10.0);
    s.push_str(r#"" y=""#);
    push_num(s, f.y + 16.0);
    s.push_str(r#"" fill=""#);
    s.push_str(color);
    s.push_str(r#"">"#);
    escape_into(s, &text);
    s.push_str("</text>");
    if cl.href.is_some() {
        s.push_str("</a>");
    }
}

/// Connectors: one path per kind.
fn write_wires(s: &mut String, chart: &Chart) {
    for (kind, class) in [
        (WireKind::Report, "oc-wire"),
        (WireKind::Staff, "oc-staff"),
        (WireKind::Dotted, "oc-dotted"),
    ] {
        let mut any = false;
        for wire in chart.wires.iter().filter(|w| w.kind == kind) {
            let Some(&(x0, y0)) = wire.points.first() else {
                continue;
            };
            if !any {
                s.push_str(r#"<path class=""#);
                s.push_str(class);
                s.push_str(r#"" d=""#);
                any = true;
            }
            s.push('M');
            push_num(s, x0);
            s.push(' ');
            push_num(s, y0);
            let mut prev = (x0, y0);
            for &(x, y) in &wire.points[1..] {
                if (x - prev.0).abs() < 0.05 {
                    s.push('V');
                    push_num(s, y);
                } else if (y - prev.1).abs() < 0.05 {
                    s.push('H');
                    push_num(s, x);
                } else {
                    s.push('L');
                    push_num(s, x);
                    s.push(' ');
                    push_num(s, y);
                }
                prev = (x, y);
            }
        }
        if any {
            s.push_str(r#""/>"#);
        }
    }
}

/// The boxes in drawing order: one run, or (a large chart with
/// `opts.tiles`) square tiles in reading order; and whether they are tiled.
fn tiles(chart: &Chart, opts: SvgOptions) -> (Vec<Vec<usize>>, bool) {
    let order: Vec<usize> = (0..chart.nodes.len().min(chart.pos.len())).collect();
    let tiles: Vec<Vec<usize>> = match opts.tiles {
        Some(size) if size > 0.0 && chart.nodes.len() >= TILE_MIN_BOXES => {
            let mut by_tile: std::collections::BTreeMap<(i64, i64), Vec<usize>> =
                std::collections::BTreeMap::new();
            for &i in &order {
                let (cx, cy) = chart.pos[i];
                let key = ((cy / size).floor() as i64, (cx / size).floor() as i64);
                by_tile.entry(key).or_default().push(i);
            }
            by_tile.into_values().collect()
        }
        _ => vec![order],
    };
    let tiled = tiles.len() > 1 || opts.tiles.is_some() && chart.nodes.len() >= TILE_MIN_BOXES;
    (tiles, tiled)
}

/// A tile's group, with the bounds of its boxes.
fn open_tile(s: &mut String, chart: &Chart, tile: &[usize]) {
    let (mut x0, mut y0, mut x1, mut y1) = (f64::INFINITY, f64::INFINITY, 0.0f64, 0.0f64);
    for &i in tile {
        let (x, y, w, h) = chart.rect(i);
        x0 = x0.min(x);
        y0 = y0.min(y);
        x1 = x1.max(x + w);
        y1 = y1.max(y + h);
    }
    s.push_str(r#"<g class="oc-tile" data-b=""#);
    for (k, v) in [x0, y0, x1, y1].into_iter().enumerate() {
        if k > 0 {
            s.push(' ');
        }
        push_num(s, v);
    }
    s.push_str(r#"">"#);
}

/// One box: its link, tooltip, frame, colour bar and lines of text, and
/// the link to what it does not show.
fn write_box(
    s: &mut String,
    chart: &Chart,
    i: usize,
    root: &str,
    opts: SvgOptions,
    mark: Option<&NodeMark>,
) {
    let n = &chart.nodes[i];
    let (cx, cy) = chart.pos[i];
    let (x, y) = (cx - n.w / 2.0, cy - n.h / 2.0);
    open_box(s, n, root, opts, mark);
    s.push_str("><title>");
    escape_into(s, &n.tooltip);
    s.push_str(r#"</title><rect class="oc-box" x=""#);
    push_num(s, x);
    s.push_str(r#"" y=""#);
    push_num(s, y);
    s.push_str(r#"" width=""#);
    push_num(s, n.w);
    s.push_str(r#"" height=""#);
    push_num(s, n.h);
    s.push_str(r#"" rx="6"/>"#);
    if matches!(n.style, NodeStyle::Normal | NodeStyle::Focus) {
        let color = if is_color(&n.color) {
            n.color.as_str()
        } else {
            "#5b6475"
        };
        s.push_str(r#"<rect x=""#);
        push_num(s, x + 1.0);
        s.push_str(r#"" y=""#);
        push_num(s, y + 1.0);
        s.push_str(r#"" width=""#);
        push_num(s, n.w - 2.0);
        s.push_str(r#"" height="4" rx="2" fill=""#);
        s.push_str(color);
        s.push_str(r#""/>"#);
    }
    if let Some(a) = &n.avatar {
        write_avatar(s, a, x + PAD_X, cy - AVATAR / 2.0, root);
    }
    let tx = cx + n.avatar_room() / 2.0;
    let mut base = write_box_text(s, n, tx, y + PAD_TOP);
    if let Some(m) = mark {
        draw_mark(s, m, x, y, n.w, n.h);
    }
    s.push_str(if n.href.is_some() { "</a>" } else { "</g>" });
    if let Some(more) = &n.more {
        base += LINE_LH;
        s.push_str(r#"<a class="oc-more" href=""#);
        escape_into(s, root);
        escape_into(s, &more.href);
        s.push_str(r#""><text class="oc-m" x=""#);
        push_num(s, tx);
        s.push_str(r#"" y=""#);
        push_num(s, base - 4.5);
        s.push_str(r#"">"#);
        escape_into(s, &more.label);
        s.push_str("</text></a>");
    }
}

/// A box's `<a>` (or `<g>`) up to its closing `>`: link, classes, id and
/// search text.
fn open_box(s: &mut String, n: &ChartNode, root: &str, opts: SvgOptions, mark: Option<&NodeMark>) {
    let class = match n.style {
        NodeStyle::Focus => "oc-focus",
        NodeStyle::Context => "oc-ctx",
        NodeStyle::Stub => "oc-stub",
        NodeStyle::Normal if n.empty => "oc-empty",
        NodeStyle::Normal => "",
    };
    match &n.href {
        Some(href) => {
            s.push_str(r#"<a href=""#);
            escape_into(s, root);
            escape_into(s, href);
            s.push('"');
        }
        None => s.push_str("<g"),
    }
    let mark_class = mark.map(|m| m.class).unwrap_or_default();
    if !class.is_empty() || !mark_class.is_empty() {
        s.push_str(r#" class=""#);
        s.push_str(class);
        if !class.is_empty() && !mark_class.is_empty() {
            s.push(' ');
        }
        escape_into(s, mark_class);
        s.push('"');
    }
    if opts.ids {
        if let Some(key) = &n.key {
            s.push_str(r#" id="p-"#);
            escape_into(s, key);
            s.push('"');
        }
    }
    if opts.search && n.key.is_some() {
        s.push_str(r#" data-s=""#);
        escape_into(s, &n.title);
        for term in &n.search {
            s.push_str(" · ");
            escape_into(s, term);
        }
        s.push('"');
    }
}

/// A box's photo (an `<image>` of its thumbnail) or initials, `AVATAR`
/// square with its top left corner at (`x`, `y`).
fn write_avatar(s: &mut String, a: &Avatar, x: f64, y: f64, root: &str) {
    match a {
        Avatar::Photo(href) => {
            s.push_str(r#"<image class="oc-av" href=""#);
            escape_into(s, root);
            escape_into(s, href);
            s.push_str(r#"" x=""#);
            push_num(s, x);
            s.push_str(r#"" y=""#);
            push_num(s, y);
            s.push_str(r#"" width=""#);
            push_num(s, AVATAR);
            s.push_str(r#"" height=""#);
            push_num(s, AVATAR);
            s.push_str(r#"" preserveAspectRatio="xMidYMid slice"/>"#);
        }
        Avatar::Initials { text, color } => {
            let color = if is_color(color) {
                color.as_str()
            } else {
                "#5b6475"
            };
            s.push_str(r#"<circle class="oc-av" cx=""#);
            push_num(s, x + AVATAR / 2.0);
            s.push_str(r#"" cy=""#);
            push_num(s, y + AVATAR / 2.0);
            s.push_str(r#"" r=""#);
            push_num(s, AVATAR / 2.0);
            s.push_str(r#"" fill=""#);
            s.push_str(color);
            s.push_str(r#""/><text class="oc-avt" x=""#);
            push_num(s, x + AVATAR / 2.0);
            s.push_str(r#"" y=""#);
            push_num(s, y + AVATAR / 2.0 + 5.0);
            s.push_str(r#"">"#);
            escape_into(s, text);
            s.push_str("</text>");
        }
    }
}

/// A box's title lines and other lines, from depth `base` down; returns
/// the baseline reached.
fn write_box_text(s: &mut String, n: &ChartNode, cx: f64, mut base: f64) -> f64 {
    for line in &n.title_lines {
        base += TITLE_LH;
        s.push_str(r#"<text class="oc-t" x=""#);
        push_num(s, cx);
        s.push_str(r#"" y=""#);
        push_num(s, base - 5.0);
        s.push_str(r#"">"#);
        escape_into(s, line);
        s.push_str("</text>");
    }
    for (line, kind) in &n.lines {
        base += LINE_LH;
        s.push_str(r#"<text class="oc-l"#);
        s.push_str(match kind {
            LineKind::Holders => "",
            LineKind::Pending => " oc-pending",
            LineKind::Vacant => " oc-vacant",
            LineKind::Note => " oc-note",
            LineKind::Dotted => " oc-dl",
        });
        s.push_str(r#"" x=""#);
        push_num(s, cx);
        s.push_str(r#"" y=""#);
        push_num(s, base - 4.5);
        s.push_str(r#"">"#);
        escape_into(s, line);
        s.push_str("</text>");
    }
    base
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
            r##"<rect x="{bx:.1}" y="{by:.1}" width="{bw:.1}" height="16" rx="8" fill="{color}"/><text x="{:.1}" y="{:.1}" text-anchor="middle" font-size="{size}" font-weight="600" fill="#ffffff">"##,
            bx + bw / 2.0,
            by + 12.0,
        );
        escape_into(s, &m.badge);
        s.push_str("</text>");
    }
}

/// Appends a coordinate with at most one decimal, without the float
/// formatting machinery (charts of 100,000 boxes write millions of them).
fn push_num(out: &mut String, v: f64) {
    let t = (v * 10.0).round();
    if !t.is_finite() {
        out.push('0');
        return;
    }
    let t = t as i64;
    if t < 0 {
        out.push('-');
    }
    let a = t.unsigned_abs();
    push_u64(out, a / 10);
    let frac = a % 10;
    if frac != 0 {
        out.push('.');
        out.push(char::from(b'0' + frac as u8));
    }
}

fn push_u64(out: &mut String, mut v: u64) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    for &b in &buf[i..] {
        out.push(char::from(b));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::{Chart, ChartNode, Cluster, Frame, More, Wire};
    use crate::theme::chart_rules;

    fn sample() -> Chart {
        let mut c = Chart::default();
        let mut a = ChartNode::new("營銷總監 <&>");
        a.key = Some("營銷總監".into());
        a.href = Some("positions/營銷總監.html".into());
        a.lines = vec![("王曦虹".into(), LineKind::Holders)];
        a.search = vec!["王曦虹".into()];
        a.more = Some(More {
            count: 3,
            label: "▾ 3".into(),
            href: "chart.html#p-營銷總監".into(),
        });
        let a = c.add(a);
        let mut b = ChartNode::new("客服");
        b.style = NodeStyle::Context;
        let b = c.add(b);
        c.edges.push((a, b));
        c.clusters.push(Cluster {
            label: "營銷部".into(),
            color: "#3b5b92".into(),
            href: Some("units/營銷部.html".into()),
        });
        c.frames.push(Frame {
            cluster: 0,
            x: 10.0,
            y: 10.0,
            w: 300.0,
            h: 200.0,
            depth: 0,
        });
        c.pos = vec![(100.0, 60.0), (100.0, 160.0)];
        c.wires.push(Wire {
            kind: WireKind::Report,
            points: vec![(100.0, 80.0), (100.0, 120.0), (150.0, 120.0)],
        });
        c.width = 320.0;
        c.height = 220.0;
        c
    }

    #[test]
    fn boxes_are_links_with_tooltips_and_text_is_escaped() {
        let svg = write_svg(
            &sample(),
            "../",
            "chart",
            SvgOptions {
                ids: true,
                search: true,
                tiles: None,
                standalone: false,
            },
        );
        assert!(
            svg.starts_with(r#"<svg xmlns="http://www.w3.org/2000/svg" class="orgchart oc-fit""#)
        );
        assert!(svg.contains(r#"<a href="../positions/營銷總監.html" id="p-營銷總監" data-s="營銷總監 &lt;&amp;&gt; · 王曦虹"><title>"#));
        assert!(svg.contains(">營銷總監 &lt;&amp;&gt;</text>"));
        assert!(svg.contains(r#"<a class="oc-more" href="../chart.html#p-營銷總監">"#));
        assert!(svg.contains(r#"<g class="oc-ctx"><title>客服</title>"#));
        assert!(svg.contains(r#"<path class="oc-wire" d="M100 80V120H150"/>"#));
        assert!(svg.contains(
            r#"<a href="../units/營銷部.html"><title>營銷部</title><text class="oc-fl oc-d0""#
        ));
        assert!(svg.ends_with("</svg>"));
        // Without ids and search.
        let plain = write_svg(
            &sample(),
            "",
            "chart",
            SvgOptions {
                ids: false,
                search: false,
                tiles: None,
                standalone: false,
            },
        );
        assert!(!plain.contains(" id=") && !plain.contains("data-s"));
    }

    #[test]
    fn large_charts_come_in_tiles_with_their_bounds() {
        let mut c = Chart::default();
        for i in 0..TILE_MIN_BOXES {
            let mut n = ChartNode::new("x");
            n.key = Some(format!("k{i}"));
            c.add(n);
            c.pos.push((
                (i % 50) as f64 * 150.0 + 60.0,
                (i / 50) as f64 * 80.0 + 30.0,
            ));
        }
        c.width = 7600.0;
        c.height = 2450.0;
        let opts = SvgOptions {
            ids: true,
            search: false,
            tiles: Some(1600.0),
            standalone: false,
        };
        let svg = write_svg(&c, "", "x", opts);
        let tiles = svg.matches(r#"<g class="oc-tile" data-b=""#).count();
        assert_eq!(tiles, 5 * 2, "5 columns of tiles, 2 rows");
        assert_eq!(
            svg.matches("<rect class=\"oc-box\"").count(),
            TILE_MIN_BOXES
        );
        assert!(svg.contains(r#"<g class="oc-tile" data-b="8 12 1612 1568">"#));
        // Without tiles, boxes come in reading order.
        let plain = write_svg(&c, "", "x", SvgOptions::default());
        assert!(!plain.contains("oc-tile"));
        assert!(plain.find(r#"id="p-k49""#) < plain.find(r#"id="p-k50""#));
    }

    #[test]
    fn only_a_standalone_svg_carries_its_style() {
        let inline = to_svg(&sample(), "", "x");
        assert!(!inline.contains("<style>") && !inline.contains("font-family"));
        let file = to_standalone_svg(&sample(), "", "x", ".oc-box{fill:red}");
        assert!(file.contains("<title>x</title><style>.oc-box{fill:red}</style>"));
    }

    #[test]
    fn the_style_is_the_part_of_style_css_between_its_comments() {
        let style = builtin_style();
        assert!(
            style.starts_with("svg.orgchart{font-family:'Noto Sans CJK TC',"),
            "{style}"
        );
        assert!(style.contains("}.oc-box{fill:#fff;"), "{style}");
        assert!(
            style.ends_with("svg.oc-fit{max-width:100%;height:auto}"),
            "{style}"
        );
        assert!(!style.contains(['\n', '*']), "{style}");
        let css = "a{}\n/* chart rules begin: x */\n.oc-a\n  .oc-b{fill:red}\n\n.oc-c{content:\"<&\"}\n/* chart rules end */\nb{}";
        assert_eq!(
            chart_rules(css).as_deref(),
            Some(".oc-a .oc-b{fill:red}.oc-c{content:\"&lt;&amp;\"}")
        );
        assert_eq!(chart_rules("a{}/* chart rules begin */"), None);
    }

    #[test]
    fn output_is_deterministic() {
        assert_eq!(to_svg(&sample(), "", "x"), to_svg(&sample(), "", "x"));
    }

    #[test]
    fn numbers_are_short_and_exact() {
        let mut s = String::new();
        for v in [0.0, 12.0, 12.25, -3.45, 1e6, 0.04, -0.04] {
            push_num(&mut s, v);
            s.push(' ');
        }
        assert_eq!(s, "0 12 12.3 -3.5 1000000 0 0 ");
    }
}
