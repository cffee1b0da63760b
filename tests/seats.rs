//! Unnamed seats (`unnamed: N`): filled by people the handbook does not
//! name. They count as filled in every total the site shows or exports,
//! and are never shown as vacant.

mod common;

use common::*;

/// The English fixture: a Warehouse Picker with 6 seats, 1 named holder
/// and 3 unnamed (2 vacant), and a Seasonal Packer with no headcount and
/// 1 unnamed seat (the default headcount counts it: 1 seat, 0 vacant).
#[test]
fn unnamed_seats_count_as_filled_everywhere() {
    let site = fixture("valid/english");
    let (org, d) = orgsite::site::check(&site);
    assert!(d.is_empty(), "{d}");
    let picker = &org.positions[org.by_id["picker"]];
    let s = picker.seats();
    assert_eq!(
        (s.planned, s.filled, s.pending, s.vacant, s.unnamed),
        (6, 4, 0, 2, 3)
    );
    let packer = &org.positions[org.by_id["packer"]];
    assert_eq!(packer.headcount, 1);
    assert_eq!(packer.seats().vacant, 0);
    let totals = org.seats();
    assert_eq!(totals.unnamed, 4);

    let (_tmp, out) = build(&site);
    // The summary cards on the front page.
    let index = page(&out, "index.html");
    let cards = texts(&index, "dl.stats div");
    let card = |label: &str| -> u64 {
        let c = cards
            .iter()
            .find(|c| c.starts_with(label))
            .unwrap_or_else(|| panic!("no {label} card in {cards:?}"));
        c[label.len()..].trim().parse().expect("number")
    };
    assert_eq!(card("Filled"), totals.filled);
    assert_eq!(card("Vacant"), totals.vacant);
    assert_eq!(card("Planned"), totals.planned);

    // The staffing table: the row and the totals.
    let staffing = page(&out, "staffing.html");
    let rows = texts(
        &staffing,
        "table.staffing tbody tr:not(.group-head):not(.subtotal)",
    );
    let row = rows
        .iter()
        .find(|r| r.contains("Warehouse Picker"))
        .expect("picker row");
    assert!(
        row.contains("6 4 0 2 Ravi Patel, filled ×3 (names not published)"),
        "{row}"
    );
    let packer_row = rows.iter().find(|r| r.contains("Seasonal Packer")).unwrap();
    assert!(
        packer_row.contains("1 1 0 0 filled ×1 (name not published)"),
        "{packer_row}"
    );
    let foot = texts(&staffing, "table.staffing tfoot tr");
    assert_eq!(
        foot,
        [format!(
            "Total {} {} {} {}",
            totals.planned, totals.filled, totals.pending, totals.vacant
        )]
    );

    // The position page and its chart box.
    let pos = page(&out, "positions/picker.html");
    assert_eq!(
        texts(&pos, ".holders li"),
        ["Ravi Patel", "filled ×3 (names not published)"]
    );
    assert_eq!(
        texts(&pos, ".seats b"),
        ["6", "4", "0", "2"],
        "planned, filled, pending, vacant"
    );
    let svg = read(&out, "chart.svg");
    assert!(svg.contains("filled ×3 (names not published)"), "chart box");

    // The unit page counts them too.
    let unit = page(&out, "units/ops.html");
    let unit_rows = texts(&unit, "table tbody tr");
    assert!(
        unit_rows
            .iter()
            .any(|r| r.contains("Warehouse Picker") && r.contains("6 4 0 2")),
        "{unit_rows:?}"
    );

    // org.json: the position's seats and the totals.
    let json: serde_json::Value = serde_json::from_str(&read(&out, "org.json")).unwrap();
    let p = json["positions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "picker")
        .unwrap();
    assert_eq!(
        p["seats"],
        serde_json::json!({"planned": 6, "filled": 4, "pending": 0, "vacant": 2, "unnamed": 3})
    );
    assert_eq!(json["totals"]["filled"], totals.filled);
    assert_eq!(json["totals"]["vacant"], totals.vacant);
    assert_eq!(json["totals"]["unnamed"], 4);

    // org.csv: planned, filled, pending, vacant.
    let csv = read(&out, "org.csv");
    let line = csv
        .lines()
        .find(|l| l.contains("Warehouse Picker"))
        .expect("csv row");
    assert!(line.contains(",6,4,0,2,"), "{line}");
}

/// The public edition keeps the counts (they name nobody) and shows no
/// "names not published" line, since it publishes no names at all.
#[test]
fn the_public_edition_keeps_unnamed_counts() {
    let site = fixture("valid/english");
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let options = orgsite::site::Options {
        public: true,
        ..Default::default()
    };
    orgsite::site::build_with(&site, &out, &options).unwrap();
    let json: serde_json::Value = serde_json::from_str(&read(&out, "org.json")).unwrap();
    let p = json["positions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "picker")
        .unwrap();
    assert_eq!(p["seats"]["filled"], 4);
    assert_eq!(p["seats"]["unnamed"], 3);
    let pos = page(&out, "positions/picker.html");
    assert_eq!(texts(&pos, ".seats b"), ["6", "4", "0", "2"]);
}
