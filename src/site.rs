//! The build as a whole (load -> validate -> render -> write) and the
//! writing of its output: into a new folder beside the output folder,
//! swapped into place only when everything succeeded.

use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::time::{Duration, Instant};

use crate::content;
use crate::diag::{Diagnostic, Diagnostics};
use crate::diff;
use crate::model::Org;
use crate::progress::{Progress, Ticker};
use crate::public;
use crate::render::{self, BuildInfo, OutputFile};
use crate::revision;
use crate::theme::Theme;
use crate::validate;

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

/// Loads and validates a site. The organisation is returned even when
/// there are errors, for callers that want to show what could be read.
pub fn check(site: &Path) -> (Org, Diagnostics) {
    let (loaded, mut diags) = content::load(site);
    let org = Org::build(loaded);
    let has_content = !diags
        .sorted()
        .iter()
        .any(|d| d.is_error() && d.path == Path::new(content::CONTENT_DIR));
    if has_content {
        diags.extend(validate::validate(&org));
    }
    (org, diags)
}

/// Renders a site in memory: every output file, or the diagnostics that stop it.
pub fn render(site: &Path) -> Result<(Org, Vec<OutputFile>, Diagnostics), Diagnostics> {
    render_with(site, &Options::default())
}

/// Everything a build renders from, once the site has been checked.
struct Prepared {
    org: Org,
    theme: Theme,
    info: BuildInfo,
    changes: Option<diff::Diff>,
    diags: Diagnostics,
}

/// Loads, checks and readies a site for rendering: the comparison for
/// `changes.html`, the public edition's redaction, the theme.
fn prepare(site: &Path, options: &Options) -> Result<Prepared, Diagnostics> {
    let (mut org, mut diags) = check(site);
    if diags.has_errors() {
        return Err(diags);
    }
    // Compared before any redaction: both sides as written.
    let changes = match &options.changes_since {
        Some(rev) => Some(diff::since(site, rev, &org).map_err(|e| {
            let mut d = diags.clone();
            d.push(Diagnostic::file_error("--changes-since", e));
            d
        })?),
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
    let theme = Theme::for_site(site).map_err(|e| {
        let mut d = diags.clone();
        d.push(Diagnostic::file_error(
            "themes",
            format!("cannot read the site's theme: {e}"),
        ));
        d
    })?;
    let info = BuildInfo {
        last_change: revision::last_change(site),
    };
    Ok(Prepared {
        org,
        theme,
        info,
        changes,
        diags,
    })
}

/// Like [`render`], with options. The organisation returned is the one
/// rendered (without names in a public edition).
pub fn render_with(
    site: &Path,
    options: &Options,
) -> Result<(Org, Vec<OutputFile>, Diagnostics), Diagnostics> {
    let Prepared {
        org,
        theme,
        info,
        changes,
        mut diags,
    } = prepare(site, options)?;
    match render::render_site_with(&org, &theme, &info, changes.as_ref()) {
        Ok(files) => Ok((org, files, diags)),
        Err(e) => {
            diags.extend(e);
            Err(diags)
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
    let start = Instant::now();
    let fail = |msg: String| {
        let mut d = Diagnostics::new();
        d.push(Diagnostic::file_error(display(out), msg));
        d
    };
    check_output_folder(site, out, options.force).map_err(fail)?;
    let progress = Progress::new(options.progress);
    progress.phase("Reading and checking the content", 0);
    let Prepared {
        org,
        theme,
        info,
        changes,
        mut diags,
    } = prepare(site, options)?;
    // Each file goes to disk as soon as it is rendered.
    let staging = Staging::new(out)
        .map_err(|e| fail(format!("cannot write the output: {e}")))?
        .with_progress(progress.ticker());
    progress.phase("Laying out the chart", 0);
    let layout = render::Layout::new(&org);
    progress.phase("Writing pages", render::expected_pages(&org));
    let rendered = render_into(
        &org,
        &theme,
        &info,
        changes.as_ref(),
        &layout,
        &staging,
        out,
    );
    progress.finish();
    let (files, pages) = match rendered {
        Ok(n) => n,
        Err(e) => {
            staging.abandon();
            diags.extend(e);
            return Err(diags);
        }
    };
    staging
        .commit()
        .map_err(|e| fail(format!("cannot write the output: {e}")))?;
    Ok(BuildSummary {
        positions: org.positions.len(),
        units: org.units.len(),
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
        if !empty && !out_abs.join(MARKER).exists() && !force {
            return Err(format!(
                "refusing to replace {}: it is not empty and was not made by orgsite; use --force to replace it anyway",
                display(out)
            ));
        }
    }
    Ok(())
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
    let refuse = |why: String| {
        Some(format!(
            "refusing to build into {}: it {why}; choose another output folder (--force does not change this)",
            display(out)
        ))
    };
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
    // Nor a folder holding another site or a repository.
    if out.is_dir() && !out.join(MARKER).exists() {
        let inside = walkdir::WalkDir::new(out)
            .min_depth(1)
            .into_iter()
            .filter_map(Result::ok)
            .find(|e| e.file_name() == ".git" || e.file_name() == content::CONFIG_FILE);
        if let Some(e) = inside {
            let what = if e.file_name() == ".git" {
                "a git repository"
            } else {
                "a site"
            };
            return refuse(format!("holds {what} ({})", display(e.path())));
        }
    }
    None
}

/// Every output path must be a plain relative path that stays inside the output.
fn safe_relative(p: &Path) -> bool {
    !p.as_os_str().is_empty() && p.components().all(|c| matches!(c, Component::Normal(_)))
}

/// A new folder beside the output folder that a build writes into, swapped
/// into place by [`Staging::commit`] only when everything succeeded.
pub struct Staging {
    out: PathBuf,
    tmp: PathBuf,
    old: PathBuf,
    /// Counts the pages written, for a progress report.
    ticker: Option<Ticker>,
}

impl Staging {
    pub fn new(out: &Path) -> io::Result<Staging> {
        let parent = match out.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        fs::create_dir_all(&parent)?;
        let name = out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        let tmp = parent.join(format!(".{name}.orgsite-new-{}", std::process::id()));
        let old = parent.join(format!(".{name}.orgsite-old-{}", std::process::id()));
        let _ = fs::remove_dir_all(&tmp);
        fs::create_dir(&tmp)?;
        Ok(Staging {
            out: out.to_path_buf(),
            tmp,
            old,
            ticker: None,
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
        let dest = self.tmp.join(path);
        if let Some(dir) = dest.parent() {
            if !dir.is_dir() {
                fs::create_dir_all(dir)?;
            }
        }
        fs::File::create(dest)
    }

    /// Removes what was written; the output folder is left as it was.
    pub fn abandon(self) {
        let _ = fs::remove_dir_all(&self.tmp);
    }

    /// Marks the new folder as orgsite's and swaps it into place.
    pub fn commit(self) -> io::Result<()> {
        let result = (|| {
            fs::write(
                self.tmp.join(MARKER),
                "This folder was written by orgsite; the next build replaces it.\n",
            )?;
            if self.out.exists() {
                fs::rename(&self.out, &self.old)?;
                if let Err(e) = fs::rename(&self.tmp, &self.out) {
                    let _ = fs::rename(&self.old, &self.out);
                    return Err(e);
                }
                fs::remove_dir_all(&self.old)?;
            } else {
                fs::rename(&self.tmp, &self.out)?;
            }
            Ok(())
        })();
        if result.is_err() {
            let _ = fs::remove_dir_all(&self.tmp);
        }
        result
    }
}

/// Renders a site into a staging folder, each file written as soon as it is
/// rendered; returns how many files and how many of them pages. `out`
/// names the output folder in messages.
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
        pages: std::sync::atomic::AtomicUsize::new(0),
    };
    let files = render::render_site_to(org, theme, info, changes, layout, &sink)?;
    Ok((files, sink.pages.into_inner()))
}

/// A build's sink: every file straight into the staging folder, the large
/// ones as they are written.
struct ToStaging<'a> {
    staging: &'a Staging,
    out: &'a Path,
    pages: std::sync::atomic::AtomicUsize,
}

impl ToStaging<'_> {
    fn error(&self, path: &Path, e: io::Error) -> Diagnostic {
        Diagnostic::file_error(
            display(self.out),
            format!("cannot write {}: {e}", path.display()),
        )
    }

    fn count(&self, path: &Path) {
        if path.extension().is_some_and(|e| e == "html") {
            self.pages
                .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            if let Some(t) = &self.staging.ticker {
                t.tick();
            }
        }
    }
}

impl render::Sink for ToStaging<'_> {
    fn put(&self, (path, bytes): OutputFile) -> Result<(), Diagnostic> {
        self.count(&path);
        self.staging
            .write(&path, &bytes)
            .map_err(|e| self.error(&path, e))
    }

    fn stream(
        &self,
        path: PathBuf,
        write: &mut dyn FnMut(&mut dyn io::Write) -> Result<(), Diagnostic>,
    ) -> Result<(), Diagnostic> {
        self.count(&path);
        let file = self
            .staging
            .create(&path)
            .map_err(|e| self.error(&path, e))?;
        let mut w = io::BufWriter::with_capacity(1 << 20, file);
        write(&mut w)?;
        io::Write::flush(&mut w).map_err(|e| self.error(&path, e))
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
}
