//! A problem found in an import's inputs, located the way its source is
//! read: `FILE:ROW:COLUMN` for a delimited file or a JSON/YAML record,
//! `FILE[Sheet]!C12` for a workbook cell. Collected, never thrown.

use std::fmt;

/// Where in an input a value came from.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct At {
    /// The input as the user named it (a file, or a file in a folder).
    pub file: String,
    /// The sheet, for a workbook.
    pub sheet: Option<String>,
    /// 1-based row (a line for delimited text, a record for JSON/YAML, a
    /// row of the sheet for a workbook); 0 for the file as a whole.
    pub row: usize,
    /// 1-based column number; 0 for the row as a whole.
    pub column: usize,
    /// The column's name, shown instead of its number for JSON and YAML
    /// records, where columns have no position.
    pub key: Option<String>,
}

impl At {
    pub fn file(file: &str) -> At {
        At {
            file: file.to_string(),
            ..At::default()
        }
    }

    /// The same row, another column.
    pub fn col(&self, column: usize, key: Option<&str>) -> At {
        At {
            column,
            key: key.map(str::to_string),
            ..self.clone()
        }
    }
}

/// Spreadsheet column letters: 1 -> A, 27 -> AA.
pub fn letters(mut n: usize) -> String {
    let mut s = Vec::new();
    while n > 0 {
        let r = (n - 1) % 26;
        s.push(b'A' + r as u8);
        n = (n - 1) / 26;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

impl fmt::Display for At {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let file = crate::text::escape_controls(&self.file);
        if let Some(sheet) = &self.sheet {
            let sheet = crate::text::escape_controls(sheet);
            return match (self.row, self.column) {
                (0, _) => write!(f, "{file}[{sheet}]"),
                (r, 0) => write!(f, "{file}[{sheet}]!{r}"),
                (r, c) => write!(f, "{file}[{sheet}]!{}{r}", letters(c)),
            };
        }
        match (self.row, self.column, &self.key) {
            (0, _, _) => write!(f, "{file}"),
            (r, _, Some(k)) => write!(f, "{file}:{r}:{}", crate::text::escape_controls(k)),
            (r, 0, None) => write!(f, "{file}:{r}"),
            (r, c, None) => write!(f, "{file}:{r}:{c}"),
        }
    }
}

/// One problem: an error stops the import before anything is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub at: At,
    pub message: String,
    pub warning: bool,
}

impl Problem {
    pub fn error(at: At, message: impl Into<String>) -> Problem {
        Problem {
            at,
            message: message.into(),
            warning: false,
        }
    }

    pub fn warning(at: At, message: impl Into<String>) -> Problem {
        Problem {
            at,
            message: message.into(),
            warning: true,
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = if self.warning { "warning" } else { "error" };
        let msg = crate::text::escape_controls(&self.message);
        write!(f, "{}: {kind}: {msg}", self.at)
    }
}

/// `; did you mean `x`?` when a close candidate exists, else nothing.
pub fn suggest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    match crate::diag::closest(word, candidates) {
        Some(c) => format!("; did you mean `{c}`?"),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_read_as_their_source() {
        let mut at = At::file("hr.csv");
        at.row = 12;
        assert_eq!(at.col(3, None).to_string(), "hr.csv:12:3");
        at.sheet = Some("Staff".into());
        assert_eq!(
            at.col(3, None).to_string(),
            "hr.xlsx[Staff]!C12".replace("xlsx", "csv")
        );
        assert_eq!(letters(28), "AB");
    }
}
