//! The shipped example (the seed's sales department), built and read back.

mod common;

use common::*;

#[test]
fn wealth_specialist_page_shows_seats_reports_and_targets() {
    let (_tmp, out) = build(&example_site());
    let doc = page(&out, "positions/財富專員.html");
    assert_eq!(texts(&doc, "h1"), ["財富專員"]);
    let seats = texts(&doc, ".facts .seats").join(" ");
    assert_eq!(seats, "編制 10 定崗 0 待崗 0 空缺 10");
    let facts = texts(&doc, ".facts > div");
    assert!(
        facts.contains(&"本職位匯報人 銷售主管".to_string()),
        "{facts:?}"
    );
    assert_eq!(
        texts(&doc, ".facts a[href='../positions/銷售主管.html']"),
        ["銷售主管"]
    );
    let reports = texts(&doc, "#reports-h + table tbody tr");
    assert_eq!(
        reports,
        [
            "工作日報 銷售主管 每日 10:00 前",
            "工作月計劃報表 銷售主管 每月 2 日 10:00 前",
            "周例會（客戶分析會）會議準備 銷售主管 每周",
        ]
    );
    let targets = texts(&doc, "#targets-h + table tbody tr");
    assert_eq!(
        targets,
        ["有效電話 每日不少於 20 個", "開發新客戶 每周不少於 5 家"]
    );
    // No holders: the whole post is vacant, and no holder list is shown.
    assert!(texts(&doc, ".holders").is_empty());
}

#[test]
fn supervisor_carries_the_specialists_duties_marked_inherited() {
    let (_tmp, out) = build(&example_site());
    let doc = page(&out, "positions/銷售主管.html");
    let own = texts(&doc, ".duties").join(" ");
    assert!(own.contains("制定銷售計劃、擬訂銷售目標"), "{own}");
    assert!(
        !own.contains("每天聯系有效電話"),
        "inherited duties leaked into own: {own}"
    );
    assert_eq!(texts(&doc, ".inherited .inherited-from a"), ["財富專員"]);
    let inherited = texts(&doc, ".inherited .prose").join(" ");
    assert!(
        inherited.contains("每天聯系有效電話不少于20 個"),
        "{inherited}"
    );
    // Pending holders are marked as such.
    let holders = texts(&doc, ".holders li");
    assert_eq!(holders, ["劉蒂芳 待崗", "吳錫陽 待崗"]);
}

#[test]
fn staffing_table_lists_every_holder_and_totals() {
    let (_tmp, out) = build(&example_site());
    let doc = page(&out, "staffing.html");
    let body = text(&doc);
    for name in ["王曦虹", "劉蒂芳", "吳錫陽", "王梓璇", "劉小健"] {
        assert!(
            body.contains(name),
            "{name} missing from the staffing table"
        );
    }
    let rows = texts(
        &doc,
        "table.staffing tbody tr:not(.group-head):not(.subtotal)",
    );
    assert_eq!(rows.len(), 11, "{rows:?}");
    assert_eq!(rows[0], "營銷部 營銷總監 營銷總監 總監 1 1 0 0 王曦虹");
    // Every row of the seed's staffing table (銷售一、二部's 銷售組長 as
    // one post in each), with its external title, level and 0/0 counts.
    for row in [
        "銷售一部 銷售組長 客戶經理 經理 1 0 0 1",
        "銷售二部 銷售組長 客戶經理 經理 1 0 0 1",
        "銷售部 銷售主管 營銷經理 主管 2 0 2 0 劉蒂芳 待崗 、吳錫陽 待崗",
        "銷售部 財富專員 財富專員 專員 10 0 0 10",
        "銷售部 業務員 見習人員 實習 1 0 0 1",
        "銷售三部 銷售組長 客服經理 經理 1 0 0 1",
        "客服部 客服主管 客服主管 主管 1 0 1 0 王梓璇 待崗",
        "客服部 客服專員 客服專員 專員 4 1 0 3 劉小健",
    ] {
        assert!(rows.iter().any(|r| r == row), "{row} not in {rows:?}");
    }
    assert_eq!(texts(&doc, "table.staffing tfoot tr"), ["合計 24 2 3 19"]);
}

#[test]
fn front_page_has_summary_and_chart_with_links() {
    let (_tmp, out) = build(&example_site());
    let doc = page(&out, "index.html");
    assert_eq!(texts(&doc, ".stats dd"), ["11", "24", "2", "3", "19"]);
    let html = read(&out, "index.html");
    // The seed's page-1 chart: 銷售一部, 二部 and 三部, each with its
    // 銷售組長, under 銷售經理.
    for unit in ["銷售一部", "銷售二部", "銷售三部"] {
        assert!(
            html.contains(&format!(">{unit}<")),
            "{unit} not in the chart"
        );
    }
    for id in EXAMPLE_CHART_ORDER {
        assert!(
            html.contains(&format!("href=\"positions/{id}.html\"")),
            "{id} not linked from the chart"
        );
    }
    // The seed's order: sales before customer service.
    assert!(html.find("銷售經理").unwrap() < html.find("客服經理").unwrap());
    // The external COO is drawn, unlinked.
    assert!(html.contains(">運營長<"));
    let svg = read(&out, "chart.svg");
    assert!(svg.starts_with("<?xml") && svg.contains("<svg xmlns=\"http://www.w3.org/2000/svg\""));
}

#[test]
fn truncated_role_is_marked_incomplete() {
    let (_tmp, out) = build(&example_site());
    let doc = page(&out, "positions/客服專員.html");
    assert_eq!(texts(&doc, ".tags li"), ["資料不全"]);
    assert!(text(&doc).contains("原文件於此處截斷"));
}

#[test]
fn every_relative_link_resolves() {
    let (_tmp, out) = build(&example_site());
    let mut checked = 0;
    for rel in files(&out) {
        let ext = rel.extension().and_then(|e| e.to_str()).unwrap_or_default();
        if ext != "html" && ext != "svg" {
            continue;
        }
        let text = read(&out, rel.to_str().unwrap());
        for r in references(&text) {
            assert!(!r.starts_with('/'), "{}: absolute link {r}", rel.display());
            if r.starts_with("http://")
                || r.starts_with("https://")
                || r.starts_with("mailto:")
                || r.starts_with('#')
            {
                continue;
            }
            let path = percent_decode(r.split(['#', '?']).next().unwrap());
            let target = out.join(rel.parent().unwrap()).join(&path);
            assert!(target.is_file(), "{}: {r} does not resolve", rel.display());
            checked += 1;
        }
    }
    assert!(checked > 100, "only {checked} links checked");
}

#[test]
fn check_reports_the_seeds_contradictions() {
    let (_org, diags) = orgsite::site::check(&example_site());
    let text = diags.to_string();
    assert_eq!(diags.error_count(), 0, "{text}");
    // The reports sent to a 銷售總監 who exists nowhere (six), and the
    // 銷售組長 posts ranked 經理 under a 銷售經理 who is 經理 too (three).
    assert_eq!(diags.warning_count(), 9, "{text}");
    assert_eq!(text.matches("goes to `銷售總監`").count(), 6, "{text}");
    assert_eq!(
        text.matches("level `經理` is at or above the level of its manager 銷售經理")
            .count(),
        3,
        "{text}"
    );
    assert!(text.starts_with(
        "content/營銷部/客服部/客服經理.md:12:23: warning: report `工作日報` goes to `銷售總監`, \
         which is no position and no `external` entry of site.yaml\n"
    ), "{text}");
}

#[test]
fn two_builds_are_byte_identical() {
    let (_a, out_a) = build(&example_site());
    let (_b, out_b) = build(&example_site());
    let fa = files(&out_a);
    assert_eq!(fa, files(&out_b));
    for f in fa {
        assert_eq!(
            std::fs::read(out_a.join(&f)).unwrap(),
            std::fs::read(out_b.join(&f)).unwrap(),
            "{}",
            f.display()
        );
    }
}

#[test]
fn a_unit_page_lists_its_own_positions_and_links_its_sub_units() {
    let (_tmp, out) = build(&example_site());
    let doc = page(&out, "units/營銷部.html");
    // Counts cover the whole unit; the table only its own positions.
    assert_eq!(texts(&doc, ".stats dd")[0], "11");
    assert_eq!(
        texts(&doc, "#pos-h + table tbody td:first-child"),
        ["營銷總監"]
    );
    let subs = texts(&doc, "#sub-h + .cards a");
    assert_eq!(subs, ["銷售部", "客服部"]);
    // Its chart still shows every position of the example (front_depth 4).
    let html = read(&out, "units/營銷部.html");
    for id in EXAMPLE_CHART_ORDER {
        assert!(
            html.contains(&format!("href=\"../positions/{id}.html\"")),
            "{id}"
        );
    }
}

#[test]
fn posts_only_the_staffing_table_shows_are_modelled_and_say_what_is_unknown() {
    let (_tmp, out) = build(&example_site());
    for (id, unit, external) in [
        ("銷售一部組長", "銷售一部", "客戶經理"),
        ("銷售二部組長", "銷售二部", "客戶經理"),
        ("銷售三部組長", "銷售三部", "客服經理"),
    ] {
        let doc = page(&out, &format!("positions/{id}.html"));
        assert_eq!(texts(&doc, "h1"), ["銷售組長"]);
        assert_eq!(
            texts(&doc, ".external-title"),
            [format!("對外名稱：{external}")]
        );
        assert_eq!(texts(&doc, ".tags li"), ["全兼", "資料不全"]);
        let facts = text(&doc);
        assert!(
            facts.contains(&format!("營銷部 › 銷售部 › {unit}")),
            "{facts}"
        );
        assert!(facts.contains("工作內容及匯報工作不詳"), "{facts}");
        assert!(attrs(&doc, ".facts a", "href").contains(&"../positions/銷售經理.html".to_string()));
        assert!(texts(&doc, ".holders li").is_empty());
    }
    let trainee = page(&out, "positions/業務員.html");
    assert_eq!(texts(&trainee, ".external-title"), ["對外名稱：見習人員"]);
    assert!(text(&trainee).contains("實習"));
    assert!(attrs(&trainee, ".facts a", "href").contains(&"../positions/銷售主管.html".to_string()));
}
