//! When the handbook's content last changed: the date printed on the cover
//! of `print.html`, stamped into `org.json` and used to anchor the
//! recurring events of `reporting.ics`.
//!
//! The date must come from the input, never from the clock, so that two
//! builds of the same input are byte-identical. In order of preference:
//! `SOURCE_DATE_EPOCH` (the reproducible-builds convention); the date of the
//! last git commit touching `content/` or `site.yaml`, when the site is in a
//! git repository and those files have no uncommitted changes; otherwise the
//! newest modification time of those files (UTC).

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::UNIX_EPOCH;

use crate::content::{CONFIG_FILE, CONTENT_DIR};
pub use crate::day::{days_in_month, is_leap, Day};

/// The day the site's content last changed (see the module comment).
pub fn last_change(site: &Path) -> Day {
    if let Some(d) = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
    {
        return Day::from_days(d.div_euclid(86_400));
    }
    if let Some(d) = git_date(site) {
        return d;
    }
    newest_mtime(site).unwrap_or(Day::EPOCH)
}

/// The committer date of the last commit touching the content, if the site
/// is in a git repository and the content has no uncommitted changes.
///
/// Plumbing only, through [`git_command`]: `git status`
/// would run the repository's `core.fsmonitor` command and clean filters
/// and rewrite `.git/index`; a build runs nothing a repository configures
/// and writes nothing inside `.git`.
fn git_date(site: &Path) -> Option<Day> {
    let git = |args: &[&str]| -> Option<String> {
        let out = git_command(site)
            .args(args)
            .stderr(Stdio::null())
            .output()
            .ok()?;
        out.status
            .success()
            .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
    };
    let paths = ["--", CONTENT_DIR, CONFIG_FILE];
    let untracked = git(&[
        &["ls-files", "-z", "--others", "--exclude-standard"][..],
        &paths,
    ]
    .concat())?;
    if !untracked.is_empty() {
        return None;
    }
    // Staged or not, against HEAD; the index is read, never refreshed.
    let raw = git(&[
        &[
            "diff-index",
            "-z",
            "--raw",
            "--no-renames",
            "--relative",
            "HEAD",
        ][..],
        &paths,
    ]
    .concat())?;
    // ":<mode> <mode> <HEAD's blob> <index blob, or 0s when the file's
    // stat differs from the index's> <status>\0<path>\0"
    let mut fields = raw.split('\0');
    let mut unsure: Vec<(String, String)> = Vec::new();
    while let (Some(meta), Some(path)) = (fields.next(), fields.next()) {
        let mut m = meta.split(' ');
        let (head, now) = (m.nth(2).unwrap_or(""), m.next().unwrap_or(""));
        if now.is_empty() || now.bytes().any(|b| b != b'0') || head.bytes().all(|b| b == b'0') {
            return None;
        }
        unsure.push((head.to_string(), path.to_string()));
    }
    // Files whose stat changed: the same bytes as HEAD's (filters not run)?
    for chunk in unsure.chunks(500) {
        let mut args = vec!["hash-object", "--no-filters", "--"];
        args.extend(chunk.iter().map(|(_, p)| p.as_str()));
        let hashes = git(&args)?;
        let same = hashes.lines().eq(chunk.iter().map(|(h, _)| h.as_str()));
        if !same {
            return None;
        }
    }
    let date = git(&[&["log", "-1", "--format=%cs"][..], &paths].concat())?;
    Day::parse(&date)
}

/// The newest modification time of `site.yaml` and the files under `content/`.
fn newest_mtime(site: &Path) -> Option<Day> {
    let content = site.join(CONTENT_DIR);
    walkdir::WalkDir::new(&content)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .chain(std::iter::once(site.join(CONFIG_FILE)))
        .filter_map(|p| std::fs::metadata(p).ok()?.modified().ok())
        .filter_map(|t| t.duration_since(UNIX_EPOCH).ok())
        .max()
        .map(|d| Day::from_days((d.as_secs() / 86_400) as i64))
}

/// A `git` command in `dir` that runs nothing a repository configures and
/// writes nothing inside `.git`: no fsmonitor hook, no hooks, no pager, no
/// external diff or text conversion, no signature check (gpg), no index
/// refresh or other optional lock. Every git invocation of orgsite starts here.
pub(crate) fn git_command(dir: &Path) -> Command {
    let mut c = Command::new("git");
    c.arg("-C")
        .arg(dir)
        .args([
            "--no-pager",
            "--no-optional-locks",
            "-c",
            "core.fsmonitor=false",
            "-c",
            "core.untrackedCache=false",
            "-c",
            "core.hooksPath=/dev/null",
            "-c",
            "core.pager=cat",
            "-c",
            "log.showSignature=false",
        ])
        .env("GIT_OPTIONAL_LOCKS", "0")
        .env("GIT_TERMINAL_PROMPT", "0")
        .env("GIT_PAGER", "cat")
        .env_remove("GIT_EXTERNAL_DIFF")
        .stdin(Stdio::null());
    c
}
