"""Other organisations' sites (`ilc_sites`, CONTRACT §9; issue 18).

Three small sites are built here: "provincie" (tests/roots/test-actions, read
from its build folder), "gemeente" (the same project, served over HTTP on
127.0.0.1: the same ids on two sites are not duplicates) and this site
(tests/roots/test-lessons), whose pages list, link and search both.
"""

from __future__ import annotations

import datetime
import json
import shutil
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

from ilc_canvas.core.site import SITES_CACHE
from ilc_testing import ROOTS, build_once
from test_freshness import bodies

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
import sitebrowser  # noqa: E402

PROVINCIE = "https://example.org/ilc-provincie/"
OTHER_PAGE = """---
orphan: true
---
# Van andere sites

De les {lesson}`provincie:les-droog-1` en de usecase {usecase}`gemeente:hitte`.

```{lessons}
:site: provincie
```

```{lessons}
:site: self
```

```{usecases}
:site: !self
```
"""


def build(src: Path, out: Path, **overrides) -> tuple[SphinxTestApp, str, str]:
    return build_once(src, builddir=out, confoverrides=overrides or None)


def written(outdir: Path) -> dict[str, int]:
    return {str(p.relative_to(outdir)): p.stat().st_mtime_ns for p in sorted(outdir.rglob("*.html"))
            if p.name not in ("genindex.html", "search.html")}


class Sites:
    def __init__(self, root: Path, gemeente_url: str):
        self.root = root
        self.gemeente_url = gemeente_url
        self.provincie_src = root / "provincie"
        self.provincie_out = root / "provincie-build"
        self.here = root / "here"
        self.out = root / "here-build"

    def build_provincie(self):
        return build(self.provincie_src, self.provincie_out)

    def build_here(self, **overrides):
        return build(self.here, self.out, **overrides)

    @property
    def html(self) -> Path:
        return self.out / "html"


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    root = tmp_path_factory.mktemp("sites")
    shutil.copytree(ROOTS / "test-actions", root / "provincie")
    shutil.copytree(ROOTS / "test-actions", root / "gemeente")
    _, _, _ = build(root / "gemeente", root / "gemeente-build")
    with sitebrowser.serve(root / "gemeente-build" / "html") as url:
        setup = Sites(root, url)
        setup.build_provincie()
        shutil.copytree(ROOTS / "test-lessons", setup.here)
        with (setup.here / "conf.py").open("a", encoding="utf-8") as conf:
            conf.write(f"ilc_sites = {{\n    'provincie': ({PROVINCIE!r}, '../provincie-build/html'),\n"
                       f"    'gemeente': ({url!r}, None),\n}}\n")
        (setup.here / "andere.md").write_text(OTHER_PAGE, encoding="utf-8")
        setup.first = setup.build_here()
        yield setup


def page(sites: Sites, name: str) -> BeautifulSoup:
    return BeautifulSoup((sites.html / name).read_text(encoding="utf-8"), "html.parser")


def test_listings_and_roles_show_the_other_sites_with_links_to_their_pages(sites):
    _app, _status, warnings = sites.first
    assert "WARNING" not in warnings, warnings
    soup = page(sites, "andere.html")
    role = soup.find("a", string="Meet voordat u besluit")
    assert role["href"] == PROVINCIE + "droogte/index.html#lesson-les-droog-1"
    tables = soup.select("table.ilc-lessons-table")
    theirs = {a.get_text(): a["href"] for a in tables[0].select("tbody a")}
    assert theirs["Meet voordat u besluit"] == PROVINCIE + "droogte/index.html#lesson-les-droog-1"
    assert "Praat met de boeren" not in theirs  # intern: true never leaves its site
    assert all(href.startswith(PROVINCIE) for href in theirs.values())
    assert any(text.endswith("(provincie)") for text in theirs)  # the use case names its site
    ours = [a["href"] for a in tables[1].select("tbody a")]
    assert ours and not any("://" in href for href in ours)
    usecases = soup.select_one("table.ilc-usecases-table").get_text(" ")
    assert "(provincie)" in usecases and "(gemeente)" in usecases
    usecase_role = soup.find("a", href=sites.gemeente_url + "hitte/index.html#usecase-hitte")
    assert usecase_role is not None


def test_the_other_sites_search_indexes_are_copied_in(sites):
    for name in ("provincie", "gemeente"):  # from a folder, and over HTTP (its pagefind/ilc-files.json)
        copy = sites.html / "_ilc" / "sites" / name / "pagefind"
        for bundle in (copy, copy / "lessons"):  # the pages, and the records the finder merges
            assert (bundle / "pagefind-entry.json").is_file(), (name, bundle)
            assert sorted(p.name for p in (bundle / "fragment").iterdir()), (name, bundle)


def test_a_changed_lesson_on_another_site_rewrites_exactly_the_pages_that_show_it(sites):
    before, shown = written(sites.html), bodies(sites.html)
    again = sites.build_here()
    assert written(sites.html) == before, "a build with nothing changed wrote pages"
    assert "WARNING" not in again[2]
    retro = sites.provincie_src / "droogte" / "index.md"
    retro.write_text(retro.read_text(encoding="utf-8").replace("Meet voordat u besluit", "Meet eerst, besluit dan"),
                     encoding="utf-8")
    sites.build_provincie()
    sites.build_here()
    after = written(sites.html)
    rewritten = {name for name in after if after[name] != before.get(name)}
    changed = {name for name, body in bodies(sites.html).items() if name.endswith(".html") and body != shown.get(name)}
    assert "andere.html" in rewritten and "Meet eerst, besluit dan" in (sites.html / "andere.html").read_text()
    # Sphinx itself rewrites the page whose toctree holds a rewritten page (index)
    assert rewritten - {"index.html"} == changed
    assert "lessen.html" in rewritten  # its listing without :site: shows every site's lessons
    assert "almere/retro-1.html" not in rewritten


def test_an_unreachable_site_is_served_from_its_copy_and_a_new_one_warns_once(sites, tmp_path):
    shutil.move(sites.provincie_out, tmp_path / "away")
    try:
        _app, status, warnings = sites.build_here()
        assert "WARNING" not in warnings, warnings
        assert "ilc: site 'provincie' could not be read" in status and "using the copy of its last read" in status
        assert f"could not be read (there is no folder {sites.provincie_out / 'html'}); using" in status, status
        # with the day of that read, so that a maintainer sees how old the copy is
        today = datetime.date.today()
        assert f"using the copy of its last read ({today.isoformat()}, today)" in status, status
        stamp = sites.out / "doctrees" / SITES_CACHE / "provincie" / "read-on"
        stamp.write_text((today - datetime.timedelta(days=12)).isoformat(), encoding="utf-8")
        _app, status, _warnings = sites.build_here()
        assert f"last read ({(today - datetime.timedelta(days=12)).isoformat()}, 12 days ago)" in status, status
        assert "Meet" in (sites.html / "andere.html").read_text(encoding="utf-8")
        # -W with the copy and no source passes
        build_once(sites.here, builddir=sites.out, warningiserror=True)
        # a fresh output folder (the doctrees kept, as a CI cache keeps them): the copy of the
        # search index serves too, so that the finder and the search page still merge the site
        shutil.copytree(sites.out / "doctrees", tmp_path / "elsewhere" / "doctrees")
        build_once(sites.here, builddir=tmp_path / "elsewhere", warningiserror=True)
        elsewhere = tmp_path / "elsewhere" / "html"
        assert (elsewhere / "_ilc" / "sites" / "provincie" / "pagefind" / "lessons" / "pagefind-entry.json").is_file()
        search = BeautifulSoup((elsewhere / "search.html").read_text(encoding="utf-8"), "html.parser")
        assert [name for name, _url in json.loads(search.select_one(".ilc-search-app")["data-sites"])] == \
            ["gemeente", "provincie"]
        # without any copy: one ilc.site warning at the site's entry in conf.py, and the build goes on
        _app, _status, fresh = build(sites.here, tmp_path / "fresh")
        lines = [line for line in fresh.splitlines() if "[ilc.site]" in line]
        assert len(lines) == 1 and "site 'provincie' could not be read" in lines[0], fresh
        conf = (sites.here / "conf.py").read_text(encoding="utf-8").splitlines()
        entry = next(n for n, text in enumerate(conf, 1) if text.strip().startswith("'provincie':"))
        assert lines[0].startswith(f"{sites.here / 'conf.py'}:{entry}:"), lines[0]
        assert (tmp_path / "fresh" / "html" / "andere.html").is_file()
    finally:
        shutil.move(tmp_path / "away", sites.provincie_out)


def test_a_site_left_out_takes_its_search_index_along(sites, tmp_path):
    """Unreadable and no copy of it: its lessons are left out, and so is its copied search
    index, which the finder and the search page would merge; when it is back, so is its index."""

    copy = sites.html / "_ilc" / "sites" / "provincie"
    assert (copy / "pagefind" / "pagefind-entry.json").is_file()
    cache = sites.out / "doctrees" / SITES_CACHE / "provincie"
    shutil.move(sites.provincie_out, tmp_path / "away")
    shutil.move(cache, tmp_path / "cache")
    try:
        _app, _status, warnings = sites.build_here()
        assert "site 'provincie' could not be read" in warnings and "no copy of it" in warnings
        assert not copy.exists()
        search = page(sites, "search.html").select_one(".ilc-search-app")
        assert [name for name, _url in json.loads(search["data-sites"])] == ["gemeente"]
        assert search.select_one("label").get_text() == "Zoek op deze site en op die van gemeente"
    finally:
        shutil.move(tmp_path / "away", sites.provincie_out)
        shutil.rmtree(cache, ignore_errors=True)
        shutil.move(tmp_path / "cache", cache)
    sites.build_here()
    assert (copy / "pagefind" / "pagefind-entry.json").is_file()
    search = page(sites, "search.html").select_one(".ilc-search-app")
    assert [name for name, _url in json.loads(search["data-sites"])] == ["gemeente", "provincie"]
    # the search field says where it searches
    assert search.select_one("label").get_text() == "Zoek op deze site en op die van gemeente en provincie"


def test_a_site_without_a_search_index_says_so_in_an_info_line(sites, tmp_path):
    """A site built without Pagefind (the search extra) has listings but nothing to search:
    the finder and the search page leave it out, and the build says why, as a line of
    information (it is the other site's choice)."""
    index = sites.provincie_out / "html" / "pagefind"
    kept = sites.out / "doctrees" / SITES_CACHE / "provincie" / "pagefind"
    shutil.move(index, tmp_path / "index")
    shutil.move(kept, tmp_path / "kept")
    shutil.rmtree(sites.html / "_ilc" / "sites" / "provincie")  # (as when it never had one)
    try:
        _app, status, warnings = sites.build_here()
        assert "WARNING" not in warnings, warnings
        assert (f"ilc: site 'provincie' has no search index to copy ({index / 'ilc-files.json'}), so the lessons "
                "finder and the search page leave it out") in status, status
        assert not (sites.html / "_ilc" / "sites" / "provincie").exists()
        assert "Meet" in (sites.html / "andere.html").read_text(encoding="utf-8")
    finally:
        shutil.move(tmp_path / "index", index)
        shutil.rmtree(kept, ignore_errors=True)
        shutil.move(tmp_path / "kept", kept)
    _app, status, _warnings = sites.build_here()
    assert "has no search index" not in status
    assert (sites.html / "_ilc" / "sites" / "provincie" / "pagefind" / "pagefind-entry.json").is_file()


def test_a_site_indexed_by_another_minor_version_of_pagefind_is_left_out_of_the_search(sites):
    """Pagefind 1.5.2 merges an index of 1.4.0 without an error and finds nothing in it (tried
    in a browser): a warning says so, and the finder and the search page leave that site out
    (its lessons stay in the listings). When the versions agree again, the finder's page,
    whose listing did not change, is written again with the site merged."""
    from ilc_canvas.sphinxext.sites import pagefind_version

    ours = pagefind_version()
    index = sites.provincie_out / "html" / "pagefind"
    entries = [index / "pagefind-entry.json", index / "lessons" / "pagefind-entry.json"]
    listing = index / "ilc-files.json"
    kept = {path: path.read_text(encoding="utf-8") for path in [*entries, listing]}
    (sites.here / "vinder.md").write_text("---\norphan: true\n---\n# Vinder\n\n```{lesson-finder}\n```\n",
                                          encoding="utf-8")
    finder_sites = lambda: [name for name, _url in json.loads(  # noqa: E731
        page(sites, "vinder.html").select_one(".ilc-finder-app")["data-sites"])]
    try:
        sites.build_here()
        assert finder_sites() == ["gemeente", "provincie"]
        for entry in entries:
            entry.write_text(kept[entry].replace(f'"version":"{ours}"', '"version":"1.4.0"'), encoding="utf-8")
        listing.write_text(kept[listing] + "\n", encoding="utf-8")  # (as a new index lists other files)
        _app, _status, warnings = sites.build_here()
        lines = [line for line in warnings.splitlines() if "[ilc.site]" in line]
        assert len(lines) == 1, warnings
        assert f"site 'provincie' was made by Pagefind 1.4.0, this site's by Pagefind {ours}" in lines[0]
        conf = (sites.here / "conf.py").read_text(encoding="utf-8").splitlines()
        entry_line = next(n for n, text in enumerate(conf, 1) if text.strip().startswith("'provincie':"))
        assert lines[0].startswith(f"{sites.here / 'conf.py'}:{entry_line}:"), lines[0]
        assert not (sites.html / "_ilc" / "sites" / "provincie").exists()
        assert finder_sites() == ["gemeente"]
        assert [name for name, _url in json.loads(page(sites, "search.html").select_one(".ilc-search-app")["data-sites"])] \
            == ["gemeente"]
        assert "Meet" in (sites.html / "andere.html").read_text(encoding="utf-8")  # the listings keep it
    finally:
        for path, text in kept.items():
            path.write_text(text, encoding="utf-8")
    _app, _status, warnings = sites.build_here()
    assert "[ilc.site]" not in warnings, warnings
    assert finder_sites() == ["gemeente", "provincie"]
    (sites.here / "vinder.md").unlink()
    sites.build_here()


def test_bad_ilc_sites_and_unknown_names_warn(tmp_path):
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-lessons", src)
    (src / "conf.py").open("a").write("ilc_sites = {'x': 'https://example.org/'}\n")
    (src / "andere.md").write_text("---\norphan: true\n---\n# A\n\n{lesson}`elders:les`\n\n```{lessons}\n:site: x\n```\n",
                                   encoding="utf-8")
    _app, _status, warnings = build(src, tmp_path / "out")
    lines = [line.replace(str(src) + "/", "") for line in warnings.splitlines() if "WARNING" in line]
    assert any("ilc_sites entry 'x' must be name: (public URL" in line and "[ilc.site]" in line for line in lines)
    assert any(line.startswith("andere.md:9:") and "unknown site 'x'" in line and "[ilc.ref]" in line for line in lines)
    assert any(line.startswith("andere.md:6:") and "unknown site 'elders' in 'elders:les'" in line for line in lines)


def test_ilc_check_reads_only_the_copy(sites, capsys, monkeypatch):
    from ilc_canvas.cli import main

    # `ilc check` looks for copies beside the doctrees of _build/*/ (as `sphinx-build . _build/html` keeps
    # them) and of _build/doctrees (`ilc build`, `make html`)
    build_folder = sites.here / "_build"
    shutil.rmtree(build_folder, ignore_errors=True)
    shutil.copytree(sites.out / "doctrees", build_folder / "html" / ".doctrees")
    (sites.here / "check.md").write_text("---\norphan: true\n---\n# C\n\n{lesson}`provincie:bestaat-niet`\n",
                                         encoding="utf-8")
    monkeypatch.chdir(sites.here)
    try:
        code = main(["check"])
    finally:
        (sites.here / "check.md").unlink()
        shutil.rmtree(build_folder)
    captured = capsys.readouterr()
    shown = captured.out + captured.err
    assert code == 1
    assert "check.md:6: unknown lesson 'provincie:bestaat-niet'" in shown, shown
    assert "andere.md" not in shown  # the lessons it names are in the copy
    assert "1 problem" in shown
    assert "there is no copy" not in shown
    # with no build before it (a fresh CI runner): the check says what it cannot check
    (sites.here / "check.md").write_text("---\norphan: true\n---\n# C\n\n{lesson}`provincie:bestaat-niet`\n",
                                         encoding="utf-8")
    try:
        code = main(["check"])
    finally:
        (sites.here / "check.md").unlink()
    shown = capsys.readouterr().err
    assert code == 0
    assert "ilc check: note: there is no copy of site 'provincie' from a build here (_build/): references to " \
           "its lessons and use cases are not checked" in shown, shown


def test_another_sites_values_of_the_wrong_kind_are_read_as_text():
    """A title or date written as a number in another site's JSON is text here, as in this site's records."""
    from ilc_canvas.core.site import other_site

    documents = {"usecases": {"schema_version": 1, "usecases": [{"id": "u", "title": 2024, "url": "u.html"}]},
                 "lessons": {"schema_version": 1, "lessons": [{"id": "l", "title": None, "date": 20240501, "usecase": "u",
                                                              "url": "u.html#lesson-l"}]}}
    site = other_site("elders", "https://example.org/elders", documents)
    assert site.usecases[0].title == "2024" and site.usecases[0].url == "https://example.org/elders/u.html"
    assert site.lessons[0].title == "" and site.lessons[0].date == "20240501"
