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


def built_root(tmp_path_factory, name: str, builder: str = "html", **kwargs):
    """A copy of the test root `name`, built once; for a module-scoped fixture to
    `yield from`, so that the tests that only read its output share one build."""
    import shutil
    from io import StringIO

    from sphinx.testing.util import SphinxTestApp

    src = tmp_path_factory.mktemp(name) / name
    shutil.copytree(ROOTS / f"test-{name}", src)
    app = SphinxTestApp(builder, srcdir=src, status=StringIO(), warning=StringIO(), freshenv=True, **kwargs)
    try:
        app.build()
        yield app
    finally:
        app.cleanup()
