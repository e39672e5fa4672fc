"""Pagefind as the site's search (CONTRACT §8), when the `search` extra is installed.

At the end of an HTML build that wrote a page, two Pagefind indexes are made
in `pagefind/` of the output: every page's main content (`pagefind/`, for the
search page), and every public lesson and use case as a record of its own, its
URL its anchor, with the filters the lessons finder offers (`pagefind/lessons/`).
Two bundles, so that a search of the pages loads no record's metadata and a
finder no page's. Internal retrospectives, lessons and actions are left out (the
`ilc-internal` class; CONTRACT §9). The search page becomes a search form on
Pagefind's JavaScript API in whatever theme is used, and Sphinx's own index is
not built.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import hashlib
import html
import json
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

from docutils import nodes
from sphinx.util import logging

from ..core.problems import WARNING_TYPE
from ..core.schema import choice_label, label, language_of, phase_label
from . import feeds, sites
from .diagrams import STATIC
from .nodes import REPEATED_TITLE

logger = logging.getLogger(__name__)

try:
    from pagefind.index import IndexConfig, PagefindIndex
except ImportError:  # the `search` extra is not installed: Sphinx's search stays
    PagefindIndex = None

OUTPUT = "pagefind"
#: the records' bundle, inside the pages' (so that copying `pagefind/` copies both)
RECORDS_BUNDLE = "lessons"
#: what Pagefind writes that nothing here loads (its own search UIs, their styles, its script
#: that marks the words found on the page opened, its web worker: the search runs without),
#: removed so that neither this site nor the sites that copy its index carry them
UNUSED = ("pagefind-*ui.*", "pagefind-highlight.js", "pagefind-worker.js")
#: in the records' bundle: which records (and which Pagefind) it was made from
RECORDS_STAMP = "ilc-records.sha1"
#: beside the records (in the doctrees): the pages as Pagefind reads them (copy_pages)
PAGES = "pages"
#: the index's files, listed beside them for other sites to copy (sphinxext.sites)
FILE_LIST = "ilc-files.json"
SCRIPTS = {"search": STATIC / "ilc-search.js", "finder": STATIC / "ilc-finder.js",
           "shared": STATIC / "ilc-pagefind.js"}
#: what of a page Pagefind reads (the theme's main column: every Sphinx theme marks it)
ROOT = "[role=main]"
#: what it leaves out: internal items (CONTRACT §9); listings, which repeat what their
#: lessons' and use cases' own pages say (found there, with the section of each); the
#: tables of other domains' indexes (Sphinx's own are not copied: GENERATED); the
#: finder's text; a process diagram's Mermaid source (its text beside it says the same
#: in words); what every retrospective and every empty canvas block repeats (the
#: currents' hints, a block's guiding question: otherwise "macht" finds every
#: retrospective), a title hidden where it repeats the page's, and the lines that name
#: the pages referring to a lesson (other pages' titles: found on those pages)
IGNORED = [".ilc-internal", ".headerlink", ".ilc-finder-app", ".ilc-listing", ".ilc-matrix-cell",
           ".ilc-matrix-lessons", ".indextable", ".modindextable",
           ".ilc-process pre.mermaid", ".ilc-retrospective .ilc-question",
           ".ilc-canvas:not(.ilc-template) .ilc-question", f".{REPEATED_TITLE}", ".ilc-backlinks",
           # the themes' chrome inside their main column (pydata-sphinx-theme, sphinx-book-theme):
           # the page's table of contents, its buttons and breadcrumbs, its previous and next
           # links, the book theme's footer and its printed contents; on every page alike
           ".bd-sidebar-secondary", ".bd-header-article", ".prev-next-footer", ".prev-next-area",
           ".bd-footer-content", ".bd-footer-article", ".onlyprint"]
#: the output's folders that hold no pages
NOT_PAGES = {"_static", "_sources", "_images", "_ilc", "_downloads", OUTPUT}
#: what Sphinx writes on every build, and is no page to find: its index, its modules' and the search page
GENERATED = {f"{name}{end}" for name in ("genindex", "search", "py-modindex") for end in (".html", "/index.html")}
#: the filters of a lesson record, in the finder's order, with the label of each group
FILTER_LABELS = {"thema": "themes", "stroom": "stroom", "aspect": "aspect", "usecase": "usecase",
                 "eigenaar": "owner", "fase": "phase", "jaar": "year"}
#: the label of one value of a group whose label is a plural
SINGULAR = {"themes": "theme"}


def enabled(app) -> bool:
    builder = app.builder
    return (PagefindIndex is not None and app.config.ilc_search and builder.format == "html"
            and builder.name in ("html", "dirhtml"))


def static_files(config) -> list[str]:
    """The scripts to copy (at config-inited, so the configuration stays the same from build to build)."""
    return [str(script) for script in SCRIPTS.values()] if PagefindIndex is not None and config.ilc_search else []


def configure(app) -> None:
    """builder-inited: Pagefind replaces Sphinx's search index, whose file nothing reads any more."""
    if enabled(app):
        app.builder.search = False


def data_attribute(value) -> str:
    return html.escape(json.dumps(value, ensure_ascii=False))


def search_page(app):
    """html-collect-pages: the search page, which Sphinx no longer writes itself."""
    if enabled(app):
        yield "search", {}, "page.html"


def page_context(app, pagename, templatename, context, doctree):
    """html-page-context: the search page as a form whose script asks Pagefind, in the
    theme's page template (every theme's page.html shows `body`); the finder's script
    on pages with a finder."""
    if not enabled(app):
        return None
    if doctree is not None and doctree.next_node(_is_finder) is not None:
        app.add_js_file(SCRIPTS["finder"].name, type="module")
    if pagename != "search":
        return None
    lang = language_of(app.config.language)
    e = html.escape
    text = {key: label(f"search_{key}", lang) for key in ("none", "one", "many", "site")}
    text["sections"] = {key: label(f"search_sections_{key}", lang) for key in ("one", "many")}
    to_root = context["pathto"]("", 1)
    merged = sites.copied_indexes(app)
    names = [name for name, _url in merged]
    field = label("search_field", lang) if not merged else label("search_field_sites", lang).format(
        sites=f" {label('and', lang)} ".join(filter(None, [", ".join(names[:-1]), names[-1]])))
    # what the search will ask for first, asked for at once rather than one after another
    preload = (f'<link rel="modulepreload" href="{to_root}_static/{SCRIPTS["shared"].name}">\n'
               f'<link rel="modulepreload" href="{to_root}{OUTPUT}/pagefind.js">\n'
               f'<link rel="preload" href="{to_root}{OUTPUT}/wasm.{_stemmer(app.config.language)}.pagefind" '
               f'as="fetch" crossorigin>\n')
    context["body"] = (
        f'<section class="ilc-search" data-pagefind-ignore="all">\n{preload}'
        f'<h1>{e(label("search_title", lang))}</h1>\n'
        f'<div class="ilc-search-app" data-labels="{data_attribute(text)}" '
        f'data-sites="{data_attribute(merged)}">\n'
        f'<form role="search" class="ilc-finder-form" aria-label="{e(label("search_title", lang))}">\n'
        f'<label for="ilc-search-q">{e(field)}</label>\n'
        f'<input type="search" id="ilc-search-q" name="q" autocomplete="off">\n'
        f'<button type="submit" class="ilc-finder-more">{e(label("search_title", lang))}</button>\n'
        f'</form>\n<p role="status" class="ilc-finder-status"></p>\n<ol class="ilc-finder-results"></ol>\n'
        f'<button type="button" class="ilc-finder-more ilc-search-more" hidden>{e(label("search_more", lang))}</button>\n'
        f'</div>\n<noscript><p>{e(label("search_noscript", lang))}</p></noscript>\n'
        f'<script type="module" async src="{to_root}_static/{SCRIPTS["search"].name}"></script>\n'
        f'</section>\n')
    context["title"] = label("search_title", lang)
    return "page.html"


def _stemmer(language: str | None) -> str:
    """The language of Pagefind's WebAssembly for `language` (its stemmers are named by
    the language alone: nl_BE is nl)."""
    return re.split(r"[-_]", language or "en")[0].lower()


def _is_finder(node) -> bool:
    return isinstance(node, nodes.container) and "ilc-finder" in node["classes"]


def index_site(app, exception) -> None:
    """build-finished: index the site, unless this build wrote no page."""
    if exception is not None or not enabled(app):
        return
    outdir = Path(app.outdir)
    _empty_sphinx_index(outdir)
    target = outdir / OUTPUT
    entry = target / "pagefind-entry.json"
    # (after an upgrade of the extension every page is written again: the environment's
    # version is a hash of its code, see ilc_canvas._code_version; after one of Pagefind,
    # which another site's may have to match, the index is made again)
    if entry.exists() and not _written_since(outdir, entry.stat().st_mtime) \
            and sites.index_version(target) == sites.pagefind_version():
        return
    lang = language_of(app.config.language)
    records = [*lesson_records(app, lang), *usecase_records(app, lang)]
    try:
        folder = Path(app.doctreedir) / "ilc-search"
        digest = write_records(records, folder, app.config.language or "en")
        # the records' bundle stays when it was made from these records (an edit of a page's
        # prose); the rest goes, as its files are named by content and old ones would pile up
        stamp = target / RECORDS_BUNDLE / RECORDS_STAMP
        keep = stamp.parent if stamp.is_file() and stamp.read_text(encoding="utf-8") == digest else None
        for old in (target.iterdir() if target.is_dir() else ()):
            if old == keep:
                continue
            if old.is_dir():
                shutil.rmtree(old)
            else:
                old.unlink()
        pages = copy_pages(outdir, folder, Path(app.doctreedir))
        _run(_write_index(pages, None if keep else folder, target, app.config.language or "en", _ignored(app)))
        if keep is None:
            stamp.parent.mkdir(parents=True, exist_ok=True)  # (a site without lessons or use cases)
            stamp.write_text(digest, encoding="utf-8")
        for unused in (path for pattern in UNUSED for path in target.rglob(pattern)):
            unused.unlink()
        # what other sites copy of this index over HTTP (sphinxext.sites), which cannot list a folder
        files = sorted(p.relative_to(target).as_posix() for p in target.rglob("*") if p.is_file())
        (target / FILE_LIST).write_text(json.dumps(files, indent=0) + "\n", encoding="utf-8")
    except Exception as error:  # the binary missing or failing: the site is still fine without search
        logger.warning(f"Pagefind could not index the site: {error}", type=WARNING_TYPE, subtype="assets")


def _ignored(app) -> list[str]:
    """IGNORED and the site's `ilc_search_ignore` (one selector or a list of them); what
    is not a selector warns, at conf.py, and is left out."""
    extra = app.config.ilc_search_ignore
    extra = [extra] if isinstance(extra, str) else list(extra) if isinstance(extra, (list, tuple)) else [extra]
    selectors = [s for s in extra if isinstance(s, str) and s.strip()]
    if len(selectors) < len(extra):
        wrong = ", ".join(repr(s) for s in extra if s not in selectors)
        logger.warning(f"ilc_search_ignore must be a list of CSS selectors; {wrong} is left out",
                       type=WARNING_TYPE, subtype="assets", location=sites.conf_location(app, "ilc_search_ignore"))
    return [*IGNORED, *selectors]


def _empty_sphinx_index(outdir: Path) -> None:
    """An empty `searchindex.js` in place of Sphinx's (see static/sphinx-searchindex.js):
    themes that load it on every page would log a missing file there."""
    stub = (STATIC / "sphinx-searchindex.js").read_bytes()
    target = outdir / "searchindex.js"
    if not target.is_file() or target.read_bytes() != stub:
        target.write_bytes(stub)


def _written_since(outdir: Path, moment: float) -> bool:
    """Whether a page of the output is newer than `moment` (Sphinx writes the index and
    search pages on every build: they do not count)."""
    for folder, subfolders, files in os.walk(outdir):
        if Path(folder) == outdir:
            subfolders[:] = [d for d in subfolders if d not in NOT_PAGES]
        for name in files:
            path = Path(folder, name)
            if name.endswith(".html") and path.relative_to(outdir).as_posix() not in GENERATED \
                    and path.stat().st_mtime > moment:
                return True
    return False


def _run(coroutine) -> None:
    """Run Pagefind's coroutine, in a thread of its own when this one already runs an event
    loop (a build inside an async program, such as a test driving a browser)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        asyncio.run(coroutine)
        return
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, coroutine).result()


def write_records(records: list[dict], folder: Path, language: str) -> str:
    """A small page per record in `folder/_records/`, so that one request indexes them all
    (Pagefind's Python API answers one request per 0.1 s). The folder stays from build to
    build, beside the doctrees: only the records that changed are written again (making
    thousands of files costs seconds), and those that are gone are removed. A record's
    file is named after its URL, so that it keeps its name when others come or go.
    -> a digest of the records and of Pagefind's version: what a bundle made of them is made of."""
    pages, manifest = folder / RECORDS, folder / "records.json"
    try:
        before = json.loads(manifest.read_text(encoding="utf-8"))
        if not isinstance(before, dict):
            raise ValueError(manifest)
    except (OSError, ValueError):  # the first build, or a folder not ours: afresh
        shutil.rmtree(pages, ignore_errors=True)
        before = {}
    pages.mkdir(parents=True, exist_ok=True)
    now: dict[str, str] = {}
    for record in records:
        text = record_page(record, language)
        stem = hashlib.sha1(f'{record["filters"]["soort"][0]} {record["meta"]["url"]}'.encode()).hexdigest()[:16]
        name, n = f"{stem}.html", 1
        while name in now:  # the same URL twice (a duplicate id, warned about): both kept
            name, n = f"{stem}-{n}.html", n + 1
        now[name] = hashlib.sha1(text.encode()).hexdigest()
        if before.get(name) != now[name]:
            (pages / name).write_text(text, encoding="utf-8")
    for name in before.keys() - now.keys():
        (pages / name).unlink(missing_ok=True)
    manifest.write_text(json.dumps(now, sort_keys=True), encoding="utf-8")
    made_of = f'{sites.pagefind_version()} {json.dumps(now, sort_keys=True)}'
    return hashlib.sha1(made_of.encode()).hexdigest()


def copy_pages(outdir: Path, folder: Path, doctreedir: Path) -> Path:
    """The output's pages as Pagefind reads them, in `folder/pages/` (kept from build to
    build: only pages written since are copied again, and those gone go). In the
    copy, the id of an element a heading opens (a section, a lesson's card) is the
    heading's, and no other element has one: Pagefind makes a page's sub-results of its
    headings with an id only, and keeps every other id as an anchor nothing reads. So a
    result leads to the section where its words stand, at the anchor the page links to.
    Not the page's title (h1): the page is its first result already. A Mermaid
    diagram's source becomes its words (diagram_words): Mermaid's syntax showed in excerpts.
    Not the doctrees when they are inside the output (`sphinx-build src out` puts them in
    `out/.doctrees`), nor the output's folders of other files (NOT_PAGES), nor Sphinx's
    index and search pages (GENERATED). -> the folder."""
    target = folder / PAGES
    # (another version of this module copies differently: after an upgrade Sphinx writes
    # every page again, so every copy is made again)
    doctrees = doctreedir.resolve()
    pages: set[Path] = set()
    for here, subfolders, files in os.walk(outdir):
        here = Path(here)
        subfolders[:] = [d for d in subfolders if (here / d).resolve() != doctrees
                         and not (here == outdir and d in NOT_PAGES)]
        for name in files:
            source = here / name
            if not name.endswith(".html") or source.relative_to(outdir).as_posix() in GENERATED:
                continue
            copy = target / source.relative_to(outdir)
            pages.add(copy)
            written = source.stat().st_mtime_ns
            if copy.is_file() and copy.stat().st_mtime_ns == written:  # (the copy takes its page's time)
                continue
            copy.parent.mkdir(parents=True, exist_ok=True)
            copy.write_text(for_pagefind(source.read_text(encoding="utf-8")), encoding="utf-8")
            os.utime(copy, ns=(written, written))
    for old in [p for p in target.rglob("*.html") if p not in pages]:
        old.unlink()
    return target


#: an element's opening tag and the heading right inside it (after the empty spans that
#: carry a section's other ids: a label written above its heading)
_OPENED_HEADING = re.compile(r"<([a-zA-Z][a-zA-Z0-9-]*)\b([^>]*)>(\s*(?:<span\b[^>]*></span>\s*)*)<(h[2-6])\b([^>]*)>")
_ID = re.compile(r'\sid="([^"]*)"')
#: the id of any element but a section's heading
_OTHER_ID = re.compile(r'(<(?![hH][2-6][\s>])[a-zA-Z][a-zA-Z0-9-]*\b[^>]*?)\sid="[^"]*"')


#: a Mermaid diagram's source, as sphinxcontrib-mermaid writes it (HTML-escaped)
_MERMAID = re.compile(r'(<pre\b[^>]*\bclass="[^"]*\bmermaid\b[^"]*"[^>]*>)(.*?)(</pre>)', re.S)
#: what of it a reader reads: its title and description, and the labels of its boxes
#: (quoted or in their shape's brackets) and arrows (|label|)
_DIAGRAM_WORDS = re.compile(r'^\s*acc(?:Title|Descr)\s*:([^\n]*)$|accDescr\s*\{(.*?)\}|"([^"\n]+)"'
                            r'|[\[({>]+([^\[\](){}|"\n]+)[\])}]+|\|([^|"\n]+)\|', re.M | re.S)


def diagram_words(source: str) -> str:
    """A diagram's words without Mermaid's syntax ("flowchart TB", "subgraph", arrows)."""
    found = (next(part for part in m.groups() if part is not None) for m in _DIAGRAM_WORDS.finditer(html.unescape(source)))
    words = dict.fromkeys(" ".join(re.sub(r"<[^>]*>", " ", w).split()).rstrip(".") for w in found)
    return html.escape(". ".join(w for w in words if w))


def for_pagefind(page: str) -> str:
    """A page's HTML with the ids where Pagefind's sub-results need them, and its diagrams
    as their words (see copy_pages)."""
    def heading_takes_id(match: re.Match) -> str:
        tag, attributes, space, heading, heading_attributes = match.groups()
        ident = _ID.search(attributes)
        if ident is None or re.fullmatch(r"[hH][1-6]", tag):
            return match.group(0)
        if REPEATED_TITLE in heading_attributes:  # not read (IGNORED): no section of its own either
            return f'<{tag}{attributes}>{space}<{heading}{_ID.sub("", heading_attributes)}>'
        return f'<{tag}{attributes}>{space}<{heading}{_ID.sub("", heading_attributes)} id="{ident.group(1)}">'

    page = _MERMAID.sub(lambda m: m.group(1) + diagram_words(m.group(2)) + m.group(3), page)
    return _OTHER_ID.sub(r"\1", _OPENED_HEADING.sub(heading_takes_id, page))


async def _write_index(pages: Path, records: Path | None, target: Path, language: str,
                       ignored: list[str] = IGNORED) -> None:
    """The site's pages from their copy, and the records from their folder (unless None:
    the bundle is kept), as two bundles made side by side (two Pagefind processes; one
    request each); `ignored`: what is left out."""
    async def bundle(folder: Path, output: Path, glob: str | None = None) -> None:
        config = IndexConfig(root_selector=ROOT, exclude_selectors=ignored, force_language=language,
                             output_path=str(output))
        async with PagefindIndex(config=config) as index:
            await index.add_directory(str(folder), glob=glob)

    await asyncio.gather(bundle(pages, target),
                         *([bundle(records, target / RECORDS_BUNDLE, f"{RECORDS}/**/*.html")] if records else []))


# -- records ----------------------------------------------------------------------

RECORDS = "_records"


def record_page(record: dict, language: str) -> str:
    """A record as the HTML Pagefind reads: its title, its words, and its URL (the
    lesson's or canvas's anchor), filters, facts and sort key as tagged elements."""
    e = html.escape
    tags = [f'<span data-pagefind-meta="{e(key)}">{e(value)}</span>' for key, value in record["meta"].items()]
    tags += [f'<span data-pagefind-filter="{e(name)}">{e(value)}</span>'
             for name, values in record["filters"].items() for value in values]
    tags += [f'<span data-pagefind-sort="{e(key)}">{e(value)}</span>' for key, value in record.get("sort", {}).items()]
    return (f'<!DOCTYPE html>\n<html lang="{e(language)}"><head><meta charset="utf-8"><title>{e(record["meta"]["title"])}</title></head>\n'
            f'<body><div role="main"><h1>{e(record["meta"]["title"])}</h1>\n<p>{e(record["content"])}</p>\n'
            f'<div data-pagefind-ignore>{"".join(tags)}</div></div></body></html>\n')


def _url(app, docname: str, anchor: str) -> str:
    """The record's URL from the site's root, as Pagefind gives page URLs."""
    uri = app.builder.get_target_uri(docname).split("#")[0]
    return "/" + (f"{uri}#{anchor}" if anchor else uri)


def _plain(text: str, site) -> str:
    """An author's Markdown as words to search: roles as the reader sees them, no markup."""
    return " ".join(re.sub(r"[*_`#>\[\]()]", " ", feeds.plain_roles(text, site)).split())


def _texts(value) -> Iterator[str]:
    """The texts of a canvas block as its record holds it: a text, a list's or a mapping's
    texts; an empty block (as `ilc new` leaves one) has none."""
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list):
        for item in value:
            yield from _texts(item)
    elif value is not None:
        yield str(value)


def _values(**groups) -> dict[str, list[str]]:
    return {name: [v for v in values if v] for name, values in groups.items() if any(values)}


def lesson_records(app, lang: str):
    site = app.env.get_domain("ilc").site
    usecases = site.index["usecase"]
    for lesson in site.index["lesson"].values():
        if lesson.internal:
            continue
        usecase = usecases.get(site.usecase_of(lesson))
        usecase_title = usecase.title if usecase else site.usecase_of(lesson)
        stroom, aspect = choice_label("stroom", lesson.stroom, lang), choice_label("aspect", lesson.aspect, lang)
        meta = {"title": lesson.title or lesson.id, "url": _url(app, lesson.docname, lesson.anchor),
                "usecase": usecase_title, "date": lesson.date, "themes": ", ".join(lesson.themes),
                "stroom": stroom, "aspect": aspect}
        yield {
            "content": " ".join([_plain(lesson.text, site), *lesson.themes, stroom, aspect]),
            "meta": {k: v for k, v in meta.items() if v},
            "filters": _values(soort=["les"], thema=lesson.themes, stroom=[stroom], aspect=[aspect],
                               usecase=[usecase_title], eigenaar=[usecase.owner if usecase else ""],
                               fase=[phase_label(lesson.phase, lang) if lesson.phase else ""],
                               jaar=[lesson.date[:4]]),
            "sort": {"datum": lesson.date} if lesson.date else {},
        }


def usecase_records(app, lang: str):
    site = app.env.get_domain("ilc").site
    for usecase in site.index["usecase"].values():
        blocks = " ".join(_plain(text, site) for value in usecase.blocks.values() for text in _texts(value))
        yield {
            "content": f"{usecase.owner} {blocks}",
            "meta": {k: v for k, v in {"title": usecase.title or usecase.id, "owner": usecase.owner,
                                       "url": _url(app, usecase.docname, usecase.anchor)}.items() if v},
            "filters": _values(soort=["usecase"], eigenaar=[usecase.owner], fase=[phase_label(usecase.phase, lang)],
                               status=[choice_label("status", usecase.status, lang)], tags=usecase.tags),
        }
