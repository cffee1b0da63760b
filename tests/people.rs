//! People (content format version 2): person files, photos, the
//! directory, person pages, vCards, exports, search and the public
//! edition, on the English fixture `valid/people-en` (its photos are
//! drawn by the test: no third-party picture is committed).

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::*;
use orgsite::site::{self, Options};

/// The fixture copied into `dir`, with a generated photo for two people
/// (one by the file's stem, one named by `photo:`).
fn site_with_photos(dir: &Path) -> PathBuf {
    let site = dir.join("site");
    copy_dir(&fixture("valid/people-en"), &site);
    write_png(&site.join("people/chloe-dubois.png"), 640, 480);
    write_png(&site.join("people/mei.png"), 300, 300);
    let mei = site.join("people/mei-lin.md");
    let text = fs::read_to_string(&mei).unwrap();
    fs::write(&mei, text.replacen("---\n", "---\nphoto: mei.png\n", 1)).unwrap();
    site
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            fs::create_dir_all(&dest).unwrap();
        } else {
            fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

fn write_png(path: &Path, w: u32, h: u32) {
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 120])
    });
    img.save(path).unwrap();
}

fn decoded_size(bytes: &[u8]) -> (u32, u32) {
    let img = image::load_from_memory(bytes).expect("a thumbnail that decodes");
    (img.width(), img.height())
}

#[test]
fn the_directory_lists_everyone_by_family_name_with_contact_details() {
    let tmp = tempfile::tempdir().unwrap();
    let (_t, out) = build(&site_with_photos(tmp.path()));
    let doc = page(&out, "people.html");
    // Family names (sort_as first), accents folded as an English reader
    // expects: Åberg, Becker, Dubois, Lin, Mehta, then the bare name.
    assert_eq!(
        texts(&doc, ".person-name"),
        [
            "Ölof Åberg",
            "Tom Becker",
            "Chloé Dubois (she/her)",
            "Mei Lin",
            "Arjun Mehta",
            "Sam Vacant"
        ]
    );
    assert_eq!(
        texts(&doc, ".people-group h2"),
        ["A", "B", "D", "L", "M", "V"]
    );
    assert_eq!(texts(&doc, ".people-index a").len(), 6);
    let chloe = texts(&doc, ".person-card .person-text")
        .into_iter()
        .find(|t| t.starts_with("Chloé"))
        .unwrap();
    assert!(
        chloe.contains("(she/her)") && chloe.contains("Chief Executive"),
        "{chloe}"
    );
    assert!(
        chloe.contains("chloe.dubois@example.com") && chloe.contains("London"),
        "{chloe}"
    );
    let hrefs = attrs(&doc, ".person-card a", "href");
    assert!(hrefs.contains(&"mailto:chloe.dubois@example.com".to_string()));
    assert!(hrefs.contains(&"tel:+442079460001".to_string()));
    assert!(hrefs.contains(&"people/chloe-dubois.html".to_string()));
    // Acting is marked; a bare name has no page.
    let tom = texts(&doc, ".person-card .person-text")
        .into_iter()
        .find(|t| t.starts_with("Tom"))
        .unwrap();
    assert!(tom.contains("Acting"), "{tom}");
    assert!(!hrefs.iter().any(|h| h.contains("Sam")));
    // Photos as thumbnails, everyone else an initials avatar.
    let imgs = attrs(&doc, ".person-card img.avatar", "src");
    assert_eq!(
        imgs,
        [
            "people/photos/chloe-dubois-96.jpg",
            "people/photos/mei-lin-96.jpg"
        ]
    );
    assert_eq!(texts(&doc, ".person-card svg.avatar").len(), 4);
}

#[test]
fn photos_become_small_thumbnails_never_the_original() {
    let tmp = tempfile::tempdir().unwrap();
    let (_t, out) = build(&site_with_photos(tmp.path()));
    let small = fs::read(out.join("people/photos/chloe-dubois-96.jpg")).unwrap();
    let large = fs::read(out.join("people/photos/chloe-dubois-256.jpg")).unwrap();
    assert_eq!(decoded_size(&small), (96, 96));
    assert_eq!(decoded_size(&large), (256, 256));
    assert!(!files(&out)
        .iter()
        .any(|f| f.extension().is_some_and(|e| e == "png") && f.starts_with("people")));
}

#[test]
fn a_person_page_shows_posts_contact_links_and_biography() {
    let tmp = tempfile::tempdir().unwrap();
    let (_t, out) = build(&site_with_photos(tmp.path()));
    let doc = page(&out, "people/chloe-dubois.html");
    assert_eq!(texts(&doc, "h1"), ["Chloé Dubois"]);
    assert_eq!(texts(&doc, ".person-head .posts a"), ["Chief Executive"]);
    let facts = texts(&doc, ".contact div").join(" | ");
    assert!(facts.contains("Email chloe.dubois@example.com"), "{facts}");
    assert!(facts.contains("Location London"), "{facts}");
    assert!(
        facts.contains("Website https://example.com/chloe"),
        "{facts}"
    );
    assert!(texts(&doc, ".bio").join(" ").contains("founded Northwind"));
    assert_eq!(
        attrs(&doc, ".person-head img.avatar", "src"),
        ["../people/photos/chloe-dubois-256.jpg"]
    );
    // Who reports to her post.
    assert_eq!(
        texts(&doc, "section li a").first().map(String::as_str),
        Some("Operations Lead")
    );
    // The position page links the holder back, with their picture.
    let lead = page(&out, "positions/lead.html");
    assert_eq!(
        attrs(&lead, "ul.holders a", "href"),
        ["../people/mei-lin.html", "../people/tom-becker.html"]
    );
    assert_eq!(
        attrs(&lead, "ul.holders img.avatar", "src"),
        ["../people/photos/mei-lin-96.jpg"]
    );
}

#[test]
fn vcards_parse_with_a_real_vcard_parser() {
    let tmp = tempfile::tempdir().unwrap();
    let (_t, out) = build(&site_with_photos(tmp.path()));
    let all = read(&out, "people.vcf");
    let cards = vcard4::parse(&all).expect("people.vcf parses as vCard 4.0");
    assert_eq!(cards.len(), 6);
    let one = read(&out, "people/chloe-dubois.vcf");
    let card = vcard4::parse(&one).expect("a person's card parses");
    assert_eq!(card.len(), 1);
    let text = one.replace("\r\n ", "");
    assert!(text.contains("FN:Chloé Dubois"), "{text}");
    assert!(text.contains("N:Dubois;Chloé;"), "{text}");
    assert!(
        text.contains("EMAIL;TYPE=work:chloe.dubois@example.com"),
        "{text}"
    );
    assert!(text.contains("PHOTO:data:image/jpeg;base64,"), "{text}");
}

#[test]
fn exports_and_search_carry_people() {
    let tmp = tempfile::tempdir().unwrap();
    let (_t, out) = build(&site_with_photos(tmp.path()));
    let v: serde_json::Value = serde_json::from_str(&read(&out, "org.json")).unwrap();
    let chloe = v["people"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "Chloé Dubois")
        .unwrap();
    assert_eq!(chloe["id"], "chloe-dubois");
    assert_eq!(chloe["email"], "chloe.dubois@example.com");
    assert_eq!(chloe["links"]["Website"], "https://example.com/chloe");
    assert_eq!(chloe["url"], "people/chloe-dubois.html");
    assert_eq!(chloe["photo"], "people/photos/chloe-dubois-256.jpg");
    assert_eq!(chloe["posts"][0]["position"], "ceo");
    let csv = read(&out, "people.csv");
    assert!(
        csv.contains("Mei Lin,mei-lin,,mei.lin@example.com,'+44 20 7946 0002,Leeds,,,lead"),
        "{csv}"
    );
    let (_fields, entries) = search_index(&out);
    assert!(entries.iter().any(|e| e[0] == "people/tom-becker.html"
        && e.contains(&"tom.becker@example.com".to_string())
        && e.contains(&"Becker, Tom".to_string())));
}

#[test]
fn the_public_edition_holds_no_byte_of_person_data() {
    let tmp = tempfile::tempdir().unwrap();
    let site = site_with_photos(tmp.path());
    // Every value of every person file, and every holder's name.
    let mut values: Vec<String> = vec![
        "Chloé",
        "Dubois",
        "Mei Lin",
        "Tom Becker",
        "Arjun",
        "Ölof",
        "Sam Vacant",
        "example.com",
        "7946",
        "London",
        "Leeds",
        "she/her",
        "2019-04-01",
        "founded",
        "Becker, Tom",
        "Acting lead while",
    ]
    .into_iter()
    .map(String::from)
    .collect();
    // The ordinary build has them all (so that the check can fail).
    let (_n, normal) = build(&site);
    let everything: String = files(&normal)
        .iter()
        .map(|f| String::from_utf8_lossy(&fs::read(normal.join(f)).unwrap()).into_owned())
        .collect();
    for v in &values {
        assert!(
            everything.contains(v.as_str()),
            "the normal build lacks {v}"
        );
    }
    values.push("photos/".into());
    let out = tmp.path().join("public");
    site::build_with(
        &site,
        &out,
        &Options {
            public: true,
            ..Options::default()
        },
    )
    .unwrap_or_else(|d| panic!("{d}"));
    for f in files(&out) {
        let bytes = fs::read(out.join(&f)).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        for v in &values {
            assert!(!text.contains(v.as_str()), "{}: {v}", f.display());
        }
    }
    assert!(!out.join("people").exists());
    assert!(!out.join("people.vcf").exists() && !out.join("people.csv").exists());
}

/// A broken photo, a name two files share, a `person:` that names no file
/// and contact fields that do not read right: each named with its place.
#[test]
fn bad_person_input_gets_its_exact_diagnostics() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_dir(&fixture("valid/people-en"), &site);
    fs::write(
        site.join("people/arjun-mehta.jpg"),
        b"\xff\xd8\xff\xe0 not really a jpeg",
    )
    .unwrap();
    fs::write(
        site.join("people/mei-lin-2.md"),
        "---\nname: Mei Lin\nemail: mei@@example\nsince: 2021-02-30\n---\n",
    )
    .unwrap();
    let lead = site.join("content/ops/lead.md");
    let text = fs::read_to_string(&lead).unwrap();
    fs::write(
        &lead,
        text.replace("person: tom-becker", "person: tom-beker"),
    )
    .unwrap();
    let (_org, d) = orgsite::site::check(&site);
    let shown: Vec<String> = d
        .sorted()
        .iter()
        .map(|x| {
            format!(
                "{}:{}:{}: {}",
                x.path.display(),
                x.line,
                x.column,
                x.message
            )
        })
        .collect();
    let has = |s: &str| shown.iter().any(|x| x.contains(s));
    assert!(has("people/arjun-mehta.jpg:0:0: the photo is damaged and cannot be decoded: export it again from the original"), "{shown:#?}");
    assert!(
        has("content/ops/lead.md:7:5: `Mei Lin` is the name of 2 person files (people/mei-lin-2.md, people/mei-lin.md); name the one meant by its id: `{ person: mei-lin-2 }`"),
        "{shown:#?}"
    );
    assert!(
        has("content/ops/lead.md:8:15: `person: tom-beker` names no file in people/ (people/tom-beker.md); did you mean `tom-becker`?"),
        "{shown:#?}"
    );
    assert!(
        has("people/mei-lin-2.md:3:8: `email: mei@@example` is not an email address"),
        "{shown:#?}"
    );
    assert!(
        has("people/mei-lin-2.md:4:8: `since: 2021-02-30` is not a date"),
        "{shown:#?}"
    );
    assert!(
        has("people/mei-lin-2.md:1:1: warning: no post names Mei Lin")
            || has("no post names Mei Lin"),
        "{shown:#?}"
    );
}

/// `(x, y, width, height)` of every box (`rect.oc-box`) of a page's first
/// chart (chart.html's printed pages follow it).
fn box_rects(doc: &scraper::Html) -> Vec<(f64, f64, f64, f64)> {
    let svg = scraper::Selector::parse("svg.orgchart").unwrap();
    let sel = scraper::Selector::parse("rect.oc-box").unwrap();
    doc.select(&svg)
        .next()
        .unwrap()
        .select(&sel)
        .map(|r| {
            let n = |a: &str| r.value().attr(a).unwrap().parse::<f64>().unwrap();
            (n("x"), n("y"), n("width"), n("height"))
        })
        .collect()
}

#[test]
fn chart_photos_put_each_holders_picture_in_their_box() {
    let tmp = tempfile::tempdir().unwrap();
    let site = site_with_photos(tmp.path());
    let (_plain, plain) = build(&site);
    let yaml = site.join("site.yaml");
    let text = fs::read_to_string(&yaml).unwrap();
    fs::write(&yaml, format!("{text}chart: {{ photos: true }}\n")).unwrap();
    let (_t, out) = build(&site);
    let chart = page(&out, "chart.html");
    // A photo as its small thumbnail; no photo: initials on a colour.
    let mut photos = attrs(&chart, "svg a image.oc-av", "href");
    photos.dedup();
    photos.sort();
    photos.dedup();
    assert_eq!(
        photos,
        [
            "people/photos/chloe-dubois-96.jpg",
            "people/photos/mei-lin-96.jpg"
        ]
    );
    assert!(out.join("people/photos/chloe-dubois-96.jpg").is_file());
    let initials = texts(&chart, "svg text.oc-avt");
    assert!(initials.contains(&"AM".to_string()), "{initials:?}");
    // Pages below the top link the thumbnail from their own depth.
    let lead = page(&out, "positions/lead.html");
    assert!(attrs(&lead, "svg image.oc-av", "href")
        .iter()
        .all(|h| h.starts_with("../people/photos/")));
    // Boxes grew to hold the picture, and the layout still keeps them apart.
    let (with, without) = (box_rects(&chart), box_rects(&page(&plain, "chart.html")));
    assert_eq!(with.len(), without.len());
    assert!(with.iter().zip(&without).all(|(a, b)| a.2 >= b.2 + 40.0));
    for (k, a) in with.iter().enumerate() {
        for b in &with[k + 1..] {
            let apart =
                a.0 + a.2 <= b.0 || b.0 + b.2 <= a.0 || a.1 + a.3 <= b.1 || b.1 + b.3 <= a.1;
            assert!(apart, "{a:?} overlaps {b:?}");
        }
    }
    // A public edition shows no one's picture.
    let public = tmp.path().join("public");
    let options = Options {
        public: true,
        ..Default::default()
    };
    site::build_with(&site, &public, &options).unwrap();
    let chart = page(&public, "chart.html");
    assert!(attrs(&chart, "svg image", "href").is_empty());
    assert!(texts(&chart, "svg text.oc-avt").is_empty());
}
