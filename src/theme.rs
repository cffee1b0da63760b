//! The theme: templates, static files and interface strings built into the
//! binary, and a site's own `themes/default/` laid over them. Every file
//! under its `templates/` replaces the built-in template of that name or
//! adds one (a partial its templates `{% include %}`, named by its path
//! there: `partials/footer.html`); every file under `static/` replaces the
//! built-in file of that name or is copied to the output as well, at the
//! same path. A language file in `i18n/` need only give the strings it
//! changes. Names beginning with `.` are left out, as in `content/`; every
//! other file is used or named in a diagnostic.
//!
//! The charts' rules live once, in `style.css` (see [`Theme::chart_style`]):
//! pages get them from there, and the standalone `chart.svg` carries a copy
//! of the site's own.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use walkdir::WalkDir;

use crate::diag::{Diagnostic, Diagnostics};

const TEMPLATES: &[(&str, &str)] = &[
    (
        "base.html",
        include_str!("../themes/default/templates/base.html"),
    ),
    (
        "index.html",
        include_str!("../themes/default/templates/index.html"),
    ),
    (
        "position.html",
        include_str!("../themes/default/templates/position.html"),
    ),
    (
        "unit.html",
        include_str!("../themes/default/templates/unit.html"),
    ),
    (
        "staffing.html",
        include_str!("../themes/default/templates/staffing.html"),
    ),
    (
        "legend.html",
        include_str!("../themes/default/templates/legend.html"),
    ),
    (
        "changes.html",
        include_str!("../themes/default/templates/changes.html"),
    ),
    (
        "position_body.html",
        include_str!("../themes/default/templates/position_body.html"),
    ),
    (
        "staffing_table.html",
        include_str!("../themes/default/templates/staffing_table.html"),
    ),
    (
        "reporting_tables.html",
        include_str!("../themes/default/templates/reporting_tables.html"),
    ),
    (
        "reporting.html",
        include_str!("../themes/default/templates/reporting.html"),
    ),
    (
        "people.html",
        include_str!("../themes/default/templates/people.html"),
    ),
    (
        "person.html",
        include_str!("../themes/default/templates/person.html"),
    ),
    (
        "print.html",
        include_str!("../themes/default/templates/print.html"),
    ),
    (
        "404.html",
        include_str!("../themes/default/templates/404.html"),
    ),
    (
        "units.html",
        include_str!("../themes/default/templates/units.html"),
    ),
    (
        "chart.html",
        include_str!("../themes/default/templates/chart.html"),
    ),
    (
        "chart_print_page.html",
        include_str!("../themes/default/templates/chart_print_page.html"),
    ),
];

const STATIC: &[(&str, &[u8])] = &[
    (
        "style.css",
        include_bytes!("../themes/default/static/style.css"),
    ),
    (
        "search.js",
        include_bytes!("../themes/default/static/search.js"),
    ),
    (
        "favicon.svg",
        include_bytes!("../themes/default/static/favicon.svg"),
    ),
    (
        "chart.css",
        include_bytes!("../themes/default/static/chart.css"),
    ),
    (
        "chart.js",
        include_bytes!("../themes/default/static/chart.js"),
    ),
    (
        "people.js",
        include_bytes!("../themes/default/static/people.js"),
    ),
];

/// The interface strings of each language, (language, YAML text): every
/// `themes/default/i18n/<language>.yaml`, listed by `build.rs`.
pub const I18N: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/i18n_files.rs"));

/// Where a site keeps its own theme, relative to the site.
pub const SITE_THEME: &str = "themes/default";

/// The files the build writes at the top of the output, which a static
/// file may not replace.
pub const GENERATED_FILES: &[&str] = &[
    "index.html",
    "staffing.html",
    "units.html",
    "reporting.html",
    "people.html",
    "print.html",
    "404.html",
    "chart.html",
    "chart.svg",
    "changes.html",
    "org.dot",
    "org.json",
    "org.csv",
    "reporting.ics",
    "search-index.js",
    "people.vcf",
    "people.csv",
];

/// The folders the build writes one page per position or unit into, which
/// static files stay out of.
pub const GENERATED_FOLDERS: &[&str] = &["positions", "units", "print", "people"];

/// The comments of a stylesheet around the charts' rules.
const RULES_BEGIN: &str = "/* chart rules begin";
const RULES_END: &str = "/* chart rules end */";

/// The rules between the comments `/* chart rules begin ... */` and
/// `/* chart rules end */` of a stylesheet (the theme's `style.css`), as
/// a standalone SVG carries them: the lines run together, escaped for
/// XML. `None` when the stylesheet has no such part.
pub fn chart_rules(css: &str) -> Option<String> {
    let begin = css.find(RULES_BEGIN)?;
    let after = begin + css[begin..].find("*/")? + 2;
    let end = after + css[after..].find(RULES_END)?;
    let mut out = String::new();
    for line in css[after..end]
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
    {
        // A line break between two parts of a selector is a space.
        if !out.is_empty() && !out.ends_with(['}', '{', ';', ',']) {
            out.push(' ');
        }
        for c in line.chars() {
            match c {
                '&' => out.push_str("&amp;"),
                '<' => out.push_str("&lt;"),
                c => out.push(c),
            }
        }
    }
    Some(out)
}

/// The charts' rules of the built-in theme's `style.css`.
pub fn builtin_style() -> &'static str {
    static STYLE: OnceLock<String> = OnceLock::new();
    STYLE.get_or_init(|| {
        chart_rules(include_str!("../themes/default/static/style.css")).unwrap_or_default()
    })
}

/// The theme a site is rendered with.
#[derive(Debug, Clone)]
pub struct Theme {
    templates: Vec<(String, String)>,
    statics: Vec<(String, Vec<u8>)>,
    /// The site's own language files, (language, YAML text), laid over
    /// [`I18N`] key by key.
    i18n: Vec<(String, String)>,
    /// The charts' rules, from `style.css`.
    chart_style: String,
}

/// A file found under a folder of the site's theme.
struct Found {
    /// Relative to the site, for messages.
    path: PathBuf,
    /// Relative to the theme's folder, with `/` between its parts.
    name: String,
    bytes: Vec<u8>,
}

impl Theme {
    /// The built-in theme.
    pub fn builtin() -> Theme {
        let mut theme = Theme {
            templates: TEMPLATES
                .iter()
                .map(|(n, s)| (n.to_string(), s.to_string()))
                .collect(),
            statics: STATIC
                .iter()
                .map(|(n, b)| (n.to_string(), b.to_vec()))
                .collect(),
            i18n: Vec::new(),
            chart_style: String::new(),
        };
        theme.chart_style = theme.chart_style_from_css();
        theme
    }

    /// The built-in theme with the site's own files laid over it; every
    /// file that cannot be used is named in an error.
    pub fn for_site(site: &Path) -> Result<Theme, Diagnostics> {
        let mut theme = Theme::builtin();
        let mut d = Diagnostics::new();
        let dir = site.join(SITE_THEME);
        for f in files_under(site, &dir.join("templates"), &mut d) {
            match String::from_utf8(f.bytes) {
                Ok(text) => set(&mut theme.templates, f.name, text),
                Err(_) => d.push(Diagnostic::file_error(
                    f.path,
                    "not read: a template must be UTF-8 text",
                )),
            }
        }
        for f in files_under(site, &dir.join("static"), &mut d) {
            match output_name_problem(&f.name) {
                None => set(&mut theme.statics, f.name, f.bytes),
                Some(why) => d.push(Diagnostic::file_error(
                    f.path,
                    format!("not copied: `{}` cannot name an output file: {why}", f.name),
                )),
            }
        }
        theme.read_i18n(site, &dir.join("i18n"), &mut d);
        theme.chart_style = theme.chart_style_from_css();
        if d.has_errors() {
            Err(d)
        } else {
            Ok(theme)
        }
    }

    /// The language files directly in `i18n/`, `<language>.yaml`.
    fn read_i18n(&mut self, site: &Path, dir: &Path, d: &mut Diagnostics) {
        if !dir.is_dir() {
            return;
        }
        let entries = match fs::read_dir(dir) {
            Ok(e) => e,
            Err(e) => {
                d.push(Diagnostic::file_error(
                    rel(site, dir),
                    format!("cannot read: {e}"),
                ));
                return;
            }
        };
        for entry in entries {
            let p = match entry {
                Ok(e) => e.path(),
                Err(e) => {
                    d.push(Diagnostic::file_error(
                        rel(site, dir),
                        format!("cannot read: {e}"),
                    ));
                    continue;
                }
            };
            let lang = p
                .file_name()
                .and_then(|n| n.to_str())
                .and_then(|n| n.strip_suffix(".yaml"));
            if let Some(lang) = lang.filter(|_| p.is_file()) {
                match fs::read_to_string(&p) {
                    Ok(text) => self.i18n.push((lang.to_string(), text)),
                    Err(e) => d.push(Diagnostic::file_error(
                        rel(site, &p),
                        format!("cannot read: {e}"),
                    )),
                }
            }
        }
        self.i18n.sort();
    }

    /// The site's own language files, (language, YAML text).
    pub fn i18n(&self) -> &[(String, String)] {
        &self.i18n
    }

    /// Every template, (name, text): the built-in ones in their order, then
    /// those the site adds, by name.
    pub fn templates(&self) -> &[(String, String)] {
        &self.templates
    }

    /// Every static file, (path in the output, bytes): the built-in ones in
    /// their order, then those the site adds, by name.
    pub fn static_files(&self) -> Vec<(String, Vec<u8>)> {
        self.statics.clone()
    }

    /// The charts' rules, as the standalone `chart.svg` carries them in its
    /// `<style>`: the part of the theme's `style.css` between the comments
    /// `/* chart rules begin ... */` and `/* chart rules end */`, one line
    /// per rule run together, escaped for XML. A site's own `style.css`
    /// thus styles `chart.svg` as it styles the charts inside pages; one
    /// without those comments leaves `chart.svg` the built-in rules.
    pub fn chart_style(&self) -> &str {
        &self.chart_style
    }

    fn chart_style_from_css(&self) -> String {
        self.statics
            .iter()
            .find(|(n, _)| n == "style.css")
            .and_then(|(_, b)| std::str::from_utf8(b).ok())
            .and_then(chart_rules)
            .unwrap_or_else(|| builtin_style().to_string())
    }
}

/// Replaces the entry named `name`, or adds it after the others.
fn set<T>(list: &mut Vec<(String, T)>, name: String, value: T) {
    match list.iter_mut().find(|(n, _)| *n == name) {
        Some((_, v)) => *v = value,
        None => list.push((name, value)),
    }
}

/// Every file under `dir` (a folder of the site's theme), by name, leaving
/// out names that begin with `.`; what cannot be read is named in `d`.
/// Links are followed, as a site's theme is its own.
fn files_under(site: &Path, dir: &Path, d: &mut Diagnostics) -> Vec<Found> {
    let mut out = Vec::new();
    if !dir.is_dir() {
        return out;
    }
    let walker = WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(err) => {
                let at = err.path().unwrap_or(dir);
                d.push(Diagnostic::file_error(
                    rel(site, at),
                    format!("cannot read: {err}"),
                ));
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let path = rel(site, entry.path());
        let inside = entry.path().strip_prefix(dir).unwrap_or(entry.path());
        let parts: Option<Vec<&str>> = inside.iter().map(|c| c.to_str()).collect();
        let Some(parts) = parts else {
            d.push(Diagnostic::file_error(
                path,
                "not read: the file name is not valid UTF-8",
            ));
            continue;
        };
        match fs::read(entry.path()) {
            Ok(bytes) => out.push(Found {
                name: parts.join("/"),
                path,
                bytes,
            }),
            Err(e) => d.push(Diagnostic::file_error(path, format!("cannot read: {e}"))),
        }
    }
    out
}

/// `p` relative to the site, for messages.
fn rel(site: &Path, p: &Path) -> PathBuf {
    p.strip_prefix(site).unwrap_or(p).to_path_buf()
}

/// Why a static file's name (`a/b.css`) cannot name a file of the output,
/// if it cannot: a part no file system takes, or a file the build writes.
fn output_name_problem(name: &str) -> Option<String> {
    for part in name.split('/') {
        if let Some(why) = crate::text::bad_file_name(part) {
            return Some(format!("`{part}`: {why}"));
        }
    }
    // Compared as Windows and macOS compare names.
    let folded = name.to_lowercase();
    let first = folded.split('/').next().unwrap_or("");
    if GENERATED_FOLDERS.contains(&first) && folded != first {
        return Some(format!("orgsite writes its own pages into `{first}/`"));
    }
    if GENERATED_FILES.contains(&folded.as_str()) {
        return Some("orgsite writes that file itself".to_string());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_chart_rules_come_from_the_themes_style_css() {
        let mut theme = Theme::builtin();
        assert_eq!(theme.chart_style(), builtin_style());
        let css = "a{}\n/* chart rules begin */\n.oc-box{fill:red}\n/* chart rules end */\n";
        set(&mut theme.statics, "style.css".into(), css.into());
        assert_eq!(theme.chart_style_from_css(), ".oc-box{fill:red}");
        // A stylesheet without the comments leaves the built-in rules.
        set(&mut theme.statics, "style.css".into(), b"a{}".to_vec());
        assert_eq!(theme.chart_style_from_css(), builtin_style());
    }

    #[test]
    fn output_names() {
        assert_eq!(output_name_problem("brand/logo.svg"), None);
        assert_eq!(output_name_problem("positions.css"), None);
        assert_eq!(output_name_problem("style.css"), None);
        for bad in [
            "con.css",
            "a/b:c.css",
            "Index.html",
            "positions/x.html",
            "org.json",
        ] {
            assert!(output_name_problem(bad).is_some(), "{bad}");
        }
    }
}
