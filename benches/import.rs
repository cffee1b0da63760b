//! The import benchmark: an HR export of N rows (default 100,000; a tree
//! ten wide, in 100 departments, with emails) imported into a new site,
//! then imported again with nothing changed (the sync's fast path: every
//! file read and compared, none written). Goal: each under 5 s on 2 cores.
//!
//!     cargo bench --bench import               # 100000
//!     cargo bench --bench import -- 10000      # another size
//!
//! Runs in `/dev/shm` where there is one, so the disk is not measured.
//! Each run prints its wall time, the process's CPU time in it (user +
//! system, from /proc/self/stat) and the load average before it: on a
//! shared machine the wall time alone says little.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::time::Instant;

use orgsite::import::{self, Options};

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let n: usize = std::env::args()
        .skip(1)
        .find(|a| a != "--bench")
        .and_then(|a| a.parse().ok())
        .unwrap_or(100_000);
    let base = if std::path::Path::new("/dev/shm").is_dir() {
        PathBuf::from("/dev/shm")
    } else {
        std::env::temp_dir()
    };
    let tmp = tempfile::Builder::new()
        .prefix("orgsite-import-bench-")
        .tempdir_in(base)
        .expect("temp dir");
    let csv = tmp.path().join("hr.csv");
    let mut s =
        String::from("Employee ID,Manager ID,First Name,Last Name,Job Title,Department,Email\n");
    for i in 0..n {
        let mgr = if i == 0 {
            String::new()
        } else {
            format!("{:06}", (i - 1) / 10)
        };
        let _ = writeln!(
            s,
            "{i:06},{mgr},First{i},Last{i},Title {},Division {}/Dept {},p{i}@example.com",
            i % 50,
            i % 10,
            i % 100
        );
    }
    std::fs::write(&csv, s).expect("write csv");
    let site = tmp.path().join("site");
    let opts = Options {
        files: vec![csv],
        site: site.clone(),
        ..Options::default()
    };
    for label in ["new site", "re-import, nothing changed"] {
        let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
        let cpu0 = cpu_seconds();
        let t = Instant::now();
        let out = import::run(&opts);
        let took = t.elapsed();
        let cpu = cpu_seconds() - cpu0;
        assert!(
            out.ok(),
            "{:?} {:?}",
            out.problems.first(),
            out.check_errors.first()
        );
        println!(
            "import {n} rows, {label}: {:.2} s wall, {cpu:.2} s CPU (load before: {})",
            took.as_secs_f64(),
            load.split_whitespace()
                .take(3)
                .collect::<Vec<_>>()
                .join(" ")
        );
    }
}

/// User and system CPU time of this process so far, in seconds (0 where
/// /proc is not there). Clock ticks are taken as 100 a second, which
/// Linux reports to user space on every common platform.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name, which is in parentheses.
    let rest = stat.rsplit(')').next().unwrap_or("");
    let f: Vec<f64> = rest
        .split_whitespace()
        .map(|x| x.parse().unwrap_or(0.0))
        .collect();
    // utime and stime are fields 14 and 15, i.e. 11 and 12 after `)`.
    (f.get(11).unwrap_or(&0.0) + f.get(12).unwrap_or(&0.0)) / 100.0
}
