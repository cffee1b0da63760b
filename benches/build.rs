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
//!
//! Then the peer: these machines drift by 2× from day to day, so a time
//! alone says little. For each size up to 20,000 the bench writes, beside
//! the organisation, a plain Hugo site with one page per position holding
//! the same body text, and times whole processes, `orgsite build` against
//! `hugo`, alternating (`ORGSITE_BENCH_RUNS`, default 5, after one warm-up
//! run each), and prints both medians and their ratio. Without `hugo` on
//! the PATH (`apt-get install hugo`) it says so and prints orgsite's alone.
//!
//!     cargo bench --bench build -- 10000 --shape people   # a person file and photo per holder
//!
//! Shapes: `org` (the default, `synth::site_files`) and `people` (the same
//! organisation with a person file and a 600 × 600 photo for every holder;
//! photo thumbnails cached as `orgsite build` caches them, warm after the
//! warm-up run).

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
    let mut shape = Shape::Org;
    let mut sizes: Vec<usize> = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--shape" => {
                shape = match it.next().map(String::as_str) {
                    Some("org") => Shape::Org,
                    Some("people") => Shape::People,
                    other => panic!("--shape org|people, not {other:?}"),
                }
            }
            _ => sizes.push(a.parse().expect("sizes are numbers")),
        }
    }
    if sizes.is_empty() {
        sizes = vec![1_000, 10_000, 100_000];
    }
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
    let mut peers = Vec::new();
    for n in sizes {
        let dir = base.join(n.to_string());
        let _ = std::fs::remove_dir_all(&dir);
        let files = synth::site_files(n, 42);
        let holders = synth::holders(&files);
        synth::write_files(&dir.join("site"), files).expect("generate");
        if shape == Shape::People {
            synth::write_people(&dir.join("site"), holders).expect("people");
        }
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
        if n <= 20_000 {
            peers.push(versus_hugo(n, &dir));
        }
        if std::env::var_os("ORGSITE_BENCH_KEEP").is_none() {
            let _ = std::fs::remove_dir_all(&dir);
        }
    }
    if !peers.is_empty() {
        println!();
        println!(
            "whole processes, output in {}, median of alternating runs:",
            base.display()
        );
        for line in peers {
            println!("{line}");
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Shape {
    Org,
    People,
}

/// `orgsite build` of the site in `dir/site` against `hugo` on a plain site
/// of as many pages with the same bodies, alternating; one line of figures.
fn versus_hugo(n: usize, dir: &Path) -> String {
    let runs: usize = std::env::var("ORGSITE_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5)
        .max(1);
    let site = dir.join("site");
    let mut orgsite = Command::new(env!("CARGO_BIN_EXE_orgsite"));
    orgsite
        .arg("build")
        .arg(&site)
        .arg("-o")
        .arg(dir.join("out-orgsite"))
        .arg("--force")
        .env("ORGSITE_CACHE_DIR", dir.join("cache"));
    let hugo_here = Command::new("hugo")
        .arg("version")
        .output()
        .is_ok_and(|o| o.status.success());
    let mut hugo = None;
    if hugo_here {
        let plain = dir.join("hugo");
        let pages = plain_site(&site, &plain).expect("the plain site");
        let mut c = Command::new("hugo");
        c.arg("--source")
            .arg(&plain)
            .arg("--destination")
            .arg(dir.join("out-hugo"))
            .arg("--cleanDestinationDir")
            .arg("--quiet");
        hugo = Some((c, pages));
    }
    // Warm-up: file caches, and orgsite's photo cache for the people shape.
    timed(&mut orgsite);
    if let Some((c, _)) = hugo.as_mut() {
        timed(c);
    }
    let (mut ours, mut theirs) = (Vec::new(), Vec::new());
    for _ in 0..runs {
        ours.push(timed(&mut orgsite));
        if let Some((c, _)) = hugo.as_mut() {
            theirs.push(timed(c));
        }
    }
    let (wall, cpu) = median(&mut ours);
    let mut line = format!(
        "{n:>8} positions: orgsite {:.2} s ({:.2} s CPU)",
        wall.as_secs_f64(),
        cpu.as_secs_f64()
    );
    match hugo {
        Some((_, pages)) => {
            let (hwall, hcpu) = median(&mut theirs);
            line += &format!(
                ", hugo {:.2} s ({:.2} s CPU) for {pages} plain pages: ratio {:.2} wall, {:.2} CPU ({runs} runs each)",
                hwall.as_secs_f64(),
                hcpu.as_secs_f64(),
                wall.as_secs_f64() / hwall.as_secs_f64(),
                cpu.as_secs_f64() / hcpu.as_secs_f64()
            );
        }
        None => line += ": hugo is not installed (apt-get install hugo), no ratio",
    }
    line
}

/// Runs a command to its end; its wall time and the CPU time (user and
/// system) it and its children took.
fn timed(c: &mut Command) -> (Duration, Duration) {
    let before = children_cpu();
    let t = Instant::now();
    let out = c.output().expect("run");
    let wall = t.elapsed();
    assert!(
        out.status.success(),
        "{c:?} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (wall, children_cpu().saturating_sub(before))
}

/// The medians of the wall and the CPU times.
fn median(xs: &mut [(Duration, Duration)]) -> (Duration, Duration) {
    let mut walls: Vec<Duration> = xs.iter().map(|x| x.0).collect();
    let mut cpus: Vec<Duration> = xs.iter().map(|x| x.1).collect();
    walls.sort();
    cpus.sort();
    (walls[walls.len() / 2], cpus[cpus.len() / 2])
}

/// CPU time of this process's children that have ended (cutime + cstime).
fn children_cpu() -> Duration {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit_once(')').map(|x| x.1).unwrap_or_default();
    let f: Vec<&str> = after.split_whitespace().collect();
    let ticks = |i: usize| f.get(i).and_then(|s| s.parse::<u64>().ok()).unwrap_or(0);
    Duration::from_millis((ticks(13) + ticks(14)) * 10)
}

/// A plain Hugo site in `plain` with one page per position file of the
/// orgsite site in `site`: the same body (Markdown after the front
/// matter) under its title, in sections as the units are folders, and a
/// small page template with a header, navigation and footer as orgsite's
/// pages have. Returns the number of pages.
fn plain_site(site: &Path, plain: &Path) -> std::io::Result<usize> {
    let content = site.join("content");
    let mut pages = 0;
    for e in walkdir::WalkDir::new(&content)
        .into_iter()
        .filter_map(Result::ok)
    {
        let p = e.path();
        let name = p.file_name().and_then(|f| f.to_str()).unwrap_or("");
        if !name.ends_with(".md") || name.starts_with('_') {
            continue;
        }
        let text = std::fs::read_to_string(p)?;
        let (front, body) = text
            .strip_prefix("---\n")
            .and_then(|t| t.split_once("\n---\n"))
            .unwrap_or(("", &text));
        let title = front
            .lines()
            .find_map(|l| l.strip_prefix("title: "))
            .unwrap_or(name);
        let rel = p.strip_prefix(&content).unwrap_or(p);
        let to = plain.join("content").join(rel);
        if let Some(parent) = to.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&to, format!("---\ntitle: \"{title}\"\n---\n{body}"))?;
        pages += 1;
    }
    std::fs::write(
        plain.join("config.toml"),
        "baseURL = \"/\"\ntitle = \"plain\"\ndisableKinds = [\"taxonomy\", \"term\", \"RSS\", \"sitemap\"]\n",
    )?;
    let layouts = plain.join("layouts").join("_default");
    std::fs::create_dir_all(&layouts)?;
    let page = |main: &str| {
        format!(
            "<!doctype html><html lang=\"zh-Hant\"><head><meta charset=\"utf-8\"><title>{{{{ .Title }}}} · {{{{ .Site.Title }}}}</title>\
             <link rel=\"stylesheet\" href=\"{{{{ \"style.css\" | relURL }}}}\"></head><body><header><a href=\"{{{{ \"/\" | relURL }}}}\">{{{{ .Site.Title }}}}</a>\
             <nav>{{{{ range .Site.Sections }}}}<a href=\"{{{{ .RelPermalink }}}}\">{{{{ .Title }}}}</a> {{{{ end }}}}</nav></header>\
             <main><h1>{{{{ .Title }}}}</h1>{main}</main><footer>{{{{ .Site.Title }}}}</footer></body></html>\n"
        )
    };
    std::fs::write(layouts.join("single.html"), page("{{ .Content }}"))?;
    std::fs::write(
        layouts.join("list.html"),
        page("<ul>{{ range .Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul>"),
    )?;
    Ok(pages)
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
