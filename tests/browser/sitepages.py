"""What the browser tests share: the pages and colour schemes they cover (issue 7),
and how a missing browser or tool skips them locally but fails them in CI."""

import os

import pytest

# The pages every gate runs on (issue 7), by role.
PAGES = {
    "landing": "index.html",
    "chapter": "docs/methode/usecase-als-leeromgeving.html",
    "template": "docs/methode/usecasecanvas.html",
    "usecase": "usecases/almere-wateroverlast/index.html",
    "retrospective": "usecases/almere-wateroverlast/retrospectief-1.html",
    "lessons": "usecases/lessen.html",  # with the lessons finder and the stroom x aspect matrix
    # a selection, one choice as the YAML writes it, and one that is none (the finder says so)
    "finder": "usecases/lessen.html?thema=data&thema=samenwerking&stroom=boven&jaar=1999",
    "overview": "usecases/index.html",  # the use cases' time line and open actions
    "search": "search.html?q=canvas",
}

# Colour schemes: the OS preference (Playwright's color_scheme) and furo's own
# theme switch (localStorage "theme", shown as body[data-theme]).
SCHEMES = {
    "light": {"color_scheme": "light", "theme": None},
    "dark": {"color_scheme": "dark", "theme": None},  # furo "auto" follows the OS
    "dark-by-toggle": {"color_scheme": "light", "theme": "dark"},
    "light-by-toggle": {"color_scheme": "dark", "theme": "light"},
}


def require(condition: bool, message: str) -> None:
    """Skip (locally) or fail (in CI, ILC_REQUIRE_BROWSER=1) when `condition` is false."""
    if condition:
        return
    if os.environ.get("ILC_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{message} (ILC_REQUIRE_BROWSER=1: browser tests must not be skipped)")
    pytest.skip(message)
