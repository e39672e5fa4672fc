"""Find ILC directives and roles in Markdown and reST sources, without a Sphinx build.

`ilc check` and `ilc new` read a project with this module. It finds what the
build would find, the way the build finds it:

- MyST pages are parsed with MyST's own markdown-it set-up (`create_md_parser`,
  with the project's `myst_*` settings); directive fences come from tokens with
  line maps, and their options and body from MyST's `parse_directive_text`
  with the registry's option specs, so options are read exactly as in the build.
- reST pages are parsed by docutils with stand-in directives and roles that
  capture their input instead of rendering it.

The result is a `DirectiveInput` per directive (made by `core.reading`, as in
the build) and a `Reference` per `{lesson}` or `{usecase}` role. Nothing here
validates: the directives' readers do, for the build and the command line alike.
"""

from __future__ import annotations

import io
import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import Directive, directives, roles

from ..core.markup import file_lines, image_problem, link_pattern, link_problem, locate, role_pattern, split_lines
from ..core.problems import Problem
from ..core.reading import DirectiveInput, Markdown, RawDirective, directive_input
from ..core.records import Reference
from ..core.registry import DIRECTIVES, ROLES as ROLE_KINDS, DirectiveSpec, option_spec
from .project import Project

#: role names (lower case, as docutils and MyST look them up) -> object kind
ROLES = {**ROLE_KINDS, **{f"ilc:{name}": kind for name, kind in ROLE_KINDS.items()}}

#: MyST directives whose content is not Markdown: never searched for roles
LITERAL_DIRECTIVES = frozenset({
    "code", "code-block", "sourcecode", "code-cell", "literalinclude", "include", "raw", "math",
    "mermaid", "graphviz", "graph", "digraph", "csv-table", "toctree", "highlight",
    "autosummary", "automodule", "autoclass", "autofunction", "productionlist", "jupyter-execute",
})
#: Sphinx (and sphinx-design) directives that docutils does not know but whose
#: content the build parses as reST; the reST scan parses it too
RST_CONTAINERS = (
    "only", "versionadded", "versionchanged", "versionremoved", "deprecated", "seealso", "hlist",
    "centered", "tab-set", "tab-item", "grid", "grid-item", "grid-item-card", "card", "dropdown",
    "tab-set-code", "div",
)

#: a text in a YAML value can hold a role or a link only if it has one of these
_MAYBE_MARKUP = re.compile(r"[{<]|\]\(|\]\[|\]:|://|www\.", re.IGNORECASE)
_WS = re.compile(r"\s+")


# -- what a page holds -----------------------------------------------------


@dataclass
class Notice:
    """A warning the build gives about one of our directives that is not an `ilc`
    warning (a MyST or docutils parse error), shown by `ilc check` too."""

    line: int | None
    message: str
    subtype: str


@dataclass
class Toctree:
    """A toctree on a page, and where a new entry goes (for `ilc new`)."""

    entries: list[str]
    #: 0-based index in the file's lines before which a new entry is inserted
    insert_at: int
    indent: str
    #: the new entry needs a blank line before it (the toctree holds only options)
    needs_blank: bool


@dataclass
class Page:
    path: str
    docname: str
    directives: list[DirectiveInput] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    toctrees: list[Toctree] = field(default_factory=list)
    #: the file's lines (to place toctree entries)
    lines: list[str] = field(default_factory=list, repr=False)
    #: the file's lines as Sphinx numbers them (to place roles at their line)
    source_lines: list[str] = field(default_factory=list, repr=False)

    def add(self, raw: RawDirective) -> None:
        self.directives.append(directive_input(raw))


def role_target(text: str) -> str | None:
    """The target of an `ilc` role as Sphinx's XRefRole reads it; None when `!` disables the link."""
    from docutils.utils import unescape
    from sphinx.util.nodes import explicit_title_re

    if text.startswith("!"):
        return None
    matched = explicit_title_re.match(text)
    target = unescape(matched.group(2) if matched else text)
    return _WS.sub(" ", target)


class _AnyOptions(dict):
    """An option_spec that accepts every option (for directives we only look into)."""

    def __missing__(self, key):
        return directives.unchanged


class _AnyDirective(Directive):
    optional_arguments = 1
    final_argument_whitespace = True
    has_content = True
    option_spec = _AnyOptions(class_=directives.unchanged)


# -- the scanner -----------------------------------------------------------


class Scanner:
    """Reads the source files of one project."""

    def __init__(self, project: Project) -> None:
        from myst_parser.mdit_to_docutils.base import DocutilsRenderer
        from myst_parser.parsers.mdit import create_md_parser

        self.project = project
        self.myst = project.myst_config()
        self.md = create_md_parser(self.myst, DocutilsRenderer)
        self.md.disable("wordcount", ignoreInvalid=True)  # reading time: not needed here
        #: the included file being read (roles in it are reported there), and the include chain
        self.role_path: str | None = None
        self._including: list[Path] = []
        self._sources: set[str] | None = None

    def scan(self, path: Path) -> Page:
        page = Page(self.project.relative(path), self.project.docname(path))
        text = path.read_text(encoding="utf-8-sig", errors="replace")
        page.lines = text.splitlines()
        page.source_lines = split_lines(text)
        try:
            if self.project.is_markdown(path):
                self.scan_markdown(text, 1, page)
            else:
                with rst_stand_ins():
                    self.scan_rst(text, page)
        except Exception as exc:  # noqa: BLE001 - a parser failing on odd input must not stop the check
            page.notices.append(Notice(None, f"ilc check could not read this page ({type(exc).__name__}: {exc}); "
                                             "the Sphinx build probably fails on it too", "error"))
        return page

    # -- MyST ---------------------------------------------------------------

    def scan_markdown(self, text: str, first_line: int, page: Page, links: list[Problem] | None = None) -> None:
        """Walk the Markdown `text`, whose first line is line `first_line` of the file.

        With `links`, also note the links the build's sanitizer refuses
        (for text from a YAML value, which the build renders that way).
        """
        for token in self.md.parse(text):
            if token.type in ("fence", "colon_fence") and token.map:
                self._fence(token, first_line + token.map[0], page, links)
            elif token.type == "inline" and token.map:
                self._inline(token, first_line + token.map[0], page, links)

    def _inline(self, token, line: int, page: Page, links: list[Problem] | None) -> None:
        path = self.role_path or page.path
        found = []  # the links and images the build sanitizes: (check, uri, line)
        for child in token.children or ():
            if child.type == "myst_role":
                name = str(child.meta.get("name", ""))
                kind = ROLES.get(name.lower())
                target = role_target(child.content) if kind else None
                if target is not None:
                    lines = file_lines(self.project.root / path) if self.role_path else page.source_lines
                    page.references.append(Reference(kind, target, page.docname, path,
                                                     locate(lines, line, role_pattern(name, child.content))))
            elif links is not None and child.type == "link_open":
                uri = self._link_refuri(child)
                if uri is not None:
                    found.append((link_problem, uri, line))
            elif links is not None and child.type == "image":
                found.append((image_problem, str(child.attrGet("src") or ""), line))
        if found:  # links first, then images, as the build's sanitizer goes
            links.extend(refused(sorted(found, key=lambda f: f[0] is image_problem), self.project.root / path))

    def _link_refuri(self, token) -> str | None:
        """The external URI MyST's Sphinx renderer makes of a link, or None (see `render_link`)."""
        from myst_parser.mdit_to_docutils.base import REGEX_SCHEME, REGEX_URI_TEMPLATE

        config = self.myst
        href = str(token.attrGet("href") or "")
        if config.commonmark_only or config.gfm_only or config.all_links_external:
            return href
        if "external" in str(token.attrs.get("class", "")).split():
            return href
        if href.startswith("#"):
            return None
        match = REGEX_SCHEME.match(href)
        scheme = match.group(1) if match else None
        if scheme in config.url_schemes:
            conversion = config.url_schemes[scheme]
            if conversion is None:
                return href
            from urllib.parse import urlparse

            uri = self.md.normalizeLinkText(href)
            parsed = urlparse(uri)
            parts = {"uri": uri, "scheme": parsed.scheme, "netloc": parsed.netloc, "path": parsed.path,
                     "params": parsed.params, "query": parsed.query, "fragment": parsed.fragment}
            if "url" in conversion:
                uri = REGEX_URI_TEMPLATE.sub(lambda m: parts.get(m.group(1), ""), conversion["url"])
            return uri
        if scheme in ("inv", "path", "project"):
            return None
        return href if token.info == "auto" else None

    def _fence(self, token, position: int, page: Page, links) -> None:
        from docutils.parsers.rst.states import MarkupError
        from myst_parser.parsers.directives import parse_directive_text

        parts = (token.info.strip() if token.info else "").split(maxsplit=1)
        name = parts[0] if parts else ""
        arguments = parts[1] if len(parts) > 1 else ""
        if self.myst.commonmark_only or self.myst.gfm_only:
            return
        if not (name.startswith("{") and name.endswith("}")):
            if token.type == "colon_fence":  # a plain div: MyST renders its content as Markdown
                self.scan_markdown(token.content, position + 1, page, links)
            return
        name = name[1:-1]
        content = token.content
        if token.type == "colon_fence" and content.startswith(":::"):
            content = "\n" + content  # as MyST's render_colon_fence does
        lname = name.lower()
        if lname == "eval-rst":
            with rst_stand_ins():
                self.scan_rst("\n" * position + token.content, page, links)
            return
        if lname in DIRECTIVES:
            content_text = content if not content or content.endswith("\n") else content + "\n"
            block_text = f"{token.markup}{token.info}\n{content_text}{token.markup}\n"
            try:
                parsed = parse_directive_text(_capture(DIRECTIVES[lname]), arguments, content, line=position)
            except MarkupError as error:
                page.notices.append(Notice(position, f"Directive '{name}': {error}", "myst.directive_parse"))
                return
            for warning in parsed.warnings:
                page.notices.append(Notice(
                    warning.lineno if warning.lineno is not None else position,
                    f"{name!r}: {warning.msg}", f"myst.{warning.type.value}"))
            page.add(RawDirective(lname, parsed.arguments, parsed.options, block_text, parsed.body, parsed.body_offset,
                                  position, True, page.docname, self.role_path or page.path))
            return
        if lname == "include" or self._includes_a_snippet(lname, arguments, page):
            self._include(arguments, content, position, page)
            return
        if lname == "toctree":
            self._myst_toctree(token, content, position, page)
            return
        if lname in LITERAL_DIRECTIVES:
            return
        try:
            parsed = parse_directive_text(_AnyDirective, arguments, content, line=position, validate_options=False)
        except MarkupError:
            return
        self.scan_markdown("\n".join(parsed.body), position + 1 + parsed.body_offset, page, links)

    # -- included files ----------------------------------------------------

    def _include_path(self, arguments: str, page: Page) -> Path | None:
        arg = "".join(part.strip() for part in arguments.splitlines())
        if not arg or (arg.startswith("<") and arg.endswith(">")):
            return None
        base = self._including[-1].parent if self._including else (self.project.root / page.path).parent
        path = self.project.root / arg.lstrip("/") if arg.startswith("/") else base / arg
        return path if path.is_file() else None

    def _includes_a_snippet(self, lname: str, arguments: str, page: Page) -> bool:
        """A site directive (unknown here) whose argument is a Markdown or reST file
        that Sphinx does not read as a page of its own: a snippet it pulls into the
        page (as the handbook's `naslag-voorbeeld` does with `{include}`)."""
        if lname in LITERAL_DIRECTIVES or not arguments.strip() or "\n" in arguments.strip():
            return False
        path = self._include_path(arguments, page)
        if path is None or not path.name.endswith(self.project.suffixes()):
            return False
        if self._sources is None:
            self._sources = {self.project.relative(p) for p in self.project.sources()}
        try:
            return self.project.relative(path) not in self._sources
        except ValueError:
            return True

    def _include(self, arguments: str, content: str, position: int, page: Page) -> None:
        """MyST's `{include}`: the file is read as part of the page (`MockIncludeDirective`)."""
        from docutils.parsers.rst.states import MarkupError
        from myst_parser.parsers.directives import parse_directive_text

        path = self._include_path(arguments, page)
        if path is None or path in self._including or len(self._including) > 8:
            return
        try:
            options = parse_directive_text(_AnyDirective, arguments, content, line=position,
                                           validate_options=False).options
        except MarkupError:
            return
        if "literal" in options or "code" in options:
            return
        text = path.read_text(encoding="utf-8", errors="replace")
        lines = text.splitlines()
        start, end = options.get("start-line"), options.get("end-line")
        start = start if isinstance(start, int) else None
        end = end if isinstance(end, int) else None
        if start is not None and start < 0:
            start = max(0, len(lines) + start)
        text = "\n".join(lines[start:end])
        start = start or 0
        for key in ("start-after", "end-before"):
            split_on = options.get(key)
            if not split_on:
                continue
            index = text.find(str(split_on))
            if index < 0:
                return  # the build stops with an error here
            if key == "start-after":
                start += text.count("\n", 0, index + len(str(split_on)))
                text = text[index + len(str(split_on)):]
            else:
                text = text[:index]
        saved = self.role_path
        try:
            self.role_path = self.project.relative(path)
        except ValueError:
            self.role_path = path.as_posix()
        self._including.append(path)
        try:
            self.scan_markdown(text, start + 1, page)
        finally:
            self._including.pop()
            self.role_path = saved

    def _myst_toctree(self, token, content: str, position: int, page: Page) -> None:
        lines = content.splitlines()
        body = lines
        if lines and lines[0].startswith("---"):  # options as a YAML block
            closing = next((i for i, ln in enumerate(lines[1:], 1) if ln.startswith("---")), len(lines) - 1)
            body = lines[closing + 1:]
        entries = [ln.strip() for ln in body if ln.strip() and not ln.strip().startswith(":")]
        only_options = bool(lines) and not entries
        start = position - 1  # 0-based index of the opening fence in the file
        end = start + token.map[1] - token.map[0]  # one past the last line of the token
        closed = end - 1 > start and end - 1 < len(page.lines) and \
            page.lines[end - 1].strip().startswith(token.markup)
        fence_line = page.lines[start] if start < len(page.lines) else ""
        indent = fence_line[: len(fence_line) - len(fence_line.lstrip())]
        last_nonblank = bool(lines) and lines[-1].strip() != ""
        page.toctrees.append(Toctree(entries, end - 1 if closed else end, indent, only_options and last_nonblank))

    # -- reST ---------------------------------------------------------------

    def scan_rst(self, text: str, page: Page, links: list[Problem] | None = None) -> None:
        from docutils.frontend import get_default_settings
        from docutils.parsers.rst import Parser
        from docutils.utils import new_document

        settings = _rst_settings(get_default_settings, Parser)
        document = new_document(str(self.project.root / page.path), settings)
        document.ilc_page = page
        document.ilc_scanner = self
        document.reporter.attach_observer(lambda message: _note_directive_error(message, page))
        Parser().parse(text, document)
        if links is not None:  # reST inside a YAML value: the build sanitizes it too
            found = [(link_problem, ref["refuri"], _line_of(ref)) for ref in document.findall(nodes.reference)
                     if ref.get("refuri") is not None]
            found += [(image_problem, image.get("uri", ""), _line_of(image)) for image in document.findall(nodes.image)]
            links.extend(refused(found, self.project.root / page.path))


_SETTINGS = None


def _rst_settings(get_default_settings, parser_class):
    global _SETTINGS
    if _SETTINGS is None:
        settings = get_default_settings(parser_class)
        settings.report_level = 5
        settings.halt_level = 5
        settings.warning_stream = io.StringIO()
        settings.file_insertion_enabled = True  # `.. include::` as in the build
        settings.raw_enabled = False
        settings.syntax_highlight = "none"
        _SETTINGS = settings
    return _SETTINGS


_DIRECTIVE_ERROR = re.compile(r'^Error in "([^"]+)" directive:\s*(.*)$', re.DOTALL)


def _note_directive_error(message: nodes.system_message, page: Page) -> None:
    """docutils refuses one of our directives (an unknown option, say): the build shows that error too."""
    if message["level"] < 3 or not message.children:
        return
    match = _DIRECTIVE_ERROR.match(message.children[0].astext())
    if match and match.group(1).lower() in DIRECTIVES:
        detail = " ".join(match.group(2).split())
        page.notices.append(Notice(message.get("line"), f'Error in "{match.group(1)}" directive: {detail}',
                                   "docutils"))


def _capture(spec: DirectiveSpec) -> type[Directive]:
    """A docutils directive with the spec's arguments and options that notes its input."""
    if spec.name in _CAPTURES:
        return _CAPTURES[spec.name]

    def run(self):
        page: Page = self.state.document.ilc_page
        source, srcline = self.state_machine.get_source_and_line(self.lineno)
        included = _included_path(self.state.document.ilc_scanner.project, page, source)
        page.add(RawDirective(
            self.name.lower(), self.arguments, self.options, self.block_text, list(self.content), self.content_offset,
            self.lineno, False, page.docname, included or page.path,
            # lines of a file pulled in with `.. include::` are numbered after the page's
            srcline - self.lineno if included and srcline else 0))
        return []

    _CAPTURES[spec.name] = type(f"Capture_{spec.name}", (Directive,), {
        "optional_arguments": spec.optional_arguments, "final_argument_whitespace": True,
        "has_content": spec.has_content, "option_spec": option_spec(spec), "run": run})
    return _CAPTURES[spec.name]


_CAPTURES: dict[str, type[Directive]] = {}


class _RstContainer(_AnyDirective):
    """A Sphinx directive that docutils lacks, whose content is reST: parse it."""

    def run(self):
        holder = nodes.container()
        self.state.nested_parse(self.content, self.content_offset, holder)
        return [holder]


class _RstToctree(_AnyDirective):
    """Notes where a toctree's entries are, for `ilc new` to add one."""

    def run(self):
        page: Page = self.state.document.ilc_page
        src = page.lines

        def indent_of(index: int) -> str:
            line = src[index] if 0 <= index < len(src) else ""
            return line[: len(line) - len(line.lstrip())]

        entries = [ln.strip() for ln in self.content if ln.strip()]
        if entries:
            first = next(i for i, ln in enumerate(self.content) if ln.strip())
            page.toctrees.append(Toctree(entries, self.content_offset + len(self.content),
                                         indent_of(self.content_offset + first), False))
        else:
            block = self.block_text.rstrip().splitlines()
            start = self.lineno - 1
            indent = indent_of(start + 1) if len(block) > 1 else indent_of(start) + "   "
            page.toctrees.append(Toctree([], start + len(block), indent, True))
        return []


def _included_path(project: Project, page: Page, source: str | None) -> str | None:
    """The path of `source` when `.. include::` pulled it into the page (None: the page itself)."""
    if not source or Path(source).resolve() == (project.root / page.path).resolve():
        return None
    try:
        return project.relative(Path(source).resolve())
    except ValueError:
        return source


def _eval_rst_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    page: Page = inliner.document.ilc_page
    kind = ROLES[name.lower()]
    target = role_target(text)
    if target is not None:
        source, line = inliner.reporter.get_source_and_line(lineno)
        # a file pulled in with `.. include::`: the build reports the role there
        path = _included_path(inliner.document.ilc_scanner.project, page, source) or page.path
        lines = page.source_lines if path == page.path else file_lines(source)
        line = locate(lines, line, role_pattern(name, text))
        page.references.append(Reference(kind, target, page.docname, path, line or 0))
    return [nodes.inline(rawtext, text)], []


@contextmanager
def rst_stand_ins():
    """Register our stand-ins in docutils for the time of a scan (and restore after).

    Only docutils' own directives and roles stay (a Sphinx app in the same
    process may have left its own registered, which need a build environment).
    """
    saved_directives, saved_roles = dict(directives._directives), dict(roles._roles)
    directives._directives.clear()
    roles._roles.clear()
    try:
        for name, spec in DIRECTIVES.items():
            directives._directives[name] = _capture(spec)
        for name in RST_CONTAINERS:
            directives._directives[name] = _RstContainer
        directives._directives["toctree"] = _RstToctree
        for name in ROLES:
            roles._roles[name] = _eval_rst_role
        yield
    finally:
        directives._directives.clear()
        directives._directives.update(saved_directives)
        roles._roles.clear()
        roles._roles.update(saved_roles)


def refused(found, source) -> list[Problem]:
    """The problems of the links and images the build refuses, each at the line its
    URI is written on; `found` holds (check, uri, line), `check` from core.markup."""
    problems: list[Problem] = []
    lines = None  # the file is read when the first problem needs it
    for check, uri, line in found:
        if check(uri, line) is not None:
            lines = file_lines(source) if lines is None else lines
            problems.append(check(uri, locate(lines, line, link_pattern(uri))))
    return problems


def _line_of(node: nodes.Node) -> int | None:
    while node is not None and not getattr(node, "line", None):
        node = node.parent
    return None if node is None else node.line


def value_markup(scanner: Scanner, value: Markdown, page: Page, inp: DirectiveInput) -> list[Problem]:
    """Roles (into `page.references`) and refused links in one Markdown value of `inp`,
    which the build renders starting at source line `value.line`."""
    problems: list[Problem] = []
    if _MAYBE_MARKUP.search(value.text):
        saved, scanner.role_path = scanner.role_path, (inp.path if inp.path != page.path else None)
        try:
            scanner.scan_markdown(value.text, value.line, page, problems)
        finally:
            scanner.role_path = saved
    return value.within(problems)
