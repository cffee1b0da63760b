//! The comparison of two organisations: a pure function from (before,
//! after) to [`Changes`], with no git and no formatting in it, so that it
//! can be tested on organisations built in memory.
//!
//! Positions are matched by id. Positions left over on both sides are then
//! paired when they are evidently the same post under a new id (the same
//! file, the same title in the same unit, or word-for-word the same duties),
//! so that renaming a file reads as a rename, not as a removal and an
//! addition. Every reference (`reports_to`, dotted lines, report
//! recipients, posts held) is compared through that pairing.
//!
//! An added or removed position is listed once, under positions; its
//! fields are not repeated in the other groups (its holders still count as
//! people who joined or left, and an added position's open seats as
//! vacancies opened).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Serialize;

use crate::content::{Cadence, HolderStatus};
use crate::model::{Link, Org, Position, Profile, Seats};

/// A position, by id and title (on the side it is named from).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Ref {
    pub id: String,
    pub title: String,
}

/// What a reference points at: a position, an entry of `site.yaml`'s
/// `external`, or a name that resolved to nothing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Target {
    pub id: String,
    pub title: String,
    /// `position`, `external` or `missing`.
    pub kind: &'static str,
}

/// A position that was added or removed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PositionEntry {
    pub position: Ref,
    pub unit: Option<String>,
    pub reports_to: Option<Target>,
    pub dotted_line: Vec<Target>,
    /// The document, relative to the site folder.
    pub file: String,
}

/// The same position under a new title, id or file (a file moved or
/// renamed with the same id and title is listed here too).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Renamed {
    pub from: Ref,
    pub to: Ref,
    pub file_from: String,
    pub file_to: String,
}

/// A value of a position that changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change<T> {
    pub position: Ref,
    pub from: T,
    pub to: T,
}

/// A dotted line from a position to a partner.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Dotted {
    pub position: Ref,
    pub partner: Target,
}

/// A change of external title, level or unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Field {
    pub position: Ref,
    /// `external_title`, `level` or `unit`.
    pub field: &'static str,
    pub from: Option<String>,
    pub to: Option<String>,
}

/// A post held by a person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Post {
    pub position: Ref,
    pub status: HolderStatus,
    pub concurrent: bool,
}

/// A person who joined or left, with the posts they hold or held.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Person {
    pub name: String,
    pub posts: Vec<Post>,
}

/// A person whose posts changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PersonMoved {
    pub name: String,
    pub from: Vec<Post>,
    pub to: Vec<Post>,
}

/// How a person holds a post.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct HolderState {
    pub status: HolderStatus,
    pub concurrent: bool,
}

/// A person whose status in a post changed (pending -> confirmed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatusChange {
    pub name: String,
    pub position: Ref,
    pub from: HolderState,
    pub to: HolderState,
}

/// A reporting obligation as it stands on one side.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportState {
    pub to: Option<Target>,
    pub every: Cadence,
    pub day: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub month: Option<u32>,
    pub by: Option<String>,
}

/// A target as it stands on one side.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TargetState {
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub unit: Option<String>,
    pub per: Option<Cadence>,
}

/// A reporting obligation or target of a position, matched by name:
/// added (`from` is none), removed (`to` is none) or changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Item<T> {
    pub position: Ref,
    pub name: String,
    pub from: Option<T>,
    pub to: Option<T>,
}

/// A position whose text changed (scope, duties, what it builds on, type, tags).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Edited {
    pub position: Ref,
    /// Keys of orgsite's fields (`scope`, `duties`, ...), or the labels of
    /// the site's own fields (`site.yaml` `fields:`) whose values changed.
    pub fields: Vec<String>,
    /// The duty lines added and removed, when the duties changed.
    pub duty_lines: super::lines::DutyLines,
}

/// A person file (`people/ID.md`) that was added or removed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PersonFile {
    /// The file name without `.md`.
    pub id: String,
    pub name: String,
    /// The file, relative to the site folder.
    pub file: String,
}

/// A person file on both sides whose details changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProfileChanged {
    pub id: String,
    /// The name on the newer side.
    pub name: String,
    pub fields: Vec<ProfileField>,
}

/// One detail of a person file, before and after.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProfileField {
    /// orgsite's key (`email`, `phone`, `location`, `photo`, `since`,
    /// `pronouns`, `links`, `name`, `sort_as`), or the label of a field of
    /// the site's own (`site.yaml` `fields: person:`) when `own` is set.
    pub field: String,
    pub own: bool,
    pub from: Option<String>,
    pub to: Option<String>,
}

/// Everything that changed between two organisations, group by group, each
/// in chart order (removed positions in the old chart's order, people by name).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Changes {
    pub added: Vec<PositionEntry>,
    pub removed: Vec<PositionEntry>,
    pub renamed: Vec<Renamed>,
    pub reporting_moved: Vec<Change<Option<Target>>>,
    pub dotted_added: Vec<Dotted>,
    pub dotted_removed: Vec<Dotted>,
    pub details: Vec<Field>,
    pub headcount: Vec<Change<u32>>,
    pub joined: Vec<Person>,
    pub left: Vec<Person>,
    pub moved: Vec<PersonMoved>,
    pub status: Vec<StatusChange>,
    /// Person files, by id (compared only when both sides have names:
    /// never in a public edition).
    pub profiles_added: Vec<PersonFile>,
    pub profiles_removed: Vec<PersonFile>,
    pub profiles_changed: Vec<ProfileChanged>,
    /// Vacant seats before and after, where they rose.
    pub vacancies_opened: Vec<Change<u64>>,
    /// Vacant seats before and after, where they fell.
    pub vacancies_filled: Vec<Change<u64>>,
    pub reports: Vec<Item<ReportState>>,
    pub targets: Vec<Item<TargetState>>,
    pub edited: Vec<Edited>,
    /// The organisation's seats before and after.
    pub seats_from: Seats,
    pub seats_to: Seats,
}

/// How a position is marked on the changes page's chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Mark {
    /// New in this period.
    Added,
    /// Reports to someone else, or moved to another unit.
    Moved,
    /// Anything else about it changed.
    Changed,
}

impl Changes {
    /// The number of entries, over all groups.
    pub fn count(&self) -> usize {
        self.added.len()
            + self.removed.len()
            + self.renamed.len()
            + self.reporting_moved.len()
            + self.dotted_added.len()
            + self.dotted_removed.len()
            + self.details.len()
            + self.headcount.len()
            + self.joined.len()
            + self.left.len()
            + self.moved.len()
            + self.status.len()
            + self.profiles_added.len()
            + self.profiles_removed.len()
            + self.profiles_changed.len()
            + self.vacancies_opened.len()
            + self.vacancies_filled.len()
            + self.reports.len()
            + self.targets.len()
            + self.edited.len()
    }

    pub fn is_empty(&self) -> bool {
        self.count() == 0
    }

    /// The number of entries a report shows: [`Changes::count`], less the
    /// entries that name a person when `people` is false (the groups
    /// `report::groups` leaves out of a public edition).
    pub fn count_shown(&self, people: bool) -> usize {
        if people {
            return self.count();
        }
        self.count()
            - self.joined.len()
            - self.left.len()
            - self.moved.len()
            - self.status.len()
            - self.profiles_added.len()
            - self.profiles_removed.len()
            - self.profiles_changed.len()
    }

    /// The mark of every position of the newer side that changed, by id.
    pub fn marks(&self) -> BTreeMap<String, Mark> {
        let mut out: BTreeMap<String, Mark> = BTreeMap::new();
        let mut mark = |r: &Ref, m: Mark| {
            let e = out.entry(r.id.clone()).or_insert(m);
            *e = (*e).min(m);
        };
        for a in &self.added {
            mark(&a.position, Mark::Added);
        }
        for c in &self.reporting_moved {
            mark(&c.position, Mark::Moved);
        }
        for f in self.details.iter().filter(|f| f.field == "unit") {
            mark(&f.position, Mark::Moved);
        }
        let changed = self
            .renamed
            .iter()
            .map(|r| &r.to)
            .chain(self.dotted_added.iter().map(|d| &d.position))
            .chain(self.dotted_removed.iter().map(|d| &d.position))
            .chain(self.details.iter().map(|d| &d.position))
            .chain(self.headcount.iter().map(|d| &d.position))
            .chain(self.status.iter().map(|d| &d.position))
            .chain(self.vacancies_opened.iter().map(|d| &d.position))
            .chain(self.vacancies_filled.iter().map(|d| &d.position))
            .chain(self.reports.iter().map(|d| &d.position))
            .chain(self.targets.iter().map(|d| &d.position))
            .chain(self.edited.iter().map(|d| &d.position))
            .chain(
                self.joined
                    .iter()
                    .flat_map(|p| p.posts.iter().map(|p| &p.position)),
            )
            .chain(
                self.moved
                    .iter()
                    .flat_map(|m| m.to.iter().map(|p| &p.position)),
            )
            .cloned()
            .collect::<Vec<_>>();
        for r in &changed {
            mark(r, Mark::Changed);
        }
        out
    }
}

/// What a reference is, compared across the two sides: a position of the
/// newer side, or a name (an id that no longer exists, or never did).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Key {
    Pos(usize),
    Name(String),
    External(String),
}

/// The two organisations and how their positions correspond.
struct Pairing<'a> {
    old: &'a Org,
    new: &'a Org,
    /// Old position -> new position.
    to_new: Vec<Option<usize>>,
    /// New position -> old position.
    to_old: Vec<Option<usize>>,
}

impl<'a> Pairing<'a> {
    fn new(old: &'a Org, new: &'a Org) -> Self {
        let mut to_new = vec![None; old.positions.len()];
        let mut to_old = vec![None; new.positions.len()];
        // By id; the n-th of duplicate ids with the n-th.
        let mut by_id: HashMap<&str, Vec<usize>> = HashMap::new();
        for (j, p) in new.positions.iter().enumerate().rev() {
            by_id.entry(p.id.as_str()).or_default().push(j);
        }
        for (i, p) in old.positions.iter().enumerate() {
            if let Some(j) = by_id.get_mut(p.id.as_str()).and_then(Vec::pop) {
                to_new[i] = Some(j);
                to_old[j] = Some(i);
            }
        }
        // Then the same post under a new id.
        let unit_id = |org: &Org, u: Option<usize>| u.map(|u| org.units[u].id.clone());
        let rules: [&dyn Fn(usize, usize) -> bool; 3] = [
            &|i, j| old.positions[i].source.path == new.positions[j].source.path,
            &|i, j| {
                old.positions[i].title == new.positions[j].title
                    && unit_id(old, old.positions[i].unit) == unit_id(new, new.positions[j].unit)
            },
            &|i, j| {
                let (a, b) = (old.positions[i].body.trim(), new.positions[j].body.trim());
                // The import's "duties not yet written" line is no body.
                !a.is_empty() && !crate::validate::duties_todo(a) && a == b
            },
        ];
        // Only the positions left over on both sides are tried.
        let left_new: Vec<usize> = (0..new.positions.len())
            .filter(|&j| to_old[j].is_none())
            .collect();
        for rule in rules {
            for (i, slot) in to_new.iter_mut().enumerate() {
                if slot.is_some() {
                    continue;
                }
                if let Some(&j) = left_new
                    .iter()
                    .find(|&&j| to_old[j].is_none() && rule(i, j))
                {
                    *slot = Some(j);
                    to_old[j] = Some(i);
                }
            }
        }
        Pairing {
            old,
            new,
            to_new,
            to_old,
        }
    }

    fn old_key(&self, l: &Link) -> Key {
        match l {
            Link::Position(i) => match self.to_new[*i] {
                Some(j) => Key::Pos(j),
                None => Key::Name(self.old.positions[*i].id.clone()),
            },
            Link::External(id) => Key::External(id.clone()),
            Link::Missing(n) => Key::Name(n.clone()),
        }
    }

    fn new_key(&self, l: &Link) -> Key {
        match l {
            Link::Position(j) => Key::Pos(*j),
            Link::External(id) => Key::External(id.clone()),
            Link::Missing(n) => Key::Name(n.clone()),
        }
    }
}

fn pos_ref(org: &Org, i: usize) -> Ref {
    let p = &org.positions[i];
    Ref {
        id: p.id.clone(),
        title: p.title.clone(),
    }
}

fn target(org: &Org, l: &Link) -> Target {
    let (id, kind) = match l {
        Link::Position(i) => (org.positions[*i].id.clone(), "position"),
        Link::External(id) => (id.clone(), "external"),
        Link::Missing(n) => (n.clone(), "missing"),
    };
    Target {
        id,
        title: org.link_title(l).to_string(),
        kind,
    }
}

fn unit_name(org: &Org, u: Option<usize>) -> Option<String> {
    u.map(|u| org.units[u].name.clone())
}

fn file(org: &Org, i: usize) -> String {
    crate::diag::display_path(&org.positions[i].source.path)
}

fn entry(org: &Org, i: usize) -> PositionEntry {
    let p = &org.positions[i];
    PositionEntry {
        position: pos_ref(org, i),
        unit: unit_name(org, p.unit),
        reports_to: p.manager.as_ref().map(|l| target(org, l)),
        dotted_line: p.dotted_line.iter().map(|l| target(org, l)).collect(),
        file: file(org, i),
    }
}

/// Pairs the n-th item of a name with the n-th item of the same name.
fn match_by_name<'x, T>(
    old: &'x [T],
    new: &'x [T],
    name: impl Fn(&T) -> &str,
) -> Vec<(Option<&'x T>, Option<&'x T>)> {
    let mut out: Vec<(Option<&T>, Option<&T>)> = Vec::new();
    let mut used = vec![false; new.len()];
    for o in old {
        let found = (0..new.len()).find(|&j| !used[j] && name(&new[j]) == name(o));
        match found {
            Some(j) => {
                used[j] = true;
                out.push((Some(o), Some(&new[j])));
            }
            None => out.push((Some(o), None)),
        }
    }
    for (j, n) in new.iter().enumerate() {
        if !used[j] {
            out.push((None, Some(n)));
        }
    }
    out
}

/// Compares two organisations: what changed from `old` to `new`.
pub fn compare(old: &Org, new: &Org) -> Changes {
    let pair = Pairing::new(old, new);
    let mut ch = Changes {
        seats_from: old.seats(),
        seats_to: new.seats(),
        ..Changes::default()
    };
    for j in new.chart_order() {
        match pair.to_old[j] {
            Some(i) => Both::new(&pair, old, new, i, j).compare(&mut ch),
            None => added(new, j, &mut ch),
        }
    }
    for i in old.chart_order() {
        if pair.to_new[i].is_none() {
            ch.removed.push(entry(old, i));
        }
    }
    people(&pair, &mut ch);
    profiles(old, new, &mut ch);
    ch
}

/// A position only on the newer side: added, with its vacant seats opened.
fn added(new: &Org, j: usize, ch: &mut Changes) {
    ch.added.push(entry(new, j));
    let vacant = new.positions[j].seats().vacant;
    if vacant > 0 {
        ch.vacancies_opened.push(Change {
            position: pos_ref(new, j),
            from: 0,
            to: vacant,
        });
    }
}

/// One position on both sides: `i` in `old`, `j` in `new`.
struct Both<'a> {
    pair: &'a Pairing<'a>,
    old: &'a Org,
    new: &'a Org,
    i: usize,
    j: usize,
    op: &'a Position,
    np: &'a Position,
    /// The position as the report names it (its newer side).
    me: Ref,
}

impl<'a> Both<'a> {
    fn new(pair: &'a Pairing<'a>, old: &'a Org, new: &'a Org, i: usize, j: usize) -> Self {
        Both {
            pair,
            old,
            new,
            i,
            j,
            op: &old.positions[i],
            np: &new.positions[j],
            me: pos_ref(new, j),
        }
    }

    /// Everything that changed about the position, in the report's order.
    fn compare(self, ch: &mut Changes) {
        self.renamed(ch);
        self.lines(ch);
        self.fields(ch);
        self.seats(ch);
        self.reports(ch);
        self.targets(ch);
        self.edited(ch);
    }

    fn renamed(&self, ch: &mut Changes) {
        let (op, np) = (self.op, self.np);
        if op.title != np.title || op.id != np.id || op.source.path != np.source.path {
            ch.renamed.push(Renamed {
                from: pos_ref(self.old, self.i),
                to: self.me.clone(),
                file_from: file(self.old, self.i),
                file_to: file(self.new, self.j),
            });
        }
    }

    /// The reporting line and dotted lines.
    fn lines(&self, ch: &mut Changes) {
        let (op, np, pair) = (self.op, self.np, self.pair);
        let old_mgr = op.manager.as_ref().map(|l| pair.old_key(l));
        let new_mgr = np.manager.as_ref().map(|l| pair.new_key(l));
        if old_mgr != new_mgr {
            ch.reporting_moved.push(Change {
                position: self.me.clone(),
                from: op.manager.as_ref().map(|l| target(self.old, l)),
                to: np.manager.as_ref().map(|l| target(self.new, l)),
            });
        }
        let old_dotted: BTreeSet<Key> = op.dotted_line.iter().map(|l| pair.old_key(l)).collect();
        let new_dotted: BTreeSet<Key> = np.dotted_line.iter().map(|l| pair.new_key(l)).collect();
        for l in &np.dotted_line {
            if !old_dotted.contains(&pair.new_key(l)) {
                ch.dotted_added.push(Dotted {
                    position: self.me.clone(),
                    partner: target(self.new, l),
                });
            }
        }
        for l in &op.dotted_line {
            if !new_dotted.contains(&pair.old_key(l)) {
                ch.dotted_removed.push(Dotted {
                    position: self.me.clone(),
                    partner: target(self.old, l),
                });
            }
        }
    }

    /// External title, level and unit.
    fn fields(&self, ch: &mut Changes) {
        let (op, np) = (self.op, self.np);
        let mut field = |name: &'static str, from: Option<String>, to: Option<String>| {
            if from != to {
                ch.details.push(Field {
                    position: self.me.clone(),
                    field: name,
                    from,
                    to,
                });
            }
        };
        field(
            "external_title",
            op.external_title.clone(),
            np.external_title.clone(),
        );
        field("level", op.level.clone(), np.level.clone());
        let old_unit = op.unit.map(|u| self.old.units[u].id.clone());
        let new_unit = np.unit.map(|u| self.new.units[u].id.clone());
        if old_unit != new_unit {
            field(
                "unit",
                unit_name(self.old, op.unit),
                unit_name(self.new, np.unit),
            );
        }
    }

    /// Headcount and vacant seats.
    fn seats(&self, ch: &mut Changes) {
        let (op, np) = (self.op, self.np);
        if op.headcount != np.headcount {
            ch.headcount.push(Change {
                position: self.me.clone(),
                from: op.headcount,
                to: np.headcount,
            });
        }
        let (ov, nv) = (op.seats().vacant, np.seats().vacant);
        if nv > ov {
            ch.vacancies_opened.push(Change {
                position: self.me.clone(),
                from: ov,
                to: nv,
            });
        } else if nv < ov {
            ch.vacancies_filled.push(Change {
                position: self.me.clone(),
                from: ov,
                to: nv,
            });
        }
    }

    /// Reporting obligations, paired by name.
    fn reports(&self, ch: &mut Changes) {
        let pair = self.pair;
        for (o, n) in match_by_name(self.op.own_reports(), self.np.own_reports(), |r| {
            r.name.as_str()
        }) {
            let state = |org: &Org, r: &crate::model::Report| ReportState {
                to: r.to.as_ref().map(|l| target(org, l)),
                every: r.every,
                day: r.day,
                month: r.month,
                by: r.by.clone(),
            };
            let same = match (o, n) {
                (Some(o), Some(n)) => {
                    o.to.as_ref().map(|l| pair.old_key(l)) == n.to.as_ref().map(|l| pair.new_key(l))
                        && o.every == n.every
                        && o.day == n.day
                        && o.month == n.month
                        && o.by == n.by
                }
                _ => false,
            };
            if !same {
                ch.reports.push(Item {
                    position: self.me.clone(),
                    name: o.or(n).map(|r| r.name.clone()).unwrap_or_default(),
                    from: o.map(|r| state(self.old, r)),
                    to: n.map(|r| state(self.new, r)),
                });
            }
        }
    }

    /// Targets, paired by name.
    fn targets(&self, ch: &mut Changes) {
        for (o, n) in match_by_name(self.op.own_targets(), self.np.own_targets(), |t| {
            t.name.as_str()
        }) {
            let state = |t: &crate::content::TargetSpec| TargetState {
                min: t.min,
                max: t.max,
                unit: t.unit.clone(),
                per: t.per,
            };
            let (from, to) = (o.map(state), n.map(state));
            if from != to {
                ch.targets.push(Item {
                    position: self.me.clone(),
                    name: o.or(n).map(|t| t.name.clone()).unwrap_or_default(),
                    from,
                    to,
                });
            }
        }
    }

    /// The fields reported only as edited: scope, duties, builds_on, type, tags.
    fn edited(self, ch: &mut Changes) {
        let (op, np, pair) = (self.op, self.np, self.pair);
        let mut edited: Vec<String> = Vec::new();
        let mut push = |k: &str| edited.push(k.to_string());
        if op.scope != np.scope {
            push("scope");
        }
        let mut duty_lines = super::lines::DutyLines::default();
        if op.body.trim() != np.body.trim() {
            push("duties");
            duty_lines = super::lines::changed(&op.body, &np.body);
        }
        let ob: Vec<Key> = op.builds_on.iter().map(|l| pair.old_key(l)).collect();
        let nb: Vec<Key> = np.builds_on.iter().map(|l| pair.new_key(l)).collect();
        if ob != nb {
            push("builds_on");
        }
        if op.kind != np.kind {
            push("type");
        }
        if op.tags != np.tags {
            push("tags");
        }
        // The site's own fields, by key, labelled as the newer side declares them.
        let (of, nf) = (
            self.old.position_fields(self.i),
            self.new.position_fields(self.j),
        );
        let value = |set: &[(&str, &crate::fields::FieldDecl, &crate::fields::FieldValue)],
                     k: &str| {
            set.iter()
                .find(|(n, _, _)| *n == k)
                .map(|(_, _, v)| (*v).clone())
        };
        let mut keys: Vec<(&str, &crate::fields::FieldDecl)> =
            nf.iter().map(|(k, d, _)| (*k, *d)).collect();
        keys.extend(
            of.iter()
                .filter(|(k, _, _)| !nf.iter().any(|(n, _, _)| n == k))
                .map(|(k, d, _)| (*k, *d)),
        );
        for (k, d) in keys {
            if value(&of, k) != value(&nf, k) {
                push(d.label(k, &self.new.config.language));
            }
        }
        if !edited.is_empty() {
            ch.edited.push(Edited {
                position: self.me,
                fields: edited,
                duty_lines,
            });
        }
    }
}

/// Joined, left, moved between posts, changed status.
fn people(pair: &Pairing, ch: &mut Changes) {
    type Posts = BTreeMap<String, Vec<(Key, Post)>>;
    let collect = |org: &Org, key: &dyn Fn(usize) -> Key| -> Posts {
        let mut out: Posts = BTreeMap::new();
        for i in org.chart_order() {
            for (h, who) in org.positions[i].holders.iter().zip(org.who(i)) {
                out.entry(who.name.clone()).or_default().push((
                    key(i),
                    Post {
                        position: pos_ref(org, i),
                        status: h.status,
                        concurrent: h.concurrent,
                    },
                ));
            }
        }
        out
    };
    let old = collect(pair.old, &|i| pair.old_key(&Link::Position(i)));
    let new = collect(pair.new, &|j| Key::Pos(j));
    let names: BTreeSet<&String> = old.keys().chain(new.keys()).collect();
    let posts = |v: &[(Key, Post)]| v.iter().map(|(_, p)| p.clone()).collect::<Vec<_>>();
    for name in names {
        match (old.get(name), new.get(name)) {
            (None, Some(n)) => ch.joined.push(Person {
                name: name.clone(),
                posts: posts(n),
            }),
            (Some(o), None) => ch.left.push(Person {
                name: name.clone(),
                posts: posts(o),
            }),
            (Some(o), Some(n)) => {
                let ok: BTreeSet<&Key> = o.iter().map(|(k, _)| k).collect();
                let nk: BTreeSet<&Key> = n.iter().map(|(k, _)| k).collect();
                if ok != nk {
                    ch.moved.push(PersonMoved {
                        name: name.clone(),
                        from: posts(o),
                        to: posts(n),
                    });
                }
                for (k, np) in n {
                    if let Some((_, op)) = o.iter().find(|(x, _)| x == k) {
                        if op.status != np.status || op.concurrent != np.concurrent {
                            ch.status.push(StatusChange {
                                name: name.clone(),
                                position: np.position.clone(),
                                from: HolderState {
                                    status: op.status,
                                    concurrent: op.concurrent,
                                },
                                to: HolderState {
                                    status: np.status,
                                    concurrent: np.concurrent,
                                },
                            });
                        }
                    }
                }
            }
            (None, None) => {}
        }
    }
}

/// Person files added, removed, or with changed details, matched by file
/// name. Nothing when a side has no names (a public edition).
fn profiles(old: &Org, new: &Org, ch: &mut Changes) {
    let (Some(op), Some(np)) = (&old.personal, &new.personal) else {
        return;
    };
    let by_id = |v: &[Profile]| -> BTreeMap<String, usize> {
        v.iter()
            .enumerate()
            .map(|(k, p)| (p.id.clone(), k))
            .collect()
    };
    let (oi, ni) = (by_id(&op.profiles), by_id(&np.profiles));
    let person_file = |p: &Profile| PersonFile {
        id: p.id.clone(),
        name: p.name.clone(),
        file: crate::diag::display_path(&p.source.path),
    };
    for (id, &k) in &ni {
        let n = &np.profiles[k];
        match oi.get(id) {
            None => ch.profiles_added.push(person_file(n)),
            Some(&o) => {
                let fields = profile_fields(old, &op.profiles[o], new, n);
                if !fields.is_empty() {
                    ch.profiles_changed.push(ProfileChanged {
                        id: id.clone(),
                        name: n.name.clone(),
                        fields,
                    });
                }
            }
        }
    }
    for (id, &k) in &oi {
        if !ni.contains_key(id) {
            ch.profiles_removed.push(person_file(&op.profiles[k]));
        }
    }
}

/// The details of a person file that differ, in the file format's order,
/// then the site's own fields (labelled as the newer side declares them).
fn profile_fields(old: &Org, o: &Profile, new: &Org, n: &Profile) -> Vec<ProfileField> {
    let photo = |p: &Profile| p.photo.as_deref().map(crate::diag::display_path);
    let links = |p: &Profile| {
        (!p.links.is_empty()).then(|| {
            p.links
                .iter()
                .map(|(label, url)| format!("{label} <{url}>"))
                .collect::<Vec<_>>()
                .join(", ")
        })
    };
    let mut out = Vec::new();
    let mut field = |field: &str, own: bool, from: Option<String>, to: Option<String>| {
        if from != to {
            out.push(ProfileField {
                field: field.to_string(),
                own,
                from,
                to,
            });
        }
    };
    field("name", false, Some(o.name.clone()), Some(n.name.clone()));
    field("sort_as", false, o.sort_as.clone(), n.sort_as.clone());
    field("email", false, o.email.clone(), n.email.clone());
    field("phone", false, o.phone.clone(), n.phone.clone());
    field("location", false, o.location.clone(), n.location.clone());
    field("photo", false, photo(o), photo(n));
    field("since", false, o.since.clone(), n.since.clone());
    field("pronouns", false, o.pronouns.clone(), n.pronouns.clone());
    field("links", false, links(o), links(n));
    let (od, nd) = (&old.config.fields.person, &new.config.fields.person);
    let (of, nf) = (od.ordered(&[&o.fields]), nd.ordered(&[&n.fields]));
    let value = |set: &[(&str, &crate::fields::FieldDecl, &crate::fields::FieldValue)], k: &str| {
        set.iter()
            .find(|(x, _, _)| *x == k)
            .map(|(_, _, v)| v.text(", "))
    };
    let mut keys: Vec<(&str, &crate::fields::FieldDecl)> =
        nf.iter().map(|(k, d, _)| (*k, *d)).collect();
    keys.extend(
        of.iter()
            .filter(|(k, _, _)| !nf.iter().any(|(x, _, _)| x == k))
            .map(|(k, d, _)| (*k, *d)),
    );
    for (k, d) in keys {
        field(
            d.label(k, &new.config.language),
            true,
            value(&of, k),
            value(&nf, k),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An organisation from files (path under the site, text).
    fn org(files: &[(&str, &str)]) -> Org {
        let dir = tempfile::tempdir().expect("temp dir");
        for (path, text) in files {
            let p = dir.path().join(path);
            std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
            std::fs::write(p, text).expect("write");
        }
        crate::validate::check(dir.path()).0
    }

    fn pos(front: &str, body: &str) -> String {
        format!("---\n{front}\n---\n{body}\n")
    }

    fn titles<T>(v: &[T], f: impl Fn(&T) -> String) -> Vec<String> {
        v.iter().map(f).collect()
    }

    fn base() -> Vec<(&'static str, String)> {
        vec![
            ("content/boss.md", pos("title: Boss\nholders: [Ann]", "- lead")),
            (
                "content/sales/lead.md",
                pos(
                    "title: Lead\nreports_to: boss\nheadcount: 2\nholders: [{ name: Bo, status: pending }]\n\
                     reports:\n  - { name: Daily, to: boss, every: day, by: \"10:00\" }\n\
                     targets:\n  - { name: Calls, min: 20, per: day }",
                    "- sell",
                ),
            ),
            (
                "content/sales/rep.md",
                pos(
                    "title: Rep\nreports_to: lead\nheadcount: 3\nholders: [Cy]",
                    "- call people",
                ),
            ),
            (
                "content/care/agent.md",
                pos("title: Agent\nreports_to: boss\nholders: [Di]", "- answer"),
            ),
        ]
    }

    fn with(edits: &[(&'static str, Option<String>)]) -> Org {
        let mut files = base();
        for (path, text) in edits {
            files.retain(|(p, _)| p != path);
            if let Some(t) = text {
                files.push((path, t.clone()));
            }
        }
        let refs: Vec<(&str, &str)> = files.iter().map(|(p, t)| (*p, t.as_str())).collect();
        org(&refs)
    }

    #[test]
    fn the_same_organisation_has_no_changes() {
        let a = with(&[]);
        let ch = compare(&a, &with(&[]));
        assert!(ch.is_empty(), "{ch:#?}");
        assert_eq!(ch.seats_from, ch.seats_to);
    }

    #[test]
    fn positions_added_removed_and_renamed() {
        let old = with(&[]);
        let new = with(&[
            (
                "content/sales/lead.md",
                Some(pos(
                    "title: Team lead\nreports_to: boss\nheadcount: 2\nholders: [{ name: Bo, status: pending }]\n\
                     reports:\n  - { name: Daily, to: boss, every: day, by: \"10:00\" }\n\
                     targets:\n  - { name: Calls, min: 20, per: day }",
                    "- sell",
                )),
            ),
            ("content/care/agent.md", None),
            (
                "content/care/desk.md",
                Some(pos("title: Desk\nreports_to: boss\nheadcount: 1", "- desk")),
            ),
        ]);
        let ch = compare(&old, &new);
        assert_eq!(titles(&ch.added, |a| a.position.title.clone()), ["Desk"]);
        assert_eq!(titles(&ch.removed, |a| a.position.title.clone()), ["Agent"]);
        assert_eq!(
            titles(&ch.renamed, |r| format!(
                "{} -> {}",
                r.from.title, r.to.title
            )),
            ["Lead -> Team lead"]
        );
        assert_eq!(
            ch.added[0].reports_to.as_ref().map(|t| t.id.as_str()),
            Some("boss")
        );
        assert_eq!(ch.added[0].unit.as_deref(), Some("care"));
        // Di left with the post; the new post's seat is open.
        assert_eq!(titles(&ch.left, |p| p.name.clone()), ["Di"]);
        assert_eq!(
            titles(&ch.vacancies_opened, |c| format!(
                "{} {}->{}",
                c.position.id, c.from, c.to
            )),
            ["desk 0->1"]
        );
        // Nothing else: the renamed position's reports and holders are the same.
        assert!(ch.reporting_moved.is_empty() && ch.reports.is_empty() && ch.moved.is_empty());
    }

    #[test]
    fn a_new_id_for_the_same_post_is_a_rename_and_references_follow_it() {
        let old = with(&[]);
        // lead.md becomes captain.md (so its id changes), same duties;
        // rep now reports to the new id.
        let new = with(&[
            ("content/sales/lead.md", None),
            (
                "content/sales/captain.md",
                Some(pos(
                    "title: Captain\nreports_to: boss\nheadcount: 2\nholders: [{ name: Bo, status: pending }]\n\
                     reports:\n  - { name: Daily, to: boss, every: day, by: \"10:00\" }\n\
                     targets:\n  - { name: Calls, min: 20, per: day }",
                    "- sell",
                )),
            ),
            (
                "content/sales/rep.md",
                Some(pos(
                    "title: Rep\nreports_to: captain\nheadcount: 3\nholders: [Cy]",
                    "- call people",
                )),
            ),
        ]);
        let ch = compare(&old, &new);
        assert!(ch.added.is_empty() && ch.removed.is_empty(), "{ch:#?}");
        assert_eq!(ch.renamed.len(), 1);
        assert_eq!(
            (ch.renamed[0].from.id.as_str(), ch.renamed[0].to.id.as_str()),
            ("lead", "captain")
        );
        assert_eq!(ch.renamed[0].file_to, "content/sales/captain.md");
        assert!(ch.reporting_moved.is_empty(), "{:#?}", ch.reporting_moved);
        assert!(ch.moved.is_empty() && ch.status.is_empty());
        assert_eq!(ch.count(), 1);
    }

    #[test]
    fn a_file_moved_to_another_unit_keeps_its_id() {
        let old = with(&[]);
        let new = with(&[
            ("content/care/agent.md", None),
            (
                "content/sales/agent.md",
                Some(pos(
                    "title: Agent\nreports_to: boss\nholders: [Di]",
                    "- answer",
                )),
            ),
        ]);
        let ch = compare(&old, &new);
        assert_eq!(ch.renamed.len(), 1);
        assert_eq!(ch.renamed[0].file_from, "content/care/agent.md");
        assert_eq!(
            titles(&ch.details, |f| format!(
                "{}: {:?} -> {:?}",
                f.field, f.from, f.to
            )),
            [r#"unit: Some("care") -> Some("sales")"#]
        );
        assert_eq!(ch.marks().get("agent"), Some(&Mark::Moved));
    }

    #[test]
    fn reporting_and_dotted_lines() {
        let old = with(&[]);
        let new = with(&[(
            "content/sales/rep.md",
            Some(pos(
                "title: Rep\nreports_to: boss\ndotted_line: [agent]\nheadcount: 3\nholders: [Cy]",
                "- call people",
            )),
        )]);
        let ch = compare(&old, &new);
        assert_eq!(ch.reporting_moved.len(), 1);
        let m = &ch.reporting_moved[0];
        assert_eq!(m.position.id, "rep");
        assert_eq!(m.from.as_ref().map(|t| t.title.as_str()), Some("Lead"));
        assert_eq!(m.to.as_ref().map(|t| t.title.as_str()), Some("Boss"));
        assert_eq!(
            titles(&ch.dotted_added, |d| d.partner.id.clone()),
            ["agent"]
        );
        // And back: the dotted line is removed.
        let back = compare(&new, &old);
        assert_eq!(
            titles(&back.dotted_removed, |d| d.partner.id.clone()),
            ["agent"]
        );
        assert!(back.dotted_added.is_empty());
    }

    #[test]
    fn people_seats_and_fields() {
        let old = with(&[]);
        let new = with(&[
            (
                "content/sales/lead.md",
                Some(pos(
                    "title: Lead\nlevel: L2\nexternal_title: Manager\nreports_to: boss\nheadcount: 2\n\
                     holders: [Bo, Cy]\n\
                     reports:\n  - { name: Daily, to: boss, every: day, by: \"09:00\" }\n  - { name: Weekly, to: boss, every: week }\n\
                     targets:\n  - { name: Calls, min: 25, per: day }",
                    "- sell more",
                )),
            ),
            (
                "content/sales/rep.md",
                Some(pos(
                    "title: Rep\nreports_to: lead\nheadcount: 5\nholders: [Ed]",
                    "- call people",
                )),
            ),
        ]);
        let ch = compare(&old, &new);
        assert_eq!(titles(&ch.joined, |p| p.name.clone()), ["Ed"]);
        assert!(ch.left.is_empty());
        assert_eq!(
            titles(&ch.moved, |m| format!(
                "{}: {} -> {}",
                m.name, m.from[0].position.id, m.to[0].position.id
            )),
            ["Cy: rep -> lead"]
        );
        assert_eq!(
            titles(&ch.status, |s| format!(
                "{} {:?} -> {:?}",
                s.name, s.from.status, s.to.status
            )),
            ["Bo Pending -> Confirmed"]
        );
        assert_eq!(
            titles(&ch.headcount, |c| format!(
                "{} {}->{}",
                c.position.id, c.from, c.to
            )),
            ["rep 3->5"]
        );
        assert_eq!(
            titles(&ch.vacancies_opened, |c| format!(
                "{} {}->{}",
                c.position.id, c.from, c.to
            )),
            ["rep 2->4"]
        );
        assert_eq!(
            titles(&ch.vacancies_filled, |c| format!(
                "{} {}->{}",
                c.position.id, c.from, c.to
            )),
            ["lead 1->0"]
        );
        assert_eq!(
            titles(&ch.details, |f| format!("{} {:?}", f.field, f.to)),
            [r#"external_title Some("Manager")"#, r#"level Some("L2")"#]
        );
        assert_eq!(
            titles(&ch.reports, |r| format!(
                "{} {} {}",
                r.name,
                r.from.is_some(),
                r.to.is_some()
            )),
            ["Daily true true", "Weekly false true"]
        );
        assert_eq!(ch.targets.len(), 1);
        assert_eq!(ch.targets[0].to.as_ref().and_then(|t| t.min), Some(25.0));
        assert_eq!(titles(&ch.edited, |e| e.fields.join(",")), ["duties"]);
        assert_eq!(ch.marks().get("lead"), Some(&Mark::Changed));
        assert_eq!((ch.seats_from.planned, ch.seats_to.planned), (7, 9));
    }
}

#[cfg(test)]
mod own_fields {
    use super::*;

    fn org(pos: &str) -> Org {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir_all(dir.path().join("content")).expect("mkdir");
        std::fs::write(
            dir.path().join("site.yaml"),
            "fields:\n  position:\n    cost_centre: { label: Cost centre, public: false }\n    points: { type: number }\n",
        )
        .expect("write");
        std::fs::write(dir.path().join("content/a.md"), pos).expect("write");
        crate::site::check(dir.path()).0
    }

    #[test]
    fn a_changed_own_field_is_a_change_of_the_position() {
        let old = org("---\ntitle: A\ncost_centre: CC-1\npoints: 3\n---\n");
        let new = org("---\ntitle: A\ncost_centre: CC-2\npoints: 3\n---\n");
        let ch = compare(&old, &new);
        assert_eq!(ch.edited.len(), 1);
        assert_eq!(ch.edited[0].fields, ["Cost centre"]);
        let same = compare(&old, &old);
        assert!(same.edited.is_empty());
        let gone = org("---\ntitle: A\ncost_centre: CC-1\n---\n");
        assert_eq!(compare(&old, &gone).edited[0].fields, ["points"]);
    }
}
