//! The search index: one entry per position with the text a reader may
//! look for, written once as `search-index.js` and shared by every page.
//!
//! It is a script that sets globals rather than a JSON file to fetch,
//! because browsers refuse `fetch` from `file://` pages and the site must
//! work straight from disk. No page includes it: `search.js` (in the theme)
//! adds it to the page the first time the reader uses the search box, so a
//! page view of a large handbook does not parse an index of megabytes. The
//! search itself matches any substring, so CJK text needs no word
//! segmentation: any run of two or more characters of a title, name or duty
//! finds it.
//!
//! Size policy (`site.yaml`: `search: { full_text_up_to: N }`): up to N
//! positions every entry carries the plain text of the duties; above it the
//! duties are left out (which makes it a fifteenth of the size on generated
//! sites: 1.3 MB instead of 20 MB at 10,000 positions).
//! `window.ORGSITE_SEARCH_FIELDS` names the fields the entries hold, so
//! that the search box can tell the reader what is searched.

use pulldown_cmark::{Event, Parser, TagEnd};

use crate::export::json_for_script;
use crate::model::Org;

/// The fields of an entry, in order: what `ORGSITE_SEARCH_FIELDS` says.
/// `duties` comes last and only when the index holds the full text.
pub const FIELDS: [&str; 7] = [
    "url",
    "title",
    "external_title",
    "unit",
    "holders",
    "scope",
    "duties",
];

/// Whether the index of `org` carries the text of duties.
pub fn has_full_text(org: &Org) -> bool {
    org.positions.len() <= org.config.search.full_text_up_to
}

/// The last statement of `search-index.js`: hands the index to the script
/// element that loaded it, which search.js made and gave `orgsiteIndex`.
/// search.js reads no global by name, since an element of a document with
/// that id (`<a id="ORGSITE_SEARCH">`) would stand in for it; the two
/// globals stay for other readers of the file. `document.currentScript`
/// is checked to be a script element, as a document's `<img name>` could
/// stand in for it too.
const HAND_OVER: &str = "(function (s) {\n  \
    if (s && s.tagName === \"SCRIPT\" && typeof s.orgsiteIndex === \"function\") \
    s.orgsiteIndex(window.ORGSITE_SEARCH_FIELDS, window.ORGSITE_SEARCH);\n\
    })(typeof document === \"object\" ? document.currentScript : null);";

/// The contents of `search-index.js`: entries are arrays of the
/// [`FIELDS`] (six without the duties, seven with them). Holders' names
/// are left out when the site does not show them.
pub fn index_js(org: &Org) -> String {
    let full = has_full_text(org);
    let fields = if full { &FIELDS[..] } else { &FIELDS[..6] };
    let entries: Vec<Vec<String>> = org
        .chart_order()
        .into_iter()
        .map(|i| {
            let p = &org.positions[i];
            let holders = if org.config.show_holders {
                org.who(i)
                    .iter()
                    .map(|w| w.name.as_str())
                    .filter(|n| !n.is_empty())
                    .collect::<Vec<_>>()
                    .join(" ")
            } else {
                String::new()
            };
            let mut entry = vec![
                format!("positions/{}.html", crate::text::url_segment(&p.id)),
                p.title.clone(),
                p.external_title
                    .clone()
                    .filter(|e| *e != p.title)
                    .unwrap_or_default(),
                p.unit
                    .map(|u| org.units[u].name.clone())
                    .unwrap_or_default(),
                holders,
                scope_and_fields(org, i),
            ];
            if full {
                entry.push(plain_text(&p.body));
            }
            entry
        })
        .collect();
    let mut entries = entries;
    entries.extend(person_entries(org, fields.len()));
    format!(
        "/* orgsite search index, added to a page by search.js when the search box is first used */\n\
         window.ORGSITE_SEARCH_FIELDS = {};\n\
         window.ORGSITE_SEARCH = {};\n\
         {HAND_OVER}\n",
        json_for_script(&fields),
        json_for_script(&entries)
    )
}

/// A position's scope, then the values of the site's own fields it has
/// (`site.yaml` `fields:`), so that the search box finds them; search.js
/// weighs them as the scope.
fn scope_and_fields(org: &Org, i: usize) -> String {
    let mut out = org.positions[i].scope.clone().unwrap_or_default();
    for (_, _, v) in org.position_fields(i) {
        if !out.is_empty() {
            out.push_str(" · ");
        }
        out.push_str(&v.words());
    }
    out
}

/// The text of a Markdown document without its markup, blocks separated by
/// a space.
/// One entry per person file, in the fields of a position's (`width` of
/// them): their page, name, email, the unit of their first post, their
/// `sort_as`, and the titles of their posts. None in a public edition.
fn person_entries(org: &Org, width: usize) -> Vec<Vec<String>> {
    org.people()
        .into_iter()
        .filter_map(|person| {
            let x = org.profile(person.profile?)?;
            let unit = person
                .posts
                .first()
                .and_then(|&(i, _, _)| org.positions[i].unit)
                .map(|u| org.units[u].name.clone())
                .unwrap_or_default();
            let posts: Vec<&str> = person
                .posts
                .iter()
                .map(|&(i, _, _)| org.positions[i].title.as_str())
                .collect();
            let mut entry = vec![
                format!("people/{}.html", crate::text::url_segment(&x.id)),
                person.name.clone(),
                x.email.clone().unwrap_or_default(),
                unit,
                x.sort_as.clone().unwrap_or_default(),
                posts.join(" "),
            ];
            entry.resize(width, String::new());
            Some(entry)
        })
        .collect()
}

pub fn plain_text(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    for ev in Parser::new(markdown) {
        match ev {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak
            | Event::HardBreak
            | Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::Heading(_)) => out.push(' '),
            // Raw HTML is shown as text on the pages, so it is text here too.
            Event::Html(t) | Event::InlineHtml(t) => out.push_str(&t),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_is_stripped() {
        assert_eq!(
            plain_text("## 工作內容\n\n- 每天聯系*有效*電話\n- `建立` [客戶](x.html)檔案\n"),
            "工作內容 每天聯系有效電話 建立 客戶檔案"
        );
    }
}
