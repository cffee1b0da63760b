//! A one-line progress report for long builds, on a terminal only: what
//! the build is doing and how many pages it has written, redrawn in place
//! on stderr and cleared when the build ends. Builds that finish within
//! [`QUIET`] print nothing, so small sites never flicker.

use std::io::Write;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

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
        Progress::drawn_on(show.then(std::io::stderr))
    }

    /// Progress drawn on `out`, or nowhere.
    fn drawn_on(out: Option<impl Write + Send + 'static>) -> Progress {
        let state = Arc::new(State::default());
        let drawer = out.map(|out| {
            let s = Arc::clone(&state);
            std::thread::spawn(move || draw(&s, out))
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

/// Each redraw is one `write_all`, which stderr makes under one lock, so
/// that no message of another thread lands inside the line.
fn draw(s: &State, mut out: impl Write) {
    // A park may end early for no reason: wait out QUIET unless stopped.
    let started = Instant::now();
    while !s.stop.load(Ordering::Relaxed) && started.elapsed() < QUIET {
        std::thread::park_timeout(QUIET.saturating_sub(started.elapsed()));
    }
    let mut drawn = false;
    while !s.stop.load(Ordering::Relaxed) {
        let phase = s.phase.lock().map(|p| *p).unwrap_or("");
        let line = line(
            phase,
            s.done.load(Ordering::Relaxed),
            s.total.load(Ordering::Relaxed),
        );
        let _ = out.write_all(format!("\r\x1b[2K{line}").as_bytes());
        let _ = out.flush();
        drawn = true;
        std::thread::park_timeout(EVERY);
    }
    if drawn {
        let _ = out.write_all(b"\r\x1b[2K");
        let _ = out.flush();
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

    /// What a progress wrote, shared with the test.
    #[derive(Clone, Default)]
    struct Screen(Arc<Mutex<Vec<u8>>>);

    impl Write for Screen {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().expect("screen").extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    impl Screen {
        fn text(&self) -> String {
            String::from_utf8(self.0.lock().expect("screen").clone()).expect("utf-8")
        }
    }

    #[test]
    fn a_hidden_progress_draws_nothing_and_ends() {
        let p = Progress::hidden();
        assert!(p.drawer.is_none(), "no thread draws a hidden progress");
        p.phase("Writing pages", 3);
        p.ticker().tick();
        p.ticker().tick();
        assert_eq!(p.state.done.load(Ordering::Relaxed), 2, "still counts");
        p.finish();
    }

    #[test]
    fn a_quick_build_draws_nothing() {
        let screen = Screen::default();
        let p = Progress::drawn_on(Some(screen.clone()));
        p.phase("Loading", 0);
        p.finish();
        assert_eq!(screen.text(), "");
    }

    #[test]
    fn a_long_build_draws_one_line_then_clears_it() {
        let screen = Screen::default();
        let p = Progress::drawn_on(Some(screen.clone()));
        let started = Instant::now();
        p.phase("Writing pages", 4);
        p.ticker().tick();
        while screen.text().is_empty() && started.elapsed() < Duration::from_secs(20) {
            std::thread::sleep(Duration::from_millis(5));
        }
        assert!(started.elapsed() >= QUIET, "nothing before {QUIET:?}");
        p.finish();
        let text = screen.text();
        assert!(
            text.starts_with("\r\x1b[2KWriting pages: 1 of 4 (25%)"),
            "{text:?}"
        );
        assert!(text.ends_with("\r\x1b[2K"), "cleared at the end: {text:?}");
        assert!(!text.contains('\n'), "one line, redrawn in place: {text:?}");
    }
}
