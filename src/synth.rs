//! Synthetic organisations for benchmarks and for looking at large charts:
//! a site (site.yaml, units, position documents) of any size, with the
//! shape of real ones. Managers of managers have 2 to 9 reports (and now
//! and then an analyst of their own); front-line managers lead teams of 3
//! to 8 individual contributors, one manager in ten a wide team of 15 to
//! 40; the share of front-line managers grows with depth. Departments and
//! sub-departments are units with colours; titles and names are Chinese;
//! staff (assistants), pending holders, vacancies and dotted lines are
//! sprinkled in. The same seed gives the same site.

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
fn person_name(k: usize) -> String {
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

/// Writes a synthetic site of `n` positions into `dir`.
pub fn write_site(dir: &Path, n: usize, seed: u64) -> io::Result<()> {
    for (path, text) in site_files(n, seed) {
        let p = dir.join(path);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(p, text)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_distinct() {
        let names: std::collections::HashSet<String> = (0..50_000).map(person_name).collect();
        assert_eq!(names.len(), 50_000);
    }

    #[test]
    fn sites_have_the_size_asked_and_are_deterministic() {
        let a = site_files(500, 7);
        let positions = a
            .iter()
            .filter(|(p, _)| p.extension().is_some_and(|e| e == "md") && !p.ends_with("_unit.md"))
            .count();
        assert_eq!(positions, 500);
        assert_eq!(a, site_files(500, 7));
        assert_ne!(a, site_files(500, 8));
        assert!(a.iter().any(|(_, t)| t.contains("type: staff")));
        assert!(a.iter().any(|(p, _)| p.ends_with("_unit.md")));
    }

    #[test]
    fn a_built_synthetic_site_is_valid() {
        let tmp = std::env::temp_dir().join(format!("orgsite-synth-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&tmp);
        write_site(&tmp, 300, 1).unwrap();
        let (org, diags) = crate::site::check(&tmp);
        let _ = std::fs::remove_dir_all(&tmp);
        assert_eq!(diags.error_count(), 0, "{diags}");
        assert_eq!(diags.warning_count(), 0, "{diags}");
        assert_eq!(org.positions.len(), 300);
        // Wide teams exist: some manager has at least 15 reports.
        assert!(org.positions.iter().any(|p| p.children.len() >= 15));
    }
}
