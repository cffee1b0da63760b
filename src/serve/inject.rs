//! What `serve` adds to the pages it sends, and never to `build` output:
//! the live-reload script, the overlay that shows a failed rebuild's
//! diagnostics, and the built-in pages for "not found" and "not built yet".

use std::path::Path;

use crate::diag::{Diagnostic, Diagnostics, Severity};
use crate::text::xml_escape;

/// The path of the server-sent events stream the script listens to.
pub const EVENTS_PATH: &str = "/__orgsite/events";

/// The id of the overlay element. The script finds the overlay by its
/// `data-orgsite-overlay` attribute instead, which no document can give an
/// element, so that a heading `{#orgsite-overlay}` is never taken for it.
const OVERLAY_ID: &str = "orgsite-overlay";

/// The live-reload script for a page served from the build `version`.
/// On connecting, the server says which build is current (`hello`); a page
/// from another build reloads, so a rebuild that happened between loading
/// the page and connecting is not missed. Then `reload` (a new build),
/// `failed` (the overlay's HTML, escaped by the server) and `ok` (the
/// failure is gone without a new build) keep the page current.
pub fn script(version: &str) -> String {
    format!(
        "<script>/* orgsite serve: live reload */(()=>{{const v=\"{v}\",\
es=new EventSource(\"{EVENTS_PATH}\"),rm=()=>document.querySelectorAll(\"div[data-orgsite-overlay]\").forEach(o=>o.remove());\
es.addEventListener(\"hello\",e=>{{if(e.data!==v)location.reload()}});\
es.addEventListener(\"reload\",()=>location.reload());\
es.addEventListener(\"failed\",e=>{{rm();document.body.insertAdjacentHTML(\"beforeend\",e.data)}});\
es.addEventListener(\"ok\",rm)}})();</script>",
        v = js_string_safe(version)
    )
}

/// Versions are ours (`[0-9a-z-]`), but keep the script well-formed whatever they hold.
fn js_string_safe(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect()
}

/// Inserts `extra` before the last `</body>` of an HTML page (any case),
/// or at the end when the page has none.
pub fn before_body_end(html: &[u8], extra: &str) -> Vec<u8> {
    let at = rfind_ascii_ci(html, b"</body>").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + extra.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(extra.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

/// Makes the relative links of a page resolve from the site's root: a
/// site's `404.html` is written for the root but sent for any missing
/// path, such as `/positions/gone.html`. Pages with a `<base>` are left alone.
pub fn root_base(html: &[u8]) -> Vec<u8> {
    if find_ascii_ci(html, b"<base").is_some() {
        return html.to_vec();
    }
    let Some(head) = find_ascii_ci(html, b"<head") else {
        return html.to_vec();
    };
    let Some(close) = html[head..].iter().position(|&b| b == b'>') else {
        return html.to_vec();
    };
    let at = head + close + 1;
    let mut out = html[..at].to_vec();
    out.extend_from_slice(b"<base href=\"/\">");
    out.extend_from_slice(&html[at..]);
    out
}

fn find_ascii_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

fn rfind_ascii_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len())
        .rposition(|w| w.eq_ignore_ascii_case(needle))
}

/// The overlay for a failed build: every diagnostic as `orgsite build`
/// prints it, each followed by the line of the file it points at, all
/// escaped. Errors come first and in full; warnings, which did not stop
/// the build, are folded away. `has_site` says whether an earlier build
/// is still being served.
pub fn overlay(diags: &Diagnostics, site: &Path, has_site: bool) -> String {
    let (errors, warnings): (Vec<_>, Vec<_>) =
        diags.sorted().into_iter().partition(|d| d.is_error());
    let listing = |items: &[Diagnostic]| {
        let mut out = String::new();
        for d in items {
            let color = match d.severity {
                Severity::Error => "#ff9b9b",
                Severity::Warning => "#ffd479",
            };
            // The same text as the terminal shows: message, line, caret.
            let text = std::fs::read(site.join(&d.path))
                .ok()
                .map(|b| String::from_utf8_lossy(&b).into_owned());
            let rendered = d.render(text.as_deref(), false);
            let (head, snippet) = rendered.split_once('\n').unwrap_or((&rendered, ""));
            out.push_str(&format!(
                "<span style=\"color:{color};font-weight:bold\">{}</span>\n",
                xml_escape(head)
            ));
            if !snippet.is_empty() {
                out.push_str(&format!(
                    "<span style=\"color:#c9c9c9\">{}</span>\n",
                    xml_escape(snippet)
                ));
            }
        }
        out
    };
    const PRE: &str = "white-space:pre-wrap;word-break:break-word;margin:8px 0;font:inherit";
    let mut body = format!("<pre style=\"{PRE}\">{}</pre>", listing(&errors));
    if !warnings.is_empty() {
        let n = warnings.len();
        body.push_str(&format!(
            "<details style=\"margin:0 0 8px\"><summary style=\"cursor:pointer;color:#ffd479\">{n} warning{}</summary>\
<pre style=\"{PRE}\">{}</pre></details>",
            if n == 1 { "" } else { "s" },
            listing(&warnings)
        ));
    }
    let heading = if has_site {
        "The site did not build. The page beneath is from the last good build."
    } else {
        "The site did not build."
    };
    format!(
        "<div id=\"{OVERLAY_ID}\" data-orgsite-overlay role=\"alert\" style=\"position:fixed;top:0;left:0;right:0;\
max-height:75vh;overflow:auto;z-index:2147483647;box-sizing:border-box;margin:0;padding:14px 20px;\
background:#2a0f12;color:#f4e4e4;border-bottom:4px solid #e5484d;box-shadow:0 6px 24px rgba(0,0,0,.45);\
font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,'Noto Sans Mono CJK SC',monospace;text-align:left\">\
<button type=\"button\" aria-label=\"Close\" onclick=\"this.parentNode.remove()\" style=\"float:right;\
background:none;border:0;color:inherit;font-size:20px;line-height:1;cursor:pointer\">&#215;</button>\
<div style=\"font-weight:bold;font-size:15px\">orgsite: {heading}</div>{body}\
<div style=\"color:#c9b5b5\">{summary}. Fix the file and save it: this page updates by itself.</div></div>",
        summary = xml_escape(&diags.summary())
    )
}

/// The page sent for a missing file when the site has no `404.html`.
pub fn not_found_page() -> String {
    minimal_page(
        "Not found",
        "This page is not part of the site. <a href=\"/\">Go to the front page</a>.",
    )
}

/// The page sent for every path while no build has succeeded yet; the
/// overlay on it says why.
pub fn not_built_page() -> String {
    minimal_page(
        "Not built yet",
        "The site has not built yet. Fix the problems shown above and save: this page updates by itself.",
    )
}

fn minimal_page(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{title}</title>\n</head>\n\
<body style=\"font:16px/1.5 system-ui,sans-serif;margin:0;padding:30vh 2em 2em;text-align:center;color:#333\">\n\
<h1 style=\"font-weight:600\">{title}</h1>\n<p>{body}</p>\n</body>\n</html>\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_goes_before_the_last_body_end() {
        let page = b"<html><body><p>\"</body>\" in text</p></BODY></html>";
        let out = String::from_utf8(before_body_end(page, "<script></script>")).unwrap();
        assert_eq!(
            out,
            "<html><body><p>\"</body>\" in text</p><script></script></BODY></html>"
        );
        let bare = String::from_utf8(before_body_end(b"<p>x", "S")).unwrap();
        assert_eq!(bare, "<p>xS");
    }

    #[test]
    fn script_names_its_build_and_the_stream() {
        let s = script("abc-1\"</script>");
        assert!(s.contains("const v=\"abc-1script\""), "{s}");
        assert!(s.contains(EVENTS_PATH));
        assert_eq!(s.matches("</script>").count(), 1);
    }

    #[test]
    fn base_is_added_after_head_once() {
        let out = root_base(b"<html><head lang=x><title>t</title></head></html>");
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "<html><head lang=x><base href=\"/\"><title>t</title></head></html>"
        );
        let with = b"<head><base href=\"/x/\"></head>";
        assert_eq!(root_base(with), with.to_vec());
    }

    #[test]
    fn overlay_escapes_messages_and_shows_the_line() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("content")).unwrap();
        std::fs::write(
            dir.path().join("content/a.md"),
            "---\ntitle: <b>x</b>\r\nlevel: [\n---\n",
        )
        .unwrap();
        let mut d = Diagnostics::new();
        d.push(Diagnostic::warning("content/0.md", 1, 1, "a warning"));
        d.push(Diagnostic::error(
            "content/a.md",
            2,
            8,
            "bad <script>alert(1)</script> & more",
        ));
        let html = overlay(&d, dir.path(), true);
        assert!(!html.contains("<script>"), "{html}");
        assert!(html.contains("bad &lt;script&gt;alert(1)&lt;/script&gt; &amp; more"));
        assert!(html.contains("content/a.md:2:8: error:"));
        assert!(
            html.contains("2 | title: &lt;b&gt;x&lt;/b&gt;\n  |        ^^^^^^^^</span>"),
            "{html}"
        );
        assert!(html.contains("1 error, 1 warning"));
        assert!(html.find("error:") < html.find("warning:"), "errors first");
        assert!(
            html.contains("<summary style=\"cursor:pointer;color:#ffd479\">1 warning</summary>")
        );
        assert!(html.contains("last good build"));
    }
}
