//! Reporting obligations as an iCalendar file (RFC 5545), so that a person
//! can subscribe to the duties of their post.
//!
//! Each obligation is one recurring event: `FREQ=DAILY`, `WEEKLY`,
//! `MONTHLY`, every three months for quarterly ones, or `YEARLY`. An
//! obligation due by a time (`by: "10:00"`) is an event at that time; one
//! without a time is an all-day event.
//!
//! Times are *floating* local times (no `TZID`): "by 10:00" means 10:00
//! wherever the reader's calendar is, which is what a handbook means by it,
//! and it needs no time zone table in the file. Recurrences start on the
//! first due date on or after the day the content last changed, so the file
//! depends only on the input. `UID`s are a hash of the site, the sending
//! position, the report's name and its recipient: editing a due time
//! updates the event in a subscribed calendar instead of adding another.

use std::collections::{BTreeMap, HashMap};

use crate::content::Cadence;
use crate::day::{days_in_month, Day};
use crate::i18n;
use crate::model::Org;
use crate::obligations::Obligation;

/// A calendar of `obligations`, named `name`. `anchor` is the day the
/// content last changed.
pub fn calendar(
    org: &Org,
    obligations: &[Obligation],
    t: &BTreeMap<String, String>,
    anchor: Day,
    name: &str,
) -> String {
    let mut out = String::new();
    let mut line = |s: &str| push_folded(&mut out, s);
    line("BEGIN:VCALENDAR");
    line("VERSION:2.0");
    line(concat!(
        "PRODID:-//orgsite//orgsite ",
        env!("CARGO_PKG_VERSION"),
        "//EN"
    ));
    line("CALSCALE:GREGORIAN");
    line("METHOD:PUBLISH");
    line(&format!("X-WR-CALNAME:{}", escape_text(name)));
    let get = |k: &str| t.get(k).cloned().unwrap_or_default();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for o in obligations {
        let from = &org.positions[o.from];
        let r = o.report;
        let to = r.to.as_ref().map(|l| org.link_title(l).to_string());
        // The same report to the same recipient twice gets a second UID.
        let key = format!(
            "{}\u{1f}{}\u{1f}{}\u{1f}{}",
            org.title,
            from.id,
            r.name,
            to.as_deref().unwrap_or_default()
        );
        let n = seen.entry(key.clone()).or_insert(0);
        *n += 1;
        let uid = format!("{:016x}-{}@orgsite", fnv1a(&key), n);

        let summary = match &to {
            Some(to) => get("ics_summary").replace("{to}", to),
            None => get("ics_summary_no_to"),
        }
        .replace("{from}", &from.title)
        .replace("{name}", &r.name);
        let due = i18n::due(t, r.every, r.day, r.month, r.by.as_deref());
        let rule = Rule::new(r.every, r.day, r.month, anchor);
        let mut description = vec![due];
        if !rule.day_given {
            description.push(get("ics_no_day"));
        }

        line("BEGIN:VEVENT");
        line(&format!("UID:{uid}"));
        line(&format!("DTSTAMP:{}T000000Z", anchor.compact()));
        match r.by.as_deref().and_then(parse_time) {
            Some((h, m)) => line(&format!(
                "DTSTART:{}T{:02}{:02}00",
                rule.start.compact(),
                h,
                m
            )),
            None => line(&format!("DTSTART;VALUE=DATE:{}", rule.start.compact())),
        }
        line(&format!("RRULE:{}", rule.rrule));
        line(&format!("SUMMARY:{}", escape_text(&summary)));
        line(&format!(
            "DESCRIPTION:{}",
            escape_text(&description.join("\n"))
        ));
        line("TRANSP:TRANSPARENT");
        line("END:VEVENT");
    }
    line("END:VCALENDAR");
    out
}

/// When an obligation recurs: the first occurrence on or after the anchor
/// and the `RRULE` value.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Rule {
    start: Day,
    rrule: String,
    /// False when the report names no day and the period's first day stands in.
    day_given: bool,
}

const WEEKDAYS: [&str; 7] = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];

impl Rule {
    fn new(every: Cadence, day: Option<u32>, month: Option<u32>, anchor: Day) -> Rule {
        let day_given = day.is_some() || every == Cadence::Day;
        if let (Cadence::Year, Some(m), Some(d)) = (every, month, day) {
            return Rule::on_date(m, d, anchor);
        }
        match every {
            Cadence::Day => Rule {
                start: anchor,
                rrule: "FREQ=DAILY".into(),
                day_given,
            },
            Cadence::Week => {
                let w = day.unwrap_or(1).clamp(1, 7);
                let ahead = (i64::from(w) - i64::from(anchor.weekday())).rem_euclid(7);
                Rule {
                    start: anchor.add_days(ahead),
                    rrule: format!("FREQ=WEEKLY;BYDAY={}", WEEKDAYS[(w - 1) as usize]),
                    day_given,
                }
            }
            Cadence::Month => {
                let d = day.unwrap_or(1).clamp(1, 31);
                Rule {
                    start: first_on_or_after(anchor, 1, 0, d),
                    rrule: format!("FREQ=MONTHLY;{}", month_day(d)),
                    day_given,
                }
            }
            Cadence::Quarter => {
                // Day N of the quarter, counted in months of 31 days: day 1-31
                // falls in the quarter's first month, 32-62 in its second, the
                // rest in its third (a short month moves it to its last day).
                let n = day.unwrap_or(1).clamp(1, 92);
                let (offset, d) = ((n - 1) / 31, (n - 1) % 31 + 1);
                Rule {
                    start: first_on_or_after(anchor, 3, offset, d),
                    rrule: format!("FREQ=MONTHLY;INTERVAL=3;{}", month_day(d)),
                    day_given,
                }
            }
            Cadence::Year => {
                // Day 366 is the last day of the year, also in a common year.
                let n = day.unwrap_or(1).clamp(1, 366);
                let in_year = |y: i32| {
                    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
                    let n = if leap { n } else { n.min(365) };
                    Day::new(y, 1, 1).map(|jan1| jan1.add_days(i64::from(n) - 1))
                };
                let start = in_year(anchor.year)
                    .filter(|d| *d >= anchor)
                    .or_else(|| in_year(anchor.year + 1))
                    .unwrap_or(anchor);
                Rule {
                    start,
                    rrule: if n == 366 {
                        "FREQ=YEARLY;BYYEARDAY=-1".into()
                    } else {
                        format!("FREQ=YEARLY;BYYEARDAY={n}")
                    },
                    day_given,
                }
            }
        }
    }
}

impl Rule {
    /// Every year on month `m`, day `d` (29 February: the last day of
    /// February, so that common years have it too).
    fn on_date(m: u32, d: u32, anchor: Day) -> Rule {
        let in_year = |y: i32| Day::new(y, m, d.min(days_in_month(y, m)));
        let start = in_year(anchor.year)
            .filter(|x| *x >= anchor)
            .or_else(|| in_year(anchor.year + 1))
            .unwrap_or(anchor);
        let by_day = if m == 2 && d == 29 {
            "BYMONTHDAY=-1".to_string()
        } else {
            format!("BYMONTHDAY={d}")
        };
        Rule {
            start,
            rrule: format!("FREQ=YEARLY;BYMONTH={m};{by_day}"),
            day_given: true,
        }
    }
}

/// `BYMONTHDAY` for "day `d`, or the month's last day when it is shorter".
fn month_day(d: u32) -> String {
    if d <= 28 {
        format!("BYMONTHDAY={d}")
    } else {
        let days: Vec<String> = (28..=d).map(|x| x.to_string()).collect();
        format!("BYMONTHDAY={};BYSETPOS=-1", days.join(","))
    }
}

/// The first day `d` (clamped to the month's length) on or after `anchor`
/// in a month `offset` months into a period of `every` months (periods
/// start in January).
fn first_on_or_after(anchor: Day, every: u32, offset: u32, d: u32) -> Day {
    let period_start = (anchor.month - 1) / every * every;
    let mut month0 = i64::from(anchor.year) * 12 + i64::from(period_start + offset);
    loop {
        let year = month0.div_euclid(12) as i32;
        let month = month0.rem_euclid(12) as u32 + 1;
        let day = d.min(days_in_month(year, month));
        if let Some(candidate) = Day::new(year, month, day) {
            if candidate >= anchor {
                return candidate;
            }
        }
        month0 += i64::from(every);
    }
}

/// `HH:MM` (or `H:MM`, `HH:MM:SS`) -> (hour, minute).
fn parse_time(s: &str) -> Option<(u32, u32)> {
    let mut it = s.trim().split(':');
    let h: u32 = it.next()?.parse().ok()?;
    let m: u32 = it.next()?.parse().ok()?;
    match it.next() {
        None => {}
        Some(sec) if sec.parse::<u32>().is_ok_and(|x| x < 60) => {}
        Some(_) => return None,
    }
    (h < 24 && m < 60 && it.next().is_none()).then_some((h, m))
}

/// TEXT values: backslash, semicolon, comma and newline escaped (RFC 5545
/// 3.3.11); other control characters dropped.
pub fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends a content line, folded so that no line is longer than 75 octets
/// (continuations start with a space), never inside a UTF-8 character,
/// ended by CRLF.
fn push_folded(out: &mut String, line: &str) {
    let mut limit = 75;
    let mut used = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        if used + n > limit {
            out.push_str("\r\n ");
            used = 0;
            limit = 74;
        }
        out.push(c);
        used += n;
    }
    out.push_str("\r\n");
}

/// FNV-1a, 64 bits: a stable hash for `UID`s (std's hasher may change
/// between Rust releases).
fn fnv1a(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> Day {
        Day::parse(s).expect("date")
    }

    #[test]
    fn folding_keeps_characters_whole() {
        let mut out = String::new();
        let long = format!("SUMMARY:{}", "財".repeat(40));
        push_folded(&mut out, &long);
        for l in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(l.len() <= 75, "{} octets: {l}", l.len());
        }
        let unfolded = out.replace("\r\n ", "");
        assert_eq!(unfolded, format!("{long}\r\n"));
        let mut short = String::new();
        push_folded(&mut short, "VERSION:2.0");
        assert_eq!(short, "VERSION:2.0\r\n");
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(escape_text("a,b;c\\d\ne\u{7}"), "a\\,b\\;c\\\\d\\ne");
    }

    #[test]
    fn times() {
        assert_eq!(parse_time("10:00"), Some((10, 0)));
        assert_eq!(parse_time("9:30"), Some((9, 30)));
        assert_eq!(parse_time("17:45:00"), Some((17, 45)));
        assert_eq!(parse_time("24:00"), None);
        assert_eq!(parse_time("noon"), None);
        assert_eq!(parse_time("10:00:00:00"), None);
    }

    #[test]
    fn a_yearly_date_stays_on_its_date_in_leap_years() {
        let r = Rule::new(Cadence::Year, Some(31), Some(3), day("2026-11-27"));
        assert_eq!(
            (r.start, r.rrule.as_str(), r.day_given),
            (
                day("2027-03-31"),
                "FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=31",
                true
            )
        );
        let r = Rule::new(Cadence::Year, Some(31), Some(3), day("2028-01-01"));
        assert_eq!(r.start, day("2028-03-31"));
        let r = Rule::new(Cadence::Year, Some(29), Some(2), day("2026-01-01"));
        assert_eq!(
            (r.start, r.rrule.as_str()),
            (day("2026-02-28"), "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1")
        );
    }

    #[test]
    fn rules_start_on_the_first_due_day() {
        let anchor = day("2026-11-27"); // a Friday
        let r = Rule::new(Cadence::Day, None, None, anchor);
        assert_eq!((r.start, r.rrule.as_str()), (anchor, "FREQ=DAILY"));
        let r = Rule::new(Cadence::Week, None, None, anchor);
        assert_eq!(
            (r.start, r.rrule.as_str(), r.day_given),
            (day("2026-11-30"), "FREQ=WEEKLY;BYDAY=MO", false)
        );
        let r = Rule::new(Cadence::Week, Some(5), None, anchor);
        assert_eq!(r.start, anchor);
        let r = Rule::new(Cadence::Month, Some(2), None, anchor);
        assert_eq!(
            (r.start, r.rrule.as_str()),
            (day("2026-12-02"), "FREQ=MONTHLY;BYMONTHDAY=2")
        );
        let r = Rule::new(Cadence::Month, Some(30), None, day("2027-02-03"));
        assert_eq!(
            (r.start, r.rrule.as_str()),
            (
                day("2027-02-28"),
                "FREQ=MONTHLY;BYMONTHDAY=28,29,30;BYSETPOS=-1"
            )
        );
        let r = Rule::new(Cadence::Quarter, Some(10), None, anchor);
        assert_eq!(
            (r.start, r.rrule.as_str()),
            (day("2027-01-10"), "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=10")
        );
        let r = Rule::new(Cadence::Quarter, Some(40), None, day("2026-05-01"));
        assert_eq!(r.start, day("2026-05-09"));
        let r = Rule::new(Cadence::Year, Some(32), None, anchor);
        assert_eq!(
            (r.start, r.rrule.as_str()),
            (day("2027-02-01"), "FREQ=YEARLY;BYYEARDAY=32")
        );
        let r = Rule::new(Cadence::Year, None, None, day("2026-01-01"));
        assert_eq!(r.start, day("2026-01-01"));
        // The largest days validation allows are the ones the calendar keeps.
        let r = Rule::new(Cadence::Year, Some(366), None, day("2026-01-01"));
        assert_eq!(
            (r.start, r.rrule.as_str()),
            (day("2026-12-31"), "FREQ=YEARLY;BYYEARDAY=-1")
        );
        let r = Rule::new(Cadence::Year, Some(366), None, day("2028-01-01"));
        assert_eq!(r.start, day("2028-12-31"));
        let r = Rule::new(Cadence::Quarter, Some(92), None, day("2026-07-01"));
        assert_eq!(r.start, day("2026-09-30"));
    }
}
