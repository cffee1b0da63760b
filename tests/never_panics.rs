//! Random and mutated front matter and Markdown fed to the whole pipeline
//! (load, validate, lay out, render): it must report, never panic.

use std::fs;

use proptest::prelude::*;

/// Lines a real document has, and ways they go wrong.
fn line() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("title: 經理".to_string()),
        Just("title:".to_string()),
        Just("reports_to: boss".to_string()),
        Just("reports_to: a".to_string()),
        Just("reports_to: [x".to_string()),
        Just("builds_on: a".to_string()),
        Just("builds_on: [boss, a]".to_string()),
        Just("dotted_line: boss".to_string()),
        Just("headcount: 0".to_string()),
        Just("headcount: 4294967296".to_string()),
        Just("headcount: -1".to_string()),
        Just("holders: [甲, { name: 乙, status: pending }]".to_string()),
        Just("holders: { name: 甲 }".to_string()),
        Just("level: 總監".to_string()),
        Just("type: staff".to_string()),
        Just("id: a".to_string()),
        Just("id: ..".to_string()),
        Just(
            "reports:\n  - { name: r, to: boss, every: month, day: 31, by: \"23:59\" }".to_string()
        ),
        Just("reports:\n  - { name: r, every: week, day: 0 }".to_string()),
        Just("targets:\n  - { name: t, min: 1e308, max: -1 }".to_string()),
        Just("order: 9223372036854775807".to_string()),
        Just("tags: [a, [b]]".to_string()),
        Just("  - nested".to_string()),
        Just("---".to_string()),
        Just("\u{feff}".to_string()),
        Just("&anchor a: *anchor".to_string()),
        Just("? complex\n: key".to_string()),
        "[ -~\u{4e00}-\u{4e10}]{0,30}",
        any::<String>(),
    ]
}

fn document() -> impl Strategy<Value = String> {
    (
        any::<bool>(),
        prop::collection::vec(line(), 0..8),
        any::<bool>(),
        prop_oneof![
            Just(String::new()),
            Just("## 工作內容\n\n- a [x](javascript:1) <b>b</b>\n".to_string()),
            Just("# \n[^1]\n\n[^1]: note\n| a |\n|---|\n".to_string()),
            any::<String>(),
        ],
    )
        .prop_map(|(open, lines, close, body)| {
            let mut s = String::new();
            if open {
                s.push_str("---\n");
            }
            s.push_str(&lines.join("\n"));
            if close {
                s.push_str("\n---\n");
            }
            s.push_str(&body);
            s
        })
}

/// A scalar of every YAML type: what an HR export writes unquoted.
fn scalar() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("141691".to_string()),
        Just("00000609".to_string()),
        Just("-7".to_string()),
        Just("4.5".to_string()),
        Just("1e3".to_string()),
        Just("0x1F".to_string()),
        Just("0o17".to_string()),
        Just(".inf".to_string()),
        Just(".nan".to_string()),
        Just("true".to_string()),
        Just("no".to_string()),
        Just("~".to_string()),
        Just("null".to_string()),
        Just("".to_string()),
        Just("2024-03-01".to_string()),
        Just("\"quoted 1\"".to_string()),
        Just("'2024'".to_string()),
        Just("18446744073709551616".to_string()),
        "[a-z0-9]{1,6}",
    ]
}

/// A field of a position, written with a scalar where its value (or a
/// value inside it) goes.
fn field_with(v: String) -> Vec<String> {
    vec![
        format!("title: {v}"),
        format!("id: {v}"),
        format!("external_title: {v}"),
        format!("level: {v}"),
        format!("reports_to: {v}"),
        format!("dotted_line: {v}"),
        format!("dotted_line: [{v}, {v}]"),
        format!("headcount: {v}"),
        format!("holders: [{v}]"),
        format!("holders: [{{ name: {v} }}]"),
        format!("holders: [{{ name: a, concurrent: {v} }}]"),
        format!("scope: {v}"),
        format!("builds_on: {v}"),
        format!("reports: [{{ name: {v}, to: {v}, every: month, day: {v}, by: {v} }}]"),
        format!("targets: [{{ name: {v}, min: {v}, unit: {v}, per: day }}]"),
        format!("order: {v}"),
        format!("type: {v}"),
        format!("tags: [{v}, {v}]"),
        format!("tags: {v}"),
    ]
}

fn scalar_document() -> impl Strategy<Value = String> {
    prop::collection::vec((scalar(), 0usize..19), 1..4).prop_map(|fields| {
        let mut s = String::from("---\n");
        let mut seen = std::collections::BTreeSet::new();
        for (v, k) in fields {
            let line = field_with(v)[k].clone();
            let key = line.split(':').next().unwrap_or_default().to_string();
            if seen.insert(key) {
                s.push_str(&line);
                s.push('\n');
            }
        }
        s.push_str("---\n- duty\n");
        s
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    /// Every `.md` file under content/ becomes a position, a unit, the
    /// front page or a diagnostic that names it: scalars of any type in
    /// any field never make a file vanish.
    #[test]
    fn every_file_is_a_position_or_a_diagnostic_naming_it(
        docs in prop::collection::vec(scalar_document(), 1..6),
        unit in prop::collection::vec((scalar(), 0usize..4), 0..3),
        site_yaml in prop::collection::vec((scalar(), 0usize..5), 0..3),
    ) {
        let tmp = tempfile::tempdir().unwrap();
        let site = tmp.path();
        fs::create_dir_all(site.join("content/u")).unwrap();
        let mut files = Vec::new();
        for (i, d) in docs.iter().enumerate() {
            let rel = format!("content/u/p{i}.md");
            fs::write(site.join(&rel), d).unwrap();
            files.push(rel);
        }
        let unit_text: String = unit
            .iter()
            .map(|(v, k)| format!("{}: {v}\n", ["name", "id", "order", "color"][*k]))
            .collect();
        fs::write(site.join("content/u/_unit.md"), format!("---\n{unit_text}---\n")).unwrap();
        let site_text: String = site_yaml
            .iter()
            .map(|(v, k)| match k {
                0 => format!("title: {v}\n"),
                1 => format!("levels: [{v}]\n"),
                2 => format!("show_holders: {v}\n"),
                3 => format!("external: {{ {v}: {{ title: {v} }} }}\n"),
                _ => format!("strings: {{ vacant: {v} }}\n"),
            })
            .collect();
        fs::write(site.join("site.yaml"), site_text).unwrap();
        let (org, diags) = orgsite::site::check(site);
        let named: Vec<String> = diags
            .sorted()
            .iter()
            .map(|d| orgsite::diag::display_path(&d.path))
            .collect();
        for rel in &files {
            let is_position = org
                .positions
                .iter()
                .any(|p| orgsite::diag::display_path(&p.source.path) == *rel);
            prop_assert!(
                is_position || named.contains(rel),
                "{rel} vanished:\n{}\n{diags}",
                fs::read_to_string(site.join(rel)).unwrap()
            );
        }
        prop_assert!(org.units.iter().any(|u| u.dir == std::path::Path::new("u")));
    }

    #[test]
    fn the_pipeline_never_panics(a in document(), b in document(), boss in document(), yaml in prop::collection::vec(line(), 0..4)) {
        let tmp = tempfile::tempdir().unwrap();
        let site = tmp.path();
        fs::create_dir_all(site.join("content/unit")).unwrap();
        fs::write(site.join("content/a.md"), a).unwrap();
        fs::write(site.join("content/unit/b.md"), b).unwrap();
        fs::write(site.join("content/boss.md"), boss).unwrap();
        fs::write(site.join("site.yaml"), yaml.join("\n")).unwrap();
        let (_org, diags) = orgsite::site::check(site);
        let _ = diags.render(false);
        let _ = orgsite::site::render(site);
    }

    #[test]
    fn front_matter_splitting_never_panics(s in any::<String>()) {
        let (yaml, yl, body, bl) = orgsite::content::split_front_matter(&s);
        prop_assert!(yl >= 1 && bl >= 1);
        prop_assert!(yaml.map_or(0, str::len) + body.len() <= s.len());
    }
}
