"""The extension outside our repository (CONTRACT §12): pip only, every theme, every output.

A wheel built from a clean copy, installed non-editable with its `search` extra into a fresh venv, and
a project that lists only `ilc_canvas` (tests/roots/test-outside), built with
-W in the five themes and with every builder: LaTeX compiled to a PDF whose
links all resolve, text readable at 80 columns, man pages without raw
anchors, an EPUB that epubcheck passes. The browser looks at the themes in
tests/browser/test_themes.py.

latexmk and epubcheck come from Debian (.ci/run installs them); without them
these tests skip locally and fail in CI (ILC_REQUIRE_BROWSER=1).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
import zipfile

import pytest

from ilc_testing import pagefind_records
from outside import THEMES, clean_copy, run

pytestmark = pytest.mark.outside


def need(tool: str) -> str:
    found = shutil.which(tool)
    if found is None:
        message = f"{tool} is missing: apt-get install (see .ci/run)"
        if os.environ.get("ILC_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return found


def test_the_wheel_carries_mermaid_and_its_licence(outside):
    names = set(zipfile.ZipFile(outside.wheel).namelist())
    static = "ilc_canvas/static/mermaid/"
    assert {f"{static}mermaid.esm.min.mjs", f"{static}d3.min.js", f"{static}LICENSE-mermaid.txt",
            f"{static}LICENSE-d3.txt", f"{static}VERSIONS", "ilc_canvas/static/ilc-canvas.css"} <= names
    chunks = [n for n in names if n.startswith(f"{static}chunks/mermaid.esm.min/")]
    assert len(chunks) > 50 and all(n.endswith(".mjs") for n in chunks)


@pytest.mark.parametrize("theme", THEMES)
def test_every_theme_builds_with_W(outside, theme):
    site = outside.theme_site(theme)
    page = (site / "usecases" / "hitte.html").read_text(encoding="utf-8")
    assert 'class="ilc-canvas"' in page and "ilc-canvas.css" in page
    assert 'import mermaid from "../_static/mermaid/mermaid.esm.min.mjs"' in page
    assert (site / "_static" / "mermaid" / "LICENSE-mermaid.txt").is_file()
    assert not re.search(r'(src|href)="https?://', page.split("<body")[0]), "the head loads from another host"
    # the search finds a page by its own words, not by what the theme puts around them in
    # its main column on every page (the page's contents, previous and next, the footer)
    searched = {f["url"]: f["content"] for f in pagefind_records(site, "pagefind")}
    assert "Laat de kaart vroeg zien" in searched["/usecases/hitte-retrospectief.html"]
    for chrome in ("vorige", "On this page", "Inhoud", "Copyright", ".pdf"):
        assert not [url for url, content in searched.items() if chrome in content], (theme, chrome)


def test_a_build_with_nothing_changed_writes_no_page(outside):
    out = outside.root / "noop"
    first = outside.build("html", out)
    assert first.returncode == 0 and not first.stderr.strip(), first.stderr
    pages = {p: p.stat().st_mtime_ns for p in out.rglob("*.html") if p.name not in ("search.html", "genindex.html")}
    time.sleep(1.1)
    second = outside.build("html", out)
    assert second.returncode == 0
    assert "configuration has changed" not in second.stdout + second.stderr
    assert "no targets are out of date" in second.stdout
    assert [p.name for p, mtime in pages.items() if p.stat().st_mtime_ns != mtime] == []


def test_latex_pdf_has_every_link_and_the_listings(outside):
    need("latexmk")
    out = outside.root / "latex"
    result = outside.build("latex", out)
    assert result.returncode == 0 and not result.stderr.strip(), result.stderr
    tex = next(out.glob("*.tex"))
    made = run(["latexmk", "-pdf", "-interaction=nonstopmode", "-halt-on-error", tex.name], cwd=out)
    log = tex.with_suffix(".log").read_text(encoding="latin-1")
    assert made.returncode == 0, log[-3000:]
    assert "undefined" not in log.lower(), [line for line in log.splitlines() if "undefined" in line.lower()]
    assert "Overfull \\hbox" not in log  # nothing, the listing tables included, runs over the page
    pdftotext = need("pdftotext")
    text = subprocess.run([pdftotext, "-layout", str(tex.with_suffix(".pdf")), "-"], capture_output=True,
                          text=True).stdout
    for shown in ("Minder hitte in de binnenstad", "Maatschappelijk vraagstuk", "Laat de kaart vroeg zien",
                  "Leg uit wat een maat betekent", "Gemeente Voorbeeld"):
        assert shown in text
    # the listing table: its column headings and a row
    assert re.search(r"Titel\s+Usecase\s+Datum", text)


def test_text_listings_read_at_80_columns(outside):
    out = outside.root / "text"
    result = outside.build("text", out)
    assert result.returncode == 0 and not result.stderr.strip(), result.stderr
    text = (out / "lessen.txt").read_text(encoding="utf-8")
    assert max(len(line) for line in text.splitlines()) <= 80
    assert "Laat de kaart vroeg zien" in text and "Usecase: Minder hitte in de binnenstad" in text
    assert "| T |" not in text  # not a column per character


def test_man_pages_show_no_raw_anchors(outside):
    out = outside.root / "man"
    result = outside.build("man", out)
    assert result.returncode == 0 and not result.stderr.strip(), result.stderr
    page = next(out.glob("*.1")).read_text(encoding="utf-8")
    assert "Laat de kaart vroeg zien" in page
    assert "<#" not in page and "#\\:" not in page


def test_epub_passes_epubcheck(outside):
    jar = "/usr/share/java/epubcheck.jar"  # Debian's epubcheck is a bare jar
    if not os.path.isfile(jar):
        need("epubcheck")
    out = outside.root / "epub"
    result = outside.build("epub", out)
    assert result.returncode == 0 and not result.stderr.strip(), result.stderr
    book = next(out.glob("*.epub"))
    checked = run([need("java"), "-jar", jar, book], cwd=out)
    assert "No errors or warnings detected" in checked.stdout + checked.stderr, checked.stdout + checked.stderr
    with zipfile.ZipFile(book) as epub:
        page = epub.read("EPUB/usecases/hitte.xhtml").decode("utf-8") if "EPUB/usecases/hitte.xhtml" in \
            epub.namelist() else epub.read("usecases/hitte.xhtml").decode("utf-8")
        css = "\n".join(epub.read(n).decode("utf-8") for n in epub.namelist() if n.endswith("ilc-canvas.css"))
    assert "Eigenaar" in page and "dl.ilc-meta > dt::after" in css


@pytest.mark.parametrize("builder", ["singlehtml", "dirhtml"])
def test_singlehtml_and_dirhtml(outside, builder):
    out = outside.root / builder
    result = outside.build(builder, out)
    assert result.returncode == 0 and not result.stderr.strip(), result.stderr
    page = (out / "index.html") if builder == "singlehtml" else (out / "usecases" / "hitte" / "index.html")
    html = page.read_text(encoding="utf-8")
    assert 'class="ilc-canvas"' in html and "mermaid.esm.min.mjs" in html
    assert (out / "_static" / "mermaid" / "mermaid.esm.min.mjs").is_file()


def test_pip_install_in_a_clone_leaves_build_folders_that_are_not_pages(outside, tmp_path):
    """`pip install .` in a clone leaves build/lib/... (templates as .md): the site and ilc check ignore it."""
    clone = clean_copy(tmp_path / "clone")
    installed = run([outside.python, "-m", "pip", "install", "--quiet", "--no-deps", "--force-reinstall", "."],
                    cwd=clone)
    assert installed.returncode == 0, installed.stderr
    assert list((clone / "build").rglob("*.md")), "pip left no build/ folder to test with"
    site = run([outside.python, "-m", "pip", "install", "--quiet", "sphinx-design"], cwd=clone)
    assert site.returncode == 0, site.stderr
    built = outside.build("html", tmp_path / "site", project=clone)
    assert built.returncode == 0 and not built.stderr.strip(), built.stderr
    assert not (tmp_path / "site" / "build").exists()
    ilc = outside.python.parent / "ilc"
    checked = run([ilc, "check"], cwd=clone)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    # the wheel is installed again for the other tests
    assert run([outside.python, "-m", "pip", "install", "--quiet", "--no-deps", "--force-reinstall", outside.wheel],
               cwd=tmp_path).returncode == 0


def test_a_new_site_from_the_installed_package_builds_with_W(outside, tmp_path):
    """`ilc new site` from the wheel (its templates are package data), then `ilc new usecase`
    and `ilc build -W`, in a folder outside the repository."""
    ilc = outside.python.parent / "ilc"
    made = run([ilc, "new", "site", "ILC Provincie Voorbeeld", "--owner", "Provincie Voorbeeld", "--dir", "site"],
               cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    site = tmp_path / "site"
    assert run([ilc, "new", "usecase", "Hitte in de stad", "--owner", "Provincie Voorbeeld"], cwd=site).returncode == 0
    built = run([ilc, "build", "-W"], cwd=site)
    assert built.returncode == 0, built.stdout + built.stderr
    assert "Hitte in de stad" in (site / "_build" / "html" / "usecases" / "index.html").read_text(encoding="utf-8")
    assert (site / "_build" / "html" / "pagefind" / "lessons" / "pagefind-entry.json").is_file()
