//! The command line: `orgsite build`, `check` and `init`.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand};

use crate::diag::{Diagnostics, Severity};
use crate::{init, site};

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
        /// Build the public edition: no person's name anywhere, only seat counts
        #[arg(long)]
        public: bool,
    },
    /// Check the site for problems; writes nothing
    Check {
        /// The site folder, holding content/ and site.yaml
        #[arg(default_value = ".")]
        site: PathBuf,
    },
    /// Create a new site with an example to start from
    Init {
        /// The folder to create (must not exist, or be empty)
        dir: PathBuf,
    },
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
            public,
        } => {
            let out = output.unwrap_or_else(|| site.join("public"));
            match site::build_with(&site, &out, site::Options { force, public }) {
                Ok(s) => {
                    print_diagnostics(&s.diagnostics, false);
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
                    print_diagnostics(&d, true);
                    eprintln!("Build failed; {} was left as it was.", out.display());
                    1
                }
            }
        }
        Command::Check { site } => {
            let (org, d) = site::check(&site);
            print_diagnostics(&d, true);
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
    }
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

/// Prints diagnostics to stderr, sorted, with a summary line when there are any.
fn print_diagnostics(d: &Diagnostics, always_summary: bool) {
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    for item in d.sorted() {
        let line = item.to_string();
        if color {
            let (word, code) = match item.severity {
                Severity::Error => ("error:", "\x1b[1;31m"),
                Severity::Warning => ("warning:", "\x1b[1;33m"),
            };
            eprintln!(
                "{}",
                line.replacen(word, &format!("{code}{word}\x1b[0m"), 1)
            );
        } else {
            eprintln!("{line}");
        }
    }
    if !d.is_empty() || (always_summary && d.has_errors()) {
        eprintln!("{}", d.summary());
    }
}
