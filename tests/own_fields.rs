//! Fields of a site's own (`site.yaml` `fields:`): read back from the
//! position page, the staffing table, the chart, the unit page, org.json
//! and org.csv; and no `public: false` value in any byte of the public
//! edition.

mod common;

use common::*;

/// The values the fixture declares `public: false`.
const PRIVATE: [&str; 4] = [
    "CC-SECRET-0001",
    "BUDGET-HIDDEN-77",
    "AUDIT-PRIVATE-9",
    "EMP-PRIVATE-314",
];

#[test]
fn own_fields_are_shown_where_declared_and_exported() {
    let site = fixture("valid/own-fields");
    let (org, d) = orgsite::site::check(&site);
    assert!(d.is_empty(), "{d}");
    let ana = org.profile(0).expect("a person file");
    assert_eq!(ana.fields.len(), 1, "the person field is in the profile");
    let (_tmp, out) = build(&site);

    let ceo = page(&out, "positions/ceo.html");
    assert_eq!(
        texts(&ceo, "dl.facts .field"),
        [
            "Cost centre CC-SECRET-0001",
            "Grade points 42",
            "Last reviewed 2024-05-01",
            "Handbook https://example.com/handbook/ceo",
            "Team mailbox office@example.com",
            "Languages English, Spanish",
            "budget_code BUDGET-HIDDEN-77",
        ]
    );
    assert_eq!(
        attrs(&ceo, "dl.facts .field a", "href"),
        [
            "https://example.com/handbook/ceo",
            "mailto:office@example.com"
        ]
    );

    // The staffing table: a column per field with `show: [table]`.
    let staffing = page(&out, "staffing.html");
    let head = texts(&staffing, "table.staffing thead th");
    assert_eq!(
        head[8..11],
        ["Cost centre", "Grade points", "Languages"],
        "{head:?}"
    );
    let rows = texts(
        &staffing,
        "table.staffing tbody tr:not(.group-head):not(.subtotal)",
    );
    assert!(
        rows[0].contains("CC-SECRET-0001 42 English, Spanish"),
        "{rows:?}"
    );
    assert!(rows[1].contains("7.5 Portuguese"), "{rows:?}");

    // The chart box: fields with `show: [chart]`.
    let svg = read(&out, "chart.svg");
    assert!(svg.contains("Cost centre: CC-SECRET-0001"));
    assert!(
        svg.contains("Team mailbox: office@"),
        "(a long line is cut to the box)"
    );
    assert!(!svg.contains("Grade points"), "not declared for the chart");

    // The unit page.
    let unit = page(&out, "units/ops.html");
    assert_eq!(
        texts(&unit, "dl.facts .field"),
        ["Site code NW-01", "Audit reference AUDIT-PRIVATE-9"]
    );

    // org.json: a `fields` object per position, unit and person, typed.
    let json: serde_json::Value = serde_json::from_str(&read(&out, "org.json")).unwrap();
    let p = &json["positions"][0];
    assert_eq!(p["id"], "ceo");
    assert_eq!(
        p["fields"],
        serde_json::json!({
            "cost_centre": "CC-SECRET-0001",
            "grade_points": 42,
            "reviewed": "2024-05-01",
            "handbook": "https://example.com/handbook/ceo",
            "mailbox": "office@example.com",
            "languages": ["English", "Spanish"],
            "budget_code": "BUDGET-HIDDEN-77",
        })
    );
    assert_eq!(json["positions"][1]["fields"]["grade_points"], 7.5);
    assert_eq!(json["units"][0]["fields"]["site_code"], "NW-01");
    let people = json["people"].as_array().unwrap();
    let ana = people.iter().find(|p| p["name"] == "Ana Ruiz").unwrap();
    assert_eq!(ana["fields"]["employee_no"], "EMP-PRIVATE-314");

    // org.csv: a column per declared position field.
    let csv = read(&out, "org.csv");
    let mut lines = csv.lines();
    let header = lines.next().unwrap();
    assert!(
        header.contains("Vacant,Cost centre,Grade points,Last reviewed,Handbook,Team mailbox,Languages,budget_code,Names"),
        "{header}"
    );
    let first = lines.next().unwrap();
    assert!(
        first.contains(",CC-SECRET-0001,42,2024-05-01,https://example.com/handbook/ceo,office@example.com,English; Spanish,BUDGET-HIDDEN-77,"),
        "{first}"
    );

    // The search index finds them.
    let index = read(&out, "search-index.js");
    assert!(index.contains("CC-SECRET-0001") && index.contains("Portuguese"));
}

#[test]
fn the_public_edition_has_no_private_field_value_anywhere() {
    let site = fixture("valid/own-fields");
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let options = orgsite::site::Options {
        public: true,
        ..Default::default()
    };
    orgsite::site::build_with(&site, &out, &options).unwrap();
    let mut checked = 0;
    for f in files(&out) {
        let bytes = std::fs::read(out.join(&f)).unwrap();
        for value in PRIVATE {
            assert!(
                !bytes.windows(value.len()).any(|w| w == value.as_bytes()),
                "{value} in {}",
                f.display()
            );
        }
        checked += 1;
    }
    assert!(checked > 5);
    // The public fields are still there, and no column for a private one.
    let ceo = page(&out, "positions/ceo.html");
    assert!(texts(&ceo, "dl.facts .field")
        .iter()
        .any(|t| t == "Grade points 42"));
    let staffing = page(&out, "staffing.html");
    let head = texts(&staffing, "table.staffing thead th");
    assert!(!head.iter().any(|h| h == "Cost centre"), "{head:?}");
    let csv = read(&out, "org.csv");
    assert!(!csv.contains("budget_code"));
}
