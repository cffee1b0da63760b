//! The handbook beyond the chart: reporting calendar, people, print
//! edition, search, 404 and the interface languages.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use common::*;
use scraper::Html;

#[test]
fn reporting_calendar_groups_by_cadence_and_recipient() {
    let (_tmp, out) = build(&example_site());
    let doc = page(&out, "reporting.html");
    assert_eq!(texts(&doc, ".cadence h3"), ["每日", "每周", "每月"]);
    let daily = texts(&doc, ".cadence-day tbody tr");
    assert_eq!(daily.len(), 6);
    assert_eq!(
        daily[0],
        "工作日報 營銷總監 運營長 （本架構外） 每日 10:00 前"
    );
    assert_eq!(texts(&doc, ".cadence-week tbody tr").len(), 5);
    let monthly = texts(&doc, ".cadence-month tbody tr");
    assert_eq!(monthly.len(), 6);
    assert!(monthly.contains(&"工作月計劃報表 財富專員 銷售主管 每月 2 日 10:00 前".to_string()));
    // What lands on each desk: the external COO first, then positions in
    // chart order, then the recipient that exists nowhere.
    assert_eq!(
        texts(&doc, ".recipient h3"),
        [
            "運營長 收到的匯報",
            "銷售經理 收到的匯報",
            "銷售主管 收到的匯報",
            "客服經理 收到的匯報",
            "銷售總監 收到的匯報 ?",
        ]
    );
    assert_eq!(
        texts(&doc, ".recipient:nth-of-type(3) tbody tr"),
        [
            "工作日報 財富專員 每日 10:00 前",
            "周例會（客戶分析會）會議準備 財富專員 每周",
            "工作月計劃報表 財富專員 每月 2 日 10:00 前",
        ]
    );
    assert_eq!(attrs(&doc, ".subscribe a", "href"), ["reporting.ics"]);
}

#[test]
fn people_page_lists_every_holder_with_their_posts() {
    let (_tmp, out) = build(&example_site());
    let doc = page(&out, "people.html");
    let rows = texts(&doc, ".person-card .person-text");
    assert_eq!(rows.len(), 5, "{rows:?}");
    assert!(
        rows.contains(&"劉蒂芳 銷售主管 銷售部 待崗".to_string()),
        "{rows:?}"
    );
    assert!(
        rows.contains(&"王曦虹 營銷總監 營銷部".to_string()),
        "{rows:?}"
    );
    assert!(attrs(&doc, ".directory a", "href").contains(&"positions/營銷總監.html".to_string()));
}

/// A small site with concurrent and acting holders, footnotes in two
/// documents and one that builds on the other, in English.
fn fixture_site(dir: &Path, extra_yaml: &str) -> std::path::PathBuf {
    let site = dir.join("site");
    fs::create_dir_all(site.join("content/ops")).unwrap();
    fs::write(
        site.join("site.yaml"),
        format!("title: Acme\nlanguage: en\n{extra_yaml}"),
    )
    .unwrap();
    fs::write(
        site.join("content/ops/lead.md"),
        "---\ntitle: Team lead\nholders: [Ada, { name: Bob, status: acting }]\nheadcount: 3\n\
         reports:\n  - { name: Weekly summary, to: boss, every: week, day: 5, by: \"17:00\" }\n---\n\
         ## Duties {#duties}\n\nLeads the team.[^1]\n\n### Detail {#detail}\n\nSee [detail](#detail).\n\n[^1]: Small team.\n",
    )
    .unwrap();
    fs::write(
        site.join("content/ops/boss.md"),
        "---\ntitle: Boss\nholders: [{ name: Ada, concurrent: true }]\nbuilds_on: lead\n---\n\
         Runs everything.[^1]\n\n[^1]: Really.\n",
    )
    .unwrap();
    fs::write(
        site.join("content/ops/helper.md"),
        "---\ntitle: Helper\nreports_to: lead\n---\nHelps.\n",
    )
    .unwrap();
    site
}

#[test]
fn people_page_marks_concurrent_and_acting_posts() {
    let tmp = tempfile::tempdir().unwrap();
    let site = fixture_site(tmp.path(), "");
    let (_t, out) = build(&site);
    let doc = page(&out, "people.html");
    assert_eq!(
        texts(&doc, ".person-card .person-text"),
        [
            "Ada Boss ops concurrent Team lead ops",
            "Bob Team lead ops Acting"
        ]
    );
    assert_eq!(texts(&doc, ".badge-concurrent"), ["concurrent"]);
}

#[test]
fn print_edition_has_cover_parts_and_every_position_in_chart_order() {
    let (_tmp, out) = build(&example_site());
    let doc = page(&out, "print.html");
    assert_eq!(texts(&doc, ".cover h1"), ["銷售部組織架構"]);
    let date = texts(&doc, ".cover-date");
    assert!(
        date[0].starts_with("最後更新：") && date[0].ends_with(" 日"),
        "{date:?}"
    );
    assert_eq!(
        texts(&doc, ".cover .stats dd"),
        ["6", "11", "24", "2", "3", "19", "5"]
    );
    assert_eq!(
        texts(&doc, ".print-section > h1"),
        ["組織架構圖", "崗位編制表", "匯報工作日程"]
    );
    assert_eq!(texts(&doc, ".print-chart svg").len(), 1);
    assert_eq!(texts(&doc, "table.staffing tbody th[scope=row]").len(), 11);
    // Each unit's rows under a heading row, its subtotal inside the table
    // (issue 18 item 6), the grand total once at the end.
    let heads = texts(&doc, "table.staffing tbody tr.group-head");
    assert!(heads.iter().any(|h| h == "營銷部 › 銷售部"), "{heads:?}");
    let subtotals = texts(&doc, "table.staffing tbody tr.subtotal");
    assert!(
        subtotals.iter().any(|r| r.starts_with("小計：營銷部 ")),
        "{subtotals:?}"
    );
    assert_eq!(texts(&doc, "table.staffing tfoot tr").len(), 1);
    assert_eq!(
        texts(&doc, ".print-roles > article.position h1"),
        EXAMPLE_CHART_TITLES
    );
    // Links between positions stay inside the document.
    let ids: Vec<String> = attrs(&doc, "[id]", "id");
    for href in attrs(&doc, ".print-roles a, .toc a, .print-section a", "href") {
        if let Some(frag) = href.strip_prefix('#') {
            assert!(ids.iter().any(|i| i == frag), "dangling #{frag}");
        } else {
            assert!(
                href.starts_with("units/") || href.starts_with("positions/"),
                "{href}"
            );
        }
    }
}

/// Resolves `href` (relative to the file `from`, both relative to the
/// output) to a file and a fragment.
fn resolve(from: &str, href: &str) -> (String, String) {
    let (file, frag) = href.split_once('#').unwrap_or((href, ""));
    if file.is_empty() {
        return (from.to_string(), frag.to_string());
    }
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for seg in file.split('/') {
        match seg {
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    (percent_decode(&parts.join("/")), frag.to_string())
}

#[test]
fn a_large_handbook_is_printed_in_volumes_one_per_unit() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_example(&site, "print: { volumes_above: 6 }\n");
    let (_t, out) = build(&site);

    // print.html: the cover, the chart and the list of volumes, no roles.
    let front = page(&out, "print.html");
    assert_eq!(texts(&front, ".print-section > h1"), ["組織架構圖", "分冊"]);
    assert_eq!(texts(&front, ".print-roles > article").len(), 0);
    assert_eq!(
        texts(&front, "table.volumes tbody tr"),
        [
            "營銷部 營銷部 1 1 1 0 0",
            "銷售部 營銷部 › 銷售部 4 14 0 2 12",
            "銷售一部 營銷部 › 銷售部 › 銷售一部 1 1 0 0 1",
            "銷售二部 營銷部 › 銷售部 › 銷售二部 1 1 0 0 1",
            "銷售三部 營銷部 › 銷售部 › 銷售三部 1 1 0 0 1",
            "客服部 營銷部 › 客服部 3 6 1 1 4"
        ]
    );
    assert!(texts(&front, "#print-volumes .note")[0].contains("11 個崗位"));

    // Each volume: its unit's chart, staffing, reporting and roles.
    let mut described = Vec::new();
    for href in attrs(&front, "table.volumes a", "href") {
        let (rel, _) = resolve("print.html", &href);
        let doc = page(&out, &rel);
        let ids = attrs(&doc, "[id]", "id");
        described.extend(texts(&doc, ".print-roles > article.position h1"));
        // Own positions link inside the volume, others to their pages.
        for href in attrs(&doc, "main a[href]", "href") {
            let (file, frag) = resolve(&rel, &href);
            if file == rel {
                assert!(ids.contains(&frag), "{rel}: dangling #{frag}");
            } else {
                assert!(out.join(&file).is_file(), "{rel}: {href} does not resolve");
            }
        }
        if rel == "print/銷售部.html" {
            assert_eq!(texts(&doc, ".cover-unit"), ["營銷部 › 銷售部"]);
            assert_eq!(
                texts(&doc, ".cover .stats dd"),
                ["4", "14", "0", "2", "12", "2"]
            );
            assert_eq!(texts(&doc, "table.staffing tbody th[scope=row]").len(), 4);
            // Only what its own positions send.
            let senders = texts(&doc, "#print-reporting .obligations tbody td:nth-child(2)");
            assert!(!senders.is_empty());
            assert!(
                senders
                    .iter()
                    .all(|s| ["銷售經理", "銷售主管", "財富專員"].contains(&s.as_str())),
                "{senders:?}"
            );
            // 銷售主管 reports to 銷售經理, in this volume: an anchor.
            assert!(attrs(&doc, ".print-roles a", "href")
                .iter()
                .any(|h| h.starts_with("#pos-")));
        }
    }
    described.sort();
    let mut all: Vec<String> = EXAMPLE_CHART_TITLES.iter().map(|s| s.to_string()).collect();
    all.sort();
    assert_eq!(described, all, "every role in exactly one volume");
}

#[test]
fn ids_are_unique_in_the_print_edition_and_on_position_pages() {
    let tmp = tempfile::tempdir().unwrap();
    let site = fixture_site(tmp.path(), "");
    let (_t, out) = build(&site);
    for rel in ["print.html", "positions/boss.html", "positions/lead.html"] {
        let doc = page(&out, rel);
        let ids = attrs(&doc, "[id]", "id");
        let mut seen = BTreeMap::new();
        for id in &ids {
            *seen.entry(id.as_str()).or_insert(0) += 1;
        }
        let dupes: Vec<_> = seen.iter().filter(|(_, n)| **n > 1).collect();
        assert!(dupes.is_empty(), "{rel}: duplicate ids {dupes:?}");
        // Every in-page link has its target.
        for href in attrs(&doc, "a[href^='#']", "href") {
            assert!(seen.contains_key(&href[1..]), "{rel}: dangling {href}");
        }
    }
    // Every footnote and both "detail" headings made it into print.html.
    let print = page(&out, "print.html");
    assert_eq!(texts(&print, ".footnote-definition").len(), 3);
    let details: Vec<String> = attrs(&print, ".print-roles h3[id]", "id");
    assert_eq!(details.len(), 2, "{details:?}");
    assert!(
        details.iter().all(|d| d.ends_with("-detail")),
        "{details:?}"
    );
}

#[test]
fn print_stylesheet_gives_each_position_its_own_page() {
    let (_tmp, out) = build(&example_site());
    let css = read(&out, "style.css");
    let print = &css[css.find("@media print").expect("print rules")..];
    for rule in [
        ".print-roles > .position { margin: 0; padding: 0; border: 0; break-before: page;",
        ".site-header, .site-footer",
        "tr, .facts > div",
        "thead { display: table-header-group; }",
    ] {
        assert!(print.contains(rule), "{rule}");
    }
    assert!(css.contains("@page {") && css.contains("counter(page)"));
}

#[test]
fn every_page_has_search_favicon_generator_and_a_telling_title() {
    let (_tmp, out) = build(&example_site());
    let mut pages = 0;
    for rel in files(&out) {
        if rel.extension().is_none_or(|e| e != "html") {
            continue;
        }
        let rel = rel.to_str().unwrap().to_string();
        let doc = page(&out, &rel);
        let root = if rel.contains('/') { "../" } else { "" };
        assert_eq!(
            attrs(&doc, "link[rel=icon]", "href"),
            [format!("{root}favicon.svg")],
            "{rel}"
        );
        assert_eq!(
            attrs(&doc, "meta[name=generator]", "content").len(),
            1,
            "{rel}"
        );
        assert_eq!(attrs(&doc, "form.search", "data-root"), [root], "{rel}");
        // The chart page also loads its viewer; search.js loads the index
        // when the box is first used.
        let mut scripts = vec![format!("{root}search.js")];
        if rel == "chart.html" {
            scripts.insert(0, "chart.js".to_string());
        }
        if rel == "people.html" {
            scripts.insert(0, "people.js".to_string());
        }
        assert_eq!(attrs(&doc, "script", "src"), scripts, "{rel}");
        pages += 1;
    }
    assert!(pages >= 16);
    let title = |rel: &str| texts(&page(&out, rel), "head > title").join("");
    assert_eq!(
        title("positions/財富專員.html"),
        "財富專員 · 銷售部 · 銷售部組織架構"
    );
    assert_eq!(
        title("units/銷售部.html"),
        "銷售部 · 營銷部 · 銷售部組織架構"
    );
    assert_eq!(title("reporting.html"), "匯報工作日程 · 銷售部組織架構");
    assert_eq!(title("404.html"), "找不到頁面 · 銷售部組織架構");
    assert_eq!(title("index.html"), "銷售部組織架構");
    // No external script, style or font.
    for rel in files(&out) {
        let text = fs::read_to_string(out.join(&rel)).unwrap_or_default();
        assert!(!text.contains("https://fonts."), "{}", rel.display());
        for r in references(&text) {
            let is_link = r.starts_with("http://") || r.starts_with("https://");
            assert!(!is_link || !r.ends_with(".js"), "{}: {r}", rel.display());
        }
    }
}

#[test]
fn search_index_has_one_entry_per_position() {
    let (_tmp, out) = build(&example_site());
    let (_, index) = search_index(&out);
    assert_eq!(index.len(), 11);
    let wealth = index
        .iter()
        .find(|e| e[1] == "財富專員")
        .expect("財富專員 entry");
    assert_eq!(wealth[0], "positions/財富專員.html");
    assert!(wealth[6].contains("每天聯系有效電話"));
    assert!(!wealth[6].contains("##"));
    let director = index.iter().find(|e| e[4] == "王曦虹").expect("holder");
    assert_eq!(director[1], "營銷總監");
    let sup = index.iter().find(|e| e[1] == "銷售主管").unwrap();
    assert_eq!(
        (sup[2].as_str(), sup[4].as_str()),
        ("營銷經理", "劉蒂芳 吳錫陽")
    );
}

/// Runs the theme's search code under Node, when Node is installed, against
/// the built index: the same code the pages run.
#[test]
fn search_finds_cjk_substrings_titles_and_names() {
    let (_tmp, out) = build(&example_site());
    let Some(found) = node_search(
        &out,
        "const p = S.prepare(window.ORGSITE_SEARCH);\n\
         const q = s => S.search(p, s).map(r => r.entry[1]).join(',');\n\
         return [q('財富'), q('王曦虹'), q('曦虹'), q('客戶檔案'), q('營銷經理'), q('銷售 檔案'), q('nothing-here'), q('２０')];",
    ) else {
        return;
    };
    assert_eq!(
        found,
        [
            "財富專員",
            "營銷總監",
            "營銷總監",
            "客服經理,客服主管",
            "銷售主管",
            // Every term must match: 銷售 (unit or duties) and 檔案 (duties).
            "財富專員,客服經理",
            "",
            // Full-width digits find half-width ones (NFKC).
            "財富專員",
        ]
    );
}

#[test]
fn not_found_page_exists_and_links_home() {
    let (_tmp, out) = build(&example_site());
    let doc = page(&out, "404.html");
    assert_eq!(texts(&doc, "h1"), ["找不到頁面"]);
    assert!(attrs(&doc, "main a", "href").contains(&"index.html".to_string()));
}

/// Visible text, titles, labels and placeholders of a page.
fn interface_text(doc: &Html) -> String {
    let mut out = text(doc);
    for (css, attr) in [
        ("[aria-label]", "aria-label"),
        ("[title]", "title"),
        ("[placeholder]", "placeholder"),
        ("[data-none]", "data-none"),
    ] {
        out.push(' ');
        out.push_str(&attrs(doc, css, attr).join(" "));
    }
    out
}

#[test]
fn the_chinese_example_has_no_english_interface_text() {
    let (_tmp, out) = build(&example_site());
    // Names of formats and the program may stay as they are.
    let allowed = [
        "orgsite",
        "SVG",
        "PNG",
        "CSV",
        "JSON",
        "iCalendar",
        "DOT",
        "Graphviz",
    ];
    for rel in files(&out) {
        if rel.extension().is_none_or(|e| e != "html") {
            continue;
        }
        // Style sheets inside inline SVG are not interface text.
        let mut html = read(&out, rel.to_str().unwrap());
        while let Some(start) = html.find("<style>") {
            let end = html[start..]
                .find("</style>")
                .map_or(html.len(), |e| start + e + 8);
            html.replace_range(start..end, "");
        }
        let doc = Html::parse_document(&html);
        let text = interface_text(&doc);
        for word in text
            .split(|c: char| !c.is_ascii_alphabetic())
            .filter(|w| w.len() > 1)
        {
            assert!(
                allowed.contains(&word),
                "{}: English word {word:?}",
                rel.display()
            );
        }
    }
}

#[test]
fn languages_and_overrides_choose_the_interface_text() {
    let tmp = tempfile::tempdir().unwrap();
    let site = fixture_site(
        tmp.path(),
        "strings:\n  vacant: Open seats\n  reporting_calendar: Who reports what\n",
    );
    let (_t, out) = build(&site);
    let doc = page(&out, "reporting.html");
    assert_eq!(texts(&doc, "h1"), ["Who reports what"]);
    assert_eq!(
        texts(&doc, ".cadence-week tbody tr"),
        ["Weekly summary Team lead Boss Weekly on Friday by 17:00"]
    );
    let staffing = page(&out, "staffing.html");
    assert!(texts(&staffing, "thead th").contains(&"Open seats".to_string()));
    assert!(texts(&page(&out, "print.html"), ".cover-date")[0].starts_with("Last changed "));

    let hans = fixture_site(&tmp.path().join("hans"), "");
    let yaml = fs::read_to_string(hans.join("site.yaml")).unwrap();
    fs::write(
        hans.join("site.yaml"),
        yaml.replace("language: en", "language: zh-Hans"),
    )
    .unwrap();
    let (_t2, out2) = build(&hans);
    let doc = page(&out2, "reporting.html");
    assert_eq!(texts(&doc, "h1"), ["汇报工作日程"]);
    assert_eq!(
        texts(&doc, ".cadence-week tbody tr"),
        ["Weekly summary Team lead Boss 每周 周五 17:00 前"]
    );
    assert_eq!(attrs(&doc, "html", "lang"), ["zh-Hans"]);
}

#[test]
fn a_volume_whose_unit_id_needs_encoding_is_linked_to_its_file() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    fs::create_dir_all(site.join("content/ops team")).unwrap();
    fs::write(
        site.join("site.yaml"),
        "title: Acme\nlanguage: en\nprint: { volumes_above: 1 }\n",
    )
    .unwrap();
    fs::write(
        site.join("content/boss.md"),
        "---\ntitle: Boss\n---\n- Runs everything\n",
    )
    .unwrap();
    fs::write(
        site.join("content/ops team/ops lead.md"),
        "---\ntitle: Ops lead\nreports_to: boss\n---\n- Leads operations\n",
    )
    .unwrap();
    let (_t, out) = build(&site);
    let front = page(&out, "print.html");
    let hrefs = attrs(&front, "table.volumes a", "href");
    assert_eq!(hrefs, ["print/ops%20team.html"]);
    for href in hrefs {
        let (rel, _) = resolve("print.html", &href);
        assert!(out.join(&rel).is_file(), "{href}: no file {rel}");
        let doc = page(&out, &rel);
        assert_eq!(
            texts(&doc, ".print-roles > article.position h1"),
            ["Ops lead"]
        );
    }
}
