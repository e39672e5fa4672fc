"""Helpers shared by the test modules (imported by name: two conftest.py files
exist, so `from conftest import ...` would be ambiguous)."""

from __future__ import annotations

import re
from pathlib import Path

ROOTS = Path(__file__).parent / "roots"
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def warning_lines(app) -> list[str]:
    """The build's warnings, one per line, colours stripped, paths made relative."""
    text = ANSI.sub("", app.warning.getvalue())
    src = str(app.srcdir) + "/"
    return [line.replace(src, "") for line in text.splitlines() if "WARNING" in line]


def ilc_warnings(app) -> list[str]:
    return [line for line in warning_lines(app) if "[ilc." in line]


def pagefind_records(outdir, bundle: str = "pagefind/lessons") -> list[dict]:
    """Every record of a Pagefind bundle (the lessons' and use cases' records, or
    `bundle="pagefind"`: the pages), as Pagefind stores it (gzip, a signature, JSON)."""
    import gzip
    import json

    found = []
    for path in sorted((Path(outdir) / bundle / "fragment").glob("*.pf_fragment")):
        raw = gzip.decompress(path.read_bytes())
        found.append(json.loads(raw[raw.index(b"{"):]))
    return found


def searched_text(outdir) -> str:
    """What the site's search knows: Pagefind's pages and records, or Sphinx's index without Pagefind."""
    if not (Path(outdir) / "pagefind").is_dir():  # (with Pagefind, searchindex.js is an empty stand-in)
        return (Path(outdir) / "searchindex.js").read_text(encoding="utf-8")
    import json

    return "\n".join(r["content"] + json.dumps(r["meta"], ensure_ascii=False)
                     for bundle in ("pagefind", "pagefind/lessons") for r in pagefind_records(outdir, bundle))


def build_once(src, builder: str = "html", **kwargs):
    """Build the project in `src` once with a SphinxTestApp, cleaned up right after (docutils'
    registries restored, so that other apps can be made while it is kept); -> (app, status,
    warnings), the two texts without colours."""
    from io import StringIO

    from sphinx.testing.util import SphinxTestApp

    status, warning = StringIO(), StringIO()
    app = SphinxTestApp(builder, srcdir=src, status=status, warning=warning, **kwargs)
    try:
        app.build()
    finally:
        app.cleanup()
    return app, ANSI.sub("", status.getvalue()), ANSI.sub("", warning.getvalue())


def built_root(tmp_path_factory, name: str, builder: str = "html", **kwargs):
    """A copy of the test root `name`, built once, for the tests that only read its
    output, environment and warnings."""
    import shutil

    src = tmp_path_factory.mktemp(name) / name
    shutil.copytree(ROOTS / f"test-{name}", src)
    return build_once(src, builder, freshenv=True, **kwargs)[0]


# -- the handbook site, built once per session ---------------------------------------

REPO = ROOTS.parent.parent
#: what the site is made of: a build older than any of these is stale
SITE_SOURCES = [
    "conf.py", "*.md", "docs/**/*", "usecases/**/*", "_static/**/*", "_templates/**/*",
    "_ext/**/*", "locales/**/*.po", "ext/ilc_canvas/**/*", "package-lock.json",
]


def newest_site_source() -> float:
    newest = 0.0
    for pattern in SITE_SOURCES:
        for path in REPO.glob(pattern):
            if path.is_file() and "__pycache__" not in path.parts:
                newest = max(newest, path.stat().st_mtime)
    return newest


def fresh_build(folder, warnings=None) -> bool:
    """Whether `folder` holds a build newer than every source (and its warnings file, if named)."""
    stamp = folder / ".buildinfo"  # rewritten at the end of every HTML-format build
    newest = newest_site_source()
    return (stamp.is_file() and (folder / "index.html").is_file() and stamp.stat().st_mtime >= newest
            and (warnings is None or (warnings.is_file() and warnings.stat().st_mtime >= newest)))


def build_site(builder: str, out, strict: bool = True):
    """The site built as `make html` builds it (-W --keep-going): (folder, warnings text, exit code)."""
    import subprocess
    import sys

    warnings = out.parent / f"{builder}.warnings"
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", builder, "-q", "--keep-going", *(["-W"] if strict else []),
         "-w", str(warnings), "-d", str(out.parent / f"{builder}.doctrees"), str(REPO), str(out)],
        cwd=REPO, capture_output=True, text=True)
    return out, result.stderr, result.returncode
