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
