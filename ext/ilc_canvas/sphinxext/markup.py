"""Markdown text from a YAML body -> docutils nodes, in MyST and reST pages alike.

Author text is shown, never executed: raw HTML becomes visible text, and links
and images that core.markup refuses become text (or a link, for an image).
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

from docutils import nodes
from docutils.statemachine import StringList
from docutils.utils import new_document

from ..core.markup import file_lines, image_problem, is_safe_link, link_pattern, link_problem, locate
from ..core.problems import Problem
from ..core.reading import Markdown


def is_myst(directive) -> bool:
    from myst_parser.mocking import MockState

    return isinstance(directive.state, MockState)


def render_markdown(directive, value: Markdown) -> tuple[list[nodes.Node], list[Problem]]:
    """Parse the text (starting on absolute source line `value.line`) as MyST Markdown."""
    holder = nodes.container()
    lines = value.text.splitlines() or [""]
    if is_myst(directive):
        # MockState puts the first nested line at directive line + offset + 1
        offset = value.line - directive.lineno - 1
        directive.state.nested_parse(StringList(lines, directive.state.document["source"]), offset, holder)
    else:
        _parse_myst_in_rst(directive, value.text, value.line, holder)
    problems = value.within(sanitize(holder, directive.get_source_info()[0]))
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


def sanitize(tree: nodes.Element, source: str | os.PathLike | None = None) -> list[Problem]:
    """Turn raw HTML into text and refused links into text; report what was changed.

    `source`: the file the text is in, to report a link at its own line.
    """
    problems: list[Problem] = []
    lines: list[list[str]] = []  # read when the first problem needs it

    def at(node: nodes.Node, uri: str) -> int | None:
        if not lines:
            lines.append(file_lines(source))
        return locate(lines[0], _line_of(node), link_pattern(uri))

    for raw in list(tree.findall(nodes.raw)):
        _replace(raw, nodes.Text(raw.astext()))
    for ref in list(tree.findall(nodes.reference)):
        uri = ref.get("refuri")
        if uri is None or is_safe_link(uri):
            continue
        problems.append(link_problem(uri, at(ref, uri)))
        text = ref.astext()
        _replace(ref, nodes.Text(text if text == uri else f"{text} ({uri})"))
    for image in list(tree.findall(nodes.image)):
        uri = image.get("uri", "")
        problem = image_problem(uri, None)
        if problem is None:
            continue
        problems.append(replace(problem, line=at(image, uri)))
        alt = image.get("alt", "")
        _replace(image, nodes.reference(alt or uri, alt or uri, refuri=uri) if is_safe_link(uri)
                 else nodes.Text(f"{alt} ({uri})" if alt else uri))
    return problems


def _replace(node: nodes.Node, inline: nodes.Node) -> None:
    """Put `inline` where `node` was: in its paragraph, or in a paragraph of its own."""
    node.replace_self(inline if isinstance(node.parent, nodes.TextElement) else nodes.paragraph("", "", inline))


def _line_of(node: nodes.Node) -> int | None:
    while node is not None:
        if getattr(node, "line", None):
            return node.line
        node = node.parent
    return None
