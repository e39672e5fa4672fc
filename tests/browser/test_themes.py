"""The extension's output in five themes, in a real browser (CONTRACT §12).

The project of tests/outside.py (the package from a wheel in a fresh venv),
in alabaster, sphinx-rtd-theme, pydata-sphinx-theme, sphinx-book-theme and
furo, at 1440 and 375 px, in light and dark: the canvas reads as the poster
on the desktop and stacks on a phone, no listing is clipped, nothing scrolls
sideways, axe-core finds nothing on the extension's own elements (the themes'
own findings are theirs), and every text in the diagrams' SVG (which axe does
not look into) has a contrast of at least 4.5:1. Mermaid comes from the package:
the diagram must be drawn.
"""

from __future__ import annotations

import pytest

import sitebrowser
from outside import THEMES

pytestmark = [pytest.mark.browser, pytest.mark.outside]

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
OURS = [[".ilc-canvas"], [".ilc-retrospective"], [".ilc-listing"], [".ilc-process"], [".ilc-backlinks"]]
PAGES = ["usecases/hitte.html", "usecases/hitte-retrospectief.html", "lessen.html"]
#: themes with a dark mode that follows the reader's system; the others stay light
DARK = {"pydata_sphinx_theme", "sphinx_book_theme", "furo"}

LAYOUT = """() => {
  const grid = document.querySelector('.ilc-canvas-grid');
  const rows = {};
  for (const block of grid.children) {
    const top = Math.round(block.getBoundingClientRect().top);
    rows[top] = (rows[top] || 0) + 1;
  }
  const root = document.documentElement;
  return {perRow: Math.max(...Object.values(rows)), sideways: root.scrollWidth > root.clientWidth + 1};
}"""

CLIPPED = """() => [...document.querySelectorAll('.ilc-listing')].flatMap(listing => {
  const found = [];
  const box = listing.getBoundingClientRect();
  for (let el = listing.parentElement; el && el !== document.body; el = el.parentElement) {
    const style = getComputedStyle(el);
    if (el.scrollWidth > el.clientWidth + 1 && style.overflowX !== 'visible')
      found.push(`${listing.id || listing.className} scrolls or is cut in ${el.className || el.tagName}`);
  }
  if (box.right > document.documentElement.clientWidth + 1) found.push(`${listing.id} runs off the page`);
  for (const cell of listing.querySelectorAll('td, th, li'))
    if (cell.scrollWidth > cell.clientWidth + 1) found.push(`a cell of ${listing.id} is cut`);
  return found;
})"""

SVG_CONTRAST = """() => {
  const rgb = c => (c.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => [r, g, b].map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
    .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
  const over = (top, bottom) => { const a = top.length > 3 ? top[3] : 1;
    return [0, 1, 2].map(i => top[i] * a + bottom[i] * (1 - a)); };
  const page = rgb(getComputedStyle(document.body).backgroundColor).length ? rgb(getComputedStyle(document.body).backgroundColor) : [255, 255, 255];
  const found = [];
  for (const svg of document.querySelectorAll('.ilc-process pre.mermaid svg')) {
    for (let el = svg; el; el = el.parentElement)
      if (getComputedStyle(el).filter !== 'none') found.push(`a filter (${getComputedStyle(el).filter}) changes the colours`);
    for (const g of svg.querySelectorAll('g.node, g.edgeLabel')) {
      const label = g.querySelector('.nodeLabel, span, p, text');
      if (!label || !label.textContent.trim()) continue;
      const shape = g.querySelector('rect, polygon, path');
      let back = page;
      if (shape && getComputedStyle(shape).fill.startsWith('rgb')) back = over(rgb(getComputedStyle(shape).fill), page);
      const bg = rgb(getComputedStyle(label).backgroundColor);
      if (bg.length && (bg.length < 4 || bg[3] > 0)) back = over(bg, back);
      const colour = label.tagName === 'text' ? getComputedStyle(label).fill : getComputedStyle(label).color;
      const [a, b] = [lum(over(rgb(colour), back)), lum(back)];
      const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
      if (ratio < 4.5) found.push(`${label.textContent.trim()}: ${colour} on rgb(${back.map(Math.round)}) is ${ratio.toFixed(2)}:1`);
    }
  }
  return found;
}"""


@pytest.fixture(scope="module")
def sites(outside):
    return {theme: outside.theme_site(theme) for theme in THEMES}


@pytest.fixture(scope="module")
def axe_js(node_asset) -> str:
    return node_asset("axe-core/axe.min.js").read_text(encoding="utf-8")


def axe_violations(page, axe_js: str, context: list) -> list[str]:
    """What axe-core finds (WCAG 2.1 AA) inside the elements `context` names."""
    page.add_script_tag(content=axe_js)
    result = page.evaluate(
        "([context, tags]) => axe.run({include: context}, {runOnly: {type: 'tag', values: tags},"
        " resultTypes: ['violations']})", [context, WCAG_TAGS])
    return [f"{v['id']} at {' '.join(map(str, n['target']))}" for v in result["violations"] for n in v["nodes"]]


def open_page(browser, sites, theme, path, width, scheme):
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme,
                                  reduced_motion="reduce")
    other_hosts: list[str] = []
    sitebrowser.block_other_hosts(context, other_hosts)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    return context, page, other_hosts, errors


@pytest.mark.parametrize("width", [1440, 375])
@pytest.mark.parametrize("theme", THEMES)
def test_poster_on_the_desktop_stacked_on_a_phone_and_nothing_clipped(browser, sites, theme, width, artifacts):
    with sitebrowser.serve(sites[theme]) as url:
        context, page, other_hosts, errors = open_page(browser, sites, theme, "", width, "light")
        try:
            page.goto(url + "usecases/hitte.html")
            sitebrowser.wait_until_ready(page)
            layout = page.evaluate(LAYOUT)
            page.screenshot(path=str(artifacts / f"theme-{theme}-{width}.png"), full_page=True)
            # the diagram is drawn, by the Mermaid the package carries
            assert page.locator('.ilc-process pre.mermaid[data-processed="true"] svg').count() == 1
            if width == 1440:
                assert layout["perRow"] >= 3, f"{theme}: the canvas is not the poster ({layout['perRow']} a row)"
            else:
                assert layout["perRow"] == 1, f"{theme}: the canvas does not stack on a phone"
            assert not layout["sideways"]
            page.goto(url + "lessen.html")
            sitebrowser.wait_until_ready(page)
            assert (page.evaluate(CLIPPED) if width == 1440 else []) == []
            assert not page.evaluate(LAYOUT.replace("const grid = document.querySelector('.ilc-canvas-grid');",
                                                    "const grid = document.body;"))["sideways"]
            assert other_hosts == [] and errors == []
        finally:
            context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("theme", THEMES)
def test_our_elements_pass_axe_and_the_diagrams_read(browser, sites, axe_js, theme, scheme):
    with sitebrowser.serve(sites[theme]) as url:
        context, page, other_hosts, errors = open_page(browser, sites, theme, "", 1440, scheme)
        try:
            problems = []
            for path in PAGES:
                page.goto(url + path)
                sitebrowser.wait_until_ready(page)
                dark = page.evaluate("document.documentElement.dataset.theme || document.body.dataset.theme || ''")
                if scheme == "dark" and theme in DARK:
                    assert "dark" in dark or page.evaluate(
                        "matchMedia('(prefers-color-scheme: dark)').matches"), f"{theme} is not dark"
                problems += [f"{path}: {found}" for found in axe_violations(page, axe_js, OURS)]
                problems += [f"{path}: {found}" for found in page.evaluate(SVG_CONTRAST)]
            assert problems == [], "\n".join(problems)
            assert other_hosts == [] and errors == []
        finally:
            context.close()


SUBMIT_THE_THEMES_SEARCH = """(word) => {
  const input = [...document.querySelectorAll('form input[name="q"]')]
    .find(i => /search\\.html$/.test(new URL(i.form.action, location.href).pathname));
  if (!input) return false;
  input.value = word;
  input.form.requestSubmit();
  return true;
}"""


@pytest.mark.parametrize("theme", THEMES)
def test_the_themes_search_box_leads_to_the_search_page_which_answers(browser, sites, axe_js, theme):
    """The package installed with its `search` extra: the theme's own search box sends
    its query to the search page, which answers from this site's Pagefind index, and
    passes axe in light and dark."""
    with sitebrowser.serve(sites[theme]) as url:
        for scheme in ("light", "dark"):
            context, page, other_hosts, errors = open_page(browser, sites, theme, "", 1440, scheme)
            try:
                page.goto(url + "index.html")
                assert page.evaluate(SUBMIT_THE_THEMES_SEARCH, "retrospectief"), f"{theme}: no search box"
                page.wait_for_url("**/search.html?q=retrospectief*")
                page.wait_for_function("document.querySelectorAll('.ilc-search .ilc-finder-results a').length > 0")
                assert page.locator("#ilc-search-q").input_value() == "retrospectief"
                assert axe_violations(page, axe_js, [[".ilc-search"]]) == []
                assert other_hosts == [] and errors == []
            finally:
                context.close()


@pytest.mark.parametrize("theme", THEMES)
def test_the_finder_answers_and_no_request_fails(browser, sites, axe_js, theme):
    """The finder in every theme: a selection in the address restores its results, axe finds
    nothing in light and dark, and no page asks for a file the site lacks. pydata-sphinx-theme
    and sphinx-book-theme load Sphinx's search tools and index on every page; the index is an
    empty stand-in, and the finder's `?q=` starts no Sphinx search (which threw there)."""
    with sitebrowser.serve(sites[theme]) as url:
        for scheme in ("light", "dark"):
            context, page, other_hosts, errors = open_page(browser, sites, theme, "", 1440, scheme)
            failed: list[str] = []
            page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
            try:
                for path in PAGES:
                    page.goto(f"{url}{path}?q=hitte")
                    page.wait_for_load_state("load")
                page.goto(f"{url}vinder.html?q=hitte")
                page.wait_for_function("document.querySelectorAll('.ilc-finder-results a').length > 0")
                assert page.locator(".ilc-finder-app input[type=search]").input_value() == "hitte"
                assert axe_violations(page, axe_js, [[".ilc-finder"]]) == []
                assert failed == [] and other_hosts == [] and errors == [], (theme, scheme)
            finally:
                context.close()
