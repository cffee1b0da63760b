//! The public edition (`show_holders: false` or `build --public`): a site
//! with no person's name in any page, chart, search index, export or
//! printout, only the number of seats filled, pending and vacant.
//!
//! Names are removed from the organisation right after it is loaded, so no
//! later stage can leak them, whatever a template or an export does. What
//! the removal cannot reach is a name typed into the prose of a document;
//! [`names_in_text`] warns about those.

use aho_corasick::AhoCorasick;

use crate::diag::{Diagnostic, Diagnostics};
use crate::model::Org;

/// Makes `org` a public edition: every holder's name is emptied (the holder
/// stays, so seat counts stay right) and `show_holders` is turned off.
pub fn redact(org: &mut Org) {
    org.config.show_holders = false;
    org.personal = None;
}

/// Warnings for holders' names that appear in published text (titles,
/// scope, tags, report and target names, duties, unit and front-page text),
/// which a public edition would still show. Call before [`redact`].
pub fn names_in_text(org: &Org) -> Diagnostics {
    let mut names: Vec<&str> = org
        .personal
        .iter()
        .flat_map(|p| p.holders.iter().flatten().map(|w| w.name.trim()))
        .filter(|n| !n.is_empty())
        .collect();
    names.sort_unstable();
    names.dedup();
    let mut out = Diagnostics::new();
    if names.is_empty() {
        return out;
    }
    // One automaton for all the names reads each text once, however many
    // names there are (name by name, 3,000 positions took 16 s).
    let finder = match AhoCorasick::new(&names) {
        Ok(finder) => finder,
        Err(e) => {
            out.push(Diagnostic::warning(
                "site.yaml",
                0,
                0,
                format!("holders' names could not be looked for in the published text: {e}"),
            ));
            return out;
        }
    };
    let found = |text: &str| first_matches(&finder, &names, text);
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
            for (name, _) in found(value) {
                let (line, col) = src.locate(key, Some(name));
                out.push(warn(&src.path, line, col, name));
            }
        }
        body_names(&p.body, src.body_line, found, |line, col, name| {
            out.push(warn(&src.path, line, col, name))
        });
    }
    for u in &org.units {
        let Some(src) = &u.source else { continue };
        for (name, _) in found(&u.name) {
            let (line, col) = src.locate("name", Some(name));
            out.push(warn(&src.path, line, col, name));
        }
        body_names(&u.body, src.body_line, found, |line, col, name| {
            out.push(warn(&src.path, line, col, name))
        });
    }
    if let Some(src) = &org.intro_source {
        body_names(&org.intro, src.body_line, found, |line, col, name| {
            out.push(warn(&src.path, line, col, name))
        });
    }
    out
}

/// Each of `names` that occurs in `text`, once, with the byte where it
/// first starts, in the order of `names` (`finder` is built from them).
fn first_matches<'n>(finder: &AhoCorasick, names: &[&'n str], text: &str) -> Vec<(&'n str, usize)> {
    // Overlapping, so that `Ann` is found in `Anna` and in `Ann Lee` too.
    let mut first: Vec<(usize, usize)> = finder
        .find_overlapping_iter(text)
        .map(|m| (m.pattern().as_usize(), m.start()))
        .collect();
    first.sort_unstable();
    first.dedup_by_key(|&mut (name, _)| name);
    first
        .into_iter()
        .map(|(i, start)| (names[i], start))
        .collect()
}

/// Calls `found(line, column, name)` for each name on each line of a body.
fn body_names<'n>(
    body: &str,
    first_line: usize,
    names_in: impl Fn(&str) -> Vec<(&'n str, usize)>,
    mut found: impl FnMut(usize, usize, &str),
) {
    for (i, line) in body.lines().enumerate() {
        for (name, byte) in names_in(line) {
            found(first_line + i, line[..byte].chars().count() + 1, name);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_is_found_once_where_it_first_starts() {
        let names = ["Ann", "Ann Lee", "Anna", "Lee", "王曦虹"];
        let finder = AhoCorasick::new(names).expect("automaton");
        let found = |text: &str| first_matches(&finder, &names, text);
        // Overlapping names are each found, in the order of `names`.
        assert_eq!(
            found("Anna met Ann Lee; Lee left"),
            [("Ann", 0), ("Ann Lee", 9), ("Anna", 0), ("Lee", 13)]
        );
        assert_eq!(found("no one"), []);
        let mut seen = Vec::new();
        body_names(
            "x\n- 王曦虹 and Ann\r\n\nLee",
            7,
            found,
            |line, col, name| seen.push((line, col, name.to_string())),
        );
        assert_eq!(
            seen,
            [
                (8, 11, "Ann".to_string()),
                (8, 3, "王曦虹".to_string()),
                (10, 1, "Lee".to_string())
            ]
        );
    }
}
