"""Shared test set-up: Sphinx's own testing fixtures on small roots in tests/roots."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

pytest_plugins = ("sphinx.testing.fixtures",)
collect_ignore = ["roots"]

ROOTS = Path(__file__).parent / "roots"
ANSI = re.compile(r"\x1b\[[0-9;]*m")


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return ROOTS


def warning_lines(app) -> list[str]:
    """The build's warnings, one per line, colours stripped, paths made relative."""
    text = ANSI.sub("", app.warning.getvalue())
    src = str(app.srcdir) + "/"
    return [line.replace(src, "") for line in text.splitlines() if "WARNING" in line]


def ilc_warnings(app) -> list[str]:
    return [line for line in warning_lines(app) if "[ilc." in line]


@pytest.fixture
def copy_root(tmp_path):
    """Copy a test root to a fresh folder, so a test may change its sources."""

    def copy(name: str) -> Path:
        target = tmp_path / name
        shutil.copytree(ROOTS / f"test-{name}", target)
        return target

    return copy
