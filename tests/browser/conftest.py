"""Shared fixtures of the browser tests: the built site, a local server, chromium.

Which site is tested: the one every test of the session reads (the
`site_build` fixture of tests/conftest.py: `_build/html` when `make html` has
just built it, as under `make test`, else one build into a temporary folder),
so a stale `_build/html` is never tested and never overwritten behind another
engineer's back; `_build/singlehtml` for the handbook PDF likewise, when it is
newer than every source. ILC_SITE=<folder> tests a site built elsewhere, as it
is (ILC_SINGLEHTML likewise).

Where chromium (or Playwright) is missing, the tests skip with a message that
says how to install it; with ILC_REQUIRE_BROWSER=1 (set by .ci/run) they fail.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
NODE_MODULES = ROOT / "node_modules"

sys.path.insert(0, str(ROOT / "scripts"))
import sitebrowser  # noqa: E402
from ilc_testing import build_site, fresh_build  # noqa: E402
from sitepages import PAGES, SCHEMES, require  # noqa: E402,F401


def _load_pdf_script():
    spec = importlib.util.spec_from_file_location("ilc_site_pdf", ROOT / "scripts" / "pdf.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _site_build(builder: str, tmp_path_factory) -> Path:
    """`_build/<builder>` when fresh, else a build of the site into a temporary folder."""
    built = ROOT / "_build" / builder
    if fresh_build(built):
        return built
    out, warnings, _code = build_site(builder, tmp_path_factory.mktemp(builder) / builder, strict=False)
    if not (out / "index.html").is_file():
        pytest.fail(f"building the site ({builder}) failed:\n{warnings}")
    return out


@pytest.fixture(scope="session")
def site(site_build) -> Path:
    """The built HTML site the browser tests look at (see the module docstring)."""
    return site_build[0]


@pytest.fixture(scope="session")
def singlehtml(tmp_path_factory) -> Path:
    """The handbook as one page (what `make pdf` prints), built like `site`."""
    if os.environ.get("ILC_SINGLEHTML"):
        return Path(os.environ["ILC_SINGLEHTML"]).resolve()
    return _site_build("singlehtml", tmp_path_factory)


@pytest.fixture(scope="session")
def base_url(site) -> str:
    with sitebrowser.serve(site) as url:
        yield url


@pytest.fixture(scope="session")
def playwright_api():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require(False, "Playwright is missing: run `.venv/bin/pip install -e '.[test]'`")
    with sync_playwright() as api:
        yield api


@pytest.fixture(scope="session")
def browser(playwright_api):
    chromium = sitebrowser.find_chromium()
    require(chromium is not None, sitebrowser.INSTALL_HINT)
    browser = sitebrowser.launch(playwright_api, chromium)
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def other_host_requests() -> list[str]:
    """Every request to another host, over the whole session (all blocked)."""
    return []


# The search page announces its count ("12 pagina’s gevonden") once the results are in.
SEARCH_DONE = """() => (document.querySelector('.ilc-search [role=status]')?.textContent || '').trim().length > 0"""
# The lessons finder has replaced its static table and counted its results.
FINDER_DONE = """() => !document.querySelector('.ilc-finder-app')
  || (document.querySelector('.ilc-finder-status')?.textContent || '').trim().length > 0"""


@dataclass
class Visit:
    """A page opened in its own browser context, with what went wrong on the way."""

    page: object
    url: str
    console_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    other_hosts: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        return (
            [f"console error: {text}" for text in self.console_errors]
            + [f"failed request: {text}" for text in self.failed_requests]
            + [f"request to another host (blocked): {url}" for url in self.other_hosts]
        )


@pytest.fixture
def visit(browser, base_url, other_host_requests):
    """Open a page of the site: visit(path, scheme="light", width=1440, height=900).

    Each visit gets a fresh context (no shared localStorage), blocks other hosts,
    collects console errors, page errors, failed requests and HTTP errors, and
    waits for the network to settle and Mermaid diagrams to render.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    contexts = []

    def open_page(path: str, scheme: str = "light", width: int = 1440, height: int = 900,
                  wait: bool = True) -> Visit:
        settings = SCHEMES[scheme]
        context = browser.new_context(
            viewport={"width": width, "height": height},
            color_scheme=settings["color_scheme"],
            reduced_motion="reduce",
        )
        contexts.append(context)
        if settings["theme"]:
            context.add_init_script(f"localStorage.setItem('theme', '{settings['theme']}')")
        result = Visit(page=None, url=base_url + path)
        sitebrowser.block_other_hosts(context, result.other_hosts)
        page = context.new_page()
        result.page = page
        page.on("console", lambda m: m.type == "error" and result.console_errors.append(
            f"{m.text} ({m.location.get('url', '')})"))
        page.on("pageerror", lambda e: result.console_errors.append(f"uncaught: {e}"))
        page.on("requestfailed", lambda r: sitebrowser.is_local(r.url) and result.failed_requests.append(
            f"{r.url}: {r.failure}"))
        page.on("response", lambda r: r.status >= 400 and result.failed_requests.append(
            f"{r.url}: HTTP {r.status}"))
        page.goto(result.url, wait_until="load")
        if wait:
            sitebrowser.wait_until_ready(page)
            if path.startswith("search.html"):
                # Results come in after the index loaded; the message is written last.
                try:
                    page.wait_for_function(SEARCH_DONE, timeout=10_000)
                except PlaywrightTimeout:
                    result.console_errors.append("the search never reported its results")
                sitebrowser.wait_until_ready(page)
            try:
                page.wait_for_function(FINDER_DONE, timeout=10_000)
            except PlaywrightTimeout:
                result.console_errors.append("the lessons finder never showed its results")
        other_host_requests.extend(result.other_hosts)
        return result

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def node_asset():
    """A file from node_modules (axe-core, vnu-jar), or skip/fail with how to get it."""

    def get(relative: str) -> Path:
        path = NODE_MODULES / relative
        require(path.is_file(), f"{relative} is missing: run `npm ci` (or `make setup`)")
        return path

    return get


@pytest.fixture(scope="session")
def pdf_script():
    return _load_pdf_script()
