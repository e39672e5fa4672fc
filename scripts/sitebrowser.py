"""Serve a built HTML site on 127.0.0.1 and drive Debian's chromium over it.

Shared by the browser tests (tests/browser/) and the PDF script (scripts/pdf.py),
so both launch the same browser the same way:

- the site is served over http (module scripts, such as Mermaid's, do not run
  from file://), with `.mjs` served as JavaScript;
- Playwright (Python) drives the system's chromium through `executable_path`
  (`playwright install` cannot download browsers here);
- every request to a host other than 127.0.0.1 is blocked and recorded, so a
  page that would reach out to a CDN is caught rather than silently slow.
"""

from __future__ import annotations

import contextlib
import functools
import mimetypes
import os
import shutil
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

LOCAL_HOST = "127.0.0.1"

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

INSTALL_HINT = (
    "Debian's chromium is needed for the browser tests and `make pdf`: "
    "install it with `apt-get install chromium` (as root), or point ILC_CHROMIUM "
    "at a chromium binary"
)

# Mermaid's ESM build is loaded as `import ... from "....mjs"`; browsers refuse a
# module script served as application/octet-stream.
mimetypes.add_type("text/javascript", ".mjs")


def find_chromium() -> str | None:
    """The chromium binary to drive: $ILC_CHROMIUM, else chromium on PATH."""
    explicit = os.environ.get("ILC_CHROMIUM")
    if explicit:
        return explicit if Path(explicit).is_file() else None
    return shutil.which("chromium") or shutil.which("chromium-browser")


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - signature of the base class
        pass


@contextlib.contextmanager
def serve(site: Path) -> Iterator[str]:
    """Serve `site` on 127.0.0.1 (a free port) in a thread; yield its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = ThreadingHTTPServer((LOCAL_HOST, 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://{LOCAL_HOST}:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def launch(playwright, executable: str | None = None):
    """Launch the system chromium (headless) with the flags that work here."""
    executable = executable or find_chromium()
    if executable is None:
        raise RuntimeError(INSTALL_HINT)
    return playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about", "chrome", "chrome-extension"):
        return True
    return parts.hostname == LOCAL_HOST


def block_other_hosts(context, blocked: list[str]) -> None:
    """Abort every request from `context` to a host other than 127.0.0.1.

    Each blocked URL is appended to `blocked`, so callers can count them and
    fail on any.
    """

    def handle(route):
        url = route.request.url
        if is_local(url):
            route.continue_()
        else:
            blocked.append(url)
            route.abort("blockedbyclient")

    context.route("**/*", handle)


# A page is ready once it has loaded, the network is idle and every Mermaid
# diagram that is laid out has rendered to an SVG. Diagrams in hidden parents
# are deferred by sphinxcontrib-mermaid (data-mermaid-deferred) and skipped.
MERMAID_READY = """() => [...document.querySelectorAll('pre.mermaid')]
  .filter(el => !el.hasAttribute('data-mermaid-deferred') && el.getClientRects().length > 0)
  .every(el => el.getAttribute('data-processed') === 'true' && el.querySelector('svg'))"""


def wait_until_ready(page, timeout: float = 20_000) -> None:
    """Wait for load, network idle and rendered Mermaid diagrams (if any)."""
    page.wait_for_load_state("load", timeout=timeout)
    page.wait_for_load_state("networkidle", timeout=timeout)
    if page.locator("pre.mermaid").count():
        page.wait_for_function(MERMAID_READY, timeout=timeout)
    page.evaluate("document.fonts.ready.then(() => true)")
