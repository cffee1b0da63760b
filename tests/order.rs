//! Order: units by their `order`, each manager before its reports, staff
//! posts right after their manager, in the chart, the staffing table and
//! print alike.

mod common;

use std::fs;

use common::*;

/// The position titles of the staffing table's rows, top to bottom.
fn staffing_titles(out: &std::path::Path) -> Vec<String> {
    texts(
        &page(out, "staffing.html"),
        ".staffing tbody tr th[scope=row]",
    )
}

#[test]
fn unit_order_orders_the_heads_of_units_everywhere() {
    // Operations has `order: 1`, Finance `order: 2`: the COO before the
    // CFO although "cfo.md" sorts before "coo.md".
    let (_tmp, out) = build(&fixture("valid/english"));
    let rows = staffing_titles(&out);
    assert_eq!(
        rows,
        [
            "Chief Executive",
            "Executive Assistant",
            "Chief Operating Officer",
            "Warehouse Lead",
            "Seasonal Packer",
            "Warehouse Picker",
            "Logistics Manager",
            "Dispatcher",
            "Driver",
            "Chief Financial Officer",
            "Accountant",
            "Financial Analyst",
        ]
    );
    let at = |text: &str, s: &str| text.find(s).unwrap_or_else(|| panic!("no {s}"));
    for file in ["chart.html", "index.html", "print.html"] {
        let text = read(&out, file);
        assert!(
            at(&text, "Chief Operating Officer") < at(&text, "Chief Financial Officer"),
            "{file}"
        );
    }
}

#[test]
fn staff_posts_come_right_after_their_manager() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let site = tmp.path();
    fs::create_dir_all(site.join("content/a-sales")).expect("mkdir");
    let write =
        |name: &str, text: &str| fs::write(site.join("content").join(name), text).expect("write");
    write("ceo.md", "---\ntitle: Chief Executive\n---\n- Leads.\n");
    write(
        "z-chief-of-staff.md",
        "---\ntitle: Chief of Staff\nreports_to: ceo\ntype: staff\n---\n- Helps.\n",
    );
    write("a-sales/_unit.md", "---\nname: Sales\n---\n");
    write(
        "a-sales/head.md",
        "---\ntitle: Head of Sales\nreports_to: ceo\n---\n- Sells.\n",
    );
    write(
        "a-sales/rep.md",
        "---\ntitle: Sales Rep\nreports_to: head\n---\n- Sells.\n",
    );
    let (_out_tmp, out) = build(site);
    assert_eq!(
        staffing_titles(&out),
        [
            "Chief Executive",
            "Chief of Staff",
            "Head of Sales",
            "Sales Rep"
        ]
    );
}

#[test]
fn the_staffing_table_has_subtotals_per_unit_and_one_total() {
    let (_tmp, out) = build(&fixture("valid/english"));
    let doc = page(&out, "staffing.html");
    assert_eq!(
        texts(&doc, ".staffing-subtotals tbody tr"),
        [
            "Operations 20 14 2 4",
            "Logistics 10 7 2 1",
            "Finance 6 3 0 3",
        ]
    );
    assert_eq!(texts(&doc, ".staffing tfoot tr"), ["Total 28 19 2 7"]);
}
