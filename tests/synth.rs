//! The synthetic sites of `tests/support/synth.rs` (benchmarks, large-site
//! tests, `examples/gen-site.rs` for the end-to-end suite): deterministic,
//! of the size asked, and valid.

#[path = "support/synth.rs"]
mod synth;

use std::collections::HashSet;
use std::path::{Path, PathBuf};

fn positions(files: &[(PathBuf, String)]) -> usize {
    files
        .iter()
        .filter(|(p, _)| {
            p.starts_with("content")
                && p.extension().is_some_and(|e| e == "md")
                && !p
                    .file_name()
                    .is_some_and(|f| f.to_string_lossy().starts_with('_'))
        })
        .count()
}

#[test]
fn names_are_distinct() {
    let names: HashSet<String> = (0..50_000).map(synth::person_name).collect();
    assert_eq!(names.len(), 50_000);
}

#[test]
fn sites_have_the_size_asked_and_are_deterministic() {
    let a = synth::site_files(500, 7);
    assert_eq!(positions(&a), 500);
    assert_eq!(a, synth::site_files(500, 7));
    assert_ne!(a, synth::site_files(500, 8));
    assert!(a.iter().any(|(_, t)| t.contains("type: staff")));
    assert!(a.iter().any(|(p, _)| p.ends_with("_unit.md")));
}

#[test]
fn a_built_synthetic_site_is_valid() {
    let tmp = tempfile::tempdir().expect("temp dir");
    synth::write_site(tmp.path(), 300, 1).expect("write");
    let (org, diags) = orgsite::site::check(tmp.path());
    assert_eq!(diags.error_count(), 0, "{diags}");
    assert_eq!(diags.warning_count(), 0, "{diags}");
    assert_eq!(org.positions.len(), 300);
    // Wide teams exist: some manager has at least 15 reports.
    assert!(org.positions.iter().any(|p| p.children.len() >= 15));
}

/// What the end-to-end suite (tests/e2e/run.mjs) relies on in its
/// generated handbook.
#[test]
fn the_end_to_end_handbook_has_the_shape_the_suite_checks() {
    let files = synth::handbook_files(300);
    assert_eq!(files, synth::handbook_files(300));
    assert_eq!(positions(&files), 295);
    let tmp = tempfile::tempdir().expect("temp dir");
    synth::write_files(tmp.path(), files.clone()).expect("write");
    let (org, diags) = orgsite::site::check(tmp.path());
    assert_eq!(diags.error_count(), 0, "{diags}");
    assert_eq!(org.positions.len(), 295);
    // A front page; six units of four teams under the top.
    assert!(tmp.path().join("content/_index.md").is_file());
    let top_units: Vec<&PathBuf> = files
        .iter()
        .map(|(p, _)| p)
        .filter(|p| p.ends_with("_unit.md") && p.components().count() == 3)
        .collect();
    assert_eq!(top_units.len(), 6, "{top_units:?}");
    for u in 1..=6 {
        for t in 1..=4 {
            let team = format!("content/u{u}/u{u}-t{t}/_unit.md");
            assert!(files.iter().any(|(p, _)| p == Path::new(&team)), "{team}");
        }
    }
    // More positions than the search index's full text and the single
    // printed handbook take: duties out of the index, print in volumes.
    let config = &files
        .iter()
        .find(|(p, _)| p == Path::new("site.yaml"))
        .expect("site.yaml")
        .1;
    assert!(
        config.contains("search: { full_text_up_to: 100 }"),
        "{config}"
    );
    assert!(config.contains("print: { volumes_above: 100 }"), "{config}");
    // The duty phrase the suite searches for is in every position's duties
    // and nowhere else.
    for (p, text) in files
        .iter()
        .filter(|(p, _)| p.starts_with("content/u1/u1-t1"))
    {
        if !p.ends_with("_unit.md") {
            let (front, duties) = text.split_once("## 工作內容").expect("duties");
            assert!(
                duties.contains("匯報進度") && !front.contains("匯報進度"),
                "{p:?}"
            );
        }
    }
    // Holders, some pending, and vacant seats.
    let all: String = files.iter().map(|(_, t)| t.as_str()).collect();
    assert!(all.contains("status: pending"));
    assert!(org.positions.iter().any(|p| p.holders.is_empty()));
}
