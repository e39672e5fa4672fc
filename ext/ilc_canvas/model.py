"""Plain, picklable records of what authors wrote: use cases, retrospectives, lessons.

They hold no doctree nodes (those bloat the environment pickle and pile up on
rebuilds), only strings, lists and dicts, so they double as the JSON export.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields


@dataclass(slots=True)
class Located:
    """Where an object was defined: Sphinx docname and source path (relative to
    the project root, with forward slashes), line, and the HTML anchor."""

    docname: str = ""
    path: str = ""
    line: int = 0
    anchor: str = ""


@dataclass(slots=True)
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


@dataclass(slots=True)
class Retrospective(Located):
    title: str = ""
    usecase: str = ""
    date: str = ""
    phase: str = ""
    participants: list[str] = field(default_factory=list)
    bovenstroom: object = None
    onderstroom: object = None
    acties: object = None
    #: other body keys the author wrote
    extra: dict[str, object] = field(default_factory=dict)
    lessons: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Lesson(Located):
    id: str = ""
    title: str = ""
    text: str = ""
    themes: list[str] = field(default_factory=list)
    stroom: str = ""
    aspect: str = ""
    usecase: str = ""
    retrospective: str = ""
    retrospective_title: str = ""
    date: str = ""
    #: the phase of its retrospective (or of its use case when that gives none)
    phase: str = ""
    extra: dict[str, object] = field(default_factory=dict)
    #: later values of keys written twice (warned about): {"key", "value", "line"}
    repeated: list[dict] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Reference:
    """A role in the text naming a use case or lesson (for `ilc.ref` and backlinks)."""

    kind: str  # "usecase" or "lesson"
    target: str
    docname: str
    path: str
    line: int
    anchor: str = ""  # nearest id before the role, for backlinks


def record_json(record: Located) -> dict:
    # not dataclasses.asdict: it rebuilds list and dict subclasses as type(obj)(items),
    # which turns the YAML values' YList and YMap into empty ones
    from .yamlbody import plain

    data = {f.name: plain(getattr(record, f.name)) for f in fields(record)}
    data.pop("docname")
    data.pop("anchor")
    return data
