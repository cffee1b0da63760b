//! The changes as something to read: groups of entries, each a sign
//! (added, removed, changed), a subject and a line of detail, in the
//! site's language. The terminal text, the Markdown and the changes page
//! are all drawn from [`groups`]; JSON is the [`Changes`] themselves.

use std::collections::BTreeMap;
use std::fmt::Write;

use serde::Serialize;

use super::compare::{Changes, HolderState, Item, Post, ReportState, Target, TargetState};
use super::git::{describe, Revision};
use super::Diff;
use crate::content::{HolderStatus, SiteConfig};
use crate::diag::Diagnostic;
use crate::i18n;

/// The strings of a report in `language`: the site's interface strings,
/// which hold the report's own words too (`d_`, `g_`, `c_` and `w_` keys of
/// the theme's language files).
pub fn words(config: &SiteConfig, language: &str) -> BTreeMap<String, String> {
    let cfg = SiteConfig {
        language: language.to_string(),
        ..config.clone()
    };
    i18n::strings(&cfg)
}

/// What an entry is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Sign {
    Added,
    Removed,
    Changed,
}

impl Sign {
    pub fn symbol(self) -> &'static str {
        match self {
            Sign::Added => "+",
            Sign::Removed => "-",
            Sign::Changed => "~",
        }
    }
}

/// One line of the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entry {
    pub sign: Sign,
    pub subject: String,
    /// The position the subject names, by id, when it exists on the newer
    /// side (for a link to its page).
    pub position: Option<String>,
    pub detail: String,
    /// The duty lines an edit added and removed ("Duties edited").
    pub lines: super::lines::DutyLines,
}

/// A group of entries with its heading and counts
/// (`Positions: 1 added, 1 removed`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Group {
    pub key: &'static str,
    pub heading: String,
    pub counts: String,
    pub entries: Vec<Entry>,
}

/// Words from the table, `{name}` placeholders filled.
struct Words<'a> {
    t: &'a BTreeMap<String, String>,
}

impl Words<'_> {
    fn w<'k>(&'k self, k: &'k str) -> &'k str {
        self.t.get(k).map(String::as_str).unwrap_or(k)
    }

    /// `s` in the report's parentheses, attached to what precedes it.
    fn paren(&self, s: &str) -> String {
        format!("{}{s}{}", self.w("w_paren_open"), self.w("w_paren_close"))
    }

    fn counts(&self, parts: &[(usize, &str)]) -> String {
        parts
            .iter()
            .filter(|(n, _)| *n > 0)
            .map(|(n, k)| {
                self.w("w_counts")
                    .replace("{n}", &n.to_string())
                    .replace("{word}", self.w(k))
            })
            .collect::<Vec<_>>()
            .join(self.w("list_sep"))
    }

    fn target(&self, t: &Option<Target>) -> String {
        match t {
            None => "—".to_string(),
            Some(t) if t.kind == "missing" => {
                format!("{}{}", t.title, self.paren(self.w("unknown_position")))
            }
            Some(t) if t.kind == "external" => {
                format!("{}{}", t.title, self.paren(self.w("external")))
            }
            Some(t) => t.title.clone(),
        }
    }

    fn status(&self, s: HolderState) -> String {
        let mut out = match s.status {
            HolderStatus::Confirmed => self.w("w_confirmed"),
            HolderStatus::Pending => self.w("pending"),
            HolderStatus::Acting => self.w("acting"),
        }
        .to_lowercase();
        if s.concurrent {
            out.push_str(&self.paren(self.w("concurrent")));
        }
        out
    }

    fn post(&self, p: &Post) -> String {
        let mut out = p.position.title.clone();
        let state = HolderState {
            status: p.status,
            concurrent: p.concurrent,
        };
        if p.status != HolderStatus::Confirmed || p.concurrent {
            out.push_str(&self.paren(&self.status(state)));
        }
        out
    }

    fn posts(&self, ps: &[Post]) -> String {
        if ps.is_empty() {
            return "—".into();
        }
        ps.iter()
            .map(|p| self.post(p))
            .collect::<Vec<_>>()
            .join(self.w("list_sep"))
    }

    fn due(&self, r: &ReportState) -> String {
        i18n::due(self.t, r.every, r.day, r.month, r.by.as_deref())
    }

    fn report(&self, r: &ReportState) -> String {
        format!(
            "{} {} · {}",
            self.w("w_to"),
            self.target(&r.to),
            self.due(r)
        )
    }

    fn target_state(&self, t: &TargetState) -> String {
        let unit = t.unit.as_deref().unwrap_or_default();
        let space = if unit.is_empty() { "" } else { " " };
        let amount = |n: f64| format!("{}{space}{unit}", i18n::number(n));
        let mut bounds = Vec::new();
        if let Some(min) = t.min {
            bounds.push(self.w("at_least").replace("{n}", &amount(min)));
        }
        if let Some(max) = t.max {
            bounds.push(self.w("at_most").replace("{n}", &amount(max)));
        }
        let per = t
            .per
            .map(|c| self.w(&format!("per_{}", i18n::cadence_key(c))).to_string())
            .unwrap_or_default();
        self.w("target_format")
            .replace("{bound}", &bounds.join(self.w("list_sep")))
            .replace("{per}", &per)
            .trim()
            .to_string()
    }
}

fn arrow(a: &str, b: &str) -> String {
    format!("{a} -> {b}")
}

fn opt(s: &Option<String>) -> &str {
    s.as_deref().unwrap_or("—")
}

/// The report's groups, in a fixed order, leaving out empty ones.
/// `people: false` leaves out everything that names a person (a site
/// built with `show_holders: false`).
pub fn groups(ch: &Changes, t: &BTreeMap<String, String>, people: bool) -> Vec<Group> {
    let w = Words { t };
    let mut out = vec![
        positions(&w, ch),
        reporting(&w, ch),
        dotted(&w, ch),
        details(&w, ch),
        headcount(&w, ch),
    ];
    if people {
        out.push(holders(&w, ch));
        out.push(profiles(&w, ch));
    }
    out.extend([
        vacancies(&w, ch),
        reports(&w, ch),
        targets(&w, ch),
        edited(&w, ch),
    ]);
    out.into_iter().flatten().collect()
}

/// A group with its heading and counts, or nothing when it has no entries.
fn group(
    w: &Words,
    key: &'static str,
    counts: &[(usize, &str)],
    entries: Vec<Entry>,
) -> Option<Group> {
    (!entries.is_empty()).then(|| Group {
        key,
        heading: w.w(&format!("g_{key}")).to_string(),
        counts: w.counts(counts),
        entries,
    })
}

fn entry(sign: Sign, subject: &str, position: Option<&str>, detail: String) -> Entry {
    Entry {
        sign,
        subject: subject.to_string(),
        position: position.map(str::to_string),
        detail,
        lines: Default::default(),
    }
}

/// Positions added, removed, renamed or moved to another file.
fn positions(w: &Words, ch: &Changes) -> Option<Group> {
    let mut entries: Vec<Entry> = ch.added.iter().map(|a| added(w, a)).collect();
    for r in &ch.removed {
        entries.push(entry(
            Sign::Removed,
            &r.position.title,
            None,
            r.file.clone(),
        ));
    }
    entries.extend(ch.renamed.iter().map(|r| renamed(w, r)));
    let renamed = ch
        .renamed
        .iter()
        .filter(|r| r.from.title != r.to.title || r.from.id != r.to.id)
        .count();
    group(
        w,
        "positions",
        &[
            (ch.added.len(), "c_added"),
            (ch.removed.len(), "c_removed"),
            (renamed, "c_renamed"),
            (ch.renamed.len() - renamed, "c_file_moved"),
        ],
        entries,
    )
}

/// A new position: where it reports, its unit, its dotted lines.
fn added(w: &Words, a: &super::compare::PositionEntry) -> Entry {
    let mut parts = Vec::new();
    if a.reports_to.is_some() {
        parts.push(format!(
            "{} {}",
            w.w("w_reports_to"),
            w.target(&a.reports_to)
        ));
    }
    if let Some(u) = &a.unit {
        parts.push(format!("{} {u}", w.w("w_in")));
    }
    for d in &a.dotted_line {
        parts.push(format!(
            "{} {}",
            w.w("w_dotted_to"),
            w.target(&Some(d.clone()))
        ));
    }
    entry(
        Sign::Added,
        &a.position.title,
        Some(&a.position.id),
        parts.join(" · "),
    )
}

/// A position under a new title, id or file.
fn renamed(w: &Words, r: &super::compare::Renamed) -> Entry {
    let mut parts = Vec::new();
    if r.from.title != r.to.title {
        parts.push(arrow(&r.from.title, &r.to.title));
    }
    if r.from.id != r.to.id {
        parts.push(format!("{} {}", w.w("w_id"), arrow(&r.from.id, &r.to.id)));
    }
    if r.file_from != r.file_to {
        parts.push(format!(
            "{} {}",
            w.w("w_file"),
            arrow(&r.file_from, &r.file_to)
        ));
    }
    entry(
        Sign::Changed,
        &r.to.title,
        Some(&r.to.id),
        parts.join(" · "),
    )
}

fn reporting(w: &Words, ch: &Changes) -> Option<Group> {
    group(
        w,
        "reporting",
        &[(ch.reporting_moved.len(), "c_moved")],
        ch.reporting_moved
            .iter()
            .map(|c| {
                entry(
                    Sign::Changed,
                    &c.position.title,
                    Some(&c.position.id),
                    arrow(&w.target(&c.from), &w.target(&c.to)),
                )
            })
            .collect(),
    )
}

fn dotted(w: &Words, ch: &Changes) -> Option<Group> {
    let line = |sign: Sign, d: &super::compare::Dotted| {
        entry(
            sign,
            &d.position.title,
            Some(&d.position.id),
            format!(
                "{} {}",
                w.w("w_dotted_to"),
                w.target(&Some(d.partner.clone()))
            ),
        )
    };
    group(
        w,
        "dotted",
        &[
            (ch.dotted_added.len(), "c_added"),
            (ch.dotted_removed.len(), "c_removed"),
        ],
        ch.dotted_added
            .iter()
            .map(|d| line(Sign::Added, d))
            .chain(ch.dotted_removed.iter().map(|d| line(Sign::Removed, d)))
            .collect(),
    )
}

fn details(w: &Words, ch: &Changes) -> Option<Group> {
    group(
        w,
        "details",
        &[(ch.details.len(), "c_changed")],
        ch.details
            .iter()
            .map(|f| {
                entry(
                    Sign::Changed,
                    &f.position.title,
                    Some(&f.position.id),
                    format!(
                        "{} {}",
                        w.w(f.field).to_lowercase(),
                        arrow(opt(&f.from), opt(&f.to))
                    ),
                )
            })
            .collect(),
    )
}

fn headcount(w: &Words, ch: &Changes) -> Option<Group> {
    group(
        w,
        "headcount",
        &[(ch.headcount.len(), "c_changed")],
        ch.headcount
            .iter()
            .map(|c| {
                entry(
                    Sign::Changed,
                    &c.position.title,
                    Some(&c.position.id),
                    arrow(&c.from.to_string(), &c.to.to_string()),
                )
            })
            .collect(),
    )
}

/// People who joined, left, moved post or changed status (the `people`
/// group; left out of a site that names no one).
fn holders(w: &Words, ch: &Changes) -> Option<Group> {
    let mut entries = Vec::new();
    for p in &ch.joined {
        entries.push(entry(Sign::Added, &p.name, None, w.posts(&p.posts)));
    }
    for p in &ch.left {
        entries.push(entry(Sign::Removed, &p.name, None, w.posts(&p.posts)));
    }
    for m in &ch.moved {
        entries.push(entry(
            Sign::Changed,
            &m.name,
            None,
            arrow(&w.posts(&m.from), &w.posts(&m.to)),
        ));
    }
    for s in &ch.status {
        entries.push(entry(
            Sign::Changed,
            &s.name,
            None,
            format!(
                "{} · {}",
                s.position.title,
                arrow(&w.status(s.from), &w.status(s.to))
            ),
        ));
    }
    group(
        w,
        "people",
        &[
            (ch.joined.len(), "c_joined"),
            (ch.left.len(), "c_left"),
            (ch.moved.len(), "c_moved_post"),
            (ch.status.len(), "c_status"),
        ],
        entries,
    )
}

/// Person files added or removed, and the details that changed in them
/// (left out, like the `people` group, of a site that names no one).
fn profiles(w: &Words, ch: &Changes) -> Option<Group> {
    let file =
        |sign: Sign, f: &super::compare::PersonFile| entry(sign, &f.name, None, f.file.clone());
    let mut entries: Vec<Entry> = ch
        .profiles_added
        .iter()
        .map(|f| file(Sign::Added, f))
        .chain(ch.profiles_removed.iter().map(|f| file(Sign::Removed, f)))
        .collect();
    for c in &ch.profiles_changed {
        let parts: Vec<String> = c
            .fields
            .iter()
            .map(|f| {
                let word = match f.own {
                    true => f.field.clone(),
                    false => w.w(&format!("pf_{}", f.field)).to_string(),
                };
                format!("{word} {}", arrow(opt(&f.from), opt(&f.to)))
            })
            .collect();
        entries.push(entry(Sign::Changed, &c.name, None, parts.join(" · ")));
    }
    group(
        w,
        "profiles",
        &[
            (ch.profiles_added.len(), "c_added"),
            (ch.profiles_removed.len(), "c_removed"),
            (ch.profiles_changed.len(), "c_changed"),
        ],
        entries,
    )
}

fn vacancies(w: &Words, ch: &Changes) -> Option<Group> {
    let opened: u64 = ch.vacancies_opened.iter().map(|c| c.to - c.from).sum();
    let filled: u64 = ch.vacancies_filled.iter().map(|c| c.from - c.to).sum();
    let vacancy = |sign: Sign, c: &super::compare::Change<u64>| {
        let n = c.to.abs_diff(c.from);
        let signed = if c.to > c.from {
            format!("+{n}")
        } else {
            format!("−{n}")
        };
        entry(
            sign,
            &c.position.title,
            Some(&c.position.id),
            format!(
                "{signed} ({} {})",
                w.w("w_vacant"),
                arrow(&c.from.to_string(), &c.to.to_string())
            ),
        )
    };
    group(
        w,
        "vacancies",
        &[(opened as usize, "c_opened"), (filled as usize, "c_filled")],
        ch.vacancies_opened
            .iter()
            .map(|c| vacancy(Sign::Added, c))
            .chain(
                ch.vacancies_filled
                    .iter()
                    .map(|c| vacancy(Sign::Removed, c)),
            )
            .collect(),
    )
}

fn reports(w: &Words, ch: &Changes) -> Option<Group> {
    let detail = |from: Option<&ReportState>, to: Option<&ReportState>| match (from, to) {
        (Some(a), Some(b)) => {
            let mut parts = Vec::new();
            if a.to != b.to {
                parts.push(format!(
                    "{} {}",
                    w.w("w_to"),
                    arrow(&w.target(&a.to), &w.target(&b.to))
                ));
            }
            let (da, db) = (w.due(a), w.due(b));
            if da != db {
                parts.push(arrow(&da, &db));
            }
            parts.join(" · ")
        }
        (Some(x), None) | (None, Some(x)) => w.report(x),
        (None, None) => String::new(),
    };
    group(
        w,
        "reports",
        &item_counts(&ch.reports),
        ch.reports.iter().map(|i| item_entry(i, detail)).collect(),
    )
}

fn targets(w: &Words, ch: &Changes) -> Option<Group> {
    let detail = |from: Option<&TargetState>, to: Option<&TargetState>| match (from, to) {
        (Some(a), Some(b)) => arrow(&w.target_state(a), &w.target_state(b)),
        (Some(x), None) | (None, Some(x)) => w.target_state(x),
        (None, None) => String::new(),
    };
    group(
        w,
        "targets",
        &item_counts(&ch.targets),
        ch.targets.iter().map(|i| item_entry(i, detail)).collect(),
    )
}

fn edited(w: &Words, ch: &Changes) -> Option<Group> {
    group(
        w,
        "edited",
        &[(ch.edited.len(), "c_edited")],
        ch.edited
            .iter()
            .map(|d| {
                let fields: Vec<&str> = d
                    .fields
                    .iter()
                    .map(|f| match f.as_str() {
                        "builds_on" => w.w("w_builds_on"),
                        "type" => w.w("w_type"),
                        other => w.w(other),
                    })
                    .collect();
                let mut e = entry(
                    Sign::Changed,
                    &d.position.title,
                    Some(&d.position.id),
                    fields.join(w.w("list_sep")),
                );
                e.lines = d.duty_lines.clone();
                e
            })
            .collect(),
    )
}

fn item_counts<T>(items: &[Item<T>]) -> [(usize, &'static str); 3] {
    let count = |f: fn(&Item<T>) -> bool| items.iter().filter(|i| f(i)).count();
    [
        (count(|i| i.from.is_none()), "c_added"),
        (count(|i| i.to.is_none()), "c_removed"),
        (count(|i| i.from.is_some() && i.to.is_some()), "c_changed"),
    ]
}

fn item_entry<T>(i: &Item<T>, detail: impl Fn(Option<&T>, Option<&T>) -> String) -> Entry {
    let sign = match (&i.from, &i.to) {
        (None, _) => Sign::Added,
        (_, None) => Sign::Removed,
        _ => Sign::Changed,
    };
    Entry {
        sign,
        subject: i.position.title.clone(),
        position: Some(i.position.id.clone()),
        detail: format!("{} · {}", i.name, detail(i.from.as_ref(), i.to.as_ref())),
        lines: Default::default(),
    }
}

/// A side of the comparison, for headers: the revision, or the working tree.
pub fn side(t: &BTreeMap<String, String>, rev: &Option<Revision>) -> String {
    match rev {
        Some(r) if r.subject.is_empty() => describe(r),
        Some(r) => format!("{} “{}”", describe(r), r.subject),
        None => t
            .get("d_worktree")
            .cloned()
            .unwrap_or_else(|| "the working tree".into()),
    }
}

/// "and 12 more changed lines": the duty lines left out of an entry.
pub fn more_lines(t: &BTreeMap<String, String>, n: usize) -> String {
    Words { t }.w("d_more_lines").replace("{n}", &n.to_string())
}

pub fn total(t: &BTreeMap<String, String>, n: usize) -> String {
    let w = Words { t };
    match n {
        0 => w.w("d_none").to_string(),
        n => i18n::plural(w.t, "d_total", n),
    }
}

/// `Planned 19 -> 21 · Filled 3 -> 4 ...`, the organisation's seats.
pub fn seats_line(d: &Diff, t: &BTreeMap<String, String>) -> String {
    let w = Words { t };
    let (a, b) = (d.changes.seats_from, d.changes.seats_to);
    [
        ("planned", a.planned, b.planned),
        ("filled", a.filled, b.filled),
        ("pending", a.pending, b.pending),
        ("vacant", a.vacant, b.vacant),
    ]
    .iter()
    .map(|(k, x, y)| {
        if x == y {
            format!("{} {x}", w.w(k))
        } else {
            format!("{} {}", w.w(k), arrow(&x.to_string(), &y.to_string()))
        }
    })
    .collect::<Vec<_>>()
    .join(" · ")
}

/// The errors of each side, with the side they belong to.
pub fn problems<'d>(
    d: &'d Diff,
    t: &BTreeMap<String, String>,
) -> Vec<(String, Vec<&'d Diagnostic>)> {
    let w = Words { t };
    [
        (&d.from_diagnostics, &d.from_rev),
        (&d.to_diagnostics, &d.to_rev),
    ]
    .into_iter()
    .filter_map(|(side_diags, rev)| {
        let errors: Vec<&Diagnostic> = side_diags.iter().filter(|x| x.is_error()).collect();
        if errors.is_empty() {
            return None;
        }
        let name = match rev {
            Some(r) => describe(r),
            None => w.w("d_worktree").to_string(),
        };
        Some((
            w.w("d_problems")
                .replace("{rev}", &name)
                .replace("{n}", &errors.len().to_string()),
            errors,
        ))
    })
    .collect()
}

/// The report as terminal text; `color` adds ANSI colours.
pub fn text(d: &Diff, t: &BTreeMap<String, String>, people: bool, color: bool) -> String {
    // Every piece comes from the site's files or its history: its control
    // characters are shown escaped (crate::text::escape_controls), and only
    // the colours added here reach the terminal as codes.
    let esc = |s: &str| crate::text::escape_controls(s).into_owned();
    let paint = |code: &str, s: &str| {
        let s = esc(s);
        if color {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s
        }
    };
    let w = Words { t };
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{}",
        paint("1", &w.w("d_title").replace("{site}", &d.title))
    );
    let _ = writeln!(s, "  {} {}", esc(w.w("d_from")), esc(&side(t, &d.from_rev)));
    let _ = writeln!(s, "  {} {}", esc(w.w("d_to")), esc(&side(t, &d.to_rev)));
    for (head, errors) in problems(d, t) {
        let _ = writeln!(s, "\n{}", paint("1;31", &head));
        for e in errors {
            // A diagnostic's Display escapes its own.
            let _ = writeln!(s, "  {e}");
        }
    }
    let groups = groups(&d.changes, t, people);
    for g in &groups {
        let _ = writeln!(
            s,
            "\n{}",
            paint("1", &format!("{}{}{}", g.heading, w.w("w_colon"), g.counts))
        );
        for e in &g.entries {
            let code = match e.sign {
                Sign::Added => "32",
                Sign::Removed => "31",
                Sign::Changed => "33",
            };
            let line = if e.detail.is_empty() {
                e.subject.clone()
            } else {
                format!("{}{}{}", e.subject, w.w("w_colon"), e.detail)
            };
            let _ = writeln!(s, "  {} {}", paint(code, e.sign.symbol()), esc(&line));
            for l in &e.lines.lines {
                let (code, sign) = if l.added { ("32", "+") } else { ("31", "-") };
                let _ = writeln!(s, "      {} {}", paint(code, sign), esc(&l.text));
            }
            if e.lines.more > 0 {
                let _ = writeln!(s, "      {}", esc(&more_lines(t, e.lines.more)));
            }
        }
    }
    let _ = writeln!(s, "\n{}", paint("1", &total(t, d.changes.count())));
    let _ = writeln!(
        s,
        "{}",
        esc(&format!(
            "{}{}{}",
            w.w("total"),
            w.w("w_colon"),
            seats_line(d, t)
        ))
    );
    s
}

/// Escapes what Markdown would read as markup.
fn md(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '|' | '#' | '~'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The report as Markdown, for a merge request or a review; control
/// characters shown escaped, as it is often read in a terminal first.
pub fn markdown(d: &Diff, t: &BTreeMap<String, String>, people: bool) -> String {
    crate::text::escape_controls(&markdown_raw(d, t, people)).into_owned()
}

fn markdown_raw(d: &Diff, t: &BTreeMap<String, String>, people: bool) -> String {
    let w = Words { t };
    let mut s = String::new();
    let _ = writeln!(
        s,
        "## {}\n",
        md(&w.w("d_title").replace("{site}", &d.title))
    );
    let _ = writeln!(
        s,
        "- {}{}{}\n- {}{}{}\n",
        md(w.w("d_from")),
        w.w("w_colon"),
        md(&side(t, &d.from_rev)),
        md(w.w("d_to")),
        w.w("w_colon"),
        md(&side(t, &d.to_rev))
    );
    let _ = writeln!(
        s,
        "**{}** {}{}{}\n",
        md(&total(t, d.changes.count())),
        md(w.w("total")),
        w.w("w_colon"),
        md(&seats_line(d, t))
    );
    for (head, errors) in problems(d, t) {
        let _ = writeln!(s, "> **{}**", md(&head));
        for e in errors {
            let _ = writeln!(s, "> - `{}`", e.to_string().replace('`', "'"));
        }
        s.push('\n');
    }
    for g in groups(&d.changes, t, people) {
        let _ = writeln!(
            s,
            "### {}{}{}\n",
            md(&g.heading),
            w.w("w_colon"),
            md(&g.counts)
        );
        for e in &g.entries {
            let _ = write!(s, "- `{}` **{}**", e.sign.symbol(), md(&e.subject));
            if !e.detail.is_empty() {
                let _ = write!(s, "{}{}", w.w("w_colon"), md(&e.detail));
            }
            s.push('\n');
            for l in &e.lines.lines {
                let sign = if l.added { "+" } else { "-" };
                let _ = writeln!(s, "  - `{sign}` {}", md(&l.text));
            }
            if e.lines.more > 0 {
                let _ = writeln!(s, "  - {}", md(&more_lines(t, e.lines.more)));
            }
        }
        s.push('\n');
    }
    s
}

#[derive(Serialize)]
struct JsonSide<'a> {
    revision: Option<&'a Revision>,
    /// `true` for the working tree (no revision).
    working_tree: bool,
    diagnostics: Vec<JsonDiagnostic>,
}

#[derive(Serialize)]
struct JsonDiagnostic {
    severity: &'static str,
    path: String,
    line: usize,
    column: usize,
    message: String,
}

#[derive(Serialize)]
struct Json<'a> {
    site: &'a str,
    from: JsonSide<'a>,
    to: JsonSide<'a>,
    count: usize,
    changes: &'a Changes,
}

/// The report as JSON: both sides, their diagnostics, and every change.
pub fn json(d: &Diff) -> String {
    fn side<'a>(rev: &'a Option<Revision>, diags: &[Diagnostic]) -> JsonSide<'a> {
        JsonSide {
            revision: rev.as_ref(),
            working_tree: rev.is_none(),
            diagnostics: diags
                .iter()
                .map(|x| JsonDiagnostic {
                    severity: if x.is_error() { "error" } else { "warning" },
                    path: crate::diag::display_path(&x.path),
                    line: x.line,
                    column: x.column,
                    message: x.message.clone(),
                })
                .collect(),
        }
    }
    let doc = Json {
        site: &d.title,
        from: side(&d.from_rev, &d.from_diagnostics),
        to: side(&d.to_rev, &d.to_diagnostics),
        count: d.changes.count(),
        changes: &d.changes,
    };
    let mut s =
        serde_json::to_string_pretty(&doc).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    s.push('\n');
    s
}
