//! Synthetic sites, for benchmarks, tests and the end-to-end suite; not
//! part of the library. The benches, the tests that need a large site and
//! `examples/gen-site.rs` include this file (`#[path = ...] mod synth;`).
//!
//! Two shapes, each deterministic:
//!
//! - [`site_files`], an organisation of any size with the shape of real
//!   ones. Managers of managers have 2 to 9 reports (and now and then an
//!   analyst of their own); front-line managers lead teams of 3 to 8
//!   individual contributors, one manager in ten a wide team of 15 to 40;
//!   the share of front-line managers grows with depth. Departments and
//!   sub-departments are units with colours; titles and names are Chinese;
//!   staff (assistants), pending holders, vacancies and dotted lines are
//!   sprinkled in. The same seed gives the same site.
//! - [`handbook_files`], the handbook the end-to-end suite (tests/e2e)
//!   checks: a front page, six units of four teams each, holders (some
//!   pending, some vacant), reports and targets on a share of positions,
//!   duties that say `匯報進度`, and a `site.yaml` that keeps duties out of
//!   the search index and prints the handbook in volumes.

// Each program that includes this file uses a part of it.
#![allow(dead_code)]

use std::fmt::Write as _;
use std::io;
use std::path::{Path, PathBuf};

/// A small deterministic generator (SplitMix64): no dependency for a few lines.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + (self.next_u64() % (hi - lo + 1) as u64) as usize
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }

    pub fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.range(0, xs.len() - 1)]
    }
}

const DEPARTMENTS: [&str; 16] = [
    "銷售",
    "市場",
    "研發",
    "產品",
    "財務",
    "人力資源",
    "法務",
    "採購",
    "物流",
    "客服",
    "品質",
    "資訊",
    "營運",
    "行政",
    "設計",
    "數據分析",
];
const REGIONS: [&str; 8] = [
    "華南區",
    "華東區",
    "華北區",
    "西南區",
    "東北區",
    "海外",
    "北部",
    "中部",
];
const IC_ROLES: [&str; 8] = [
    "專員",
    "工程師",
    "助理",
    "顧問",
    "分析師",
    "代表",
    "設計師",
    "客戶經理",
];
const SURNAMES: [&str; 20] = [
    "陳", "林", "黃", "張", "李", "王", "吳", "劉", "蔡", "楊", "許", "鄭", "謝", "郭", "洪", "曾",
    "邱", "廖", "賴", "周",
];
const GIVEN: [&str; 24] = [
    "曦", "虹", "蒂", "芳", "錫", "陽", "梓", "璇", "小", "健", "志", "明", "怡", "君", "家", "豪",
    "雅", "婷", "俊", "宏", "淑", "惠", "建", "華",
];
const COLORS: [&str; 8] = [
    "#3b5b92", "#2f7d6d", "#9a5b2f", "#7b4b94", "#2f6f9f", "#8a7a24", "#a0434f", "#4f6d3a",
];
/// Levels by depth below the top; the last is for individual contributors.
const LEVELS: [&str; 9] = [
    "總經理",
    "總監",
    "經理",
    "主管",
    "組長",
    "副組長",
    "領班",
    "小組長",
    "專員",
];
const IC_LEVEL: &str = LEVELS[8];

struct Pos {
    id: String,
    /// Index into `DEPARTMENTS`.
    dept: usize,
    title: String,
    level: &'static str,
    manager: Option<usize>,
    depth: usize,
    /// Folder relative to `content/`.
    dir: PathBuf,
    staff: bool,
    manages: bool,
    dotted: Option<usize>,
}

/// The files of a synthetic site of `n` positions: paths relative to the
/// site folder, and their text.
pub fn site_files(n: usize, seed: u64) -> Vec<(PathBuf, String)> {
    let n = n.max(1);
    let mut rng = Rng::new(seed ^ 0x5EED);
    let mut out: Vec<(PathBuf, String)> = Vec::new();
    let mut ps: Vec<Pos> = vec![Pos {
        id: "總經理".into(),
        dept: 0,
        title: "總經理".into(),
        level: LEVELS[0],
        manager: None,
        depth: 0,
        dir: PathBuf::new(),
        staff: false,
        manages: true,
        dotted: None,
    }];
    let mut units = 0usize;
    let mut next = 0usize;
    // Managers still waiting for their teams.
    let mut waiting = 1usize;
    while ps.len() < n && next < ps.len() {
        let m = next;
        next += 1;
        if !ps[m].manages {
            continue;
        }
        let depth = ps[m].depth + 1;
        // An assistant for some senior managers.
        if depth <= 3 && rng.chance(0.25) && ps.len() < n {
            let title = format!("{}助理", ps[m].level);
            let id = format!("{title}-{:06}", ps.len());
            let dir = ps[m].dir.clone();
            ps.push(Pos {
                id,
                dept: ps[m].dept,
                title,
                level: IC_LEVEL,
                manager: Some(m),
                depth,
                dir,
                staff: true,
                manages: false,
                dotted: None,
            });
        }
        // A manager of managers, or a front-line manager of a team of
        // individual contributors; front-line teams are wide one time in
        // ten overall.
        // Growth: while the managers waiting for teams could not fill the
        // size asked, more of them manage managers.
        waiting -= 1;
        let need_growth = n.saturating_sub(ps.len()) > waiting * 5;
        let of_managers = need_growth
            || match ps[m].depth {
                0 => true,
                1 => rng.chance(0.9),
                2 => rng.chance(0.6),
                3 => rng.chance(0.35),
                _ => rng.chance(0.15),
            };
        let wide = !of_managers && rng.chance(0.14);
        let team = if of_managers {
            if depth == 1 {
                rng.range(5, 9)
            } else {
                rng.range(2, 6)
            }
        } else if wide {
            rng.range(15, 40)
        } else {
            rng.range(3, 8)
        };
        // Managers of managers sometimes have an analyst or two of their own.
        let own_ics = if of_managers && depth > 1 && rng.chance(0.2) {
            rng.range(1, 2)
        } else {
            0
        };
        for k in 0..team + own_ics {
            if ps.len() >= n {
                break;
            }
            let manages = of_managers && k < team;
            let d = if ps[m].depth == 0 {
                k % DEPARTMENTS.len()
            } else {
                ps[m].dept
            };
            let base = DEPARTMENTS[d];
            let region = if depth >= 2 && manages && rng.chance(0.3) {
                rng.pick(&REGIONS).to_string()
            } else {
                String::new()
            };
            let (title, level) = if manages {
                let lv = LEVELS[depth.min(7)];
                (format!("{region}{base}{lv}"), lv)
            } else {
                (format!("{base}{}", rng.pick(&IC_ROLES)), IC_LEVEL)
            };
            let id = format!("{title}-{:06}", ps.len());
            // Department heads open a unit; so do second-level heads of
            // larger teams.
            let dir = if manages && depth <= 2 {
                let stem = if depth == 1 {
                    format!("{base}部")
                } else {
                    format!("{region}{base}{}", if depth == 2 { "處" } else { "組" })
                };
                new_unit(&mut units, &ps[m].dir, &stem, &mut out)
            } else {
                ps[m].dir.clone()
            };
            waiting += usize::from(manages);
            ps.push(Pos {
                id,
                dept: d,
                title,
                level,
                manager: Some(m),
                depth,
                dir,
                staff: false,
                manages,
                dotted: None,
            });
        }
    }
    // Dotted lines: one position in a hundred answers also to a manager
    // elsewhere.
    let managers: Vec<usize> = (0..ps.len())
        .filter(|&i| ps[i].manages && ps[i].depth >= 1)
        .collect();
    if !managers.is_empty() {
        for (i, p) in ps.iter_mut().enumerate() {
            if p.depth >= 2 && rng.chance(0.01) {
                let j = *rng.pick(&managers);
                if j != i && p.manager != Some(j) {
                    p.dotted = Some(j);
                }
            }
        }
    }
    let mut people = 0usize;
    for p in &ps {
        let mut s = String::with_capacity(256);
        let _ = writeln!(s, "---\ntitle: {}", p.title);
        let _ = writeln!(s, "level: {}", p.level);
        if let Some(m) = p.manager {
            let _ = writeln!(s, "reports_to: {}", ps[m].id);
        }
        if let Some(d) = p.dotted {
            let _ = writeln!(s, "dotted_line: [{}]", ps[d].id);
        }
        if p.staff {
            let _ = writeln!(s, "type: staff");
        }
        let headcount = if p.manages || p.staff {
            1
        } else {
            rng.range(1, 4)
        };
        let held = if rng.chance(0.15) {
            0
        } else {
            rng.range(1.min(headcount), headcount)
        };
        let _ = writeln!(s, "headcount: {headcount}");
        if held > 0 {
            s.push_str("holders:\n");
            for _ in 0..held {
                let name = person_name(people);
                people += 1;
                if rng.chance(0.1) {
                    let _ = writeln!(s, "  - {{ name: {name}, status: pending }}");
                } else {
                    let _ = writeln!(s, "  - {name}");
                }
            }
        }
        let _ = writeln!(s, "scope: 合成崗位，供基準測試使用");
        // Reporting duties on half the positions, a target on a quarter.
        if let Some(m) = p.manager.filter(|_| rng.chance(0.5)) {
            let to = &ps[m].id;
            let _ = writeln!(
                s,
                "reports:\n  - {{ name: 工作日報, to: {to}, every: day, by: \"10:00\" }}\n  - {{ name: 工作月計劃報表, to: {to}, every: month, day: 2, by: \"10:00\" }}"
            );
        }
        if rng.chance(0.25) {
            let min = rng.range(5, 30);
            let _ = writeln!(
                s,
                "targets:\n  - {{ name: 有效電話, min: {min}, unit: 個, per: day }}"
            );
        }
        s.push_str("---\n## 工作內容\n\n");
        // About 300 words, in six duties.
        for _ in 0..6 {
            s.push_str("- ");
            for w in 0..50 {
                let word: &&str = rng.pick(&PHRASES);
                s.push_str(word);
                if w % 9 == 8 {
                    s.push('，');
                }
            }
            s.push_str("。\n");
        }
        out.push((
            Path::new("content")
                .join(&p.dir)
                .join(format!("{}.md", p.id)),
            s,
        ));
    }
    out.push((
        PathBuf::from("site.yaml"),
        format!(
            "title: 合成組織（{} 個崗位）\nlanguage: zh-Hant\nlevels: [{}]\nchart: {{ direction: TB, front_depth: 3, color_by: unit }}\n",
            ps.len(),
            LEVELS.join(", ")
        ),
    ));
    out
}

/// Words of duties, mostly CJK, a few Latin, as real handbooks mix them.
const PHRASES: [&str; 36] = [
    "負責", "協調", "部門", "客戶", "資料", "整理", "每月", "報表", "提交", "主管", "制定", "計劃",
    "執行", "跟進", "市場", "分析", "維護", "關係", "完成", "目標", "培訓", "新人", "檢查", "流程",
    "改善", "效率", "確保", "品質", "處理", "投訴", "記錄", "歸檔", "the", "weekly", "report",
    "KPI",
];

/// The `k`-th person's name: distinct for the first 276,480 people (a
/// shared name would be reported as one person holding several posts),
/// scattered over the surnames and given names.
pub fn person_name(k: usize) -> String {
    let (s, g) = (SURNAMES.len(), GIVEN.len());
    // Three characters first, as most names are; then four.
    let three = s * g * g;
    let (mut k, four) = if k < three {
        (k * 7919 % three, false)
    } else {
        let span = three * g;
        ((k - three) % span * 7919 % span, true)
    };
    let mut name = String::from(SURNAMES[k % s]);
    k /= s;
    name.push_str(GIVEN[k % g]);
    k /= g;
    name.push_str(GIVEN[k % g]);
    if four {
        name.push_str(GIVEN[(k / g) % g]);
    }
    name
}

/// A unit folder under `parent_dir` with its `_unit.md`.
fn new_unit(
    units: &mut usize,
    parent_dir: &Path,
    stem: &str,
    out: &mut Vec<(PathBuf, String)>,
) -> PathBuf {
    *units += 1;
    let k = *units;
    let dir = parent_dir.join(format!("{stem}{k}"));
    let color = COLORS[k % COLORS.len()];
    out.push((
        Path::new("content").join(&dir).join("_unit.md"),
        format!("---\nname: {stem}\nid: u{k}\ncolor: \"{color}\"\n---\n{stem}（合成）。\n"),
    ));
    dir
}

/// Writes a synthetic site of `n` positions ([`site_files`]) into `dir`.
pub fn write_site(dir: &Path, n: usize, seed: u64) -> io::Result<()> {
    write_files(dir, site_files(n, seed))
}

/// Writes `files` (paths relative to `dir`, and their text) into `dir`.
pub fn write_files(dir: &Path, files: Vec<(PathBuf, String)>) -> io::Result<()> {
    for (path, text) in files {
        let p = dir.join(path);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(p, text)?;
    }
    Ok(())
}

/// The generator of the end-to-end handbook: the C library's `rand` step
/// (a linear congruence modulo 2^31) computed in floating point, as the
/// suite's first generator (JavaScript) computed it, so that the handbook
/// the suite was written against stays the same, character for character.
struct Lcg(f64);

impl Lcg {
    /// A number in `0.0..1.0`.
    fn next(&mut self) -> f64 {
        self.0 = (self.0 * 1_103_515_245.0 + 12_345.0) % 2_147_483_648.0;
        self.0 / 2_147_483_648.0
    }

    /// `floor(next() * n)`: an index below `n`.
    fn below(&mut self, n: usize) -> usize {
        (self.next() * n as f64).floor() as usize
    }

    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len())]
    }
}

/// The end-to-end suite's handbook of about `n` positions: a top (`ceo`),
/// six units (`u1` to `u6`) under it, each with a head and up to four teams
/// (`u1/u1-t1`, ...) of a manager and individual contributors with one to
/// four seats. Holders' names end in the position's number, so no two
/// positions share a holder. No seed: there is one such handbook per size.
pub fn handbook_files(n: usize) -> Vec<(PathBuf, String)> {
    const SURNAMES: &[&str] = &[
        "王", "李", "張", "劉", "陳", "楊", "黃", "趙", "吳", "周", "徐", "孫", "馬", "朱", "胡",
        "郭", "何", "林", "羅", "高",
    ];
    const GIVEN: &[&str] = &[
        "偉", "芳", "娜", "敏", "靜", "麗", "強", "磊", "軍", "洋", "勇", "艷", "傑", "娟", "濤",
        "明", "超", "秀", "霞", "平", "剛", "桂", "英", "華",
    ];
    const UNITS: [&str; 6] = [
        "營運中心",
        "技術研發部",
        "市場營銷部",
        "財務部",
        "人力資源部",
        "客戶服務部",
    ];
    const TEAMS: [&str; 4] = ["一組", "二組", "三組", "四組"];
    const ROLES: &[&str] = &["專員", "助理", "分析師", "工程師", "顧問", "主任"];

    struct Handbook {
        rng: Lcg,
        count: usize,
        files: Vec<(PathBuf, String)>,
    }
    impl Handbook {
        fn person(&mut self) -> String {
            let mut name = format!("{}{}", self.rng.pick(SURNAMES), self.rng.pick(GIVEN));
            if self.rng.next() < 0.5 {
                name.push_str(self.rng.pick(GIVEN));
            }
            name
        }

        fn position(
            &mut self,
            dir: &Path,
            id: &str,
            title: &str,
            level: &str,
            reports_to: Option<&str>,
            headcount: usize,
        ) {
            self.count += 1;
            let count = self.count;
            let mut holders = Vec::new();
            for _ in 0..headcount {
                let r = self.rng.next();
                if r < 0.55 {
                    holders.push(format!("  - {}{count}", self.person()));
                } else if r < 0.7 {
                    holders.push(format!(
                        "  - {{ name: {}{count}, status: pending }}",
                        self.person()
                    ));
                }
            }
            let mut s = format!("---\ntitle: {title}\nlevel: {level}\n");
            if let Some(to) = reports_to {
                let _ = writeln!(s, "reports_to: {to}");
            }
            let _ = writeln!(s, "headcount: {headcount}");
            if !holders.is_empty() {
                s.push_str("holders:\n");
                for h in holders {
                    let _ = writeln!(s, "{h}");
                }
            }
            let _ = writeln!(s, "scope: 負責{title}的日常工作");
            if let Some(to) = reports_to.filter(|_| self.rng.next() < 0.5) {
                let _ = writeln!(
                    s,
                    "reports:\n  - {{ name: 工作日報, to: {to}, every: day, by: \"10:00\" }}\n  - {{ name: 工作月報, to: {to}, every: month, day: 2, by: \"10:00\" }}"
                );
            }
            if self.rng.next() < 0.3 {
                let min = 10 + (self.rng.next() * 30.0).floor() as usize;
                let _ = writeln!(
                    s,
                    "targets:\n  - {{ name: 有效電話, min: {min}, unit: 個, per: day }}"
                );
            }
            let _ = writeln!(s, "order: {count}\n---\n## 工作內容\n");
            for i in 1..=4 {
                let _ = writeln!(s, "- 負責{title}相關的第{i}項工作，並按時向上級匯報進度。");
            }
            let path = Path::new("content").join(dir).join(format!("{id}.md"));
            self.files.push((path, s));
        }
    }

    let mut h = Handbook {
        rng: Lcg(42.0),
        count: 0,
        files: vec![
            (
                PathBuf::from("site.yaml"),
                // Fewer than its positions: the search index leaves duties
                // out and the printed handbook comes in volumes, as on a
                // large handbook.
                "title: 合成測試組織\nlanguage: zh-Hant\nlevels: [總裁, 總監, 經理, 主管, 專員]\nchart: { front_depth: 3 }\nsearch: { full_text_up_to: 100 }\nprint: { volumes_above: 100 }\n".into(),
            ),
            (
                PathBuf::from("content/_index.md"),
                "---\ntitle: 合成測試組織\n---\n端對端測試用的合成組織。\n".into(),
            ),
        ],
    };
    h.position(Path::new(""), "ceo", "總裁", "總裁", None, 1);
    let per_unit = ((n as f64 - 1.0) / UNITS.len() as f64).floor().max(1.0) as usize;
    for (ui, u) in UNITS.iter().enumerate() {
        let udir = format!("u{}", ui + 1);
        h.files.push((
            Path::new("content").join(&udir).join("_unit.md"),
            format!("---\nname: {u}\norder: {}\n---\n{u}的說明。\n", ui + 1),
        ));
        let head = format!("{udir}-head");
        h.position(
            Path::new(&udir),
            &head,
            &format!("{u}總監"),
            "總監",
            Some("ceo"),
            1,
        );
        let mut left = per_unit as i64 - 1;
        for (ti, t) in TEAMS.iter().enumerate() {
            if left <= 0 {
                continue;
            }
            let team = format!("{udir}-t{}", ti + 1);
            let tdir = Path::new(&udir).join(&team);
            h.files.push((
                Path::new("content").join(&tdir).join("_unit.md"),
                format!("---\nname: {u}{t}\norder: {}\n---\n", ti + 1),
            ));
            let mgr = format!("{team}-mgr");
            h.position(&tdir, &mgr, &format!("{u}{t}經理"), "經理", Some(&head), 1);
            left -= 1;
            let ics = left.min(((per_unit as f64 - 1.0) / TEAMS.len() as f64).ceil() as i64 - 1);
            for k in 1..=ics {
                let title = format!("{t}{}{k}", h.rng.pick(ROLES));
                let headcount = 1 + (h.rng.next() * 4.0).floor() as usize;
                h.position(
                    &tdir,
                    &format!("{team}-ic{k}"),
                    &title,
                    "專員",
                    Some(&mgr),
                    headcount,
                );
                left -= 1;
            }
        }
    }
    h.files
}

/// The number of holders `site_files` named: they are `person_name(0..n)`,
/// one per holder line (the other list items are reports and targets).
pub fn holders(files: &[(PathBuf, String)]) -> usize {
    let other = ["工作日報", "工作月計劃報表", "有效電話"];
    files
        .iter()
        .flat_map(|(_, text)| text.lines())
        .filter(|l| l.starts_with("  - ") && !other.iter().any(|o| l.contains(o)))
        .count()
}

/// A person file and a 600 × 600 photo for each of the first `n` people.
/// The photos show one picture, each with its own bytes (a JPEG comment
/// holds the person's number), so each is decoded and cached on its own.
pub fn write_people(dir: &Path, n: usize) -> std::io::Result<()> {
    let img = image::RgbImage::from_fn(600, 600, |x, y| {
        // A smooth picture: a JPEG of about 40 KB, as a portrait is.
        let d = (x as f32 - 300.0).hypot(y as f32 - 260.0);
        let face = if d < 170.0 { 60 } else { 0 };
        image::Rgb([
            (x / 3) as u8 + face,
            (y / 3) as u8,
            140u8.saturating_sub(face),
        ])
    });
    let mut base = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut base, 85)
        .encode_image(&img)
        .map_err(std::io::Error::other)?;
    let people = dir.join("people");
    std::fs::create_dir_all(&people)?;
    for k in 0..n {
        let name = person_name(k);
        std::fs::write(
            people.join(format!("p{k}.md")),
            format!(
                "---\nname: {name}\nemail: p{k}@example.org\nphone: \"+886 2 5550 {:04}\"\n---\n",
                k % 10_000
            ),
        )?;
        let note = format!("person {k}");
        let mut jpeg = Vec::with_capacity(base.len() + note.len() + 4);
        jpeg.extend_from_slice(&base[..2]);
        jpeg.extend_from_slice(&[0xFF, 0xFE]);
        jpeg.extend_from_slice(&((note.len() + 2) as u16).to_be_bytes());
        jpeg.extend_from_slice(note.as_bytes());
        jpeg.extend_from_slice(&base[2..]);
        std::fs::write(people.join(format!("p{k}.jpg")), jpeg)?;
    }
    Ok(())
}

/// A wide English organisation for the navigation at any size: a chief
/// executive with `top_units` units under it (`unit-01`, ...), each with a
/// head, a staff post and one sub-unit of a manager and a team.
pub fn wide_files(top_units: usize) -> Vec<(PathBuf, String)> {
    let mut files = vec![(
        PathBuf::from("site.yaml"),
        "title: Wide Corporation\nlanguage: en\n".to_string(),
    )];
    files.push((
        PathBuf::from("content/ceo.md"),
        "---\ntitle: Chief Executive\nholders: [Ana Ruiz]\n---\n- Leads.\n".into(),
    ));
    for k in 1..=top_units {
        let u = format!("unit-{k:02}");
        let dir = Path::new("content").join(&u);
        files.push((
            dir.join("_unit.md"),
            format!("---\nname: Division {k}\nid: {u}\norder: {k}\n---\n"),
        ));
        files.push((
            dir.join("head.md"),
            format!("---\ntitle: Head of Division {k}\nid: {u}-head\nreports_to: ceo\n---\n- Runs division {k}.\n"),
        ));
        files.push((
            dir.join("assistant.md"),
            format!("---\ntitle: Assistant, Division {k}\nid: {u}-assistant\nreports_to: {u}-head\ntype: staff\n---\n- Assists.\n"),
        ));
        let team = dir.join("team");
        files.push((
            team.join("_unit.md"),
            format!("---\nname: Division {k} Team\nid: {u}-team\n---\n"),
        ));
        files.push((
            team.join("manager.md"),
            format!("---\ntitle: Team Manager {k}\nid: {u}-manager\nreports_to: {u}-head\n---\n- Manages.\n"),
        ));
        files.push((
            team.join("member.md"),
            format!("---\ntitle: Team Member {k}\nid: {u}-member\nreports_to: {u}-manager\nheadcount: 3\n---\n- Works.\n"),
        ));
    }
    files
}

/// The shapes real organisations have and the seed's neat tree has not
/// (issue 17), each an English site the chart tests and the end-to-end
/// suite lay out: `flat-top` (450 positions with no manager, a few with a
/// team), `wide` (one post with 2,000 direct reports, some of them
/// managers), `units` (60 top-level units under one head) and
/// `long-titles` (titles of about 60 Latin characters).
pub const SHAPES: [&str; 4] = ["flat-top", "wide", "units", "long-titles"];

/// The files of shape `shape` (one of [`SHAPES`]); `None` for another name.
pub fn shape_files(shape: &str) -> Option<Vec<(PathBuf, String)>> {
    struct Shape {
        files: Vec<(PathBuf, String)>,
        rng: Rng,
    }
    impl Shape {
        fn unit(&mut self, dir: &str, name: &str, order: usize) {
            self.files.push((
                Path::new("content").join(dir).join("_unit.md"),
                format!("---\nname: {name}\norder: {order}\n---\n"),
            ));
        }
        fn pos(&mut self, dir: &str, id: &str, title: &str, to: Option<&str>, order: usize) {
            let mut s = format!("---\ntitle: {title}\n");
            if let Some(to) = to {
                let _ = writeln!(s, "reports_to: {to}");
            }
            let k = self.rng.range(0, 9_999);
            let _ = writeln!(s, "holders: [{}]\norder: {order}\n---\n", english_name(k));
            // A duty, so that the search of duties has something to find.
            s.push_str("- Looks after the shelf.\n");
            self.files
                .push((Path::new("content").join(dir).join(format!("{id}.md")), s));
        }
    }
    let title = match shape {
        "flat-top" => "Flat Top",
        "wide" => "One Wide Team",
        "units" => "Sixty Units",
        "long-titles" => "Long Titles",
        _ => return None,
    };
    let mut s = Shape {
        files: vec![
            (
                PathBuf::from("site.yaml"),
                format!("title: {title}\nlanguage: en\nchart: {{ front_depth: 3 }}\n"),
            ),
            (
                PathBuf::from("content/_index.md"),
                format!("---\ntitle: {title}\n---\nA generated organisation.\n"),
            ),
        ],
        rng: Rng::new(17),
    };
    const ROLES: [&str; 8] = [
        "Analyst",
        "Engineer",
        "Designer",
        "Accountant",
        "Recruiter",
        "Planner",
        "Buyer",
        "Agent",
    ];
    match shape {
        "flat-top" => {
            // 450 positions whose manager is missing; one in ten leads a team.
            for i in 0..450 {
                let id = format!("top-{i:03}");
                let role = ROLES[i % ROLES.len()];
                s.pos("", &id, &format!("Senior {role}"), None, i);
                if i % 10 == 0 {
                    for k in 0..4 {
                        s.pos("", &format!("{id}-r{k}"), role, Some(&id), k);
                    }
                }
            }
        }
        "wide" => {
            s.pos("", "director", "Director of Operations", None, 0);
            for i in 0..2000 {
                let id = format!("op-{i:04}");
                let role = ROLES[i % ROLES.len()];
                s.pos("", &id, &format!("Operations {role}"), Some("director"), i);
                if i % 50 == 0 {
                    for k in 0..5 {
                        s.pos("", &format!("{id}-r{k}"), role, Some(&id), k);
                    }
                }
            }
        }
        "units" => {
            s.pos("", "ceo", "Chief Executive", None, 0);
            for u in 0..60 {
                let dir = format!("unit-{u:02}");
                s.unit(&dir, &format!("Division {u}"), u);
                let head = format!("{dir}-head");
                s.pos(
                    &dir,
                    &head,
                    &format!("Head of Division {u}"),
                    Some("ceo"),
                    u,
                );
                for k in 0..(3 + u % 6) {
                    let role = ROLES[(u + k) % ROLES.len()];
                    s.pos(&dir, &format!("{dir}-{k}"), role, Some(&head), k);
                }
            }
        }
        _ => {
            const WORDS: [&str; 10] = [
                "Regional",
                "Storekeeping",
                "Warehouse",
                "Operations",
                "Compliance",
                "Coordination",
                "International",
                "Procurement",
                "Infrastructure",
                "Partnerships",
            ];
            let long = |i: usize| {
                let mut t = String::new();
                let mut k = i;
                while t.len() < 55 {
                    if !t.is_empty() {
                        t.push(' ');
                    }
                    t.push_str(WORDS[k % WORDS.len()]);
                    k = k * 7 + 3;
                }
                t
            };
            s.pos("", "ceo", &long(0), None, 0);
            for m in 0..8 {
                let id = format!("m{m}");
                s.pos("", &id, &long(m + 1), Some("ceo"), m);
                for k in 0..12 {
                    s.pos(
                        "",
                        &format!("{id}-{k}"),
                        &long(m * 12 + k + 9),
                        Some(&id),
                        k,
                    );
                }
            }
        }
    }
    Some(s.files)
}

/// An English name for holder `k`.
pub fn english_name(k: usize) -> String {
    const FIRST: [&str; 12] = [
        "Ana", "Ben", "Chloe", "David", "Emma", "Farid", "Grace", "Hiro", "Ines", "Jonas", "Kofi",
        "Lena",
    ];
    const LAST: [&str; 10] = [
        "Ruiz", "Okafor", "Smith", "Nguyen", "Kowalski", "Haddad", "Larsen", "Tanaka", "Moreau",
        "Silva",
    ];
    format!("{} {}", FIRST[k % 12], LAST[(k / 12) % 10])
}
