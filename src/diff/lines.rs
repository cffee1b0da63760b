//! The lines a text edit added and removed, for "Accountant: Duties
//! edited" to show what the edit was: a diff (`similar`'s Myers, linear
//! in the text for a small edit) of the non-blank lines of the two
//! Markdown bodies, in the newer text's order.

use serde::Serialize;

/// At most this many changed lines are kept for one position; the rest is
/// counted in [`DutyLines::more`].
pub const SHOWN_UP_TO: usize = 40;

/// One added or removed line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Line {
    pub added: bool,
    pub text: String,
}

/// The changed lines of one text, and how many were left out.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DutyLines {
    pub lines: Vec<Line>,
    pub more: usize,
}

/// The lines of `old` not in `new` (removed) and of `new` not in `old`
/// (added), blank lines and surrounding spaces ignored, a removed line
/// before the line added in its place.
pub fn changed(old: &str, new: &str) -> DutyLines {
    let a: Vec<&str> = old
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let b: Vec<&str> = new
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let mut all = ordered(&a, &b);
    let more = all.len().saturating_sub(SHOWN_UP_TO);
    all.truncate(SHOWN_UP_TO);
    DutyLines { lines: all, more }
}

/// A changed line as shown: without its list bullet, which the sign
/// takes the place of ("- Checks the invoices." shows as "Checks the
/// invoices." after its + or -).
fn line(added: bool, text: &str) -> Line {
    let shown = ["- ", "* ", "+ "]
        .iter()
        .find_map(|b| text.strip_prefix(b))
        .unwrap_or(text);
    Line {
        added,
        text: shown.trim_start().to_string(),
    }
}

/// The removed and added lines along the shortest edit script, a removed
/// line before the one added in its place.
fn ordered(a: &[&str], b: &[&str]) -> Vec<Line> {
    use similar::{capture_diff_slices, Algorithm, ChangeTag};
    capture_diff_slices(Algorithm::Myers, a, b)
        .iter()
        .flat_map(|op| op.iter_changes(a, b))
        .filter_map(|c| match c.tag() {
            ChangeTag::Equal => None,
            ChangeTag::Delete => Some(line(false, c.value())),
            ChangeTag::Insert => Some(line(true, c.value())),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(d: &DutyLines) -> Vec<String> {
        d.lines
            .iter()
            .map(|l| format!("{}{}", if l.added { '+' } else { '-' }, l.text))
            .collect()
    }

    #[test]
    fn an_edited_line_is_removed_then_added_in_place() {
        let old = "## Duties\n\n- Checks the invoices.\n- Files the receipts.\n";
        let new = "## Duties\n\n- Checks the invoices and the credit notes.\n- Files the receipts.\n\n- Closes the ledger.\n";
        assert_eq!(
            shown(&changed(old, new)),
            [
                "-Checks the invoices.",
                "+Checks the invoices and the credit notes.",
                "+Closes the ledger.",
            ]
        );
    }

    #[test]
    fn blank_lines_and_indentation_are_not_changes() {
        assert!(changed("- A\n\n- B\n", "  - A\n- B\n\n\n").lines.is_empty());
    }

    #[test]
    fn long_texts_are_cut_with_a_count() {
        let old: String = (0..3000).map(|i| format!("line {i}\n")).collect();
        let new: String = (0..3000).map(|i| format!("line {}\n", i + 50)).collect();
        let d = changed(&old, &new);
        // 50 removed at the start, 50 added at the end: 100 in all.
        assert_eq!(d.lines.len() + d.more, 100);
        assert_eq!(d.lines.len(), SHOWN_UP_TO);
        assert_eq!(d.lines[0], line(false, "line 0"));
    }
}
