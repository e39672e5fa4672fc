"""The use case canvas (contract 3.1, 5): rendering, template, domain, other builders."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from ilc_testing import ilc_warnings, warning_lines


def soup(app, page: str) -> BeautifulSoup:
    return BeautifulSoup((app.outdir / f"{page}.html").read_text(encoding="utf-8"), "html.parser")


def test_canvas_renders_every_block_in_a_grid(roots):
    app = roots("canvas")
    assert warning_lines(app) == []
    page = soup(app, "almere")
    canvas = page.select_one("section.ilc-canvas#usecase-almere-wateroverlast")
    assert canvas is not None
    heading = canvas.find("h2")
    assert heading.get_text() == "Wateroverlast in Almere"
    assert canvas["aria-labelledby"] == heading["id"]
    grid = canvas.select_one(".ilc-canvas-grid")
    assert '"vraagstuk vraagstuk vraagstuk doel doel doel"' in grid["style"]
    blocks = grid.find_all("section", recursive=False)
    assert [b["id"].removeprefix("usecase-almere-wateroverlast-") for b in blocks][:3] == [
        "vraagstuk", "doel", "belanghebbenden"]
    assert len(blocks) == 14
    for block in blocks:
        title = block.find("h3")
        assert block["aria-labelledby"] == title["id"]
        assert block["style"].startswith("--ilc-area: ")
    vraagstuk = grid.select_one("#usecase-almere-wateroverlast-vraagstuk")
    assert "Extreme buien zetten straten en kelders onder water." in vraagstuk.get_text()
    bullets = grid.select("#usecase-almere-wateroverlast-belanghebbenden li")
    assert [li.get_text() for li in bullets] == [
        "Bewoners: willen weten waar het water blijft.", "Waterschap: wil de keten beheersbaar houden."]
    assert bullets[0].find("strong").get_text() == "Bewoners"
    meta = canvas.select_one("dl.ilc-meta").get_text(" ", strip=True)
    for text in ("Gemeente Almere", "Waterschap Zuiderzeeland, Geonovum", "2023-11-01", "klimaatadaptatie, water",
                 "Ontwikkeling met periodieke retrospectieven"):
        assert text in meta
    # the stylesheet ships with the extension
    assert (app.outdir / "_static" / "ilc-canvas.css").exists()
    assert page.find("link", href=lambda h: h and "ilc-canvas.css" in h)


def test_template_shows_questions_and_registers_nothing(roots):
    app = roots("canvas")
    canvas = soup(app, "template").select_one("section.ilc-canvas.ilc-template")
    questions = [q.get_text() for q in canvas.select(".ilc-question")]
    assert len(questions) == 14
    assert questions[0] == "Welk maatschappelijk vraagstuk staat centraal?"
    assert "template" not in app.env.get_domain("ilc").site.index["usecase"]
    assert list(app.env.get_domain("ilc").site.index["usecase"]) == ["almere-wateroverlast"]


def test_usecase_role_links_with_title_and_objects_inv(roots):
    app = roots("canvas")
    links = soup(app, "index").select("p a.reference.internal[href^='almere.html']")
    assert [(a["href"], a.get_text()) for a in links] == [
        ("almere.html#usecase-almere-wateroverlast", "Wateroverlast in Almere"),
        ("almere.html#usecase-almere-wateroverlast", "eigen tekst"),
    ]
    from sphinx.util.inventory import InventoryFile

    inventory = InventoryFile.loads((app.outdir / "objects.inv").read_bytes(), uri="")
    entry = inventory.data["ilc:usecase"]["almere-wateroverlast"]
    assert entry.uri == "almere.html#usecase-almere-wateroverlast"
    assert entry.display_name == "Wateroverlast in Almere"


def test_canvas_in_rest_with_english_labels(roots):
    app = roots("canvas-rst")
    assert ilc_warnings(app) == [
        "index.rst:17: WARNING: unknown block 'onbekend'; it is shown under 'Overig' [ilc.schema]"]
    page = soup(app, "index")
    canvas = page.select_one("section.ilc-canvas")
    assert canvas.select_one("#usecase-almere-wateroverlast-vraagstuk h2, #usecase-almere-wateroverlast-vraagstuk h3").get_text() == "Societal issue"
    assert canvas.select_one("#usecase-almere-wateroverlast-vraagstuk em").get_text() == "streets"
    # a role inside a YAML value, in a reST page
    inner = canvas.select_one("#usecase-almere-wateroverlast-belanghebbenden a.reference")
    assert inner.get_text() == "Flooding in Almere"
    other = canvas.select_one("#usecase-almere-wateroverlast-overig")
    assert other.find(["h2", "h3"]).get_text() == "Other"
    assert "nog iets" in other.get_text()


@pytest.mark.parametrize("builder", ["dirhtml", "singlehtml", "latex", "epub", "text", "man"])
def test_other_builders_degrade_to_headed_sections(make_app, rootdir, tmp_path, builder):
    import shutil

    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-canvas", src)
    app = make_app(builder, srcdir=src, freshenv=True)
    app.build()
    assert warning_lines(app) == []
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in app.outdir.rglob("*")
             if p.is_file() and p.suffix in (".html", ".xhtml", ".tex", ".txt", ".1")]
    joined = "\n".join(texts)
    assert "Maatschappelijk vraagstuk" in joined
    assert "Extreme buien zetten straten en kelders onder water." in joined


def test_site_schema_replaces_the_default_canvas(roots):
    app = roots("schema")
    assert ilc_warnings(app) == [
        "index.md:8: WARNING: unknown block 'vraagstuk'; it is shown under 'Overig' [ilc.schema]"]
    canvas = soup(app, "index").select_one("section.ilc-canvas#usecase-own-canvas")
    grid = canvas.select_one(".ilc-canvas-grid")
    assert [b.find("h3").get_text() for b in grid.find_all("section", recursive=False)] == [
        "The core", "Who", "What", "Extra", "Other"]
    # blocks the schema's grid leaves out get a full row of their own, as does "Other"
    assert grid["style"] == ('--ilc-columns: 2; --ilc-grid: "kern kern" "wie wat" "extra extra" "overig overig";')
    assert "What do we do?" in grid.select_one("#usecase-own-canvas-wat").get_text()


def test_broken_site_schema_warns_and_falls_back(make_app, rootdir, tmp_path):
    import shutil

    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-schema", src)
    (src / "mijn-canvas.yaml").write_text("blocks: nope\n", encoding="utf-8")
    app = make_app("html", srcdir=src, freshenv=True)
    app.build()
    warnings = ilc_warnings(app)
    assert any("ilc_canvas_schema" in w and "[ilc.schema]" in w for w in warnings)
    assert soup(app, "index").select_one("#usecase-own-canvas-vraagstuk") is not None
