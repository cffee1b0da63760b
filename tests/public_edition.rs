//! The public edition: no person's name in any output file, seat counts
//! unchanged.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::*;
use orgsite::site::{self, Options};

/// The five holders of the seed's staffing table.
const NAMES: [&str; 5] = ["王曦虹", "劉蒂芳", "吳錫陽", "王梓璇", "劉小健"];

fn build_public(site_dir: &Path) -> (tempfile::TempDir, PathBuf, orgsite::diag::Diagnostics) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = tmp.path().join("public");
    let summary = site::build_with(
        site_dir,
        &out,
        &Options {
            public: true,
            ..Options::default()
        },
    )
    .unwrap_or_else(|d| panic!("public build failed:\n{d}"));
    (tmp, out, summary.diagnostics)
}

/// Every output file that mentions a holder's name, with the name.
fn leaks(out: &Path) -> Vec<String> {
    let mut found = Vec::new();
    for rel in files(out) {
        let bytes = fs::read(out.join(&rel)).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        for name in NAMES {
            if text.contains(name) {
                found.push(format!("{}: {name}", rel.display()));
            }
        }
    }
    found
}

fn assert_counts_kept(out: &Path) {
    assert_eq!(
        texts(&page(out, "index.html"), ".stats dd"),
        ["11", "24", "2", "3", "19"]
    );
    let staffing = page(out, "staffing.html");
    assert_eq!(
        texts(&staffing, "table.staffing tfoot tr"),
        ["合計 24 2 3 19"]
    );
    assert_eq!(
        texts(
            &staffing,
            "table.staffing tbody tr:not(.group-head):not(.subtotal)"
        )[2],
        "銷售部 銷售主管 營銷經理 主管 2 0 2 0"
    );
    let v: serde_json::Value = serde_json::from_str(&read(out, "org.json")).unwrap();
    assert_eq!(v["public"], true);
    assert_eq!(v["totals"]["pending"], 3);
    assert_eq!(v["people"], serde_json::json!([]));
    let pos = page(out, "positions/銷售主管.html");
    assert_eq!(
        texts(&pos, ".facts .seats").join(" "),
        "編制 2 定崗 0 待崗 2 空缺 0"
    );
    assert!(texts(&pos, ".holders").is_empty());
}

#[test]
fn public_build_of_the_example_names_nobody() {
    // The ordinary build has the names (so the check below can fail).
    let (_t, normal) = build(&example_site());
    assert!(leaks(&normal).len() > 10, "{:?}", leaks(&normal));

    let (_tmp, out, _diags) = build_public(&example_site());
    assert_eq!(leaks(&out), Vec::<String>::new());
    assert_counts_kept(&out);
    // Pages, chart, search index, exports and print were all written.
    for f in [
        "index.html",
        "print.html",
        "people.html",
        "chart.svg",
        "search-index.js",
        "org.json",
        "org.csv",
        "reporting.ics",
    ] {
        assert!(out.join(f).is_file(), "{f}");
    }
    let people = page(&out, "people.html");
    assert_eq!(texts(&people, ".note").len(), 1);
    assert!(texts(&people, "table").is_empty());
    // No link to the people page in the navigation.
    assert!(!read(&out, "index.html").contains("href=\"people.html\""));
    let csv = read(&out, "org.csv");
    assert!(!csv.contains("備註"), "names column in {csv}");
}

#[test]
fn show_holders_false_in_site_yaml_is_the_same_edition() {
    let tmp = tempfile::tempdir().unwrap();
    let site_dir = tmp.path().join("site");
    let src = example_site();
    for rel in files(&src.join("content")) {
        let to = site_dir.join("content").join(&rel);
        fs::create_dir_all(to.parent().unwrap()).unwrap();
        fs::copy(src.join("content").join(&rel), to).unwrap();
    }
    let yaml = fs::read_to_string(src.join("site.yaml")).unwrap();
    assert!(yaml.contains("show_holders: true"));
    fs::write(
        site_dir.join("site.yaml"),
        yaml.replace("show_holders: true", "show_holders: false"),
    )
    .unwrap();
    let (_t, out) = build(&site_dir);
    assert_eq!(leaks(&out), Vec::<String>::new());
    assert_counts_kept(&out);
}

#[test]
fn a_name_in_the_prose_is_reported() {
    let tmp = tempfile::tempdir().unwrap();
    let site_dir = tmp.path().join("site");
    fs::create_dir_all(site_dir.join("content")).unwrap();
    fs::write(
        site_dir.join("content/boss.md"),
        "---\ntitle: Boss\nholders: [陳一]\nscope: 陳一 runs it\n---\nAsk 陳一 first.\n",
    )
    .unwrap();
    let (_t, _out, diags) = build_public(&site_dir);
    let text = diags.to_string();
    assert!(
        text.contains("content/boss.md:4:8: warning: `陳一` is a holder's name"),
        "{text}"
    );
    assert!(text.contains("content/boss.md:6:5: warning:"), "{text}");
}
