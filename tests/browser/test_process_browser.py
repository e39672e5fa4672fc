"""Process diagrams in a real browser (contract 3.5, 5): Mermaid from the site
itself renders an SVG with title and description, nothing goes to another host,
the edge label keeps its contrast in dark mode, and without JavaScript the
reader gets the text equivalent instead of Mermaid's source."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

USECASE = "usecases/almere-wateroverlast/index.html"
CHAPTER = "docs/methode/usecase-als-leeromgeving.html"
HANDBOOK_MERMAID = ["docs/methode/leren-als-fundament.html", "docs/methode/boven-en-onderstroom.html"]
TITLE = "Het usecaseproces in vijf fasen, zoals het Handboek Innovatieleercyclus het indeelt"

SVG_FACTS = """fig => {
  const svg = fig.querySelector('pre.mermaid[data-processed="true"] svg[aria-roledescription]');
  if (!svg) return null;
  const id = (el) => el ? el.id : null;
  const title = svg.querySelector(':scope > title');
  const desc = svg.querySelector(':scope > desc');
  const current = [...svg.querySelectorAll('g.node')].find(n => n.textContent.includes('(huidige fase)'));
  const shape = current ? current.querySelector('rect, path, polygon') : null;
  return {
    title: title ? title.textContent : null,
    desc: desc ? desc.textContent : null,
    labelledby: svg.getAttribute('aria-labelledby'), titleId: id(title),
    describedby: svg.getAttribute('aria-describedby'), descId: id(desc),
    nodes: [...svg.querySelectorAll('g.node')].map(n => n.textContent.trim()),
    edgeLabels: [...svg.querySelectorAll('g.edgeLabel')].map(n => n.textContent.trim()).filter(Boolean),
    current: current ? current.textContent.trim() : null,
    currentStroke: shape ? parseFloat(getComputedStyle(shape).strokeWidth) : null,
    width: svg.getBoundingClientRect().width,
  };
}"""

CONTRAST = """fig => {
  const label = [...fig.querySelectorAll('.edgeLabel p, .edgeLabel span')].find(n => n.textContent.trim());
  const rgb = s => (s.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => { const c = [r, g, b].map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]; };
  let el = label, bg = null;
  while (el && !bg) { const c = rgb(getComputedStyle(el).backgroundColor); if (c.length >= 3 && (c.length < 4 || c[3] > 0.5)) bg = c; el = el.parentElement; }
  const fg = rgb(getComputedStyle(label).color);
  const [a, b] = [lum(fg), lum(bg || [255, 255, 255])].sort((x, y) => y - x);
  return {fg: getComputedStyle(label).color, ratio: (a + 0.05) / (b + 0.05)};
}"""


@pytest.mark.parametrize("scheme", ["light", "dark", "dark-by-toggle"])
def test_canvas_diagram_renders_locally_with_title_and_description(visit, scheme):
    shown = visit(USECASE, scheme=scheme)
    figure = shown.page.locator("figure.ilc-process")
    assert figure.count() == 1
    facts = figure.evaluate(SVG_FACTS)
    assert facts is not None, "the diagram did not render to an SVG"
    assert facts["title"] == TITLE
    assert facts["desc"].startswith("Een cyclus van 5 fasen: 1. Usecase selecteren en team vormen")
    assert facts["desc"].endswith("Huidige fase: 4. Ontwikkeling met periodieke retrospectieven.")
    assert facts["labelledby"] == facts["titleId"] and facts["describedby"] == facts["descId"]
    assert len(facts["nodes"]) == 5
    assert facts["edgeLabels"] == ["lessen voor de volgende usecase"]
    # marked by words and a thick border, not by colour alone
    assert facts["current"] == "▶ 4. Ontwikkeling met periodieke retrospectieven (huidige fase)"
    assert facts["currentStroke"] >= 3
    assert facts["width"] > 200
    # Mermaid came from this site
    scripts = shown.page.evaluate("[...performance.getEntriesByType('resource')].map(e => e.name)")
    assert any(url.endswith("/_static/mermaid/mermaid.esm.min.mjs") for url in scripts)
    assert shown.other_hosts == []
    assert shown.problems() == []
    contrast = figure.evaluate(CONTRAST)
    assert contrast["ratio"] >= 4.5, contrast


def test_handbook_diagrams_render_without_other_hosts(visit):
    chapter = visit(CHAPTER)
    facts = chapter.page.locator("figure.ilc-process").evaluate(SVG_FACTS)
    assert facts["title"] == TITLE and facts["current"] is None
    assert facts["nodes"][0] == "1. Usecase selecteren en team vormen"
    assert chapter.problems() == []
    for path in HANDBOOK_MERMAID:
        shown = visit(path)
        rendered = shown.page.locator('pre.mermaid[data-processed="true"] svg[aria-roledescription] > title')
        assert rendered.count() >= 1, path
        assert shown.problems() == [], path


def test_pages_without_diagrams_do_not_load_mermaid(visit):
    checked = []
    for path in ("search.html", "genindex.html", "usecases/lessen.html", "docs/referentie/index.html"):
        shown = visit(path)
        if shown.page.locator("pre.mermaid").count():
            continue  # an author put a diagram here
        loaded = shown.page.evaluate("[...performance.getEntriesByType('resource')].map(e => e.name)")
        assert not [url for url in loaded if "mermaid" in url], path
        assert shown.other_hosts == []
        checked.append(path)
    assert len(checked) >= 2


def test_without_javascript_the_text_equivalent_replaces_the_diagram(browser, base_url):
    import sitebrowser

    context = browser.new_context(java_script_enabled=False)
    blocked: list[str] = []
    sitebrowser.block_other_hosts(context, blocked)
    try:
        page = context.new_page()
        page.goto(base_url + USECASE, wait_until="load")
        figure = page.locator("figure.ilc-process")
        assert figure.locator("figcaption").inner_text() == TITLE
        assert not figure.locator("pre.mermaid").is_visible()  # no raw Mermaid source
        summary = figure.locator("details > summary")
        assert summary.inner_text() == "De fasen als lijst"
        summary.click()
        items = figure.locator("ol.ilc-process-steps > li")
        assert items.count() == 5
        assert items.nth(3).inner_text() == "Ontwikkeling met periodieke retrospectieven (huidige fase)"
        assert figure.locator(".ilc-process-return").is_visible()
        assert blocked == []
    finally:
        context.close()
