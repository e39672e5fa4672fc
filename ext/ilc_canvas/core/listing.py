"""Listings: their filters read and checked once, and applied to the site's records.

A filter value `a, b, !c` wants a or b (all of them for thema and tags) and not c.
"""

from __future__ import annotations

from dataclasses import dataclass

from .reading import (
    ACTION_STATUSES, ASPECTS, STATUSES, STROMEN, Checks, Context, DirectiveInput, Reading, phase_keys, split_list,
)
from .records import Reference

LESSON_FILTERS = ("usecase", "thema", "stroom", "aspect", "phase", "applied", "site")
USECASE_FILTERS = ("owner", "phase", "status", "tags", "site")
ACTION_FILTERS = ("usecase", "status", "eigenaar")
FILTERS = {"lessons": LESSON_FILTERS, "usecases": USECASE_FILTERS, "actions": ACTION_FILTERS, "lesson-finder": ("usecase",)}
#: the pictures drawn at build time: the stroom x aspect matrix, the use cases' time line
LAYOUTS = {"lessons": ("table", "cards", "list", "matrix"), "usecases": ("table", "cards", "list", "timeline"),
           "actions": ("table", "cards", "list"), "lesson-finder": ("table",)}
#: the values a filter may take, where it is a choice
CHOICES = {"lessons": {"stroom": STROMEN, "aspect": ASPECTS, "applied": ("yes", "no")},
           "usecases": {"status": STATUSES}, "actions": {"status": ACTION_STATUSES},
           "lesson-finder": {}}

#: filters on a field with one value per record, and on a list of values; the
#: site resolves some (a lesson's use case, an action's current status, applied)
SINGLE = {"usecase": "usecase", "stroom": "stroom", "aspect": "aspect", "phase": "phase",
          "owner": "owner", "status": "status", "eigenaar": "owner", "site": "site"}
MULTI = {"thema": "themes", "tags": "tags"}


@dataclass(frozen=True)
class ListingReading(Reading):
    kind: str
    #: the filters as a sorted tuple of (name, value)
    filters: tuple[tuple[str, str], ...]
    layout: str
    #: the use cases a :usecase: filter names, checked site-wide
    references: tuple[Reference, ...]


def filter_terms(value: str) -> tuple[set[str], set[str]]:
    """A filter value as (wanted, unwanted)."""
    wanted, unwanted = set(), set()
    for term in split_list(value):
        if term.startswith("!"):
            unwanted.add(term[1:].strip())
        else:
            wanted.add(term)
    return wanted, unwanted


def read_listing(inp: DirectiveInput, context: Context) -> ListingReading:
    check = Checks(inp)
    references: list[Reference] = []
    filters: dict[str, str] = {}
    names = FILTERS[inp.name]
    check.options((*names, "layout"))
    choices = {"phase": phase_keys(), **CHOICES[inp.name]}
    for name in names:
        value = inp.options.get(name, "").strip()
        if not value:
            continue
        line = inp.option_line(name)
        filters[name] = value
        wanted, unwanted = filter_terms(value)
        for term in sorted(wanted) + sorted(unwanted):
            if name == "usecase":
                if check.id(term.rpartition(":")[2], "use case id", line):  # another site's: site:id
                    references.append(Reference("usecase", term, inp.docname, inp.path, line))
            elif name == "site":  # `self` or a name in ilc_sites, checked site-wide
                references.append(Reference("site", term, inp.docname, inp.path, line))
            elif name in choices:
                check.choice(term, choices[name], name, line)
    layout = inp.options.get("layout", "").strip() or "table"
    if not check.choice(layout, LAYOUTS[inp.name], "layout", inp.option_line("layout")):
        layout = "table"
    return ListingReading(*check.found(), inp.name, tuple(sorted(filters.items())), layout, tuple(references))


def matches(record, filters, resolved: dict | None = None) -> bool:
    """Whether the record passes every filter; `resolved` gives the values the site
    works out (usecase, status of an action, applied), by filter name."""
    for name, value in filters:
        wanted, unwanted = filter_terms(value)
        if name in MULTI:
            have = set(getattr(record, MULTI[name]))
            if not wanted <= have or unwanted & have:
                return False
        else:
            have = resolved[name] if resolved and name in resolved else getattr(record, SINGLE[name])
            if (wanted and have not in wanted) or have in unwanted:
                return False
    return True
