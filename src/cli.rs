//! The command line: `orgsite build`, `check`, `init` and `serve`.

use std::io::IsTerminal;
use std::net::IpAddr;
use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand};

use crate::diag::{Diagnostics, Severity};
use crate::{init, serve, site};

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
        } => {
            let out = output.unwrap_or_else(|| site.join("public"));
            match site::build(&site, &out, force) {
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
pub(crate) fn print_diagnostics(d: &Diagnostics, always_summary: bool) {
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
