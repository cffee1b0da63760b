//! The views a template reads: links, holders, rows, a position's
//! description and the reporting calendar's groups, built from the
//! organisation with links relative to the page they appear on.

use super::*;

#[derive(Serialize)]
pub(super) struct NavItem {
    pub(super) label: String,
    pub(super) url: String,
    pub(super) current: bool,
}

#[derive(Serialize)]
pub(super) struct HolderView {
    pub(super) name: String,
    /// Their page, when they have a person file.
    pub(super) url: String,
    /// Their picture (on position pages), or empty.
    pub(super) avatar: String,
    pub(super) status: &'static str,
    pub(super) status_label: String,
    pub(super) concurrent: bool,
}

/// A value of one of the site's own fields, as a page shows it.
#[derive(Serialize)]
pub(super) struct FieldView {
    pub(super) key: String,
    pub(super) label: String,
    pub(super) value: String,
    /// A link for a URL or an email; empty otherwise.
    pub(super) href: String,
}

/// The position fields the staffing table has a column for.
pub(super) fn table_fields(
    org: &Org,
) -> impl Iterator<Item = (&str, &crate::fields::FieldDecl)> + '_ {
    org.config
        .fields
        .position
        .shown(org.personal.is_none())
        .filter(|(_, d)| d.shows(crate::fields::Show::Table))
}

/// The values a page shows of `values` (a document's own fields).
pub(super) fn field_views(
    org: &Org,
    values: Vec<(&str, &crate::fields::FieldDecl, &crate::fields::FieldValue)>,
    sep: &str,
) -> Vec<FieldView> {
    values
        .into_iter()
        .filter(|(_, d, _)| d.shows(crate::fields::Show::Page))
        .map(|(k, d, v)| FieldView {
            key: k.to_string(),
            label: d.label(k, &org.config.language).to_string(),
            value: v.text(sep),
            href: v.href().unwrap_or_default(),
        })
        .collect()
}

#[derive(Serialize)]
pub(super) struct PositionRow {
    pub(super) link: LinkView,
    pub(super) external_title: String,
    pub(super) level: String,
    pub(super) unit: Option<LinkView>,
    pub(super) seats: Seats,
    pub(super) holders: Vec<HolderView>,
    /// "filled ×3 (names not published)"; empty without unnamed seats.
    pub(super) unnamed: String,
    /// The staffing table's columns of the site's own fields.
    pub(super) columns: Vec<String>,
}

#[derive(Serialize)]
pub(super) struct ReportView {
    pub(super) name: String,
    pub(super) to: Option<LinkView>,
    pub(super) due: String,
    /// Taken over through `builds_on` from this position.
    pub(super) inherited_from: Option<LinkView>,
}

/// How many `builds_on` ancestors a description shows in full, nearest
/// first; the rest are links. A chain of 2,000 roles each building on the
/// last would otherwise repeat nearly every duty on every page.
pub(super) const MAX_INHERITED: usize = 3;
/// How many further ancestors a description links to; beyond them it
/// counts the rest (each linked page goes on from there), so that a page
/// stays bounded however long the chain.
pub(super) const MAX_INHERITED_LINKS: usize = 12;

#[derive(Serialize)]
pub(super) struct Inherited {
    pub(super) from: LinkView,
    pub(super) html: String,
}

/// Everything a position's description shows: one per position page, and
/// one per position in the printed handbook (`position_body.html`).
#[derive(Serialize)]
pub(super) struct PositionView {
    /// Prefix of every id inside the description ("" on its own page).
    pub(super) anchor: String,
    /// The id of the description as a whole (the print edition links to it).
    pub(super) dom_id: String,
    pub(super) title: String,
    pub(super) id: String,
    pub(super) external_title: String,
    pub(super) level: String,
    pub(super) scope: String,
    pub(super) tags: Vec<String>,
    pub(super) unit_path: Vec<LinkView>,
    pub(super) reports_to: Option<LinkView>,
    /// The nearest managers ([`chart::MAX_CHAIN`]), the top one first.
    pub(super) chain: Vec<LinkView>,
    /// How many managers are above those in `chain`.
    pub(super) chain_above: usize,
    pub(super) direct_reports: Vec<PositionRow>,
    pub(super) dotted_line: Vec<LinkView>,
    pub(super) dotted_in: Vec<LinkView>,
    pub(super) seats: Seats,
    pub(super) holders: Vec<HolderView>,
    /// "filled ×3 (names not published)"; empty without unnamed seats.
    pub(super) unnamed: String,
    /// The site's own fields shown on the page.
    pub(super) fields: Vec<FieldView>,
    pub(super) duties_title: String,
    pub(super) duties_html: String,
    pub(super) inherited: Vec<Inherited>,
    /// Positions whose duties it carries beyond the nearest few shown in
    /// full ([`MAX_INHERITED`]): links to the next few.
    pub(super) inherited_more: Vec<LinkView>,
    /// "and 484 more": ancestors beyond `inherited_more`, unlinked.
    pub(super) inherited_rest: String,
    pub(super) reports: Vec<ReportView>,
    pub(super) targets: Vec<(String, String, Option<LinkView>)>,
    /// The small "where it sits" chart; empty in the print edition.
    pub(super) chart_svg: String,
    /// Dotted-line partners the chart leaves out (beyond
    /// [`chart::MAX_PARTNERS`]): links below it.
    pub(super) more_partners: Vec<LinkView>,
    /// The position's own reporting calendar; empty when it has none.
    pub(super) ics_url: String,
}

#[derive(Serialize)]
pub(super) struct ObligationRow {
    pub(super) name: String,
    pub(super) from: LinkView,
    pub(super) to: Option<LinkView>,
    pub(super) due: String,
}

#[derive(Serialize)]
pub(super) struct CadenceGroup {
    pub(super) key: &'static str,
    pub(super) label: String,
    pub(super) rows: Vec<ObligationRow>,
}

#[derive(Serialize)]
pub(super) struct RecipientGroup {
    pub(super) heading: String,
    pub(super) to: Option<LinkView>,
    pub(super) rows: Vec<ObligationRow>,
}

impl Renderer<'_> {
    /// A link to position `i`: to its description when the printed
    /// document holds it, else to its page.
    pub(super) fn pos_link(&self, i: usize, at: At) -> LinkView {
        let mut link = self.org.position_link(i, at.root);
        if at.holds(i) {
            link.url = format!("#{}", print_id(i));
        }
        link
    }

    pub(super) fn unit_link(&self, u: usize, root: &str) -> LinkView {
        self.org.unit_link(u, root)
    }

    pub(super) fn link(&self, l: &Link, at: At) -> LinkView {
        match l {
            Link::Position(i) => self.pos_link(*i, at),
            _ => self.org.link(l, at.root),
        }
    }

    pub(super) fn status(&self, s: HolderStatus) -> (&'static str, String) {
        let key = match s {
            HolderStatus::Confirmed => "filled",
            HolderStatus::Pending => "pending",
            HolderStatus::Acting => "acting",
        };
        (export::status_key(s), self.tr(key))
    }

    /// Position `i`'s holders, linked to their pages from a page `root`
    /// below the site's top; with their pictures when `pictures`.
    pub(super) fn holders(&self, i: usize, root: &str, pictures: bool) -> Vec<HolderView> {
        if !self.org.config.show_holders {
            return Vec::new();
        }
        self.org.positions[i]
            .holders
            .iter()
            .zip(self.org.who(i))
            .map(|(h, who)| {
                let (status, status_label) = self.status(h.status);
                let profile = who.profile.and_then(|k| self.org.profile(k));
                HolderView {
                    url: profile
                        .map(|x| format!("{root}{}", person_path(&crate::text::url_segment(&x.id))))
                        .unwrap_or_default(),
                    // A bare name stays a bare name, as in version 1.
                    avatar: if pictures && profile.is_some() {
                        self.avatar(&who.name, profile, root, 32)
                    } else {
                        String::new()
                    },
                    name: who.name.clone(),
                    status,
                    status_label,
                    concurrent: h.concurrent,
                }
            })
            .collect()
    }

    pub(super) fn row(&self, i: usize, at: At) -> PositionRow {
        let p = &self.org.positions[i];
        PositionRow {
            link: self.pos_link(i, at),
            external_title: p.external_title.clone().unwrap_or_default(),
            level: p.level.clone().unwrap_or_default(),
            unit: p.unit.map(|u| self.unit_link(u, at.root)),
            seats: p.seats(),
            holders: self.holders(i, at.root, false),
            unnamed: self.unnamed(i),
            columns: self.columns(i),
        }
    }

    /// Position `i`'s values for the staffing table's own-field columns.
    pub(super) fn columns(&self, i: usize) -> Vec<String> {
        let values = self.org.position_fields(i);
        table_fields(self.org)
            .map(|(k, _)| {
                values
                    .iter()
                    .find(|(n, _, _)| *n == k)
                    .map(|(_, _, v)| v.text(&self.tr("name_sep")))
                    .unwrap_or_default()
            })
            .collect()
    }

    /// "filled ×3 (names not published)" for a position's unnamed seats.
    pub(super) fn unnamed(&self, i: usize) -> String {
        match self.org.positions[i].unnamed {
            0 => String::new(),
            n => i18n::plural(&self.t, "unnamed_count", n as usize),
        }
    }

    pub(super) fn position_view(&self, i: usize, at: At) -> PositionView {
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
                due: i18n::due(&self.t, r.every, r.day, r.month, r.by.as_deref()),
                inherited_from: r.inherited_from.map(|b| self.pos_link(b, at)),
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
            holders: self.holders(i, root, !at.in_print()),
            unnamed: self.unnamed(i),
            fields: field_views(org, org.position_fields(i), &self.tr("name_sep")),
            duties_title: duties.heading.unwrap_or_else(|| self.tr("duties")),
            duties_html: duties.html,
            inherited,
            inherited_more,
            inherited_rest,
            reports,
            targets: self.targets(i, at),
            chart_svg,
            more_partners,
            ics_url: if p.reports.is_empty() || at.in_print() {
                String::new()
            } else {
                format!("{root}positions/{}.ics", crate::text::url_segment(&p.id))
            },
        }
    }

    /// (name, the bounds in words, the position it is taken over from).
    pub(super) fn targets(&self, i: usize, at: At) -> Vec<(String, String, Option<LinkView>)> {
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
                (
                    t.name.clone(),
                    text.trim().to_string(),
                    t.inherited_from.map(|b| self.pos_link(b, at)),
                )
            })
            .collect()
    }

    pub(super) fn obligation_row(&self, o: &Obligation, at: At) -> ObligationRow {
        let r = o.report;
        ObligationRow {
            name: r.name.clone(),
            from: self.pos_link(o.from, at),
            to: r.to.as_ref().map(|l| self.link(l, at)),
            due: i18n::due(&self.t, r.every, r.day, r.month, r.by.as_deref()),
        }
    }

    /// The reporting calendar, grouped by cadence and by recipient, into `c`.
    pub(super) fn reporting_groups(&self, c: &mut Context, at: At) {
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
                rows: {
                    // By day and time, then as sent in chart order (a stable sort).
                    let mut rows: Vec<&Obligation> =
                        all.iter().filter(|o| o.report.every == every).collect();
                    rows.sort_by_key(|o| obligations::when_key(o.report));
                    rows.iter().map(|o| self.obligation_row(o, at)).collect()
                },
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
                // Shortest cadence first, then by day and time, then by sender
                // in chart order.
                rows.sort_by_key(|o| {
                    (
                        o.report.every,
                        obligations::when_key(o.report),
                        ranks[o.from],
                        o.index,
                    )
                });
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
}

/// A space between a number and its unit, when there is a unit.
pub(super) fn sep(unit: &str) -> &'static str {
    if unit.is_empty() {
        ""
    } else {
        " "
    }
}
