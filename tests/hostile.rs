//! A hostile document must not put script into a reader's browser nor write
//! outside the output folder.

mod common;

use std::fs;

use common::*;

#[test]
fn script_in_every_field_stays_text() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    let x = "<script>alert(1)</script>";
    fs::create_dir_all(site.join("content/evil")).unwrap();
    fs::write(
        site.join("site.yaml"),
        // A report to a recipient that exists nowhere is shown by name, so
        // it is kept a warning here.
        format!(
            "title: \"{x}\"\nexternal:\n  ext: {{ title: \"{x}\" }}\nunknown_recipients: warning\n"
        ),
    )
    .unwrap();
    fs::write(
        site.join("content/evil/_unit.md"),
        format!("---\nname: \"{x}\"\ncolor: \"#abc\"\n---\n{x}\n"),
    )
    .unwrap();
    fs::write(
        site.join("content/evil/boss.md"),
        format!(
            "---\ntitle: \"{x}\"\nexternal_title: \"{x}\"\nlevel: \"{x}\"\nreports_to: ext\nscope: \"{x}\"\n\
             holders: [\"{x}\", {{ name: \"<img src=x onerror=alert(1)>\", status: pending }}]\nheadcount: 3\n\
             tags: [\"{x}\"]\nreports:\n  - {{ name: \"{x}\", to: \"{x}\", every: day, by: \"10:00\" }}\n\
             targets:\n  - {{ name: \"{x}\", min: 1, unit: \"{x}\" }}\n---\n\
             # {x}\n\n<div onclick=\"alert(1)\">raw</div>\n\n[click](javascript:alert(1)) \
             [data](data:text/html;base64,PHNjcmlwdD4=) ![img](javascript:alert(1)) [ok](https://example.com)\n"
        ),
    )
    .unwrap();
    // A person file with script in every text field and its biography.
    fs::create_dir_all(site.join("people")).unwrap();
    fs::write(
        site.join("people/evil.md"),
        format!(
            "---\nname: \"{x}\"\nsort_as: \"{x}\"\nphone: \"{x}\"\nlocation: \"{x}\"\npronouns: \"{x}\"\n\
             links: {{ \"{x}\": \"https://example.com/?q=<script>\" }}\n---\n{x}\n"
        ),
    )
    .unwrap();
    fs::write(
        site.join("content/evil/aide.md"),
        "---\ntitle: Aide\nreports_to: boss\nholders: [{ person: evil }]\n---\nHelps.\n",
    )
    .unwrap();
    let (_t, out) = build(&site);
    assert!(out.join("people/evil.html").is_file());
    let mut html_files = 0;
    for f in files(&out) {
        let text = fs::read_to_string(out.join(&f)).unwrap_or_default();
        // Calendars and CSV are not markup: their text stays as written.
        if f.extension()
            .is_some_and(|e| e == "ics" || e == "csv" || e == "vcf")
        {
            continue;
        }
        // The theme's own scripts (the search) are the only script elements.
        let lower = text
            .to_lowercase()
            .replace("<script src=\"search-index.js\"></script>", "")
            .replace("<script src=\"search.js\"></script>", "")
            .replace("<script src=\"../search-index.js\"></script>", "")
            .replace("<script src=\"../search.js\"></script>", "")
            .replace("<script src=\"chart.js\"></script>", "")
            .replace("<script src=\"people.js\"></script>", "");
        assert!(
            !lower.contains("<script"),
            "{}: script element",
            f.display()
        );
        assert!(!lower.contains("<img"), "{}: img element", f.display());
        assert!(!lower.contains("<div onclick"), "{}: raw html", f.display());
        assert!(
            !lower.contains("onload=\""),
            "{}: event handler",
            f.display()
        );
        for r in references(&text) {
            let r = r.to_lowercase();
            assert!(
                !r.starts_with("javascript:") && !r.starts_with("data:"),
                "{}: {r}",
                f.display()
            );
        }
        html_files += usize::from(f.extension().is_some_and(|e| e == "html"));
    }
    assert!(html_files >= 4);
    // The text is there, escaped.
    assert!(read(&out, "positions/boss.html").contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(read(&out, "positions/boss.html").contains(r#"<a href="https://example.com">ok</a>"#));
}

#[cfg(unix)]
#[test]
fn symlinks_out_of_content_are_not_followed() {
    let tmp = tempfile::tempdir().unwrap();
    let outside = tmp.path().join("outside");
    fs::create_dir_all(outside.join("secret")).unwrap();
    fs::write(outside.join("secret/leak.md"), "---\ntitle: LEAKED\n---\n").unwrap();
    fs::write(outside.join("leak.md"), "---\ntitle: LEAKED FILE\n---\n").unwrap();
    let site = tmp.path().join("site");
    fs::create_dir_all(site.join("content")).unwrap();
    fs::write(site.join("content/top.md"), "---\ntitle: Top\n---\n- top\n").unwrap();
    std::os::unix::fs::symlink(outside.join("secret"), site.join("content/linked-dir")).unwrap();
    std::os::unix::fs::symlink(outside.join("leak.md"), site.join("content/linked.md")).unwrap();
    let (org, d) = orgsite::site::check(&site);
    assert_eq!(org.positions.len(), 1);
    assert_eq!(
        d.to_string(),
        "content/linked-dir: warning: symbolic link skipped: orgsite does not follow links in content/\n\
         content/linked.md: warning: symbolic link skipped: orgsite does not follow links in content/\n"
    );
    let (_t, out) = build(&site);
    for f in files(&out) {
        assert!(
            !fs::read_to_string(out.join(&f))
                .unwrap_or_default()
                .contains("LEAKED"),
            "{}",
            f.display()
        );
    }
}

#[test]
fn ids_that_would_escape_the_output_stop_the_build() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    fs::create_dir_all(site.join("content")).unwrap();
    fs::write(site.join("content/top.md"), "---\ntitle: Top\n---\n- top\n").unwrap();
    fs::write(
        site.join("content/x.md"),
        "---\ntitle: X\nid: ../../escaped\nreports_to: top\n---\n- x\n",
    )
    .unwrap();
    let out = tmp.path().join("out");
    let err = orgsite::site::build(&site, &out, false).expect_err("must fail");
    assert!(err.to_string().contains("cannot be an id"), "{err}");
    assert!(!out.exists());
    assert!(!tmp.path().join("escaped.html").exists());
}

/// Builds the example site with the fixture theme `theme`'s 404.html
/// (tests/fixtures/themes/), through the binary, with the page limit
/// `mib` (None: the default), its memory bounded by `ulimit -v`.
fn build_with_theme(theme: &str, mib: Option<&str>) -> (std::process::Output, tempfile::TempDir) {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    orgsite::init::init(&site).unwrap();
    let templates = site.join("themes/default/templates");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::copy(
        fixture("themes").join(theme).join("404.html"),
        templates.join("404.html"),
    )
    .unwrap();
    let mut cmd = std::process::Command::new("sh");
    cmd.arg("-c")
        .arg("ulimit -v 4000000; exec \"$0\" build \"$1\" -o \"$2\"")
        .arg(env!("CARGO_BIN_EXE_orgsite"))
        .arg(&site)
        .arg(tmp.path().join("out"))
        .env_remove(orgsite::limit::MAX_PAGE_ENV);
    if let Some(m) = mib {
        cmd.env(orgsite::limit::MAX_PAGE_ENV, m);
    }
    (cmd.output().unwrap(), tmp)
}

#[test]
fn a_template_that_doubles_a_string_stops_with_the_limit_named() {
    for (mib, limit) in [(Some("4"), "4 MiB"), (None, "256 MiB")] {
        let start = std::time::Instant::now();
        let (o, tmp) = build_with_theme("doubling", mib);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{err}");
        assert!(err.contains("themes/default/templates/404.html"), "{err}");
        assert!(err.contains(&format!("the limit of {limit}")), "{err}");
        assert!(err.contains("ORGSITE_MAX_PAGE_MIB"), "{err}");
        assert!(start.elapsed().as_secs() < 60);
        // Nothing half-written is left beside the output.
        let names: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().collect();
        assert_eq!(names.len(), 1, "{names:?}");
    }
}

#[test]
fn a_template_that_writes_without_end_is_one_error() {
    let (o, _tmp) = build_with_theme("repeating", Some("4"));
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("themes/default/templates/404.html: error: the page this template renders is larger than the limit of 4 MiB"),
        "{err}"
    );
    assert!(err.contains("1 error"), "{err}");
}
/// Headings whose `{…}` attributes would run script on page load, or take
/// the focus, in a position's body (its own page, its unit's page, the
/// front page's and the print pages) and in a unit's description.
const HOSTILE_HEADINGS: &str = "### Focus {autofocus onfocus=document.title='x' tabindex=0}\n\n\
    text\n\n## More {#more .ok onclick=alert(1) onmouseover=alert(2)}\n\n\
    ## Main {#main}\n\nx\n";

fn hostile_heading_site(site: &std::path::Path, raw: bool) {
    fs::create_dir_all(site.join("content/u")).unwrap();
    fs::write(
        site.join("site.yaml"),
        format!("title: T\nallow_raw_html: {raw}\n"),
    )
    .unwrap();
    fs::write(
        site.join("content/u/_unit.md"),
        format!("---\nname: U\n---\n{HOSTILE_HEADINGS}"),
    )
    .unwrap();
    fs::write(
        site.join("content/u/boss.md"),
        format!("---\ntitle: Boss\n---\n## Duties\n\n{HOSTILE_HEADINGS}"),
    )
    .unwrap();
    fs::write(
        site.join("content/u/aide.md"),
        format!("---\ntitle: Aide\nreports_to: boss\n---\n{HOSTILE_HEADINGS}"),
    )
    .unwrap();
}

#[test]
fn heading_attributes_cannot_run_script_or_take_the_focus() {
    for raw in [false, true] {
        let tmp = tempfile::tempdir().unwrap();
        let site = tmp.path().join("site");
        hostile_heading_site(&site, raw);
        let (_t, out) = build(&site);
        let mut headings = 0;
        for f in files(&out) {
            if f.extension().is_none_or(|e| e != "html") {
                continue;
            }
            let doc = page(&out, f.to_str().unwrap());
            let all = scraper::Selector::parse("*").unwrap();
            let mut mains = 0;
            for el in doc.select(&all) {
                for (name, _) in el.value().attrs() {
                    let ok = !name.starts_with("on")
                        && name != "autofocus"
                        && (name != "tabindex"
                            || el.value().has_class(
                                "chart-viewport",
                                scraper::CaseSensitivity::CaseSensitive,
                            ));
                    assert!(
                        ok,
                        "{}: {name} on <{}> (raw {raw})",
                        f.display(),
                        el.value().name()
                    );
                }
                mains += usize::from(el.value().id() == Some("main"));
            }
            // The page's own `main` stays the only one.
            assert!(mains <= 1, "{}: {mains} elements with id main", f.display());
            headings += usize::from(texts(&doc, "h2, h3").iter().any(|t| t == "Focus"));
        }
        // The headings are there, as headings: both positions, the unit, print.
        assert!(headings >= 4, "{headings} headings (raw {raw})");
        let boss = read(&out, "positions/boss.html");
        assert!(boss.contains(r#"id="more" class="ok""#), "{boss}");
        assert!(boss.contains(r#"id="user-content-main""#), "{boss}");
    }
}
