"""The canvas on a desktop, a small laptop and a phone: nothing overflows, every
block is visible and readable, blocks stack on the phone and form a poster
grid on the desktop. Screenshots go to test-artifacts/ (looked at, not compared).
"""

from __future__ import annotations

import pytest

from sitepages import PAGES

pytestmark = pytest.mark.browser

WIDTHS = [1440, 1024, 375]
CANVAS_PAGES = ["usecase", "template"]

MEASURE = """() => {
  const vw = document.documentElement.clientWidth;
  const canvas = document.querySelector('.ilc-canvas');
  const blocks = [...canvas.querySelectorAll('.ilc-canvas-grid > .ilc-block')].map(block => {
    const r = block.getBoundingClientRect();
    const heading = block.querySelector('.ilc-heading');
    const style = getComputedStyle(block);
    return {
      id: block.id,
      left: r.left + window.scrollX, right: r.right + window.scrollX,
      top: r.top + window.scrollY, width: r.width, height: r.height,
      visible: style.visibility === 'visible' && style.display !== 'none' && +style.opacity > 0,
      clipped: block.scrollWidth > block.clientWidth + 1 || block.scrollHeight > block.clientHeight + 1,
      headingSize: parseFloat(getComputedStyle(heading).fontSize),
      textSize: Math.min(...[...block.querySelectorAll('p, li')].map(e => parseFloat(getComputedStyle(e).fontSize)), 99),
    };
  });
  return {
    viewport: vw,
    scrollWidth: document.documentElement.scrollWidth,
    bodyScrollWidth: document.body.scrollWidth,
    canvasWidth: canvas.getBoundingClientRect().width,
    blocks,
  };
}"""


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("role", CANVAS_PAGES)
def test_canvas_fits_and_reads(visit, artifacts, role, width):
    shown = visit(PAGES[role], width=width, height=900)
    page = shown.page
    canvas = page.locator(".ilc-canvas").first
    canvas.scroll_into_view_if_needed()
    canvas.screenshot(path=artifacts / f"canvas-{role}-{width}.png")
    page.screenshot(path=artifacts / f"page-{role}-{width}.png", full_page=True)

    m = page.evaluate(MEASURE)
    assert m["scrollWidth"] <= m["viewport"], f"page scrolls sideways: {m['scrollWidth']} > {m['viewport']}"
    assert m["bodyScrollWidth"] <= m["viewport"]
    assert len(m["blocks"]) >= 5
    for block in m["blocks"]:
        assert block["visible"], block
        assert block["left"] >= 0 and block["right"] <= m["viewport"] + 0.5, block
        assert block["width"] >= min(200, m["viewport"] * 0.5), block
        assert block["height"] >= 40, block
        assert not block["clipped"], block
        assert block["headingSize"] >= 14 and block["textSize"] >= 12, block

    columns = sorted({round(b["left"]) for b in m["blocks"]})
    if width == 375:
        assert len(columns) == 1, f"blocks do not stack on a phone: x = {columns}"
    if width == 1440:
        assert len(columns) >= 2, f"no grid on a desktop: x = {columns}"
    assert shown.problems() == []


@pytest.mark.parametrize("width", WIDTHS)
def test_pages_do_not_scroll_sideways(visit, width):
    for role in ("landing", "chapter", "lessons", "retrospective"):
        page = visit(PAGES[role], width=width).page
        scroll = page.evaluate("document.documentElement.scrollWidth")
        assert scroll <= width, f"{role} at {width}px: scrollWidth {scroll}"
