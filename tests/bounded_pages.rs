//! Every page shows a bounded view, so that output grows linearly with
//! the organisation however it is shaped: a reporting chain 2,000 deep, a
//! position with 2,000 dotted lines, a `builds_on` chain 500 long. Each
//! site is generated here; the test checks sizes and counts (it is no
//! timer, but before the bounds these builds took minutes and gigabytes).

mod common;

use std::fs;
use std::path::Path;

use common::*;

/// Every position page under this many bytes.
const PAGE_MAX: usize = 200 * 1024;

fn write(site: &Path, rel: &str, text: &str) {
    let p = site.join(rel);
    fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
    fs::write(p, text).expect("write");
}

/// Builds the site and checks every position page's size; returns the
/// output and the total size of its HTML.
fn build_bounded(site: &Path, positions: usize) -> (tempfile::TempDir, std::path::PathBuf, usize) {
    let (tmp, out) = build(site);
    let mut pages = 0;
    let mut total = 0;
    for rel in files(&out) {
        let rel = rel.to_string_lossy().into_owned();
        if !rel.ends_with(".html") {
            continue;
        }
        let len = read(&out, &rel).len();
        total += len;
        if rel.starts_with("positions/") {
            pages += 1;
            assert!(len < PAGE_MAX, "{rel}: {len} bytes");
        }
    }
    assert_eq!(pages, positions);
    (tmp, out, total)
}

#[test]
fn a_reporting_chain_2000_deep_shows_the_nearest_managers() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    write(&site, "site.yaml", "title: Deep\nlanguage: en\n");
    let n = 2000;
    for k in 0..n {
        let up = if k == 0 {
            String::new()
        } else {
            format!("reports_to: c{:04}\n", k - 1)
        };
        write(
            &site,
            &format!("content/c{k:04}.md"),
            &format!("---\ntitle: Level {k}\n{up}---\n- Duty {k}\n"),
        );
    }
    let (_t, out, total) = build_bounded(&site, n);
    // Linear in the organisation (each page a few kilobytes, the full
    // chart and the printed handbook one box or role per position).
    assert!(total < n * 40 * 1024, "{total} bytes of HTML");

    let last = page(&out, "positions/c1999.html");
    let boxes = attrs(&last, ".where svg a", "href");
    // Six managers, the position, and the box for the rest.
    let managers: Vec<&String> = boxes
        .iter()
        .filter(|h| !h.ends_with("c1999.html"))
        .collect();
    assert_eq!(managers.len(), 6 + 1, "{boxes:?}");
    assert!(
        boxes.contains(&"../positions/c1992.html".to_string()),
        "{boxes:?}"
    );
    assert!(!boxes.contains(&"../positions/c1991.html".to_string()));
    assert!(text(&last).contains("1993 more above"));
    // Near the top nothing is cut.
    let near = page(&out, "positions/c0003.html");
    assert!(!text(&near).contains("more above"));
    let near_boxes = attrs(&near, ".where svg a[href*='positions/']", "href");
    assert_eq!(near_boxes.len(), 5, "{near_boxes:?}");
}

#[test]
fn a_position_with_2000_dotted_lines_draws_a_screenful_and_lists_the_rest() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    write(&site, "site.yaml", "title: Hub\nlanguage: en\n");
    write(
        &site,
        "content/boss.md",
        "---\ntitle: Boss\n---\n- Runs it\n",
    );
    let n = 2000;
    // Half named by the hub, half naming it; in teams of 50.
    for t in 0..n / 50 {
        write(
            &site,
            &format!("content/lead{t:02}.md"),
            &format!("---\ntitle: Lead {t}\nreports_to: boss\n---\n- Leads\n"),
        );
    }
    let outward: Vec<String> = (0..n / 2).map(|k| format!("p{k:04}")).collect();
    write(
        &site,
        "content/hub.md",
        &format!(
            "---\ntitle: Hub\nreports_to: boss\ndotted_line: [{}]\n---\n- Coordinates\n",
            outward.join(", ")
        ),
    );
    for k in 0..n {
        let dotted = if k >= n / 2 { "dotted_line: hub\n" } else { "" };
        write(
            &site,
            &format!("content/p{k:04}.md"),
            &format!(
                "---\ntitle: Partner {k}\nreports_to: lead{:02}\n{dotted}---\n- Works\n",
                k / 50
            ),
        );
    }
    let positions = n + n / 50 + 2;
    let (_t, out, total) = build_bounded(&site, positions);
    assert!(total < positions * 40 * 1024, "{total} bytes of HTML");

    let hub = page(&out, "positions/hub.html");
    let drawn: Vec<String> = attrs(&hub, ".where svg a", "href")
        .into_iter()
        .filter(|h| h.contains("positions/p"))
        .collect();
    assert_eq!(drawn.len(), 12, "{drawn:?}");
    let listed = attrs(&hub, ".more-partners a", "href");
    assert_eq!(listed.len(), n - 12);
    // Together: every partner once.
    let mut all: Vec<String> = drawn.into_iter().chain(listed).collect();
    all.sort();
    all.dedup();
    assert_eq!(all.len(), n);
    // The facts name every partner the hub names itself.
    assert_eq!(
        attrs(&hub, ".facts a[href*='positions/p']", "href").len(),
        n / 2
    );
    // The full chart's box names its first partners.
    assert!(text(&page(&out, "chart.html")).contains("┄ Partner 0, Partner 1"));
    // A partner's page draws the hub.
    let p = page(&out, "positions/p1500.html");
    assert!(attrs(&p, ".where svg a", "href").contains(&"../positions/hub.html".to_string()));
    assert!(texts(&p, ".more-partners").is_empty());
}

#[test]
fn a_builds_on_chain_500_long_shows_the_nearest_duties_and_links_the_rest() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    write(&site, "site.yaml", "title: Roles\nlanguage: en\n");
    write(
        &site,
        "content/boss.md",
        "---\ntitle: Boss\n---\n- Runs it\n",
    );
    let n = 500;
    for t in 0..n / 25 {
        write(
            &site,
            &format!("content/lead{t:02}.md"),
            &format!("---\ntitle: Lead {t}\nreports_to: boss\n---\n- Leads\n"),
        );
    }
    for k in 0..n {
        let base = if k == 0 {
            String::new()
        } else {
            format!("builds_on: r{:03}\n", k - 1)
        };
        write(
            &site,
            &format!("content/r{k:03}.md"),
            &format!(
                "---\ntitle: Role {k}\nreports_to: lead{:02}\n{base}---\n- Duty number {k}\n",
                k / 25
            ),
        );
    }
    let positions = n + n / 25 + 1;
    let (_t, out, total) = build_bounded(&site, positions);
    assert!(total < positions * 40 * 1024, "{total} bytes of HTML");

    let last = page(&out, "positions/r499.html");
    assert_eq!(
        texts(&last, ".inherited .prose li"),
        ["Duty number 498", "Duty number 497", "Duty number 496"]
    );
    // The next twelve linked, the rest counted (each linked page goes on).
    let more = attrs(&last, ".inherited-more a", "href");
    assert_eq!(more.len(), 12);
    assert_eq!(more[0], "../positions/r495.html");
    assert!(texts(&last, ".inherited-more")[0].ends_with("and 484 more"));
    // The printed handbook shows the same.
    let print = read(&out, "print.html");
    assert!(print.len() < positions * 8 * 1024, "{} bytes", print.len());
    let near = page(&out, "positions/r002.html");
    assert_eq!(texts(&near, ".inherited").len(), 2);
    assert!(texts(&near, ".inherited-more").is_empty());
}
