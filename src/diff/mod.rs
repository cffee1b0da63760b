//! `orgsite diff`: what changed in the organisation between two points of
//! the git history the handbook already lives in.
//!
//! Three parts with one job each: [`git`] reads the site as it was at a
//! revision (into a temporary folder, never touching the working tree),
//! [`compare`] compares two organisations (a pure function), and
//! [`report`] turns the changes into text, Markdown or JSON. This module
//! only joins them: load both sides with the ordinary loader, compare.

pub mod compare;
pub mod git;
pub mod lines;
pub mod report;

use std::path::Path;

use crate::diag::Diagnostic;
use crate::model::Org;
use crate::validate;

pub use compare::{compare, Changes, Mark};
pub use git::{Repo, Revision};

/// A comparison of two sides of a site's history, ready to report.
#[derive(Debug)]
pub struct Diff {
    /// The site's title on the newer side.
    pub title: String,
    /// The older side (always a revision).
    pub from_rev: Option<Revision>,
    /// The newer side; none for the working tree.
    pub to_rev: Option<Revision>,
    /// What loading and validating each side reported: a side with errors
    /// is compared as far as it could be read.
    pub from_diagnostics: Vec<Diagnostic>,
    pub to_diagnostics: Vec<Diagnostic>,
    pub changes: Changes,
    /// The newer side's configuration: language and `show_holders`.
    pub config: crate::content::SiteConfig,
}

/// HEAD, when the site's files in the working tree are those of HEAD: a
/// clean tree is named by its last commit rather than "the working tree".
fn clean_head(repo: &Repo, site: &Path) -> Option<Revision> {
    repo.resolve("HEAD")
        .ok()
        .filter(|head| repo.unchanged_since(head, site))
}

/// The site at a revision: loaded from a temporary copy of its files.
pub fn load_at(repo: &Repo, rev: &Revision) -> Result<(Org, Vec<Diagnostic>), String> {
    let tmp = tempfile::Builder::new()
        .prefix("orgsite-diff-")
        .tempdir()
        .map_err(|e| format!("cannot make a temporary folder: {e}"))?;
    repo.materialise(rev, tmp.path())?;
    let (org, diags) = validate::check(tmp.path());
    Ok((org, diags.sorted()))
}

/// Compares the site in `site` at revision `from` with revision `to`, or
/// with the working tree when `to` is none.
pub fn diff(site: &Path, from: &str, to: Option<&str>) -> Result<Diff, String> {
    let repo = Repo::discover(site)?;
    let from_rev = repo.resolve(from)?;
    let to_rev = to.map(|t| repo.resolve(t)).transpose()?;
    let (old, from_diagnostics) = load_at(&repo, &from_rev)?;
    let (new, to_diagnostics) = match &to_rev {
        Some(r) => load_at(&repo, r)?,
        None => {
            let (org, d) = validate::check(site);
            (org, d.sorted())
        }
    };
    let to_rev = to_rev.or_else(|| clean_head(&repo, site));
    Ok(Diff {
        title: new.title.clone(),
        changes: compare(&old, &new),
        from_rev: Some(from_rev),
        to_rev,
        from_diagnostics,
        to_diagnostics,
        config: new.config.clone(),
    })
}

/// What changed since `rev`, for `build --changes-since`: the site at
/// `rev` compared with `current`, the organisation being built. Its newer
/// side is HEAD when the site's files are those of HEAD, else the working
/// tree.
pub fn since(site: &Path, rev: &str, current: &Org) -> Result<Diff, String> {
    let repo = Repo::discover(site)?;
    let from_rev = repo.resolve(rev)?;
    let (old, from_diagnostics) = load_at(&repo, &from_rev)?;
    let to_rev = clean_head(&repo, site);
    Ok(Diff {
        title: current.title.clone(),
        changes: compare(&old, current),
        from_rev: Some(from_rev),
        to_rev,
        from_diagnostics,
        to_diagnostics: Vec::new(),
        config: current.config.clone(),
    })
}
