//! What a stopped process cleans up: the staging folders of the builds
//! running in it (see [`crate::site::Staging`]), removed when Ctrl-C,
//! SIGTERM or SIGHUP stops it, or when [`crate::limit`] stops a runaway
//! template. Below the build, so that the allocator's guard can reach it.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::Duration;

/// The staging folders of builds running in this process, removed when a
/// build is stopped by Ctrl-C or SIGTERM (see [`clean_up_when_stopped`]).
static ACTIVE: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());
/// Set once a stop signal arrived: no staging folder is created again.
static STOPPING: AtomicBool = AtomicBool::new(false);

/// Whether the process is being stopped: no build may start writing.
pub(crate) fn stopping() -> bool {
    STOPPING.load(Ordering::SeqCst)
}

/// The folders registered now.
#[cfg(test)]
pub(crate) fn registered() -> Vec<PathBuf> {
    ACTIVE.lock().map(|a| a.clone()).unwrap_or_default()
}

pub(crate) fn register(p: &Path) {
    if let Ok(mut a) = ACTIVE.lock() {
        a.push(p.to_path_buf());
    }
}

pub(crate) fn unregister(p: &Path) {
    if let Ok(mut a) = ACTIVE.lock() {
        a.retain(|q| q != p);
    }
}

/// Removes the staging folders of this process's running builds; called
/// when the process is about to be stopped.
pub fn remove_staging_folders() {
    STOPPING.store(true, Ordering::SeqCst);
    let dirs = match ACTIVE.lock() {
        Ok(a) => a.clone(),
        Err(p) => p.into_inner().clone(),
    };
    remove_all(&dirs);
}

pub(crate) fn remove_all(dirs: &[PathBuf]) {
    for d in dirs {
        // A writer still running may add a file between two attempts.
        for _ in 0..5 {
            if fs::remove_dir_all(d).is_ok() || !d.exists() {
                break;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

/// Makes Ctrl-C, SIGTERM and SIGHUP (a closed terminal) remove the
/// staging folders of running builds before the process exits with 130.
pub fn clean_up_when_stopped() -> Result<(), String> {
    ctrlc::set_handler(|| {
        remove_staging_folders();
        eprintln!("\nStopped; the output folder was left as it was.");
        std::process::exit(130);
    })
    .map_err(|e| format!("cannot watch for Ctrl-C: {e}"))
}
