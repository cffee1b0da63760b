//! `orgsite diff` and `build --changes-since` against a real git
//! repository built here: a handbook in a subfolder, committed in steps
//! that add, move, rename and remove positions, change holders, and leave
//! one revision that does not validate.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Runs git in `dir` with a fixed identity and commit date.
fn git_at(dir: &Path, date: &str, args: &[&str]) -> String {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args([
            "-c",
            "user.name=HR",
            "-c",
            "user.email=hr@example.com",
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_DATE", format!("{date}T12:00:00+00:00"))
        .env("GIT_COMMITTER_DATE", format!("{date}T12:00:00+00:00"))
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

fn git(dir: &Path, args: &[&str]) -> String {
    git_at(dir, "2024-01-01", args)
}

fn write(dir: &Path, rel: &str, text: &str) {
    let p = dir.join(rel);
    std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
    std::fs::write(p, text).expect("write");
}

fn remove(dir: &Path, rel: &str) {
    std::fs::remove_file(dir.join(rel)).expect("remove");
}

fn commit(repo: &Path, date: &str, message: &str) -> String {
    git_at(repo, date, &["add", "-A"]);
    git_at(repo, date, &["commit", "-q", "-m", message]);
    git(repo, &["rev-parse", "--short", "HEAD"])
        .trim()
        .to_string()
}

/// The repository and the short hashes of its commits, oldest first.
struct Repo {
    _tmp: tempfile::TempDir,
    root: PathBuf,
    commits: Vec<String>,
}

/// The site's folder inside the repository: nested, with a space and CJK.
const SUB: &str = "org files/手冊";

impl Repo {
    fn site(&self) -> PathBuf {
        self.root.join(SUB)
    }
}

const LEAD: &str = "---
title: Sales lead
reports_to: director
headcount: 2
holders:
  - { name: Bo, status: pending }
reports:
  - { name: Daily report, to: director, every: day, by: \"10:00\" }
---
- Leads the sales team
";

fn repo() -> Repo {
    let tmp = tempfile::tempdir().expect("temp dir");
    let root = empty_repo(tmp.path());
    let mut commits = Vec::new();

    // 0: the repository before the handbook existed.
    write(&root, "README.md", "Company files\n");
    commits.push(commit(&root, "2024-01-05", "Start"));

    // 1: the handbook.
    let s = root.join(SUB);
    write(&s, "site.yaml", "title: Acme\nlanguage: en\n");
    write(
        &s,
        "content/director.md",
        "---\ntitle: Director\nholders: [Ann]\n---\n- Runs everything\n",
    );
    write(&s, "content/sales/lead.md", LEAD);
    write(
        &s,
        "content/sales/rep.md",
        "---\ntitle: Sales rep\nreports_to: lead\nheadcount: 3\nholders: [Cy]\n\
         targets:\n  - { name: Calls, min: 20, per: day }\n---\n- Calls customers\n",
    );
    write(
        &s,
        "content/care/agent.md",
        "---\ntitle: Care agent\nreports_to: director\nholders: [Di]\n---\n- Answers the phone\n",
    );
    commits.push(commit(&root, "2024-01-10", "Handbook"));

    // 2: lead.md renamed to captain.md (a new id, the same post), the rep
    // follows it; the agent moves to sales; Bo is confirmed.
    git(
        &s,
        &["mv", "content/sales/lead.md", "content/sales/captain.md"],
    );
    write(
        &s,
        "content/sales/captain.md",
        &LEAD
            .replace("Sales lead", "Sales captain")
            .replace("{ name: Bo, status: pending }", "Bo"),
    );
    write(
        &s,
        "content/sales/rep.md",
        "---\ntitle: Sales rep\nreports_to: captain\nheadcount: 3\nholders: [Cy]\n\
         targets:\n  - { name: Calls, min: 25, per: day }\n---\n- Calls customers\n",
    );
    git(
        &s,
        &["mv", "content/care/agent.md", "content/sales/agent.md"],
    );
    commits.push(commit(
        &root,
        "2024-02-15",
        "Review: captain, agent to sales",
    ));

    // 3: a broken document; the rep post is removed; Ed joins as agent.
    write(
        &s,
        "content/sales/broken.md",
        "---\ntitle: [unclosed\n---\n",
    );
    remove(&s, "content/sales/rep.md");
    write(
        &s,
        "content/sales/agent.md",
        "---\ntitle: Care agent\nreports_to: director\nheadcount: 2\nholders: [Di, Ed]\n---\n- Answers the phone\n",
    );
    commits.push(commit(&root, "2024-03-20", "Work in progress"));

    // 4: fixed; a desk with a dotted line to the agent.
    remove(&s, "content/sales/broken.md");
    write(
        &s,
        "content/desk.md",
        "---\ntitle: Front desk\nreports_to: director\ndotted_line: [agent]\nheadcount: 1\n---\n- Greets visitors\n",
    );
    commits.push(commit(&root, "2024-04-01", "Front desk"));

    Repo {
        _tmp: tmp,
        root,
        commits,
    }
}

fn orgsite(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_orgsite"))
        .current_dir(dir)
        .args(args)
        .env_remove("NO_COLOR")
        .output()
        .expect("orgsite runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("utf-8")
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).expect("utf-8")
}

#[test]
fn the_terminal_report_is_exact() {
    let r = repo();
    let c = &r.commits;
    let o = orgsite(&r.root, &["diff", SUB, "--from", &c[1], "--to", &c[2]]);
    assert!(o.status.success(), "{}", stderr(&o));
    let expected = format!(
        "Changes in Acme
  from {c1} (2024-01-10) “Handbook”
  to {c2} (2024-02-15) “Review: captain, agent to sales”

Positions: 1 renamed, 1 moved
  ~ Care agent: file content/care/agent.md -> content/sales/agent.md
  ~ Sales captain: Sales lead -> Sales captain · id lead -> captain · file content/sales/lead.md -> content/sales/captain.md

Titles, levels and units: 1 changed
  ~ Care agent: unit care -> sales

People: 1 status changed
  ~ Bo: Sales captain · pending -> confirmed

Targets: 1 changed
  ~ Sales rep: Calls · at least 20 a day -> at least 25 a day

5 changes
Total: Planned 7 · Filled 3 -> 4 · Pending 1 -> 0 · Vacant 3
",
        c1 = c[1],
        c2 = c[2]
    );
    assert_eq!(stdout(&o), expected);
    // No colour when the output is not a terminal.
    assert!(!stdout(&o).contains('\x1b'));
}

#[test]
fn dates_pick_the_last_commit_of_the_day() {
    let r = repo();
    let by_rev = orgsite(
        &r.site(),
        &["diff", "--from", &r.commits[1], "--to", &r.commits[2]],
    );
    let by_date = orgsite(
        &r.site(),
        &["diff", "--from", "2024-01-31", "--to", "2024-02-15"],
    );
    assert!(by_date.status.success(), "{}", stderr(&by_date));
    let body = |o: &Output| stdout(o).split_once("\n\n").map(|x| x.1.to_string());
    assert_eq!(body(&by_rev), body(&by_date));
    assert!(stdout(&by_date).contains(&format!("from 2024-01-31 ({}, 2024-01-10)", r.commits[1])));
    let early = orgsite(&r.site(), &["diff", "--from", "2023-12-31"]);
    assert_eq!(early.status.code(), Some(1));
    assert!(
        stderr(&early).contains("no commit on or before 2023-12-31"),
        "{}",
        stderr(&early)
    );
}

#[test]
fn a_revision_that_did_not_validate_is_compared_as_far_as_it_loads() {
    let r = repo();
    let c = &r.commits;
    let o = orgsite(&r.site(), &["diff", "--from", &c[2], "--to", &c[3]]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(
        text.contains(&format!(
            "Errors in {} (2024-03-20) (1); only what could be read was compared:\n  content/sales/broken.md:2:",
            c[3]
        )),
        "{text}"
    );
    assert!(
        text.contains("Positions: 1 removed\n  - Sales rep: content/sales/rep.md\n"),
        "{text}"
    );
    assert!(text.contains("  + Ed: Care agent\n"), "{text}");
    assert!(text.contains("  - Cy: Sales rep\n"), "{text}");
    assert!(text.contains("  ~ Care agent: 1 -> 2\n"), "{text}");
}

#[test]
fn json_and_markdown() {
    let r = repo();
    let c = &r.commits;
    let o = orgsite(
        &r.site(),
        &["diff", "--from", &c[1], "--to", &c[4], "--format", "json"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("valid JSON");
    assert_eq!(v["site"], "Acme");
    assert_eq!(v["from"]["revision"]["short"], c[1].as_str());
    assert_eq!(v["to"]["revision"]["date"], "2024-04-01");
    assert_eq!(v["to"]["working_tree"], false);
    let ch = &v["changes"];
    assert_eq!(ch["added"][0]["position"]["id"], "desk");
    assert_eq!(ch["added"][0]["reports_to"]["title"], "Director");
    assert_eq!(ch["removed"][0]["position"]["id"], "rep");
    assert_eq!(ch["renamed"][1]["from"]["id"], "lead");
    assert_eq!(ch["renamed"][1]["to"]["id"], "captain");
    assert_eq!(ch["renamed"][0]["file_from"], "content/care/agent.md");
    assert_eq!(ch["joined"][0]["name"], "Ed");
    assert_eq!(ch["left"][0]["name"], "Cy");
    assert_eq!(ch["status"][0]["from"]["status"], "pending");
    assert_eq!(ch["status"][0]["to"]["status"], "confirmed");
    assert_eq!(ch["seats_to"]["planned"], 6);
    assert_eq!(v["count"].as_u64(), Some(10));

    let md = orgsite(
        &r.site(),
        &[
            "diff", "--from", &c[1], "--to", &c[4], "--format", "markdown",
        ],
    );
    let md = stdout(&md);
    assert!(md.starts_with("## Changes in Acme\n"), "{md}");
    assert!(
        md.contains("### Positions: 1 added, 1 removed, 1 renamed, 1 moved\n"),
        "{md}"
    );
    assert!(
        md.contains("- `+` **Front desk**: reports to Director · dotted line to Care agent\n"),
        "{md}"
    );
}

#[test]
fn the_working_tree_is_read_but_never_touched() {
    let r = repo();
    let s = r.site();
    // An uncommitted edit: the desk gets a second seat.
    let desk = std::fs::read_to_string(s.join("content/desk.md")).expect("read");
    write(
        &s,
        "content/desk.md",
        &desk.replace("headcount: 1", "headcount: 2"),
    );
    let status = || git(&r.root, &["status", "--porcelain"]);
    let head = || git(&r.root, &["rev-parse", "HEAD"]);
    let (before, head_before) = (status(), head());
    let o = orgsite(&s, &["diff", "--from", "HEAD"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("to the working tree\n"),
        "{}",
        stdout(&o)
    );
    assert!(
        stdout(&o).contains("  ~ Front desk: 1 -> 2\n"),
        "{}",
        stdout(&o)
    );
    assert_eq!(status(), before);
    assert_eq!(head(), head_before);
    assert!(std::fs::read_to_string(s.join("content/desk.md"))
        .expect("read")
        .contains("headcount: 2"));
    // Nothing changed: said so.
    let same = orgsite(&s, &["diff", "--from", "HEAD", "--to", "HEAD"]);
    assert!(
        stdout(&same).contains("\nNo changes.\n"),
        "{}",
        stdout(&same)
    );
}

#[test]
fn clear_errors() {
    let r = repo();
    let unknown = orgsite(&r.site(), &["diff", "--from", "no-such-tag"]);
    assert_eq!(unknown.status.code(), Some(1));
    assert!(
        stderr(&unknown).starts_with("error: unknown revision `no-such-tag`"),
        "{}",
        stderr(&unknown)
    );

    let before = orgsite(&r.site(), &["diff", "--from", &r.commits[0]]);
    assert_eq!(before.status.code(), Some(1));
    assert_eq!(
        stderr(&before),
        format!(
            "error: no site at {} (2024-01-05): `{SUB}` had no content/ folder at that revision\n",
            r.commits[0]
        )
    );

    // A site outside any repository.
    let tmp = tempfile::tempdir().expect("temp dir");
    let site = tmp.path().join("site");
    write(&site, "content/a.md", "---\ntitle: A\n---\n");
    let o = Command::new(env!("CARGO_BIN_EXE_orgsite"))
        .args(["diff", "--from", "HEAD"])
        .arg(&site)
        .env("GIT_CEILING_DIRECTORIES", tmp.path())
        .output()
        .expect("runs");
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("is not in a git repository"),
        "{}",
        stderr(&o)
    );

    let lang = orgsite(&r.site(), &["diff", "--from", "HEAD", "--lang", "fr"]);
    assert_eq!(lang.status.code(), Some(2));
}

#[test]
fn the_changes_page_marks_the_chart_and_is_linked_from_the_front_page() {
    let r = repo();
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = tmp.path().join("public");
    let options = orgsite::site::Options {
        changes_since: Some(r.commits[1].clone()),
        ..Default::default()
    };
    orgsite::site::build_with(&r.site(), &out, &options).expect("builds");
    let page = common::page(&out, "changes.html");
    let marked = |class: &str| {
        let sel = scraper::Selector::parse(&format!("svg a.{class}")).expect("selector");
        let mut v: Vec<String> = page
            .select(&sel)
            .filter_map(|a| a.value().attr("href"))
            .map(common::percent_decode)
            .collect();
        v.sort();
        v
    };
    assert_eq!(marked("mark-added"), ["positions/desk.html"]);
    assert_eq!(marked("mark-moved"), ["positions/agent.html"]);
    assert_eq!(marked("mark-changed"), ["positions/captain.html"]);
    assert_eq!(common::texts(&page, ".changes-removed li"), ["Sales rep"]);
    assert_eq!(common::texts(&page, ".changes-legend li").len(), 4);
    let headings = common::texts(&page, ".changes-group h2");
    assert_eq!(
        headings,
        [
            "Positions 1 added, 1 removed, 1 renamed, 1 moved",
            "Titles, levels and units 1 changed",
            "Headcount 1 changed",
            "People 1 joined, 1 left, 1 status changed",
            "Vacant seats 1 opened",
        ]
    );
    let entries = common::texts(&page, "#g-positions ~ ul li, .changes-group li");
    assert!(
        entries
            .iter()
            .any(|e| e == "+ Front desk : reports to Director · dotted line to Care agent"),
        "{entries:?}"
    );
    // Links from the report go to the position pages.
    let sel = scraper::Selector::parse(".changes a").expect("selector");
    assert!(page
        .select(&sel)
        .any(|a| a.value().attr("href") == Some("positions/desk.html")));

    let index = common::page(&out, "index.html");
    assert_eq!(
        common::texts(&index, ".changes-note a"),
        [format!("Changes since {} (2024-01-10)", r.commits[1])]
    );

    // Without the option: no page, no link.
    let plain = tmp.path().join("plain");
    orgsite::site::build(&r.site(), &plain, false).expect("builds");
    assert!(!plain.join("changes.html").exists());
    assert!(common::texts(&common::page(&plain, "index.html"), ".changes-note").is_empty());

    // A public edition (no names) leaves people out of the report too.
    write(
        &r.site(),
        "site.yaml",
        "title: Acme\nlanguage: en\nshow_holders: false\n",
    );
    let public = tmp.path().join("public-edition");
    orgsite::site::build_with(&r.site(), &public, &options).expect("builds");
    let text = common::text(&common::page(&public, "changes.html"));
    for name in ["Bo", "Cy", "Ed"] {
        assert!(!text.contains(name), "{name} in {text}");
    }
    assert!(common::texts(&common::page(&public, "changes.html"), "#g-people").is_empty());
    // Its total counts only what it shows: the three people entries are out.
    let total = |dir: &Path| -> usize {
        let texts = common::texts(&common::page(dir, "changes.html"), ".changes-total b");
        let digits: String = texts
            .concat()
            .chars()
            .filter(char::is_ascii_digit)
            .collect();
        digits.parse().expect("a count")
    };
    assert_eq!(total(&public) + 3, total(&out), "public total");

    // An unknown revision fails the build and says why.
    let bad = orgsite::site::Options {
        changes_since: Some("no-such-tag".into()),
        ..Default::default()
    };
    let err =
        orgsite::site::build_with(&r.site(), &tmp.path().join("bad"), &bad).expect_err("fails");
    assert!(
        err.to_string()
            .contains("--changes-since: error: unknown revision"),
        "{err}"
    );
}

/// A new, empty git repository `repo` inside `dir`.
fn empty_repo(dir: &Path) -> PathBuf {
    let root = dir.join("repo");
    std::fs::create_dir_all(&root).expect("mkdir");
    git(&root, &["init", "-q"]);
    root
}

/// Ids with a space (a file `ops lead.md` in a folder `ops team`) are
/// marked on the changes chart like any other, and `strings:` may reword
/// the changes page without a warning.
#[test]
fn the_changes_page_marks_ids_that_need_encoding_and_takes_overrides() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let root = empty_repo(tmp.path());
    write(
        &root,
        "site.yaml",
        "title: Acme\nlanguage: en\nstrings: { d_since: \"Since {rev}\", c_added: Brand new }\n",
    );
    write(
        &root,
        "content/boss.md",
        "---\ntitle: Boss\n---\n- Runs everything\n",
    );
    write(
        &root,
        "content/ops team/ops lead.md",
        "---\ntitle: Ops lead\nreports_to: boss\n---\n- Leads operations\n",
    );
    let first = commit(&root, "2024-01-10", "Start");
    write(
        &root,
        "content/ops team/night shift.md",
        "---\ntitle: Night shift\nreports_to: ops lead\n---\n- Works at night\n",
    );
    write(
        &root,
        "content/ops team/ops lead.md",
        "---\ntitle: Ops lead\nreports_to: boss\nheadcount: 2\n---\n- Leads operations\n",
    );

    let (_org, d) = orgsite::site::check(&root);
    assert!(d.is_empty(), "{}", d.render(false));

    let out = tmp.path().join("public");
    let options = orgsite::site::Options {
        changes_since: Some(first.clone()),
        deny_warnings: true,
        ..Default::default()
    };
    orgsite::site::build_with(&root, &out, &options).expect("builds");
    let page = common::page(&out, "changes.html");
    let marked = |class: &str| {
        let sel = scraper::Selector::parse(&format!("svg a.{class}")).expect("selector");
        page.select(&sel)
            .filter_map(|a| a.value().attr("href"))
            .map(common::percent_decode)
            .collect::<Vec<_>>()
    };
    assert_eq!(marked("mark-added"), ["positions/night shift.html"]);
    assert_eq!(marked("mark-changed"), ["positions/ops lead.html"]);
    let text = common::text(&page);
    assert!(text.contains(&format!("Since {first}")), "{text}");
    assert!(text.contains("Brand new"), "{text}");
}

/// The shipped example as the top folder of a repository, edited the way
/// a reviewer would: a new post, a moved reporting line, a confirmed holder.
#[test]
fn the_example_site_at_the_top_of_a_repository() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let root = tmp.path().join("handbook");
    let example = common::example_site();
    for rel in common::files(&example.join("content")) {
        let text = std::fs::read_to_string(example.join("content").join(&rel)).expect("read");
        write(&root.join("content"), &rel.to_string_lossy(), &text);
    }
    let config = std::fs::read_to_string(example.join("site.yaml")).expect("read");
    write(&root, "site.yaml", &config);
    git(&root, &["init", "-q"]);
    let first = commit(&root, "2024-05-01", "範例");
    let sales = "content/營銷部/銷售部";
    write(
        &root,
        &format!("{sales}/區域經理.md"),
        "---\ntitle: 區域經理\nlevel: 主管\nreports_to: 銷售經理\nheadcount: 1\n---\n- 管理區域\n",
    );
    let lead = std::fs::read_to_string(root.join(sales).join("銷售主管.md")).expect("read");
    write(
        &root,
        &format!("{sales}/銷售主管.md"),
        &lead.replace("reports_to: 銷售經理", "reports_to: 區域經理"),
    );
    let care = "content/營銷部/客服部/客服主管.md";
    let text = std::fs::read_to_string(root.join(care)).expect("read");
    write(
        &root,
        care,
        &text.replace("{ name: 王梓璇, status: pending }", "王梓璇"),
    );
    let o = orgsite(&root, &["diff", "--from", "2024-05-01"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        format!(
            "銷售部組織架構：變更
  從 2024-05-01 ({first}, 2024-05-01) “範例”
  到 工作區（含未提交的修改）

崗位：新增 1
  + 區域經理：匯報給 銷售經理 · 位於 銷售部

匯報關係：調整 1
  ~ 銷售主管：銷售經理 -> 區域經理

人員：狀態變更 1
  ~ 王梓璇：客服主管 · 待崗 -> 定崗

空缺：新增 1
  + 區域經理：+1 (空缺 0 -> 1)

共 4 項變更
合計：編制 24 -> 25 · 定崗 2 -> 3 · 待崗 3 -> 2 · 空缺 19 -> 20
"
        )
    );
}

/// The last-change date a build stamps into org.json.
fn stamped_date(out: &Path) -> String {
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("org.json")).expect("org.json"))
            .expect("json");
    json["last_change"].as_str().unwrap_or_default().to_string()
}

#[test]
fn build_and_diff_run_nothing_the_repository_configures_and_write_nothing_in_git() {
    let r = repo();
    let s = r.site();
    let tmp = tempfile::tempdir().expect("temp dir");
    let marker = tmp.path().join("fsmonitor-ran");
    let hook = tmp.path().join("fsmonitor.sh");
    std::fs::write(
        &hook,
        format!("#!/bin/sh\ntouch '{}'\nexit 1\n", marker.display()),
    )
    .expect("write hook");
    Command::new("chmod")
        .arg("+x")
        .arg(&hook)
        .status()
        .expect("chmod");
    git(
        &r.root,
        &["config", "core.fsmonitor", &hook.to_string_lossy()],
    );
    // A file whose stat no longer matches the index, but whose bytes do:
    // status would refresh (rewrite) the index for it.
    let lead = s.join("content/desk.md");
    let text = std::fs::read(&lead).expect("read");
    std::thread::sleep(std::time::Duration::from_millis(1100));
    std::fs::write(&lead, text).expect("rewrite");
    let index = r.root.join(".git/index");
    let stamp = || {
        let m = std::fs::metadata(&index).expect("index");
        (
            m.modified().expect("mtime"),
            std::fs::read(&index).expect("read"),
        )
    };
    let before = stamp();

    let out = tmp.path().join("out");
    let options = orgsite::site::Options {
        changes_since: Some(r.commits[1].clone()),
        ..Default::default()
    };
    orgsite::site::build_with(&s, &out, &options).expect("builds");
    let o = orgsite(&s, &["diff", "--from", &r.commits[1]]);
    assert!(o.status.success(), "{}", stderr(&o));
    let b = orgsite(
        &s,
        &["build", "-o", &tmp.path().join("out2").to_string_lossy()],
    );
    assert!(b.status.success(), "{}", stderr(&b));

    assert!(
        !marker.exists(),
        "the repository's fsmonitor command was run"
    );
    assert!(before == stamp(), ".git/index was rewritten");
    // The content is as committed, so the date is still the last commit's.
    let last = git(&r.root, &["log", "-1", "--format=%cs", "--", SUB]);
    assert_eq!(stamped_date(&out), last.trim());

    // The check is real: plain `git status` runs the hook.
    Command::new("git")
        .arg("-C")
        .arg(&r.root)
        .args(["status", "--porcelain"])
        .output()
        .expect("git status");
    assert!(marker.exists(), "the fixture's hook never runs");
}

#[test]
fn an_uncommitted_edit_dates_the_build_by_the_files() {
    let r = repo();
    let s = r.site();
    let last = git(&r.root, &["log", "-1", "--format=%cs", "--", SUB]);
    let tmp = tempfile::tempdir().expect("temp dir");
    let clean = tmp.path().join("clean");
    orgsite::site::build(&s, &clean, false).expect("builds");
    assert_eq!(stamped_date(&clean), last.trim());
    for (what, change) in [
        ("edited", "content/desk.md"),
        ("untracked", "content/new.md"),
    ] {
        let r = repo();
        let s = r.site();
        let p = s.join(change);
        let old = std::fs::read_to_string(&p).unwrap_or_default();
        write(&s, change, &format!("{old}\nMore.\n"));
        if what == "untracked" {
            write(&s, change, "---\ntitle: New\n---\n");
        }
        let out = tmp.path().join(what);
        orgsite::site::build(&s, &out, false).expect("builds");
        assert_ne!(stamped_date(&out), last.trim(), "{what}");
    }
}

/// Control characters from documents, file names and commit messages are
/// shown escaped in the text and Markdown reports: an ESC or BEL there
/// would otherwise clear, recolour or retitle the reader's terminal.
#[test]
fn control_characters_reach_no_terminal() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let root = empty_repo(tmp.path());
    write(
        &root,
        "site.yaml",
        "title: \"Acme\\e]0;pwned\\a\"\nlanguage: en\n",
    );
    write(
        &root,
        "content/boss.md",
        "---\ntitle: \"Boss\\e[2J\"\nholders: [\"Ann\\e[31m\"]\n---\n- Runs\n",
    );
    let a = commit(&root, "2024-01-10", "Start\x1b[2J\x07");
    write(
        &root,
        "content/aide\x1b[31m.md",
        "---\ntitle: \"Aide\\e[1m\\r\"\nreports_to: boss\n---\n- Helps\n",
    );
    write(
        &root,
        "content/bad\x1b[5m.md",
        "---\ntitle: [unclosed\n---\n",
    );
    let b = commit(&root, "2024-01-11", "More\x1b]0;x\x07");
    for format in ["text", "markdown"] {
        let o = orgsite(
            &root,
            &["diff", "--from", &a, "--to", &b, "--format", format],
        );
        // Markdown escapes its brackets: `\[`.
        let out = (stdout(&o) + &stderr(&o))
            .replace("\\[", "[")
            .replace("\\]", "]");
        assert!(o.status.success(), "{format}: {out}");
        for c in ['\x1b', '\x07', '\r'] {
            assert!(!out.contains(c), "{format}: {c:?} in {out:?}");
        }
        for shown in [
            "Aide\\u{1b}[1m\\u{d}",
            "Acme\\u{1b}]0;pwned\\u{7}",
            "bad\\u{1b}[5m.md",
        ] {
            assert!(out.contains(shown), "{format}: {shown} in {out}");
        }
    }
}

/// A handbook with person files (`people/`), committed twice: one file
/// added, one removed, contact details and a declared field changed.
fn people_repo(dir: &Path) -> (PathBuf, String) {
    let root = empty_repo(dir);
    write(
        &root,
        "site.yaml",
        "title: Acme\nlanguage: en\nfields:\n  person:\n    staff_no: { label: Staff number }\n",
    );
    write(
        &root,
        "content/boss.md",
        "---\ntitle: Boss\nholders: [ann-lee]\n---\n- Runs everything\n",
    );
    write(
        &root,
        "content/aide.md",
        "---\ntitle: Aide\nreports_to: boss\nholders: [Bo Kim]\n---\n- Helps\n",
    );
    write(
        &root,
        "people/ann-lee.md",
        "---\nname: Ann Lee\nemail: ann@old.example\nphone: \"+44 1\"\nlocation: Leeds\n\
         pronouns: she/her\nlinks: { Site: \"https://old.example/ann\" }\nstaff_no: A1\n---\n",
    );
    write(
        &root,
        "people/bo-kim.md",
        "---\nname: Bo Kim\nemail: bo@example.com\n---\n",
    );
    let first = commit(&root, "2024-02-01", "people");
    write(
        &root,
        "people/ann-lee.md",
        "---\nname: Ann Lee\nemail: ann@new.example\nphone: \"+44 1\"\nlocation: York\n\
         since: 2024-03-01\nlinks: { Site: \"https://new.example/ann\" }\nstaff_no: A2\n---\n",
    );
    remove(&root, "people/bo-kim.md");
    write(
        &root,
        "people/cy-day.md",
        "---\nname: Cy Day\nemail: cy@example.com\n---\n",
    );
    write(
        &root,
        "content/aide.md",
        "---\ntitle: Aide\nreports_to: boss\nholders: [Bo Kim, cy-day]\nheadcount: 2\n---\n- Helps\n",
    );
    commit(&root, "2024-02-02", "new details");
    (root, first)
}

#[test]
fn person_files_and_their_details_are_reported() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let (root, first) = people_repo(tmp.path());
    let o = orgsite(&root, &["diff", "--from", &first, "--to", "HEAD"]);
    let text = stdout(&o);
    assert!(o.status.success(), "{}", stderr(&o));
    // The revisions load their person files: no error about `ann-lee`.
    assert!(!text.contains("Errors in"), "{text}");
    assert!(
        text.contains(
            "Person files: 1 added, 1 removed, 1 changed\n\
             \x20 + Cy Day: people/cy-day.md\n\
             \x20 - Bo Kim: people/bo-kim.md\n\
             \x20 ~ Ann Lee: email ann@old.example -> ann@new.example · location Leeds -> York · \
             start date — -> 2024-03-01 · pronouns she/her -> — · \
             links Site <https://old.example/ann> -> Site <https://new.example/ann> · \
             Staff number A1 -> A2\n"
        ),
        "{text}"
    );
    for (lang, heading, word) in [
        ("zh-Hans", "人员档案", "邮箱"),
        ("zh-Hant", "人員檔案", "電郵"),
    ] {
        let o = orgsite(&root, &["diff", "--from", &first, "--lang", lang]);
        let text = stdout(&o);
        assert!(text.contains(heading), "{text}");
        assert!(text.contains(&format!("{word} ann@old.example")), "{text}");
    }
    let json = stdout(&orgsite(
        &root,
        &["diff", "--from", &first, "--format", "json"],
    ));
    let v: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert_eq!(v["changes"]["profiles_added"][0]["id"], "cy-day");
    assert_eq!(
        v["changes"]["profiles_changed"][0]["fields"][0]["field"],
        "email"
    );

    // The changes page lists them; its public edition names no one.
    let options = orgsite::site::Options {
        changes_since: Some(first.clone()),
        ..Default::default()
    };
    let out = tmp.path().join("out");
    orgsite::site::build_with(&root, &out, &options).expect("builds");
    let page = common::page(&out, "changes.html");
    assert_eq!(
        common::texts(&page, "#g-profiles"),
        ["Person files 1 added, 1 removed, 1 changed"]
    );
    let public = tmp.path().join("public");
    let options = orgsite::site::Options {
        public: true,
        ..options
    };
    orgsite::site::build_with(&root, &public, &options).expect("builds");
    let text = common::text(&common::page(&public, "changes.html"));
    for secret in [
        "Ann", "Bo Kim", "Cy Day", "example", "Leeds", "York", "A1", "A2",
    ] {
        assert!(!text.contains(secret), "{secret} in {text}");
    }
}

/// A clean working tree is named by its commit, not "the working tree"
/// (issue 18 item 10), on changes.html and in `orgsite diff`; an edit
/// makes it the working tree again.
#[test]
fn a_clean_tree_is_named_by_its_commit() {
    let r = repo();
    let c = &r.commits;
    let tmp = tempfile::tempdir().expect("temp dir");
    let options = orgsite::site::Options {
        changes_since: Some(c[1].clone()),
        ..Default::default()
    };
    let out = tmp.path().join("clean");
    orgsite::site::build_with(&r.site(), &out, &options).expect("builds");
    let meta = common::texts(&common::page(&out, "changes.html"), ".changes-meta");
    assert_eq!(
        meta,
        [format!(
            "from {} (2024-01-10) “Handbook” to HEAD ({}, 2024-04-01) “Front desk”",
            c[1], c[4]
        )]
    );
    let o = orgsite(&r.site(), &["diff", "--from", &c[1]]);
    assert!(
        stdout(&o).contains(&format!(
            "\n  to HEAD ({}, 2024-04-01) “Front desk”\n",
            c[4]
        )),
        "{}",
        stdout(&o)
    );

    // One file more (not yet committed) is a change of the tree.
    write(&r.site(), "content/notes.md", "---\ntitle: Notes\n---\n");
    let out = tmp.path().join("dirty");
    orgsite::site::build_with(&r.site(), &out, &options).expect("builds");
    let meta = common::texts(&common::page(&out, "changes.html"), ".changes-meta");
    assert_eq!(
        meta,
        [format!(
            "from {} (2024-01-10) “Handbook” to the working tree",
            c[1]
        )]
    );
}

/// "Care agent: Duties" shows the duty lines removed and added, in the
/// terminal, in Markdown, in JSON and on changes.html (issue 18 item 10).
#[test]
fn an_edit_of_the_duties_shows_the_lines_removed_and_added() {
    let r = repo();
    let s = r.site();
    let agent = std::fs::read_to_string(s.join("content/sales/agent.md")).expect("read");
    write(
        &s,
        "content/sales/agent.md",
        &agent.replace(
            "- Answers the phone\n",
            "- Answers the phone and the chat\n- Logs every call\n",
        ),
    );
    let o = orgsite(&s, &["diff", "--from", "HEAD"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains(
            "  ~ Care agent: Duties\n      - Answers the phone\n      + Answers the phone and the chat\n      + Logs every call\n"
        ),
        "{}",
        stdout(&o)
    );
    let md = stdout(&orgsite(
        &s,
        &["diff", "--from", "HEAD", "--format", "markdown"],
    ));
    assert!(
        md.contains("- `~` **Care agent**: Duties\n  - `-` Answers the phone\n  - `+` Answers the phone and the chat\n"),
        "{md}"
    );
    let json = stdout(&orgsite(
        &s,
        &["diff", "--from", "HEAD", "--format", "json"],
    ));
    let v: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert_eq!(
        v["changes"]["edited"][0]["duty_lines"]["lines"][0],
        serde_json::json!({"added": false, "text": "Answers the phone"})
    );

    let tmp = tempfile::tempdir().expect("temp dir");
    let out = tmp.path().join("public");
    let options = orgsite::site::Options {
        changes_since: Some("HEAD".into()),
        ..Default::default()
    };
    orgsite::site::build_with(&s, &out, &options).expect("builds");
    let page = common::page(&out, "changes.html");
    assert_eq!(
        common::texts(&page, ".duty-lines del"),
        ["- Answers the phone"]
    );
    assert_eq!(
        common::texts(&page, ".duty-lines ins"),
        ["+ Answers the phone and the chat", "+ Logs every call"]
    );
}
