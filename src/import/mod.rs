//! `orgsite import`: start a site from an HR system's export, and keep it
//! in sync with later exports.
//!
//! One job per part: [`read`] (and [`workbook`]) turn inputs into tables
//! of text, [`mapping`] says which column feeds which field, [`plan`]
//! turns rows into positions, people and units (a pure function),
//! [`write`] decides the files and the edits (by span, [`edit`]), and this
//! module applies them and reports what changed in `orgsite diff`'s words.

pub mod apply;
pub mod edit;
pub mod mapping;
pub mod plan;
pub mod problem;
pub mod read;
pub mod workbook;
pub mod write;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::diff::compare;
use crate::diff::report;
use crate::model::Org;

pub use problem::Problem;

/// What the command line asked for.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub files: Vec<PathBuf>,
    pub map: Option<PathBuf>,
    pub site: PathBuf,
    pub dry_run: bool,
    pub prune: bool,
    pub encoding: Option<String>,
    pub sheet: Option<String>,
}

/// What an import did (or, with problems, why it did nothing).
#[derive(Debug, Default)]
pub struct Outcome {
    /// Problems in the inputs; any error means nothing was written.
    pub problems: Vec<Problem>,
    /// The mapping used, as an import.yaml, when none was given.
    pub guessed: Option<String>,
    /// The changes in `orgsite diff`'s groups, and the closing report.
    pub report: String,
    /// Problems `orgsite check` finds in the result (should be none).
    pub check_errors: Vec<String>,
    pub written: bool,
}

impl Outcome {
    pub fn ok(&self) -> bool {
        !self.problems.iter().any(|p| !p.warning) && self.check_errors.is_empty()
    }
}

/// Reads the inputs and the mapping: the tables and the mapping to use.
fn inputs(o: &Options, out: &mut Outcome) -> Option<(Vec<read::Table>, mapping::Mapping)> {
    let ro = read::ReadOptions {
        encoding: o.encoding.clone(),
        sheet: o.sheet.clone(),
    };
    let mut tables = Vec::new();
    for f in &o.files {
        match read::read(f, &ro) {
            Ok(t) => tables.push(t),
            Err(p) => out.problems.extend(p),
        }
    }
    let m = match &o.map {
        Some(path) => {
            let shown = path.display().to_string();
            match std::fs::read_to_string(path) {
                Ok(text) => match mapping::parse(&text, &shown) {
                    Ok(m) => Some((m, shown)),
                    Err(p) => {
                        out.problems.push(p);
                        None
                    }
                },
                Err(e) => {
                    out.problems.push(Problem::error(
                        problem::At::file(&shown),
                        format!("cannot read: {e}"),
                    ));
                    None
                }
            }
        }
        None => tables.first().map(|t| {
            let m = mapping::guess(t);
            out.guessed = Some(m.to_yaml());
            (m, "the recognised mapping".to_string())
        }),
    };
    let (m, shown) = m?;
    if let Some(t) = tables.first() {
        out.problems.extend(m.check(t, &shown));
    }
    if tables.len() > 1 && m.join.is_none() {
        out.problems.push(Problem::error(
            problem::At::file(&shown),
            format!(
                "{} inputs, but no `join:` says how {} joins the first; name the column with `join: {{ on: COLUMN }}`",
                tables.len(),
                tables[1].name
            ),
        ));
    }
    if out.problems.iter().any(|p| !p.warning) {
        return None;
    }
    Some((tables, m))
}

/// Runs an import.
pub fn run(o: &Options) -> Outcome {
    let started = Instant::now();
    let mut out = Outcome::default();
    let Some((tables, m)) = inputs(o, &mut out) else {
        return out;
    };
    let plan = match plan::plan(&m, &tables) {
        Ok(mut p) => {
            out.problems.append(&mut p.warnings);
            p
        }
        Err(p) => {
            out.problems.extend(p);
            return out;
        }
    };
    let t = words(&o.site);
    let todo = t.get("imp_duties_todo").map(String::as_str).unwrap_or("");
    let w = write::writes(&o.site, &plan, &m, o.prune, todo);
    // The organisation before, and after.
    let has_content = o.site.join(crate::content::CONTENT_DIR).is_dir();
    let changed = !w.files.is_empty() || !w.removes.is_empty() || !w.copies.is_empty();
    let old = if has_content && changed {
        crate::validate::check(&o.site).0
    } else {
        Org::build(Default::default())
    };
    let new_org = if changed {
        // A dry run checks a copy; an import writes the site once and
        // undoes it when the result does not pass `orgsite check`.
        let checked = if o.dry_run {
            checked_copy(&o.site, &w)
        } else {
            written_and_checked(&o.site, &w)
        };
        let (org, errors) = match checked {
            Ok(c) => c,
            Err(e) => {
                let at = problem::At::file(&o.site.display().to_string());
                out.problems.push(Problem::error(at, e));
                return out;
            }
        };
        if !errors.is_empty() {
            out.check_errors = errors;
            return out;
        }
        out.written = !o.dry_run;
        Some(org)
    } else {
        None
    };
    let t = match &new_org {
        Some(n) => crate::diff::report::words(&n.config, &n.config.language),
        None => t,
    };
    out.report = summary(o, &t, &plan, &w, &old, new_org.as_ref(), started);
    out
}

/// The errors `orgsite check` finds in the site at `root`, as printed.
fn check(root: &Path) -> (Org, Vec<String>) {
    let (org, diags) = crate::validate::check(root);
    let errors = diags
        .sorted()
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.to_string())
        .collect();
    (org, errors)
}

/// The writes applied to a copy of the site, checked; the site untouched.
fn checked_copy(site: &Path, w: &write::Writes) -> Result<(Org, Vec<String>), String> {
    let tmp = apply::copy_site(site)?;
    let (_, r) = apply::apply(tmp.path(), w);
    r?;
    Ok(check(tmp.path()))
}

/// The writes applied to the site, checked, and rolled back when the
/// check finds errors (or a write fails).
fn written_and_checked(site: &Path, w: &write::Writes) -> Result<(Org, Vec<String>), String> {
    let (journal, r) = apply::apply(site, w);
    if let Err(e) = r {
        return Err(match journal.roll_back() {
            Ok(()) => format!("{e}; the site was put back as it was"),
            Err(more) => format!("{e}; {more}"),
        });
    }
    let (org, errors) = check(site);
    if !errors.is_empty() {
        journal.roll_back()?;
    }
    Ok((org, errors))
}

/// The interface strings for the site at `site`: its `language:` and
/// `strings:` in site.yaml; English when there is no site yet.
fn words(site: &Path) -> BTreeMap<String, String> {
    let path = site.join(crate::content::CONFIG_FILE);
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let node = marked_yaml::parse_yaml(0, text.as_str()).ok();
    let map = node.as_ref().and_then(|n| n.as_mapping());
    let mut cfg = crate::content::SiteConfig::default();
    if let Some(l) = map.and_then(|m| m.get_scalar("language")) {
        cfg.language = l.as_str().to_string();
    }
    for (k, v) in map
        .and_then(|m| m.get_mapping("strings"))
        .into_iter()
        .flat_map(|s| s.iter())
    {
        if let Some(v) = v.as_scalar() {
            cfg.strings
                .insert(k.as_str().to_string(), v.as_str().to_string());
        }
    }
    crate::i18n::strings(&cfg)
}

/// `key`'s text with each `{name}` filled.
fn say(t: &BTreeMap<String, String>, key: &str, args: &[(&str, &str)]) -> String {
    let mut s = t.get(key).cloned().unwrap_or_else(|| key.to_string());
    for (k, v) in args {
        s = s.replace(&format!("{{{k}}}"), v);
    }
    s
}

/// The changes in `orgsite diff`'s groups and the closing figures.
fn summary(
    o: &Options,
    t: &BTreeMap<String, String>,
    plan: &plan::Plan,
    w: &write::Writes,
    old: &Org,
    new: Option<&Org>,
    started: Instant,
) -> String {
    let mut s = String::new();
    if let Some(new) = new {
        changes(&mut s, t, old, new);
    }
    // Moves are in the Positions group (`file A -> B`).
    for (kind, id, path) in &w.left {
        let key = if o.prune { "imp_removed" } else { "imp_kept" };
        let kind = say(t, &format!("imp_{kind}"), &[]);
        let file = crate::diag::display_path(path);
        let _ = writeln!(
            s,
            "{}",
            say(t, key, &[("kind", &kind), ("id", id), ("file", &file)])
        );
    }
    let _ = writeln!(s, "\n{}", figures(o, t, plan, w, started));
    let sep = say(t, "list_sep", &[]);
    let st = &plan.stats;
    if !st.tokens.is_empty() {
        let toks: Vec<String> = st
            .tokens
            .iter()
            .map(|(k, n)| say(t, "imp_times", &[("what", k), ("n", &n.to_string())]))
            .collect();
        let _ = writeln!(
            s,
            "{}",
            say(t, "imp_tokens", &[("list", &toks.join(sep.as_str()))])
        );
    }
    if !st.unused.is_empty() {
        let cols: Vec<String> = st
            .unused
            .iter()
            .map(|(i, c)| match c.is_empty() {
                true => say(t, "imp_unnamed_column", &[("n", &i.to_string())]),
                false => c.clone(),
            })
            .collect();
        let _ = writeln!(
            s,
            "{}",
            say(t, "imp_unused", &[("list", &cols.join(sep.as_str()))])
        );
    }
    if let Some(line) = shared_names(t, &plan.people) {
        let _ = writeln!(s, "{line}");
    }
    if w.todo > 0 {
        let _ = writeln!(s, "{}", crate::i18n::plural(t, "imp_no_duties", w.todo));
    }
    s
}

/// The changes, grouped as `orgsite diff` groups them.
fn changes(s: &mut String, t: &BTreeMap<String, String>, old: &Org, new: &Org) {
    let changes = compare::compare(old, new);
    let colon = t.get("w_colon").map(String::as_str).unwrap_or(": ");
    for g in report::groups(&changes, t, true) {
        let _ = writeln!(s, "{}{colon}{}", g.heading, g.counts);
        for e in &g.entries {
            let line = if e.detail.is_empty() {
                e.subject.clone()
            } else {
                format!("{}{colon}{}", e.subject, e.detail)
            };
            let _ = writeln!(
                s,
                "  {} {}",
                e.sign.symbol(),
                crate::text::escape_controls(&line)
            );
        }
    }
}

/// `Imported 6 rows: 6 positions, ...; 17 files changed in 41 ms`.
fn figures(
    o: &Options,
    t: &BTreeMap<String, String>,
    plan: &plan::Plan,
    w: &write::Writes,
    started: Instant,
) -> String {
    let st = &plan.stats;
    let n = |key: &str, n: usize| crate::i18n::plural(t, key, n);
    let counts = [
        n("imp_positions", w.posts_written),
        n("imp_people", w.people_written),
        n("imp_units", w.units_written),
    ]
    .join(say(t, "imp_counts_sep", &[]).as_str());
    let seats = [
        n("imp_merged", st.merged),
        n("imp_job_shares", st.job_shares),
    ]
    .join(say(t, "imp_counts_sep", &[]).as_str());
    let counts = format!("{counts}{}{seats}", say(t, "imp_groups_sep", &[]));
    let files = w.files.len() + w.removes.len() + w.copies.len();
    let (key, files_key) = match o.dry_run {
        true => ("imp_would_import", "imp_files_to_change"),
        false => ("imp_imported", "imp_files_changed"),
    };
    let joined = match st.joined_rows {
        0 => String::new(),
        j => say(t, "imp_joined", &[("n", &j.to_string())]),
    };
    say(
        t,
        key,
        &[
            ("rows", &n("imp_rows", st.rows)),
            ("joined", &joined),
            ("counts", &counts),
            ("files", &n(files_key, files)),
            ("ms", &started.elapsed().as_millis().to_string()),
        ],
    )
}

/// People who share a name with many others: in real exports that is
/// mostly a marker the mapping does not know yet (a ministry's `ND` for a
/// withheld name on 116 rows, `ELIMINATED` on 10), imported as that many
/// people called so. Said, with what to do, rather than guessed at: two
/// real people can share a name.
fn shared_names(t: &BTreeMap<String, String>, people: &[plan::Person]) -> Option<String> {
    const MANY: usize = 5;
    let mut count: BTreeMap<&str, usize> = BTreeMap::new();
    for p in people {
        *count.entry(p.name.as_str()).or_default() += 1;
    }
    let mut many: Vec<(&str, usize)> = count.into_iter().filter(|&(_, n)| n >= MANY).collect();
    if many.is_empty() {
        return None;
    }
    many.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let list: Vec<String> = many
        .iter()
        .map(|(name, n)| {
            let what = format!("`{name}`");
            say(t, "imp_times", &[("what", &what), ("n", &n.to_string())])
        })
        .collect();
    let sep = say(t, "list_sep", &[]);
    Some(say(
        t,
        "imp_shared_names",
        &[
            ("min", &MANY.to_string()),
            ("list", &list.join(sep.as_str())),
        ],
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn en() -> BTreeMap<String, String> {
        crate::i18n::strings(&crate::content::SiteConfig::default())
    }

    fn people(names: &[(&str, usize)]) -> Vec<plan::Person> {
        let mut out = Vec::new();
        for &(name, n) in names {
            for k in 0..n {
                out.push(plan::Person {
                    id: format!("{name}-{k}"),
                    name: name.to_string(),
                    ..plan::Person::default()
                });
            }
        }
        out
    }

    #[test]
    fn a_name_on_many_rows_is_pointed_out_as_a_likely_marker() {
        let ps = people(&[
            ("ND", 116),
            ("ELIMINATED", 10),
            ("Ann Lee", 2),
            ("Vacant", 4),
        ]);
        assert_eq!(
            shared_names(&en(), &ps).as_deref(),
            Some(
                "Names shared by 5 or more people: `ND` x116, `ELIMINATED` x10: if one marks a \
                 withheld name or a vacancy, list it under `withheld:` or `vacant:` in the mapping"
            )
        );
        assert_eq!(
            shared_names(&en(), &people(&[("Ann Lee", 4), ("Bo Li", 1)])),
            None
        );
    }
}
