//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use scraper::{Html, Selector};

/// The example's positions (ids) in chart order (sales before customer
/// service, as the seed draws them): the seed's seven role descriptions
/// and the four posts only its staffing table and chart show (a 銷售組長
/// in each of 銷售一部, 二部 and 三部, and the trainee 業務員).
pub const EXAMPLE_CHART_ORDER: [&str; 11] = [
    "營銷總監",
    "銷售經理",
    "銷售主管",
    "財富專員",
    "業務員",
    "銷售一部組長",
    "銷售二部組長",
    "銷售三部組長",
    "客服經理",
    "客服主管",
    "客服專員",
];

/// Their titles, in the same order.
pub const EXAMPLE_CHART_TITLES: [&str; 11] = [
    "營銷總監",
    "銷售經理",
    "銷售主管",
    "財富專員",
    "業務員",
    "銷售組長",
    "銷售組長",
    "銷售組長",
    "客服經理",
    "客服主管",
    "客服專員",
];

/// The repository root, which is also the example site.
pub fn example_site() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixture(name: &str) -> PathBuf {
    example_site().join("tests").join("fixtures").join(name)
}

/// Builds a site into a new temporary folder; returns the folder (kept
/// alive by the returned guard) and the output path.
pub fn build(site: &Path) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = tmp.path().join("public");
    if let Err(d) = orgsite::site::build(site, &out, false) {
        panic!("build of {} failed:\n{d}", site.display());
    }
    (tmp, out)
}

pub fn read(out: &Path, rel: &str) -> String {
    std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

pub fn page(out: &Path, rel: &str) -> Html {
    Html::parse_document(&read(out, rel))
}

/// The text of every element matching `css`, whitespace collapsed.
pub fn texts(doc: &Html, css: &str) -> Vec<String> {
    let sel = Selector::parse(css).expect("selector");
    doc.select(&sel)
        .map(|e| {
            e.text()
                .collect::<Vec<_>>()
                .join(" ")
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

pub fn text(doc: &Html) -> String {
    texts(doc, "body").join(" ")
}

/// A link's path as the file name it stands for (`%20` is a space).
pub fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8()
        .expect("utf-8 after decoding")
        .into_owned()
}

/// Every file under `dir`, relative to it.
pub fn files(dir: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().strip_prefix(dir).expect("inside").to_path_buf())
        .collect()
}

/// Every `href` and `src` of an HTML or SVG file.
pub fn references(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in ["href=\"", "src=\""] {
        let mut rest = text;
        while let Some(i) = rest.find(attr) {
            rest = &rest[i + attr.len()..];
            let end = rest.find('"').expect("closing quote");
            out.push(rest[..end].replace("&amp;", "&"));
            rest = &rest[end..];
        }
    }
    out
}

/// A copy of the example site (content and site.yaml) in `to`, with
/// `extra` appended to its site.yaml.
pub fn copy_example(to: &Path, extra: &str) {
    let src = example_site();
    for rel in files(&src.join("content")) {
        let dest = to.join("content").join(&rel);
        std::fs::create_dir_all(dest.parent().expect("parent")).expect("mkdir");
        std::fs::copy(src.join("content").join(&rel), dest).expect("copy");
    }
    let yaml = std::fs::read_to_string(src.join("site.yaml")).expect("site.yaml");
    std::fs::write(to.join("site.yaml"), yaml + extra).expect("write");
}

/// The value of `attr` on every element matching `css`.
pub fn attrs(doc: &Html, css: &str, attr: &str) -> Vec<String> {
    let sel = Selector::parse(css).expect("selector");
    doc.select(&sel)
        .filter_map(|e| e.value().attr(attr).map(String::from))
        .collect()
}

/// A built site's `search-index.js` split into its two globals: the
/// fields (`ORGSITE_SEARCH_FIELDS`) and the entries (`ORGSITE_SEARCH`).
pub fn search_index(out: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let js = read(out, "search-index.js");
    let value = |name: &str| -> &str {
        let start = js
            .find(&format!("window.{name} = "))
            .unwrap_or_else(|| panic!("{name} in {js}"))
            + name.len()
            + 10;
        let end = start + js[start..].find(";\n").expect("end of statement");
        &js[start..end]
    };
    (
        serde_json::from_str(value("ORGSITE_SEARCH_FIELDS")).expect("fields are JSON"),
        serde_json::from_str(value("ORGSITE_SEARCH")).expect("entries are JSON"),
    )
}

/// Runs the theme's `search.js` under Node against a built site's index,
/// the same code the pages run: `body` is a function body that may use `S`
/// (search.js) and `window.ORGSITE_SEARCH(_FIELDS)` and returns an array
/// of strings. `None` when Node is not installed.
pub fn node_search(out: &Path, body: &str) -> Option<Vec<String>> {
    if !has_node() {
        return None;
    }
    let script = format!(
        "global.window = {{}};\n\
         require({index:?});\n\
         const S = require({search:?});\n\
         console.log(JSON.stringify((() => {{ {body} }})()));",
        index = out.join("search-index.js"),
        search = out.join("search.js"),
    );
    Some(run_node(&script))
}

/// Runs the theme's `search.js` under Node as the page `rel` of a built
/// site runs it, with a minimal DOM: its search box, the index loaded
/// through a script element as a browser loads it, and every `id` and
/// `name` of the page standing for a global as a browser makes it (DOM
/// clobbering: `<a id="x">` is `window.x`). Types `query` into the box and
/// returns the results' titles, or the box's message. `None` when Node is
/// not installed.
pub fn node_search_page(out: &Path, rel: &str, query: &str) -> Option<Vec<String>> {
    if !has_node() {
        return None;
    }
    let doc = page(out, rel);
    let mut names: Vec<String> = Vec::new();
    for attr in ["id", "name"] {
        names.extend(attrs(&doc, &format!("[{attr}]"), attr));
    }
    let form = Selector::parse("form.search").expect("selector");
    let form = doc.select(&form).next().expect("the search box");
    let form_attrs: std::collections::BTreeMap<&str, &str> = form.value().attrs().collect();
    let script = format!(
        r#"const vm = require("vm"), fs = require("fs");
const names = {names}, formAttrs = {form_attrs}, index = {index:?};
function el(tag) {{
  return {{
    tagName: tag.toUpperCase(), children: [], attrs: {{}}, hidden: false, value: "", text: "",
    listeners: {{}},
    get firstChild() {{ return this.children[0] || null; }},
    removeChild(c) {{ this.children.splice(this.children.indexOf(c), 1); }},
    appendChild(c) {{ this.children.push(c); if (c.tagName === "SCRIPT") load(c); return c; }},
    addEventListener(t, f) {{ this.listeners[t] = f; }},
    getAttribute(k) {{ return k in this.attrs ? this.attrs[k] : null; }},
    querySelector(s) {{ return s === "input" ? input : s === ".search-results" ? list : null; }},
    querySelectorAll() {{ return []; }},
    contains() {{ return false; }},
    set textContent(t) {{ this.text = t; }},
    focus() {{}},
  }};
}}
const form = el("form"), input = el("input"), list = el("ol"), body = el("body");
form.attrs = formAttrs;
function load(script) {{
  // As a browser runs a script element: document.currentScript is it.
  document.currentScript = script;
  try {{ vm.runInThisContext(fs.readFileSync(index, "utf8")); }}
  finally {{ document.currentScript = null; }}
  setImmediate(() => script.onload && script.onload());
}}
global.window = global;
global.document = {{
  currentScript: null, body, activeElement: null,
  querySelector: s => (s === "form.search" ? form : null),
  createElement: el,
  createTextNode: t => ({{ text: t }}),
  addEventListener() {{}},
}};
// What a browser makes of the page's ids and names: globals, unless
// the name is one already.
for (const n of names) if (!(n in global)) global[n] = el("a");
vm.runInThisContext(fs.readFileSync({search:?}, "utf8"));
input.value = {query:?};
input.listeners.input();
setTimeout(() => {{
  const text = e => e.text + (e.children || []).map(text).join("");
  const titles = list.children.map(li => {{
    const a = li.children[0];
    return a && a.children ? text(a.children[0]) : text(li);
  }});
  console.log(JSON.stringify(titles));
}}, 50);
"#,
        names = serde_json::to_string(&names).expect("names"),
        form_attrs = serde_json::to_string(&form_attrs).expect("attrs"),
        index = out.join("search-index.js"),
        search = out.join("search.js"),
    );
    Some(run_node(&script))
}

/// Whether the tests run on CI: `CI` set to anything but empty, `0` or
/// `false` (the rule insta follows for its snapshots).
pub fn on_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !matches!(v.as_str(), "" | "0" | "false"))
}

/// Whether Node is installed (the search tests say so when it is not).
fn has_node() -> bool {
    let found = std::process::Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    // On CI a missing Node is a failure, never a quiet skip.
    assert!(
        found || !on_ci(),
        "node is not installed, and CI is set: the search.js tests cannot run"
    );
    if !found {
        eprintln!("node is not installed: search.js not exercised");
    }
    found
}

/// Runs `script` under Node and reads the JSON it prints.
fn run_node<T: serde::de::DeserializeOwned>(script: &str) -> T {
    let run = std::process::Command::new("node")
        .arg("-e")
        .arg(script)
        .output()
        .expect("node runs");
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    serde_json::from_slice(&run.stdout).expect("JSON from the search script")
}
