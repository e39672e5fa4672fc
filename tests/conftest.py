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


@pytest.fixture(scope="session")
def roots(tmp_path_factory):
    """roots(name): the test root `name` (a copy), built once as HTML for the whole
    session, for the tests that only read its output and warnings."""
    from ilc_testing import built_root

    built: dict[str, object] = {}

    def get(name: str):
        if name not in built:
            built[name] = built_root(tmp_path_factory, name)
        return built[name]

    return get


@pytest.fixture(scope="session")
def site_build(tmp_path_factory):
    """The handbook site as HTML, built once for every test that reads it: (folder,
    warnings, exit code). `_build/html` when `make html` has just built it (it
    writes _build/html.warnings beside it), else a build into a temporary folder;
    ILC_SITE names a site built elsewhere (taken as it is, without warnings)."""
    from ilc_testing import REPO, build_site, fresh_build

    if os.environ.get("ILC_SITE"):
        return Path(os.environ["ILC_SITE"]).resolve(), "", 0
    built, warnings = REPO / "_build" / "html", REPO / "_build" / "html.warnings"
    if fresh_build(built, warnings):
        return built, warnings.read_text(encoding="utf-8"), 0
    return build_site("html", tmp_path_factory.mktemp("site") / "html")
