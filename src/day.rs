//! A calendar day (proleptic Gregorian), with no clock and no time zone:
//! the dates of reports, of person files and of a site's own date fields,
//! and the day a site last changed (`revision`). A bottom module: it uses
//! nothing else of the crate, so the loaders can use it.

use std::fmt;

/// A calendar day (proleptic Gregorian).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Day {
    /// The day used when nothing better is known (an empty site).
    pub const EPOCH: Day = Day {
        year: 1970,
        month: 1,
        day: 1,
    };

    pub fn new(year: i32, month: u32, day: u32) -> Option<Day> {
        ((1..=12).contains(&month) && (1..=days_in_month(year, month)).contains(&day))
            .then_some(Day { year, month, day })
    }

    /// Parses `YYYY-MM-DD`.
    pub fn parse(s: &str) -> Option<Day> {
        let mut it = s.trim().splitn(3, '-');
        let y = it.next()?.parse().ok()?;
        let m = it.next()?.parse().ok()?;
        let d = it.next()?.parse().ok()?;
        Day::new(y, m, d)
    }

    /// Days since 1970-01-01 (negative before).
    pub fn to_days(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The day `days` days after 1970-01-01.
    pub fn from_days(days: i64) -> Day {
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = (if mp < 10 { mp + 3 } else { mp - 9 }) as u32;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Day { year, month, day }
    }

    pub fn add_days(self, n: i64) -> Day {
        Day::from_days(self.to_days() + n)
    }

    /// 1 = Monday ... 7 = Sunday.
    pub fn weekday(self) -> u32 {
        // 1970-01-01 was a Thursday (4).
        ((self.to_days() + 3).rem_euclid(7) + 1) as u32
    }

    /// 1-based day of the year.
    pub fn ordinal(self) -> u32 {
        (self.to_days() - Day::new(self.year, 1, 1).unwrap_or(self).to_days()) as u32 + 1
    }

    /// `YYYYMMDD`, as iCalendar writes dates.
    pub fn compact(self) -> String {
        format!("{:04}{:02}{:02}", self.year, self.month, self.day)
    }
}

impl fmt::Display for Day {
    /// ISO 8601: `YYYY-MM-DD`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

pub fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_round_trip() {
        for n in [
            -800_000, -1, 0, 1, 59, 60, 10_957, 19_000, 20_000, 2_932_896,
        ] {
            assert_eq!(Day::from_days(n).to_days(), n);
        }
        assert_eq!(Day::from_days(0), Day::EPOCH);
        assert_eq!(Day::from_days(11_016).to_string(), "2000-02-29");
        assert_eq!(Day::parse("2024-03-01").map(|d| d.to_days()), Some(19_783));
    }

    #[test]
    fn weekdays_and_ordinals() {
        assert_eq!(Day::EPOCH.weekday(), 4);
        assert_eq!(Day::parse("2026-11-30").unwrap().weekday(), 1);
        assert_eq!(Day::parse("2024-12-31").unwrap().ordinal(), 366);
        assert_eq!(Day::parse("2025-02-01").unwrap().ordinal(), 32);
    }

    #[test]
    fn rejects_bad_dates() {
        assert_eq!(Day::parse("2025-02-29"), None);
        assert_eq!(Day::parse("2024-13-01"), None);
        assert_eq!(Day::parse("nonsense"), None);
        assert!(Day::parse("2024-02-29").is_some());
    }
}
