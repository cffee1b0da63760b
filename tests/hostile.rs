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
        format!("title: \"{x}\"\nexternal:\n  ext: {{ title: \"{x}\" }}\n"),
    )
    .unwrap();
    fs::write(
        site.join("content/evil/_unit.md"),
        format!("---\nname: \"{x}\"\ncolor: \"red\\\" onload=\\\"alert(1)\"\n---\n{x}\n"),
    )
    .unwrap();
    fs::write(
        site.join("content/evil/boss.md"),
        format!(
            "---\ntitle: \"{x}\"\nexternal_title: \"{x}\"\nlevel: \"{x}\"\nreports_to: ext\nscope: \"{x}\"\n\
             holders: [\"{x}\", {{ name: \"<img src=x onerror=alert(1)>\", status: pending }}]\nheadcount: 3\n\
             tags: [\"{x}\"]\nreports:\n  - {{ name: \"{x}\", to: \"{x}\", every: day, by: \"{x}\" }}\n\
             targets:\n  - {{ name: \"{x}\", min: 1, unit: \"{x}\" }}\n---\n\
             # {x}\n\n<div onclick=\"alert(1)\">raw</div>\n\n[click](javascript:alert(1)) \
             [data](data:text/html;base64,PHNjcmlwdD4=) ![img](javascript:alert(1)) [ok](https://example.com)\n"
        ),
    )
    .unwrap();
    let (_t, out) = build(&site);
    let mut html_files = 0;
    for f in files(&out) {
        let text = fs::read_to_string(out.join(&f)).unwrap_or_default();
        // The theme's own chart viewer is the one script a page loads.
        let text = text.replace(r#"<script src="chart.js"></script>"#, "");
        let lower = text.to_lowercase();
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
