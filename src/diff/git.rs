//! Reading a site as it was at a git revision, through the `git` command:
//! plumbing only (`rev-parse`, `rev-list`, `ls-tree`, `cat-file`), so the
//! working tree, the index and HEAD are never touched. The site's files at
//! the revision are written into a temporary folder and loaded from there
//! by the ordinary loader.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Component, Path, PathBuf};
use std::process::Stdio;

use serde::Serialize;

use crate::content::people::PEOPLE_DIR;
use crate::content::{CONFIG_FILE, CONTENT_DIR};
use crate::revision::git_command;

/// The git repository a site folder lives in.
#[derive(Debug, Clone)]
pub struct Repo {
    /// The repository's top folder.
    top: PathBuf,
    /// The site folder's path inside the repository, `/`-separated, ending
    /// in `/` (empty when the site is the repository's top folder).
    prefix: String,
}

/// A revision resolved to a commit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Revision {
    /// What the user typed (`HEAD~3`, `v1.0`, `2024-05-01`).
    pub input: String,
    pub commit: String,
    pub short: String,
    /// The commit's committer date, `YYYY-MM-DD`.
    pub date: String,
    pub subject: String,
}

impl Repo {
    /// The repository holding `site`, or why there is none.
    pub fn discover(site: &Path) -> Result<Repo, String> {
        if !site.is_dir() {
            return Err(format!("{} is not a folder", site.display()));
        }
        let out = git(site, &["rev-parse", "--show-toplevel", "--show-prefix"]).map_err(|e| {
            if e.contains("not a git repository") {
                format!(
                    "{} is not in a git repository: `orgsite diff` compares the site's history, so the site must be kept in git",
                    site.display()
                )
            } else {
                e
            }
        })?;
        let mut lines = out.lines();
        let top = lines.next().unwrap_or_default();
        let prefix = lines.next().unwrap_or_default();
        if top.is_empty() {
            return Err(format!(
                "{} is not inside a git work tree (a bare repository has no site folder)",
                site.display()
            ));
        }
        Ok(Repo {
            top: PathBuf::from(top),
            prefix: prefix.to_string(),
        })
    }

    /// The site folder's path inside the repository (empty at the top).
    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    /// Resolves a revision: anything `git rev-parse` takes as a commit
    /// (a hash, branch, tag, `HEAD~2`), else a date `YYYY-MM-DD`, meaning
    /// the last commit of HEAD's history made on or before that day.
    pub fn resolve(&self, rev: &str) -> Result<Revision, String> {
        let rev = rev.trim();
        if rev.is_empty() || rev.starts_with('-') {
            return Err(format!("`{rev}` is not a revision"));
        }
        let commit = match git(
            &self.top,
            &["rev-parse", "--verify", "--quiet", &format!("{rev}^{{commit}}")],
        ) {
            Ok(sha) if !sha.trim().is_empty() => sha.trim().to_string(),
            _ if is_date(rev) => {
                let found = git(
                    &self.top,
                    &[
                        "rev-list",
                        "-1",
                        &format!("--before={rev} 23:59:59"),
                        "HEAD",
                        "--",
                    ],
                )
                .unwrap_or_default();
                let found = found.trim();
                if found.is_empty() {
                    return Err(format!(
                        "no commit on or before {rev} in the history of HEAD"
                    ));
                }
                found.to_string()
            }
            _ => {
                return Err(format!(
                    "unknown revision `{rev}`: not a commit, branch or tag of {}, nor a date (YYYY-MM-DD)",
                    self.top.display()
                ))
            }
        };
        let info = git(
            &self.top,
            &[
                "log",
                "-1",
                "--no-color",
                "--format=%h%x00%cs%x00%s",
                &commit,
                "--",
            ],
        )?;
        let mut parts = info.trim_end_matches('\n').splitn(3, '\0');
        Ok(Revision {
            input: rev.to_string(),
            short: parts.next().unwrap_or_default().to_string(),
            date: parts.next().unwrap_or_default().to_string(),
            subject: parts.next().unwrap_or_default().to_string(),
            commit,
        })
    }

    /// The site's files (`site.yaml`, `content/`, `people/`) at `rev`: each
    /// blob's object and its path inside the site. Fails when the site did
    /// not exist at that revision.
    fn listing(&self, rev: &Revision) -> Result<Vec<(String, PathBuf)>, String> {
        let site_name = if self.prefix.is_empty() {
            "the repository's top folder".to_string()
        } else {
            format!("`{}`", self.prefix.trim_end_matches('/'))
        };
        let content = format!("{}{CONTENT_DIR}", self.prefix);
        let config = format!("{}{CONFIG_FILE}", self.prefix);
        let people = format!("{}{PEOPLE_DIR}", self.prefix);
        let listing = git(
            &self.top,
            &[
                "--literal-pathspecs",
                "ls-tree",
                "-r",
                "-z",
                &rev.commit,
                "--",
                &content,
                &config,
                &people,
            ],
        )?;
        let mut blobs: Vec<(String, PathBuf)> = Vec::new();
        let mut has_content = false;
        for record in listing.split('\0').filter(|r| !r.is_empty()) {
            // "<mode> <type> <object>\t<path>"
            let Some((meta, path)) = record.split_once('\t') else {
                continue;
            };
            let mut meta = meta.split(' ');
            let (mode, kind, object) = (meta.next(), meta.next(), meta.next());
            let Some(rel) = path.strip_prefix(&self.prefix) else {
                continue;
            };
            if rel.starts_with(&format!("{CONTENT_DIR}/")) {
                has_content = true;
            }
            // Plain files only: links and submodules have no text to load.
            if kind != Some("blob") || mode == Some("120000") {
                continue;
            }
            let rel = PathBuf::from(rel);
            if !rel.components().all(|c| matches!(c, Component::Normal(_))) {
                continue;
            }
            if let Some(object) = object {
                blobs.push((object.to_string(), rel));
            }
        }
        if !has_content {
            return Err(format!(
                "no site at {}: {site_name} had no {CONTENT_DIR}/ folder at that revision",
                describe(rev)
            ));
        }
        Ok(blobs)
    }

    /// Writes the site's `site.yaml`, `content/` and `people/` as they were at `rev`
    /// into `dir`. Fails when the site did not exist at that revision.
    pub fn materialise(&self, rev: &Revision, dir: &Path) -> Result<(), String> {
        let blobs = self.listing(rev)?;
        let contents = cat_blobs(&self.top, blobs.iter().map(|(o, _)| o.as_str()))?;
        for ((_, rel), bytes) in blobs.iter().zip(contents) {
            let dest = dir.join(rel);
            if let Some(parent) = dest.parent() {
                std::fs::create_dir_all(parent)
                    .map_err(|e| format!("cannot write {}: {e}", parent.display()))?;
            }
            std::fs::write(&dest, bytes)
                .map_err(|e| format!("cannot write {}: {e}", dest.display()))?;
        }
        // Empty folders are not in git, but a unit folder holding only
        // sub-folders is; create `content/` itself in any case.
        std::fs::create_dir_all(dir.join(CONTENT_DIR))
            .map_err(|e| format!("cannot write {}: {e}", dir.display()))?;
        Ok(())
    }

    /// Whether the site's files in `site` (`site.yaml`, `content/`,
    /// `people/`) are byte for byte those of `rev`, no file more or less:
    /// then a build shows the revision, not "the working tree". Anything
    /// that cannot be read counts as a change.
    pub fn unchanged_since(&self, rev: &Revision, site: &Path) -> bool {
        let Ok(blobs) = self.listing(rev) else {
            return false;
        };
        let Some(on_disk) = site_files(site) else {
            return false;
        };
        let mut at_rev: Vec<&PathBuf> = blobs.iter().map(|(_, p)| p).collect();
        at_rev.sort();
        if at_rev.len() != on_disk.len() || at_rev.iter().zip(&on_disk).any(|(a, b)| *a != b) {
            return false;
        }
        let Ok(contents) = cat_blobs(&self.top, blobs.iter().map(|(o, _)| o.as_str())) else {
            return false;
        };
        blobs
            .iter()
            .zip(contents)
            .all(|((_, rel), bytes)| std::fs::read(site.join(rel)).is_ok_and(|b| b == bytes))
    }
}

/// The paths of the site's files in the working tree, relative to `site`
/// and sorted; none when one is a link or a folder cannot be read.
fn site_files(site: &Path) -> Option<Vec<PathBuf>> {
    let mut out = Vec::new();
    if site.join(CONFIG_FILE).is_file() {
        out.push(PathBuf::from(CONFIG_FILE));
    }
    for dir in [CONTENT_DIR, PEOPLE_DIR] {
        let root = site.join(dir);
        if !root.exists() {
            continue;
        }
        for e in walkdir::WalkDir::new(&root) {
            let e = e.ok()?;
            if e.path_is_symlink() {
                return None;
            }
            if e.file_type().is_file() {
                out.push(e.path().strip_prefix(site).ok()?.to_path_buf());
            }
        }
    }
    out.sort();
    Some(out)
}

/// `abc1234 (2024-05-01)` or `v1.0 (abc1234, 2024-05-01)`.
pub fn describe(rev: &Revision) -> String {
    if rev.commit.starts_with(&rev.input) || rev.input == rev.short {
        format!("{} ({})", rev.short, rev.date)
    } else {
        format!("{} ({}, {})", rev.input, rev.short, rev.date)
    }
}

/// `YYYY-MM-DD` with a plausible month and day.
pub fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        let t = &s[r];
        t.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| t.parse().ok())
            .flatten()
    };
    matches!(
        (num(0..4), num(5..7), num(8..10)),
        (Some(_), Some(1..=12), Some(1..=31))
    )
}

/// Runs git in `dir`; its standard output, or its complaint.
fn git(dir: &Path, args: &[&str]) -> Result<String, String> {
    let out = git_command(dir)
        .args(args)
        .output()
        .map_err(|e| format!("cannot run git (is it installed?): {e}"))?;
    if out.status.success() {
        String::from_utf8(out.stdout).map_err(|_| "git printed something that is not UTF-8".into())
    } else {
        let err = String::from_utf8_lossy(&out.stderr);
        let err = err.trim().trim_start_matches("fatal: ");
        Err(format!(
            "git {}: {err}",
            args.first().copied().unwrap_or("")
        ))
    }
}

/// The contents of blobs, in order, read through one `git cat-file --batch`.
fn cat_blobs<'a>(
    dir: &Path,
    objects: impl Iterator<Item = &'a str>,
) -> Result<Vec<Vec<u8>>, String> {
    let objects: Vec<String> = objects.map(str::to_string).collect();
    if objects.is_empty() {
        return Ok(Vec::new());
    }
    let mut child = git_command(dir)
        .args(["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run git (is it installed?): {e}"))?;
    let mut stdin = child.stdin.take().ok_or("git cat-file: no input pipe")?;
    let list = objects.clone();
    // Written from another thread: git answers while it reads, and a full
    // output pipe would otherwise stop both sides.
    let writer = std::thread::spawn(move || {
        for o in list {
            if writeln!(stdin, "{o}").is_err() {
                break;
            }
        }
    });
    let stdout = child.stdout.take().ok_or("git cat-file: no output pipe")?;
    let mut reader = BufReader::new(stdout);
    let mut out = Vec::with_capacity(objects.len());
    for o in &objects {
        let mut header = String::new();
        reader
            .read_line(&mut header)
            .map_err(|e| format!("git cat-file: {e}"))?;
        // "<object> blob <size>" or "<object> missing"
        let size: usize = header
            .split_whitespace()
            .nth(2)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| format!("git cat-file: cannot read object {o}: {}", header.trim()))?;
        let mut bytes = vec![0u8; size + 1];
        reader
            .read_exact(&mut bytes)
            .map_err(|e| format!("git cat-file: {e}"))?;
        bytes.pop();
        out.push(bytes);
    }
    let _ = writer.join();
    let _ = child.wait();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert!(is_date("2024-05-01"));
        assert!(!is_date("2024-13-01"));
        assert!(!is_date("2024-5-1"));
        assert!(!is_date("HEAD~1"));
        assert!(!is_date("20240501xx"));
    }
}
