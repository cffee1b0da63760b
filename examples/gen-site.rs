//! Writes a synthetic site into a folder, for the end-to-end suite and for
//! looking at large sites (a development tool, not part of orgsite):
//!
//! ```sh
//! cargo run --release --example gen-site -- DIR N            # the e2e handbook of about N positions
//! cargo run --release --example gen-site -- DIR N --large    # a realistic organisation of N positions
//! cargo run --release --example gen-site -- DIR N --large --seed 7
//! cargo run --release --example gen-site -- DIR N --large --people   # with a person file and photo per holder
//! ```
//!
//! DIR is replaced when it holds a site this tool wrote (a `site.yaml`
//! beside `content/`) and must be empty or absent otherwise. The shapes are
//! described in `tests/support/synth.rs`.

#[path = "../tests/support/synth.rs"]
mod synth;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "usage: gen-site DIR [N] [--large] [--seed S] [--people]";

struct Args {
    dir: PathBuf,
    n: usize,
    large: bool,
    seed: u64,
    people: bool,
}

fn parse(args: impl Iterator<Item = String>) -> Result<Args, String> {
    let mut dir = None;
    let mut n = None;
    let mut large = false;
    let mut seed = None;
    let mut people = false;
    let mut args = args;
    while let Some(a) = args.next() {
        match a.as_str() {
            "--large" => large = true,
            "--people" => people = true,
            "--seed" => {
                let s = args.next().ok_or("--seed needs a number")?;
                seed = Some(s.parse().map_err(|_| format!("--seed {s}: not a number"))?);
            }
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
    let files = if a.large {
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
    let holders = if a.people { holders(&files) } else { 0 };
    synth::write_files(&a.dir, files).map_err(|e| format!("cannot write: {e}"))?;
    if a.people {
        write_people(&a.dir, holders).map_err(|e| format!("cannot write: {e}"))?;
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

/// The number of holders `site_files` named: they are `person_name(0..n)`,
/// one per holder line (the other list items are reports and targets).
fn holders(files: &[(PathBuf, String)]) -> usize {
    let other = ["工作日報", "工作月計劃報表", "有效電話"];
    files
        .iter()
        .flat_map(|(_, text)| text.lines())
        .filter(|l| l.starts_with("  - ") && !other.iter().any(|o| l.contains(o)))
        .count()
}

/// A person file and a 600 × 600 photo for each of the first `n` people.
/// The photos show one picture, each with its own bytes (a JPEG comment
/// holds the person's number), so each is decoded and cached on its own.
fn write_people(dir: &Path, n: usize) -> std::io::Result<()> {
    let img = image::RgbImage::from_fn(600, 600, |x, y| {
        // A smooth picture: a JPEG of about 40 KB, as a portrait is.
        let d = (x as f32 - 300.0).hypot(y as f32 - 260.0);
        let face = if d < 170.0 { 60 } else { 0 };
        image::Rgb([
            (x / 3) as u8 + face,
            (y / 3) as u8,
            140u8.saturating_sub(face),
        ])
    });
    let mut base = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut base, 85)
        .encode_image(&img)
        .map_err(std::io::Error::other)?;
    let people = dir.join("people");
    std::fs::create_dir_all(&people)?;
    for k in 0..n {
        let name = synth::person_name(k);
        std::fs::write(
            people.join(format!("p{k}.md")),
            format!(
                "---\nname: {name}\nemail: p{k}@example.org\nphone: \"+886 2 5550 {:04}\"\n---\n",
                k % 10_000
            ),
        )?;
        let note = format!("person {k}");
        let mut jpeg = Vec::with_capacity(base.len() + note.len() + 4);
        jpeg.extend_from_slice(&base[..2]);
        jpeg.extend_from_slice(&[0xFF, 0xFE]);
        jpeg.extend_from_slice(&((note.len() + 2) as u16).to_be_bytes());
        jpeg.extend_from_slice(note.as_bytes());
        jpeg.extend_from_slice(&base[2..]);
        std::fs::write(people.join(format!("p{k}.jpg")), jpeg)?;
    }
    Ok(())
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
