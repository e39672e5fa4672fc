"""Directive input -> records and problems. One validator for the build and `ilc check`.

Nothing here imports Sphinx: the directives and the command line both build a
`DirectiveInput` and call these functions, so they report the same problems
with the same messages and lines.
"""

from __future__ import annotations

import datetime
import difflib
import re
import unicodedata
from dataclasses import dataclass, field

from .model import Lesson, Reference, Retrospective, UseCase
from .problems import Problem
from .schema import CanvasSchema, load_phases
from .yamlbody import ParsedBody, YList, YMap, parse_body

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DATE_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}$")
STATUSES = ("actief", "gepauzeerd", "afgerond")
STROMEN = ("boven", "onder")
ASPECTS = ("sociaal", "technologisch")
RETRO_KEYS = ("bovenstroom", "onderstroom", "acties", "lessen")
LESSON_KEYS = ("id", "titel", "tekst", "thema", "stroom", "aspect")
CANVAS_OPTIONS = ("id", "owner", "partners", "phase", "status", "start", "tags", "template", "process")
RETRO_OPTIONS = ("usecase", "date", "phase", "participants")
PROCESS_OPTIONS = ("highlight", "caption")


@dataclass
class DirectiveInput:
    """What an author wrote in one directive, with absolute source lines."""

    name: str
    argument: str
    options: dict[str, str]
    option_lines: dict[str, int]
    body: str
    body_line: int
    line: int
    docname: str = ""
    path: str = ""

    def option_line(self, key: str) -> int:
        return self.option_lines.get(key, self.line)


@dataclass
class CanvasResult:
    usecase: UseCase
    body: ParsedBody
    template: bool
    problems: list[Problem] = field(default_factory=list)


@dataclass
class RetrospectiveResult:
    retrospective: Retrospective
    lessons: list[Lesson]
    body: ParsedBody
    problems: list[Problem] = field(default_factory=list)
    #: each lesson's mapping in the body (for rendering)
    lesson_bodies: list[YMap] = field(default_factory=list)
    #: the :usecase: option as a reference to check site-wide
    references: list[Reference] = field(default_factory=list)


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def suggest(word: str, choices) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


def split_list(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def phase_keys() -> tuple[str, ...]:
    return tuple(p.key for p in load_phases())


def _check_choice(value: str, choices, what: str, line: int, problems: list[Problem]) -> bool:
    if value in choices:
        return True
    problems.append(
        Problem("schema", f"invalid {what} {value!r}: use one of {', '.join(choices)}{suggest(value, choices)}", line)
    )
    return False


def is_iso_date(value: str) -> bool:
    """YYYY-MM-DD and a real calendar date."""
    try:
        return bool(DATE_PATTERN.match(value)) and bool(datetime.date.fromisoformat(value))
    except ValueError:
        return False


def _check_date(value: str, what: str, line: int, problems: list[Problem]) -> bool:
    if is_iso_date(value):
        return True
    problems.append(Problem("schema", f"invalid {what} {value!r}: write an ISO date such as 2024-05-14", line))
    return False


def _check_id(value: str, what: str, line: int, problems: list[Problem]) -> bool:
    if ID_PATTERN.match(value):
        return True
    hint = slugify(value)
    problems.append(
        Problem(
            "schema",
            f"invalid {what} {value!r}: use lowercase letters, digits and hyphens"
            + (f", such as {hint!r}" if hint else ""),
            line,
        )
    )
    return False


def check_options(inp: DirectiveInput, known, problems: list[Problem]) -> None:
    """Unknown options warn with a suggestion instead of vanishing."""
    for name in inp.options:
        if name not in known:
            choices = [f":{k}:" for k in known]
            problems.append(Problem(
                "schema", f"unknown option ':{name}:'{suggest(f':{name}:', choices)}; it is ignored",
                inp.option_line(name)))


def as_text(value: object) -> str:
    """A scalar body value as text; lists and mappings are not text."""
    return value if isinstance(value, str) else ""


def validate_canvas(inp: DirectiveInput, schema: CanvasSchema) -> CanvasResult:
    problems: list[Problem] = []
    template = "template" in inp.options
    title = inp.argument.strip()
    check_options(inp, CANVAS_OPTIONS, problems)
    usecase = UseCase(docname=inp.docname, path=inp.path, line=inp.line, title=title)
    if not title:
        problems.append(Problem("schema", "the canvas needs a title: write it after the directive name", inp.line))

    if template:
        if inp.body.strip():
            problems.append(
                Problem("schema", "a template canvas takes no body; remove the text or the :template: flag", inp.body_line)
            )
        body = ParsedBody()
        return CanvasResult(usecase, body, True, problems)

    opts = inp.options
    raw_id = opts.get("id", "").strip()
    if raw_id:
        if _check_id(raw_id, "use case id", inp.option_line("id"), problems):
            usecase.id = raw_id
        else:
            usecase.id = slugify(raw_id)
    else:
        usecase.id = slugify(title)
        if title and not usecase.id:
            problems.append(
                Problem("schema", "cannot make an id from the title; give the canvas an :id: option", inp.line)
            )
    usecase.anchor = f"usecase-{usecase.id}" if usecase.id else ""

    usecase.owner = opts.get("owner", "").strip()
    if not usecase.owner:
        problems.append(
            Problem("schema", "the canvas needs an :owner: (the organisation that owns the societal issue)", inp.line)
        )
    usecase.partners = split_list(opts.get("partners", ""))
    usecase.tags = split_list(opts.get("tags", ""))
    phase = opts.get("phase", "").strip()
    if phase:
        usecase.phase = phase
        _check_choice(phase, phase_keys(), "phase", inp.option_line("phase"), problems)
    status = opts.get("status", "").strip()
    if status:
        usecase.status = status
        _check_choice(status, STATUSES, "status", inp.option_line("status"), problems)
    start = opts.get("start", "").strip()
    if start:
        usecase.start = start
        _check_date(start, "start date", inp.option_line("start"), problems)
    if "process" in opts:
        _check_choice(opts["process"].strip(), ("on", "off"), "process", inp.option_line("process"), problems)

    body = parse_body(inp.body, inp.body_line)
    problems.extend(body.problems)
    value = body.value
    if value is not None and not isinstance(value, YMap):
        problems.append(
            Problem("yaml", "the body must be a mapping of block keys to text (key: value)", inp.body_line)
        )
    if isinstance(value, YMap):
        for key, key_line in value.key_lines.items():
            if schema.block(key) is None:
                problems.append(
                    Problem(
                        "schema",
                        f"unknown block {key!r}{suggest(key, schema.keys)}; it is shown under 'Overig'",
                        key_line,
                    )
                )
        usecase.repeated = repeated_values(value)
        for key, item in value.items():
            usecase.blocks[key] = item
            _check_block_value(key, item, value.key_lines[key], problems)
    if body.ok:
        for block in schema.blocks:
            if block.required and not _filled(value.get(block.key) if isinstance(value, YMap) else None):
                problems.append(Problem("schema", f"the required block {block.key!r} is missing or empty", inp.line))
    return CanvasResult(usecase, body, False, problems)


def repeated_values(body: YMap) -> list[dict]:
    """The later values of keys written twice, for the record (the export shows them too)."""
    return [{"key": key, "value": value, "line": line} for key, value, line in body.extra]


def _filled(value: object) -> bool:
    if isinstance(value, str):
        return bool(value.strip())
    return bool(value)


def _check_block_value(key: str, value: object, line: int, problems: list[Problem]) -> None:
    """Block values are Markdown text or lists of it; nested mappings are shown but flagged."""
    if isinstance(value, YMap):
        problems.append(
            Problem("schema", f"the block {key!r} holds a mapping; write text or a list of texts", line)
        )
    elif isinstance(value, YList):
        for item, item_line in zip(value, value.item_lines):
            if isinstance(item, (YMap, YList)):
                problems.append(
                    Problem("schema", f"an item of the block {key!r} is not text; quote it or write it as one line", item_line)
                )


def validate_retrospective(inp: DirectiveInput, themes: list[str] | None = None) -> RetrospectiveResult:
    problems: list[Problem] = []
    title = inp.argument.strip()
    retro = Retrospective(docname=inp.docname, path=inp.path, line=inp.line, title=title)
    check_options(inp, RETRO_OPTIONS, problems)
    if not title:
        problems.append(Problem("schema", "the retrospective needs a title: write it after the directive name", inp.line))
    opts = inp.options
    retro.usecase = opts.get("usecase", "").strip()
    references = []
    if retro.usecase and _check_id(retro.usecase, "use case id", inp.option_line("usecase"), problems):
        references.append(Reference("usecase", retro.usecase, inp.docname, inp.path, inp.option_line("usecase")))
    date = opts.get("date", "").strip()
    if not date:
        problems.append(Problem("schema", "the retrospective needs a :date: (an ISO date such as 2024-05-14)", inp.line))
    else:
        retro.date = date
        _check_date(date, "date", inp.option_line("date"), problems)
    phase = opts.get("phase", "").strip()
    if phase:
        retro.phase = phase
        _check_choice(phase, phase_keys(), "phase", inp.option_line("phase"), problems)
    retro.participants = split_list(opts.get("participants", ""))
    retro.anchor = "retrospective-" + "-".join(p for p in (slugify(retro.date), slugify(title)) if p)
    if retro.anchor == "retrospective-":
        retro.anchor = f"retrospective-line-{inp.line}"

    body = parse_body(inp.body, inp.body_line)
    problems.extend(body.problems)
    value = body.value
    lessons: list[Lesson] = []
    lesson_bodies: list[YMap] = []
    if value is not None and not isinstance(value, YMap):
        problems.append(
            Problem("yaml", "the body must be a mapping with bovenstroom, onderstroom, acties and lessen", inp.body_line)
        )
    if isinstance(value, YMap):
        for key, key_line in value.key_lines.items():
            if key not in RETRO_KEYS:
                problems.append(
                    Problem("schema", f"unknown key {key!r}{suggest(key, RETRO_KEYS)}; it is shown under 'Overig'", key_line)
                )
                retro.extra[key] = value[key]
        retro.bovenstroom = value.get("bovenstroom")
        retro.onderstroom = value.get("onderstroom")
        retro.acties = value.get("acties")
        for key in ("bovenstroom", "onderstroom", "acties"):
            if key in value:
                _check_block_value(key, value[key], value.key_lines[key], problems)
        for lessen in value.values_of("lessen"):
            if lessen is None:
                continue
            if not isinstance(lessen, YList):
                problems.append(
                    Problem("schema", "'lessen' must be a list of lessons (each starting with '- id: ...')", value.key_lines["lessen"])
                )
                continue
            for item, item_line in zip(lessen, lessen.item_lines):
                lesson = _lesson(item, item_line, retro, themes, problems)
                if lesson is not None:
                    lessons.append(lesson)
                    lesson_bodies.append(item)
    retro.lessons = [lesson.id for lesson in lessons if lesson.id]
    return RetrospectiveResult(retro, lessons, body, problems, lesson_bodies, references)


def _lesson(item: object, line: int, retro: Retrospective, themes, problems: list[Problem]) -> Lesson | None:
    if not isinstance(item, YMap):
        problems.append(
            Problem("schema", "a lesson must be a mapping with at least id and titel", line)
        )
        return None
    lesson = Lesson(
        docname=retro.docname, path=retro.path, line=line, usecase=retro.usecase,
        retrospective=retro.anchor, retrospective_title=retro.title, date=retro.date, phase=retro.phase,
    )
    lesson.repeated = repeated_values(item)
    for key, key_line in item.key_lines.items():
        if key not in LESSON_KEYS:
            problems.append(Problem("schema", f"unknown lesson key {key!r}{suggest(key, LESSON_KEYS)}", key_line))
            lesson.extra[key] = item[key]
    for key in ("id", "titel", "tekst", "stroom", "aspect"):
        if key in item and item[key] is not None and not isinstance(item[key], str):
            problems.append(Problem("schema", f"the lesson's {key!r} must be text", item.key_lines[key]))
    raw_id = as_text(item.get("id")).strip()
    if not raw_id:
        problems.append(Problem("schema", "the lesson needs an id (lowercase letters, digits and hyphens)", line))
    elif _check_id(raw_id, "lesson id", item.key_lines["id"], problems):
        lesson.id = raw_id
    else:
        lesson.id = slugify(raw_id)
    lesson.anchor = f"lesson-{lesson.id}" if lesson.id else f"lesson-line-{line}"
    lesson.title = as_text(item.get("titel")).strip()
    if not lesson.title:
        problems.append(Problem("schema", "the lesson needs a titel", line))
    lesson.text = as_text(item.get("tekst"))
    raw_themes = item.get("thema")
    if isinstance(raw_themes, str):
        lesson.themes = split_list(raw_themes)
    elif isinstance(raw_themes, YList):
        for theme, theme_line in zip(raw_themes, raw_themes.item_lines):
            if isinstance(theme, str) and theme.strip():
                lesson.themes.append(theme.strip())
            else:
                problems.append(Problem("schema", "a theme must be a word", theme_line))
    elif raw_themes is not None:
        problems.append(Problem("schema", "'thema' must be a list of themes", item.key_lines["thema"]))
    if themes is not None:
        theme_line = item.key_lines.get("thema", line)
        for theme in lesson.themes:
            if theme not in themes:
                problems.append(
                    Problem("schema", f"unknown theme {theme!r}{suggest(theme, themes)}; known themes: {', '.join(themes)}", theme_line)
                )
    for key, choices, attr in (("stroom", STROMEN, "stroom"), ("aspect", ASPECTS, "aspect")):
        text = as_text(item.get(key)).strip()
        if text:
            setattr(lesson, attr, text)
            _check_choice(text, choices, key, item.key_lines[key], problems)
    return lesson


def validate_process(inp: DirectiveInput) -> tuple[str | None, str | None, list[Problem]]:
    """`ilc-process` -> (phase to mark, caption, problems)."""
    problems: list[Problem] = []
    check_options(inp, PROCESS_OPTIONS, problems)
    if inp.argument.strip():
        problems.append(Problem("schema", "ilc-process takes no argument; give a caption with :caption:", inp.line))
    if inp.body.strip():
        problems.append(Problem("schema", "ilc-process takes no body; the phases come from the extension's data",
                                inp.body_line))
    highlight = None
    if "highlight" in inp.options:
        value = inp.options["highlight"].strip()
        choices = phase_keys()
        if value in choices:
            highlight = value
        else:
            shown = repr(value) if value else "(empty)"
            problems.append(Problem(
                "schema", f"invalid highlight {shown}: use one of {', '.join(choices)}{suggest(value, choices)}",
                inp.option_line("highlight"),
            ))
    caption = " ".join(inp.options.get("caption", "").split()) or None
    return highlight, caption, problems


def resolve_page_usecase(retrospectives: list[Retrospective], lessons: list[Lesson],
                         usecases: list[UseCase]) -> list[Problem]:
    """Fill in the use case of a page's retrospectives that leave out :usecase:.

    Allowed only when the page holds exactly one canvas.
    """
    problems = []
    canvases = [u for u in usecases if u.id]
    for retro in retrospectives:
        if retro.usecase:
            continue
        if len(canvases) == 1:
            retro.usecase = canvases[0].id
            for lesson in lessons:
                if lesson.retrospective == retro.anchor:
                    lesson.usecase = retro.usecase
        else:
            problems.append(
                Problem(
                    "schema",
                    "the retrospective needs a :usecase: option (the id of its use case)"
                    + (" because this page holds more than one canvas" if canvases else ""),
                    retro.line,
                    source=retro.path,
                )
            )
    return problems


@dataclass
class SiteProblem:
    """A problem found by looking at the whole site, with its own place."""

    docname: str
    path: str
    problem: Problem


def unknown_reference(kind: str, target: str, known) -> str:
    what = "use case" if kind == "usecase" else "lesson"
    return f"unknown {what} {target!r}{suggest(target, known)}"


def check_site(usecases: list[UseCase], lessons: list[Lesson], references: list[Reference]) -> list[SiteProblem]:
    """Duplicate ids and references to ids that do not exist, over the whole site.

    The first definition in (path, line) order wins; later ones are duplicates.
    """
    found: list[SiteProblem] = []
    known: dict[str, dict[str, UseCase | Lesson]] = {"usecase": {}, "lesson": {}}
    for kind, records in (("usecase", usecases), ("lesson", lessons)):
        for record in sorted(records, key=lambda r: (r.path, r.line)):
            if not record.id:
                continue
            earlier = known[kind].setdefault(record.id, record)
            if earlier is not record:
                what = "use case" if kind == "usecase" else "lesson"
                found.append(SiteProblem(record.docname, record.path, Problem(
                    "duplicate",
                    f"the {what} id {record.id!r} is already defined at {earlier.path}:{earlier.line}",
                    record.line,
                )))
    for ref in sorted(references, key=lambda r: (r.path, r.line)):
        if ref.target not in known[ref.kind]:
            found.append(SiteProblem(ref.docname, ref.path, Problem(
                "ref", unknown_reference(ref.kind, ref.target, known[ref.kind]), ref.line)))
    return found
