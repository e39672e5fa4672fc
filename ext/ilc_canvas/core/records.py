"""Plain records of what authors wrote: use cases, retrospectives, lessons, references.

A reader makes each record once, whole, from plain strings, lists and dicts
(no YAML wrappers, no doctree nodes), so the environment pickle stays small
and the records double as the JSON export. Nothing changes them afterwards:
what depends on the whole site (a retrospective's use case when it leaves out
:usecase:, duplicates) is worked out by `site.Site`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields


@dataclass(frozen=True, slots=True)
class Located:
    """Where an object was defined: Sphinx docname and source path (relative to
    the project root, with forward slashes), line, and the HTML anchor."""

    docname: str = ""
    path: str = ""
    line: int = 0
    anchor: str = ""


@dataclass(frozen=True, slots=True)
class UseCase(Located):
    id: str = ""
    title: str = ""
    owner: str = ""
    partners: list[str] = field(default_factory=list)
    phase: str = "voorbereiding"
    status: str = "actief"
    start: str = ""
    tags: list[str] = field(default_factory=list)
    #: block key -> the Markdown source the author wrote (string, list or mapping)
    blocks: dict[str, object] = field(default_factory=dict)
    #: later values of body keys written twice (warned about): {"key", "value", "line"}
    repeated: list[dict] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Retrospective(Located):
    title: str = ""
    #: the :usecase: option as written ("" when left out: see site.Site.usecase_of)
    usecase: str = ""
    date: str = ""
    phase: str = ""
    participants: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Lesson(Located):
    id: str = ""
    title: str = ""
    text: str = ""
    themes: list[str] = field(default_factory=list)
    stroom: str = ""
    aspect: str = ""
    #: its retrospective's :usecase: option as written (see site.Site.usecase_of)
    usecase: str = ""
    retrospective: str = ""
    retrospective_title: str = ""
    date: str = ""
    #: the phase of its retrospective
    phase: str = ""
    extra: dict[str, object] = field(default_factory=dict)
    #: later values of keys written twice (warned about): {"key", "value", "line"}
    repeated: list[dict] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Reference:
    """A role or option naming a use case or lesson (for `ilc.ref` and backlinks)."""

    kind: str  # "usecase" or "lesson"
    target: str
    docname: str
    path: str
    line: int
    anchor: str = ""  # nearest id before the role, for backlinks


def record_json(record: Located) -> dict:
    """The record as the JSON export has it: every field but the docname and anchor."""
    return {f.name: getattr(record, f.name) for f in fields(record) if f.name not in ("docname", "anchor")}
