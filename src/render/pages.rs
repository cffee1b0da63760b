//! The site's pages, one function each: the context its template reads.

use super::*;

/// Where chart.html's chart, its text alternative and its print pages go;
/// written in after rendering.
pub(super) const CHART: &str = "<!--orgsite:chart-->";
pub(super) const OUTLINE: &str = "<!--orgsite:outline-->";
pub(super) const PAGES: &str = "<!--orgsite:pages-->";

/// A printed page of the full chart.
#[derive(Serialize)]
pub(super) struct PrintPageView {
    pub(super) number: usize,
    pub(super) title: String,
    /// "continued from p. N", or empty.
    pub(super) from: String,
    pub(super) svg: String,
    pub(super) width_mm: f64,
    pub(super) height_mm: f64,
}

/// A unit in `units.html`'s tree, read depth first: the template opens a
/// nested list after a unit with sub-units and closes `close` lists after
/// a unit without.
#[derive(Serialize)]
pub(super) struct UnitTreeItem {
    pub(super) link: LinkView,
    /// "5 positions", in it and under it.
    pub(super) count: String,
    pub(super) has_children: bool,
    pub(super) close: usize,
}

/// A unit's subtotal in the staffing table.
#[derive(Serialize)]
pub(super) struct UnitTotal {
    pub(super) link: LinkView,
    pub(super) depth: usize,
    pub(super) seats: Seats,
}

/// A run of the staffing table's rows in one unit (`rows[start..end]`), a
/// `<tbody>` of its own: a heading row naming the unit, so that a printed
/// unit does not start at the foot of a page without its name, and after
/// it the subtotals of the units whose last row it holds, innermost first.
#[derive(Serialize)]
pub(super) struct StaffingGroup {
    pub(super) start: usize,
    pub(super) end: usize,
    /// The unit and the units above it; empty for positions in no unit.
    pub(super) path: Vec<LinkView>,
    pub(super) subtotals: Vec<UnitTotal>,
}

impl Renderer<'_> {
    /// The staffing table's groups over `members` (its rows, in order):
    /// each unit's subtotal counts its rows and those of its sub-units.
    pub(super) fn staffing_groups(&self, members: &[usize], root: &str) -> Vec<StaffingGroup> {
        let org = self.org;
        // For each unit over a row: its seats in these rows and its last row.
        let mut seats: BTreeMap<usize, (Seats, usize)> = BTreeMap::new();
        for (k, &i) in members.iter().enumerate() {
            let Some(u) = org.positions[i].unit else {
                continue;
            };
            for a in org.unit_path(u) {
                let e = seats.entry(a).or_insert((Seats::default(), k));
                e.0.add(org.positions[i].seats());
                e.1 = k;
            }
        }
        let mut ends: BTreeMap<usize, Vec<(usize, usize)>> = BTreeMap::new();
        for (&u, &(_, last)) in &seats {
            ends.entry(last)
                .or_default()
                .push((org.unit_path(u).len(), u));
        }
        let mut out: Vec<StaffingGroup> = Vec::new();
        let mut start = 0;
        for k in 0..members.len() {
            let unit = org.positions[members[k]].unit;
            let next = members.get(k + 1).map(|&j| org.positions[j].unit);
            if next == Some(unit) {
                continue;
            }
            let mut subtotals: Vec<UnitTotal> = Vec::new();
            for g in start..=k {
                let mut here = ends.remove(&g).unwrap_or_default();
                here.sort_by(|a, b| b.cmp(a));
                subtotals.extend(here.into_iter().map(|(depth, u)| UnitTotal {
                    link: self.unit_link(u, root),
                    depth: depth.saturating_sub(1).min(8),
                    seats: seats.get(&u).map(|e| e.0).unwrap_or_default(),
                }));
            }
            out.push(StaffingGroup {
                start,
                end: k + 1,
                path: unit
                    .map(|u| {
                        org.unit_path(u)
                            .into_iter()
                            .map(|x| self.unit_link(x, root))
                            .collect()
                    })
                    .unwrap_or_default(),
                subtotals,
            });
            start = k + 1;
        }
        out
    }

    pub(super) fn index(&self, c: &mut Context) {
        let org = self.org;
        c.insert("page_title", &org.title);
        c.insert(
            "intro_html",
            &markdown::render(&org.intro, org.config.allow_raw_html),
        );
        let seats = org.seats();
        c.insert("seats", &seats);
        c.insert("position_count", &org.positions.len());
        c.insert("unit_count", &org.units.len().to_string());
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
    }

    /// `units.html`: every unit as a tree read depth first, each with the
    /// positions in it and under it; a unit with sub-units folds.
    pub(super) fn units_page(&self, c: &mut Context) {
        let org = self.org;
        c.insert("page_title", &self.tr("units"));
        let mut order: Vec<(usize, usize)> = Vec::with_capacity(org.units.len());
        let mut stack: Vec<(usize, usize)> = org.root_units.iter().rev().map(|&u| (u, 0)).collect();
        while let Some((u, depth)) = stack.pop() {
            order.push((u, depth));
            stack.extend(org.units[u].children.iter().rev().map(|&k| (k, depth + 1)));
        }
        let tree: Vec<UnitTreeItem> = order
            .iter()
            .enumerate()
            .map(|(k, &(u, depth))| {
                let next = order.get(k + 1).map_or(0, |&(_, d)| d);
                let has_children = next > depth;
                UnitTreeItem {
                    link: self.unit_link(u, ""),
                    count: i18n::plural(
                        &self.t,
                        "position_count",
                        org.unit_positions_deep(u).len(),
                    ),
                    has_children,
                    close: if has_children {
                        0
                    } else {
                        depth - next.min(depth)
                    },
                }
            })
            .collect();
        c.insert("tree", &tree);
        c.insert("unit_count", &org.units.len().to_string());
    }

    pub(super) fn outline_labels(&self) -> chart::outline::OutlineLabels<'_> {
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
    pub(super) fn chart_page(
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
    pub(super) fn chart_print_pages(
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
    pub(super) fn front_chart(&self) -> String {
        chart::to_svg(&self.front(), "", &self.tr("chart"))
    }

    /// The front page chart's text alternative: the same boxes as a list.
    pub(super) fn front_outline(&self) -> String {
        chart::outline::outline_html(&self.front(), "", &self.outline_labels())
    }

    pub(super) fn front(&self) -> chart::Chart {
        let org = self.org;
        let all: Vec<usize> = (0..org.positions.len()).collect();
        chart::tree_chart(org, &all, org.config.chart.front_depth, &self.labels())
    }

    /// The staffing table's rows and totals, into `c`.
    pub(super) fn staffing_rows(&self, c: &mut Context, at: At) {
        let rows: Vec<PositionRow> = self.order.iter().map(|&i| self.row(i, at)).collect();
        c.insert("rows", &rows);
        c.insert(
            "staffing_groups",
            &self.staffing_groups(&self.order, at.root),
        );
        c.insert("totals", &self.org.seats());
        c.insert("unit_totals", &self.unit_totals(at.root));
    }

    /// Every unit's seats, its sub-units' included, in the unit tree's
    /// order read depth first, with its depth (for the subtotals table).
    fn unit_totals(&self, root: &str) -> Vec<UnitTotal> {
        let org = self.org;
        let mut out = Vec::with_capacity(org.units.len());
        let mut stack: Vec<(usize, usize)> = org.root_units.iter().rev().map(|&u| (u, 0)).collect();
        while let Some((u, depth)) = stack.pop() {
            let mut seats = Seats::default();
            for i in org.unit_positions_deep(u) {
                seats.add(org.positions[i].seats());
            }
            out.push(UnitTotal {
                link: self.unit_link(u, root),
                // Indented by depth, up to a limit a page can show.
                depth: depth.min(8),
                seats,
            });
            stack.extend(org.units[u].children.iter().rev().map(|&k| (k, depth + 1)));
        }
        out
    }

    pub(super) fn staffing(&self, c: &mut Context) {
        c.insert("page_title", &self.tr("staffing_table"));
        self.staffing_rows(c, At::page(""));
    }

    pub(super) fn position(&self, i: usize) -> Result<String, Diagnostic> {
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
    pub(super) fn unit_chart(&self, u: usize, deep: &[usize], root: &str) -> String {
        let org = self.org;
        let chart = chart::tree_chart(org, deep, org.config.chart.front_depth, &self.labels());
        chart::to_svg(&chart, root, &org.units[u].name)
    }

    pub(super) fn unit(&self, u: usize) -> Result<String, Diagnostic> {
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
        let fields = views::field_views(org, org.unit_fields(u), &self.tr("name_sep"));
        c.insert("fields", &fields);
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

    pub(super) fn reporting(&self, c: &mut Context) {
        c.insert("page_title", &self.tr("reporting_calendar"));
        c.insert("idp", "");
        self.reporting_groups(c, At::page(""));
    }

    pub(super) fn not_found(&self, c: &mut Context) {
        c.insert("page_title", &self.tr("not_found"));
    }

    /// `reporting.ics`: every obligation as recurring events.
    pub(super) fn reporting_calendar(&self) -> Vec<u8> {
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
    pub(super) fn position_calendar(&self, i: usize) -> Option<OutputFile> {
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
