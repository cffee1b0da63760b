//! Where rendered files go, and how a large file is written piece by piece.

use super::*;

/// Where rendered files go, as soon as each is rendered (so that a large
/// site is never held in memory whole). Called from several threads.
pub trait Sink: Sync {
    /// A whole file.
    fn put(&self, file: OutputFile) -> Result<(), Diagnostic>;

    /// A large file, written piece by piece by `write` (the printed
    /// handbook, `org.json`). By default gathered, then [`Sink::put`].
    fn stream(
        &self,
        path: PathBuf,
        write: &mut dyn FnMut(&mut dyn std::io::Write) -> Result<(), Diagnostic>,
    ) -> Result<(), Diagnostic> {
        let mut buf = Vec::new();
        write(&mut buf)?;
        self.put((path, buf))
    }

    /// Whether writing has stopped (a write failed): what is still to be
    /// rendered is then skipped.
    fn stopped(&self) -> bool {
        false
    }
}

impl<F: Fn(OutputFile) -> Result<(), Diagnostic> + Sync> Sink for F {
    fn put(&self, file: OutputFile) -> Result<(), Diagnostic> {
        self(file)
    }
}

/// Counts what passes through to another sink.
pub(super) struct Counted<'s> {
    pub(super) inner: &'s dyn Sink,
    pub(super) files: std::sync::atomic::AtomicUsize,
}

impl Sink for Counted<'_> {
    fn put(&self, file: OutputFile) -> Result<(), Diagnostic> {
        self.files
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        self.inner.put(file)
    }

    fn stream(
        &self,
        path: PathBuf,
        write: &mut dyn FnMut(&mut dyn std::io::Write) -> Result<(), Diagnostic>,
    ) -> Result<(), Diagnostic> {
        self.files
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        self.inner.stream(path, write)
    }

    fn stopped(&self) -> bool {
        self.inner.stopped()
    }
}

/// A write error while streaming a file, as a diagnostic.
pub(super) fn io_error(path: &str, e: std::io::Error) -> Diagnostic {
    Diagnostic::file_error(path, format!("cannot write: {e}"))
}

/// Writes a rendered `page` (the file `path`) into `out`, each marker the
/// template left, in order, replaced by what `fill` writes for it; a
/// marker a site's own template leaves out is skipped.
pub(super) fn write_spliced(
    page: &str,
    markers: &[&str],
    path: &str,
    out: &mut dyn std::io::Write,
    fill: &mut dyn FnMut(&str, &mut dyn std::io::Write) -> Result<(), Diagnostic>,
) -> Result<(), Diagnostic> {
    let fail = |e: std::io::Error| io_error(path, e);
    let mut rest = page;
    for &marker in markers {
        let Some((head, tail)) = rest.split_once(marker) else {
            continue;
        };
        out.write_all(head.as_bytes()).map_err(fail)?;
        fill(marker, out)?;
        rest = tail;
    }
    out.write_all(rest.as_bytes()).map_err(fail)
}

/// Renders `items` in parallel, `chunk` at a time, and writes each in
/// order followed by `sep`: a part of thousands of pieces is neither
/// rendered by one thread nor held whole.
pub(super) fn write_rendered<T: Sync>(
    items: &[T],
    chunk: usize,
    sep: &[u8],
    path: &str,
    out: &mut dyn std::io::Write,
    render: impl Fn(&T) -> Result<String, Diagnostic> + Sync,
) -> Result<(), Diagnostic> {
    let fail = |e: std::io::Error| io_error(path, e);
    for part in items.chunks(chunk) {
        let done: Vec<Result<String, Diagnostic>> = part.par_iter().map(&render).collect();
        for piece in done {
            out.write_all(piece?.as_bytes()).map_err(fail)?;
            out.write_all(sep).map_err(fail)?;
        }
    }
    Ok(())
}
