//! The order and the index of the people directory, as its readers
//! expect them: English by family name, Chinese by pinyin (zh-Hans) or
//! by stroke count (zh-Hant), with ICU4X's collator and CLDR's data.
//!
//! [`Collator::group`] gives the heading a name is listed under ("M",
//! "W", "8 畫"). ICU4X has no AlphabeticIndex, so the boundaries are found
//! the way ICU4C's AlphabeticIndex finds them (`addChineseIndexCharacters`
//! and `fixLabel` in its alphaindex.cpp): CLDR's Chinese tailorings
//! place a contraction U+FDD0 + label before the first character of each
//! group (U+FDD0 + 'W' before 哇 in pinyin order, U+FDD0 + U+2800 + n
//! before the first character of n strokes in stroke order); a name
//! belongs to the last boundary that sorts at or before it, compared at
//! primary strength. Latin letters are boundaries too (a Latin name in a
//! Chinese directory goes under its letter, as ICU's merged Pinyin and
//! ASCII buckets do), and so is the first Greek letter, where the names
//! of other scripts start ("#"). (CLDR's Chinese collations put Han
//! before Latin, so in a Chinese directory the Latin names come last.)

use std::cmp::Ordering;

use icu_collator::options::{CollatorOptions, Strength};
use icu_collator::{CollatorBorrowed, CollatorPreferences};
use icu_locale_core::Locale;

use crate::diag::Diagnostic;

/// The highest stroke count a zh-Hant group is looked for.
const MAX_STROKES: u32 = 64;
/// The heading of names before "A" (digits, symbols) or of a script with
/// no headings of its own.
pub const OTHER: &str = "#";

/// A collator for one language of the handbook, with its index headings.
pub struct Collator {
    /// Full comparison, for the order of the list.
    full: CollatorBorrowed<'static>,
    /// Primary strength (base letters only), for the groups.
    primary: CollatorBorrowed<'static>,
    /// The group boundaries, ascending, each with its heading.
    bounds: Vec<(String, String)>,
}

impl std::fmt::Debug for Collator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Collator")
            .field("groups", &self.headings())
            .finish()
    }
}

impl Collator {
    /// The collator for a BCP 47 language tag ("en", "zh-Hans", "zh-Hant",
    /// "zh-TW"): CLDR's default collation for the language (pinyin for
    /// Simplified Chinese, stroke for Traditional), root order for a
    /// language CLDR has no tailoring for. A tag that does not parse is an
    /// error located in `site.yaml`, where the languages are set.
    pub fn new(tag: &str) -> Result<Self, Diagnostic> {
        let fail = |what: String| Diagnostic::file_error("site.yaml", what);
        let locale: Locale = tag.parse().map_err(|_| {
            fail(format!(
                "\"{tag}\" is not a language tag: write one such as en, zh-Hans or zh-Hant"
            ))
        })?;
        let make = |strength| {
            let mut options = CollatorOptions::default();
            options.strength = Some(strength);
            CollatorBorrowed::try_new(CollatorPreferences::from(&locale), options)
                .map_err(|e| fail(format!("no collation for \"{tag}\": {e}")))
        };
        let full = make(Strength::Tertiary)?;
        let primary = make(Strength::Primary)?;
        let mut candidates: Vec<(String, String)> = Vec::new();
        for c in 'A'..='Z' {
            candidates.push((c.to_string(), c.to_string()));
            candidates.push((format!("\u{fdd0}{c}"), c.to_string()));
        }
        for n in 1..=MAX_STROKES {
            let mark = char::from_u32(0x2800 + n).unwrap_or('\u{2800}');
            candidates.push((format!("\u{fdd0}{mark}"), format!("{n} 畫")));
        }
        // Where the Latin letters end: Greek, then the other scripts.
        candidates.push(("\u{391}".to_string(), OTHER.to_string()));
        // A contraction the tailoring does not have is a noncharacter and a
        // letter, which sort among the unassigned code points, after every
        // Han character; a real boundary sorts before the last of them.
        let last_han = "\u{3134a}";
        let mut bounds: Vec<(String, String)> = candidates
            .into_iter()
            .filter(|(b, _)| {
                !b.starts_with('\u{fdd0}') || primary.compare(b, last_han) == Ordering::Less
            })
            .collect();
        bounds.sort_by(|a, b| primary.compare(&a.0, &b.0));
        Ok(Collator {
            full,
            primary,
            bounds,
        })
    }

    /// The order of two names (full strength: "de" before "De" before
    /// "dé"), with the code points as the last tiebreak so that the order
    /// is total and a build is reproducible.
    pub fn compare(&self, a: &str, b: &str) -> Ordering {
        self.full.compare(a, b).then_with(|| a.cmp(b))
    }

    /// The collation key of `s`: comparing keys bytewise gives
    /// [`Collator::compare`]'s order (without its code point tiebreak), to
    /// sort many names once each.
    pub fn sort_key(&self, s: &str) -> Vec<u8> {
        let mut key = Vec::new();
        let Ok(()) = self.full.write_sort_key_to(s, &mut key);
        key
    }

    /// The index heading `s` is listed under: its first letter in English
    /// ("Åberg" -> "A"), its pinyin initial in zh-Hans ("王" -> "W"), its
    /// stroke count in zh-Hant ("王" -> "4 畫"); [`OTHER`] for what comes
    /// before the first heading or in a script with none.
    pub fn group(&self, s: &str) -> String {
        let at = self
            .bounds
            .partition_point(|(b, _)| self.primary.compare(b, s) != Ordering::Greater);
        match at.checked_sub(1) {
            Some(i) => self.bounds[i].1.clone(),
            None => OTHER.to_string(),
        }
    }

    /// Every heading this collator can give, in order, each once.
    pub fn headings(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for (_, h) in &self.bounds {
            if !out.contains(&h.as_str()) {
                out.push(h);
            }
        }
        out
    }
}

/// Name particles that belong with the family name ("Ludwig van Beethoven"
/// -> "van Beethoven"), when written in lower case.
const PARTICLES: &[&str] = &[
    "al", "bin", "binti", "da", "das", "de", "del", "della", "der", "di", "do", "dos", "du", "el",
    "la", "le", "st.", "ten", "ter", "van", "von", "zu",
];

/// The family name of an English-style full name ("given family"): its
/// last word, with the lower-case particles before it ("Chloé Dubois" ->
/// "Dubois", "Vincent van Gogh" -> "van Gogh", "Mei Lin" -> "Lin"). A
/// suffix ("Jr.", "III") is not a family name: the word before it is.
/// For a person whose name does not follow that pattern (a Chinese name,
/// "Lin Mei" written family first), the person file's `sort_as` says.
pub fn family_name(full: &str) -> &str {
    let words: Vec<(usize, &str)> = full
        .split_whitespace()
        .map(|w| (w.as_ptr() as usize - full.as_ptr() as usize, w))
        .collect();
    let mut last = words.len();
    while last > 1 && is_name_suffix(words[last - 1].1) {
        last -= 1;
    }
    let Some(&(end_at, end_word)) = words.get(last.wrapping_sub(1)) else {
        return full.trim();
    };
    let mut first = last - 1;
    while first > 1 && PARTICLES.contains(&words[first - 1].1) {
        first -= 1;
    }
    let end = end_at + end_word.len();
    let start = words[first].0;
    full[start..end].trim_end_matches(',')
}

/// A word after a name that is not part of it: "Jr.", "III", "PhD".
pub fn is_name_suffix(word: &str) -> bool {
    let w = word.trim_end_matches(['.', ',']).to_lowercase();
    matches!(
        w.as_str(),
        "jr" | "sr"
            | "ii"
            | "iii"
            | "iv"
            | "phd"
            | "md"
            | "esq"
            | "qc"
            | "kc"
            | "obe"
            | "cbe"
            | "mbe"
            | "kbe"
            | "dbe"
            | "cb"
            | "kcb"
            | "gcb"
            | "frs"
            | "frcp"
            | "fmedsci"
    )
}

/// A title written before a name ("Dr", "Professor Dame", "Sir", "Ms"):
/// not an initial of the person.
pub fn is_honorific(word: &str) -> bool {
    let w = word.trim_end_matches(['.', ',']).to_lowercase();
    matches!(
        w.as_str(),
        "mr" | "mrs"
            | "ms"
            | "miss"
            | "mx"
            | "dr"
            | "prof"
            | "professor"
            | "sir"
            | "dame"
            | "lord"
            | "lady"
            | "rev"
            | "revd"
            | "hon"
            | "rt"
            | "baroness"
            | "baron"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(c: &Collator, names: &[&str]) -> Vec<String> {
        let mut v: Vec<String> = names.iter().map(|s| s.to_string()).collect();
        v.sort_by(|a, b| c.compare(a, b));
        v
    }

    fn groups(c: &Collator, names: &[&str]) -> Vec<String> {
        names.iter().map(|n| c.group(n)).collect()
    }

    #[test]
    fn english_by_family_name() {
        let c = Collator::new("en").unwrap();
        let people = [
            "Chloé Dubois",
            "Arjun Mehta",
            "Mei Lin",
            "Tom Becker",
            "Ölof Åberg",
        ];
        let keys: Vec<&str> = people.iter().map(|p| family_name(p)).collect();
        assert_eq!(keys, ["Dubois", "Mehta", "Lin", "Becker", "Åberg"]);
        assert_eq!(
            sorted(&c, &keys),
            ["Åberg", "Becker", "Dubois", "Lin", "Mehta"]
        );
        assert_eq!(
            groups(&c, &["Åberg", "Becker", "Dubois", "Lin", "Mehta"]),
            ["A", "B", "D", "L", "M"]
        );
        assert_eq!(c.group("Ölof"), "O");
        assert_eq!(c.group("éclair"), "E");
        assert_eq!(c.group("zeta"), "Z");
        assert_eq!(c.group("42 Club"), OTHER);
        assert_eq!(c.group("Σωκράτης"), OTHER);
        // Case and accents come after the base letters.
        assert_eq!(
            sorted(&c, &["dubois", "Dubois", "Dubóis", "Duboit"]),
            ["dubois", "Dubois", "Dubóis", "Duboit"]
        );
        // The sort key gives the same order.
        let mut by_key = keys.clone();
        by_key.sort_by_key(|k| c.sort_key(k));
        assert_eq!(by_key, ["Åberg", "Becker", "Dubois", "Lin", "Mehta"]);
        assert_eq!(c.headings().first(), Some(&"A"));
    }

    #[test]
    fn family_names_with_particles_and_suffixes() {
        assert_eq!(family_name("Vincent van Gogh"), "van Gogh");
        assert_eq!(family_name("Ludwig van der Berg"), "van der Berg");
        assert_eq!(family_name("Martin Luther King Jr."), "King");
        assert_eq!(family_name("Sir Chris Wormald KCB"), "Wormald");
        assert_eq!(family_name("Dame Sally Davies FRS, DBE"), "Davies");
        assert_eq!(family_name("Plato"), "Plato");
        assert_eq!(family_name("  "), "");
        assert_eq!(family_name("Van Morrison"), "Morrison");
    }

    #[test]
    fn simplified_chinese_by_pinyin() {
        let c = Collator::new("zh-Hans").unwrap();
        let names = ["王曦虹", "李四", "陈大文", "张三", "Arjun Mehta"];
        // Pinyin: Arjun, Chen, Li, Wang, Zhang.
        assert_eq!(
            sorted(&c, &names),
            ["陈大文", "李四", "王曦虹", "张三", "Arjun Mehta"]
        );
        assert_eq!(
            groups(&c, &["陈大文", "李四", "王曦虹", "张三", "Mei Lin"]),
            ["C", "L", "W", "Z", "M"]
        );
        // The Traditional forms sort by their pinyin too.
        assert_eq!(groups(&c, &["陳大文", "張三"]), ["C", "Z"]);
        assert_eq!(c.group("阿"), "A");
        assert_eq!(c.group("哈"), "H");
        let h = c.headings();
        assert_eq!(h.first(), Some(&"A"));
        assert!(h.contains(&"W"), "{h:?}");
    }

    #[test]
    fn traditional_chinese_by_stroke_count() {
        let c = Collator::new("zh-Hant").unwrap();
        // Strokes: 王 4, 李 7, 張 11, 陳 11 (陳 after 張 within 11: 弓 before 阜).
        let names = ["王曦虹", "李四", "陳大文", "張三"];
        assert_eq!(sorted(&c, &names), ["王曦虹", "李四", "張三", "陳大文"]);
        assert_eq!(groups(&c, &names), ["4 畫", "7 畫", "11 畫", "11 畫"]);
        assert_eq!(c.group("一"), "1 畫");
        assert_eq!(c.group("三"), "3 畫");
        assert_eq!(c.group("Tom Becker"), "T");
        let h = c.headings();
        let at = |s| h.iter().position(|x| *x == s).unwrap();
        assert!(at("1 畫") < at("2 畫") && at("2 畫") < at("11 畫"), "{h:?}");
        // zh-TW is Traditional Chinese too.
        let tw = Collator::new("zh-TW").unwrap();
        assert_eq!(tw.group("王"), "4 畫");
    }

    #[test]
    fn a_bad_tag_is_an_error_in_site_yaml() {
        let e = Collator::new("not a tag").unwrap_err();
        assert_eq!(e.path, std::path::Path::new("site.yaml"));
        assert_eq!(
            e.message,
            "\"not a tag\" is not a language tag: write one such as en, zh-Hans or zh-Hant"
        );
    }
}
