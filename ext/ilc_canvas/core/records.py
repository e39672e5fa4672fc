"""Plain records of what authors wrote: use cases, retrospectives, lessons, references.

A reader makes each record once, whole, from plain strings, lists and dicts
(no YAML wrappers, no doctree nodes), so the environment pickle stays small
and the records double as the JSON export. Nothing changes them afterwards:
what depends on the whole site (a retrospective's use case when it leaves out
:usecase:, duplicates) is worked out by `site.Site`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields


@dataclass(frozen=True, slots=True)
class Located:
    """Where an object was defined: Sphinx docname and source path (relative to
    the project root, with forward slashes), line, and the HTML anchor."""

    docname: str = ""
    path: str = ""
    line: int = 0
    anchor: str = ""
    #: another site's record (CONTRACT §9): that site's name, and the URL of its page and anchor
    site: str = ""
    url: str = ""


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
    #: how many of the schema's blocks hold something (not the placeholder)
    filled: int = 0
    #: the lessons the team took from earlier use cases (:builds-on:), as written: id or site:id
    builds_on: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Retrospective(Located):
    title: str = ""
    #: the :usecase: option as written ("" when left out: see site.Site.usecase_of)
    usecase: str = ""
    date: str = ""
    phase: str = ""
    participants: list[str] = field(default_factory=list)
    #: shown on its own page only: never exported, fed or searched (CONTRACT §9)
    internal: bool = False


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
    #: its own page only (intern: true, or an internal retrospective)
    internal: bool = False


@dataclass(frozen=True, slots=True)
class Action(Located):
    """An item of a retrospective's `acties`: a text, or a mapping with an id to follow up."""

    id: str = ""  # "" for a plain text: listed, but nothing can report on it
    text: str = ""
    owner: str = ""
    due: str = ""
    #: the status it was given where it was written (its current one: site.Site.action_status)
    status: str = "open"
    usecase: str = ""
    retrospective: str = ""
    retrospective_title: str = ""
    date: str = ""
    internal: bool = False

    @property
    def title(self) -> str:
        """What links to the action show: its text on one line, without emphasis marks."""
        words = " ".join(re.sub(r"\*\*|__|`", "", self.text).split()) or self.id
        return words if len(words) <= 100 else words[:99] + "…"


@dataclass(frozen=True, slots=True)
class FollowUp(Located):
    """A later retrospective's report on an action (`opvolging`)."""

    action: str = ""
    status: str = ""
    note: str = ""
    retrospective: str = ""
    retrospective_title: str = ""
    date: str = ""
    internal: bool = False


@dataclass(frozen=True, slots=True)
class Reference:
    """A role or option naming a use case or lesson (for `ilc.ref` and backlinks)."""

    kind: str  # "usecase", "lesson" or "action"
    target: str
    docname: str
    path: str
    line: int
    anchor: str = ""  # nearest id before the role, for backlinks


def record_json(record: Located) -> dict:
    """The record as the JSON export has it: every field but the docname and anchor."""
    return {f.name: getattr(record, f.name) for f in fields(record) if f.name not in ("docname", "anchor", "site", "url")}


def external(docname: str) -> bool:
    """Whether a row's link target is another site's page (its full URL) rather than a docname."""
    return "://" in docname
