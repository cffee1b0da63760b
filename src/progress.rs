//! A one-line progress report for long builds, on a terminal only: what
//! the build is doing and how many pages it has written, redrawn in place
//! on stderr and cleared when the build ends. Builds that finish within
//! [`QUIET`] print nothing, so small sites never flicker.

use std::io::Write;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

/// How long a build runs before its progress is shown.
const QUIET: Duration = Duration::from_millis(400);
/// How often the line is redrawn.
const EVERY: Duration = Duration::from_millis(150);

#[derive(Default)]
struct State {
    phase: Mutex<&'static str>,
    done: AtomicUsize,
    total: AtomicUsize,
    stop: AtomicBool,
}

/// The progress of one build; does nothing unless started on a terminal.
pub struct Progress {
    state: Arc<State>,
    drawer: Option<JoinHandle<()>>,
}

impl Progress {
    /// Progress drawn on stderr when `show` (a terminal, not `--quiet`).
    pub fn new(show: bool) -> Progress {
        let state = Arc::new(State::default());
        let drawer = show.then(|| {
            let s = Arc::clone(&state);
            std::thread::spawn(move || draw(&s))
        });
        Progress { state, drawer }
    }

    /// A progress that shows nothing.
    pub fn hidden() -> Progress {
        Progress::new(false)
    }

    /// What the build does now; `total` pages to write, or 0.
    pub fn phase(&self, phase: &'static str, total: usize) {
        if let Ok(mut p) = self.state.phase.lock() {
            *p = phase;
        }
        self.state.done.store(0, Ordering::Relaxed);
        self.state.total.store(total, Ordering::Relaxed);
    }

    /// A handle that counts pages written, for the writer.
    pub fn ticker(&self) -> Ticker {
        Ticker(Arc::clone(&self.state))
    }

    /// Ends the report and clears its line.
    pub fn finish(mut self) {
        self.stop();
    }

    fn stop(&mut self) {
        self.state.stop.store(true, Ordering::Relaxed);
        if let Some(d) = self.drawer.take() {
            d.thread().unpark();
            let _ = d.join();
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Counts pages written towards a [`Progress`].
#[derive(Clone)]
pub struct Ticker(Arc<State>);

impl Ticker {
    pub fn tick(&self) {
        self.0.done.fetch_add(1, Ordering::Relaxed);
    }
}

fn draw(s: &State) {
    std::thread::park_timeout(QUIET);
    let mut drawn = false;
    while !s.stop.load(Ordering::Relaxed) {
        let phase = s.phase.lock().map(|p| *p).unwrap_or("");
        let line = line(
            phase,
            s.done.load(Ordering::Relaxed),
            s.total.load(Ordering::Relaxed),
        );
        let mut err = std::io::stderr().lock();
        let _ = write!(err, "\r\x1b[2K{line}");
        let _ = err.flush();
        drawn = true;
        drop(err);
        std::thread::park_timeout(EVERY);
    }
    if drawn {
        let mut err = std::io::stderr().lock();
        let _ = write!(err, "\r\x1b[2K");
        let _ = err.flush();
    }
}

/// "Writing pages: 4,210 of 10,083 (41%)", or the phase alone.
fn line(phase: &str, done: usize, total: usize) -> String {
    if total == 0 {
        return format!("{phase}…");
    }
    let done = done.min(total);
    format!(
        "{phase}: {} of {} ({}%)",
        thousands(done),
        thousands(total),
        done * 100 / total
    )
}

fn thousands(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines() {
        assert_eq!(line("Loading", 0, 0), "Loading…");
        assert_eq!(
            line("Writing pages", 4210, 10083),
            "Writing pages: 4,210 of 10,083 (41%)"
        );
        assert_eq!(
            line("Writing pages", 12, 10),
            "Writing pages: 10 of 10 (100%)"
        );
        assert_eq!(thousands(100_000), "100,000");
        assert_eq!(thousands(999), "999");
    }

    #[test]
    fn a_hidden_progress_draws_nothing_and_ends() {
        let p = Progress::hidden();
        p.phase("Loading", 0);
        p.ticker().tick();
        p.finish();
    }
}
