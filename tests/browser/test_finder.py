"""The lessons finder in a real browser (CONTRACT §8, issue 18): every filter value
gives exactly the lessons `_ilc/lessons.json` says have it, in the finder and in
Pagefind's own API; choices combine (OR within a group, AND across groups);
the counts are right; the URL keeps the selection; Dutch inflections are found;
keyboard only; and without JavaScript the static table is there.

The site's lessons page leaves out the directive reference's example use case
(`:usecase: !voorbeeld-schoolpleinen`); Pagefind's API knows every public lesson.
"""

from __future__ import annotations

import json
import re
from urllib.parse import urlencode, urlsplit

import pytest

from ilc_canvas.core.reading import phase_keys
from ilc_canvas.core.schema import phase_label

pytestmark = pytest.mark.browser

PAGE = "usecases/lessen.html"
LEFT_OUT = "voorbeeld-schoolpleinen"
STROOM = {"boven": "bovenstroom", "onder": "onderstroom"}
#: the second other site of the three-site test: the provincie's build, published at another address
GEMEENTE = "https://example.org/ilc-gemeente/"


@pytest.fixture(scope="module")
def lessons(site) -> list[dict]:
    """Every public lesson with the values the finder filters on, from the JSON export."""
    exported = json.loads((site / "_ilc" / "lessons.json").read_text(encoding="utf-8"))["lessons"]
    usecases = {u["id"]: u for u in json.loads((site / "_ilc" / "usecases.json").read_text(encoding="utf-8"))["usecases"]}
    rows = []
    for lesson in exported:
        usecase = usecases[lesson["usecase"]]
        rows.append({
            "url": "/" + lesson["url"], "usecase_id": lesson["usecase"], "text": lesson["text"],
            "title": lesson["title"], "date": lesson["date"],
            "filters": {
                "thema": set(lesson["themes"]), "stroom": {STROOM[lesson["stroom"]]}, "aspect": {lesson["aspect"]},
                "usecase": {usecase["title"]}, "eigenaar": {usecase["owner"]},
                "fase": {phase_label(lesson["phase"], "nl")} if lesson["phase"] else set(),
                "jaar": {lesson["date"][:4]},
            },
        })
    assert len(rows) >= 10
    return rows


def in_finder(lessons):
    return [lesson for lesson in lessons if lesson["usecase_id"] != LEFT_OUT]


def matching(lessons, selection: dict[str, list[str]]) -> set[str]:
    return {lesson["url"] for lesson in lessons
            if all(set(values) & lesson["filters"][group] for group, values in selection.items() if values)}


def all_values(lessons) -> list[tuple[str, str]]:
    return sorted({(group, value) for lesson in lessons for group, values in lesson["filters"].items() for value in values})


def shown_results(page) -> list[str]:
    """The result links' paths (with anchors), after showing every page of results."""
    more = page.locator(".ilc-finder-more")
    while more.is_visible():
        count = page.locator(".ilc-finder-results li").count()
        more.click()
        page.wait_for_function(f"document.querySelectorAll('.ilc-finder-results li').length > {count}")
    return [_path(href) for href in page.eval_on_selector_all(".ilc-finder-results a", "links => links.map(a => a.href)")]


def _path(href: str) -> str:
    parts = urlsplit(href)
    return f"{parts.path}#{parts.fragment}"


def wait_for_results(page) -> None:
    page.wait_for_function("(document.querySelector('.ilc-finder-status')?.textContent || '').trim().length > 0")
    page.wait_for_load_state("networkidle")


def go(page, base_url: str, query: str) -> None:
    page.goto(f"{base_url}{PAGE}?{query}" if query else base_url + PAGE)
    wait_for_results(page)


API_SEARCH = """async ([group, value]) => {
  const pagefind = await import(new URL("../pagefind/lessons/pagefind.js", location.href).href);
  const filters = {soort: "les"};
  if (group) filters[group] = value;
  const found = await pagefind.search(null, {filters});
  const data = await Promise.all(found.results.map(r => r.data()));
  return data.map(d => d.meta.url);
}"""


def test_every_filter_value_gives_exactly_its_lessons(visit, base_url, lessons):
    shown = visit(PAGE)
    page = shown.page
    assert sorted(page.evaluate(API_SEARCH, [None, None])) == sorted(lesson["url"] for lesson in lessons)
    for group, value in all_values(lessons):
        expected = matching(lessons, {group: [value]})
        assert set(page.evaluate(API_SEARCH, [group, value])) == expected, (group, value)
        wanted = matching(in_finder(lessons), {group: [value]})
        if not wanted:
            continue  # only the left-out use case has it: not a choice on this page
        go(page, base_url, urlencode({group: value}))
        got = shown_results(page)
        assert len(got) == len(set(got)) and set(got) == wanted, (group, value)
        assert page.locator(f'.ilc-finder-group input[name="{group}"][value="{value}"]').is_checked()
    assert shown.problems() == []


def test_choices_combine_and_each_count_is_what_it_would_give(visit, lessons):
    selection = {"thema": ["data", "samenwerking"], "stroom": ["bovenstroom"]}
    shown = visit(f"{PAGE}?{urlencode(selection, doseq=True)}")
    page = shown.page
    scope = in_finder(lessons)
    expected = matching(scope, selection)
    assert expected and expected != matching(scope, {"thema": ["data", "samenwerking"]})
    assert set(shown_results(page)) == expected
    newest_first = [lesson["date"] for lesson in sorted(scope, key=lambda x: x["date"], reverse=True)
                    if lesson["url"] in expected]
    dates = page.eval_on_selector_all(".ilc-finder-facts", "spans => spans.map(s => s.textContent.split(' · ')[1])")
    assert dates == newest_first
    status = page.locator(".ilc-finder-status")
    assert status.get_attribute("role") == "status" and status.inner_text() == f"{len(expected)} lessen gevonden"
    boxes = page.locator(".ilc-finder-group input[type=checkbox]")
    assert boxes.count() == len({(g, v) for g, v in all_values(scope)})
    for i in range(boxes.count()):
        box = boxes.nth(i)
        group, value = box.get_attribute("name"), box.get_attribute("value")
        others = {g: v for g, v in selection.items() if g != group}
        count = len(matching(scope, {**others, group: [value]}))
        label = page.locator(f'label[for="{box.get_attribute("id")}"]').inner_text()
        assert label == f"{value} ({count})", (group, value, label)
    assert shown.problems() == []


def test_the_url_keeps_the_selection_and_the_back_button_restores_it(visit, base_url, lessons):
    shown = visit(f"{PAGE}?thema=data")
    page = shown.page
    scope = in_finder(lessons)
    page.locator('input[name="stroom"][value="onderstroom"]').check()
    page.wait_for_url("**/lessen.html?thema=data&stroom=onderstroom")
    wait_for_results(page)
    assert set(shown_results(page)) == matching(scope, {"thema": ["data"], "stroom": ["onderstroom"]})
    page.go_back()
    page.wait_for_url("**/lessen.html?thema=data")
    page.wait_for_function("!document.querySelector('input[name=stroom][value=onderstroom]').checked")
    wait_for_results(page)
    assert set(shown_results(page)) == matching(scope, {"thema": ["data"]})
    # a shared link gives the same lessons in a browser that never saw the page
    fresh = visit(f"{PAGE}?thema=data&stroom=onderstroom")
    assert set(shown_results(fresh.page)) == matching(scope, {"thema": ["data"], "stroom": ["onderstroom"]})
    assert shown.problems() == [] and fresh.problems() == []


def test_an_address_may_name_a_choice_as_written_and_is_told_what_is_none(visit, lessons):
    """A link written by hand or from the YAML (?stroom=onder, a use case's id, another case)
    selects the choice it means; what is no choice here is said, not silently dropped."""
    scope = in_finder(lessons)
    lesson = scope[0]
    title = next(iter(lesson["filters"]["usecase"]))
    asked = {"stroom": "onder", "aspect": "SOCIAAL", "usecase": lesson["usecase_id"], "thema": "geen-thema"}
    shown = visit(f"{PAGE}?{urlencode(asked)}")
    page = shown.page
    for group, value in (("stroom", "onderstroom"), ("aspect", "sociaal"), ("usecase", title)):
        assert page.locator(f'.ilc-finder-group input[name="{group}"]').evaluate_all(
            "boxes => boxes.filter(b => b.checked).map(b => b.value)") == [value], group
    assert set(shown_results(page)) == matching(scope, {"stroom": ["onderstroom"], "aspect": ["sociaal"],
                                                        "usecase": [title]})
    notice = page.locator(".ilc-finder-notice")
    assert notice.is_visible() and "‘geen-thema’" in notice.inner_text(), notice.inner_text()
    assert "onder’" not in notice.inner_text() and "SOCIAAL" not in notice.inner_text()
    # the reader's own next choice: the notice is past, the address says what is chosen
    page.locator('.ilc-finder-group input[name="aspect"][value="technologisch"]').check()
    page.wait_for_url("**/lessen.html?*aspect=technologisch*")
    assert not notice.is_visible() and "geen-thema" not in page.url
    assert shown.problems() == []


def test_an_address_may_name_a_group_by_its_option_or_label_and_is_told_what_it_lacks(visit, lessons):
    """?phase=, ?Stroom=, ?theme= mean their groups; a group name the finder does not know,
    and a phase or owner the site knows that no lesson here has, are said above the form,
    by their names, where "Alles wissen" is offered."""
    scope = in_finder(lessons)
    phases = {phase_label(key, "nl"): key for key in phase_keys()}
    had = sorted({value for lesson in scope for value in lesson["filters"]["fase"]}, key=list(phases).index)
    missing = next(phase for phase in phases if phase not in had)
    theme = sorted({value for lesson in scope for value in lesson["filters"]["thema"]})[0]
    owners = {value for lesson in scope for value in lesson["filters"]["eigenaar"]}
    elsewhere = next(value for lesson in lessons for value in lesson["filters"]["eigenaar"] if value not in owners)
    asked = [("phase", had[0]), ("Stroom", "onder"), ("theme", theme), ("fase", phases[missing]),
             ("onderwerp", "data"), ("eigenaar", elsewhere)]
    shown = visit(f"{PAGE}?{urlencode(asked)}")
    page = shown.page
    for group, value in (("fase", had[0]), ("stroom", "onderstroom"), ("thema", theme)):
        assert page.locator(f'.ilc-finder-group input[name="{group}"]').evaluate_all(
            "boxes => boxes.filter(b => b.checked).map(b => b.value)") == [value], group
    assert set(shown_results(page)) == matching(scope, {"fase": [had[0]], "stroom": ["onderstroom"], "thema": [theme]})
    notice = page.locator(".ilc-finder-notice")
    assert notice.inner_text() == ("Onbekend in dit overzicht, en dus overgeslagen: filter ‘onderwerp’. "
                                   f"Nog geen lessen in dit overzicht, en dus overgeslagen: fase ‘{missing}’, "
                                   f"eigenaar ‘{elsewhere}’.")
    assert page.evaluate("document.querySelector('.ilc-finder-notice').nextElementSibling.matches('.ilc-finder-form')")
    # what the address asked for is kept under the finder's own names
    page.locator('.ilc-finder-group input[name="stroom"][value="onderstroom"]').uncheck()
    page.wait_for_url("**/lessen.html?*fase=*")
    assert "phase=" not in page.url and "theme=" not in page.url and "onderwerp" not in page.url
    # Enter in the field with nothing changed is no new step back
    steps = page.evaluate("history.length")
    page.locator(".ilc-finder-form input[type=search]").press("Enter")
    page.wait_for_timeout(300)
    assert page.evaluate("history.length") == steps
    # an address with nothing the finder knows still offers to start again
    only = visit(f"{PAGE}?onderwerp=data").page
    assert only.locator(".ilc-finder-notice").is_visible()
    assert only.locator(".ilc-finder-group input:checked").count() == 0
    only.locator(".ilc-finder-clear").click()
    only.wait_for_url("**/lessen.html")
    assert not only.locator(".ilc-finder-notice").is_visible() and not only.locator(".ilc-finder-clear").is_visible()
    assert shown.problems() == []


def test_on_a_narrow_screen_the_filters_fold_away_and_say_what_is_chosen(visit, lessons):
    """At 375 px the groups (some 1,200 px of checkboxes) would push the count and the
    results out of sight: they start folded, under a summary that counts the choices made."""
    narrow = visit(f"{PAGE}?stroom=onder&aspect=sociaal", width=375, height=800).page
    filters, summary = narrow.locator(".ilc-finder-filters"), narrow.locator(".ilc-finder-filters > summary")
    assert not filters.evaluate("d => d.open") and summary.inner_text() == "Filters (2 gekozen)"
    app = narrow.locator(".ilc-finder-app").bounding_box()
    first = narrow.locator(".ilc-finder-results li").first.bounding_box()
    assert first["y"] - app["y"] < 400, (app, first)  # the results right under the form
    summary.focus()
    narrow.keyboard.press("Enter")  # opened from the keyboard
    assert filters.evaluate("d => d.open")
    narrow.locator('.ilc-finder-group input[name="stroom"][value="onderstroom"]').uncheck()
    narrow.wait_for_url("**/lessen.html?aspect=sociaal")
    assert summary.inner_text() == "Filters (1 gekozen)"
    wide = visit(PAGE).page
    assert wide.locator(".ilc-finder-filters").evaluate("d => d.open")
    assert wide.locator(".ilc-finder-filters > summary").inner_text() == "Filters"


def test_a_choice_that_leaves_nothing_says_the_way_out(visit, lessons):
    """Choices that together give no lesson say so, and how to get lessons again."""
    import itertools

    scope = in_finder(lessons)
    values = lambda group: sorted({v for lesson in scope for v in lesson["filters"][group]})  # noqa: E731
    chosen = next({"thema": [t], "stroom": [s], "aspect": [a]}
                  for t, s, a in itertools.product(values("thema"), values("stroom"), values("aspect"))
                  if not matching(scope, {"thema": [t], "stroom": [s], "aspect": [a]}))
    shown = visit(f"{PAGE}?{urlencode({group: v[0] for group, v in chosen.items()})}")
    status = shown.page.locator(".ilc-finder-status")
    assert status.inner_text() == "Geen lessen gevonden. Haal een vinkje weg, of begin opnieuw met Alles wissen."
    assert shown.page.locator(".ilc-finder-clear").is_visible()
    assert shown.problems() == []


@pytest.mark.parametrize("scheme, drawn", [("dark", {"dark"}), ("dark-by-toggle", {"dark"}),
                                           ("light-by-toggle", {"light"}), ("light", {"light", "normal"})])
def test_the_checkboxes_are_drawn_in_the_themes_scheme_not_the_systems(visit, scheme, drawn):
    """The browser draws form controls by `color-scheme`; the finder follows the theme's
    own switch, so a dark page chosen by the toggle has no white boxes on it."""
    page = visit(PAGE, scheme=scheme).page
    box = page.locator(".ilc-finder-group input[type=checkbox]").first
    assert box.evaluate("b => getComputedStyle(b).colorScheme") in drawn, scheme  # normal: the light default


def test_clear_all_takes_every_choice_and_the_words_away(visit, lessons):
    shown = visit(f"{PAGE}?q=water&thema=data&stroom=bovenstroom")
    page = shown.page
    clear = page.locator(".ilc-finder-clear")
    assert clear.is_visible() and clear.inner_text() == "Alles wissen"
    clear.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/lessen.html")
    wait_for_results(page)
    assert page.locator(".ilc-finder-group input:checked").count() == 0
    assert page.locator(".ilc-finder-form input[type=search]").input_value() == ""
    assert page.evaluate("document.activeElement.type") == "search"  # the keyboard stays in the finder
    assert page.locator(".ilc-finder-status").inner_text() == f"{len(in_finder(lessons))} lessen gevonden"
    assert not clear.is_visible()
    assert shown.problems() == []


def test_a_word_finds_its_other_inflections(visit, lessons):
    """Dutch stemming: `afspraak` finds a lesson that only says `afspraken`."""
    target = next(lesson for lesson in in_finder(lessons)
                  if "afspraken" in lesson["title"] + lesson["text"] and "afspraak" not in lesson["title"] + lesson["text"])
    shown = visit(f"{PAGE}?q=afspraak")
    assert target["url"] in shown_results(shown.page)
    assert shown.page.locator(".ilc-finder-form input[type=search]").input_value() == "afspraak"
    assert shown.problems() == []


def test_the_finder_works_from_the_keyboard(visit):
    shown = visit(PAGE)
    page = shown.page
    page.locator(".ilc-finder-form input[type=search]").focus()
    page.keyboard.type("waterschap")
    page.wait_for_url("**/lessen.html?q=waterschap")
    wait_for_results(page)
    before = page.locator(".ilc-finder-status").inner_text()
    page.keyboard.press("Tab")  # the filters' fold, then their first choice
    assert page.evaluate("document.activeElement.tagName") == "SUMMARY"
    page.keyboard.press("Tab")
    focused = page.evaluate("[document.activeElement.type, document.activeElement.name]")
    assert focused == ["checkbox", "thema"]
    page.keyboard.press("Space")
    page.wait_for_url("**/lessen.html?q=waterschap&thema=*")
    wait_for_results(page)
    assert page.evaluate("document.activeElement.checked") is True
    assert page.locator(".ilc-finder-status").inner_text() != "" and before != ""
    assert shown.problems() == []


@pytest.mark.parametrize("path", [f"{PAGE}#per-thema", "docs/referentie/overzichten.html#als-er-niets-gevonden-wordt"])
def test_a_link_to_a_heading_below_the_finder_lands_on_it(visit, path):
    """The browser goes to the address's heading before the finder takes the static table's
    place and grows; the heading then ended up lower, on the reference page below the window."""
    shown = visit(path)
    page = shown.page
    wait_for_results(page)
    heading = f"document.getElementById('{path.split('#')[1]}')"
    top = page.evaluate(f"{heading}.getBoundingClientRect().top")
    assert 0 <= top < page.viewport_size["height"], top
    # where a fresh jump to it puts it
    assert abs(page.evaluate(f"{heading}.scrollIntoView(), {heading}.getBoundingClientRect().top") - top) < 1, top
    assert shown.problems() == []


def test_without_javascript_the_static_table_is_there(browser, base_url, lessons):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(base_url + PAGE)
        assert page.locator(".ilc-finder-app").is_hidden()
        table = page.locator(".ilc-finder-static table")
        assert table.is_visible()
        assert table.locator("tbody tr").count() == len(in_finder(lessons))
    finally:
        context.close()


def test_the_finder_merges_the_other_sites_and_names_them(browser, tmp_path_factory):
    """Three sites: the finder of this one searches the two others' lessons too (their indexes
    copied in at build time, merged at once), names each site, and links to its pages; the
    browser asks no other host. The two others are one build published at two addresses."""
    import shutil

    import sitebrowser
    from ilc_testing import ROOTS
    from test_sites import PROVINCIE, build

    root = tmp_path_factory.mktemp("finder-sites")
    shutil.copytree(ROOTS / "test-actions", root / "provincie")
    build(root / "provincie", root / "provincie-build")
    shutil.copytree(ROOTS / "test-lessons", root / "here")
    with (root / "here" / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write(f"ilc_sites = {{'provincie': ({PROVINCIE!r}, '../provincie-build/html'),\n"
                   f"             'gemeente': ({GEMEENTE!r}, '../provincie-build/html')}}\n")
    (root / "here" / "zoeken.md").write_text("---\norphan: true\n---\n# Zoeken\n\n```{lesson-finder}\n```\n",
                                             encoding="utf-8")
    _app, _status, warnings = build(root / "here", root / "here-build")
    assert "WARNING" not in warnings, warnings
    own = json.loads((root / "here-build" / "html" / "_ilc" / "lessons.json").read_text(encoding="utf-8"))["lessons"]
    theirs = json.loads((root / "provincie-build" / "html" / "_ilc" / "lessons.json").read_text(encoding="utf-8"))["lessons"]
    with sitebrowser.serve(root / "here-build" / "html") as url:
        context = browser.new_context()
        blocked: list[str] = []
        sitebrowser.block_other_hosts(context, blocked)
        try:
            page = context.new_page()
            said: list[str] = []  # what the page says in the console beyond logging
            page.on("console", lambda message: said.append(message.text) if message.type in ("warning", "error") else None)
            page.goto(url + "zoeken.html")
            wait_for_results(page)
            links = page.eval_on_selector_all(".ilc-finder-results a", "links => links.map(a => a.href)")
            while page.locator(".ilc-finder-more").is_visible():
                page.locator(".ilc-finder-more").click()
                page.wait_for_function(f"document.querySelectorAll('.ilc-finder-results li').length > {len(links)}")
                links = page.eval_on_selector_all(".ilc-finder-results a", "links => links.map(a => a.href)")
            for site in (PROVINCIE, GEMEENTE):
                assert sorted(h for h in links if h.startswith(site)) == sorted(site + lesson["url"] for lesson in theirs)
            assert len(links) == len(own) + 2 * len(theirs)
            facts = page.eval_on_selector_all(
                ".ilc-finder-results li", "items => items.map(li => [li.querySelector('a').href, li.querySelector('.ilc-finder-facts').textContent])")
            assert all(text.startswith("provincie · ") == href.startswith(PROVINCIE) for href, text in facts)
            assert all(text.startswith("gemeente · ") == href.startswith(GEMEENTE) for href, text in facts)
            # newest first across the sites, as on one site; on a day, this site's own first
            dates = [re.search(r"\d{4}-\d{2}-\d{2}", text).group() for _href, text in facts]
            assert dates == sorted(dates, reverse=True), dates
            for day in set(dates):
                own = [not href.startswith((PROVINCIE, GEMEENTE)) for (href, _), d in zip(facts, dates) if d == day]
                assert own == sorted(own, reverse=True), day
            # a word of the other sites' lesson finds it on both
            page.goto(url + "zoeken.html?q=besluit")
            wait_for_results(page)
            found = page.eval_on_selector_all(".ilc-finder-results a", "links => links.map(a => a.href)")
            assert {site + "droogte/index.html#lesson-les-droog-1" for site in (PROVINCIE, GEMEENTE)} <= set(found)
            # the search page merges the other sites' pages, and names each site
            page.goto(url + "search.html?q=besluit")
            whole = "document.querySelectorAll('.ilc-search .ilc-finder-results[aria-busy]').length === 0"
            page.wait_for_function(f"document.querySelectorAll('.ilc-search .ilc-finder-results > li').length > 0 && {whole}")
            while page.locator(".ilc-search-more").is_visible():  # all of them: each site's page is found
                shown = page.locator(".ilc-search .ilc-finder-results > li").count()
                page.locator(".ilc-search-more").click()
                page.wait_for_function(f"document.querySelectorAll('.ilc-search .ilc-finder-results > li').length > {shown} && {whole}")
            results = page.eval_on_selector_all(
                ".ilc-search .ilc-finder-results > li",
                "items => items.map(li => [li.querySelector('a').href, li.querySelector('.ilc-finder-facts')?.textContent || ''])")
            for site, name in ((PROVINCIE, "provincie"), (GEMEENTE, "gemeente")):
                assert [text for href, text in results if href.startswith(site + "droogte/")] == [f"(site {name})"]
            assert all((text == "(site provincie)") == href.startswith(PROVINCIE) for href, text in results)
            assert all((text == "(site gemeente)") == href.startswith(GEMEENTE) for href, text in results)
            assert not [text for text in said if "favicon" not in text], said
        finally:
            context.close()
    assert blocked == []
