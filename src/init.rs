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

/// Writes a new site into `dir`, which must not exist or be empty.
pub fn init(dir: &Path) -> io::Result<()> {
    if dir.exists() && fs::read_dir(dir)?.next().is_some() {
        return Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            format!(
                "{} exists and is not empty; choose a new folder",
                dir.display()
            ),
        ));
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
