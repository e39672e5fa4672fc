"""Hypothesis strategies for author input, shared by the property tests.

What an author can write in one ILC directive: a title, option values, ids, and
a YAML body, valid or broken. The tests at the bottom check the strategies
themselves (that "valid" bodies are valid YAML, that "plain" words survive as
they are), so that the properties built on them mean what they say.

Used by test_hypothesis_fast.py (the parsing and validation functions the
directives call) and test_hypothesis_build.py (whole Sphinx builds).
"""

from __future__ import annotations

import json
import re

import yaml
from hypothesis import given
from hypothesis import strategies as st

from ilc_canvas.core.schema import load_canvas_schema, load_phases
from ilc_canvas.core.reading import ASPECTS, RETRO_KEYS, STATUSES, STROMEN

BLOCK_KEYS = load_canvas_schema().keys
PHASES = tuple(p.key for p in load_phases())

# -- text ----------------------------------------------------------------

#: Characters that end a line somewhere: in Python's splitlines, markdown-it or YAML.
LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"

#: Any text without surrogates (which no UTF-8 source file can hold).
any_char = st.characters(exclude_categories=("Cs",))
#: Any character an option line can hold (everything but line breaks).
line_char = st.characters(exclude_categories=("Cs",), exclude_characters=LINE_BREAKS)
control_char = st.sampled_from(["\x00", "\x01", "\x07", "\x08", "\t", "\x1b", "\x7f", "\x85", "\ufeff", "\ufffe", "\u200b"])

#: Words that Markdown, MyST, YAML and docutils' smart quotes leave as they are:
#: letters (any script) and digits only. Used for "what the author wrote is shown".
_word_alphabet = st.characters(categories=("Lu", "Ll", "Lo", "Nd"), exclude_characters="ǅǈǋǲ")
plain_word = st.text(_word_alphabet, min_size=1, max_size=12)
plain_text = st.lists(plain_word, min_size=1, max_size=6).map(" ".join)

#: Markup and hostile fragments: each must be shown as text or as a safe link.
hostile_fragment = st.sampled_from([
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">a</a>',
    '<div onclick="alert(1)">d</div>',
    "[klik](javascript:alert(1))",
    "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[vb](vbscript:msgbox(1))",
    "[ftp](ftp://example.org/x)",
    "<javascript:alert(1)>",
    "<ftp://example.org/y>",
    "![plaatje](javascript:alert(1))",
    "![plaatje](data:image/png;base64,iVBORw0KGgo=)",
    "[ok](https://example.org/ok)",
    "**vet** en *schuin*",
    "`code`",
    "{lesson}`bestaat-niet`",
    "{usecase}`ook-niet`",
    "&lt;script&gt;",
    "\\",
    "# kop",
    "- lijst",
    "1. genummerd",
    "> citaat",
    "| a | b |",
    "---",
    "~~~",
])

#: Free text for option values and titles: anything a line can hold.
option_text = st.one_of(
    st.text(line_char, max_size=40),
    plain_text,
    st.lists(st.one_of(plain_word, hostile_fragment, st.text(line_char, max_size=5), control_char), max_size=5)
    .map(" ".join),
)

#: Free text for body scalars: anything at all, newlines and control characters included.
scalar_text = st.one_of(
    plain_text,
    st.text(any_char, max_size=60),
    st.lists(st.one_of(plain_word, hostile_fragment, control_char, st.just("\n"), st.just("\n\n")), max_size=8)
    .map(" ".join),
)

# -- ids -------------------------------------------------------------------

valid_id = st.from_regex(r"\A[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,3}\Z")
ids = st.one_of(
    valid_id,
    valid_id.map(str.upper),
    valid_id.map(lambda s: s.replace("-", "_")),
    valid_id.map(lambda s: f" {s} "),
    valid_id.map(lambda s: s + "-"),
    st.text(line_char, max_size=20),
    plain_text,
)

# -- option values --------------------------------------------------------


def choice_or_text(choices) -> st.SearchStrategy[str]:
    """A valid choice, a near miss (typo, case), or any text."""
    valid = st.sampled_from(list(choices))
    return st.one_of(valid, valid.map(str.upper), valid.map(lambda s: s[:-1]), option_text)


dates = st.one_of(
    st.dates().map(lambda d: d.isoformat()),
    st.sampled_from(["2024-02-30", "2024-13-01", "14-05-2024", "2024/05/14", "mei 2024", "20240514", "0000-00-00"]),
    option_text,
)


def options_for(names: dict[str, st.SearchStrategy[str]]) -> st.SearchStrategy[dict[str, str]]:
    """Some of the named options, each with a value from its strategy."""
    return st.fixed_dictionaries({}, optional=names)


canvas_options = options_for({
    "id": ids,
    "owner": option_text,
    "partners": option_text,
    "phase": choice_or_text(PHASES),
    "status": choice_or_text(STATUSES),
    "start": dates,
    "tags": option_text,
    "process": choice_or_text(("on", "off")),
    "template": st.just(""),
})
retrospective_options = options_for({
    "usecase": ids,
    "date": dates,
    "phase": choice_or_text(PHASES),
    "participants": option_text,
})
lessons_options = options_for({
    "usecase": st.one_of(ids, st.lists(valid_id, max_size=3).map(", ".join)),
    "thema": option_text,
    "stroom": choice_or_text(STROMEN),
    "aspect": choice_or_text(ASPECTS),
    "phase": choice_or_text(PHASES),
    "applied": choice_or_text(("yes", "no")),
    "layout": choice_or_text(("table", "cards", "list", "matrix")),
})
usecases_options = options_for({
    "owner": option_text,
    "phase": choice_or_text(PHASES),
    "status": choice_or_text(STATUSES),
    "tags": option_text,
    "layout": choice_or_text(("table", "cards", "list", "timeline")),
})

# -- YAML bodies ------------------------------------------------------------


def nested(keys: st.SearchStrategy[str], leaves: st.SearchStrategy[str], max_leaves: int = 12):
    """Nested dicts and lists of strings (what a body can hold once read)."""
    return st.recursive(
        leaves,
        lambda children: st.one_of(
            st.lists(children, max_size=4),
            st.dictionaries(keys, children, max_size=4),
        ),
        max_leaves=max_leaves,
    )


def _lesson(text: st.SearchStrategy[str]):
    return st.fixed_dictionaries(
        {"id": ids, "titel": text},
        optional={
            "tekst": text,
            "thema": st.one_of(st.lists(text, max_size=3), text),
            "stroom": choice_or_text(STROMEN),
            "aspect": choice_or_text(ASPECTS),
            "bron": text,  # an unknown key
        },
    )


def canvas_structure(text: st.SearchStrategy[str] = scalar_text):
    """A canvas body as data: known blocks (some), unknown keys, values of any shape."""
    value = st.one_of(text, st.lists(text, max_size=4), nested(st.sampled_from(BLOCK_KEYS) | text, text, 6))
    return st.dictionaries(st.sampled_from(BLOCK_KEYS) | st.sampled_from(["overig", "vraagstuuk", "x"]) | text,
                           value, max_size=6)


def retrospective_structure(text: st.SearchStrategy[str] = scalar_text):
    value = st.one_of(text, st.lists(text, max_size=4), nested(text, text, 5))
    return st.fixed_dictionaries(
        {},
        optional={
            "bovenstroom": value,
            "onderstroom": value,
            "acties": value,
            "lessen": st.one_of(st.lists(_lesson(text), max_size=3), value),
            "extra": value,
        },
    )


def dump(data, flow: bool | None = False, width: int = 80) -> str:
    return yaml.safe_dump(data, allow_unicode=True, default_flow_style=flow, sort_keys=False, width=width)


@st.composite
def yaml_text(draw, structure) -> str:
    """Valid YAML for a generated structure, in block or flow style."""
    data = draw(structure)
    return dump(data, flow=draw(st.sampled_from([False, None, True])), width=draw(st.sampled_from([40, 80, 10_000])))


MUTATIONS = (
    "tab", "bom", "duplicate", "alias", "undefined-alias", "self-alias", "complex-key", "python-tag",
    "other-tag", "deep-flow", "deep-block", "huge", "control", "truncate", "syntax-char", "not-a-mapping", "empty",
)


@st.composite
def mutated_yaml(draw, structure) -> str:
    """Valid YAML with one or more of the things authors (or attackers) do to it."""
    text = draw(yaml_text(structure))
    for mutation in draw(st.lists(st.sampled_from(MUTATIONS), min_size=1, max_size=3)):
        text = apply_mutation(draw, mutation, text)
    return text


def apply_mutation(draw, mutation: str, text: str) -> str:
    lines = text.splitlines() or [""]
    i = draw(st.integers(0, len(lines) - 1))
    key = draw(st.sampled_from(list(BLOCK_KEYS) + list(RETRO_KEYS) + ["x"]))
    if mutation == "tab":
        lines[i] = "\t" + lines[i]
    elif mutation == "bom":
        return "\ufeff" + text
    elif mutation == "duplicate":
        lines += [f"{key}: eerste", f"{key}: tweede"]
    elif mutation == "alias":
        lines += [f"{key}: &anker", "  - een", "  - twee", f"x{key}: *anker", f"y{key}: [*anker, *anker]"]
    elif mutation == "undefined-alias":
        lines.append(f"{key}: *nergens")
    elif mutation == "self-alias":
        lines.append(f"{key}: &zelf [a, *zelf]")
    elif mutation == "complex-key":
        lines += draw(st.sampled_from([["? [a, b]", ": c"], ["[a]: b"], ["{a: 1}: b"], ["1: een"], ["null: niets"],
                                       ["true: waar"], ["? |", "  blok", ": waarde"]]))
    elif mutation == "python-tag":
        lines += draw(st.sampled_from([
            [f"{key}: !!python/object/apply:os.system ['true']"],
            [f"{key}: !!python/name:os.system"],
            [f"{key}: !!python/object:builtins.dict {{a: 1}}"],
            [f"!!python/str {key}: waarde"],
        ]))
    elif mutation == "other-tag":
        lines += draw(st.sampled_from([
            [f"{key}: !eigen waarde"], [f"{key}: !!binary aGFsbG8="], [f"{key}: !!set {{a, b}}"],
            [f"{key}: !!omap [a: 1]"], [f"{key}: !!int '12'"], [f"{key}: !<tag:example.org,2024:x> y"],
        ]))
    elif mutation == "deep-flow":
        depth = draw(st.integers(30, 1200))
        lines.append(f"{key}: " + "[" * depth + "x" + "]" * depth)
    elif mutation == "deep-block":
        depth = draw(st.integers(30, 120))
        lines.append(f"{key}:")
        lines += ["  " * (d + 1) + f"k{d}:" for d in range(depth)] + ["  " * (depth + 1) + "blad"]
    elif mutation == "huge":
        lines.append(f"{key}: " + "woord " * draw(st.integers(10_000, 40_000)))
    elif mutation == "control":
        ch = draw(control_char)
        pos = draw(st.integers(0, len(lines[i])))
        lines[i] = lines[i][:pos] + ch + lines[i][pos:]
    elif mutation == "truncate":
        cut = draw(st.integers(0, len(text)))
        return text[:cut]
    elif mutation == "syntax-char":
        ch = draw(st.sampled_from(list(":-?[]{},&*!|>'\"%@`#")))
        pos = draw(st.integers(0, len(lines[i])))
        lines[i] = lines[i][:pos] + ch + lines[i][pos:]
    elif mutation == "not-a-mapping":
        return draw(st.sampled_from(["- een\n- twee\n", "alleen tekst\n", "42\n", "[a, b]\n", "'a: b'\n"]))
    elif mutation == "empty":
        return draw(st.sampled_from(["", "\n", "   \n", "# alleen commentaar\n", "~\n", "null\n"]))
    return "\n".join(lines) + "\n"


def body_text(structure) -> st.SearchStrategy[str]:
    """Bodies: valid YAML, mutated YAML, or any text at all."""
    return st.one_of(yaml_text(structure), mutated_yaml(structure), st.text(any_char, max_size=200))


canvas_bodies = body_text(canvas_structure())
retrospective_bodies = body_text(retrospective_structure())


def scalars(value) -> list[str]:
    """Every string in a nested structure, keys included."""
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in [*scalars(k), *scalars(v)]]
    if isinstance(value, list):
        return [s for v in value for s in scalars(v)]
    return [value] if isinstance(value, str) else []


def normalise(text: str) -> str:
    """Whitespace collapsed to single spaces: how HTML shows text."""
    return re.sub(r"\s+", " ", text).strip()


# -- the strategies checked ---------------------------------------------------


@given(yaml_text(canvas_structure()))
def test_generated_yaml_is_valid(text):
    yaml.safe_load(text)


@given(plain_text)
def test_plain_text_stays_as_written(text):
    """Plain text is YAML-, Markdown- and JSON-neutral, so it must show up verbatim."""
    assert normalise(text) == text
    assert yaml.safe_load(dump({"k": text}))["k"] == text
    assert json.loads(json.dumps(text)) == text
    assert not re.search(r"[\\`*_\[\]<>{}()#+\-.!|~\"'&:;,]", text)

