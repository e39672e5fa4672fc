"""What bad input gets (contract 4): each problem an `ilc` warning at its file:line."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from ilc_testing import warning_lines

EXPECTED = [
    "canvas.md:18: WARNING: the body is not valid YAML: while parsing a flow sequence: did not find expected ',' or ']' [ilc.yaml]",
    'canvas.md:21: WARNING: the canvas needs an :owner: (the organisation that owns the societal issue) [ilc.schema]',
    "canvas.md:21: WARNING: the required block 'belanghebbenden' is missing or empty [ilc.schema]",
    "canvas.md:21: WARNING: the required block 'doel' is missing or empty [ilc.schema]",
    "canvas.md:23: WARNING: invalid phase 'ontwikkelen': use one of voorbereiding, workshops, beschrijving, ontwikkeling, verankering; did you mean 'ontwikkeling'? [ilc.schema]",
    "canvas.md:24: WARNING: invalid status 'bezig': use one of actief, gepauzeerd, afgerond [ilc.schema]",
    "canvas.md:25: WARNING: invalid start date '2024-13-01': write an ISO date such as 2024-05-14 [ilc.schema]",
    "canvas.md:28: WARNING: unknown block 'doelen'; did you mean 'doel'?; it is shown under 'Overig' [ilc.schema]",
    "canvas.md:32: WARNING: invalid use case id 'Fout_ID': use lowercase letters, digits and hyphens, such as 'fout-id' [ilc.schema]",
    "canvas.md:38: WARNING: the key 'vraagstuk' appears twice (first at line 35); both values are shown [ilc.yaml]",
    "canvas.md:41: WARNING: the use case id 'goed' is already defined at canvas.md:3 [ilc.duplicate]",
    "canvas.md:50: WARNING: the required block 'belanghebbenden' is missing or empty [ilc.schema]",
    "canvas.md:50: WARNING: the required block 'doel' is missing or empty [ilc.schema]",
    "canvas.md:50: WARNING: the required block 'vraagstuk' is missing or empty [ilc.schema]",
    'canvas.md:54: WARNING: the body must be a mapping of block keys to text (key: value) [ilc.yaml]',
    "refs.md:12: WARNING: invalid status 'klaar': use one of actief, gepauzeerd, afgerond [ilc.schema]",
    "refs.md:3: WARNING: unknown lesson 'les-eenn'; did you mean 'les-een'? [ilc.ref]",
    "refs.md:3: WARNING: unknown use case 'onbekend' [ilc.ref]",
    "refs.md:6: WARNING: unknown use case 'nergens' [ilc.ref]",
    "refs.md:7: WARNING: invalid stroom 'zijwaarts': use one of boven, onder [ilc.schema]",
    "refs.md:8: WARNING: invalid layout 'tegels': use one of table, cards, list, matrix [ilc.schema]",
    "retro.md:11: WARNING: unknown theme 'samenwerkingen'; did you mean 'samenwerking'?; known themes: eigenaarschap, samenwerking [ilc.schema]",
    "retro.md:12: WARNING: invalid stroom 'midden': use one of boven, onder [ilc.schema]",
    "retro.md:13: WARNING: invalid aspect 'technisch': use one of sociaal, technologisch; did you mean 'technologisch'? [ilc.schema]",
    'retro.md:14: WARNING: the lesson needs an id (lowercase letters, digits and hyphens) [ilc.schema]',
    'retro.md:15: WARNING: the lesson needs a titel [ilc.schema]',
    "retro.md:16: WARNING: the lesson id 'les-een' is already defined at retro.md:9 [ilc.duplicate]",
    "retro.md:18: WARNING: unknown lesson key 'extra' [ilc.schema]",
    "retro.md:22: WARNING: unknown use case 'bestaat-niet' [ilc.ref]",
    "retro.md:25: WARNING: 'lessen' must be a list of lessons (each starting with '- id: ...') [ilc.schema]",
    'retro.md:3: WARNING: the retrospective needs a :usecase: option (the id of its use case) [ilc.schema]',
    "retro.md:4: WARNING: invalid date '2024-02-30': write an ISO date such as 2024-05-14 [ilc.schema]",
    "retro.md:7: WARNING: unknown key 'onderstromen'; did you mean 'onderstroom'?; it is shown under 'Overig' [ilc.schema]",
]


def test_every_bad_input_warns_at_its_line(roots):
    app = roots("bad")
    assert sorted(warning_lines(app)) == sorted(EXPECTED)


def test_bad_canvases_still_render_what_they_can(roots):
    app = roots("bad")
    soup = BeautifulSoup((app.outdir / "canvas.html").read_text(encoding="utf-8"), "html.parser")
    broken = soup.select_one("#usecase-kapot")
    assert broken is not None
    other = broken.select_one("#usecase-kapot-overig")
    assert "doel: [b" in other.select_one("pre").get_text()
    unknown = soup.select_one("#usecase-zonder-eigenaar-overig")
    assert "doelen" in unknown.get_text() and "b" in unknown.get_text()
    repeated = soup.select_one("#usecase-fout-id-vraagstuk").get_text()
    assert "a" in repeated and "nog een keer" in repeated
    retro = BeautifulSoup((app.outdir / "retro.html").read_text(encoding="utf-8"), "html.parser")
    assert "onderstromen" in retro.select_one(".ilc-block-overig").get_text()
    assert "Dubbele les" in retro.get_text() and "veld" in retro.get_text()


@pytest.mark.sphinx("html", testroot="bad", freshenv=True, confoverrides={"suppress_warnings": ["ilc.schema", "ilc.ref"]})
def test_suppress_warnings_by_subtype(app):
    app.build()
    assert {line.rsplit("[", 1)[1] for line in warning_lines(app)} == {"ilc.yaml]", "ilc.duplicate]"}


def test_warnings_as_errors_fail_the_build(make_app, rootdir, tmp_path):
    import shutil

    shutil.copytree(rootdir / "test-bad", tmp_path / "src")
    app = make_app("html", srcdir=tmp_path / "src", freshenv=True, warningiserror=True)
    app.build()
    assert app.statuscode == 1


def test_repeated_ids_still_give_unique_html_ids(roots):
    app = roots("bad")
    for name in ("canvas", "retro"):
        soup = BeautifulSoup((app.outdir / f"{name}.html").read_text(encoding="utf-8"), "html.parser")
        ids = [tag["id"] for tag in soup.find_all(id=True)]
        assert len(ids) == len(set(ids)), f"{name}.html repeats an id"
    canvas = BeautifulSoup((app.outdir / "canvas.html").read_text(encoding="utf-8"), "html.parser")
    assert canvas.select_one("#usecase-goed-2 h2").get_text() == "Dubbel"
