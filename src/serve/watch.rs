//! Watching the site's sources (`content/`, `site.yaml`, `themes/`) and
//! rebuilding on change. A burst of events (an editor's write, rename and
//! backup of one save, or a `git checkout`) is one rebuild: the rebuild
//! starts once the sources have been quiet for a moment.
//!
//! The debouncing is done here rather than with a debouncer crate because
//! it must see the kind of each event: reading the sources (which every
//! rebuild does) raises "opened" events that would otherwise start the
//! next rebuild, and so on forever.

use std::path::Path;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode, ModifyKind};
use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher};

use super::state::Rebuilder;
use crate::diag::display_path;

/// Quiet time after the last change before rebuilding. Short enough that a
/// page reloads well within half a second of a save, long enough to fold
/// an editor's several writes of one save into one rebuild.
const QUIET: Duration = Duration::from_millis(100);

/// The longest a burst may put the rebuild off (a file written to without pause).
const MAX_WAIT: Duration = Duration::from_secs(2);

/// The folders watched recursively, relative to the site.
const TREES: [&str; 2] = ["content", "themes"];
const SITE_FILE: &str = "site.yaml";

/// The running watcher; dropping it stops watching, which ends the
/// rebuild thread.
pub struct Watching {
    watcher: Arc<Mutex<Option<RecommendedWatcher>>>,
}

impl Drop for Watching {
    fn drop(&mut self) {
        if let Ok(mut w) = self.watcher.lock() {
            w.take();
        }
    }
}

/// Starts watching `site` (an absolute path) and rebuilding through
/// `rebuilder` on a thread of its own.
pub fn start(site: &Path, mut rebuilder: Rebuilder) -> notify::Result<Watching> {
    let (tx, rx) = mpsc::channel::<notify::Result<Event>>();
    let mut watcher = notify::recommended_watcher(tx)?;
    // The site folder itself, not recursively: site.yaml, and content/ or
    // themes/ appearing later. Its output folder is never watched.
    watcher.watch(site, RecursiveMode::NonRecursive)?;
    for tree in TREES {
        let dir = site.join(tree);
        if dir.is_dir() {
            watcher.watch(&dir, RecursiveMode::Recursive)?;
        }
    }
    let shared = Arc::new(Mutex::new(Some(watcher)));
    let for_thread = Arc::clone(&shared);
    let site = site.to_path_buf();
    thread::Builder::new()
        .name("orgsite-watch".into())
        .spawn(move || {
            let mut burst = Burst::default();
            // Wait for a change, then for QUIET without one (or MAX_WAIT in all).
            while let Ok(first) = rx.recv() {
                burst.take(&site, first);
                if burst.changed.is_empty() && !burst.trees_moved {
                    continue;
                }
                let started = Instant::now();
                let mut last = Instant::now();
                loop {
                    let wait = QUIET
                        .saturating_sub(last.elapsed())
                        .min(MAX_WAIT.saturating_sub(started.elapsed()));
                    match rx.recv_timeout(wait) {
                        Ok(ev) => {
                            if burst.take(&site, ev) {
                                last = Instant::now();
                            }
                        }
                        Err(RecvTimeoutError::Timeout) => break,
                        Err(RecvTimeoutError::Disconnected) => return,
                    }
                }
                let Burst {
                    mut changed,
                    trees_moved,
                } = std::mem::take(&mut burst);
                if trees_moved {
                    rewatch(&site, &for_thread);
                }
                if changed.is_empty() {
                    continue;
                }
                changed.sort();
                changed.dedup();
                // Name the files that are there now (not an editor's
                // temporary files), unless only removals happened.
                let present: Vec<String> = changed
                    .iter()
                    .filter(|c| site.join(c).exists())
                    .cloned()
                    .collect();
                let named = if present.is_empty() {
                    &changed
                } else {
                    &present
                };
                rebuilder.rebuild(Some(&describe(named)));
            }
        })
        .map_err(notify::Error::io)?;
    Ok(Watching { watcher: shared })
}

/// The changes seen since the last rebuild.
#[derive(Default)]
struct Burst {
    /// Changed sources, relative to the site.
    changed: Vec<String>,
    /// content/ or themes/ itself was created, removed or renamed.
    trees_moved: bool,
}

impl Burst {
    /// Notes an event; returns whether it was a change to the sources.
    fn take(&mut self, site: &Path, event: notify::Result<Event>) -> bool {
        let event = match event {
            Ok(e) => e,
            Err(e) => {
                eprintln!("warning: watching the site: {e}");
                return false;
            }
        };
        if !is_change(&event.kind) {
            return false;
        }
        let mut any = false;
        for path in &event.paths {
            if TREES.iter().any(|t| *path == site.join(t)) {
                self.trees_moved = true;
            }
            if let Some(rel) = relevant(site, path) {
                self.changed.push(rel);
                any = true;
            }
        }
        any
    }
}

/// Whether an event can change what the sources say: not a file being
/// opened or read (as every rebuild does), nor a change of its metadata alone.
fn is_change(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        EventKind::Modify(ModifyKind::Metadata(_)) => false,
        _ => true,
    }
}

/// Watches content/ and themes/ again after either was created, removed
/// or replaced (a watch follows the old folder, not the name).
fn rewatch(site: &Path, watcher: &Mutex<Option<RecommendedWatcher>>) {
    let Ok(mut guard) = watcher.lock() else {
        return;
    };
    let Some(w) = guard.as_mut() else { return };
    for tree in TREES {
        let dir = site.join(tree);
        let _ = w.unwatch(&dir);
        if dir.is_dir() {
            if let Err(e) = w.watch(&dir, RecursiveMode::Recursive) {
                eprintln!("warning: cannot watch {}: {e}", dir.display());
            }
        }
    }
}

/// The changed path relative to the site when a change there can change
/// the site; `None` for the output folder, other files beside the site's,
/// and editors' swap, backup and lock files.
fn relevant(site: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(site).ok()?;
    let first = rel.components().next()?.as_os_str();
    let is_source = first == SITE_FILE || TREES.iter().any(|t| first == *t);
    if !is_source || is_editor_noise(rel) {
        return None;
    }
    Some(display_path(rel))
}

fn is_editor_noise(rel: &Path) -> bool {
    let Some(name) = rel.file_name().map(|n| n.to_string_lossy()) else {
        return true;
    };
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name == "4913"
        || [".swp", ".swx", ".swo", ".tmp", ".part"]
            .iter()
            .any(|ext| name.ends_with(ext))
}

/// `content/a.md`, `content/a.md and content/b.md`, or the first two and a count.
fn describe(changed: &[String]) -> String {
    match changed {
        [] => String::new(),
        [one] => one.clone(),
        [a, b] => format!("{a} and {b}"),
        [a, b, rest @ ..] => format!("{a}, {b} and {} more", rest.len()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_sources_count() {
        let site = Path::new("/s");
        let rel = |p: &str| relevant(site, Path::new(p));
        assert_eq!(rel("/s/site.yaml").as_deref(), Some("site.yaml"));
        assert_eq!(
            rel("/s/content/部/職位.md").as_deref(),
            Some("content/部/職位.md")
        );
        assert_eq!(
            rel("/s/themes/default/static/style.css").as_deref(),
            Some("themes/default/static/style.css")
        );
        assert_eq!(rel("/s/content").as_deref(), Some("content"));
        for ignored in [
            "/s/public/index.html",
            "/s/README.md",
            "/s/target/debug/x",
            "/s/content/.a.md.swp",
            "/s/content/a.md~",
            "/s/content/4913",
            "/s/content/#a.md#",
            "/s/content/.#a.md",
            "/elsewhere/content/a.md",
            "/s",
        ] {
            assert_eq!(rel(ignored), None, "{ignored}");
        }
    }

    #[test]
    fn reading_is_no_change() {
        use notify::event::{CreateKind, DataChange, MetadataKind, RemoveKind};
        assert!(!is_change(&EventKind::Access(AccessKind::Open(
            AccessMode::Any
        ))));
        assert!(!is_change(&EventKind::Access(AccessKind::Close(
            AccessMode::Read
        ))));
        assert!(!is_change(&EventKind::Modify(ModifyKind::Metadata(
            MetadataKind::Any
        ))));
        assert!(is_change(&EventKind::Access(AccessKind::Close(
            AccessMode::Write
        ))));
        assert!(is_change(&EventKind::Modify(ModifyKind::Data(
            DataChange::Any
        ))));
        assert!(is_change(&EventKind::Create(CreateKind::File)));
        assert!(is_change(&EventKind::Remove(RemoveKind::Any)));
    }

    #[test]
    fn descriptions_stay_short() {
        let v = |n: usize| (0..n).map(|i| format!("f{i}")).collect::<Vec<_>>();
        assert_eq!(describe(&v(1)), "f0");
        assert_eq!(describe(&v(2)), "f0 and f1");
        assert_eq!(describe(&v(5)), "f0, f1 and 3 more");
    }
}
