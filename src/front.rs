//! Front matter: the YAML at the top of a document (or the whole of
//! `site.yaml`) turned into a typed value, with every problem a diagnostic
//! located in the file itself.
//!
//! The text is parsed once into a tree that keeps where every key and value
//! stands (marked-yaml, on yaml-rust2). Every scalar stays the text it was
//! written as, so `id: 00000609` is the id `00000609`, `title: 2024` the title
//! `2024` and `reports_to: 141691` a reference, as an HR export writes them;
//! a number is read as a number only where a number is expected. The tree is
//! then deserialised one top-level field at a time when anything is wrong, so
//! that a file with four mistakes gets four messages, each at its line.
//!
//! Bounds, so that no input can hang a build or exhaust memory: the YAML
//! text may be at most [`MAX_YAML_BYTES`] long and nest at most
//! [`MAX_DEPTH`] levels deep (checked before parsing), and anchors and
//! aliases (the "billion laughs") are refused.

use std::path::Path;

use marked_yaml::types::{MarkedMappingNode, MarkedScalarNode, MarkedSequenceNode};
use marked_yaml::{LoadError, LoaderOptions, Marker, Node};
use serde::Deserialize;

use crate::diag::{closest, Diagnostic, Diagnostics};

/// The largest front matter read, in bytes.
pub const MAX_YAML_BYTES: usize = 1 << 20;
/// The deepest nesting of lists and mappings accepted.
pub const MAX_DEPTH: usize = 32;

/// What to do about the usual YAML mistakes, in the site's language:
/// (key, en, zh-Hans, zh-Hant). `{0}`, `{1}` are filled in.
const ADVICE: &[(&str, &str, &str, &str)] = &[
    (
        "tab",
        "a tab is used for indentation: YAML indents with spaces only",
        "缩进用了制表符（Tab）：YAML 只能用空格缩进",
        "縮排用了定位字元（Tab）：YAML 只能用空格縮排",
    ),
    (
        "unclosed",
        "this `{0}` is not closed: end it with `{1}` on the same line",
        "这个 `{0}` 没有闭合：请在同一行用 `{1}` 结束",
        "這個 `{0}` 沒有閉合：請在同一行用 `{1}` 結束",
    ),
    (
        "colon",
        "a colon inside an unquoted value: quote the value, as `{0}: \"{1}\"`",
        "值里有冒号却没有加引号：请给值加上引号，写成 `{0}: \"{1}\"`",
        "值裡有冒號卻沒有加引號：請給值加上引號，寫成 `{0}: \"{1}\"`",
    ),
    (
        "under_value",
        "a line is indented under a value that is not a list or mapping: check the indentation of this line and the one above",
        "这一行缩进在一个普通值之下：请检查这一行和上一行的缩进",
        "這一行縮排在一個普通值之下：請檢查這一行和上一行的縮排",
    ),
    (
        "indent",
        "the indentation is not consistent: items of one list or mapping start in the same column",
        "缩进不一致：同一列表或映射的各项必须从同一列开始",
        "縮排不一致：同一列表或映射的各項必須從同一欄開始",
    ),
    (
        "list_item",
        "a list item (`- `) is indented under a field that already has a value on its line: put the list on the lines below, indented",
        "列表项（`- `）写在已有值的字段同一行：请把列表写在下面几行并缩进",
        "列表項（`- `）寫在已有值的欄位同一行：請把列表寫在下面幾行並縮排",
    ),
    (
        "quote",
        "a quoted value is not closed: end it with the same quote mark",
        "引号没有闭合：请用同样的引号结束这个值",
        "引號沒有閉合：請用同樣的引號結束這個值",
    ),
    (
        "invalid",
        "the front matter is not valid YAML",
        "文件开头的 YAML 格式有误",
        "文件開頭的 YAML 格式有誤",
    ),
    (
        "parser_says",
        "(the YAML parser says: {0})",
        "（YAML 解析器原文：{0}）",
        "（YAML 解析器原文：{0}）",
    ),
    (
        "never_closed",
        "the front matter opened here is never closed: add a `---` line after its last field",
        "此处开始的文件头没有结束：请在最后一个字段之后加一行 `---`",
        "此處開始的文件頭沒有結束：請在最後一個欄位之後加一行 `---`",
    ),
];

/// An advice of [`ADVICE`] in `lang` (English for an unknown language).
pub fn advice(lang: &str, key: &str, args: &[&str]) -> String {
    let row = ADVICE.iter().find(|r| r.0 == key);
    let text = match (row, lang) {
        (Some(r), "zh-Hans") => r.2,
        (Some(r), "zh-Hant") => r.3,
        (Some(r), _) => r.1,
        (None, _) => key,
    };
    // One pass, so that an argument holding `{1}` is not filled in again.
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let tail = &rest[open + 1..];
        let arg = tail.find('}').and_then(|close| {
            let i: usize = tail[..close].parse().ok()?;
            args.get(i).map(|a| (*a, close))
        });
        match arg {
            Some((a, close)) => {
                out.push_str(a);
                rest = &tail[close + 1..];
            }
            None => {
                out.push('{');
                rest = tail;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Where a document's keys and list items stand, from the parser.
#[derive(Debug, Clone, Default)]
pub struct Spans {
    /// Each top-level key: (name, line, column), lines counted in the file.
    pub keys: Vec<(String, usize, usize)>,
    /// Each top-level key's value: (name, line, column).
    pub values: Vec<(String, usize, usize)>,
    /// For top-level lists: the key and where each item starts.
    pub items: Vec<(String, Vec<(usize, usize)>)>,
    /// Top-level keys written with an empty value (`id:`, `~`).
    pub empty: Vec<String>,
}

impl Spans {
    pub fn key(&self, key: &str) -> Option<(usize, usize)> {
        self.keys
            .iter()
            .find(|(k, _, _)| k == key)
            .map(|&(_, l, c)| (l, c))
    }

    pub fn value(&self, key: &str) -> Option<(usize, usize)> {
        self.values
            .iter()
            .find(|(k, _, _)| k == key)
            .map(|&(_, l, c)| (l, c))
    }

    pub fn item(&self, key: &str, nth: usize) -> Option<(usize, usize)> {
        self.items
            .iter()
            .find(|(k, _)| k == key)
            .and_then(|(_, v)| v.get(nth).copied())
    }
}

/// What a parse found: the typed value (when there was nothing wrong with
/// it), where things stand, and the keys whose value was left empty.
pub struct Parsed<T> {
    /// The fields that could be read (those in error left out).
    pub value: Option<T>,
    /// Whether nothing was wrong.
    pub clean: bool,
    pub spans: Spans,
    /// The values of the site's own fields ([`crate::fields`]) that were
    /// declared for this kind of document and read as their type.
    pub extra: Vec<(String, crate::fields::FieldValue)>,
}

/// The null spellings of YAML's core schema, for a plain (unquoted) scalar.
fn is_null(s: &MarkedScalarNode) -> bool {
    s.may_coerce() && matches!(s.as_str(), "" | "~" | "null" | "Null" | "NULL")
}

/// Parses `yaml` (the front matter of `path`, whose first line is line
/// `first_line` of the file) into `T`. `fields` are the top-level keys `T`
/// knows; any other is reported with the closest known one. Keys whose value
/// is empty (`reports_to:`, `~`, `null`) are left out, as if not written;
/// `required` names keys that may not be empty.
#[allow(clippy::too_many_arguments)]
pub fn parse<T: for<'de> Deserialize<'de>>(
    yaml: &str,
    lang: &str,
    path: &Path,
    first_line: usize,
    fields: &[&str],
    required: &[&str],
    diags: &mut Diagnostics,
) -> Parsed<T> {
    parse_with(yaml, lang, path, first_line, fields, None, required, diags)
}

/// [`parse`], also accepting the site's own fields declared for this kind
/// of document (`extra`): their values are checked against their types and
/// returned in [`Parsed::extra`]; an undeclared field's message says how to
/// declare one.
#[allow(clippy::too_many_arguments)]
pub fn parse_with<T: for<'de> Deserialize<'de>>(
    yaml: &str,
    lang: &str,
    path: &Path,
    first_line: usize,
    fields: &[&str],
    extra: Option<crate::fields::Extra>,
    required: &[&str],
    diags: &mut Diagnostics,
) -> Parsed<T> {
    let doc = Doc {
        yaml,
        lang,
        path,
        first_line,
        lines: yaml.lines().collect(),
    };
    let mut out = Parsed {
        value: None,
        clean: false,
        spans: Spans::default(),
        extra: Vec::new(),
    };
    let Some(node) = doc.load(diags) else {
        return out;
    };
    let Some(map) = node.as_mapping() else {
        diags.push(doc.error(
            (first_line, 1),
            "the front matter must be `field: value` lines (e.g. `title: ...`)",
        ));
        return out;
    };
    let mut ok = true;
    let mut kept: Vec<(MarkedScalarNode, Node)> = Vec::new();
    for (key, value) in map.iter() {
        let name = key.as_str();
        let place = doc.record(&mut out.spans, key, value);
        let declared = extra.and_then(|e| e.decls.get(name).map(|d| d.kind));
        if let (Some(kind), false) = (declared, value.as_scalar().is_some_and(is_null)) {
            match crate::fields::value_of(value, kind) {
                Ok(v) => out.extra.push((name.to_string(), v)),
                Err(msg) => {
                    let at = value.span().start().map(|m| doc.at(m)).unwrap_or(place);
                    diags.push(doc.error(at, format!("{name}: {msg}")));
                    ok = false;
                }
            }
        } else if declared.is_some() {
            out.spans.empty.push(name.to_string());
        } else if !fields.contains(&name) {
            let mut known: Vec<&str> = fields.to_vec();
            known.extend(extra.iter().flat_map(|e| e.decls.names()));
            let mut msg = unknown_field(name, &known);
            if let Some(e) = extra {
                if !msg.contains("did you mean") {
                    msg.push_str(&format!(
                        "; to add a field of your own, declare it in site.yaml under `fields: {}: {name}: {{ type: text }}`",
                        e.kind
                    ));
                }
            }
            diags.push(doc.error(place, msg));
            ok = false;
        } else if value.as_scalar().is_some_and(is_null) {
            out.spans.empty.push(name.to_string());
            ok &= doc.empty_value(name, place, required.contains(&name), diags);
        } else {
            kept.push((key.clone(), without_nulls(value)));
        }
    }
    let (value, typed) = doc.typed::<T>(&kept, diags);
    out.value = value;
    out.clean = ok && typed;
    out
}

/// One front matter being parsed, for the steps of [`parse`].
struct Doc<'a> {
    yaml: &'a str,
    lang: &'a str,
    path: &'a Path,
    /// The file's line that is the YAML's first.
    first_line: usize,
    lines: Vec<&'a str>,
}

impl Doc<'_> {
    fn at(&self, m: &Marker) -> (usize, usize) {
        at_in_file(self.first_line, m)
    }

    fn error(&self, (line, col): (usize, usize), msg: impl Into<String>) -> Diagnostic {
        Diagnostic::error(self.path, line, col, msg)
    }

    /// The text of the file's `line`.
    fn line(&self, line: usize) -> &str {
        line.checked_sub(self.first_line)
            .and_then(|i| self.lines.get(i))
            .copied()
            .unwrap_or_default()
    }

    /// The limits, then the parse into a tree; `None` after a diagnostic.
    fn load(&self, diags: &mut Diagnostics) -> Option<Node> {
        if self.yaml.len() > MAX_YAML_BYTES {
            diags.push(self.error(
                (self.first_line, 1),
                format!(
                    "the front matter is {} bytes long; the limit is {} (1 MiB): move long text into the Markdown body below the closing `---`",
                    self.yaml.len(),
                    MAX_YAML_BYTES
                ),
            ));
            return None;
        }
        if let Some((line, col)) = too_deep(self.yaml) {
            diags.push(self.error(
                (self.first_line + line - 1, col),
                format!(
                    "lists and mappings nest more than {MAX_DEPTH} levels deep here; the limit is {MAX_DEPTH}: flatten the structure"
                ),
            ));
            return None;
        }
        let options = LoaderOptions::default()
            .error_on_duplicate_keys(true)
            .toplevel_mapping();
        // The loader has internal assertions; a panic in it is a parse error
        // of this file, never the end of the build.
        let yaml = self.yaml;
        let loaded =
            std::panic::catch_unwind(|| marked_yaml::parse_yaml_with_options(0, yaml, options));
        match loaded {
            Ok(Ok(node)) => Some(node),
            Ok(Err(err)) => {
                diags.push(load_error(
                    &err,
                    yaml,
                    self.lang,
                    self.path,
                    self.first_line,
                ));
                None
            }
            Err(_) => {
                diags.push(self.error(
                    (self.first_line, 1),
                    "the front matter could not be read as YAML",
                ));
                None
            }
        }
    }

    /// Records where a top-level key, its value and its list items stand;
    /// returns the key's place.
    fn record(&self, spans: &mut Spans, key: &MarkedScalarNode, value: &Node) -> (usize, usize) {
        let name = key.as_str().to_string();
        let (kl, kc) = key
            .span()
            .start()
            .map(|m| self.at(m))
            .unwrap_or((self.first_line, 1));
        spans.keys.push((name.clone(), kl, kc));
        let (vl, vc) = value.span().start().map(|m| self.at(m)).unwrap_or((kl, kc));
        spans.values.push((name.clone(), vl, vc));
        if let Some(seq) = value.as_sequence() {
            // A block item is placed at its `-`; the parser marks its value.
            let items = seq
                .iter()
                .map(|n| {
                    let (l, c) = n.span().start().map(|m| self.at(m)).unwrap_or((vl, vc));
                    let text = self.line(l);
                    let indent = text.len() - text.trim_start().len();
                    match text.trim_start().starts_with('-') && c > indent {
                        true => (l, indent + 1),
                        false => (l, c),
                    }
                })
                .collect();
            spans.items.push((name, items));
        }
        (kl, kc)
    }

    /// A key written with no value: an error when it is `required`, a
    /// warning when a `#` made the value a comment. False on an error.
    fn empty_value(
        &self,
        name: &str,
        place: (usize, usize),
        required: bool,
        diags: &mut Diagnostics,
    ) -> bool {
        // `color: #d4a017` unquoted: YAML reads `#` as a comment.
        let line = self.line(place.0);
        let after = line.split_once(':').map(|(_, r)| r.trim()).unwrap_or("");
        let value = after.split(" #").next().unwrap_or(after).trim_end();
        let hint = if value.starts_with('#') {
            format!(
                "; `#` starts a comment in YAML, so quote the value: {name}: \"{}\"",
                value.replace('\\', "\\\\").replace('"', "\\\"")
            )
        } else {
            String::new()
        };
        if required {
            diags.push(self.error(place, format!("`{name}` is empty{hint}")));
            return false;
        }
        if !hint.is_empty() {
            let (line, col) = place;
            diags.push(Diagnostic::warning(
                self.path,
                line,
                col,
                format!("`{name}` is empty and ignored{hint}"),
            ));
        }
        true
    }

    /// The typed value of the `kept` fields, and whether all of them read.
    /// When the whole fails, one field at a time, so that every mistake is
    /// reported and the fields without one are still read.
    fn typed<T: for<'de> Deserialize<'de>>(
        &self,
        kept: &[(MarkedScalarNode, Node)],
        diags: &mut Diagnostics,
    ) -> (Option<T>, bool) {
        let mapping = |entries: &[(MarkedScalarNode, Node)]| {
            Node::from(entries.iter().cloned().collect::<MarkedMappingNode>())
        };
        if let Ok(v) = marked_yaml::from_node::<T>(&mapping(kept)) {
            return (Some(v), true);
        }
        let before = diags.error_count();
        let mut good = Vec::new();
        for entry in kept {
            match marked_yaml::from_node::<T>(&mapping(std::slice::from_ref(entry))) {
                Ok(_) => good.push(entry.clone()),
                Err(err) => {
                    let key = entry
                        .0
                        .span()
                        .start()
                        .map(|m| self.at(m))
                        .unwrap_or((self.first_line, 1));
                    let (line, col) = err.start_mark().map(|m| self.at(&m)).unwrap_or(key);
                    let msg = type_message(&err, self.yaml, line + 1 - self.first_line, col);
                    diags.push(self.error((line, col), msg));
                }
            }
        }
        if diags.error_count() == before {
            // Every field reads on its own but not all together.
            diags.push(self.error(
                (self.first_line, 1),
                "the front matter could not be read as a whole: check that its fields agree",
            ));
        }
        (marked_yaml::from_node::<T>(&mapping(&good)).ok(), false)
    }
}

/// `node` without the entries of its mappings, at any depth, whose value
/// is empty (`to:`, `day: ~`): as if not written, as at the top level.
fn without_nulls(node: &Node) -> Node {
    match node {
        Node::Scalar(_) => node.clone(),
        Node::Sequence(seq) => Node::from(MarkedSequenceNode::new(
            *seq.span(),
            seq.iter().map(without_nulls).collect(),
        )),
        Node::Mapping(map) => {
            let mut out: MarkedMappingNode = map
                .iter()
                .filter(|(_, v)| !v.as_scalar().is_some_and(is_null))
                .map(|(k, v)| (k.clone(), without_nulls(v)))
                .collect();
            *out.span_mut() = *map.span();
            Node::from(out)
        }
    }
}

/// A parser mark as (line, column) in the file, whose line `first_line`
/// is the YAML's first.
fn at_in_file(first_line: usize, m: &Marker) -> (usize, usize) {
    (first_line + m.line().saturating_sub(1), m.column().max(1))
}

/// Where the text first nests deeper than [`MAX_DEPTH`], if it does: flow
/// brackets outside quotes, and block nesting by indentation and `- ` runs.
/// A cheap scan in one pass, so that the parser never sees pathological
/// input. The lines of a block scalar (`key: |`) are text, not structure.
fn too_deep(yaml: &str) -> Option<(usize, usize)> {
    let mut depth = 0usize;
    // The indentation of the line that opened a block scalar, while in one.
    let mut block: Option<usize> = None;
    for (n, line) in yaml.lines().enumerate() {
        let spaces = line.len() - line.trim_start_matches(' ').len();
        if let Some(opened) = block {
            if line.trim().is_empty() || spaces > opened {
                continue;
            }
            block = None;
        }
        // Block nesting: each level indents at least one column, and
        // `- - - x` nests on one line.
        let indent = line.len() - line.trim_start_matches([' ', '-']).len();
        if indent > 4 * MAX_DEPTH {
            return Some((n + 1, 1));
        }
        let mut quote: Option<char> = None;
        // The last character outside a quote that was not a space.
        let mut prev: Option<char> = None;
        let mut after_space = true;
        for (col, c) in line.chars().enumerate() {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '#') if after_space => break,
                // A quote opens a value only where a value starts.
                (None, '"' | '\'') if matches!(prev, None | Some(':' | '[' | '{' | ',' | '-')) => {
                    quote = Some(c)
                }
                (None, '[' | '{') => {
                    depth += 1;
                    if depth > MAX_DEPTH {
                        return Some((n + 1, col + 1));
                    }
                }
                (None, ']' | '}') => depth = depth.saturating_sub(1),
                _ => {}
            }
            after_space = c == ' ' || c == '\t';
            if quote.is_none() && !after_space {
                prev = Some(c);
            }
        }
        let value = line.split('#').next().unwrap_or_default().trim_end();
        if quote.is_none()
            && value.rsplit(' ').next().is_some_and(|t| {
                t.starts_with(['|', '>'])
                    && t[1..].chars().all(|c| matches!(c, '-' | '+' | '0'..='9'))
            })
        {
            block = Some(spaces);
        }
    }
    None
}

fn unknown_field(field: &str, fields: &[&str]) -> String {
    match closest(field, fields.iter().copied()) {
        Some(c) => format!("`{field}`: unknown field; did you mean `{c}`?"),
        None => format!(
            "`{field}`: unknown field (known fields: {})",
            fields.join(", ")
        ),
    }
}

/// The text of the scalar at 1-based `line`, `col` of `yaml`, for messages.
fn scalar_at(yaml: &str, line: usize, col: usize) -> String {
    let Some(text) = yaml.lines().nth(line.saturating_sub(1)) else {
        return String::new();
    };
    let rest: String = text.chars().skip(col.saturating_sub(1)).collect();
    let end = rest.find([',', ']', '}', '#']).unwrap_or(rest.len());
    rest[..end].trim().trim_matches(['"', '\'']).to_string()
}

/// A type error in words a reader can act on.
fn type_message(err: &marked_yaml::FromNodeError, yaml: &str, line: usize, col: usize) -> String {
    use marked_yaml::Error as E;
    let mut path = err
        .path()
        .map(|p| p.trim_start_matches('.').to_string())
        .filter(|p| !p.is_empty() && p != "?");
    if let (E::UnknownFieldError(field, _, _), Some(p)) = (&**err, path.as_mut()) {
        // The path ends in the unknown field itself, which the message names.
        if let Some(parent) = p.strip_suffix(field.as_str()) {
            *p = parent.trim_end_matches('.').to_string();
        }
        path = path.filter(|p| !p.is_empty());
    }
    let prefix = path
        .as_deref()
        .map(|p| format!("{p}: "))
        .unwrap_or_default();
    let found = scalar_at(yaml, line, col);
    let what = match &**err {
        E::IntegerParseFailure(e, _) => match e.kind() {
            std::num::IntErrorKind::PosOverflow | std::num::IntErrorKind::NegOverflow => {
                format!("`{found}` is too large for a whole number here")
            }
            _ => format!("expected a whole number, found `{found}`"),
        },
        E::FloatParseFailure(..) => format!("expected a number, found `{found}`"),
        E::NotBoolean(_) => format!("expected `true` or `false`, found `{found}`"),
        E::UnknownFieldError(field, known, _) => unknown_field(field, known),
        E::Other(msg, _) => other_message(msg),
    };
    format!("{prefix}{what}")
}

/// serde's own words ("invalid type: sequence, expected a string"), made plainer.
fn other_message(msg: &str) -> String {
    let msg = msg
        .replace("invalid type: sequence", "found a list")
        .replace("invalid type: map", "found a mapping")
        .replace("invalid type: string", "found the text")
        .replace("expected a string", "expected text")
        .replace("expected a sequence", "expected a list")
        .replace("expected u32", "expected a whole number")
        .replace("expected u64", "expected a whole number")
        .replace("expected i64", "expected a whole number")
        .replace("expected f64", "expected a number");
    if let Some(at) = msg.find("unknown variant `") {
        let rest = &msg[at + "unknown variant `".len()..];
        if let Some((value, tail)) = rest.split_once('`') {
            let known: Vec<&str> = tail.split('`').skip(1).step_by(2).collect();
            let hint = match closest(value, known.iter().copied()) {
                Some(c) => format!("; did you mean `{c}`?"),
                None => format!(" (one of: {})", known.join(", ")),
            };
            return format!("{}`{value}` is not allowed here{hint}", &msg[..at]);
        }
    }
    if let Some(at) = msg.find("missing field `") {
        let rest = &msg[at + "missing field `".len()..];
        if let Some((field, _)) = rest.split_once('`') {
            return format!("`{field}` is missing here");
        }
    }
    msg
}

/// A loader error (syntax, duplicate key, anchor) as a diagnostic, in the
/// words of the usual mistake where it is one; the parser's own words follow.
fn load_error(
    err: &LoadError,
    yaml: &str,
    lang: &str,
    path: &Path,
    first_line: usize,
) -> Diagnostic {
    let at = |m: &Marker| (first_line + m.line() - 1, m.column().max(1));
    let error = |(line, col): (usize, usize), msg: String| Diagnostic::error(path, line, col, msg);
    match err {
        LoadError::DuplicateKey(inner) => {
            let key = inner.key.as_str();
            let place = inner
                .key
                .span()
                .start()
                .map(at)
                .unwrap_or((first_line, 1));
            // Inside which top-level field, for a key nested under one.
            let parent = yaml
                .lines()
                .take(place.0 + 1 - first_line)
                .filter(|l| !l.starts_with([' ', '\t', '-', '#']) && !l.is_empty())
                .last()
                .and_then(|l| l.split_once(':'))
                .map(|(k, _)| k.trim().trim_matches(['"', '\'']))
                .filter(|k| *k != key);
            let prefix = parent.map(|p| format!("{p}: ")).unwrap_or_default();
            error(place, format!("{prefix}`{key}` is given twice; keep one"))
        }
        LoadError::UnexpectedAnchor(m) => error(
            at(m),
            "anchors and aliases (`&name`, `*name`) are not read in front matter: write the value out".into(),
        ),
        LoadError::UnexpectedTag(m) => error(
            at(m),
            "YAML tags (`!name`, `!!str`) are not read in front matter: quote the value instead".into(),
        ),
        LoadError::MappingKeyMustBeScalar(m) => error(
            at(m),
            "a field name must be a plain word (`title:`), not a list or mapping".into(),
        ),
        LoadError::TopLevelMustBeMapping(m) | LoadError::TopLevelMustBeSequence(m) => error(
            at(m),
            "the front matter must be `field: value` lines (e.g. `title: ...`)".into(),
        ),
        LoadError::ScanError(m, e) => {
            let (line, col) = at(m);
            let parser = e.info().to_string();
            let (place, key, args) = syntax_advice(yaml, m.line(), &parser);
            let place = place.map(|(l, c)| (first_line + l - 1, c)).unwrap_or((line, col));
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            error(
                place,
                format!(
                    "{} {}",
                    advice(lang, key, &args),
                    advice(lang, "parser_says", &[&parser])
                ),
            )
        }
    }
}

/// What the usual mistake behind a syntax error is, and where to fix it
/// (a line and column of the YAML text, when it is not where the parser
/// noticed it).
fn syntax_advice(
    yaml: &str,
    line: usize,
    parser: &str,
) -> (Option<(usize, usize)>, &'static str, Vec<String>) {
    let lines: Vec<&str> = yaml.lines().collect();
    // A tab anywhere in the indentation of the lines up to the error.
    for (i, l) in lines.iter().enumerate().take(line + 1) {
        let indent: &str = &l[..l.len() - l.trim_start_matches([' ', '\t']).len()];
        if indent.contains('\t') {
            let col = indent.find('\t').unwrap_or(0) + 1;
            return (Some((i + 1, col)), "tab", Vec::new());
        }
    }
    // An unclosed `[` or `{` is noticed lines later: point where it opened.
    let mut open: Vec<(usize, usize, char)> = Vec::new();
    for (i, l) in lines.iter().enumerate().take(line) {
        let mut quote = None;
        for (col, c) in l.chars().enumerate() {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') if !open.is_empty() => quote = Some(c),
                (None, '[' | '{') => open.push((i + 1, col + 1, c)),
                (None, ']' | '}') => {
                    open.pop();
                }
                _ => {}
            }
        }
    }
    if let Some(&(l, c, bracket)) = open
        .first()
        .filter(|o| o.0 < line || parser.contains("flow"))
    {
        let close = if bracket == '[' { ']' } else { '}' };
        return (
            Some((l, c)),
            "unclosed",
            vec![bracket.to_string(), close.to_string()],
        );
    }
    let here = lines.get(line.saturating_sub(1)).copied().unwrap_or("");
    if parser.contains("mapping values are not allowed") {
        // `scope: Sales: north` — a second `: ` inside a plain value.
        if let Some((key, value)) = here.split_once(": ") {
            if value.contains(": ") || value.ends_with(':') {
                let col = key.chars().count() + 3;
                return (
                    Some((line, col)),
                    "colon",
                    vec![
                        key.trim().trim_start_matches("- ").to_string(),
                        value.trim().replace('\\', "\\\\").replace('"', "\\\""),
                    ],
                );
            }
        }
        return (None, "under_value", Vec::new());
    }
    if parser.contains("did not find expected key") || parser.contains("did not find expected '-'")
    {
        return (None, "indent", Vec::new());
    }
    if parser.contains("block sequence entries are not allowed") {
        return (None, "list_item", Vec::new());
    }
    if parser.contains("found unexpected end of stream") || parser.contains("found unknown escape")
    {
        return (None, "quote", Vec::new());
    }
    (None, "invalid", Vec::new())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Default, Deserialize)]
    #[serde(default, deny_unknown_fields)]
    struct T {
        title: Option<String>,
        id: Option<String>,
        tags: Vec<String>,
        headcount: Option<u32>,
    }

    const FIELDS: &[&str] = &["title", "id", "tags", "headcount"];

    fn run(yaml: &str) -> (Option<T>, String) {
        let mut d = Diagnostics::new();
        let p = parse::<T>(yaml, "en", Path::new("a.md"), 2, FIELDS, &["title"], &mut d);
        (p.value.filter(|_| p.clean), d.to_string())
    }

    #[test]
    fn scalars_are_text_as_written() {
        let (v, d) = run("title: 2024\nid: 00000609\ntags: [1, 1e3, 0x1F, true]\n");
        assert_eq!(d, "");
        let v = v.expect("parsed");
        assert_eq!(v.title.as_deref(), Some("2024"));
        assert_eq!(v.id.as_deref(), Some("00000609"));
        assert_eq!(v.tags, ["1", "1e3", "0x1F", "true"]);
    }

    #[test]
    fn every_type_error_is_reported_at_its_line() {
        let (v, d) = run("title: [a, b]\nheadcount: three\ntags: {a: 1}\n");
        assert!(v.is_none());
        assert_eq!(
            d,
            "a.md:2:8: error: title: found a list, expected text\n\
             a.md:3:12: error: headcount: expected a whole number, found `three`\n\
             a.md:4:7: error: tags: found a mapping, expected a list\n"
        );
    }

    #[test]
    fn empty_required_values_and_comments_are_caught() {
        let (_, d) = run("title: ~\n");
        assert_eq!(d, "a.md:2:1: error: `title` is empty\n");
        let (v, d) = run("title: a\nid: #x\n");
        assert_eq!(
            d,
            "a.md:3:1: warning: `id` is empty and ignored; `#` starts a comment in YAML, so quote the value: id: \"#x\"\n"
        );
        assert_eq!(v.expect("parsed").id, None);
    }

    #[test]
    fn value_on_the_next_line_and_quoted_keys_are_read() {
        let (v, d) = run("\"title\":\n  Sales\n  Manager\n");
        assert_eq!(d, "");
        assert_eq!(v.expect("parsed").title.as_deref(), Some("Sales Manager"));
    }

    #[test]
    fn limits_have_messages() {
        let deep = "title: ".to_string() + &"[".repeat(100_000);
        let (_, d) = run(&deep);
        assert!(d.starts_with("a.md:2:"), "{d}");
        assert!(d.contains("nest more than 32 levels"), "{d}");
        let (_, d) = run("title: &a x\nid: *a\n");
        assert!(d.contains("anchors and aliases"), "{d}");
    }

    #[test]
    fn the_scan_for_depth_is_linear_and_reads_block_scalars_as_text() {
        let start = std::time::Instant::now();
        let hashes = format!("title: a{}\n", "#".repeat(900_000));
        assert_eq!(too_deep(&hashes), None);
        let quoted = format!("title: \"a{}\"\n", "#".repeat(900_000));
        assert_eq!(too_deep(&quoted), None);
        assert!(start.elapsed().as_secs() < 2);
        let code = format!(
            "title: a\nnote: |\n{}x\n  {}\nid: b\n",
            " ".repeat(200),
            "[".repeat(40)
        );
        assert_eq!(too_deep(&code), None);
        assert_eq!(too_deep("title: \"[draft\"\ntags: [a]\n"), None);
        assert_eq!(too_deep("title: Director's [office\n"), None);
        assert!(too_deep(&format!("tags: {}", "[".repeat(33))).is_some());
    }

    #[test]
    fn empty_values_inside_lists_are_as_if_not_written() {
        #[derive(Debug, Default, Deserialize)]
        #[serde(default)]
        struct R {
            reports: Vec<Rep>,
        }
        #[derive(Debug, Default, Deserialize)]
        struct Rep {
            to: Option<String>,
            day: Option<u32>,
        }
        let mut d = Diagnostics::new();
        let p = parse::<R>(
            "reports:\n  - { to: ~, day: }\n  - to:\n    day: null\n",
            "en",
            Path::new("a.md"),
            2,
            &["reports"],
            &[],
            &mut d,
        );
        assert!(d.is_empty(), "{d}");
        let v = p.value.expect("parsed");
        assert!(
            v.reports.iter().all(|r| r.to.is_none() && r.day.is_none()),
            "{v:?}"
        );
    }

    #[test]
    fn placeholders_are_filled_once() {
        assert_eq!(
            advice("en", "colon", &["a{1}", "b"]),
            "a colon inside an unquoted value: quote the value, as `a{1}: \"b\"`"
        );
    }

    #[test]
    fn duplicate_keys_point_at_the_second() {
        let (_, d) = run("title: a\nid: b\ntitle: c\n");
        assert_eq!(d, "a.md:4:1: error: `title` is given twice; keep one\n");
    }

    #[test]
    fn advice_is_in_the_sites_language() {
        let mut d = Diagnostics::new();
        parse::<T>(
            "title: a\n\tid: b\n",
            "zh-Hant",
            Path::new("a.md"),
            2,
            FIELDS,
            &[],
            &mut d,
        );
        assert!(
            d.to_string().starts_with(
                "a.md:3:1: error: 縮排用了定位字元（Tab）：YAML 只能用空格縮排 （YAML 解析器原文："
            ),
            "{d}"
        );
        for row in ADVICE {
            for text in [row.1, row.2, row.3] {
                assert_eq!(
                    text.matches('{').count(),
                    row.1.matches('{').count(),
                    "{}",
                    row.0
                );
            }
        }
    }

    #[test]
    fn usual_syntax_mistakes_get_advice() {
        let (_, d) = run("title: a\n\tid: b\n");
        assert!(d.contains("a tab is used for indentation"), "{d}");
        let (_, d) = run("title: Sales: north\n");
        assert!(
            d.contains("quote the value, as `title: \"Sales: north\"`"),
            "{d}"
        );
        let (_, d) = run("title: a\ntags: [a, b\nid: c\n");
        assert!(
            d.starts_with("a.md:3:7: error: this `[` is not closed"),
            "{d}"
        );
    }
}
