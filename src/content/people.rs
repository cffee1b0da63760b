//! People: `people/ID.md` beside `content/`, one file per person, with
//! contact details, a photo and a short biography (the body). The file
//! name is the person's id; a photo with the same stem (`ID.jpg`, `.png`,
//! `.webp`) is picked up unless `photo:` names another file.
//!
//! This module only reads the folder; `model` matches holders to people
//! and `validate` reports what does not fit.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Deserialize;

use super::Source;
use crate::content;
use crate::diag::{Diagnostic, Diagnostics};

/// The folder of person files, beside `content/`.
pub const PEOPLE_DIR: &str = "people";

/// The image types a photo may be, by file ending.
pub const PHOTO_ENDINGS: &[&str] = &["jpg", "jpeg", "png", "webp"];

/// The front matter of a person file, as written; every field optional.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PersonFront {
    /// Defaults to the file name.
    pub name: Option<String>,
    /// How the directory sorts and groups this person ("Wang Xihong").
    pub sort_as: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub location: Option<String>,
    /// Relative to the person's file.
    pub photo: Option<String>,
    /// In the organisation since: a date, `YYYY-MM-DD`.
    pub since: Option<String>,
    pub pronouns: Option<String>,
    /// Label -> address.
    #[serde(default)]
    pub links: BTreeMap<String, String>,
}

/// The fields a person file may have, for "did you mean" suggestions.
pub const PERSON_FIELDS: &[&str] = &[
    "name", "sort_as", "email", "phone", "location", "photo", "since", "pronouns", "links",
];

/// A person file as loaded.
#[derive(Debug, Clone)]
pub struct PersonDoc {
    /// The file name without `.md`.
    pub id: String,
    pub front: PersonFront,
    /// Markdown: a short biography.
    pub body: String,
    pub source: Source,
    /// Values of the site's own fields (`site.yaml` `fields: person:`).
    pub fields: Vec<(String, crate::fields::FieldValue)>,
    /// The photo, relative to the site folder, when there is one.
    pub photo: Option<PathBuf>,
    /// The same, on disk.
    pub photo_file: Option<PathBuf>,
}

impl PersonDoc {
    /// The name pages show: `name:`, or the file name.
    pub fn name(&self) -> &str {
        self.front.name.as_deref().unwrap_or(&self.id)
    }
}

/// Reads `people/` of a site: every `.md` file is a person, every image
/// with a person's stem is that person's photo, every other file is named
/// in a warning. A site without the folder has no person files.
pub fn load(
    site: &Path,
    lang: &str,
    decls: &crate::fields::Decls,
    diags: &mut Diagnostics,
) -> Vec<PersonDoc> {
    let Some(names) = list(site, diags) else {
        return Vec::new();
    };
    let (docs, images) = sort_out(names, diags);
    let mut people = parse_all(site, lang, decls, docs);
    let mut used: BTreeSet<String> = BTreeSet::new();
    for (p, d) in &mut people {
        diags.extend(std::mem::take(d));
        p.photo = photo_of(site, p, &images, diags);
        p.photo_file = p.photo.as_ref().map(|rel| site.join(rel));
        if let Some(photo) = &p.photo {
            if let Some(name) = photo.file_name().and_then(|n| n.to_str()) {
                used.insert(name.to_string());
            }
        }
    }
    let people: Vec<PersonDoc> = people.into_iter().map(|(p, _)| p).collect();
    probe_photos(&people, diags);
    let ids: BTreeSet<&str> = people.iter().map(|p| p.id.as_str()).collect();
    warn_unused(&images, &used, &ids, diags);
    people
}

/// The entries of `people/`, sorted by name; nothing when there is no
/// such folder (or, with an error, when it cannot be read).
fn list(site: &Path, diags: &mut Diagnostics) -> Option<Vec<(String, fs::FileType)>> {
    let dir = site.join(PEOPLE_DIR);
    let Ok(entries) = fs::read_dir(&dir) else {
        if dir.exists() {
            diags.push(Diagnostic::file_error(
                PEOPLE_DIR,
                "cannot read the folder of person files",
            ));
        }
        return None;
    };
    let mut names: Vec<(String, fs::FileType)> = Vec::new();
    for entry in entries {
        match entry {
            Ok(e) => match (e.file_name().into_string(), e.file_type()) {
                (Ok(name), Ok(ft)) => names.push((name, ft)),
                (Err(raw), _) => diags.push(Diagnostic::file_error(
                    Path::new(PEOPLE_DIR).join(raw),
                    "file name is not valid UTF-8",
                )),
                (Ok(name), Err(err)) => diags.push(Diagnostic::file_error(
                    Path::new(PEOPLE_DIR).join(name),
                    format!("cannot read: {err}"),
                )),
            },
            Err(err) => diags.push(Diagnostic::file_error(
                PEOPLE_DIR,
                format!("cannot read: {err}"),
            )),
        }
    }
    names.sort_by(|a, b| a.0.cmp(&b.0));
    Some(names)
}

/// Person files (`(id, path)`) and the other files by stem (photos, and
/// files that are neither), with a warning for what is skipped.
type Sorted = (Vec<(String, PathBuf)>, BTreeMap<String, Vec<String>>);

fn sort_out(names: Vec<(String, fs::FileType)>, diags: &mut Diagnostics) -> Sorted {
    let mut docs: Vec<(String, PathBuf)> = Vec::new();
    let mut images: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (name, ft) in names {
        let rel = Path::new(PEOPLE_DIR).join(&name);
        if name.starts_with('.') || name.starts_with('_') {
            continue;
        }
        if ft.is_symlink() {
            diags.push(Diagnostic::warning(
                rel,
                0,
                0,
                "symbolic link skipped: orgsite does not follow links in people/",
            ));
            continue;
        }
        if ft.is_dir() {
            diags.push(Diagnostic::warning(
                rel,
                0,
                0,
                "not read: people/ holds one file per person, and folders inside it are not read",
            ));
            continue;
        }
        let stem = name
            .rsplit_once('.')
            .map_or(name.as_str(), |(s, _)| s)
            .to_string();
        if name.ends_with(".md") {
            if stem.eq_ignore_ascii_case("readme") {
                continue;
            }
            docs.push((stem, rel));
        } else {
            // Photos, and files that are neither (named in a warning below).
            images.entry(stem).or_default().push(name);
        }
    }
    (docs, images)
}

/// Each person file read and parsed (in parallel), with its own
/// diagnostics; a file that cannot be read is left out (with an error).
fn parse_all(
    site: &Path,
    lang: &str,
    decls: &crate::fields::Decls,
    docs: Vec<(String, PathBuf)>,
) -> Vec<(PersonDoc, Diagnostics)> {
    docs.into_par_iter()
        .filter_map(|(id, rel)| {
            let mut d = Diagnostics::new();
            let text = content::read_text(&site.join(&rel), &rel, &mut d)?;
            let extra = crate::fields::Extra {
                kind: "person",
                decls,
            };
            let (front, body, source, _, fields) = content::parse_doc_with::<PersonFront>(
                &text,
                lang,
                &rel,
                (PERSON_FIELDS, Some(extra)),
                &[],
                &mut d,
            );
            Some((
                PersonDoc {
                    id,
                    front,
                    body,
                    source,
                    fields,
                    photo: None,
                    photo_file: None,
                },
                d,
            ))
        })
        .collect()
}

/// Each photo's type and size, from its header (a build decodes it).
fn probe_photos(people: &[PersonDoc], diags: &mut Diagnostics) {
    let unreadable: Vec<Diagnostic> = people
        .par_iter()
        .filter_map(|p| match (&p.photo, &p.photo_file) {
            (Some(rel), Some(file)) => crate::photo::probe(rel, file).err(),
            _ => None,
        })
        .collect();
    for d in unreadable {
        diags.push(d);
    }
}

/// A warning for each file in `people/` that is no one's photo.
fn warn_unused(
    images: &BTreeMap<String, Vec<String>>,
    used: &BTreeSet<String>,
    ids: &BTreeSet<&str>,
    diags: &mut Diagnostics,
) {
    for (stem, files) in images {
        for file in files {
            if used.contains(file) {
                continue;
            }
            let ending = file.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
            let is_photo = ending.is_some_and(|e| PHOTO_ENDINGS.contains(&e.as_str()));
            let message = if is_photo && !ids.contains(stem.as_str()) {
                format!("not used: no person file `{stem}.md` for this photo, and no person names it in `photo:`")
            } else if is_photo {
                // Another file of the same person's is the photo (`photo:`).
                "not used: this person's `photo:` names another file".to_string()
            } else if ids.contains(stem.as_str()) {
                format!("not used: a photo is a {} file", PHOTO_ENDINGS.join(", "))
            } else {
                "not read: people/ holds person files (`ID.md`) and their photos".to_string()
            };
            diags.push(Diagnostic::warning(
                Path::new(PEOPLE_DIR).join(file),
                0,
                0,
                message,
            ));
        }
    }
}

/// The photo of a person: `photo:` (relative to the file, inside the site)
/// or the image with the file's stem.
fn photo_of(
    site: &Path,
    p: &PersonDoc,
    images: &BTreeMap<String, Vec<String>>,
    diags: &mut Diagnostics,
) -> Option<PathBuf> {
    let Some(written) = p.front.photo.as_deref() else {
        let files = images.get(&p.id)?;
        return files
            .iter()
            .find(|f| {
                f.rsplit_once('.')
                    .is_some_and(|(_, e)| PHOTO_ENDINGS.contains(&e.to_ascii_lowercase().as_str()))
            })
            .map(|f| Path::new(PEOPLE_DIR).join(f));
    };
    let (line, col) = p.source.locate("photo", Some(written));
    let fail = |diags: &mut Diagnostics, msg: String| {
        diags.push(Diagnostic::error(&p.source.path, line, col, msg));
        None
    };
    if written.contains("://") || written.starts_with("data:") {
        return fail(
            diags,
            format!(
                "`photo: {written}`: a photo is a file beside the person's file, not an address"
            ),
        );
    }
    let rel = Path::new(PEOPLE_DIR).join(written);
    // Inside the site: no `..` out of it, no absolute path.
    let mut depth: i32 = 0;
    for c in rel.components() {
        match c {
            std::path::Component::Normal(_) => depth += 1,
            std::path::Component::ParentDir => depth -= 1,
            std::path::Component::CurDir => {}
            _ => depth = -1,
        }
        if depth < 0 {
            return fail(
                diags,
                format!("`photo: {written}` is outside the site folder; keep photos in people/"),
            );
        }
    }
    let ending = written
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    if !PHOTO_ENDINGS.contains(&ending.as_str()) {
        return fail(
            diags,
            format!(
                "`photo: {written}`: a photo is a {} file",
                PHOTO_ENDINGS.join(", ")
            ),
        );
    }
    match fs::symlink_metadata(site.join(&rel)) {
        Ok(m) if m.is_file() => Some(rel),
        Ok(_) => fail(diags, format!("`photo: {written}` is not an ordinary file")),
        Err(_) => {
            let near = images
                .values()
                .flatten()
                .map(String::as_str)
                .collect::<Vec<_>>();
            let hint = crate::diag::closest(written, near)
                .map(|c| format!("; did you mean `{c}`?"))
                .unwrap_or_default();
            fail(
                diags,
                format!("`photo: {written}`: no such file in people/{hint}"),
            )
        }
    }
}
