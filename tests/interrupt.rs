//! A build that is stopped (Ctrl-C, SIGTERM) or killed leaves nothing
//! behind: it removes its half-written folder itself, or the next build
//! removes what a dead build left.

mod common;
#[path = "support/synth.rs"]
mod synth;

use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

/// A PID no process has: a child's, once it has ended.
fn dead_pid() -> u32 {
    let mut child = Command::new("true").spawn().expect("spawn true");
    let pid = child.id();
    child.wait().expect("wait");
    pid
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn the_next_build_removes_what_dead_builds_left() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    orgsite::init::init(&site).unwrap();
    let out = tmp.path().join("out");
    let dead = dead_pid();
    let live = std::os::unix::process::parent_id();
    let dead_new = tmp.path().join(format!(".out.orgsite-new-{dead}"));
    let live_new = tmp.path().join(format!(".out.orgsite-new-{live}"));
    // Killed during the swap: the previous output is only in its -old- folder.
    let dead_old = tmp.path().join(format!(".out.orgsite-old-{dead}"));
    for d in [&dead_new, &live_new, &dead_old] {
        fs::create_dir_all(d.join("positions")).unwrap();
        fs::write(d.join("positions/a.html"), "half written").unwrap();
    }
    // No marker: a folder of the user's own, replaced with --force.
    // Another output's leftovers are not this build's business.
    let other = tmp.path().join(format!(".other.orgsite-new-{dead}"));
    fs::create_dir(&other).unwrap();

    let done = orgsite::site::remove_leftovers(&out);
    assert_eq!(done.len(), 2, "{done:?}");
    assert!(!dead_new.exists(), "a dead build's folder is removed");
    assert!(live_new.exists(), "a running build's folder is kept");
    assert!(other.exists());
    // The previous output is put back where it belongs.
    assert!(out.join("positions/a.html").is_file());

    // A build does the same before it starts (--force: the folder put
    // back is the user's own, not orgsite's).
    fs::create_dir_all(&dead_new).unwrap();
    orgsite::site::build(&site, &out, true).expect("build");
    assert!(!dead_new.exists());
    assert!(live_new.exists());
    assert!(out.join("index.html").is_file());
}

#[test]
fn sigterm_during_a_build_leaves_no_temporary_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    synth::write_site(&site, 3000, 7).expect("generate");
    let out = tmp.path().join("out");
    let mut child = Command::new(env!("CARGO_BIN_EXE_orgsite"))
        .args(["build"])
        .arg(&site)
        .arg("-o")
        .arg(&out)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn orgsite");
    let staging = tmp.path().join(format!(".out.orgsite-new-{}", child.id()));
    // Wait until it is writing pages.
    let deadline = Instant::now() + Duration::from_secs(120);
    while !staging.join("positions").is_dir() {
        if child.try_wait().unwrap().is_some() {
            panic!("the build ended before it could be stopped; make the site larger");
        }
        assert!(Instant::now() < deadline, "the build never started writing");
        std::thread::sleep(Duration::from_millis(5));
    }
    let kill = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(kill.success());
    let output = child.wait_with_output().expect("wait");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(130), "{stderr}");
    assert!(stderr.contains("Stopped"), "{stderr}");
    assert_eq!(
        names(tmp.path()),
        ["site"],
        "nothing is left beside the output"
    );
}

/// A repository started inside orgsite's own output (to publish it) is
/// never swapped away with its history.
#[test]
fn a_repository_started_in_the_output_is_not_replaced() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    orgsite::init::init(&site).unwrap();
    let out = tmp.path().join("pages");
    orgsite::site::build(&site, &out, false).expect("first build");
    fs::create_dir_all(out.join(".git/objects")).unwrap();
    fs::write(out.join(".git/HEAD"), "ref: refs/heads/main\n").unwrap();
    for force in [false, true] {
        let err = orgsite::site::build(&site, &out, force).expect_err("refused");
        assert!(err.to_string().contains("holds a git repository"), "{err}");
        assert!(out.join(".git/HEAD").is_file());
    }
}
