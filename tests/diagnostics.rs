//! One fixture site per kind of bad input under tests/fixtures/invalid/,
//! each with the exact diagnostics `orgsite check` must print, kept as an
//! insta snapshot (`tests/snapshots/diagnostics__invalid@<case>.snap`). A
//! fixture without one fails (and, outside CI, leaves a `.snap.new` to
//! review); after a deliberate change to messages, `cargo insta review`
//! or `INSTA_UPDATE=always cargo test --test diagnostics` rewrites them.

mod common;

use std::fs;
use std::process::Command;

use common::*;

fn rendered(site: &std::path::Path) -> String {
    let (_org, d) = orgsite::site::check(site);
    d.render(false)
}

#[test]
fn every_invalid_fixture_gets_its_exact_diagnostics() {
    let mut cases = 0;
    insta::glob!("fixtures/invalid/*", |site| {
        let actual = rendered(site);
        // insta compares without trailing newlines: the one newline after
        // the summary line is checked here.
        assert!(
            actual.ends_with(" warnings\n") || actual.ends_with(" warning\n"),
            "{}: {actual:?}",
            site.display()
        );
        insta::assert_snapshot!("invalid", actual);
        cases += 1;
    });
    assert!(cases >= 10, "only {cases} fixtures");
}

#[test]
fn unusual_but_valid_input_is_accepted() {
    // A byte-order mark, CRLF line ends, no final newline, Chinese names.
    let site = fixture("valid/bom-crlf-cjk");
    let (org, d) = orgsite::site::check(&site);
    assert!(d.is_empty(), "{d}");
    assert_eq!(org.title, "測試");
    let (_tmp, out) = build(&site);
    let doc = page(&out, "positions/總監.html");
    assert_eq!(texts(&doc, "#duties-h"), ["工作內容"]);
    assert_eq!(texts(&doc, ".duties li"), ["統籌全局"]);
}

#[test]
fn cli_exit_codes() {
    let bin = env!("CARGO_BIN_EXE_orgsite");
    let bad = Command::new(bin)
        .arg("check")
        .arg(fixture("invalid/reporting-cycle"))
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&bad.stderr),
        "content/a.md:3:1: error: reporting cycle: a -> c -> b -> a\n  |\n3 | reports_to: c\n  | ^^^^^^^^^^\n1 error, 0 warnings\n"
    );
    let ok = Command::new(bin)
        .arg("check")
        .arg(fixture("valid/bom-crlf-cjk"))
        .output()
        .unwrap();
    assert_eq!(ok.status.code(), Some(0));
    let usage = Command::new(bin)
        .arg("build")
        .arg("--no-such-flag")
        .output()
        .unwrap();
    assert_eq!(usage.status.code(), Some(2));
    let help = Command::new(bin)
        .args(["build", "--help"])
        .output()
        .unwrap();
    assert_eq!(help.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&help.stdout).contains("--output"));
}

#[test]
fn a_failed_build_leaves_the_previous_output_as_it_was() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    orgsite::init::init(&site).unwrap();
    let out = tmp.path().join("out");
    orgsite::site::build(&site, &out, false).expect("first build");
    let before: Vec<_> = files(&out)
        .into_iter()
        .map(|f| (f.clone(), fs::read(out.join(&f)).unwrap()))
        .collect();
    fs::write(
        site.join("content/operations/specialist.md"),
        "---\ntitle: Broken\nreports_to: nobody\n---\n",
    )
    .unwrap();
    let err = orgsite::site::build(&site, &out, false).expect_err("second build must fail");
    assert!(
        err.to_string()
            .contains("`reports_to: nobody` names no position"),
        "{err}"
    );
    let after: Vec<_> = files(&out)
        .into_iter()
        .map(|f| (f.clone(), fs::read(out.join(&f)).unwrap()))
        .collect();
    assert_eq!(before, after);
    // Nothing left beside it.
    let names: Vec<_> = fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
}

#[test]
fn refuses_to_replace_a_folder_it_did_not_make() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    orgsite::init::init(&site).unwrap();
    let out = tmp.path().join("precious");
    fs::create_dir(&out).unwrap();
    fs::write(out.join("thesis.txt"), "do not delete").unwrap();
    let err = orgsite::site::build(&site, &out, false).expect_err("must refuse");
    assert!(err.to_string().contains("refusing to replace"), "{err}");
    assert_eq!(
        fs::read_to_string(out.join("thesis.txt")).unwrap(),
        "do not delete"
    );
    // Nor the site folder itself.
    let err = orgsite::site::build(&site, &site, true).expect_err("must refuse the site");
    assert!(err.to_string().contains("holds the site itself"), "{err}");
    assert!(site.join("content").is_dir());
}

/// Every file under `dir`, with its bytes.
fn snapshot(dir: &std::path::Path) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    files(dir)
        .into_iter()
        .map(|f| (f.clone(), fs::read(dir.join(&f)).unwrap()))
        .collect()
}

#[test]
fn force_never_replaces_the_sources_or_a_repository() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    orgsite::init::init(&site).unwrap();
    fs::create_dir_all(site.join("themes/default/templates")).unwrap();
    fs::write(site.join("themes/default/templates/keep.html"), "mine").unwrap();
    fs::create_dir_all(site.join(".git/objects")).unwrap();
    fs::write(site.join(".git/HEAD"), "ref: refs/heads/main\n").unwrap();
    let other = tmp.path().join("other-site");
    orgsite::init::init(&other).unwrap();
    let repo = tmp.path().join("repo");
    fs::create_dir_all(repo.join("deep/.git")).unwrap();
    fs::write(repo.join("deep/.git/HEAD"), "x").unwrap();
    let before = snapshot(tmp.path());
    let cases: Vec<(std::path::PathBuf, &str)> = vec![
        (site.join("content"), "content"),
        (site.join("content/operations"), "content"),
        (site.join("content/new/sub"), "content"),
        (site.join("themes"), "themes"),
        (site.join("themes/default/templates"), "themes"),
        (site.join("people"), "people"),
        (site.join(".git"), ".git"),
        (site.join(".git/objects/out"), ".git"),
        (site.join("public/../content"), "content"),
        (other.clone(), "site.yaml"),
        (other.join("content"), "content"),
        (tmp.path().to_path_buf(), "holds the site itself"),
        (repo.clone(), "git repository"),
    ];
    for (out, named) in cases {
        let err = orgsite::site::build(&site, &out, true)
            .expect_err(&format!("{} must be refused", out.display()));
        let msg = err.to_string();
        assert!(msg.contains("refusing to build into"), "{msg}");
        assert!(msg.contains(named), "{}: {msg}", out.display());
    }
    assert_eq!(before, snapshot(tmp.path()), "nothing may change");
    // A relative output inside the sources is refused too.
    let bin = env!("CARGO_BIN_EXE_orgsite");
    let run = Command::new(bin)
        .current_dir(&site)
        .args(["build", "-o", "content/operations", "--force"])
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&run.stderr).contains("refusing to build into"));
    assert_eq!(before, snapshot(tmp.path()));
    // The default output still builds.
    orgsite::site::build(&site, &site.join("public"), false).expect("default output");
}

#[test]
fn init_makes_a_site_that_builds() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("x");
    orgsite::init::init(&site).unwrap();
    let (org, d) = orgsite::site::check(&site);
    assert!(d.is_empty(), "{d}");
    assert_eq!(org.positions.len(), 2);
    let (_t, out) = build(&site);
    let doc = page(&out, "positions/specialist.html");
    assert_eq!(texts(&doc, "h1"), ["Operations Specialist"]);
    assert!(init_again_refused(&site));
}

fn init_again_refused(site: &std::path::Path) -> bool {
    orgsite::init::init(site).is_err()
}

/// A site folder that does not exist is said to be missing, in one line:
/// not "nosuchdir/public was left as it was" (there was no output), and
/// no advice about its content folder (issue 18 item 10).
#[test]
fn a_missing_site_folder_is_named_as_missing() {
    let tmp = tempfile::tempdir().unwrap();
    let bin = env!("CARGO_BIN_EXE_orgsite");
    let run = |args: &[&str]| {
        let o = Command::new(bin)
            .current_dir(tmp.path())
            .args(args)
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        (
            o.status.code(),
            String::from_utf8_lossy(&o.stderr).into_owned(),
        )
    };
    let (code, err) = run(&["build", "nosuchdir"]);
    assert_eq!(code, Some(1));
    assert_eq!(
        err,
        "error: the site folder nosuchdir does not exist\nBuild failed; nothing was written.\n"
    );
    let (code, err) = run(&["check", "nosuchdir"]);
    assert_eq!(code, Some(1));
    assert_eq!(err, "error: the site folder nosuchdir does not exist\n");
    std::fs::write(tmp.path().join("a-file"), "x").unwrap();
    let (_, err) = run(&["build", "a-file"]);
    assert!(
        err.starts_with("error: the site folder a-file is not a folder\n"),
        "{err}"
    );
    // A site that fails to build without an earlier output: nothing was
    // written, not "left as it was".
    std::fs::create_dir_all(tmp.path().join("empty")).unwrap();
    let (code, err) = run(&["build", "empty"]);
    assert_eq!(code, Some(1));
    assert!(
        err.ends_with(&format!(
            "Build failed; nothing was written to {}.\n",
            std::path::Path::new("empty").join("public").display()
        )),
        "{err}"
    );
    assert!(!tmp.path().join("empty/public").exists());
}
