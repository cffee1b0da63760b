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
use crate::diag::{Diagnostic, Diagnostics};
use crate::diff::{self, Diff, Mark};
use crate::export;
use crate::i18n;
use crate::ics;
use crate::markdown;
use crate::model::{Link, Org, Seats};
use crate::obligations::{self, Obligation, Recipient};
use crate::revision::Day;
use crate::search;
use crate::theme::Theme;

/// A rendered file: its path inside the output folder and its bytes.
pub type OutputFile = (PathBuf, Vec<u8>);

#[derive(Serialize)]
struct LinkView {
    title: String,
    /// Relative to the page; empty when the target has no page.
    url: String,
    /// `external` (outside the chart), `missing` (names nothing) or `position`.
    kind: &'static str,
}

#[derive(Serialize)]
struct NavItem {
    label: String,
    url: String,
    current: bool,
}

#[derive(Serialize)]
struct HolderView {
    name: String,
    status: &'static str,
    status_label: String,
    concurrent: bool,
}

#[derive(Serialize)]
struct PositionRow {
    link: LinkView,
    external_title: String,
    level: String,
    unit: Option<LinkView>,
    seats: Seats,
    holders: Vec<HolderView>,
}

#[derive(Serialize)]
struct ReportView {
    name: String,
    to: Option<LinkView>,
    due: String,
}

/// A printed page of the full chart.
#[derive(Serialize)]
struct PrintPageView {
    number: usize,
    title: String,
    /// "continued from p. N", or empty.
    from: String,
    svg: String,
    width_mm: f64,
    height_mm: f64,
}

/// How many `builds_on` ancestors a description shows in full, nearest
/// first; the rest are links. A chain of 2,000 roles each building on the
/// last would otherwise repeat nearly every duty on every page.
const MAX_INHERITED: usize = 3;
/// How many further ancestors a description links to; beyond them it
/// counts the rest (each linked page goes on from there), so that a page
/// stays bounded however long the chain.
const MAX_INHERITED_LINKS: usize = 12;

#[derive(Serialize)]
struct Inherited {
    from: LinkView,
    html: String,
}

/// Everything a position's description shows: one per position page, and
/// one per position in the printed handbook (`position_body.html`).
#[derive(Serialize)]
struct PositionView {
    /// Prefix of every id inside the description ("" on its own page).
    anchor: String,
    /// The id of the description as a whole (the print edition links to it).
    dom_id: String,
    title: String,
    id: String,
    external_title: String,
    level: String,
    scope: String,
    tags: Vec<String>,
    unit_path: Vec<LinkView>,
    reports_to: Option<LinkView>,
    /// The nearest managers ([`chart::MAX_CHAIN`]), the top one first.
    chain: Vec<LinkView>,
    /// How many managers are above those in `chain`.
    chain_above: usize,
    direct_reports: Vec<PositionRow>,
    dotted_line: Vec<LinkView>,
    dotted_in: Vec<LinkView>,
    seats: Seats,
    holders: Vec<HolderView>,
    duties_title: String,
    duties_html: String,
    inherited: Vec<Inherited>,
    /// Positions whose duties it carries beyond the nearest few shown in
    /// full ([`MAX_INHERITED`]): links to the next few.
    inherited_more: Vec<LinkView>,
    /// "and 484 more": ancestors beyond `inherited_more`, unlinked.
    inherited_rest: String,
    reports: Vec<ReportView>,
    targets: Vec<(String, String)>,
    /// The small "where it sits" chart; empty in the print edition.
    chart_svg: String,
    /// Dotted-line partners the chart leaves out (beyond
    /// [`chart::MAX_PARTNERS`]): links below it.
    more_partners: Vec<LinkView>,
    /// The position's own reporting calendar; empty when it has none.
    ics_url: String,
}

#[derive(Serialize)]
struct ObligationRow {
    name: String,
    from: LinkView,
    to: Option<LinkView>,
    due: String,
}

#[derive(Serialize)]
struct CadenceGroup {
    key: &'static str,
    label: String,
    rows: Vec<ObligationRow>,
}

#[derive(Serialize)]
struct RecipientGroup {
    heading: String,
    to: Option<LinkView>,
    rows: Vec<ObligationRow>,
}

#[derive(Serialize)]
struct PostView {
    link: LinkView,
    unit: Option<LinkView>,
    status: &'static str,
    status_label: String,
    concurrent: bool,
}

#[derive(Serialize)]
struct PersonView {
    name: String,
    posts: Vec<PostView>,
}

/// Facts about the build that are not in the organisation itself.
#[derive(Debug, Clone, Copy)]
pub struct BuildInfo {
    /// When the content last changed (see `revision`).
    pub last_change: Day,
}

/// Where links on a page point: pages relative to `root`, or, inside a
/// printed document, a position the document holds to its description in
/// the same document (and any other to its page).
#[derive(Clone, Copy)]
struct At<'r> {
    root: &'r str,
    print: Option<Holds<'r>>,
}

/// The positions a printed document holds.
#[derive(Clone, Copy)]
enum Holds<'r> {
    All,
    /// These, in chart order (searched by rank).
    Only(&'r [usize], &'r [usize]),
}

impl<'r> At<'r> {
    fn page(root: &'r str) -> Self {
        At { root, print: None }
    }

    fn in_print(&self) -> bool {
        self.print.is_some()
    }

    /// Whether position `i` is described in this printed document.
    fn holds(&self, i: usize) -> bool {
        match self.print {
            None => false,
            Some(Holds::All) => true,
            Some(Holds::Only(members, rank)) => {
                members.binary_search_by_key(&rank[i], |&j| rank[j]).is_ok()
            }
        }
    }
}

/// One printed document: the whole handbook, or, when the organisation is
/// too large to print as one, the front volume (`print.html`: cover, chart,
/// the list of volumes and the positions in no unit) or one unit's volume
/// (`print/UNIT.html`: its chart, staffing, reporting and roles).
struct PrintDoc<'d> {
    /// The file, for messages.
    path: String,
    root: &'d str,
    /// The unit of a unit's volume.
    unit: Option<usize>,
    /// The positions described, in chart order.
    members: &'d [usize],
    /// Whether `members` is every position.
    whole: bool,
    /// The unit volumes the front volume lists.
    volumes: &'d [Volume],
}

/// A printed volume as its cover and the front volume's list show it.
#[derive(Serialize)]
struct VolumeView {
    unit: LinkView,
    /// The units above it and itself.
    path: Vec<LinkView>,
    positions: usize,
    seats: Seats,
    /// Its file, from the page that lists it.
    url: String,
}

/// A unit's printed volume: its own positions, in chart order.
struct Volume {
    unit: usize,
    members: Vec<usize>,
}

/// Where print.html's role descriptions go; spliced in after rendering.
const ROLES: &str = "<!--orgsite:roles-->";

/// Where chart.html's chart, its text alternative and its print pages go;
/// written in after rendering.
const CHART: &str = "<!--orgsite:chart-->";
const OUTLINE: &str = "<!--orgsite:outline-->";
const PAGES: &str = "<!--orgsite:pages-->";

/// A position in print.html's table of contents.
#[derive(Serialize)]
struct TocEntry {
    dom_id: String,
    title: String,
}

/// The id of a position's description in a printed document.
fn print_id(i: usize) -> String {
    format!("pos-{i}")
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
    full: chart::Chart,
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
fn in_volumes(org: &Org) -> bool {
    org.positions.len() > org.config.print.volumes_above
}

/// About how many pages a build of `org` writes (for a progress report).
pub fn expected_pages(org: &Org) -> usize {
    let volumes = if in_volumes(org) {
        org.units.iter().filter(|u| !u.positions.is_empty()).count()
    } else {
        0
    };
    // index, staffing, reporting, people, print, 404, chart.
    org.positions.len() + org.units.len() + volumes + 7
}

/// Where rendered files go, as soon as each is rendered (so that a large
/// site is never held in memory whole). Called from several threads.
pub trait Sink: Sync {
    /// A whole file.
    fn put(&self, file: OutputFile) -> Result<(), Diagnostic>;

    /// A large file, written piece by piece by `write` (the printed
    /// handbook, `org.json`). By default gathered, then [`Sink::put`].
    fn stream(
        &self,
        path: PathBuf,
        write: &mut dyn FnMut(&mut dyn std::io::Write) -> Result<(), Diagnostic>,
    ) -> Result<(), Diagnostic> {
        let mut buf = Vec::new();
        write(&mut buf)?;
        self.put((path, buf))
    }

    /// Whether writing has stopped (a write failed): what is still to be
    /// rendered is then skipped.
    fn stopped(&self) -> bool {
        false
    }
}

impl<F: Fn(OutputFile) -> Result<(), Diagnostic> + Sync> Sink for F {
    fn put(&self, file: OutputFile) -> Result<(), Diagnostic> {
        self(file)
    }
}

/// Counts what passes through to another sink.
struct Counted<'s> {
    inner: &'s dyn Sink,
    files: std::sync::atomic::AtomicUsize,
}

impl Sink for Counted<'_> {
    fn put(&self, file: OutputFile) -> Result<(), Diagnostic> {
        self.files
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        self.inner.put(file)
    }

    fn stream(
        &self,
        path: PathBuf,
        write: &mut dyn FnMut(&mut dyn std::io::Write) -> Result<(), Diagnostic>,
    ) -> Result<(), Diagnostic> {
        self.files
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        self.inner.stream(path, write)
    }

    fn stopped(&self) -> bool {
        self.inner.stopped()
    }
}

/// A write error while streaming a file, as a diagnostic.
fn io_error(path: &str, e: std::io::Error) -> Diagnostic {
    Diagnostic::file_error(path, format!("cannot write: {e}"))
}

/// Writes a rendered `page` (the file `path`) into `out`, each marker the
/// template left, in order, replaced by what `fill` writes for it; a
/// marker a site's own template leaves out is skipped.
fn write_spliced(
    page: &str,
    markers: &[&str],
    path: &str,
    out: &mut dyn std::io::Write,
    fill: &mut dyn FnMut(&str, &mut dyn std::io::Write) -> Result<(), Diagnostic>,
) -> Result<(), Diagnostic> {
    let fail = |e: std::io::Error| io_error(path, e);
    let mut rest = page;
    for &marker in markers {
        let Some((head, tail)) = rest.split_once(marker) else {
            continue;
        };
        out.write_all(head.as_bytes()).map_err(fail)?;
        fill(marker, out)?;
        rest = tail;
    }
    out.write_all(rest.as_bytes()).map_err(fail)
}

/// Renders `items` in parallel, `chunk` at a time, and writes each in
/// order followed by `sep`: a part of thousands of pieces is neither
/// rendered by one thread nor held whole.
fn write_rendered<T: Sync>(
    items: &[T],
    chunk: usize,
    sep: &[u8],
    path: &str,
    out: &mut dyn std::io::Write,
    render: impl Fn(&T) -> Result<String, Diagnostic> + Sync,
) -> Result<(), Diagnostic> {
    let fail = |e: std::io::Error| io_error(path, e);
    for part in items.chunks(chunk) {
        let done: Vec<Result<String, Diagnostic>> = part.par_iter().map(&render).collect();
        for piece in done {
            out.write_all(piece?.as_bytes()).map_err(fail)?;
            out.write_all(sep).map_err(fail)?;
        }
    }
    Ok(())
}

/// Renders every file of the site into `sink`; returns how many.
pub fn render_site_to(
    org: &Org,
    theme: &Theme,
    info: &BuildInfo,
    changes: Option<&Diff>,
    layout: &Layout,
    sink: &dyn Sink,
) -> Result<usize, Diagnostics> {
    let mut r = Renderer::new(org, theme, *info)?;
    r.changes = changes;
    let r = &r;
    let sink = &Counted {
        inner: sink,
        files: std::sync::atomic::AtomicUsize::new(0),
    };
    let full = &layout.full;
    // Every page is independent of the others: rendered in parallel; where
    // the output is gathered, it is put in path order, so the output is the
    // same on every run.
    type Job<'j> = Box<dyn Fn() -> Result<(), Diagnostic> + Send + Sync + 'j>;
    let html = |path: &str, page: Result<String, Diagnostic>| -> Result<(), Diagnostic> {
        sink.put((PathBuf::from(path), page?.into_bytes()))
    };
    let bytes = |path: &str, b: Vec<u8>| sink.put((PathBuf::from(path), b));
    let mut jobs: Vec<Job> = vec![
        Box::new(move || html("index.html", r.index())),
        Box::new(move || html("staffing.html", r.staffing())),
        Box::new(move || html("reporting.html", r.reporting())),
        Box::new(move || html("people.html", r.people())),
        Box::new(move || r.print_docs(sink)),
        Box::new(move || html("404.html", r.not_found())),
        Box::new(move || sink.stream("chart.html".into(), &mut |w| r.chart_page(full, w))),
        Box::new(move || {
            let svg = chart::to_standalone_svg(full, "", &org.title, theme.chart_style());
            bytes(
                "chart.svg",
                format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{svg}\n").into_bytes(),
            )
        }),
        Box::new(move || bytes("org.dot", chart::dot::to_dot(org, &r.labels()).into_bytes())),
        Box::new(move || {
            sink.stream("org.json".into(), &mut |w| {
                export::org_json_to(org, &r.t, info.last_change, w)
                    .map_err(|e| io_error("org.json", e))
            })
        }),
        Box::new(move || bytes("org.csv", export::org_csv(org, &r.t))),
        Box::new(move || bytes("reporting.ics", r.reporting_calendar())),
        Box::new(move || bytes("search-index.js", search::index_js(org).into_bytes())),
    ];
    if let Some(d) = changes {
        jobs.push(Box::new(move || html("changes.html", r.changes_page(d))));
    }
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
        .map(|job| if sink.stopped() { Ok(()) } else { job() })
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

struct Renderer<'a> {
    org: &'a Org,
    tera: Tera,
    t: BTreeMap<String, String>,
    /// The comparison `changes.html` shows, when built with `--changes-since`.
    changes: Option<&'a Diff>,
    info: BuildInfo,
    /// Position -> the positions with a dotted line to it, computed once.
    dotted_in: Vec<Vec<usize>>,
    /// The chart order, and each position's place in it, computed once.
    order: Vec<usize>,
    rank: Vec<usize>,
}

impl<'a> Renderer<'a> {
    fn new(org: &'a Org, theme: &Theme, info: BuildInfo) -> Result<Self, Diagnostics> {
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
        })
    }

    fn labels(&self) -> Labels<'_> {
        Labels { t: &self.t }
    }

    fn tr(&self, k: &str) -> String {
        self.t.get(k).cloned().unwrap_or_else(|| k.to_string())
    }

    /// The context every page shares.
    fn base(&self, root: &str, current: &str, page_title: &str) -> Context {
        let mut c = Context::new();
        c.insert("root", root);
        c.insert("page_title", page_title);
        let mut items = vec![("home", "index.html"), ("staffing", "staffing.html")];
        items.push(("reporting", "reporting.html"));
        if self.org.config.show_holders {
            items.push(("people", "people.html"));
        }
        items.push(("full_chart", "chart.html"));
        items.push(("print", "print.html"));
        let nav = items
            .iter()
            .map(|(k, url)| NavItem {
                label: self.tr(k),
                url: format!("{root}{url}"),
                current: *k == current,
            })
            .collect::<Vec<_>>();
        c.insert("nav", &nav);
        let units: Vec<LinkView> = self
            .org
            .root_units
            .iter()
            .map(|&u| self.unit_link(u, root))
            .collect();
        c.insert("nav_units", &units);
        c.insert(
            "changes_link",
            &self.changes.map(|d| self.changes_link(d, root)),
        );
        c
    }

    fn render(&self, template: &'static str, ctx: &Context) -> Result<String, Diagnostic> {
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

    fn pos_link(&self, i: usize, at: At) -> LinkView {
        let p = &self.org.positions[i];
        LinkView {
            title: p.title.clone(),
            url: if at.holds(i) {
                format!("#{}", print_id(i))
            } else {
                format!("{}positions/{}.html", at.root, chart::url_segment(&p.id))
            },
            kind: "position",
        }
    }

    fn unit_link(&self, u: usize, root: &str) -> LinkView {
        let unit = &self.org.units[u];
        LinkView {
            title: unit.name.clone(),
            url: format!("{root}units/{}.html", chart::url_segment(&unit.id)),
            kind: "unit",
        }
    }

    fn link(&self, l: &Link, at: At) -> LinkView {
        match l {
            Link::Position(i) => self.pos_link(*i, at),
            Link::External(_) => LinkView {
                title: self.org.link_title(l).to_string(),
                url: String::new(),
                kind: "external",
            },
            Link::Missing(n) => LinkView {
                title: n.clone(),
                url: String::new(),
                kind: "missing",
            },
        }
    }

    fn status(&self, s: HolderStatus) -> (&'static str, String) {
        let key = match s {
            HolderStatus::Confirmed => "filled",
            HolderStatus::Pending => "pending",
            HolderStatus::Acting => "acting",
        };
        (export::status_key(s), self.tr(key))
    }

    fn holders(&self, i: usize) -> Vec<HolderView> {
        if !self.org.config.show_holders {
            return Vec::new();
        }
        self.org.positions[i]
            .holders
            .iter()
            .map(|h| {
                let (status, status_label) = self.status(h.status);
                HolderView {
                    name: h.name.clone(),
                    status,
                    status_label,
                    concurrent: h.concurrent,
                }
            })
            .collect()
    }

    fn row(&self, i: usize, at: At) -> PositionRow {
        let p = &self.org.positions[i];
        PositionRow {
            link: self.pos_link(i, at),
            external_title: p.external_title.clone().unwrap_or_default(),
            level: p.level.clone().unwrap_or_default(),
            unit: p.unit.map(|u| self.unit_link(u, at.root)),
            seats: p.seats(),
            holders: self.holders(i),
        }
    }

    fn index(&self) -> Result<String, Diagnostic> {
        let org = self.org;
        let mut c = self.base("", "home", &org.title);
        c.insert(
            "intro_html",
            &markdown::render(&org.intro, org.config.allow_raw_html),
        );
        let seats = org.seats();
        c.insert("seats", &seats);
        c.insert("position_count", &org.positions.len());
        c.insert("unit_count", &org.units.len());
        c.insert("chart_svg", &self.front_chart());
        c.insert("chart_outline", &self.front_outline());
        let units: Vec<(LinkView, String)> = org
            .root_units
            .iter()
            .map(|&u| {
                let n = org.unit_positions_deep(u).len();
                (
                    self.unit_link(u, ""),
                    i18n::plural(&self.t, "position_count", n),
                )
            })
            .collect();
        c.insert("units", &units);
        self.render("index.html", &c)
    }

    fn outline_labels(&self) -> chart::outline::OutlineLabels<'_> {
        chart::outline::OutlineLabels {
            staff: self.t.get("staff").map_or("", String::as_str),
            dotted_line: self.t.get("dotted_line").map_or("", String::as_str),
            name_sep: self.t.get("name_sep").map_or("", String::as_str),
        }
    }

    /// `chart.html`: the full chart, its text alternative and its print
    /// pages. The template leaves a marker for each; they are written
    /// straight into `out`, so that a chart of 100,000 boxes (over 100 MB)
    /// is neither copied into a template context nor held whole.
    fn chart_page(
        &self,
        full: &chart::Chart,
        out: &mut dyn std::io::Write,
    ) -> Result<(), Diagnostic> {
        let org = self.org;
        let mut c = self.base("", "full_chart", &self.tr("full_chart"));
        c.insert("chart_svg", CHART);
        c.insert("chart_outline", OUTLINE);
        c.insert("print_pages", PAGES);
        c.insert("position_count", &org.positions.len());
        c.insert(
            "position_count_text",
            &i18n::plural(&self.t, "position_count", org.positions.len()),
        );
        let page = self.render("chart.html", &c)?;
        write_spliced(
            &page,
            &[CHART, OUTLINE, PAGES],
            "chart.html",
            out,
            &mut |marker, out| {
                let fail = |e: std::io::Error| io_error("chart.html", e);
                match marker {
                    CHART => {
                        let svg_options = chart::svg::SvgOptions {
                            search: true,
                            tiles: Some(1600.0),
                            ..chart::svg::SvgOptions::default()
                        };
                        let svg = chart::svg::write_svg(full, "", &self.tr("chart"), svg_options);
                        out.write_all(svg.as_bytes()).map_err(fail)
                    }
                    OUTLINE => {
                        let html = chart::outline::outline_html(full, "", &self.outline_labels());
                        out.write_all(html.as_bytes()).map_err(fail)
                    }
                    _ => self.chart_print_pages(full, out),
                }
            },
        )
    }

    /// The full chart cut into printed pages, each drawn by
    /// `chart_print_page.html`, in parallel a chunk at a time.
    fn chart_print_pages(
        &self,
        full: &chart::Chart,
        out: &mut dyn std::io::Write,
    ) -> Result<(), Diagnostic> {
        let org = self.org;
        let get = |k: &str| self.t.get(k).map_or("", String::as_str);
        let print_labels = chart::print::PrintLabels {
            continued_on: get("continued_on"),
            continued_from: get("continued_from"),
            continued: get("continued"),
            name_sep: get("name_sep"),
        };
        let plain = chart::svg::SvgOptions {
            ids: false,
            ..chart::svg::SvgOptions::default()
        };
        let pages = chart::print::paginate(full, &print_labels);
        let total = pages.len();
        write_rendered(&pages, 64, b"", "chart.html", out, |p| {
            let title = if p.title.is_empty() {
                org.title.clone()
            } else {
                p.title.clone()
            };
            let view = PrintPageView {
                number: p.number,
                svg: chart::svg::write_svg(&p.chart, "", &title, plain),
                title,
                from: p.from.clone().unwrap_or_default(),
                width_mm: p.width_mm,
                height_mm: p.height_mm,
            };
            let mut pc = Context::new();
            pc.insert("p", &view);
            pc.insert("total", &total);
            self.render("chart_print_page.html", &pc)
        })
    }

    /// The front page's chart: the top `front_depth` levels.
    fn front_chart(&self) -> String {
        chart::to_svg(&self.front(), "", &self.tr("chart"))
    }

    /// The front page chart's text alternative: the same boxes as a list.
    fn front_outline(&self) -> String {
        chart::outline::outline_html(&self.front(), "", &self.outline_labels())
    }

    fn front(&self) -> chart::Chart {
        let org = self.org;
        let all: Vec<usize> = (0..org.positions.len()).collect();
        chart::tree_chart(org, &all, org.config.chart.front_depth, &self.labels())
    }

    /// The staffing table's rows and totals, into `c`.
    fn staffing_rows(&self, c: &mut Context, at: At) {
        let rows: Vec<PositionRow> = self.order.iter().map(|&i| self.row(i, at)).collect();
        c.insert("rows", &rows);
        c.insert("totals", &self.org.seats());
    }

    fn staffing(&self) -> Result<String, Diagnostic> {
        let mut c = self.base("", "staffing", &self.tr("staffing_table"));
        self.staffing_rows(&mut c, At::page(""));
        self.render("staffing.html", &c)
    }

    fn position_view(&self, i: usize, at: At) -> PositionView {
        let org = self.org;
        let p = &org.positions[i];
        let root = at.root;
        let anchor = if at.in_print() {
            format!("{}-", print_id(i))
        } else {
            String::new()
        };
        let unit_path: Vec<LinkView> = p
            .unit
            .map(|u| {
                org.unit_path(u)
                    .into_iter()
                    .map(|x| self.unit_link(x, root))
                    .collect()
            })
            .unwrap_or_default();
        let duties = markdown::body_in(&p.body, &anchor, org.config.allow_raw_html);
        let all_inherited = org.inherited(i);
        let (full, rest) = all_inherited.split_at(all_inherited.len().min(MAX_INHERITED));
        let inherited_more: Vec<LinkView> = rest
            .iter()
            .take(MAX_INHERITED_LINKS)
            .map(|&b| self.pos_link(b, at))
            .collect();
        let inherited_rest = match rest.len() - inherited_more.len() {
            0 => String::new(),
            n => self.tr("inherited_rest").replace("{n}", &n.to_string()),
        };
        let inherited: Vec<Inherited> = full
            .iter()
            .copied()
            .enumerate()
            .map(|(n, b)| Inherited {
                from: self.pos_link(b, at),
                html: markdown::body_in(
                    &org.positions[b].body,
                    &format!("{anchor}inh{n}-"),
                    org.config.allow_raw_html,
                )
                .html,
            })
            .collect();
        let reports: Vec<ReportView> = p
            .reports
            .iter()
            .map(|r| ReportView {
                name: r.name.clone(),
                to: r.to.as_ref().map(|l| self.link(l, at)),
                due: i18n::due(&self.t, r.every, r.day, r.by.as_deref()),
            })
            .collect();
        let (chart_svg, more_partners) = if at.in_print() {
            (String::new(), Vec::new())
        } else {
            let chart = chart::neighbourhood_chart_with(org, i, &self.labels(), &self.dotted_in[i]);
            let more: Vec<LinkView> = chart::partners(org, i, &self.dotted_in[i])
                .into_iter()
                .skip(chart::MAX_PARTNERS)
                .map(|(j, _)| self.pos_link(j, at))
                .collect();
            (chart::to_svg(&chart, root, &self.tr("where_it_sits")), more)
        };
        let chain = org.chain(i);
        let chain_above = chain.len().saturating_sub(chart::MAX_CHAIN);
        PositionView {
            anchor,
            dom_id: print_id(i),
            title: p.title.clone(),
            id: p.id.clone(),
            external_title: p.external_title.clone().unwrap_or_default(),
            level: p.level.clone().unwrap_or_default(),
            scope: p.scope.clone().unwrap_or_default(),
            tags: p.tags.clone(),
            unit_path,
            reports_to: p.manager.as_ref().map(|l| self.link(l, at)),
            chain: chain
                .iter()
                .take(chart::MAX_CHAIN)
                .rev()
                .map(|&m| self.pos_link(m, at))
                .collect(),
            chain_above,
            direct_reports: p.children.iter().map(|&k| self.row(k, at)).collect(),
            dotted_line: p.dotted_line.iter().map(|l| self.link(l, at)).collect(),
            dotted_in: self.dotted_in[i]
                .iter()
                .map(|&j| self.pos_link(j, at))
                .collect(),
            seats: p.seats(),
            holders: self.holders(i),
            duties_title: duties.heading.unwrap_or_else(|| self.tr("duties")),
            duties_html: duties.html,
            inherited,
            inherited_more,
            inherited_rest,
            reports,
            targets: self.targets(i),
            chart_svg,
            more_partners,
            ics_url: if p.reports.is_empty() || at.in_print() {
                String::new()
            } else {
                format!("{root}positions/{}.ics", chart::url_segment(&p.id))
            },
        }
    }

    fn targets(&self, i: usize) -> Vec<(String, String)> {
        self.org.positions[i]
            .targets
            .iter()
            .map(|t| {
                let unit = t.unit.as_deref().unwrap_or_default();
                let amount = |n: f64| format!("{}{}{unit}", i18n::number(n), sep(unit));
                let mut bounds = Vec::new();
                if let Some(min) = t.min {
                    bounds.push(self.tr("at_least").replace("{n}", &amount(min)));
                }
                if let Some(max) = t.max {
                    bounds.push(self.tr("at_most").replace("{n}", &amount(max)));
                }
                let per = t
                    .per
                    .map(|c| self.tr(&format!("per_{}", i18n::cadence_key(c))))
                    .unwrap_or_default();
                let text = self
                    .tr("target_format")
                    .replace("{bound}", &bounds.join(self.tr("list_sep").as_str()))
                    .replace("{per}", &per);
                (t.name.clone(), text.trim().to_string())
            })
            .collect()
    }

    fn position(&self, i: usize) -> Result<String, Diagnostic> {
        let org = self.org;
        let p = &org.positions[i];
        let root = "../";
        // "財富專員 · 銷售部": the title says where the page is.
        let page_title = match p.unit {
            Some(u) => format!("{} · {}", p.title, org.units[u].name),
            None => p.title.clone(),
        };
        let mut c = self.base(root, "", &page_title);
        c.insert("p", &self.position_view(i, At::page(root)));
        self.render("position.html", &c)
    }

    /// A unit's chart (`deep`: every position in it): the top levels, as
    /// the front page shows them, with links down, so that a department of
    /// thousands stays readable.
    fn unit_chart(&self, u: usize, deep: &[usize], root: &str) -> String {
        let org = self.org;
        let chart = chart::tree_chart(org, deep, org.config.chart.front_depth, &self.labels());
        chart::to_svg(&chart, root, &org.units[u].name)
    }

    fn unit(&self, u: usize) -> Result<String, Diagnostic> {
        let org = self.org;
        let unit = &org.units[u];
        let root = "../";
        let at = At::page(root);
        let page_title = match unit.parent {
            Some(parent) => format!("{} · {}", unit.name, org.units[parent].name),
            None => unit.name.clone(),
        };
        let mut c = self.base(root, "", &page_title);
        c.insert("name", &unit.name);
        c.insert(
            "description_html",
            &markdown::render(&unit.body, org.config.allow_raw_html),
        );
        let path: Vec<LinkView> = org
            .unit_path(u)
            .into_iter()
            .map(|x| self.unit_link(x, root))
            .collect();
        c.insert("unit_path", &path);
        let subs: Vec<(LinkView, usize)> = unit
            .children
            .iter()
            .map(|&x| (self.unit_link(x, root), org.unit_positions_deep(x).len()))
            .collect();
        c.insert("sub_units", &subs);
        let deep = org.unit_positions_deep(u);
        // The table lists the unit's own positions; its sub-units have
        // pages of their own (listed above), so no position is listed on
        // every page of the units above it.
        let mut own = unit.positions.clone();
        own.sort_by_key(|&i| self.rank[i]);
        let rows: Vec<PositionRow> = own.iter().map(|&i| self.row(i, at)).collect();
        c.insert("positions", &rows);
        c.insert("position_count", &deep.len());
        c.insert("seats", &self.seats_of(&deep));
        c.insert("chart_svg", &self.unit_chart(u, &deep, root));
        self.render("unit.html", &c)
    }

    fn obligation_row(&self, o: &Obligation, at: At) -> ObligationRow {
        let r = o.report;
        ObligationRow {
            name: r.name.clone(),
            from: self.pos_link(o.from, at),
            to: r.to.as_ref().map(|l| self.link(l, at)),
            due: i18n::due(&self.t, r.every, r.day, r.by.as_deref()),
        }
    }

    /// The reporting calendar, grouped by cadence and by recipient, into `c`.
    fn reporting_groups(&self, c: &mut Context, at: At) {
        let org = self.org;
        // A printed document lists what its own positions send (found from
        // them, not by filtering every obligation once per volume).
        let all = match at.print {
            Some(Holds::Only(members, _)) => members
                .iter()
                .flat_map(|&i| obligations::of_position(org, i))
                .collect(),
            _ => obligations::all(org),
        };
        let by_cadence: Vec<CadenceGroup> = obligations::CADENCES
            .iter()
            .map(|&every| CadenceGroup {
                key: i18n::cadence_key(every),
                label: self.tr(&format!("every_{}", i18n::cadence_key(every))),
                rows: all
                    .iter()
                    .filter(|o| o.report.every == every)
                    .map(|o| self.obligation_row(o, at))
                    .collect(),
            })
            .filter(|g| !g.rows.is_empty())
            .collect();
        // Chart ranks, computed once for the renderer.
        let ranks = &self.rank;
        let mut by_to: BTreeMap<Recipient, Vec<&Obligation>> = BTreeMap::new();
        for o in &all {
            by_to
                .entry(obligations::recipient(o, ranks))
                .or_default()
                .push(o);
        }
        let by_recipient: Vec<RecipientGroup> = by_to
            .into_iter()
            .map(|(who, list)| {
                let to = list[0].report.to.as_ref().map(|l| self.link(l, at));
                let name = match &who {
                    Recipient::Nobody => self.tr("no_recipient"),
                    _ => to.as_ref().map(|l| l.title.clone()).unwrap_or_default(),
                };
                let mut rows: Vec<&Obligation> = list;
                // Shortest cadence first, then by sender in chart order.
                rows.sort_by_key(|o| (o.report.every, ranks[o.from], o.index));
                RecipientGroup {
                    heading: self.tr("received_by").replace("{to}", &name),
                    to,
                    rows: rows.iter().map(|o| self.obligation_row(o, at)).collect(),
                }
            })
            .collect();
        c.insert("obligation_count", &all.len());
        c.insert("by_cadence", &by_cadence);
        c.insert("by_recipient", &by_recipient);
    }

    fn reporting(&self) -> Result<String, Diagnostic> {
        let mut c = self.base("", "reporting", &self.tr("reporting_calendar"));
        c.insert("idp", "");
        self.reporting_groups(&mut c, At::page(""));
        self.render("reporting.html", &c)
    }

    fn people(&self) -> Result<String, Diagnostic> {
        let org = self.org;
        let mut c = self.base("", "people", &self.tr("people"));
        let people: Vec<PersonView> = if org.config.show_holders {
            org.people()
                .into_iter()
                .filter(|p| !p.name.is_empty())
                .map(|person| PersonView {
                    name: person.name,
                    posts: person
                        .posts
                        .iter()
                        .map(|&(i, status, concurrent)| {
                            let (status, status_label) = self.status(status);
                            PostView {
                                link: self.pos_link(i, At::page("")),
                                unit: org.positions[i].unit.map(|u| self.unit_link(u, "")),
                                status,
                                status_label,
                                concurrent,
                            }
                        })
                        .collect(),
                })
                .collect()
        } else {
            Vec::new()
        };
        c.insert("people", &people);
        self.render("people.html", &c)
    }

    /// The units' printed volumes, in the order of the unit tree; a unit
    /// with no position of its own has none.
    fn volumes(&self) -> Vec<Volume> {
        let org = self.org;
        let mut out = Vec::new();
        let mut stack: Vec<usize> = org.root_units.iter().rev().copied().collect();
        while let Some(u) = stack.pop() {
            let mut members = org.units[u].positions.clone();
            members.sort_by_key(|&i| self.rank[i]);
            if !members.is_empty() {
                out.push(Volume { unit: u, members });
            }
            stack.extend(org.units[u].children.iter().rev());
        }
        out
    }

    /// The seats of these positions together.
    fn seats_of(&self, members: &[usize]) -> Seats {
        let mut seats = Seats::default();
        for &i in members {
            seats.add(self.org.positions[i].seats());
        }
        seats
    }

    /// A unit's volume as a cover and a list of volumes show it.
    fn volume_view(&self, u: usize, members: &[usize], root: &str, url: String) -> VolumeView {
        VolumeView {
            unit: self.unit_link(u, root),
            path: self
                .org
                .unit_path(u)
                .into_iter()
                .map(|x| self.unit_link(x, root))
                .collect(),
            positions: members.len(),
            seats: self.seats_of(members),
            url,
        }
    }

    /// The file of a unit's volume, relative to the site: named by the
    /// plain id, as position and unit pages are.
    fn volume_path(&self, u: usize) -> String {
        format!("print/{}.html", self.org.units[u].id)
    }

    /// The link to a unit's volume, relative to the site: the file name
    /// percent-encoded, as links to position and unit pages are.
    fn volume_href(&self, u: usize) -> String {
        format!("print/{}.html", chart::url_segment(&self.org.units[u].id))
    }

    /// The printed handbook: `print.html` with every role; or, above
    /// `print.volumes_above` positions, `print.html` listing the volumes and
    /// one `print/UNIT.html` per unit.
    fn print_docs(&self, sink: &dyn Sink) -> Result<(), Diagnostic> {
        if !in_volumes(self.org) {
            let doc = PrintDoc {
                path: "print.html".into(),
                root: "",
                unit: None,
                members: &self.order,
                whole: true,
                volumes: &[],
            };
            return sink.stream("print.html".into(), &mut |w| self.print(w, &doc));
        }
        let volumes = self.volumes();
        let top: Vec<usize> = self
            .order
            .iter()
            .copied()
            .filter(|&i| self.org.positions[i].unit.is_none())
            .collect();
        let front = PrintDoc {
            path: "print.html".into(),
            root: "",
            unit: None,
            members: &top,
            whole: false,
            volumes: &volumes,
        };
        sink.stream("print.html".into(), &mut |w| self.print(w, &front))?;
        volumes.par_iter().try_for_each(|v| {
            let path = self.volume_path(v.unit);
            let doc = PrintDoc {
                path: path.clone(),
                root: "../",
                unit: Some(v.unit),
                members: &v.members,
                whole: false,
                volumes: &[],
            };
            sink.stream(path.into(), &mut |w| self.print(w, &doc))
        })
    }

    /// One printed document: cover, chart, (the volumes,) staffing table,
    /// reporting calendar, then each role it holds in chart order.
    fn print(&self, out: &mut dyn std::io::Write, doc: &PrintDoc) -> Result<(), Diagnostic> {
        let org = self.org;
        let root = doc.root;
        let at = At {
            root,
            print: Some(if doc.whole {
                Holds::All
            } else {
                Holds::Only(doc.members, &self.rank)
            }),
        };
        let title = match doc.unit {
            Some(u) => format!("{} · {}", org.units[u].name, self.tr("print")),
            None => self.tr("print"),
        };
        let mut c = self.base(root, "print", &title);
        // The staffing table totals what it lists; the cover counts the
        // organisation, or a volume's unit.
        let totals = if doc.whole {
            org.seats()
        } else {
            self.seats_of(doc.members)
        };
        c.insert(
            "seats",
            &if doc.unit.is_some() {
                totals
            } else {
                org.seats()
            },
        );
        match doc.unit {
            None => {
                c.insert(
                    "intro_html",
                    &markdown::to_html_in(&org.intro, "intro-", org.config.allow_raw_html),
                );
                c.insert("position_count", &org.positions.len());
                c.insert("unit_count", &org.units.len());
                let people = if org.config.show_holders {
                    org.people().len()
                } else {
                    0
                };
                c.insert("people_count", &people);
                c.insert("chart_svg", &self.front_chart());
                c.insert("volume", &None::<VolumeView>);
            }
            Some(u) => {
                let unit = &org.units[u];
                c.insert(
                    "intro_html",
                    &markdown::to_html_in(&unit.body, "intro-", org.config.allow_raw_html),
                );
                c.insert("position_count", &doc.members.len());
                let mut people: Vec<&str> = doc
                    .members
                    .iter()
                    .flat_map(|&i| org.positions[i].holders.iter().map(|h| h.name.as_str()))
                    .filter(|n| !n.is_empty())
                    .collect();
                people.sort_unstable();
                people.dedup();
                c.insert("people_count", &people.len());
                let deep = org.unit_positions_deep(u);
                c.insert("chart_svg", &self.unit_chart(u, &deep, root));
                c.insert(
                    "volume",
                    &Some(self.volume_view(u, doc.members, root, String::new())),
                );
            }
        }
        c.insert(
            "last_change_text",
            &self
                .tr("last_change")
                .replace("{date}", &i18n::date(&self.t, self.info.last_change)),
        );
        c.insert("last_change_iso", &self.info.last_change.to_string());
        let volumes: Vec<VolumeView> = doc
            .volumes
            .iter()
            .map(|v| {
                let url = format!("{root}{}", self.volume_href(v.unit));
                self.volume_view(v.unit, &v.members, root, url)
            })
            .collect();
        c.insert("volumes", &volumes);
        c.insert(
            "volumes_note",
            &self
                .tr("print_volumes_note")
                .replace("{n}", &org.positions.len().to_string()),
        );
        let rows: Vec<PositionRow> = doc.members.iter().map(|&i| self.row(i, at)).collect();
        c.insert("rows", &rows);
        c.insert("totals", &totals);
        c.insert("idp", "print-");
        self.reporting_groups(&mut c, at);
        // Every role description is rendered on its own and written where
        // the template leaves ROLES: one template context of every position
        // would be rendered by one thread and held in memory whole.
        let toc: Vec<TocEntry> = doc
            .members
            .iter()
            .map(|&i| TocEntry {
                dom_id: print_id(i),
                title: org.positions[i].title.clone(),
            })
            .collect();
        c.insert("positions", &toc);
        c.insert("roles_html", ROLES);
        let page = self.render("print.html", &c)?;
        write_spliced(&page, &[ROLES], &doc.path, out, &mut |_, out| {
            write_rendered(doc.members, 256, b"\n", &doc.path, out, |&i| {
                let mut pc = Context::new();
                pc.insert("p", &self.position_view(i, at));
                self.render("position_body.html", &pc)
            })
        })
    }

    fn not_found(&self) -> Result<String, Diagnostic> {
        let c = self.base("", "", &self.tr("not_found"));
        self.render("404.html", &c)
    }

    /// `reporting.ics`: every obligation as recurring events.
    fn reporting_calendar(&self) -> Vec<u8> {
        let org = self.org;
        let title = self.tr("reporting_calendar");
        ics::calendar(
            org,
            &obligations::all(org),
            &self.t,
            self.info.last_change,
            &format!("{} · {title}", org.title),
        )
        .into_bytes()
    }

    /// `positions/ID.ics`, for a position that sends reports.
    fn position_calendar(&self, i: usize) -> Option<OutputFile> {
        let org = self.org;
        let own = obligations::of_position(org, i);
        if own.is_empty() {
            return None;
        }
        let p = &org.positions[i];
        let title = self.tr("reporting_calendar");
        Some((
            Path::new("positions").join(format!("{}.ics", p.id)),
            ics::calendar(
                org,
                &own,
                &self.t,
                self.info.last_change,
                &format!("{} · {title}", p.title),
            )
            .into_bytes(),
        ))
    }
}

/// The front page's pointer to `changes.html`.
#[derive(Serialize)]
struct ChangesLink {
    url: String,
    /// "Changes since v1.0 (abc1234, 2024-05-01)".
    label: String,
    /// "12 changes".
    count: String,
}

/// An entry of the changes report, with a link to the position it names.
#[derive(Serialize)]
struct ChangeView {
    sign: diff::report::Sign,
    symbol: &'static str,
    subject: String,
    url: String,
    detail: String,
}

#[derive(Serialize)]
struct ChangeGroupView {
    key: &'static str,
    heading: String,
    counts: String,
    entries: Vec<ChangeView>,
}

/// How `changes.html` marks a position on its chart: the CSS class, the
/// outline colour and the report-word key of its badge.
fn mark_style(m: Mark) -> (&'static str, &'static str, &'static str) {
    match m {
        Mark::Added => ("mark-added", "#2e7d32", "c_added"),
        Mark::Moved => ("mark-moved", "#6a3fb0", "c_moved"),
        Mark::Changed => ("mark-changed", "#c77700", "c_changed"),
    }
}

impl Renderer<'_> {
    fn changes_link(&self, d: &Diff, root: &str) -> ChangesLink {
        let t = &self.t;
        let since = d
            .from_rev
            .as_ref()
            .map(diff::git::describe)
            .unwrap_or_default();
        ChangesLink {
            url: format!("{root}changes.html"),
            label: t
                .get("d_since")
                .cloned()
                .unwrap_or_default()
                .replace("{rev}", &since),
            count: diff::report::total(t, d.changes.count()),
        }
    }

    /// `changes.html`: the report of what changed since a revision, and
    /// the chart with added, moved and changed positions marked.
    fn changes_page(&self, d: &Diff) -> Result<String, Diagnostic> {
        let org = self.org;
        let t = &self.t;
        let link = self.changes_link(d, "");
        let mut c = self.base("", "", &link.label);
        c.insert("heading", &link.label);
        c.insert("from", &diff::report::side(t, &d.from_rev));
        c.insert("seats_line", &diff::report::seats_line(d, t));
        c.insert("words", t);
        let problems: Vec<(String, Vec<String>)> = diff::report::problems(d, t)
            .into_iter()
            .map(|(head, errs)| (head, errs.iter().map(|e| e.to_string()).collect()))
            .collect();
        c.insert("problems", &problems);
        let groups: Vec<ChangeGroupView> =
            diff::report::groups(&d.changes, t, org.config.show_holders)
                .into_iter()
                .map(|g| ChangeGroupView {
                    key: g.key,
                    heading: g.heading,
                    counts: g.counts,
                    entries: g
                        .entries
                        .into_iter()
                        .map(|e| ChangeView {
                            sign: e.sign,
                            symbol: e.sign.symbol(),
                            url: e
                                .position
                                .as_ref()
                                .and_then(|id| org.by_id.get(id))
                                .map(|&i| self.pos_link(i, At::page("")).url)
                                .unwrap_or_default(),
                            subject: e.subject,
                            detail: e.detail,
                        })
                        .collect(),
                })
                .collect();
        c.insert("groups", &groups);
        let removed: Vec<String> = d
            .changes
            .removed
            .iter()
            .map(|r| r.position.title.clone())
            .collect();
        c.insert("removed", &removed);
        let all: Vec<usize> = (0..org.positions.len()).collect();
        let mut chart = chart::tree_chart(org, &all, 0, &self.labels());
        let marks = d.changes.marks();
        for (k, node) in chart.nodes.iter().enumerate() {
            // The box's key is the position's id; its href is encoded.
            let Some(id) = &node.key else { continue };
            if let Some(m) = marks.get(id.as_str()) {
                let (class, color, word) = mark_style(*m);
                chart.marks.push((
                    k,
                    chart::NodeMark {
                        class,
                        color,
                        badge: t.get(word).cloned().unwrap_or_default(),
                    },
                ));
            }
        }
        c.insert("chart_svg", &chart::to_svg(&chart, "", &self.tr("chart")));
        self.render("changes.html", &c)
    }
}

/// A space between a number and its unit, when there is a unit.
fn sep(unit: &str) -> &'static str {
    if unit.is_empty() {
        ""
    } else {
        " "
    }
}

fn tera_message(e: &tera::Error) -> String {
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
