"""Property tests on the functions every directive calls (no Sphinx build).

For arbitrary titles, option values, ids and YAML bodies, valid and broken:
- no exception escapes `parse_body` or the readers of the directives
  (`read_canvas`, `read_retrospective`, `read_listing`, `read_process`);
- every problem has one of the documented subtypes and a line inside the
  directive as it would stand in a source file (first line .. closing fence);
- nothing the author wrote is lost: every string of a valid body comes back
  from `parse_body` (repeated keys included), and the records keep the options.

The number of examples comes from the hypothesis profile (tests/conftest.py).
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
import yaml
from hypothesis import example, given
from hypothesis import strategies as st

from ilc_canvas.core import yamlbody
from ilc_canvas.core.listing import matches, read_listing
from ilc_canvas.core.markup import is_safe_link, link_scheme
from ilc_canvas.core.problems import SUBTYPES, Problem
from ilc_canvas.core.schema import load_canvas_schema
from ilc_canvas.core.reading import Context, DirectiveInput, read_canvas, read_process, read_retrospective
from ilc_canvas.core.site import PageRecords, Site
from test_hypothesis_strategies import (
    PHASES, canvas_bodies, canvas_options, canvas_structure, choice_or_text, dump, ids, lessons_options, line_char,
    option_text, plain_text, retrospective_bodies, retrospective_options, scalars, usecases_options, yaml_text,
)

SCHEMA = load_canvas_schema()
CONTEXT = Context(SCHEMA)
FIRST_LINE = 7  # the directive's fence stands on line 7 of the page


@dataclass
class Placed:
    """A directive as it stands in a MyST page, with the range of its lines."""

    inp: DirectiveInput
    first: int
    last: int


def place(name: str, argument: str, options: dict[str, str], body: str) -> Placed:
    """Lay the directive out as in a source file: fence, options, blank line, body, fence."""
    option_lines = {key: FIRST_LINE + 1 + i for i, key in enumerate(options)}
    body_line = FIRST_LINE + len(options) + 2
    last = body_line + body.count("\n") + 1  # the closing fence
    inp = DirectiveInput(
        name=name, argument=argument, options=options, option_lines=option_lines, body=body,
        body_line=body_line, line=FIRST_LINE, docname="index", path="index.md",
    )
    return Placed(inp, FIRST_LINE, last)


def check_problems(problems: list[Problem], placed: Placed) -> None:
    for problem in problems:
        assert problem.subtype in SUBTYPES
        assert problem.message and "\n" not in problem.message, problem
        assert problem.line is not None, problem
        assert placed.first <= problem.line <= placed.last, (problem, placed.first, placed.last)


def parsed_strings(value) -> list[str]:
    """Every string parse_body returned, repeated keys and their values included."""
    if isinstance(value, dict):
        out = [s for k, v in value.items() for s in [k, *parsed_strings(v)]]
        for k, v, _line in getattr(value, "extra", ()):
            out += [k, *parsed_strings(v)]
        return out
    if isinstance(value, list):
        return [s for v in value for s in parsed_strings(v)]
    return [value] if isinstance(value, str) else []


# -- YAML bodies ---------------------------------------------------------------


@given(canvas_bodies)
@example("a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{c}: &{c} [" + ", ".join([f"*{p}"] * 9) + "]\n" for p, c in zip("abcdefgh", "bcdefghi")))
@example("\ufeffvraagstuk: x\n\tdoel: y\n")
@example("a: !!python/object/apply:os.system ['touch /tmp/ilc-pwned']\n")
@example("a: " + "[" * 2000 + "]" * 2000)
@example("? [a, b]\n: c\n")
@example("a: 'x\u2028y'\nb: [\n")
def test_parse_body_never_raises_and_locates_problems(body):
    placed = place("usecase-canvas", "T", {}, body)
    result = yamlbody.parse_body(body, placed.inp.body_line)
    check_problems(result.problems, placed)
    if not result.ok:
        assert result.value is None and result.problems


@given(yaml_text(canvas_structure(plain_text)))
def test_valid_bodies_keep_every_string(body):
    data = yaml.safe_load(body)
    result = yamlbody.parse_body(body, 10)
    assert [p for p in result.problems if p.subtype == "yaml"] == []
    assert sorted(parsed_strings(result.value)) == sorted(scalars(data))


@given(st.lists(st.tuples(st.sampled_from(["vraagstuk", "doel", "x"]), plain_text), min_size=2, max_size=6))
def test_repeated_keys_warn_at_the_second_and_keep_both(pairs):
    body = "".join(dump({key: value}) for key, value in pairs)
    result = yamlbody.parse_body(body, 20)
    seen: dict[str, int] = {}
    expected = []
    for line, (key, _value) in enumerate(pairs, start=20):
        if key in seen:
            expected.append((line, f"the key {key!r} appears twice (first at line {seen[key]}); both values are shown"))
        else:
            seen[key] = line
    assert [(p.line, p.message) for p in result.problems if p.subtype == "yaml"] == expected
    for key in seen:
        assert result.value.values_of(key) == [v for k, v in pairs if k == key]


def test_alias_bomb_is_bounded_and_warned():
    levels = "abcdefghij"
    body = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
        f"{c}: &{c} [" + ", ".join([f"*{p}"] * 10) + "]\n" for p, c in zip(levels, levels[1:]))
    visits = 0
    original = yamlbody._Walker.walk

    def counting(self, *args):
        nonlocal visits
        visits += 1
        return original(self, *args)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(yamlbody._Walker, "walk", counting)
        result = yamlbody.parse_body(body, 1)
    # ten levels of ten would be 10**10 values; the walk stops after the budget
    assert visits <= yamlbody.MAX_VALUES + 200
    assert [p.subtype for p in result.problems] == ["yaml"]
    assert "aliases" in result.problems[0].message


# -- the validators --------------------------------------------------------------


@given(option_text, canvas_options, canvas_bodies)
def test_validate_canvas(title, options, body):
    placed = place("usecase-canvas", title, options, body)
    result = read_canvas(placed.inp, CONTEXT)
    check_problems(result.problems, placed)
    usecase = result.usecase
    assert usecase.title == title.strip()
    if not result.template:
        assert usecase.owner == options.get("owner", "").strip()
        assert not usecase.id or yamlbody_id_ok(usecase.id)


def yamlbody_id_ok(ident: str) -> bool:
    from ilc_canvas.core.reading import ID_PATTERN

    return bool(ID_PATTERN.match(ident))


@given(option_text, retrospective_options, retrospective_bodies, st.one_of(st.none(), st.lists(plain_text, max_size=3)))
def test_validate_retrospective(title, options, body, themes):
    placed = place("retrospective", title, options, body)
    result = read_retrospective(placed.inp, Context(SCHEMA, themes))
    check_problems(result.problems, placed)
    for lesson in (card.lesson for card in result.lessons):
        assert placed.first <= lesson.line <= placed.last
        assert not lesson.id or yamlbody_id_ok(lesson.id)
    for ref in result.references:
        assert yamlbody_id_ok(ref.target)


@given(st.sampled_from(["lessons", "usecases"]), st.data())
def test_validate_listing(kind, data):
    options = data.draw(lessons_options if kind == "lessons" else usecases_options)
    placed = place(kind, "", options, "")
    reading = read_listing(placed.inp, CONTEXT)
    check_problems(reading.problems, placed)
    assert reading.layout in ("table", "cards", "list", "matrix", "timeline")
    for ref in reading.references:
        assert yamlbody_id_ok(ref.target)
        assert ref.line == placed.inp.option_lines["usecase"]
    # the filters apply to the records of their kind without raising
    if kind == "usecases":
        usecase_result = read_canvas(place("usecase-canvas", "T", {"owner": "O"}, "vraagstuk: a\n").inp, CONTEXT)
        matches(usecase_result.usecase, reading.filters)
    else:
        retro = read_retrospective(place("retrospective", "R", {"usecase": "t", "date": "2024-01-01"},
                                         "lessen:\n  - id: l\n    titel: L\n    thema: [a]\n").inp, CONTEXT)
        for card in retro.lessons:
            matches(card.lesson, reading.filters, {"usecase": card.lesson.usecase, "applied": "no"})


@given(st.one_of(st.just(""), option_text), st.fixed_dictionaries(
    {}, optional={"highlight": choice_or_text(PHASES), "caption": option_text, "hoogte": option_text}),
    st.one_of(st.just(""), canvas_bodies))
def test_validate_process(argument, options, body):
    placed = place("ilc-process", argument, options, body)
    reading = read_process(placed.inp, CONTEXT)
    check_problems(reading.problems, placed)
    assert reading.highlight is None or reading.highlight in PHASES
    if reading.caption is not None:
        assert reading.caption == " ".join(options["caption"].split())


@given(st.lists(st.tuples(ids, st.sampled_from(["a.md", "b.md"]), st.integers(1, 50)), max_size=8),
       st.lists(ids, max_size=4))
def test_check_site_names_both_places(definitions, targets):
    from ilc_canvas.core.records import Reference, UseCase

    usecases = [UseCase(docname=p[:-3], path=p, line=line, id=i.strip()) for i, p, line in definitions]
    refs = [Reference("usecase", t, "c", "c.md", 3) for t in targets]
    site = Site({"a": PageRecords(usecases=[u for u in usecases if u.path == "a.md"]),
                 "b": PageRecords(usecases=[u for u in usecases if u.path == "b.md"])})
    for problem in site.duplicates() + site.unknown(refs):
        assert problem.subtype in ("duplicate", "ref")
        assert problem.line is not None
        if problem.subtype == "duplicate":
            assert "already defined at" in problem.message


# -- links ------------------------------------------------------------------------


def browser_scheme(uri: str) -> str | None:
    """The scheme as the WHATWG URL parser finds it: leading and trailing C0 controls
    and spaces removed, tabs and newlines removed anywhere, then `scheme ":"`."""
    stripped = uri.strip("".join(chr(c) for c in range(0x21)))
    cleaned = "".join(ch for ch in stripped if ch not in "\t\n\r")
    head, sep, _ = cleaned.partition(":")
    if sep and head and head[0].isascii() and head[0].isalpha() and all(
            ch.isascii() and (ch.isalnum() or ch in "+-.") for ch in head):
        return head.lower()
    return None


@given(st.one_of(
    st.text(line_char, max_size=30),
    st.tuples(st.sampled_from(["javascript", "JaVaScRiPt", "data", "vbscript", "ftp", "http", "https", "mailto", "file"]),
              st.text(st.sampled_from("\x00\t\n\r \x01\x1f"), max_size=3), st.text(line_char, max_size=10))
    .map(lambda t: t[1] + t[0][:2] + t[1] + t[0][2:] + ":" + t[2]),
))
@example("\x01javascript:alert(1)")
@example(" java\tscript:alert(1)")
def test_a_link_is_safe_only_if_a_browser_sees_a_safe_scheme(uri):
    if is_safe_link(uri):
        assert browser_scheme(uri) in (None, "http", "https", "mailto"), (uri, link_scheme(uri))

