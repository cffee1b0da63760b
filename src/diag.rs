//! Diagnostics: problems found in a site's files, reported as values with a
//! file, line and column rather than as panics, so that every problem in a
//! build can be collected and shown at once.

use std::collections::HashMap;
use std::fmt;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

use crate::text::{control_escape, escape_controls};

/// How bad a problem is. Errors stop a build; warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
}

/// One problem, located in a file of the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Path relative to the site folder (e.g. `content/營銷部/財富專員.md`).
    pub path: PathBuf,
    /// 1-based line in the file itself (0 when the problem is the whole file).
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
    pub message: String,
}

impl Diagnostic {
    pub fn error(
        path: impl Into<PathBuf>,
        line: usize,
        column: usize,
        msg: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Error,
            path: path.into(),
            line,
            column,
            message: msg.into(),
        }
    }

    pub fn warning(
        path: impl Into<PathBuf>,
        line: usize,
        column: usize,
        msg: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(path, line, column, msg)
        }
    }

    /// A problem with a file as a whole (no line to point at).
    pub fn file_error(path: impl Into<PathBuf>, msg: impl Into<String>) -> Self {
        Diagnostic::error(path, 0, 0, msg)
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = self.severity.word();
        // Shown in terminals (and in serve's overlay): no control
        // character of a file name or a document's value gets through.
        let path = display_path(&self.path);
        let path = escape_controls(&path);
        let message = escape_controls(&self.message);
        if self.line == 0 {
            write!(f, "{path}: {kind}: {message}")
        } else {
            write!(f, "{path}:{}:{}: {kind}: {message}", self.line, self.column)
        }
    }
}

/// Paths are shown with `/` on every platform so messages read the same everywhere.
pub fn display_path(p: &Path) -> String {
    use std::path::Component;
    let mut out = String::new();
    for c in p.components() {
        // The root is its own separator: `/srv/x`, not `//srv/x`.
        if !out.is_empty() && !out.ends_with('/') {
            out.push('/');
        }
        match c {
            Component::RootDir => out.push('/'),
            other => out.push_str(&other.as_os_str().to_string_lossy()),
        }
    }
    out
}

/// The problems found in one run, in the order they are to be shown,
/// with the text of every file the loader read: a problem is shown with its
/// line as it was read, never as a later save left it on disk.
#[derive(Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
    /// Each file's text by its path relative to the site folder.
    sources: HashMap<PathBuf, Arc<str>>,
}

impl fmt::Debug for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The texts would drown the problems.
        f.debug_struct("Diagnostics")
            .field("items", &self.items)
            .field("sources", &self.sources.len())
            .finish()
    }
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
        if self.sources.is_empty() {
            self.sources = other.sources;
        } else {
            self.sources.extend(other.sources);
        }
    }

    /// Keeps the text of a file as the loader read it (`path` relative to
    /// the site folder), for showing the lines its problems point at.
    pub fn add_source(&mut self, path: impl Into<PathBuf>, text: impl Into<Arc<str>>) {
        self.sources.insert(path.into(), text.into());
    }

    /// The text of `path` as it was read, if it was.
    pub fn source(&self, path: &Path) -> Option<&str> {
        self.sources.get(path).map(|t| &**t)
    }

    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.is_error()).count()
    }

    pub fn warning_count(&self) -> usize {
        self.items.len() - self.error_count()
    }

    pub fn has_errors(&self) -> bool {
        self.error_count() > 0
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// `--deny-warnings`: every warning becomes an error.
    pub fn deny_warnings(&mut self) {
        for d in &mut self.items {
            d.severity = Severity::Error;
        }
    }

    /// Sorted by file, then line, then column; duplicates removed.
    /// The site's configuration (a YAML file at the top of the site
    /// folder: `site.yaml`) comes first: a mistake there (a misspelt
    /// `language`) explains much of what follows.
    pub fn sorted(&self) -> Vec<Diagnostic> {
        let mut v = self.items.clone();
        let key = |d: &Diagnostic| !is_configuration(&d.path);
        v.sort_by(|a, b| {
            (key(a), &a.path, a.line, a.column, a.severity, &a.message).cmp(&(
                key(b),
                &b.path,
                b.line,
                b.column,
                b.severity,
                &b.message,
            ))
        });
        v.dedup();
        v
    }

    /// `2 errors, 1 warning`.
    pub fn summary(&self) -> String {
        fn plural(n: usize, word: &str) -> String {
            if n == 1 {
                format!("1 {word}")
            } else {
                format!("{n} {word}s")
            }
        }
        format!(
            "{}, {}",
            plural(self.error_count(), "error"),
            plural(self.warning_count(), "warning")
        )
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in self.sorted() {
            writeln!(f, "{d}")?;
        }
        Ok(())
    }
}

/// Whether `path` is a YAML file at the top of the site folder.
fn is_configuration(path: &Path) -> bool {
    path.parent() == Some(Path::new("")) && path.extension().is_some_and(|e| e == "yaml")
}

impl Severity {
    fn word(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

impl Diagnostic {
    /// The diagnostic as rustc shows one: the message, then the offending
    /// line of `source` (the file's text) with a caret under the column,
    /// drawn by annotate-snippets. Colour codes only when `color`.
    pub fn render(&self, source: Option<&str>, color: bool) -> String {
        let word = self.severity.word();
        let paint = match self.severity {
            Severity::Error => "\x1b[1;31m",
            Severity::Warning => "\x1b[1;33m",
        };
        let head = self.to_string();
        let head = if color {
            head.replacen(&format!("{word}:"), &format!("{paint}{word}:\x1b[0m"), 1)
        } else {
            head
        };
        let Some(text) = source
            .filter(|_| self.line > 0)
            .and_then(|s| s.lines().nth(self.line - 1))
        else {
            return head;
        };
        let text = text.trim_end_matches('\r').trim_start_matches('\u{feff}');
        let (line, span) = underlined(text, self.column);
        let level = match self.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let report = [Group::with_level(level).element(
            Snippet::source(line.as_str())
                .line_start(self.line)
                .annotation(AnnotationKind::Primary.span(span)),
        )];
        let renderer = if color {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        let snippet = renderer.render(&report);
        format!("{head}\n{}", snippet.trim_end_matches('\n'))
    }
}

/// A line of a file made safe for a terminal (every control character
/// escaped, as [`escape_controls`] does; a tab stays a tab) and the bytes
/// of it to underline: the word at `column` (1-based, in characters), up
/// to a space, a YAML separator, a quote, or a `:` that ends a key; at
/// least one character.
fn underlined(text: &str, column: usize) -> (String, std::ops::Range<usize>) {
    let chars: Vec<char> = text.chars().collect();
    let start = column.saturating_sub(1).min(chars.len());
    let rest = &chars[start..];
    let len = (0..rest.len())
        .find(|&i| {
            let c = rest[i];
            c.is_whitespace()
                || matches!(c, ',' | ']' | '}' | '"' | '\'')
                || (c == ':' && rest.get(i + 1).is_none_or(|n| n.is_whitespace()))
        })
        .unwrap_or(rest.len());
    let mut line = String::with_capacity(text.len());
    let mut span = 0..0;
    for (i, c) in chars.iter().enumerate() {
        if i == start {
            span.start = line.len();
        }
        match control_escape(*c) {
            Some(e) => line.push_str(&e),
            None => line.push(*c),
        }
        if i + 1 == start + len {
            span.end = line.len();
        }
    }
    if start == chars.len() {
        span.start = line.len();
    }
    // An empty word (the column at a space or past the end) still gets
    // its caret, under one character.
    span.end = span.end.max(span.start);
    (line, span)
}

impl Diagnostics {
    /// Every diagnostic rendered with its source line (as the file was
    /// read), sorted, and the summary line.
    pub fn render(&self, color: bool) -> String {
        self.render_some(color, None)
    }

    /// Like [`Diagnostics::render`], showing at most `same` problems with
    /// one message (the same unknown field in 13,000 files is one
    /// mistake), then how many more there are; the count covers them all.
    pub fn render_some(&self, color: bool, same: Option<usize>) -> String {
        let mut out = String::new();
        let sorted = self.sorted();
        let mut seen: HashMap<(Severity, &str), usize> = HashMap::new();
        let mut hidden: Vec<(Severity, &str, usize)> = Vec::new();
        for d in &sorted {
            let n = seen.entry((d.severity, d.message.as_str())).or_insert(0);
            *n += 1;
            if same.is_some_and(|max| *n > max) {
                match hidden
                    .iter_mut()
                    .find(|h| h.0 == d.severity && h.1 == d.message)
                {
                    Some(h) => h.2 += 1,
                    None => hidden.push((d.severity, &d.message, 1)),
                }
                continue;
            }
            out.push_str(&d.render(self.source(&d.path), color));
            out.push('\n');
        }
        for (severity, message, n) in hidden {
            out.push_str(&format!(
                "... and {n} more of this {} in other places (`--all` shows every one): {}\n",
                severity.word(),
                escape_controls(message)
            ));
        }
        if !self.is_empty() {
            out.push_str(&self.summary());
            out.push('\n');
        }
        out
    }

    /// Prints the diagnostics to stderr, sorted, each with its source line,
    /// then a count: in colour on a terminal (unless `NO_COLOR` is set),
    /// and without `all` at most [`SAME_MESSAGE_SHOWN`] with one message.
    pub fn eprint(&self, all: bool) {
        let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
        let same = (!all).then_some(SAME_MESSAGE_SHOWN);
        eprint!("{}", self.render_some(color, same));
    }
}

/// The most problems with one message printed, without `--all`.
pub const SAME_MESSAGE_SHOWN: usize = 10;

/// The candidate closest to `word`, if it is close enough to be a plausible
/// typo: within one edit (Levenshtein, in characters) per three characters.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).max(1);
    let candidates: Vec<&'a str> = candidates.into_iter().collect();
    // A word cut short (`dotted` for `dotted_line`) is a plausible slip too.
    if word.chars().count() >= 3 {
        if let Some(c) = candidates.iter().find(|c| c.starts_with(word)) {
            return Some(c);
        }
    }
    candidates
        .into_iter()
        .map(|c| (strsim::levenshtein(word, c), c))
        .filter(|(d, _)| *d <= limit)
        .min_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(b.1)))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_shown_with_one_slash_between_parts() {
        assert_eq!(
            display_path(Path::new("/srv/handbook/public")),
            "/srv/handbook/public"
        );
        assert_eq!(display_path(Path::new("content/a.md")), "content/a.md");
        assert_eq!(display_path(Path::new("./content//a.md")), "./content/a.md");
        assert_eq!(display_path(Path::new("/")), "/");
    }

    #[test]
    fn closest_suggests_only_plausible_names() {
        let fields = ["reports_to", "reports", "title"];
        assert_eq!(closest("report_to", fields), Some("reports_to"));
        assert_eq!(closest("xyzzyplugh", fields), None);
        // Distances count characters, not bytes: one slip in four CJK
        // characters is plausible, two are not.
        assert_eq!(closest("銷售總監", ["銷售經監"]), Some("銷售經監"));
        assert_eq!(closest("銷售總監", ["營銷總監"]), None);
        // A word cut short is a slip too; two letters are not enough.
        assert_eq!(closest("dotted", ["dotted_line"]), Some("dotted_line"));
        assert_eq!(closest("re", ["reports_to"]), None);
    }

    #[test]
    fn renders_the_line_with_a_caret() {
        let d = Diagnostic::error("a.md", 3, 13, "bad");
        let src = "---\ntitle: x\nreports_to: 總經裡\n---\n";
        assert_eq!(
            d.render(Some(src), false),
            "a.md:3:13: error: bad\n  |\n3 | reports_to: 總經裡\n  |             ^^^^^^"
        );
        // No line to show: the message alone.
        assert_eq!(
            Diagnostic::file_error("a.md", "x").render(Some(src), false),
            "a.md: error: x"
        );
        assert_eq!(
            Diagnostic::error("a.md", 99, 1, "x").render(Some(src), false),
            "a.md:99:1: error: x"
        );
        // A column at a space or past the end of its line: one caret there.
        let src = "key:  \nk: [a]\n";
        assert_eq!(
            Diagnostic::error("a.md", 1, 5, "x").render(Some(src), false),
            "a.md:1:5: error: x\n  |\n1 | key:  \n  |     ^"
        );
        assert_eq!(
            Diagnostic::error("a.md", 2, 9, "x").render(Some(src), false),
            "a.md:2:9: error: x\n  |\n2 | k: [a]\n  |       ^"
        );
    }

    #[test]
    fn control_characters_reach_no_terminal() {
        let d = Diagnostic::error("a\x1b]0;pwned\x07.md", 2, 8, "bad `\x1b[2J\u{202e}x`\r");
        let src = "---\ntitle: \x1b[31mred\tx\n";
        let out = d.render(Some(src), false);
        assert_eq!(
            out,
            "a\\u{1b}]0;pwned\\u{7}.md:2:8: error: bad `\\u{1b}[2J\\u{202e}x`\\u{d}\n  |\n\
             2 | title: \\u{1b}[31mred    x\n  |        ^^^^^^^^^^^^^"
        );
        assert!(!out.contains('\x1b') && !out.contains('\x07') && !out.contains('\r'));
        // Colour codes are still ours to add.
        assert!(d.render(Some(src), true).contains("\x1b[1;31merror:"));
        assert_eq!(escape_controls("工作\t內容\n"), "工作\t內容\n");
    }

    #[test]
    fn display_and_summary() {
        let mut d = Diagnostics::new();
        d.push(Diagnostic::warning("content/b.md", 3, 1, "w"));
        d.push(Diagnostic::error("content/a.md", 7, 2, "e"));
        assert_eq!(
            d.to_string(),
            "content/a.md:7:2: error: e\ncontent/b.md:3:1: warning: w\n"
        );
        assert_eq!(d.summary(), "1 error, 1 warning");
    }
}
