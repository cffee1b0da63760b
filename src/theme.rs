//! The theme: templates, static files and interface strings built into the
//! binary, each replaceable by a file of the same name in the site's own
//! `themes/default/templates/`, `themes/default/static/` or
//! `themes/default/i18n/` (where a language file need only give the strings
//! it changes).

use std::fs;
use std::path::Path;

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
        "print.html",
        include_str!("../themes/default/templates/print.html"),
    ),
    (
        "404.html",
        include_str!("../themes/default/templates/404.html"),
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
];

/// The interface strings of each language, (language, YAML text): every
/// `themes/default/i18n/<language>.yaml`, listed by `build.rs`.
pub const I18N: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/i18n_files.rs"));

/// The theme a site is rendered with.
#[derive(Debug, Clone)]
pub struct Theme {
    templates: Vec<(String, String)>,
    statics: Vec<(String, Vec<u8>)>,
    /// The site's own language files, (language, YAML text), laid over
    /// [`I18N`] key by key.
    i18n: Vec<(String, String)>,
}

impl Theme {
    /// The built-in theme.
    pub fn builtin() -> Theme {
        Theme {
            templates: TEMPLATES
                .iter()
                .map(|(n, s)| (n.to_string(), s.to_string()))
                .collect(),
            statics: STATIC
                .iter()
                .map(|(n, b)| (n.to_string(), b.to_vec()))
                .collect(),
            i18n: Vec::new(),
        }
    }

    /// The built-in theme with the site's own files laid over it.
    pub fn for_site(site: &Path) -> std::io::Result<Theme> {
        let mut theme = Theme::builtin();
        let dir = site.join("themes").join("default");
        for (name, text) in &mut theme.templates {
            let p = dir.join("templates").join(&*name);
            if p.is_file() {
                *text = fs::read_to_string(&p)?;
            }
        }
        for (name, bytes) in &mut theme.statics {
            let p = dir.join("static").join(&*name);
            if p.is_file() {
                *bytes = fs::read(&p)?;
            }
        }
        let i18n = dir.join("i18n");
        if i18n.is_dir() {
            for entry in fs::read_dir(&i18n)? {
                let p = entry?.path();
                let lang = p
                    .file_name()
                    .and_then(|n| n.to_str())
                    .and_then(|n| n.strip_suffix(".yaml"));
                if let Some(lang) = lang.filter(|_| p.is_file()) {
                    theme.i18n.push((lang.to_string(), fs::read_to_string(&p)?));
                }
            }
            theme.i18n.sort();
        }
        Ok(theme)
    }

    /// The site's own language files, (language, YAML text).
    pub fn i18n(&self) -> &[(String, String)] {
        &self.i18n
    }

    pub fn templates(&self) -> &[(String, String)] {
        &self.templates
    }

    pub fn static_files(&self) -> Vec<(String, Vec<u8>)> {
        self.statics.clone()
    }
}
