//! Chart benchmark: synthetic organisations of 100 to 100,000 positions
//! (see `tests/support/synth.rs`), timing each view's box building, layout and SVG.
//!
//! ```sh
//! cargo bench --bench chart                 # the table for 100, 1k, 10k, 100k
//! cargo bench --bench chart -- 1000 10000   # chosen sizes
//! cargo bench --bench chart -- --write DIR 10000   # just write a synthetic site
//! ```
//!
//! Times are the median of several runs (fewer for the largest sizes), in
//! milliseconds, single-threaded. "view" builds the boxes (text measured);
//! "layout" places them, routes connectors and dotted lines; "SVG" writes
//! the full chart with element ids and search data, as chart.html has it.

#[path = "../tests/support/synth.rs"]
mod synth;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use orgsite::chart::{self, Chart, Labels};
use orgsite::model::Org;

fn median(mut v: Vec<Duration>) -> f64 {
    v.sort();
    v[v.len() / 2].as_secs_f64() * 1e3
}

fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> (f64, T) {
    let mut times = Vec::with_capacity(runs);
    let mut last = None;
    for _ in 0..runs {
        let t = Instant::now();
        let out = f();
        times.push(t.elapsed());
        last = Some(out);
    }
    (median(times), last.expect("at least one run"))
}

fn load(n: usize) -> (tempfile::TempDir, Org) {
    let tmp = tempfile::tempdir().expect("temp dir");
    synth::write_site(tmp.path(), n, 42).expect("write synthetic site");
    let (loaded, diags) = orgsite::content::load(tmp.path());
    assert_eq!(diags.error_count(), 0, "{diags}");
    (tmp, Org::build(loaded))
}

// The allocator `orgsite` itself uses (see src/main.rs).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    if args.first().map(String::as_str) == Some("--write") {
        let dir = PathBuf::from(args.get(1).expect("--write DIR N"));
        let n: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(1000);
        synth::write_site(&dir, n, 42).expect("write");
        println!(
            "wrote a synthetic site of {n} positions to {}",
            dir.display()
        );
        return;
    }
    let sizes: Vec<usize> = if args.is_empty() {
        vec![100, 1_000, 10_000, 100_000]
    } else {
        args.iter().filter_map(|a| a.parse().ok()).collect()
    };
    println!(
        "| positions | view ms | layout ms | SVG ms | layout+SVG ms | SVG MB | chart px | front page ms | all unit charts ms | one position chart µs | print pages | pagination ms | DOT ms |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for n in sizes {
        let (_tmp, org) = load(n);
        let t = orgsite::i18n::strings(&org.config);
        let labels = Labels { t: &t };
        let runs = if n >= 100_000 {
            3
        } else if n >= 10_000 {
            7
        } else {
            15
        };
        let all: Vec<usize> = (0..org.positions.len()).collect();
        // The full chart: chart::full_chart, in its two steps.
        let (view_ms, view) = time(runs, || chart::tree_view(&org, &all, 0, &labels));
        let (layout_ms, laid) = time(runs, || {
            let mut c: Chart = view.clone();
            c.layout();
            c
        });
        // Cloning the view is part of the measured layout; take it out.
        let (clone_ms, _) = time(runs, || view.clone());
        let layout_ms = (layout_ms - clone_ms).max(0.0);
        let opts = chart::svg::SvgOptions {
            ids: true,
            search: true,
            tiles: Some(1600.0),
            standalone: false,
        };
        let (svg_ms, svg) = time(runs, || chart::svg::write_svg(&laid, "", "chart", opts));
        let (front_ms, _) = time(runs, || {
            chart::tree_chart(&org, &all, org.config.chart.front_depth, &labels)
        });
        let (units_ms, _) = time(runs.min(5), || {
            for u in 0..org.units.len() {
                let deep = org.unit_positions_deep(u);
                let c = chart::tree_chart(&org, &deep, 0, &labels);
                std::hint::black_box(chart::to_svg(&c, "../", "unit"));
            }
        });
        let dotted_in = chart::dotted_in(&org);
        let sample: Vec<usize> = (0..org.positions.len())
            .step_by((org.positions.len() / 200).max(1))
            .collect();
        let (hood_ms, _) = time(runs.min(5), || {
            for &i in &sample {
                let c = chart::neighbourhood_chart_with(&org, i, &labels, &dotted_in[i]);
                std::hint::black_box(chart::to_svg(&c, "../", "x"));
            }
        });
        let print_labels = chart::print::PrintLabels {
            continued_on: "→ p. {n}",
            continued_from: "from p. {n}",
            continued: "(continued)",
            name_sep: ", ",
        };
        let (print_ms, pages) = time(runs.min(3), || chart::print::paginate(&laid, &print_labels));
        let (dot_ms, _) = time(runs.min(5), || chart::dot::to_dot(&org, &labels));
        println!(
            "| {} | {:.1} | {:.1} | {:.1} | {:.1} | {:.1} | {:.0} × {:.0} | {:.1} | {:.1} | {:.0} | {} | {:.0} | {:.1} |",
            org.positions.len(),
            view_ms,
            layout_ms,
            svg_ms,
            layout_ms + svg_ms,
            svg.len() as f64 / 1e6,
            laid.width,
            laid.height,
            front_ms,
            units_ms,
            hood_ms * 1e3 / sample.len() as f64,
            pages.len(),
            print_ms,
            dot_ms,
        );
    }
}
