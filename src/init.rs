//! `orgsite init`: a new site that builds as it is.

use std::fs;
use std::io;
use std::path::Path;

const FILES: [(&str, &str); 6] = [
    (
        "site.yaml",
        "# orgsite site settings; every field is optional.\n\
title: Example Organisation\n\
language: en            # en, zh-Hans or zh-Hant\n\
levels: [Director, Manager, Specialist]   # the level ladder, top first\n\
external:\n\
\x20 board: { title: Board of Directors }   # positions outside the chart\n\
show_holders: true      # false: a public edition without names\n\
chart: { direction: TB, front_depth: 3, color_by: unit }\n\
fields:                 # fields of your own, for positions, units and people\n\
\x20 person:\n\
\x20   desk: { label: Desk, type: text }\n",
    ),
    (
        "content/_index.md",
        "---\ntitle: Example Organisation\n---\nThis handbook is built by orgsite from the role documents in `content/`.\n\
Edit them, then run `orgsite build`.\n",
    ),
    (
        "content/operations/_unit.md",
        "---\nname: Operations\norder: 1\ncolor: \"#2f6f9f\"\n---\nThe operations team.\n",
    ),
    (
        "content/operations/director.md",
        "---\ntitle: Operations Director\nlevel: Director\nreports_to: board\nheadcount: 1\nholders:\n  - Alex Chen\n\
scope: Runs the operations team\nreports:\n  - { name: Monthly report, to: board, every: month, day: 2, by: \"10:00\" }\norder: 1\n---\n\
## Duties\n\n- Plans the year's work and the budget.\n- Leads the specialists.\n",
    ),
    (
        "content/operations/specialist.md",
        "---\ntitle: Operations Specialist\nlevel: Specialist\nreports_to: director\nheadcount: 3\nholders:\n  - Sam Lee\n\
\x20 - { name: Kim Park, status: pending }\nscope: Day-to-day operations\nreports:\n\
\x20 - { name: Daily report, to: director, every: day, by: \"10:00\" }\ntargets:\n\
\x20 - { name: Tickets closed, min: 20, per: week }\norder: 2\n---\n## Duties\n\n- Handles requests from customers.\n\
- Keeps the records up to date.\n",
    ),
    (
        "people/alex-chen.md",
        "---\nname: Alex Chen\nsort_as: Chen, Alex\nemail: alex.chen@example.com\nphone: \"+1 555 0100\"\n\
location: Head office\nsince: 2021-03-01\npronouns: they/them\ndesk: \"3.14\"\n---\n\
Alex has run operations since 2021. The photo beside this file (`alex-chen.png`) is shown on\n\
Alex's page and in the directory.\n",
    ),
];

/// The example person's photo: a portrait silhouette drawn here, so that
/// a new site shows how photos look without anyone's picture.
fn example_photo() -> Vec<u8> {
    let size = 320u32;
    let img = image::RgbImage::from_fn(size, size, |x, y| {
        let (fx, fy) = (x as f64 / size as f64, y as f64 / size as f64);
        let head = ((fx - 0.5).powi(2) + (fy - 0.38).powi(2)).sqrt() < 0.17;
        let shoulders = fy > 0.62 && ((fx - 0.5).powi(2) / 0.12 + (fy - 1.0).powi(2) / 0.16) < 1.0;
        if head || shoulders {
            image::Rgb([236, 240, 245])
        } else {
            let t = fy * 0.6 + fx * 0.4;
            image::Rgb([
                (47.0 + 40.0 * t) as u8,
                (111.0 + 30.0 * t) as u8,
                (159.0 + 40.0 * t) as u8,
            ])
        }
    });
    let mut out = std::io::Cursor::new(Vec::new());
    // Writing a PNG to memory fails only if memory runs out.
    let _ = img.write_to(&mut out, image::ImageFormat::Png);
    out.into_inner()
}

/// Writes a new site into `dir`, which must not exist or hold nothing but
/// what a fresh repository has: `.git`, git's own dot files, a README or a
/// licence (so `git init && orgsite init .` works).
pub fn init(dir: &Path) -> io::Result<()> {
    if dir.exists() {
        let mut other: Vec<String> = Vec::new();
        for e in fs::read_dir(dir)? {
            let name = e?.file_name().to_string_lossy().into_owned();
            if !may_be_there(&name) {
                other.push(name);
            }
        }
        if !other.is_empty() {
            other.sort();
            let shown: Vec<&str> = other.iter().take(3).map(String::as_str).collect();
            let more = match other.len() {
                n if n > 3 => format!(" and {} more", n - 3),
                _ => String::new(),
            };
            return Err(io::Error::new(
                io::ErrorKind::AlreadyExists,
                format!(
                    "{} is not empty (it holds {}{more}); choose a new folder, or one with \
                     nothing but .git, a README or a licence",
                    dir.display(),
                    shown.join(", ")
                ),
            ));
        }
    }
    for (path, text) in FILES {
        let p = dir.join(path);
        if let Some(parent) = p.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write(p, text)?;
    }
    fs::write(dir.join("people/alex-chen.png"), example_photo())?;
    Ok(())
}

/// What a new repository may hold beside a site `init` writes: none of
/// these names is one `init` writes.
fn may_be_there(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    matches!(lower.as_str(), ".git" | ".gitignore" | ".gitattributes")
        || ["readme", "licence", "license", "copying"]
            .iter()
            .any(|p| lower == *p || lower.starts_with(&format!("{p}.")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fresh_repository_is_a_place_for_a_new_site() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join(".git")).unwrap();
        fs::write(dir.path().join("README.md"), "# Our handbook\n").unwrap();
        fs::write(dir.path().join("LICENSE"), "MIT\n").unwrap();
        init(dir.path()).unwrap();
        assert!(dir.path().join("site.yaml").is_file());
        assert_eq!(
            fs::read_to_string(dir.path().join("README.md")).unwrap(),
            "# Our handbook\n"
        );
    }

    #[test]
    fn a_folder_with_anything_else_is_refused_and_named() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join(".git")).unwrap();
        for f in ["notes.txt", "a.md", "b.md", "c.md"] {
            fs::write(dir.path().join(f), "x").unwrap();
        }
        let e = init(dir.path()).unwrap_err().to_string();
        assert!(
            e.ends_with(
                "is not empty (it holds a.md, b.md, c.md and 1 more); choose a new folder, or one \
                 with nothing but .git, a README or a licence"
            ),
            "{e}"
        );
        assert!(!dir.path().join("site.yaml").exists());
        assert!(!may_be_there("site.yaml") && !may_be_there("content") && !may_be_there("people"));
    }
}
