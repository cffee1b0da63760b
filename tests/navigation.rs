//! Navigation at any size: up to a handful of top-level units the header
//! links each; above it one "Units" link leads to a tree of every unit.

mod common;
#[path = "support/synth.rs"]
mod synth;

use common::*;

/// The header's links.
fn header_links(out: &std::path::Path, page_path: &str) -> Vec<String> {
    texts(&page(out, page_path), ".site-header nav a")
}

#[test]
fn sixty_top_units_go_into_one_units_page() {
    let tmp = tempfile::tempdir().expect("temp dir");
    synth::write_files(tmp.path(), synth::wide_files(60)).expect("generate");
    let (_out_tmp, out) = build(tmp.path());
    for p in [
        "index.html",
        "positions/unit-07-head.html",
        "units/unit-60.html",
    ] {
        let links = header_links(&out, p);
        assert!(links.len() <= 8, "{p}: {links:?}");
        assert!(links.contains(&"Units".to_string()), "{p}: {links:?}");
        assert!(
            !links.iter().any(|l| l.starts_with("Division")),
            "{p}: {links:?}"
        );
    }
    let doc = page(&out, "units.html");
    // Every unit, top-level and nested, with its count in the language's plural.
    let items = texts(&doc, ".unit-tree a");
    assert_eq!(items.len(), 120, "{items:?}");
    assert_eq!(items[0], "Division 1");
    assert_eq!(items[1], "Division 1 Team");
    assert_eq!(items[119], "Division 60 Team");
    let summaries = texts(&doc, ".unit-tree summary");
    assert_eq!(summaries[0], "Division 1 4 positions");
    let counts = texts(&doc, ".unit-tree ul li .muted");
    assert_eq!(counts[0], "2 positions");
    // The lists nest: each division folds over its team.
    assert_eq!(texts(&doc, ".unit-tree > li").len(), 60);
    assert_eq!(texts(&doc, ".unit-tree > li > details > ul > li").len(), 60);
    // Each link works.
    for href in attrs(&doc, ".unit-tree a", "href").iter().take(5) {
        assert!(out.join(href).is_file(), "{href}");
    }
}

#[test]
fn a_few_top_units_stay_in_the_header() {
    let (_tmp, out) = build(&fixture("valid/english"));
    let links = header_links(&out, "index.html");
    assert!(links.contains(&"Operations".to_string()), "{links:?}");
    assert!(!links.contains(&"Units".to_string()), "{links:?}");
    assert!(!out.join("units.html").exists());
}
