"""WCAG 2.0/2.1 A and AA (axe-core), script errors and requests, in every colour scheme."""

from __future__ import annotations

import re

import pytest

from sitepages import PAGES, SCHEMES

pytestmark = pytest.mark.browser

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(page, axe_js: str) -> list[str]:
    page.add_script_tag(content=axe_js)
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_TAGS,
    )
    lines = []
    for violation in result["violations"]:
        for node in violation["nodes"]:
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"{violation['id']} at {' '.join(map(str, node['target']))}: {summary}")
    return lines


@pytest.fixture(scope="module")
def axe_js(node_asset) -> str:
    return node_asset("axe-core/axe.min.js").read_text(encoding="utf-8")


@pytest.mark.parametrize("scheme", list(SCHEMES))
@pytest.mark.parametrize("role", list(PAGES))
def test_page_is_accessible_and_error_free(visit, axe_js, role, scheme):
    shown = visit(PAGES[role], scheme=scheme)
    expected_theme = SCHEMES[scheme]["theme"] or "auto"
    assert shown.page.evaluate("document.body.dataset.theme") == expected_theme
    dark = shown.page.evaluate(
        "getComputedStyle(document.body).getPropertyValue('--color-background-primary').trim()"
    )
    # The scheme really is in effect: furo's dark background is #131416.
    assert (dark == "#131416") == scheme.startswith("dark"), dark
    problems = shown.problems() + axe_violations(shown.page, axe_js)
    assert problems == [], "\n".join(problems)


def test_search_finds_pages(visit):
    """The search page asks Pagefind, in Dutch, started with the theme's query (?q=): the
    pages found, each with its excerpt (the word marked) and its matching sections."""
    shown = visit(PAGES["search"])
    page = shown.page
    message = page.locator(".ilc-search [role=status]").inner_text()
    assert re.fullmatch(r"\d+ pagina’s gevonden", message), message
    assert page.locator("#ilc-search-q").input_value() == "canvas"
    results = page.locator(".ilc-search .ilc-finder-results > li")
    assert results.count() == 5 and page.locator(".ilc-search-more").is_visible()  # five at a time
    first = results.first
    assert "_records" not in first.locator("> a").get_attribute("href")  # pages, not the finder's records
    assert "canvas" in first.locator("mark").first.inner_text().lower()
    sections = page.locator(".ilc-search-sections a[href*='#']")
    assert sections.count() > 0  # sections of a page, at their anchors
    page.locator(".ilc-search-more").click()
    page.wait_for_function("document.querySelectorAll('.ilc-search .ilc-finder-results > li').length > 5")
    assert shown.problems() == []
    # a section's link leads to the section (Sphinx's, or a lesson's card) its heading opens
    title = sections.first.inner_text()
    sections.first.click()
    page.wait_for_load_state()
    target = page.evaluate("(() => { const t = document.querySelector(':target');"
                           " return t && [t.tagName, t.querySelector('h2, h3, h4, h5, h6')?.innerText]; })()")
    assert target is not None and target[0] in ("SECTION", "ARTICLE"), target
    assert target[1].strip().rstrip("¶").strip() == title.strip(), (target, title)


SAID_ONCE = """() => [...document.querySelectorAll('.ilc-search .ilc-finder-results > li')].map(li => ({
  title: li.querySelector(':scope > a').innerText,
  excerpt: li.querySelector(':scope > .ilc-search-excerpt')?.innerText ?? null,
  sections: [...li.querySelectorAll('.ilc-search-sections > li')].map(s => ({
    title: s.querySelector('a').innerText, excerpt: s.querySelector('.ilc-search-excerpt')?.innerText ?? null})),
  more: li.querySelector(':scope > .ilc-search-more-sections')?.innerText ?? null}))"""
#: what Pagefind itself gives for a page: its title, excerpt and sections (as found, before the page shows them)
PAGEFIND_SECTIONS = """async (term) => {
  const pagefind = await import(new URL("pagefind/pagefind.js", location.href).href);
  const found = await pagefind.search(term);
  return Promise.all(found.results.slice(0, 5).map(async (r) => {
    const d = await r.data();
    return {title: d.meta.title, url: d.url, sections: d.sub_results.map(s => ({title: s.title, url: s.url}))};
  }));
}"""


def leads(title: str, excerpt: str | None) -> bool:
    """Whether an excerpt starts with the heading's words, whole ("Data" does not lead "Data-…")."""
    norm = " ".join((excerpt or "").split()).lower()
    return re.match(re.escape(" ".join(title.split()).lower()) + r"(?![^\s.:,;!?])", norm) is not None


@pytest.mark.parametrize("term", ["retrospectieven", "canvas", "bron"])
def test_a_result_says_each_thing_once(visit, term):
    """A page's sections under it are each heading once (not the page's title again, not a
    canvas block beside the page's section of the same name), an excerpt is shown once (under
    the section it stands in), without the heading just above it, and beyond three sections
    the page says how many more match."""
    shown = visit(f"search.html?q={term}")
    page = shown.page
    results = page.evaluate(SAID_ONCE)
    found = page.evaluate(PAGEFIND_SECTIONS, term)
    assert [r["title"] for r in results] == [f["title"] for f in found]
    norm = lambda text: " ".join(text.split()).lower()  # noqa: E731
    for result, pagefind in zip(results, found):
        titles = [norm(s["title"]) for s in result["sections"]]
        assert len(titles) == len(set(titles)) and norm(result["title"]) not in titles, result
        assert all(s["excerpt"] != result["excerpt"] for s in result["sections"]), result
        assert not leads(result["title"], result["excerpt"]), result
        assert not [s for s in result["sections"] if leads(s["title"], s["excerpt"])], result
        distinct = {norm(s["title"]) for s in pagefind["sections"]
                    if s["url"] != pagefind["url"] and s["title"].strip()} - {norm(result["title"])}
        assert len(result["sections"]) == min(3, len(distinct)), (result, pagefind)
        if len(distinct) > 3:
            left = len(distinct) - 3
            assert result["more"] == (f"Ook gevonden onder {left} andere kopjes van deze pagina." if left > 1
                                      else "Ook gevonden onder 1 ander kopje van deze pagina."), result
        else:
            assert result["more"] is None, result
    assert shown.problems() == []


@pytest.mark.parametrize("role", ["usecase", "search"])
def test_the_theme_speaks_dutch(visit, role):
    """furo's own texts are in Dutch too (WCAG 3.1.2): locales/nl/LC_MESSAGES/sphinx.po."""
    page = visit(PAGES[role], width=1440).page
    page.keyboard.press("Tab")  # shows the skip link
    text = page.evaluate("document.body.innerText")
    for english in ("Skip to content", "Back to top", "On this page", "Made with", "Next\n", "Previous\n"):
        assert english not in text
    assert page.locator(".skip-to-content").inner_text().strip() == "Naar de inhoud"


def test_no_page_asked_for_another_host(other_host_requests):
    """Counted over every page opened before this test (tests run in file order)."""
    assert other_host_requests == []


@pytest.mark.parametrize("role", ["usecase", "chapter"])
def test_process_diagram_renders_when_present(visit, role):
    """Where a page carries a Mermaid diagram, it renders to an SVG with a title."""
    shown = visit(PAGES[role])
    diagrams = shown.page.locator("pre.mermaid")
    for index in range(diagrams.count()):
        diagram = diagrams.nth(index)
        assert diagram.get_attribute("data-processed") == "true"
        svg = diagram.locator("svg")
        assert svg.count() == 1
        box = svg.bounding_box()
        assert box and box["width"] > 100 and box["height"] > 50, box
    assert shown.problems() == []
