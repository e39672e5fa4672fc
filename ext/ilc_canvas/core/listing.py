"""Listings: their filters read and checked once, and applied to the site's records.

A filter value `a, b, !c` wants a or b (all of them for thema and tags) and not c.
"""

from __future__ import annotations

from dataclasses import dataclass

from .reading import ASPECTS, STATUSES, STROMEN, Checks, Context, DirectiveInput, Reading, phase_keys, split_list
from .records import Reference

LAYOUTS = ("table", "cards", "list")
LESSON_FILTERS = ("usecase", "thema", "stroom", "aspect", "phase")
USECASE_FILTERS = ("owner", "phase", "status", "tags")
FILTERS = {"lessons": LESSON_FILTERS, "usecases": USECASE_FILTERS}

#: filters on a field with one value per record, and on a list of values
SINGLE = {"usecase": "usecase", "stroom": "stroom", "aspect": "aspect", "phase": "phase",
          "owner": "owner", "status": "status"}
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
                if check.id(term, "use case id", line):
                    references.append(Reference("usecase", term, inp.docname, inp.path, line))
            elif name in choices:
                check.choice(term, choices[name], name, line)
    layout = inp.options.get("layout", "").strip() or "table"
    if not check.choice(layout, LAYOUTS, "layout", inp.option_line("layout")):
        layout = "table"
    return ListingReading(*check.found(), inp.name, tuple(sorted(filters.items())), layout, tuple(references))


def matches(record, filters, usecase: str = "") -> bool:
    """Whether the record passes every filter; `usecase` is its use case as the site resolves it."""
    for name, value in filters:
        wanted, unwanted = filter_terms(value)
        if name in MULTI:
            have = set(getattr(record, MULTI[name]))
            if not wanted <= have or unwanted & have:
                return False
        else:
            have = usecase if name == "usecase" else getattr(record, SINGLE[name])
            if (wanted and have not in wanted) or have in unwanted:
                return False
    return True
