//! When in its period a report is due: a report's `day` and `date` as
//! written (numbers, weekday words, `"03-31"`, `"+15"`) read into numbers.
//!
//! Format version 2 (PRODUCT.md): `every: week, day: Monday` (or 週一 / 周一
//! / 星期一), `every: year, date: "03-31"`, `every: quarter, date: "+15"`
//! (the 15th day of each quarter). Version 1's numbers stay valid: `day` is
//! the day of the week (1 = Monday), of the month, of the quarter or of the
//! year. Ranges are checked by validation; this module reads words.

use crate::content::Cadence;

/// Where a report falls in its period.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct When {
    /// Day of the week (1 = Monday), of the month, of the quarter, of the
    /// year, or (with `month`) of that month.
    pub day: Option<u32>,
    /// A yearly report's month (1-12), from `date: "MM-DD"`.
    pub month: Option<u32>,
}

/// A `day` or `date` that could not be read: the text as written (to
/// locate it) and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub written: String,
    pub message: String,
}

/// English weekday names, Monday first (matched ignoring case, in full or
/// by their first three letters).
const WEEKDAYS_EN: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// The Chinese day signs after 週 / 周 / 星期, Monday first; 日 and 天 are Sunday.
const WEEKDAYS_ZH: [char; 7] = ['一', '二', '三', '四', '五', '六', '日'];

/// The weekday (1 = Monday) a word names: `Monday`, `mon`, 週一, 周一, 星期一.
pub fn weekday(word: &str) -> Option<u32> {
    let w = word.trim();
    let lower = w.to_lowercase();
    if let Some(i) = WEEKDAYS_EN
        .iter()
        .position(|d| *d == lower || (lower.len() == 3 && d.starts_with(&lower)))
    {
        return Some(i as u32 + 1);
    }
    let rest = w
        .strip_prefix("星期")
        .or_else(|| w.strip_prefix('週'))
        .or_else(|| w.strip_prefix('周'))
        .or_else(|| w.strip_prefix("禮拜"))
        .or_else(|| w.strip_prefix("礼拜"))?;
    let mut chars = rest.chars();
    let c = chars.next()?;
    if chars.next().is_some() {
        return None;
    }
    let c = if c == '天' { '日' } else { c };
    WEEKDAYS_ZH
        .iter()
        .position(|&d| d == c)
        .map(|i| i as u32 + 1)
}

/// The days of `month` in a leap year (29 for February: a date that is
/// valid in some year is accepted).
fn days_in_month(month: u32) -> u32 {
    match month {
        2 => 29,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// `"MM-DD"` (also `"M-D"`) as (month, day), checked against the calendar.
fn month_day(text: &str) -> Result<(u32, u32), String> {
    let (m, d) = text
        .split_once('-')
        .ok_or_else(|| "write a date as \"MM-DD\", e.g. \"03-31\" for 31 March".to_string())?;
    let (Ok(m), Ok(d)) = (m.trim().parse::<u32>(), d.trim().parse::<u32>()) else {
        return Err("write a date as \"MM-DD\", e.g. \"03-31\" for 31 March".into());
    };
    if !(1..=12).contains(&m) {
        return Err(format!("there is no month {m}; months are 01 to 12"));
    }
    if d == 0 || d > days_in_month(m) {
        return Err(format!(
            "month {m:02} has no day {d}; it has {} days",
            days_in_month(m)
        ));
    }
    Ok((m, d))
}

/// Reads a report's `day` and `date` for a report due `every`.
pub fn read(every: Cadence, day: Option<&str>, date: Option<&str>) -> Result<When, Problem> {
    let problem = |written: &str, message: String| Problem {
        written: written.to_string(),
        message,
    };
    match (day, date) {
        (Some(_), Some(date)) => Err(problem(
            date,
            "has both `day` and `date`; write one of them".into(),
        )),
        (None, None) => Ok(When::default()),
        (Some(day), None) => read_day(every, day).map_err(|m| problem(day, m)),
        (None, Some(date)) => read_date(every, date).map_err(|m| problem(date, m)),
    }
}

fn read_day(every: Cadence, day: &str) -> Result<When, String> {
    let day = day.trim();
    if let Ok(n) = day.parse::<u32>() {
        return Ok(When {
            day: Some(n),
            month: None,
        });
    }
    match (weekday(day), every) {
        (Some(w), Cadence::Week) => Ok(When {
            day: Some(w),
            month: None,
        }),
        (Some(_), _) => Err(format!(
            "`day: {day}` names a weekday, which only a weekly report (`every: week`) has"
        )),
        (None, Cadence::Week) => Err(format!(
            "`day: {day}` is not a weekday: write Monday to Sunday (週一 to 週日), or 1 (Monday) to 7"
        )),
        (None, Cadence::Year | Cadence::Quarter) => Err(format!(
            "`day: {day}` is not a day: write a number, or a date as `date: \"03-31\"` (yearly) or `date: \"+15\"` (the 15th day of the period)"
        )),
        (None, _) => Err(format!("`day: {day}` is not a day: write a number")),
    }
}

fn read_date(every: Cadence, date: &str) -> Result<When, String> {
    let date = date.trim();
    if let Some(n) = date.strip_prefix('+') {
        return match (n.parse::<u32>(), every) {
            (Ok(n), Cadence::Month | Cadence::Quarter | Cadence::Year) => Ok(When {
                day: Some(n),
                month: None,
            }),
            (Ok(_), _) => Err(format!(
                "`date: \"{date}\"` counts days of a month, quarter or year; a {} report has `day` instead",
                if every == Cadence::Week { "weekly" } else { "daily" }
            )),
            (Err(_), _) => Err(format!(
                "`date: \"{date}\"` is not a day of the period: write `\"+15\"` for the 15th day"
            )),
        };
    }
    match every {
        Cadence::Year => month_day(date)
            .map(|(m, d)| When {
                day: Some(d),
                month: Some(m),
            })
            .map_err(|e| format!("`date: \"{date}\"`: {e}")),
        _ => Err(format!(
            "`date: \"{date}\"`: only a yearly report falls on a date of the calendar; for a day of the period write `date: \"+15\"`"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weekday_words_in_english_and_chinese() {
        for (w, n) in [
            ("Monday", 1),
            ("monday", 1),
            ("Mon", 1),
            ("Sunday", 7),
            ("週一", 1),
            ("周三", 3),
            ("星期五", 5),
            ("星期日", 7),
            ("星期天", 7),
            ("週日", 7),
        ] {
            assert_eq!(weekday(w), Some(n), "{w}");
        }
        for w in ["Mo", "Mondays", "週八", "星期", "周一二", ""] {
            assert_eq!(weekday(w), None, "{w}");
        }
    }

    #[test]
    fn days_and_dates_read_into_numbers() {
        let ok = |every, day, date| read(every, day, date).expect("reads");
        assert_eq!(ok(Cadence::Week, Some("Monday"), None).day, Some(1));
        assert_eq!(ok(Cadence::Week, Some("3"), None).day, Some(3));
        assert_eq!(ok(Cadence::Month, Some("2"), None).day, Some(2));
        assert_eq!(
            ok(Cadence::Year, None, Some("03-31")),
            When {
                day: Some(31),
                month: Some(3)
            }
        );
        assert_eq!(ok(Cadence::Year, None, Some("02-29")).month, Some(2));
        assert_eq!(ok(Cadence::Quarter, None, Some("+15")).day, Some(15));
        assert_eq!(ok(Cadence::Year, Some("90"), None).day, Some(90));
        assert_eq!(ok(Cadence::Day, None, None), When::default());
    }

    #[test]
    fn what_cannot_be_read_says_why() {
        let err = |every, day, date| read(every, day, date).expect_err("a problem").message;
        assert!(err(Cadence::Month, Some("Monday"), None).contains("only a weekly report"));
        assert!(err(Cadence::Week, Some("Mondy"), None).contains("is not a weekday"));
        assert!(err(Cadence::Year, None, Some("02-30")).contains("month 02 has no day 30"));
        assert!(err(Cadence::Year, None, Some("13-01")).contains("no month 13"));
        assert!(err(Cadence::Year, None, Some("March 31")).contains("MM-DD"));
        assert!(err(Cadence::Quarter, None, Some("03-31")).contains("only a yearly report"));
        assert!(err(Cadence::Week, None, Some("+2")).contains("weekly"));
        assert!(err(Cadence::Year, Some("1"), Some("01-01")).contains("both"));
    }
}
