"""Node classes of the extension.

Output nodes subclass standard docutils nodes, so every builder renders them
through its own visitor for the base class (Sphinx dispatches along the MRO);
html.py adds HTML visitors where the web page needs more (sections, ARIA, grid).
Placeholders are replaced by resolve.py before any builder sees them.
"""

from __future__ import annotations

from docutils import nodes


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


class ilc_placeholder(nodes.General, nodes.Element):
    """Filled at write time from the whole site's data (see resolve.py).

    Attributes: `kind` (lessons, usecases, retrospectives, backlinks),
    `filters`, `layout`, `target` and `docname` of the page it stands on.
    """


class ilc_listing_rows(nodes.General, nodes.Element):
    """A listing's rows as data, for the html and dirhtml builders only (see
    listing_rows.py). Attributes: `layout` (table: a tbody; list: the whole
    list, with classes and ids), `rows`. Its one child is the rows' text, for
    the search index."""


class ilc_process(nodes.General, nodes.Element):
    """Placeholder for a process diagram (see process.py)."""
