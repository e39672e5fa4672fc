"""The site as a whole: every page's records, and what follows from all of them.

The Sphinx domain and `ilc check` both build a `Site` from per-page records
and ask it the same questions: which use case a retrospective belongs to when
it leaves out :usecase:, which ids are defined twice, which references name
nothing, and what a listing, a canvas or a lesson card shows of other pages.
Its answers are plain values, so the build can fingerprint them (freshness)
and render them, and `ilc check` can report them.
"""

from __future__ import annotations

import json

from dataclasses import dataclass, field, fields
from functools import cached_property
from pathlib import Path
from urllib.parse import urljoin

from .listing import matches
from .problems import Problem
from .reading import suggest
from .records import Action, FollowUp, Lesson, Reference, Retrospective, UseCase

KINDS = {"usecase": "use case", "lesson": "lesson", "action": "action", "site": "site"}
#: the version of the JSON exports (`_ilc/*.json`) this package writes and reads
SCHEMA_VERSION = 1
#: the statuses of an action that is not done: shown on its use case's canvas
OPEN = ("open", "bezig")


@dataclass
class PageRecords:
    """What one page defines and refers to, in reading order."""

    usecases: list[UseCase] = field(default_factory=list)
    retrospectives: list[Retrospective] = field(default_factory=list)
    lessons: list[Lesson] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    follow_ups: list[FollowUp] = field(default_factory=list)
    #: the roles in the page's text (for backlinks; the build reports unknown ones itself)
    roles: list[Reference] = field(default_factory=list)
    #: references in options and filters, checked site-wide
    checked: list[Reference] = field(default_factory=list)
    #: lesson ids in retrospective bodies that could not be read (not unknown, not defined)
    unread: list[str] = field(default_factory=list)


def page_usecases(page: PageRecords) -> tuple[dict[str, str], list[Problem]]:
    """The use case of each of the page's retrospectives (by anchor): its :usecase:,
    or the page's only canvas; a problem where there is no such canvas."""
    canvases = [u.id for u in page.usecases if u.id]
    found, problems = {}, []
    for retro in page.retrospectives:
        if retro.usecase or len(canvases) == 1:
            found[retro.anchor] = retro.usecase or canvases[0]
            continue
        found[retro.anchor] = ""
        problems.append(Problem(
            "schema", "the retrospective needs a :usecase: option (the id of its use case)"
            + (" because this page holds more than one canvas" if canvases else ""), retro.line, source=retro.path))
    return found, problems


def unknown_reference(kind: str, target: str, known) -> str:
    return f"unknown {KINDS[kind]} {target!r}{suggest(target, known)}"


@dataclass(frozen=True)
class OtherSite:
    """Another organisation's site (`ilc_sites`, CONTRACT §9): its public URL and the
    use cases and lessons of its JSON exports, as records."""

    name: str
    url: str
    usecases: tuple[UseCase, ...] = ()
    lessons: tuple[Lesson, ...] = ()
    #: False when neither the site nor a copy of it could be read: references to it are not checked
    read: bool = True


def export_problem(documents: dict) -> str | None:
    """Why the documents are not an ILC export this package can read, or None."""
    for key in ("usecases", "lessons"):
        document = documents.get(key)
        if not isinstance(document, dict) or document.get("schema_version") != SCHEMA_VERSION \
                or not isinstance(document.get(key), list):
            return f"its {key}.json is not an ILC export of schema_version {SCHEMA_VERSION}"
    return None


#: the exports another site is read from, and the folder (beside the doctrees) that keeps their copies
EXPORTS = ("usecases", "lessons")
SITES_CACHE = "ilc-sites"


def site_entries(value) -> tuple[list[tuple[str, str, str | None]], list[str]]:
    """The well-formed entries of `ilc_sites` as (name, public URL, location or None), and
    what is wrong with the others, for the build's warnings (`ilc check` reads the same)."""
    if not isinstance(value, dict):
        return [], ["ilc_sites must be a dict of name: (public URL, location or None); it is ignored"]
    entries, problems = [], []
    for name, entry in value.items():
        if (not isinstance(name, str) or not name or ":" in name or name == "self"
                or not isinstance(entry, (tuple, list)) or len(entry) != 2
                or not isinstance(entry[0], str) or not (entry[1] is None or isinstance(entry[1], str))):
            problems.append(f"ilc_sites entry {name!r} must be name: (public URL, None or a folder or URL to read); "
                            "it is ignored")
            continue
        entries.append((name, entry[0], entry[1]))
    return entries, problems


def read_site_copy(folder: Path) -> dict | None:
    """A site's exports as last copied into `folder`, or None (what `ilc check` reads: it
    never uses the network)."""
    try:
        documents = {key: json.loads((folder / f"{key}.json").read_text(encoding="utf-8")) for key in EXPORTS}
    except (OSError, ValueError):
        return None
    return None if export_problem(documents) else documents


def other_site(name: str, url: str, documents: dict | None) -> OtherSite:
    """The site's records from its exports ({"usecases": ..., "lessons": ...} as read), or an
    unread site when there are none."""
    if documents is None or export_problem(documents):
        return OtherSite(name, url, read=False)
    base = url if url.endswith("/") else url + "/"

    def record(cls, data: dict):
        # the fields as exported, each with its default (a slots class has no class attributes to read)
        defaults = {f.name: f.default for f in fields(cls)
                    if f.name not in ("docname", "anchor", "site", "url", "path", "line", "repeated")}
        values = {k: v for k, v in data.items() if k in defaults}
        for key, value in values.items():  # something else where this package keeps a text
            if isinstance(defaults[key], str) and not isinstance(value, str):
                values[key] = "" if value is None else str(value)
        try:
            return cls(**values, site=name, url=urljoin(base, str(data.get("url", ""))))
        except TypeError:
            return None

    usecases = tuple(r for r in (record(UseCase, d) for d in documents["usecases"]["usecases"] if isinstance(d, dict)) if r)
    lessons = tuple(r for r in (record(Lesson, d) for d in documents["lessons"]["lessons"] if isinstance(d, dict)) if r)
    return OtherSite(name, url, usecases, lessons)


def _in_order(records):
    return sorted(records, key=lambda r: (r.path, r.line))


class Site:
    def __init__(self, pages: dict[str, PageRecords], others: dict[str, OtherSite] | None = None) -> None:
        self.pages = pages
        #: other organisations' sites by name; their ids are `site:id` here
        self.others = others or {}
        self.remote: dict[str, dict[str, UseCase | Lesson]] = {"usecase": {}, "lesson": {}}
        for other in self.others.values():
            for kind, records in (("usecase", other.usecases), ("lesson", other.lessons)):
                for record in records:
                    self.remote[kind].setdefault(f"{other.name}:{record.id}", record)
        self.usecases = _in_order(u for p in pages.values() for u in p.usecases)
        self.retrospectives = _in_order(r for p in pages.values() for r in p.retrospectives)
        self.lessons = _in_order(lesson for p in pages.values() for lesson in p.lessons)
        self.actions = _in_order(action for p in pages.values() for action in p.actions)
        #: the reports on actions, in the order that decides an action's status: by date, then as written
        self.follow_ups = sorted((f for p in pages.values() for f in p.follow_ups),
                                 key=lambda f: (f.date, f.path, f.line))
        #: kind -> id -> the first definition in (path, line) order; later ones are duplicates
        self.index: dict[str, dict[str, UseCase | Lesson | Action]] = {"usecase": {}, "lesson": {}, "action": {}}
        for kind, records in (("usecase", self.usecases), ("lesson", self.lessons), ("action", self.actions)):
            for record in records:
                if record.id:
                    self.index[kind].setdefault(record.id, record)
        #: lesson ids of bodies that could not be read: references to them are not checked
        self.unread = {ident for page in pages.values() for ident in page.unread}

    def known(self, kind: str, target: str) -> bool:
        """Whether a reference to the target is fine (or cannot be checked: a lesson not read
        yet, another site of which there is no copy)."""
        if kind == "site":
            return target == "self" or target in self.others
        if target in self.index[kind] or (kind == "lesson" and target in self.unread):
            return True
        name, colon, _ident = target.partition(":")
        other = self.others.get(name) if colon else None
        return other is not None and (not other.read or target in self.remote.get(kind, {}))

    def unknown_message(self, kind: str, target: str) -> str:
        name, colon, _ident = target.partition(":")
        if kind == "site":
            return f"unknown site {target!r}{suggest(target, ['self', *self.others])} (the sites are named in ilc_sites)"
        if colon and name not in self.others and kind != "action":
            return f"unknown site {name!r} in {target!r}{suggest(name, self.others)} (the sites are named in ilc_sites)"
        return unknown_reference(kind, target, {**self.index[kind], **self.remote.get(kind, {})})

    @cached_property
    def _retro_usecases(self) -> dict[tuple[str, str], str]:
        return {(docname, anchor): usecase for docname, page in self.pages.items()
                for anchor, usecase in page_usecases(page)[0].items()}

    def usecase_of(self, record: Retrospective | Lesson | Action) -> str:
        """The id of the use case a retrospective, lesson or action belongs to."""
        anchor = record.anchor if isinstance(record, Retrospective) else record.retrospective
        return self._retro_usecases.get((record.docname, anchor), record.usecase)

    # -- actions and the lessons taken on --------------------------------------------

    @cached_property
    def _reports(self) -> dict[str, list[FollowUp]]:
        found: dict[str, list[FollowUp]] = {}
        for follow_up in self.follow_ups:
            found.setdefault(follow_up.action, []).append(follow_up)
        return found

    def history(self, action_id: str, public: bool = True) -> list[tuple]:
        """(date, status, note, docname, anchor, retrospective title) of each report on the action,
        in order; those of internal retrospectives only where `public` is false (an internal
        action's own page: an internal item is shown on its own page only)."""
        return [(f.date, f.status, f.note, f.docname, f.anchor, f.retrospective_title)
                for f in self._reports.get(action_id, ()) if f.status and not (public and f.internal)]

    def action_status(self, action: Action, public: bool = True) -> str:
        """Its latest report's status (by retrospective date; on one date, the later on the page),
        of the reports `history` gives."""
        history = self.history(action.id, public) if action.id else []
        return history[-1][1] if history else action.status

    def action_facts(self, action_id: str) -> tuple | None:
        """What an action's own page shows under it: (owner, due, status, history); an internal
        action's page counts the reports of internal retrospectives too."""
        action = self.index["action"].get(action_id)
        if action is None:
            return None
        public = not action.internal
        return action.owner, action.due, self.action_status(action, public), tuple(self.history(action_id, public))

    @cached_property
    def _applied(self) -> dict[str, list[UseCase]]:
        found: dict[str, list[UseCase]] = {}
        for usecase in self.index["usecase"].values():
            for lesson in dict.fromkeys(usecase.builds_on):
                found.setdefault(lesson, []).append(usecase)
        return found

    def applied_usecases(self, lesson_id: str) -> list[UseCase]:
        """The use cases that took the lesson on (:builds-on:), by title."""
        return sorted(self._applied.get(lesson_id, ()), key=lambda u: (u.title, u.id))

    def applied_in(self, lesson_id: str) -> list[tuple[str, str, str]]:
        """(title, docname, anchor) of the use cases that took the lesson on."""
        return [(u.title, u.docname, u.anchor) for u in self.applied_usecases(lesson_id)]

    # -- what is wrong across the site ---------------------------------------------

    def duplicates(self) -> list[Problem]:
        """A problem at every later definition of an id, naming the first."""
        found = []
        for kind, records in (("usecase", self.usecases), ("lesson", self.lessons), ("action", self.actions)):
            for record in records:
                first = self.index[kind].get(record.id)
                if record.id and first is not record:
                    found.append(Problem(
                        "duplicate", f"the {KINDS[kind]} id {record.id!r} is already defined at {first.path}:{first.line}",
                        record.line, source=record.path))
        return found

    def unknown(self, references) -> list[Problem]:
        return [Problem("ref", self.unknown_message(ref.kind, ref.target), ref.line, source=ref.path)
                for ref in _in_order(references) if not self.known(ref.kind, ref.target)]

    # -- what a page shows of others -------------------------------------------------

    def object_info(self, kind: str, target: str) -> tuple[str, str, str] | None:
        """(title, docname, anchor) of the object; for another site's, (title, URL, "")."""
        record = self.index.get(kind, {}).get(target)
        if record is None:
            remote = self.remote.get(kind, {}).get(target)
            return None if remote is None else (remote.title, remote.url, "")
        return (record.title, record.docname, record.anchor)

    @cached_property
    def _backlinks(self) -> dict[str, dict[str, str]]:
        refs_to: dict[str, dict[str, str]] = {}  # lesson -> page -> anchor of its first reference there
        for page in self.pages.values():
            for ref in page.roles:
                if ref.kind == "lesson":
                    refs_to.setdefault(ref.target, {}).setdefault(ref.docname, ref.anchor)
        return refs_to

    def backlinks(self, lesson_id: str) -> dict[str, str]:
        """docname -> anchor of the first reference to the lesson on that page."""
        return self._backlinks.get(lesson_id, {})

    @cached_property
    def _retrospectives_by_usecase(self) -> dict[str, list[tuple]]:
        lessons_of: dict[tuple[str, str], list] = {}
        for lesson in self.lessons:
            if lesson.internal:
                continue
            lessons_of.setdefault((lesson.docname, lesson.retrospective), []).append(
                (lesson.title, lesson.docname, lesson.anchor))
        found: dict[str, list] = {}
        for retro in self.retrospectives:
            if retro.internal:
                continue
            found.setdefault(self.usecase_of(retro), []).append(
                (retro.date, retro.title, retro.docname, retro.anchor,
                 tuple(lessons_of.get((retro.docname, retro.anchor), ()))))
        return {key: sorted(value) for key, value in found.items()}

    def retrospectives_of(self, usecase_id: str) -> list[tuple]:
        """(date, title, docname, anchor, lessons) of the use case's retrospectives, by date;
        each lesson as (title, docname, anchor). Internal ones, here and in every listing, are
        shown on their own page only (CONTRACT §9)."""
        return list(self._retrospectives_by_usecase.get(usecase_id, ()))

    def lesson_rows(self, filters) -> list[tuple]:
        """(title, docname, anchor, use case (title, docname, anchor), date, themes, stroom, aspect)
        of the lessons that pass the filters: this site's, then the other sites' (their
        docname is their page's URL, their use case's title names the site)."""
        chosen = []
        for lesson in self.index["lesson"].values():
            if lesson.internal:
                continue
            usecase = self.usecase_of(lesson)
            applied = "yes" if lesson.id in self._applied else "no"
            if matches(lesson, filters, {"usecase": usecase, "applied": applied, "site": "self"}):
                chosen.append((usecase, lesson))
        for ident, lesson in self.remote["lesson"].items():
            usecase = f"{lesson.site}:{lesson.usecase}"
            applied = "yes" if ident in self._applied else "no"
            if matches(lesson, filters, {"usecase": usecase, "applied": applied, "site": lesson.site}):
                chosen.append((usecase, lesson))
        rows = []
        for usecase_id, lesson in sorted(chosen, key=lambda c: (c[1].site, c[0], c[1].date, c[1].title, c[1].id)):
            rows.append((
                lesson.title, lesson.url or lesson.docname, lesson.anchor, self._usecase_link(usecase_id),
                lesson.date, tuple(lesson.themes), lesson.stroom, lesson.aspect,
            ))
        return rows

    def _usecase_link(self, usecase_id: str) -> tuple[str, str, str]:
        usecase = self.index["usecase"].get(usecase_id)
        if usecase is not None:
            return usecase.title, usecase.docname, usecase.anchor
        remote = self.remote["usecase"].get(usecase_id)
        if remote is not None:
            return f"{remote.title} ({remote.site})", remote.url, ""
        return usecase_id, "", ""

    @cached_property
    def _public_actions(self) -> list[tuple[Action, str, str]]:
        """(action, its use case, its status) of every public action, by use case, date and
        place: once per site, as every canvas lists its use case's open actions."""
        found = [(a, self.usecase_of(a), self.action_status(a)) for a in self.actions if not a.internal]
        return sorted(found, key=lambda f: (f[1], f[0].date, f[0].path, f[0].line))

    def action_rows(self, filters, usecase_id: str | None = None) -> list[tuple]:
        """(title, docname, anchor, use case (title, docname, anchor), owner, due, status, history, id) of
        the actions that pass the filters (of one use case, if named), by use case, date and place."""
        usecases = self.index["usecase"]
        rows = []
        for action, usecase_id_of, status in self._public_actions:
            if usecase_id is not None and (usecase_id_of != usecase_id or status not in OPEN):
                continue
            if not matches(action, filters, {"usecase": usecase_id_of, "status": status}):
                continue
            usecase = usecases.get(usecase_id_of)
            rows.append((action.title, action.docname, action.anchor,
                         (usecase.title, usecase.docname, usecase.anchor) if usecase else (usecase_id_of, "", ""),
                         action.owner, action.due, status, tuple(self.history(action.id)) if action.id else (),
                         action.id))
        return rows

    def usecase_rows(self, filters) -> list[tuple]:
        """(title, docname, anchor, owner, phase, status, retrospectives, lessons, filled blocks, id) of the
        use cases that pass the filters: this site's, then the other sites' (docname: their URL;
        their retrospectives counted by the lessons they gave)."""
        retros: dict[str, set] = {}
        lessons: dict[str, int] = {}
        for retro in self.retrospectives:
            if not retro.internal:
                retros.setdefault(self.usecase_of(retro), set()).add((retro.docname, retro.anchor))
        for lesson in self.index["lesson"].values():
            if lesson.internal:
                continue
            key = self.usecase_of(lesson)
            lessons[key] = lessons.get(key, 0) + 1
        for lesson in self.remote["lesson"].values():
            key = f"{lesson.site}:{lesson.usecase}"
            lessons[key] = lessons.get(key, 0) + 1
            retros.setdefault(key, set()).add(lesson.retrospective)
        own = sorted((u for u in self.index["usecase"].values() if matches(u, filters, {"site": "self"})),
                     key=lambda u: (u.title, u.id))
        rows = [(u.title, u.docname, u.anchor, u.owner, u.phase, u.status, len(retros.get(u.id, ())),
                 lessons.get(u.id, 0), u.filled, u.id) for u in own]
        others = sorted(((ident, u) for ident, u in self.remote["usecase"].items()
                         if matches(u, filters, {"site": u.site})), key=lambda c: (c[1].site, c[1].title, c[0]))
        rows += [(f"{u.title} ({u.site})", u.url, "", u.owner, u.phase, u.status, len(retros.get(ident, ())),
                  lessons.get(ident, 0), u.filled, ident) for ident, u in others]
        return rows
