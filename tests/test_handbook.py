"""The handbook's content (issue 16): it keeps the method and its own elaboration
apart, cites no fictional lesson as evidence, has a glossary that the pages use,
and shows its entry points as cards.

The site is built once, into a temporary folder, exactly as the README builds it
(-W --keep-going), and the HTML is read with BeautifulSoup.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent

# The class of the admonition that marks the handbook's own elaboration.
ELABORATION = "handboek-uitwerking"
# The parts of the site that describe the method and the handbook's way of working.
METHOD_DIRS = ("docs/methode", "docs/werkwijze")
# Words that say a passage is about an example, not the method's evidence.
EXAMPLE_WORDS = ("voorbeeld", "fictie", "fictief", "verzonnen")
# The entry points the landing page offers (targets of its cards).
ENTRY_POINTS = {
    "docs/methode/index.html",
    "usecases/index.html",
    "usecases/lessen.html",
    "docs/handleiding/index.html",
    "docs/referentie/index.html",
}


@pytest.fixture(scope="module")
def build(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    out = tmp_path_factory.mktemp("handbook")
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-W", "--keep-going", "-q",
         str(ROOT), str(out / "html"), "-d", str(out / "doctrees")],
        capture_output=True, text=True, cwd=ROOT, check=False,
    )
    return out / "html", result


@pytest.fixture(scope="module")
def site(build) -> Path:
    html, result = build
    if result.returncode != 0 or not (html / "index.html").is_file():
        pytest.fail(f"the site did not build:\n{result.stderr}")
    return html


def page(site: Path, name: str) -> BeautifulSoup:
    return BeautifulSoup((site / name).read_text(encoding="utf-8"), "html.parser")


def content(soup: BeautifulSoup):
    """The page's own content, without the navigation around it."""
    article = soup.select_one("article") or soup.select_one("main") or soup
    return article


def elaborations(soup: BeautifulSoup) -> list[str]:
    """The texts of the elements that mark the handbook's elaboration, lower case."""
    return [el.get_text(" ", strip=True).lower() for el in content(soup).select(f".{ELABORATION}")]


def method_pages(site: Path) -> list[Path]:
    return sorted(p for d in METHOD_DIRS for p in (site / d).rglob("*.html"))


def rel(site: Path, path: Path) -> str:
    return path.relative_to(site).as_posix()


# (1) ---------------------------------------------------------------------------

def test_site_builds_without_warnings(build):
    html, result = build
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == "", f"warnings:\n{result.stderr}"
    assert (html / "index.html").is_file()


def test_the_site_folder_holds_no_doctrees(site_build):
    """The folder `make html` writes (site_build reuses it) is what a host publishes: the
    doctrees (Sphinx's pickles, the search's copy of every page) go beside it, not into it."""
    assert not (site_build[0] / ".doctrees").exists()


# (2) ---------------------------------------------------------------------------

def test_five_phases_are_marked_as_the_handbooks_elaboration(site):
    """Every page that shows or introduces the five phases says, in a marked
    element, that the phases are the handbook's model."""
    introducing = {"index.html", "docs/methode/usecase-als-leeromgeving.html"}
    for path in [site / "index.html", *method_pages(site)]:
        name = rel(site, path)
        body = content(page(site, name))
        shown = body.select_one(".ilc-process") is not None
        for marked in body.select(f".{ELABORATION}"):
            marked.decompose()
        if shown or "vijf fasen" in body.get_text(" ", strip=True).lower():
            introducing.add(name)
    for name in sorted(introducing):
        texts = elaborations(page(site, name))
        assert any("fasen" in t for t in texts), f"{name}: the phases are not marked as the handbook's"


def test_canvas_blocks_are_marked_as_the_handbooks_elaboration(site):
    soup = page(site, "docs/methode/usecasecanvas.html")
    assert content(soup).select_one("section.ilc-canvas.ilc-template") is not None
    texts = elaborations(soup)
    assert any("blokken" in t and "methode" in t for t in texts), texts


def test_workshop_scripts_and_working_forms_are_marked(site):
    workshops = sorted((site / "docs/werkwijze/workshops").glob("workshop-*.html"))
    forms = sorted(p for p in (site / "docs/werkwijze/werkvormen").glob("*.html") if p.name != "index.html")
    assert len(workshops) >= 4, "a script per workshop"
    assert len(forms) >= 5, "the five working forms"
    for path in workshops + forms:
        assert elaborations(page(site, rel(site, path))), f"{rel(site, path)} is not marked"
    # a script names its goal, people, duration, working forms, materials, result and homework
    for path in workshops:
        text = content(page(site, rel(site, path))).get_text(" ", strip=True)
        for part in ("Doel", "Wie", "Hoe lang", "Werkvormen", "Materialen", "Resultaat", "Huiswerk"):
            assert part in text, f"{rel(site, path)} has no {part}"
    for path in forms:
        text = content(page(site, rel(site, path))).get_text(" ", strip=True)
        for part in ("Doel", "Groepsgrootte", "Duur", "Stappen", "Materialen"):
            assert part in text, f"{rel(site, path)} has no {part}"


# (3) ---------------------------------------------------------------------------

def test_method_pages_cite_no_fictional_lesson_as_evidence(site):
    """A link to a lesson of the example use cases stands only in a paragraph or
    admonition that says it is an example."""
    pages = method_pages(site)
    assert len(pages) >= 9
    offending = []
    for path in pages:
        for link in content(page(site, rel(site, path))).select('a[href*="#lesson-"]'):
            if "usecases/" not in link["href"]:
                continue
            holder = link.find_parent("div", class_="admonition") or link.find_parent(["p", "li", "dd", "td"])
            text = (holder or link).get_text(" ", strip=True).lower()
            if not any(word in text for word in EXAMPLE_WORDS):
                offending.append(f"{rel(site, path)}: {link['href']}")
    assert offending == []


# (4) ---------------------------------------------------------------------------

def test_glossary_has_terms_that_the_pages_use(site):
    glossaries = [p for p in site.rglob("*.html") if page(site, rel(site, p)).select_one("dl.glossary")]
    assert len(glossaries) == 1, [rel(site, p) for p in glossaries]
    glossary_path = glossaries[0]
    glossary = page(site, rel(site, glossary_path))
    terms = {dt["id"] for dt in glossary.select("dl.glossary > dt[id]")}
    assert len(terms) >= 15
    used: set[str] = set()
    for path in [site / "index.html", *method_pages(site), *sorted((site / "usecases").rglob("*.html"))]:
        if path == glossary_path:
            continue
        for link in content(page(site, rel(site, path))).select("a.reference.internal"):
            if link.select_one(".std-term") is None:
                continue
            target, _, anchor = link["href"].partition("#")
            assert (path.parent / target).resolve() == glossary_path.resolve(), link["href"]
            assert anchor in terms, link["href"]
            used.add(anchor)
    assert len(used) >= 10, sorted(used)


# (5) ---------------------------------------------------------------------------

def test_landing_page_shows_its_entry_points_as_cards(site):
    soup = page(site, "index.html")
    cards = content(soup).select(".sd-container-fluid .sd-row .sd-card")
    assert len(cards) >= 5
    targets = set()
    for card in cards:
        link = card.select_one("a.sd-stretched-link.reference.internal[href]")
        assert link is not None, card.get_text(" ", strip=True)
        assert card.select_one(".sd-card-title").get_text(strip=True)
        assert (site / link["href"].partition("#")[0]).is_file(), link["href"]
        targets.add(link["href"].partition("#")[0])
    assert ENTRY_POINTS <= targets, sorted(ENTRY_POINTS - targets)
