//! The command line: `orgsite build`, `check`, `diff`, `import`, `init` and `serve`.

use std::io::IsTerminal;
use std::net::IpAddr;
use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand, ValueEnum};

use crate::{diff, import, init, serve, site};

#[derive(Parser, Debug)]
#[command(
    name = "orgsite",
    version,
    about = "Compile a folder of role documents into a static organisation handbook",
    long_about = "Compile a folder of role documents (content/**.md, one per position, plus an optional site.yaml) \
into a static website: an organisation chart, one page per position and unit, and a staffing table."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum DiffFormat {
    Text,
    Markdown,
    Json,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Build the site into an output folder (default: SITE/public)
    Build {
        /// The site folder, holding content/ and site.yaml
        #[arg(default_value = ".")]
        site: PathBuf,
        /// The output folder (replaced as a whole when the build succeeds)
        #[arg(short, long, value_name = "OUT")]
        output: Option<PathBuf>,
        /// Replace the output folder even if orgsite did not create it
        #[arg(long)]
        force: bool,
        /// Treat warnings as errors
        #[arg(long)]
        deny_warnings: bool,
        /// Also write changes.html: what changed since REV (a commit, branch,
        /// tag or YYYY-MM-DD), linked from the front page
        #[arg(long, value_name = "REV")]
        changes_since: Option<String>,
        /// Build the public edition: no person's name anywhere, only seat counts
        #[arg(long)]
        public: bool,
        /// Show every problem; without it, one message is shown ten times
        /// at most, then counted
        #[arg(long)]
        all: bool,
    },
    /// Check the site for problems; writes nothing
    Check {
        /// The site folder, holding content/ and site.yaml
        #[arg(default_value = ".")]
        site: PathBuf,
        /// Treat warnings as errors
        #[arg(long)]
        deny_warnings: bool,
        /// Show every problem; without it, one message is shown ten times
        /// at most, then counted
        #[arg(long)]
        all: bool,
    },
    /// Report what changed in the organisation between two points of its git history
    #[command(
        long_about = "Report what changed in the organisation between two points of its git history: \
positions added, removed and renamed, reporting and dotted lines, titles, levels, units, headcount, \
people, vacant seats, reporting obligations and targets. REV is anything git takes as a commit \
(hash, branch, tag, HEAD~3) or a date YYYY-MM-DD (the last commit on or before that day). \
Files are read from git; the working tree is never touched."
    )]
    Diff {
        /// The site folder, holding content/ and site.yaml, inside a git repository
        #[arg(default_value = ".")]
        site: PathBuf,
        /// The older side: a commit, branch, tag or date (YYYY-MM-DD)
        #[arg(long, value_name = "REV")]
        from: String,
        /// The newer side [default: the working tree, uncommitted edits included]
        #[arg(long, value_name = "REV")]
        to: Option<String>,
        /// text (for a terminal), markdown (for a merge request) or json (for tools)
        #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
        format: DiffFormat,
        /// The report's language: en, zh-Hans or zh-Hant [default: the site's]
        #[arg(long, value_name = "LANG")]
        lang: Option<String>,
    },
    /// Create or update a site from an HR system's export (CSV/TSV, Excel, ODS, JSON, a folder of YAML)
    #[command(
        long_about = "Create or update a site from an HR system's export: a CSV or TSV file (any delimiter, \
a byte-order mark, UTF-8, UTF-16, or GB18030/Big5/Shift-JIS with --encoding), an Excel or OpenDocument \
workbook, a JSON file (rows with an id and a parent id, or a nested `children` tree), or a folder of \
YAML/JSON files, one per person. A second FILE is a table joined to the first (see `join:` in \
import.yaml). Without --map, common column names (English and Chinese) are recognised and the mapping \
used is printed, ready to save as import.yaml. Run again, it updates only the fields the mapping owns \
and leaves every other byte as it was; it prints what changed as `orgsite diff` does. Nothing is \
written while the inputs have errors.",
        after_help = "Example:\n  orgsite import hr-export.csv --site handbook\n  orgsite import hr-export.csv --map import.yaml --site handbook --dry-run"
    )]
    Import(ImportArgs),
    /// Create a new site with an example to start from
    Init {
        /// The folder to create (must not exist, or be empty)
        dir: PathBuf,
    },
    /// Build the site and serve it on http://127.0.0.1:1111/, rebuilding on
    /// every change to content/, site.yaml or themes/ and reloading open pages
    Serve {
        /// The site folder, holding content/ and site.yaml
        #[arg(default_value = ".")]
        site: PathBuf,
        /// The port [default: 1111, or a free one when 1111 is taken; 0: any free port]
        #[arg(short, long)]
        port: Option<u16>,
        /// The address to listen on; 0.0.0.0 makes the site reachable from other machines
        #[arg(long, value_name = "ADDR", default_value = "127.0.0.1")]
        bind: IpAddr,
        /// Open the site in the default browser
        #[arg(long)]
        open: bool,
    },
}

/// `orgsite import`'s arguments.
#[derive(clap::Args, Debug)]
struct ImportArgs {
    /// The export (a file, or a folder of per-person files); a second one is joined to the first
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
    /// The mapping: orgsite field -> column, and the rules (import.yaml)
    #[arg(long, value_name = "import.yaml")]
    map: Option<PathBuf>,
    /// The site folder to write content/, people/ and site.yaml in
    #[arg(long, value_name = "DIR", default_value = ".")]
    site: PathBuf,
    /// Print what would change; write nothing
    #[arg(long)]
    dry_run: bool,
    /// Remove positions and people that are no longer in the source
    #[arg(long)]
    prune: bool,
    /// The text encoding of a CSV/TSV without a byte-order mark: utf-8, gb18030, big5, shift_jis, utf-16le ...
    #[arg(long, value_name = "NAME")]
    encoding: Option<String>,
    /// The sheet of a workbook to read [default: the first]
    #[arg(long, value_name = "NAME")]
    sheet: Option<String>,
}

impl ImportArgs {
    fn options(self) -> import::Options {
        import::Options {
            files: self.files,
            map: self.map,
            site: self.site,
            dry_run: self.dry_run,
            prune: self.prune,
            encoding: self.encoding,
            sheet: self.sheet,
        }
    }
}

/// A site folder that does not exist (or is a file) stops `build` and
/// `check` with one line that says so, and nothing else: no "content
/// folder" advice about a folder that is not there, no output "left as it
/// was" that never was. Exit status 1, as for any error in the site.
fn no_site_folder(site: &std::path::Path) -> Option<i32> {
    let shown = crate::diag::display_path(site);
    let problem = if site.is_dir() {
        return None;
    } else if site.exists() {
        "is not a folder"
    } else {
        "does not exist"
    };
    eprintln!("error: the site folder {shown} {problem}");
    Some(1)
}

/// Runs the command line; returns the exit status (0 ok, 1 errors, 2 usage).
pub fn run() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return code;
        }
    };
    match cli.command {
        Command::Build {
            site,
            output,
            force,
            deny_warnings,
            changes_since,
            public,
            all,
        } => run_build(
            &site,
            output,
            site::Options {
                force,
                deny_warnings,
                public,
                changes_since,
                progress: std::io::stderr().is_terminal(),
                photo_cache: crate::photo_cache::default_dir(),
            },
            all,
        ),
        Command::Check {
            site,
            deny_warnings,
            all,
        } => {
            if let Some(code) = no_site_folder(&site) {
                return code;
            }
            let (org, mut d) = site::check(&site);
            if deny_warnings {
                d.deny_warnings();
            }
            d.eprint(all);
            if d.has_errors() {
                1
            } else {
                println!(
                    "Checked {} in {}: no errors",
                    count(org.positions.len(), "position"),
                    count(org.units.len(), "unit")
                );
                0
            }
        }
        Command::Diff {
            site,
            from,
            to,
            format,
            lang,
        } => run_diff(&site, &from, to.as_deref(), format, lang.as_deref()),
        Command::Import(a) => run_import(&a.options()),
        Command::Init { dir } => match init::init(&dir) {
            Ok(()) => {
                println!(
                    "Created a new site in {0}. Build it with: orgsite build {0}",
                    display(&dir)
                );
                0
            }
            Err(e) => {
                eprintln!("error: {e}");
                1
            }
        },
        Command::Serve {
            site,
            port,
            bind,
            open,
        } => serve::serve(&serve::Options {
            site,
            port,
            bind,
            open,
        }),
    }
}

/// `orgsite build`: the summary on stdout, diagnostics and what became of
/// the output folder on stderr.
fn run_build(site: &Path, output: Option<PathBuf>, options: site::Options, all: bool) -> i32 {
    if let Some(code) = no_site_folder(site) {
        eprintln!("Build failed; nothing was written.");
        return code;
    }
    let out = output.unwrap_or_else(|| site.join("public"));
    // Ctrl-C or SIGTERM mid-build removes the half-written folder.
    if let Err(e) = crate::stop::clean_up_when_stopped() {
        eprintln!("warning: {e}");
    }
    let existed = out.exists();
    match site::build_with(site, &out, &options) {
        Ok(s) => {
            s.diagnostics.eprint(all);
            println!(
                "Built {} in {}: {} pages ({} files) in {} in {} ms",
                count(s.positions, "position"),
                count(s.units, "unit"),
                s.pages,
                s.files,
                out.display(),
                s.elapsed.as_millis()
            );
            0
        }
        Err(d) => {
            d.eprint(all);
            if existed && !out.exists() {
                eprintln!(
                    "Build failed; {} is missing: the previous output is where the error above says.",
                    out.display()
                );
            } else if !existed {
                eprintln!("Build failed; nothing was written to {}.", out.display());
            } else {
                eprintln!("Build failed; {} was left as it was.", out.display());
            }
            1
        }
    }
}

/// `orgsite import`: problems on stderr, the mapping used (when guessed),
/// the changes and the report on stdout.
fn run_import(o: &import::Options) -> i32 {
    let out = import::run(o);
    // One kind of warning (its words without the quoted values) is shown
    // five times, then counted: an export with a thousand bad emails
    // still shows its other problems.
    let mut seen: std::collections::BTreeMap<String, usize> = Default::default();
    for p in &out.problems {
        let kind = warning_kind(&p.message);
        let n = seen.entry(kind).or_default();
        *n += 1;
        if !p.warning || *n <= 5 {
            eprintln!("{p}");
        }
    }
    for (kind, n) in seen.iter().filter(|(_, n)| **n > 5) {
        if out
            .problems
            .iter()
            .any(|p| p.warning && warning_kind(&p.message) == *kind)
        {
            eprintln!("... and {} more of this warning: {kind}", n - 5);
        }
    }
    if let Some(m) = &out.guessed {
        println!("{m}");
    }
    if out.problems.iter().any(|p| !p.warning) {
        let n = out.problems.iter().filter(|p| !p.warning).count();
        eprintln!("{} in the inputs; nothing was written.", count(n, "error"));
        return 1;
    }
    print!("{}", out.report);
    if !out.check_errors.is_empty() {
        for e in &out.check_errors {
            eprintln!("{e}");
        }
        eprintln!("The imported site would not pass `orgsite check` (the errors above); nothing was written.");
        return 1;
    }
    0
}

/// A message with its quoted values left out: `x` is not ... -> `...` is not ...
fn warning_kind(message: &str) -> String {
    let parts: Vec<&str> = message
        .split('`')
        .enumerate()
        .map(|(i, p)| if i % 2 == 1 { "..." } else { p })
        .collect();
    parts.join("`")
}

/// `orgsite diff`: compares, then prints the report in the chosen format.
fn run_diff(
    site: &Path,
    from: &str,
    to: Option<&str>,
    format: DiffFormat,
    lang: Option<&str>,
) -> i32 {
    if let Some(l) = lang.filter(|l| !crate::content::LANGUAGES.contains(l)) {
        eprintln!(
            "error: unknown language `{l}`; choose one of {}",
            crate::content::LANGUAGES.join(", ")
        );
        return 2;
    }
    let d = match diff::diff(site, from, to) {
        Ok(d) => d,
        Err(e) => {
            // git's words may quote a file name or a revision as found.
            eprintln!("error: {}", crate::text::escape_controls(&e));
            return 1;
        }
    };
    let t = diff::report::words(&d.config, lang.unwrap_or(&d.config.language));
    let out = match format {
        DiffFormat::Json => diff::report::json(&d),
        DiffFormat::Markdown => diff::report::markdown(&d, &t, true),
        DiffFormat::Text => {
            let color = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
            diff::report::text(&d, &t, true, color)
        }
    };
    print!("{out}");
    0
}

fn count(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

fn display(p: &Path) -> String {
    p.display().to_string()
}
