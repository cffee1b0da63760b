//! The organisation: documents resolved into positions and units that refer
//! to each other by index, with the relations derived from them (direct
//! reports, chain of command, seats, people, inherited duties).
//!
//! Building an [`Org`] never fails: a reference that names nothing becomes
//! [`Link::Missing`] and is reported by `validate`.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;

use crate::content::{
    Cadence, HolderSpec, HolderStatus, Loaded, PositionDoc, PositionType, ReportSpec, SiteConfig,
    Source, TargetSpec, UnitDoc,
};
use crate::fields::FieldValue;

/// What a reference (`reports_to`, `dotted_line`, `builds_on`, a report's `to`) resolved to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Link {
    Position(usize),
    /// An id of `site.yaml`'s `external` table.
    External(String),
    /// Names nothing; kept as written.
    Missing(String),
}

/// A seat taken: by whom is in [`Personal`], which a public edition drops.
/// A reference as pages and exports show it: the one form of a link, used
/// by every page (with `url` relative to the page, see `render`) and by
/// `org.json` (relative to the site).
#[derive(Debug, Clone, serde::Serialize)]
pub struct LinkView {
    /// `position`, `unit`, `external` (site.yaml's `external`) or
    /// `missing` (names nothing).
    pub kind: &'static str,
    /// The id as written.
    pub id: String,
    pub title: String,
    /// Its page; empty when the target has none.
    pub url: String,
}

#[derive(Debug, Clone)]
pub struct Holder {
    pub status: HolderStatus,
    pub concurrent: bool,
}

/// Who holds a seat.
#[derive(Debug, Clone, Default)]
pub struct Who {
    /// The name pages show: the person file's, or the name as written.
    pub name: String,
    /// The person's file, when the holder names one (by id or by name).
    pub profile: Option<usize>,
    /// `person:` as written, when the holder names a file by id.
    pub person_ref: Option<String>,
}

/// A person's file (`people/ID.md`): contact details, photo, biography.
/// Serialized as `org.json` lists it (beside the name and posts).
#[derive(Debug, Clone, serde::Serialize)]
pub struct Profile {
    /// The file name without `.md`.
    pub id: String,
    #[serde(skip)]
    pub name: String,
    pub sort_as: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub location: Option<String>,
    /// The image, relative to the site folder (for messages and links).
    #[serde(skip)]
    pub photo: Option<PathBuf>,
    /// The image on disk.
    #[serde(skip)]
    pub photo_file: Option<PathBuf>,
    pub since: Option<String>,
    pub pronouns: Option<String>,
    /// Label -> address.
    pub links: BTreeMap<String, String>,
    /// Markdown.
    #[serde(rename = "biography")]
    pub bio: String,
    #[serde(skip)]
    pub source: Source,
    /// Values of the site's own fields (`fields: person:`), in the order
    /// of the file.
    #[serde(skip)]
    pub fields: Vec<(String, FieldValue)>,
}

/// Person files by id and by name, for matching holders to them.
struct Profiles<'p> {
    by_id: HashMap<&'p str, usize>,
    by_name: HashMap<&'p str, Vec<usize>>,
}

impl<'p> Profiles<'p> {
    fn new(profiles: &'p [Profile]) -> Self {
        let mut by_name: HashMap<&str, Vec<usize>> = HashMap::new();
        for (k, p) in profiles.iter().enumerate() {
            by_name.entry(&p.name).or_default().push(k);
        }
        Profiles {
            by_id: profiles
                .iter()
                .enumerate()
                .map(|(k, p)| (p.id.as_str(), k))
                .collect(),
            by_name,
        }
    }

    /// Who a holder is: `person:` names a file by id; a name names the
    /// file with that id, else the one file with that name (two files
    /// with one name match neither: `validate` says to use the id).
    fn who(&self, profiles: &[Profile], name: Option<String>, person: Option<String>) -> Who {
        let profile = match (&person, &name) {
            (Some(id), _) => self.by_id.get(id.as_str()).copied(),
            (None, Some(n)) => self.by_id.get(n.as_str()).copied().or_else(|| {
                match self.by_name.get(n.as_str()).map(Vec::as_slice) {
                    Some(&[one]) => Some(one),
                    _ => None,
                }
            }),
            (None, None) => None,
        };
        let name = match profile {
            Some(k) => profiles[k].name.clone(),
            None => name.or_else(|| person.clone()).unwrap_or_default(),
        };
        Who {
            name,
            profile,
            person_ref: person,
        }
    }
}

fn profile_of(d: crate::content::people::PersonDoc) -> Profile {
    let name = d.name().to_string();
    let f = d.front;
    Profile {
        id: d.id,
        name,
        sort_as: f.sort_as,
        email: f.email,
        phone: f.phone,
        location: f.location,
        photo_file: d.photo_file,
        photo: d.photo,
        since: f.since,
        pronouns: f.pronouns,
        links: f.links,
        bio: d.body,
        source: d.source,
        fields: d.fields,
    }
}

/// Everything about people, in one value: the public edition
/// (`public::redact`) drops it whole, so a field added here later is left
/// out of every public page, export and index without anyone having to
/// remember it.
#[derive(Debug, Clone, Default)]
pub struct Personal {
    /// For each position, who holds each of its seats, in the order of
    /// [`Position::holders`].
    pub holders: Vec<Vec<Who>>,
    /// `people/`, sorted by file name.
    pub profiles: Vec<Profile>,
    /// For each position, its values of the site's own fields declared
    /// `public: false` (the public ones are in [`Position::fields`]).
    pub position_fields: Vec<Vec<(String, FieldValue)>>,
    /// For each unit, the same.
    pub unit_fields: Vec<Vec<(String, FieldValue)>>,
}

#[derive(Debug, Clone)]
pub struct Report {
    pub name: String,
    pub to: Option<Link>,
    pub every: Cadence,
    /// The day of its period (see `schedule::When`).
    pub day: Option<u32>,
    /// A yearly report's month, when it is given as a date.
    pub month: Option<u32>,
    pub by: Option<String>,
    /// A `day` or `date` that could not be read (reported by validation).
    pub problem: Option<crate::schedule::Problem>,
    /// Taken over through `builds_on` from this position: it is listed
    /// after the position's own reports and marked.
    pub inherited_from: Option<usize>,
}

#[derive(Debug, Clone)]
pub struct Position {
    pub id: String,
    pub title: String,
    pub external_title: Option<String>,
    pub level: Option<String>,
    /// Index in `site.yaml`'s `levels` (0 = top).
    pub rank: Option<usize>,
    pub unit: Option<usize>,
    pub manager: Option<Link>,
    pub dotted_line: Vec<Link>,
    pub headcount: u32,
    pub holders: Vec<Holder>,
    /// Seats filled by people the handbook does not name (`unnamed:`).
    pub unnamed: u32,
    pub scope: Option<String>,
    pub builds_on: Vec<Link>,
    /// Whether the reports and the targets of the positions built on are
    /// taken over (`inherit_reports`, `inherit_targets`; both by default).
    pub inherits: (bool, bool),
    pub reports: Vec<Report>,
    pub targets: Vec<TargetSpec>,
    pub order: Option<i64>,
    pub kind: PositionType,
    pub tags: Vec<String>,
    /// Values of the site's own fields declared public (`fields: position:`).
    pub fields: Vec<(String, FieldValue)>,
    /// The Markdown body (the duties).
    pub body: String,
    /// The file name without `.md`, the tie-break after `order`.
    pub stem: String,
    pub source: Source,
    /// Direct reports, in sibling order.
    pub children: Vec<usize>,
}

/// Seats of a position or a total.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Seats {
    pub planned: u64,
    /// Seats taken: confirmed or acting holders, and unnamed seats.
    pub filled: u64,
    pub pending: u64,
    pub vacant: u64,
    /// Of `filled`, the seats whose holders the handbook does not name
    /// (`unnamed:`); left out of `org.json` when there are none.
    #[serde(skip_serializing_if = "is_zero")]
    pub unnamed: u64,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

impl Seats {
    pub fn add(&mut self, o: Seats) {
        self.planned += o.planned;
        self.filled += o.filled;
        self.pending += o.pending;
        self.vacant += o.vacant;
        self.unnamed += o.unnamed;
    }
}

impl Position {
    pub fn seats(&self) -> Seats {
        let pending = self
            .holders
            .iter()
            .filter(|h| h.status == HolderStatus::Pending)
            .count() as u64;
        let held = self.holders.len() as u64;
        let unnamed = u64::from(self.unnamed);
        let planned = u64::from(self.headcount);
        Seats {
            planned,
            filled: held - pending + unnamed,
            pending,
            vacant: planned.saturating_sub(held + unnamed),
            unnamed,
        }
    }

    /// The reports written in the position's own file (those taken over
    /// through `builds_on` follow them).
    pub fn own_reports(&self) -> &[Report] {
        let n = self
            .reports
            .iter()
            .take_while(|r| r.inherited_from.is_none())
            .count();
        &self.reports[..n]
    }

    /// The targets written in the position's own file.
    pub fn own_targets(&self) -> &[TargetSpec] {
        let n = self
            .targets
            .iter()
            .take_while(|t| t.inherited_from.is_none())
            .count();
        &self.targets[..n]
    }

    pub fn manager_index(&self) -> Option<usize> {
        match self.manager {
            Some(Link::Position(i)) => Some(i),
            _ => None,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Unit {
    pub id: String,
    pub name: String,
    /// Relative to `content/`.
    pub dir: PathBuf,
    pub order: Option<i64>,
    pub color: Option<String>,
    /// Values of the site's own fields declared public (`fields: unit:`).
    pub fields: Vec<(String, FieldValue)>,
    pub body: String,
    pub source: Option<Source>,
    pub parent: Option<usize>,
    /// Sub-units in sibling order.
    pub children: Vec<usize>,
    /// Positions directly in this unit's folder.
    pub positions: Vec<usize>,
}

/// A person and the posts they hold.
#[derive(Debug, Clone)]
pub struct Person {
    pub name: String,
    /// Their file in `people/`, when they have one.
    pub profile: Option<usize>,
    /// (position, status, concurrent), in chart order.
    pub posts: Vec<(usize, HolderStatus, bool)>,
}

#[derive(Debug, Clone)]
pub struct Org {
    pub config: SiteConfig,
    /// The front page's title and text.
    pub title: String,
    pub intro: String,
    pub intro_source: Option<Source>,
    pub positions: Vec<Position>,
    pub units: Vec<Unit>,
    /// Id -> position; the first of duplicates wins (validation reports the rest).
    pub by_id: HashMap<String, usize>,
    /// Top-level units in order.
    pub root_units: Vec<usize>,
    /// Positions with no manager inside the chart, in sibling order.
    pub roots: Vec<usize>,
    pub broken_ids: std::collections::BTreeSet<String>,
    /// Everything about people; `None` in a public edition.
    pub personal: Option<Personal>,
}

/// Takes the values of fields declared `public: false` out of `fields`.
fn private_fields(
    fields: &mut Vec<(String, FieldValue)>,
    decls: &crate::fields::Decls,
) -> Vec<(String, FieldValue)> {
    let (private, public): (Vec<_>, Vec<_>) = std::mem::take(fields)
        .into_iter()
        .partition(|(k, _)| decls.get(k).is_some_and(|d| !d.public));
    *fields = public;
    private
}

/// A unit from its folder's document, named after the folder by default;
/// its relations are filled in by [`Org::build`].
fn unit_of(u: UnitDoc) -> Unit {
    let folder = u
        .dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    Unit {
        id: u.front.id.clone().unwrap_or_else(|| folder.clone()),
        name: u.front.name.clone().unwrap_or(folder),
        dir: u.dir,
        order: u.front.order,
        color: u.front.color,
        fields: u.fields,
        body: u.body,
        source: u.source,
        parent: None,
        children: Vec::new(),
        positions: Vec::new(),
    }
}

/// What a name in a document refers to: a position, an external entry of
/// `site.yaml`, or nothing.
fn resolve(name: &str, by_id: &HashMap<String, usize>, config: &SiteConfig) -> Link {
    if let Some(&i) = by_id.get(name) {
        Link::Position(i)
    } else if config.external.contains_key(name) {
        Link::External(name.to_string())
    } else {
        Link::Missing(name.to_string())
    }
}

/// A position from its document, its references resolved.
fn position_of(
    d: PositionDoc,
    unit: Option<usize>,
    config: &SiteConfig,
    by_id: &HashMap<String, usize>,
    people: (&Profiles, &[Profile]),
) -> (Position, Vec<Who>) {
    let resolve = |name: &str| resolve(name, by_id, config);
    let id = d.id().to_string();
    let f = d.front;
    let unnamed = f.unnamed.unwrap_or(0);
    let (holders, who): (Vec<Holder>, Vec<Who>) = f
        .holders
        .into_iter()
        .map(|h| match h {
            HolderSpec::Name(name) => (
                Holder {
                    status: HolderStatus::Confirmed,
                    concurrent: false,
                },
                people.0.who(people.1, Some(name), None),
            ),
            HolderSpec::Full(h) => (
                Holder {
                    status: h.status,
                    concurrent: h.concurrent,
                },
                people.0.who(people.1, h.name, h.person),
            ),
        })
        .unzip();
    let position = Position {
        id,
        title: f.title.unwrap_or_else(|| d.stem.clone()),
        external_title: f.external_title,
        rank: f
            .level
            .as_ref()
            .and_then(|l| config.levels.iter().position(|x| x == l)),
        level: f.level,
        unit,
        manager: f.reports_to.as_deref().map(resolve),
        dotted_line: f.dotted_line.iter().map(|s| resolve(s)).collect(),
        headcount: f
            .headcount
            .unwrap_or((holders.len() as u32).saturating_add(unnamed).max(1)),
        holders,
        unnamed,
        scope: f.scope,
        builds_on: f.builds_on.iter().map(|s| resolve(s)).collect(),
        inherits: (
            f.inherit_reports.unwrap_or(true),
            f.inherit_targets.unwrap_or(true),
        ),
        reports: f
            .reports
            .into_iter()
            .map(|r: ReportSpec| {
                let when = crate::schedule::read(r.every, r.day.as_deref(), r.date.as_deref());
                let (when, problem) = match when {
                    Ok(w) => (w, None),
                    Err(p) => (Default::default(), Some(p)),
                };
                Report {
                    to: r.to.as_deref().map(resolve),
                    name: r.name,
                    every: r.every,
                    day: when.day,
                    month: when.month,
                    by: r.by,
                    problem,
                    inherited_from: None,
                }
            })
            .collect(),
        targets: f.targets,
        order: f.order,
        kind: f.kind,
        tags: f.tags,
        fields: d.fields,
        body: d.body,
        stem: d.stem,
        source: d.source,
        children: Vec::new(),
    };
    (position, who)
}

/// Puts each position under its manager and in its unit, in sibling
/// order: staff posts first (they sit beside their manager), then the
/// position's `order` (unordered last), then its unit's place in the unit
/// tree (so a unit's `order` orders the heads of units under one manager),
/// then file name, then id. Returns the positions with no manager inside
/// the chart.
fn hang_positions(
    positions: &mut [Position],
    units: &mut [Unit],
    unit_rank: &[usize],
) -> Vec<usize> {
    let sibling_key = |p: &Position| {
        (
            p.kind != PositionType::Staff,
            p.order.is_none(),
            p.order,
            p.unit.map_or(0, |u| unit_rank[u].saturating_add(1)),
            p.stem.clone(),
            p.id.clone(),
        )
    };
    let mut order: Vec<usize> = (0..positions.len()).collect();
    order.sort_by_cached_key(|&a| sibling_key(&positions[a]));
    let mut roots = Vec::new();
    for &i in &order {
        match positions[i].manager_index() {
            Some(m) if m != i => positions[m].children.push(i),
            _ => roots.push(i),
        }
        if let Some(u) = positions[i].unit {
            units[u].positions.push(i);
        }
    }
    roots
}

/// Each unit's place in the unit tree read depth first, parents before
/// their sub-units, siblings in their order.
fn unit_ranks(units: &[Unit], root_units: &[usize]) -> Vec<usize> {
    let mut rank = vec![usize::MAX; units.len()];
    let mut next = 0;
    let mut stack: Vec<usize> = root_units.iter().rev().copied().collect();
    while let Some(u) = stack.pop() {
        if rank[u] != usize::MAX {
            continue;
        }
        rank[u] = next;
        next += 1;
        stack.extend(units[u].children.iter().rev());
    }
    rank
}

/// Puts each unit in its parent, in order (`order` first, then folder).
/// Returns the top-level units.
fn hang_units(units: &mut [Unit]) -> Vec<usize> {
    let mut unit_order: Vec<usize> = (0..units.len()).collect();
    unit_order.sort_by_key(|&i| {
        (
            units[i].order.is_none(),
            units[i].order,
            units[i].dir.clone(),
        )
    });
    let mut root_units = Vec::new();
    for &u in &unit_order {
        match units[u].parent {
            Some(p) => units[p].children.push(u),
            None => root_units.push(u),
        }
    }
    root_units
}

/// How many of the positions built on (nearest first) a position takes
/// reports and targets from; the README says so.
pub const INHERIT_LISTS_FROM: usize = 3;

/// `builds_on` takes over the reports and targets of the positions built
/// on (nearest first, through chains), after the position's own: one of
/// its own with the same name replaces the one built on, a report that
/// would go to the position itself is left out, and `inherit_reports:
/// false` / `inherit_targets: false` take over none.
fn inherit_reports_and_targets(positions: &mut [Position]) {
    // The nearest few, as the page shows their duties in full: a chain of
    // 2,000 roles each building on the last would otherwise copy every
    // report of the chain into every role (millions of rows).
    let bases: Vec<Vec<usize>> = (0..positions.len())
        .map(|i| {
            let mut b = bases_of(positions, i);
            b.truncate(INHERIT_LISTS_FROM);
            b
        })
        .collect();
    for (i, bases) in bases.into_iter().enumerate() {
        let (reports, targets) = positions[i].inherits;
        let mut new_reports = Vec::new();
        let mut new_targets = Vec::new();
        for b in bases {
            let base = &positions[b];
            if reports {
                for r in base.reports.iter().filter(|r| r.inherited_from.is_none()) {
                    let taken = positions[i]
                        .reports
                        .iter()
                        .chain(&new_reports)
                        .any(|o: &Report| o.name == r.name);
                    if !taken && r.to != Some(Link::Position(i)) {
                        new_reports.push(Report {
                            inherited_from: Some(b),
                            ..r.clone()
                        });
                    }
                }
            }
            if targets {
                for t in base.targets.iter().filter(|t| t.inherited_from.is_none()) {
                    let taken = positions[i]
                        .targets
                        .iter()
                        .chain(&new_targets)
                        .any(|o: &TargetSpec| o.name == t.name);
                    if !taken {
                        new_targets.push(TargetSpec {
                            inherited_from: Some(b),
                            ..t.clone()
                        });
                    }
                }
            }
        }
        positions[i].reports.extend(new_reports);
        positions[i].targets.extend(new_targets);
    }
}

/// The positions `i` builds on, nearest first, each once (as `Org::inherited`).
fn bases_of(positions: &[Position], i: usize) -> Vec<usize> {
    let base = |i: usize| {
        positions[i].builds_on.iter().filter_map(|l| match l {
            Link::Position(b) => Some(*b),
            _ => None,
        })
    };
    let mut out = Vec::new();
    let mut seen: HashSet<usize> = HashSet::from([i]);
    let mut stack: Vec<usize> = base(i).rev().collect();
    while let Some(b) = stack.pop() {
        if seen.insert(b) {
            out.push(b);
            stack.extend(base(b).rev());
        }
    }
    out
}

impl Org {
    pub fn build(loaded: Loaded) -> Org {
        let Loaded {
            config,
            index,
            units: unit_docs,
            positions: docs,
            broken_ids,
            people,
        } = loaded;
        let profiles: Vec<Profile> = people.into_iter().map(profile_of).collect();
        let matcher = Profiles::new(&profiles);
        let mut units: Vec<Unit> = unit_docs.into_iter().map(unit_of).collect();
        let unit_by_dir: HashMap<PathBuf, usize> = units
            .iter()
            .enumerate()
            .map(|(i, u)| (u.dir.clone(), i))
            .collect();
        for unit in &mut units {
            unit.parent = unit.dir.parent().and_then(|p| unit_by_dir.get(p)).copied();
        }
        let mut by_id: HashMap<String, usize> = HashMap::new();
        for (i, d) in docs.iter().enumerate() {
            by_id.entry(d.id().to_string()).or_insert(i);
        }
        // Each document is moved into its position, not copied: a large
        // organisation is not held twice.
        let (mut positions, holders): (Vec<Position>, Vec<Vec<Who>>) = docs
            .into_iter()
            .map(|d| {
                let unit = unit_by_dir.get(&d.dir).copied();
                position_of(d, unit, &config, &by_id, (&matcher, &profiles))
            })
            .unzip();
        let position_fields = positions
            .iter_mut()
            .map(|p| private_fields(&mut p.fields, &config.fields.position))
            .collect();
        let unit_fields = units
            .iter_mut()
            .map(|u| private_fields(&mut u.fields, &config.fields.unit))
            .collect();
        let root_units = hang_units(&mut units);
        let unit_rank = unit_ranks(&units, &root_units);
        let roots = hang_positions(&mut positions, &mut units, &unit_rank);
        inherit_reports_and_targets(&mut positions);
        let (title, intro, intro_source) = match index {
            Some(ix) => (
                ix.front.title.unwrap_or_else(|| config.title.clone()),
                ix.body,
                Some(ix.source),
            ),
            None => (config.title.clone(), String::new(), None),
        };
        Org {
            config,
            title,
            intro,
            intro_source,
            positions,
            units,
            by_id,
            root_units,
            roots,
            broken_ids,
            personal: Some(Personal {
                holders,
                profiles,
                position_fields,
                unit_fields,
            }),
        }
    }

    /// Who holds position `i`'s seats, in the order of its holders; empty
    /// in a public edition.
    pub fn who(&self, i: usize) -> &[Who] {
        self.personal
            .as_ref()
            .and_then(|p| p.holders.get(i))
            .map_or(&[], Vec::as_slice)
    }

    /// Every position reachable from the roots, depth first, in sibling
    /// order: the order of the chart and of the printed handbook. Positions
    /// caught in a reporting cycle are not reachable and come last.
    pub fn chart_order(&self) -> Vec<usize> {
        let mut out = Vec::with_capacity(self.positions.len());
        let mut seen = vec![false; self.positions.len()];
        let mut stack: Vec<usize> = self.roots.iter().rev().copied().collect();
        while let Some(i) = stack.pop() {
            if std::mem::replace(&mut seen[i], true) {
                continue;
            }
            out.push(i);
            stack.extend(self.positions[i].children.iter().rev());
        }
        out.extend((0..self.positions.len()).filter(|&i| !seen[i]));
        out
    }

    /// The chain of command above a position, nearest first. Stops at a cycle.
    pub fn chain(&self, i: usize) -> Vec<usize> {
        let mut out = Vec::new();
        let mut seen: HashSet<usize> = HashSet::from([i]);
        let mut cur = i;
        while let Some(m) = self.positions[cur].manager_index() {
            if !seen.insert(m) {
                break;
            }
            out.push(m);
            cur = m;
        }
        out
    }

    /// The positions whose duties `i` carries too (`builds_on`,
    /// transitively), nearest first, each once, never `i` itself.
    pub fn inherited(&self, i: usize) -> Vec<usize> {
        bases_of(&self.positions, i)
    }

    /// Everyone: every named holder and every person file, with their
    /// posts in chart order, sorted by name (then by file). Empty in a
    /// public edition.
    pub fn people(&self) -> Vec<Person> {
        type Key<'k> = (&'k str, Option<usize>);
        let mut map: BTreeMap<Key, Vec<(usize, HolderStatus, bool)>> = BTreeMap::new();
        if let Some(personal) = &self.personal {
            for (k, x) in personal.profiles.iter().enumerate() {
                map.entry((&x.name, Some(k))).or_default();
            }
        }
        for i in self.chart_order() {
            for (h, who) in self.positions[i].holders.iter().zip(self.who(i)) {
                if who.name.is_empty() {
                    continue;
                }
                map.entry((&who.name, who.profile))
                    .or_default()
                    .push((i, h.status, h.concurrent));
            }
        }
        map.into_iter()
            .map(|((name, profile), posts)| Person {
                name: name.to_string(),
                profile,
                posts,
            })
            .collect()
    }

    /// Position `i`'s values of the site's own fields, in declaration
    /// order (the `public: false` ones only while `personal` is there).
    pub fn position_fields(&self, i: usize) -> Vec<(&str, &crate::fields::FieldDecl, &FieldValue)> {
        let private = self
            .personal
            .as_ref()
            .and_then(|p| p.position_fields.get(i))
            .map_or(&[][..], Vec::as_slice);
        self.config
            .fields
            .position
            .ordered(&[&self.positions[i].fields, private])
    }

    /// Unit `u`'s values of the site's own fields, as [`Org::position_fields`].
    pub fn unit_fields(&self, u: usize) -> Vec<(&str, &crate::fields::FieldDecl, &FieldValue)> {
        let private = self
            .personal
            .as_ref()
            .and_then(|p| p.unit_fields.get(u))
            .map_or(&[][..], Vec::as_slice);
        self.config
            .fields
            .unit
            .ordered(&[&self.units[u].fields, private])
    }

    /// The file of a person, when there is one (never in a public edition).
    pub fn profile(&self, k: usize) -> Option<&Profile> {
        self.personal.as_ref()?.profiles.get(k)
    }

    pub fn seats(&self) -> Seats {
        let mut s = Seats::default();
        for p in &self.positions {
            s.add(p.seats());
        }
        s
    }

    /// A link to position `i` from a page `root` below the site's top.
    pub fn position_link(&self, i: usize, root: &str) -> LinkView {
        let p = &self.positions[i];
        LinkView {
            kind: "position",
            id: p.id.clone(),
            title: p.title.clone(),
            url: format!("{root}positions/{}.html", crate::text::url_segment(&p.id)),
        }
    }

    /// A link to unit `u`'s page from a page `root` below the site's top.
    pub fn unit_link(&self, u: usize, root: &str) -> LinkView {
        let unit = &self.units[u];
        LinkView {
            kind: "unit",
            id: unit.id.clone(),
            title: unit.name.clone(),
            url: format!("{root}units/{}.html", crate::text::url_segment(&unit.id)),
        }
    }

    /// What a reference links to, from a page `root` below the site's top.
    pub fn link(&self, l: &Link, root: &str) -> LinkView {
        match l {
            Link::Position(i) => self.position_link(*i, root),
            Link::External(id) => LinkView {
                kind: "external",
                id: id.clone(),
                title: self.link_title(l).to_string(),
                url: String::new(),
            },
            Link::Missing(name) => LinkView {
                kind: "missing",
                id: name.clone(),
                title: name.clone(),
                url: String::new(),
            },
        }
    }

    /// The position's title, an external entry's title, or the name as written.
    pub fn link_title<'a>(&'a self, l: &'a Link) -> &'a str {
        match l {
            Link::Position(i) => &self.positions[*i].title,
            Link::External(id) => self
                .config
                .external
                .get(id)
                .map(|e| e.title.as_str())
                .unwrap_or(id),
            Link::Missing(name) => name,
        }
    }

    /// Units from the top down to `u`.
    pub fn unit_path(&self, u: usize) -> Vec<usize> {
        let mut out = vec![u];
        let mut cur = u;
        while let Some(p) = self.units[cur].parent {
            if out.contains(&p) {
                break;
            }
            out.push(p);
            cur = p;
        }
        out.reverse();
        out
    }

    /// All positions in a unit and its sub-units.
    pub fn unit_positions_deep(&self, u: usize) -> Vec<usize> {
        let mut out = Vec::new();
        let mut stack = vec![u];
        while let Some(x) = stack.pop() {
            out.extend(&self.units[x].positions);
            stack.extend(self.units[x].children.iter().rev());
        }
        out
    }

    /// The colour of a unit, inherited from the nearest unit above that has one.
    pub fn unit_color(&self, u: usize) -> Option<&str> {
        self.unit_path(u)
            .into_iter()
            .rev()
            .find_map(|x| self.units[x].color.as_deref())
    }
}
