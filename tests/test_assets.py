"""The built site loads nothing from another host (contract 5): a scan of every file
of a real build of the handbook, plus the scanner's own tests."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

REPO = Path(__file__).resolve().parent.parent
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}

# References that make a browser load something (not links a reader follows).
CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")\s]+)\1\s*\)|@import\s+(['"])([^'"]+)\3""", re.IGNORECASE)
JS_IMPORT = re.compile(
    r"""\b(?:import|export)\b[^;'"`]*?\bfrom\s*(['"`])([^'"`]+)\1"""  # import x from "..."
    r"""|\bimport\s*(['"`])([^'"`]+)\3"""  # import "..."
    r"""|\bimport\s*\(\s*(['"`])([^'"`]+)\5"""  # import("...")
    r"""|\bimportScripts\s*\(\s*(['"`])([^'"`]+)\7""",
)
# HTML built inside a script ("<img src=...>", not "<a href=...>"), and `el.src = ...`.
JS_TAG_ATTR = re.compile(
    r"""<(?!a[\s>])[a-z][a-z0-9-]*\b[^<>]*?\b(?:src|srcset|href|data|poster|action)\s*=\s*\\?(['"])\\?"""
    r"""((?:https?:)?//[^'"\\\s>]+)""",
    re.IGNORECASE,
)
JS_PROP = re.compile(r"""\.(?:src|srcset|poster|data)\s*=\s*(['"`])((?:https?:)?//[^'"`\s]+)""")
LOADING_ATTRS = ("src", "srcset", "href", "xlink:href", "data", "poster", "action", "formaction", "background",
                 "manifest", "codebase", "longdesc")
LINK_TAGS = {"a", "area"}  # a reader follows these; they load nothing themselves


def other_host(url: str) -> bool:
    url = url.strip()
    if not re.match(r"^(?:[a-z][a-z0-9+.-]*:)?//", url, re.IGNORECASE):
        return False  # relative, fragment, data:, mailto:, javascript: ...
    host = urlsplit(url if "://" in url else "http:" + url).hostname or ""
    return host not in LOCAL_HOSTS


def css_refs(text: str) -> list[str]:
    return [m.group(2) or m.group(4) for m in CSS_URL.finditer(text)]


def js_refs(text: str) -> list[str]:
    refs = [next(g for g in m.groups()[1::2] if g) for m in JS_IMPORT.finditer(text)]
    refs += [m.group(2) for m in JS_TAG_ATTR.finditer(text)]
    refs += [m.group(2) for m in JS_PROP.finditer(text)]
    refs += [ref for ref in css_refs(text) if ref.startswith(("http:", "https:", "//"))]
    return refs


def html_refs(text: str) -> list[str]:
    page = BeautifulSoup(text, "html.parser")
    refs: list[str] = []
    for tag in page.find_all(True):
        for attr in LOADING_ATTRS:
            value = tag.get(attr)
            if value is None or (tag.name in LINK_TAGS and attr == "href"):
                continue
            if attr == "srcset":
                refs += [part.split()[0] for part in value.split(",") if part.strip()]
            else:
                refs.append(value if isinstance(value, str) else " ".join(value))
        if tag.get("style"):
            refs += css_refs(tag["style"])
        if tag.name == "meta" and (tag.get("http-equiv") or "").lower() == "refresh":
            refs += re.findall(r"url\s*=\s*(\S+)", tag.get("content", ""), re.IGNORECASE)
        if tag.name == "style":
            refs += css_refs(tag.get_text())
        if tag.name == "script" and not tag.get("src"):
            refs += js_refs(tag.get_text())
    return refs


def file_refs(path: Path) -> list[str]:
    suffix = path.suffix.lower()
    if suffix not in (".html", ".xhtml", ".htm", ".css", ".js", ".mjs", ".svg"):
        return []  # fonts, images, data: loaded by the files above, they point nowhere themselves
    text = path.read_text(encoding="utf-8", errors="replace")
    if suffix in (".html", ".xhtml", ".htm", ".svg"):
        return html_refs(text)
    if suffix == ".css":
        return css_refs(text)
    return js_refs(text)


def outside_references(outdir: Path) -> dict[str, list[str]]:
    found = {}
    for path in sorted(outdir.rglob("*")):
        if path.is_file() and ".doctrees" not in path.parts:
            bad = sorted({ref for ref in file_refs(path) if other_host(ref)})
            if bad:
                found[path.relative_to(outdir).as_posix()] = bad
    return found


# -- the scanner itself ----------------------------------------------------------------


def test_scanner_finds_loads_from_other_hosts_and_allows_links():
    html = """<html><head>
      <link rel="stylesheet" href="https://cdn.example.org/x.css">
      <link rel="stylesheet" href="_static/local.css">
      <script src="//cdn.example.org/x.js"></script>
      <script type="module">import mermaid from "https://cdn.jsdelivr.net/npm/mermaid.mjs";</script>
      <style>@font-face { src: url(https://fonts.example.org/f.woff2); }</style>
      <meta http-equiv="refresh" content="0; url=https://elders.example.org/">
    </head><body>
      <a href="https://www.geonovum.nl/">a link to read</a>
      <img src="https://img.example.org/a.png" srcset="local.png 1x, https://img.example.org/b.png 2x">
      <iframe src="https://frame.example.org/"></iframe>
      <div style="background: url('https://bg.example.org/a.png')"></div>
      <img src="http://127.0.0.1:8000/ok.png">
    </body></html>"""
    refs = [r for r in html_refs(html) if other_host(r)]
    assert sorted(refs) == sorted([
        "https://cdn.example.org/x.css", "//cdn.example.org/x.js", "https://cdn.jsdelivr.net/npm/mermaid.mjs",
        "https://fonts.example.org/f.woff2", "https://elders.example.org/", "https://img.example.org/a.png",
        "https://img.example.org/b.png", "https://frame.example.org/", "https://bg.example.org/a.png",
    ])
    assert js_refs('import{a}from"./chunks/x.mjs";import("https://evil.example.org/m.mjs");'
                   'el.innerHTML = \'<img src="https://img.example.org/p.png">\';'
                   'script.src = "https://cdn.example.org/s.js";'
                   '"Created using <a href=\\"https://www.sphinx-doc.org/\\">Sphinx</a>"') == [
        "./chunks/x.mjs", "https://evil.example.org/m.mjs", "https://img.example.org/p.png",
        "https://cdn.example.org/s.js"]
    assert css_refs('@import "https://x.example.org/a.css"; a { background: url("../img/b.png") }') == [
        "https://x.example.org/a.css", "../img/b.png"]
    # namespaces and texts that mention a URL load nothing
    assert [r for r in js_refs('const ns="http://www.w3.org/2000/svg"; // see https://example.org') if other_host(r)] == []


# -- the real site -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def site(site_build) -> tuple[Path, str]:
    """The handbook as HTML (built once per session, see tests/conftest.py)."""
    outdir, warnings, _code = site_build
    return outdir, warnings


def test_site_loads_nothing_from_other_hosts(site):
    outdir, _ = site
    assert outside_references(outdir) == {}


def test_site_serves_mermaid_itself(site):
    outdir, stderr = site
    assert "[ilc.assets]" not in stderr, "Mermaid is missing from the package: run scripts/refresh_mermaid.py"
    entry = outdir / "_static" / "mermaid" / "mermaid.esm.min.mjs"
    assert entry.is_file()
    assert not list((outdir / "_static" / "mermaid").rglob("*.map"))
    # the scan above read Mermaid's chunks too
    assert len(list((outdir / "_static" / "mermaid" / "chunks" / "mermaid.esm.min").glob("*.mjs"))) > 10
    pages = [p for p in outdir.rglob("*.html") if "import mermaid from" in p.read_text(encoding="utf-8")]
    process_page = outdir / "docs" / "methode" / "usecase-als-leeromgeving.html"
    assert process_page in pages
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert 'class="mermaid"' in html, f"{page}: Mermaid's script on a page without a diagram"
        target = re.search(r'import mermaid from "([^"]+)"', html).group(1)
        assert (page.parent / target).resolve() == entry.resolve()
