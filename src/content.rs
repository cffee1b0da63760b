//! Loading: the files of a site (`site.yaml`, `content/**.md`) read into
//! documents. Nothing here resolves references between documents; that is
//! `model`'s job. Every problem becomes a [`Diagnostic`]; loading never stops
//! at the first one.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::{Deserialize, Deserializer};
use walkdir::WalkDir;

use crate::diag::{closest, Diagnostic, Diagnostics};
use crate::front;

pub mod people;

/// The name of the folder of role documents inside a site.
pub const CONTENT_DIR: &str = "content";
/// The optional site configuration file.
pub const CONFIG_FILE: &str = "site.yaml";
/// A folder's unit description.
pub const UNIT_FILE: &str = "_unit.md";
/// The front page text.
pub const INDEX_FILE: &str = "_index.md";

/// Interface languages with built-in strings.
pub const LANGUAGES: [&str; 3] = ["en", "zh-Hans", "zh-Hant"];

// ---------------------------------------------------------------------------
// site.yaml

/// `site.yaml`. Every field is optional; the defaults are documented in the README.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SiteConfig {
    pub title: String,
    pub language: String,
    /// The level ladder, top first. Empty: levels are free text.
    pub levels: Vec<String>,
    /// Positions outside the chart that roles report to (id -> entry).
    pub external: BTreeMap<String, External>,
    pub show_holders: bool,
    pub allow_raw_html: bool,
    /// What a report's `to:` naming no position and no external entry is:
    /// an error (the default), or a warning for a handbook that is
    /// published as it stands while its contradictions are sorted out.
    pub unknown_recipients: Severity,
    /// Overrides of interface strings, by key.
    pub strings: BTreeMap<String, String>,
    pub chart: ChartConfig,
    pub print: PrintConfig,
    pub search: SearchConfig,
    /// Fields of the site's own, for positions, units and people.
    pub fields: crate::fields::FieldDecls,
    /// The file's text, for locating problems found later.
    #[serde(skip)]
    pub source: Option<Source>,
}

impl Default for SiteConfig {
    fn default() -> Self {
        SiteConfig {
            title: "Organisation".into(),
            language: "en".into(),
            levels: Vec::new(),
            external: BTreeMap::new(),
            show_holders: true,
            allow_raw_html: false,
            unknown_recipients: Severity::Error,
            strings: BTreeMap::new(),
            chart: ChartConfig::default(),
            print: PrintConfig::default(),
            search: SearchConfig::default(),
            fields: Default::default(),
            source: None,
        }
    }
}

/// How a kind of problem is reported.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    #[default]
    Error,
    Warning,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct External {
    pub title: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ChartConfig {
    pub direction: Direction,
    /// How many levels of the chart the front page shows.
    pub front_depth: usize,
    pub color_by: ColorBy,
    /// Each box shows its first holder's photo (or initials avatar).
    pub photos: bool,
}

impl Default for ChartConfig {
    fn default() -> Self {
        ChartConfig {
            direction: Direction::TB,
            front_depth: 3,
            color_by: ColorBy::Unit,
            photos: false,
        }
    }
}

/// The printed handbook (`print.html`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PrintConfig {
    /// Above this many positions, `print.html` does not hold every role
    /// description: it lists printable volumes, one per unit (a document
    /// of thousands of pages is more than a browser can print).
    pub volumes_above: usize,
}

impl Default for PrintConfig {
    fn default() -> Self {
        PrintConfig { volumes_above: 500 }
    }
}

/// The search box's index.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SearchConfig {
    /// Up to this many positions, the text of duties is searchable too;
    /// above it, titles, units, holders and scope only, so that the index
    /// stays small enough to load in a browser.
    pub full_text_up_to: usize,
}

impl Default for SearchConfig {
    fn default() -> Self {
        SearchConfig {
            full_text_up_to: 2000,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum Direction {
    TB,
    LR,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ColorBy {
    Unit,
    Level,
}

// ---------------------------------------------------------------------------
// Position documents

/// The front matter of a position document, as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PositionFront {
    pub title: Option<String>,
    pub id: Option<String>,
    pub external_title: Option<String>,
    pub level: Option<String>,
    pub reports_to: Option<String>,
    #[serde(default, deserialize_with = "one_or_many")]
    pub dotted_line: Vec<String>,
    pub headcount: Option<u32>,
    #[serde(default)]
    pub holders: Vec<HolderSpec>,
    /// Seats filled by people the handbook does not name.
    pub unnamed: Option<u32>,
    pub scope: Option<String>,
    #[serde(default, deserialize_with = "one_or_many")]
    pub builds_on: Vec<String>,
    /// `false`: the reports of the positions built on are not taken over.
    pub inherit_reports: Option<bool>,
    /// `false`: their targets are not taken over.
    pub inherit_targets: Option<bool>,
    #[serde(default)]
    pub reports: Vec<ReportSpec>,
    #[serde(default)]
    pub targets: Vec<TargetSpec>,
    pub order: Option<i64>,
    #[serde(rename = "type", default)]
    pub kind: PositionType,
    #[serde(default, deserialize_with = "one_or_many")]
    pub tags: Vec<String>,
}

/// The fields a position document may have, for "did you mean" suggestions.
pub const POSITION_FIELDS: &[&str] = &[
    "title",
    "id",
    "external_title",
    "level",
    "reports_to",
    "dotted_line",
    "headcount",
    "holders",
    "unnamed",
    "scope",
    "builds_on",
    "inherit_reports",
    "inherit_targets",
    "reports",
    "targets",
    "order",
    "type",
    "tags",
];

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PositionType {
    #[default]
    Line,
    Staff,
}

/// A holder: a bare name (confirmed in post) or the full form.
#[derive(Debug, Clone)]
pub enum HolderSpec {
    Name(String),
    Full(HolderFull),
}

/// By hand rather than `#[serde(untagged)]`, so that a mistake inside the
/// full form is reported as itself ("unknown field `stauts`") instead of
/// "data did not match any variant".
impl<'de> Deserialize<'de> for HolderSpec {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = HolderSpec;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a name, or { name or person, status, concurrent }")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<HolderSpec, E> {
                Ok(HolderSpec::Name(v.to_string()))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<HolderSpec, A::Error> {
                HolderFull::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    .map(HolderSpec::Full)
            }
        }
        d.deserialize_any(V)
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HolderFull {
    /// A bare name, or the name of a person file's `name:`.
    pub name: Option<String>,
    /// The id of a person file (`people/ID.md`): for two people who share
    /// a name.
    pub person: Option<String>,
    #[serde(default)]
    pub status: HolderStatus,
    #[serde(default)]
    pub concurrent: bool,
}

#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Deserialize, serde::Serialize,
)]
#[serde(rename_all = "lowercase")]
pub enum HolderStatus {
    #[default]
    Confirmed,
    Pending,
    Acting,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportSpec {
    pub name: String,
    pub to: Option<String>,
    pub every: Cadence,
    /// Day of the month (monthly), of the week (weekly: 1 = Monday, or
    /// a weekday's name), or of the period, as written (see `schedule`).
    pub day: Option<String>,
    /// A yearly report's date (`"03-31"`), or the day of the period
    /// (`"+15"`), as written.
    pub date: Option<String>,
    /// Due time, `HH:MM`.
    pub by: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Cadence {
    Day,
    Week,
    Month,
    Quarter,
    Year,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TargetSpec {
    pub name: String,
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub unit: Option<String>,
    pub per: Option<Cadence>,
    /// Taken over through `builds_on` from this position (set by the model).
    #[serde(skip)]
    pub inherited_from: Option<usize>,
}

/// Accepts `x` as well as `[x, y]` for list fields.
fn one_or_many<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    struct V;
    impl<'de> serde::de::Visitor<'de> for V {
        type Value = Vec<String>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a name or a list of names")
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Vec<String>, E> {
            Ok(vec![v.to_string()])
        }
        fn visit_unit<E: serde::de::Error>(self) -> Result<Vec<String>, E> {
            Ok(Vec::new())
        }
        fn visit_none<E: serde::de::Error>(self) -> Result<Vec<String>, E> {
            Ok(Vec::new())
        }
        fn visit_seq<A: serde::de::SeqAccess<'de>>(
            self,
            mut seq: A,
        ) -> Result<Vec<String>, A::Error> {
            let mut out = Vec::new();
            while let Some(s) = seq.next_element::<String>()? {
                out.push(s);
            }
            Ok(out)
        }
    }
    d.deserialize_any(V)
}

/// Where a document's parts start in its file, for diagnostics.
#[derive(Debug, Clone, Default)]
pub struct Source {
    /// Path relative to the site folder.
    pub path: PathBuf,
    /// The YAML between the `---` lines.
    pub yaml: String,
    /// 1-based line of the first YAML line in the file.
    pub yaml_line: usize,
    /// 1-based line of the first body line in the file.
    pub body_line: usize,
    /// Where the parser found each key and list item.
    pub spans: front::Spans,
}

impl Source {
    /// Whether the front matter has a top-level `key` (with a value).
    pub fn has(&self, key: &str) -> bool {
        self.spans.key(key).is_some() && !self.spans.empty.iter().any(|k| k == key)
    }

    /// Line and column (1-based, in the file) of a top-level `key:` of the
    /// front matter, or of the first `needle` in its value. Falls back to
    /// the key, then to the opening `---`.
    pub fn locate(&self, key: &str, needle: Option<&str>) -> (usize, usize) {
        let Some(at) = self.spans.key(key) else {
            return (self.yaml_line.saturating_sub(1).max(1), 1);
        };
        let end = self.next_key_line(at.0);
        let value = self.spans.value(key).unwrap_or(at);
        self.find(value, end, needle).unwrap_or(at)
    }

    /// Like [`Source::locate`], inside the `nth` (0-based) item of a list
    /// under `key`, so that the third report points at the third report.
    pub fn locate_item(&self, key: &str, nth: usize, needle: Option<&str>) -> (usize, usize) {
        let Some(at) = self.spans.item(key, nth) else {
            return self.locate(key, needle);
        };
        let end = self
            .spans
            .item(key, nth + 1)
            .map(|(l, _)| l)
            .unwrap_or_else(|| self.next_key_line(at.0));
        self.find(at, end, needle).unwrap_or(at)
    }

    /// The line of the first top-level key after `line` (or the end).
    fn next_key_line(&self, line: usize) -> usize {
        self.spans
            .keys
            .iter()
            .map(|&(_, l, _)| l)
            .filter(|&l| l > line)
            .min()
            .unwrap_or(self.yaml_line + self.yaml.lines().count())
    }

    /// The first `needle` at or after `from` and before line `end`.
    fn find(
        &self,
        from: (usize, usize),
        end: usize,
        needle: Option<&str>,
    ) -> Option<(usize, usize)> {
        let needle = needle.filter(|n| !n.is_empty())?;
        let first = from.0.checked_sub(self.yaml_line)?;
        for (i, line) in self.yaml.lines().enumerate().skip(first) {
            let n = self.yaml_line + i;
            if n >= end && n > from.0 {
                break;
            }
            let skip = if n == from.0 { from.1 - 1 } else { 0 };
            let start = line.char_indices().nth(skip).map_or(line.len(), |(b, _)| b);
            if let Some(byte) = line[start..].find(needle) {
                return Some((n, line[..start + byte].chars().count() + 1));
            }
        }
        None
    }
}

/// A position document as loaded.
#[derive(Debug, Clone)]
pub struct PositionDoc {
    /// The file name without `.md`: the default id.
    pub stem: String,
    /// The folder it sits in, relative to `content/` (empty at the top).
    pub dir: PathBuf,
    pub front: PositionFront,
    pub body: String,
    pub source: Source,
    /// Values of the site's own fields (`site.yaml` `fields: position:`).
    pub fields: Vec<(String, crate::fields::FieldValue)>,
}

impl PositionDoc {
    pub fn id(&self) -> &str {
        self.front.id.as_deref().unwrap_or(&self.stem)
    }
}

/// A unit (a folder under `content/`), with its `_unit.md` if it has one.
#[derive(Debug, Clone)]
pub struct UnitDoc {
    /// Relative to `content/`.
    pub dir: PathBuf,
    pub front: UnitFront,
    pub body: String,
    pub source: Option<Source>,
    /// Values of the site's own fields (`site.yaml` `fields: unit:`).
    pub fields: Vec<(String, crate::fields::FieldValue)>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnitFront {
    pub name: Option<String>,
    pub id: Option<String>,
    pub order: Option<i64>,
    pub color: Option<String>,
}

const UNIT_FIELDS: &[&str] = &["name", "id", "order", "color"];

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndexFront {
    pub title: Option<String>,
}

/// The front page text (`content/_index.md`).
#[derive(Debug, Clone)]
pub struct IndexDoc {
    pub front: IndexFront,
    pub body: String,
    pub source: Source,
}

/// Everything read from a site folder.
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    pub config: SiteConfig,
    pub index: Option<IndexDoc>,
    /// Sorted by folder path.
    pub units: Vec<UnitDoc>,
    /// Sorted by file path.
    pub positions: Vec<PositionDoc>,
    /// Ids of position files that could not be read, so that references to
    /// them are not reported a second time.
    pub broken_ids: BTreeSet<String>,
    /// `people/`: one file per person, sorted by file name .
    pub people: Vec<crate::content::people::PersonDoc>,
}

/// Reads a whole site. Problems are collected in the returned diagnostics;
/// what could be read is returned all the same.
pub fn load(site: &Path) -> (Loaded, Diagnostics) {
    let mut diags = Diagnostics::new();
    let mut loaded = Loaded {
        config: load_config(site, &mut diags),
        ..Loaded::default()
    };
    let lang = loaded.config.language.clone();
    let content = site.join(CONTENT_DIR);
    if !content.is_dir() {
        diags.push(Diagnostic::file_error(
            CONTENT_DIR,
            "no content folder: a site keeps one Markdown file per position under content/ (`orgsite init` makes a new site)",
        ));
        return (loaded, diags);
    }

    let mut unit_files: BTreeMap<PathBuf, UnitParts> = BTreeMap::new();
    let decls = &loaded.config.fields;
    let (unit_dirs, files) = walk(site, &content, &mut diags);
    // Reading and parsing each file is independent of the others: in
    // parallel, then gathered in walk order, so results never depend on timing.
    let parsed: Vec<(Parsed, Diagnostics)> = files
        .into_par_iter()
        .map(|f| parse_file(f, &lang, decls))
        .collect();
    for (p, d) in parsed {
        diags.extend(d);
        match p {
            Parsed::Index(doc) => loaded.index = Some(doc),
            Parsed::Unit(dir, doc) => {
                unit_files.insert(dir, doc);
            }
            Parsed::Position(doc) => loaded.positions.push(*doc),
            Parsed::Broken(stem) => {
                loaded.broken_ids.insert(stem);
            }
            Parsed::Nothing => {}
        }
    }
    loaded.people = people::load(site, &lang, &loaded.config.fields.person, &mut diags);
    for dir in unit_dirs {
        let (front, body, source, fields) = match unit_files.remove(&dir) {
            Some((f, b, s, x)) => (f, b, (!s.path.as_os_str().is_empty()).then_some(s), x),
            None => (UnitFront::default(), String::new(), None, Vec::new()),
        };
        loaded.units.push(UnitDoc {
            dir,
            front,
            body,
            source,
            fields,
        });
    }
    (loaded, diags)
}

/// The folders (units) and Markdown documents under `content/`, in walk
/// order; every other file that is not a note is named in a diagnostic.
fn walk(site: &Path, content: &Path, diags: &mut Diagnostics) -> (BTreeSet<PathBuf>, Vec<MdFile>) {
    let mut unit_dirs: BTreeSet<PathBuf> = BTreeSet::new();
    let mut files: Vec<MdFile> = Vec::new();
    let walker = WalkDir::new(content)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(err) => {
                let path = err
                    .path()
                    .and_then(|p| p.strip_prefix(site).ok())
                    .map(Path::to_path_buf)
                    .unwrap_or_else(|| PathBuf::from(CONTENT_DIR));
                diags.push(Diagnostic::file_error(path, format!("cannot read: {err}")));
                continue;
            }
        };
        if entry.depth() == 0 {
            continue;
        }
        let rel_site = entry
            .path()
            .strip_prefix(site)
            .unwrap_or(entry.path())
            .to_path_buf();
        let rel_content = entry
            .path()
            .strip_prefix(content)
            .unwrap_or(entry.path())
            .to_path_buf();
        let ft = entry.file_type();
        if ft.is_symlink() {
            diags.push(Diagnostic::warning(
                rel_site,
                0,
                0,
                "symbolic link skipped: orgsite does not follow links in content/",
            ));
            continue;
        }
        let Some(name) = entry.file_name().to_str() else {
            diags.push(Diagnostic::file_error(
                rel_site,
                "file name is not valid UTF-8",
            ));
            continue;
        };
        if ft.is_dir() {
            unit_dirs.insert(rel_content);
            continue;
        }
        match md_kind(name) {
            MdKind::Document => {}
            MdKind::Note | MdKind::Other => continue,
            MdKind::NearMiss(special) => {
                diags.push(Diagnostic::warning(
                    rel_site,
                    0,
                    0,
                    format!("not read: the name is close to `{special}`, which orgsite reads; rename it `{special}` if that is what it is"),
                ));
                continue;
            }
            MdKind::Misspelt(stem) => {
                diags.push(Diagnostic::warning(
                    rel_site,
                    0,
                    0,
                    format!("not read: orgsite reads documents ending in `.md`; rename it `{stem}.md` (or `_{stem}.md` to keep it as a note)"),
                ));
                continue;
            }
        }
        if !ft.is_file() {
            diags.push(Diagnostic::file_error(
                rel_site,
                "not a regular file (a device, pipe or socket): orgsite reads only ordinary files",
            ));
            continue;
        }
        let dir = rel_content
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        files.push(MdFile {
            path: entry.path().to_path_buf(),
            rel_site,
            dir,
            name: name.to_string(),
        });
    }
    (unit_dirs, files)
}

/// What a file name under `content/` says the file is.
#[derive(Debug, PartialEq)]
enum MdKind {
    /// A position, `_unit.md` or `_index.md`.
    Document,
    /// `_notes.md`, `.draft.md`, `README.md`: a note for the handbook's
    /// editors, not part of the site.
    Note,
    /// Markdown under another ending (`.MD`, `.markdown`): its stem.
    Misspelt(String),
    /// Nearly `_unit.md` or `_index.md` (`_Unit.md`, `_units.md`): which.
    NearMiss(&'static str),
    Other,
}

fn md_kind(name: &str) -> MdKind {
    let lower = name.to_lowercase();
    for special in [UNIT_FILE, INDEX_FILE] {
        // Only note names: `unit.md` is a position's file.
        if name != special && name.starts_with('_') && strsim::levenshtein(&lower, special) <= 2 {
            return MdKind::NearMiss(special);
        }
    }
    if let Some(stem) = name.strip_suffix(".md") {
        if name == UNIT_FILE || name == INDEX_FILE {
            MdKind::Document
        } else if name.starts_with(['_', '.']) || stem.eq_ignore_ascii_case("readme") {
            MdKind::Note
        } else {
            MdKind::Document
        }
    } else {
        let lower = name.to_ascii_lowercase();
        match [".md", ".markdown", ".mdown", ".mkd"]
            .iter()
            .find(|e| lower.ends_with(*e))
        {
            Some(e) if !name.starts_with(['_', '.']) => {
                MdKind::Misspelt(name[..name.len() - e.len()].to_string())
            }
            _ => MdKind::Other,
        }
    }
}

/// A Markdown file found by the walk, to be read and parsed.
struct MdFile {
    path: PathBuf,
    rel_site: PathBuf,
    /// Its folder, relative to `content/`.
    dir: PathBuf,
    name: String,
}

/// A `_unit.md` as read: front matter, body, source, own fields.
type UnitParts = (
    UnitFront,
    String,
    Source,
    Vec<(String, crate::fields::FieldValue)>,
);

/// What one Markdown file turned out to be.
enum Parsed {
    Index(IndexDoc),
    Unit(PathBuf, UnitParts),
    Position(Box<PositionDoc>),
    /// A position file that could not be read; its id is remembered.
    Broken(String),
    Nothing,
}

fn parse_file(f: MdFile, lang: &str, decls: &crate::fields::FieldDecls) -> (Parsed, Diagnostics) {
    use crate::fields::Extra;
    let mut diags = Diagnostics::new();
    let stem = || f.name.strip_suffix(".md").unwrap_or(&f.name).to_string();
    let Some(text) = read_text(&f.path, &f.rel_site, &mut diags) else {
        return (Parsed::Broken(stem()), diags);
    };
    let parsed = match f.name.as_str() {
        INDEX_FILE if f.dir.as_os_str().is_empty() => {
            let (front, body, source, _) =
                parse_doc::<IndexFront>(&text, lang, &f.rel_site, &["title"], &[], &mut diags);
            Parsed::Index(IndexDoc {
                front,
                body,
                source,
            })
        }
        INDEX_FILE => {
            diags.push(Diagnostic::warning(
                &f.rel_site,
                0,
                0,
                "`_index.md` is only read at the top of content/; this one is ignored (use `_unit.md` to describe a unit)",
            ));
            Parsed::Nothing
        }
        UNIT_FILE => {
            let extra = Extra {
                kind: "unit",
                decls: &decls.unit,
            };
            let (front, body, source, _, fields) = parse_doc_with::<UnitFront>(
                &text,
                lang,
                &f.rel_site,
                (UNIT_FIELDS, Some(extra)),
                &[],
                &mut diags,
            );
            Parsed::Unit(f.dir.clone(), (front, body, source, fields))
        }
        _ => match parse_doc_with::<PositionFront>(
            &text,
            lang,
            &f.rel_site,
            (
                POSITION_FIELDS,
                Some(Extra {
                    kind: "position",
                    decls: &decls.position,
                }),
            ),
            &["title"],
            &mut diags,
        ) {
            (front, body, source, true, fields) => Parsed::Position(Box::new(PositionDoc {
                stem: stem(),
                dir: f.dir.clone(),
                front,
                body,
                source,
                fields,
            })),
            _ => Parsed::Broken(stem()),
        },
    };
    (parsed, diags)
}

fn load_config(site: &Path, diags: &mut Diagnostics) -> SiteConfig {
    let path = site.join(CONFIG_FILE);
    if fs::symlink_metadata(&path).is_err() {
        return SiteConfig::default();
    }
    let Some(text) = read_text(&path, Path::new(CONFIG_FILE), diags) else {
        return SiteConfig::default();
    };
    if text.trim().is_empty() {
        return SiteConfig::default();
    }
    const FIELDS: &[&str] = &[
        "title",
        "language",
        "levels",
        "external",
        "show_holders",
        "allow_raw_html",
        "unknown_recipients",
        "strings",
        "chart",
        "print",
        "search",
        "fields",
    ];
    // The language is not known before the file is read: its advice on
    // syntax errors is in English.
    let parsed =
        front::parse::<SiteConfig>(&text, "en", Path::new(CONFIG_FILE), 1, FIELDS, &[], diags);
    let source = Source {
        path: CONFIG_FILE.into(),
        yaml: text.clone(),
        yaml_line: 1,
        body_line: 1,
        spans: parsed.spans,
    };
    // What could be read is used even when something else is wrong, so
    // that a mistake in one field never turns `show_holders: false` back
    // into the default.
    let mut cfg = parsed.value.unwrap_or_default();
    if !LANGUAGES.contains(&cfg.language.as_str()) {
        let (line, col) = source.locate("language", Some(&cfg.language));
        let hint = closest(&cfg.language, LANGUAGES)
            .map(|c| format!("; did you mean `{c}`?"))
            .unwrap_or_default();
        diags.push(Diagnostic::error(
            CONFIG_FILE,
            line,
            col,
            format!(
                "unknown language `{}` (known: {}){hint}",
                cfg.language,
                LANGUAGES.join(", ")
            ),
        ));
    }
    own_fields(&cfg.fields, &source, diags);
    cfg.source = Some(source);
    cfg
}

/// A declared field may not take the name of a field orgsite reads itself.
fn own_fields(decls: &crate::fields::FieldDecls, source: &Source, diags: &mut Diagnostics) {
    let kinds = [
        ("position", &decls.position, POSITION_FIELDS),
        ("unit", &decls.unit, UNIT_FIELDS),
        ("person", &decls.person, people::PERSON_FIELDS),
    ];
    for (kind, d, builtin) in kinds {
        for name in d.names().filter(|n| builtin.contains(n)) {
            let (line, col) = source.locate("fields", Some(&format!("{name}:")));
            diags.push(Diagnostic::error(
                CONFIG_FILE,
                line,
                col,
                format!("fields: {kind}: `{name}` is a field orgsite already reads; give your own field another name"),
            ));
        }
    }
}

/// The largest file read, in bytes.
pub const MAX_FILE_BYTES: u64 = 8 << 20;

/// Reads a file as UTF-8 text, without a byte-order mark and with `\n` line ends.
/// Only regular files are read (a FIFO would block, `/dev/zero` never
/// ends), and at most [`MAX_FILE_BYTES`] of them. The text is kept in
/// `diags` (as far as it could be decoded) so that its problems are shown
/// with its lines as they were read here.
pub(crate) fn read_text(path: &Path, rel: &Path, diags: &mut Diagnostics) -> Option<String> {
    let bytes = match read_bounded(path) {
        Ok(b) => b,
        Err(msg) => {
            diags.push(Diagnostic::file_error(rel, msg));
            return None;
        }
    };
    match String::from_utf8(bytes) {
        Ok(mut text) => {
            if text.starts_with('\u{feff}') {
                text.drain(..'\u{feff}'.len_utf8());
            }
            if text.contains('\r') {
                text = text.replace("\r\n", "\n");
            }
            diags.add_source(rel, text.as_str());
            Some(text)
        }
        Err(err) => {
            let at = err.utf8_error().valid_up_to();
            let bytes = err.as_bytes();
            let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
            let col = String::from_utf8_lossy(
                &bytes[bytes[..at]
                    .iter()
                    .rposition(|&b| b == b'\n')
                    .map_or(0, |p| p + 1)..at],
            )
            .chars()
            .count()
                + 1;
            diags.push(Diagnostic::error(
                rel,
                line,
                col,
                "file is not UTF-8 text: save it as UTF-8",
            ));
            diags.add_source(rel, String::from_utf8_lossy(bytes));
            None
        }
    }
}

fn read_bounded(path: &Path) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let meta = fs::metadata(path).map_err(|e| format!("cannot read: {e}"))?;
    if !meta.is_file() {
        return Err(
            "not a regular file (a device, pipe or socket): orgsite reads only ordinary files"
                .into(),
        );
    }
    let too_big = |n: u64| {
        format!(
            "the file is {n} bytes or more; the limit is {MAX_FILE_BYTES} (8 MiB): split it, or keep large attachments outside content/"
        )
    };
    if meta.len() > MAX_FILE_BYTES {
        return Err(too_big(meta.len()));
    }
    let file = fs::File::open(path).map_err(|e| format!("cannot read: {e}"))?;
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read: {e}"))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_big(bytes.len() as u64));
    }
    Ok(bytes)
}

/// Splits `---\nYAML\n---\nbody` into its parts, with the line numbers
/// where YAML and body start. A file without front matter is all body.
pub fn split_front_matter(text: &str) -> (Option<&str>, usize, &str, usize) {
    let (yaml, yaml_line, body, body_line, _) = split(text);
    (yaml, yaml_line, body, body_line)
}

/// [`split_front_matter`], and whether a front matter that was opened is
/// closed (a `---` or `...` line); with no closing line, everything after
/// the opening line is YAML.
fn split(text: &str) -> (Option<&str>, usize, &str, usize, bool) {
    let Some(rest) = text
        .strip_prefix("---\n")
        .or_else(|| (text == "---").then_some(""))
    else {
        return (None, 1, text, 1, true);
    };
    let mut offset = 0;
    for (i, line) in rest.split_inclusive('\n').enumerate() {
        let bare = line.trim_end_matches('\n').trim_end();
        if bare == "---" || bare == "..." {
            let yaml = &rest[..offset];
            let body = &rest[offset + line.len()..];
            return (Some(yaml), 2, body, i + 3, true);
        }
        offset += line.len();
    }
    (Some(rest), 2, "", rest.lines().count() + 2, false)
}

/// Parses a document's front matter into `T`, with what could be read of it
/// and whether it was clean (every problem is in `diags`).
pub(crate) fn parse_doc<T: for<'de> Deserialize<'de> + Default>(
    text: &str,
    lang: &str,
    rel: &Path,
    fields: &[&str],
    required: &[&str],
    diags: &mut Diagnostics,
) -> (T, String, Source, bool) {
    let (v, body, source, clean, _) =
        parse_doc_with(text, lang, rel, (fields, None), required, diags);
    (v, body, source, clean)
}

/// [`parse_doc`], also reading the site's own fields declared for this
/// kind of document (`known.1`), whose values come last.
pub(crate) fn parse_doc_with<T: for<'de> Deserialize<'de> + Default>(
    text: &str,
    lang: &str,
    rel: &Path,
    known: (&[&str], Option<crate::fields::Extra>),
    required: &[&str],
    diags: &mut Diagnostics,
) -> (
    T,
    String,
    Source,
    bool,
    Vec<(String, crate::fields::FieldValue)>,
) {
    let (fields, extra) = known;
    let mut own = Vec::new();
    let (yaml, yaml_line, body, body_line, closed) = split(text);
    let mut source = Source {
        path: rel.to_path_buf(),
        yaml: yaml.unwrap_or_default().to_string(),
        yaml_line,
        body_line,
        spans: front::Spans::default(),
    };
    if !closed {
        diags.push(Diagnostic::error(
            rel,
            1,
            1,
            front::advice(lang, "never_closed", &[]),
        ));
        return (T::default(), String::new(), source, false, own);
    }
    let front = match yaml {
        Some(y) if !y.trim().is_empty() => {
            let parsed =
                front::parse_with::<T>(y, lang, rel, yaml_line, fields, extra, required, diags);
            source.spans = parsed.spans;
            own = parsed.extra;
            match parsed.value {
                Some(v) => (v, parsed.clean),
                None => (T::default(), false),
            }
        }
        _ => (T::default(), true),
    };
    (front.0, body.to_string(), source, front.1, own)
}

impl Default for PositionFront {
    fn default() -> Self {
        PositionFront {
            title: None,
            id: None,
            external_title: None,
            level: None,
            reports_to: None,
            dotted_line: Vec::new(),
            headcount: None,
            holders: Vec::new(),
            unnamed: None,
            scope: None,
            builds_on: Vec::new(),
            inherit_reports: None,
            inherit_targets: None,
            reports: Vec::new(),
            targets: Vec::new(),
            order: None,
            kind: PositionType::Line,
            tags: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_with_line_numbers() {
        let (yaml, yl, body, bl) = split_front_matter("---\ntitle: a\n---\nbody\n");
        assert_eq!((yaml, yl, body, bl), (Some("title: a\n"), 2, "body\n", 4));
        let (yaml, _, body, bl) = split_front_matter("no front matter");
        assert_eq!((yaml, body, bl), (None, "no front matter", 1));
        let (yaml, _, body, _) = split_front_matter("---\ntitle: a");
        assert_eq!((yaml, body), (Some("title: a"), ""));
        let (yaml, _, body, _) = split_front_matter("---\ntitle: a\n---");
        assert_eq!((yaml, body), (Some("title: a\n"), ""));
    }

    #[test]
    fn locates_keys_and_values_in_the_file() {
        let mut d = Diagnostics::new();
        let (_, _, src, _) = parse_doc::<PositionFront>(
            "---\ntitle: a\nreports:\n  - { name: r, to: 銷售總監, every: day }\nlevel: b\n---\n",
            "en",
            Path::new("x.md"),
            POSITION_FIELDS,
            &["title"],
            &mut d,
        );
        assert!(d.is_empty(), "{d}");
        assert_eq!(src.locate("level", None), (5, 1));
        assert_eq!(src.locate("reports", Some("銷售總監")), (4, 20));
        assert_eq!(src.locate("missing", None), (1, 1));
        let (_, _, list, _) = parse_doc::<PositionFront>(
            "---\nreports:\n  - { name: a, to: X, every: day }\n  - name: b\n    to: X\n    every: day\nlevel: c\n---\n",
            "en",
            Path::new("x.md"),
            POSITION_FIELDS,
            &[],
            &mut d,
        );
        assert!(d.is_empty(), "{d}");
        assert_eq!(list.locate_item("reports", 0, Some("X")), (3, 20));
        assert_eq!(list.locate_item("reports", 1, Some("X")), (5, 9));
        assert_eq!(list.locate_item("reports", 1, None), (4, 3));
    }

    #[test]
    fn note_and_misspelt_files_are_told_apart() {
        assert_eq!(md_kind("a.md"), MdKind::Document);
        assert_eq!(md_kind("a.md.md"), MdKind::Document);
        assert_eq!(md_kind("_unit.md"), MdKind::Document);
        assert_eq!(md_kind("_notes.md"), MdKind::Note);
        assert_eq!(md_kind("unit.md"), MdKind::Document);
        assert_eq!(md_kind("index.md"), MdKind::Document);
        assert_eq!(md_kind("README.md"), MdKind::Note);
        assert_eq!(md_kind("a.MD"), MdKind::Misspelt("a".into()));
        assert_eq!(md_kind("a.markdown"), MdKind::Misspelt("a".into()));
        assert_eq!(md_kind("logo.svg"), MdKind::Other);
        assert_eq!(md_kind("_Unit.md"), MdKind::NearMiss(UNIT_FILE));
        assert_eq!(md_kind("_units.md"), MdKind::NearMiss(UNIT_FILE));
        assert_eq!(md_kind("_unit.MD"), MdKind::NearMiss(UNIT_FILE));
        assert_eq!(md_kind("_indx.md"), MdKind::NearMiss(INDEX_FILE));
        assert_eq!(md_kind("_notes.md"), MdKind::Note);
        assert_eq!(md_kind("unit.md"), MdKind::Document);
        assert_eq!(md_kind("index.md"), MdKind::Document);
    }

    #[test]
    fn unknown_field_names_the_closest() {
        let mut d = Diagnostics::new();
        let r = parse_doc::<PositionFront>(
            "---\ntitle: a\nreport_to: b\n---\n",
            "en",
            Path::new("content/a.md"),
            POSITION_FIELDS,
            &[],
            &mut d,
        );
        assert!(!r.3);
        assert_eq!(
            d.to_string(),
            "content/a.md:3:1: error: `report_to`: unknown field; did you mean `reports_to`?\n"
        );
    }

    #[test]
    fn type_errors_point_into_the_file() {
        let mut d = Diagnostics::new();
        parse_doc::<PositionFront>(
            "---\ntitle: a\nheadcount: three\n---\n",
            "en",
            Path::new("a.md"),
            POSITION_FIELDS,
            &[],
            &mut d,
        );
        assert_eq!(
            d.to_string(),
            "a.md:3:12: error: headcount: expected a whole number, found `three`\n"
        );
    }
}
