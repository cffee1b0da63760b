//! The handbook as data: `reporting.ics` read back by a calendar library,
//! `org.json` and `org.csv` read back as data.

mod common;

use std::collections::BTreeSet;
use std::fs;

use common::*;
use icalendar::{Calendar, Component, EventLike};

fn events(text: &str) -> Vec<icalendar::Event> {
    let cal: Calendar = text
        .parse()
        .unwrap_or_else(|e| panic!("not iCalendar: {e}"));
    cal.components
        .iter()
        .filter_map(|c| c.as_event().cloned())
        .collect()
}

#[test]
fn reporting_ics_imports_into_a_calendar_library() {
    let (_tmp, out) = build(&example_site());
    let text = read(&out, "reporting.ics");
    // Every line ends in CRLF and is at most 75 octets.
    assert!(text.ends_with("END:VCALENDAR\r\n"));
    for line in text.split("\r\n") {
        assert!(!line.contains('\n'), "bare LF in {line:?}");
        assert!(line.len() <= 75, "{} octets: {line}", line.len());
    }
    let evs = events(&text);
    // 6 daily, 5 weekly, 6 monthly reports in the seed.
    assert_eq!(evs.len(), 17);
    let uids: BTreeSet<&str> = evs.iter().filter_map(|e| e.get_uid()).collect();
    assert_eq!(uids.len(), 17, "UIDs are not unique");

    let find = |summary: &str| {
        evs.iter()
            .find(|e| e.get_summary() == Some(summary))
            .unwrap_or_else(|| panic!("no event {summary}"))
    };
    // A monthly report: 2nd of each month at 10:00 (floating local time).
    let monthly = find("財富專員：工作月計劃報表 → 銷售主管");
    assert_eq!(monthly.get_description(), Some("每月 2 日 10:00 前"));
    let dates: Vec<String> = monthly
        .get_recurrence()
        .expect("valid RRULE")
        .all(3)
        .dates
        .iter()
        .map(|d| d.format("%d %H:%M").to_string())
        .collect();
    assert_eq!(dates, ["02 10:00", "02 10:00", "02 10:00"]);
    // A daily report recurs every day.
    let daily = find("財富專員：工作日報 → 銷售主管");
    let days: Vec<_> = daily.get_recurrence().expect("valid RRULE").all(3).dates;
    assert_eq!(days.len(), 3);
    assert_eq!((days[1] - days[0]).num_hours(), 24);
    // A weekly report with no day: all-day, on Mondays, and it says so.
    let weekly = find("財富專員：周例會（客戶分析會）會議準備 → 銷售主管");
    assert!(matches!(
        weekly.get_start(),
        Some(icalendar::DatePerhapsTime::Date(_))
    ));
    let mondays: Vec<String> = weekly
        .get_recurrence()
        .expect("valid RRULE")
        .all(2)
        .dates
        .iter()
        .map(|d| d.format("%a").to_string())
        .collect();
    assert_eq!(mondays, ["Mon", "Mon"]);
    assert!(weekly
        .get_description()
        .is_some_and(|d| d.contains("未指定日期")));
}

#[test]
fn each_position_has_its_own_calendar() {
    let (_tmp, out) = build(&example_site());
    let own = events(&read(&out, "positions/財富專員.ics"));
    assert_eq!(own.len(), 3);
    assert!(own
        .iter()
        .all(|e| e.get_summary().is_some_and(|s| s.starts_with("財富專員："))));
    // 客服專員 has no reporting duties (the seed is cut off): no calendar.
    assert!(!out.join("positions/客服專員.ics").exists());
    let page = page(&out, "positions/財富專員.html");
    assert_eq!(
        texts(&page, ".subscribe a[href='../positions/財富專員.ics']").len(),
        1
    );
}

#[test]
fn calendar_text_is_escaped_and_uids_are_stable() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    fs::create_dir_all(site.join("content")).unwrap();
    let doc = |by: &str| {
        format!(
            "---\ntitle: Boss\nreports:\n  - {{ name: \"Plan; budget, and \\\\ notes for the whole quarter ahead\", every: month, day: 31, by: \"{by}\" }}\n  - {{ name: Review, every: quarter, day: 5 }}\n  - {{ name: Review, every: year }}\n---\n"
        )
    };
    fs::write(site.join("content/boss.md"), doc("09:30")).unwrap();
    let (_t1, out1) = build(&site);
    let text = read(&out1, "reporting.ics");
    assert!(text.contains("Plan\\; budget\\, and \\\\ notes"), "{text}");
    let evs = events(&text);
    assert_eq!(evs.len(), 3);
    assert_eq!(
        evs[0].get_summary(),
        Some("Boss: Plan; budget, and \\ notes for the whole quarter ahead")
    );
    // Day 31 of a month means the last day in shorter months.
    for d in evs[0].get_recurrence().expect("valid RRULE").all(4).dates {
        let (y, m, day): (i32, u32, u32) = (
            d.format("%Y").to_string().parse().unwrap(),
            d.format("%m").to_string().parse().unwrap(),
            d.format("%d").to_string().parse().unwrap(),
        );
        assert_eq!(day, orgsite::revision::days_in_month(y, m), "{d}");
        assert_eq!(d.format("%H:%M").to_string(), "09:30");
    }
    // Quarterly on day 5: three months apart.
    let q: Vec<u32> = evs[1]
        .get_recurrence()
        .expect("valid RRULE")
        .all(2)
        .dates
        .iter()
        .map(|d| d.format("%m").to_string().parse().unwrap())
        .collect();
    assert_eq!((q[1] + 12 - q[0]) % 12, 3, "{q:?}");
    let uid_before: Vec<String> = evs
        .iter()
        .filter_map(|e| e.get_uid())
        .map(String::from)
        .collect();
    // A new due time updates the same events (same UIDs).
    fs::write(site.join("content/boss.md"), doc("11:00")).unwrap();
    let (_t2, out2) = build(&site);
    let evs2 = events(&read(&out2, "reporting.ics"));
    let uid_after: Vec<String> = evs2
        .iter()
        .filter_map(|e| e.get_uid())
        .map(String::from)
        .collect();
    assert_eq!(uid_before, uid_after);
}

#[test]
fn org_json_holds_positions_units_people_and_obligations() {
    let (_tmp, out) = build(&example_site());
    let v: serde_json::Value = serde_json::from_str(&read(&out, "org.json")).expect("JSON");
    assert_eq!(v["schema"], "orgsite-org/1");
    assert_eq!(v["language"], "zh-Hant");
    assert_eq!(v["public"], false);
    let totals = &v["totals"];
    for (k, n) in [
        ("positions", 11),
        ("units", 6),
        ("people", 5),
        ("obligations", 17),
        ("planned", 24),
        ("filled", 2),
        ("pending", 3),
        ("vacant", 19),
    ] {
        assert_eq!(totals[k], n, "totals.{k}");
    }
    let positions = v["positions"].as_array().expect("positions");
    let ids: Vec<&str> = positions.iter().filter_map(|p| p["id"].as_str()).collect();
    assert_eq!(ids, EXAMPLE_CHART_ORDER);
    let sup = &positions[2];
    assert_eq!(sup["external_title"], "營銷經理");
    assert_eq!(sup["reports_to"]["kind"], "position");
    assert_eq!(sup["reports_to"]["id"], "銷售經理");
    assert_eq!(sup["inherits_from"][0], "財富專員");
    assert_eq!(sup["chain"], serde_json::json!(["銷售經理", "營銷總監"]));
    assert_eq!(sup["seats"]["pending"], 2);
    assert_eq!(sup["holders"][0]["name"], "劉蒂芳");
    assert_eq!(sup["holders"][0]["status"], "pending");
    assert_eq!(sup["url"], "positions/銷售主管.html");
    assert_eq!(positions[0]["reports_to"]["kind"], "external");
    assert_eq!(positions[1]["reports"][0]["to"]["kind"], "missing");
    assert_eq!(positions[3]["targets"][0]["min"], 20.0);
    assert_eq!(positions[3]["reports"][1]["due"], "每月 2 日 10:00 前");
    let ob = &v["obligations"][0];
    assert_eq!(ob["from"], "營銷總監");
    assert_eq!(ob["every"], "day");
    assert_eq!(ob["by"], "10:00");
    let people = v["people"].as_array().expect("people");
    assert_eq!(people.len(), 5);
    let units: Vec<&str> = v["units"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|u| u["id"].as_str())
        .collect();
    assert_eq!(units.len(), 6);
    assert!(units.contains(&"銷售部"));
}

#[test]
fn org_csv_is_the_staffing_table_for_spreadsheets() {
    let (_tmp, out) = build(&example_site());
    let bytes = fs::read(out.join("org.csv")).unwrap();
    assert_eq!(&bytes[..3], b"\xEF\xBB\xBF", "UTF-8 byte-order mark");
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    let lines: Vec<&str> = text.split_terminator("\r\n").collect();
    assert_eq!(lines.len(), 12, "{text}");
    assert_eq!(
        lines[0],
        "所屬區位,崗位名稱,對外名稱,內部級別,編制,定崗,待崗,空缺,備註（人員）,編號"
    );
    assert_eq!(
        lines[1],
        "營銷部,營銷總監,營銷總監,總監,1,1,0,0,王曦虹,營銷總監"
    );
    assert_eq!(
        lines[3],
        "銷售部,銷售主管,營銷經理,主管,2,0,2,0,劉蒂芳（待崗）、吳錫陽（待崗）,銷售主管"
    );
}

#[test]
fn csv_keeps_formulas_as_text() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    fs::create_dir_all(site.join("content")).unwrap();
    fs::write(
        site.join("content/boss.md"),
        "---\ntitle: \"=HYPERLINK(\\\"http://x\\\",\\\"y\\\")\"\nlevel: \"@A1\"\nholders: [\"+1 a, b\"]\n---\n",
    )
    .unwrap();
    let (_t, out) = build(&site);
    let text = read(&out, "org.csv");
    let row = text.split("\r\n").nth(1).unwrap();
    assert_eq!(
        row,
        ",\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",,'@A1,1,1,0,0,\"'+1 a, b\",boss"
    );
}
