//! Rows to an organisation: positions (with seats merged, job shares and
//! joined junior rows), people and units, every row either placed or
//! reported. A pure function of the tables and the mapping.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::mapping::{Cols, JoinMode, Mapping, Missing};
use super::problem::{suggest, At, Problem};
use super::read::{Row, Table, LIST_SEP};

/// A position to write.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Post {
    pub id: String,
    pub title: String,
    /// The unit path, outermost first (empty: the top of content/).
    pub unit: Vec<String>,
    pub reports_to: Option<String>,
    pub level: Option<String>,
    /// Person ids, in row order.
    pub holders: Vec<String>,
    /// Planned seats when more than holders and unnamed seats.
    pub headcount: Option<u32>,
    pub unnamed: u32,
    pub tags: Vec<String>,
    /// Its duties from a mapped column (a job description): the body of a
    /// new file; empty when none was mapped or the cell was empty.
    pub duties: String,
    /// The first row it came from.
    pub at: At,
    /// Rows with other ids were merged into it (`merge_seats`).
    pub merged: bool,
}

/// A person to write.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Person {
    pub id: String,
    pub name: String,
    /// Contact fields by name (email, phone, location, since).
    pub fields: Vec<(&'static str, String)>,
    /// A photo file to copy beside the person file.
    pub photo: Option<std::path::PathBuf>,
}

/// What the import read and what it makes of it.
#[derive(Debug, Default)]
pub struct Plan {
    pub posts: Vec<Post>,
    pub people: Vec<Person>,
    /// `external` entries for site.yaml: id -> title.
    pub external: BTreeMap<String, String>,
    /// The level ladder, top first.
    pub levels: Vec<String>,
    pub stats: Stats,
    /// Cells left out, with why.
    pub warnings: Vec<Problem>,
}

/// Figures for the closing report.
#[derive(Debug, Default, Clone)]
pub struct Stats {
    pub rows: usize,
    pub joined_rows: usize,
    pub merged: usize,
    pub job_shares: usize,
    /// Token -> how many cells held it.
    pub tokens: BTreeMap<String, usize>,
    /// Columns no field reads: (1-based number, name; empty when none).
    pub unused: Vec<(usize, String)>,
}

const PERSON_FIELDS: [&str; 5] = ["email", "phone", "location", "since", "photo"];

/// The resolved columns of a field.
struct Col(Vec<usize>);

impl Col {
    fn get(&self, row: &Row) -> String {
        let parts: Vec<&str> = self
            .0
            .iter()
            .map(|&i| row.cells.get(i).map_or("", |s| s.as_str()))
            .filter(|s| !s.is_empty())
            .collect();
        // A line break inside a quoted cell is a space in a title or name.
        let joined = parts.join(" ");
        if joined.contains(['\n', '\r', '\t']) {
            joined.split_whitespace().collect::<Vec<_>>().join(" ")
        } else {
            joined
        }
    }
}

impl Col {
    /// The cells as text with their line breaks (a job description's
    /// paragraphs), each trimmed, joined by a blank line.
    fn text(&self, row: &Row) -> String {
        let parts: Vec<String> = self
            .0
            .iter()
            .map(|&i| row.cells.get(i).map_or("", |s| s.as_str()))
            .map(|s| s.replace("\r\n", "\n").trim().to_string())
            .filter(|s| !s.is_empty())
            .collect();
        parts.join("\n\n")
    }
}

fn col(m: &Mapping, table: &Table, field: &str) -> Option<Col> {
    let cols = m.get(field)?;
    let idx: Vec<usize> = cols
        .names()
        .iter()
        .filter_map(|c| table.column(c))
        .collect();
    (!idx.is_empty()).then_some(Col(idx))
}

/// One row read through the mapping.
#[derive(Debug, Clone)]
struct Rec {
    id: String,
    title: String,
    manager: Option<String>,
    unit: Vec<String>,
    tags: Vec<String>,
    level: Option<String>,
    fte: Option<f64>,
    duties: String,
    person: Option<Person>,
    withheld: bool,
    at: At,
    /// Where the manager cell is, for messages.
    manager_at: At,
}

/// `Ops/IT`, `Ops > IT` -> a path; a list -> the deepest, the rest tags.
pub fn unit_path(cell: &str) -> (Vec<String>, Vec<String>) {
    let items: Vec<&str> = cell
        .split([LIST_SEP, ';', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    let path = |s: &str| -> Vec<String> {
        s.split(['/', '>', '\\'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect()
    };
    let mut paths: Vec<Vec<String>> = items.iter().map(|s| path(s)).collect();
    if paths.is_empty() {
        return (Vec::new(), Vec::new());
    }
    // The deepest; on a tie, the first.
    let best = paths
        .iter()
        .enumerate()
        .max_by(|a, b| a.1.len().cmp(&b.1.len()).then(b.0.cmp(&a.0)))
        .map_or(0, |(i, _)| i);
    let chosen = paths.remove(best);
    let tags = paths
        .into_iter()
        .filter_map(|p| p.last().cloned())
        .collect();
    (chosen, tags)
}

/// Reads the rows of the main table through the mapping.
fn records(m: &Mapping, t: &Table, stats: &mut Stats, problems: &mut Vec<Problem>) -> Vec<Rec> {
    let c = |f: &str| col(m, t, f);
    let (id_c, title_c, name_c, mgr_c, unit_c) =
        (c("id"), c("title"), c("name"), c("reports_to"), c("unit"));
    let (level_c, fte_c, tags_c, pid_c) = (c("level"), c("fte"), c("tags"), c("person_id"));
    let duties_c = c("duties");
    let person_cols: Vec<(&'static str, Option<Col>)> =
        PERSON_FIELDS.iter().map(|f| (*f, c(f))).collect();
    let first = |c: &Option<Col>| c.as_ref().map_or(0, |c| c.0[0]);
    let mut out = Vec::with_capacity(t.rows.len());
    // Person files named after a row id so far: how many.
    let mut shared: HashMap<String, usize> = HashMap::new();
    for row in &t.rows {
        stats.rows += 1;
        let get = |c: &Option<Col>| c.as_ref().map(|c| c.get(row)).unwrap_or_default();
        let id = get(&id_c);
        let at = t.at(row, first(&id_c));
        if id.is_empty() {
            let colname =
                m.id.as_ref()
                    .map(|c| c.names().join(" "))
                    .unwrap_or_default();
            problems.push(Problem::error(at, format!("the id (`{colname}`) is empty")));
            continue;
        }
        let name = get(&name_c);
        let mut title = get(&title_c);
        if title.is_empty() {
            if title_c.is_some() {
                let colname = m
                    .title
                    .as_ref()
                    .map(|c| c.names().join(" "))
                    .unwrap_or_default();
                problems.push(Problem::error(
                    t.at(row, first(&title_c)),
                    format!("the title (`{colname}`) of `{id}` is empty"),
                ));
            }
            // Still a row: those reporting to it are not reported again.
            title = if name.is_empty() {
                id.clone()
            } else {
                name.clone()
            };
        }
        let mut count = |tok: &str| *stats.tokens.entry(tok.to_string()).or_default() += 1;
        let raw_mgr = get(&mgr_c);
        let manager = if m.no_manager.iter().any(|t| t == &raw_mgr) {
            count(&format!("no_manager `{raw_mgr}`"));
            None
        } else if raw_mgr.is_empty() {
            None
        } else {
            Some(raw_mgr)
        };
        let vacant = m.vacant.iter().any(|v| v == &name) || name.is_empty();
        if !name.is_empty() && m.vacant.contains(&name) {
            count(&format!("vacant `{name}`"));
        }
        let withheld = m.withheld.iter().any(|v| v == &name);
        if withheld {
            count(&format!("withheld `{name}`"));
        }
        let (unit, mut tags) = unit_path(&get(&unit_c));
        if let Some(tc) = &tags_c {
            tags.extend(
                tc.get(row)
                    .split([LIST_SEP, ',', ';'])
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_string),
            );
        }
        let grade = get(&level_c);
        let level = (!grade.is_empty()).then(|| m.level_map.get(&grade).cloned().unwrap_or(grade));
        let fte = fte_of(&get(&fte_c), || t.at(row, first(&fte_c)), problems);
        let person = (!vacant && !withheld).then(|| {
            let pid = match get(&pid_c) {
                // A job share's rows share the post's id: the second
                // holder is `ID-2`, not the first one again.
                s if s.is_empty() => {
                    let n = shared.entry(id.clone()).or_insert(0);
                    *n += 1;
                    match *n {
                        1 => id.clone(),
                        n => format!("{id}-{n}"),
                    }
                }
                s => s,
            };
            person_of(pid, name.clone(), &person_cols, t, row, problems)
        });
        out.push(Rec {
            manager_at: t.at(row, first(&mgr_c)),
            id,
            title,
            manager,
            unit,
            tags,
            level,
            fte,
            duties: duties_c.as_ref().map(|c| c.text(row)).unwrap_or_default(),
            person,
            withheld,
            at,
        });
    }
    out
}

/// A row's full-time equivalents, when its cell holds any; a cell that is
/// not a number is a problem at `at`.
fn fte_of(text: &str, at: impl FnOnce() -> At, problems: &mut Vec<Problem>) -> Option<f64> {
    if text.is_empty() {
        return None;
    }
    match text.parse::<f64>() {
        Ok(f) if f >= 0.0 && f.is_finite() => Some(f),
        _ => {
            problems.push(Problem::error(
                at(),
                format!("`{text}`: not a number of full-time equivalents (e.g. 1, 0.5)"),
            ));
            None
        }
    }
}

/// The person a row names, with the contact cells that could be read.
fn person_of(
    id: String,
    name: String,
    cols: &[(&'static str, Option<Col>)],
    t: &Table,
    row: &Row,
    problems: &mut Vec<Problem>,
) -> Person {
    let mut person = Person {
        id,
        name,
        ..Person::default()
    };
    for (f, c) in cols {
        let Some(c) = c else { continue };
        let v = c.get(row);
        if v.is_empty() {
            continue;
        }
        let at = t.at(row, c.0[0]);
        if let Some(v) = contact(f, v, t, at, &mut person, problems) {
            person.fields.push((f, v));
        }
    }
    person
}

/// A contact cell as the person file may hold it: a date-time cut to its
/// date; a value the loader would refuse is left out with a warning
/// naming the cell. A photo is a file to copy beside the person file.
fn contact(
    field: &str,
    v: String,
    t: &Table,
    at: At,
    person: &mut Person,
    problems: &mut Vec<Problem>,
) -> Option<String> {
    let mut warn = |m: String| problems.push(Problem::warning(at.clone(), m));
    match field {
        "email" if !crate::validate::is_email(&v) => {
            warn(format!("`{v}` is not an email address; not imported"));
            None
        }
        "since" if !crate::validate::is_date(&v) => {
            let day = v.get(..10).filter(|d| crate::validate::is_date(d));
            if day.is_none() {
                warn(format!("`{v}` is not a date (YYYY-MM-DD); not imported"));
            }
            day.map(str::to_string)
        }
        "photo" => {
            if v.contains("://") || v.starts_with("//") || v.starts_with("data:") {
                warn(format!(
                    "`{v}`: a photo must be a file, not an address; not imported"
                ));
                return None;
            }
            let base = std::path::Path::new(&t.name)
                .parent()
                .unwrap_or(std::path::Path::new(""));
            let src = base.join(&v);
            let ext = src.extension().map(|e| e.to_string_lossy().to_lowercase());
            if !matches!(ext.as_deref(), Some("jpg" | "jpeg" | "png" | "webp")) {
                warn(format!(
                    "`{v}`: a photo must be a .jpg, .png or .webp file; not imported"
                ));
            } else if !src.is_file() {
                warn(format!(
                    "`{v}`: no such file (beside {}); not imported",
                    t.name
                ));
            } else {
                person.photo = Some(src);
            }
            None
        }
        _ => Some(v),
    }
}

/// Groups rows sharing an id (a job share when their titles agree; a
/// duplicate id otherwise).
fn by_id(recs: Vec<Rec>, stats: &mut Stats, problems: &mut Vec<Problem>) -> Vec<Vec<Rec>> {
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut groups: Vec<Vec<Rec>> = Vec::new();
    for r in recs {
        match index.get(&r.id) {
            Some(&i) => {
                let first = &groups[i][0];
                if first.title == r.title && first.manager == r.manager {
                    if groups[i].len() == 1 {
                        stats.job_shares += 1;
                    }
                    groups[i].push(r);
                } else {
                    problems.push(Problem::error(
                        r.at.clone(),
                        format!(
                            "duplicate id `{}`: also at {} (rows sharing an id are a job share only when title and manager agree)",
                            r.id, first.at
                        ),
                    ));
                }
            }
            None => {
                index.insert(r.id.clone(), groups.len());
                groups.push(vec![r]);
            }
        }
    }
    groups
}

/// Builds the plan from the main table and an optional joined one.
pub fn plan(m: &Mapping, tables: &[Table]) -> Result<Plan, Vec<Problem>> {
    let mut problems = Vec::new();
    let mut stats = Stats::default();
    let Some(main) = tables.first() else {
        return Err(vec![Problem::error(At::default(), "no input")]);
    };
    let recs = records(m, main, &mut stats, &mut problems);
    let groups = by_id(recs, &mut stats, &mut problems);
    let used: HashSet<&str> = m.used().into_iter().collect();
    stats.unused = main
        .columns
        .iter()
        .enumerate()
        .filter(|(_, c)| !used.contains(c.as_str()))
        .map(|(i, c)| (i + 1, c.clone()))
        .collect();
    let mut plan = Plan::default();
    // Row id -> the post it ends up in.
    let mut post_of: HashMap<String, usize> = HashMap::new();
    let mut posts: Vec<Post> = Vec::new();
    let mut merge_key: HashMap<(String, Option<String>, Vec<String>), usize> = HashMap::new();
    let mut ftes: Vec<f64> = Vec::new();
    for g in &groups {
        let r = &g[0];
        let key = (r.title.clone(), r.manager.clone(), r.unit.clone());
        let existing = if m.merge_seats {
            merge_key.get(&key).copied()
        } else {
            None
        };
        let i = match existing {
            Some(i) => {
                stats.merged += 1;
                posts[i].merged = true;
                i
            }
            None => {
                posts.push(Post {
                    id: r.id.clone(),
                    title: r.title.clone(),
                    unit: r.unit.clone(),
                    reports_to: r.manager.clone(),
                    level: r.level.clone(),
                    tags: r.tags.clone(),
                    duties: r.duties.clone(),
                    at: r.at.clone(),
                    ..Post::default()
                });
                ftes.push(0.0);
                merge_key.insert(key, posts.len() - 1);
                posts.len() - 1
            }
        };
        post_of.insert(r.id.clone(), i);
        for r in g {
            let p = &mut posts[i];
            match &r.person {
                Some(person) => {
                    p.holders.push(person.id.clone());
                    plan.people.push(person.clone());
                }
                None if r.withheld => p.unnamed += 1,
                None => {}
            }
            ftes[i] += r.fte.unwrap_or(1.0);
        }
    }
    // Seats: rows (or their FTE, rounded up) beyond those filled.
    for (p, fte) in posts.iter_mut().zip(&ftes) {
        let filled = p.holders.len() as u32 + p.unnamed;
        let seats = (fte - 1e-9).ceil().max(1.0) as u32;
        if seats > filled {
            p.headcount = Some(seats);
        }
    }
    if m.merge_seats {
        merged_ids(&mut posts, &groups);
    }
    resolve_managers(m, &groups, &post_of, &mut posts, &mut plan, &mut problems);
    if let (Some(j), Some(t)) = (&m.join, tables.get(1)) {
        let found = Found {
            post_of: &post_of,
            stats: &mut stats,
            problems: &mut problems,
        };
        join(m, j, t, &mut posts, found);
    }
    cycles(&posts, &mut problems);
    plan.levels = ladder(m, &posts);
    plan.posts = posts;
    plan.stats = stats;
    if problems.iter().any(|p| !p.warning) {
        return Err(problems);
    }
    plan.warnings = problems;
    Ok(plan)
}

/// A merged post (more than one seat) is named by its title when no other
/// merged post and no row has that id: stable while the title stays, so
/// the post does not change its id when its first holder leaves.
fn merged_ids(posts: &mut [Post], groups: &[Vec<Rec>]) {
    let ids: HashSet<&str> = groups.iter().map(|g| g[0].id.as_str()).collect();
    let mut titles: HashMap<String, usize> = HashMap::new();
    for p in posts.iter().filter(|p| p.merged) {
        *titles.entry(p.title.clone()).or_default() += 1;
    }
    for p in posts.iter_mut() {
        if p.merged && titles.get(&p.title) == Some(&1) && !ids.contains(p.title.as_str()) {
            p.id = p.title.clone();
        }
    }
}

/// Manager ids to post ids; a manager matching no row follows
/// `missing_manager`, or is an error naming the closest ids.
fn resolve_managers(
    m: &Mapping,
    groups: &[Vec<Rec>],
    post_of: &HashMap<String, usize>,
    posts: &mut Vec<Post>,
    plan: &mut Plan,
    problems: &mut Vec<Problem>,
) {
    let ids: Vec<&str> = groups.iter().map(|g| g[0].id.as_str()).collect();
    let post_ids: Vec<String> = posts.iter().map(|p| p.id.clone()).collect();
    let mut placeholders: Vec<Post> = Vec::new();
    let mut seen_missing: HashSet<String> = HashSet::new();
    for g in groups {
        let r = &g[0];
        let Some(&i) = post_of.get(&r.id) else {
            continue;
        };
        let Some(mgr) = &r.manager else { continue };
        if let Some(&j) = post_of.get(mgr) {
            posts[i].reports_to = Some(post_ids[j].clone());
            continue;
        }
        match m.missing_manager {
            None => problems.push(Problem::error(
                r.manager_at.clone(),
                format!(
                    "`{}` reports to `{mgr}`, which matches no row{}; or set `missing_manager: external | placeholder | drop` in import.yaml",
                    r.id,
                    suggest(mgr, ids.iter().copied().filter(|i| *i != r.id))
                ),
            )),
            Some(Missing::External) => {
                plan.external.insert(mgr.clone(), mgr.clone());
                posts[i].reports_to = Some(mgr.clone());
            }
            Some(Missing::Placeholder) => {
                if seen_missing.insert(mgr.clone()) {
                    placeholders.push(Post {
                        id: mgr.clone(),
                        title: mgr.clone(),
                        at: r.manager_at.clone(),
                        ..Post::default()
                    });
                }
                posts[i].reports_to = Some(mgr.clone());
            }
            Some(Missing::Drop) => posts[i].reports_to = None,
        }
    }
    posts.extend(placeholders);
}

/// What the first table gave the join: its row ids' posts, and where
/// figures and problems go.
struct Found<'a> {
    post_of: &'a HashMap<String, usize>,
    stats: &'a mut Stats,
    problems: &'a mut Vec<Problem>,
}

/// The second table: rows pointing at a post of the first, counted into
/// it or made positions under it (in the unit of its `unit` column when
/// it has one, else the senior post's; its grade through `level_map`).
fn join(m: &Mapping, j: &super::mapping::Join, t: &Table, posts: &mut Vec<Post>, f: Found) {
    let Found {
        post_of,
        stats,
        problems,
    } = f;
    let lenient = m.missing_manager.is_some();
    let Some(on) = t.column(&j.on) else {
        problems.push(Problem::error(
            t.header_at(),
            format!(
                "join: no column `{}` in {}{}",
                j.on,
                t.name,
                suggest(&j.on, t.columns.iter().map(String::as_str))
            ),
        ));
        return;
    };
    let c = |name: &Option<String>| -> Option<usize> { name.as_ref().and_then(|n| t.column(n)) };
    for (name, idx) in [
        (&j.title, c(&j.title)),
        (&j.fte, c(&j.fte)),
        (&j.unit, c(&j.unit)),
        (&j.level, c(&j.level)),
    ] {
        if let (Some(n), None) = (name, idx) {
            problems.push(Problem::error(
                t.header_at(),
                format!(
                    "join: no column `{n}` in {}{}",
                    t.name,
                    suggest(n, t.columns.iter().map(String::as_str))
                ),
            ));
        }
    }
    let ids: Vec<String> = post_of.keys().cloned().collect();
    let (title_c, fte_c, level_c, unit_c) = (c(&j.title), c(&j.fte), c(&j.level), c(&j.unit));
    let mut made: HashMap<(usize, String), (usize, f64)> = HashMap::new();
    let mut sums: BTreeMap<usize, f64> = BTreeMap::new();
    for row in &t.rows {
        stats.joined_rows += 1;
        let senior = row.cells[on].clone();
        let Some(&i) = post_of.get(&senior) else {
            let near = suggest(&senior, ids.iter().map(String::as_str));
            let at = t.at(row, on);
            problems.push(if lenient {
                let m = format!("`{senior}` matches no row of the first table{near}; not counted");
                Problem::warning(at, m)
            } else {
                Problem::error(
                    at,
                    format!("`{senior}` matches no row of the first table{near}"),
                )
            });
            continue;
        };
        let fte = match fte_c.map(|c| row.cells[c].as_str()) {
            None | Some("") => 1.0,
            Some(s) => match s.parse::<f64>() {
                Ok(f) if f >= 0.0 && f.is_finite() => f,
                _ => {
                    problems.push(Problem::error(
                        t.at(row, fte_c.unwrap_or(0)),
                        format!("`{s}`: not a number of full-time equivalents (e.g. 1, 0.5)"),
                    ));
                    continue;
                }
            },
        };
        match j.mode {
            JoinMode::Count => *sums.entry(i).or_default() += fte,
            JoinMode::Positions => {
                let title = title_c
                    .map(|c| row.cells[c].clone())
                    .filter(|s| !s.is_empty())
                    .unwrap_or_else(|| "Staff".into());
                let key = (i, title.clone());
                if let Some(e) = made.get_mut(&key) {
                    e.1 += fte;
                    continue;
                }
                let senior_post = &posts[i];
                let unit = match unit_c.map(|c| unit_path(&row.cells[c]).0) {
                    Some(u) if !u.is_empty() => u,
                    _ => senior_post.unit.clone(),
                };
                let grade = level_c
                    .map(|c| row.cells[c].clone())
                    .filter(|s| !s.is_empty());
                let post = Post {
                    id: format!("{} {}", senior_post.id, title),
                    title,
                    unit,
                    reports_to: Some(senior_post.id.clone()),
                    level: grade.map(|g| m.level_map.get(&g).cloned().unwrap_or(g)),
                    at: t.at(row, on),
                    ..Post::default()
                };
                posts.push(post);
                made.insert(key, (posts.len() - 1, fte));
            }
        }
    }
    for (i, fte) in sums {
        let n = (fte - 1e-9).ceil().max(0.0) as u32;
        let p = &mut posts[i];
        let seats = p
            .headcount
            .unwrap_or((p.holders.len() as u32 + p.unnamed).max(1));
        p.unnamed += n;
        p.headcount = Some(seats + n);
    }
    for (_, (i, fte)) in made {
        let n = (fte - 1e-9).ceil().max(1.0) as u32;
        posts[i].unnamed = n;
    }
}

/// Every reporting cycle, printed as `a -> b -> a`.
fn cycles(posts: &[Post], problems: &mut Vec<Problem>) {
    let index: HashMap<&str, usize> = posts
        .iter()
        .enumerate()
        .map(|(i, p)| (p.id.as_str(), i))
        .collect();
    // 0 unvisited, 1 on the current path, 2 done.
    let mut state = vec![0u8; posts.len()];
    for start in 0..posts.len() {
        let mut path: Vec<usize> = Vec::new();
        let mut cur = Some(start);
        while let Some(i) = cur {
            match state[i] {
                2 => break,
                1 => {
                    let from = path.iter().position(|&x| x == i).unwrap_or(0);
                    let mut names: Vec<&str> =
                        path[from..].iter().map(|&x| posts[x].id.as_str()).collect();
                    names.push(&posts[i].id);
                    problems.push(Problem::error(
                        posts[i].at.clone(),
                        format!("a reporting cycle: {}", names.join(" -> ")),
                    ));
                    break;
                }
                _ => {
                    state[i] = 1;
                    path.push(i);
                    cur = posts[i]
                        .reports_to
                        .as_deref()
                        .and_then(|m| index.get(m).copied());
                }
            }
        }
        for i in path {
            state[i] = 2;
        }
    }
}

/// The ladder: the mapping's `levels`, else the levels seen ordered by how
/// high in the tree they sit on average (top first).
fn ladder(m: &Mapping, posts: &[Post]) -> Vec<String> {
    let mut out: Vec<String> = m.levels.clone();
    let index: HashMap<&str, usize> = posts
        .iter()
        .enumerate()
        .map(|(i, p)| (p.id.as_str(), i))
        .collect();
    let depth = |mut i: usize| {
        let mut d = 0usize;
        while let Some(j) = posts[i]
            .reports_to
            .as_deref()
            .and_then(|m| index.get(m).copied())
        {
            d += 1;
            i = j;
            if d > posts.len() {
                break;
            }
        }
        d
    };
    let mut sums: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for (i, p) in posts.iter().enumerate() {
        if let Some(l) = &p.level {
            let e = sums.entry(l.as_str()).or_default();
            e.0 += depth(i);
            e.1 += 1;
        }
    }
    let mut seen: Vec<(f64, &str)> = sums
        .into_iter()
        .filter(|(l, _)| !out.iter().any(|o| o == l))
        .map(|(l, (s, n))| (s as f64 / n as f64, l))
        .collect();
    seen.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(b.1)));
    out.extend(seen.into_iter().map(|(_, l)| l.to_string()));
    out
}

/// Columns named by a mapping field, for messages.
pub fn names(c: &Option<Cols>) -> String {
    c.as_ref().map(|c| c.names().join(", ")).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unit_paths_and_lists() {
        assert_eq!(unit_path("Ops/IT").0, ["Ops", "IT"]);
        assert_eq!(unit_path("Ops > IT").0, ["Ops", "IT"]);
        let (p, tags) = unit_path("Sales\u{1f}Ops/IT");
        assert_eq!(p, ["Ops", "IT"]);
        assert_eq!(tags, ["Sales"]);
    }
}
