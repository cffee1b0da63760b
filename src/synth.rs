//! Synthetic organisations for benchmarks and scale tests: a site folder of
//! role documents shaped like a real one (a few levels of units, managers
//! with realistic fan-outs and a tenth of them with 15-40 reports, CJK
//! titles, bodies of about 300 words, holders, reports and targets on a
//! share of positions). Deterministic for a given size and seed.

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::Path;

/// A small deterministic generator (SplitMix64); no dependency needed for
/// reproducible benchmark data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len())]
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

const SURNAMES: &[&str] = &[
    "王", "李", "張", "劉", "陳", "楊", "黃", "趙", "吳", "周", "徐", "孫", "馬", "朱", "胡", "郭",
    "何", "林", "羅", "高",
];
const GIVEN: &[&str] = &[
    "偉", "芳", "娜", "敏", "靜", "麗", "強", "磊", "軍", "洋", "勇", "艷", "傑", "娟", "濤", "明",
    "超", "秀", "霞", "平",
];
const AREAS: &[&str] = &[
    "銷售", "客服", "研發", "財務", "人事", "行政", "採購", "物流", "品質", "市場", "法務", "資訊",
];
const ROLES: &[&str] = &[
    "專員",
    "助理",
    "分析師",
    "工程師",
    "顧問",
    "主任",
    "督導",
    "規劃師",
];
const PHRASES: &[&str] = &[
    "負責", "協調", "部門", "客戶", "資料", "整理", "每月", "報表", "提交", "主管", "制定", "計劃",
    "執行", "跟進", "市場", "分析", "維護", "關係", "完成", "目標", "培訓", "新人", "檢查", "流程",
    "改善", "效率", "確保", "品質", "處理", "投訴", "記錄", "歸檔", "the", "weekly", "report",
    "KPI",
];
const LEVELS: [&str; 5] = ["總監", "經理", "主管", "專員", "實習"];

/// What a generated site holds.
#[derive(Debug, Clone, Copy)]
pub struct Generated {
    pub positions: usize,
    pub units: usize,
}

/// Writes a site of about `n` positions (at least 1) into `dir`, which is
/// emptied first.
pub fn write_site(dir: &Path, n: usize, seed: u64) -> io::Result<Generated> {
    let n = n.max(1);
    let mut rng = Rng(seed);
    if dir.exists() {
        fs::remove_dir_all(dir)?;
    }
    let content = dir.join("content");
    fs::create_dir_all(&content)?;
    fs::write(
        dir.join("site.yaml"),
        "title: 合成組織\nlanguage: zh-Hant\nlevels: [總裁, 總監, 經理, 主管, 專員, 實習]\nchart: { front_depth: 3 }\n",
    )?;
    fs::write(
        content.join("_index.md"),
        "---\ntitle: 合成組織\n---\n用於效能測試的合成組織。\n",
    )?;

    let mut g = Gen {
        rng: &mut rng,
        count: 0,
        units: 0,
        target: n,
        buf: String::with_capacity(4096),
    };
    g.position(&content, "p0", "總裁", "總裁", None, 1)?;
    // Divisions of about sqrt(n) positions each, split into teams.
    let divisions = ((n as f64).sqrt() / 3.0).ceil().max(1.0) as usize;
    let mut d = 0;
    while g.count < n {
        let area = AREAS[d % AREAS.len()];
        let ddir = content.join(format!("d{d}"));
        g.unit(&ddir, &format!("{area}事業部{d}"))?;
        let head = format!("d{d}-head");
        g.position(
            &ddir,
            &head,
            &format!("{area}事業部{d}總監"),
            LEVELS[0],
            Some("p0"),
            1,
        )?;
        let share = (n / divisions).max(2);
        let mut t = 0;
        while g.count < n && g.count < (d + 1) * share + 1 {
            let tdir = ddir.join(format!("d{d}-t{t}"));
            g.unit(&tdir, &format!("{area}{t}組"))?;
            let mgr = format!("d{d}-t{t}-m");
            g.position(
                &tdir,
                &mgr,
                &format!("{area}{t}組經理"),
                LEVELS[1],
                Some(&head),
                1,
            )?;
            // A tenth of the teams are wide (15-40 reports); the rest 3-8,
            // some through a supervisor.
            let wide = g.rng.chance(10);
            let size = if wide {
                15 + g.rng.below(26)
            } else {
                3 + g.rng.below(6)
            };
            let sup = (!wide && g.rng.chance(40)).then(|| format!("d{d}-t{t}-s"));
            if let Some(s) = &sup {
                g.position(
                    &tdir,
                    s,
                    &format!("{area}{t}組主管"),
                    LEVELS[2],
                    Some(&mgr),
                    1,
                )?;
            }
            for k in 0..size {
                if g.count >= n {
                    break;
                }
                let role = g.rng.pick(ROLES);
                let boss = sup.as_deref().unwrap_or(&mgr);
                let level = if g.rng.chance(10) {
                    LEVELS[4]
                } else {
                    LEVELS[3]
                };
                let seats = 1 + g.rng.below(4);
                g.position(
                    &tdir,
                    &format!("d{d}-t{t}-{k}"),
                    &format!("{area}{role}{t}-{k}"),
                    level,
                    Some(boss),
                    seats,
                )?;
            }
            t += 1;
        }
        d += 1;
    }
    Ok(Generated {
        positions: g.count,
        units: g.units,
    })
}

struct Gen<'a> {
    rng: &'a mut Rng,
    count: usize,
    units: usize,
    target: usize,
    buf: String,
}

impl Gen<'_> {
    fn unit(&mut self, dir: &Path, name: &str) -> io::Result<()> {
        fs::create_dir_all(dir)?;
        self.units += 1;
        fs::write(
            dir.join("_unit.md"),
            format!("---\nname: {name}\n---\n{name}的說明。\n"),
        )
    }

    fn position(
        &mut self,
        dir: &Path,
        id: &str,
        title: &str,
        level: &str,
        boss: Option<&str>,
        seats: usize,
    ) -> io::Result<()> {
        if self.count >= self.target {
            return Ok(());
        }
        self.count += 1;
        let b = &mut self.buf;
        b.clear();
        let _ = write!(b, "---\ntitle: {title}\nlevel: {level}\n");
        if let Some(boss) = boss {
            let _ = writeln!(b, "reports_to: {boss}");
        }
        let _ = writeln!(b, "headcount: {seats}");
        let mut holders = Vec::new();
        for _ in 0..seats {
            if self.rng.chance(60) {
                let name = format!(
                    "{}{}{}{}",
                    self.rng.pick(SURNAMES),
                    self.rng.pick(GIVEN),
                    self.rng.pick(GIVEN),
                    self.count
                );
                holders.push(if self.rng.chance(15) {
                    format!("  - {{ name: {name}, status: pending }}")
                } else {
                    format!("  - {name}")
                });
            }
        }
        let b = &mut self.buf;
        if !holders.is_empty() {
            b.push_str("holders:\n");
            for h in &holders {
                b.push_str(h);
                b.push('\n');
            }
        }
        let _ = writeln!(b, "scope: 負責{title}範圍內的日常工作");
        if let Some(boss) = boss.filter(|_| self.rng.chance(50)) {
            let b = &mut self.buf;
            let _ = write!(
                b,
                "reports:\n  - {{ name: 工作日報, to: {boss}, every: day, by: \"10:00\" }}\n  - {{ name: 工作月計劃報表, to: {boss}, every: month, day: 2, by: \"10:00\" }}\n"
            );
        }
        if self.rng.chance(25) {
            let min = 5 + self.rng.below(30);
            let _ = writeln!(
                self.buf,
                "targets:\n  - {{ name: 有效電話, min: {min}, unit: 個, per: day }}"
            );
        }
        let _ = writeln!(self.buf, "order: {}\n---\n## 工作內容\n", self.count);
        // About 300 words in 6 duties.
        for _ in 0..6 {
            self.buf.push_str("- ");
            for w in 0..50 {
                let word = self.rng.pick(PHRASES);
                self.buf.push_str(word);
                if w % 9 == 8 {
                    self.buf.push('，');
                }
            }
            self.buf.push_str("。\n");
        }
        fs::write(dir.join(format!("{id}.md")), self.buf.as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generates_a_valid_site_of_the_asked_size() {
        let tmp = tempfile::tempdir().unwrap();
        let g = write_site(tmp.path(), 250, 7).unwrap();
        assert_eq!(g.positions, 250);
        let (org, d) = crate::site::check(tmp.path());
        assert!(!d.has_errors(), "{d}");
        assert_eq!(org.positions.len(), 250);
        assert_eq!(org.roots.len(), 1);
        // Some wide teams.
        assert!(org.positions.iter().any(|p| p.children.len() >= 15));
        // Deterministic.
        let again = tempfile::tempdir().unwrap();
        write_site(again.path(), 250, 7).unwrap();
        let a = fs::read(tmp.path().join("content/d0/d0-head.md")).unwrap();
        let b = fs::read(again.path().join("content/d0/d0-head.md")).unwrap();
        assert_eq!(a, b);
    }
}
