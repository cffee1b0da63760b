//! The search index: one entry per position with the text a reader may
//! look for, written once as `search-index.js` and shared by every page.
//!
//! It is a script that sets a global rather than a JSON file to fetch,
//! because browsers refuse `fetch` from `file://` pages and the site must
//! work straight from disk. The search itself (`search.js` in the theme)
//! matches any substring, so CJK text needs no word segmentation: any run
//! of two or more characters of a title, name or duty finds it.

use pulldown_cmark::{Event, Parser, TagEnd};
use serde::Serialize;

use crate::export::json_for_script;
use crate::model::Org;

/// One position, as an array to keep the file small:
/// `[url, title, external title, unit, holders, scope, duties]`.
#[derive(Serialize)]
struct Entry(String, String, String, String, String, String, String);

/// The contents of `search-index.js`. Holders' names are left out when
/// the site does not show them.
pub fn index_js(org: &Org) -> String {
    let entries: Vec<Entry> = org
        .chart_order()
        .into_iter()
        .map(|i| {
            let p = &org.positions[i];
            let holders = if org.config.show_holders {
                p.holders
                    .iter()
                    .map(|h| h.name.as_str())
                    .filter(|n| !n.is_empty())
                    .collect::<Vec<_>>()
                    .join(" ")
            } else {
                String::new()
            };
            Entry(
                format!("positions/{}.html", crate::chart::url_segment(&p.id)),
                p.title.clone(),
                p.external_title
                    .clone()
                    .filter(|e| *e != p.title)
                    .unwrap_or_default(),
                p.unit
                    .map(|u| org.units[u].name.clone())
                    .unwrap_or_default(),
                holders,
                p.scope.clone().unwrap_or_default(),
                plain_text(&p.body),
            )
        })
        .collect();
    format!(
        "/* orgsite search index: [url, title, external title, unit, holders, scope, duties] */\n\
         window.ORGSITE_SEARCH = {};\n",
        json_for_script(&entries)
    )
}

/// The text of a Markdown document without its markup, blocks separated by
/// a space.
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
