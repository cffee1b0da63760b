//! Lists the built-in theme's language files (`themes/default/i18n/*.yaml`)
//! for `theme.rs` to embed, so that adding a language is adding a file.

use std::path::Path;
use std::{env, fs};

fn main() {
    let dir = Path::new("themes/default/i18n");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files: Vec<(String, String)> = fs::read_dir(dir)
        .expect("themes/default/i18n")
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let p = e.path();
            let lang = p.file_name()?.to_str()?.strip_suffix(".yaml")?.to_string();
            println!("cargo:rerun-if-changed={}", p.display());
            let abs = fs::canonicalize(&p).ok()?;
            Some((lang, abs.to_str()?.to_string()))
        })
        .collect();
    files.sort();
    let mut out = String::from("&[\n");
    for (lang, path) in files {
        out.push_str(&format!("    ({lang:?}, include_str!({path:?})),\n"));
    }
    out.push(']');
    let dest = Path::new(&env::var("OUT_DIR").expect("OUT_DIR")).join("i18n_files.rs");
    fs::write(dest, out).expect("write i18n_files.rs");
}
