//! What is being served: the last good build, held in memory, and whether
//! the latest rebuild failed. Every rebuild renders the whole site again
//! and publishes a new [`Snapshot`] on a watch channel, which the HTTP
//! handlers read and the open pages' event streams wait on.

use std::collections::HashMap;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use axum::body::Bytes;
use tokio::sync::watch;

use super::inject;
use crate::diag::{display_path, Diagnostic, Diagnostics};
use crate::render::OutputFile;
use crate::site;

/// The state of the site as served.
#[derive(Debug, Clone)]
pub struct Snapshot {
    /// Names the last good build, unique across runs of `serve` so that a
    /// page from an earlier run reloads too; `none` before any build.
    pub version: Arc<str>,
    /// The last good build's files by output path (`positions/a.html`).
    pub files: Option<Arc<HashMap<String, Bytes>>>,
    /// The overlay's HTML while the latest build has failed.
    pub failure: Option<Arc<str>>,
}

impl Snapshot {
    fn empty() -> Snapshot {
        Snapshot {
            version: Arc::from("none"),
            files: None,
            failure: None,
        }
    }
}

/// Rebuilds the site and publishes the result.
pub struct Rebuilder {
    site: PathBuf,
    /// How each rebuild renders: the photo cache keeps a save from
    /// decoding every photo again.
    options: site::Options,
    tx: watch::Sender<Snapshot>,
    run_id: String,
    builds: u64,
}

impl Rebuilder {
    /// A rebuilder with nothing built yet, and the receiving end for the server.
    pub fn new(site: &Path) -> (Rebuilder, watch::Receiver<Snapshot>) {
        let (tx, rx) = watch::channel(Snapshot::empty());
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        let run_id = format!("{:x}{:x}", nanos, std::process::id());
        let r = Rebuilder {
            site: site.to_path_buf(),
            options: site::Options {
                photo_cache: crate::photo_cache::default_dir(),
                ..site::Options::default()
            },
            tx,
            run_id,
            builds: 0,
        };
        (r, rx)
    }

    /// Renders the whole site. On success the new files replace the old
    /// ones at once; on failure the last good files stay and the overlay
    /// is set. Diagnostics go to the terminal as `orgsite build` prints them.
    /// `why` names what changed, for the terminal. Returns whether it built.
    pub fn rebuild(&mut self, why: Option<&str>) -> bool {
        let start = Instant::now();
        // A bug in the build must not end the watching: report it as a
        // failed build and go on serving the last good one.
        let result = panic::catch_unwind(AssertUnwindSafe(|| {
            site::render_with(&self.site, &self.options)
        }))
        .unwrap_or_else(|_| {
            let mut d = Diagnostics::new();
            d.push(Diagnostic::file_error(
                "content",
                "orgsite failed inside while building this site (a bug; please report it)",
            ));
            Err(d)
        });
        match result {
            Ok((org, files, diags)) => {
                diags.eprint(false);
                let pages = files
                    .iter()
                    .filter(|(p, _)| p.extension().is_some_and(|e| e == "html"))
                    .count();
                self.builds += 1;
                let version: Arc<str> = Arc::from(format!("{}-{}", self.run_id, self.builds));
                let map = Arc::new(file_map(files));
                self.tx.send_modify(|s| {
                    s.version = version;
                    s.files = Some(map);
                    s.failure = None;
                });
                let what = match why {
                    Some(w) => format!("Rebuilt after a change to {w}"),
                    None => "Built".to_string(),
                };
                println!(
                    "{what}: {} positions, {pages} pages in {} ms",
                    org.positions.len(),
                    start.elapsed().as_millis()
                );
                true
            }
            Err(diags) => {
                diags.eprint(false);
                let has_site = self.tx.borrow().files.is_some();
                let html: Arc<str> = Arc::from(inject::overlay(&diags, &self.site, has_site));
                self.tx.send_modify(|s| s.failure = Some(html));
                if has_site {
                    eprintln!(
                        "Build failed; still serving the last good build. The open pages show the problems."
                    );
                } else {
                    eprintln!("Build failed; the pages show the problems until they are fixed.");
                }
                false
            }
        }
    }
}

/// The rendered files by the key a request path is looked up with.
/// Paths that are not plain relative paths are left out, as `build`
/// refuses to write them.
fn file_map(files: Vec<OutputFile>) -> HashMap<String, Bytes> {
    files
        .into_iter()
        .filter(|(p, _)| {
            !p.as_os_str().is_empty() && p.components().all(|c| matches!(c, Component::Normal(_)))
        })
        .map(|(p, bytes)| (display_path(&p), Bytes::from(bytes)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_use_slashes_and_unsafe_paths_are_dropped() {
        let m = file_map(vec![
            (PathBuf::from("positions").join("a.html"), b"a".to_vec()),
            (PathBuf::from("../evil.html"), b"x".to_vec()),
            (PathBuf::from("/abs.html"), b"x".to_vec()),
        ]);
        assert_eq!(m.len(), 1);
        assert_eq!(m["positions/a.html"], Bytes::from_static(b"a"));
    }

    #[test]
    fn a_failed_rebuild_keeps_the_last_good_files() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        crate::init::init(&site).unwrap();
        let (mut r, rx) = Rebuilder::new(&site);
        assert!(r.rebuild(None));
        let good = rx.borrow().clone();
        assert!(good.failure.is_none());
        assert!(good.files.as_ref().unwrap().contains_key("index.html"));

        let doc = site.join("content/operations/specialist.md");
        let text = std::fs::read_to_string(&doc).unwrap();
        std::fs::write(&doc, text.replace("title:", "titel:")).unwrap();
        assert!(!r.rebuild(Some("content/operations/specialist.md")));
        let bad = rx.borrow().clone();
        assert_eq!(bad.version, good.version);
        assert!(Arc::ptr_eq(
            bad.files.as_ref().unwrap(),
            good.files.as_ref().unwrap()
        ));
        assert!(bad.failure.as_deref().unwrap().contains("titel"));

        std::fs::write(&doc, text).unwrap();
        assert!(r.rebuild(Some("content/operations/specialist.md")));
        let fixed = rx.borrow().clone();
        assert_ne!(fixed.version, good.version);
        assert!(fixed.failure.is_none());
    }
}
