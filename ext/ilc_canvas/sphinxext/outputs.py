"""What single outputs need beyond the nodes every builder shares."""

from __future__ import annotations

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from . import nodes as ilc
from .directives import REPEATED_TITLE


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
        for heading in list(self.document.findall(ilc.ilc_heading)):
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
