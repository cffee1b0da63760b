//! `orgsite import`: fixture exports in each input kind, checked row by row
//! against the built site's `org.json`; the round trip of a re-import
//! (hand edits kept byte for byte); one test per kind of bad input.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use orgsite::import::{self, Options, Outcome};

fn fx(name: &str) -> PathBuf {
    common::fixture("import").join(name)
}

fn run(files: &[PathBuf], site: &Path, f: impl FnOnce(&mut Options)) -> Outcome {
    let mut o = Options {
        files: files.to_vec(),
        site: site.to_path_buf(),
        ..Options::default()
    };
    f(&mut o);
    import::run(&o)
}

/// An import that must succeed and pass `orgsite check` with no errors.
fn ok(files: &[PathBuf], site: &Path, f: impl FnOnce(&mut Options)) -> Outcome {
    let out = run(files, site, f);
    let problems: Vec<String> = out.problems.iter().map(|p| p.to_string()).collect();
    assert!(
        out.ok(),
        "problems: {problems:#?}\ncheck: {:#?}",
        out.check_errors
    );
    let (_, d) = orgsite::validate::check(site);
    assert!(!d.has_errors(), "{}", d.render(false));
    out
}

/// Every position's manager in the built site's org.json: id -> manager id.
fn reporting(site: &Path) -> BTreeMap<String, Option<String>> {
    let (_tmp, out) = common::build(site);
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("org.json")).unwrap()).unwrap();
    v["positions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["id"].as_str().unwrap().to_string(),
                p["reports_to"]["id"].as_str().map(str::to_string),
            )
        })
        .collect()
}

/// The source's reporting lines from a CSV, read here independently of
/// the importer: (id column, manager column).
fn source_lines(text: &str, id: usize, mgr: usize) -> BTreeMap<String, Option<String>> {
    let mut r = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            let m = rec[mgr].trim().to_string();
            (rec[id].trim().to_string(), (!m.is_empty()).then_some(m))
        })
        .collect()
}

fn site() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

#[test]
fn bom_csv_keeps_leading_zeros_and_every_reporting_line() {
    let s = site();
    let out = ok(&[fx("bom.csv")], s.path(), |_| {});
    let guessed = out.guessed.expect("a mapping was recognised");
    assert!(guessed.contains("id: Employee ID\n"), "{guessed}");
    assert!(
        guessed.contains("name: [First Name, Last Name]\n"),
        "{guessed}"
    );
    let text = std::fs::read_to_string(fx("bom.csv")).unwrap();
    assert_eq!(reporting(s.path()), source_lines(&text, 0, 1));
    let doc = std::fs::read_to_string(s.path().join("content/Operations/IT/00003.md")).unwrap();
    assert_eq!(
        doc,
        "---\ntitle: Engineer\nreports_to: \"00002\"\nlevel: G7\nholders:\n  - { person: \"00003\" }\n---\n"
    );
    // A quoted line break is a space in a title; a `>` path nests units.
    let sales = std::fs::read_to_string(s.path().join("content/Sales/00005.md")).unwrap();
    assert!(sales.contains("title: Head of Sales\n"), "{sales}");
    assert!(s
        .path()
        .join("content/Sales/Key Accounts/00006.md")
        .is_file());
    let person = std::fs::read_to_string(s.path().join("people/00001.md")).unwrap();
    assert_eq!(
        person,
        "---\nname: Ada Lovelace\nemail: ada@example.com\nphone: \"+44 20 1234 5678\"\n---\n"
    );
    let site_yaml = std::fs::read_to_string(s.path().join("site.yaml")).unwrap();
    assert!(
        site_yaml.contains("levels: [SCS3, SCS2, G7]\n"),
        "{site_yaml}"
    );
}

#[test]
fn big5_csv_with_its_encoding() {
    let s = site();
    ok(&[fx("big5.csv")], s.path(), |o| {
        o.encoding = Some("big5".into())
    });
    let text = encoding_rs::BIG5
        .decode(&std::fs::read(fx("big5.csv")).unwrap())
        .0
        .into_owned();
    assert_eq!(reporting(s.path()), source_lines(&text, 0, 4));
    let doc = std::fs::read_to_string(s.path().join("content/營銷部/銷售一部/A03.md")).unwrap();
    assert!(doc.contains("title: 銷售經理\n"), "{doc}");
    let person = std::fs::read_to_string(s.path().join("people/A03.md")).unwrap();
    assert!(person.contains("name: 王美麗\n"), "{person}");
}

#[test]
fn big5_without_its_encoding_names_it() {
    let s = site();
    let out = run(&[fx("big5.csv")], s.path(), |_| {});
    let msgs: Vec<String> = out.problems.iter().map(|p| p.to_string()).collect();
    let shown = fx("big5.csv").display().to_string();
    assert_eq!(
        msgs,
        [format!(
            "{shown}: error: line 1, byte 1: not UTF-8; it reads as big5: try `--encoding big5`"
        )]
    );
    assert!(!s.path().join("content").exists(), "nothing written");
}

#[test]
fn xlsx_workbook() {
    let s = site();
    let book = s.path().join("hr.xlsx");
    let rows: [[&str; 5]; 4] = [
        ["Staff No", "Reports To", "Name", "Job Title", "Department"],
        ["0010", "", "Mia Moss", "Chief Executive", ""],
        ["0011", "0010", "Noa Nash", "Head of Legal", "Legal"],
        ["0012", "0011", "Oli Orr", "Paralegal", "Legal"],
    ];
    let mut wb = rust_xlsxwriter::Workbook::new();
    let sheet = wb.add_worksheet();
    sheet.set_name("Staff").unwrap();
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            sheet.write_string(r as u32, c as u16, *v).unwrap();
        }
    }
    // A number cell: read as `13`, not `13.0`.
    sheet.write_number(4, 0, 13.0).unwrap();
    sheet.write_string(4, 1, "0011").unwrap();
    sheet.write_string(4, 2, "Pia Poe").unwrap();
    sheet.write_string(4, 3, "Paralegal").unwrap();
    sheet.write_string(4, 4, "Legal").unwrap();
    wb.save(&book).unwrap();
    let out_site = s.path().join("site");
    let mut map = s.path().join("import.yaml");
    std::fs::write(
        &map,
        "id: Staff No\nreports_to: Reports To\nname: Name\ntitle: Job Title\nunit: Department\nmerge_seats: true\n",
    )
    .unwrap();
    let out = ok(std::slice::from_ref(&book), &out_site, |o| {
        o.map = Some(map.clone());
        o.sheet = Some("Staff".into());
    });
    let got = reporting(&out_site);
    let want: BTreeMap<String, Option<String>> = [
        ("0010", None),
        ("0011", Some("0010")),
        ("Paralegal", Some("0011")),
    ]
    .into_iter()
    .map(|(a, b)| (a.to_string(), b.map(str::to_string)))
    .collect();
    assert_eq!(got, want);
    let merged = std::fs::read_to_string(out_site.join("content/Legal/Paralegal.md")).unwrap();
    assert!(
        merged.contains("holders:\n  - { person: \"0012\" }\n  - { person: \"13\" }\n"),
        "{merged}"
    );
    assert!(out.report.contains("1 seats merged"), "{}", out.report);
    // A sheet that does not exist is named with the closest.
    map = s.path().join("import.yaml");
    let bad = run(&[book], &out_site, |o| {
        o.map = Some(map);
        o.sheet = Some("Staf".into());
    });
    assert_eq!(
        bad.problems[0].message,
        "no sheet `Staf`; did you mean `Staff`?; its sheets are Staff"
    );
}

#[test]
fn nested_json_tree() {
    let s = site();
    ok(&[fx("tree.json")], s.path(), |_| {});
    // The tree's parent of each node, walked here.
    fn walk(
        v: &serde_json::Value,
        parent: Option<&str>,
        out: &mut BTreeMap<String, Option<String>>,
    ) {
        let id = v["id"].as_str().unwrap();
        out.insert(id.to_string(), parent.map(str::to_string));
        for c in v["children"].as_array().into_iter().flatten() {
            walk(c, Some(id), out);
        }
    }
    let tree: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(fx("tree.json")).unwrap()).unwrap();
    let mut want = BTreeMap::new();
    walk(&tree, None, &mut want);
    assert_eq!(reporting(s.path()), want);
    assert!(s.path().join("content/Tech/Platform/4.md").is_file());
}

#[test]
fn yaml_folder_one_file_per_person() {
    let s = site();
    let out = ok(&[fx("people-yaml")], s.path(), |_| {});
    let mut want = BTreeMap::new();
    for e in std::fs::read_dir(fx("people-yaml")).unwrap() {
        let p = e.unwrap().path();
        let text = std::fs::read_to_string(&p).unwrap();
        let mgr = text
            .lines()
            .find_map(|l| l.strip_prefix("reports_to: "))
            .map(str::to_string);
        want.insert(p.file_stem().unwrap().to_string_lossy().into_owned(), mgr);
    }
    assert_eq!(reporting(s.path()), want);
    // A list of departments: the deepest is the unit, the rest tags.
    let bo = std::fs::read_to_string(
        s.path()
            .join("content/Engineering/Infrastructure/bo-chen.md"),
    )
    .unwrap();
    assert!(bo.contains("tags: [Engineering]\n"), "{bo}");
    assert!(out.guessed.unwrap().contains("id: file\n"));
}

/// The round trip of the "Done when".
#[test]
fn reimport_keeps_hand_edits_and_reports_exactly_the_changes() {
    let s = site();
    let root = s.path();
    ok(&[fx("v1.csv")], root, |_| {});
    // Hand edits: a body, a comment, a field written by hand, quoting.
    let ben = root.join("content/Finance/101.md");
    let text = std::fs::read_to_string(&ben).unwrap();
    let edited = text
        .replacen("---\ntitle:", "---\n# kept by hand\ntitle:", 1)
        .replace(
            "holders:",
            "scope: 'Budgets and the ledger'   # hand-written\nholders:",
        )
        + "\n## Duties\n\nKeeps the books.\n";
    std::fs::write(&ben, &edited).unwrap();
    let eve = root.join("content/Operations/104.md");
    let eve_text = std::fs::read_to_string(&eve).unwrap() + "Plans the week.\n";
    let eve_text = eve_text.replace("title: Planner", "title: Planner # from HR");
    std::fs::write(&eve, &eve_text).unwrap();
    let ann_person = root.join("people/100.md");
    let ann = std::fs::read_to_string(&ann_person)
        .unwrap()
        .replace("---\n", "---\npronouns: she/her\n")
        .replacen("pronouns: she/her\n", "", 1);
    std::fs::write(&ann_person, &ann).unwrap();
    let site_yaml = root.join("site.yaml");
    std::fs::write(&site_yaml, "# our handbook\ntitle: Acme\nlanguage: en\n").unwrap();

    // A dry run prints the changes and writes nothing.
    let before = snapshot(root);
    let dry = ok(&[fx("v2.csv")], root, |o| {
        o.dry_run = true;
        o.prune = true;
    });
    assert_eq!(snapshot(root), before, "a dry run writes nothing");

    let out = ok(&[fx("v2.csv")], root, |o| o.prune = true);
    let changes = |r: &str| r.split("\n\n").next().unwrap_or("").to_string();
    assert_eq!(changes(&dry.report), changes(&out.report));
    assert_eq!(
        changes(&out.report),
        "Positions: 1 added, 1 removed, 1 moved\n\
         \x20 + Analyst: reports to Ops Manager · in Operations\n\
         \x20 - Accountant: content/Finance/103.md\n\
         \x20 ~ Planner: file content/Operations/104.md -> content/Finance/104.md\n\
         Reporting lines: 1 moved\n\
         \x20 ~ Planner: Ops Manager -> Finance Manager\n\
         Titles, levels and units: 1 changed\n\
         \x20 ~ Planner: unit Operations -> Finance\n\
         People: 1 joined, 1 left\n\
         \x20 + Fay Ford: Analyst\n\
         \x20 - Dan Dale: Accountant\n\
         Person files: 1 added, 1 removed\n\
         \x20 + Fay Ford: people/105.md\n\
         \x20 - Dan Dale: people/103.md\n\
         position 103 (content/Finance/103.md): removed (--prune)\n\
         person 103 (people/103.md): removed (--prune)"
    );
    // Hand bytes identical; the owned fields changed.
    assert_eq!(std::fs::read_to_string(&ben).unwrap(), edited);
    assert!(!eve.exists());
    let moved = std::fs::read_to_string(root.join("content/Finance/104.md")).unwrap();
    assert_eq!(
        moved,
        eve_text.replace("reports_to: \"102\"", "reports_to: \"101\"")
    );
    assert_eq!(
        std::fs::read_to_string(&site_yaml).unwrap(),
        "# our handbook\ntitle: Acme\nlanguage: en\n"
    );
    assert!(!root.join("content/Finance/103.md").exists());
    // Nothing changed: a third run writes nothing.
    let before = snapshot(root);
    let again = ok(&[fx("v2.csv")], root, |_| {});
    assert_eq!(snapshot(root), before);
    assert!(again.report.contains("0 files changed"), "{}", again.report);
}

fn snapshot(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().to_path_buf(), std::fs::read(e.path()).unwrap()))
        .collect()
}

/// A source row that left is listed, and kept without --prune.
#[test]
fn a_row_that_left_is_listed_and_kept_without_prune() {
    let s = site();
    ok(&[fx("v1.csv")], s.path(), |_| {});
    let out = ok(&[fx("v2.csv")], s.path(), |_| {});
    assert!(
        out.report.contains("position 103 (content/Finance/103.md): no longer in the source (kept; --prune removes it)"),
        "{}",
        out.report
    );
    assert!(s.path().join("content/Finance/103.md").is_file());
}

/// The messages of a bad input, as printed.
fn errors(files: &[PathBuf], f: impl FnOnce(&mut Options)) -> Vec<String> {
    let s = site();
    let out = run(files, s.path(), f);
    assert!(
        !s.path().join("content").exists(),
        "nothing is written while there are errors"
    );
    out.problems.iter().map(|p| p.to_string()).collect()
}

fn bad(name: &str) -> PathBuf {
    fx("bad").join(name)
}

#[test]
fn duplicate_id() {
    let f = bad("duplicate.csv");
    let shown = f.display();
    assert_eq!(
        errors(std::slice::from_ref(&f), |_| {}),
        [format!("{shown}:4:1: error: duplicate id `2`: also at {shown}:3:1 (rows sharing an id are a job share only when title and manager agree)")]
    );
}

#[test]
fn manager_matching_no_row_suggests_the_closest() {
    let f = bad("missing-manager.csv");
    let shown = f.display();
    assert_eq!(
        errors(std::slice::from_ref(&f), |_| {}),
        [format!("{shown}:4:2: error: `1002` reports to `1010`, which matches no row; did you mean `1000`?; or set `missing_manager: external | placeholder | drop` in import.yaml")]
    );
}

#[test]
fn cycle_is_printed() {
    let f = bad("cycle.csv");
    let shown = f.display();
    assert_eq!(
        errors(std::slice::from_ref(&f), |_| {}),
        [format!(
            "{shown}:3:1: error: a reporting cycle: 2 -> 3 -> 2"
        )]
    );
}

#[test]
fn empty_id() {
    let f = bad("empty-id.csv");
    let shown = f.display();
    assert_eq!(
        errors(std::slice::from_ref(&f), |_| {}),
        [format!("{shown}:3:1: error: the id (`id`) is empty")]
    );
}

#[test]
fn mapping_naming_a_missing_column() {
    let f = bad("missing-manager.csv");
    let map = bad("map-missing-column.yaml");
    let (shown, mshown) = (f.display().to_string(), map.display().to_string());
    assert_eq!(
        errors(std::slice::from_ref(&f), |o| o.map = Some(map.clone())),
        [format!("{mshown}: error: `reports_to: Manager`: no column `Manager` in {shown}; did you mean `manager`?")]
    );
}

#[test]
fn required_column_missing() {
    let s = site();
    let f = s.path().join("x.csv");
    std::fs::write(&f, "who,what\nAnn,Director\n").unwrap();
    let shown = f.display();
    assert_eq!(
        errors(std::slice::from_ref(&f), |_| {}),
        [
            format!("{shown}:1: error: no id column: name one with `id:` in import.yaml (columns: who, what)"),
            format!("{shown}:1: error: no title or name column: name one with `title:` in import.yaml"),
        ]
    );
}

/// An empty title is one error, not one more for each row reporting to it.
#[test]
fn empty_title_is_one_error() {
    let s = site();
    let f = s.path().join("t.csv");
    std::fs::write(&f, "id,manager,name,title\n1,,Ann,\n2,1,Ben,Clerk\n").unwrap();
    let shown = f.display();
    assert_eq!(
        errors(std::slice::from_ref(&f), |_| {}),
        [format!(
            "{shown}:2:4: error: the title (`title`) of `1` is empty"
        )]
    );
}
