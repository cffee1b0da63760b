//! Putting an import's writes on disk: once, in the site itself, with
//! what each write replaced kept in memory, so that a result `orgsite
//! check` refuses is undone and the site is as it was, byte for byte; or,
//! for a dry run, into a copy of the site that is then thrown away.
//!
//! Why not a checked copy first (as earlier): every file was then written
//! twice and removed once, three times the file-system work of one
//! import, and most of a 100,000-row import's time. Files are written
//! before any is removed and the ownership file last, so an import
//! stopped halfway (Ctrl-C) leaves at worst a moved position in both
//! places, and running it again finishes it.

use std::collections::{BTreeSet, HashSet};
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::write::{Writes, STATE};

/// A file written (its path, and the bytes it replaced), or why not.
type Written = Result<(PathBuf, Option<Vec<u8>>), String>;

/// What to put back: each touched file's bytes before (none: it was not
/// there), in the order touched, and the folders made.
#[derive(Debug, Default)]
pub struct Journal {
    root: PathBuf,
    undo: Vec<(PathBuf, Option<Vec<u8>>)>,
    made: Vec<PathBuf>,
}

impl Journal {
    /// Puts every touched file back as it was and removes the folders
    /// made; what could not be put back is named.
    pub fn roll_back(self) -> Result<(), String> {
        let mut failed = Vec::new();
        for (p, before) in self.undo.into_iter().rev() {
            let full = self.root.join(&p);
            let r = match before {
                Some(bytes) => std::fs::write(&full, bytes),
                None => std::fs::remove_file(&full),
            };
            if let Err(e) = r {
                failed.push(format!("{}: {e}", full.display()));
            }
        }
        for d in self.made.iter().rev() {
            // Not empty: something else wrote there meanwhile; it stays.
            let _ = std::fs::remove_dir(d);
        }
        if failed.is_empty() {
            Ok(())
        } else {
            Err(format!(
                "could not put back {} file(s): {}",
                failed.len(),
                failed.join("; ")
            ))
        }
    }
}

/// The bytes a file has now, or none when there is no file.
fn before(full: &Path) -> Result<Option<Vec<u8>>, String> {
    match std::fs::read(full) {
        Ok(b) => Ok(Some(b)),
        Err(e) if e.kind() == ErrorKind::NotFound => Ok(None),
        Err(e) => Err(format!("cannot read {}: {e}", full.display())),
    }
}

/// Makes the folders `dirs` (relative to the journal's root), recording
/// each one made.
fn make_dirs(j: &mut Journal, dirs: &BTreeSet<PathBuf>) -> Result<HashSet<PathBuf>, String> {
    let mut made: HashSet<PathBuf> = HashSet::new();
    for d in dirs {
        let full = j.root.join(d);
        let missing: Vec<PathBuf> = full
            .ancestors()
            .take_while(|a| !a.is_dir())
            .map(Path::to_path_buf)
            .collect();
        for m in missing.into_iter().rev() {
            std::fs::create_dir(&m).map_err(|e| format!("cannot create {}: {e}", m.display()))?;
            j.made.push(m.clone());
            made.insert(m);
        }
    }
    Ok(made)
}

/// Writes one file, first keeping what it replaces (nothing to keep in a
/// folder this import made).
fn put(
    root: &Path,
    p: &Path,
    bytes: &[u8],
    made: &HashSet<PathBuf>,
) -> Result<(PathBuf, Option<Vec<u8>>), String> {
    let full = root.join(p);
    let fresh = full.parent().is_some_and(|d| made.contains(d));
    let was = if fresh { None } else { before(&full)? };
    std::fs::write(&full, bytes).map_err(|e| format!("cannot write {}: {e}", full.display()))?;
    Ok((p.to_path_buf(), was))
}

/// Applies `w` under `root`. On a failure halfway the journal holds what
/// was done so far, to roll back.
pub fn apply(root: &Path, w: &Writes) -> (Journal, Result<(), String>) {
    let mut j = Journal {
        root: root.to_path_buf(),
        ..Journal::default()
    };
    let r = apply_to(&mut j, w);
    (j, r)
}

fn apply_to(j: &mut Journal, w: &Writes) -> Result<(), String> {
    let root = j.root.clone();
    let dirs: BTreeSet<PathBuf> = w
        .files
        .keys()
        .chain(w.copies.iter().map(|(_, to)| to))
        .filter_map(|p| p.parent().map(Path::to_path_buf))
        .collect();
    let made = make_dirs(j, &dirs)?;
    let state = Path::new(STATE);
    // Each file is independent of the others: written in parallel, each
    // result kept (done ones are undone on a failure elsewhere).
    let done: Vec<Written> = w
        .files
        .par_iter()
        .filter(|(p, _)| p.as_path() != state)
        .map(|(p, text)| put(&root, p, text.as_bytes(), &made))
        .collect();
    let mut first_error = None;
    for d in done {
        match d {
            Ok(u) => j.undo.push(u),
            Err(e) => {
                first_error.get_or_insert(e);
            }
        }
    }
    if let Some(e) = first_error {
        return Err(e);
    }
    for (from, p) in &w.copies {
        let bytes =
            std::fs::read(from).map_err(|e| format!("cannot read {}: {e}", from.display()))?;
        j.undo.push(put(&root, p, &bytes, &made)?);
    }
    for p in w.removes.iter().filter(|p| !w.files.contains_key(*p)) {
        let full = root.join(p);
        let was = before(&full)?;
        std::fs::remove_file(&full)
            .map_err(|e| format!("cannot remove {}: {e}", full.display()))?;
        j.undo.push((p.clone(), was));
    }
    if let Some(text) = w.files.get(state) {
        j.undo.push(put(&root, state, text.as_bytes(), &made)?);
    }
    Ok(())
}

/// A copy of a site's source (content/, people/, site.yaml and the import
/// state) in a temporary folder, for a dry run.
pub fn copy_site(site: &Path) -> Result<tempfile::TempDir, String> {
    // On the site's own file system (inside it when it exists): a copy in
    // the system's temp folder, on another disk, cost most of a 10,000-row
    // import in inode allocation alone (perf: ext4's find_get_block and
    // recently_deleted, 40% of all samples, with the site on a RAM disk).
    let near = site
        .ancestors()
        .find(|a| a.is_dir())
        .map(Path::to_path_buf)
        .unwrap_or_else(std::env::temp_dir);
    let tmp = tempfile::Builder::new()
        .prefix(".orgsite-import-")
        .tempdir_in(&near)
        .or_else(|_| tempfile::Builder::new().prefix("orgsite-import-").tempdir())
        .map_err(|e| format!("cannot make a temporary folder: {e}"))?;
    for name in ["content", "people", "site.yaml", STATE] {
        let from = site.join(name);
        if from.is_file() {
            std::fs::copy(&from, tmp.path().join(name))
                .map_err(|e| format!("cannot copy {}: {e}", from.display()))?;
        } else if from.is_dir() {
            for e in walkdir::WalkDir::new(&from)
                .into_iter()
                .filter_map(Result::ok)
            {
                let rel = e.path().strip_prefix(site).map_err(|e| e.to_string())?;
                let to = tmp.path().join(rel);
                if e.file_type().is_dir() {
                    std::fs::create_dir_all(&to).map_err(|e| e.to_string())?;
                } else {
                    std::fs::copy(e.path(), &to).map_err(|e| format!("cannot copy {}: {e}", e))?;
                }
            }
        }
    }
    Ok(tmp)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(root: &Path) -> Vec<(PathBuf, Vec<u8>)> {
        let mut v: Vec<(PathBuf, Vec<u8>)> = walkdir::WalkDir::new(root)
            .into_iter()
            .filter_map(Result::ok)
            .map(|e| {
                let rel = e.path().strip_prefix(root).unwrap().to_path_buf();
                let bytes = if e.file_type().is_file() {
                    std::fs::read(e.path()).unwrap()
                } else {
                    b"<dir>".to_vec()
                };
                (rel, bytes)
            })
            .collect();
        v.sort();
        v
    }

    #[test]
    fn a_roll_back_leaves_the_folder_as_it_was() {
        let t = tempfile::tempdir().unwrap();
        let root = t.path();
        std::fs::create_dir_all(root.join("content/Ops")).unwrap();
        std::fs::write(root.join("content/Ops/1.md"), "old one\r\n").unwrap();
        std::fs::write(root.join("content/Ops/2.md"), "moved away").unwrap();
        std::fs::write(root.join(STATE), "state").unwrap();
        let before = tree(root);
        let mut w = Writes::default();
        w.files
            .insert("content/Ops/1.md".into(), "new one".to_string());
        w.files
            .insert("content/New/Deeper/3.md".into(), "three".to_string());
        w.files.insert(STATE.into(), "new state".to_string());
        w.removes.push("content/Ops/2.md".into());
        let (j, r) = apply(root, &w);
        r.unwrap();
        assert_eq!(
            std::fs::read_to_string(root.join("content/New/Deeper/3.md")).unwrap(),
            "three"
        );
        assert!(!root.join("content/Ops/2.md").exists());
        assert_ne!(tree(root), before);
        j.roll_back().unwrap();
        assert_eq!(tree(root), before);
    }
}
