"""Markdown text from a YAML body -> docutils nodes, in MyST and reST pages alike.

Author text is shown, never executed: raw HTML becomes visible text, and only
http, https, mailto and relative links stay links (contract section 4).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from docutils import nodes
from docutils.statemachine import StringList
from docutils.utils import new_document

from .problems import Problem
from .sourcelines import file_lines, link_pattern, locate

SAFE_SCHEMES = ("http", "https", "mailto")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
_IGNORED_IN_URI = re.compile(r"[\x00-\x20\x7f]+")


def link_scheme(uri: str) -> str | None:
    """The scheme of `uri` as a browser would read it (None for relative links)."""
    match = _SCHEME.match(_IGNORED_IN_URI.sub("", uri))
    return match.group(1).lower() if match else None


def is_safe_link(uri: str) -> bool:
    scheme = link_scheme(uri)
    return scheme is None or scheme in SAFE_SCHEMES


def is_myst(directive) -> bool:
    from myst_parser.mocking import MockState

    return isinstance(directive.state, MockState)


def render_markdown(directive, text: str, line: int) -> tuple[list[nodes.Node], list[Problem]]:
    """Parse `text` (starting on absolute source line `line`) as MyST Markdown."""
    holder = nodes.container()
    lines = text.splitlines() or [""]
    if is_myst(directive):
        # MockState puts the first nested line at directive line + offset + 1
        offset = line - directive.lineno - 1
        directive.state.nested_parse(StringList(lines, directive.state.document["source"]), offset, holder)
    else:
        _parse_myst_in_rst(directive, text, line, holder)
    problems = sanitize(holder, directive.get_source_info()[0])
    return list(holder.children), problems


def _parse_myst_in_rst(directive, text: str, line: int, holder: nodes.Element) -> None:
    """In a reST page, run MyST's parser on a document that shares the page's ids."""
    from myst_parser.mdit_to_docutils.sphinx_ import SphinxRenderer
    from myst_parser.parsers.mdit import create_md_parser

    page = directive.state.document
    # the file the directive is in (a file the page includes, or the page), as `line` is
    source = str(Path(directive.get_source_info()[0] or page["source"]).resolve())
    sub = new_document(source, page.settings)
    sub.ids, sub.nameids, sub.nametypes = page.ids, page.nameids, page.nametypes
    sub.reporter = page.reporter
    parser = create_md_parser(directive.env.myst_config, SphinxRenderer)
    parser.options["document"] = sub
    parser.render(text)
    for node in sub.findall(nodes.Element):
        if node.line is not None:
            node.line += line - 1
            node.source = source  # roles took the page's reporter, and so the page's name
    holder.extend(sub.children)


def _visible_text(node: nodes.Element) -> str:
    return node.astext()


def sanitize(tree: nodes.Element, source: str | os.PathLike | None = None) -> list[Problem]:
    """Turn raw HTML into text and unsafe links into text; report what was changed.

    `source`: the file the text is in, to report a link at its own line (sourcelines.py).
    """
    problems: list[Problem] = []
    lines: list[list[str]] = []  # read when the first problem needs it

    def at(node: nodes.Node, uri: str) -> int | None:
        if not lines:
            lines.append(file_lines(source))
        return locate(lines[0], _line_of(node), link_pattern(uri))

    for raw in list(tree.findall(nodes.raw)):
        text = raw.astext()
        replacement: nodes.Node
        if isinstance(raw.parent, nodes.TextElement):
            replacement = nodes.Text(text)
        else:
            replacement = nodes.paragraph(text, text)
        raw.replace_self(replacement)
    for ref in list(tree.findall(nodes.reference)):
        uri = ref.get("refuri")
        if uri is None or is_safe_link(uri):
            continue
        problems.append(
            Problem(
                "schema",
                f"the link to {uri!r} is not allowed (only http, https, mailto and links within the site); "
                "it is shown as text",
                at(ref, uri),
            )
        )
        text = ref.astext()
        shown = text if text == uri else f"{text} ({uri})"
        ref.replace_self(nodes.Text(shown) if isinstance(ref.parent, nodes.TextElement) else nodes.paragraph(shown, shown))
    for image in list(tree.findall(nodes.image)):
        uri = image.get("uri", "")
        if link_scheme(uri) is None:
            continue  # an image of the site itself
        alt = image.get("alt", "")
        problems.append(
            Problem(
                "schema",
                f"the image {uri!r} is not from this site and is not loaded; it is shown as a link"
                if is_safe_link(uri) else f"the image {uri!r} is not allowed; it is shown as text",
                at(image, uri),
            )
        )
        shown = alt or uri
        replacement = (
            nodes.reference(shown, shown, refuri=uri) if is_safe_link(uri) else nodes.Text(f"{alt} ({uri})" if alt else uri)
        )
        if not isinstance(image.parent, nodes.TextElement):
            replacement = nodes.paragraph("", "", replacement)
        image.replace_self(replacement)
    return problems


def _line_of(node: nodes.Node) -> int | None:
    while node is not None:
        if getattr(node, "line", None):
            return node.line
        node = node.parent
    return None
