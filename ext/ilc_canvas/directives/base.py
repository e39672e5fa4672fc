"""Shared plumbing of our directives: source lines, rendering body values, reporting."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from .. import nodes as ilc
from ..markup import is_myst, render_markdown
from ..problems import WARNING_TYPE, Problem
from ..schema import label, language_of
from ..validate import DirectiveInput
from ..yamlbody import YList, YMap

logger = logging.getLogger(__name__)

#: Characters str.splitlines breaks at, besides "\n" and "\r" (which MyST has made "\n")
_ODD_BREAKS = re.compile("[\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_CLOSING_FENCE = re.compile(r"^\s*(`{3,}|~{3,}|:{3,})\s*$")


def report(problems: list[Problem], docname: str, source: str | None = None, srcdir=None) -> None:
    """Log problems as Sphinx warnings of type `ilc`, located at file:line.

    The file is the page `docname`, or `source` (an absolute path: a file the
    page includes), or a problem's own `source` (relative to `srcdir`).
    """
    for problem in problems:
        where = str(Path(srcdir) / problem.source) if problem.source and srcdir is not None else source
        if problem.line:
            location = f"{where}:{problem.line}" if where else (docname, problem.line)
        else:
            location = docname
        logger.warning(problem.message, type=WARNING_TYPE, subtype=problem.subtype, location=location)


def any_text(argument: str | None) -> str:
    """Option converter that accepts anything: we validate values ourselves,
    so a bad value gets an `ilc.schema` warning at its line, not a docutils error."""
    return argument or ""


class OpenOptions(dict):
    """An option_spec that accepts unknown options too, so that a mistyped one
    gets an `ilc.schema` warning with a suggestion (and reST does not drop the
    whole directive over it)."""

    def __missing__(self, key: str):
        return any_text


def options_spec(names, flags=()) -> OpenOptions:
    spec = OpenOptions((name, any_text) for name in names)
    spec.update((name, directives.flag) for name in flags)
    return spec


def source_path(env, docname: str) -> str:
    """The page's source file relative to the project root, with forward slashes."""
    return Path(env.doc2path(docname)).relative_to(env.srcdir).as_posix()


def relative_source(env, source: str | None, docname: str) -> str:
    """A source file relative to the project root; the page's when it lies elsewhere."""
    if source and source != str(env.doc2path(docname)):  # the page itself, as a rule
        try:
            return Path(source).resolve().relative_to(Path(env.srcdir).resolve()).as_posix()
        except ValueError:
            pass
    return source_path(env, docname)


class IlcDirective(SphinxDirective):
    optional_arguments = 1
    final_argument_whitespace = True
    has_content = True

    @property
    def lang(self) -> str:
        return language_of(self.config.language)

    def label(self, key: str) -> str:
        return label(key, self.lang)

    def body_first_line(self) -> int:
        """Absolute source line of the first body line (MyST counts from the directive)."""
        if is_myst(self):
            return self.lineno + 1 + self.content_offset
        return self.content_offset + 1

    def option_lines(self) -> dict[str, int]:
        lines: dict[str, int] = {}
        for index, text in enumerate(self.block_text.split("\n")):
            stripped = text.strip()
            for name in self.options:
                if name not in lines and (stripped.startswith(f":{name}:") or stripped.startswith(f"{name}:")):
                    lines[name] = self.lineno + index
        return lines

    def body_text(self) -> str:
        """The body as written. MyST splits it with str.splitlines, which also breaks at
        U+2028, U+0085, form feeds and the like; the source file and our line numbers
        break at "\n" only, so such a body is taken from the block text instead."""
        body = "\n".join(self.content)
        if not is_myst(self) or not _ODD_BREAKS.search(self.block_text):
            return body
        lines = self.block_text.split("\n")[1 + self.content_offset :]
        while lines and not lines[-1].strip():
            lines.pop()
        if lines and _CLOSING_FENCE.match(lines[-1]):
            lines.pop()
        return "\n".join(lines)

    def included_line_offset(self) -> int:
        """What to add to a line number to get the line in the directive's own file.

        docutils numbers the lines of a file pulled in with `.. include::` after
        the page's (MyST's include numbers them within the file already)."""
        if is_myst(self):
            return 0
        srcline = self.get_source_info()[1]
        return srcline - self.lineno if srcline else 0

    def directive_input(self) -> DirectiveInput:
        body = self.body_text()
        offset = self.included_line_offset()
        return DirectiveInput(
            name=self.name,
            argument=self.arguments[0] if self.arguments else "",
            options={k: (v if isinstance(v, str) else "") for k, v in self.options.items()},
            option_lines={name: line + offset for name, line in self.option_lines().items()},
            body=body,
            body_line=self.body_first_line() + offset,
            line=self.lineno + offset,
            docname=self.env.current_document.docname,
            path=relative_source(self.env, self.get_source_info()[0], self.env.current_document.docname),
        )

    def included_from(self) -> str | None:
        """The file this directive is written in when the page includes it, else None."""
        source = self.get_source_info()[0]
        page = Path(self.env.doc2path(self.env.current_document.docname)).resolve()
        # docutils gives an included file's path relative to the working directory
        return str(Path(source).resolve()) if source and Path(source).resolve() != page else None

    def report(self, problems: list[Problem]) -> None:
        if problems:
            report(problems, self.env.current_document.docname, self.included_from())

    # -- building output -------------------------------------------------

    def unique_id(self, base: str, node: nodes.Element) -> str:
        """`base`, or `base-2`, `base-3`, ... when the page already uses it
        (a repeated id is warned about; the page must still be valid HTML)."""
        ids = self.state.document.ids
        ident, n = base, 1
        while ident in ids:
            n += 1
            ident = f"{base}-{n}"
        ids[ident] = node
        node["ids"] = [ident]
        return ident

    def heading(self, text: str, ident: str, level: int) -> ilc.ilc_heading:
        node = ilc.ilc_heading(text, text, ids=[ident], level=level)
        node["classes"].append("ilc-heading")
        return node

    def render_value(self, value: object, line: int) -> list[nodes.Node]:
        """A body value as nodes: Markdown text, a bullet list, or a definition list."""
        if value is None:
            return []
        if isinstance(value, YList):
            bullets = nodes.bullet_list()
            for item, item_line in zip(value, value.item_lines):
                bullets += nodes.list_item("", *self.render_value(item, item_line))
            return [bullets]
        if isinstance(value, YMap):
            dl = nodes.definition_list()
            for key, item in list(value.items()) + [(k, v) for k, v, _ in value.extra]:
                term = nodes.term(key, key)
                definition = nodes.definition("", *self.render_value(item, value.key_lines.get(key, line)))
                dl += nodes.definition_list_item("", term, definition)
            return [dl]
        text = str(value)
        first = getattr(value, "line", line) or line
        children, problems = render_markdown(self, text, first)
        last = getattr(value, "end_line", 0)
        if last >= first:
            # only a literal block (|) keeps its lines; in a quoted or folded value a line of
            # the text is not a line of the file, so keep each problem within the value's lines
            problems = [replace(p, line=min(max(p.line or first, first), last)) for p in problems]
        self.report(problems)
        return children

    def field_list(self, rows: list[tuple[str, list[nodes.Node] | str]]) -> nodes.field_list:
        fields = nodes.field_list(classes=["ilc-meta"])
        for name, body in rows:
            if not body:
                continue
            if isinstance(body, str):
                body = [nodes.Text(body)]
            if all(isinstance(n, (nodes.Text, nodes.Inline)) for n in body):
                body = [nodes.paragraph("", "", *body)]
            fields += nodes.field("", nodes.field_name(name, name), nodes.field_body("", *body))
        return fields

    @staticmethod
    def xref(kind: str, target: str, text: str | None = None):
        """A reference to a use case or lesson, resolved (with its title) by the domain."""
        from sphinx import addnodes

        ref = addnodes.pending_xref(
            "", refdomain="ilc", reftype=kind, reftarget=target, refexplicit=text is not None,
            refwarn=False, ilc_internal=True,
        )
        ref += nodes.inline(text or target, text or target, classes=["xref", "ilc", f"ilc-{kind}"])
        return ref


