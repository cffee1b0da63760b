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
    /// Overrides of interface strings, by key.
    pub strings: BTreeMap<String, String>,
    pub chart: ChartConfig,
    pub print: PrintConfig,
    pub search: SearchConfig,
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
            strings: BTreeMap::new(),
            chart: ChartConfig::default(),
            print: PrintConfig::default(),
            search: SearchConfig::default(),
            source: None,
        }
    }
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
}

impl Default for ChartConfig {
    fn default() -> Self {
        ChartConfig {
            direction: Direction::TB,
            front_depth: 3,
            color_by: ColorBy::Unit,
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
    pub scope: Option<String>,
    #[serde(default, deserialize_with = "one_or_many")]
    pub builds_on: Vec<String>,
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
    "scope",
    "builds_on",
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
                f.write_str("a name, or { name, status, concurrent }")
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
    pub name: String,
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
    /// Day of the month (monthly), of the week (weekly, 1 = Monday), or of the period.
    pub day: Option<u32>,
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
}

impl Source {
    /// Line and column (1-based, in the file) of a top-level `key:` of the
    /// front matter, or of the first `needle` at or after it. Falls back to
    /// the key, then to the opening `---`.
    pub fn locate(&self, key: &str, needle: Option<&str>) -> (usize, usize) {
        let lines: Vec<&str> = self.yaml.lines().collect();
        let key_at = lines.iter().position(|l| {
            l.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with(':'))
        });
        let Some(k) = key_at else {
            return (self.yaml_line.saturating_sub(1).max(1), 1);
        };
        if let Some(needle) = needle.filter(|n| !n.is_empty()) {
            for (i, line) in lines.iter().enumerate().skip(k) {
                // Stop at the next top-level key.
                if i > k && !line.starts_with([' ', '\t', '-', '#']) && !line.is_empty() {
                    break;
                }
                let from = if i == k { key.len() } else { 0 };
                if let Some(byte) = line.get(from..).and_then(|rest| rest.find(needle)) {
                    let col = line[..from + byte].chars().count() + 1;
                    return (self.yaml_line + i, col);
                }
            }
        }
        (self.yaml_line + k, 1)
    }
}

impl Source {
    /// Like [`Source::locate`], inside the `nth` (0-based) item of a list
    /// under `key`, so that the third report points at the third report.
    pub fn locate_item(&self, key: &str, nth: usize, needle: Option<&str>) -> (usize, usize) {
        let lines: Vec<&str> = self.yaml.lines().collect();
        let (key_line, _) = self.locate(key, None);
        let Some(k) = key_line
            .checked_sub(self.yaml_line)
            .filter(|&k| k < lines.len())
        else {
            return self.locate(key, needle);
        };
        let indent = |l: &str| l.len() - l.trim_start().len();
        let mut item_indent = None;
        let mut count = 0;
        let mut start = None;
        for (i, line) in lines.iter().enumerate().skip(k + 1) {
            if indent(line) == 0
                && !line.trim().is_empty()
                && !line.starts_with('-')
                && !line.starts_with('#')
            {
                break;
            }
            if line.trim_start().starts_with('-') && item_indent.is_none_or(|w| w == indent(line)) {
                item_indent = Some(indent(line));
                if count == nth {
                    start = Some(i);
                    break;
                }
                count += 1;
            }
        }
        let Some(start) = start else {
            return self.locate(key, needle);
        };
        if let Some(needle) = needle.filter(|n| !n.is_empty()) {
            for (i, line) in lines.iter().enumerate().skip(start) {
                if i > start
                    && line.trim_start().starts_with('-')
                    && Some(indent(line)) == item_indent
                {
                    break;
                }
                if let Some(byte) = line.find(needle) {
                    return (self.yaml_line + i, line[..byte].chars().count() + 1);
                }
            }
        }
        (self.yaml_line + start, indent(lines[start]) + 1)
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
}

/// Reads a whole site. Problems are collected in the returned diagnostics;
/// what could be read is returned all the same.
pub fn load(site: &Path) -> (Loaded, Diagnostics) {
    let mut diags = Diagnostics::new();
    let mut loaded = Loaded {
        config: load_config(site, &mut diags),
        ..Loaded::default()
    };
    let content = site.join(CONTENT_DIR);
    if !content.is_dir() {
        diags.push(Diagnostic::file_error(
            CONTENT_DIR,
            "no content folder: a site keeps one Markdown file per position under content/ (`orgsite init` makes a new site)",
        ));
        return (loaded, diags);
    }

    let mut unit_dirs: BTreeSet<PathBuf> = BTreeSet::new();
    let mut unit_files: BTreeMap<PathBuf, (UnitFront, String, Source)> = BTreeMap::new();
    let mut files: Vec<MdFile> = Vec::new();
    let walker = WalkDir::new(&content)
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
            .strip_prefix(&content)
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
        if !name.ends_with(".md") {
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
    // Reading and parsing each file is independent of the others: in
    // parallel, then gathered in walk order, so results never depend on timing.
    let parsed: Vec<(Parsed, Diagnostics)> = files.into_par_iter().map(parse_file).collect();
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
    for dir in unit_dirs {
        let (front, body, source) = match unit_files.remove(&dir) {
            Some((f, b, s)) => (f, b, (!s.path.as_os_str().is_empty()).then_some(s)),
            None => (UnitFront::default(), String::new(), None),
        };
        loaded.units.push(UnitDoc {
            dir,
            front,
            body,
            source,
        });
    }
    (loaded, diags)
}

/// A Markdown file found by the walk, to be read and parsed.
struct MdFile {
    path: PathBuf,
    rel_site: PathBuf,
    /// Its folder, relative to `content/`.
    dir: PathBuf,
    name: String,
}

/// What one Markdown file turned out to be.
enum Parsed {
    Index(IndexDoc),
    Unit(PathBuf, (UnitFront, String, Source)),
    Position(Box<PositionDoc>),
    /// A position file that could not be read; its id is remembered.
    Broken(String),
    Nothing,
}

fn parse_file(f: MdFile) -> (Parsed, Diagnostics) {
    let mut diags = Diagnostics::new();
    let stem = || f.name.trim_end_matches(".md").to_string();
    let Some(text) = read_text(&f.path, &f.rel_site, &mut diags) else {
        return (Parsed::Broken(stem()), diags);
    };
    let parsed = match f.name.as_str() {
        INDEX_FILE if f.dir.as_os_str().is_empty() => {
            match parse_doc::<IndexFront>(&text, &f.rel_site, &["title"], &mut diags) {
                Some((front, body, source)) => Parsed::Index(IndexDoc {
                    front,
                    body,
                    source,
                }),
                None => Parsed::Nothing,
            }
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
            let doc = parse_doc::<UnitFront>(&text, &f.rel_site, UNIT_FIELDS, &mut diags)
                .unwrap_or_else(|| (UnitFront::default(), String::new(), Source::default()));
            Parsed::Unit(f.dir.clone(), doc)
        }
        _ => match parse_doc::<PositionFront>(&text, &f.rel_site, POSITION_FIELDS, &mut diags) {
            Some((front, body, source)) => Parsed::Position(Box::new(PositionDoc {
                stem: stem(),
                dir: f.dir.clone(),
                front,
                body,
                source,
            })),
            None => Parsed::Broken(stem()),
        },
    };
    (parsed, diags)
}

fn load_config(site: &Path, diags: &mut Diagnostics) -> SiteConfig {
    let path = site.join(CONFIG_FILE);
    if !path.exists() {
        return SiteConfig::default();
    }
    let Some(text) = read_text(&path, Path::new(CONFIG_FILE), diags) else {
        return SiteConfig::default();
    };
    if text.trim().is_empty() {
        return SiteConfig::default();
    }
    let source = Source {
        path: CONFIG_FILE.into(),
        yaml: text.clone(),
        yaml_line: 1,
        body_line: 1,
    };
    const FIELDS: &[&str] = &[
        "title",
        "language",
        "levels",
        "external",
        "show_holders",
        "allow_raw_html",
        "strings",
        "chart",
        "print",
        "search",
    ];
    match parse_yaml::<SiteConfig>(&text, &source, FIELDS, diags) {
        Some(mut cfg) => {
            cfg.source = Some(source.clone());
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
            cfg
        }
        None => SiteConfig::default(),
    }
}

/// Reads a file as UTF-8 text, without a byte-order mark and with `\n` line ends.
fn read_text(path: &Path, rel: &Path, diags: &mut Diagnostics) -> Option<String> {
    let bytes = match fs::read(path) {
        Ok(b) => b,
        Err(err) => {
            diags.push(Diagnostic::file_error(rel, format!("cannot read: {err}")));
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
            None
        }
    }
}

/// Splits `---\nYAML\n---\nbody` into its parts, with the line numbers
/// where YAML and body start. A file without front matter is all body.
pub fn split_front_matter(text: &str) -> (Option<&str>, usize, &str, usize) {
    let Some(rest) = text
        .strip_prefix("---\n")
        .or_else(|| (text == "---").then_some(""))
    else {
        return (None, 1, text, 1);
    };
    let mut offset = 0;
    for (i, line) in rest.split_inclusive('\n').enumerate() {
        let bare = line.trim_end_matches('\n').trim_end();
        if bare == "---" || bare == "..." {
            let yaml = &rest[..offset];
            let body = &rest[offset + line.len()..];
            return (Some(yaml), 2, body, i + 3);
        }
        offset += line.len();
    }
    // No closing line: everything after the opening line is YAML.
    (Some(rest), 2, "", rest.lines().count() + 2)
}

/// Parses a document's front matter into `T`.
fn parse_doc<T: for<'de> Deserialize<'de> + Default>(
    text: &str,
    rel: &Path,
    fields: &[&str],
    diags: &mut Diagnostics,
) -> Option<(T, String, Source)> {
    let (yaml, yaml_line, body, body_line) = split_front_matter(text);
    let source = Source {
        path: rel.to_path_buf(),
        yaml: yaml.unwrap_or_default().to_string(),
        yaml_line,
        body_line,
    };
    let front = match yaml {
        Some(y) if !y.trim().is_empty() => parse_yaml::<T>(y, &source, fields, diags)?,
        _ => T::default(),
    };
    Some((front, body.to_string(), source))
}

/// Parses YAML into `T`, with every problem located in the file: the text
/// is parsed once, as plain YAML, checked by [`check_keys`], then turned into
/// `T`; only when that fails is the text parsed again, for the error's line.
fn parse_yaml<T: for<'de> Deserialize<'de>>(
    yaml: &str,
    source: &Source,
    fields: &[&str],
    diags: &mut Diagnostics,
) -> Option<T> {
    let value = match serde_yaml::from_str::<serde_yaml::Value>(yaml) {
        Ok(v) => v,
        Err(err) => {
            diags.push(yaml_diagnostic(&err, source));
            return None;
        }
    };
    if !check_keys(&value, source, fields, diags) {
        return None;
    }
    match serde_yaml::from_value::<T>(value) {
        Ok(v) => Some(v),
        Err(_) => {
            let err = serde_yaml::from_str::<T>(yaml).err()?;
            diags.push(yaml_diagnostic(&err, source));
            None
        }
    }
}

/// The front matter as plain YAML: a mapping, and every unknown top-level
/// field reported at once, not only the first (syntax errors and duplicate
/// keys, which would otherwise silently win, are caught by the parse).
/// False when it found errors.
fn check_keys(
    value: &serde_yaml::Value,
    source: &Source,
    fields: &[&str],
    diags: &mut Diagnostics,
) -> bool {
    let serde_yaml::Value::Mapping(map) = value else {
        let (line, col) = (source.yaml_line, 1);
        diags.push(Diagnostic::error(
            &source.path,
            line,
            col,
            "the front matter must be `field: value` lines (e.g. `title: ...`)",
        ));
        return false;
    };
    let mut ok = true;
    for key in map.keys() {
        let name = match key {
            serde_yaml::Value::String(s) => s.clone(),
            other => serde_yaml::to_string(other)
                .unwrap_or_default()
                .trim()
                .to_string(),
        };
        if !fields.contains(&name.as_str()) {
            let (line, col) = source.locate(&name, None);
            diags.push(Diagnostic::error(
                &source.path,
                line,
                col,
                unknown_field(&name, fields),
            ));
            ok = false;
        }
    }
    ok
}

fn unknown_field(field: &str, fields: &[&str]) -> String {
    match closest(field, fields.iter().copied()) {
        Some(c) => format!("`{field}`: unknown field; did you mean `{c}`?"),
        None => format!(
            "`{field}`: unknown field (known fields: {})",
            fields.join(", ")
        ),
    }
}

/// Removes the YAML parser's own ` at line N column M`, which counts lines
/// of the YAML block, not of the file; the diagnostic carries the location.
fn strip_yaml_locations(msg: &str) -> String {
    let mut out = String::with_capacity(msg.len());
    let mut rest = msg;
    while let Some(i) = rest.find(" at line ") {
        out.push_str(&rest[..i]);
        let tail = &rest[i + " at line ".len()..];
        let digits = |s: &str| s.len() - s.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        let n = digits(tail);
        let after = &tail[n..];
        match after.strip_prefix(" column ") {
            Some(col) if n > 0 => rest = &col[digits(col)..],
            _ => {
                out.push_str(" at line ");
                rest = tail;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Turns a YAML error into a diagnostic located in the file, not the YAML block.
fn yaml_diagnostic(err: &serde_yaml::Error, source: &Source) -> Diagnostic {
    // An unclosed `[` or `{` is noticed lines later; libyaml names where the
    // list or mapping began, which is where the fix goes.
    let raw = err.to_string();
    for (what, open, close) in [("flow sequence", '[', ']'), ("flow mapping", '{', '}')] {
        let marker = format!("while parsing a {what} at line ");
        if let Some(i) = raw.find(&marker) {
            let nums: Vec<usize> = raw[i + marker.len()..]
                .split(|c: char| !c.is_ascii_digit())
                .filter(|s| !s.is_empty())
                .take(2)
                .filter_map(|s| s.parse().ok())
                .collect();
            if let [l, c] = nums[..] {
                return Diagnostic::error(
                    &source.path,
                    source.yaml_line + l - 1,
                    c,
                    format!(
                        "this `{open}` is not closed: end the list with `{close}` on the same line"
                    ),
                );
            }
        }
    }
    let mut msg = strip_yaml_locations(&err.to_string())
        .replace("expected u32", "expected a whole number")
        .replace("expected i64", "expected a whole number")
        .replace("expected f64", "expected a number");
    // serde: "reports[0]: unknown field `x`, expected one of `a`, `b`" (or
    // "expected `a`" when there is one field).
    if let Some(at) = msg.find("unknown variant `") {
        let rest = &msg[at + "unknown variant `".len()..];
        if let Some((value, tail)) = rest.split_once('`') {
            let known: Vec<&str> = tail.split('`').skip(1).step_by(2).collect();
            let hint = match closest(value, known.iter().copied()) {
                Some(c) => format!("; did you mean `{c}`?"),
                None => format!(" (one of: {})", known.join(", ")),
            };
            msg = format!("{}`{value}` is not allowed here{hint}", &msg[..at]);
        }
    }
    if let Some(at) = msg.find("unknown field `") {
        let rest = &msg[at + "unknown field `".len()..];
        if let Some((field, tail)) = rest.split_once('`') {
            let known: Vec<&str> = tail.split('`').skip(1).step_by(2).collect();
            let prefix = &msg[..at];
            msg = format!("{prefix}{}", unknown_field(field, &known));
        }
    }
    let (mut line, mut col) = match err.location() {
        Some(loc) => (source.yaml_line + loc.line() - 1, loc.column()),
        None => (source.yaml_line, 1),
    };
    // A duplicate key is located at the first one; point at the second,
    // which is the one a reader would otherwise believe.
    let duplicate = msg
        .find("duplicate entry with key \"")
        .map(|i| (i, &msg[i + "duplicate entry with key \"".len()..], '"'))
        .or_else(|| {
            msg.find("duplicate field `")
                .map(|i| (i, &msg[i + "duplicate field `".len()..], '`'))
        });
    if let Some((at, rest, quote)) = duplicate {
        let key = rest.split(quote).next().unwrap_or_default().to_string();
        let lines: Vec<&str> = source.yaml.lines().collect();
        let from = line.saturating_sub(source.yaml_line);
        let indent = lines
            .get(from)
            .map_or(0, |l| l.len() - l.trim_start().len());
        let mut second = lines.iter().enumerate().skip(from).filter(|(_, l)| {
            l.len() - l.trim_start().len() == indent
                && l.trim_start()
                    .strip_prefix(key.as_str())
                    .is_some_and(|r| r.trim_start().starts_with(':'))
        });
        if let Some((i, _)) = second.nth(1) {
            (line, col) = (source.yaml_line + i, indent + 1);
        }
        msg = format!("{}`{key}` is given twice; keep one", &msg[..at]);
    }
    Diagnostic::error(&source.path, line, col, msg)
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
            scope: None,
            builds_on: Vec::new(),
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
        let src = Source {
            path: "x.md".into(),
            yaml: "title: a\nreports:\n  - { name: r, to: 銷售總監 }\nlevel: b\n".into(),
            yaml_line: 2,
            body_line: 7,
        };
        assert_eq!(src.locate("level", None), (5, 1));
        assert_eq!(src.locate("reports", Some("銷售總監")), (4, 20));
        assert_eq!(src.locate("missing", None), (1, 1));
        let list = Source {
            yaml: "reports:\n  - { name: a, to: X }\n  - name: b\n    to: X\nlevel: c\n".into(),
            ..src
        };
        assert_eq!(list.locate_item("reports", 0, Some("X")), (3, 20));
        assert_eq!(list.locate_item("reports", 1, Some("X")), (5, 9));
        assert_eq!(list.locate_item("reports", 1, None), (4, 3));
    }

    #[test]
    fn yaml_locations_are_stripped() {
        assert_eq!(
            strip_yaml_locations(
                "did not find ',' at line 3 column 6, while parsing at line 2 column 10"
            ),
            "did not find ',', while parsing"
        );
        assert_eq!(strip_yaml_locations("at line noon"), "at line noon");
    }

    #[test]
    fn unknown_field_names_the_closest() {
        let mut d = Diagnostics::new();
        let r = parse_doc::<PositionFront>(
            "---\ntitle: a\nreport_to: b\n---\n",
            Path::new("content/a.md"),
            POSITION_FIELDS,
            &mut d,
        );
        assert!(r.is_none());
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
            Path::new("a.md"),
            POSITION_FIELDS,
            &mut d,
        );
        let s = d.to_string();
        assert!(
            s.starts_with("a.md:3:12: error: headcount: invalid type"),
            "{s}"
        );
    }
}
