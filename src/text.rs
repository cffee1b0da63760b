//! Text, below every other module: how wide a string is (measured per
//! character class, as no font is at hand at build time), wrapping and
//! shortening to a width, and escaping for XML attributes, text, URL path
//! segments and terminals. It knows nothing of sites, charts or pages, so
//! that every module may use it.

use std::borrow::Cow;

use percent_encoding::{utf8_percent_encode, AsciiSet};

/// Width of a text in em: CJK and full-width characters are about one em,
/// Latin about half (capitals and wide letters a little more, thin ones less).
pub fn text_width_em(s: &str) -> f64 {
    s.chars().map(char_width_em).sum()
}

/// Width of one character in em.
pub fn char_width_em(c: char) -> f64 {
    let u = c as u32;
    if u < 0x80 {
        return if c.is_ascii_uppercase() || matches!(c, 'm' | 'w' | '@' | '%') {
            0.68
        } else if matches!(
            c,
            'i' | 'l' | 'j' | '.' | ',' | ':' | ';' | '\'' | '|' | '!' | ' '
        ) {
            0.3
        } else {
            0.56
        };
    }
    let wide = matches!(u,
        0x1100..=0x115F | 0x2500..=0x257F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6 | 0x1F300..=0x1F64F | 0x1F900..=0x1F9FF | 0x20000..=0x3FFFD);
    if wide {
        1.0
    } else if matches!(u, 0x0300..=0x036F | 0x200B..=0x200F | 0xFE00..=0xFE0F) {
        // Combining marks, zero-width spaces and variation selectors.
        0.0
    } else {
        0.6
    }
}

/// Splits `s` into at most `max_lines` lines no wider than `max_em`, at
/// the break opportunities of the Unicode line-breaking algorithm (UAX #14,
/// `unicode-linebreak`): Latin text between words (and after a `/` or a
/// hyphen), CJK text between any two characters. A word longer than a line
/// keeps its line to itself, cut with `…` only past half a line more; what
/// does not fit in `max_lines` lines ends in `…`.
pub fn wrap(s: &str, max_em: f64, max_lines: usize) -> Vec<String> {
    let s = s.trim();
    let opps: Vec<usize> = unicode_linebreak::linebreaks(s).map(|(i, _)| i).collect();
    let mut lines: Vec<String> = Vec::new();
    let mut start = 0;
    while start < s.len() {
        if lines.len() + 1 == max_lines.max(1) {
            lines.push(shorten(&s[start..], max_em));
            break;
        }
        let end = line_end(s, start, &opps, max_em);
        let line = s[start..end].trim_end();
        lines.push(if text_width_em(line) > max_em * 1.5 {
            shorten(line, max_em * 1.5)
        } else {
            line.to_string()
        });
        start = end + (s[end..].len() - s[end..].trim_start().len());
    }
    lines
}

/// Where the line from `start` ends: the last break opportunity (`opps`,
/// ascending byte offsets where a line may start) before the text passes
/// `max_em`, spaces at the end not counted; the end of the first word
/// when even that does not fit.
fn line_end(s: &str, start: usize, opps: &[usize], max_em: f64) -> usize {
    let mut j = opps.partition_point(|&o| o <= start);
    let mut best = None;
    let mut w = 0.0;
    for (i, c) in s[start..].char_indices() {
        let at = start + i;
        while j < opps.len() && opps[j] <= at {
            best = Some(opps[j]);
            j += 1;
        }
        let cw = char_width_em(c);
        if !c.is_whitespace() && w + cw > max_em && at > start {
            return best.unwrap_or_else(|| opps.get(j).copied().unwrap_or(s.len()));
        }
        w += cw;
    }
    s.len()
}

/// `s` cut to fit `max_em`, ending in `…` when cut.
pub fn shorten(s: &str, max_em: f64) -> String {
    if text_width_em(s) <= max_em {
        return s.to_string();
    }
    let budget = max_em - char_width_em('…');
    let mut w = 0.0;
    let mut end = 0;
    for (i, c) in s.char_indices() {
        let cw = char_width_em(c);
        if w + cw > budget {
            break;
        }
        w += cw;
        end = i + c.len_utf8();
    }
    format!("{}…", s[..end].trim_end())
}

/// Escapes text for XML (and HTML) content and attributes.
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    escape_into(&mut out, s);
    out
}

/// [`xml_escape`] appending to `out`. Control characters, which XML 1.0
/// cannot carry, are dropped.
pub fn escape_into(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && c != '\n' && c != '\t' => {}
            '\u{FFFE}' | '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
}

/// The characters a URL path segment may not carry raw, so that ids with
/// spaces, `#` or `%` still link to their file (and `"`, `<`, `>`, which
/// an attribute or a browser's address bar would mangle). Nothing else is
/// encoded, so that links stay as readable as the ids.
const SEGMENT: &AsciiSet = &AsciiSet::EMPTY
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?');

/// Percent-encodes [`SEGMENT`] in a URL path segment; characters beyond
/// ASCII stay as they are (`positions/財務%20主管.html`).
pub fn url_segment(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    // The crate encodes every byte beyond ASCII: give it the ASCII runs only.
    while !rest.is_empty() {
        let ascii = rest.find(|c: char| !c.is_ascii()).unwrap_or(rest.len());
        out.extend(utf8_percent_encode(&rest[..ascii], SEGMENT));
        let other = rest[ascii..]
            .find(|c: char| c.is_ascii())
            .map_or(rest.len(), |n| ascii + n);
        out.push_str(&rest[ascii..other]);
        rest = &rest[other..];
    }
    out
}

/// How a character that a terminal would act on is shown instead: ESC,
/// BEL, CR, backspace and every other C0 or C1 control, DEL, and the
/// Unicode controls that reorder text (bidi overrides and isolates) come out
/// as `\u{1b}`; tab and newline are text. `None` for a character shown as
/// it is.
pub fn control_escape(c: char) -> Option<String> {
    let reorders =
        matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
    ((c.is_control() && c != '\n' && c != '\t') || reorders)
        .then(|| format!("\\u{{{:x}}}", u32::from(c)))
}

/// `s` with every character [`control_escape`] names escaped, so that a
/// document's value or a file name cannot move the cursor, recolour or
/// retitle the terminal it is printed to. Everything printed from a site's
/// files goes through this at the printing boundary.
pub fn escape_controls(s: &str) -> Cow<'_, str> {
    if !s.chars().any(|c| control_escape(c).is_some()) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match control_escape(c) {
            Some(e) => out.push_str(&e),
            None => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// `#rgb` or `#rrggbb`: the only colours that reach the SVG.
pub fn is_color(s: &str) -> bool {
    s.strip_prefix('#')
        .is_some_and(|h| (h.len() == 3 || h.len() == 6) && h.chars().all(|c| c.is_ascii_hexdigit()))
}

/// The longest id, in bytes (UTF-8): room for `.html`, `.ics` and the
/// build's temporary names within a file system's 255.
pub const MAX_ID_BYTES: usize = 200;

/// Why an id cannot name an output file, if it cannot.
pub fn bad_file_name(id: &str) -> Option<&'static str> {
    const RESERVED: [&str; 22] = [
        "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8",
        "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
    ];
    if id.trim().is_empty() {
        Some("it is empty")
    } else if id.len() > MAX_ID_BYTES {
        Some("it is longer than 200 bytes, and file systems allow 255 for a whole file name")
    } else if id == "." || id == ".." {
        Some("`.` and `..` are not file names")
    } else if id.contains(['/', '\\']) {
        Some("it contains a path separator")
    } else if id.chars().any(|c| c.is_control()) {
        Some("it contains a control character")
    } else if id.contains([':', '*', '?', '"', '<', '>', '|']) {
        Some("it contains a character Windows does not allow in file names (: * ? \" < > |)")
    } else if id.ends_with(['.', ' ']) || id.starts_with(' ') {
        Some("it starts with a space or ends with a dot or space")
    } else if RESERVED.contains(
        &id.split('.')
            .next()
            .unwrap_or(id)
            .to_ascii_uppercase()
            .as_str(),
    ) {
        Some("it is a name Windows reserves for devices")
    } else {
        None
    }
}

/// `name@host.tld`, with no spaces and one `@`.
pub fn is_email(s: &str) -> bool {
    let Some((local, host)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && host.contains('.')
        && !host.starts_with('.')
        && !host.ends_with('.')
        && !s
            .chars()
            .any(|c| c.is_whitespace() || c == '<' || c == '>' || c == '"')
        && !host.contains('@')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_by_character_class() {
        assert_eq!(text_width_em("營銷總監"), 4.0);
        assert!((text_width_em("abc") - 1.68).abs() < 1e-9);
        assert!(text_width_em("Sales") < text_width_em("銷售部門"));
        assert_eq!(text_width_em("ＡＢ"), 2.0, "full-width Latin is wide");
    }

    #[test]
    fn wrapping_breaks_cjk_anywhere_and_latin_at_spaces() {
        assert_eq!(
            wrap("營銷中心華南區域銷售總監", 6.0, 2),
            ["營銷中心華南", "區域銷售總監"]
        );
        assert_eq!(
            wrap("Head of Customer Service", 8.0, 3),
            ["Head of", "Customer", "Service"]
        );
        let two = wrap("一二三四五六七八九十一二三四五", 6.0, 2);
        assert_eq!(two, ["一二三四五六", "七八九十一…"]);
        assert!(wrap("", 5.0, 2).is_empty());
        // Never inside a Latin word: after a slash, or the word whole.
        assert_eq!(
            wrap("Storekeeping/Warehouse Ops", 10.0, 3),
            ["Storekeeping/", "Warehouse Ops"]
        );
        assert_eq!(
            wrap("Internationalisation", 8.0, 2),
            ["Internationalisation"]
        );
        // Only past the last line: `…`.
        assert_eq!(
            wrap("Regional Storekeeping Warehouse Operations", 10.0, 2),
            ["Regional", "Storekeeping Ware…"]
        );
        // Mixed: CJK between characters, Latin words whole.
        assert_eq!(
            wrap("華南區 Sales 總監", 4.0, 3),
            ["華南區", "Sales 總", "監"]
        );
        assert_eq!(wrap("短", 5.0, 2), ["短"]);
    }

    #[test]
    fn shortening_keeps_what_fits() {
        assert_eq!(shorten("王曦虹", 5.0), "王曦虹");
        assert_eq!(shorten("王曦虹、劉蒂芳、吳錫陽", 5.0), "王曦虹、…");
    }

    #[test]
    fn escaping() {
        assert_eq!(
            xml_escape("<a href=\"x\">&'\u{7}"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
        assert_eq!(url_segment("a b#c?d%"), "a%20b%23c%3Fd%25");
        assert_eq!(
            url_segment("財務 主管\"<x>/&é\u{7}"),
            "財務%20主管%22%3Cx%3E/&é\u{7}"
        );
        assert_eq!(escape_controls("工作\t內容\n"), "工作\t內容\n");
        assert_eq!(escape_controls("a\x1b[2J\u{202e}"), "a\\u{1b}[2J\\u{202e}");
    }
}
