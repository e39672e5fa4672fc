"""Listings stay current under incremental and parallel builds (contract 3.3).

Each scenario builds a site, edits it, rebuilds incrementally with a new app
(so the pickled environment is used), and compares every page with a clean
build of the edited sources.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from ilc_testing import ROOTS


def bodies(outdir: Path) -> dict[str, str]:
    """The main content of every page (the theme around it is not ours)."""
    out = {}
    for path in sorted(outdir.rglob("*.html")):
        if path.name in ("genindex.html", "search.html", "py-modindex.html"):
            continue
        body = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").select_one("div.body")
        out[str(path.relative_to(outdir))] = str(body)
    for path in sorted((outdir / "_ilc").glob("*.json")):
        out[str(path.relative_to(outdir))] = path.read_text(encoding="utf-8")
    return out


def touch(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    future = time.time() + 5
    os.utime(path, (future, future))


def edit(src: Path, scenario: str) -> None:
    retro2 = src / "almere" / "retro-2.md"
    if scenario == "change":
        touch(retro2, retro2.read_text(encoding="utf-8").replace(
            "Regel data-afspraken vroeg", "Maak data-afspraken in de eerste maand").replace("aspect: technologisch", "aspect: sociaal"))
    elif scenario == "add":
        dronten = src / "dronten" / "index.md"
        text = dronten.read_text(encoding="utf-8").rstrip().removesuffix("```")
        touch(dronten, text + "  - id: nieuwe-les\n    titel: Een nieuwe les\n    thema: [data]\n"
              "    stroom: onder\n    aspect: technologisch\n```\n")
    elif scenario == "remove":
        retro1 = src / "almere" / "retro-1.md"
        text = retro1.read_text(encoding="utf-8")
        start = text.index("  - id: begrippen")
        end = text.index("```", start)
        touch(retro1, text[:start] + text[end:])
    elif scenario == "delete-page":
        retro2.unlink()
        index = src / "index.md"
        touch(index, index.read_text(encoding="utf-8").replace("almere/retro-2\n", "").replace(
            " en {lesson}`anders gezegd <data-vroeg>`", ""))
    else:
        raise ValueError(scenario)


@pytest.mark.parametrize("scenario", ["change", "add", "remove", "delete-page"])
def test_incremental_build_equals_clean_build(make_app, tmp_path, scenario):
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-lessons", src)
    first = make_app("html", srcdir=src, builddir=tmp_path / "inc", freshenv=True)
    first.build()
    before = bodies(first.outdir)

    edit(src, scenario)
    again = make_app("html", srcdir=src, builddir=tmp_path / "inc")
    again.build()
    incremental = bodies(again.outdir)

    clean_src = tmp_path / "clean"
    shutil.copytree(src, clean_src)
    clean = make_app("html", srcdir=clean_src, builddir=tmp_path / "clean-out", freshenv=True)
    clean.build()
    expected = bodies(clean.outdir)

    if scenario == "delete-page":
        # Sphinx leaves the deleted page's old HTML file behind; it is no longer linked
        incremental.pop("almere/retro-2.html")
    assert incremental.keys() == expected.keys()
    for name in expected:
        assert incremental[name] == expected[name], f"{name} differs from a clean build after '{scenario}'"
    assert incremental["lessen.html"] != before["lessen.html"]


def test_unrelated_edit_rewrites_only_what_changed(make_app, tmp_path):
    """Editing a lesson's text (shown nowhere else) rewrites only its own page."""
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-lessons", src)
    first = make_app("html", srcdir=src, builddir=tmp_path / "out", freshenv=True)
    first.build()
    retro1 = src / "almere" / "retro-1.md"
    touch(retro1, retro1.read_text(encoding="utf-8").replace("Niet bij IT.", "Niet bij de IT-afdeling."))
    written: list[str] = []
    again = make_app("html", srcdir=src, builddir=tmp_path / "out")
    again.connect("html-page-context", lambda app, name, *a: written.append(name))
    again.build()
    # Sphinx itself rewrites the page whose toctree holds the edited page (index);
    # the pages showing other lessons and use cases are not written again
    assert "almere/retro-1" in written
    assert not {"lessen", "almere/index", "dronten/index", "almere/retro-2"} & set(written)


def test_parallel_build_equals_serial(make_app, tmp_path):
    outputs = []
    for parallel in (0, 2):
        src = tmp_path / f"src-{parallel}"
        shutil.copytree(ROOTS / "test-lessons", src)
        app = make_app("html", srcdir=src, builddir=tmp_path / f"out-{parallel}", freshenv=True, parallel=parallel)
        app.build()
        outputs.append(bodies(app.outdir))
    serial, parallel = outputs
    assert serial.keys() == parallel.keys()
    for name in serial:
        assert serial[name] == parallel[name], f"{name} differs between -j 2 and a serial build"


def test_an_upgrade_of_the_extension_writes_every_page_again(tmp_path, monkeypatch):
    """The environment's version is a hash of the extension's code, data and scripts: a
    build after an upgrade (here: another hash) reads and writes every page again, so no
    page keeps the records, labels or markup of the version before while the scripts are
    new ones (the finder's labels are in its page). The same code twice writes nothing."""
    import ilc_canvas
    from ilc_testing import build_once

    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-actions", src)
    build_once(src, builddir=tmp_path / "out")
    out = tmp_path / "out" / "html"
    pages = {p: p.stat().st_mtime_ns for p in out.rglob("*.html") if p.name not in ("genindex.html", "search.html")}
    time.sleep(0.05)
    _app, status, _warnings = build_once(src, builddir=tmp_path / "out")
    assert "no targets are out of date" in status
    assert [p for p, mtime in pages.items() if p.stat().st_mtime_ns != mtime] == []
    monkeypatch.setattr(ilc_canvas, "_code_version", lambda: 1)
    _app, status, _warnings = build_once(src, builddir=tmp_path / "out")
    assert "build environment version not current" in status
    assert [p for p, mtime in pages.items() if p.stat().st_mtime_ns == mtime] == []


def test_the_environments_version_follows_the_code_data_and_scripts(tmp_path):
    """What the version hashes: a change to a module, a label or a script gives another
    version; Mermaid's vendored files, which do not shape the pages, do not."""
    import ilc_canvas

    package = shutil.copytree(Path(ilc_canvas.__file__).parent, tmp_path / "ilc_canvas",
                              ignore=shutil.ignore_patterns("__pycache__"))
    first = ilc_canvas._code_version(package)
    assert first == ilc_canvas._code_version(package)
    (package / "static" / "mermaid" / "VERSIONS").write_text("another", encoding="utf-8")
    assert ilc_canvas._code_version(package) == first
    seen = {first}
    for changed in ("static/ilc-finder.js", "data/labels.yaml", "sphinxext/search.py"):
        path = package / changed
        path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
        seen.add(ilc_canvas._code_version(package))
    assert len(seen) == 4
