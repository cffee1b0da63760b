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

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

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
        let _ = diags.render(site, false);
        let _ = orgsite::site::render(site);
    }

    #[test]
    fn front_matter_splitting_never_panics(s in any::<String>()) {
        let (yaml, yl, body, bl) = orgsite::content::split_front_matter(&s);
        prop_assert!(yl >= 1 && bl >= 1);
        prop_assert!(yaml.map_or(0, str::len) + body.len() <= s.len());
    }
}
