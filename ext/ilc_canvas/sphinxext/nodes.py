"""Node classes of the extension, and the one factory for their HTML visitors.

Output nodes subclass standard docutils nodes, so every builder renders them
through its own visitor for the base class (Sphinx dispatches along the MRO);
HTML gets semantic elements, ids, ARIA labels and grid areas on top.
Placeholders are replaced at write time (listings.py, diagrams.py) before any
builder sees them. The post-transforms at the end give single outputs (man,
LaTeX, everything but HTML) what they need beyond that.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

#: the class of a heading that repeats its section's title (hidden on screen, shown in print)
REPEATED_TITLE = "ilc-title-repeated"


class ilc_canvas(nodes.container):
    """A use case canvas: a section with a heading, metadata, the block grid."""


class ilc_grid(nodes.container):
    """The canvas poster: a CSS grid whose areas come from the schema."""


class ilc_block(nodes.container):
    """One block of a canvas or retrospective: a region with its own heading."""


class ilc_heading(nodes.rubric):
    """A heading inside our output; `level` counts from the enclosing section."""


class ilc_retrospective(nodes.container):
    """A retrospective: currents side by side, actions, lessons."""


class ilc_currents(nodes.container):
    """The upper and under current panels, side by side."""


class ilc_lesson(nodes.container):
    """One lesson as a card with its own anchor."""


class ilc_question(nodes.paragraph):
    """The guiding question of a canvas block."""


class ilc_figure(nodes.container):
    """A process diagram with its caption and text equivalent: `<figure>` in HTML."""


class ilc_caption(nodes.paragraph):
    """The figure's caption: `<figcaption>` in HTML."""


class ilc_details(nodes.container):
    """A disclosure: `<details>` in HTML."""


class ilc_summary(nodes.paragraph):
    """The always visible line of a disclosure: `<summary>` in HTML."""


class ilc_meter(nodes.inline):
    """A count of a total as a bar (HTML `<meter>`, hidden from screen readers)
    followed by its text; other builders show the text. Attributes: value, maximum."""


class ilc_mark(nodes.list_item):
    """A retrospective on a use case's time line; HTML places it at `at` (per cent)."""


class ilc_placeholder(nodes.General, nodes.Element):
    """Filled at write time from the whole site's data (see listings.py).

    Attributes: `kind` (lessons, usecases, retrospectives, backlinks),
    `filters`, `layout`, `target` and `docname` of the page it stands on.
    """


class ilc_process(nodes.General, nodes.Element):
    """Placeholder for a process diagram (see diagrams.py)."""


class ilc_listing_rows(nodes.General, nodes.Element):
    """A listing's rows as data, for the html and dirhtml builders only (see
    listings.py). Attributes: `layout` (table: a tbody; list: the whole
    list, with classes and ids), `rows`. Its one child is the rows' text, for
    the search index."""


# -- HTML ------------------------------------------------------------------------


def _heading_level(node: nodes.Element) -> int:
    depth = 0
    parent = node.parent
    while parent is not None:
        if isinstance(parent, nodes.section):
            depth += 1
        elif parent.get("label"):  # its heading repeats its section's title and is hidden: one level less
            depth -= 1
        parent = parent.parent
    return max(2, min(6, depth + node.get("level", 1)))


def _labelled_by(node: nodes.Element) -> dict[str, str]:
    heading = next((c for c in node.children if isinstance(c, ilc_heading) and c["ids"]), None)
    return {"aria-labelledby": heading["ids"][0]} if heading is not None else {}


def _grid_style(node: nodes.Element) -> dict[str, str]:
    rows = " ".join(f'"{row}"' for row in node.get("grid", []))
    style = f"--ilc-columns: {node.get('columns', 1)};"
    if rows:
        style += f" --ilc-grid: {rows};"
    return {"style": style}


def _area_style(node: nodes.Element) -> dict[str, str]:
    return {"style": f"--ilc-area: {node['area']};"} if node.get("area") else {}


def element(tag, attributes=None):
    """HTML visitors writing the node as `tag` (a name, or a function of the node),
    with the attributes `attributes(node)` gives."""

    def name(node):
        return tag(node) if callable(tag) else tag

    def visit(self, node: nodes.Element) -> None:
        node["html_tag"] = name(node)
        self.body.append(self.starttag(node, node["html_tag"], "", **(attributes(node) if attributes else {})))

    def depart(self, node: nodes.Element) -> None:
        self.body.append(f"</{node['html_tag']}>\n")

    return visit, depart


# -- LaTeX ------------------------------------------------------------------------


def visit_latex_target(self, node: nodes.Element) -> None:
    """A container's ids as LaTeX labels, so that links to a canvas, retrospective
    or lesson work in the PDF (the LaTeX writer labels sections, not containers)."""
    self.body.append(self.hypertarget_to(node, anchor=True))
    self.visit_container(node)


def depart_latex_target(self, node: nodes.Element) -> None:
    self.depart_container(node)


#: the nodes links point at; their LaTeX visitors add the labels
LINK_TARGETS = (ilc_canvas, ilc_retrospective, ilc_lesson, ilc_block)

def visit_meter(self, node: nodes.Element) -> None:
    self.body.append(meter_html(node["value"], node["maximum"]))


def meter_html(value: int, maximum: int) -> str:
    return f'<meter class="ilc-meter" min="0" max="{maximum}" value="{value}" aria-hidden="true"></meter> '


HTML_VISITORS = {
    ilc_canvas: element("section", _labelled_by),
    ilc_grid: element("div", lambda node: {**_labelled_by(node), **_grid_style(node)}),
    ilc_block: element("section", lambda node: {**_labelled_by(node), **_area_style(node)}),
    ilc_retrospective: element("section", _labelled_by),
    ilc_currents: element("div", _labelled_by),
    ilc_lesson: element("article", _labelled_by),
    ilc_heading: element(lambda node: f"h{_heading_level(node)}"),
    ilc_question: element("p"),
    ilc_figure: element("figure"),
    ilc_caption: element("figcaption"),
    ilc_details: element("details"),
    ilc_summary: element("summary"),
    ilc_meter: (visit_meter, lambda self, node: None),
    ilc_mark: element("li", lambda node: {"style": f"--ilc-at: {node['at']};"}),
}


# -- what single outputs need ---------------------------------------------------

class PlainLinksInManPages(SphinxPostTransform):
    """A man page cannot link within the manual, and docutils' man writer (0.22)
    then prints the link's target as `<#anchor>`: links within the site become
    their text there."""

    builders = ("man",)
    default_priority = 20  # after Sphinx resolves the roles' references (10)

    def run(self, **kwargs) -> None:
        for ref in list(self.document.findall(nodes.reference)):
            if ref.get("internal") or ref.get("refid") is not None:
                ref.replace_self(nodes.inline(ref.rawsource, "", *ref.children))


class DropRepeatedTitles(SphinxPostTransform):
    """Outside HTML (where CSS hides it on screen and shows it when a canvas is
    printed alone) a heading that repeats its section's title is left out."""

    default_priority = 20

    def run(self, **kwargs) -> None:
        if self.env._app.builder.format == "html":
            return
        for heading in list(self.document.findall(ilc_heading)):
            if REPEATED_TITLE in heading["classes"]:
                heading.parent.remove(heading)


class LatexLinkTargets(SphinxPostTransform):
    """The LaTeX writer labels sections and targets, not list items or paragraphs:
    the anchors of actions, reports and a matrix's cells get a target of their own
    there, so that links to them work in the PDF."""

    formats = ("latex",)
    default_priority = 20

    def run(self, **kwargs) -> None:
        for node in list(self.document.findall(lambda n: isinstance(n, (nodes.list_item, nodes.paragraph)))):
            if node["ids"] and any(c.startswith("ilc-") for c in node["classes"]):
                node.insert(0, nodes.target("", "", ids=node["ids"]))
                node["ids"] = []
