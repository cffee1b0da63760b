//! Writes a synthetic site into a folder, for the end-to-end suite and for
//! looking at large sites (a development tool, not part of orgsite):
//!
//! ```sh
//! cargo run --release --example gen-site -- DIR N            # the e2e handbook of about N positions
//! cargo run --release --example gen-site -- DIR N --large    # a realistic organisation of N positions
//! cargo run --release --example gen-site -- DIR N --large --seed 7
//! cargo run --release --example gen-site -- DIR N --large --people   # with a person file and photo per holder
//! cargo run --release --example gen-site -- DIR --top-units 60  # 60 top-level units
//! cargo run --release --example gen-site -- DIR --shape flat-top  # flat-top, wide, units, long-titles
//! ```
//!
//! DIR is replaced when it holds a site this tool wrote (a `site.yaml`
//! beside `content/`) and must be empty or absent otherwise. The shapes are
//! described in `tests/support/synth.rs`.

#[path = "../tests/support/synth.rs"]
mod synth;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str =
    "usage: gen-site DIR [N] [--large] [--seed S] [--people] | DIR --top-units K | DIR --shape NAME";

struct Args {
    dir: PathBuf,
    n: usize,
    large: bool,
    seed: u64,
    people: bool,
    /// `--top-units K`: the wide English site of K top-level units.
    top_units: Option<usize>,
    shape: Option<String>,
}

fn parse(args: impl Iterator<Item = String>) -> Result<Args, String> {
    let mut dir = None;
    let mut n = None;
    let mut large = false;
    let mut seed = None;
    let mut people = false;
    let mut top_units = None;
    let mut shape = None;
    let mut args = args;
    while let Some(a) = args.next() {
        match a.as_str() {
            "--large" => large = true,
            "--people" => people = true,
            "--top-units" => {
                let s = args.next().ok_or("--top-units needs a number")?;
                top_units = Some(
                    s.parse()
                        .map_err(|_| format!("--top-units {s}: not a number"))?,
                );
            }
            "--seed" => {
                let s = args.next().ok_or("--seed needs a number")?;
                seed = Some(s.parse().map_err(|_| format!("--seed {s}: not a number"))?);
            }
            "--shape" => shape = Some(args.next().ok_or("--shape needs a name")?),
            "-h" | "--help" => return Err(USAGE.into()),
            _ if a.starts_with('-') => return Err(format!("unknown option {a}\n{USAGE}")),
            _ if dir.is_none() => dir = Some(PathBuf::from(a)),
            _ if n.is_none() => {
                n = Some(
                    a.parse()
                        .map_err(|_| format!("{a}: not a number of positions"))?,
                )
            }
            _ => return Err(format!("unexpected {a}\n{USAGE}")),
        }
    }
    if seed.is_some() && !large {
        return Err("--seed goes with --large (the handbook has one form per size)".into());
    }
    if people && !large {
        return Err("--people goes with --large".into());
    }
    Ok(Args {
        dir: dir.ok_or(USAGE)?,
        n: n.unwrap_or(300),
        large,
        seed: seed.unwrap_or(42),
        people,
        top_units,
        shape,
    })
}

/// Empties `dir` if it holds a generated site; refuses any other folder.
fn clear(dir: &Path) -> Result<(), String> {
    let Ok(mut entries) = std::fs::read_dir(dir) else {
        return Ok(());
    };
    if entries.next().is_none() {
        return Ok(());
    }
    if !(dir.join("site.yaml").is_file() && dir.join("content").is_dir()) {
        return Err(format!(
            "{} is not empty and holds no site: refusing to replace it",
            dir.display()
        ));
    }
    std::fs::remove_dir_all(dir).map_err(|e| format!("cannot remove {}: {e}", dir.display()))
}

fn run() -> Result<String, String> {
    let a = parse(std::env::args().skip(1))?;
    clear(&a.dir)?;
    let files = if let Some(k) = a.top_units {
        synth::wide_files(k)
    } else if let Some(shape) = &a.shape {
        synth::shape_files(shape)
            .ok_or_else(|| format!("unknown shape {shape}: one of {}", synth::SHAPES.join(", ")))?
    } else if a.large {
        synth::site_files(a.n, a.seed)
    } else {
        synth::handbook_files(a.n)
    };
    let positions = files
        .iter()
        .filter(|(p, _)| {
            p.starts_with("content")
                && p.extension().is_some_and(|e| e == "md")
                && !p
                    .file_name()
                    .is_some_and(|f| f.to_string_lossy().starts_with('_'))
        })
        .count();
    let holders = if a.people { synth::holders(&files) } else { 0 };
    synth::write_files(&a.dir, files).map_err(|e| format!("cannot write: {e}"))?;
    if a.people {
        synth::write_people(&a.dir, holders).map_err(|e| format!("cannot write: {e}"))?;
    }
    let people = if a.people {
        format!(" and {holders} person files with photos")
    } else {
        String::new()
    };
    Ok(format!(
        "generated {positions} positions{people} in {}",
        a.dir.display()
    ))
}

fn main() -> ExitCode {
    match run() {
        Ok(done) => {
            println!("{done}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("gen-site: {e}");
            ExitCode::FAILURE
        }
    }
}
