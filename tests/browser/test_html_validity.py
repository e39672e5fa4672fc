"""The W3C Nu HTML checker (npm vnu-jar) finds no errors on the gate pages.

It checks the files as served and, for the search page, whose content is made
by scripts, the document after the scripts ran. (Mermaid's generated SVG is
not checked that way: its markup is Mermaid's own, e.g. role="graphics-document
document" and <p> inside <span> in foreignObject labels, which the checker flags.)
"""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from sitepages import PAGES, require

pytestmark = pytest.mark.browser

# Pages whose shown content is written by our scripts: check the live DOM too.
RENDERED = ["search", "lessons"]


def run_vnu(jar, files, cwd) -> list[str]:
    result = subprocess.run(
        ["java", "-jar", str(jar), "--errors-only", "--format", "gnu", *map(str, files)],
        cwd=cwd, capture_output=True, text=True, timeout=300,
    )
    lines = [line for line in (result.stdout + result.stderr).splitlines() if line.strip()]
    if result.returncode not in (0, 1):
        pytest.fail(f"vnu.jar did not run (exit {result.returncode}):\n" + "\n".join(lines))
    return lines


@pytest.fixture(scope="module")
def vnu(node_asset):
    require(shutil.which("java") is not None,
            "Java is needed for the Nu HTML checker: `apt-get install default-jre-headless`")
    return node_asset("vnu-jar/build/dist/vnu.jar")


@pytest.fixture(scope="module")
def rendered_files(tmp_path_factory, browser, base_url):
    """The gate pages whose content scripts write, serialised after the scripts ran."""
    import sitebrowser

    folder = tmp_path_factory.mktemp("rendered")
    context = browser.new_context()
    blocked: list[str] = []
    sitebrowser.block_other_hosts(context, blocked)
    page = context.new_page()
    files = []
    for role in RENDERED:
        page.goto(base_url + PAGES[role])
        sitebrowser.wait_until_ready(page)
        if role == "search":
            page.wait_for_function("document.querySelectorAll('.ilc-search .ilc-finder-results li').length > 0")
        if role == "lessons":
            page.wait_for_function("document.querySelectorAll('.ilc-finder-results li').length > 0")
        target = folder / f"{role}.html"
        target.write_text("<!DOCTYPE html>\n" + page.evaluate("document.documentElement.outerHTML"),
                          encoding="utf-8")
        files.append(target)
    context.close()
    assert blocked == []
    return files


def test_served_pages_have_no_html_errors(site, vnu):
    files = sorted({PAGES[role].split("?")[0] for role in PAGES})
    errors = run_vnu(vnu, files, site)
    assert errors == [], "\n".join(errors)


def test_pages_after_scripts_have_no_html_errors(rendered_files, vnu):
    errors = run_vnu(vnu, rendered_files, rendered_files[0].parent)
    assert errors == [], "\n".join(re.sub(r'^"file:[^"]*/', '"', e) for e in errors)
