"""A directive's input -> a reading: its record, its problems, the values to render.

One reader per directive, for the build and `ilc check` alike. Each parser
hands over what it found (`RawDirective`: name, argument, options, body lines,
line numbers, MyST or reST, path); `directive_input` turns that into absolute
source lines, and the directive's reader (see registry.py) into a reading.
The Sphinx directive turns a reading into nodes; `ilc check` walks the same
reading's Markdown values for roles and links. So both report the same
problems at the same lines by construction.
"""

from __future__ import annotations

import datetime
import difflib
import re
import unicodedata
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Callable, Iterator, Union

from .problems import Note, Problem
from .records import Action, FollowUp, Lesson, Reference, Retrospective, UseCase
from .schema import LANGUAGES, CanvasSchema, label, load_labels, load_option_names, load_phases
from .yamlbody import ParsedBody, YList, YMap, parse_body, plain

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DATE_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}$")
STATUSES = ("actief", "gepauzeerd", "afgerond")
STROMEN = ("boven", "onder")
ASPECTS = ("sociaal", "technologisch")
RETRO_KEYS = ("bovenstroom", "onderstroom", "acties", "opvolging", "lessen")
PANELS = ("bovenstroom", "onderstroom")
LESSON_KEYS = ("id", "titel", "tekst", "thema", "stroom", "aspect", "intern")
ACTION_KEYS = ("id", "actie", "eigenaar", "gereed", "status", "intern")
FOLLOW_UP_KEYS = ("actie", "status", "toelichting")
ACTION_STATUSES = ("open", "bezig", "gedaan", "vervallen")
CANVAS_OPTIONS = ("id", "owner", "partners", "phase", "status", "start", "tags", "builds-on", "template", "process")
RETRO_OPTIONS = ("usecase", "date", "phase", "participants", "internal")
#: a lesson of this site (id) or of another one (site:id), as :builds-on: names it
LESSON_REF = re.compile(r"^(?:[a-z0-9_-]+:)?[a-z0-9]+(?:-[a-z0-9]+)*$")
YES, NO = ("true", "ja", "yes"), ("false", "nee", "no")
PROCESS_OPTIONS = ("highlight", "caption")

#: Characters str.splitlines breaks at, besides "\n" and "\r" (which MyST has made "\n")
_ODD_BREAKS = re.compile("[\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
#: a lesson's id as written, to know the lessons of a body that is not YAML
_LESSON_ID = re.compile(r"^\s*(?:-\s+)?id:\s*['\"]?([a-z0-9]+(?:-[a-z0-9]+)*)['\"]?\s*$", re.MULTILINE)
_CLOSING_FENCE = re.compile(r"^\s*(`{3,}|~{3,}|:{3,})\s*$")


# -- what a parser found, and its source lines ----------------------------------


@dataclass(frozen=True)
class RawDirective:
    """A directive as the MyST or reST parser hands it over."""

    name: str
    arguments: list[str]
    options: dict
    block_text: str
    #: the body's lines as the parser split them, and where they start
    content: list[str]
    content_offset: int
    lineno: int
    myst: bool
    docname: str
    #: the file the directive is written in (a file the page includes, or the page)
    path: str
    #: what to add to the parser's lines to get lines of that file: docutils numbers
    #: the lines of a file pulled in with `.. include::` after the page's
    line_offset: int = 0


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


def directive_input(raw: RawDirective) -> DirectiveInput:
    offset = raw.line_offset
    lines: dict[str, int] = {}
    for index, text in enumerate(raw.block_text.split("\n")):
        stripped = text.strip()
        for name in raw.options:
            if name not in lines and (stripped.startswith(f":{name}:") or stripped.startswith(f"{name}:")):
                lines[name] = raw.lineno + index + offset
    # MyST counts the body's first line from the directive, reST from the file
    body_line = (raw.lineno + 1 + raw.content_offset if raw.myst else raw.content_offset + 1) + offset
    return DirectiveInput(
        name=raw.name,
        argument=raw.arguments[0] if raw.arguments else "",
        options={k: (v if isinstance(v, str) else "") for k, v in raw.options.items()},
        option_lines=lines,
        body=_body_text(raw),
        body_line=body_line,
        line=raw.lineno + offset,
        docname=raw.docname,
        path=raw.path,
    )


def _body_text(raw: RawDirective) -> str:
    """The body as written. MyST splits it with str.splitlines, which also breaks at
    U+2028, U+0085, form feeds and the like; the source file and our line numbers
    break at "\\n" only, so such a body is taken from the block text instead."""
    body = "\n".join(raw.content)
    if not raw.myst or not _ODD_BREAKS.search(raw.block_text):
        return body
    lines = raw.block_text.split("\n")[1 + raw.content_offset:]
    while lines and not lines[-1].strip():
        lines.pop()
    if lines and _CLOSING_FENCE.match(lines[-1]):
        lines.pop()
    return "\n".join(lines)


# -- values to render ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Markdown:
    """A text to render as MyST Markdown, starting on source line `line`; `last` is
    its last line when its lines are the file's (a literal block), else 0."""

    text: str
    line: int
    last: int = 0

    def within(self, problems: list[Problem]) -> list[Problem]:
        """Problems in the text, each kept within the value's lines: only a literal
        block (|) keeps its lines, so in a quoted or folded value a line of the
        text is not a line of the file."""
        if self.last < self.line:
            return problems
        return [replace(p, line=min(max(p.line or self.line, self.line), self.last)) for p in problems]


@dataclass(frozen=True, slots=True)
class Items:
    """A list of values: a bullet list."""

    items: tuple


@dataclass(frozen=True, slots=True)
class Pairs:
    """A mapping of values: a definition list."""

    pairs: tuple  # (key, value)


Value = Union[Markdown, Items, Pairs, None]


def to_value(value: object, line: int) -> Value:
    """A YAML value as something to render; `line` stands in where it has none."""
    if value is None:
        return None
    if isinstance(value, YList):
        return Items(tuple(to_value(item, item_line) for item, item_line in zip(value, value.item_lines)))
    if isinstance(value, YMap):
        pairs = list(value.items()) + [(k, v) for k, v, _ in value.extra]
        return Pairs(tuple((key, to_value(item, value.key_lines.get(key, line))) for key, item in pairs))
    return Markdown(str(value), getattr(value, "line", line) or line, getattr(value, "end_line", 0))


def markdown_in(value: Value) -> Iterator[Markdown]:
    """Every Markdown text of a value, in the order it is rendered."""
    if isinstance(value, Markdown):
        yield value
    elif isinstance(value, Items):
        for item in value.items:
            yield from markdown_in(item)
    elif isinstance(value, Pairs):
        for _key, item in value.pairs:
            yield from markdown_in(item)


#: A part of a reading under a key: a block, a panel, a rubric under "Overig"
Section = tuple[str, tuple[Value, ...]]


@dataclass(frozen=True)
class Context:
    """What a reader needs besides the directive: the site's canvas schema and
    lesson themes, and `claim(base)`, which returns an id not yet used on the page
    (`base`, or `base-2`, ...: a repeated id is warned about, the HTML stays valid)."""

    schema: CanvasSchema
    themes: list[str] | None = None
    claim: Callable[[str], str] = str


# -- checks -------------------------------------------------------------------------


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def suggest(word: str, choices) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


#: the choices whose labels a reader sees (data/labels.yaml: `<group>_<choice>`)
CHOICE_GROUPS = ("status", "stroom", "aspect", "action_status")


def meant_choice(value: str, choices) -> str:
    """`; did you mean 'gedaan'?` when the value is what the site shows for one choice (its
    label in any language, or a word of it: 'done', 'upper'), else a close spelling's hint."""
    word = value.strip().lower()
    meant = {choice for choice in choices for group in CHOICE_GROUPS
             for text in load_labels().get(f"{group}_{choice}", {}).values()
             if word == text.lower() or len(word) > 3 and word in text.lower().split()}
    return f"; did you mean {meant.pop()!r}?" if len(meant) == 1 else suggest(value, choices)


def split_list(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def phase_keys() -> tuple[str, ...]:
    return tuple(p.key for p in load_phases())


def is_iso_date(value: str) -> bool:
    """YYYY-MM-DD and a real calendar date."""
    try:
        return bool(DATE_PATTERN.match(value)) and bool(datetime.date.fromisoformat(value))
    except ValueError:
        return False


class Checks(list):
    """The problems of one directive, in the order found, and the checks that find them."""

    def __init__(self, inp: DirectiveInput) -> None:
        super().__init__()
        self.inp = inp
        self.notes: list[Note] = []

    def found(self) -> tuple[tuple[Problem, ...], tuple[Note, ...]]:
        """The problems and the notes, as a reading holds them."""
        return tuple(self), tuple(self.notes)

    def note(self, message: str, line: int | None = None) -> None:
        self.notes.append(Note(message, self.inp.line if line is None else line))

    def add(self, message: str, line: int | None = None, subtype: str = "schema") -> None:
        """A problem at `line`, by default the directive's first line."""
        self.append(Problem(subtype, message, self.inp.line if line is None else line))

    def choice(self, value: str, choices, what: str, line: int) -> bool:
        if value not in choices:
            self.add(f"invalid {what} {value!r}: use one of {', '.join(choices)}{meant_choice(value, choices)}", line)
        return value in choices

    def date(self, value: str, what: str, line: int) -> None:
        if not is_iso_date(value):
            self.add(f"invalid {what} {value!r}: write an ISO date such as 2024-05-14", line)

    def id(self, value: str, what: str, line: int) -> bool:
        if not ID_PATTERN.match(value):
            hint = slugify(value)
            self.add(f"invalid {what} {value!r}: use lowercase letters, digits and hyphens"
                     + (f", such as {hint!r}" if hint else ""), line)
        return bool(ID_PATTERN.match(value))

    def id_or_slug(self, value: str, what: str, line: int) -> str:
        return value if self.id(value, what, line) else slugify(value)

    def options(self, known) -> None:
        """Unknown options warn with a suggestion instead of vanishing."""
        choices = [f":{k}:" for k in known]
        for name in self.inp.options:
            if name not in known:
                meant = load_option_names().get(name.lower())
                hint = f"; did you mean ':{meant}:'?" if meant in known else suggest(f":{name}:", choices)
                self.add(f"unknown option ':{name}:'{hint}; it is ignored", self.inp.option_line(name))

    def option(self, name: str, choices=None, date: str = "") -> str:
        """An option's value, stripped; checked against `choices`, or as a date named `date`."""
        value = self.inp.options.get(name, "").strip()
        if value and choices is not None:
            self.choice(value, choices, name, self.inp.option_line(name))
        elif value and date:
            self.date(value, date, self.inp.option_line(name))
        return value

    def body(self, message: str) -> tuple[ParsedBody, YMap | None]:
        """The YAML body, and it as a mapping (None when it is none; `message` says so)."""
        parsed = parse_body(self.inp.body, self.inp.body_line)
        self.extend(parsed.problems)
        if parsed.value is not None and not isinstance(parsed.value, YMap):
            self.add(message, self.inp.body_line, "yaml")
        return parsed, parsed.value if isinstance(parsed.value, YMap) else None

    def block_value(self, key: str, value: object, line: int) -> None:
        """Block values are Markdown text or lists of it; nested mappings are shown but flagged."""
        if isinstance(value, YMap):
            self.add(f"the block {key!r} holds a mapping; write text or a list of texts", line)
        elif isinstance(value, YList):
            for item, item_line in zip(value, value.item_lines):
                if isinstance(item, (YMap, YList)):
                    self.add(f"an item of the block {key!r} is not text; quote it or write it as one line", item_line)

    def unknown_keys(self, body: YMap, known, what: str, shown: str = "; it is shown under 'Overig'") -> list[str]:
        unknown = [key for key in body.key_lines if key not in known]
        for key in unknown:
            self.add(f"unknown {what} {key!r}{suggest(key, known)}{shown}", body.key_lines[key])
        return unknown


@lru_cache(maxsize=1)
def _placeholders() -> frozenset[str]:
    return frozenset(label("placeholder", lang).strip().rstrip(".").lower() for lang in LANGUAGES)


def is_placeholder(value: object) -> bool:
    """Whether the value is the reserved text `ilc new` writes ("Nog in te vullen.")."""
    return isinstance(value, str) and value.strip().rstrip(".").lower() in _placeholders()


def _written(value: object) -> object:
    """The value without the placeholder text: None when that is all there is."""
    if is_placeholder(value):
        return None
    if isinstance(value, YList) and any(is_placeholder(item) for item in value):
        kept = [(item, line) for item, line in zip(value, value.item_lines) if not is_placeholder(item)]
        if not kept:
            return None
        out = YList(value.line, [item for item, _ in kept])
        out.item_lines = [line for _, line in kept]
        return out
    return value


def _has_content(value: object) -> bool:
    return bool(value.strip()) if isinstance(value, str) else bool(value)


def _items(body: YMap, key: str) -> Iterator[tuple[object, int]]:
    """(item, line) of every list item written under `key`, repeated keys too; a value
    that is not a list is one item."""
    lines = ([body.key_lines[key]] if key in body else []) + [line for k, _, line in body.extra if k == key]
    for value, line in zip(body.values_of(key), lines):
        if isinstance(value, YList):
            yield from zip(value, value.item_lines)
        elif value is not None:
            yield value, line


def _flag(check: Checks, item: YMap, key: str, rows: list | None = None) -> bool:
    """`intern: true` (or ja/yes; false, nee, no); anything else is a problem, and shown
    as written among `rows`."""
    value = _text(item.get(key)).strip().lower()
    if key in item and value not in YES + NO:
        check.add(f"{key!r} must be true or false", item.key_lines[key])
        if rows is not None:
            rows.append((key, to_value(item[key], item.key_lines[key])))
    return value in YES


def _text(value: object) -> str:
    """A scalar body value as plain text; lists and mappings are not text."""
    return str(value) if isinstance(value, str) else ""


def _repeated(body: YMap) -> list[dict]:
    """The later values of keys written twice, for the record (the export shows them too)."""
    return [{"key": key, "value": plain(value), "line": line} for key, value, line in body.extra]


def _values(body: YMap | None, key: str) -> tuple[Value, ...]:
    """Every value written under `key` (repeated ones too), to render; the placeholder is no value."""
    if body is None or key not in body:
        return ()
    return tuple(to_value(_written(v), body.key_lines[key]) for v in body.values_of(key))


def _still_to_fill(check: Checks, body: YMap | None, keys, what: str) -> None:
    """A note for each key that holds the placeholder text."""
    for key in keys:
        if body is not None and key in body and _written(body[key]) is not body[key]:
            check.note(f"{what} {key!r} is still to be filled in", body.key_lines[key])


# -- the readings ------------------------------------------------------------------------


@dataclass(frozen=True)
class Reading:
    problems: tuple[Problem, ...]
    #: what is still to be filled in (`ilc check` says it; it is not a problem)
    notes: tuple[Note, ...]

    def values(self) -> Iterator[Value]:
        """Every value the directive renders, in order."""
        return iter(())

    def markdown(self) -> Iterator[Markdown]:
        for value in self.values():
            yield from markdown_in(value)


@dataclass(frozen=True)
class CanvasReading(Reading):
    usecase: UseCase
    template: bool
    #: the canvas element's id: the use case's anchor, or "template"
    ident: str
    #: each schema block's key and the values written for it
    blocks: tuple[Section, ...]
    #: unknown blocks, shown under "Overig"
    other: tuple[Section, ...]
    #: the body as written when it could not be read as YAML
    unparsed: str | None
    process: bool
    #: the lessons of :builds-on:, checked site-wide
    references: tuple[Reference, ...] = ()
    #: the terms of :builds-on: that are no lesson id, shown as written
    not_lessons: tuple[str, ...] = ()

    def values(self) -> Iterator[Value]:
        for _key, values in self.blocks + self.other:
            yield from values


def read_canvas(inp: DirectiveInput, context: Context) -> CanvasReading:
    check, schema = Checks(inp), context.schema
    title = inp.argument.strip()
    check.options(CANVAS_OPTIONS)
    if not title:
        check.add("the canvas needs a title: write it after the directive name")
    common = dict(docname=inp.docname, path=inp.path, line=inp.line, title=title)
    if "template" in inp.options:
        if inp.body.strip():
            check.add("a template canvas takes no body; remove the text or the :template: flag", inp.body_line)
        return CanvasReading(*check.found(), UseCase(**common), True, context.claim("template"),
                             tuple((b.key, ()) for b in schema.blocks), (), None, False)

    raw_id = inp.options.get("id", "").strip()
    ident = check.id_or_slug(raw_id, "use case id", inp.option_line("id")) if raw_id else slugify(title)
    if not raw_id and title and not ident:
        check.add("cannot make an id from the title; give the canvas an :id: option")
    owner = check.option("owner")
    if not owner:
        check.add("the canvas needs an :owner: (the organisation that owns the societal issue)")
    phase = check.option("phase", phase_keys())
    status = check.option("status", STATUSES)
    start = check.option("start", date="start date")
    builds_on, references, not_lessons = [], [], []
    for term in split_list(inp.options.get("builds-on", "")):
        if not LESSON_REF.match(term):
            check.add(f"invalid lesson {term!r} in :builds-on:: write lesson ids (lowercase letters, digits and "
                      "hyphens), separated by commas", inp.option_line("builds-on"))
            not_lessons.append(term)
            continue
        builds_on.append(term)
        references.append(Reference("lesson", term, inp.docname, inp.path, inp.option_line("builds-on")))
    process = inp.options.get("process", "on").strip()
    if "process" in inp.options:
        check.choice(process, ("on", "off"), "process", inp.option_line("process"))

    parsed, body = check.body("the body must be a mapping of block keys to text (key: value)")
    blocks, repeated, other = {}, [], ()
    if body is not None:
        unknown = check.unknown_keys(body, schema.keys, "block")
        repeated = _repeated(body)
        for key, item in body.items():
            blocks[key] = plain(_written(item))
            check.block_value(key, item, body.key_lines[key])
        other = tuple((key, _values(body, key)) for key in unknown)
        _still_to_fill(check, body, body, "the block")
    if parsed.ok:
        for block in schema.blocks:
            value = body.get(block.key) if body is not None else None
            if block.required and not (value.strip() if isinstance(value, str) else value):
                check.add(f"the required block {block.key!r} is missing or empty")

    anchor = context.claim(f"usecase-{ident}" if ident else "usecase")
    usecase = UseCase(**common, anchor=anchor, id=ident, owner=owner, partners=split_list(inp.options.get("partners", "")),
                      phase=phase or "voorbereiding", status=status or "actief", start=start,
                      tags=split_list(inp.options.get("tags", "")), blocks=blocks, repeated=repeated,
                      filled=sum(1 for b in schema.blocks if _has_content(blocks.get(b.key))), builds_on=builds_on)
    return CanvasReading(*check.found(), usecase, False, anchor, tuple((b.key, _values(body, b.key)) for b in schema.blocks),
                         other, None if parsed.ok else inp.body, process != "off" and bool(ident), tuple(references),
                         tuple(not_lessons))


@dataclass(frozen=True)
class LessonCard:
    lesson: Lesson
    #: the lesson's text (every `tekst` written, the repeated one again after)
    texts: tuple[Value, ...]
    #: (key, value) shown as written under the card: values of the wrong type,
    #: unknown keys, the later values of repeated keys
    rows: tuple[tuple[str, Value], ...]


@dataclass(frozen=True)
class ActionCard:
    action: Action
    #: what is to be done (Markdown)
    text: Value
    #: (key, value) shown as written: values of the wrong type, unknown and repeated keys
    rows: tuple[tuple[str, Value], ...]


@dataclass(frozen=True)
class FollowUpCard:
    follow_up: FollowUp
    #: the toelichting (Markdown)
    text: Value
    rows: tuple[tuple[str, Value], ...]


@dataclass(frozen=True)
class RetrospectiveReading(Reading):
    retrospective: Retrospective
    #: bovenstroom, onderstroom and acties, each with its values
    panels: tuple[Section, ...]
    lessons: tuple[LessonCard, ...]
    #: shown under "Overig": what stands under `lessen` but is not a lesson,
    #: unknown keys, the later values of repeated keys; None: no such block
    other: tuple[Section, ...] | None
    unparsed: str | None
    #: the :usecase: option, checked site-wide
    references: tuple[Reference, ...]
    #: the ids of the lessons in a body that is not YAML: not defined, but not unknown either
    unread_lessons: tuple[str, ...] = ()
    actions: tuple[ActionCard, ...] = ()
    #: the reports on earlier actions (`opvolging`)
    follow_ups: tuple[FollowUpCard, ...] = ()

    def values(self) -> Iterator[Value]:
        for _key, values in self.panels:
            yield from values
        for card in self.actions + self.follow_ups:
            yield card.text
            yield from (value for _key, value in card.rows)
        for card in self.lessons:
            yield from card.texts
            yield from (value for _key, value in card.rows)
        for _key, values in self.other or ():
            yield from values


def read_retrospective(inp: DirectiveInput, context: Context) -> RetrospectiveReading:
    check = Checks(inp)
    title = inp.argument.strip()
    check.options(RETRO_OPTIONS)
    if not title:
        check.add("the retrospective needs a title: write it after the directive name")
    usecase = check.option("usecase")
    references = []
    if usecase and check.id(usecase, "use case id", inp.option_line("usecase")):
        references.append(Reference("usecase", usecase, inp.docname, inp.path, inp.option_line("usecase")))
    date = check.option("date", date="date")
    if not date:
        check.add("the retrospective needs a :date: (an ISO date such as 2024-05-14)")
    phase = check.option("phase", phase_keys())
    anchor = "retrospective-" + "-".join(p for p in (slugify(date), slugify(title)) if p)
    anchor = context.claim(f"retrospective-line-{inp.line}" if anchor == "retrospective-" else anchor)
    retro = Retrospective(docname=inp.docname, path=inp.path, line=inp.line, anchor=anchor, title=title,
                          usecase=usecase, date=date, phase=phase,
                          participants=split_list(inp.options.get("participants", "")),
                          internal="internal" in inp.options)

    parsed, body = check.body("the body must be a mapping with bovenstroom, onderstroom, acties and lessen")
    cards: list[LessonCard] = []
    actions: list[ActionCard] = []
    follow_ups: list[FollowUpCard] = []
    other: list[Section] = []
    if body is not None:
        unknown = check.unknown_keys(body, RETRO_KEYS, "key")
        _still_to_fill(check, body, ("acties",), "the part")
        for item, item_line in _items(body, "acties"):
            if isinstance(item, YMap):
                actions.append(_action(item, item_line, retro, context, check))
            elif isinstance(item, str) and not is_placeholder(item):
                actions.append(ActionCard(_record(Action, retro, item_line, context.claim(f"action-line-{item_line}"),
                                                  text=str(item)), to_value(item, item_line), ()))
            elif not isinstance(item, str):
                check.add("an action must be a text, or a mapping with at least 'actie'", item_line)
                other.append(("acties", (to_value(item, item_line),)))
        for item, item_line in _items(body, "opvolging"):
            if isinstance(item, YMap):
                follow_up = _follow_up(item, item_line, retro, context, check)
                follow_ups.append(follow_up)
                if follow_up.follow_up.action:
                    references.append(Reference("action", follow_up.follow_up.action, inp.docname, inp.path,
                                                item.key_lines["actie"]))
            else:
                check.add("a report in 'opvolging' must be a mapping with actie, status and toelichting", item_line)
                other.append(("opvolging", (to_value(item, item_line),)))
        for key in PANELS:
            if key in body:
                check.block_value(key, body[key], body.key_lines[key])
        _still_to_fill(check, body, PANELS, "the part")
        lines = ([body.key_lines["lessen"]] if "lessen" in body else []) + [
            line for key, _, line in body.extra if key == "lessen"]
        for lessen, line in zip(body.values_of("lessen"), lines):
            if lessen is not None and not isinstance(lessen, YList):
                check.add("'lessen' must be a list of lessons (each starting with '- id: ...')", body.key_lines["lessen"])
                other.append(("lessen", (to_value(lessen, line),)))
            for item, item_line in zip(lessen, lessen.item_lines) if isinstance(lessen, YList) else ():
                if isinstance(item, YMap) and is_placeholder(item.get("titel")):
                    check.note(f"the lesson {_text(item.get('id')) or item_line!r} is still to be filled in", item_line)
                    continue
                if isinstance(item, YMap):
                    cards.append(_lesson(item, item_line, retro, context, check))
                    continue
                check.add("a lesson must be a mapping with at least id and titel", item_line)
                if item is not None:
                    other.append(("lessen", (to_value(item, item_line),)))
        other += [(key, (to_value(body[key], body.key_lines[key]),)) for key in unknown]
        other += [(key, (to_value(value, line),)) for key, value, line in body.extra
                  if key not in ("lessen", "acties", "opvolging")]
    unread = () if parsed.ok else tuple(dict.fromkeys(_LESSON_ID.findall(inp.body)))
    if unread:
        check.add(f"the lessons {', '.join(unread)} in the rest of the body are not read until it is valid YAML; "
                  "references to them are not checked", parsed.problems[0].line, "yaml")
    show_other = bool(other) or not parsed.ok or bool(body is not None and body.extra)
    return RetrospectiveReading(*check.found(), retro, tuple((key, _values(body, key)) for key in PANELS), tuple(cards),
                                tuple(other) if show_other else None, None if parsed.ok else inp.body,
                                tuple(references), unread, tuple(actions), tuple(follow_ups))


def _record(kind, retro: Retrospective, line: int, anchor: str, **fields):
    """An action or follow-up of the retrospective: where it stands, and of which retrospective."""
    return kind(docname=retro.docname, path=retro.path, line=line, anchor=anchor, retrospective=retro.anchor,
                retrospective_title=retro.title, date=retro.date, **fields)


def _wrong_types(check: Checks, item: YMap, keys, what: str) -> list[tuple[str, Value]]:
    """Values that must be text and are not: a problem each, and shown as written."""
    rows = []
    for key in keys:
        if key in item and item[key] is not None and not isinstance(item[key], str):
            check.add(f"the {what}'s {key!r} must be text", item.key_lines[key])
            rows.append((key, to_value(item[key], item.key_lines[key])))
    return rows


def _action(item: YMap, line: int, retro: Retrospective, context: Context, check: Checks) -> ActionCard:
    unknown = check.unknown_keys(item, ACTION_KEYS, "action key", shown="")
    rows = _wrong_types(check, item, ("id", "actie", "eigenaar", "gereed", "status"), "action")
    ident = _text(item.get("id")).strip()
    if ident:
        ident = check.id_or_slug(ident, "action id", item.key_lines["id"])
    text = _text(item.get("actie"))
    if not text.strip():
        check.add("the action needs an 'actie': what is to be done", line)
    due = _text(item.get("gereed")).strip()
    if due:
        check.date(due, "due date", item.key_lines["gereed"])
    status = _text(item.get("status")).strip() or "open"
    if "status" in item and not check.choice(status, ACTION_STATUSES, "status", item.key_lines["status"]):
        rows.append(("status", to_value(item["status"], item.key_lines["status"])))  # shown, but it sets none
        status = "open"
    action = _record(Action, retro, line, context.claim(f"action-{ident}" if ident else f"action-line-{line}"),
                     id=ident, text=text, owner=_text(item.get("eigenaar")).strip(), due=due, status=status,
                     usecase=retro.usecase, internal=_flag(check, item, "intern", rows) or retro.internal)
    rows += [(key, to_value(item[key], item.key_lines[key])) for key in unknown]
    rows += [(key, to_value(value, value_line)) for key, value, value_line in item.extra]
    return ActionCard(action, to_value(_written(item.get("actie")), item.key_lines.get("actie", line)), tuple(rows))


def _follow_up(item: YMap, line: int, retro: Retrospective, context: Context, check: Checks) -> FollowUpCard:
    unknown = check.unknown_keys(item, FOLLOW_UP_KEYS, "key of a report", shown="")
    rows = _wrong_types(check, item, FOLLOW_UP_KEYS[:2], "report")
    action = _text(item.get("actie")).strip()
    if not action:
        check.add("a report in 'opvolging' needs the 'actie' it is about (that action's id)", line)
    elif not check.id(action, "action id", item.key_lines["actie"]):
        action = ""
    status = _text(item.get("status")).strip()
    if not status:
        check.add("a report in 'opvolging' needs a 'status': open, bezig, gedaan or vervallen", line)
    elif not check.choice(status, ACTION_STATUSES, "status", item.key_lines["status"]):
        rows.append(("status", to_value(item["status"], item.key_lines["status"])))  # shown, but it sets none
        status = ""
    note = item.get("toelichting")
    if is_placeholder(note):  # as `ilc new retrospective` writes it: still to be filled in
        check.note(f"the report on {action or 'an action'!r} is still to be filled in", item.key_lines["toelichting"])
        note = None
    follow_up = _record(FollowUp, retro, line, context.claim(
        "-".join(p for p in ("followup", action, slugify(retro.date)) if p) if action else f"followup-line-{line}"), action=action,
                        status=status, note=_text(note), internal=retro.internal)
    rows += [(key, to_value(item[key], item.key_lines[key])) for key in unknown]
    rows += [(key, to_value(value, value_line)) for key, value, value_line in item.extra]
    return FollowUpCard(follow_up, to_value(note, item.key_lines.get("toelichting", line)),
                        tuple(rows))


def _lesson(item: YMap, line: int, retro: Retrospective, context: Context, check: Checks) -> LessonCard:
    extra = {key: item[key] for key in check.unknown_keys(item, LESSON_KEYS, "lesson key", shown="")}
    for key in ("id", "titel", "tekst", "stroom", "aspect"):
        if key in item and item[key] is not None and not isinstance(item[key], str):
            check.add(f"the lesson's {key!r} must be text", item.key_lines[key])
    raw_id = _text(item.get("id")).strip()
    if not raw_id:
        check.add("the lesson needs an id (lowercase letters, digits and hyphens)", line)
    ident = check.id_or_slug(raw_id, "lesson id", item.key_lines["id"]) if raw_id else ""
    title = _text(item.get("titel")).strip()
    if not title:
        check.add("the lesson needs a titel", line)
    themes: list[str] = []
    raw_themes = item.get("thema")
    if isinstance(raw_themes, str):
        themes = split_list(raw_themes)
    elif isinstance(raw_themes, YList):
        for theme, theme_line in zip(raw_themes, raw_themes.item_lines):
            if isinstance(theme, str) and theme.strip():
                themes.append(theme.strip())
            else:
                check.add("a theme must be a word", theme_line)
    elif raw_themes is not None:
        check.add("'thema' must be a list of themes", item.key_lines["thema"])
    known = context.themes
    for theme in themes if known is not None else ():
        if theme not in known:
            check.add(f"unknown theme {theme!r}{suggest(theme, known)}; known themes: {', '.join(known)}",
                      item.key_lines.get("thema", line))
    choices = {}
    for key, allowed in (("stroom", STROMEN), ("aspect", ASPECTS)):
        choices[key] = _text(item.get(key)).strip()
        if choices[key]:
            check.choice(choices[key], allowed, key, item.key_lines[key])

    anchor = context.claim(f"lesson-{ident}" if ident else f"lesson-line-{line}")
    flag_rows: list[tuple[str, Value]] = []
    lesson = Lesson(
        docname=retro.docname, path=retro.path, line=line, anchor=anchor, id=ident, title=title,
        text=_text(item.get("tekst")), themes=themes, stroom=choices["stroom"], aspect=choices["aspect"],
        usecase=retro.usecase, retrospective=retro.anchor, retrospective_title=retro.title, date=retro.date,
        phase=retro.phase, extra={key: plain(value) for key, value in extra.items()}, repeated=_repeated(item),
        internal=_flag(check, item, "intern", flag_rows) or retro.internal)
    # values of the wrong type are shown as written, and so is what the record cannot hold
    rows = [(key, to_value(item[key], item.key_lines[key])) for key in ("id", "titel", "thema", "stroom", "aspect")
            if item.get(key) is not None and not isinstance(item[key], str)
            and not (key == "thema" and isinstance(item[key], YList) and all(isinstance(t, str) for t in item[key]))]
    rows += [(key, to_value(item[key], item.key_lines[key])) for key in extra] + flag_rows
    texts = list(_values(item, "tekst"))
    for key, value, value_line in item.extra:
        (texts.append(to_value(value, value_line)) if key == "tekst" else rows.append((key, to_value(value, value_line))))
    return LessonCard(lesson, tuple(texts), tuple(rows))


@dataclass(frozen=True)
class ProcessReading(Reading):
    highlight: str | None
    caption: str | None


def read_process(inp: DirectiveInput, context: Context) -> ProcessReading:
    """`ilc-process`: the phase to mark and the caption."""
    check = Checks(inp)
    check.options(PROCESS_OPTIONS)
    if inp.argument.strip():
        check.add("ilc-process takes no argument; give a caption with :caption:")
    if inp.body.strip():
        check.add("ilc-process takes no body; the phases come from the extension's data", inp.body_line)
    highlight = inp.options.get("highlight", "").strip() if "highlight" in inp.options else None
    if highlight is not None and highlight not in phase_keys():
        shown, choices = repr(highlight) if highlight else "(empty)", phase_keys()
        check.add(f"invalid highlight {shown}: use one of {', '.join(choices)}{suggest(highlight, choices)}",
                  inp.option_line("highlight"))
        highlight = None
    return ProcessReading(*check.found(), highlight, " ".join(inp.options.get("caption", "").split()) or None)
