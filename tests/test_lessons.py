"""Retrospectives, lessons, listings, roles, backlinks and the JSON export (contract 3.2-3.4, 5)."""

from __future__ import annotations

import json

import pytest
from bs4 import BeautifulSoup

from ilc_testing import warning_lines


def page(app, name: str) -> BeautifulSoup:
    return BeautifulSoup((app.outdir / f"{name}.html").read_text(encoding="utf-8"), "html.parser")


def listing_titles(soup: BeautifulSoup, heading_id: str) -> list[str]:
    """Titles of the lessons in the listing under one heading of the overview page."""
    section = soup.find(id=heading_id)
    listing = section.select_one(".ilc-listing")
    if listing is None:
        return []
    if listing.name == "table":
        return [row.find("td").find("a").get_text(strip=True) for row in listing.select("tbody tr")]
    return [li.find("a").get_text(strip=True) for li in listing.find_all("li", recursive=False)]


@pytest.fixture
def built(roots):
    return roots("lessons")


def test_builds_clean(built):
    assert warning_lines(built) == []


def test_lesson_listings_filter_and_sort(built):
    soup = page(built, "lessen")
    everything = ["Beleg eigenaarschap bij de opgave", "Maak een begrippenlijst", "Regel data-afspraken vroeg",
                  "Haal de ecologen erbij"]
    assert listing_titles(soup, "alle-lessen") == everything
    assert listing_titles(soup, "onderstroom") == ["Beleg eigenaarschap bij de opgave", "Haal de ecologen erbij"]
    assert listing_titles(soup, "almere-technologisch") == ["Regel data-afspraken vroeg"]
    assert listing_titles(soup, "thema-samenwerking") == [
        "Beleg eigenaarschap bij de opgave", "Maak een begrippenlijst", "Haal de ecologen erbij"]
    assert listing_titles(soup, "fase-workshops") == ["Beleg eigenaarschap bij de opgave", "Maak een begrippenlijst"]
    table = soup.find(id="alle-lessen").select_one("table")
    first = [td.get_text(" ", strip=True) for td in table.select("tbody tr")[0].find_all("td")]
    assert first == ["Beleg eigenaarschap bij de opgave", "Wateroverlast in Almere", "2024-03-01",
                     "eigenaarschap, samenwerking", "onderstroom", "sociaal"]
    links = table.select("tbody tr")[0].find_all("a")
    assert [a["href"] for a in links] == ["almere/retro-1.html#lesson-eigenaarschap", "almere/index.html#usecase-almere"]
    assert soup.find(id="onderstroom").select_one("ul.ilc-lessons-cards") is not None


def test_usecase_listings_count_retrospectives_and_lessons(built):
    soup = page(built, "lessen")
    rows = soup.find(id="usecases").select("tbody tr")
    cells = [[" ".join(td.get_text(" ").split()) for td in row.find_all("td")] for row in rows]
    # how full the canvas is stands under the use case's title
    assert cells == [
        ["Natuurinclusief bouwen in Dronten 3 van 14 blokken", "Provincie Flevoland", "Usecasebeschrijving",
         "gepauzeerd", "1", "1"],
        ["Wateroverlast in Almere 3 van 14 blokken", "Gemeente Almere", "Ontwikkeling met periodieke retrospectieven",
         "actief", "2", "3"],
    ]
    assert [r.find("td").find("a").get_text() for r in soup.find(id="gepauzeerd").select("tbody tr")] == [
        "Natuurinclusief bouwen in Dronten"]
    assert [li.find("a").get_text() for li in soup.find(id="tag-water").select("li")] == ["Wateroverlast in Almere"]


def test_roles_show_titles_and_link(built):
    links = page(built, "index").select("p a.reference.internal")
    assert [(a["href"], a.get_text()) for a in links] == [
        ("almere/retro-1.html#lesson-eigenaarschap", "Beleg eigenaarschap bij de opgave"),
        ("almere/retro-2.html#lesson-data-vroeg", "anders gezegd"),
        ("almere/retro-1.html#lesson-eigenaarschap", "Beleg eigenaarschap bij de opgave"),
    ]


def test_retrospective_renders_currents_actions_and_lesson_cards(built):
    soup = page(built, "almere/retro-1")
    retro = soup.select_one("section.ilc-retrospective")
    currents = retro.select_one(".ilc-currents")
    panels = currents.find_all("section", recursive=False)
    assert [p.find(["h2", "h3"]).get_text() for p in panels] == ["Bovenstroom", "Onderstroom"]
    assert "Onzekerheid over wie beslist." in panels[1].get_text()
    assert "Eigenaar benoemen." in retro.select_one(".ilc-acties").get_text()
    card = retro.select_one("article.ilc-lesson#lesson-eigenaarschap")
    assert card["aria-labelledby"] == "lesson-eigenaarschap-title"
    assert card.find(id="lesson-eigenaarschap-title").get_text() == "Beleg eigenaarschap bij de opgave"
    # a role inside the lesson text resolves to the other use case's lesson
    assert card.select_one("a[href$='dronten/index.html#lesson-ecologen-erbij']").get_text() == "Haal de ecologen erbij"
    assert "Wateroverlast in Almere" in retro.select_one("dl.ilc-meta").get_text()


def test_backlinks_and_canvas_retrospectives(built):
    card = page(built, "almere/retro-1").select_one("#lesson-eigenaarschap")
    backlinks = card.select_one(".ilc-backlinks")
    assert [(a["href"], a.get_text()) for a in backlinks.find_all("a")] == [
        ("../dronten/index.html#retrospective-2024-09-10-retrospectief-dronten-onderstroom", "Dronten"),
        ("../index.html", "Lessen"),  # written under the page title: a link to the page
    ]
    retros = page(built, "almere/index").select_one(".ilc-retrospectives")
    items = retros.find("ul").find_all("li", recursive=False)
    assert [li.find("p").get_text(" ", strip=True) for li in items] == [
        "2024-03-01: Eerste retrospectief", "2024-06-01: Tweede retrospectief"]
    assert [a.get_text() for a in items[0].find("ul").find_all("a")] == [
        "Beleg eigenaarschap bij de opgave", "Maak een begrippenlijst"]
    # the retrospective without :usecase: belongs to the page's only canvas
    dronten = page(built, "dronten/index").select_one(".ilc-retrospectives")
    assert "Retrospectief Dronten" in dronten.get_text()


def test_json_export(built):
    lessons = json.loads((built.outdir / "_ilc" / "lessons.json").read_text(encoding="utf-8"))
    usecases = json.loads((built.outdir / "_ilc" / "usecases.json").read_text(encoding="utf-8"))
    assert lessons["schema_version"] == 1 and usecases["schema_version"] == 1
    assert [l["id"] for l in lessons["lessons"]] == ["begrippen", "data-vroeg", "ecologen-erbij", "eigenaarschap"]
    record = next(l for l in lessons["lessons"] if l["id"] == "eigenaarschap")
    assert record["url"] == "almere/retro-1.html#lesson-eigenaarschap"
    assert record["usecase"] == "almere"
    assert record["retrospective_title"] == "Eerste retrospectief"
    assert record["text"] == "Niet bij IT. Zie ook {lesson}`ecologen-erbij`."
    assert record["themes"] == ["eigenaarschap", "samenwerking"]
    assert record["path"] == "almere/retro-1.md"
    ecologen = next(l for l in lessons["lessons"] if l["id"] == "ecologen-erbij")
    assert ecologen["usecase"] == "dronten"
    almere = next(u for u in usecases["usecases"] if u["id"] == "almere")
    assert almere["blocks"] == {"vraagstuk": "Water.", "doel": "Droge voeten.", "belanghebbenden": "Bewoners."}
    assert almere["tags"] == ["water", "klimaat"] and almere["url"] == "almere/index.html#usecase-almere"


def test_objects_inv_holds_lessons_and_usecases(built):
    from sphinx.util.inventory import InventoryFile

    data = InventoryFile.loads((built.outdir / "objects.inv").read_bytes(), uri="").data
    assert sorted(data["ilc:lesson"]) == ["begrippen", "data-vroeg", "ecologen-erbij", "eigenaarschap"]
    assert sorted(data["ilc:usecase"]) == ["almere", "dronten"]
    assert data["ilc:lesson"]["data-vroeg"].uri == "almere/retro-2.html#lesson-data-vroeg"


def test_intersphinx_resolves_lessons_from_another_project(built, make_app, tmp_path):
    other = tmp_path / "other"
    other.mkdir()
    (other / "conf.py").write_text(
        'extensions = ["ilc_canvas", "sphinx.ext.intersphinx"]\n'
        f'intersphinx_mapping = {{"handboek": ("https://handboek.example/", "{built.outdir / "objects.inv"}")}}\n',
        encoding="utf-8",
    )
    (other / "index.md").write_text(
        "# Ander project\n\nZie {ilc:lesson}`data-vroeg` en {usecase}`dronten`.\n", encoding="utf-8")
    app = make_app("html", srcdir=other, freshenv=True)
    app.build()
    # (a second app in one process re-registers Sphinx's nodes: ignore those set-up notices)
    assert [w for w in warning_lines(app) if "already registered" not in w] == []
    links = page(app, "index").select("p a.reference.external")
    assert [(a["href"], a.get_text()) for a in links] == [
        ("https://handboek.example/almere/retro-2.html#lesson-data-vroeg", "Regel data-afspraken vroeg"),
        ("https://handboek.example/dronten/index.html#usecase-dronten", "Natuurinclusief bouwen in Dronten"),
    ]


def test_filters_exclude_with_an_exclamation_mark(built):
    soup = page(built, "lessen")
    assert listing_titles(soup, "niet-almere") == ["Haal de ecologen erbij"]
    assert listing_titles(soup, "sociaal-zonder-eigenaarschap") == ["Maak een begrippenlijst", "Haal de ecologen erbij"]
    assert listing_titles(soup, "niet-water") == ["Natuurinclusief bouwen in Dronten"]
