//! The plan as files: where each position, person and unit goes (safe
//! file names, `id:` when a name had to differ), what their front matter
//! says, and, for a site that already has them, the edits that bring the
//! owned fields up to date (by span, [`super::edit`]). Produces a list of
//! writes and removals; nothing touches the disk here except reading.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::edit::{self, Field};
use super::mapping::Mapping;
use super::plan::{Person, Plan, Post};

/// A YAML scalar as import writes it: plain when that reads back as the
/// same text, double-quoted otherwise (numbers, `00000609`, `yes`, `: `).
pub fn scalar(s: &str) -> String {
    let plain = !s.is_empty()
        && s.trim() == s
        && !s.starts_with(|c: char| "-?:,[]{}#&*!|>'\"%@`.+~0123456789".contains(c))
        && !s.contains(": ")
        && !s.contains(" #")
        && !s.ends_with(':')
        && !s.chars().any(|c| c.is_control() || c == '\u{feff}')
        && !matches!(
            s.to_ascii_lowercase().as_str(),
            "true" | "false" | "yes" | "no" | "on" | "off" | "null" | "y" | "n"
        );
    if plain {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A file or folder name for an id: no `:`, `/`, `\` or other characters
/// Windows refuses, no reserved device name, no leading `.` or `_` (those
/// are notes), not too long.
pub fn safe_name(id: &str) -> String {
    let mut s: String = id
        .chars()
        .map(|c| {
            if c.is_control() || "<>:\"/\\|?*".contains(c) {
                '_'
            } else {
                c
            }
        })
        .collect();
    while s.ends_with(['.', ' ']) {
        s.pop();
    }
    if s.starts_with(['.', '_']) {
        s.insert_str(0, "id");
    }
    if s.is_empty() {
        s = "id".into();
    }
    let stem = s.split('.').next().unwrap_or("").to_ascii_uppercase();
    let reserved = matches!(stem.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || (stem.len() == 4
            && (stem.starts_with("COM") || stem.starts_with("LPT"))
            && stem.as_bytes()[3].is_ascii_digit());
    if reserved {
        s.push('_');
    }
    if s.len() > 150 {
        let mut cut = 150;
        while !s.is_char_boundary(cut) {
            cut -= 1;
        }
        s.truncate(cut);
    }
    s
}

/// Gives every name in one folder a file name no other one clashes with,
/// ignoring case (as Windows and macOS do): later ones get `-2`, `-3`.
struct Names(HashMap<PathBuf, HashSet<String>>);

impl Names {
    fn take(&mut self, dir: &Path, name: &str, ext: &str) -> String {
        let used = self.0.entry(dir.to_path_buf()).or_default();
        let mut candidate = name.to_string();
        let mut n = 1;
        while !used.insert(format!("{}{ext}", candidate.to_lowercase())) {
            n += 1;
            candidate = format!("{name}-{n}");
        }
        candidate
    }
}

/// A block list as YAML lines.
fn list_block(key: &str, items: &[String]) -> String {
    let mut s = format!("{key}:");
    for i in items {
        s.push_str("\n  - ");
        s.push_str(i);
    }
    s
}

/// The owned fields of a position, in the order a new file lists them.
fn post_fields(p: &Post, file_id: Option<&str>, m: &Mapping) -> Vec<Field<'static>> {
    let kv = |k: &str, v: &str| format!("{k}: {}", scalar(v));
    let mut f: Vec<(&'static str, Option<String>)> = vec![
        ("id", file_id.map(|id| kv("id", id))),
        ("title", Some(kv("title", &p.title))),
        (
            "reports_to",
            p.reports_to.as_deref().map(|r| kv("reports_to", r)),
        ),
    ];
    if m.level.is_some() || m.join.as_ref().is_some_and(|j| j.level.is_some()) {
        f.push(("level", p.level.as_deref().map(|l| kv("level", l))));
    }
    f.push(("headcount", p.headcount.map(|h| format!("headcount: {h}"))));
    f.push((
        "unnamed",
        (p.unnamed > 0).then(|| format!("unnamed: {}", p.unnamed)),
    ));
    let holders: Vec<String> = p
        .holders
        .iter()
        .map(|h| format!("{{ person: {} }}", scalar(h)))
        .collect();
    f.push((
        "holders",
        (!holders.is_empty()).then(|| list_block("holders", &holders)),
    ));
    if m.unit.is_some() || m.tags.is_some() {
        let tags: Vec<String> = p.tags.iter().map(|t| scalar(t)).collect();
        f.push((
            "tags",
            (!tags.is_empty()).then(|| format!("tags: [{}]", tags.join(", "))),
        ));
    }
    f
}

fn person_fields(p: &Person) -> Vec<Field<'static>> {
    let mut f = vec![("name", Some(format!("name: {}", scalar(&p.name))))];
    for key in ["email", "phone", "location", "since"] {
        let v = p
            .fields
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| format!("{key}: {}", scalar(v)));
        f.push((key, v));
    }
    f
}

/// A new document from its fields.
fn fresh(fields: &[Field]) -> String {
    let mut s = String::from("---\n");
    for (_, v) in fields {
        if let Some(v) = v {
            s.push_str(v);
            s.push('\n');
        }
    }
    s.push_str("---\n");
    s
}

/// What an import wrote last time: kind, id, file (relative to the site).
pub const STATE: &str = ".orgsite-import";

#[derive(Debug, Default, Clone)]
pub struct State {
    pub posts: BTreeMap<String, PathBuf>,
    pub people: BTreeMap<String, PathBuf>,
}

impl State {
    pub fn read(site: &Path) -> State {
        let mut s = State::default();
        let Ok(text) = std::fs::read_to_string(site.join(STATE)) else {
            return s;
        };
        for line in text.lines() {
            let mut parts = line.splitn(3, '\t');
            let (Some(kind), Some(id), Some(path)) = (parts.next(), parts.next(), parts.next())
            else {
                continue;
            };
            let id = id.replace("\\t", "\t").replace("\\n", "\n");
            let path = PathBuf::from(path);
            match kind {
                "position" => s.posts.insert(id, path),
                "person" => s.people.insert(id, path),
                _ => None,
            };
        }
        s
    }

    fn text(&self) -> String {
        let mut out =
            String::from("# Written by orgsite import: what it owns. Keep it with the site.\n");
        let esc = |s: &str| s.replace('\t', "\\t").replace('\n', "\\n");
        for (kind, map) in [("position", &self.posts), ("person", &self.people)] {
            for (id, p) in map {
                out.push_str(&format!(
                    "{kind}\t{}\t{}\n",
                    esc(id),
                    crate::diag::display_path(p)
                ));
            }
        }
        out
    }
}

/// The writes an import makes.
#[derive(Debug, Default)]
pub struct Writes {
    /// Files to write (relative to the site) and their new text.
    pub files: BTreeMap<PathBuf, String>,
    /// Files to copy in: (source, destination relative to the site).
    pub copies: Vec<(PathBuf, PathBuf)>,
    /// Files to remove (moved away, or pruned).
    pub removes: Vec<PathBuf>,
    /// Positions and people that left the source: (kind, id, file).
    pub left: Vec<(&'static str, String, PathBuf)>,
    /// Positions moved to another unit: (id, from, to).
    pub moved: Vec<(String, PathBuf, PathBuf)>,
    pub posts_written: usize,
    pub people_written: usize,
    pub units_written: usize,
    /// New positions whose body is the placeholder for their duties.
    pub todo: usize,
}

/// One document to bring up to date: where it goes, where it was, its
/// owned fields and the body a new file gets.
struct Job<'a> {
    id: &'a str,
    path: PathBuf,
    was: Option<&'a PathBuf>,
    fields: Vec<Field<'static>>,
    body: String,
}

/// What a job comes to, decided apart from the others (in parallel: each
/// reads one file).
enum Update {
    Same,
    /// A new file; whether its body is the placeholder for duties.
    New(PathBuf, String, bool),
    Write(PathBuf, String),
    Move(String, PathBuf, PathBuf, String),
}

/// Plans the writes for `plan` into the site at `site`. `todo` is the
/// text of the line a new position without duties gets (in the site's
/// language; see [`crate::validate::DUTIES_TODO`]).
pub fn writes(site: &Path, plan: &Plan, m: &Mapping, prune: bool, todo: &str) -> Writes {
    let old = State::read(site);
    let mut new = State::default();
    let mut w = Writes::default();
    let mut names = Names(HashMap::new());
    let mut jobs: Vec<Job> = Vec::with_capacity(plan.posts.len() + plan.people.len());
    // Positions keep their file when their unit did not change.
    let mut order: Vec<&Post> = plan.posts.iter().collect();
    order.sort_by(|a, b| a.unit.cmp(&b.unit).then(a.id.cmp(&b.id)));
    let units = unit_dirs(&order);
    let placeholder = format!("{}{})\n", crate::validate::DUTIES_TODO, todo_text(todo));
    for p in order {
        let dir = units
            .get(&p.unit)
            .cloned()
            .unwrap_or_else(|| PathBuf::from("content"));
        let stem = names.take(&dir, &safe_name(&p.id), ".md");
        let path = dir.join(format!("{stem}.md"));
        let file_id = (stem != p.id).then_some(p.id.as_str());
        let body = if p.duties.is_empty() {
            placeholder.clone()
        } else {
            format!("\n{}\n", p.duties)
        };
        jobs.push(Job {
            id: &p.id,
            was: old.posts.get(&p.id),
            fields: post_fields(p, file_id, m),
            body,
            path: path.clone(),
        });
        new.posts.insert(p.id.clone(), path);
    }
    w.posts_written = plan.posts.len();
    for person in &plan.people {
        if new.people.contains_key(&person.id) {
            continue;
        }
        let dir = PathBuf::from("people");
        let stem = names.take(&dir, &safe_name(&person.id), ".md");
        let path = dir.join(format!("{stem}.md"));
        jobs.push(Job {
            id: &person.id,
            was: old.people.get(&person.id),
            fields: person_fields(person),
            body: String::new(),
            path: path.clone(),
        });
        new.people.insert(person.id.clone(), path);
        w.people_written += 1;
    }
    let updates: Vec<Update> = jobs.par_iter().map(|j| update(site, j)).collect();
    for u in updates {
        match u {
            Update::Same => {}
            Update::New(path, text, todo) => {
                w.todo += usize::from(todo);
                w.files.insert(path, text);
            }
            Update::Write(path, text) => {
                w.files.insert(path, text);
            }
            Update::Move(id, from, to, text) => {
                w.moved.push((id, from.clone(), to.clone()));
                w.removes.push(from);
                w.files.insert(to, text);
            }
        }
    }
    left(site, &old, &mut new, &mut w, prune);
    for (unit, dir) in &units {
        let file = dir.join("_unit.md");
        if !site.join(&file).exists() {
            if let Some(name) = unit.last() {
                w.files.insert(
                    file,
                    fresh(&[("name", Some(format!("name: {}", scalar(name))))]),
                );
                w.units_written += 1;
            }
        }
    }
    if let Some(text) = site_yaml(site, plan, m) {
        w.files.insert(PathBuf::from("site.yaml"), text);
    }
    let state = new.text();
    if std::fs::read_to_string(site.join(STATE)).ok().as_deref() != Some(state.as_str()) {
        w.files.insert(PathBuf::from(STATE), state);
    }
    w
}

/// The placeholder's words as a link title may hold them: no parentheses
/// or line breaks.
fn todo_text(todo: &str) -> String {
    todo.chars()
        .map(|c| match c {
            '(' | ')' | '\n' | '\r' => ' ',
            c => c,
        })
        .collect()
}

/// Positions and people that left the source: listed, removed with
/// `--prune`, and otherwise still owned.
fn left(site: &Path, old: &State, new: &mut State, w: &mut Writes, prune: bool) {
    for (kind, was, now) in [
        ("position", &old.posts, &new.posts),
        ("person", &old.people, &new.people),
    ] {
        for (id, path) in was {
            if !now.contains_key(id) && site.join(path).exists() {
                w.left.push((kind, id.clone(), path.clone()));
                if prune {
                    w.removes.push(path.clone());
                }
            }
        }
    }
    if !prune {
        for (kind, id, path) in &w.left {
            match *kind {
                "position" => new.posts.insert(id.clone(), path.clone()),
                _ => new.people.insert(id.clone(), path.clone()),
            };
        }
    }
}

/// One document brought up to date: edited in place, moved (edited) when
/// its place changed, or written new (its fields, then its body).
fn update(site: &Path, j: &Job) -> Update {
    let path = &j.path;
    // Read at once rather than tested first: one call for a file that is
    // there, one failed open for one that is not.
    fn read<'p>(site: &Path, p: &'p PathBuf) -> Option<(&'p PathBuf, String)> {
        std::fs::read_to_string(site.join(p)).ok().map(|t| (p, t))
    }
    let existing = j.was.and_then(|w| read(site, w)).or_else(|| {
        if j.was == Some(path) {
            None
        } else {
            read(site, path)
        }
    });
    match existing {
        Some((from, text)) => {
            let edited = duties_now_known(edit::edit(&text, &j.fields), &j.body);
            if from != path {
                Update::Move(j.id.to_string(), from.clone(), path.clone(), edited)
            } else if edited != text {
                Update::Write(path.clone(), edited)
            } else {
                Update::Same
            }
        }
        None => Update::New(
            path.clone(),
            fresh(&j.fields) + &j.body,
            crate::validate::duties_todo(&j.body),
        ),
    }
}

/// A body that is still the import's placeholder gets the duties the
/// source now has; any other body is the user's and stays.
fn duties_now_known(text: String, body: &str) -> String {
    if body.is_empty() || crate::validate::duties_todo(body) {
        return text;
    }
    let (_, _, old_body, _) = crate::content::split_front_matter(&text);
    if !crate::validate::duties_todo(old_body) {
        return text;
    }
    let keep = text.len() - old_body.len();
    format!("{}{body}", &text[..keep])
}

/// Each unit path's folder: safe names, case clashes among siblings resolved.
fn unit_dirs(posts: &[&Post]) -> BTreeMap<Vec<String>, PathBuf> {
    let mut out: BTreeMap<Vec<String>, PathBuf> = BTreeMap::new();
    let mut names = Names(HashMap::new());
    let mut all: Vec<Vec<String>> = Vec::new();
    for p in posts {
        for n in 1..=p.unit.len() {
            all.push(p.unit[..n].to_vec());
        }
    }
    all.sort();
    all.dedup();
    for u in all {
        let parent = if u.len() == 1 {
            PathBuf::from("content")
        } else {
            out.get(&u[..u.len() - 1])
                .cloned()
                .unwrap_or_else(|| PathBuf::from("content"))
        };
        let leaf = u.last().map(String::as_str).unwrap_or("");
        let name = names.take(&parent, &safe_name(leaf), "");
        out.insert(u, parent.join(name));
    }
    out
}

/// site.yaml with the ladder and the external entries import needs,
/// edited by span; none when nothing changes.
fn site_yaml(site: &Path, plan: &Plan, m: &Mapping) -> Option<String> {
    let path = site.join("site.yaml");
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    let node = marked_yaml::parse_yaml(0, text.as_str()).ok();
    let map = node.as_ref().and_then(|n| n.as_mapping());
    let mut levels: Vec<String> = map
        .and_then(|m| m.get_sequence("levels"))
        .map(|s| {
            s.iter()
                .filter_map(|n| n.as_scalar().map(|s| s.as_str().to_string()))
                .collect()
        })
        .unwrap_or_default();
    let had_levels = levels.clone();
    for l in &plan.levels {
        if !levels.contains(l) {
            levels.push(l.clone());
        }
    }
    let mut external: Vec<(String, String)> = Vec::new();
    let mut had_external = Vec::new();
    if let Some(e) = map.and_then(|m| m.get_mapping("external")) {
        for (k, v) in e.iter() {
            let title = v
                .as_mapping()
                .and_then(|m| m.get_scalar("title"))
                .map(|s| s.as_str().to_string())
                .unwrap_or_default();
            external.push((k.as_str().to_string(), title));
        }
        had_external = external.clone();
    }
    for (id, title) in &plan.external {
        if !external.iter().any(|(k, _)| k == id) {
            external.push((id.clone(), title.clone()));
        }
    }
    let mut fields: Vec<(&str, Option<String>)> = Vec::new();
    if levels != had_levels && (m.level.is_some() || !plan.levels.is_empty()) {
        let items: Vec<String> = levels.iter().map(|l| scalar(l)).collect();
        fields.push(("levels", Some(format!("levels: [{}]", items.join(", ")))));
    }
    if external != had_external {
        let mut s = String::from("external:");
        for (id, title) in &external {
            s.push_str(&format!(
                "\n  {}: {{ title: {} }}",
                scalar(id),
                scalar(title)
            ));
        }
        fields.push(("external", Some(s)));
    }
    if fields.is_empty() {
        return None;
    }
    if text.trim().is_empty() {
        let mut s = String::from("title: Organisation\nlanguage: en\n");
        for (_, v) in fields.iter() {
            if let Some(v) = v {
                s.push_str(v);
                s.push('\n');
            }
        }
        return Some(s);
    }
    // site.yaml has no `---` fences: edit it as front matter of its own.
    let wrapped = format!(
        "---\n{}{}---\n",
        text,
        if text.ends_with('\n') { "" } else { "\n" }
    );
    let edited = edit::edit(&wrapped, &fields);
    let inner = edited
        .strip_prefix("---\n")
        .and_then(|s| s.strip_suffix("---\n"))
        .unwrap_or(&edited);
    Some(inner.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_safe_and_ids_quoted() {
        assert_eq!(safe_name("a:b/c"), "a_b_c");
        assert_eq!(safe_name("CON"), "CON_");
        assert_eq!(safe_name("_x"), "id_x");
        assert_eq!(scalar("00000609"), "\"00000609\"");
        assert_eq!(scalar("Head of IT"), "Head of IT");
        assert_eq!(scalar("yes"), "\"yes\"");
        let mut n = Names(HashMap::new());
        assert_eq!(n.take(Path::new("c"), "Bob", ".md"), "Bob");
        assert_eq!(n.take(Path::new("c"), "bob", ".md"), "bob-2");
    }
}
