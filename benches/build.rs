//! The build benchmark: generates organisations of the given sizes (default
//! 1,000, 10,000 and 100,000 positions), builds each into a RAM disk
//! (`/dev/shm`, or the temp folder where there is none) and prints wall
//! time, CPU time and peak memory, per phase.
//!
//!     cargo bench --bench build                 # 1000 10000 100000
//!     cargo bench --bench build -- 10000        # one size
//!
//! Each size runs in a child process of its own, so that its peak memory
//! (VmHWM) is its own. `ORGSITE_BENCH_KEEP=1` keeps the generated sites and
//! their output (under /dev/shm/orgsite-bench/SIZE/) for a closer look;
//! `ORGSITE_BENCH_NO_WRITE=1` renders every file and writes none, to tell
//! the cost of rendering from the cost of writing.

#[path = "../tests/support/synth.rs"]
mod synth;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use orgsite::{content, model::Org, render, site, theme::Theme, validate};

// The allocator `orgsite` itself uses (see src/main.rs).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    if args.first().map(String::as_str) == Some("--child") {
        let n: usize = args[1].parse().expect("size");
        child(n, Path::new(&args[2]));
        return;
    }
    let sizes: Vec<usize> = if args.is_empty() {
        vec![1_000, 10_000, 100_000]
    } else {
        args.iter()
            .map(|a| a.parse().expect("sizes are numbers"))
            .collect()
    };
    let base = if Path::new("/dev/shm").is_dir() {
        PathBuf::from("/dev/shm/orgsite-bench")
    } else {
        std::env::temp_dir().join("orgsite-bench")
    };
    println!("each phase: time / peak resident memory (MiB) while it ran");
    println!(
        "{:>8} {:>12} {:>12} {:>12} {:>13} {:>12} {:>9} {:>9} {:>9} {:>10}",
        "size",
        "load",
        "validate",
        "layout",
        "render+write",
        "check",
        "wall",
        "cpu",
        "peak MiB",
        "output MiB"
    );
    for n in sizes {
        let dir = base.join(n.to_string());
        synth::write_site(&dir.join("site"), n, 42).expect("generate");
        let exe = std::env::current_exe().expect("exe");
        let out = Command::new(exe)
            .args(["--child", &n.to_string(), dir.to_str().expect("utf-8 path")])
            .output()
            .expect("child");
        print!("{}", String::from_utf8_lossy(&out.stdout));
        if !out.status.success() {
            eprintln!("{}", String::from_utf8_lossy(&out.stderr));
            std::process::exit(1);
        }
        if std::env::var_os("ORGSITE_BENCH_KEEP").is_none() {
            let _ = std::fs::remove_dir_all(&dir);
        }
    }
}

fn ms(d: Duration) -> String {
    format!("{:.0}ms", d.as_secs_f64() * 1000.0)
}

/// One size: the phases of `orgsite build`, timed one by one, then a
/// `check` alone.
fn child(n: usize, dir: &Path) {
    let site_dir = dir.join("site");
    let out_dir = dir.join("public");
    let start = Instant::now();
    let mut peak = 0.0;

    let t = Instant::now();
    let (loaded, mut diags) = content::load(&site_dir);
    let load = phase(t, &mut peak);

    let t = Instant::now();
    let org = Org::build(loaded);
    diags.extend(validate::validate(&org));
    let validate = phase(t, &mut peak);
    assert!(!diags.has_errors(), "{diags}");

    // The full chart, laid out once for chart.html and chart.svg.
    let t = Instant::now();
    let laid = render::Layout::new(&org);
    let layout = phase(t, &mut peak);

    // Render and write, streamed as `orgsite build` does.
    let t = Instant::now();
    let theme = Theme::for_site(&site_dir).expect("theme");
    let staging = site::Staging::new(&out_dir).expect("staging");
    let info = render::BuildInfo {
        last_change: orgsite::revision::last_change(&site_dir),
        photo_cache: None,
    };
    if std::env::var_os("ORGSITE_BENCH_NO_WRITE").is_some() {
        let null = |_f: orgsite::render::OutputFile| Ok(());
        render::render_site_to(&org, &theme, &info, None, &laid, &null).expect("render");
    } else {
        site::render_into(&org, &theme, &info, None, &laid, &staging, &out_dir).expect("render");
    }
    staging.commit().expect("commit");
    let render = phase(t, &mut peak);
    let wall = start.elapsed();
    let bytes: u64 = walkdir::WalkDir::new(&out_dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter_map(|e| e.metadata().ok())
        .filter(|m| m.is_file())
        .map(|m| m.len())
        .sum();
    let (cpu, _) = cpu_and_peak();
    drop(org);

    let t = Instant::now();
    let (_org, d) = site::check(&site_dir);
    let check = phase(t, &mut peak);
    assert!(!d.has_errors());

    println!(
        "{:>8} {:>12} {:>12} {:>12} {:>13} {:>12} {:>9} {:>9} {:>9.0} {:>10.1}",
        n,
        load,
        validate,
        layout,
        render,
        check,
        ms(wall),
        ms(cpu),
        peak,
        bytes as f64 / 1048576.0
    );
}

/// A phase that started at `t` has ended: its time and the peak resident
/// memory while it ran, as "120ms/95M"; the peak is then reset (Linux:
/// writing 5 to /proc/self/clear_refs) for the next phase.
fn phase(t: Instant, overall: &mut f64) -> String {
    let took = t.elapsed();
    let (_, peak) = cpu_and_peak();
    *overall = overall.max(peak);
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    format!("{}/{:.0}M", ms(took), peak)
}

/// CPU time (user + system) so far and peak resident memory in MiB, from /proc.
fn cpu_and_peak() -> (Duration, f64) {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name (which is in parentheses).
    let after = stat.rsplit_once(')').map(|x| x.1).unwrap_or_default();
    let f: Vec<&str> = after.split_whitespace().collect();
    let ticks = |i: usize| f.get(i).and_then(|s| s.parse::<u64>().ok()).unwrap_or(0);
    // utime and stime are fields 14 and 15 (1-based) of the whole line:
    // 12 and 13 after the name.
    let cpu = Duration::from_millis((ticks(11) + ticks(12)) * 10);
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let peak_kb = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .unwrap_or(0.0);
    (cpu, peak_kb / 1024.0)
}
