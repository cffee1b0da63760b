//! The lines a text edit added and removed, for "Accountant: Duties
//! edited" to show what the edit was: a longest-common-subsequence diff of
//! the non-blank lines of the two Markdown bodies, in the newer text's
//! order.

use serde::Serialize;

/// Above this many lines on a side, the lines are matched as sets, not in
/// order (the table of a common subsequence grows as the product).
const ORDERED_UP_TO: usize = 2_000;

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
    let mut all = if a.len() <= ORDERED_UP_TO && b.len() <= ORDERED_UP_TO {
        ordered(&a, &b)
    } else {
        as_sets(&a, &b)
    };
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

/// A diff along a longest common subsequence.
fn ordered(a: &[&str], b: &[&str]) -> Vec<Line> {
    let (n, m) = (a.len(), b.len());
    // lcs[i][j]: the longest common subsequence of a[i..] and b[j..].
    let mut lcs = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::new();
    while i < n || j < m {
        if i < n && j < m && a[i] == b[j] {
            i += 1;
            j += 1;
        } else if j == m || (i < n && lcs[i + 1][j] >= lcs[i][j + 1]) {
            out.push(line(false, a[i]));
            i += 1;
        } else {
            out.push(line(true, b[j]));
            j += 1;
        }
    }
    out
}

/// Removed: lines of `a` that `b` does not have as often; added: the
/// other way round.
fn as_sets(a: &[&str], b: &[&str]) -> Vec<Line> {
    use std::collections::HashMap;
    let count = |xs: &[&str]| {
        let mut m: HashMap<String, usize> = HashMap::new();
        for x in xs {
            *m.entry((*x).to_string()).or_default() += 1;
        }
        m
    };
    let (mut in_b, mut in_a) = (count(b), count(a));
    let mut out = Vec::new();
    for x in a {
        match in_b.get_mut(*x) {
            Some(k) if *k > 0 => *k -= 1,
            _ => out.push(line(false, x)),
        }
    }
    for x in b {
        match in_a.get_mut(*x) {
            Some(k) if *k > 0 => *k -= 1,
            _ => out.push(line(true, x)),
        }
    }
    out
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
    fn long_texts_are_matched_as_sets_and_cut_with_a_count() {
        let old: String = (0..3000).map(|i| format!("line {i}\n")).collect();
        let new: String = (0..3000).map(|i| format!("line {}\n", i + 50)).collect();
        let d = changed(&old, &new);
        // 50 removed at the start, 50 added at the end: 100 in all.
        assert_eq!(d.lines.len() + d.more, 100);
        assert_eq!(d.lines.len(), SHOWN_UP_TO);
        assert_eq!(d.lines[0], line(false, "line 0"));
    }
}
