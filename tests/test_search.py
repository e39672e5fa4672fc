"""Pagefind as the site search and the records of the lessons finder (CONTRACT §8, §9; issue 18).

What the browser does with them is in tests/browser/test_finder.py; here: the
index is written (and only when a page was), every public lesson and use case
is a record with the finder's filters, internal items are nowhere in it, and
without Pagefind the site keeps Sphinx's search and the finder its table.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

from ilc_testing import ROOTS, build_once, built_root, ilc_warnings, pagefind_records

pytest.importorskip("pagefind.index", reason="the `search` extra (Pagefind) is not installed")


def lesson_records(outdir: Path) -> dict[str, dict]:
    return {f["meta"]["url"]: f for f in pagefind_records(outdir) if f["filters"].get("soort") == ["les"]}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return built_root(tmp_path_factory, "actions")


def test_the_index_replaces_sphinx_search(built):
    out = Path(built.outdir)
    assert (out / "pagefind" / "pagefind-entry.json").is_file()
    assert (out / "pagefind" / "wasm.nl.pagefind").is_file()  # Dutch stemming
    # Sphinx's index is not built: themes that load it on every page get an empty one
    assert "terms: {}" in (out / "searchindex.js").read_text(encoding="utf-8")
    assert (out / "pagefind" / "lessons" / "pagefind-entry.json").is_file()  # the records' bundle
    # Pagefind's own UIs and its worker are not what the pages load, and are not carried along
    assert not [p.name for p in (out / "pagefind").rglob("*")
                if "ui." in p.name or "highlight" in p.name or "worker" in p.name]
    search = BeautifulSoup((out / "search.html").read_text(encoding="utf-8"), "html.parser")
    form = search.select_one('.ilc-search-app form[role="search"]')
    assert form.select_one('label[for="ilc-search-q"]').get_text() == "Zoek op deze site"
    assert form.select_one('input#ilc-search-q[type="search"][name="q"]') is not None
    assert search.select_one('script[type="module"][src="./_static/ilc-search.js"]') is not None
    # what the script asks for first is asked for before it runs, and is there
    preloaded = [link["href"] for link in search.select('link[rel="modulepreload"], link[rel="preload"]')]
    assert preloaded == ["./_static/ilc-pagefind.js", "./pagefind/pagefind.js", "./pagefind/wasm.nl.pagefind"]
    assert all((out / href).is_file() for href in preloaded)
    assert search.select_one('script[src*="pagefind-ui"], link[href*="pagefind-ui"]') is None
    assert search.select_one('script[src$="searchtools.js"]') is None
    assert search.title.get_text().startswith("Zoeken")


def test_pages_are_one_bundle_and_records_another(built):
    """The search page's bundle holds the pages (a lesson is found on its page, at its
    heading, whose anchor is the lesson's own), the finder's the records: neither holds the other's."""
    out = Path(built.outdir)
    pages = {f["url"]: f for f in pagefind_records(out, "pagefind")}
    assert not [url for url in pages if "_records" in url]
    # Sphinx's index and search pages are no pages to find
    assert "/" in pages and not {"/genindex.html", "/search.html"} & pages.keys()
    assert all(f["filters"].get("soort") in (["les"], ["usecase"]) for f in pagefind_records(out))
    lessons = json.loads((out / "_ilc" / "lessons.json").read_text(encoding="utf-8"))["lessons"]
    for lesson in lessons:
        page, anchor = lesson["url"].split("#")
        found = pages["/" + page.removesuffix("index.html")]  # Pagefind's URL for a folder's index page
        assert lesson["title"] in found["content"], lesson["id"]
        assert anchor in {a["id"] for a in found["anchors"]}, lesson["id"]
    # listings repeat their lessons: the lessons page's tables are not its text
    assert lessons[0]["title"] not in pages["/lessen.html"]["content"]
    # a process diagram is found by its text, not by its Mermaid source
    assert "De fasen als lijst" in pages["/droogte/"]["content"]
    assert not [url for url, page in pages.items() if "flowchart" in page["content"] or "phase_" in page["content"]]


def test_a_diagram_is_found_by_its_words_not_its_mermaid_source(site_build):
    """A `{mermaid}` figure's title, description and labels are its page's text; Mermaid's
    syntax is not (it showed in excerpts: "flowchart TB accTitle: ... subgraph")."""
    pages = {f["url"]: f for f in pagefind_records(site_build[0], "pagefind")}
    content = pages["/docs/methode/boven-en-onderstroom.html"]["content"]
    assert "vertrouwen, belangen, macht en verwachtingen" in content  # its accDescr
    assert "Workshops en usecasecanvas" in content and "Macht en asymmetrie" in content  # its boxes
    assert "Publieke waarde" in pages["/docs/methode/leren-als-fundament.html"]["content"]
    for words in ("flowchart", "subgraph", "-->", "BOVEN["):
        assert not [url for url, page in pages.items() if words in page["content"]], words
    assert "accTitle" not in content and "accDescr" not in content


def test_a_result_leads_to_the_section_its_words_stand_in(built, site_build):
    """Pagefind makes a page's sub-results of its headings with an id, but Sphinx puts a
    section's id on the section: the copy it indexes gives the heading the id of what it
    opens, so that a long page's sections (the handbook's, Sphinx's) are results at the
    anchors the page links to. No other id is kept: Pagefind's JavaScript reads none, and
    the page's title (h1) is the page's own result."""
    for out in (Path(built.outdir), site_build[0]):
        for page in pagefind_records(out, "pagefind"):
            path = out / (page["url"].lstrip("/") + ("index.html" if page["url"].endswith("/") else ""))
            soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
            assert all(a["element"] in ("h2", "h3", "h4", "h5", "h6") for a in page["anchors"]), page["url"]
            for anchor in page["anchors"]:  # each on the page, opening its section (or at the heading)
                target = soup.find(id=anchor["id"])
                assert target is not None, (page["url"], anchor["id"])
                heading = target if target.name == anchor["element"] else target.find(anchor["element"])
                assert " ".join(heading.get_text().split()).startswith(anchor["text"].strip()), anchor
    pages = {f["url"]: f for f in pagefind_records(site_build[0], "pagefind")}
    # a method page's sections, and a guide page's whose headings have a label above them
    for url in ("/docs/methode/usecase-als-leeromgeving.html", "/docs/handleiding/lessen.html"):
        anchors = {a["id"] for a in pages[url]["anchors"]}
        served = BeautifulSoup((site_build[0] / url.lstrip("/")).read_text(encoding="utf-8"), "html.parser")
        sections = [s["id"] for s in served.select("[role=main] section[id]") if s.find(["h2", "h3"], recursive=False)]
        assert sections and set(sections) <= anchors, (url, set(sections) - anchors)


def test_what_every_page_repeats_is_not_what_it_is_found_by(built, site_build):
    """The currents' hints stand in every retrospective and an empty block's guiding
    question in every canvas that leaves it empty: in the index, "macht" would find every
    retrospective. A title hidden where it repeats the page's is not indexed twice, nor
    the lines under a lesson that name the pages referring to it. The questions of a
    template canvas, which the handbook explains the canvas with, stay."""
    out = Path(built.outdir)
    pages = {f["url"]: f for f in pagefind_records(out, "pagefind")}
    # Pagefind's URL of a folder's index page ends in its folder
    files = {url: out / (url.lstrip("/") + ("index.html" if url.endswith("/") else "")) for url in pages}
    html = {url: BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser") for url, path in files.items()}
    hints = ("vertrouwen, belangen, macht en asymmetrie", "zichtbare activiteiten en resultaten")
    assert any(hint in soup.get_text() for soup in html.values() for hint in hints)  # shown on the pages
    assert not [url for url, page in pages.items() for hint in hints if hint in page["content"]]
    empty = [(url, q.get_text()) for url, soup in html.items() for q in soup.select(".ilc-canvas .ilc-question")]
    assert empty  # fouten.md's canvas leaves blocks empty
    assert not [(url, text) for url, text in empty if text in pages[url]["content"]]
    repeated = [(url, h.get_text()) for url, soup in html.items() for h in soup.select(".ilc-title-repeated")]
    assert repeated
    for url, title in repeated:
        assert pages[url]["content"].count(title) == 1, url
    # nor is it a section of its own, a result without a title
    assert not [(url, a) for url, page in pages.items() for a in page["anchors"] if not a["text"].strip()]
    site = {f["url"]: f for f in pagefind_records(site_build[0], "pagefind")}
    # the pages that refer to a lesson, named under it, are other pages' titles: found on those pages
    backlinks = []
    for url in site:
        path = site_build[0] / (url.lstrip("/") + ("index.html" if url.endswith("/") else ""))
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        backlinks += [(url, " ".join(b.get_text().split())) for b in soup.select(".ilc-backlinks")]
    assert len(backlinks) > 3
    assert not [(url, text) for url, text in backlinks if text in " ".join(site[url]["content"].split())]
    canvas = BeautifulSoup((site_build[0] / "docs" / "methode" / "usecasecanvas.html").read_text(encoding="utf-8"),
                           "html.parser")
    questions = [q.get_text() for q in canvas.select(".ilc-template .ilc-question")]
    assert questions and all(q in site["/docs/methode/usecasecanvas.html"]["content"] for q in questions)


def test_a_site_leaves_out_more_with_ilc_search_ignore(tmp_path):
    """`ilc_search_ignore` adds selectors to what the pages' index leaves out; the records
    stay as they are."""
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-actions", src)
    with (src / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write('\nilc_search_ignore = [".ilc-lesson", 3]\n')
    line = len((src / "conf.py").read_text(encoding="utf-8").splitlines())
    _app, _status, warnings = build_once(src, builddir=tmp_path / "out")
    # what is no selector is said, at its line in conf.py, and left out; the rest applies
    assert [w for w in warnings.splitlines() if "conf.py" in w] == [
        f"{src / 'conf.py'}:{line}: WARNING: ilc_search_ignore must be a list of CSS selectors; 3 is left out "
        "[ilc.assets]"], warnings
    out = tmp_path / "out" / "html"
    lessons = json.loads((out / "_ilc" / "lessons.json").read_text(encoding="utf-8"))["lessons"]
    anchors = {a["id"] for page in pagefind_records(out, "pagefind") for a in page["anchors"]}
    assert lessons and not [lesson["id"] for lesson in lessons if lesson["url"].split("#")[1] in anchors]
    assert sorted(lesson_records(out)) == sorted("/" + lesson["url"] for lesson in lessons)


def test_the_handbooks_search_finds_the_method_not_code_or_made_up_examples(site_build):
    """The handbook (conf.py's ilc_search_ignore) leaves out code and its reference's
    examples, their sources and what they render, which stay on their pages."""
    out = site_build[0]
    pages = {page["url"]: page["content"] for page in pagefind_records(out, "pagefind")}
    reference = (out / "docs" / "referentie" / "usecase-canvas.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(reference, "html.parser")
    shown = [" ".join(block.get_text().split()) for block in soup.select("div.highlight, .ilc-voorbeeld-resultaat")]
    assert len(shown) > 2 and any("Voorbeeldstad" in text for text in shown)  # on the page
    content = " ".join(" ".join(text.split()) for text in pages.values())
    assert not [text[:60] for text in shown if text[:60] in content]
    # nor the captions of an example's sources ("Bron (canvas.md)"), which were a section's only words
    captions = [c.get_text() for c in soup.select(".ilc-voorbeeld-bron .caption-text")]
    assert captions and not [c for c in captions if c in content]
    # nor the note that opens every example use case's page
    assert "fictief voorbeeld" in (out / "usecases" / "almere-wateroverlast" / "retrospectief-1.html").read_text(encoding="utf-8")
    assert not [url for url, text in pages.items() if "fictief voorbeeld" in text]
    assert "Het usecasecanvas" in pages["/docs/methode/usecasecanvas.html"]


def test_doctrees_inside_the_output_hold_no_pages_of_the_search(built, tmp_path):
    """`sphinx-build -b html src out` keeps the doctrees in out/.doctrees, and the records'
    pages with them: the search page's bundle holds the site's pages, as when the doctrees
    are elsewhere, and none of the records."""
    import subprocess
    import sys

    src, out = tmp_path / "src", tmp_path / "out"
    shutil.copytree(ROOTS / "test-actions", src)
    subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", "-q", str(src), str(out)],
                   check=True, capture_output=True)
    assert list((out / ".doctrees" / "ilc-search" / "_records").glob("*.html"))
    pages = sorted(f["url"] for f in pagefind_records(out, "pagefind"))
    assert pages == sorted(f["url"] for f in pagefind_records(Path(built.outdir), "pagefind"))
    assert "/hitte/retro-1.html" in pages  # the pages in folders too
    assert sorted(lesson_records(out)) == sorted(lesson_records(Path(built.outdir)))


def test_every_public_lesson_is_a_record_with_the_finders_filters(built):
    out = Path(built.outdir)
    lessons = json.loads((out / "_ilc" / "lessons.json").read_text(encoding="utf-8"))["lessons"]
    usecases = {u["id"]: u for u in json.loads((out / "_ilc" / "usecases.json").read_text(encoding="utf-8"))["usecases"]}
    records = lesson_records(out)
    assert sorted(records) == sorted("/" + lesson["url"] for lesson in lessons)
    stroom = {"boven": "bovenstroom", "onder": "onderstroom"}
    for lesson in lessons:
        record = records["/" + lesson["url"]]
        usecase = usecases[lesson["usecase"]]
        expected = {"soort": ["les"], "thema": lesson["themes"], "stroom": [stroom[lesson["stroom"]]],
                    "aspect": [lesson["aspect"]], "usecase": [usecase["title"]], "eigenaar": [usecase["owner"]],
                    "jaar": [lesson["date"][:4]]}
        got = {k: sorted(v) for k, v in record["filters"].items() if k != "fase"}
        assert got == {k: sorted(v) for k, v in expected.items() if v}, lesson["id"]
        assert record["meta"]["title"] == lesson["title"]
        assert record["meta"]["date"] == lesson["date"]
        if lesson["phase"]:  # the phase's label, not its key
            assert record["filters"]["fase"] and record["filters"]["fase"][0] != lesson["phase"]
        else:
            assert "fase" not in record["filters"]
    usecase_records = [f for f in pagefind_records(out) if f["filters"].get("soort") == ["usecase"]]
    assert sorted(r["meta"]["url"] for r in usecase_records) == sorted("/" + u["url"] for u in usecases.values())


def test_a_use_cases_record_holds_its_blocks_words(tmp_path):
    """An empty block (as `ilc new` leaves it) adds no word, a list or a mapping its texts."""
    src = tmp_path / "src"
    src.mkdir()
    shutil.copy(ROOTS / "test-actions" / "conf.py", src / "conf.py")
    (src / "index.md").write_text(
        "# Blokken\n\n```{usecase-canvas} Blokken\n:id: blokken\n:owner: Provincie C\n\n"
        "vraagstuk: Nog in te vullen.\ndoel:\nbelanghebbenden:\n  - Waterschap\n  - Boeren\n"
        "data:\n  kaart: Hoogtekaart\n  model: Grondwatermodel\n```\n", encoding="utf-8")
    app, _status, _warnings = build_once(src, freshenv=True)
    [record] = [f for f in pagefind_records(Path(app.outdir)) if f["filters"].get("soort") == ["usecase"]]
    assert record["content"] == "Blokken. Provincie C Waterschap Boeren Hoogtekaart Grondwatermodel."


def test_internal_items_are_in_no_record_and_no_page_text(built):
    """Neither bundle: not the records, and not the text of the pages that show them."""
    out = Path(built.outdir)
    words = " ".join(f["content"] + " " + json.dumps(f["meta"])
                     for bundle in ("pagefind", "pagefind/lessons") for f in pagefind_records(out, bundle))
    for internal in ("Wat binnen het team blijft", "blijft binnen het team",  # the internal retrospective
                     "Bespreek de spanning",  # an action with intern: true
                     "Praat met de boeren"):  # a lesson with intern: true
        assert internal not in words, internal
    # ... while the pages themselves still show them
    assert "Bespreek de spanning" in (out / "hitte" / "retro-2.html").read_text(encoding="utf-8")
    assert "Deel de kaart met de buurgemeente" in words


def test_the_finder_holds_the_full_static_table(built):
    out = Path(built.outdir)
    soup = BeautifulSoup((out / "lessen.html").read_text(encoding="utf-8"), "html.parser")
    finder = soup.select_one(".ilc-finder")
    app = finder.select_one(".ilc-finder-app[hidden]")
    labels = json.loads(app["data-labels"])
    assert list(labels["groups"]) == ["thema", "stroom", "aspect", "usecase", "eigenaar", "fase", "jaar"]
    assert labels["groups"]["jaar"] == "Jaar" and labels["search"] == "Zoek in de lessen"
    table = finder.select_one(".ilc-finder-static table")
    public = json.loads((out / "_ilc" / "lessons.json").read_text(encoding="utf-8"))["lessons"]
    assert len(table.select("tbody tr")) == len(public)
    scripts = [s.get("src", "") for s in soup.select("script")]
    assert any(s.startswith("_static/ilc-finder.js") for s in scripts)
    other = BeautifulSoup((out / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert not any("ilc-finder.js" in s.get("src", "") for s in other.select("script"))


def build(src: Path, out: Path, **overrides) -> SphinxTestApp:
    return build_once(src, builddir=out, confoverrides=overrides or None)[0]


def test_the_index_is_written_again_only_when_a_page_was(tmp_path):
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-actions", src)
    app = build(src, tmp_path / "out")
    index = Path(app.outdir) / "pagefind"
    before = {p: p.stat().st_mtime_ns for p in index.rglob("*") if p.is_file()}
    # the records' pages stay beside the doctrees from build to build
    record_pages = Path(app.doctreedir) / "ilc-search" / "_records"
    records_before = {p.name: p.stat().st_mtime_ns for p in record_pages.iterdir()}
    assert len(records_before) == len(pagefind_records(app.outdir))
    # and so does the copy of the pages Pagefind reads: a page is copied again when it was written
    copies = Path(app.doctreedir) / "ilc-search" / "pages"

    def copied() -> dict[str, int]:
        return {p.relative_to(copies).as_posix(): p.stat().st_mtime_ns for p in copies.rglob("*.html")}

    copies_before = copied()
    assert "index.html" in copies_before and "droogte/index.html" in copies_before
    build(src, tmp_path / "out")  # nothing changed
    assert {p: p.stat().st_mtime_ns for p in index.rglob("*") if p.is_file()} == before
    assert copied() == copies_before
    # prose edited, no record changed: the pages are indexed again, the records' bundle stays
    page = src / "index.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nEen zin over waterberging.\n", encoding="utf-8")
    prose = build(src, tmp_path / "out")
    assert sorted(name for name, t in copied().items() if t != copies_before[name]) == ["index.html"]
    after = {p: p.stat().st_mtime_ns for p in index.rglob("*") if p.is_file()}
    assert {p: t for p, t in after.items() if "lessons" in p.parts} == {p: t for p, t in before.items() if "lessons" in p.parts}
    assert after[index / "pagefind-entry.json"] != before[index / "pagefind-entry.json"]
    assert "waterberging" in " ".join(r["content"] for r in pagefind_records(prose.outdir, "pagefind"))
    assert len(lesson_records(Path(prose.outdir))) == len(lesson_records(Path(app.outdir)))
    retro = src / "droogte" / "index.md"
    retro.write_text(retro.read_text(encoding="utf-8").replace("Meet voordat u besluit", "Meet eerst, besluit daarna"),
                     encoding="utf-8")
    edited = build(src, tmp_path / "out")
    titles = {r["meta"]["title"] for r in lesson_records(Path(edited.outdir)).values()}
    assert "Meet eerst, besluit daarna" in titles and "Meet voordat u besluit" not in titles
    # only the edited lesson's record page was written again; a removed lesson's page goes
    records_after = {p.name: p.stat().st_mtime_ns for p in record_pages.iterdir()}
    assert records_after.keys() == records_before.keys()
    changed = [name for name in records_after if records_after[name] != records_before[name]]
    assert len(changed) == 1 and "Meet eerst" in (record_pages / changed[0]).read_text(encoding="utf-8")
    lesson = "  - id: les-droog-1\n    titel: Meet eerst, besluit daarna\n    stroom: onder\n    aspect: technologisch\n"
    assert lesson in retro.read_text(encoding="utf-8")
    retro.write_text(retro.read_text(encoding="utf-8").replace(lesson, ""), encoding="utf-8")
    removed = build(src, tmp_path / "out")
    assert "Meet eerst, besluit daarna" not in {r["meta"]["title"] for r in lesson_records(Path(removed.outdir)).values()}
    assert {p.name for p in record_pages.iterdir()} == records_before.keys() - {changed[0]}


def test_copies_made_by_another_version_of_the_extension_are_made_again(tmp_path, monkeypatch):
    """A page Sphinx did not write again keeps its copy, unless the code that made the
    copy changed (an upgrade of the extension, another environment version): then every
    page is written, every copy made and the site indexed again, with no source changed."""
    import ilc_canvas

    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-actions", src)
    app = build(src, tmp_path / "out")
    copies = Path(app.doctreedir) / "ilc-search" / "pages"
    unchanged = copies / "droogte" / "index.html"
    written = unchanged.stat().st_mtime_ns
    unchanged.write_text("<p>OUDE-KOPIE</p>", encoding="utf-8")  # as an older version made it
    os.utime(unchanged, ns=(written, written))
    monkeypatch.setattr(ilc_canvas, "_code_version", lambda: 1)  # the upgrade
    again = build(src, tmp_path / "out")  # nothing changed in the sources
    assert "OUDE-KOPIE" not in unchanged.read_text(encoding="utf-8")
    assert "De fasen als lijst" in {f["url"]: f for f in pagefind_records(again.outdir, "pagefind")}["/droogte/"]["content"]


def test_an_index_made_by_another_version_of_pagefind_is_made_again(tmp_path):
    """After an upgrade of Pagefind (which another site's may have to match, see test_sites),
    a build that wrote no page indexes the site again; one with the same Pagefind does not."""
    from ilc_canvas.sphinxext.sites import pagefind_version

    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-actions", src)
    app = build(src, tmp_path / "out")
    entry = Path(app.outdir) / "pagefind" / "pagefind-entry.json"
    made = entry.stat().st_mtime_ns
    build(src, tmp_path / "out")
    assert entry.stat().st_mtime_ns == made  # nothing written, nothing indexed
    entry.write_text(entry.read_text(encoding="utf-8").replace(pagefind_version(), "1.4.0"), encoding="utf-8")
    build(src, tmp_path / "out")
    assert json.loads(entry.read_text(encoding="utf-8"))["version"] == pagefind_version()


def test_two_outputs_sharing_the_doctrees_each_get_their_own_records(tmp_path):
    """The records' pages live beside the doctrees; whether an output's records bundle is
    current is read from that bundle, so a second output built in between does not make
    the first one's stale bundle look current."""
    from sphinx.application import Sphinx

    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-actions", src)
    doctrees = tmp_path / "doctrees"

    def build_into(name: str) -> Path:
        app = Sphinx(src, src, tmp_path / name, doctrees, "html", status=None, warning=None)
        app.build()
        return Path(app.outdir)

    first = build_into("first")
    retro = src / "droogte" / "index.md"
    retro.write_text(retro.read_text(encoding="utf-8").replace("Meet voordat u besluit", "Meet eerst, besluit daarna"),
                     encoding="utf-8")
    build_into("second")
    again = build_into("first")
    titles = {r["meta"]["title"] for r in lesson_records(again).values()}
    assert "Meet eerst, besluit daarna" in titles and "Meet voordat u besluit" not in titles
    assert first == again


def test_without_pagefind_search_stays_sphinxs_and_the_finder_a_table(tmp_path):
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-actions", src)
    app = build(src, tmp_path / "out", ilc_search=False)
    out = Path(app.outdir)
    assert (out / "searchindex.js").is_file() and not (out / "pagefind").exists()
    soup = BeautifulSoup((out / "lessen.html").read_text(encoding="utf-8"), "html.parser")
    assert soup.select_one(".ilc-finder-app") is None
    assert soup.select_one("table.ilc-lessons-table") is not None
    assert not [w for w in ilc_warnings(app) if "lesson-finder" in w]


def test_the_finder_in_text_output_is_the_table(tmp_path_factory):
    app = built_root(tmp_path_factory, "actions", builder="text")
    text = (Path(app.outdir) / "lessen.txt").read_text(encoding="utf-8")
    zoeken = text.split("Zoeken", 1)[1]
    assert "Meet voordat u besluit" in zoeken and "Praat met de boeren" not in zoeken
