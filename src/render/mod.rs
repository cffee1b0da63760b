//! Rendering: the organisation into pages, through Tera templates. Builds
//! one view per page (plain data, already resolved to relative links and
//! escaped where it is HTML), then lets the theme lay it out. Nothing here
//! touches the file system; `site` writes what this returns.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Tera};

use crate::chart::{self, Labels};
use crate::content::HolderStatus;
use crate::day::Day;
use crate::diag::{Diagnostic, Diagnostics};
use crate::diff::{self, Diff, Mark};
use crate::export;
use crate::i18n;
use crate::ics;
use crate::markdown;
use crate::model::{Link, LinkView, Org, Seats};
use crate::obligations::{self, Obligation, Recipient};
use crate::search;
use crate::theme::Theme;

mod changes;
mod pages;
mod people;
mod print;
mod sink;
mod views;

use people::person_path;
use print::*;
pub use sink::Sink;
use sink::*;
use views::*;

/// A rendered file: its path inside the output folder and its bytes.
pub type OutputFile = (PathBuf, Vec<u8>);

/// Facts about the build that are not in the organisation itself.
#[derive(Debug, Clone)]
pub struct BuildInfo {
    /// When the content last changed (see `revision`).
    pub last_change: Day,
    /// The photo thumbnail cache's folder, if one is used.
    pub photo_cache: Option<std::path::PathBuf>,
}

/// Where links on a page point: pages relative to `root`, or, inside a
/// printed document, a position the document holds to its description in
/// the same document (and any other to its page).
#[derive(Clone, Copy)]
pub(super) struct At<'r> {
    pub(super) root: &'r str,
    pub(super) print: Option<Holds<'r>>,
}

/// The positions a printed document holds.
#[derive(Clone, Copy)]
pub(super) enum Holds<'r> {
    All,
    /// These, in chart order (searched by rank).
    Only(&'r [usize], &'r [usize]),
}

impl<'r> At<'r> {
    pub(super) fn page(root: &'r str) -> Self {
        At { root, print: None }
    }

    pub(super) fn in_print(&self) -> bool {
        self.print.is_some()
    }

    /// Whether position `i` is described in this printed document.
    pub(super) fn holds(&self, i: usize) -> bool {
        match self.print {
            None => false,
            Some(Holds::All) => true,
            Some(Holds::Only(members, rank)) => {
                members.binary_search_by_key(&rank[i], |&j| rank[j]).is_ok()
            }
        }
    }
}

/// Renders every file of the site: pages, charts, calendars, exports, the
/// search index and the theme's static files; and `changes.html` (linked
/// from the front page) when there is a comparison with an earlier revision.
pub fn render_site_with(
    org: &Org,
    theme: &Theme,
    info: &BuildInfo,
    changes: Option<&Diff>,
) -> Result<Vec<OutputFile>, Diagnostics> {
    let out = std::sync::Mutex::new(Vec::new());
    let collect = |file: OutputFile| {
        out.lock().unwrap_or_else(|e| e.into_inner()).push(file);
        Ok(())
    };
    render_site_to(
        org,
        theme,
        info,
        changes,
        &Layout::with_theme(org, theme),
        &collect,
    )?;
    let mut out = out.into_inner().unwrap_or_else(|e| e.into_inner());
    out.par_sort_by(|a, b| a.0.cmp(&b.0));
    Ok(out)
}

/// What is laid out before any page is rendered: the full chart, which
/// `chart.html` and `chart.svg` both draw.
pub struct Layout {
    pub(super) full: chart::Chart,
}

impl Layout {
    /// With the built-in theme's strings.
    pub fn new(org: &Org) -> Layout {
        Layout::with_theme(org, &Theme::builtin())
    }

    /// With the strings of `theme`, which may hold the site's own language
    /// files (their mistakes are reported when the pages are rendered).
    pub fn with_theme(org: &Org, theme: &Theme) -> Layout {
        let t = i18n::strings_with(
            theme.i18n(),
            &org.config,
            &org.config.language,
            &mut Diagnostics::new(),
        );
        Layout {
            full: chart::full_chart(org, &Labels { t: &t }),
        }
    }
}

/// Whether the printed handbook comes in volumes, one per unit.
pub(super) fn in_volumes(org: &Org) -> bool {
    org.positions.len() > org.config.print.volumes_above
}

/// About how many pages a build of `org` writes (for a progress report).
pub fn expected_pages(org: &Org) -> usize {
    let volumes = if in_volumes(org) {
        org.units.iter().filter(|u| !u.positions.is_empty()).count()
    } else {
        0
    };
    // index, staffing, reporting, people, print, 404, chart, units.
    org.positions.len() + org.units.len() + volumes + 7 + usize::from(many_top_units(org))
}

/// A file of the site made once per build. Position and unit pages, made
/// once per position and unit, are in [`render_site_to`].
///
/// A new page is one entry here, its template (in the theme) and the
/// strings it shows (in the theme's `i18n/`).
struct Entry {
    /// Where it goes, relative to the site.
    path: &'static str,
    /// The key of its label in the navigation, which lists the entries
    /// that have one in this order; `None`: not in the navigation.
    nav: Option<&'static str>,
    /// Whether the navigation lists it on this site.
    listed: fn(&Org) -> bool,
    /// Whether it is made on this build.
    made: fn(&Renderer) -> bool,
    make: Make,
}

/// How an entry's file is made.
enum Make {
    /// A page: its template and what fills the context the template reads
    /// (given with the navigation and `root` already in it).
    Page(&'static str, fn(&Renderer, &mut Context)),
    /// A file written piece by piece (too large to hold whole).
    Stream(fn(&Renderer, &Layout, &mut dyn std::io::Write) -> Result<(), Diagnostic>),
    /// A file made whole.
    Bytes(fn(&Renderer, &Layout) -> Vec<u8>),
    /// Several files, put into the sink by the function.
    Files(fn(&Renderer, &dyn Sink) -> Result<(), Diagnostic>),
}

/// Listed in the navigation of every site.
fn always(_: &Org) -> bool {
    true
}

/// Up to this many top-level units, the header links each; above it, one
/// "Units" link leads to `units.html`, the tree of every unit, so that the
/// header stays one row (62 units were nine rows).
pub const NAV_UNITS_MAX: usize = 6;

/// Whether the site has more top-level units than the header lists.
fn many_top_units(org: &Org) -> bool {
    org.root_units.len() > NAV_UNITS_MAX
}

/// Made on every build.
fn every(_: &Renderer) -> bool {
    true
}

const FILES: &[Entry] = &[
    Entry {
        path: "index.html",
        nav: Some("home"),
        listed: always,
        made: every,
        make: Make::Page("index.html", |r, c| r.index(c)),
    },
    Entry {
        path: "staffing.html",
        nav: Some("staffing"),
        listed: always,
        made: every,
        make: Make::Page("staffing.html", |r, c| r.staffing(c)),
    },
    Entry {
        path: "units.html",
        nav: Some("units"),
        listed: many_top_units,
        made: |r| many_top_units(r.org),
        make: Make::Page("units.html", |r, c| r.units_page(c)),
    },
    Entry {
        path: "reporting.html",
        nav: Some("reporting"),
        listed: always,
        made: every,
        make: Make::Page("reporting.html", |r, c| r.reporting(c)),
    },
    Entry {
        path: "people.html",
        nav: Some("people"),
        listed: |org| org.config.show_holders,
        made: every,
        make: Make::Page("people.html", |r, c| r.people(c)),
    },
    Entry {
        path: "chart.html",
        nav: Some("full_chart"),
        listed: always,
        made: every,
        make: Make::Stream(|r, layout, w| r.chart_page(&layout.full, w)),
    },
    Entry {
        path: "print.html",
        nav: Some("print"),
        listed: always,
        made: every,
        make: Make::Files(|r, sink| r.print_docs(sink)),
    },
    Entry {
        path: "people/",
        nav: None,
        listed: always,
        made: |r| r.org.personal.is_some(),
        make: Make::Files(|r, sink| r.people_files(sink)),
    },
    Entry {
        path: "404.html",
        nav: None,
        listed: always,
        made: every,
        make: Make::Page("404.html", |r, c| r.not_found(c)),
    },
    Entry {
        path: "changes.html",
        nav: None,
        listed: always,
        made: |r| r.changes.is_some(),
        make: Make::Page("changes.html", |r, c| r.changes_page(c)),
    },
    Entry {
        path: "chart.svg",
        nav: None,
        listed: always,
        made: every,
        make: Make::Bytes(|r, layout| {
            let svg = chart::to_standalone_svg(&layout.full, "", &r.org.title, &r.chart_style);
            format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{svg}\n").into_bytes()
        }),
    },
    Entry {
        path: "org.dot",
        nav: None,
        listed: always,
        made: every,
        make: Make::Bytes(|r, _| chart::dot::to_dot(r.org, &r.labels()).into_bytes()),
    },
    Entry {
        path: "org.json",
        nav: None,
        listed: always,
        made: every,
        make: Make::Stream(|r, _, w| {
            export::org_json_to(r.org, &r.t, r.info.last_change, w)
                .map_err(|e| io_error("org.json", e))
        }),
    },
    Entry {
        path: "org.csv",
        nav: None,
        listed: always,
        made: every,
        make: Make::Bytes(|r, _| export::org_csv(r.org, &r.t)),
    },
    Entry {
        path: "people.csv",
        nav: None,
        listed: always,
        made: |r| r.org.personal.is_some(),
        make: Make::Bytes(|r, _| export::people_csv(r.org)),
    },
    Entry {
        path: "reporting.ics",
        nav: None,
        listed: always,
        made: every,
        make: Make::Bytes(|r, _| r.reporting_calendar()),
    },
    Entry {
        path: "search-index.js",
        nav: None,
        listed: always,
        made: every,
        make: Make::Bytes(|r, _| search::index_js(r.org).into_bytes()),
    },
];

/// Renders every file of the site into `sink`; returns how many.
pub fn render_site_to(
    org: &Org,
    theme: &Theme,
    info: &BuildInfo,
    changes: Option<&Diff>,
    layout: &Layout,
    sink: &dyn Sink,
) -> Result<usize, Diagnostics> {
    let mut r = Renderer::new(org, theme, info.clone())?;
    r.changes = changes;
    let r = &r;
    let sink = &Counted {
        inner: sink,
        files: std::sync::atomic::AtomicUsize::new(0),
    };
    // Every page is independent of the others: rendered in parallel; where
    // the output is gathered, it is put in path order, so the output is the
    // same on every run.
    let made = |e: &Entry| -> Result<(), Diagnostic> {
        let path = e.path;
        match e.make {
            Make::Page(template, fill) => {
                let mut c = r.base("", e.nav.unwrap_or(""), "");
                fill(r, &mut c);
                sink.put((PathBuf::from(path), r.render(template, &c)?.into_bytes()))
            }
            Make::Stream(write) => sink.stream(path.into(), &mut |w| write(r, layout, w)),
            Make::Bytes(bytes) => sink.put((PathBuf::from(path), bytes(r, layout))),
            Make::Files(files) => files(r, sink),
        }
    };
    let jobs: Vec<&Entry> = FILES.iter().filter(|e| (e.made)(r)).collect();
    // Each position's page, and its calendar when it sends reports.
    let positions = (0..org.positions.len()).into_par_iter().map(|i| {
        if sink.stopped() {
            return Ok(());
        }
        let path = Path::new("positions").join(format!("{}.html", org.positions[i].id));
        sink.put((path, r.position(i)?.into_bytes()))?;
        match r.position_calendar(i) {
            Some(file) => sink.put(file),
            None => Ok(()),
        }
    });
    let units = (0..org.units.len()).into_par_iter().map(|u| {
        if sink.stopped() {
            return Ok(());
        }
        let path = Path::new("units").join(format!("{}.html", org.units[u].id));
        sink.put((path, r.unit(u)?.into_bytes()))
    });
    // Problems in the order of the jobs, whatever order they finished in.
    let problems: Vec<Diagnostic> = jobs
        .par_iter()
        .map(|e| if sink.stopped() { Ok(()) } else { made(e) })
        .chain(positions)
        .chain(units)
        .filter_map(Result::err)
        .collect();
    let mut errors = Diagnostics::new();
    for d in problems {
        errors.push(d);
    }
    let statics = theme
        .static_files()
        .into_iter()
        .map(|(n, b)| (PathBuf::from(n), b));
    for file in statics {
        if let Err(d) = sink.put(file) {
            errors.push(d);
        }
    }
    if errors.has_errors() {
        return Err(errors);
    }
    Ok(sink.files.load(std::sync::atomic::Ordering::Relaxed))
}

pub(super) struct Renderer<'a> {
    pub(super) org: &'a Org,
    pub(super) tera: Tera,
    pub(super) t: BTreeMap<String, String>,
    /// The comparison `changes.html` shows, when built with `--changes-since`.
    pub(super) changes: Option<&'a Diff>,
    pub(super) info: BuildInfo,
    /// Position -> the positions with a dotted line to it, computed once.
    pub(super) dotted_in: Vec<Vec<usize>>,
    /// The chart order, and each position's place in it, computed once.
    pub(super) order: Vec<usize>,
    pub(super) rank: Vec<usize>,
    /// The chart rules of the theme's `style.css`, for `chart.svg`.
    pub(super) chart_style: String,
}

impl<'a> Renderer<'a> {
    pub(super) fn new(org: &'a Org, theme: &Theme, info: BuildInfo) -> Result<Self, Diagnostics> {
        let mut tera = Tera::new();
        tera.autoescape_on(vec![".html"]);
        let templates = theme.templates();
        if let Err(e) =
            tera.add_raw_templates(templates.iter().map(|(n, s)| (n.as_str(), s.as_str())))
        {
            let mut d = Diagnostics::new();
            d.push(Diagnostic::file_error(
                "themes",
                format!("template error: {}", tera_message(&e)),
            ));
            return Err(d);
        }
        let dotted_in = chart::dotted_in(org);
        let mut d = Diagnostics::new();
        let t = i18n::strings_with(theme.i18n(), &org.config, &org.config.language, &mut d);
        if d.has_errors() {
            return Err(d);
        }
        // What every page shows the same, given once rather than per page.
        let g = tera.global_context();
        g.insert("t", &t);
        g.insert("site_title", &org.title);
        g.insert("lang", &org.config.language);
        g.insert("generator", concat!("orgsite ", env!("CARGO_PKG_VERSION")));
        g.insert("show_holders", &org.config.show_holders);
        // The site's own position fields shown as staffing-table columns.
        let columns: Vec<&str> = views::table_fields(org)
            .map(|(k, d)| d.label(k, &org.config.language))
            .collect();
        g.insert("field_columns", &columns);
        // The search box says what it searches.
        let placeholder = if search::has_full_text(org) {
            "search_placeholder"
        } else {
            "search_placeholder_titles"
        };
        g.insert("search_placeholder", &t[placeholder]);
        let order = org.chart_order();
        let mut rank = vec![0; org.positions.len()];
        for (k, &i) in order.iter().enumerate() {
            rank[i] = k;
        }
        Ok(Renderer {
            org,
            tera,
            t,
            changes: None,
            info,
            dotted_in,
            order,
            rank,
            chart_style: theme.chart_style().to_string(),
        })
    }

    pub(super) fn labels(&self) -> Labels<'_> {
        Labels { t: &self.t }
    }

    pub(super) fn tr(&self, k: &str) -> String {
        self.t.get(k).cloned().unwrap_or_else(|| k.to_string())
    }

    /// The context every page shares.
    pub(super) fn base(&self, root: &str, current: &str, page_title: &str) -> Context {
        let mut c = Context::new();
        c.insert("root", root);
        c.insert("page_title", page_title);
        let nav = FILES
            .iter()
            .filter(|e| e.nav.is_some() && (e.listed)(self.org))
            .map(|e| {
                let key = e.nav.unwrap_or_default();
                NavItem {
                    label: self.tr(key),
                    url: format!("{root}{}", e.path),
                    current: key == current,
                }
            })
            .collect::<Vec<_>>();
        c.insert("nav", &nav);
        let units: Vec<LinkView> = if many_top_units(self.org) {
            Vec::new()
        } else {
            self.org
                .root_units
                .iter()
                .map(|&u| self.unit_link(u, root))
                .collect()
        };
        c.insert("nav_units", &units);
        c.insert(
            "changes_link",
            &self.changes.map(|d| self.changes_link(d, root)),
        );
        c
    }

    pub(super) fn render(
        &self,
        template: &'static str,
        ctx: &Context,
    ) -> Result<String, Diagnostic> {
        let path = format!("themes/default/templates/{template}");
        let limit = crate::limit::max_page_bytes();
        let mut page = crate::limit::PageBuffer::new(limit);
        let rendered = crate::limit::rendering(template, limit, || {
            self.tera.render_to(template, ctx, &mut page)
        });
        if page.over {
            return Err(Diagnostic::file_error(path, page.message()));
        }
        rendered.map_err(|e| Diagnostic::file_error(&path, tera_message(&e)))?;
        String::from_utf8(page.bytes).map_err(|_| {
            Diagnostic::file_error(path, "the template rendered text that is not UTF-8")
        })
    }
}

pub(super) fn tera_message(e: &tera::Error) -> String {
    use std::error::Error as _;
    let mut msg = e.to_string();
    let mut src = e.source();
    while let Some(s) = src {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        src = s.source();
    }
    msg
}
