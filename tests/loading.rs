//! Reading real files right: HR exports' numeric ids, valid YAML in every
//! spelling, files that are not documents, and input built to hang or blow
//! up the loader. Each test names the item of the trust issue it covers.

mod common;

use std::fs;
use std::path::Path;
use std::time::Instant;

use common::*;

fn check(site: &Path) -> String {
    let (_org, d) = orgsite::site::check(site);
    d.to_string()
}

fn write(site: &Path, rel: &str, text: &str) {
    let p = site.join(rel);
    fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
    fs::write(p, text).expect("write");
}

fn site_with<A: AsRef<str>, B: AsRef<str>>(files: &[(A, B)]) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("temp dir");
    for (rel, text) in files {
        write(tmp.path(), rel.as_ref(), text.as_ref());
    }
    tmp
}

/// Items 1 and 2: numbers, booleans and floats are text wherever text is
/// expected, spelled as written, in positions, units, the front page and
/// site.yaml; nothing is dropped and the public edition stays public.
#[test]
fn numbers_booleans_and_floats_are_text_spelled_as_written() {
    let site = fixture("valid/numeric-ids");
    let (org, d) = orgsite::site::check(&site);
    assert!(d.is_empty(), "{d}");
    assert_eq!(org.title, "2024");
    assert_eq!(org.config.levels, ["1", "2", "3"]);
    assert!(!org.config.show_holders);
    assert_eq!(org.config.strings["vacant"], "0");
    assert_eq!(org.config.external["1001"].title, "2025");
    let mut ids: Vec<(&str, &str)> = org
        .positions
        .iter()
        .map(|p| (p.id.as_str(), p.title.as_str()))
        .collect();
    ids.sort();
    assert_eq!(
        ids,
        [("00000609", "0.5"), ("141691", "2024"), ("555", "1e3")]
    );
    let top = org
        .positions
        .iter()
        .find(|p| p.id == "141691")
        .expect("top");
    assert_eq!(top.tags, ["1", "2", "1e3", "0x1F"]);
    assert_eq!(top.scope.as_deref(), Some("4.5"));
    let names: Vec<&str> = (0..org.positions.len())
        .flat_map(|i| org.who(i).iter().map(|w| w.name.as_str()))
        .collect();
    assert_eq!(names.len(), 4, "{names:?}");
    for n in ["123", "456", "false", "0x2A"] {
        assert!(names.contains(&n), "{n} in {names:?}");
    }
    let mut units: Vec<(&str, &str, Option<i64>)> = org
        .units
        .iter()
        .map(|u| (u.id.as_str(), u.name.as_str(), u.order))
        .collect();
    units.sort();
    assert_eq!(units, [("0100", "100", Some(2)), ("200", "true", Some(1))]);

    // show_holders: false in that site.yaml: no holder's name is published.
    let (_tmp, out) = build(&site);
    for f in files(&out) {
        let text = fs::read_to_string(&f).unwrap_or_default();
        for name in ["0x2A", ">123<", ">456<"] {
            assert!(!text.contains(name), "{name} in {}", f.display());
        }
    }
    assert!(out.join("positions/00000609.html").exists());
}

/// Item 1's invariant on a hand-made case: every `.md` file becomes a
/// position, a unit, the front page or a diagnostic that names it.
#[test]
fn a_real_type_error_names_its_file_and_line_and_every_one_is_reported() {
    let tmp = site_with(&[(
        "content/a.md",
        "---\ntitle: [a, b]\nheadcount: three\norder: first\ntags: { x: 1 }\n---\n- x\n",
    )]);
    assert_eq!(
        check(tmp.path()),
        "content/a.md:2:8: error: title: found a list, expected text\n\
         content/a.md:3:12: error: headcount: expected a whole number, found `three`\n\
         content/a.md:4:8: error: order: expected a whole number, found `first`\n\
         content/a.md:5:7: error: tags: found a mapping, expected a name or a list of names\n"
    );
}

/// Item 16: valid YAML that the text search rejected.
#[test]
fn valid_yaml_in_every_spelling_is_read() {
    let tmp = site_with(&[
        (
            "content/a.md",
            "---\ntitle:\n  Head of\n  Sales\n---\n- x\n",
        ),
        (
            "content/b.md",
            "---\n\"title\": 經理\n'reports_to': a\n---\n- x\n",
        ),
    ]);
    let (org, d) = orgsite::site::check(tmp.path());
    assert!(d.is_empty(), "{d}");
    let titles: Vec<&str> = org.positions.iter().map(|p| p.title.as_str()).collect();
    assert_eq!(titles, ["Head of Sales", "經理"]);
}

/// Items 17 and 18: values that were read but wrong, or skipped without a word.
#[test]
fn empty_absurd_and_self_referring_values_are_caught() {
    let tmp = site_with(&[
        ("content/a.md", "---\ntitle: ~\n---\n- x\n"),
        (
            "content/b.md",
            "---\ntitle: B\nheadcount: 2000000\ndotted_line: b\ntargets:\n  - { name: visits, max: inf }\n---\n- x\n",
        ),
        (
            "content/n.md",
            "---\ntitle: N\nreports_to: b\ntargets:\n  - { name: calls, min: .nan }\n---\n- x\n",
        ),
        (
            "content/c.md",
            "---\ntitle: C\nreports_to: b\nheadcount: 18446744073709551616\n---\n- x\n",
        ),
        (
            "content/d.md",
            "---\ntitle: D\nreports_to: b\nholders: [Laura Schmidt (pending), 陳一（代理）]\nheadcount: 2\n---\n- x\n",
        ),
        ("content/u/_unit.md", "---\nname: U\ncolor: #d4a017\n---\n"),
        ("content/u/e.md", "---\ntitle: E\nreports_to: b\n---\n- x\n"),
    ]);
    assert_eq!(
        check(tmp.path()),
        "content/a.md:2:1: error: `title` is empty\n\
         content/b.md:3:1: error: `headcount: 2000000` is more seats than one position can have; the limit is 1,000,000\n\
         content/b.md:4:14: error: `dotted_line` names `b`, the position itself\n\
         content/b.md:6:3: error: target `visits`: `min` and `max` must be numbers, not infinity or NaN\n\
         content/c.md:4:12: error: headcount: `18446744073709551616` is too large for a whole number here\n\
         content/d.md:4:11: warning: the holder `Laura Schmidt (pending)` has a status in its name; write it as `{ name: Laura Schmidt, status: pending }`\n\
         content/d.md:4:36: warning: the holder `陳一（代理）` has a status in its name; write it as `{ name: 陳一, status: acting }`\n\
         content/n.md:5:25: error: targets[0].min: expected a number, found `.nan`\n\
         content/u/_unit.md:3:1: warning: `color` is empty and ignored; `#` starts a comment in YAML, so quote the value: color: \"#d4a017\"\n"
    );
}

/// Item 18: Markdown under another ending is named; notes are not documents.
#[test]
fn misspelt_endings_are_named_and_notes_are_skipped() {
    let tmp = site_with(&[
        ("content/a.md", "---\ntitle: A\n---\n- x\n"),
        ("content/b.MD", "---\ntitle: B\n---\n"),
        ("content/c.markdown", "---\ntitle: C\n---\n"),
        ("content/README.md", "# About this folder\n"),
        ("content/_notes.md", "Ideas, no front matter.\n"),
        ("content/.draft.md", "draft\n"),
        (
            "content/x.md.md",
            "---\ntitle: X\nreports_to: a\n---\n- x\n",
        ),
    ]);
    assert_eq!(
        check(tmp.path()),
        "content/b.MD: warning: not read: orgsite reads documents ending in `.md`; rename it `b.md` (or `_b.md` to keep it as a note)\n\
         content/c.markdown: warning: not read: orgsite reads documents ending in `.md`; rename it `c.md` (or `_c.md` to keep it as a note)\n"
    );
    let (org, _) = orgsite::site::check(tmp.path());
    let ids: Vec<&str> = org.positions.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["a", "x.md"]);
}

/// Item 19: ids that would overwrite each other's pages on Windows and
/// macOS, and a file name too long for the output folder.
#[test]
fn ids_that_collide_on_case_insensitive_file_systems_are_errors() {
    let long = "x".repeat(201);
    let tmp = site_with(&[
        ("content/boss.md", "---\ntitle: Boss\n---\n- x\n"),
        (
            "content/Boss.md",
            "---\ntitle: Boss 2\nreports_to: boss\n---\n- x\n",
        ),
        (
            "content/caf\u{e9}.md",
            "---\ntitle: Café\nreports_to: boss\n---\n- x\n",
        ),
        (
            "content/cafe\u{301}.md",
            "---\ntitle: Café 2\nreports_to: boss\n---\n- x\n",
        ),
        (
            &format!("content/{long}.md"),
            "---\ntitle: Long\nreports_to: boss\n---\n- x\n",
        ),
    ]);
    let out = check(tmp.path());
    assert!(
        out.contains("content/boss.md:1:1: error: the id `boss` differs only in case from `Boss` (content/Boss.md), so their pages would overwrite each other on Windows and macOS; rename one file or set `id:`"),
        "{out}"
    );
    assert!(
        out.contains(
            "is spelled with other Unicode characters (composed and decomposed accents) than `caf"
        ),
        "{out}"
    );
    assert!(
        out.contains("which cannot name a page: it is longer than 200 bytes"),
        "{out}"
    );
}

/// Item 11: a FIFO and a link to /dev/zero are not read (they blocked the
/// build, or read until memory ran out).
#[cfg(unix)]
#[test]
fn only_regular_files_are_read() {
    let tmp = site_with(&[("content/a.md", "---\ntitle: A\n---\n- x\n")]);
    let fifo = tmp.path().join("content/pipe.md");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo");
    assert!(made.success());
    std::os::unix::fs::symlink("/dev/zero", tmp.path().join("site.yaml")).expect("symlink");
    let start = Instant::now();
    assert_eq!(
        check(tmp.path()),
        "site.yaml: error: not a regular file (a device, pipe or socket): orgsite reads only ordinary files\n\
         content/pipe.md: error: not a regular file (a device, pipe or socket): orgsite reads only ordinary files\n"
    );
    assert!(start.elapsed().as_secs() < 10);
}

/// Items 11 and 12: a file over the size limit, nesting that made the
/// scanner quadratic, and an alias bomb, each a quick error at its line.
#[test]
fn pathological_front_matter_is_refused_quickly_with_its_limit() {
    let deep = format!("---\ntitle: A\ntags: {}\n---\n", "[".repeat(100_000));
    let mut bomb = String::from("---\ntitle: B\na: &a [\"lol\", \"lol\"]\n");
    for i in 0..30 {
        bomb.push_str(&format!(
            "b{i}: &b{i} [*{}, *{}]\n",
            if i == 0 {
                "a".to_string()
            } else {
                format!("b{}", i - 1)
            },
            if i == 0 {
                "a".to_string()
            } else {
                format!("b{}", i - 1)
            }
        ));
    }
    bomb.push_str("---\n");
    let big = format!("---\ntitle: C\n---\n{}", "x".repeat(9 << 20));
    let tmp = site_with(&[
        ("content/deep.md", &deep),
        ("content/bomb.md", &bomb),
        ("content/big.md", &big),
    ]);
    let start = Instant::now();
    assert_eq!(
        check(tmp.path()),
        "content/big.md: error: the file is 9437201 bytes or more; the limit is 8388608 (8 MiB): split it, or keep large attachments outside content/\n\
         content/bomb.md:3:7: error: anchors and aliases (`&name`, `*name`) are not read in front matter: write the value out\n\
         content/deep.md:3:39: error: lists and mappings nest more than 32 levels deep here; the limit is 32: flatten the structure\n"
    );
    assert!(start.elapsed().as_secs() < 10);
}

/// Item 21: the usual YAML mistakes, in words a non-programmer can act on.
#[test]
fn yaml_mistakes_are_explained() {
    let tmp = site_with(&[
        ("content/tab.md", "---\ntitle: A\n\treports_to: b\n---\n"),
        ("content/colon.md", "---\ntitle: Head: Sales\n---\n"),
        (
            "content/bracket.md",
            "---\ntitle: B\ntags: [a, b\nlevel: c\n---\n",
        ),
        ("content/open.md", "---\ntitle: D\n"),
        (
            "content/indent.md",
            "---\ntitle: E\nholders:\n  - a\n   - b\n---\n",
        ),
    ]);
    let out = check(tmp.path());
    for want in [
        "content/tab.md:3:1: error: a tab is used for indentation: YAML indents with spaces only",
        "content/colon.md:2:8: error: a colon inside an unquoted value: quote the value, as `title: \"Head: Sales\"`",
        "content/bracket.md:3:7: error: this `[` is not closed: end it with `]` on the same line",
        "content/indent.md:",
    ] {
        assert!(out.contains(want), "{want}\nin\n{out}");
    }
    assert!(out.contains("(the YAML parser says: "), "{out}");
}

/// Item 22: a warning about hundreds of names lists ten; positions under
/// one external entry are one tree.
#[test]
fn long_lists_are_cut_and_one_external_top_is_one_tree() {
    let mut files: Vec<(String, String)> = (0..30)
        .map(|i| {
            (
                format!("content/p{i:02}.md"),
                format!("---\ntitle: P{i:02}\n---\n- x\n"),
            )
        })
        .collect();
    let tmp = site_with(&files);
    let out = check(tmp.path());
    assert_eq!(
        out,
        "content/p01.md:2:1: warning: the organisation has 30 tops (P00, P01, P02, P03, P04, P05, P06, P07, P08, P09, and 20 more); give all but one a `reports_to`\n"
    );
    files = (0..30)
        .map(|i| {
            (
                format!("content/p{i:02}.md"),
                format!("---\ntitle: P{i:02}\nreports_to: board\n---\n- x\n"),
            )
        })
        .collect();
    files.push((
        "site.yaml".into(),
        "external:\n  board: { title: Board }\n".into(),
    ));
    let tmp = site_with(&files);
    assert_eq!(check(tmp.path()), "");
}

/// Item 22: a misspelt field of site.yaml comes first, and what else it
/// says is still used.
#[test]
fn site_yaml_problems_come_first_and_do_not_discard_the_rest() {
    let tmp = site_with(&[
        (
            "site.yaml",
            "langauge: en\nshow_holders: false\nlevels: [a]\n",
        ),
        ("content/a.md", "---\ntitle: A\nlevel: b\n---\n- x\n"),
    ]);
    let out = check(tmp.path());
    assert_eq!(
        out,
        "site.yaml:1:1: error: `langauge`: unknown field; did you mean `language`?\n\
         content/a.md:3:8: error: level `b` is not in site.yaml's `levels` (a); did you mean `a`?\n"
    );
    let (org, _) = orgsite::site::check(tmp.path());
    assert!(!org.config.show_holders);
}

/// Item 13: raw HTML nested 100,000 deep took minutes in the sanitiser.
#[test]
fn deeply_nested_raw_html_is_an_error_and_never_reaches_the_sanitiser() {
    let body = format!("- duty\n\n{}\n", "<div>".repeat(100_000));
    let tmp = site_with(&[
        ("site.yaml", "allow_raw_html: true\n"),
        ("content/a.md", &format!("---\ntitle: A\n---\n{body}")),
    ]);
    let start = Instant::now();
    assert_eq!(
        check(tmp.path()),
        "content/a.md:6:501: error: raw HTML nests more than 100 elements deep here; the limit is 100: flatten it (it would be shown as text)\n"
    );
    assert!(orgsite::site::render(tmp.path()).is_err());
    assert!(start.elapsed().as_secs() < 20);
}

/// Item 21: a front matter that never closes is pointed at its opening line.
#[test]
fn a_front_matter_that_never_closes_points_at_its_opening() {
    let tmp = site_with(&[(
        "content/a.md",
        "---\ntitle: A\nlevel: b\n\n## Duties\n- Sell: a lot\n",
    )]);
    assert_eq!(
        check(tmp.path()),
        "content/a.md:1:1: error: the front matter opened here is never closed: add a `---` line after its last field\n"
    );
}

/// Real data: the same mistake in 13,000 files was 52,693 lines of output.
/// One message is shown ten times, then counted; `--all` shows every one.
#[test]
fn one_mistake_in_many_files_is_shown_ten_times_then_counted() {
    let files: Vec<(String, String)> = (0..25)
        .map(|i| {
            (
                format!("content/p{i:02}.md"),
                format!("---\ntitle: P{i:02}\nreports_to: board\nunamed: 1\n---\n- x\n"),
            )
        })
        .chain(std::iter::once((
            "site.yaml".to_string(),
            "external:\n  board: { title: Board }\n".to_string(),
        )))
        .collect();
    let tmp = site_with(&files);
    let run = |all: bool| {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_orgsite"));
        cmd.arg("check").arg(tmp.path());
        if all {
            cmd.arg("--all");
        }
        let o = cmd.output().expect("runs");
        assert_eq!(o.status.code(), Some(1));
        String::from_utf8_lossy(&o.stderr).into_owned()
    };
    let some = run(false);
    assert_eq!(
        some.matches(": error: `unamed`: unknown field").count(),
        10,
        "{some}"
    );
    assert!(
        some.contains("\n... and 15 more of this error in other places (`--all` shows every one): `unamed`: unknown field"),
        "{some}"
    );
    assert!(some.ends_with("25 errors, 0 warnings\n"), "{some}");
    let all = run(true);
    assert_eq!(all.matches(": error: `unamed`: unknown field").count(), 25);
}

#[test]
fn a_problem_shows_its_line_as_the_file_was_read() {
    // `serve` prints a build's problems while the files are being edited:
    // the line shown is the one the build read, not a later save.
    let tmp = site_with(&[
        ("site.yaml", "title: T\nlevles: [a]\n"),
        ("content/a.md", "---\ntitle: A\nreports_to: nobody\n---\n"),
    ]);
    let (_org, d) = orgsite::site::check(tmp.path());
    write(tmp.path(), "site.yaml", "title: T\n\nlevels: [a]\n");
    write(
        tmp.path(),
        "content/a.md",
        "---\ntitle: A\n\nreports_to: b\n---\n",
    );
    fs::remove_file(tmp.path().join("site.yaml")).expect("remove");
    let shown = d.render(false);
    assert!(shown.contains("2 | levles: [a]\n  | ^^^^^^\n"), "{shown}");
    assert!(
        shown.contains("3 | reports_to: nobody\n  |             ^^^^^^\n"),
        "{shown}"
    );
}
