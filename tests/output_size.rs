//! Output stays sane as an organisation grows (issue: build speed and
//! memory): no page carries the whole organisation. A generated site of
//! 1,200 positions is above the printed handbook's volume threshold (500)
//! and below the search index's full-text threshold (2,000).

mod common;
#[path = "support/synth.rs"]
mod synth;

use std::fs;
use std::path::Path;

use common::*;

fn size(out: &Path, rel: &str) -> u64 {
    fs::metadata(out.join(rel)).map(|m| m.len()).unwrap_or(0)
}

#[test]
fn a_large_site_has_no_page_that_carries_the_whole_organisation() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    synth::write_site(&site, 1200, 7).unwrap();
    let (_t, out) = build(&site);

    // Pages link to the search index; none carries it.
    let index = size(&out, "search-index.js");
    assert!(index > 100_000, "index of 1,200 positions: {index} bytes");
    for rel in files(&out) {
        let rel = rel.to_string_lossy().into_owned();
        if !rel.ends_with(".html") {
            continue;
        }
        let html = read(&out, &rel);
        assert!(!html.contains("search-index.js"), "{rel} loads the index");
        // Charts inside pages take their style from style.css.
        assert!(!html.contains("<style>"), "{rel} repeats the chart style");
        // A position page shows its neighbourhood, whatever the size of
        // the organisation. (A unit page lists the unit's own positions.)
        if rel.starts_with("positions/") {
            assert!(html.len() < 64 * 1024, "{rel}: {} bytes", html.len());
        }
    }

    // The printed handbook comes in volumes: print.html holds only the
    // positions in no unit (the top), each unit's volume its own; together
    // every role exactly once.
    let front = page(&out, "print.html");
    let top = texts(&front, ".print-roles > article.position").len();
    assert!((1..10).contains(&top), "{top} roles in print.html");
    // Its staffing table lists those positions and totals them alone.
    let nums = |sel: &str| -> Vec<u64> {
        texts(&front, sel)
            .iter()
            .map(|t| t.parse().expect("a number"))
            .collect()
    };
    let rows = nums("table.staffing tbody td.num");
    let totals = nums("table.staffing tfoot td.num");
    assert_eq!(rows.len(), 4 * top);
    for (k, total) in totals.iter().enumerate() {
        let sum: u64 = rows.iter().skip(k).step_by(4).sum();
        assert_eq!(*total, sum, "column {k}");
    }
    let volumes: Vec<String> = files(&out.join("print"))
        .into_iter()
        .map(|p| format!("print/{}", p.to_string_lossy()))
        .collect();
    assert_eq!(texts(&front, "table.volumes tbody tr").len(), volumes.len());
    let mut roles = top;
    for v in &volumes {
        let n = texts(&page(&out, v), ".print-roles > article.position").len();
        assert!(n > 0 && n < 1200, "{v}: {n} roles");
        roles += n;
    }
    assert_eq!(roles, 1200);
    assert!(size(&out, "print.html") < 512 * 1024);
}
