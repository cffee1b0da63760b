//! A site's own theme grows the built-in one: templates it adds (partials
//! its overrides include), static files it adds (copied, sub-folders kept),
//! and every file that cannot be used named in an error.

mod common;

use std::fs;
use std::path::Path;

use common::*;

#[test]
fn an_added_partial_and_an_added_static_file_reach_the_output() {
    let site = fixture("themes/growing");
    let (_tmp, out) = build(&site);
    // base.html (overridden) includes partials/footer.html (added), on
    // every page, with the page's own root.
    for (rel, root) in [("index.html", ""), ("positions/member.html", "../")] {
        let doc = page(&out, rel);
        assert_eq!(
            texts(&doc, "aside.brand-footer"),
            ["Growing Theme, made with an added partial"],
            "{rel}"
        );
        assert_eq!(
            attrs(&doc, "aside.brand-footer img", "src"),
            [format!("{root}brand/logo.svg")]
        );
        assert!(
            attrs(&doc, "link[rel=stylesheet]", "href").contains(&format!("{root}brand/brand.css"))
        );
    }
    // The added static files, at the same paths, byte for byte.
    let added = site.join("themes/default/static");
    for rel in ["brand/brand.css", "brand/logo.svg"] {
        assert_eq!(
            fs::read(out.join(rel)).unwrap(),
            fs::read(added.join(rel)).unwrap(),
            "{rel}"
        );
    }
    // The built-in ones are still there, and nothing else was added.
    let builtin = orgsite::theme::Theme::builtin();
    for (name, bytes) in builtin.static_files() {
        assert_eq!(fs::read(out.join(&name)).unwrap(), bytes, "{name}");
    }
    let statics: Vec<_> = files(&out)
        .into_iter()
        .filter(|f| f.starts_with("brand"))
        .collect();
    assert_eq!(statics.len(), 2, "{statics:?}");
}

/// A new site (from `orgsite init`) in a temporary folder, with `files`
/// (path, bytes) added to it.
fn site_with(files: &[(&str, &[u8])]) -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    orgsite::init::init(&site).unwrap();
    for (rel, bytes) in files {
        let p = site.join(rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, bytes).unwrap();
    }
    (tmp, site)
}

fn build_errors(site: &Path) -> String {
    let out = site.parent().unwrap().join("out");
    match orgsite::site::build(site, &out, false) {
        Ok(_) => panic!("the build of {} must fail", site.display()),
        Err(d) => {
            assert!(!out.exists(), "nothing is written");
            d.render(false)
        }
    }
}

#[test]
fn every_added_file_that_cannot_be_used_is_named() {
    let (_tmp, site) = site_with(&[
        ("themes/default/templates/partials/latin1.html", b"caf\xe9"),
        ("themes/default/static/con.css", b"a{}"),
        ("themes/default/static/brand/a:b.css", b"a{}"),
        ("themes/default/static/positions/extra.html", b"x"),
        ("themes/default/static/Index.html", b"x"),
        // Used: an added file beside them.
        ("themes/default/static/brand/ok.css", b"a{}"),
        // Left out, as in content/: an editor's swap file, a hidden folder.
        ("themes/default/templates/.base.html.swp", b"\xff\xfe"),
        ("themes/default/static/.cache/x", b"\xff"),
    ]);
    assert_eq!(
        build_errors(&site),
        "themes/default/static/Index.html: error: not copied: `Index.html` cannot name an output file: orgsite writes that file itself\n\
         themes/default/static/brand/a:b.css: error: not copied: `brand/a:b.css` cannot name an output file: `a:b.css`: it contains a character Windows does not allow in file names (: * ? \" < > |)\n\
         themes/default/static/con.css: error: not copied: `con.css` cannot name an output file: `con.css`: it is a name Windows reserves for devices\n\
         themes/default/static/positions/extra.html: error: not copied: `positions/extra.html` cannot name an output file: orgsite writes its own pages into `positions/`\n\
         themes/default/templates/partials/latin1.html: error: not read: a template must be UTF-8 text\n\
         5 errors, 0 warnings\n"
    );
}

#[cfg(unix)]
#[test]
fn an_added_file_whose_name_is_not_utf8_is_named() {
    use std::os::unix::ffi::OsStrExt;
    let (_tmp, site) = site_with(&[]);
    let dir = site.join("themes/default/static");
    fs::create_dir_all(&dir).unwrap();
    fs::write(dir.join(std::ffi::OsStr::from_bytes(b"logo\xff.svg")), "x").unwrap();
    assert_eq!(
        build_errors(&site),
        "themes/default/static/logo\u{fffd}.svg: error: not read: the file name is not valid UTF-8\n\
         1 error, 0 warnings\n"
    );
}

#[test]
fn an_added_partial_with_a_mistake_is_named() {
    let (_tmp, site) = site_with(&[("themes/default/templates/partials/x.html", b"{% if %}")]);
    let msg = build_errors(&site);
    assert!(msg.contains("template error"), "{msg}");
    assert!(msg.contains("partials/x.html"), "{msg}");
}

#[test]
fn a_sites_style_css_styles_chart_svg_too() {
    let builtin = String::from_utf8(
        orgsite::theme::Theme::builtin()
            .static_files()
            .into_iter()
            .find(|(n, _)| n == "style.css")
            .unwrap()
            .1,
    )
    .unwrap();
    let mine = builtin.replace(
        ".oc-box{fill:#fff;stroke:#c3cad6;stroke-width:1}",
        ".oc-box{fill:#fff;stroke:#123456;stroke-width:1}",
    );
    assert_ne!(mine, builtin);
    let (_tmp, site) = site_with(&[("themes/default/static/style.css", mine.as_bytes())]);
    let (_out_tmp, out) = build(&site);
    let svg = read(&out, "chart.svg");
    assert!(svg.contains("<style>svg.orgchart{font-family:"), "{svg}");
    assert!(svg.contains("}.oc-box{fill:#fff;stroke:#123456;stroke-width:1}.oc-empty"));
    assert_eq!(read(&out, "style.css"), mine);
}

#[test]
fn the_names_a_static_file_may_not_take_are_what_the_build_writes() {
    let (_tmp, out) = build(&example_site());
    let statics: Vec<String> = orgsite::theme::Theme::builtin()
        .static_files()
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    for f in files(&out) {
        let top = f.iter().next().unwrap().to_str().unwrap().to_string();
        let generated = if f.components().count() > 1 {
            orgsite::theme::GENERATED_FOLDERS.contains(&top.as_str())
        } else {
            orgsite::theme::GENERATED_FILES.contains(&top.as_str())
        };
        assert!(
            generated || statics.contains(&top) || top == orgsite::site::MARKER,
            "{} is written by the build but not in theme::GENERATED_*",
            f.display()
        );
    }
}
