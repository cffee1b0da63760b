//! The organisation as data for other tools: `org.json` (everything, with
//! derived counts; its schema is documented in the README) and `org.csv`
//! (the staffing table, one row per position, for spreadsheets).

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde::Serialize;

use crate::content::{Cadence, HolderStatus, PositionType};
use crate::day::Day;
use crate::fields::{Decls, FieldsJson};
use crate::i18n;
use crate::model::{Link, LinkView, Org, Person, Seats};
use crate::obligations;

/// The `schema` value of `org.json`; bumped when a field changes meaning
/// or disappears (new fields may appear without a bump).
pub const JSON_SCHEMA: &str = "orgsite-org/1";

/// JSON that is also safe inside a script or an HTML page: `<`, `>` and `&`
/// are written as `\u` escapes (they can only occur inside strings), as
/// are the line separators older JavaScript engines reject.
pub fn json_for_script<T: Serialize>(value: &T) -> String {
    escape_markup(&serde_json::to_string(value).unwrap_or_else(|_| "null".into()))
}

/// Serialized JSON with `<`, `>`, `&`, U+2028 and U+2029 as `\u` escapes.
fn escape_markup(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

#[derive(Serialize)]
struct OrgJson<'a> {
    schema: &'static str,
    generator: &'static str,
    title: &'a str,
    language: &'a str,
    last_change: String,
    /// True for a public edition: `holders` and `people` are empty.
    public: bool,
    levels: &'a [String],
    totals: Totals,
    units: Vec<UnitJson<'a>>,
    positions: Vec<PositionJson<'a>>,
    people: Vec<PersonJson<'a>>,
    obligations: Vec<ObligationJson<'a>>,
}

#[derive(Serialize)]
struct Totals {
    positions: usize,
    units: usize,
    people: usize,
    obligations: usize,
    #[serde(flatten)]
    seats: Seats,
}

#[derive(Serialize)]
struct UnitJson<'a> {
    id: &'a str,
    name: &'a str,
    parent: Option<&'a str>,
    units: Vec<&'a str>,
    /// Positions directly in the unit, in chart order.
    positions: Vec<&'a str>,
    color: Option<&'a str>,
    /// Markdown.
    description: &'a str,
    url: String,
    /// Seats of the unit and its sub-units.
    seats: Seats,
    /// The site's own fields; only when `site.yaml` declares unit fields.
    #[serde(skip_serializing_if = "Option::is_none")]
    fields: Option<FieldsJson<'a>>,
}

#[derive(Serialize)]
struct HolderJson<'a> {
    name: &'a str,
    status: &'static str,
    concurrent: bool,
}

#[derive(Serialize)]
struct ReportJson<'a> {
    name: &'a str,
    to: Option<LinkView>,
    every: Cadence,
    day: Option<u32>,
    /// A yearly report's month, when it falls on a date (`day` is then the
    /// day of that month).
    #[serde(skip_serializing_if = "Option::is_none")]
    month: Option<u32>,
    by: Option<&'a str>,
    /// The due date in words, in the site's language.
    due: String,
    /// The id of the position it is taken over from through `builds_on`.
    #[serde(skip_serializing_if = "Option::is_none")]
    inherited_from: Option<&'a str>,
}

#[derive(Serialize)]
struct TargetJson<'a> {
    name: &'a str,
    min: Option<f64>,
    max: Option<f64>,
    unit: Option<&'a str>,
    per: Option<Cadence>,
    /// The id of the position it is taken over from through `builds_on`.
    #[serde(skip_serializing_if = "Option::is_none")]
    inherited_from: Option<&'a str>,
}

#[derive(Serialize)]
struct PositionJson<'a> {
    id: &'a str,
    title: &'a str,
    external_title: Option<&'a str>,
    level: Option<&'a str>,
    /// Index of `level` in `levels` (0 = top).
    rank: Option<usize>,
    unit: Option<&'a str>,
    reports_to: Option<LinkView>,
    dotted_line: Vec<LinkView>,
    builds_on: Vec<LinkView>,
    /// Every position whose duties this one carries (`builds_on`, transitively).
    inherits_from: Vec<&'a str>,
    /// The chain of command above, nearest first.
    chain: Vec<&'a str>,
    direct_reports: Vec<&'a str>,
    headcount: u32,
    seats: Seats,
    holders: Vec<HolderJson<'a>>,
    scope: Option<&'a str>,
    reports: Vec<ReportJson<'a>>,
    targets: Vec<TargetJson<'a>>,
    order: Option<i64>,
    #[serde(rename = "type")]
    kind: &'static str,
    tags: &'a [String],
    /// The Markdown body.
    duties: &'a str,
    /// The source file, relative to the site folder.
    source: String,
    url: String,
    /// The site's own fields; only when `site.yaml` declares position fields.
    #[serde(skip_serializing_if = "Option::is_none")]
    fields: Option<FieldsJson<'a>>,
}

#[derive(Serialize)]
struct PostJson<'a> {
    position: &'a str,
    status: &'static str,
    concurrent: bool,
}

#[derive(Serialize)]
struct PersonJson<'a> {
    name: &'a str,
    /// Their person file's fields, when they have one.
    #[serde(flatten)]
    file: Option<&'a crate::model::Profile>,
    /// Their page and photo thumbnails, when they have a file (and a photo).
    url: Option<String>,
    photo: Option<String>,
    posts: Vec<PostJson<'a>>,
    /// The person file's own fields; only when `site.yaml` declares person fields.
    #[serde(skip_serializing_if = "Option::is_none")]
    fields: Option<FieldsJson<'a>>,
}

#[derive(Serialize)]
struct ObligationJson<'a> {
    from: &'a str,
    #[serde(flatten)]
    report: ReportJson<'a>,
}

pub fn status_key(s: HolderStatus) -> &'static str {
    match s {
        HolderStatus::Confirmed => "confirmed",
        HolderStatus::Pending => "pending",
        HolderStatus::Acting => "acting",
    }
}

/// A document's own fields for org.json: none when the site declares none
/// for its kind, so that a site without them exports what it always did.
fn own_fields<'a>(
    decls: &Decls,
    values: Vec<(
        &'a str,
        &'a crate::fields::FieldDecl,
        &'a crate::fields::FieldValue,
    )>,
) -> Option<FieldsJson<'a>> {
    (!decls.is_empty()).then(|| FieldsJson(values.into_iter().map(|(k, _, v)| (k, v)).collect()))
}

/// A reference as written, and what it resolved to.
fn link_json(org: &Org, l: &Link) -> LinkView {
    org.link(l, "")
}

fn report_json<'a>(
    org: &'a Org,
    t: &BTreeMap<String, String>,
    r: &'a crate::model::Report,
) -> ReportJson<'a> {
    ReportJson {
        name: &r.name,
        to: r.to.as_ref().map(|l| link_json(org, l)),
        every: r.every,
        day: r.day,
        month: r.month,
        by: r.by.as_deref(),
        due: i18n::due(t, r.every, r.day, r.month, r.by.as_deref()),
        inherited_from: r.inherited_from.map(|b| org.positions[b].id.as_str()),
    }
}

fn url(kind: &str, id: &str) -> String {
    format!("{kind}/{}.html", crate::text::url_segment(id))
}

/// `org.json`: pretty-printed, positions in chart order.
pub fn org_json(org: &Org, t: &BTreeMap<String, String>, last_change: Day) -> String {
    let mut out = Vec::new();
    // Writing to memory cannot fail.
    let _ = org_json_to(org, t, last_change, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// [`org_json`], written to `out` as it is serialized.
pub fn org_json_to(
    org: &Org,
    t: &BTreeMap<String, String>,
    last_change: Day,
    out: &mut dyn Write,
) -> io::Result<()> {
    let show = org.config.show_holders;
    let units = (0..org.units.len()).map(|u| unit_json(org, u)).collect();
    let positions = org
        .chart_order()
        .iter()
        .map(|&i| position_json(org, t, i))
        .collect();
    let people_list = if show { org.people() } else { Vec::new() };
    let people: Vec<PersonJson> = people_list.iter().map(|p| person_json(org, p)).collect();
    let obligations: Vec<ObligationJson> = obligations::all(org)
        .into_iter()
        .map(|o| ObligationJson {
            from: &org.positions[o.from].id,
            report: report_json(org, t, o.report),
        })
        .collect();
    let doc = OrgJson {
        schema: JSON_SCHEMA,
        generator: concat!("orgsite ", env!("CARGO_PKG_VERSION")),
        title: &org.title,
        language: &org.config.language,
        last_change: last_change.to_string(),
        public: !show,
        levels: &org.config.levels,
        totals: Totals {
            positions: org.positions.len(),
            units: org.units.len(),
            people: people.len(),
            obligations: obligations.len(),
            seats: org.seats(),
        },
        units,
        positions,
        people,
        obligations,
    };
    // As safe to paste into a page as the search index.
    let mut w = EscapeMarkup(out);
    serde_json::to_writer_pretty(&mut w, &doc).map_err(io::Error::other)?;
    w.0.write_all(b"\n")
}

/// The ids of the positions at `v`.
fn ids<'a>(org: &'a Org, v: &[usize]) -> Vec<&'a str> {
    v.iter().map(|&i| org.positions[i].id.as_str()).collect()
}

/// Unit `u` with its seats counted over every position in it or below.
fn unit_json(org: &Org, u: usize) -> UnitJson<'_> {
    let unit = &org.units[u];
    let mut seats = Seats::default();
    for i in org.unit_positions_deep(u) {
        seats.add(org.positions[i].seats());
    }
    UnitJson {
        id: &unit.id,
        name: &unit.name,
        parent: unit.parent.map(|p| org.units[p].id.as_str()),
        units: unit
            .children
            .iter()
            .map(|&c| org.units[c].id.as_str())
            .collect(),
        positions: ids(org, &unit.positions),
        color: unit.color.as_deref(),
        description: &unit.body,
        url: url("units", &unit.id),
        seats,
        fields: own_fields(&org.config.fields.unit, org.unit_fields(u)),
    }
}

/// Position `i`; its holders only when the site shows holders.
fn position_json<'a>(org: &'a Org, t: &BTreeMap<String, String>, i: usize) -> PositionJson<'a> {
    let p = &org.positions[i];
    let holders = if org.config.show_holders {
        p.holders
            .iter()
            .zip(org.who(i))
            .map(|(h, who)| HolderJson {
                name: &who.name,
                status: status_key(h.status),
                concurrent: h.concurrent,
            })
            .collect()
    } else {
        Vec::new()
    };
    PositionJson {
        id: &p.id,
        title: &p.title,
        external_title: p.external_title.as_deref(),
        level: p.level.as_deref(),
        rank: p.rank,
        unit: p.unit.map(|u| org.units[u].id.as_str()),
        reports_to: p.manager.as_ref().map(|l| link_json(org, l)),
        dotted_line: p.dotted_line.iter().map(|l| link_json(org, l)).collect(),
        builds_on: p.builds_on.iter().map(|l| link_json(org, l)).collect(),
        inherits_from: ids(org, &org.inherited(i)),
        chain: ids(org, &org.chain(i)),
        direct_reports: ids(org, &p.children),
        headcount: p.headcount,
        seats: p.seats(),
        holders,
        scope: p.scope.as_deref(),
        reports: p.reports.iter().map(|r| report_json(org, t, r)).collect(),
        targets: p
            .targets
            .iter()
            .map(|x| TargetJson {
                name: &x.name,
                min: x.min,
                max: x.max,
                unit: x.unit.as_deref(),
                per: x.per,
                inherited_from: x.inherited_from.map(|b| org.positions[b].id.as_str()),
            })
            .collect(),
        order: p.order,
        kind: match p.kind {
            PositionType::Line => "line",
            PositionType::Staff => "staff",
        },
        tags: &p.tags,
        duties: &p.body,
        source: p.source.path.to_string_lossy().replace('\\', "/"),
        url: url("positions", &p.id),
        fields: own_fields(&org.config.fields.position, org.position_fields(i)),
    }
}

/// A person with their posts and, when they have a file, its page, photo
/// and declared fields.
fn person_json<'a>(org: &'a Org, person: &'a Person) -> PersonJson<'a> {
    let file = person.profile.and_then(|k| org.profile(k));
    PersonJson {
        name: &person.name,
        file,
        url: file.map(|x| format!("people/{}.html", crate::text::url_segment(&x.id))),
        photo: file
            .filter(|x| x.photo.is_some())
            .map(|x| format!("people/photos/{}-256.jpg", crate::text::url_segment(&x.id))),
        posts: person
            .posts
            .iter()
            .map(|&(i, status, concurrent)| PostJson {
                position: &org.positions[i].id,
                status: status_key(status),
                concurrent,
            })
            .collect(),
        fields: own_fields(
            &org.config.fields.person,
            file.map(|p| org.config.fields.person.ordered(&[&p.fields]))
                .unwrap_or_default(),
        ),
    }
}

/// A writer that escapes `<`, `>`, `&`, U+2028 and U+2029 in serialized
/// JSON as it passes (see [`json_for_script`]); serde_json hands it whole
/// characters.
struct EscapeMarkup<W>(W);

impl<W: Write> Write for EscapeMarkup<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match std::str::from_utf8(buf) {
            Ok(s) if s.contains(['<', '>', '&', '\u{2028}', '\u{2029}']) => {
                self.0.write_all(escape_markup(s).as_bytes())?
            }
            _ => self.0.write_all(buf)?,
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.flush()
    }
}

/// `org.csv`: the staffing table's columns, one row per position in chart
/// order, UTF-8 with a byte-order mark (so spreadsheet programs read CJK
/// text), CRLF line ends (RFC 4180). The names column is left out when the
/// site does not show holders.
pub fn org_csv(org: &Org, t: &BTreeMap<String, String>) -> Vec<u8> {
    let show = org.config.show_holders;
    let get = |k: &str| t.get(k).cloned().unwrap_or_default();
    let paren = |s: &str| crate::i18n::paren(t, s);
    let mut header: Vec<String> = [
        "unit",
        "position",
        "external_title",
        "level",
        "planned",
        "filled",
        "pending",
        "vacant",
    ]
    .iter()
    .map(|k| get(k))
    .collect();
    let own: Vec<&str> = org
        .config
        .fields
        .position
        .shown(org.personal.is_none())
        .map(|(k, _)| k)
        .collect();
    header.extend(
        own.iter()
            .filter_map(|k| org.config.fields.position.get(k).map(|d| (k, d)))
            .map(|(k, d)| d.label(k, &org.config.language).to_string()),
    );
    if show {
        header.push(get("names"));
    }
    header.push(get("id"));
    let mut rows = vec![header];
    for i in org.chart_order() {
        let p = &org.positions[i];
        let s = p.seats();
        let mut row = vec![
            p.unit
                .map(|u| org.units[u].name.clone())
                .unwrap_or_default(),
            p.title.clone(),
            p.external_title.clone().unwrap_or_default(),
            p.level.clone().unwrap_or_default(),
            s.planned.to_string(),
            s.filled.to_string(),
            s.pending.to_string(),
            s.vacant.to_string(),
        ];
        let values = org.position_fields(i);
        row.extend(own.iter().map(|k| {
            values
                .iter()
                .find(|(n, _, _)| n == k)
                .map(|(_, _, v)| v.text("; "))
                .unwrap_or_default()
        }));
        if show {
            let names: Vec<String> = p
                .holders
                .iter()
                .zip(org.who(i))
                .map(|(h, who)| {
                    let mut n = who.name.clone();
                    match h.status {
                        HolderStatus::Confirmed => {}
                        HolderStatus::Pending => n.push_str(&paren(&get("pending"))),
                        HolderStatus::Acting => n.push_str(&paren(&get("acting"))),
                    }
                    if h.concurrent {
                        n.push_str(&paren(&get("concurrent")));
                    }
                    n
                })
                .collect();
            row.push(names.join(&get("name_sep")));
        }
        row.push(p.id.clone());
        rows.push(row);
    }
    let mut out = String::from("\u{feff}");
    for row in rows {
        let cells: Vec<String> = row.iter().map(|c| csv_cell(c)).collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    out.into_bytes()
}

/// `people.csv`: everyone the directory lists, one row each, with their
/// contact details and posts (position ids), written as `org.csv` is.
/// Empty but for its header in a public edition.
pub fn people_csv(org: &Org) -> Vec<u8> {
    let header = [
        "name", "id", "sort_as", "email", "phone", "location", "since", "pronouns", "posts",
    ];
    let mut out = String::from("\u{feff}");
    out.push_str(&header.join(","));
    out.push_str("\r\n");
    for person in org.people() {
        let file = person.profile.and_then(|k| org.profile(k));
        let text = |f: fn(&crate::model::Profile) -> &Option<String>| {
            file.and_then(|x| f(x).clone()).unwrap_or_default()
        };
        let posts: Vec<&str> = person
            .posts
            .iter()
            .map(|&(i, _, _)| org.positions[i].id.as_str())
            .collect();
        let row = [
            person.name.clone(),
            file.map(|x| x.id.clone()).unwrap_or_default(),
            text(|x| &x.sort_as),
            text(|x| &x.email),
            text(|x| &x.phone),
            text(|x| &x.location),
            text(|x| &x.since),
            text(|x| &x.pronouns),
            posts.join(" "),
        ];
        let cells: Vec<String> = row.iter().map(|c| csv_cell(c)).collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    out.into_bytes()
}

/// A CSV field: quoted when it holds a comma, quote or line break; a text
/// that a spreadsheet would run as a formula (`=`, `+`, `-`, `@` first) is
/// prefixed with `'` so that it stays text.
fn csv_cell(s: &str) -> String {
    let formula = s.starts_with(['=', '+', '-', '@', '\t', '\r'])
        && !s.chars().all(|c| c.is_ascii_digit() || c == '-');
    let s = if formula {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_cells() {
        assert_eq!(csv_cell("財富專員"), "財富專員");
        assert_eq!(csv_cell("a,b"), "\"a,b\"");
        assert_eq!(csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_cell("-5"), "-5");
    }

    #[test]
    fn script_safe_json() {
        let s = json_for_script(&vec!["</script><b>&", "\u{2028}"]);
        assert_eq!(
            s,
            "[\"\\u003c/script\\u003e\\u003cb\\u003e\\u0026\",\"\\u2028\"]"
        );
        let back: Vec<String> = serde_json::from_str(&s).unwrap();
        assert_eq!(back, ["</script><b>&", "\u{2028}"]);
    }
}
