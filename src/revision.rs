//! When the handbook's content last changed: the date printed on the cover
//! of `print.html`, stamped into `org.json` and used to anchor the
//! recurring events of `reporting.ics`.
//!
//! The date must come from the input, never from the clock, so that two
//! builds of the same input are byte-identical. In order of preference:
//! `SOURCE_DATE_EPOCH` (the reproducible-builds convention); the date of the
//! last git commit touching `content/` or `site.yaml`, when the site is in a
//! git repository and those files have no uncommitted changes; otherwise the
//! newest modification time of those files (UTC).

use std::fmt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::UNIX_EPOCH;

use crate::content::{CONFIG_FILE, CONTENT_DIR};

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

/// The day the site's content last changed (see the module comment).
pub fn last_change(site: &Path) -> Day {
    if let Some(d) = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
    {
        return Day::from_days(d.div_euclid(86_400));
    }
    if let Some(d) = git_date(site) {
        return d;
    }
    newest_mtime(site).unwrap_or(Day::EPOCH)
}

/// The committer date of the last commit touching the content, if the site
/// is in a git repository and the content has no uncommitted changes.
///
/// Plumbing only, through [`git_command`]: `git status`
/// would run the repository's `core.fsmonitor` command and clean filters
/// and rewrite `.git/index`; a build runs nothing a repository configures
/// and writes nothing inside `.git`.
fn git_date(site: &Path) -> Option<Day> {
    let git = |args: &[&str]| -> Option<String> {
        let out = git_command(site)
            .args(args)
            .stderr(Stdio::null())
            .output()
            .ok()?;
        out.status
            .success()
            .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
    };
    let paths = ["--", CONTENT_DIR, CONFIG_FILE];
    let untracked = git(&[
        &["ls-files", "-z", "--others", "--exclude-standard"][..],
        &paths,
    ]
    .concat())?;
    if !untracked.is_empty() {
        return None;
    }
    // Staged or not, against HEAD; the index is read, never refreshed.
    let raw = git(&[
        &[
            "diff-index",
            "-z",
            "--raw",
            "--no-renames",
            "--relative",
            "HEAD",
        ][..],
        &paths,
    ]
    .concat())?;
    // ":<mode> <mode> <HEAD's blob> <index blob, or 0s when the file's
    // stat differs from the index's> <status>\0<path>\0"
    let mut fields = raw.split('\0');
    let mut unsure: Vec<(String, String)> = Vec::new();
    while let (Some(meta), Some(path)) = (fields.next(), fields.next()) {
        let mut m = meta.split(' ');
        let (head, now) = (m.nth(2).unwrap_or(""), m.next().unwrap_or(""));
        if now.is_empty() || now.bytes().any(|b| b != b'0') || head.bytes().all(|b| b == b'0') {
            return None;
        }
        unsure.push((head.to_string(), path.to_string()));
    }
    // Files whose stat changed: the same bytes as HEAD's (filters not run)?
    for chunk in unsure.chunks(500) {
        let mut args = vec!["hash-object", "--no-filters", "--"];
        args.extend(chunk.iter().map(|(_, p)| p.as_str()));
        let hashes = git(&args)?;
        let same = hashes.lines().eq(chunk.iter().map(|(h, _)| h.as_str()));
        if !same {
            return None;
        }
    }
    let date = git(&[&["log", "-1", "--format=%cs"][..], &paths].concat())?;
    Day::parse(&date)
}

/// The newest modification time of `site.yaml` and the files under `content/`.
fn newest_mtime(site: &Path) -> Option<Day> {
    let content = site.join(CONTENT_DIR);
    walkdir::WalkDir::new(&content)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .chain(std::iter::once(site.join(CONFIG_FILE)))
        .filter_map(|p| std::fs::metadata(p).ok()?.modified().ok())
        .filter_map(|t| t.duration_since(UNIX_EPOCH).ok())
        .max()
        .map(|d| Day::from_days((d.as_secs() / 86_400) as i64))
}

/// A `git` command in `dir` that runs nothing a repository configures and
/// writes nothing inside `.git`: no fsmonitor hook, no hooks, no pager, no
/// external diff or text conversion, no signature check (gpg), no index
/// refresh or other optional lock. Every git invocation of orgsite starts here.
pub(crate) fn git_command(dir: &Path) -> Command {
    let mut c = Command::new("git");
    c.arg("-C")
        .arg(dir)
        .args([
            "--no-pager",
            "--no-optional-locks",
            "-c",
            "core.fsmonitor=false",
            "-c",
            "core.untrackedCache=false",
            "-c",
            "core.hooksPath=/dev/null",
            "-c",
            "core.pager=cat",
            "-c",
            "log.showSignature=false",
        ])
        .env("GIT_OPTIONAL_LOCKS", "0")
        .env("GIT_TERMINAL_PROMPT", "0")
        .env("GIT_PAGER", "cat")
        .env_remove("GIT_EXTERNAL_DIFF")
        .stdin(Stdio::null());
    c
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
