"""The learning cycle as data (CONTRACT §10): actions followed up, lessons applied,
pictures drawn at build time, and Atom feeds.

Most tests read the test root `actions` (tests/roots/test-actions): two use cases,
one of which builds on the other's lesson; actions reported on in later
retrospectives, one of them internal; and a page of bad input (fouten.md).
"""

from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from ilc_testing import ROOTS, build_once, built_root, ilc_warnings
from test_freshness import bodies, touch

ATOM = "{http://www.w3.org/2005/Atom}"
BASE = "https://example.org/ilc/"


@pytest.fixture(scope="module")
def built(roots):
    return roots("actions")


def page(app, name: str) -> BeautifulSoup:
    return BeautifulSoup((Path(app.outdir) / name).read_text(encoding="utf-8"), "html.parser")


def text_of(node) -> str:
    return " ".join(node.get_text(" ").split())


def exported(app, name: str) -> list[dict]:
    document = json.loads((Path(app.outdir) / "_ilc" / f"{name}.json").read_text(encoding="utf-8"))
    assert document["schema_version"] == 1
    return document[name]


def section(soup: BeautifulSoup, heading: str):
    """The <section> of the page whose heading reads `heading`."""
    for h in soup.select("section > h2"):
        if h.get_text().rstrip("¶").strip() == heading:
            return h.parent
    raise AssertionError(f"no section {heading!r}")


# -- actions, their follow-up and the links both ways -------------------------------


def test_an_action_shows_its_reports_and_each_report_links_back(built):
    retro1 = page(built, "hitte/retro-1.html")
    kaart = retro1.select_one("li#action-act-kaart")
    assert "Eigenaar: geodataspecialist · Gereed: 2024-04-01 · Status: gedaan" in text_of(kaart)
    # the action's text is Markdown: the bold stays bold
    assert kaart.select_one("strong").get_text() == "hittekaart"
    report = kaart.select_one("a[href='retro-2.html#followup-act-kaart-2024-06-01']")
    assert report is not None and report.get_text() == "2024-06-01: gedaan"

    retro2 = page(built, "hitte/retro-2.html")
    follow_up = retro2.select_one("li#followup-act-kaart-2024-06-01")
    back = follow_up.select_one("a[href='retro-1.html#action-act-kaart']")
    assert back is not None and back.get_text() == "Maak de hittekaart af."
    assert "gedaan" in text_of(follow_up) and "De kaart staat online." in text_of(follow_up)


def test_a_plain_text_action_is_shown_and_listed_but_has_nothing_to_follow(built):
    plain = [li for li in page(built, "hitte/retro-1.html").select("li.ilc-action") if "Bel de GGD." in li.get_text()]
    assert len(plain) == 1 and plain[0].select_one(".ilc-action-meta") is None
    listing = page(built, "lessen.html").select_one("#actions-listing-7")
    assert "Bel de GGD." in text_of(listing)


def test_on_one_date_the_later_report_on_the_page_wins(built):
    droogte = page(built, "droogte/index.html")
    assert "Status: gedaan" in text_of(droogte.select_one("li#action-act-droog"))
    record = next(a for a in exported(built, "actions") if a["id"] == "act-droog" and a["path"] == "droogte/index.md")
    assert [(h["date"], h["status"]) for h in record["history"]] == [("2024-05-01", "bezig"), ("2024-05-01", "gedaan")]
    assert record["status"] == "gedaan"


def test_every_canvas_shows_its_open_actions(built):
    block = page(built, "hitte/index.html").select_one("section.ilc-open-actions")
    assert block is not None
    shown = [text_of(li) for li in block.select("li")]
    # open and bezig, in order of retrospective; done, internal and other use cases' actions are not
    assert [s.split(" (")[0] for s in shown] == [
        "Leg de maat uit aan de raad.", "Bel de GGD.", "Deel de kaart met de buurgemeente."]
    assert "Status: bezig" in shown[0]
    links = [a["href"] for a in block.select("a")]
    assert links == ["retro-1.html#action-act-raad", "retro-1.html#action-line-18", "retro-2.html#action-act-nieuw"]
    droogte = page(built, "droogte/index.html").select_one("section.ilc-open-actions")
    assert text_of(droogte.select_one(".ilc-empty")) == "Geen open acties."


def test_the_actions_listing_filters_on_use_case_and_current_status(built):
    lessen = page(built, "lessen.html")
    open_hitte = section(lessen, "Open acties van Hitte")
    assert [a.get_text() for a in open_hitte.select("li > p:first-child a")] == [
        "Leg de maat uit aan de raad.", "Bel de GGD.", "Deel de kaart met de buurgemeente."]
    everything = section(lessen, "Alle acties").select("tbody tr")
    texts = [text_of(row.select("td")[0]) for row in everything]
    assert "Meet het grondwater." in texts and "Bespreek de spanning met de partner." not in texts
    raad = next(row for row in everything if "Leg de maat uit" in row.get_text())
    cells = [text_of(td) for td in raad.select("td")]
    assert cells[1:] == ["Minder hitte", "projectleider", "", "bezig", "2024-06-01: bezig"]


# -- internal: on its own page only ------------------------------------------------------


def test_internal_items_are_shown_on_their_own_page_only(built):
    retro3 = page(built, "hitte/retro-3.html")
    assert retro3.select_one("article#lesson-les-geheim") is not None
    assert retro3.select_one("li.ilc-follow-up") is not None
    retro2 = page(built, "hitte/retro-2.html")
    assert retro2.select_one("li#action-act-intern") is not None

    # nowhere else: not in listings, not on the canvas, not in the action's status elsewhere
    lessen = text_of(page(built, "lessen.html"))
    for hidden in ("Wat binnen het team blijft", "Praat met de boeren", "Bespreek de spanning", "vervallen"):
        assert hidden not in lessen, hidden
    canvas = page(built, "hitte/index.html")
    assert "Derde retrospectief" not in text_of(canvas.select_one("section.ilc-retrospectives"))
    raad = page(built, "hitte/retro-1.html").select_one("li#action-act-raad")
    assert "Status: bezig" in text_of(raad) and "2024-07-01" not in text_of(raad)
    counts = [text_of(td) for td in section(page(built, "lessen.html"), "Usecases").select("tbody tr")[2].select("td")]
    assert counts[0].startswith("Minder hitte") and counts[4:6] == ["2", "2"]

    # and never in the exports
    assert "les-geheim" not in {r["id"] for r in exported(built, "lessons")}
    assert "les-droog-2" not in {r["id"] for r in exported(built, "lessons")}
    actions = {a["id"]: a for a in exported(built, "actions")}
    assert "act-intern" not in actions
    assert actions["act-raad"]["status"] == "bezig"
    assert [h["status"] for h in actions["act-raad"]["history"]] == ["bezig"]


# -- the JSON -------------------------------------------------------------------------


def test_actions_json_has_the_fields_of_the_contract(built):
    actions = exported(built, "actions")
    assert actions == sorted(actions, key=lambda a: (a["id"] == "", a["id"], a["path"], a["line"]))
    for record in actions:
        assert {"id", "text", "owner", "due", "status", "history", "usecase", "retrospective", "url"} <= set(record)
    kaart = next(a for a in actions if a["id"] == "act-kaart")
    assert kaart == {
        "id": "act-kaart", "text": "Maak de **hittekaart** af.", "owner": "geodataspecialist", "due": "2024-04-01",
        "status": "gedaan", "usecase": "hitte", "retrospective": "retrospective-2024-03-01-eerste-retrospectief",
        "url": "hitte/retro-1.html#action-act-kaart", "path": "hitte/retro-1.md", "line": 10,
        "history": [{"date": "2024-06-01", "status": "gedaan", "note": "De kaart staat online.",
                     "url": "hitte/retro-2.html#followup-act-kaart-2024-06-01"}],
    }
    plain = next(a for a in actions if a["text"] == "Bel de GGD.")
    assert plain["id"] == "" and plain["history"] == [] and plain["status"] == "open"
    # every url leads to its anchor
    for record in actions:
        name, anchor = record["url"].split("#")
        assert page(built, name).find(id=anchor) is not None, record["url"]


def test_builds_on_shows_on_both_sides_and_in_the_json(built):
    canvas = page(built, "hitte/index.html")
    applied = canvas.select_one("a[href='../droogte/index.html#lesson-les-droog-1']")
    assert applied is not None and applied.get_text() == "Meet voordat u besluit"
    card = page(built, "droogte/index.html").select_one("article#lesson-les-droog-1")
    toegepast = card.select_one(".ilc-applied")
    assert text_of(toegepast) == "Toegepast in: Minder hitte"
    assert toegepast.select_one("a")["href"] == "../hitte/index.html#usecase-hitte"
    lessons = {r["id"]: r for r in exported(built, "lessons")}
    assert lessons["les-droog-1"]["applied_in"] == ["hitte"]
    assert lessons["les-hitte-1"]["applied_in"] == []
    usecases = {r["id"]: r for r in exported(built, "usecases")}
    assert usecases["hitte"]["builds_on"] == ["les-droog-1"] and usecases["droogte"]["builds_on"] == []
    assert usecases["hitte"]["filled"] == 4

    lessen = page(built, "lessen.html")
    assert [a.get_text() for a in section(lessen, "Toegepast").select("li a[href*='#lesson-']")] == ["Meet voordat u besluit"]
    assert [a.get_text() for a in section(lessen, "Nog niet toegepast").select("li a[href*='#lesson-']")] == [
        "Laat de kaart vroeg zien", "Leg een maat uit"]


# -- the pictures --------------------------------------------------------------------


def lesson_table(lessen: BeautifulSoup) -> list[list[str]]:
    return [[text_of(td) for td in row.select("td")] for row in section(lessen, "Alle lessen").select("tbody tr")]


def test_the_matrix_counts_what_the_listing_lists(built):
    lessen = page(built, "lessen.html")
    rows = lesson_table(lessen)
    matrix = section(lessen, "Matrix")
    table = matrix.select_one("table.ilc-matrix")
    assert [text_of(th) for th in table.select("thead th")] == ["Stroom / Aspect", "sociaal", "technologisch"]
    for tr in table.select("tbody tr"):
        stroom = text_of(tr.select_one("th"))
        for aspect, td in zip(("sociaal", "technologisch"), tr.select("td")):
            expected = sum(1 for row in rows if row[4] == stroom and row[5] == aspect)
            count = int(re.match(r"(\d+)", text_of(td)).group(1))
            assert count == expected, (stroom, aspect)
            meter = td.select_one("meter")
            assert int(meter["value"]) == expected and int(meter["max"]) == len(rows)
            if expected:
                # the cell links to its lessons, listed under the table: the text equivalent
                target = matrix.find(id=td.select_one("a")["href"].lstrip("#"))
                listed = target.find_next_sibling("ul").select("a")
                assert len(listed) == expected
                assert {a.get_text() for a in listed} == {row[0] for row in rows if row[4:6] == [stroom, aspect]}


def test_the_timeline_places_each_retrospective_and_counts_its_lessons(built):
    lessen = page(built, "lessen.html")
    figure = section(lessen, "Tijdlijn").select_one("figure.ilc-timeline")
    assert text_of(figure.select_one("figcaption")) == "Retrospectieven in de tijd: 2024-03-01 – 2024-08-01"
    tracks = {text_of(li.select_one(".ilc-timeline-usecase a")): li for li in figure.select(".ilc-timeline-usecases > li")}
    hitte = [text_of(mark) for mark in tracks["Minder hitte"].select("li.ilc-timeline-mark")]
    # the internal third retrospective is not on it
    assert hitte == ["2024-03-01: Eerste retrospectief (2 lessen)", "2024-06-01: Tweede retrospectief (0 lessen)"]
    positions = [mark["style"] for mark in tracks["Minder hitte"].select("li.ilc-timeline-mark")]
    assert positions == ["--ilc-at: 0;", "--ilc-at: 60;"]  # 92 of the 153 days from 03-01 to 08-01
    droogte = tracks["Minder droogte"]
    assert text_of(droogte.select_one("li.ilc-timeline-mark")) == "2024-05-01: Retrospectief droogte (1 les)"


def test_every_usecases_layout_shows_how_full_each_canvas_is(built):
    lessen = page(built, "lessen.html")
    for heading in ("Tijdlijn", "Usecases"):
        shown = section(lessen, heading)
        meters = shown.select("meter.ilc-meter")
        assert [int(m["value"]) for m in meters] and all(m["max"] == "14" and m["aria-hidden"] == "true" for m in meters)
        assert "4 van 14 blokken" in text_of(shown)


@pytest.fixture(scope="module")
def built_text(tmp_path_factory):
    return built_root(tmp_path_factory, "actions", builder="text")


def test_outside_html_the_pictures_are_tables(built_text):
    text = (Path(built_text.outdir) / "lessen.txt").read_text(encoding="utf-8")
    matrix = text[text.index("Matrix"):text.index("Toegepast")]
    assert re.search(r"\| Stroom / Aspect +\| sociaal +\| technologisch +\|", matrix)
    assert re.search(r"\| onderstroom +\| 1 les +\| 1 les +\|", matrix)
    assert max(len(line) for line in text.splitlines()) <= 80
    timeline = text[text.index("Tijdlijn"):text.index("Usecases\n")]
    assert "Retrospectieven in de tijd" in timeline
    assert re.search(r"Minder hitte\s*\|\s*2024-06-01\s*\|\s*Tweede\s+retrospectief\s*\|\s*0", timeline)


# -- the next retrospective carries the open actions -------------------------------------


def test_a_new_retrospective_asks_for_a_report_on_each_open_action(tmp_path, make_app, capsys):
    from ilc_canvas.cli import main

    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-actions", src)
    (src / "fouten.md").unlink()
    index = src / "index.md"
    index.write_text(index.read_text(encoding="utf-8").replace("fouten\n", ""), encoding="utf-8")
    assert main(["new", "retrospective", "hitte", "--date", "2024-10-01"], cwd=src) == 0
    written = (src / "hitte" / "retrospectief-2024-10-01.md").read_text(encoding="utf-8")
    # the open actions with an id, each with its current status and a note to fill in; not the
    # done one, not the plain text one (nothing can report on it), not the internal one
    reports = re.findall(r"  - actie: (\S+)\n    # (.*)\n    status: (\S+)\n    toelichting: Nog in te vullen\.", written)
    assert reports == [("act-raad", "Leg de maat uit aan de raad.", "bezig"),
                       ("act-nieuw", "Deel de kaart met de buurgemeente.", "open")]
    capsys.readouterr()
    # as written, the page passes `ilc check` (the notes say what is still to fill in) and builds cleanly
    assert main(["check"], cwd=src) == 0
    said = capsys.readouterr()
    assert "note: the report on 'act-raad' is still to be filled in" in said.out + said.err
    app = make_app("html", srcdir=src, freshenv=True)
    app.build()
    assert ilc_warnings(app) == []
    # a placeholder report sets the status it names and says nothing more
    retro = page(app, "hitte/retrospectief-2024-10-01.html")
    assert [text_of(li) for li in retro.select("li.ilc-follow-up")] == [
        "Leg de maat uit aan de raad. : bezig", "Deel de kaart met de buurgemeente. : open"]


# -- bad input --------------------------------------------------------------------------


def test_every_bad_input_of_the_learning_cycle_warns_at_its_line(built):
    warnings = sorted(line for line in ilc_warnings(built) if line.startswith("fouten.md"))
    assert warnings == sorted([
        "fouten.md:6: WARNING: invalid lesson 'Geen Id' in :builds-on:: write lesson ids (lowercase letters, "
        "digits and hyphens), separated by commas [ilc.schema]",
        "fouten.md:6: WARNING: unknown lesson 'bestaat-niet' [ilc.ref]",
        "fouten.md:18: WARNING: unknown action 'act-onbekend'; did you mean 'act-intern'? [ilc.ref]",
        "fouten.md:21: WARNING: invalid status 'klaar': use one of open, bezig, gedaan, vervallen [ilc.schema]",
        "fouten.md:22: WARNING: a report in 'opvolging' needs the 'actie' it is about (that action's id) [ilc.schema]",
        "fouten.md:24: WARNING: the action id 'act-droog' is already defined at droogte/index.md:23 [ilc.duplicate]",
        "fouten.md:26: WARNING: the action needs an 'actie': what is to be done [ilc.schema]",
        "fouten.md:30: WARNING: invalid due date '2024-13-01': write an ISO date such as 2024-05-14 [ilc.schema]",
        "fouten.md:31: WARNING: 'intern' must be true or false [ilc.schema]",
    ])
    assert not [line for line in ilc_warnings(built) if not line.startswith("fouten.md")]
    # nothing the author wrote is dropped: the bad values are shown as written
    fouten = page(built, "fouten.html")
    assert "Bouwt voort op : bestaat-niet , Geen Id" in text_of(fouten.select_one("dl.ilc-meta"))
    report = fouten.select("li.ilc-follow-up")[1]
    assert "Maak de hittekaart af." in text_of(report) and "status : klaar" in text_of(report)
    dated = fouten.select_one("li#action-act-datum")
    assert "Gereed: 2024-13-01" in text_of(dated) and "intern : misschien" in text_of(dated)
    # an action without its text is listed by its id
    assert "act-zonder-tekst" in text_of(fouten.select_one("li#action-act-zonder-tekst"))


# -- feeds -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def with_feeds(tmp_path_factory):
    return built_root(tmp_path_factory, "actions", confoverrides={"html_baseurl": BASE})


def test_without_html_baseurl_there_is_no_feed_and_no_warning(built):
    assert not (Path(built.outdir) / "feed.xml").exists()
    assert "atom" not in (Path(built.outdir) / "index.html").read_text(encoding="utf-8")


def parse_feed(path: Path) -> ET.Element:
    root = ET.fromstring(path.read_bytes())
    assert root.tag == f"{ATOM}feed"
    return root


def test_a_feed_without_an_author_in_conf_py_names_the_project(tmp_path):
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-actions", src)
    conf = src / "conf.py"
    conf.write_text("\n".join(line for line in conf.read_text().splitlines() if not line.startswith("author")))
    build_once(src, builddir=tmp_path / "out", confoverrides={"html_baseurl": BASE})
    assert parse_feed(tmp_path / "out" / "html" / "feed.xml").find(f"{ATOM}author/{ATOM}name").text == "Acties"


RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")


def test_the_feeds_are_valid_atom_and_every_entry_leads_to_its_page(with_feeds):
    out = Path(with_feeds.outdir)
    feeds = [out / "feed.xml", *sorted((out / "feeds").glob("*.xml"))]
    assert [p.name for p in feeds] == ["feed.xml", "droogte.xml", "fout.xml", "hitte.xml"]
    for path in feeds:
        feed = parse_feed(path)
        # RFC 4287 4.1.1: a feed has exactly one id, title and updated, and an author (here: at feed level)
        for required in ("id", "title", "updated"):
            assert len(feed.findall(f"{ATOM}{required}")) == 1, (path.name, required)
        assert feed.find(f"{ATOM}author/{ATOM}name").text
        assert RFC3339.match(feed.find(f"{ATOM}updated").text)
        self_link = [link for link in feed.findall(f"{ATOM}link") if link.get("rel") == "self"]
        assert [link.get("href") for link in self_link] == [BASE + str(path.relative_to(out))]
        ids = []
        for entry in feed.findall(f"{ATOM}entry"):
            for required in ("id", "title", "updated"):
                assert len(entry.findall(f"{ATOM}{required}")) == 1, (path.name, required)
            assert RFC3339.match(entry.find(f"{ATOM}updated").text)
            ids.append(entry.find(f"{ATOM}id").text)
            # RFC 4287 4.2.7.2: a link without rel is rel="alternate"
            links = [link for link in entry.findall(f"{ATOM}link") if link.get("rel", "alternate") == "alternate"]
            assert len(links) == 1
            link = links[0].get("href")
            assert link.startswith(BASE)
            name, anchor = link[len(BASE):].split("#")
            assert page(with_feeds, name).find(id=anchor) is not None, link
            # every link in the content leads to a page of the site too
            content = entry.find(f"{ATOM}content")
            assert content.get("type") == "html"
            for href in re.findall(r'href="([^"]+)"', content.text or ""):
                name, anchor = href[len(BASE):].split("#")
                assert href.startswith(BASE) and page(with_feeds, name).find(id=anchor) is not None
        assert len(ids) == len(set(ids))
    site = parse_feed(out / "feed.xml")
    titles = [e.find(f"{ATOM}title").text for e in site.findall(f"{ATOM}entry")]
    # newest first; the internal retrospective and the internal lesson stay out
    assert titles == ["Fout retrospectief (Fout canvas)", "Tweede retrospectief (Minder hitte)",
                      "Retrospectief droogte (Minder droogte)", "Eerste retrospectief (Minder hitte)"]
    text = (out / "feed.xml").read_text(encoding="utf-8")
    assert "Wat binnen het team blijft" not in text and "Praat met de boeren" not in text
    assert "Meet voordat u besluit" in text
    hitte = parse_feed(out / "feeds" / "hitte.xml")
    assert len(hitte.findall(f"{ATOM}entry")) == 2
    assert hitte.find(f"{ATOM}updated").text.startswith("2024-06-01")


def test_pages_link_the_site_feed_and_their_use_case_feed(with_feeds):
    def feeds_of(name: str) -> list[str]:
        return [link["href"] for link in page(with_feeds, name).select("link[type='application/atom+xml']")]

    assert feeds_of("index.html") == ["feed.xml"]
    assert feeds_of("hitte/retro-1.html") == ["../feed.xml", "../feeds/hitte.xml"]
    assert feeds_of("droogte/index.html") == ["../feed.xml", "../feeds/droogte.xml"]


def test_the_same_sources_give_the_same_feed(with_feeds, tmp_path_factory):
    again = built_root(tmp_path_factory, "actions", confoverrides={"html_baseurl": BASE})
    for name in ("feed.xml", "feeds/hitte.xml"):
        assert (Path(again.outdir) / name).read_bytes() == (Path(with_feeds.outdir) / name).read_bytes()


# -- incremental and parallel builds --------------------------------------------------


def edit(src: Path, scenario: str) -> None:
    retro1, retro2 = src / "hitte" / "retro-1.md", src / "hitte" / "retro-2.md"
    canvas = src / "hitte" / "index.md"

    def change(path: Path, old: str, new: str) -> None:
        text = path.read_text(encoding="utf-8")
        assert old in text, (path, old)
        touch(path, text.replace(old, new))

    if scenario == "add-action":
        change(retro2, "  - id: act-intern", "  - id: act-extra\n    actie: Nog een actie.\n    eigenaar: wethouder\n"
               "  - id: act-intern")
    elif scenario == "change-action":
        change(retro1, "eigenaar: projectleider\n    status: bezig", "eigenaar: wethouder\n    status: bezig")
    elif scenario == "remove-action":
        change(retro2, "  - id: act-nieuw\n    actie: Deel de kaart met de buurgemeente.\n    eigenaar: projectleider\n"
               "    gereed: 2024-09-01\n", "")
    elif scenario == "add-follow-up":
        change(retro2, "acties:\n", "  - actie: act-droog\n    status: vervallen\nacties:\n")
    elif scenario == "change-follow-up":
        change(retro2, "status: gedaan\n    toelichting: De kaart staat online.",
               "status: bezig\n    toelichting: De kaart is bijna online.")
    elif scenario == "remove-follow-up":
        change(retro2, "  - actie: act-raad\n    status: bezig\n    toelichting: Het gesprek loopt nog.\n", "")
    elif scenario == "add-builds-on":
        change(canvas, ":builds-on: les-droog-1", ":builds-on: les-droog-1, les-hitte-2")
    elif scenario == "remove-builds-on":
        change(canvas, ":builds-on: les-droog-1\n", "")
    else:
        raise ValueError(scenario)


SCENARIOS = ["add-action", "change-action", "remove-action", "add-follow-up", "change-follow-up",
             "remove-follow-up", "add-builds-on", "remove-builds-on"]


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_incremental_build_equals_clean_build(make_app, tmp_path, scenario):
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-actions", src)
    first = make_app("html", srcdir=src, builddir=tmp_path / "inc", freshenv=True)
    first.build()
    before = bodies(first.outdir)

    edit(src, scenario)
    again = make_app("html", srcdir=src, builddir=tmp_path / "inc")
    written: list[str] = []
    again.connect("html-page-context", lambda app, name, *a: written.append(name))
    again.build()
    incremental = bodies(again.outdir)

    clean_src = tmp_path / "clean"
    shutil.copytree(src, clean_src)
    clean = make_app("html", srcdir=clean_src, builddir=tmp_path / "clean-out", freshenv=True)
    clean.build()
    expected = bodies(clean.outdir)

    assert incremental.keys() == expected.keys()
    for name in expected:
        assert incremental[name] == expected[name], f"{name} differs from a clean build after '{scenario}'"
    changed = {name.removesuffix(".html") for name in expected if expected[name] != before.get(name)}
    # every page that shows the change is written again; pages that do not show it are not
    assert changed - {"_ilc/actions.json", "_ilc/lessons.json", "_ilc/usecases.json"} <= set(written)
    assert "fouten" not in written or "fouten" in changed


def test_a_build_with_nothing_changed_writes_nothing(make_app, tmp_path):
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-actions", src)
    make_app("html", srcdir=src, builddir=tmp_path / "out", freshenv=True,
             confoverrides={"html_baseurl": BASE}).build()
    out = tmp_path / "out" / "html"
    # Sphinx itself writes its search and index pages on every build
    own = {"search.html", "genindex.html", "searchindex.js"}

    def stamps() -> dict:  # Sphinx copies _static and writes objects.inv again on every build
        return {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file() and p.name not in own
                and (p.suffix == ".html" or p.parent.name in ("_ilc", "feeds") or p.name == "feed.xml")}

    before = stamps()
    again = make_app("html", srcdir=src, builddir=tmp_path / "out", confoverrides={"html_baseurl": BASE})
    written: list[str] = []
    again.connect("html-page-context", lambda app, name, *a: written.append(name))
    again.build()
    assert set(written) <= {"search", "genindex"}
    assert stamps() == before  # the pages, the JSON and the feeds alike


def test_parallel_build_equals_serial(make_app, tmp_path):
    outputs = []
    for parallel in (0, 2):
        src = tmp_path / f"src-{parallel}"
        shutil.copytree(ROOTS / "test-actions", src)
        app = make_app("html", srcdir=src, builddir=tmp_path / f"out-{parallel}", freshenv=True, parallel=parallel)
        app.build()
        outputs.append(bodies(app.outdir))
    serial, parallel = outputs
    assert serial.keys() == parallel.keys()
    for name in serial:
        assert serial[name] == parallel[name], f"{name} differs between -j 2 and a serial build"
