//! Editing a document's front matter by span: the top-level fields an
//! import owns are replaced, added or removed line by line; every other
//! byte (the body, comments, fields written by hand, their order and
//! quoting, the line endings) stays as it was.
//!
//! Why by span and not a lossless YAML tree (`yaml-edit`): the fields
//! import owns are always top-level keys whose values import itself
//! writes, so finding them needs only the line structure of a block
//! mapping, which the loader (src/front.rs) already requires; a CST crate
//! would add a parser of its own to agree with marked-yaml's, for edits
//! this small. A field written by hand in flow style on several lines is
//! still found: its block runs to the next line at column 0.

/// One owned field: its key and its new text (the whole `key: value`
/// lines, without a final newline), or none to remove it.
pub type Field<'a> = (&'a str, Option<String>);

/// The key of a top-level `key: value` line, if it is one.
fn key_of(line: &str) -> Option<&str> {
    let first = line.chars().next()?;
    if matches!(first, ' ' | '\t' | '#' | '-' | '\r' | '\n') {
        return None;
    }
    let (k, rest) = if let Some(q) = line.strip_prefix('"') {
        let end = q.find('"')?;
        (&q[..end], &q[end + 1..])
    } else {
        let end = line.find(':')?;
        (line[..end].trim_end(), &line[end..])
    };
    let rest = rest.trim_start_matches(' ');
    rest.starts_with(':').then_some(k)
}

/// A line continues the block above it: indented, or a `- ` item at
/// column 0 under its key.
fn continues(line: &str) -> bool {
    line.starts_with(' ')
        || line.starts_with('\t')
        || line.starts_with("- ")
        || line.trim_end() == "-"
}

/// Splits a one-line `key: value  # comment` into the part before the
/// comment and the comment (with the spaces before it).
fn split_comment(line: &str) -> (&str, &str) {
    let mut quote: Option<char> = None;
    let mut prev = ' ';
    for (i, c) in line.char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if (c == '"' || c == '\'')
                && (prev == ' ' || prev == ':' || prev == '[' || prev == ',') =>
            {
                quote = Some(c)
            }
            None if c == '#' && (prev == ' ' || prev == '\t') => {
                let start = line[..i].trim_end().len();
                return (&line[..start], &line[start..]);
            }
            None => {}
        }
        prev = c;
    }
    (line, "")
}

/// The byte range of the front matter's lines (after the opening `---`
/// line, before the closing one), if the text has front matter.
fn front_range(text: &str) -> Option<(usize, usize)> {
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    let bom = text.len() - body.len();
    let first = body.split_inclusive('\n').next()?;
    if first.trim_end() != "---" {
        return None;
    }
    let start = bom + first.len();
    let mut pos = start;
    for line in text[start..].split_inclusive('\n') {
        let t = line.trim_end();
        if t == "---" || t == "..." {
            return Some((start, pos));
        }
        pos += line.len();
    }
    None
}

/// Applies `fields` to the front matter of `text`. A document without
/// front matter gets one.
pub fn edit(text: &str, fields: &[Field]) -> String {
    let nl = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let Some((start, end)) = front_range(text) else {
        let mut out = format!("---{nl}");
        for (_, v) in fields {
            if let Some(v) = v {
                out.push_str(&v.replace('\n', nl));
                out.push_str(nl);
            }
        }
        out.push_str("---");
        out.push_str(nl);
        out.push_str(text);
        return out;
    };
    let lines: Vec<&str> = text[start..end].split_inclusive('\n').collect();
    // Each top-level key's block: (key, first line, one past its last).
    let mut blocks: Vec<(&str, usize, usize)> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if let Some(k) = key_of(lines[i]) {
            let mut j = i + 1;
            while j < lines.len() && continues(lines[j]) {
                j += 1;
            }
            blocks.push((k, i, j));
            i = j;
        } else {
            i += 1;
        }
    }
    // What replaces each line range, and what goes at the end.
    let mut replace: Vec<(usize, usize, Option<String>)> = Vec::new();
    let mut append = String::new();
    for (key, new) in fields {
        match (blocks.iter().find(|b| b.0 == *key), new) {
            (Some(&(_, a, b)), Some(new)) => {
                let old: String = lines[a..b].concat();
                let old_trim = old.trim_end();
                let (old_value, comment) = if b - a == 1 {
                    split_comment(old_trim)
                } else {
                    (old_trim, "")
                };
                let same = old_value.replace("\r\n", "\n") == *new;
                if !same {
                    let keep_comment = if new.contains('\n') { "" } else { comment };
                    let ending = if old.ends_with('\n') { nl } else { "" };
                    replace.push((
                        a,
                        b,
                        Some(format!("{}{keep_comment}{ending}", new.replace('\n', nl))),
                    ));
                }
            }
            (Some(&(_, a, b)), None) => replace.push((a, b, None)),
            (None, Some(new)) => {
                append.push_str(&new.replace('\n', nl));
                append.push_str(nl);
            }
            (None, None) => {}
        }
    }
    if replace.is_empty() && append.is_empty() {
        return text.to_string();
    }
    replace.sort_by_key(|r| r.0);
    let mut out = String::with_capacity(text.len() + append.len() + 64);
    out.push_str(&text[..start]);
    let mut i = 0;
    for (a, b, with) in replace {
        out.push_str(&lines[i..a].concat());
        if let Some(w) = with {
            out.push_str(&w);
        }
        i = b;
    }
    out.push_str(&lines[i..].concat());
    // The last line may lack its newline only at the end of the file,
    // which front matter never is.
    out.push_str(&append);
    out.push_str(&text[end..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn owned_fields_change_and_the_rest_stays() {
        let doc = "---\ntitle: Clerk   # from HR\n# a note\nscope: \"files\"\nreports_to: '7'\nholders:\n  - { person: \"1\" }\n---\nBody # not a comment\n";
        let out = edit(
            doc,
            &[
                ("title", Some("title: Senior Clerk".into())),
                ("reports_to", Some("reports_to: \"8\"".into())),
                ("holders", None),
                ("level", Some("level: L2".into())),
            ],
        );
        assert_eq!(
            out,
            "---\ntitle: Senior Clerk   # from HR\n# a note\nscope: \"files\"\nreports_to: \"8\"\nlevel: L2\n---\nBody # not a comment\n"
        );
        // Nothing changed: the very same text.
        let same = edit(&out, &[("title", Some("title: Senior Clerk".into()))]);
        assert_eq!(same, out);
    }

    #[test]
    fn crlf_is_kept() {
        let doc = "---\r\ntitle: A\r\n---\r\nx\r\n";
        assert_eq!(
            edit(doc, &[("title", Some("title: B".into()))]),
            "---\r\ntitle: B\r\n---\r\nx\r\n"
        );
    }
}
