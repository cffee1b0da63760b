//! Rendering: the organisation into pages, through Tera templates. Builds
//! one view per page (plain data, already resolved to relative links and
//! escaped where it is HTML), then lets the theme lay it out. Nothing here
//! touches the file system; `site` writes what this returns.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;
use tera::{Context, Tera};

use crate::chart::{self, Labels};
use crate::content::HolderStatus;
use crate::diag::{Diagnostic, Diagnostics};
use crate::i18n;
use crate::markdown;
use crate::model::{Link, Org, Seats};
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

#[derive(Serialize)]
struct Inherited {
    from: LinkView,
    html: String,
}

/// Renders every page of the site.
pub fn render_site(org: &Org, theme: &Theme) -> Result<Vec<OutputFile>, Diagnostics> {
    let r = Renderer::new(org, theme)?;
    let mut out: Vec<OutputFile> = Vec::new();
    let mut errors = Diagnostics::new();
    let mut page = |path: PathBuf, result: Result<String, Diagnostic>| match result {
        Ok(html) => out.push((path, html.into_bytes())),
        Err(d) => errors.push(d),
    };
    page("index.html".into(), r.index());
    page("staffing.html".into(), r.staffing());
    let full = chart::full_chart(org, &r.labels());
    page("chart.html".into(), r.chart_page(&full));
    for i in 0..org.positions.len() {
        page(
            Path::new("positions").join(format!("{}.html", org.positions[i].id)),
            r.position(i),
        );
    }
    for u in 0..org.units.len() {
        page(
            Path::new("units").join(format!("{}.html", org.units[u].id)),
            r.unit(u),
        );
    }
    out.push((
        "chart.svg".into(),
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{}\n",
            chart::to_svg(&full, "", &org.title)
        )
        .into_bytes(),
    ));
    out.push((
        "org.dot".into(),
        chart::dot::to_dot(org, &r.labels()).into_bytes(),
    ));
    for (name, bytes) in theme.static_files() {
        out.push((PathBuf::from(name), bytes));
    }
    if errors.has_errors() {
        return Err(errors);
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(out)
}

struct Renderer<'a> {
    org: &'a Org,
    tera: Tera,
    t: BTreeMap<String, String>,
    /// For each position, the positions naming it in `dotted_line`.
    dotted_in: Vec<Vec<usize>>,
}

impl<'a> Renderer<'a> {
    fn new(org: &'a Org, theme: &Theme) -> Result<Self, Diagnostics> {
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
        Ok(Renderer {
            org,
            tera,
            t: i18n::strings(&org.config),
            dotted_in: chart::dotted_in(org),
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
        c.insert("t", &self.t);
        c.insert("site_title", &self.org.title);
        c.insert("lang", &self.org.config.language);
        c.insert("page_title", page_title);
        c.insert("generator", concat!("orgsite ", env!("CARGO_PKG_VERSION")));
        let nav = [
            ("home", "index.html"),
            ("staffing", "staffing.html"),
            ("full_chart", "chart.html"),
        ]
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
        c
    }

    fn render(&self, template: &str, ctx: &Context) -> Result<String, Diagnostic> {
        self.tera.render(template, ctx).map_err(|e| {
            Diagnostic::file_error(
                format!("themes/default/templates/{template}"),
                tera_message(&e),
            )
        })
    }

    fn pos_link(&self, i: usize, root: &str) -> LinkView {
        let p = &self.org.positions[i];
        LinkView {
            title: p.title.clone(),
            url: format!("{root}positions/{}.html", chart::url_segment(&p.id)),
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

    fn link(&self, l: &Link, root: &str) -> LinkView {
        match l {
            Link::Position(i) => self.pos_link(*i, root),
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

    fn holders(&self, i: usize) -> Vec<HolderView> {
        if !self.org.config.show_holders {
            return Vec::new();
        }
        self.org.positions[i]
            .holders
            .iter()
            .map(|h| {
                let (status, key) = match h.status {
                    HolderStatus::Confirmed => ("confirmed", "filled"),
                    HolderStatus::Pending => ("pending", "pending"),
                    HolderStatus::Acting => ("acting", "acting"),
                };
                HolderView {
                    name: h.name.clone(),
                    status,
                    status_label: self.tr(key),
                    concurrent: h.concurrent,
                }
            })
            .collect()
    }

    fn row(&self, i: usize, root: &str) -> PositionRow {
        let p = &self.org.positions[i];
        PositionRow {
            link: self.pos_link(i, root),
            external_title: p.external_title.clone().unwrap_or_default(),
            level: p.level.clone().unwrap_or_default(),
            unit: p.unit.map(|u| self.unit_link(u, root)),
            seats: p.seats(),
            holders: self.holders(i),
        }
    }

    fn index(&self) -> Result<String, Diagnostic> {
        let org = self.org;
        let mut c = self.base("", "home", &org.title);
        c.insert("intro_html", &markdown::to_html(&org.intro));
        let seats = org.seats();
        c.insert("seats", &seats);
        c.insert("position_count", &org.positions.len());
        c.insert("unit_count", &org.units.len());
        let all: Vec<usize> = (0..org.positions.len()).collect();
        let chart = chart::tree_chart(org, &all, org.config.chart.front_depth, &self.labels());
        c.insert("chart_svg", &chart::to_svg(&chart, "", &self.tr("chart")));
        c.insert(
            "chart_outline",
            &chart::outline::outline_html(&chart, "", &self.outline_labels()),
        );
        let units: Vec<(LinkView, usize)> = org
            .root_units
            .iter()
            .map(|&u| (self.unit_link(u, ""), org.unit_positions_deep(u).len()))
            .collect();
        c.insert("units", &units);
        self.render("index.html", &c)
    }

    fn outline_labels(&self) -> chart::outline::OutlineLabels<'_> {
        chart::outline::OutlineLabels {
            staff: self.t.get("staff").map_or("", String::as_str),
            dotted_line: self.t.get("dotted_line").map_or("", String::as_str),
        }
    }

    /// The full chart to zoom, pan and search, its text alternative, and
    /// the pages it prints on.
    fn chart_page(&self, full: &chart::Chart) -> Result<String, Diagnostic> {
        let org = self.org;
        let mut c = self.base("", "full_chart", &self.tr("full_chart"));
        let svg_options = chart::svg::SvgOptions {
            ids: true,
            search: true,
            tiles: Some(1600.0),
        };
        c.insert(
            "chart_svg",
            &chart::svg::write_svg(full, "", &self.tr("chart"), svg_options),
        );
        c.insert(
            "chart_outline",
            &chart::outline::outline_html(full, "", &self.outline_labels()),
        );
        let get = |k: &str| self.t.get(k).map_or("", String::as_str);
        let print_labels = chart::print::PrintLabels {
            continued_on: get("continued_on"),
            continued_from: get("continued_from"),
            continued: get("continued"),
        };
        let plain = chart::svg::SvgOptions {
            ids: false,
            search: false,
            tiles: None,
        };
        let pages: Vec<PrintPageView> = chart::print::paginate(full, &print_labels)
            .into_iter()
            .map(|p| {
                let title = if p.title.is_empty() {
                    org.title.clone()
                } else {
                    p.title
                };
                PrintPageView {
                    number: p.number,
                    svg: chart::svg::write_svg(&p.chart, "", &title, plain),
                    title,
                    from: p.from.unwrap_or_default(),
                    width_mm: p.width_mm,
                    height_mm: p.height_mm,
                }
            })
            .collect();
        c.insert("print_pages", &pages);
        c.insert("position_count", &org.positions.len());
        self.render("chart.html", &c)
    }

    fn staffing(&self) -> Result<String, Diagnostic> {
        let org = self.org;
        let mut c = self.base("", "staffing", &self.tr("staffing_table"));
        let rows: Vec<PositionRow> = org
            .chart_order()
            .into_iter()
            .map(|i| self.row(i, ""))
            .collect();
        c.insert("rows", &rows);
        c.insert("totals", &org.seats());
        c.insert("show_holders", &org.config.show_holders);
        self.render("staffing.html", &c)
    }

    fn position(&self, i: usize) -> Result<String, Diagnostic> {
        let org = self.org;
        let p = &org.positions[i];
        let root = "../";
        let mut c = self.base(root, "", &p.title);
        c.insert("title", &p.title);
        c.insert("id", &p.id);
        c.insert(
            "external_title",
            &p.external_title.clone().unwrap_or_default(),
        );
        c.insert("level", &p.level.clone().unwrap_or_default());
        c.insert("scope", &p.scope.clone().unwrap_or_default());
        c.insert("tags", &p.tags);
        let unit_path: Vec<LinkView> = p
            .unit
            .map(|u| {
                org.unit_path(u)
                    .into_iter()
                    .map(|x| self.unit_link(x, root))
                    .collect()
            })
            .unwrap_or_default();
        c.insert("unit_path", &unit_path);
        c.insert(
            "reports_to",
            &p.manager.as_ref().map(|l| self.link(l, root)),
        );
        let chain: Vec<LinkView> = org
            .chain(i)
            .iter()
            .rev()
            .map(|&m| self.pos_link(m, root))
            .collect();
        c.insert("chain", &chain);
        let reports: Vec<PositionRow> = p.children.iter().map(|&k| self.row(k, root)).collect();
        c.insert("direct_reports", &reports);
        let dotted: Vec<LinkView> = p.dotted_line.iter().map(|l| self.link(l, root)).collect();
        c.insert("dotted_line", &dotted);
        let dotted_in: Vec<LinkView> = org
            .positions
            .iter()
            .enumerate()
            .filter(|(_, q)| q.dotted_line.contains(&Link::Position(i)))
            .map(|(j, _)| self.pos_link(j, root))
            .collect();
        c.insert("dotted_in", &dotted_in);
        c.insert("seats", &p.seats());
        c.insert("holders", &self.holders(i));
        c.insert("show_holders", &org.config.show_holders);
        let duties = markdown::body(&p.body);
        c.insert(
            "duties_title",
            &duties.heading.unwrap_or_else(|| self.tr("duties")),
        );
        c.insert("duties_html", &duties.html);
        let inherited: Vec<Inherited> = org
            .inherited(i)
            .into_iter()
            .map(|b| Inherited {
                from: self.pos_link(b, root),
                html: markdown::body(&org.positions[b].body).html,
            })
            .collect();
        c.insert("inherited", &inherited);
        let obligations: Vec<ReportView> = p
            .reports
            .iter()
            .map(|r| ReportView {
                name: r.name.clone(),
                to: r.to.as_ref().map(|l| self.link(l, root)),
                due: i18n::due(&self.t, r.every, r.day, r.by.as_deref()),
            })
            .collect();
        c.insert("reports", &obligations);
        let targets: Vec<(String, String)> = p
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
            .collect();
        c.insert("targets", &targets);
        let chart = chart::neighbourhood_chart_with(org, i, &self.labels(), &self.dotted_in[i]);
        c.insert(
            "chart_svg",
            &chart::to_svg(&chart, root, &self.tr("where_it_sits")),
        );
        self.render("position.html", &c)
    }

    fn unit(&self, u: usize) -> Result<String, Diagnostic> {
        let org = self.org;
        let unit = &org.units[u];
        let root = "../";
        let mut c = self.base(root, "", &unit.name);
        c.insert("name", &unit.name);
        c.insert("description_html", &markdown::to_html(&unit.body));
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
        let order = org.chart_order();
        let mut in_unit = vec![false; org.positions.len()];
        for &i in &deep {
            in_unit[i] = true;
        }
        let rows: Vec<PositionRow> = order
            .iter()
            .filter(|&&i| in_unit[i])
            .map(|&i| self.row(i, root))
            .collect();
        c.insert("positions", &rows);
        let mut seats = Seats::default();
        for &i in &deep {
            seats.add(org.positions[i].seats());
        }
        c.insert("seats", &seats);
        c.insert("show_holders", &org.config.show_holders);
        let chart = chart::tree_chart(org, &deep, 0, &self.labels());
        c.insert("chart_svg", &chart::to_svg(&chart, root, &unit.name));
        self.render("unit.html", &c)
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
