"""HTML visitors: semantic sections, headings with ids, ARIA labels and grid areas.

Other builders fall back to the visitors of the docutils base classes.
"""

from __future__ import annotations

from docutils import nodes

from . import nodes as ilc
from .listing_rows import visit_listing_rows


def _heading_level(node: nodes.Element) -> int:
    depth = 0
    parent = node.parent
    while parent is not None:
        if isinstance(parent, nodes.section):
            depth += 1
        parent = parent.parent
    return max(2, min(6, depth + node.get("level", 1)))


def _labelled_by(node: nodes.Element) -> dict[str, str]:
    heading = next((c for c in node.children if isinstance(c, ilc.ilc_heading) and c["ids"]), None)
    return {"aria-labelledby": heading["ids"][0]} if heading is not None else {}


def visit_section_like(tag: str, extra=None):
    def visit(self, node: nodes.Element) -> None:
        attrs = _labelled_by(node)
        if extra:
            attrs.update(extra(node))
        self.body.append(self.starttag(node, tag, "", **attrs))

    def depart(self, node: nodes.Element) -> None:
        self.body.append(f"</{tag}>\n")

    return visit, depart


def _grid_style(node: nodes.Element) -> dict[str, str]:
    rows = " ".join(f'"{row}"' for row in node.get("grid", []))
    style = f"--ilc-columns: {node.get('columns', 1)};"
    if rows:
        style += f" --ilc-grid: {rows};"
    return {"style": style}


def _area_style(node: nodes.Element) -> dict[str, str]:
    return {"style": f"--ilc-area: {node['area']};"} if node.get("area") else {}


def visit_heading(self, node: nodes.Element) -> None:
    level = _heading_level(node)
    node["html_level"] = level
    self.body.append(self.starttag(node, f"h{level}", ""))


def depart_heading(self, node: nodes.Element) -> None:
    self.body.append(f"</h{node['html_level']}>\n")


def visit_question(self, node: nodes.Element) -> None:
    self.body.append(self.starttag(node, "p", ""))


def depart_question(self, node: nodes.Element) -> None:
    self.body.append("</p>\n")


HTML_VISITORS = {
    ilc.ilc_canvas: visit_section_like("section"),
    ilc.ilc_grid: visit_section_like("div", _grid_style),
    ilc.ilc_block: visit_section_like("section", _area_style),
    ilc.ilc_retrospective: visit_section_like("section"),
    ilc.ilc_currents: visit_section_like("div"),
    ilc.ilc_lesson: visit_section_like("article"),
    ilc.ilc_heading: (visit_heading, depart_heading),
    ilc.ilc_question: (visit_question, depart_question),
    ilc.ilc_listing_rows: (visit_listing_rows, None),
}
