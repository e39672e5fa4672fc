"""Search in the browser: Pagefind (the ilc flavour) against Sphinx's own search (plain MyST).

For the same queries, taken alternately (Sphinx first on even queries, Pagefind
first on odd ones), each in a fresh browser context (nothing cached):

- ``search_ms``: from opening ``search.html?q=<word>`` to the first result link
  shown (Sphinx: ``#search-results li a``; ilc's search page: ``.ilc-finder-results a``);
- ``search_kb``: what the search loaded to answer: Sphinx's ``searchindex.js``,
  against everything under ``pagefind/`` (Pagefind's code, WebAssembly, entry,
  metadata, index chunks and fragments). Neither page's own script is counted
  (Sphinx's ``searchtools.js``, 20 kB; ilc's ``ilc-search.js`` and
  ``ilc-pagefind.js``, 5 kB).

Issue 18's targets: Pagefind transfers at most 1/10 of Sphinx's, and answers
no slower (median of the queries). The local server sends files as they are;
``gzip_bytes`` is what a host that compresses would send (Sphinx's index is text
and shrinks about sevenfold; Pagefind's files are compressed already), reported
beside the target's figure.
"""

from __future__ import annotations

import gzip
import json
import re
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "scripts"))

SPHINX_DONE = "document.querySelectorAll('#search-results li a').length > 0"
PAGEFIND_DONE = "document.querySelectorAll('.ilc-search .ilc-finder-results a').length > 0"
#: what each search loads to answer: Sphinx's index, and Pagefind's index, its code and its
#: WebAssembly (not Pagefind's UI's script and style, which an older search page loaded, as
#: Sphinx's search page is not counted either)
SPHINX_FILES = re.compile(r"/searchindex\.js")
PAGEFIND_FILES = re.compile(r"/pagefind/(?!pagefind-(?:[a-z]+-)?ui\.)")


def queries(ilc_site: Path, count: int = 20) -> list[str]:
    """Words of the corpus's lesson titles (the same in every flavour), for both searches."""
    lessons = json.loads((ilc_site / "_ilc" / "lessons.json").read_text(encoding="utf-8"))["lessons"]
    words = sorted({w.lower() for lesson in lessons for w in re.findall(r"[A-Za-zëé]{7,}", lesson["title"])})
    step = max(1, len(words) // count)
    return words[::step][:count]


def _one(browser, url: str, done: str, counted) -> tuple[float, int]:
    context = browser.new_context()
    sizes: list[int] = []
    compressed: list[int] = []

    def on_response(response):
        if counted(response.url):
            try:
                body = response.body()
            except Exception:  # a response without a body (a redirect): nothing transferred
                return
            sizes.append(len(body))
            # what a host that compresses would send (Pagefind's files are gzip already)
            compressed.append(min(len(body), len(gzip.compress(body, 6))))

    page = context.new_page()
    page.on("response", on_response)
    start = time.perf_counter()
    page.goto(url)
    page.wait_for_function(done, timeout=60_000)
    elapsed = (time.perf_counter() - start) * 1000
    # what loads right after the first results (Pagefind's fragments of the first page);
    # not Sphinx's summaries, which it fetches page by page for as long as results last
    page.wait_for_timeout(1000)
    context.close()
    return elapsed, sum(sizes), sum(compressed)


def measure(plain_site: Path, ilc_site: Path, count: int = 20) -> dict:
    """The figures, or {"status": why not} when no browser is there."""
    try:
        import sitebrowser
        from playwright.sync_api import sync_playwright
    except ImportError as error:
        return {"status": f"skipped: {error}"}
    if sitebrowser.find_chromium() is None or not (ilc_site / "pagefind").is_dir():
        return {"status": "skipped: no chromium, or the ilc build has no Pagefind index"}
    words = queries(ilc_site, count)
    samples = {name: {"ms": [], "bytes": [], "gzip_bytes": []} for name in ("sphinx", "pagefind")}
    with sitebrowser.serve(plain_site) as plain_url, sitebrowser.serve(ilc_site) as ilc_url, \
            sync_playwright() as api:
        browser = sitebrowser.launch(api)
        runs = {
            "sphinx": lambda q: _one(browser, f"{plain_url}search.html?q={q}", SPHINX_DONE,
                                     lambda u: bool(SPHINX_FILES.search(u))),
            "pagefind": lambda q: _one(browser, f"{ilc_url}search.html?q={q}", PAGEFIND_DONE,
                                       lambda u: bool(PAGEFIND_FILES.search(u))),
        }
        for i, word in enumerate(words):
            for name in (("sphinx", "pagefind") if i % 2 == 0 else ("pagefind", "sphinx")):
                ms, size, gzipped = runs[name](word)
                samples[name]["ms"].append(ms)
                samples[name]["bytes"].append(size)
                samples[name]["gzip_bytes"].append(gzipped)
        browser.close()
    median = {name: {k: statistics.median(v) for k, v in s.items()} for name, s in samples.items()}
    transfer = median["pagefind"]["bytes"] / median["sphinx"]["bytes"]
    transfer_gzip = median["pagefind"]["gzip_bytes"] / median["sphinx"]["gzip_bytes"]
    speed = median["pagefind"]["ms"] / median["sphinx"]["ms"]
    return {
        "status": "measured", "queries": words, "median": median, "samples": samples,
        "transfer_ratio": transfer, "transfer_gzip_ratio": transfer_gzip, "time_ratio": speed,
        "targets": {"transfer": {"bound": 0.1, "ratio": transfer, "met": transfer <= 0.1},
                    "time": {"bound": 1.0, "ratio": speed, "met": speed <= 1.0}},
    }
