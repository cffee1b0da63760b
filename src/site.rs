//! The build as a whole (load -> validate -> render -> write) and the
//! writing of its output: into a new folder beside the output folder,
//! swapped into place only when everything succeeded.

use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use crate::content;
use crate::diag::{Diagnostic, Diagnostics};
use crate::diff;
use crate::model::Org;
use crate::progress::{Progress, Ticker};
use crate::public;
use crate::render::{self, BuildInfo, OutputFile};
use crate::revision;
use crate::stop;
use crate::theme::Theme;

/// The file that marks a folder as orgsite's output, so that a later build
/// may replace it.
pub const MARKER: &str = ".orgsite-output";

/// How to build.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Replace an output folder orgsite did not create.
    pub force: bool,
    /// Treat warnings as errors.
    pub deny_warnings: bool,
    /// Build the public edition: no person's name anywhere (as
    /// `show_holders: false` in site.yaml).
    pub public: bool,
    /// Write `changes.html`: what changed since this git revision or date.
    pub changes_since: Option<String>,
    /// Show what a long build is doing on stderr (a terminal).
    pub progress: bool,
    /// Where photo thumbnails are cached between builds (see
    /// `photo_cache`); `None` decodes every photo on every build.
    pub photo_cache: Option<PathBuf>,
}

/// What a successful build did.
#[derive(Debug)]
pub struct BuildSummary {
    pub positions: usize,
    pub units: usize,
    pub pages: usize,
    pub files: usize,
    pub elapsed: Duration,
    pub diagnostics: Diagnostics,
}

/// A site loaded, checked and made ready to render: what every command
/// works from. `check` stops after loading, `build` renders a `Site` into
/// a staging folder, `serve` into memory, and `diff` loads each revision
/// through [`check`].
pub struct Site {
    /// The organisation as it is rendered (without names in a public edition).
    pub org: Org,
    pub theme: Theme,
    pub info: BuildInfo,
    /// The comparison for `changes.html`, with `--changes-since`.
    pub changes: Option<diff::Diff>,
    /// Warnings found on the way (errors stop loading).
    pub diagnostics: Diagnostics,
}

// The loader every command shares (diff loads its revisions with it too),
// below `site` and `diff` so that each may use it.
pub use crate::validate::check;

impl Site {
    /// Loads, checks and readies a site for rendering: the comparison for
    /// `changes.html`, the public edition's redaction, the theme. Errors
    /// (and, with `deny_warnings`, warnings) stop it.
    pub fn load(site: &Path, options: &Options) -> Result<Site, Diagnostics> {
        let (mut org, mut diags) = check(site);
        if diags.has_errors() {
            return Err(diags);
        }
        let with = |diags: &Diagnostics, path: &str, msg: String| {
            let mut d = diags.clone();
            d.push(Diagnostic::file_error(path, msg));
            d
        };
        // Compared before any redaction: both sides as written.
        let changes = match &options.changes_since {
            Some(rev) => {
                Some(diff::since(site, rev, &org).map_err(|e| with(&diags, "--changes-since", e))?)
            }
            None => None,
        };
        if options.public || !org.config.show_holders {
            // Right after loading, so that no later stage sees a name.
            diags.extend(public::names_in_text(&org));
            public::redact(&mut org);
        }
        if options.deny_warnings {
            diags.deny_warnings();
            if diags.has_errors() {
                return Err(diags);
            }
        }
        let theme = Theme::for_site(site).map_err(|theirs| {
            let mut d = diags.clone();
            d.extend(theirs);
            d
        })?;
        let info = BuildInfo {
            last_change: revision::last_change(site),
            photo_cache: options.photo_cache.clone(),
        };
        Ok(Site {
            org,
            theme,
            info,
            changes,
            diagnostics: diags,
        })
    }

    /// Every output file, in memory (what `serve` serves).
    pub fn render(&self) -> Result<Vec<OutputFile>, Diagnostics> {
        render::render_site_with(&self.org, &self.theme, &self.info, self.changes.as_ref())
    }

    /// Writes the site into a staging folder for `out`; returns how many
    /// files and how many of them pages.
    fn write(
        &self,
        staging: &Staging,
        out: &Path,
        progress: &Progress,
    ) -> Result<(usize, usize), Diagnostics> {
        progress.phase("Laying out the chart", 0);
        let layout = render::Layout::with_theme(&self.org, &self.theme);
        progress.phase("Writing pages", render::expected_pages(&self.org));
        render_into(
            &self.org,
            &self.theme,
            &self.info,
            self.changes.as_ref(),
            &layout,
            staging,
            out,
        )
    }
}

/// Renders a site in memory with the default options: every output file,
/// or the diagnostics that stop it.
pub fn render(site: &Path) -> Result<(Org, Vec<OutputFile>, Diagnostics), Diagnostics> {
    render_with(site, &Options::default())
}

/// Renders a site in memory with the given options.
pub fn render_with(
    site: &Path,
    options: &Options,
) -> Result<(Org, Vec<OutputFile>, Diagnostics), Diagnostics> {
    let s = Site::load(site, options)?;
    match s.render() {
        Ok(files) => Ok((s.org, files, s.diagnostics)),
        Err(e) => {
            let mut d = s.diagnostics;
            d.extend(e);
            Err(d)
        }
    }
}

/// Builds a site into `out`.
pub fn build(site: &Path, out: &Path, force: bool) -> Result<BuildSummary, Diagnostics> {
    build_with(
        site,
        out,
        &Options {
            force,
            ..Options::default()
        },
    )
}

/// Builds a site into `out` with the given options.
pub fn build_with(site: &Path, out: &Path, options: &Options) -> Result<BuildSummary, Diagnostics> {
    build_faulty(site, out, options, Faults::default())
}

/// [`build_with`], with failures a test makes happen.
fn build_faulty(
    site: &Path,
    out: &Path,
    options: &Options,
    faults: Faults,
) -> Result<BuildSummary, Diagnostics> {
    let start = Instant::now();
    let fail = |msg: String| {
        let mut d = Diagnostics::new();
        d.push(Diagnostic::file_error(display(out), msg));
        d
    };
    check_output_folder(site, out, options.force).map_err(fail)?;
    let progress = Progress::new(options.progress);
    progress.phase("Reading and checking the content", 0);
    let site = Site::load(site, options)?;
    let mut diags = site.diagnostics.clone();
    // Each file goes to disk as soon as it is rendered.
    let staging = Staging::with_faults(out, faults)
        .map_err(|e| fail(format!("cannot write the output: {e}")))?
        .with_progress(progress.ticker());
    let written = site.write(&staging, out, &progress);
    progress.finish();
    let (files, pages) = match written {
        Ok(n) => n,
        Err(e) => {
            staging.abandon();
            diags.extend(e);
            return Err(diags);
        }
    };
    let committed = staging
        .commit()
        .map_err(|e| fail(format!("cannot write the output: {e}")))?;
    if let Some((old, e)) = committed.old_left {
        diags.push(Diagnostic::warning(
            display(out),
            0,
            0,
            format!(
                "the new output is in place, but the previous one could not be removed and was left in {}: {e}; the next build removes it, or remove it yourself",
                display(&old)
            ),
        ));
    }
    Ok(BuildSummary {
        positions: site.org.positions.len(),
        units: site.org.units.len(),
        pages,
        files,
        elapsed: start.elapsed(),
        diagnostics: diags,
    })
}

fn display(p: &Path) -> String {
    p.display().to_string()
}

/// Refuses an output folder that orgsite must not replace: the site's
/// sources, a git repository, a folder holding a site, or a non-empty
/// folder orgsite did not create (unless `force`).
fn check_output_folder(site: &Path, out: &Path, force: bool) -> Result<(), String> {
    let site_abs = fs::canonicalize(site)
        .map_err(|e| format!("cannot open the site folder {}: {e}", display(site)))?;
    let out_abs = resolve(out).map_err(|e| format!("cannot open {}: {e}", display(out)))?;
    if let Some(why) = protected(&site_abs, &out_abs) {
        return Err(why);
    }
    if out.exists() {
        if !out_abs.is_dir() {
            return Err(format!("{} exists and is not a folder", display(out)));
        }
        let empty = fs::read_dir(&out_abs)
            .map_err(|e| e.to_string())?
            .next()
            .is_none();
        let ours = out_abs.join(MARKER).exists();
        if !empty && !ours && !force {
            return Err(format!(
                "refusing to replace {}: it is not empty and was not made by orgsite; use --force to replace it anyway",
                display(out)
            ));
        }
        // A repository started in orgsite's own output (to publish it) is
        // not orgsite's to replace; with --force, nothing holding one is.
        let inside = if ours {
            [".git", content::CONFIG_FILE]
                .iter()
                .map(|n| out_abs.join(n))
                .find(|p| p.exists())
        } else {
            holds_repository_or_site(&out_abs)
        };
        if let Some(p) = inside {
            let what = if p.file_name().is_some_and(|n| n == ".git") {
                "a git repository"
            } else {
                "a site"
            };
            return Err(refusal(
                &out_abs,
                &format!("holds {what} ({})", display(&p)),
            ));
        }
    }
    Ok(())
}

fn refusal(out: &Path, why: &str) -> String {
    format!(
        "refusing to build into {}: it {why}; choose another output folder (--force does not change this)",
        display(out)
    )
}

/// The first `.git` or `site.yaml` anywhere inside `out`.
fn holds_repository_or_site(out: &Path) -> Option<PathBuf> {
    walkdir::WalkDir::new(out)
        .min_depth(1)
        .into_iter()
        .filter_map(Result::ok)
        .find(|e| e.file_name() == ".git" || e.file_name() == content::CONFIG_FILE)
        .map(|e| e.into_path())
}

/// The folders of a site that a build reads and must never replace.
const SOURCE_DIRS: [&str; 3] = [content::CONTENT_DIR, "themes", "people"];

/// `p` made absolute with symbolic links resolved, even when it does not
/// exist yet: its nearest existing ancestor canonicalised, the rest added.
fn resolve(p: &Path) -> io::Result<PathBuf> {
    let abs = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir()?.join(p)
    };
    let mut base = abs.as_path();
    let mut rest = Vec::new();
    loop {
        match fs::canonicalize(base) {
            Ok(mut found) => {
                for c in rest.iter().rev() {
                    match c {
                        Component::ParentDir => {
                            found.pop();
                        }
                        Component::Normal(n) => found.push(n),
                        _ => {}
                    }
                }
                return Ok(found);
            }
            Err(e) => match (base.parent(), base.components().next_back()) {
                (Some(parent), Some(last)) => {
                    rest.push(last);
                    base = parent;
                }
                _ => return Err(e),
            },
        }
    }
}

/// Why a build may not write into `out` (canonical), whatever `--force`
/// says: it is, holds or lies inside a site's sources or a git repository.
fn protected(site: &Path, out: &Path) -> Option<String> {
    let refuse = |why: String| Some(refusal(out, &why));
    if site.starts_with(out) {
        return refuse(format!("holds the site itself ({})", display(site)));
    }
    if out.components().any(|c| c.as_os_str() == ".git") {
        return refuse("lies inside a git repository's own folder (.git)".into());
    }
    // The site's own sources, and those of any site the output lies in.
    let sites = out
        .ancestors()
        .filter(|a| a.join(content::CONFIG_FILE).is_file())
        .chain(std::iter::once(site));
    for s in sites {
        if s == out {
            return refuse("is a site folder (it holds site.yaml)".into());
        }
        for d in SOURCE_DIRS {
            let dir = s.join(d);
            if out.starts_with(&dir) {
                return refuse(format!(
                    "is or lies inside {}, which the build reads",
                    display(&dir)
                ));
            }
        }
    }
    None
}

/// Every output path must be a plain relative path that stays inside the output.
fn safe_relative(p: &Path) -> bool {
    !p.as_os_str().is_empty() && p.components().all(|c| matches!(c, Component::Normal(_)))
}

/// How long a leftover staging folder must be untouched before a build on
/// a system without /proc takes its process for gone.
#[cfg(not(target_os = "linux"))]
const STALE_AFTER: Duration = Duration::from_secs(24 * 60 * 60);

/// Whether the build that made a staging folder (`pid`) is no longer running.
fn is_stale(pid: u32, dir: &Path) -> bool {
    if pid == std::process::id() {
        return false;
    }
    #[cfg(target_os = "linux")]
    {
        let _ = dir;
        !Path::new("/proc").join(pid.to_string()).exists()
    }
    #[cfg(not(target_os = "linux"))]
    {
        fs::symlink_metadata(dir)
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > STALE_AFTER)
    }
}

/// Removes what builds into `out` that are no longer running left beside
/// it (`.OUT.orgsite-new-PID`, `.OUT.orgsite-old-PID`); a build killed
/// during the swap left the previous output in its `-old-` folder, which is
/// put back when `out` is missing. Returns the folders removed or restored.
pub fn remove_leftovers(out: &Path) -> Vec<PathBuf> {
    let (parent, name) = beside(out);
    let mut done = Vec::new();
    let Ok(entries) = fs::read_dir(&parent) else {
        return done;
    };
    let new = format!(".{name}.orgsite-new-");
    let old = format!(".{name}.orgsite-old-");
    for e in entries.filter_map(Result::ok) {
        let file = e.file_name();
        let file = file.to_string_lossy();
        let (is_old, pid) = if let Some(pid) = file.strip_prefix(&new) {
            (false, pid)
        } else if let Some(pid) = file.strip_prefix(&old) {
            (true, pid)
        } else {
            continue;
        };
        let Ok(pid) = pid.parse::<u32>() else {
            continue;
        };
        let path = e.path();
        if !is_stale(pid, &path) {
            continue;
        }
        if is_old && !out.exists() {
            // The previous output (orgsite's or, with --force, the user's
            // own folder): never removed while it is the only copy.
            if fs::rename(&path, out).is_ok() {
                done.push(path);
            }
            continue;
        }
        if fs::remove_dir_all(&path).is_ok() {
            done.push(path);
        }
    }
    done
}

/// The folder holding `out` and `out`'s name.
fn beside(out: &Path) -> (PathBuf, String) {
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    (parent, name)
}

/// Failures a test makes happen, to see what a build does then.
#[derive(Debug, Clone, Copy, Default)]
struct Faults {
    /// Removing the previous output after the swap fails.
    remove_old: bool,
    /// Every write fails once this many files were created (a full disk).
    disk_full_after: Option<usize>,
}

/// A new folder beside the output folder that a build writes into, swapped
/// into place by [`Staging::commit`] only when everything succeeded. If it
/// is dropped before that, what was written is removed.
pub struct Staging {
    out: PathBuf,
    tmp: PathBuf,
    old: PathBuf,
    /// Counts the pages written, for a progress report.
    ticker: Option<Ticker>,
    faults: Faults,
    created: AtomicUsize,
}

/// What [`Staging::commit`] did, when the new output is in place.
#[derive(Debug, Default)]
pub struct Committed {
    /// The previous output could not be removed: where it was left, and why.
    pub old_left: Option<(PathBuf, io::Error)>,
}

impl Staging {
    pub fn new(out: &Path) -> io::Result<Staging> {
        Staging::with_faults(out, Faults::default())
    }

    fn with_faults(out: &Path, faults: Faults) -> io::Result<Staging> {
        if stop::stopping() {
            return Err(io::Error::new(io::ErrorKind::Interrupted, "stopped"));
        }
        let (parent, name) = beside(out);
        fs::create_dir_all(&parent)?;
        remove_leftovers(out);
        let tmp = parent.join(format!(".{name}.orgsite-new-{}", std::process::id()));
        let old = parent.join(format!(".{name}.orgsite-old-{}", std::process::id()));
        let _ = fs::remove_dir_all(&tmp);
        stop::register(&tmp);
        fs::create_dir(&tmp)?;
        Ok(Staging {
            out: out.to_path_buf(),
            tmp,
            old,
            ticker: None,
            faults,
            created: AtomicUsize::new(0),
        })
    }

    /// Reports each page written to `ticker`.
    pub fn with_progress(mut self, ticker: Ticker) -> Staging {
        self.ticker = Some(ticker);
        self
    }

    /// Writes one file; the path must stay inside the output folder.
    pub fn write(&self, path: &Path, bytes: &[u8]) -> io::Result<()> {
        use io::Write as _;
        self.create(path)?.write_all(bytes)
    }

    /// Creates one file to write; the path must stay inside the output folder.
    pub fn create(&self, path: &Path) -> io::Result<fs::File> {
        if !safe_relative(path) {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!(
                    "output path {} would leave the output folder",
                    path.display()
                ),
            ));
        }
        let n = self.created.fetch_add(1, Ordering::Relaxed);
        if self.faults.disk_full_after.is_some_and(|max| n >= max) {
            return Err(io::Error::new(
                io::ErrorKind::StorageFull,
                "No space left on device (injected)",
            ));
        }
        let dest = self.tmp.join(path);
        if let Some(dir) = dest.parent() {
            if !dir.is_dir() {
                // Folder by folder inside the staging folder, never the
                // staging folder itself: once a stopped build removed it,
                // a writer still running cannot bring it back.
                let mut at = self.tmp.clone();
                for c in path.parent().into_iter().flat_map(Path::components) {
                    at.push(c);
                    match fs::create_dir(&at) {
                        Err(e) if e.kind() != io::ErrorKind::AlreadyExists => return Err(e),
                        _ => {}
                    }
                }
            }
        }
        fs::File::create(dest)
    }

    /// Removes what was written; the output folder is left as it was.
    pub fn abandon(self) {}

    /// Marks the new folder as orgsite's and swaps it into place. On an
    /// error the output folder is as it was, or the error says where the
    /// previous output is; once the new output is in place, a previous
    /// output that cannot be removed is reported in [`Committed`].
    pub fn commit(self) -> io::Result<Committed> {
        fs::write(
            self.tmp.join(MARKER),
            "This folder was written by orgsite; the next build replaces it.\n",
        )?;
        if !self.out.exists() {
            fs::rename(&self.tmp, &self.out)?;
            return Ok(Committed::default());
        }
        // The previous output is registered for removal on a stop signal
        // only once the new one is in place: stopped between the two
        // renames, it stays beside the output, and the next build puts it
        // back (see remove_leftovers).
        fs::rename(&self.out, &self.old)?;
        if let Err(e) = fs::rename(&self.tmp, &self.out) {
            return match fs::rename(&self.old, &self.out) {
                Ok(()) => Err(e),
                Err(back) => {
                    // Kept: it is the only copy of the previous output.
                    Err(io::Error::new(
                        e.kind(),
                        format!(
                            "{e}; the previous output could not be moved back ({back}) and is now in {}",
                            display(&self.old)
                        ),
                    ))
                }
            };
        }
        stop::register(&self.old);
        let removed = if self.faults.remove_old {
            Err(io::Error::new(
                io::ErrorKind::PermissionDenied,
                "Permission denied (injected)",
            ))
        } else {
            fs::remove_dir_all(&self.old)
        };
        Ok(Committed {
            old_left: removed.err().map(|e| (self.old.clone(), e)),
        })
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if self.tmp.exists() {
            let _ = fs::remove_dir_all(&self.tmp);
        }
        stop::unregister(&self.tmp);
        stop::unregister(&self.old);
    }
}

/// Renders a site into a staging folder, each file written as soon as it is
/// rendered; returns how many files and how many of them pages. `out`
/// names the output folder in messages. Writing stops at the first write
/// error, which is then the one error reported.
pub fn render_into(
    org: &Org,
    theme: &Theme,
    info: &BuildInfo,
    changes: Option<&diff::Diff>,
    layout: &render::Layout,
    staging: &Staging,
    out: &Path,
) -> Result<(usize, usize), Diagnostics> {
    let sink = ToStaging {
        staging,
        out,
        pages: AtomicUsize::new(0),
        failed: OnceLock::new(),
    };
    let rendered = render::render_site_to(org, theme, info, changes, layout, &sink);
    if let Some(first) = sink.failed.into_inner() {
        let mut d = Diagnostics::new();
        d.push(first);
        return Err(d);
    }
    Ok((rendered?, sink.pages.into_inner()))
}

/// A build's sink: every file straight into the staging folder, the large
/// ones as they are written.
struct ToStaging<'a> {
    staging: &'a Staging,
    out: &'a Path,
    pages: AtomicUsize,
    /// The first write error: after it nothing more is written.
    failed: OnceLock<Diagnostic>,
}

impl ToStaging<'_> {
    /// Records a write error (the first one is the one reported).
    fn error(&self, path: &Path, e: &io::Error) -> Diagnostic {
        let d = Diagnostic::file_error(
            display(self.out),
            format!(
                "cannot write {}: {e}; the build stopped at this first write error",
                path.display()
            ),
        );
        self.failed.get_or_init(|| d).clone()
    }

    fn count(&self, path: &Path) {
        if path.extension().is_some_and(|e| e == "html") {
            self.pages.fetch_add(1, Ordering::Relaxed);
            if let Some(t) = &self.staging.ticker {
                t.tick();
            }
        }
    }

    fn check(&self) -> Result<(), Diagnostic> {
        match self.failed.get() {
            Some(d) => Err(d.clone()),
            None => Ok(()),
        }
    }
}

impl render::Sink for ToStaging<'_> {
    fn put(&self, (path, bytes): OutputFile) -> Result<(), Diagnostic> {
        self.check()?;
        self.count(&path);
        self.staging
            .write(&path, &bytes)
            .map_err(|e| self.error(&path, &e))
    }

    fn stream(
        &self,
        path: PathBuf,
        write: &mut dyn FnMut(&mut dyn io::Write) -> Result<(), Diagnostic>,
    ) -> Result<(), Diagnostic> {
        self.check()?;
        self.count(&path);
        let file = self
            .staging
            .create(&path)
            .map_err(|e| self.error(&path, &e))?;
        let mut w = Recording {
            inner: io::BufWriter::with_capacity(1 << 20, file),
            sink: self,
            path: &path,
        };
        let written = write(&mut w);
        self.check()?;
        written?;
        io::Write::flush(&mut w.inner).map_err(|e| self.error(&path, &e))
    }

    fn stopped(&self) -> bool {
        self.failed.get().is_some()
    }
}

/// A streamed file's writer that records its first error in the sink.
struct Recording<'s, 'a, W> {
    inner: W,
    sink: &'s ToStaging<'a>,
    path: &'s Path,
}

impl<W: io::Write> io::Write for Recording<'_, '_, W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.inner.write(buf).inspect_err(|e| {
            self.sink.error(self.path, e);
        })
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush().inspect_err(|e| {
            self.sink.error(self.path, e);
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_paths_stay_inside() {
        assert!(safe_relative(Path::new("positions/a.html")));
        assert!(!safe_relative(Path::new("../a.html")));
        assert!(!safe_relative(Path::new("/etc/passwd")));
        assert!(!safe_relative(Path::new("a/../../b")));
        assert!(!safe_relative(Path::new("")));
    }

    fn example() -> (tempfile::TempDir, PathBuf, PathBuf) {
        let tmp = tempfile::tempdir().expect("temp dir");
        let site = tmp.path().join("site");
        crate::init::init(&site).expect("init");
        let out = tmp.path().join("out");
        (tmp, site, out)
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(dir)
            .expect("read dir")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn a_previous_output_that_cannot_be_removed_is_reported_not_hidden() {
        let (tmp, site, out) = example();
        build(&site, &out, false).expect("first build");
        fs::write(out.join("old-only.txt"), "from before").expect("write");
        let faults = Faults {
            remove_old: true,
            ..Faults::default()
        };
        let summary = build_faulty(&site, &out, &Options::default(), faults)
            .expect("the new site is in place");
        // The new output is in place (the old file is gone from it) ...
        assert!(out.join("index.html").is_file());
        assert!(!out.join("old-only.txt").exists());
        // ... and the build says where the old one was left.
        let old = format!(".out.orgsite-old-{}", std::process::id());
        let warning = summary.diagnostics.to_string();
        assert!(warning.contains("the new output is in place"), "{warning}");
        assert!(warning.contains(&old), "{warning}");
        assert!(tmp.path().join(&old).join("old-only.txt").is_file());
    }

    #[test]
    fn a_full_disk_stops_the_build_with_one_message() {
        let (tmp, site, out) = example();
        build(&site, &out, false).expect("first build");
        let before = names(&out);
        let faults = Faults {
            disk_full_after: Some(3),
            ..Faults::default()
        };
        let err = build_faulty(&site, &out, &Options::default(), faults).expect_err("disk full");
        assert_eq!(err.error_count(), 1, "{err}");
        let msg = err.to_string();
        assert!(msg.contains("No space left on device"), "{msg}");
        assert!(msg.contains("stopped at this first write error"), "{msg}");
        // The previous output is as it was, and nothing is left beside it.
        assert_eq!(names(&out), before);
        assert_eq!(names(tmp.path()), ["out", "site"]);
    }

    #[test]
    fn stopping_removes_the_staging_folder() {
        let (tmp, _site, out) = example();
        let staging = Staging::new(&out).expect("staging");
        staging
            .write(Path::new("positions/a.html"), b"x")
            .expect("write");
        assert_eq!(names(tmp.path()).len(), 2);
        let active = stop::registered();
        assert!(active.contains(&staging.tmp), "{active:?}");
        // What remove_staging_folders does with every registered folder.
        stop::remove_all(std::slice::from_ref(&staging.tmp));
        assert_eq!(names(tmp.path()), ["site"]);
        // A writer still running cannot bring the folder back.
        assert!(staging.write(Path::new("units/b.html"), b"x").is_err());
        assert_eq!(names(tmp.path()), ["site"]);
        let tmp_dir = staging.tmp.clone();
        drop(staging);
        assert!(!stop::registered().contains(&tmp_dir));
    }
}
