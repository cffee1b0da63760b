//! Reporting obligations: every `reports` entry of every position, flattened
//! into one list with its sender. The reporting calendar page, the
//! iCalendar files and `org.json` all read this one list, so they cannot
//! disagree about who sends what to whom.

use crate::content::Cadence;
use crate::model::{Link, Org, Report};

/// One scheduled report: position `from` sends `report` (its `index`-th).
#[derive(Debug, Clone, Copy)]
pub struct Obligation<'a> {
    pub from: usize,
    pub index: usize,
    pub report: &'a Report,
}

/// Who receives a report, as a key to group by.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Recipient {
    /// Outside the chart (such as the top position's manager): first.
    External(String),
    /// A position, by its place in chart order (so positions sort as in the chart).
    Position {
        rank: usize,
        index: usize,
    },
    Missing(String),
    Nobody,
}

/// Every obligation, by sender in chart order, then as written.
pub fn all(org: &Org) -> Vec<Obligation<'_>> {
    org.chart_order()
        .into_iter()
        .flat_map(|from| of_position(org, from))
        .collect()
}

/// The obligations position `from` sends.
pub fn of_position(org: &Org, from: usize) -> Vec<Obligation<'_>> {
    org.positions[from]
        .reports
        .iter()
        .enumerate()
        .map(|(index, report)| Obligation {
            from,
            index,
            report,
        })
        .collect()
}

/// The cadences in calendar order, shortest first.
pub const CADENCES: [Cadence; 5] = [
    Cadence::Day,
    Cadence::Week,
    Cadence::Month,
    Cadence::Quarter,
    Cadence::Year,
];

/// Where a report falls in its period, as a key to sort by: month, day,
/// then due time (minutes after midnight). What has no day or no time sorts
/// after what has one, so a list reads as a calendar.
pub fn when_key(r: &Report) -> (u32, u32, u32) {
    let minutes =
        r.by.as_deref()
            .and_then(|t| {
                let (h, m) = t.split_once(':')?;
                let m = m.get(..2).unwrap_or(m);
                Some(h.trim().parse::<u32>().ok()? * 60 + m.parse::<u32>().ok()?)
            })
            .unwrap_or(u32::MAX);
    (r.month.unwrap_or(0), r.day.unwrap_or(u32::MAX), minutes)
}

/// The recipient of an obligation. `rank_of` maps a position to its place in
/// chart order.
pub fn recipient(o: &Obligation, rank_of: &[usize]) -> Recipient {
    match &o.report.to {
        Some(Link::Position(i)) => Recipient::Position {
            rank: rank_of[*i],
            index: *i,
        },
        Some(Link::External(id)) => Recipient::External(id.clone()),
        Some(Link::Missing(name)) => Recipient::Missing(name.clone()),
        None => Recipient::Nobody,
    }
}
