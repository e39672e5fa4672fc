"""The rows of a listing: docutils nodes for every builder, HTML text for the web.

A listing has a row per matching lesson or use case. As docutils nodes a row
is some fifteen nodes, which every post-transform, the HTML translator, the
search indexer and the garbage collector then walk; on a site with thousands of
lessons that made rewriting the lessons page most of a one-lesson edit
(benchmarks/README.md, finding 3). For the html and dirhtml builders the rows
therefore stay data in one `ilc_listing_rows` node, which `visit_listing_rows`
writes exactly as Sphinx's HTML translator writes the nodes
(tests/test_listing_rows.py compares the two byte for byte). Every other
builder, and a translator in which a theme or extension has changed how any of
the imitated nodes is written, gets the nodes.
"""

from __future__ import annotations

from typing import NamedTuple

from docutils import nodes
from sphinx.writers.html5 import HTML5Translator

from . import nodes as ilc

# The translator's methods whose output visit_listing_rows writes itself.
IMITATED = (
    "visit_tbody", "depart_tbody", "visit_row", "depart_row", "visit_entry", "depart_entry",
    "visit_bullet_list", "depart_bullet_list", "visit_list_item", "depart_list_item",
    "visit_paragraph", "depart_paragraph", "visit_strong", "depart_strong",
    "visit_reference", "depart_reference", "visit_Text", "depart_Text", "encode", "attval",
)


class Link(NamedTuple):
    text: str
    docname: str  # empty: shown as plain text
    anchor: str


class Para(NamedTuple):
    """One paragraph of a row: a table cell, or a paragraph of a list item."""

    parts: tuple  # str or Link
    classes: tuple[str, ...] = ()
    strong: bool = False


Row = tuple[Para, ...]


def para_text(para: Para) -> str:
    return " ".join(part.text if isinstance(part, Link) else part for part in para.parts)


# -- as docutils nodes -------------------------------------------------------


def para_node(para: Para, link) -> nodes.paragraph:
    """`link(part)` makes the reference node of a part that is not text."""
    children = [nodes.Text(part) if isinstance(part, str) else link(part) for part in para.parts]
    if para.strong:
        children = [nodes.strong("", "", *children)]
    return nodes.paragraph("", "", *children, classes=list(para.classes))


def table_body(rows: list[Row], link) -> nodes.tbody:
    body = nodes.tbody()
    for row in rows:
        body += nodes.row("", *(nodes.entry("", para_node(cell, link)) for cell in row))
    return body


def bullet_list(items: list[Row], link, classes: list[str], ids: list[str]) -> nodes.bullet_list:
    listing = nodes.bullet_list(classes=classes, ids=ids)
    for item in items:
        listing += nodes.list_item("", *(para_node(para, link) for para in item))
    return listing


# -- as data for the HTML visitor --------------------------------------------


def rows_node(layout: str, rows: list[Row], href, **attributes) -> ilc.ilc_listing_rows:
    """`layout` is "table" (the node stands for a tbody) or "list" (for the whole
    bullet list, with its classes and ids); `href(docname, anchor)` is the link
    target as make_refnode writes it. The rows' text is the node's only child, so
    the search index has the same words as from the nodes; visitors skip it."""
    resolved = [
        tuple(Para(tuple((p.text, href(p.docname, p.anchor)) if isinstance(p, Link) and p.docname else
                         (p.text if isinstance(p, Link) else p) for p in para.parts),
                   para.classes, para.strong)
              for para in row)
        for row in rows
    ]
    words = " ".join(para_text(para) for row in rows for para in row)
    return ilc.ilc_listing_rows("", nodes.Text(words), layout=layout, rows=resolved, **attributes)


def _para_html(self, para: Para, only_child: bool) -> str:
    out = []
    for part in para.parts:
        if isinstance(part, str):
            out.append(self.encode(part))
        else:
            text, href = part
            out.append(f'<a class="reference internal" href="{self.attval(href)}">{self.encode(text)}</a>')
    inner = "".join(out)
    if para.strong:
        inner = f"<strong>{inner}</strong>"
    start = f'<p class="{self.attval(" ".join(para.classes))}">' if para.classes else "<p>"
    # depart_paragraph: no newline after a paragraph that is its cell's or item's only child
    return f"{start}{inner}</p>" + ("" if only_child else "\n")


def _is_stock(translator) -> bool:
    # add_node(..., override=True) sets methods on the instance, a theme on its class
    return all(getattr(getattr(translator, name), "__func__", None) is getattr(HTML5Translator, name)
               for name in IMITATED)


def _as_nodes(node: ilc.ilc_listing_rows) -> nodes.Element:
    """The nodes the rows stand for, attached where the rows are, for a changed translator."""

    def link(part: tuple[str, str]) -> nodes.reference:
        text, href = part
        return nodes.reference(text, text, internal=True, refuri=href)

    if node["layout"] == "table":
        built = table_body(node["rows"], link)
    else:
        built = bullet_list(node["rows"], link, list(node["classes"]), list(node["ids"]))
    built.parent = node.parent
    return built


def visit_listing_rows(self, node: ilc.ilc_listing_rows) -> None:
    if not _is_stock(self):
        _as_nodes(node).walkabout(self)
        raise nodes.SkipNode
    if node["layout"] == "table":
        self.body.append(self.starttag(node, "tbody"))
        for row in node["rows"]:
            # the row-even/row-odd count of Sphinx's visit_row, which the header row started
            self._table_row_indices[-1] += 1
            parity = "row-even" if self._table_row_indices[-1] % 2 == 0 else "row-odd"
            cells = "".join(f"<td>{_para_html(self, cell, True)}</td>\n" for cell in row)
            self.body.append(f'<tr class="{parity}">{cells}</tr>\n')
        self.body.append("</tbody>\n")
        raise nodes.SkipNode
    # The translator decides from the items' shape whether the list is "simple";
    # a stand-in with the widest item's shape gets the same start tag and context.
    widest = max((len(item) for item in node["rows"]), default=1)
    stand_in = nodes.bullet_list(classes=list(node["classes"]), ids=list(node["ids"]))
    stand_in += nodes.list_item("", *(nodes.paragraph() for _ in range(widest)))
    stand_in.parent = node.parent
    self.visit_bullet_list(stand_in)
    for item in node["rows"]:
        paras = "".join(_para_html(self, para, len(item) == 1) for para in item)
        self.body.append(f"<li>{paras}</li>\n")
    self.depart_bullet_list(stand_in)
    raise nodes.SkipNode
