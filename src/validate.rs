//! Validation: everything that is wrong with an organisation as a whole
//! (references, duplicates, cycles, seats, levels), as diagnostics located in
//! the files that say it. Runs after `model` and before anything is written;
//! [`check`] is the whole loader: read, resolve, validate.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use crate::content::Source;
use crate::diag::{closest, Diagnostic, Diagnostics};
use crate::model::{Link, Org, Position};

/// Loads and validates a site. The organisation is returned even when
/// there are errors, for callers that want to show what could be read.
pub fn check(site: &Path) -> (Org, Diagnostics) {
    let (loaded, mut diags) = crate::content::load(site);
    let org = Org::build(loaded);
    let has_content = !diags
        .sorted()
        .iter()
        .any(|d| d.is_error() && d.path == Path::new(crate::content::CONTENT_DIR));
    if has_content {
        diags.extend(validate(&org));
    }
    (org, diags)
}

/// Everything wrong with `org` as a whole.
pub fn validate(org: &Org) -> Diagnostics {
    let mut d = Diagnostics::new();
    if org.positions.is_empty() && !org.broken_ids.is_empty() {
        return d;
    }
    if org.positions.is_empty() && org.broken_ids.is_empty() {
        d.push(Diagnostic::file_error(
            "content",
            "no positions found: add one Markdown file per position under content/ (`orgsite init` shows the format)",
        ));
        return d;
    }
    ids(org, &mut d);
    references(org, &mut d);
    cycles(org, &mut d);
    seats_and_levels(org, &mut d);
    schedules(org, &mut d);
    units(org, &mut d);
    strings(org, &mut d);
    people(org, &mut d);
    raw_html(org, &mut d);
    tops(org, &mut d);
    d
}

/// At most ten names of a list, then how many more.
pub fn some_of(names: &[&str]) -> String {
    const SHOWN: usize = 10;
    if names.len() <= SHOWN {
        names.join(", ")
    } else {
        format!(
            "{}, and {} more",
            names[..SHOWN].join(", "),
            names.len() - SHOWN
        )
    }
}

/// More than one top: positions with no `reports_to`, and external entries
/// that positions report to (all the reports of one external entry are one
/// tree under it). Positions whose `reports_to` names nothing are reported
/// as errors already; they are not tops by intent.
fn tops(org: &Org, d: &mut Diagnostics) {
    let mut alone: Vec<usize> = Vec::new();
    let mut external: Vec<&str> = Vec::new();
    for &i in &org.roots {
        match &org.positions[i].manager {
            None => alone.push(i),
            Some(Link::External(e)) if !external.contains(&e.as_str()) => external.push(e),
            _ => {}
        }
    }
    if alone.len() + external.len() <= 1 {
        return;
    }
    let mut names: Vec<String> = alone
        .iter()
        .map(|&i| org.positions[i].title.clone())
        .collect();
    names.extend(external.iter().map(|e| {
        let title = org.config.external.get(*e).map_or(*e, |x| x.title.as_str());
        format!("{title} (external)")
    }));
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    let advice = if alone.is_empty() {
        "each is drawn as a tree of its own"
    } else if external.is_empty() {
        "give all but one a `reports_to`"
    } else {
        "give the positions with no `reports_to` one, unless each is meant to head a tree of its own"
    };
    let at = alone
        .get(1)
        .or(alone.first())
        .copied()
        .unwrap_or(org.roots[0]);
    let first = &org.positions[at];
    let (line, col) = if first.source.has("reports_to") {
        first.source.locate("reports_to", None)
    } else {
        first.source.locate("title", None)
    };
    d.push(Diagnostic::warning(
        &first.source.path,
        line,
        col,
        format!(
            "the organisation has {} tops ({}); {advice}",
            names.len(),
            some_of(&names)
        ),
    ));
}

fn err(d: &mut Diagnostics, src: &Source, key: &str, needle: Option<&str>, msg: String) {
    let (line, col) = src.locate(key, needle);
    d.push(Diagnostic::error(&src.path, line, col, msg));
}

fn warn(d: &mut Diagnostics, src: &Source, key: &str, needle: Option<&str>, msg: String) {
    let (line, col) = src.locate(key, needle);
    d.push(Diagnostic::warning(&src.path, line, col, msg));
}

pub use crate::text::{bad_file_name, MAX_ID_BYTES};

/// How an id is compared for collisions: file systems on Windows and macOS
/// ignore case and Unicode normalisation, so `Boss` and `boss`, or the two
/// spellings of `café`, would name one file there.
fn fold(id: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    id.nfc().collect::<String>().to_lowercase()
}

fn ids(org: &Org, d: &mut Diagnostics) {
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (i, p) in org.positions.iter().enumerate() {
        if p.source.yaml.trim().is_empty() {
            err(
                d,
                &p.source,
                "title",
                None,
                "no front matter: a position starts with a `---` line, `title: ...`, and another `---` line".into(),
            );
        } else if p.title.trim().is_empty() || !p.source.has("title") {
            err(
                d,
                &p.source,
                "title",
                None,
                "missing `title`: every position needs a title".into(),
            );
        }
        if let Some(why) = bad_file_name(&p.id) {
            let msg = if p.source.has("id") {
                format!("`{}` cannot be an id: {why}", p.id)
            } else {
                format!(
                    "the file name gives the id `{}`, which cannot name a page: {why}; rename the file or set `id:`",
                    p.id
                )
            };
            err(d, &p.source, "id", None, msg);
            continue;
        }
        let key = fold(&p.id);
        if let Some(&first) = seen.get(&key) {
            let other = &org.positions[first];
            let msg = if other.id == p.id {
                format!(
                    "duplicate position id `{}`: also used by {}; give one of them another `id:`",
                    p.id,
                    crate::diag::display_path(&other.source.path)
                )
            } else {
                use unicode_normalization::UnicodeNormalization;
                let how = if p.id.nfc().eq(other.id.nfc()) {
                    "is spelled with other Unicode characters (composed and decomposed accents) than"
                } else {
                    "differs only in case from"
                };
                format!(
                    "the id `{}` {how} `{}` ({}), so their pages would overwrite each other on Windows and macOS; rename one file or set `id:`",
                    p.id,
                    other.id,
                    crate::diag::display_path(&other.source.path)
                )
            };
            err(d, &p.source, "id", None, msg);
        } else {
            seen.insert(key, i);
        }
    }
    let mut units: HashMap<String, usize> = HashMap::new();
    for (i, u) in org.units.iter().enumerate() {
        let path = u
            .source
            .as_ref()
            .map(|s| s.path.clone())
            .unwrap_or_else(|| std::path::Path::new("content").join(&u.dir));
        if let Some(why) = bad_file_name(&u.id) {
            let msg = if u.source.as_ref().is_some_and(|s| s.has("id")) {
                format!("`{}` cannot be a unit id: {why}", u.id)
            } else {
                format!(
                    "the folder name gives the unit id `{}`, which cannot name a page: {why}; rename the folder or set `id:` in its _unit.md",
                    u.id
                )
            };
            d.push(Diagnostic::error(path, 0, 0, msg));
        } else if let Some(&first) = units.get(&fold(&u.id)) {
            d.push(Diagnostic::error(
                path,
                0,
                0,
                format!(
                    "duplicate unit id `{}`: also used by content/{}; a unit's id is its folder name unless its _unit.md sets `id:`",
                    u.id,
                    crate::diag::display_path(&org.units[first].dir)
                ),
            ));
        } else {
            units.insert(fold(&u.id), i);
        }
    }
}

/// "did you mean" for a name that resolves to nothing: the closest id,
/// external id or title.
fn suggest(org: &Org, name: &str) -> String {
    let mut candidates: Vec<&str> = org.positions.iter().map(|p| p.id.as_str()).collect();
    candidates.extend(org.config.external.keys().map(String::as_str));
    if let Some(p) = org.positions.iter().find(|p| p.title == name) {
        return format!("; the position titled `{name}` has the id `{}`", p.id);
    }
    match closest(name, candidates) {
        Some(c) => format!("; did you mean `{c}`?"),
        None => String::new(),
    }
}

fn references(org: &Org, d: &mut Diagnostics) {
    for p in &org.positions {
        let missing = |l: &Link| match l {
            Link::Missing(n) if !org.broken_ids.contains(n) => Some(n.clone()),
            _ => None,
        };
        if let Some(n) = p.manager.as_ref().and_then(missing) {
            err(
                d,
                &p.source,
                "reports_to",
                Some(&n),
                format!(
                    "`reports_to: {n}` names no position and no `external` entry of site.yaml{}",
                    suggest(org, &n)
                ),
            );
        }
        for n in p.dotted_line.iter().filter_map(missing) {
            err(
                d,
                &p.source,
                "dotted_line",
                Some(&n),
                format!(
                    "`dotted_line` names `{n}`, which is no position{}",
                    suggest(org, &n)
                ),
            );
        }
        for l in &p.builds_on {
            match l {
                Link::External(n) => err(
                    d,
                    &p.source,
                    "builds_on",
                    Some(n),
                    format!(
                        "`builds_on` names `{n}`, an external position with no duties to build on"
                    ),
                ),
                l => {
                    if let Some(n) = missing(l) {
                        err(
                            d,
                            &p.source,
                            "builds_on",
                            Some(&n),
                            format!(
                                "`builds_on` names `{n}`, which is no position{}",
                                suggest(org, &n)
                            ),
                        )
                    }
                }
            }
        }
        for (k, r) in p.reports.iter().enumerate() {
            if r.inherited_from.is_some() {
                continue; // reported where it is written
            }
            if let Some(n) = r.to.as_ref().and_then(missing) {
                // An error as for `reports_to`, unless site.yaml says
                // `unknown_recipients: warning` (the example does, to publish
                // the seed's 銷售總監 as the seed has it).
                let (line, col) = p.source.locate_item("reports", k, Some(&n));
                let diagnostic = match org.config.unknown_recipients {
                    crate::content::Severity::Error => Diagnostic::error,
                    crate::content::Severity::Warning => Diagnostic::warning,
                };
                d.push(diagnostic(
                    &p.source.path,
                    line,
                    col,
                    format!(
                        "report `{}` goes to `{n}`, which is no position and no `external` entry of site.yaml{}",
                        r.name,
                        suggest(org, &n)
                    ),
                ));
            }
        }
    }
}

fn cycles(org: &Org, d: &mut Diagnostics) {
    let n = org.positions.len();
    // Reporting lines: each position has at most one manager, so a walk up
    // either ends or enters a cycle.
    let mut state = vec![0u8; n]; // 0 new, 1 on the current walk, 2 done
    for start in 0..n {
        let mut walk = Vec::new();
        let mut cur = Some(start);
        while let Some(i) = cur {
            match state[i] {
                2 => break,
                1 => {
                    let from = walk.iter().position(|&x| x == i).unwrap_or(0);
                    report_cycle(org, d, &walk[from..], "reports_to", "reporting cycle");
                    break;
                }
                _ => {}
            }
            state[i] = 1;
            walk.push(i);
            cur = org.positions[i].manager_index();
        }
        for i in walk {
            state[i] = 2;
        }
    }
    // builds_on: a graph; depth-first search for back edges.
    let mut color = vec![0u8; n];
    for start in 0..n {
        if color[start] == 0 {
            let mut path = Vec::new();
            builds_on_dfs(org, start, &mut color, &mut path, d);
        }
    }
}

fn builds_on_dfs(
    org: &Org,
    i: usize,
    color: &mut [u8],
    path: &mut Vec<usize>,
    d: &mut Diagnostics,
) {
    color[i] = 1;
    path.push(i);
    for l in &org.positions[i].builds_on {
        if let Link::Position(b) = *l {
            if color[b] == 1 {
                let from = path.iter().position(|&x| x == b).unwrap_or(0);
                report_cycle(org, d, &path[from..], "builds_on", "`builds_on` cycle");
            } else if color[b] == 0 {
                builds_on_dfs(org, b, color, path, d);
            }
        }
    }
    path.pop();
    color[i] = 2;
}

/// Reports a cycle once, at its member whose file sorts first, printed from there.
fn report_cycle(org: &Org, d: &mut Diagnostics, members: &[usize], key: &str, what: &str) {
    let Some(at) = (0..members.len()).min_by_key(|&k| &org.positions[members[k]].source.path)
    else {
        return;
    };
    let mut ids: Vec<&str> = members[at..]
        .iter()
        .chain(&members[..at])
        .map(|&i| org.positions[i].id.as_str())
        .collect();
    ids.push(ids[0]);
    let p = &org.positions[members[at]];
    err(
        d,
        &p.source,
        key,
        None,
        format!("{what}: {}", ids.join(" -> ")),
    );
}

fn seats_and_levels(org: &Org, d: &mut Diagnostics) {
    // Positions whose body is still the import's placeholder.
    let mut todo: Vec<usize> = Vec::new();
    for (i, p) in org.positions.iter().enumerate() {
        seat_counts(p, d);
        if p.dotted_line
            .iter()
            .any(|l| matches!(l, Link::Position(j) if org.positions[*j].id == p.id))
        {
            err(
                d,
                &p.source,
                "dotted_line",
                Some(&p.id),
                format!("`dotted_line` names `{}`, the position itself", p.id),
            );
        }
        status_in_names(org, i, d);
        if p.headcount == 0 {
            err(
                d,
                &p.source,
                "headcount",
                None,
                "`headcount` must be at least 1".into(),
            );
        }
        level(org, p, d);
        if duties_todo(&p.body) && p.builds_on.is_empty() {
            todo.push(i);
        } else if p.body.trim().is_empty() && p.builds_on.is_empty() {
            warn(
                d,
                &p.source,
                "title",
                None,
                "no duties: the document has no text and no `builds_on`".into(),
            );
        }
    }
    if let Some(&first) = todo.first() {
        let p = &org.positions[first];
        let more = match todo.len() {
            1 => String::new(),
            2 => " and 1 other".into(),
            n => format!(" and {} others", n - 1),
        };
        d.push(Diagnostic::warning(
            &p.source.path,
            p.source.body_line,
            1,
            format!(
                "no duties yet in this position{more} made by `orgsite import`: write them in place of the `{DUTIES_TODO}...)` line"
            ),
        ));
    }
}

/// The start of the line `orgsite import` writes as the body of a
/// position whose duties it does not know (the rest of the line says so
/// in the site's language). A Markdown link definition: shown nowhere,
/// and one warning for all such positions rather than one each.
pub const DUTIES_TODO: &str = "[//]: # (orgsite: ";

/// A body that is only the import's placeholder line.
pub fn duties_todo(body: &str) -> bool {
    let b = body.trim();
    b.starts_with(DUTIES_TODO) && b.ends_with(')') && !b.contains('\n')
}

/// More holders (and unnamed seats) than planned seats, or more seats
/// than one position may plan.
fn seat_counts(p: &Position, d: &mut Diagnostics) {
    let unnamed = u64::from(p.unnamed);
    let held = p.holders.len() as u64;
    if unnamed > 0 && held + unnamed > u64::from(p.headcount) {
        let planned = format!(
            "{} planned seat{}",
            p.headcount,
            if p.headcount == 1 { "" } else { "s" }
        );
        err(
            d,
            &p.source,
            "unnamed",
            None,
            format!(
                "{held} holder{} and {unnamed} unnamed seat{} for {planned}: raise `headcount`, or lower `unnamed`",
                if held == 1 { "" } else { "s" },
                if unnamed == 1 { "" } else { "s" },
            ),
        );
    } else if p.holders.len() as u32 > p.headcount {
        err(
            d,
            &p.source,
            "holders",
            None,
            format!(
                "{} holders for {} planned seat{}: raise `headcount` or remove a holder",
                p.holders.len(),
                p.headcount,
                if p.headcount == 1 { "" } else { "s" }
            ),
        );
    }
    if p.headcount > MAX_HEADCOUNT {
        let key = match p.source.has("headcount") {
            true => "headcount",
            false => "unnamed",
        };
        err(
            d,
            &p.source,
            key,
            None,
            format!(
                "`headcount: {}` is more seats than one position can have; the limit is 1,000,000",
                p.headcount
            ),
        );
    }
}

/// A warning for each holder of position `i` written `Name (pending)`.
fn status_in_names(org: &Org, i: usize, d: &mut Diagnostics) {
    let p = &org.positions[i];
    for who in org.who(i) {
        if let Some((name, status)) = status_in_name(&who.name) {
            warn(
                d,
                &p.source,
                "holders",
                Some(&who.name),
                format!(
                    "the holder `{}` has a status in its name; write it as `{{ name: {name}, status: {status} }}`",
                    who.name
                ),
            );
        }
    }
}

/// A level not in site.yaml's `levels`, or at or above the manager's.
fn level(org: &Org, p: &Position, d: &mut Diagnostics) {
    let levels = &org.config.levels;
    if let Some(level) = &p.level {
        if !levels.is_empty() && p.rank.is_none() {
            let hint = closest(level, levels.iter().map(String::as_str))
                .map(|c| format!("; did you mean `{c}`?"))
                .unwrap_or_default();
            err(
                d,
                &p.source,
                "level",
                Some(level),
                format!(
                    "level `{level}` is not in site.yaml's `levels` ({}){hint}",
                    levels.join(", ")
                ),
            );
        }
    }
    if let (Some(rank), Some(m)) = (p.rank, p.manager_index()) {
        let mgr = &org.positions[m];
        if let Some(mrank) = mgr.rank {
            if rank <= mrank {
                warn(
                    d,
                    &p.source,
                    "level",
                    None,
                    format!(
                        "level `{}` is at or above the level of its manager {} (`{}`)",
                        p.level.as_deref().unwrap_or_default(),
                        mgr.title,
                        mgr.level.as_deref().unwrap_or_default()
                    ),
                );
            }
        }
    }
}

/// The most seats one position may plan.
pub const MAX_HEADCOUNT: u32 = 1_000_000;

/// `Laura Schmidt (pending)`: a name and the status written into it.
fn status_in_name(name: &str) -> Option<(&str, &'static str)> {
    let (head, tail) = name.trim_end().rsplit_once(['(', '（'])?;
    let word = tail.trim_end_matches([')', '）']).trim().to_lowercase();
    let status = match word.as_str() {
        "pending" | "待崗" | "待岗" => "pending",
        "acting" | "代理" => "acting",
        "confirmed" => "confirmed",
        _ => return None,
    };
    Some((head.trim(), status))
}

fn people(org: &Org, d: &mut Diagnostics) {
    holders_named(org, d);
    profiles(org, d);
    // A person is a person file when the holder names one, else a name.
    type Held = Vec<(usize, bool)>;
    let mut posts: BTreeMap<(Option<usize>, &str), Held> = BTreeMap::new();
    for (i, p) in org.positions.iter().enumerate() {
        for (h, who) in p.holders.iter().zip(org.who(i)) {
            if who.name.is_empty() {
                continue;
            }
            posts
                .entry((who.profile, &who.name))
                .or_default()
                .push((i, h.concurrent));
        }
    }
    for ((_, name), held) in posts {
        if held.len() > 1 && !held.iter().any(|&(_, c)| c) {
            let &(i, _) = &held[1];
            let others: Vec<String> = held
                .iter()
                .map(|&(j, _)| {
                    let p = &org.positions[j];
                    format!(
                        "{} in {}",
                        p.title,
                        crate::diag::display_path(&p.source.path)
                    )
                })
                .collect();
            let others: Vec<&str> = others.iter().map(String::as_str).collect();
            warn(
                d,
                &org.positions[i].source,
                "holders",
                Some(name),
                format!(
                    "{name} holds {} posts ({}); mark the second post `concurrent: true` if that is intended",
                    held.len(),
                    some_of(&others)
                ),
            );
        }
    }
}

/// Holders that name no one, a person file that does not exist, or a
/// name two person files share.
fn holders_named(org: &Org, d: &mut Diagnostics) {
    let Some(personal) = &org.personal else {
        return;
    };
    let profiles = &personal.profiles;
    for (i, p) in org.positions.iter().enumerate() {
        for (k, who) in org.who(i).iter().enumerate() {
            let src = &p.source;
            if let Some(id) = &who.person_ref {
                if who.profile.is_none() {
                    let hint = crate::diag::closest(id, profiles.iter().map(|x| x.id.as_str()))
                        .map(|c| format!("; did you mean `{c}`?"))
                        .unwrap_or_default();
                    let (line, col) = src.locate_item("holders", k, Some(id));
                    d.push(Diagnostic::error(
                        &src.path,
                        line,
                        col,
                        format!("`person: {id}` names no file in people/ (people/{id}.md){hint}"),
                    ));
                }
                continue;
            }
            if who.name.trim().is_empty() {
                let (line, col) = src.locate_item("holders", k, None);
                d.push(Diagnostic::error(
                    &src.path,
                    line,
                    col,
                    "a holder needs a `name` (or `person:`, the id of a file in people/)",
                ));
                continue;
            }
            if who.profile.is_some() {
                continue;
            }
            let same: Vec<String> = profiles
                .iter()
                .filter(|x| x.name == who.name)
                .map(|x| crate::diag::display_path(&x.source.path))
                .collect();
            if same.len() > 1 {
                let ids: Vec<&str> = profiles
                    .iter()
                    .filter(|x| x.name == who.name)
                    .map(|x| x.id.as_str())
                    .collect();
                let (line, col) = src.locate_item("holders", k, Some(&who.name));
                d.push(Diagnostic::error(
                    &src.path,
                    line,
                    col,
                    format!(
                        "`{}` is the name of {} person files ({}); name the one meant by its id: `{{ person: {} }}`",
                        who.name,
                        same.len(),
                        some_of(&same.iter().map(String::as_str).collect::<Vec<_>>()),
                        ids[0]
                    ),
                ));
            }
        }
    }
}

/// Person files: fields that do not read right, and files no post names.
fn profiles(org: &Org, d: &mut Diagnostics) {
    let Some(personal) = &org.personal else {
        return;
    };
    let mut named = vec![false; personal.profiles.len()];
    for who in personal.holders.iter().flatten() {
        if let Some(k) = who.profile {
            named[k] = true;
        }
    }
    for (k, x) in personal.profiles.iter().enumerate() {
        let src = &x.source;
        let bad = |d: &mut Diagnostics, key: &str, value: &str, msg: String| {
            let (line, col) = src.locate(key, Some(value));
            d.push(Diagnostic::error(&src.path, line, col, msg));
        };
        if let Some(e) = &x.email {
            if !is_email(e) {
                bad(
                    d,
                    "email",
                    e,
                    format!("`email: {e}` is not an email address (name@example.com)"),
                );
            }
        }
        if let Some(s) = &x.since {
            if !is_date(s) {
                bad(
                    d,
                    "since",
                    s,
                    format!("`since: {s}` is not a date: write it as YYYY-MM-DD (2021-03-01)"),
                );
            }
        }
        for (label, url) in &x.links {
            if !crate::markdown::is_safe_url(url) || url.trim().is_empty() {
                bad(
                    d,
                    "links",
                    url,
                    format!(
                        "the link `{label}` is not a web address (https://…, mailto:…): `{url}`"
                    ),
                );
            }
        }
        if !named[k] {
            let (line, col) = if src.yaml.is_empty() { (0, 0) } else { (1, 1) };
            d.push(Diagnostic::warning(
                &src.path,
                line,
                col,
                format!(
                    "no post names {} (`holders: [{}]`); the directory lists them without a post",
                    x.name, x.id
                ),
            ));
        }
    }
}

pub use crate::text::is_email;

/// `YYYY-MM-DD`, a real day of the calendar.
pub fn is_date(s: &str) -> bool {
    s.len() == 10 && crate::day::Day::parse(s).is_some()
}

/// `HH:MM` on a 24-hour clock.
pub fn is_time(s: &str) -> bool {
    let Some((h, m)) = s.split_once(':') else {
        return false;
    };
    let digits = |x: &str| !x.is_empty() && x.chars().all(|c| c.is_ascii_digit());
    digits(h)
        && digits(m)
        && h.len() <= 2
        && m.len() == 2
        && h.parse::<u32>().is_ok_and(|h| h < 24)
        && m.parse::<u32>().is_ok_and(|m| m < 60)
}

fn schedules(org: &Org, d: &mut Diagnostics) {
    use crate::content::Cadence;
    for p in &org.positions {
        for (k, r) in p.reports.iter().enumerate() {
            if r.inherited_from.is_some() {
                continue; // checked where it is written
            }
            if let Some(by) = &r.by {
                if !is_time(by) {
                    let (line, col) = p.source.locate_item("reports", k, Some(by));
                    d.push(Diagnostic::error(
                        &p.source.path,
                        line,
                        col,
                        format!("report `{}`: `by: {by}` is not a time; write it as HH:MM, e.g. \"10:00\"", r.name),
                    ));
                }
            }
            if let Some(problem) = &r.problem {
                let (line, col) = p.source.locate_item("reports", k, Some(&problem.written));
                d.push(Diagnostic::error(
                    &p.source.path,
                    line,
                    col,
                    format!("report `{}`: {}", r.name, problem.message),
                ));
            }
            if let Some(day) = r.day.filter(|_| r.month.is_none()) {
                let (max, what) = match r.every {
                    Cadence::Day => (0, "a daily report has no day; remove `day`"),
                    Cadence::Week => (7, "day of the week: 1 (Monday) to 7 (Sunday)"),
                    Cadence::Month => (31, "day of the month: 1 to 31"),
                    Cadence::Quarter => (92, "day of the quarter: 1 to 92"),
                    Cadence::Year => (366, "day of the year: 1 to 366"),
                };
                if day == 0 || day > max {
                    let (line, col) =
                        p.source
                            .locate_item("reports", k, Some(&format!("day: {day}")));
                    d.push(Diagnostic::error(
                        &p.source.path,
                        line,
                        col,
                        format!("report `{}`: `day: {day}` is out of range ({what})", r.name),
                    ));
                }
            }
        }
        for (k, t) in p.targets.iter().enumerate() {
            if t.inherited_from.is_some() {
                continue;
            }
            let msg = match (t.min, t.max) {
                (a, b)
                    if a.is_some_and(|x| !x.is_finite()) || b.is_some_and(|x| !x.is_finite()) =>
                {
                    Some(format!(
                        "target `{}`: `min` and `max` must be numbers, not infinity or NaN",
                        t.name
                    ))
                }
                (None, None) => Some(format!("target `{}` has neither `min` nor `max`", t.name)),
                (Some(a), Some(b)) if a > b => {
                    Some(format!("target `{}`: `min` is larger than `max`", t.name))
                }
                _ => None,
            };
            if let Some(msg) = msg {
                let needle = if t.min.is_some() { Some("min") } else { None };
                let (line, col) = p.source.locate_item("targets", k, needle);
                d.push(Diagnostic::error(&p.source.path, line, col, msg));
            }
        }
    }
}

/// With `allow_raw_html`, HTML nested deeper than the sanitiser can take
/// in reasonable time (it is shown as text instead).
fn raw_html(org: &Org, d: &mut Diagnostics) {
    if !org.config.allow_raw_html {
        return;
    }
    let bodies = org
        .positions
        .iter()
        .map(|p| (p.body.as_str(), Some(&p.source)))
        .chain(
            org.units
                .iter()
                .map(|u| (u.body.as_str(), u.source.as_ref())),
        )
        .chain(std::iter::once((
            org.intro.as_str(),
            org.intro_source.as_ref(),
        )));
    for (body, src) in bodies {
        let (Some(at), Some(src)) = (crate::markdown::raw_html_too_deep(body), src) else {
            continue;
        };
        let line = src.body_line + body[..at].matches('\n').count();
        let col = body[..at]
            .rsplit('\n')
            .next()
            .unwrap_or_default()
            .chars()
            .count()
            + 1;
        d.push(Diagnostic::error(
            &src.path,
            line,
            col,
            format!(
                "raw HTML nests more than {} elements deep here; the limit is {}: flatten it (it would be shown as text)",
                crate::markdown::MAX_HTML_DEPTH,
                crate::markdown::MAX_HTML_DEPTH
            ),
        ));
    }
}

/// Overrides in site.yaml's `strings` must name a string the interface has.
fn strings(org: &Org, d: &mut Diagnostics) {
    let Some(src) = org
        .config
        .source
        .as_ref()
        .filter(|_| !org.config.strings.is_empty())
    else {
        return;
    };
    let known: Vec<&str> = crate::i18n::keys().collect();
    for key in org.config.strings.keys() {
        if !known.contains(&key.as_str()) {
            let hint = closest(key, known.iter().copied())
                .map(|c| format!("; did you mean `{c}`?"))
                .unwrap_or_default();
            let (line, col) = src.locate("strings", Some(key));
            d.push(Diagnostic::warning(
                &src.path,
                line,
                col,
                format!("`strings: {key}` overrides no interface string{hint}"),
            ));
        }
    }
}

fn units(org: &Org, d: &mut Diagnostics) {
    for u in &org.units {
        if let (Some(color), Some(src)) = (&u.color, &u.source) {
            if !crate::text::is_color(color) {
                err(
                    d,
                    src,
                    "color",
                    None,
                    format!("`color: {color}` is not a colour; write it as \"#rrggbb\" or \"#rgb\", e.g. \"#2f6f9f\""),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times() {
        for (s, ok) in [
            ("10:00", true),
            ("9:05", true),
            ("23:59", true),
            ("24:00", false),
            ("9:5", false),
            ("10", false),
            ("ab:cd", false),
            ("", false),
        ] {
            assert_eq!(is_time(s), ok, "{s}");
        }
    }

    #[test]
    fn file_names() {
        for (id, ok) in [
            ("財富專員", true),
            ("a b", true),
            ("..", false),
            ("a/b", false),
            ("con", false),
            ("LPT1.txt", false),
            ("a\u{7}", false),
            ("a.", false),
            ("", false),
        ] {
            assert_eq!(bad_file_name(id).is_none(), ok, "{id:?}");
        }
    }
}
