//! vCard 4.0 (RFC 6350) for the people of a handbook: `people.vcf` and one
//! card per person page, which Outlook, Google Contacts and Apple Contacts
//! import.
//!
//! [`write`] turns [`Card`]s into one vCard stream: CRLF line endings,
//! lines folded at 75 octets (never inside a UTF-8 character), text
//! escaped as RFC 6350 section 3.4 says, the photo inlined as a `data:`
//! URI. The output depends only on the cards, so a build that did not
//! change writes the same bytes.

use std::fmt::Write as _;

use base64::Engine as _;

/// One person as a contact card. Every text is as written in the person's
/// file; [`write`] escapes it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Card<'a> {
    /// `FN`: the name as shown ("王曦虹", "Chloé Dubois").
    pub full_name: &'a str,
    /// `N;SORT-AS=`: how contacts apps sort the person ("Wang Xihong").
    pub sort_as: Option<&'a str>,
    /// The family name of `N`. With neither it nor `given`, `N` holds the
    /// full name as its family name, so that every importer shows a name.
    pub family: Option<&'a str>,
    /// The given name of `N`.
    pub given: Option<&'a str>,
    /// `EMAIL;TYPE=work`.
    pub email: Option<&'a str>,
    /// `TEL;TYPE=work,voice`, as text ("+886 2 1234 5678").
    pub phone: Option<&'a str>,
    /// `TITLE`: one per post the person holds.
    pub title: &'a [&'a str],
    /// The organisation, the first component of `ORG`.
    pub org: &'a str,
    /// The unit, the second component of `ORG`.
    pub unit: Option<&'a str>,
    /// The office or site, as the extended address of a work `ADR`.
    pub location: Option<&'a str>,
    /// `URL`: the person's page.
    pub url: Option<&'a str>,
    /// `NOTE`: a short biography (newlines are kept).
    pub note: Option<&'a str>,
    /// `PHOTO`: the media type and bytes of a thumbnail, inlined.
    pub photo: Option<(&'a str, &'a [u8])>,
    /// `UID`: stable across builds, so a re-import updates the contact
    /// instead of adding a second one (e.g. `urn:uuid:…` or the page URL).
    pub uid: &'a str,
}

/// The cards as one vCard 4.0 stream, in the order given.
pub fn write(cards: &[Card]) -> String {
    // About 300 bytes a card, and a photo's base64 with its folds.
    let photos: usize = cards
        .iter()
        .map(|c| c.photo.map_or(0, |(_, b)| b.len()))
        .sum();
    let mut out = String::with_capacity(cards.len() * 300 + photos * 4 / 3 * 77 / 75);
    for card in cards {
        write_card(&mut out, card);
    }
    out
}

fn write_card(out: &mut String, c: &Card) {
    line(out, "BEGIN:VCARD");
    line(out, "VERSION:4.0");
    line(out, "KIND:individual");
    line(out, &format!("UID:{}", text(c.uid)));
    line(out, &format!("FN:{}", text(c.full_name)));
    let (family, given) = match (c.family, c.given) {
        (None, None) => (Some(c.full_name), None),
        other => other,
    };
    let mut n = String::from("N");
    if let Some(sort) = c.sort_as.filter(|s| !s.trim().is_empty()) {
        let _ = write!(n, ";SORT-AS={}", param(sort));
    }
    let _ = write!(
        n,
        ":{};{};;;",
        component(family.unwrap_or("")),
        component(given.unwrap_or(""))
    );
    line(out, &n);
    for t in c.title {
        line(out, &format!("TITLE:{}", text(t)));
    }
    if !c.org.is_empty() || c.unit.is_some() {
        let mut org = format!("ORG:{}", component(c.org));
        if let Some(u) = c.unit {
            let _ = write!(org, ";{}", component(u));
        }
        line(out, &org);
    }
    if let Some(e) = c.email {
        line(out, &format!("EMAIL;TYPE=work:{}", text(e)));
    }
    if let Some(p) = c.phone {
        line(out, &format!("TEL;TYPE=work,voice:{}", text(p)));
    }
    if let Some(l) = c.location {
        line(
            out,
            &format!("ADR;TYPE=work;LABEL={}:;{};;;;;", param(l), component(l)),
        );
    }
    if let Some(u) = c.url {
        line(out, &format!("URL:{}", uri(u)));
    }
    if let Some(n) = c.note {
        line(out, &format!("NOTE:{}", text(n)));
    }
    if let Some((mime, bytes)) = c.photo {
        let b64 = base64::engine::general_purpose::STANDARD.encode(bytes);
        line(out, &format!("PHOTO:data:{mime};base64,{b64}"));
    }
    line(out, "END:VCARD");
}

/// A text value escaped as RFC 6350 section 3.4 says: backslash, comma
/// and newline (a CR or CRLF is one newline). A semicolon stays as it is:
/// the grammar of a single text value has no `\;`.
fn text(s: &str) -> String {
    escape(s, false)
}

/// A component of a compound value (`N`, `ORG`, `ADR`): also the semicolon
/// that would end the component.
fn component(s: &str) -> String {
    escape(s, true)
}

fn escape(s: &str, compound: bool) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ',' => out.push_str("\\,"),
            ';' if compound => out.push_str("\\;"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            // Other controls have no place in a content line.
            c if c.is_control() && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

/// A URL as a URI: RFC 3986 allows only ASCII, so a page path in Chinese
/// is percent-encoded (importers and the parsers behind them refuse the
/// raw characters); what is already encoded stays as it is.
fn uri(s: &str) -> String {
    use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};
    const NOT_IN_URI: &AsciiSet = &CONTROLS
        .add(b' ')
        .add(b'"')
        .add(b'<')
        .add(b'>')
        .add(b'\\')
        .add(b'^')
        .add(b'`')
        .add(b'{')
        .add(b'|')
        .add(b'}');
    utf8_percent_encode(s, NOT_IN_URI).to_string()
}

/// A parameter value, quoted, with the characters a quoted value cannot
/// hold written as RFC 6868 says (`^^`, `^'`, `^n`).
fn param(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '^' => out.push_str("^^"),
            '"' => out.push_str("^'"),
            '\n' => out.push_str("^n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Appends `content` as one content line, folded (RFC 6350 section 3.2):
/// no line longer than 75 octets, each continuation starting with a
/// space, breaks only between UTF-8 characters.
fn line(out: &mut String, content: &str) {
    const MAX: usize = 75;
    if content.is_ascii() {
        // A photo's base64 line: folded by bytes, which are characters here.
        let (first, mut rest) = content.split_at(content.len().min(MAX));
        out.push_str(first);
        while !rest.is_empty() {
            let (piece, tail) = rest.split_at(rest.len().min(MAX - 1));
            out.push_str("\r\n ");
            out.push_str(piece);
            rest = tail;
        }
        out.push_str("\r\n");
        return;
    }
    let mut width = 0;
    for c in content.chars() {
        let len = c.len_utf8();
        if width + len > MAX {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    const PHOTO: &[u8] = b"\xff\xd8\xff\xe0 not really a JPEG, but bytes all the same \x00\x01\x02";

    fn cards() -> Vec<Card<'static>> {
        vec![
            Card {
                full_name: "王曦虹",
                sort_as: Some("Wang Xihong"),
                family: Some("王"),
                given: Some("曦虹"),
                email: Some("xihong.wang@example.com"),
                phone: Some("+886 2 1234 5678"),
                title: &["財富管理部經理", "代理營銷部經理"],
                org: "示例銀行",
                unit: Some("財富管理部"),
                location: Some("台北總部"),
                url: Some("https://handbook.example.com/people/王曦虹.html"),
                note: Some(
                    "在本行服務十二年，先後負責零售、財富管理與數位通路。A long biography, \
                     long enough to be folded more than once, with a comma, and a second line:\n\
                     she/her.",
                ),
                photo: Some(("image/jpeg", PHOTO)),
                uid: "urn:uuid:6f0f1b36-0a8e-4d7e-9f3c-0d9a1b2c3d4e",
            },
            Card {
                full_name: "Dubois, Chloé",
                sort_as: None,
                family: None,
                given: None,
                email: None,
                phone: None,
                title: &["Head of Risk"],
                org: "Example Bank",
                unit: None,
                location: None,
                url: None,
                note: None,
                photo: None,
                uid: "people/chloe-dubois",
            },
        ]
    }

    #[test]
    fn ascii_lines_fold_as_any_other_line() {
        for n in [0, 1, 74, 75, 76, 149, 150, 300] {
            let ascii: String = (0..n).map(|i| (b'a' + (i % 26) as u8) as char).collect();
            let mut fast = String::new();
            line(&mut fast, &ascii);
            // The same text with one character of two bytes at its end takes
            // the general path; without that character the two agree.
            let mut slow = String::new();
            line(&mut slow, &format!("{ascii}é"));
            let slow = slow.trim_end_matches("\r\n").trim_end_matches('é');
            let slow = slow.trim_end_matches("\r\n ");
            assert_eq!(fast, format!("{slow}\r\n"), "{n} characters");
        }
    }

    #[test]
    fn lines_are_crlf_folded_at_75_octets_on_character_boundaries() {
        let out = write(&cards());
        assert!(out.ends_with("END:VCARD\r\n"));
        assert!(!out.replace("\r\n", "").contains('\n'));
        let lines: Vec<&str> = out.split("\r\n").collect();
        assert!(lines.iter().all(|l| l.len() <= 75), "{lines:#?}");
        // The note and the photo are folded; continuations start with a space.
        assert!(lines.iter().filter(|l| l.starts_with(' ')).count() >= 3);
        // Unfolding gives back the one line.
        let unfolded = out.replace("\r\n ", "");
        assert!(unfolded.contains("\r\nNOTE:在本行服務十二年，先後負責零售、財富管理與數位通路。A long biography\\, long enough"));
        assert!(unfolded.contains(":she/her.\r\n") || unfolded.contains("\\nshe/her.\r\n"));
    }

    #[test]
    fn escaping_follows_rfc_6350() {
        assert_eq!(text("a,b;c\\d\r\ne\nf"), "a\\,b;c\\\\d\\ne\\nf");
        assert_eq!(component("a,b;c"), "a\\,b\\;c");
        assert_eq!(
            uri("https://x.test/people/王 a.html"),
            "https://x.test/people/%E7%8E%8B%20a.html"
        );
        assert_eq!(param("say \"hi\"^\n"), "\"say ^'hi^'^^^n\"");
        let out = write(&cards()[1..]);
        assert!(out.contains("\r\nFN:Dubois\\, Chloé\r\n"));
        // No family or given name known: the full name stands in N.
        assert!(out.contains("\r\nN:Dubois\\, Chloé;;;;\r\n"));
    }

    #[test]
    fn a_real_parser_reads_every_field_back() {
        let out = write(&cards());
        let parsed = vcard4::parse(&out).unwrap();
        assert_eq!(parsed.len(), 2);
        let c = &parsed[0];
        assert_eq!(c.formatted_name[0].value, "王曦虹");
        let n = c.name.as_ref().unwrap();
        assert_eq!(n.value, ["王", "曦虹", "", "", ""]);
        let sort = n.parameters.as_ref().unwrap().sort_as.as_ref().unwrap();
        assert_eq!(sort, &["Wang Xihong"]);
        assert_eq!(c.email[0].value, "xihong.wang@example.com");
        match &c.tel[0] {
            vcard4::property::TextOrUriProperty::Text(t) => assert_eq!(t.value, "+886 2 1234 5678"),
            other => panic!("{other:?}"),
        }
        let titles: Vec<&str> = c.title.iter().map(|t| t.value.as_str()).collect();
        assert_eq!(titles, ["財富管理部經理", "代理營銷部經理"]);
        assert_eq!(c.org[0].value, ["示例銀行", "財富管理部"]);
        let adr = &c.address[0];
        assert_eq!(adr.value.extended_address.as_deref(), Some("台北總部"));
        assert_eq!(
            adr.parameters.as_ref().unwrap().label.as_deref(),
            Some("台北總部")
        );
        // The parser keeps a URL as a URI, percent-encoding what needs it.
        let url = c.url[0].value.to_string();
        let url = percent_encoding::percent_decode_str(&url)
            .decode_utf8()
            .unwrap();
        assert_eq!(url, cards()[0].url.unwrap());
        assert_eq!(c.note[0].value, cards()[0].note.unwrap());
        let photo = match &c.photo[0] {
            vcard4::property::TextOrUriProperty::Uri(u) => u.value.to_string(),
            vcard4::property::TextOrUriProperty::Text(t) => t.value.clone(),
        };
        let b64 = photo.strip_prefix("data:image/jpeg;base64,").unwrap();
        assert_eq!(
            base64::engine::general_purpose::STANDARD
                .decode(b64)
                .unwrap(),
            PHOTO
        );
        match c.uid.as_ref().unwrap() {
            vcard4::property::TextOrUriProperty::Uri(u) => {
                assert_eq!(u.value.to_string(), cards()[0].uid)
            }
            vcard4::property::TextOrUriProperty::Text(t) => assert_eq!(t.value, cards()[0].uid),
        }
        let d = &parsed[1];
        assert_eq!(d.formatted_name[0].value, "Dubois, Chloé");
        assert_eq!(d.name.as_ref().unwrap().value[0], "Dubois, Chloé");
        assert_eq!(d.title[0].value, "Head of Risk");
        assert_eq!(d.org[0].value, ["Example Bank"]);
        assert!(d.email.is_empty() && d.tel.is_empty() && d.photo.is_empty());
    }
}
