"""Site fixes for what the furo theme gets wrong in the HTML it writes.

Labels: furo writes some accessible names in English without passing them
through the translation catalog (the sidebar and colour-scheme toggles in
``page.html``, "Toggle navigation of ..." in its navigation tree), so a screen
reader reads English on a Dutch page (WCAG 3.1.2). The templates' labels are
routed through ``_()`` when Jinja loads them, the navigation's in
html-page-context; ``locales/nl/LC_MESSAGES/sphinx.po`` has the Dutch.

Tables: furo wraps every table in ``<div class="table-wrapper">`` (to scroll wide
tables) and copies *all* attributes of the table onto the wrapper, ids
included (``WrapTableAndMathInAContainerTransform``, furo 2025.12.19). A table
with a name or an id then has its id twice on the page: invalid HTML (Nu
checker: "Duplicate ID") and ambiguous for assistive technology. The id stays
on the table, where the caption's permalink points.
"""

from __future__ import annotations

import re

from docutils import nodes
from jinja2.ext import Extension
from sphinx.locale import _
from sphinx.transforms.post_transforms import SphinxPostTransform

TEMPLATE_LABELS = (
    "Toggle site navigation sidebar",
    "Toggle table of contents sidebar",
    "Toggle Light / Dark / Auto color theme",
)
NAVIGATION_LABEL = re.compile(r'aria-label="Toggle navigation of ([^"]*)"')

WRAPPER_CLASSES = {"table-wrapper", "math-wrapper"}


class DropDuplicatedWrapperIds(SphinxPostTransform):
    formats = ("html",)
    default_priority = 501  # right after furo's wrapping (500)

    def run(self, **kwargs) -> None:
        for wrapper in self.document.findall(nodes.container):
            if not WRAPPER_CLASSES.intersection(wrapper["classes"]) or not wrapper.children:
                continue
            inner_ids = set(wrapper.children[0]["ids"])
            wrapper["ids"] = [i for i in wrapper["ids"] if i not in inner_ids]


class TranslatableLabels(Extension):
    """Makes furo's hard-coded English aria-labels translatable, as its other texts are."""

    def preprocess(self, source: str, name: str | None, filename: str | None = None) -> str:
        for label in TEMPLATE_LABELS:
            source = source.replace(f'aria-label="{label}"', f'aria-label="{{{{ _({label!r}) }}}}"')
        return source


def add_template_extension(app) -> None:
    templates = getattr(app.builder, "templates", None)
    if templates is not None and hasattr(templates, "environment"):
        templates.environment.add_extension(TranslatableLabels)


def translate_navigation(app, pagename, templatename, context, doctree) -> None:
    tree = context.get("furo_navigation_tree")
    if isinstance(tree, str):
        label = _("Toggle navigation of %s")
        context["furo_navigation_tree"] = NAVIGATION_LABEL.sub(
            lambda m: f'aria-label="{label % m.group(1)}"', tree)


def setup(app):
    app.add_post_transform(DropDuplicatedWrapperIds)
    app.connect("builder-inited", add_template_extension)
    app.connect("html-page-context", translate_navigation, priority=900)  # after furo's (500)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
