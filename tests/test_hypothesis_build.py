"""Property tests through the real Sphinx pipeline: generated pages, built as HTML.

Each example writes one page (MyST or reST) with generated ILC directives and roles into a
fresh Sphinx project and builds it (about half a second), so these tests run
fewer examples than test_hypothesis_fast.py (half of the profile's
`max_examples`, see tests/conftest.py).

Properties:
- anything (hostile and broken input included): the build finishes without an
  exception; every warning names index.md and a line; every `ilc` warning has
  a documented subtype and a line inside the directive it is about; the HTML
  carries no author markup (no script, no event handler, no unsafe URL);
- plain words: every string the author wrote in a title, an option value or a
  body scalar appears in the text of the built page (see `page_text`).
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from io import StringIO
from pathlib import Path

from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st
from sphinx.testing.util import SphinxTestApp

from ilc_canvas.core.problems import SUBTYPES
from ilc_canvas.core.schema import label, load_phases
from test_hypothesis_strategies import (
    ASPECTS, PHASES, STATUSES, STROMEN, canvas_bodies, canvas_options, canvas_structure, choice_or_text, dump,
    ids, lessons_options, normalise, option_text, plain_text, plain_word, retrospective_bodies,
    retrospective_options, retrospective_structure, usecases_options, valid_id,
)

ANSI = re.compile(r"\x1b\[[0-9;]*m")
WARNING = re.compile(r"^(?P<path>[^:]*?)(?::(?P<line>\d+))?: (?P<level>WARNING|ERROR|CRITICAL|SEVERE): "
                     r"(?P<message>.*?)(?: \[(?P<type>[\w.-]+)\])?$")
BUILD_EXAMPLES = max(3, settings().max_examples // 2)
SAFE_URL = re.compile(r"^(https?:|mailto:|#|[^:/?#]*(?:[/?#]|$)|/[^/])", re.IGNORECASE)
CONF = 'extensions = ["ilc_canvas"]\nlanguage = "nl"\nproject = "Fuzz"\nsuppress_warnings = ["misc.highlighting_failure"]\n'


@dataclass
class Directive:
    """One generated directive: its text, and what the author wrote in it."""

    name: str
    argument: str = ""
    options: dict[str, str] = field(default_factory=dict)
    body: str = ""
    #: (kind, value) pairs the built page must show; kinds: text, choice:<labels>, anchor
    shown: list[tuple[str, str]] = field(default_factory=list)
    #: strings the JSON export must hold (as a key or a value)
    exported: list[str] = field(default_factory=list)

    def text(self) -> str:
        inner = "\n".join(f":{k}: {v}" if v else f":{k}:" for k, v in self.options.items())
        body = self.body if self.body.endswith("\n") or not self.body else self.body + "\n"
        inner = inner + ("\n\n" + body if body else "\n")
        # a backtick fence ends at the first backtick in its info string: use tildes then
        char = "~" if "`" in self.argument else "`"
        runs = [len(m.group()) for m in re.finditer(re.escape(char) + "+", inner)]
        fence = char * max(3, max(runs, default=0) + 1)
        return f"{fence}{{{self.name}}} {self.argument}\n{inner}{fence}\n"

    def rst_text(self) -> str:
        """The directive in reStructuredText (docutils splits lines as str.splitlines does)."""
        lines = [f".. {self.name}:: {self.argument}".rstrip()]
        lines += [f"   :{k}: {v}".rstrip() for k, v in self.options.items()]
        if self.body.strip():
            lines.append("")
            lines += [f"   {line}" if line.strip() else "" for line in self.body.splitlines()]
        return "\n".join(lines) + "\n"


@dataclass
class Built:
    warnings: list[str]
    html: str
    soup: BeautifulSoup
    ranges: list[tuple[int, int]]  # line ranges of the generated directives and of the roles' line
    exported: dict[str, dict]  # _ilc/usecases.json and _ilc/lessons.json


def build_page(directives: list[Directive], roles: list[str] = (), fmt: str = "md") -> Built:
    """Write the page (MyST or reST) into a fresh project, build it as HTML, return what came out."""
    lines = ["# Pagina", ""] if fmt == "md" else ["Pagina", "======", ""]
    ranges = []
    for directive in directives:
        start = len(lines) + 1
        text = directive.text() if fmt == "md" else directive.rst_text()
        text = re.sub(r"\r\n?", "\n", text)  # Sphinx reads files with universal newlines
        lines += text.split("\n") if fmt == "md" else text.splitlines()
        ranges.append((start, len(lines)))
        lines.append("")
    if roles:
        if fmt == "rst":  # {name}`text` in MyST is :name:`text` in reST
            roles = [re.sub(r"^\{([\w:]+)\}", r":\1:", role) for role in roles]
        start = len(lines) + 1
        text = re.sub(r"\r\n?", "\n", "Zie " + " en ".join(roles) + ".")
        lines += text.split("\n") if fmt == "md" else text.splitlines()  # U+0085 ends a reST line
        ranges.append((start, len(lines)))
        lines.append("")
    source = "\n".join(lines)
    tmp = Path(tempfile.mkdtemp(prefix="ilc-fuzz-"))
    try:
        src = tmp / "src"
        src.mkdir()
        (src / "conf.py").write_text(CONF, encoding="utf-8")
        (src / f"index.{fmt}").write_text(source, encoding="utf-8")
        warning = StringIO()
        app = SphinxTestApp("html", srcdir=src, builddir=tmp / "_build", status=StringIO(), warning=warning,
                            freshenv=True)
        try:
            app.build()
        finally:
            app.cleanup()
        html = (app.outdir / "index.html").read_text(encoding="utf-8")
        text = ANSI.sub("", warning.getvalue()).replace(str(src) + "/", "")
        exported = {p.name: json.loads(p.read_text(encoding="utf-8")) for p in (app.outdir / "_ilc").glob("*.json")}
        return Built(text.splitlines(), html, BeautifulSoup(html, "html.parser"), ranges, exported)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


# -- checks -----------------------------------------------------------------------


def check_warnings(built: Built) -> None:
    """Every warning names index.md and a line; ours have a subtype and stay in their directive."""
    lines = iter(built.warnings)
    for line in lines:
        assert "Traceback" not in line and "Exception" not in line, built.warnings
        match = WARNING.match(line)
        if match is None:  # a continuation line of a multi-line message
            assert not line.startswith(("WARNING", "ERROR")), built.warnings
            continue
        assert match["path"] in ("index.md", "index.rst"), line
        assert match["line"] is not None, line
        kind = match["type"] or ""
        if kind.startswith("ilc"):
            assert kind.removeprefix("ilc.") in SUBTYPES, line
            number = int(match["line"])
            assert any(first <= number <= last for first, last in built.ranges), (line, built.ranges)


def check_html_is_safe(built: Built) -> None:
    """No author markup in the page: scripts only from the site, no handlers, no unsafe URLs."""
    for tag in built.soup.find_all(True):
        if tag.name in ("script", "iframe", "object", "embed", "form", "base", "meta", "link", "style"):
            if tag.name == "script":
                assert tag.get("src", "").startswith("_static/") or (tag.string or "").strip().startswith(
                    ("var ", "mermaid", "import", "document", "window", "DOCUMENTATION_OPTIONS")) or not tag.string, tag
            continue
        for attr, value in tag.attrs.items():
            assert not attr.lower().startswith("on"), tag
            if attr.lower() in ("href", "src", "action", "formaction", "xlink:href", "poster", "srcset"):
                assert SAFE_URL.match(value), (attr, value)
        if tag.name == "img":
            assert not re.match(r"^\w+:", tag.get("src", "")), tag


def check_ids(built: Built) -> None:
    """HTML ids are unique and hold no whitespace (else links to them break)."""
    found = [tag["id"] for tag in built.soup.find_all(id=True)]
    assert len(found) == len(set(found)), sorted(i for i in found if found.count(i) > 1)
    for ident in found:
        assert ident and not re.search(r"\s", ident), repr(ident)


def page_text(built: Built) -> str:
    """The page's visible text, whitespace collapsed: what "appears in the output" means.

    Text is compared after HTML parsing (entities decoded, tags removed) and
    whitespace normalisation; generated strings are plain words (letters and
    digits), which Markdown, YAML and smart quotes leave as they are.
    """
    body = built.soup.select_one("div.body") or built.soup.body
    return normalise(body.get_text(" "))


def check_shown(built: Built, directives: list[Directive]) -> None:
    text = page_text(built)
    exported = set(json_strings(built.exported))
    for directive in directives:
        for value in directive.exported:
            assert value in exported, (value, directive.name)
    anchors = {tag["id"] for tag in built.soup.find_all(id=True)}
    for directive in directives:
        for kind, value in directive.shown:
            if kind == "text":
                assert normalise(value) in text, (value, directive.name)
            elif kind.startswith("choice:"):
                labels = kind.removeprefix("choice:").split("|")
                assert normalise(value) in text or any(lbl in text for lbl in labels if lbl), (value, labels)
            elif kind == "anchor":
                assert value in anchors, (value, sorted(anchors)[:20])


# -- generated pages ----------------------------------------------------------------

PHASE_LABELS = {p.key: p.label["nl"] for p in load_phases()}


def choice_labels(key: str, value: str) -> str:
    """The label a valid choice is shown as (the raw value otherwise)."""
    if key == "phase":
        return PHASE_LABELS.get(value.strip(), "")
    try:
        return label(f"{key}_{value.strip()}", "nl")
    except KeyError:
        return ""


def comma_list(words):
    return st.lists(words, min_size=1, max_size=3).map(", ".join)


@st.composite
def plain_canvas(draw) -> Directive:
    title = draw(plain_text)
    ident = draw(valid_id)
    options = {"id": ident, "owner": draw(plain_text)}
    extra = draw(st.fixed_dictionaries({}, optional={
        "partners": comma_list(plain_text), "tags": comma_list(plain_text),
        "phase": st.one_of(st.sampled_from(PHASES), plain_text),
        "status": st.one_of(st.sampled_from(STATUSES), plain_text),
        "start": st.dates().map(str),
    }))
    options.update({k: v for k, v in extra.items() if v.strip() == v})
    data = draw(canvas_structure(plain_text))
    body = dump(data, flow=draw(st.booleans()))
    if draw(st.booleans()):  # a repeated block: both values must be shown
        body += dump({"doel": draw(plain_text)}) + dump({"doel": draw(plain_text)})
    shown = [("text", title), ("anchor", f"usecase-{ident}"), ("text", options["owner"])]
    for key in ("partners", "tags"):
        shown += [("text", part) for part in options.get(key, "").split(", ") if part]
    for key in ("phase", "status"):
        if key in options:
            shown.append((f"choice:{choice_labels(key, options[key])}", options[key]))
    if "start" in options:
        shown.append(("text", options["start"]))
    from ilc_canvas.core.yamlbody import parse_body

    value = parse_body(body, 1).value
    shown += [("text", s) for s in strings_of(value)]
    # the export keeps the first value of a repeated block (the page shows both)
    exported = [title, options["owner"], *[t for kind, t in shown if kind == "text" and t in (
        options.get("partners", "") + ", " + options.get("tags", "")).split(", ")]]
    if isinstance(value, dict):
        exported += [s for k, v in value.items() for s in [k, *json_strings(yamlbody_plain(v))]]
    return Directive("usecase-canvas", title, options, body, shown, exported)


def yamlbody_plain(value):
    from ilc_canvas.core.yamlbody import plain

    return plain(value)


def json_strings(value) -> list[str]:
    """Every string in a JSON document, keys included."""
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in [k, *json_strings(v)]]
    if isinstance(value, list):
        return [s for v in value for s in json_strings(v)]
    return [value] if isinstance(value, str) else []


def strings_of(value) -> list[str]:
    """Every string parse_body read (keys of known blocks excepted: they show as labels)."""
    from ilc_canvas.core.schema import load_canvas_schema

    known = set(load_canvas_schema().keys) | {"bovenstroom", "onderstroom", "acties", "lessen"}
    out = []

    def walk(v, top):
        if isinstance(v, dict):
            items = list(v.items()) + [(k, x) for k, x, _ in getattr(v, "extra", ())]
            for k, x in items:
                if not (top and k in known):
                    out.append(k)
                walk(x, False)
        elif isinstance(v, list):
            for x in v:
                walk(x, False)
        elif isinstance(v, str):
            out.append(v)

    walk(value, True)
    return out


def items(value) -> list[tuple[str, object]]:
    """A parsed mapping's pairs, repeated keys included."""
    return list(value.items()) + [(k, v) for k, v, _ in getattr(value, "extra", ())]


def retrospective_shown(value) -> list[tuple[str, str]]:
    """What a retrospective must show of its parsed body: every string, except the
    known keys (shown as labels); valid lesson ids as anchors; stroom and aspect
    as their label or as written."""
    from ilc_canvas.core.reading import ID_PATTERN, LESSON_KEYS

    shown = []
    if not isinstance(value, dict):
        return [("text", s) for s in strings_of(value)]
    for key, item in items(value):
        if key in ("bovenstroom", "onderstroom", "acties"):
            shown += [("text", s) for s in strings_of(item)]
        elif key == "lessen" and isinstance(item, list):
            for lesson in item:
                if not isinstance(lesson, dict):
                    shown += [("text", s) for s in strings_of(lesson)]
                    continue
                for name, v in items(lesson):
                    if name == "id" and isinstance(v, str):
                        if ID_PATTERN.match(v.strip()):
                            shown.append(("anchor", f"lesson-{v.strip()}"))
                    elif name in ("stroom", "aspect") and isinstance(v, str):
                        shown.append((f"choice:{choice_labels(name, v)}", v))
                    elif name in LESSON_KEYS:
                        shown += [("text", s) for s in strings_of(v)]
                    else:
                        shown += [("text", s) for s in [name, *strings_of(v)]]
        elif key == "lessen":
            shown += [("text", s) for s in strings_of(item)]
        else:
            shown += [("text", s) for s in [key, *strings_of(item)]]
    return shown


@st.composite
def plain_lesson(draw, ident: str):
    """A lesson, or something in its place that is not quite one."""
    good = st.fixed_dictionaries(
        {"id": st.just(ident), "titel": plain_text},
        optional={"tekst": plain_text, "thema": st.one_of(st.lists(plain_word, min_size=1, max_size=3), plain_word),
                  "stroom": st.one_of(st.sampled_from(STROMEN), plain_text),
                  "aspect": st.one_of(st.sampled_from(ASPECTS), plain_text), "bron": plain_text},
    )
    odd_value = st.one_of(st.lists(plain_text, min_size=1, max_size=2), st.dictionaries(plain_word, plain_text,
                                                                                         min_size=1, max_size=2))
    odd = good.flatmap(lambda d: st.sampled_from(["titel", "tekst", "thema", "stroom", "aspect", "id"]).flatmap(
        lambda k: odd_value.map(lambda v: {**d, k: v})))
    return draw(st.one_of(good, good, odd, plain_text, st.lists(plain_text, min_size=1, max_size=2)))


@st.composite
def plain_retrospective(draw, usecase: str | None) -> Directive:
    from ilc_canvas.core.yamlbody import parse_body

    title = draw(plain_text)
    options = {"date": draw(st.dates().map(str))}
    if usecase:
        options["usecase"] = usecase
    if draw(st.booleans()):
        options["participants"] = draw(comma_list(plain_text))
    if draw(st.booleans()):
        options["phase"] = draw(st.sampled_from(PHASES))
    lesson_ids = draw(st.lists(valid_id, max_size=3, unique=True))
    lessons = [draw(plain_lesson(ident)) for ident in lesson_ids]
    data = draw(retrospective_structure(plain_text).filter(lambda d: "lessen" not in d))
    if lessons:
        data["lessen"] = lessons
    elif draw(st.booleans()):
        data["lessen"] = draw(st.one_of(plain_text, st.dictionaries(plain_word, plain_text, min_size=1, max_size=2)))
    body = dump(data, flow=draw(st.sampled_from([False, None])))
    shown = [("text", title), ("text", options["date"])]
    shown += [("text", part) for part in options.get("participants", "").split(", ") if part]
    if "phase" in options:
        shown.append((f"choice:{choice_labels('phase', options['phase'])}", options["phase"]))
    shown += retrospective_shown(parse_body(body, 1).value)
    return Directive("retrospective", title, options, body, shown)


@st.composite
def plain_page(draw):
    canvas = draw(plain_canvas())
    retro = draw(plain_retrospective(draw(st.sampled_from([canvas.options["id"], None]))))
    listing = Directive(draw(st.sampled_from(["lessons", "usecases"])),
                        options={"layout": draw(st.sampled_from(["table", "cards", "list"]))})
    process = Directive("ilc-process", options=draw(st.fixed_dictionaries({}, optional={
        "highlight": st.sampled_from(PHASES), "caption": plain_text})))
    if "caption" in process.options:
        process.shown.append(("text", process.options["caption"]))
    explicit = draw(plain_text)
    roles = [f"{{usecase}}`{canvas.options['id']}`", f"{{lesson}}`{explicit} <{draw(valid_id)}>`"]
    return [canvas, retro, listing, process], roles, explicit


def myst_safe(options: dict[str, str]) -> dict[str, str]:
    """Option values MyST reads as written (it reads options as YAML: a tab or an
    unclosed quote drops the whole options block, ' #' starts a comment)."""
    return {k: re.sub(r"\s#", " ", v.replace("\t", " ")).lstrip("\"'|>#&*!%@` ") for k, v in options.items()}


@st.composite
def any_page(draw):
    """Anything at all: broken and hostile options, bodies, ids, roles."""
    directives = []
    for name in draw(st.lists(st.sampled_from(["usecase-canvas", "retrospective", "lessons", "usecases",
                                               "ilc-process"]), min_size=1, max_size=3)):
        if name == "usecase-canvas":
            d = Directive(name, draw(option_text), draw(canvas_options), draw(canvas_bodies))
        elif name == "retrospective":
            d = Directive(name, draw(option_text), draw(retrospective_options), draw(retrospective_bodies))
        elif name == "lessons":
            d = Directive(name, options=draw(lessons_options))
        elif name == "usecases":
            d = Directive(name, options=draw(usecases_options))
        else:
            d = Directive(name, draw(st.one_of(st.just(""), option_text)), draw(st.fixed_dictionaries(
                {}, optional={"highlight": choice_or_text(PHASES), "caption": option_text})),
                draw(st.one_of(st.just(""), option_text)))
        if draw(st.booleans()):
            d.options = myst_safe(d.options)
        directives.append(d)
    role_target = st.one_of(ids, option_text).filter(lambda t: "`" not in t and "\n" not in t)
    roles = draw(st.lists(st.tuples(st.sampled_from(["usecase", "lesson", "ilc:lesson"]), role_target,
                                    st.one_of(st.none(), option_text.filter(lambda t: "`" not in t and "<" not in t))),
                          max_size=3))
    return directives, [f"{{{r}}}`{t}`" if x is None else f"{{{r}}}`{x} <{t}>`" for r, t, x in roles]


# -- the properties ----------------------------------------------------------------------


@settings(max_examples=BUILD_EXAMPLES)
@given(any_page(), st.sampled_from(["md", "rst"]))
def test_any_page_builds_with_located_ilc_warnings_and_safe_html(page, fmt):
    directives, roles = page
    built = build_page(directives, roles, fmt)
    check_warnings(built)
    check_html_is_safe(built)
    check_ids(built)


@settings(max_examples=BUILD_EXAMPLES)
@given(plain_page(), st.sampled_from(["md", "rst"]))
def test_every_string_the_author_wrote_is_shown(page, fmt):
    directives, roles, explicit = page
    built = build_page(directives, roles, fmt)
    check_warnings(built)
    check_shown(built, directives)
    assert normalise(explicit) in page_text(built)
