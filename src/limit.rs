//! A bound on what one template renders for one page. A site's own
//! `themes/` may replace any template, and a template that doubles a string
//! forty times would otherwise grow until memory runs out (22 GB seen).
//!
//! Two guards: the page is rendered into a writer that refuses to grow
//! past the limit (an error naming the template, as a diagnostic); and,
//! as Tera builds values such as `s ~ s` in memory before writing them,
//! the binary's allocator ([`Bounded`]) stops the process with a clear
//! message when a template being rendered asks for one block of more than
//! twice the limit. Tera cannot be stopped mid-render otherwise.

use std::alloc::{GlobalAlloc, Layout};
use std::cell::Cell;
use std::io;
use std::sync::OnceLock;

/// The default limit of one page, in MiB: six times the largest page a
/// template renders whole for a 100,000-position site (`reporting.html`,
/// about 42 MB; `chart.html` and the printed handbook are spliced from
/// small pieces).
pub const DEFAULT_MAX_PAGE_MIB: usize = 256;

/// The environment variable that sets another limit, in MiB.
pub const MAX_PAGE_ENV: &str = "ORGSITE_MAX_PAGE_MIB";

/// The limit of one rendered page, in bytes.
pub fn max_page_bytes() -> usize {
    static LIMIT: OnceLock<usize> = OnceLock::new();
    *LIMIT.get_or_init(|| {
        std::env::var(MAX_PAGE_ENV)
            .ok()
            .and_then(|v| v.trim().parse::<usize>().ok())
            .filter(|&m| m > 0)
            .unwrap_or(DEFAULT_MAX_PAGE_MIB)
            .saturating_mul(1 << 20)
    })
}

/// How to get past the limit, for messages.
pub fn how_to_raise() -> String {
    format!("does it repeat or double text without end? If the page really is this large, set {MAX_PAGE_ENV} to a larger number of MiB")
}

fn mib(bytes: usize) -> usize {
    bytes >> 20
}

/// A page being rendered: refuses to grow past its limit.
pub struct PageBuffer {
    pub bytes: Vec<u8>,
    limit: usize,
    /// Set when a write went past the limit.
    pub over: bool,
}

impl PageBuffer {
    pub fn new(limit: usize) -> PageBuffer {
        PageBuffer {
            bytes: Vec::new(),
            limit,
            over: false,
        }
    }

    /// The message for a page that went past the limit.
    pub fn message(&self) -> String {
        format!(
            "the page this template renders is larger than the limit of {} MiB of one page; {}",
            mib(self.limit),
            how_to_raise()
        )
    }
}

impl io::Write for PageBuffer {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.bytes.len().saturating_add(buf.len()) > self.limit {
            self.over = true;
            return Err(io::Error::other(format!(
                "page larger than {} MiB",
                mib(self.limit)
            )));
        }
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

thread_local! {
    /// The template this thread is rendering, and its page limit.
    static RENDERING: Cell<Option<(&'static str, usize)>> = const { Cell::new(None) };
}

/// Runs `f` (the rendering of `template`) with this thread's allocations
/// bounded (see [`Bounded`]).
pub fn rendering<R>(template: &'static str, limit: usize, f: impl FnOnce() -> R) -> R {
    struct Reset(Option<(&'static str, usize)>);
    impl Drop for Reset {
        fn drop(&mut self) {
            RENDERING.with(|r| r.set(self.0));
        }
    }
    let _reset = Reset(RENDERING.with(|r| r.replace(Some((template, limit)))));
    f()
}

/// A global allocator that stops the process, with a message naming the
/// template and the limit, when a template being rendered asks for one
/// block of more than twice the page limit (a page within the limit never
/// needs one). It cannot return an error to Tera, and returning no memory
/// would abort with no word of why.
pub struct Bounded<A>(pub A);

#[inline]
fn check(size: usize) {
    let hit = RENDERING
        .try_with(|r| match r.get() {
            Some((template, limit)) if size > limit.saturating_mul(2) => {
                // Whatever runs from here on is not bounded.
                r.set(None);
                Some((template, limit))
            }
            _ => None,
        })
        .ok()
        .flatten();
    if let Some((template, limit)) = hit {
        too_large(template, limit, size);
    }
}

#[cold]
fn too_large(template: &str, limit: usize, size: usize) -> ! {
    eprintln!(
        "themes/default/templates/{template}: error: rendering this template built a text of {} MiB in memory, more than the limit of {} MiB of one page allows; {}",
        mib(size),
        mib(limit),
        how_to_raise()
    );
    crate::stop::remove_staging_folders();
    if SERVING.load(std::sync::atomic::Ordering::Relaxed) {
        eprintln!("serve stopped: fix the template and start `orgsite serve` again.");
    } else {
        eprintln!("Build failed; the output folder was left as it was.");
    }
    std::process::exit(1);
}

/// Set by `serve`, so that a runaway template's message says what stopped.
static SERVING: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Says that this process is `serve`, not a build.
pub fn serving() {
    SERVING.store(true, std::sync::atomic::Ordering::Relaxed);
}

// SAFETY: every call is passed to `A` unchanged; the check before it only
// reads and writes a thread-local cell (or ends the process).
unsafe impl<A: GlobalAlloc> GlobalAlloc for Bounded<A> {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        check(layout.size());
        self.0.alloc(layout)
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        check(layout.size());
        self.0.alloc_zeroed(layout)
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        self.0.dealloc(ptr, layout)
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        check(new_size);
        self.0.realloc(ptr, layout, new_size)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write as _;

    #[test]
    fn a_page_buffer_stops_at_its_limit() {
        let mut b = PageBuffer::new(10);
        assert!(b.write_all(b"0123456789").is_ok());
        assert!(!b.over);
        assert!(b.write_all(b"x").is_err());
        assert!(b.over);
        assert_eq!(b.bytes.len(), 10);
    }
}
