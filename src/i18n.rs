//! Interface strings in the site's language (`site.yaml`: `language`): every
//! word, punctuation mark and list separator the program adds, read from the
//! theme's language files (`themes/default/i18n/<language>.yaml`), with a
//! site's own files and `site.yaml`'s `strings` overriding any of them.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::OnceLock;

use serde::Deserialize;

use crate::content::{Cadence, SiteConfig};
use crate::day::Day;
use crate::diag::Diagnostics;

/// One string of a language file: a plain text, or plural forms.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum Text {
    Plain(String),
    Plural(Plural),
}

/// Plural forms: `one` for a count of 1, `other` for every other count. A
/// language with one form (Chinese) writes a plain string instead.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Plural {
    pub one: Option<String>,
    pub other: String,
}

/// A language file, key by key.
pub type File = BTreeMap<String, Text>;

/// The language whose file names every key, and which fills in any key a
/// site's own file for another language leaves out.
const REFERENCE: &str = "en";

/// The built-in language files ([`crate::theme::I18N`]), read once. A file
/// that is not valid is a bug of this program, caught by the tests below;
/// it reads as empty rather than ending the build.
fn builtin() -> &'static [(&'static str, File)] {
    static FILES: OnceLock<Vec<(&'static str, File)>> = OnceLock::new();
    FILES.get_or_init(|| {
        crate::theme::I18N
            .iter()
            .map(|(lang, yaml)| (*lang, marked_yaml::from_yaml(0, yaml).unwrap_or_default()))
            .collect()
    })
}

fn builtin_file(lang: &str) -> Option<&'static File> {
    builtin().iter().find(|(l, _)| *l == lang).map(|(_, f)| f)
}

/// The languages with a built-in file, in name order.
pub fn languages() -> impl Iterator<Item = &'static str> {
    builtin().iter().map(|(l, _)| *l)
}

/// A file's entries as the flat table pages see, laid over `out`: a plural
/// key `k` gives `k` (its `other` form) and `k_one`; a plain one drops the
/// `k_one` of a file below it (a language with one form).
fn flatten(file: &File, out: &mut BTreeMap<String, String>) {
    for (k, v) in file {
        match v {
            Text::Plain(s) => {
                out.insert(k.clone(), s.clone());
                out.remove(&format!("{k}_one"));
            }
            Text::Plural(p) => {
                out.insert(k.clone(), p.other.clone());
                if let Some(one) = &p.one {
                    out.insert(format!("{k}_one"), one.clone());
                }
            }
        }
    }
}

/// The strings for a site, from the built-in language files and
/// `site.yaml`'s `strings`.
pub fn strings(config: &SiteConfig) -> BTreeMap<String, String> {
    strings_with(&[], config, &config.language, &mut Diagnostics::new())
}

/// The strings in `language`: the built-in file (the reference language's
/// for any key it lacks), the site's own file for the language from
/// `site_files` (see [`crate::theme::Theme::i18n`]; its mistakes go to
/// `diags`), then `site.yaml`'s `strings`.
pub fn strings_with(
    site_files: &[(String, String)],
    config: &SiteConfig,
    language: &str,
    diags: &mut Diagnostics,
) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    if let Some(f) = builtin_file(REFERENCE) {
        flatten(f, &mut out);
    }
    if let Some(f) = builtin_file(language) {
        flatten(f, &mut out);
    }
    if let Some((_, yaml)) = site_files.iter().find(|(l, _)| l == language) {
        let path = Path::new("themes/default/i18n").join(format!("{language}.yaml"));
        let known: Vec<&str> = keys().collect();
        let parsed =
            crate::front::parse::<File>(yaml, &config.language, &path, 1, &known, &[], diags);
        if let Some(f) = parsed.value {
            flatten(&f, &mut out);
        }
    }
    for (k, v) in &config.strings {
        out.insert(k.clone(), v.clone());
    }
    out
}

/// Keys a site may override in `site.yaml`'s `strings` (or its own
/// language files): every key of the language files, the interface's and
/// the changes report's (`changes.html`, `orgsite diff`), with `k_one` for
/// each plural key `k`.
pub fn keys() -> impl Iterator<Item = &'static str> {
    static KEYS: OnceLock<Vec<String>> = OnceLock::new();
    KEYS.get_or_init(|| {
        let mut all = std::collections::BTreeSet::new();
        for (_, f) in builtin() {
            let mut one = BTreeMap::new();
            flatten(f, &mut one);
            all.extend(one.into_keys());
        }
        all.into_iter().collect()
    })
    .iter()
    .map(String::as_str)
}

/// `key` for a count of `n`, `{n}` filled: its `_one` form for 1 where the
/// language has one.
pub fn plural(t: &BTreeMap<String, String>, key: &str, n: usize) -> String {
    let one = format!("{key}_one");
    let s = match t.get(&one) {
        Some(s) if n == 1 => s,
        _ => t.get(key).map(String::as_str).unwrap_or(key),
    };
    s.replace("{n}", &n.to_string())
}

/// `s` in the language's parentheses, attached to what precedes it:
/// "Tom Becker (Acting)", "王曦虹（代理）".
pub fn paren(t: &BTreeMap<String, String>, s: &str) -> String {
    let get = |k: &str| t.get(k).map(String::as_str).unwrap_or_default();
    format!("{}{s}{}", get("paren_open"), get("paren_close"))
}

/// Keys of `reference` that a language file lacks, and keys it has that
/// `reference` does not: (language, key). Empty when every file has the
/// same keys.
pub fn mismatched_keys<'a>(
    reference: &'a File,
    files: impl IntoIterator<Item = (&'a str, &'a File)>,
) -> Vec<(&'a str, &'a str)> {
    let mut out = Vec::new();
    for (lang, f) in files {
        for k in reference.keys().filter(|k| !f.contains_key(*k)) {
            out.push((lang, k.as_str()));
        }
        for k in f.keys().filter(|k| !reference.contains_key(*k)) {
            out.push((lang, k.as_str()));
        }
    }
    out
}

pub fn cadence_key(c: Cadence) -> &'static str {
    match c {
        Cadence::Day => "day",
        Cadence::Week => "week",
        Cadence::Month => "month",
        Cadence::Quarter => "quarter",
        Cadence::Year => "year",
    }
}

/// "每月 2 日 10:00 前" / "Monthly on day 2 by 10:00" / "每周 週三" /
/// "Weekly on Wednesday". `day` is the day of the month (monthly), of the
/// week (weekly, 1 = Monday) or of the period (quarterly, yearly).
pub fn due(
    t: &BTreeMap<String, String>,
    every: Cadence,
    day: Option<u32>,
    month: Option<u32>,
    by: Option<&str>,
) -> String {
    let get = |k: &str| t.get(k).cloned().unwrap_or_default();
    let mut parts = vec![get(&format!("every_{}", cadence_key(every)))];
    if let Some(d) = day {
        parts.push(match (every, month) {
            (Cadence::Year, Some(m)) => get("on_date")
                .replace("{month}", &get(&format!("month_{m}")))
                .replace("{m}", &m.to_string())
                .replace("{d}", &d.to_string()),
            (Cadence::Week, _) if (1..=7).contains(&d) => {
                get("on_weekday").replace("{weekday}", &get(&format!("weekday_{d}")))
            }
            (Cadence::Month | Cadence::Week, _) => get("on_day").replace("{day}", &d.to_string()),
            (Cadence::Quarter | Cadence::Year | Cadence::Day, _) => get("on_day_of_period")
                .replace("{nth}", &ordinal(t, d))
                .replace("{day}", &d.to_string()),
        });
    }
    if let Some(time) = by {
        parts.push(get("by_time").replace("{time}", time));
    }
    parts.join(" ")
}

/// `n` as an ordinal ("1st", "22nd", "13th") from the language's
/// `ordinal_1`, `ordinal_2`, `ordinal_3` and `ordinal_n` forms, chosen by
/// the last digit (11, 12, 13 take `ordinal_n`).
pub fn ordinal(t: &BTreeMap<String, String>, n: u32) -> String {
    let key = match (n % 10, n % 100) {
        (_, 11..=13) => "ordinal_n",
        (1, _) => "ordinal_1",
        (2, _) => "ordinal_2",
        (3, _) => "ordinal_3",
        _ => "ordinal_n",
    };
    t.get(key)
        .map(String::as_str)
        .unwrap_or("{n}")
        .replace("{n}", &n.to_string())
}

/// A date in the site's language (`date_format`: `{y}`, `{m}`, `{d}`,
/// and zero-padded `{yyyy}`, `{mm}`, `{dd}`).
pub fn date(t: &BTreeMap<String, String>, d: Day) -> String {
    t.get("date_format")
        .map(String::as_str)
        .unwrap_or("{yyyy}-{mm}-{dd}")
        .replace("{yyyy}", &format!("{:04}", d.year))
        .replace("{mm}", &format!("{:02}", d.month))
        .replace("{dd}", &format!("{:02}", d.day))
        .replace("{y}", &d.year.to_string())
        .replace("{m}", &d.month.to_string())
        .replace("{d}", &d.day.to_string())
}

/// A number without a trailing `.0`.
pub fn number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg(lang: &str) -> SiteConfig {
        SiteConfig {
            language: lang.into(),
            ..SiteConfig::default()
        }
    }

    #[test]
    fn due_reads_naturally() {
        let zh = strings(&cfg("zh-Hant"));
        assert_eq!(
            due(&zh, Cadence::Month, Some(2), None, Some("10:00")),
            "每月 2 日 10:00 前"
        );
        assert_eq!(
            due(&zh, Cadence::Day, None, None, Some("10:00")),
            "每日 10:00 前"
        );
        let en = strings(&cfg("en"));
        assert_eq!(
            due(&en, Cadence::Month, Some(2), None, Some("10:00")),
            "Monthly on day 2 by 10:00"
        );
        assert_eq!(due(&en, Cadence::Week, None, None, None), "Weekly");
        assert_eq!(
            due(&en, Cadence::Week, Some(3), None, Some("17:00")),
            "Weekly on Wednesday by 17:00"
        );
        assert_eq!(due(&zh, Cadence::Week, Some(5), None, None), "每周 週五");
        assert_eq!(
            due(&zh, Cadence::Year, Some(10), None, None),
            "每年 第 10 日"
        );
        // Dates read as dates, days of a period as ordinals.
        assert_eq!(
            due(&en, Cadence::Year, Some(31), Some(3), None),
            "Yearly on 31 March"
        );
        assert_eq!(
            due(&zh, Cadence::Year, Some(31), Some(3), None),
            "每年 3 月 31 日"
        );
        assert_eq!(
            due(&en, Cadence::Quarter, Some(15), None, None),
            "Quarterly on the 15th day"
        );
        for (n, s) in [
            (1, "1st"),
            (2, "2nd"),
            (3, "3rd"),
            (4, "4th"),
            (11, "11th"),
            (12, "12th"),
            (13, "13th"),
            (21, "21st"),
            (92, "92nd"),
            (111, "111th"),
        ] {
            assert_eq!(ordinal(&en, n), s);
        }
    }

    #[test]
    fn dates_follow_the_language() {
        let d = Day::parse("2026-03-04").unwrap();
        assert_eq!(date(&strings(&cfg("en")), d), "2026-03-04");
        assert_eq!(date(&strings(&cfg("zh-Hant")), d), "2026 年 3 月 4 日");
    }

    #[test]
    fn every_language_has_every_key() {
        // Every built-in file reads, and has what the reference has.
        assert_eq!(builtin().len(), crate::theme::I18N.len());
        for (lang, yaml) in crate::theme::I18N {
            if let Err(e) = marked_yaml::from_yaml::<File>(0, yaml) {
                panic!("{lang}.yaml: {e}");
            }
        }
        let reference = builtin_file(REFERENCE).expect("the reference language");
        assert!(reference.len() > 100, "{} keys", reference.len());
        let missing = mismatched_keys(reference, builtin().iter().map(|(l, f)| (*l, f)));
        assert!(
            missing.is_empty(),
            "keys not in every language: {missing:?}"
        );
        for (lang, f) in builtin() {
            for (k, v) in f {
                let empty = match v {
                    Text::Plain(s) => s.is_empty(),
                    Text::Plural(p) => p.other.is_empty() || p.one.as_deref() == Some(""),
                };
                assert!(!empty, "{lang}: {k} is empty");
            }
        }
        // The check itself finds a missing key and a stray one.
        let mut short = reference.clone();
        short.remove("vacant");
        short.insert("vacnat".into(), Text::Plain("x".into()));
        assert_eq!(
            mismatched_keys(reference, [("xx", &short)]),
            [("xx", "vacant"), ("xx", "vacnat")]
        );
    }

    #[test]
    fn keys_are_every_key() {
        let keys: Vec<&str> = keys().collect();
        for k in [
            "vacant",
            "list_sep",
            "colon",
            "d_title",
            "d_total",
            "d_total_one",
            "w_colon",
        ] {
            assert!(keys.contains(&k), "{k}");
        }
        let reference = builtin_file(REFERENCE).expect("the reference language");
        for lang in languages() {
            let t = strings(&cfg(lang));
            assert!(t.keys().all(|k| keys.contains(&k.as_str())), "{lang}");
            assert!(reference.keys().all(|k| t.contains_key(k)), "{lang}");
        }
        // Chinese has one form: no `_one` left over from English.
        assert!(!strings(&cfg("zh-Hant")).contains_key("d_total_one"));
    }

    #[test]
    fn the_languages_are_the_files() {
        assert_eq!(
            languages().collect::<Vec<_>>(),
            crate::content::LANGUAGES.to_vec()
        );
    }

    #[test]
    fn plurals() {
        let en = strings(&cfg("en"));
        assert_eq!(plural(&en, "position_count", 1), "1 position");
        assert_eq!(plural(&en, "position_count", 3), "3 positions");
        let zh = strings(&cfg("zh-Hant"));
        assert_eq!(plural(&zh, "position_count", 1), "1 崗位");
        assert_eq!(plural(&zh, "d_total", 1), "共 1 項變更");
        assert_eq!(plural(&zh, "d_total", 3), "共 3 項變更");
    }

    #[test]
    fn punctuation_follows_the_language() {
        let en = strings(&cfg("en"));
        assert_eq!(format!("Tom{}", paren(&en, "Acting")), "Tom (Acting)");
        let zh = strings(&cfg("zh-Hans"));
        assert_eq!(format!("王{}", paren(&zh, "代理")), "王（代理）");
        assert_eq!(zh["colon"], "：");
        assert_eq!(en["colon"], ": ");
    }

    #[test]
    fn a_site_file_overrides_some_keys_and_its_mistakes_are_reported() {
        let files = vec![(
            "en".to_string(),
            "vacant: Open\nposition_count: { one: \"{n} role\", other: \"{n} roles\" }\nvacnat: x\n"
                .to_string(),
        )];
        let mut d = Diagnostics::new();
        let t = strings_with(&files, &cfg("en"), "en", &mut d);
        assert_eq!(t["vacant"], "Open");
        assert_eq!(plural(&t, "position_count", 1), "1 role");
        assert_eq!(t["pending"], "Pending");
        let shown = format!("{d:?}");
        assert!(
            shown.contains("vacnat") && shown.contains("vacant"),
            "{shown}"
        );
        // site.yaml's strings win over the file.
        let mut c = cfg("en");
        c.strings.insert("vacant".into(), "Free".into());
        assert_eq!(strings_with(&files, &c, "en", &mut d)["vacant"], "Free");
    }

    #[test]
    fn overrides_win() {
        let mut c = cfg("en");
        c.strings.insert("vacant".into(), "Open".into());
        assert_eq!(strings(&c)["vacant"], "Open");
    }

    #[test]
    fn numbers() {
        assert_eq!(number(20.0), "20");
        assert_eq!(number(2.5), "2.5");
    }
}
