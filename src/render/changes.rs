//! `changes.html`: what changed since an earlier revision.

use super::*;

/// The front page's pointer to `changes.html`.
#[derive(Serialize)]
pub(super) struct ChangesLink {
    pub(super) url: String,
    /// "Changes since v1.0 (abc1234, 2024-05-01)".
    pub(super) label: String,
    /// "12 changes".
    pub(super) count: String,
}

/// An entry of the changes report, with a link to the position it names.
#[derive(Serialize)]
pub(super) struct ChangeView {
    pub(super) sign: diff::report::Sign,
    pub(super) symbol: &'static str,
    pub(super) subject: String,
    pub(super) url: String,
    pub(super) detail: String,
    /// The duty lines an edit added and removed.
    pub(super) lines: Vec<diff::lines::Line>,
    /// "and 12 more changed lines", or empty.
    pub(super) more_lines: String,
}

#[derive(Serialize)]
pub(super) struct ChangeGroupView {
    pub(super) key: &'static str,
    pub(super) heading: String,
    pub(super) counts: String,
    pub(super) entries: Vec<ChangeView>,
}

/// How `changes.html` marks a position on its chart: the CSS class, the
/// outline colour and the report-word key of its badge.
pub(super) fn mark_style(m: Mark) -> (&'static str, &'static str, &'static str) {
    match m {
        Mark::Added => ("mark-added", "#2e7d32", "c_added"),
        Mark::Moved => ("mark-moved", "#6a3fb0", "c_moved"),
        Mark::Changed => ("mark-changed", "#c77700", "c_changed"),
    }
}

impl Renderer<'_> {
    pub(super) fn changes_link(&self, d: &Diff, root: &str) -> ChangesLink {
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
            count: diff::report::total(t, d.changes.count_shown(self.org.config.show_holders)),
        }
    }

    /// `changes.html`: the report of what changed since a revision, and
    /// the chart with added, moved and changed positions marked.
    pub(super) fn changes_page(&self, c: &mut Context) {
        let Some(d) = self.changes else { return };
        let org = self.org;
        let t = &self.t;
        let link = self.changes_link(d, "");
        c.insert("page_title", &link.label);
        c.insert("heading", &link.label);
        c.insert("from", &diff::report::side(t, &d.from_rev));
        c.insert("to", &diff::report::side(t, &d.to_rev));
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
                            more_lines: match e.lines.more {
                                0 => String::new(),
                                n => diff::report::more_lines(t, n),
                            },
                            lines: e.lines.lines,
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
    }
}
