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
    // CFO although "cfo.md" sorts before "coo.md"; the CEO's two staff
    // posts right after the CEO, the COO's right after the COO; in
    // Operations, Customer Service (`order: 3`) before Logistics (none).
    let (_tmp, out) = build(&fixture("valid/english"));
    let rows = staffing_titles(&out);
    assert_eq!(rows.len(), 50);
    assert_eq!(
        rows,
        [
            "Chief Executive",
            "Executive Assistant",
            "Chief of Staff",
            "Chief Operating Officer",
            "Operations Coordinator",
            "Warehouse Lead",
            "Forklift Operator",
            "Inventory Controller",
            "Seasonal Packer",
            "Warehouse Picker",
            "Customer Service Manager",
            "Customer Service Team Lead",
            "Customer Service Agent",
            "Returns Clerk",
            "Logistics Manager",
            "Dispatcher",
            "Driver",
            "Chief Financial Officer",
            "Accountant",
            "Financial Analyst",
            "Credit Controller",
            "Payroll Officer",
            "Treasury Manager",
            "Procurement Manager",
            "Buyer",
            "Sales Director",
            "Sales Operations Analyst",
            "Key Account Manager",
            "Account Executive",
            "Retail Manager",
            "Sales Representative",
            "Senior Sales Representative",
            "Marketing Manager",
            "Content Writer",
            "Marketing Coordinator",
            "People Director",
            "HR Advisor",
            "Office Manager",
            "Receptionist",
            "Recruiter",
            "Health and Safety Officer",
            "Training Coordinator",
            "Head of Technology",
            "Information Security Officer",
            "Engineering Manager",
            "Data Analyst",
            "Senior Software Engineer",
            "Software Engineer",
            "IT Support Lead",
            "IT Technician",
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
            "Operations 38 26 3 9",
            "Customer Service 13 8 1 4",
            "Logistics 10 7 2 1",
            "Finance 13 9 0 4",
            "Procurement 4 3 0 1",
            "Sales 17 12 1 4",
            "Trade Accounts 5 3 1 1",
            "Retail 7 5 0 2",
            "Marketing 3 2 0 1",
            "People and Culture 9 7 1 1",
            "Technology 13 9 0 4",
            "Software Engineering 8 6 0 2",
            "IT Support 3 2 0 1",
        ]
    );
    assert_eq!(texts(&doc, ".staffing tfoot tr"), ["Total 93 66 5 22"]);
    // Inside the table too (issue 18 item 6): each run of a unit's rows is
    // a tbody under its unit's name, and a unit's subtotal follows its last
    // row, its sub-units' subtotals first.
    let groups = texts(&doc, ".staffing tbody.staffing-group tr.group-head");
    assert_eq!(groups[0], "Operations");
    assert!(
        groups.contains(&"Operations › Logistics".to_string()),
        "{groups:?}"
    );
    let subtotals = texts(&doc, ".staffing tbody tr.subtotal");
    assert_eq!(subtotals.len(), 13, "{subtotals:?}");
    let at = |s: &str| {
        subtotals
            .iter()
            .position(|x| x == s)
            .unwrap_or_else(|| panic!("{s}: {subtotals:?}"))
    };
    assert_eq!(
        at("Subtotal: Logistics 10 7 2 1") + 1,
        at("Subtotal: Operations 38 26 3 9")
    );
    let rows = texts(&doc, ".staffing tbody tr");
    let row = |s: &str| {
        rows.iter()
            .position(|x| x.starts_with(s))
            .unwrap_or_else(|| panic!("{s}"))
    };
    assert_eq!(row("Logistics Driver") + 1, row("Subtotal: Logistics"));
    // Positions in no unit (the CEO and its staff) have no heading row.
    assert!(
        rows[0].starts_with(" Chief Executive") || rows[0].starts_with("Chief Executive"),
        "{:?}",
        &rows[..3]
    );
}
