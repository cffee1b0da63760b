//! `orgsite import`: start a site from an HR system's export, and keep it
//! in sync with later exports.
//!
//! One job per part: [`read`] (and [`workbook`]) turn inputs into tables
//! of text, [`mapping`] says which column feeds which field, [`plan`]
//! turns rows into positions, people and units (a pure function),
//! [`write`] decides the files and the edits (by span, [`edit`]), and this
//! module applies them and reports what changed in `orgsite diff`'s words.

pub mod edit;
pub mod mapping;
pub mod plan;
pub mod problem;
pub mod read;
pub mod workbook;
pub mod write;

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
    let w = write::writes(&o.site, &plan, &m, o.prune);
    // The organisation before, and after (in a copy for a dry run).
    let has_content = o.site.join(crate::content::CONTENT_DIR).is_dir();
    let changed = !w.files.is_empty() || !w.removes.is_empty() || !w.copies.is_empty();
    let old = if has_content && changed {
        crate::validate::check(&o.site).0
    } else {
        Org::build(Default::default())
    };
    // Applied to a copy first: the real site is written only when the
    // result passes `orgsite check`, and a dry run stops there.
    let new_org = if changed {
        let tmp = match copy_site(&o.site) {
            Ok(t) => t,
            Err(e) => {
                out.problems.push(Problem::error(
                    problem::At::file(&o.site.display().to_string()),
                    e,
                ));
                return out;
            }
        };
        if let Err(e) = apply(tmp.path(), &w) {
            out.problems.push(Problem::error(
                problem::At::file(&o.site.display().to_string()),
                e,
            ));
            return out;
        }
        let (org, diags) = crate::validate::check(tmp.path());
        out.check_errors = diags
            .sorted()
            .iter()
            .filter(|d| d.is_error())
            .map(|d| d.to_string())
            .collect();
        if !out.check_errors.is_empty() {
            return out;
        }
        if !o.dry_run {
            if let Err(e) = apply(&o.site, &w) {
                out.problems.push(Problem::error(
                    problem::At::file(&o.site.display().to_string()),
                    e,
                ));
                return out;
            }
            out.written = true;
        }
        Some(org)
    } else {
        None
    };
    out.report = summary(o, &plan, &w, &old, new_org.as_ref(), started);
    out
}

/// The changes in `orgsite diff`'s groups and the closing figures.
fn summary(
    o: &Options,
    plan: &plan::Plan,
    w: &write::Writes,
    old: &Org,
    new: Option<&Org>,
    started: Instant,
) -> String {
    let mut s = String::new();
    if let Some(new) = new {
        let changes = compare::compare(old, new);
        let t = report::words(&new.config, &new.config.language);
        for g in report::groups(&changes, &t, true) {
            let colon = t.get("w_colon").map(String::as_str).unwrap_or(": ");
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
    // Moves are in the Positions group (`file A -> B`).
    for (kind, id, path) in &w.left {
        let what = if o.prune {
            "removed (--prune)"
        } else {
            "no longer in the source (kept; --prune removes it)"
        };
        let _ = writeln!(
            s,
            "{kind} {id} ({}): {what}",
            crate::diag::display_path(path)
        );
    }
    let st = &plan.stats;
    let _ = writeln!(
        s,
        "\n{} {} rows{}: {} positions, {} people, {} units; {} seats merged, {} job shares; {} files {} in {} ms",
        if o.dry_run { "Would import" } else { "Imported" },
        st.rows,
        if st.joined_rows > 0 { format!(" (+{} joined)", st.joined_rows) } else { String::new() },
        w.posts_written,
        w.people_written,
        w.units_written,
        st.merged,
        st.job_shares,
        w.files.len() + w.removes.len() + w.copies.len(),
        if o.dry_run { "to change" } else { "changed" },
        started.elapsed().as_millis()
    );
    if !st.tokens.is_empty() {
        let toks: Vec<String> = st.tokens.iter().map(|(k, n)| format!("{k} x{n}")).collect();
        let _ = writeln!(s, "Tokens seen: {}", toks.join(", "));
    }
    if !st.unused.is_empty() {
        let _ = writeln!(s, "Columns not imported: {}", st.unused.join(", "));
    }
    if let Some(line) = shared_names(&plan.people) {
        let _ = writeln!(s, "{line}");
    }
    s
}

/// People who share a name with many others: in real exports that is
/// mostly a marker the mapping does not know yet (a ministry's `ND` for a
/// withheld name on 116 rows, `ELIMINATED` on 10), imported as that many
/// people called so. Said, with what to do, rather than guessed at: two
/// real people can share a name.
fn shared_names(people: &[plan::Person]) -> Option<String> {
    const MANY: usize = 5;
    let mut count: std::collections::BTreeMap<&str, usize> = Default::default();
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
        .map(|(name, n)| format!("`{name}` x{n}"))
        .collect();
    Some(format!(
        "Names shared by {MANY} or more people: {}: if one marks a withheld name or a vacancy, \
         list it under `withheld:` or `vacant:` in the mapping",
        list.join(", ")
    ))
}

/// A copy of a site's source (content/, people/, site.yaml and the import
/// state) in a temporary folder, for a dry run.
fn copy_site(site: &Path) -> Result<tempfile::TempDir, String> {
    // On the site's own file system (inside it when it exists): a copy in
    // the system's temp folder, on another disk, cost most of a 10,000-row
    // import in inode allocation alone (perf: ext4's find_get_block and
    // recently_deleted, 40% of all samples, with the site on a RAM disk).
    let near = site
        .ancestors()
        .find(|a| a.is_dir())
        .map(Path::to_path_buf)
        .unwrap_or_else(std::env::temp_dir);
    let tmp = tempfile::Builder::new()
        .prefix(".orgsite-import-")
        .tempdir_in(&near)
        .or_else(|_| tempfile::Builder::new().prefix("orgsite-import-").tempdir())
        .map_err(|e| format!("cannot make a temporary folder: {e}"))?;
    for name in ["content", "people", "site.yaml", write::STATE] {
        let from = site.join(name);
        if from.is_file() {
            std::fs::copy(&from, tmp.path().join(name))
                .map_err(|e| format!("cannot copy {}: {e}", from.display()))?;
        } else if from.is_dir() {
            for e in walkdir::WalkDir::new(&from)
                .into_iter()
                .filter_map(Result::ok)
            {
                let rel = e.path().strip_prefix(site).map_err(|e| e.to_string())?;
                let to = tmp.path().join(rel);
                if e.file_type().is_dir() {
                    std::fs::create_dir_all(&to).map_err(|e| e.to_string())?;
                } else {
                    std::fs::copy(e.path(), &to).map_err(|e| format!("cannot copy {}: {e}", e))?;
                }
            }
        }
    }
    Ok(tmp)
}

/// Writes and removes files under `root`.
fn apply(root: &Path, w: &write::Writes) -> Result<(), String> {
    for p in &w.removes {
        if !w.files.contains_key(p) {
            let full = root.join(p);
            std::fs::remove_file(&full)
                .map_err(|e| format!("cannot remove {}: {e}", full.display()))?;
        }
    }
    for (from, p) in &w.copies {
        let full = root.join(p);
        if let Some(dir) = full.parent() {
            std::fs::create_dir_all(dir)
                .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        }
        std::fs::copy(from, &full)
            .map_err(|e| format!("cannot copy {} to {}: {e}", from.display(), full.display()))?;
    }
    for (p, text) in &w.files {
        let full = root.join(p);
        if let Some(dir) = full.parent() {
            std::fs::create_dir_all(dir)
                .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        }
        std::fs::write(&full, text).map_err(|e| format!("cannot write {}: {e}", full.display()))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

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
            shared_names(&ps).as_deref(),
            Some(
                "Names shared by 5 or more people: `ND` x116, `ELIMINATED` x10: if one marks a \
                 withheld name or a vacancy, list it under `withheld:` or `vacant:` in the mapping"
            )
        );
        assert_eq!(shared_names(&people(&[("Ann Lee", 4), ("Bo Li", 1)])), None);
    }
}
