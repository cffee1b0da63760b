//! Markdown to HTML, safely: raw HTML in a document is shown as text (or,
//! with site.yaml's `allow_raw_html`, kept and sanitised), and links or
//! images whose scheme is not http, https, mailto or tel are dropped
//! (their text stays).

use pulldown_cmark::{html, Event, Options, Parser, Tag, TagEnd};

const ALLOWED_SCHEMES: [&str; 4] = ["http", "https", "mailto", "tel"];

/// True when a link target may reach an `href` or `src`: no scheme (a
/// relative link or a fragment) or one of the allowed schemes.
pub fn is_safe_url(url: &str) -> bool {
    // Browsers ignore ASCII whitespace and control characters inside a
    // scheme (`java\tscript:`), so the check must too.
    let cleaned: String = url
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_control())
        .collect();
    match cleaned.find([':', '/', '?', '#']) {
        Some(i) if cleaned.as_bytes()[i] == b':' => {
            let scheme = cleaned[..i].to_ascii_lowercase();
            ALLOWED_SCHEMES.contains(&scheme.as_str())
        }
        _ => true,
    }
}

/// A document body with its leading heading taken out, so that a page can
/// use that heading as the title of the section the body fills.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Body {
    pub heading: Option<String>,
    pub html: String,
}

/// Renders a body whose first block may be a heading (`## 工作內容`).
pub fn body(markdown: &str, allow_raw_html: bool) -> Body {
    body_in(markdown, "", allow_raw_html)
}

/// Like [`body`], with every id the body defines (footnotes, `{#id}`
/// headings) and every `#fragment` link prefixed by `id_prefix`, so that
/// several bodies can share one page (inherited duties, the printed
/// handbook) without two elements having the same id.
pub fn body_in(markdown: &str, id_prefix: &str, allow_raw_html: bool) -> Body {
    let trimmed = markdown.trim_start();
    if trimmed.starts_with('#') {
        if let Some((first, rest)) = trimmed.split_once('\n').or(Some((trimmed, ""))) {
            let text = first.trim_start_matches('#');
            // An ATX heading: one to six `#`, then a space or the end.
            let level = first.len() - text.len();
            if (1..=6).contains(&level) && (text.is_empty() || text.starts_with(' ')) {
                let heading = text.trim().trim_end_matches('#').trim();
                let heading = heading.split(" {").next().unwrap_or(heading).trim();
                return Body {
                    heading: (!heading.is_empty()).then(|| plain_text(heading)),
                    html: to_html_in(rest, id_prefix, allow_raw_html),
                };
            }
        }
    }
    Body {
        heading: None,
        html: to_html_in(markdown, id_prefix, allow_raw_html),
    }
}

/// The text of an inline Markdown fragment, without its markup.
fn plain_text(md: &str) -> String {
    Parser::new(md)
        .filter_map(|e| match e {
            Event::Text(t) | Event::Code(t) => Some(t.into_string()),
            _ => None,
        })
        .collect()
}

/// Renders a Markdown body to HTML; raw HTML is shown as text.
pub fn to_html(markdown: &str) -> String {
    to_html_in(markdown, "", false)
}

/// Renders a Markdown body to HTML. With `allow_raw_html` (site.yaml's
/// `allow_raw_html: true`) raw HTML is kept, and the whole result is then
/// sanitised: no script, no event handlers, no unlisted URL schemes.
pub fn render(markdown: &str, allow_raw_html: bool) -> String {
    to_html_in(markdown, "", allow_raw_html)
}

/// Allows what Markdown itself produces (heading and footnote ids, task
/// list checkboxes) and the usual formatting tags; links only with the
/// allowed schemes. Never a `name`, and every `id` written in raw HTML is
/// prefixed with [`USER_ID_PREFIX`] (as GitHub does), so that no element of
/// a document can stand for a global a script reads (DOM clobbering) or
/// take an id of the page's own. The ids Markdown made reach the
/// sanitiser marked with [`md_id`], which is taken off again.
fn sanitizer() -> &'static ammonia::Builder<'static> {
    static SANITIZER: std::sync::OnceLock<ammonia::Builder<'static>> = std::sync::OnceLock::new();
    SANITIZER.get_or_init(|| {
        let mut b = ammonia::Builder::default();
        b.add_generic_attributes(["id", "class"])
            .add_tags(["input"])
            .add_tag_attributes("input", ["type", "checked", "disabled"])
            .url_schemes(ALLOWED_SCHEMES.into_iter().collect())
            .link_rel(Some("noopener noreferrer"))
            .attribute_filter(|_element, attribute, value| match attribute {
                "name" => None,
                "id" => Some(match value.strip_prefix(md_id()) {
                    Some(ours) => ours.to_string().into(),
                    None => format!("{USER_ID_PREFIX}{value}").into(),
                }),
                "href" => Some(
                    match value
                        .strip_prefix('#')
                        .and_then(|f| f.strip_prefix(md_id()))
                    {
                        Some(ours) => format!("#{ours}").into(),
                        None => value.into(),
                    },
                ),
                _ => Some(value.into()),
            });
        b
    })
}

/// What every id written in a document's raw HTML is prefixed with.
pub const USER_ID_PREFIX: &str = "user-content-";

/// Marks an id (or a `#fragment` of one) that Markdown made, on its way
/// through the sanitiser: private-use characters and a number drawn once
/// per process, so that no document can write it (it never reaches the
/// output, which stays the same from build to build).
fn md_id() -> &'static str {
    static MARK: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    MARK.get_or_init(|| {
        use std::hash::BuildHasher;
        let n = std::collections::hash_map::RandomState::new().hash_one(std::process::id());
        format!("\u{E000}{n:016x}\u{E001}")
    })
}

/// The ids the page around a body has (templates/*.html) or that its
/// scripts look up; a heading or footnote id equal to one of them (or
/// starting with one of [`PAGE_ID_PREFIXES`]) is prefixed with
/// [`USER_ID_PREFIX`] so that the page keeps one element per id.
const PAGE_IDS: [&str; 19] = [
    "main",
    "search-q",
    "title",
    "duties-h",
    "reports-h",
    "targets-h",
    "direct-h",
    "where-h",
    "chart-h",
    "sub-h",
    "pos-h",
    "summary-h",
    "units-h",
    "downloads-h",
    "removed-h",
    "cover-h",
    "toc-h",
    "cadence-h",
    "recipient-h",
];

/// Id prefixes of the page's own: chart boxes (`p-ID`, which chart.js
/// looks up), print sections and positions, change groups, reporting
/// groups, inherited duties (`inh0-`), `serve`'s overlay
/// (`orgsite-overlay`) and the prefix itself.
const PAGE_ID_PREFIXES: [&str; 8] = [
    "p-",
    "pos-",
    "print-",
    "g-",
    "every-",
    "to-",
    "orgsite-",
    USER_ID_PREFIX,
];

fn is_page_id(id: &str) -> bool {
    let inherited = id
        .strip_prefix("inh")
        .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit()));
    inherited || PAGE_IDS.contains(&id) || PAGE_ID_PREFIXES.iter().any(|p| id.starts_with(p))
}

/// A heading's `{#id}` as it may reach the page: letters (any script),
/// digits, `-` and `_` only, else none.
fn heading_id(id: &str) -> Option<String> {
    let ok = !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_');
    ok.then(|| page_safe_id(id))
}

/// An id of a document's, moved out of the way of the page's own ids.
fn page_safe_id(id: &str) -> String {
    if is_page_id(id) {
        format!("{USER_ID_PREFIX}{id}")
    } else {
        id.to_string()
    }
}

/// A heading's `{.class}`: ASCII letters, digits, `-` and `_` only.
fn is_safe_class(class: &str) -> bool {
    !class.is_empty()
        && class
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// Renders a Markdown body to HTML with its ids prefixed (see [`body_in`]).
pub fn to_html_in(markdown: &str, id_prefix: &str, allow_raw_html: bool) -> String {
    // An id Markdown made, with the body's prefix, marked for the
    // sanitiser when there is one to pass.
    let mark = if allow_raw_html { md_id() } else { "" };
    let marked = |id: &str| -> String { format!("{mark}{id_prefix}{id}") };
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES;
    // Each dropped link or image leaves its matching end tag to drop too.
    let mut dropped: Vec<bool> = Vec::new();
    let events = Parser::new_ext(markdown, options).filter_map(|ev| match ev {
        Event::Html(_) | Event::InlineHtml(_) if allow_raw_html => Some(ev),
        Event::Html(s) | Event::InlineHtml(s) => Some(Event::Text(s)),
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => {
            let ok = is_safe_url(&dest_url);
            dropped.push(!ok);
            // A link within the page follows its heading's id, which may
            // have been moved out of the way of the page's own.
            let dest_url = match dest_url.strip_prefix('#') {
                Some(fragment) if !fragment.is_empty() => {
                    format!("#{id_prefix}{}", page_safe_id(fragment)).into()
                }
                _ => dest_url,
            };
            ok.then_some(Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }))
        }
        Event::Start(Tag::Image { ref dest_url, .. }) => {
            let ok = is_safe_url(dest_url);
            dropped.push(!ok);
            ok.then_some(ev)
        }
        Event::End(TagEnd::Link) | Event::End(TagEnd::Image) => {
            if dropped.pop().unwrap_or(false) {
                None
            } else {
                Some(ev)
            }
        }
        Event::Start(Tag::HtmlBlock) | Event::End(TagEnd::HtmlBlock) if !allow_raw_html => None,
        // `{#id .class key=value}`: an id and classes of a safe alphabet
        // only; any other attribute (`onfocus=…`, `autofocus`, `tabindex`)
        // would reach the page as it is, so none does.
        Event::Start(Tag::Heading {
            level, id, classes, ..
        }) => Some(Event::Start(Tag::Heading {
            level,
            id: id
                .as_deref()
                .and_then(heading_id)
                .map(|id| marked(&id).into()),
            classes: classes.into_iter().filter(|c| is_safe_class(c)).collect(),
            attrs: Vec::new(),
        })),
        Event::FootnoteReference(label) => Some(Event::FootnoteReference(
            marked(&page_safe_id(&label)).into(),
        )),
        Event::Start(Tag::FootnoteDefinition(label)) => Some(Event::Start(
            Tag::FootnoteDefinition(marked(&page_safe_id(&label)).into()),
        )),
        other => Some(other),
    });
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, events);
    if allow_raw_html {
        // The sanitiser's HTML parser slows with the square of the depth
        // (100,000 nested `<div>` took minutes): too deep is shown as
        // text, and validation has already reported it (the same test).
        // Markdown's own nesting (`> > >`) is bounded more loosely.
        if raw_html_too_deep(markdown).is_some()
            || html_depth_over(&out, 10 * MAX_HTML_DEPTH).is_some()
        {
            return to_html_in(markdown, id_prefix, false);
        }
        return sanitizer().clean(&out).to_string();
    }
    out
}

/// The deepest nesting of HTML elements raw HTML may have.
pub const MAX_HTML_DEPTH: usize = 100;

/// Where (a byte offset of `markdown`) the raw HTML of a Markdown body
/// first nests deeper than [`MAX_HTML_DEPTH`] elements, if it does. Only
/// what Markdown passes through as HTML counts: not code, not autolinks.
pub fn raw_html_too_deep(markdown: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (ev, range) in Parser::new_ext(markdown, Options::empty()).into_offset_iter() {
        if let Event::Html(html) | Event::InlineHtml(html) = ev {
            let (d, over) = html_depth_from(&html, depth, MAX_HTML_DEPTH);
            if let Some(at) = over {
                return Some(range.start + at.min(range.len()));
            }
            depth = d;
        }
    }
    None
}

/// The byte offset where `html` first nests deeper than `max` elements.
pub fn html_depth_over(html: &str, max: usize) -> Option<usize> {
    html_depth_from(html, 0, max).1
}

/// A scan of open and close tags (void and self-closed elements do not
/// nest), cheap and linear: the depth at the end, starting from `depth`,
/// and where it first went past `max`.
fn html_depth_from(html: &str, mut depth: usize, max: usize) -> (usize, Option<usize>) {
    const VOID: [&str; 14] = [
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
        "source", "track", "wbr",
    ];
    let bytes = html.as_bytes();
    let mut i = 0;
    while let Some(off) = html[i..].find('<') {
        let at = i + off;
        i = at + 1;
        let closing = bytes.get(i) == Some(&b'/');
        let start = if closing { i + 1 } else { i };
        let name_len = bytes[start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        if name_len == 0 || !bytes[start].is_ascii_alphabetic() {
            continue;
        }
        let name = html[start..start + name_len].to_ascii_lowercase();
        let end = html[start..].find('>').map_or(html.len(), |e| start + e);
        if closing {
            depth = depth.saturating_sub(1);
        } else if !VOID.contains(&name.as_str()) && !html[..end].ends_with('/') {
            depth += 1;
            if depth > max {
                return (depth, Some(at));
            }
        }
        i = end.max(i);
    }
    (depth, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sanitisers_mark_cannot_be_forged() {
        for forged in [
            "<a id=\"&#xE000;main\">x</a>",
            "<a id=\"\u{E000}main\">x</a>",
        ] {
            let html = render(forged, true);
            assert!(!html.contains("id=\"main\""), "{html}");
            assert!(html.contains("user-content-"), "{html}");
        }
    }

    #[test]
    fn links_within_the_page_follow_moved_heading_ids() {
        let html = render("## Main {#main}\n\n[up](#main) [other](#x)\n", false);
        assert!(html.contains("id=\"user-content-main\""), "{html}");
        assert!(html.contains("href=\"#user-content-main\""), "{html}");
        assert!(html.contains("href=\"#x\""), "{html}");
    }

    #[test]
    fn deep_raw_html_is_not_given_to_the_sanitiser() {
        let deep = "<div>".repeat(100_000);
        let start = std::time::Instant::now();
        assert_eq!(raw_html_too_deep(&deep), Some(5 * MAX_HTML_DEPTH));
        let html = render(&deep, true);
        assert!(html.starts_with("&lt;div&gt;"), "{}", &html[..40]);
        assert!(start.elapsed().as_secs() < 5);
        assert_eq!(raw_html_too_deep("<p><br><img src=x/><b>a</b></p>"), None);
        assert_eq!(raw_html_too_deep(&"<b>x</b>".repeat(1000)), None);
        // Code and autolinks are not raw HTML.
        let code = format!("```\n{}\n```\n", "<div>".repeat(200));
        assert_eq!(raw_html_too_deep(&code), None);
        let links = "<https://example.com/> ".repeat(200);
        assert_eq!(raw_html_too_deep(&links), None);
    }

    #[test]
    fn schemes() {
        for (url, ok) in [
            ("https://example.com", true),
            ("http://x", true),
            ("mailto:a@b.c", true),
            ("tel:+886", true),
            ("other.html#x", true),
            ("#frag", true),
            ("../a/b:c", true),
            ("javascript:alert(1)", false),
            ("JavaScript:alert(1)", false),
            ("java\tscript:alert(1)", false),
            (" javascript:alert(1)", false),
            ("data:text/html,x", false),
            ("vbscript:x", false),
        ] {
            assert_eq!(is_safe_url(url), ok, "{url:?}");
        }
    }

    #[test]
    fn raw_html_is_text() {
        let html = to_html("<script>alert(1)</script>\n\nhi <b onclick=x>there</b>");
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<b "), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
    }

    #[test]
    fn unsafe_links_are_dropped_text_kept() {
        let html = to_html("[click](javascript:alert(1)) and [ok](https://a.b) ![i](data:x)");
        assert!(!html.contains("javascript"), "{html}");
        assert!(html.contains("click"));
        assert!(html.contains(r#"<a href="https://a.b">ok</a>"#), "{html}");
        assert!(!html.contains("<img"), "{html}");
    }

    #[test]
    fn leading_heading_is_taken_out() {
        let b = body("## 工作內容\n\n- a\n", false);
        assert_eq!(b.heading.as_deref(), Some("工作內容"));
        assert_eq!(b.html, "<ul>\n<li>a</li>\n</ul>\n");
        let b = body("- a\n\n## later\n", false);
        assert_eq!(b.heading, None);
        assert!(b.html.contains("<h2>later</h2>"));
        assert_eq!(body("#hashtag", false).heading, None);
        assert_eq!(
            body("## *Duties* {#d}", false).heading.as_deref(),
            Some("Duties")
        );
    }

    #[test]
    fn allowed_raw_html_is_sanitised() {
        let html = render(
            "<b onclick=\"x()\">bold</b> <script>alert(1)</script> <a href=\"javascript:x\">j</a> <a href=\"https://a.b\">ok</a>\n\n# T {#tid}\n",
            true,
        );
        assert!(html.contains("<b>bold</b>"), "{html}");
        assert!(
            !html.contains("script") && !html.contains("onclick") && !html.contains("javascript"),
            "{html}"
        );
        assert!(html.contains("href=\"https://a.b\""), "{html}");
        assert!(html.contains("id=\"tid\""), "{html}");
    }

    #[test]
    fn extensions_are_on() {
        let html =
            to_html("| a |\n|---|\n| b |\n\n~~x~~ [^1]\n\n[^1]: n\n\n- [x] done\n\n# T {#tid}\n");
        for needle in ["<table>", "<del>", "footnote", "checkbox", "id=\"tid\""] {
            assert!(html.contains(needle), "{needle} in {html}");
        }
    }

    #[test]
    fn ids_can_be_prefixed() {
        let md = "# T {#tid}\n\nsee [above](#tid) and [^n]\n\n[^n]: note\n";
        let html = to_html_in(md, "p1-", false);
        for needle in [
            "id=\"p1-tid\"",
            "href=\"#p1-tid\"",
            "href=\"#p1-n\"",
            "id=\"p1-n\"",
        ] {
            assert!(html.contains(needle), "{needle} in {html}");
        }
        assert!(
            !html.contains("\"tid\"") && !html.contains("\"#n\""),
            "{html}"
        );
        assert_eq!(to_html(md), to_html_in(md, "", false));
    }

    /// Attributes that would run script or move the focus, with and
    /// without raw HTML, in a body and in its leading heading's place.
    const HOSTILE_HEADINGS: &str =
        "### Focus {autofocus onfocus=document.title='x' tabindex=0}\n\n\
        ## B {#ok-id .good-class .bad\"class onclick=alert(1) data-x=y}\n\n\
        ## C {#bad\"id\u{20}onmouseover=x}\n\n\
        ## 工作 {#工作內容}\n";

    #[test]
    fn heading_attributes_keep_only_a_safe_id_and_classes() {
        for raw in [false, true] {
            let html = render(HOSTILE_HEADINGS, raw);
            for bad in [
                "autofocus",
                "onfocus",
                "tabindex",
                "onclick",
                "data-x",
                "onmouseover",
                "bad",
            ] {
                assert!(!html.contains(bad), "{bad} with raw {raw}: {html}");
            }
            assert!(html.contains("<h3>Focus</h3>"), "{html}");
            assert!(
                html.contains(r#"<h2 id="ok-id" class="good-class">B</h2>"#),
                "{html}"
            );
            assert!(html.contains(r#"<h2 id="工作內容">工作</h2>"#), "{html}");
        }
    }

    #[test]
    fn ids_of_the_page_stay_the_pages() {
        let md = "# M {#main}\n\n# P {#p-x}\n\n# I {#inh0-a}\n\nn[^title]\n\n[^title]: t\n";
        for raw in [false, true] {
            let html = render(md, raw);
            for id in ["main", "p-x", "inh0-a", "title"] {
                assert!(
                    html.contains(&format!("id=\"user-content-{id}\"")),
                    "{id}: {html}"
                );
                assert!(!html.contains(&format!("id=\"{id}\"")), "{id}: {html}");
            }
            assert!(html.contains("href=\"#user-content-title\""), "{html}");
        }
        let html = to_html_in("# T {#title}\n", "pos-3-", false);
        assert!(html.contains("id=\"pos-3-user-content-title\""), "{html}");
    }

    #[test]
    fn raw_html_cannot_clobber_globals() {
        let html = render(
            "<a id=\"ORGSITE_SEARCH\">x</a> <img name=\"currentScript\" id=\"body\" src=\"a.png\"> \
             <form name=\"f\"><input name=\"addEventListener\"></form>\n\n# T {#tid}\n\nx[^n]\n\n[^n]: note\n",
            true,
        );
        assert!(!html.contains("name="), "{html}");
        assert!(!html.contains("\u{E000}"), "{html}");
        for needle in [
            "id=\"user-content-ORGSITE_SEARCH\"",
            "id=\"user-content-body\"",
            "id=\"tid\"",
            "id=\"n\"",
            "href=\"#n\"",
        ] {
            assert!(html.contains(needle), "{needle} in {html}");
        }
        assert!(!html.contains("id=\"ORGSITE_SEARCH\""), "{html}");
    }
}
