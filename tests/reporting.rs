//! Reporting obligations in format version 2: weekdays and dates as words
//! (`day: Monday`, `date: "03-31"`, `date: "+15"`), shown as dates, lists in
//! calendar order, and reports and targets taken over through `builds_on`.

mod common;

use std::fs;

use common::*;
use scraper::Html;

/// The rows of a position page's section, with the space the text
/// collection puts before a closing bracket after a link taken out.
fn rows(doc: &Html, section: &str) -> Vec<String> {
    texts(
        doc,
        &format!("section[aria-labelledby='{section}-h'] tbody tr"),
    )
    .into_iter()
    .map(|r| r.replace(" )", ")"))
    .collect()
}

#[test]
fn weekdays_and_dates_read_as_written_and_show_as_dates() {
    let (_tmp, out) = build(&fixture("valid/english"));
    let doc = page(&out, "reporting.html");
    let weekly = texts(&doc, ".cadence-week tbody tr");
    // By weekday, then time; a report with no time after the ones with a
    // time on its day (Expense check, Wednesday); the Key Account Manager
    // builds on the senior representative but opts out of its reports
    // (`inherit_reports: false`), so two Visit notes, not three.
    assert_eq!(
        weekly,
        [
            "Cash forecast Treasury Manager Chief Financial Officer Weekly on Monday by 08:00",
            "Fleet plan Logistics Manager Chief Operating Officer Weekly on Monday by 08:30",
            "Cash position Chief Financial Officer Chief Executive Weekly on Monday by 09:00",
            "Incident log Health and Safety Officer Chief Operating Officer Weekly on Monday by 10:00",
            "Sales dashboard check Data Analyst Sales Director Weekly on Monday by 11:00",
            "Returns log Returns Clerk Customer Service Manager Weekly on Tuesday by 11:00",
            "Open orders Buyer Procurement Manager Weekly on Wednesday by 10:00",
            "Release notes Engineering Manager Head of Technology Weekly on Wednesday by 17:00",
            "Expense check Accountant Chief Financial Officer Weekly on Wednesday",
            "Ticket summary IT Support Lead Head of Technology Weekly on Thursday by 09:30",
            "Leadership agenda Chief of Staff Chief Executive Weekly on Thursday by 16:00",
            "Pipeline review Sales Director Chief Executive Weekly on Friday by 12:00",
            "Visit notes Sales Representative Retail Manager Weekly on Friday by 16:00",
            "Visit notes Senior Sales Representative Retail Manager Weekly on Friday by 16:00",
            "Delivery report Logistics Manager Chief Operating Officer Weekly on Friday by 17:00",
        ]
    );
    let monthly = texts(&doc, ".cadence-month tbody tr");
    assert_eq!(
        monthly,
        [
            "Sales forecast Sales Director Chief Executive Monthly on day 1 by 09:00",
            "Operations review Chief Operating Officer Chief Executive Monthly on day 2 by 10:00",
            "Service levels Customer Service Manager Chief Operating Officer Monthly on day 3 by 12:00",
            "Headcount report People Director Chief Executive Monthly on day 5 by 09:00",
            "Ledger close Accountant Chief Financial Officer Monthly on day 5 by 12:00",
            "Campaign results Marketing Manager Sales Director Monthly on day 10",
            "Systems report Head of Technology Chief Executive Monthly on day 15",
            "Payroll draft Payroll Officer Chief Financial Officer Monthly on day 20 by 15:00",
            "Payroll sign-off Chief Financial Officer Chief Executive Monthly on day 25",
            "Stock count Inventory Controller Warehouse Lead Monthly on day 28",
        ]
    );
    let all = text(&doc);
    assert!(all.contains("Yearly on 31 March"), "{all}");
    assert!(all.contains("Quarterly on the 15th day"), "{all}");
    // The calendar keeps 31 March on 31 March, also in leap years.
    let ics = read(&out, "reporting.ics");
    assert!(
        ics.contains("RRULE:FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=31"),
        "{ics}"
    );
    // org.json says it as numbers.
    let json = read(&out, "org.json");
    let compact: String = json.split_whitespace().collect();
    assert!(
        compact.contains("\"every\":\"year\",\"day\":31,\"month\":3,"),
        "{json}"
    );
}

#[test]
fn builds_on_takes_over_reports_and_targets_marked_as_inherited() {
    let (_tmp, out) = build(&fixture("valid/english"));
    // The dispatcher builds on the driver: its daily check and its target.
    let doc = page(&out, "positions/dispatcher.html");
    let sent = rows(&doc, "reports");
    assert_eq!(
        sent,
        ["Vehicle check (inherited from Driver) Logistics Manager Daily by 08:00"]
    );
    let targets = rows(&doc, "targets");
    assert_eq!(targets.len(), 1, "{targets:?}");
    assert!(
        targets[0].starts_with("Deliveries (inherited from Driver)"),
        "{targets:?}"
    );
    // The logistics manager builds on the dispatcher, so on the driver too:
    // the target comes through the chain, the check (sent to the logistics
    // manager itself) does not.
    let doc = page(&out, "positions/logistics-manager.html");
    let targets = rows(&doc, "targets");
    assert!(
        targets[0].starts_with("Deliveries (inherited from Driver)"),
        "{targets:?}"
    );
    let sent = rows(&doc, "reports");
    assert!(
        sent.iter().all(|r| !r.contains("Vehicle check")),
        "{sent:?}"
    );
    // The calendar lists the dispatcher's inherited check.
    let cal = texts(&page(&out, "reporting.html"), ".cadence-day tbody tr");
    assert!(
        cal.contains(&"Vehicle check Dispatcher Logistics Manager Daily by 08:00".to_string()),
        "{cal:?}"
    );
}

#[test]
fn a_position_opts_out_of_inherited_reports_and_targets() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let site = tmp.path();
    fs::create_dir_all(site.join("content")).expect("mkdir");
    let write =
        |name: &str, text: &str| fs::write(site.join("content").join(name), text).expect("write");
    write("boss.md", "---\ntitle: Boss\n---\n- Leads.\n");
    write(
        "clerk.md",
        "---\ntitle: Clerk\nreports_to: boss\nreports:\n  - { name: Daily note, to: boss, every: day }\n\
         targets:\n  - { name: Files, min: 3, per: day }\n---\n- Files.\n",
    );
    write(
        "senior.md",
        "---\ntitle: Senior Clerk\nreports_to: boss\nbuilds_on: clerk\ninherit_reports: false\n---\n- Checks.\n",
    );
    write(
        "lead.md",
        "---\ntitle: Lead Clerk\nreports_to: boss\nbuilds_on: clerk\ninherit_targets: false\n\
         reports:\n  - { name: Daily note, to: boss, every: day, by: \"09:00\" }\n---\n- Leads.\n",
    );
    write(
        "empty.md",
        "---\ntitle: Empty Post\nreports_to: boss\n---\n",
    );
    let (_out_tmp, out) = build(site);
    // A position with no duties has no empty Duties heading.
    let empty = read(&out, "positions/empty.html");
    assert!(!empty.contains("duties-h"), "{empty}");
    assert!(read(&out, "positions/boss.html").contains("duties-h"));
    let senior = page(&out, "positions/senior.html");
    assert!(rows(&senior, "reports").is_empty());
    assert_eq!(rows(&senior, "targets").len(), 1);
    let lead = page(&out, "positions/lead.html");
    // Its own report of the same name replaces the one built on.
    assert_eq!(rows(&lead, "reports"), ["Daily note Boss Daily by 09:00"]);
    assert!(rows(&lead, "targets").is_empty());
}
