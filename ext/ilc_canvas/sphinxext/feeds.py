"""Atom feeds (RFC 4287) of the retrospectives and their lessons (CONTRACT §10).

With `html_baseurl` set, every HTML build writes `feed.xml` for the whole site
and `feeds/<use case>.xml` for each use case, with feedgen. An entry's id and
`updated` come from the content (its URL and its date), never from the build's
clock, so the same sources give the same feeds. Every page links the site's
feed from its head, and a use case's pages link its own. Internal
retrospectives (CONTRACT §9) stay out.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path

from markdown_it import MarkdownIt

from ..core.schema import label, language_of
from .export import page_url, write_if_changed

SITE_FEED = "feed.xml"


def feed_path(usecase: str | None) -> str:
    return f"feeds/{usecase}.xml" if usecase else SITE_FEED


def _wanted(app) -> bool:
    builder = app.builder
    return bool(app.config.html_baseurl) and builder.format == "html" and not builder.name.startswith("epub")


def _base(app) -> str:
    return app.config.html_baseurl.rstrip("/") + "/"


def _day(date: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(date).replace(tzinfo=datetime.timezone.utc)


def write_feeds(app, exception) -> None:
    """build-finished: the site's feed and one per use case."""
    if exception is not None or not _wanted(app):
        return
    site = app.env.get_domain("ilc").site
    retrospectives = [r for r in site.retrospectives if not r.internal and _is_date(r.date)]
    for usecase in [None, *sorted(site.index["usecase"])]:
        chosen = [r for r in retrospectives if usecase is None or site.usecase_of(r) == usecase]
        target = Path(app.outdir) / feed_path(usecase)
        target.parent.mkdir(parents=True, exist_ok=True)
        write_if_changed(target, atom(app, site, usecase, chosen))


# a MyST role in an author's text: {lesson}`id`, {ilc:usecase}`text <id>`
ROLE = re.compile(r"\{(?:ilc:)?(usecase|lesson|action)\}`([^`]*)`")


def plain_roles(text: str, site) -> str:
    """The text with each role as a reader sees it (the object's title, or the text given):
    a feed reader knows no MyST."""

    def title(match: re.Match) -> str:
        kind, inner = match.groups()
        given = re.fullmatch(r"(.*?)\s*<([^<>]+)>", inner)
        if given:
            return given.group(1)
        info = site.object_info(kind, inner.strip())
        return info[0] if info else inner

    return ROLE.sub(title, text)


def _is_date(value: str) -> bool:
    try:
        _day(value)
    except ValueError:
        return False
    return True


def atom(app, site, usecase: str | None, retrospectives) -> str:
    from feedgen.feed import FeedGenerator

    lang = language_of(app.config.language)
    base, builder = _base(app), app.builder
    markdown = MarkdownIt("commonmark", {"html": False})  # author text: raw HTML stays text
    record = site.index["usecase"].get(usecase) if usecase else None
    title = f"{app.config.project}: {record.title}" if record else app.config.project
    feed = FeedGenerator()
    feed.id(base + feed_path(usecase))
    feed.title(f"{title} ({label('feed_title', lang)})")
    # Atom wants an author: the site's, or its project when conf.py names none (Sphinx's placeholder)
    author = app.config.author if app.config.author not in ("", "Author name not set") else app.config.project
    feed.author({"name": author})
    feed.link(href=base + feed_path(usecase), rel="self")
    feed.link(href=base + (page_url(builder, record.docname, record.anchor) if record else ""), rel="alternate")
    feed.language(app.config.language or "en")
    newest = max((r.date for r in retrospectives), default="1970-01-01")
    feed.updated(_day(newest))
    lessons_of: dict[tuple[str, str], list] = {}
    for lesson in site.lessons:
        if not lesson.internal:
            lessons_of.setdefault((lesson.docname, lesson.retrospective), []).append(lesson)
    for retro in sorted(retrospectives, key=lambda r: (r.date, r.path, r.line), reverse=True):
        url = base + page_url(builder, retro.docname, retro.anchor)
        uc = site.index["usecase"].get(site.usecase_of(retro))
        entry = feed.add_entry(order="append")
        entry.id(url)
        entry.title(f"{retro.title} ({uc.title})" if uc else retro.title)
        entry.link(href=url, rel="alternate")
        entry.updated(_day(retro.date))
        lessons = lessons_of.get((retro.docname, retro.anchor), [])
        html = f"<p>{label('usecase', lang)}: {markdown.renderInline(uc.title) if uc else ''}</p>"
        if lessons:
            html += f"<h2>{label('lessons', lang)}</h2><ul>" + "".join(
                f'<li><a href="{base + page_url(builder, lesson.docname, lesson.anchor)}">'
                f"{markdown.renderInline(lesson.title)}</a>{markdown.render(plain_roles(lesson.text, site))}</li>"
                for lesson in lessons
            ) + "</ul>"
        entry.content(html, type="html")
    return feed.atom_str(pretty=True).decode("utf-8")


def link_feeds(app, pagename, templatename, context, doctree) -> None:
    """html-page-context: the site's feed in every page's head, and a use case's on its pages."""
    if not _wanted(app):
        return
    site = app.env.get_domain("ilc").site
    page = site.pages.get(pagename)
    usecases = dict.fromkeys([u.id for u in page.usecases] + [site.usecase_of(r) for r in page.retrospectives]) \
        if page else {}
    lang = language_of(app.config.language)
    tags = []
    for usecase in [None, *(u for u in usecases if u in site.index["usecase"])]:
        title = site.index["usecase"][usecase].title if usecase else app.config.project
        href = context["pathto"](feed_path(usecase), 1)
        tags.append(f'<link rel="alternate" type="application/atom+xml" title="{_attr(title)} '
                    f'({_attr(label("feed_title", lang))})" href="{_attr(href)}" />\n')
    context["metatags"] = context.get("metatags", "") + "".join(tags)


def _attr(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
