"""Hostile input (contract 4): nothing an author writes runs, loads or links unsafely.

- YAML tags that would construct Python objects are refused with `ilc.yaml` and
  run nothing (the payloads would create files; they do not exist afterwards);
- script, event handlers and javascript:/data:/vbscript:/ftp: URLs in titles,
  options, body values, lesson titles, listings, roles and the JSON export never
  become markup or links: every element and attribute of the built HTML is
  checked, and the text is shown (escaped), not stripped;
- alias expansion ("billion laughs") stops at a bound, with a warning;
- a body of several MB is read and rendered once per value (linear work);
- a repeated key warns at its second line, naming the first, and both values show.
"""

from __future__ import annotations

import json
import re
import shutil
import signal
from contextlib import contextmanager
from io import StringIO
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

from ilc_testing import ROOTS, warning_lines

PAGES = ("canvas", "retro", "overzicht", "rst")
#: elements that author text could smuggle in and that our output never uses
FOREIGN_TAGS = ("iframe", "img", "svg", "object", "embed", "b", "div[onclick]", "frame", "math", "base", "meta[http-equiv]")
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "srcset", "xlink:href", "poster", "data", "background")
SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):", re.I)
QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "“": '"', "”": '"', "„": '"'})


@contextmanager
def time_limit(seconds: int):
    """A generous guard (not a timing assertion): fail instead of hanging the suite."""

    def expired(signum, frame):
        raise TimeoutError(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def build(src: Path, **kwargs) -> SphinxTestApp:
    app = SphinxTestApp("html", srcdir=src, status=StringIO(), warning=StringIO(), freshenv=True, **kwargs)
    try:
        app.build()
    finally:
        app.cleanup()
    return app


def project(tmp_path: Path, pages: dict[str, str]) -> Path:
    src = tmp_path / "src"
    src.mkdir(parents=True)
    (src / "conf.py").write_text('extensions = ["ilc_canvas"]\nlanguage = "nl"\nproject = "T"\n', encoding="utf-8")
    for name, text in pages.items():
        (src / name).write_text(text, encoding="utf-8")
    return src


def soup_of(app, page: str) -> BeautifulSoup:
    return BeautifulSoup((app.outdir / f"{page}.html").read_text(encoding="utf-8"), "html.parser")


def shown_text(soup: BeautifulSoup) -> str:
    """The page's visible text with whitespace collapsed and smart quotes made plain."""
    body = soup.select_one("div.body")
    return re.sub(r"\s+", " ", body.get_text(" ")).translate(QUOTES)


def browser_scheme(url: str) -> str | None:
    """The scheme a browser reads (WHATWG URL: C0 controls and spaces around, tabs and
    newlines anywhere are ignored); None for a relative URL."""
    cleaned = re.sub(r"[\t\n\r]", "", url.strip("".join(map(chr, range(0x21)))))
    match = SCHEME.match(cleaned)
    return match.group(1).lower() if match else None


def assert_no_author_markup(soup: BeautifulSoup) -> None:
    """Every element and attribute: no foreign tags, no handlers, no unsafe URL, scripts only the site's."""
    for selector in FOREIGN_TAGS:
        assert soup.select(selector) == [], soup.select(selector)
    for tag in soup.find_all(True):
        for name, value in tag.attrs.items():
            value = " ".join(value) if isinstance(value, list) else value
            assert not name.lower().startswith("on"), tag
            if name.lower() in URL_ATTRIBUTES:
                assert browser_scheme(value) in (None, "http", "https", "mailto"), (name, value)
            if name.lower() == "style":
                assert not re.search(r"url\(|expression\(|javascript:", value, re.I), value
        if tag.name == "script":
            # the site's own scripts: files from _static, or inline code without author text
            assert tag.get("src", "_static/").startswith("_static/"), tag
            assert "alert(" not in (tag.string or ""), tag
        if tag.name == "style":
            assert "alert(" not in (tag.string or ""), tag


# -- markup and URLs in every place an author writes -------------------------------


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    src = tmp_path_factory.mktemp("hostile") / "src"
    shutil.copytree(ROOTS / "test-hostile", src)
    return build(src)


@pytest.mark.parametrize("page", PAGES)
def test_no_author_markup_or_unsafe_link_reaches_the_html(hostile, page):
    soup = soup_of(hostile, page)
    assert_no_author_markup(soup)
    # the only links our output makes from author text are the safe ones
    external = sorted(a["href"] for a in soup.select("div.body a.reference.external"))
    assert all(href.startswith(("https://", "mailto:")) for href in external), external


def test_hostile_text_is_shown_escaped_not_stripped(hostile):
    canvas = shown_text(soup_of(hostile, "canvas"))
    for text in (
        "Titel <script>alert('titel')</script>",
        "<img src=x onerror=alert('owner')>",
        "<a href=\"javascript:alert('partners')\">p</a>, [p2](javascript:alert('p2'))",
        "<svg onload=alert('tags')>, javascript:alert('tag2')",
        "<b onmouseover=alert('phase')>fase</b>",
        "<iframe src=javascript:alert('status')>",
        "<script>alert('start')</script>",
        "Een [javascript-link](javascript:alert('a1'))",
        "[data-link](data:text/html;base64,PHNjcmlwdD4=)",
        "[vbscript-link](vbscript:msgbox('a2'))",
        "ftp-link (ftp://example.org/bestand)",
        "<javascript:alert('a3')>",
        "<data:text/html,a4>",
        "[klik](JaVaScRiPt:alert('a5'))",
        "<script>alert('d1')</script>",
        "<div onclick=alert('d2')>blok met handler</div>",
        "Inline <img src=x onerror=alert('d3')> en <a href=\"javascript:alert('d4')\">a</a>.",
        "![plaatje](javascript:alert('b1'))",
        "<script>alert('t1')</script>",
        "<script>alert('r1')</script>",
        "rst-link (javascript:alert('r2'))",
        "<script>alert('k1')</script> onbekend blok met een vijandige sleutel",
        "<script>alert('caption')</script>",
    ):
        assert text in canvas, text
    retro = shown_text(soup_of(hostile, "retro"))
    for text in (
        "Retro <script>alert('retro')</script>",
        "<img src=x onerror=alert('participants')>",
        "<script>alert('boven')</script>",
        "[x](javascript:alert('onder'))",
        "<a href=javascript:alert('actie')>actie</a>",
        "Les <script>alert('les')</script> <img src=x onerror=alert('les2')>",
        "[klik](javascript:alert('lestekst'))",
        "<b onclick=alert('thema')>thema</b>",
        "<iframe src=javascript:alert('bron')></iframe>",
        "\" onmouseover=\"alert('rol')",
    ):
        assert text in retro, text
    rst = shown_text(soup_of(hostile, "rst"))
    for text in ("RST <script>alert('rst-titel')</script>", "[rst](javascript:alert('rst1')) <script>alert('rst2')</script>",
                 "<div onclick=alert('rst3')>d</div>", "p (data:image/png;base64,AAAA)"):
        assert text in rst, text


def test_listings_show_hostile_titles_as_text(hostile):
    soup = soup_of(hostile, "overzicht")
    text = shown_text(soup)
    lesson = "Les <script>alert('les')</script> <img src=x onerror=alert('les2')>"
    usecase = "Titel <script>alert('titel')</script>"
    # three lesson listings (table, cards, list) and two use case listings
    assert text.count(lesson) == 3
    assert text.count(usecase) == 3 + 2
    links = [a for a in soup.select("div.body a") if a.get_text() == lesson]
    assert [a["href"] for a in links] == ["retro.html#lesson-les-xss"] * 3


def test_hostile_values_warn_where_they_are_refused(hostile):
    warnings = [line for line in warning_lines(hostile) if "[ilc." in line]
    for expected in (
        "canvas.md:14: WARNING: the link to 'ftp://example.org/bestand' is not allowed (only http, https, "
        "mailto and links within the site); it is shown as text [ilc.schema]",
        # each link at its own line of the paragraph
        "canvas.md:15: WARNING: the link to 'ftp://example.org/auto' is not allowed (only http, https, "
        "mailto and links within the site); it is shown as text [ilc.schema]",
        "canvas.md:26: WARNING: the image 'https://example.org/tracker.png' is not from this site and is not "
        "loaded; it is shown as a link [ilc.schema]",
        "canvas.md:38: WARNING: the link to \"javascript:alert('r2')\" is not allowed (only http, https, mailto "
        "and links within the site); it is shown as text [ilc.schema]",
        "rst.rst:10: WARNING: the image 'data:image/png;base64,AAAA' is not allowed; it is shown as text [ilc.schema]",
        'canvas.md:40: WARNING: unknown block "<script>alert(\'k1\')</script>"; it is shown under \'Overig\' [ilc.schema]',
    ):
        assert expected in warnings


def test_json_export_keeps_hostile_text_as_data(hostile):
    usecases = json.loads((hostile.outdir / "_ilc" / "usecases.json").read_text(encoding="utf-8"))["usecases"]
    lessons = json.loads((hostile.outdir / "_ilc" / "lessons.json").read_text(encoding="utf-8"))["lessons"]
    xss = next(u for u in usecases if u["id"] == "xss")
    assert xss["title"] == "Titel <script>alert('titel')</script>"
    assert xss["owner"] == "<img src=x onerror=alert('owner')>"
    assert xss["blocks"]["doel"].startswith("<script>alert('d1')</script>\n")
    assert xss["blocks"]["belanghebbenden"][0] == "![plaatje](javascript:alert('b1'))"
    assert xss["blocks"]["<script>alert('k1')</script>"] == "onbekend blok met een vijandige sleutel"
    lesson = lessons[0]
    assert lesson["title"] == "Les <script>alert('les')</script> <img src=x onerror=alert('les2')>"
    assert lesson["text"] == "[klik](javascript:alert('lestekst'))"
    # URLs in the export are the site's own pages, whatever the author wrote
    urls = [u["url"] for u in usecases] + [x for l in lessons for x in (l["url"], l["retrospective_url"])]
    assert all(re.match(r"^[\w-]+\.html#[\w-]+$", url) for url in urls), urls


# -- YAML that would run code -------------------------------------------------------------


def test_python_tags_are_refused_and_run_nothing(tmp_path):
    markers = [tmp_path / f"pwned-{n}" for n in range(6)]
    page = f"""# Tags

```{{usecase-canvas}} Tags
:owner: O

vraagstuk: !!python/object/apply:os.system ["touch {markers[0]}"]
doel: !!python/object/apply:subprocess.call [["touch", "{markers[1]}"]]
belanghebbenden: !!python/object/new:os.system ["touch {markers[2]}"]
team: !!python/name:os.system
activiteiten: !!python/object/apply:builtins.exec ["open('{markers[3]}', 'w')"]
besluiten: !!python/object:builtins.dict {{a: 1}}
```

```{{retrospective}} Retro
:usecase: tags
:date: 2024-05-14

acties: !!python/object/apply:os.system ["touch {markers[4]}"]
lessen:
  - id: les
    titel: !!python/object/apply:os.system ["touch {markers[5]}"]
    !!python/str sleutel: waarde
```
"""
    src = project(tmp_path, {"index.md": page})
    app = build(src)
    assert [m.name for m in markers if m.exists()] == []
    warnings = [line for line in warning_lines(app) if "[ilc.yaml]" in line]

    def refused(line: int, tag: str, what: str = "value") -> str:
        return (f"index.md:{line}: WARNING: the tag 'tag:yaml.org,2002:python/{tag}' is not allowed; "
                f"the {what} is read as plain text [ilc.yaml]")

    assert warnings == [
        refused(6, "object/apply:os.system"),
        refused(7, "object/apply:subprocess.call"),
        refused(8, "object/new:os.system"),
        refused(9, "name:os.system"),
        refused(10, "object/apply:builtins.exec"),
        refused(11, "object:builtins.dict"),
        refused(18, "object/apply:os.system"),
        refused(21, "object/apply:os.system"),
        refused(22, "str", "key"),
    ]
    text = shown_text(soup_of(app, "index"))
    for n in (0, 2, 4, 5):
        assert f"touch {markers[n]}" in text
    assert "open('{}', 'w')".format(markers[3]) in text


# -- bounded work -----------------------------------------------------------------------------


def test_alias_bomb_stops_at_a_bound_with_a_warning(tmp_path):
    levels = "abcdefghij"
    bomb = "x: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
        f"{c}: &{c} [" + ", ".join([f"*{p}"] * 10) + "]\n" for p, c in zip(levels, levels[1:]))
    page = f"# Bom\n\n```{{usecase-canvas}} Bom\n:owner: O\n\nvraagstuk: v\ndoel: d\nbelanghebbenden: b\n{bomb}```\n"
    src = project(tmp_path, {"index.md": page})
    with time_limit(120):  # ten levels of ten would be 10**10 values: without a bound this never ends
        app = build(src)
    yaml_warnings = [line for line in warning_lines(app) if "[ilc.yaml]" in line]
    assert len(yaml_warnings) == 1
    assert re.match(r"index\.md:\d+: WARNING: the aliases in the body expand to more than 10000 values or "
                    r"1000000 characters \(aliases repeating aliases\?\); the rest is not read \[ilc\.yaml\]$",
                    yaml_warnings[0])
    # what was read is shown, and it is bounded
    assert (app.outdir / "index.html").stat().st_size < 5_000_000
    assert "lol" in shown_text(soup_of(app, "index"))


def big_canvas(items: int) -> str:
    words = "de gemeente wil weten waar het water blijft als het hard regent en welke straten onderlopen"
    item = " ".join([words] * 11)  # about 1000 characters
    body = "".join(f"  - punt {n}, {item}\n" for n in range(items))
    return f"# Groot\n\n```{{usecase-canvas}} Groot\n:owner: O\n\ndoel: d\nbelanghebbenden: b\nvraagstuk:\n{body}```\n"


def test_a_body_of_several_megabytes_is_read_whole_in_linear_work(tmp_path, monkeypatch):
    """Each value is parsed once, so the work grows with the body (no rescans);
    a generous guard stops the test if something is badly wrong."""
    from ilc_canvas.sphinxext import directives

    calls: list[int] = []
    original = directives.render_markdown

    def counting(directive, value):
        calls.append(len(value.text))
        return original(directive, value)

    monkeypatch.setattr(directives, "render_markdown", counting)
    counts = {}
    for items in (1500, 3000):  # 1.5 MB and 3 MB
        calls.clear()
        src = project(tmp_path / str(items), {"index.md": big_canvas(items)})
        assert src.joinpath("index.md").stat().st_size > items * 1000
        with time_limit(240):
            app = build(src)
        assert [line for line in warning_lines(app) if "[ilc." in line] == []
        page = soup_of(app, "index")
        shown = page.select("#usecase-groot-vraagstuk li")
        assert len(shown) == items
        assert shown[-1].get_text().startswith(f"punt {items - 1}, de gemeente")
        counts[items] = (len(calls), sum(calls))
    # one Markdown parse per value (plus doel and belanghebbenden); the text parsed doubles with the body
    assert counts[1500][0] == 1500 + 2 and counts[3000][0] == 3000 + 2
    assert counts[3000][1] == pytest.approx(2 * counts[1500][1], rel=0.01)


# -- repeated keys ---------------------------------------------------------------------------


def test_repeated_keys_warn_at_the_second_naming_the_first_and_both_show(tmp_path):
    page = """# Dubbel

```{usecase-canvas} Dubbel
:owner: O

vraagstuk: eerste vraagstuk
doel: een doel
belanghebbenden: iedereen
vraagstuk: tweede vraagstuk
onbekend: eerste onbekende
onbekend: tweede onbekende
```

```{retrospective} Retro
:usecase: dubbel
:date: 2024-05-14

acties: eerste actie
acties: tweede actie
lessen:
  - id: les-a
    titel: Eerste titel
    titel: Tweede titel
    tekst: eerste tekst
    tekst: tweede tekst
lessen:
  - id: les-b
    titel: Les uit de tweede lijst
```
"""
    app = build(project(tmp_path, {"index.md": page}))
    assert [line for line in warning_lines(app) if "[ilc.yaml]" in line] == [
        "index.md:9: WARNING: the key 'vraagstuk' appears twice (first at line 6); both values are shown [ilc.yaml]",
        "index.md:11: WARNING: the key 'onbekend' appears twice (first at line 10); both values are shown [ilc.yaml]",
        "index.md:19: WARNING: the key 'acties' appears twice (first at line 18); both values are shown [ilc.yaml]",
        "index.md:23: WARNING: the key 'titel' appears twice (first at line 22); both values are shown [ilc.yaml]",
        "index.md:25: WARNING: the key 'tekst' appears twice (first at line 24); both values are shown [ilc.yaml]",
        "index.md:26: WARNING: the key 'lessen' appears twice (first at line 20); both values are shown [ilc.yaml]",
    ]
    soup = soup_of(app, "index")
    vraagstuk = soup.select_one("#usecase-dubbel-vraagstuk").get_text()
    assert "eerste vraagstuk" in vraagstuk and "tweede vraagstuk" in vraagstuk
    other = soup.select_one("#usecase-dubbel-overig").get_text()
    assert "eerste onbekende" in other and "tweede onbekende" in other
    acties = soup.select_one("section.ilc-acties").get_text()
    assert "eerste actie" in acties and "tweede actie" in acties
    card = soup.select_one("#lesson-les-a").get_text()
    assert all(t in card for t in ("Eerste titel", "Tweede titel", "eerste tekst", "tweede tekst"))
    assert soup.select_one("#lesson-les-b") is not None
    # and the export keeps the later values too, with their lines
    exported = {name: json.loads((app.outdir / "_ilc" / f"{name}.json").read_text(encoding="utf-8"))[name]
                for name in ("usecases", "lessons")}
    usecase = next(r for r in exported["usecases"] if r["id"] == "dubbel")
    assert usecase["blocks"]["vraagstuk"] == "eerste vraagstuk"
    assert usecase["repeated"] == [{"key": "vraagstuk", "value": "tweede vraagstuk", "line": 9},
                                   {"key": "onbekend", "value": "tweede onbekende", "line": 11}]
    lesson = next(r for r in exported["lessons"] if r["id"] == "les-a")
    assert lesson["title"] == "Eerste titel"
    assert lesson["repeated"] == [{"key": "titel", "value": "Tweede titel", "line": 23},
                                  {"key": "tekst", "value": "tweede tekst", "line": 25}]
    assert next(r for r in exported["lessons"] if r["id"] == "les-b")["repeated"] == []


# -- odd characters and empty bodies -----------------------------------------------------------


def test_unicode_line_separators_keep_problem_lines(tmp_path):
    """MyST splits a body at U+2028 and U+0085, YAML counts them as line breaks; the source does not."""
    page = '# T\n\n```{usecase-canvas} T\n:owner: O\n\nvraagstuk: "a\u2028b"\ndoel: "c\x85d"\nbelanghebbenden: e\nonbekend: f\n```\n'
    app = build(project(tmp_path, {"index.md": page}))
    assert [line for line in warning_lines(app) if "[ilc." in line] == [
        "index.md:9: WARNING: unknown block 'onbekend'; it is shown under 'Overig' [ilc.schema]"]


def test_an_unsafe_link_warns_at_its_value_line_in_myst_and_rest(tmp_path):
    md = "# T\n\n```{usecase-canvas} T\n:owner: O\n\nvraagstuk: x\ndoel: |\n  eerst\n\n  [a](ftp://example.org/a)\nbelanghebbenden: b\n```\n"
    rst = "T\n=\n\n.. usecase-canvas:: U\n   :owner: O\n\n   vraagstuk: x\n   doel: |\n     eerst\n\n     [a](ftp://example.org/a)\n   belanghebbenden: b\n"
    app = build(project(tmp_path, {"index.md": md + "\n```{toctree}\nandere\n```\n", "andere.rst": rst}))
    message = ("WARNING: the link to 'ftp://example.org/a' is not allowed (only http, https, mailto and links "
               "within the site); it is shown as text [ilc.schema]")
    assert sorted(line for line in warning_lines(app) if "[ilc." in line) == [
        f"andere.rst:11: {message}", f"index.md:10: {message}"]


@pytest.mark.parametrize("body", ["# alleen commentaar\n", "\ufeff\ufeff\n", "---\n# niets\n"])
def test_a_body_of_only_comments_is_an_empty_canvas(tmp_path, body):
    page = f"# T\n\n```{{usecase-canvas}} T\n:owner: O\n\n{body}```\n"
    app = build(project(tmp_path, {"index.md": page}))
    problems = [line for line in warning_lines(app) if "[ilc." in line]
    assert "index.md:3: WARNING: the required block 'vraagstuk' is missing or empty [ilc.schema]" in problems
    assert soup_of(app, "index").select_one("section.ilc-canvas") is not None


# -- nothing lost ---------------------------------------------------------------------------------


def test_more_values_than_the_alias_budget_are_read_when_there_are_no_aliases():
    from ilc_canvas.core.yamlbody import MAX_VALUES, parse_body

    items = MAX_VALUES * 3
    result = parse_body("vraagstuk:\n" + "".join(f"  - punt {n}\n" for n in range(items)), 10)
    assert result.problems == []
    assert len(result.value["vraagstuk"]) == items
    assert result.value["vraagstuk"].item_lines[-1] == 10 + items


def test_what_is_not_a_lesson_is_still_shown(tmp_path):
    page = """# Retro

```{retrospective} Retro
:usecase: x
:date: mei 2024

lessen:
  - Een losse zin in plaats van een les
  - id: les-a
    titel: [Een, lijst]
    stroom: [boven, onder]
lessen: Nog een losse zin
```
"""
    app = build(project(tmp_path, {"index.md": page}))
    soup = soup_of(app, "index")
    text = shown_text(soup)
    for written in ("Een losse zin in plaats van een les", "Nog een losse zin", "Een", "lijst", "boven", "onder"):
        assert written in text
    assert "Een losse zin in plaats van een les" in soup.select_one(".ilc-block-overig").get_text()
    # an invalid date still gives valid HTML ids (no spaces)
    assert soup.select_one("section.ilc-retrospective")["id"] == "retrospective-mei-2024-retro"


def test_a_problem_in_a_quoted_value_stays_on_its_line(tmp_path):
    """"\\n" in a quoted value is a line of the text, not of the file."""
    page = ('# T\n\n```{usecase-canvas} T\n:owner: O\n\nvraagstuk: "a\\n\\nb\\n\\n[c](ftp://example.org/c)"\n'
            'doel: d\nbelanghebbenden: e\n```\n')
    app = build(project(tmp_path, {"index.md": page}))
    assert [line for line in warning_lines(app) if "[ilc." in line] == [
        "index.md:6: WARNING: the link to 'ftp://example.org/c' is not allowed (only http, https, mailto and "
        "links within the site); it is shown as text [ilc.schema]"]
