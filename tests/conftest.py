"""Shared test set-up: Sphinx's own testing fixtures on small roots in tests/roots."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

pytest_plugins = ("sphinx.testing.fixtures",)
collect_ignore = ["roots"]

# Hypothesis: "ci" (default, used by `make test`) keeps the property tests to a few
# hundred examples in about a minute; HYPOTHESIS_PROFILE=thorough runs many more.
_slow = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example]
# "ci" is derandomized: the same examples on every run, so a submission's CI cannot
# fail by the luck of the draw; "thorough" explores afresh each time.
settings.register_profile("ci", max_examples=40, deadline=None, print_blob=True, suppress_health_check=_slow,
                          derandomize=True)
settings.register_profile("thorough", max_examples=1000, deadline=None, print_blob=True, suppress_health_check=_slow)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

from ilc_testing import ROOTS  # noqa: E402


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return ROOTS


@pytest.fixture
def copy_root(tmp_path):
    """Copy a test root to a fresh folder, so a test may change its sources."""

    def copy(name: str) -> Path:
        target = tmp_path / name
        shutil.copytree(ROOTS / f"test-{name}", target)
        return target

    return copy


@pytest.fixture(scope="session")
def outside(tmp_path_factory):
    """The package installed from a wheel into a fresh venv outside the repository (tests/outside.py)."""
    from outside import make_outside

    return make_outside(tmp_path_factory.mktemp("outside"))
