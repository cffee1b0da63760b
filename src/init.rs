//! `orgsite init`: a new site that builds as it is.

use std::fs;
use std::io;
use std::path::Path;

const FILES: [(&str, &str); 5] = [
    (
        "site.yaml",
        "# orgsite site settings; every field is optional.\n\
title: Example Organisation\n\
language: en            # en, zh-Hans or zh-Hant\n\
levels: [Director, Manager, Specialist]   # the level ladder, top first\n\
external:\n\
\x20 board: { title: Board of Directors }   # positions outside the chart\n\
show_holders: true      # false: a public edition without names\n\
chart: { direction: TB, front_depth: 3, color_by: unit }\n",
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
];

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
    Ok(())
}
