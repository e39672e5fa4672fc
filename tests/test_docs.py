"""The handbook site itself: it builds with zero warnings, its reference covers
what the code defines, and the reference's examples are built (contract 7)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from unittest import mock

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
SNIPPETS = ROOT / "docs" / "referentie" / "voorbeelden"
EXAMPLE_USECASES = ("almere-wateroverlast", "flevoland-dronten")


@pytest.fixture(scope="module")
def site(site_build) -> tuple[Path, tuple[str, int]]:
    """The whole site, built once like `make html` does (-W --keep-going), shared by every test."""
    outdir, warnings, code = site_build
    return outdir, (warnings, code)


@pytest.fixture(scope="module")
def html(site):
    outdir, _ = site

    def page(name: str) -> BeautifulSoup:
        return BeautifulSoup((outdir / f"{name}.html").read_text(encoding="utf-8"), "html.parser")

    return page


def registrations() -> mock.MagicMock:
    """What `ilc_canvas.setup` registers, recorded on a stand-in for the app."""
    import ilc_canvas

    app = mock.MagicMock()
    ilc_canvas.setup(app)
    return app


def reference_pages(site) -> dict[str, BeautifulSoup]:
    outdir, _ = site
    return {
        path.stem: BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for path in sorted((outdir / "docs" / "referentie").glob("*.html"))
    }


def code_texts(element) -> set[str]:
    return {c.get_text() for c in element.select("code")}


def names_in(table) -> set[str]:
    """The names a generated reference table explains (its first column)."""
    return {row.select("td")[0].get_text(strip=True) for row in table.select("tbody tr")}


def test_site_builds_without_warnings(site):
    _, (warnings, code) = site
    assert warnings.strip() == ""
    assert code == 0


def test_reference_documents_every_directive_and_option(site):
    directives = {c.args[0]: c.args[1] for c in registrations().add_directive.call_args_list}
    assert {"usecase-canvas", "retrospective", "lessons", "usecases", "ilc-process"} <= set(directives)
    pages = reference_pages(site)
    overview = pages["index"].select_one("table#naslag-directives")
    assert names_in(overview) == set(directives)
    for name, directive in directives.items():
        sections = [p for p in pages.values() if p.select_one(f"section#directive-{name}")]
        assert len(sections) == 1, f"no reference section for {name}"
        table = sections[0].select_one(f"table#naslag-opties-{name}")
        assert table is not None, f"no option table for {name}"
        assert names_in(table) == {f":{option}:" for option in directive.option_spec}, name
        # every option row has an explanation
        for row in table.select("tbody tr"):
            assert row.select("td")[1].get_text(strip=True), row.get_text()


def test_reference_documents_roles_config_and_export(site):
    from ilc_canvas.sphinxext.domain import IlcDomain

    app = registrations()
    pages = reference_pages(site)
    roles = {c.args[0] for c in app.add_role.call_args_list} | {f"ilc:{r}" for r in IlcDomain.roles}
    assert names_in(pages["rollen"].select_one("table#naslag-rollen")) == {"{" + r + "}" for r in roles}
    config = {c.args[0] for c in app.add_config_value.call_args_list}
    assert {"ilc_canvas_schema", "ilc_lesson_themes"} <= config
    assert names_in(pages["configuratie"].select_one("table#naslag-instellingen")) == config
    # the export page shows real records of this build, and every field of them
    outdir, _ = site
    lessons = json.loads((outdir / "_ilc" / "lessons.json").read_text(encoding="utf-8"))["lessons"]
    record = next(r for r in lessons if r["id"] == "voorbeeld-hittekaart-per-plein")
    export = pages["export"]
    assert names_in(export.select_one("table#naslag-velden-lesson")) == set(record)
    shown = [json.loads(pre.get_text()) for pre in export.select("div.highlight-json pre")]
    assert record in shown


def test_reference_snippets_are_shown_and_rendered(site, html):
    pages = reference_pages(site)
    used = set()
    for snippet in sorted(SNIPPETS.glob("*.md")):
        text = snippet.read_text(encoding="utf-8")
        holders = [p for p in pages.values() if p.select_one(f"#voorbeeld-bron-{snippet.stem}")]
        assert len(holders) == 1, f"{snippet.name} is not shown exactly once"
        box = holders[0].select_one(f"#voorbeeld-bron-{snippet.stem}")
        # the source, as written, and as reST beside it (tabs)
        assert box.select_one(".ilc-voorbeeld-bron pre").get_text().strip() == text.strip()
        tabs = [label.get_text(strip=True) for label in box.select(".ilc-voorbeeld-bron .sd-tab-set > label")]
        assert tabs == ["MyST", "reStructuredText"], snippet.name
        assert box.select(".ilc-voorbeeld-bron pre")[1].get_text().strip() == naslag().myst_to_rst(text).strip()
        # and what it gives
        result = box.select_one(".ilc-voorbeeld-resultaat")
        for usecase in re.findall(r"^:id: (\S+)$", text, re.M):
            assert usecase.startswith("voorbeeld-")
            assert result.select_one(f"section.ilc-canvas#usecase-{usecase}") is not None
        for ident in re.findall(r"^\s+- id: (\S+)$", text, re.M):  # a lesson's or an action's
            assert ident.startswith("voorbeeld-")
            assert result.select_one(f"article#lesson-{ident}, li#action-{ident}") is not None
        if ":template:" in text:
            assert result.select_one("section.ilc-canvas.ilc-template") is not None
        if text.startswith(("```{lessons}", "```{usecases}", "```{actions}")):
            assert result.select_one(".ilc-listing") is not None, snippet.name
            # it lists the reference's examples (their ids all start with voorbeeld-)
            links = [a["href"] for a in result.select("a[href]")]
            assert links and any("#lesson-voorbeeld-" in h or "#usecase-voorbeeld-" in h or "#action-voorbeeld-" in h
                                 for h in links), snippet.name
        if text.startswith("```{ilc-process}"):
            assert result.select_one(".ilc-process") is not None
        assert "ilc-yaml" not in str(result) and result.get_text(strip=True) != "Resultaat"
        used.add(snippet.name)
    assert used


def naslag():
    import sys

    sys.path.insert(0, str(ROOT / "docs" / "_ext"))
    import ilc_naslag

    return ilc_naslag


def _records(out: Path) -> dict:
    """The exports without what differs between a .md and a .rst page (paths, lines, URLs)."""
    def strip(value):
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if k not in ("path", "line", "url", "retrospective_url")}
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value
    return {name: strip(json.loads((out / "_ilc" / f"{name}.json").read_text(encoding="utf-8")))
            for name in ("usecases", "lessons", "actions")}


def test_the_rest_tabs_give_what_the_myst_examples_give(tmp_path):
    """Every reference example, built as MyST pages in one project and as the reST of its
    tab in another, gives the same records and the same warnings."""
    from ilc_testing import build_once

    results = {}
    for suffix in (".md", ".rst"):
        src = tmp_path / suffix.strip(".")
        src.mkdir()
        (src / "conf.py").write_text('extensions = ["ilc_canvas"]\nlanguage = "nl"\nproject = "Voorbeelden"\n'
                                     'root_doc = "index"\n', encoding="utf-8")
        names = sorted(p.stem for p in SNIPPETS.glob("*.md"))
        (src / "index.md").write_text("# Voorbeelden\n\n```{toctree}\n" + "\n".join(names) + "\n```\n", encoding="utf-8")
        for snippet in sorted(SNIPPETS.glob("*.md")):
            text = snippet.read_text(encoding="utf-8")
            body = text if suffix == ".md" else naslag().myst_to_rst(text)
            title = f"{snippet.stem}\n{'=' * len(snippet.stem)}\n\n" if suffix == ".rst" else f"# {snippet.stem}\n\n"
            (src / f"{snippet.stem}{suffix}").write_text(title + body, encoding="utf-8")
        app, _status, warning = build_once(src, freshenv=True)
        warnings = sorted(re.sub(r"^.*?(\w[\w-]*)\.(md|rst):\d+: ", r"\1: ", line)
                          for line in warning.splitlines() if "WARNING" in line)
        results[suffix] = (_records(Path(app.outdir)), warnings)
    assert results[".md"][0]["lessons"]["lessons"], "the examples give no lesson"
    assert results[".rst"] == results[".md"]


def test_site_listings_leave_out_the_reference_examples(html):
    lessons = html("usecases/lessen")
    links = [a["href"] for a in lessons.select("article a[href], main a[href]") if "#lesson-" in a["href"]]
    assert links and not any("voorbeeld-" in href for href in links)
    overview = html("usecases/index").select_one("table.ilc-usecases-table")
    titles = [a.get_text() for a in overview.select("tbody a")]
    assert titles == ["Natuurinclusief bouwen in Dronten", "Wateroverlast in Almere"]


def test_example_usecases_have_retrospectives_and_lessons(site, html):
    outdir, _ = site
    lessons = json.loads((outdir / "_ilc" / "lessons.json").read_text(encoding="utf-8"))["lessons"]
    for usecase in EXAMPLE_USECASES:
        own = [r for r in lessons if r["usecase"] == usecase]
        assert len({r["retrospective"] for r in own}) >= 2
        assert len(own) >= 4
        page = html(f"usecases/{usecase}/index")
        assert "fictief voorbeeld" in page.select_one("article").get_text()
        assert page.select_one(f"section.ilc-canvas#usecase-{usecase}") is not None
    page = html("usecases/lessen")
    for heading in ("Per thema", "Onderstroom en bovenstroom", "Sociaal en technologisch"):
        assert heading in [h.get_text().rstrip("#¶ ") for h in page.select("h2")]


def test_navigation_mirrors_the_method(html):
    page = html("index")
    top = [a.get_text() for a in page.select(".sidebar-tree > ul > li > a")]
    assert top == ["De Innovatieleercyclus", "Usecases", "Handleiding voor usecaseteams", "Naslag"]
    # a toctree caption would be a <p role="heading"> without aria-level (see ECOSYSTEM.md)
    assert page.select('[role="heading"]:not([aria-level])') == []


def test_accessible_names_are_dutch(site):
    """Labels that furo and Sphinx write in English are Dutch on every page (WCAG 3.1.2)."""
    outdir, _ = site
    pages = sorted(outdir.rglob("*.html"))
    labels: set[str] = set()
    for path in pages:
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        labels |= {el["aria-label"] for el in soup.select("[aria-label]")}
        labels |= {el["title"] for el in soup.select("a.headerlink[title]")}
    english = re.compile(r"\b(Toggle|Link to|sidebar|fullscreen|Close)\b")
    assert labels and not sorted(label for label in labels if english.search(label))
    for dutch in ("Navigatie van de site tonen of verbergen", "Inhoud van deze pagina tonen of verbergen",
                  "Kleurenschema wisselen: licht, donker of automatisch", "Onderdelen van Usecases tonen of verbergen",
                  "Link naar dit kopje", "Link naar deze tabel"):
        assert dutch in labels


def test_ilc_check_passes_on_the_site(monkeypatch, capsys):
    """The guide tells teams to run `ilc check` (make check) before they commit."""
    from ilc_canvas.cli import main

    monkeypatch.chdir(ROOT)
    assert main(["check"]) == 0, capsys.readouterr().out
