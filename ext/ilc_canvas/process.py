"""The use case process as a figure: a Mermaid diagram plus its text equivalent.

`ilc-process` directives and canvases leave an `ilc_process` placeholder;
`ProcessDiagrams` (a post-transform, so it knows the builder) replaces it:

- web builders (html, dirhtml, singlehtml) with Mermaid available: a
  `<figure>` with a caption, the diagram (sphinxcontrib-mermaid's node, so its
  script loads on that page only) and the text equivalent in a `<details>`;
- every other builder (latex, text, epub, man, texinfo), and web builders
  when Mermaid's files are missing: the text equivalent only, visible.

The text equivalent is the phases as an ordered list with the current one
marked in words. Plain `{mermaid}` blocks get a text fallback too where they
cannot be drawn, so no builder warns about a missing `mmdc`.
"""

from __future__ import annotations

import re
import shlex
import shutil

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinxcontrib.mermaid import mermaid

from . import nodes as ilc
from .assets import diagrams_render, is_web_builder
from .mermaid import cycle, description, flowchart
from .schema import language_of, load_process


class ilc_process_figure(nodes.container):
    """The diagram with its caption and text equivalent: `<figure>` in HTML."""


class ilc_process_caption(nodes.paragraph):
    """The figure's caption: `<figcaption>` in HTML."""


class ilc_details(nodes.container):
    """A disclosure: `<details>` in HTML."""


class ilc_summary(nodes.paragraph):
    """The always visible line of a disclosure: `<summary>` in HTML."""


def text_equivalent(c, lang: str) -> list[nodes.Node]:
    """The phases as an ordered list, the current one in bold and named so in words."""
    steps = nodes.enumerated_list(enumtype="arabic", classes=["ilc-process-steps"])
    for key, text in c.steps:
        para = nodes.paragraph()
        if key == c.current:
            para += nodes.strong(text, text)
            para += nodes.Text(f" ({c.current_label})")
        else:
            para += nodes.Text(text)
        steps += nodes.list_item("", para, classes=["ilc-current"] if key == c.current else [])
    text = load_process()["return"]["text"][lang].format(count=len(c.steps), back=c.back)
    return [steps, nodes.paragraph(text, text, classes=["ilc-process-return"])]


def process_nodes(config, highlight: str | None, ident: str, caption: str | None = None) -> list[nodes.Node]:
    """The text-only rendering: a titled container with the ordered list."""
    lang = language_of(config.language)
    c = cycle(lang, highlight, caption)
    figure = nodes.container(ids=[ident], classes=["ilc-process"])
    figure += nodes.rubric(c.title, c.title, classes=["ilc-process-title"])
    figure += text_equivalent(c, lang)
    return [figure]


def diagram_nodes(config, highlight: str | None, ident: str, caption: str | None = None) -> list[nodes.Node]:
    """The web rendering: caption, Mermaid diagram, text equivalent in a disclosure."""
    lang = language_of(config.language)
    c = cycle(lang, highlight, caption)
    figure = ilc_process_figure(ids=[ident], classes=["ilc-process"])
    figure += ilc_process_caption(c.title, c.title, ids=[f"{ident}-title"], classes=["ilc-process-title"])
    diagram = mermaid()
    diagram["code"] = flowchart(c, lang)
    diagram["options"] = {}
    diagram["alt"] = description(c, lang)
    diagram["ids"] = [f"{ident}-diagram"]
    figure += diagram
    details = ilc_details(classes=["ilc-process-text"])
    summary = load_process()["text_summary"][lang]
    details += ilc_summary(summary, summary)
    details += text_equivalent(c, lang)
    figure += details
    return [figure]


# -- plain {mermaid} blocks where Mermaid cannot draw --------------------------

ACC_LINE = re.compile(r"^\s*(accTitle|accDescr)\s*:\s*(.+?)\s*$", re.MULTILINE)
ACC_BLOCK = re.compile(r"^\s*accDescr\s*\{(.*?)\}", re.MULTILINE | re.DOTALL)


def mermaid_fallback(node: nodes.Element, lang: str) -> nodes.Node:
    """What a reader sees of a `{mermaid}` block that cannot be drawn: its description."""
    code = node.get("code", "")
    found = {key: value for key, value in ACC_LINE.findall(code)}
    block = ACC_BLOCK.search(code)
    if block:
        found["accDescr"] = block.group(1)
    text = " ".join((found.get("accDescr") or node.get("alt") or found.get("accTitle") or "").split())
    if not text:
        return nodes.literal_block(code, code, classes=["ilc-mermaid-source"])
    word = load_process()["diagram"][lang]
    return nodes.paragraph("", "", nodes.emphasis(word, word), nodes.Text(f": {text}"), classes=["ilc-mermaid-text"])


def builder_draws_mermaid(builder, config) -> bool:
    """Whether sphinxcontrib-mermaid can draw diagrams for this builder."""
    if is_web_builder(builder):
        return diagrams_render(builder)
    if builder.format not in ("latex", "texinfo"):  # text, man, epub: no drawing at all
        return False
    command = config.mermaid_cmd
    args = shlex.split(command) if isinstance(command, str) else list(command or ())
    return bool(args) and shutil.which(args[0]) is not None


class ProcessDiagrams(SphinxPostTransform):
    """Replace process placeholders for this builder; give undrawable Mermaid a text."""

    default_priority = 4  # before resolve.FillPlaceholders (5)

    def run(self, **kwargs) -> None:
        builder = self.env._app.builder
        web = diagrams_render(builder)
        render = diagram_nodes if web else process_nodes
        for node in list(self.document.findall(ilc.ilc_process)):
            node.replace_self(render(self.config, node.get("highlight"), node["ident"], node.get("caption")))
        if not builder_draws_mermaid(builder, self.config):
            lang = language_of(self.config.language)
            for node in list(self.document.findall(mermaid)):
                node.replace_self(mermaid_fallback(node, lang))


def stable_zoom_ids(app, doctree) -> None:
    """doctree-read: `{mermaid}` with `:zoom:` gets a random id; derive it from the page instead."""
    docname = app.env.current_document.docname
    for n, node in enumerate(doctree.findall(mermaid)):
        if "zoom_id" in node:
            node["zoom_id"] = f"id-{nodes.make_id(docname)}-{n}"


# -- HTML visitors ---------------------------------------------------------------


def _tag(tag: str, **attrs):
    def visit(self, node: nodes.Element) -> None:
        self.body.append(self.starttag(node, tag, "", **attrs))

    def depart(self, node: nodes.Element) -> None:
        self.body.append(f"</{tag}>\n")

    return visit, depart


HTML_VISITORS = {
    ilc_process_figure: _tag("figure"),
    ilc_process_caption: _tag("figcaption"),
    ilc_details: _tag("details"),
    ilc_summary: _tag("summary"),
}
