"""Listing filters: validated once, applied to the site's records, in a stable order.

Shared by the listing directives, the write-time rendering, the freshness check
and `ilc check`; imports nothing from Sphinx.
"""

from __future__ import annotations

from .model import Lesson, Reference, UseCase
from .problems import Problem
from .validate import ASPECTS, check_options, STATUSES, STROMEN, DirectiveInput, _check_choice, _check_id, phase_keys, split_list

LAYOUTS = ("table", "cards", "list")
LESSON_FILTERS = ("usecase", "thema", "stroom", "aspect", "phase")
USECASE_FILTERS = ("owner", "phase", "status", "tags")


#: filters on a field with one value per record, and on a list of values
SINGLE = {"usecase": "usecase", "stroom": "stroom", "aspect": "aspect", "phase": "phase",
          "owner": "owner", "status": "status"}
MULTI = {"thema": "themes", "tags": "tags"}


def filter_terms(value: str) -> tuple[set[str], set[str]]:
    """A filter value as (wanted, unwanted): `a, b, !c` wants a or b (all of them
    for thema/tags) and not c."""
    wanted, unwanted = set(), set()
    for term in split_list(value):
        if term.startswith("!"):
            unwanted.add(term[1:].strip())
        else:
            wanted.add(term)
    return wanted, unwanted


def validate_listing(kind: str, inp: DirectiveInput):
    """-> (filters as a sorted tuple of pairs, layout, references, problems)."""
    problems: list[Problem] = []
    references: list[Reference] = []
    filters: dict[str, str] = {}
    names = LESSON_FILTERS if kind == "lessons" else USECASE_FILTERS
    check_options(inp, (*names, "layout"), problems)
    choices = {"stroom": STROMEN, "aspect": ASPECTS, "phase": phase_keys(), "status": STATUSES}
    for name in names:
        value = inp.options.get(name, "").strip()
        if not value:
            continue
        line = inp.option_line(name)
        filters[name] = value
        wanted, unwanted = filter_terms(value)
        for term in sorted(wanted) + sorted(unwanted):
            if name == "usecase":
                if _check_id(term, "use case id", line, problems):
                    references.append(Reference("usecase", term, inp.docname, inp.path, line))
            elif name in choices:
                _check_choice(term, choices[name], name, line, problems)
    layout = inp.options.get("layout", "").strip() or "table"
    if layout not in LAYOUTS:
        _check_choice(layout, LAYOUTS, "layout", inp.option_line("layout"), problems)
        layout = "table"
    return tuple(sorted(filters.items())), layout, references, problems


def _matches(record, filters) -> bool:
    for name, value in filters:
        wanted, unwanted = filter_terms(value)
        if name in MULTI:
            have = set(getattr(record, MULTI[name]))
            if not wanted <= have or unwanted & have:
                return False
        else:
            have = getattr(record, SINGLE[name])
            if (wanted and have not in wanted) or have in unwanted:
                return False
    return True


def match_lessons(lessons: list[Lesson], filters) -> list[Lesson]:
    return sorted((l for l in lessons if _matches(l, filters)), key=lambda l: (l.usecase, l.date, l.title, l.id))


def match_usecases(usecases: list[UseCase], filters) -> list[UseCase]:
    return sorted((u for u in usecases if _matches(u, filters)), key=lambda u: (u.title, u.id))
