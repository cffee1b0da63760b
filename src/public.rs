//! The public edition (`show_holders: false` or `build --public`): a site
//! with no person's name in any page, chart, search index, export or
//! printout, only the number of seats filled, pending and vacant.
//!
//! Names are removed from the organisation right after it is loaded, so no
//! later stage can leak them, whatever a template or an export does. What
//! the removal cannot reach is a name typed into the prose of a document;
//! [`names_in_text`] warns about those.

use crate::diag::{Diagnostic, Diagnostics};
use crate::model::Org;

/// Makes `org` a public edition: every holder's name is emptied (the holder
/// stays, so seat counts stay right) and `show_holders` is turned off.
pub fn redact(org: &mut Org) {
    org.config.show_holders = false;
    for p in &mut org.positions {
        for h in &mut p.holders {
            h.name.clear();
        }
    }
}

/// Warnings for holders' names that appear in published text (titles,
/// scope, tags, report and target names, duties, unit and front-page text),
/// which a public edition would still show. Call before [`redact`].
pub fn names_in_text(org: &Org) -> Diagnostics {
    let mut names: Vec<&str> = org
        .positions
        .iter()
        .flat_map(|p| p.holders.iter().map(|h| h.name.trim()))
        .filter(|n| !n.is_empty())
        .collect();
    names.sort_unstable();
    names.dedup();
    let mut out = Diagnostics::new();
    if names.is_empty() {
        return out;
    }
    let warn = |path: &std::path::Path, line: usize, col: usize, name: &str| {
        Diagnostic::warning(
            path,
            line,
            col,
            format!("`{name}` is a holder's name; the public edition still shows it here"),
        )
    };
    for p in &org.positions {
        let src = &p.source;
        let mut fields: Vec<(&str, &str)> = vec![("title", p.title.as_str())];
        fields.extend(p.external_title.as_deref().map(|s| ("external_title", s)));
        fields.extend(p.scope.as_deref().map(|s| ("scope", s)));
        fields.extend(p.tags.iter().map(|s| ("tags", s.as_str())));
        fields.extend(p.reports.iter().map(|r| ("reports", r.name.as_str())));
        fields.extend(p.targets.iter().map(|t| ("targets", t.name.as_str())));
        for (key, value) in fields {
            for name in names.iter().filter(|n| value.contains(**n)) {
                let (line, col) = src.locate(key, Some(name));
                out.push(warn(&src.path, line, col, name));
            }
        }
        body_names(&p.body, src.body_line, &names, |line, col, name| {
            out.push(warn(&src.path, line, col, name))
        });
    }
    for u in &org.units {
        let Some(src) = &u.source else { continue };
        for name in names.iter().filter(|n| u.name.contains(**n)) {
            let (line, col) = src.locate("name", Some(name));
            out.push(warn(&src.path, line, col, name));
        }
        body_names(&u.body, src.body_line, &names, |line, col, name| {
            out.push(warn(&src.path, line, col, name))
        });
    }
    if let Some(src) = &org.intro_source {
        body_names(&org.intro, src.body_line, &names, |line, col, name| {
            out.push(warn(&src.path, line, col, name))
        });
    }
    out
}

/// Calls `found(line, column, name)` for each name on each line of a body.
fn body_names(
    body: &str,
    first_line: usize,
    names: &[&str],
    mut found: impl FnMut(usize, usize, &str),
) {
    for (i, line) in body.lines().enumerate() {
        for name in names {
            if let Some(byte) = line.find(name) {
                found(first_line + i, line[..byte].chars().count() + 1, name);
            }
        }
    }
}
