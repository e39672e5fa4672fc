"""Site fixes for what the furo theme gets wrong in the HTML it writes.

furo wraps every table in ``<div class="table-wrapper">`` (to scroll wide
tables) and copies *all* attributes of the table onto the wrapper, ids
included (``WrapTableAndMathInAContainerTransform``, furo 2025.12.19). A table
with a name or an id then has its id twice on the page: invalid HTML (Nu
checker: "Duplicate ID") and ambiguous for assistive technology. The id stays
on the table, where the caption's permalink points.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

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


def setup(app):
    app.add_post_transform(DropDuplicatedWrapperIds)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
