//! The search box: the index is loaded by search.js on first use, never by
//! a page, and carries the duties only up to `search.full_text_up_to`
//! positions (site.yaml), saying so in `ORGSITE_SEARCH_FIELDS`.

mod common;

use std::fs;

use common::*;

/// A duty phrase of the fixture site's manager, in no title or scope.
const DUTY: &str = "季度預算審核";

/// A site of two positions (a manager and a report) with `yaml` as its
/// site.yaml; returns the guard and the site folder.
fn small_site(yaml: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let site = tmp.path().join("site");
    fs::create_dir_all(site.join("content/總部")).unwrap();
    fs::write(site.join("site.yaml"), yaml).unwrap();
    fs::write(
        site.join("content/總部/經理.md"),
        format!(
            "---\ntitle: 經理\nholders: [李四]\nscope: 帶領團隊\n---\n## 工作內容\n- 負責{DUTY}與*報告*\n"
        ),
    )
    .unwrap();
    fs::write(
        site.join("content/總部/專員.md"),
        "---\ntitle: 專員\nreports_to: 經理\nscope: 協助經理\n---\n- 整理客戶檔案\n",
    )
    .unwrap();
    (tmp, site)
}

#[test]
fn no_page_loads_the_index_and_every_page_has_the_box() {
    let (_tmp, out) = build(&example_site());
    assert!(out.join("search-index.js").is_file());
    let mut pages = 0;
    for rel in files(&out) {
        if rel.extension().is_none_or(|e| e != "html") {
            continue;
        }
        let text = read(&out, rel.to_str().unwrap());
        assert!(
            !text.contains("search-index.js"),
            "{}: names the index",
            rel.display()
        );
        let doc = page(&out, rel.to_str().unwrap());
        let form = texts(&doc, "form.search input#search-q");
        assert_eq!(form.len(), 1, "{}", rel.display());
        pages += 1;
    }
    assert!(pages >= 16);
    // The box's messages, in the site's language.
    let doc = page(&out, "positions/財富專員.html");
    let sel = scraper::Selector::parse("form.search").unwrap();
    let form = doc.select(&sel).next().expect("search form");
    let attr = |a: &str| form.value().attr(a).unwrap_or_default().to_string();
    assert_eq!(attr("data-root"), "../");
    assert_eq!(attr("data-loading"), "正在載入搜尋索引…");
    assert_eq!(attr("data-failed"), "無法載入搜尋索引。");
    assert!(attr("data-titles-only").contains("不含工作內容"));
}

#[test]
fn the_example_index_holds_the_duties() {
    let (_tmp, out) = build(&example_site());
    let (fields, entries) = search_index(&out);
    assert_eq!(
        fields,
        [
            "url",
            "title",
            "external_title",
            "unit",
            "holders",
            "scope",
            "duties"
        ]
    );
    assert_eq!(entries.len(), 11);
    assert!(entries.iter().all(|e| e.len() == 7));
    let wealth = entries.iter().find(|e| e[1] == "財富專員").unwrap();
    assert!(wealth[6].contains("每天聯系有效電話"), "{wealth:?}");
}

#[test]
fn above_full_text_up_to_the_index_leaves_duties_out_and_says_so() {
    let (_t, site) = small_site("language: en\nsearch: { full_text_up_to: 1 }\n");
    let (_tmp, out) = build(&site);
    let js = read(&out, "search-index.js");
    assert!(!js.contains(DUTY), "{js}");
    assert!(!js.contains("客戶檔案"), "{js}");
    let (fields, entries) = search_index(&out);
    assert_eq!(
        fields,
        ["url", "title", "external_title", "unit", "holders", "scope"]
    );
    assert_eq!(
        entries,
        [
            [
                "positions/經理.html",
                "經理",
                "",
                "總部",
                "李四",
                "帶領團隊"
            ],
            ["positions/專員.html", "專員", "", "總部", "", "協助經理"],
        ]
    );
    // The note the box shows with results, in the site's language.
    let doc = page(&out, "index.html");
    assert_eq!(
        attrs(&doc, "form.search", "data-titles-only"),
        ["Searching titles, units, people and scope, not duties"]
    );
    // The placeholder does not promise duties either.
    assert_eq!(
        attrs(&doc, "#search-q", "placeholder"),
        ["Search positions, units, people"]
    );
}

#[test]
fn up_to_full_text_up_to_the_index_holds_the_duties() {
    let (_t, site) = small_site("search: { full_text_up_to: 2 }\n");
    let (_tmp, out) = build(&site);
    let (fields, entries) = search_index(&out);
    assert_eq!(fields.last().map(String::as_str), Some("duties"));
    assert_eq!(entries[0][6], format!("工作內容 負責{DUTY}與報告"));
    assert_eq!(
        attrs(&page(&out, "index.html"), "#search-q", "placeholder"),
        ["Search positions, people, duties"]
    );
}

#[test]
fn the_notes_can_be_overridden() {
    let (_t, site) = small_site(
        "search: { full_text_up_to: 0 }\nstrings: { search_titles_only: Names only, search_loading: Wait }\n",
    );
    let (_tmp, out) = build(&site);
    let html = read(&out, "index.html");
    assert!(html.contains("data-titles-only=\"Names only\""), "{html}");
    assert!(html.contains("data-loading=\"Wait\""), "{html}");
}

#[test]
fn an_unknown_field_under_search_is_reported() {
    let (_t, site) = small_site("title: T\nsearch:\n  full_text_upto: 10\n");
    let (_org, diags) = orgsite::site::check(&site);
    let text = diags.render(false);
    assert_eq!(diags.error_count(), 1, "{text}");
    let first = text.lines().next().unwrap_or_default();
    assert!(first.starts_with("site.yaml:3:3: error: "), "{text}");
    assert!(
        first.ends_with("`full_text_upto`: unknown field; did you mean `full_text_up_to`?"),
        "{text}"
    );
}

/// The theme's search code under Node (when Node is installed) against an
/// index without duties: it searches the six fields and says duties are
/// not searched.
#[test]
fn search_js_searches_an_index_without_duties() {
    let (_t, site) = small_site("search: { full_text_up_to: 1 }\n");
    let (_tmp, out) = build(&site);
    let Some(found) = node_search(
        &out,
        "const p = S.prepare(window.ORGSITE_SEARCH, window.ORGSITE_SEARCH_FIELDS);\n\
         const q = s => S.search(p, s).map(r => r.entry[1]).join(',');\n\
         return [q('經理'), q('李四'), q('總部 協助'), q('預算'), \
           String(S.hasDuties(window.ORGSITE_SEARCH_FIELDS)), String(S.hasDuties(undefined))];",
    ) else {
        return;
    };
    assert_eq!(
        found,
        [
            // The title first, then the report whose scope names it.
            "經理,專員",
            "經理",
            "專員",
            "",
            "false",
            // An index that does not say holds all seven fields.
            "true",
        ]
    );
}

/// A document whose elements stand for the globals search.js and its
/// index once used (`<a id="ORGSITE_SEARCH">`, a heading
/// `{#ORGSITE_SEARCH_FIELDS}`) does not break the search box, with raw
/// HTML allowed or not; raw HTML's ids and names do not reach the page.
#[test]
fn page_elements_cannot_stand_for_the_search_data() {
    for raw in [false, true] {
        let (_t, site) = small_site(&format!("allow_raw_html: {raw}\n"));
        fs::write(
            site.join("content/總部/經理.md"),
            "---\ntitle: 經理\nscope: 帶領團隊\n---\n## 工作內容\n\n\
             <a id=\"ORGSITE_SEARCH\">x</a> <img name=\"ORGSITE_SEARCH_FIELDS\" id=\"currentScript\">\n\n\
             ## Fields {#ORGSITE_SEARCH_FIELDS}\n\n## Index {#ORGSITE_SEARCH}\n\n## Add {#addEventListener}\n",
        )
        .unwrap();
        let (_tmp, out) = build(&site);
        let html = read(&out, "positions/經理.html");
        assert!(
            html.contains(r#"id="ORGSITE_SEARCH""#),
            "the heading's id is kept"
        );
        if raw {
            assert!(
                html.contains(r#"id="user-content-currentScript""#),
                "{html}"
            );
            assert!(!html.contains("name=\"ORGSITE"), "{html}");
        }
        let Some(found) = node_search_page(&out, "positions/經理.html", "專員") else {
            return;
        };
        assert_eq!(found, ["專員"], "raw {raw}");
    }
}

/// Latin terms match at word starts, whole words first; CJK terms anywhere;
/// the box knows how to say why a result matched.
#[test]
fn latin_terms_match_at_word_starts_and_whole_words_rank_first() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let site = tmp.path().join("site");
    fs::create_dir_all(site.join("content")).unwrap();
    fs::write(site.join("site.yaml"), "language: en\n").unwrap();
    let write = |name: &str, text: &str| fs::write(site.join("content").join(name), text).unwrap();
    write(
        "lead.md",
        "---\ntitle: Callback Lead\nholders: [Erik Johnson]\n---\n- Calls back.\n",
    );
    write(
        "oncall.md",
        "---\ntitle: Support Engineer\nreports_to: lead\nholders: [Anna Nilsson]\n---\n- Is on call at weekends.\n",
    );
    write(
        "centre.md",
        "---\ntitle: Call Centre Agent\nreports_to: lead\n---\n- 接聽客戶電話。\n",
    );
    let (_out_tmp, out) = build(&site);
    let Some(found) = node_search(
        &out,
        "const p = S.prepare(window.ORGSITE_SEARCH, window.ORGSITE_SEARCH_FIELDS);\n\
         const q = s => S.search(p, s).map(r => r.entry[1]).join(',');\n\
         return [q('on call'), q('son'), q('john'), q('call'), q('客戶'), q('戶電')];",
    ) else {
        return;
    };
    assert_eq!(
        found,
        [
            // Not Johnson nor Nilsson: "on" starts no word of theirs.
            "Support Engineer",
            "",
            "Callback Lead",
            // "Call" as a whole word before "Callback", then the duty.
            "Call Centre Agent,Callback Lead,Support Engineer",
            "Call Centre Agent",
            "Call Centre Agent",
        ]
    );
    let index = read(&out, "index.html");
    assert!(index.contains("data-why-holders=\"Person: \""), "{index}");
    assert!(index.contains("data-why-duties=\"Duty: \""));
}
