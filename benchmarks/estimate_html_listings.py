"""Estimate (not product code): what a one-lesson edit would cost if listings were HTML strings.

The finding in README.md: after a one-lesson edit, the lessons page must be
written again (its listings show the title), and that page is most of the
edit's cost, because every listed lesson becomes some fifteen docutils nodes
that Sphinx's post-transforms, translator, search indexer and collector walk.
This script runs `benchmarks/phases.py` with `FillPlaceholders.render_lessons`
replaced, when RAW=1, by a version that formats the rows of each `{lessons}`
listing straight into an HTML table (one raw node per listing), so the
difference between the two runs bounds what rendering rows as strings in an
HTML visitor could save. It renders every layout as a table and adds no
search words: an estimate, not a drop-in::

    RAW=1 python benchmarks/estimate_html_listings.py SRC BUILD   # strings
    python benchmarks/estimate_html_listings.py SRC BUILD         # nodes, as shipped
"""

from __future__ import annotations

import html
import os
import runpy
import sys
from pathlib import Path

from docutils import nodes

import ilc_canvas.resolve as resolve
from ilc_canvas.queries import lesson_rows

_shipped = resolve.FillPlaceholders.render_lessons


def render_lessons_as_html(self, node):
    if not os.environ.get("RAW"):
        return _shipped(self, node)
    builder = self.env._app.builder
    uris: dict[str, str] = {}

    def href(docname: str, anchor: str) -> str:
        if docname not in uris:
            uris[docname] = builder.get_relative_uri(self.fromdocname, docname)
        return f"{uris[docname]}#{anchor}"

    esc = html.escape
    out = [f'<table class="ilc-listing ilc-lessons-table docutils align-default" id="{node["ident"]}"><tbody>']
    for i, (title, doc, anchor, usecase, date, themes, stroom, aspect) in enumerate(lesson_rows(self.domain, node["filters"])):
        uc_title, uc_doc, uc_anchor = usecase
        out.append(
            f'<tr class="row-{"odd" if i % 2 else "even"}">'
            f'<td><p><a class="reference internal" href="{href(doc, anchor)}">{esc(title)}</a></p></td>'
            f'<td><p><a class="reference internal" href="{href(uc_doc, uc_anchor)}">{esc(uc_title)}</a></p></td>'
            f'<td><p>{esc(date)}</p></td><td><p>{esc(", ".join(themes))}</p></td>'
            f'<td><p>{esc(self.choice("stroom", stroom))}</p></td><td><p>{esc(self.choice("aspect", aspect))}</p></td></tr>'
        )
    out.append("</tbody></table>")
    return [nodes.raw("", "\n".join(out), format="html")]


resolve.FillPlaceholders.render_lessons = render_lessons_as_html

if __name__ == "__main__":
    sys.argv = ["phases.py", *sys.argv[1:]]
    runpy.run_path(str(Path(__file__).with_name("phases.py")), run_name="__main__")
