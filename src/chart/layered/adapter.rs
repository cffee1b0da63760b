//! The one place that speaks to layout-rs: items of given sizes and the
//! edges that rank them in, item centres out. Its graph is built through
//! the API with our own box sizes, crossing minimisation off (it is cubic)
//! and validation off; nothing is drawn.

use layout::core::base::Orientation;
use layout::core::format::{ClipHandle, RenderBackend};
use layout::core::geometry::Point;
use layout::core::style::StyleAttr;
use layout::std_shapes::shapes::{Arrow, Element, ShapeKind};
use layout::topo::layout::VisualGraph;

/// layout-rs pads every box by about this much on each axis.
const ITS_PAD: f64 = 60.0;

/// The centre of each item (`w`, `h` in `sizes`) when layout-rs places
/// them top to bottom with `gap` (breadth, depth) between them, ranked by
/// `edges` (item indices, added in this order).
pub(super) fn place(
    sizes: &[(f64, f64)],
    gap: (f64, f64),
    edges: &[(usize, usize)],
) -> Vec<(f64, f64)> {
    if sizes.len() < 2 {
        // layout-rs panics on an empty graph; one box needs no layout.
        return sizes.iter().map(|&(w, h)| (w / 2.0, h / 2.0)).collect();
    }
    let mut vg = VisualGraph::new(Orientation::TopToBottom);
    vg.dag.set_validate(false);
    let handles: Vec<_> = sizes
        .iter()
        .map(|&(w, h)| {
            vg.add_node(Element::create(
                ShapeKind::Box(String::new()),
                StyleAttr::simple(),
                Orientation::TopToBottom,
                Point::new(
                    (w + gap.0 - ITS_PAD).max(1.0),
                    (h + gap.1 - ITS_PAD).max(1.0),
                ),
            ))
        })
        .collect();
    for &(a, b) in edges {
        vg.add_edge(Arrow::simple(""), handles[a], handles[b]);
    }
    vg.do_it(false, true, false, &mut NoRender);
    handles
        .iter()
        .map(|&h| {
            let p = vg.pos(h).middle();
            (p.x, p.y)
        })
        .collect()
}

/// layout-rs insists on drawing; we only want its coordinates.
struct NoRender;

impl RenderBackend for NoRender {
    fn draw_rect(
        &mut self,
        _: Point,
        _: Point,
        _: &StyleAttr,
        _: Option<String>,
        _: Option<ClipHandle>,
    ) {
    }
    fn draw_line(&mut self, _: Point, _: Point, _: &StyleAttr, _: Option<String>) {}
    fn draw_circle(&mut self, _: Point, _: Point, _: &StyleAttr, _: Option<String>) {}
    fn draw_text(&mut self, _: Point, _: &str, _: &StyleAttr) {}
    fn draw_arrow(
        &mut self,
        _: &[(Point, Point)],
        _: bool,
        _: (bool, bool),
        _: &StyleAttr,
        _: Option<String>,
        _: &str,
    ) {
    }
    fn create_clip(&mut self, _: Point, _: Point, _: usize) -> ClipHandle {
        0
    }
}
