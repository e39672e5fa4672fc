"""Without chromium the browser tests skip with how to install it; in CI they fail."""

from __future__ import annotations

import pytest
import sitebrowser
from sitepages import require


def test_missing_chromium_is_found_missing(monkeypatch, tmp_path):
    monkeypatch.setenv("ILC_CHROMIUM", str(tmp_path / "no-such-chromium"))
    assert sitebrowser.find_chromium() is None


def test_skips_locally_with_how_to_install(monkeypatch):
    monkeypatch.delenv("ILC_REQUIRE_BROWSER", raising=False)
    with pytest.raises(pytest.skip.Exception, match=r"apt-get install chromium"):
        require(False, sitebrowser.INSTALL_HINT)


def test_fails_in_ci_instead_of_skipping(monkeypatch):
    monkeypatch.setenv("ILC_REQUIRE_BROWSER", "1")
    with pytest.raises(pytest.fail.Exception, match=r"apt-get install chromium"):
        require(False, sitebrowser.INSTALL_HINT)


def test_other_hosts_are_told_apart():
    assert sitebrowser.is_local("http://127.0.0.1:8123/_static/x.mjs")
    assert sitebrowser.is_local("data:image/svg+xml,<svg/>")
    assert not sitebrowser.is_local("https://cdn.jsdelivr.net/npm/mermaid")
    assert not sitebrowser.is_local("http://localhost:8123/")
