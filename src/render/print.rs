//! The printed handbook: `print.html` whole, or its front volume and one
//! volume per unit when the organisation is too large to print as one.

use super::*;

/// One printed document: the whole handbook, or, when the organisation is
/// too large to print as one, the front volume (`print.html`: cover, chart,
/// the list of volumes and the positions in no unit) or one unit's volume
/// (`print/UNIT.html`: its chart, staffing, reporting and roles).
pub(super) struct PrintDoc<'d> {
    /// The file, for messages.
    pub(super) path: String,
    pub(super) root: &'d str,
    /// The unit of a unit's volume.
    pub(super) unit: Option<usize>,
    /// The positions described, in chart order.
    pub(super) members: &'d [usize],
    /// Whether `members` is every position.
    pub(super) whole: bool,
    /// The unit volumes the front volume lists.
    pub(super) volumes: &'d [Volume],
}

/// A printed volume as its cover and the front volume's list show it.
#[derive(Serialize)]
pub(super) struct VolumeView {
    pub(super) unit: LinkView,
    /// The units above it and itself.
    pub(super) path: Vec<LinkView>,
    pub(super) positions: usize,
    pub(super) seats: Seats,
    /// Its file, from the page that lists it.
    pub(super) url: String,
}

/// A unit's printed volume: its own positions, in chart order.
pub(super) struct Volume {
    pub(super) unit: usize,
    pub(super) members: Vec<usize>,
}

/// Where print.html's role descriptions go; spliced in after rendering.
pub(super) const ROLES: &str = "<!--orgsite:roles-->";

/// A position in print.html's table of contents.
#[derive(Serialize)]
pub(super) struct TocEntry {
    pub(super) dom_id: String,
    pub(super) title: String,
}

/// The id of a position's description in a printed document.
pub(super) fn print_id(i: usize) -> String {
    format!("pos-{i}")
}

impl Renderer<'_> {
    /// The units' printed volumes, in the order of the unit tree; a unit
    /// with no position of its own has none.
    pub(super) fn volumes(&self) -> Vec<Volume> {
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
    pub(super) fn seats_of(&self, members: &[usize]) -> Seats {
        let mut seats = Seats::default();
        for &i in members {
            seats.add(self.org.positions[i].seats());
        }
        seats
    }

    /// A unit's volume as a cover and a list of volumes show it.
    pub(super) fn volume_view(
        &self,
        u: usize,
        members: &[usize],
        root: &str,
        url: String,
    ) -> VolumeView {
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
    pub(super) fn volume_path(&self, u: usize) -> String {
        format!("print/{}.html", self.org.units[u].id)
    }

    /// The link to a unit's volume, relative to the site: the file name
    /// percent-encoded, as links to position and unit pages are.
    pub(super) fn volume_href(&self, u: usize) -> String {
        format!(
            "print/{}.html",
            crate::text::url_segment(&self.org.units[u].id)
        )
    }

    /// The printed handbook: `print.html` with every role; or, above
    /// `print.volumes_above` positions, `print.html` listing the volumes and
    /// one `print/UNIT.html` per unit.
    pub(super) fn print_docs(&self, sink: &dyn Sink) -> Result<(), Diagnostic> {
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

    /// What a printed document's cover shows: the organisation's front
    /// page, or the volume's unit.
    fn cover(&self, c: &mut Context, doc: &PrintDoc) {
        let org = self.org;
        let root = doc.root;
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
                    .flat_map(|&i| org.who(i).iter().map(|w| w.name.as_str()))
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
    }

    /// One printed document: cover, chart, (the volumes,) staffing table,
    /// reporting calendar, then each role it holds in chart order.
    pub(super) fn print(
        &self,
        out: &mut dyn std::io::Write,
        doc: &PrintDoc,
    ) -> Result<(), Diagnostic> {
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
        self.cover(&mut c, doc);
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
        c.insert("staffing_groups", &self.staffing_groups(doc.members, root));
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
}
