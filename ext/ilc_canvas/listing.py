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


def validate_listing(kind: str, inp: DirectiveInput):
    """-> (filters as a sorted tuple of pairs, layout, references, problems)."""
    problems: list[Problem] = []
    references: list[Reference] = []
    filters: dict[str, str] = {}
    names = LESSON_FILTERS if kind == "lessons" else USECASE_FILTERS
    check_options(inp, (*names, "layout"), problems)
    for name in names:
        value = inp.options.get(name, "").strip()
        if not value:
            continue
        line = inp.option_line(name)
        filters[name] = value
        if name == "usecase":
            for target in split_list(value):
                if _check_id(target, "use case id", line, problems):
                    references.append(Reference("usecase", target, inp.docname, inp.path, line))
        elif name == "stroom":
            _check_choice(value, STROMEN, "stroom", line, problems)
        elif name == "aspect":
            _check_choice(value, ASPECTS, "aspect", line, problems)
        elif name == "phase":
            _check_choice(value, phase_keys(), "phase", line, problems)
        elif name == "status":
            _check_choice(value, STATUSES, "status", line, problems)
    layout = inp.options.get("layout", "").strip() or "table"
    if layout not in LAYOUTS:
        _check_choice(layout, LAYOUTS, "layout", inp.option_line("layout"), problems)
        layout = "table"
    return tuple(sorted(filters.items())), layout, references, problems


def _any_of(value: str) -> set[str]:
    return set(split_list(value))


def match_lessons(lessons: list[Lesson], filters) -> list[Lesson]:
    wanted = dict(filters)
    out = []
    for lesson in lessons:
        if "usecase" in wanted and lesson.usecase not in _any_of(wanted["usecase"]):
            continue
        if "thema" in wanted and not _any_of(wanted["thema"]) <= set(lesson.themes):
            continue
        if "stroom" in wanted and lesson.stroom != wanted["stroom"]:
            continue
        if "aspect" in wanted and lesson.aspect != wanted["aspect"]:
            continue
        if "phase" in wanted and lesson.phase != wanted["phase"]:
            continue
        out.append(lesson)
    return sorted(out, key=lambda l: (l.usecase, l.date, l.title, l.id))


def match_usecases(usecases: list[UseCase], filters) -> list[UseCase]:
    wanted = dict(filters)
    out = []
    for usecase in usecases:
        if "owner" in wanted and usecase.owner != wanted["owner"]:
            continue
        if "phase" in wanted and usecase.phase != wanted["phase"]:
            continue
        if "status" in wanted and usecase.status != wanted["status"]:
            continue
        if "tags" in wanted and not _any_of(wanted["tags"]) <= set(usecase.tags):
            continue
        out.append(usecase)
    return sorted(out, key=lambda u: (u.title, u.id))
