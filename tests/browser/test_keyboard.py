"""Keyboard: every interactive element can be reached with Tab, shows where the
focus is, and works from the keyboard (navigation, its drawers and sections,
theme switch, search, skip link).
"""

from __future__ import annotations

import pytest

from sitepages import PAGES

pytestmark = pytest.mark.browser

# Mark every element a keyboard user should be able to reach and remember how
# it looks unfocused. A checkbox out of sight (furo's drawer and section
# toggles) is worked through its <label>: it must be reached when its label is
# on view, and shows its focus on the label, so the label is what is compared.
PREPARE = """() => {
  const focusable = 'a[href], button:not([disabled]), input:not([type=hidden]):not([disabled]),'
    + ' select, textarea, summary, [tabindex]:not([tabindex="-1"])';
  const shown = el => el.checkVisibility({visibilityProperty: true, contentVisibilityAuto: true})
    && [...el.getClientRects()].some(r => r.width > 0 && r.height > 0) && !el.closest('[inert]');
  // A checkbox worked through its <label> (drawn as the button), itself out of sight.
  const hiddenToggle = el => el.matches('input[type=checkbox]') && el.id
    && !(shown(el) && parseFloat(getComputedStyle(el).opacity) > 0
         && el.getBoundingClientRect().width >= 4);
  const indicator = el => hiddenToggle(el)
    ? [...document.querySelectorAll(`label[for="${el.id}"]`)].find(shown) || null
    : el;
  const look = el => {
    const s = getComputedStyle(el);
    return {outline: `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}`,
            shadow: s.boxShadow, border: s.borderColor};
  };
  window.__kb = {shown, hiddenToggle, indicator, look, expected: [], before: new Map()};
  let n = 0;
  for (const el of document.querySelectorAll(focusable)) {
    el.dataset.kb = String(n++);
    const target = indicator(el);
    // A control counts when it (or, for a hidden toggle, its label) is on view.
    if (target && shown(target)) {
      window.__kb.expected.push(el.dataset.kb);
      window.__kb.before.set(el.dataset.kb, look(target));
    }
  }
  return window.__kb.expected.length;
}"""

# What the focused element is and whether the focus shows.
FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const kb = window.__kb;
  const target = kb.indicator(el);
  const label = (el.getAttribute('aria-label') || el.textContent || el.outerHTML).trim().slice(0, 60);
  if (!target) return {id: el.dataset.kb, label, shown: false};
  const r = target.getBoundingClientRect();
  const now = kb.look(target);
  const before = kb.before.get(el.dataset.kb) || {};
  const [style, width] = now.outline.split(' ');
  const outline = style !== 'none' && parseFloat(width) >= 1
    && !now.outline.includes('rgba(0, 0, 0, 0)') && now.outline !== before.outline;
  const shadow = now.shadow !== 'none' && now.shadow !== before.shadow;
  const border = now.border !== before.border;
  return {
    id: el.dataset.kb, label, shown: kb.shown(target),
    inView: r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0
      && r.top < innerHeight && r.left < innerWidth,
    indicator: outline || shadow || border, look: now,
  };
}"""


IN_VIEW = """() => {
  const el = document.activeElement;
  const target = el && window.__kb.indicator(el);
  if (!target) return true;
  const r = target.getBoundingClientRect();
  return r.bottom > 0 && r.right > 0 && r.top < innerHeight && r.left < innerWidth;
}"""


def focus_state(page) -> dict | None:
    state = page.evaluate(FOCUSED)
    if state is None or state.get("inView", True):
        return state
    try:  # scrolling a focused element into view may be animated
        page.wait_for_function(IN_VIEW, timeout=1500, polling=50)
    except Exception:  # noqa: BLE001 - reported as "not on screen" by the test
        pass
    return page.evaluate(FOCUSED)


def tab_through(page, limit: int) -> list[dict]:
    """Press Tab until focus comes round again; what had focus, in order."""
    seen: list[dict] = []
    ids = set()
    for _ in range(limit):
        page.keyboard.press("Tab")
        state = focus_state(page)
        if state is None:  # focus left the document (the browser's UI)
            if seen:
                break
            continue
        if state["id"] in ids:
            break
        ids.add(state["id"])
        seen.append(state)
    return seen


# Desktop and phone for every page; 1024 px (navigation shown, contents in a
# drawer) for two.
LAYOUTS = [(role, width) for role in PAGES for width in (1440, 375)] + [
    ("landing", 1024), ("usecase", 1024)]


@pytest.mark.parametrize("role, width", LAYOUTS, ids=[f"{r}-{w}" for r, w in LAYOUTS])
def test_tab_reaches_every_control_with_visible_focus(visit, role, width):
    shown = visit(PAGES[role], width=width)
    page = shown.page
    expected_count = page.evaluate(PREPARE)
    expected = page.evaluate("() => window.__kb.expected")
    reached = tab_through(page, limit=expected_count + 40)
    reached_ids = {state["id"] for state in reached}
    names = {state["id"]: state["label"] for state in reached}

    missing = page.evaluate(
        """ids => ids.map(id => document.querySelector(`[data-kb="${id}"]`))
                   .map(el => (el.getAttribute('aria-label') || el.textContent || el.outerHTML).trim().slice(0, 60))""",
        [i for i in expected if i not in reached_ids],
    )
    assert missing == [], f"not reachable with Tab: {missing}"
    invisible = [s["label"] for s in reached if not (s["shown"] and s.get("inView"))]
    assert invisible == [], f"focus went to something not on screen: {invisible}"
    unmarked = [f"{s['label']} ({s['look']})" for s in reached if not s["indicator"]]
    assert unmarked == [], f"focus does not show on: {unmarked}"
    assert len(names) >= 5
    assert shown.problems() == []


def _tab_to(page, selector: str, limit: int = 200):
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement?.matches(s) || false", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_skip_link_moves_to_the_content(visit):
    page = visit(PAGES["chapter"]).page
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('skip-to-content')")
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#furo-main-content"


@pytest.mark.parametrize("width", [1440, 375])
def test_theme_switch_works_from_the_keyboard(visit, width):
    page = visit(PAGES["landing"], width=width).page
    _tab_to(page, ".theme-toggle")
    assert page.evaluate("document.body.dataset.theme") == "auto"
    page.keyboard.press("Enter")
    assert page.evaluate("document.body.dataset.theme") == "dark"
    page.keyboard.press("Space")
    assert page.evaluate("document.body.dataset.theme") == "light"


def test_search_works_from_the_keyboard(visit):
    shown = visit(PAGES["chapter"])
    page = shown.page
    _tab_to(page, "input.sidebar-search")
    page.keyboard.type("retrospectief")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search.html?q=retrospectief*")
    page.wait_for_function("document.querySelectorAll('.ilc-search .ilc-finder-results a').length > 0")
    _tab_to(page, ".ilc-search .ilc-finder-results a")
    # a new query from the form, by keyboard alone: the results follow and the URL keeps it
    _tab_to(page, "#ilc-search-q")
    page.keyboard.press("Control+A")
    page.keyboard.type("onderstroom")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search.html?q=onderstroom*")
    page.wait_for_function("[...document.querySelectorAll('.ilc-search mark')].some(m => /onderstroom/i.test(m.textContent))")
    assert shown.problems() == []


def test_navigation_section_opens_from_the_keyboard(visit):
    """A collapsed section of the navigation opens with Space; its pages can then be reached."""
    page = visit(PAGES["landing"]).page
    section = page.locator(".sidebar-tree li.has-children").first
    toggle = section.locator("> input.toctree-checkbox")
    assert not toggle.is_checked()
    child = section.locator("> ul > li > a").first
    assert not child.is_visible()
    _tab_to(page, f"#{toggle.get_attribute('id')}")
    page.keyboard.press("Space")
    assert toggle.is_checked()
    assert child.is_visible()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('li.has-children > ul') !== null")


@pytest.mark.parametrize("drawer, selector", [
    ("__navigation", ".sidebar-drawer"),
    ("__toc", ".toc-drawer"),
])
def test_phone_drawers_open_from_the_keyboard(visit, drawer, selector):
    page = visit(PAGES["usecase"], width=375).page
    assert not page.locator(selector).is_visible()
    _tab_to(page, f"#{drawer}")
    page.keyboard.press("Space")
    page.wait_for_function(
        "s => { const r = document.querySelector(s).getBoundingClientRect();"
        " return r.left >= 0 && r.right <= innerWidth + 1; }", arg=selector)
    # Tab goes on into the drawer's links, on screen.
    _tab_to(page, f"{selector} a[href]", limit=60)
    assert page.evaluate("""() => {
      const r = document.activeElement.getBoundingClientRect();
      return document.activeElement.checkVisibility({visibilityProperty: true})
        && r.left >= 0 && r.right <= innerWidth && r.top >= 0 && r.bottom <= innerHeight;
    }""")
    # And Space on the toggle closes it again.
    _tab_to(page, f"#{drawer}")
    page.keyboard.press("Space")
    assert not page.locator(f"#{drawer}").is_checked()
