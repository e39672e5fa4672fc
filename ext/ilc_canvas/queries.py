"""What each page shows of other pages' ILC data, as plain values.

resolve.py renders these values and freshness.py fingerprints them, so a page
is written again exactly when what it would show has changed.
"""

from __future__ import annotations

from .listing import match_lessons, match_usecases


def page_title(env, docname: str) -> str:
    title = env.titles.get(docname)
    return title.astext() if title is not None else docname


def object_info(domain, kind: str, target: str):
    record = domain.index.get(kind, {}).get(target)
    return None if record is None else (record.title, record.docname, record.anchor)


def _site(domain) -> dict:
    """Lookups over the whole site, built once per state of the domain's records.

    Every page with lesson cards or a canvas asks for its backlinks and its
    retrospectives; scanning all records for each made fingerprinting and
    writing grow with pages x lessons. domain.index is rebuilt after every
    change to the records, so its identity tells whether these are current.
    """
    index = domain.index
    cached = getattr(domain, "_site_cache", None)
    if cached is not None and cached[0] is index:
        return cached[1]
    refs_to: dict[str, dict[str, str]] = {}  # lesson -> page -> anchor of its first reference there
    for refs in domain.data["references"].values():
        for ref in refs:
            if ref.kind == "lesson":
                refs_to.setdefault(ref.target, {}).setdefault(ref.docname, ref.anchor)
    lessons_by_retro: dict[tuple[str, str], list] = {}
    for lesson in domain.all("lessons"):
        lessons_by_retro.setdefault((lesson.docname, lesson.retrospective), []).append(
            (lesson.title, lesson.docname, lesson.anchor))
    retros: dict[str, list] = {}
    for retro in domain.all("retrospectives"):
        retros.setdefault(retro.usecase, []).append(
            (retro.date, retro.title, retro.docname, retro.anchor,
             tuple(lessons_by_retro.get((retro.docname, retro.anchor), ()))))
    site = {"backlinks": refs_to, "retrospectives": {key: sorted(value) for key, value in retros.items()}}
    domain._site_cache = (index, site)
    return site


def backlinks(env, domain, lesson_id: str) -> list[tuple[str, str, str]]:
    """(docname, anchor, page title) of every page that refers to the lesson,
    once per page, linked at its first reference there."""
    pages = _site(domain)["backlinks"].get(lesson_id, {})
    return sorted((docname, anchor, page_title(env, docname)) for docname, anchor in pages.items())


def usecase_retrospectives(domain, usecase_id: str) -> list[tuple]:
    """The use case's retrospectives, each with its lessons, by date."""
    return list(_site(domain)["retrospectives"].get(usecase_id, ()))


def lesson_rows(domain, filters) -> list[tuple]:
    lessons = list(domain.index["lesson"].values())
    usecases = domain.index["usecase"]
    rows = []
    for lesson in match_lessons(lessons, filters):
        usecase = usecases.get(lesson.usecase)
        rows.append((
            lesson.title, lesson.docname, lesson.anchor,
            (usecase.title, usecase.docname, usecase.anchor) if usecase else (lesson.usecase, "", ""),
            lesson.date, tuple(lesson.themes), lesson.stroom, lesson.aspect,
        ))
    return rows


def usecase_rows(domain, filters) -> list[tuple]:
    retro_count: dict[str, int] = {}
    lesson_count: dict[str, int] = {}
    for retro in domain.all("retrospectives"):
        retro_count[retro.usecase] = retro_count.get(retro.usecase, 0) + 1
    for lesson in domain.index["lesson"].values():
        lesson_count[lesson.usecase] = lesson_count.get(lesson.usecase, 0) + 1
    return [
        (u.title, u.docname, u.anchor, u.owner, u.phase, u.status,
         retro_count.get(u.id, 0), lesson_count.get(u.id, 0))
        for u in match_usecases(list(domain.index["usecase"].values()), filters)
    ]


def dependency_value(env, domain, key: tuple):
    """The current value of one thing a page shows from elsewhere (see domain.process_doc)."""
    kind = key[0]
    if kind == "object":
        return object_info(domain, key[1], key[2])
    if kind == "backlinks":
        return backlinks(env, domain, key[1])
    if kind == "retrospectives":
        return usecase_retrospectives(domain, key[1])
    if kind == "lessons":
        return lesson_rows(domain, key[1])
    if kind == "usecases":
        return usecase_rows(domain, key[1])
    raise ValueError(f"unknown dependency {key!r}")
