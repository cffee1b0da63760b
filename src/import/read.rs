//! Reading an import's inputs into tables of text cells: delimited text
//! (any encoding, any delimiter), workbooks, JSON rows or trees, and a
//! folder of YAML/JSON files, one per person. Nothing here knows what a
//! column means; that is [`super::mapping`]'s job.

use std::path::Path;

use super::problem::{At, Problem};

/// The separator of a list value read from JSON or YAML (`departments:
/// [Ops, IT]`), kept in one cell until the mapping splits it.
pub const LIST_SEP: char = '\u{1f}';

/// One input: its columns and rows of text.
#[derive(Debug, Clone, Default)]
pub struct Table {
    /// The input as named on the command line.
    pub name: String,
    pub sheet: Option<String>,
    pub columns: Vec<String>,
    pub rows: Vec<Row>,
    /// JSON and YAML records: columns have names, not numbers.
    pub keyed: bool,
    /// A workbook sheet's first used column (0 for column A).
    pub left: usize,
}

#[derive(Debug, Clone, Default)]
pub struct Row {
    /// Where the row is (column 0).
    pub at: At,
    /// One cell per column of the table (empty when missing).
    pub cells: Vec<String>,
}

impl Table {
    pub fn column(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c == name)
    }

    /// The place of a cell, for a message.
    pub fn at(&self, row: &Row, col: usize) -> At {
        let key = self.keyed.then(|| self.columns[col].as_str());
        row.at.col(col + 1 + self.left, key)
    }

    /// A column's place when no row is meant: the header row.
    pub fn header_at(&self) -> At {
        let mut at = At::file(&self.name);
        at.sheet = self.sheet.clone();
        at.row = usize::from(!self.keyed);
        at
    }

    fn push(&mut self, at: At, pairs: Vec<(String, String)>) {
        let mut cells = vec![String::new(); self.columns.len()];
        for (k, v) in pairs {
            let i = match self.column(&k) {
                Some(i) => i,
                None => {
                    self.columns.push(k);
                    for r in &mut self.rows {
                        r.cells.push(String::new());
                    }
                    cells.push(String::new());
                    self.columns.len() - 1
                }
            };
            cells[i] = v;
        }
        self.rows.push(Row { at, cells });
    }
}

/// How to read the inputs.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// `--encoding`: the name of a text encoding (WHATWG labels: gb18030,
    /// big5, shift_jis, utf-16le ...).
    pub encoding: Option<String>,
    /// `--sheet`: which sheet of a workbook.
    pub sheet: Option<String>,
}

/// Reads one input (a file or a folder) into a table.
pub fn read(path: &Path, opts: &ReadOptions) -> Result<Table, Vec<Problem>> {
    let name = path.display().to_string();
    let fail = |m: String| vec![Problem::error(At::file(&name), m)];
    if path.is_dir() {
        return read_folder(path, &name);
    }
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "xlsx" | "xlsm" | "xlsb" | "xls" | "ods" => {
            super::workbook::read(path, &name, opts.sheet.as_deref())
        }
        _ => {
            let bytes = std::fs::read(path).map_err(|e| fail(format!("cannot read: {e}")))?;
            let text = decode(&bytes, opts.encoding.as_deref()).map_err(fail)?;
            if ext == "json" {
                read_json(&text, &name)
            } else if ext == "yaml" || ext == "yml" {
                Err(fail(
                    "a single YAML file is not a table; name the folder of per-person files instead"
                        .into(),
                ))
            } else {
                read_delimited(&text, &name)
            }
        }
    }
}

/// Bytes to text: a byte-order mark decides, then `--encoding`, then UTF-8.
/// Bytes that are not UTF-8 are an error naming the likely encoding.
pub fn decode(bytes: &[u8], label: Option<&str>) -> Result<String, String> {
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, bad) = enc.decode_without_bom_handling(&bytes[bom..]);
        if bad {
            return Err(format!(
                "bytes that are not {} after its byte-order mark",
                enc.name()
            ));
        }
        return Ok(text.into_owned());
    }
    if let Some(label) = label {
        let Some(enc) = encoding_rs::Encoding::for_label(label.as_bytes()) else {
            return Err(format!(
                "unknown encoding `{label}`; use one of utf-8, utf-16le, utf-16be, gb18030, big5, shift_jis, euc-kr, windows-1252"
            ));
        };
        let (text, bad) = enc.decode_without_bom_handling(bytes);
        if bad {
            let (line, col) = first_bad(bytes, enc);
            return Err(format!(
                "line {line}, byte {col}: bytes that are not {}{}",
                enc.name(),
                likely(bytes)
                    .map(|l| format!("; it reads as {l}: try `--encoding {l}`"))
                    .unwrap_or_default()
            ));
        }
        return Ok(text.into_owned());
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_string()),
        Err(e) => {
            let upto = &bytes[..e.valid_up_to()];
            let line = upto.iter().filter(|&&b| b == b'\n').count() + 1;
            let col = upto.len() - upto.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1) + 1;
            let hint = match likely(bytes) {
                Some(l) => format!("; it reads as {l}: try `--encoding {l}`"),
                None => "; name its encoding with `--encoding`".to_string(),
            };
            Err(format!("line {line}, byte {col}: not UTF-8{hint}"))
        }
    }
}

/// Where decoding with `enc` first fails: (line, byte in the line).
fn first_bad(bytes: &[u8], enc: &'static encoding_rs::Encoding) -> (usize, usize) {
    let mut dec = enc.new_decoder_without_bom_handling();
    let mut out = String::with_capacity(bytes.len() * 3);
    let (res, read) = dec.decode_to_string_without_replacement(bytes, &mut out, true);
    let upto = match res {
        encoding_rs::DecoderResult::Malformed(_, _) => &bytes[..read],
        _ => bytes,
    };
    let line = upto.iter().filter(|&&b| b == b'\n').count() + 1;
    let col = upto.len() - upto.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1) + 1;
    (line, col)
}

/// The encoding a file not in UTF-8 most likely is in: the first of the
/// encodings Excel writes on East Asian systems that reads it without
/// error, preferring the one whose text has the most common CJK characters.
pub fn likely(bytes: &[u8]) -> Option<&'static str> {
    let candidates: [(&str, &'static encoding_rs::Encoding); 4] = [
        ("big5", encoding_rs::BIG5),
        ("gb18030", encoding_rs::GB18030),
        ("shift_jis", encoding_rs::SHIFT_JIS),
        ("windows-1252", encoding_rs::WINDOWS_1252),
    ];
    candidates
        .iter()
        .filter_map(|(name, enc)| {
            let (text, bad) = enc.decode_without_bom_handling(bytes);
            if bad {
                return None;
            }
            // Text in the CJK Unified Ideographs block scores; kana score
            // for Shift-JIS; odd symbols and private use count against.
            let score: i64 = text
                .chars()
                .map(|c| match c as u32 {
                    0x4E00..=0x9FFF => 2,
                    0x3040..=0x30FF => 2,
                    0xE000..=0xF8FF => -5,
                    0xFF61..=0xFF9F => -1,
                    0x80..=0x24F => 0,
                    _ => 0,
                })
                .sum();
            Some((score, *name))
        })
        .max_by_key(|(s, _)| *s)
        .map(|(_, n)| n)
}

/// CSV or TSV: the delimiter is the one of `,` `;` tab `|` that splits the
/// header line into the most columns.
fn read_delimited(text: &str, name: &str) -> Result<Table, Vec<Problem>> {
    let first = text.lines().next().unwrap_or("");
    let delim = [b',', b'\t', b';', b'|']
        .into_iter()
        .max_by_key(|d| first.bytes().filter(|b| b == d).count())
        .unwrap_or(b',');
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(delim)
        .flexible(true)
        .has_headers(true)
        .from_reader(text.as_bytes());
    let mut table = Table {
        name: name.to_string(),
        ..Table::default()
    };
    let headers = rdr.headers().map_err(|e| {
        vec![Problem::error(
            At::file(name),
            format!("cannot read the header row: {e}"),
        )]
    })?;
    table.columns = headers.iter().map(|h| h.trim().to_string()).collect();
    let mut problems = Vec::new();
    let mut record = csv::StringRecord::new();
    loop {
        let line = rdr.position().line() as usize;
        match rdr.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                if record.iter().all(|c| c.trim().is_empty()) {
                    continue;
                }
                let mut at = At::file(name);
                at.row = record.position().map_or(line, |p| p.line() as usize);
                let n = table.columns.len();
                if record.len() > n && record.iter().skip(n).any(|c| !c.trim().is_empty()) {
                    problems.push(Problem::error(
                        at.col(n + 1, None),
                        format!("{} cells, but the header names {n} columns", record.len()),
                    ));
                }
                let mut cells: Vec<String> = record
                    .iter()
                    .take(n)
                    .map(|c| c.trim().to_string())
                    .collect();
                cells.resize(n, String::new());
                table.rows.push(Row { at, cells });
            }
            Err(e) => {
                let mut at = At::file(name);
                at.row = e.position().map_or(line, |p| p.line() as usize);
                problems.push(Problem::error(at, format!("cannot read this row: {e}")));
                break;
            }
        }
    }
    if problems.is_empty() {
        Ok(table)
    } else {
        Err(problems)
    }
}

/// A JSON value as the text of a cell; lists joined with [`LIST_SEP`].
fn json_cell(v: &serde_json::Value) -> Option<String> {
    use serde_json::Value;
    match v {
        Value::Null => Some(String::new()),
        Value::String(s) => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Array(a) => {
            let items: Option<Vec<String>> = a.iter().map(json_cell).collect();
            items.map(|v| v.join(&LIST_SEP.to_string()))
        }
        Value::Object(_) => None,
    }
}

/// The column a nested tree's parent id is written to.
pub const TREE_PARENT: &str = "parentId";

/// JSON: an array of rows (objects), or a tree of objects with `children`.
fn read_json(text: &str, name: &str) -> Result<Table, Vec<Problem>> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
        let mut at = At::file(name);
        at.row = e.line();
        at.column = e.column();
        vec![Problem::error(at, format!("not JSON: {e}"))]
    })?;
    let mut table = Table {
        name: name.to_string(),
        keyed: true,
        ..Table::default()
    };
    let roots: Vec<&serde_json::Value> = match &value {
        serde_json::Value::Array(a) => a.iter().collect(),
        serde_json::Value::Object(o) => match o.get("data").or(o.get("nodes")).or(o.get("rows")) {
            Some(serde_json::Value::Array(a)) => a.iter().collect(),
            _ => vec![&value],
        },
        _ => Vec::new(),
    };
    if roots.is_empty() {
        return Err(vec![Problem::error(
            At::file(name),
            "expected an array of rows or an object with `children`",
        )]);
    }
    let mut problems = Vec::new();
    let mut stack: Vec<(&serde_json::Value, Option<String>)> =
        roots.into_iter().rev().map(|r| (r, None)).collect();
    let nested = value.is_object()
        || stack
            .iter()
            .any(|(v, _)| v.get("children").is_some_and(|c| c.is_array()));
    while let Some((v, parent)) = stack.pop() {
        let mut at = At::file(name);
        at.row = table.rows.len() + 1;
        let Some(obj) = v.as_object() else {
            problems.push(Problem::error(
                at,
                "a row must be an object (`{ \"id\": ... }`)",
            ));
            continue;
        };
        let mut pairs = Vec::new();
        for (k, val) in obj {
            if k == "children" {
                continue;
            }
            match json_cell(val) {
                Some(c) => pairs.push((k.clone(), c)),
                None => problems.push(Problem::error(
                    at.col(0, Some(k)),
                    "an object here is not a cell; give it as text, a number or a list",
                )),
            }
        }
        let id = ["id", "ID", "Id", "key"]
            .iter()
            .find_map(|k| obj.get(*k).and_then(json_cell));
        if nested {
            pairs.push((TREE_PARENT.to_string(), parent.clone().unwrap_or_default()));
        }
        if let Some(serde_json::Value::Array(kids)) = obj.get("children") {
            if nested && id.is_none() {
                problems.push(Problem::error(
                    at.col(0, Some("id")),
                    "a node with `children` needs an `id`",
                ));
            }
            for k in kids.iter().rev() {
                stack.push((k, id.clone()));
            }
        }
        table.push(at, pairs);
    }
    if nested && table.columns.iter().any(|c| c == TREE_PARENT) {
        // A tree's own parentId (written by hand) would be overwritten: keep
        // the tree's.
    }
    if problems.is_empty() {
        Ok(table)
    } else {
        Err(problems)
    }
}

/// A YAML node as a cell's text.
fn yaml_cell(n: &marked_yaml::Node) -> Option<String> {
    match n {
        marked_yaml::Node::Scalar(s) => Some(s.as_str().trim().to_string()),
        marked_yaml::Node::Sequence(seq) => {
            let items: Option<Vec<String>> = seq.iter().map(yaml_cell).collect();
            items.map(|v| v.join(&LIST_SEP.to_string()))
        }
        marked_yaml::Node::Mapping(_) => None,
    }
}

/// A folder of YAML or JSON files, one per person: each file is a row, its
/// keys the columns; the file's stem is the `file` column.
fn read_folder(dir: &Path, name: &str) -> Result<Table, Vec<Problem>> {
    let mut files: Vec<_> = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter(|e| {
            let ext = e
                .path()
                .extension()
                .map(|x| x.to_string_lossy().to_lowercase());
            matches!(ext.as_deref(), Some("yaml" | "yml" | "json" | "md"))
        })
        .map(|e| e.into_path())
        .collect();
    files.sort();
    let mut table = Table {
        name: name.to_string(),
        keyed: true,
        columns: vec!["file".to_string()],
        ..Table::default()
    };
    let mut problems = Vec::new();
    for f in files {
        let shown = f.display().to_string();
        let mut at = At::file(&shown);
        at.row = 1;
        let text = match std::fs::read(&f)
            .map_err(|e| e.to_string())
            .and_then(|b| decode(&b, None))
        {
            Ok(t) => t,
            Err(e) => {
                problems.push(Problem::error(
                    At::file(&shown),
                    format!("cannot read: {e}"),
                ));
                continue;
            }
        };
        let stem = f
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let mut pairs = vec![("file".to_string(), stem)];
        let is_json = f
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("json"));
        if is_json {
            match serde_json::from_str::<serde_json::Value>(&text) {
                Ok(serde_json::Value::Object(o)) => {
                    for (k, v) in o {
                        if let Some(c) = json_cell(&v) {
                            pairs.push((k, c));
                        }
                    }
                }
                Ok(_) => problems.push(Problem::error(at.clone(), "expected an object of fields")),
                Err(e) => problems.push(Problem::error(at.clone(), format!("not JSON: {e}"))),
            }
        } else {
            // Markdown with front matter, or plain YAML.
            let yaml = match text.strip_prefix("---") {
                Some(rest) => rest.split("\n---").next().unwrap_or(""),
                None => text.as_str(),
            };
            match marked_yaml::parse_yaml(0, yaml) {
                Ok(marked_yaml::Node::Mapping(m)) => {
                    for (k, v) in m.iter() {
                        if let Some(c) = yaml_cell(v) {
                            pairs.push((k.as_str().to_string(), c));
                        }
                    }
                }
                Ok(_) => problems.push(Problem::error(at.clone(), "expected `field: value` lines")),
                Err(e) => problems.push(Problem::error(at.clone(), format!("not YAML: {e}"))),
            }
        }
        table.push(at, pairs);
    }
    if table.rows.is_empty() && problems.is_empty() {
        problems.push(Problem::error(
            At::file(name),
            "no .yaml, .yml, .json or .md files in this folder",
        ));
    }
    if problems.is_empty() {
        Ok(table)
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delimiter_bom_and_quoted_newlines() {
        let t = read_delimited("a;b\n1;\"x\ny\"\n2;z\n", "t.csv").unwrap();
        assert_eq!(t.columns, ["a", "b"]);
        assert_eq!(t.rows[0].cells, ["1", "x\ny"]);
        assert_eq!(t.rows[1].at.row, 4);
        assert_eq!(decode(b"\xef\xbb\xbfid", None).unwrap(), "id");
        assert_eq!(decode(b"\xff\xfei\x00d\x00", None).unwrap(), "id");
    }

    #[test]
    fn big5_is_named_when_not_utf8() {
        let (bytes, _, _) = encoding_rs::BIG5.encode("工號,姓名\n1,陳一\n");
        let e = decode(&bytes, None).unwrap_err();
        assert!(e.contains("--encoding big5"), "{e}");
        assert_eq!(decode(&bytes, Some("big5")).unwrap(), "工號,姓名\n1,陳一\n");
    }

    #[test]
    fn nested_tree_becomes_rows_with_parents() {
        let t = read_json(
            r#"{"id":"1","name":"A","children":[{"id":"2","name":"B"}]}"#,
            "t.json",
        )
        .unwrap();
        let p = t.column(TREE_PARENT).unwrap();
        assert_eq!(t.rows[1].cells[p], "1");
        assert_eq!(t.rows[0].cells[p], "");
    }
}
