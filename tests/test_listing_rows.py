"""Listings written from data (sphinxext/listings.py) are byte for byte what the
translator writes from docutils nodes, and the search index keeps their words."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

import ilc_canvas.sphinxext.listings as resolve
from ilc_testing import ROOTS

SITE = ROOTS.parent.parent


def copy_source(root: str, target) -> None:
    """A test root; "site": the site's example use cases and lessons page; "sites": the
    lessons root with another site's lessons and use cases (linked by their full URLs)."""
    if root == "sites":
        other = target.parent / "other"
        shutil.copytree(ROOTS / "test-actions", other / "src")
        subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", "-q", "-D", "ilc_search=0",
                        str(other / "src"), str(other / "html")], check=True, capture_output=True)
        shutil.copytree(ROOTS / "test-lessons", target)
        with (target / "conf.py").open("a", encoding="utf-8") as conf:
            conf.write("ilc_sites = {'other': ('https://other.example/', '../other/html')}\n")
        return
    if root != "site":
        shutil.copytree(ROOTS / f"test-{root}", target)
        return
    shutil.copytree(SITE / "usecases", target / "usecases")
    (target / "conf.py").write_text(
        'extensions = ["ilc_canvas"]\nlanguage = "nl"\nmyst_enable_extensions = ["deflist"]\n'
        'suppress_warnings = ["toc.not_included"]\n')
    (target / "index.md").write_text("# Site\n\n```{toctree}\nusecases/index\nusecases/lessen\n```\n")


def built_files(outdir) -> dict[str, bytes]:
    return {str(path.relative_to(outdir)): path.read_bytes()
            for pattern in ("*.html", "searchindex.js") for path in outdir.rglob(pattern)}


@pytest.mark.parametrize("builder", ["html", "dirhtml"])
@pytest.mark.parametrize("root", ["lessons", "hostile", "site", "sites"])
def test_rows_written_as_html_equal_rows_written_as_nodes(make_app, tmp_path, monkeypatch, root, builder):
    src = tmp_path / "src"
    copy_source(root, src)

    as_data = []
    rows_node = resolve.rows_node
    monkeypatch.setattr(resolve, "rows_node", lambda *a, **kw: as_data.append(a[0]) or rows_node(*a, **kw))
    fast = make_app(builder, srcdir=src, builddir=tmp_path / "data", freshenv=True)
    fast.build()
    assert as_data, "the html builders must get the rows as data"

    monkeypatch.setattr(resolve, "ROWS_AS_HTML", frozenset())
    slow = make_app(builder, srcdir=src, builddir=tmp_path / "nodes", freshenv=True)
    slow.build()

    data, from_nodes = built_files(fast.outdir), built_files(slow.outdir)
    assert data.keys() == from_nodes.keys()
    for name, content in from_nodes.items():
        assert data[name].decode() == content.decode(), name


def test_other_builders_get_nodes(make_app, tmp_path, monkeypatch):
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-lessons", src)
    as_data = []
    monkeypatch.setattr(resolve, "rows_node", lambda *a, **kw: as_data.append(a[0]))
    app = make_app("singlehtml", srcdir=src, builddir=tmp_path / "out", freshenv=True)
    app.build()
    assert not as_data
    assert 'class="ilc-listing ilc-lessons-cards"' in (app.outdir / "index.html").read_text()


ROW_MARK = '''
from docutils import nodes
from sphinx.writers.html5 import HTML5Translator


def visit_row(self, node):
    HTML5Translator.visit_row(self, node)
    self.body[-1] = self.body[-1].replace("<tr", '<tr data-marked=""', 1)


def setup(app):
    app.add_node(nodes.row, override=True, html=(visit_row, HTML5Translator.depart_row))
'''


def test_a_changed_translator_gets_the_nodes(make_app, tmp_path, monkeypatch):
    """An extension or theme that changes how a row is written also changes the listing's rows."""
    src = tmp_path / "src"
    copy_source("lessons", src)
    stock = make_app("html", srcdir=src, builddir=tmp_path / "stock", freshenv=True)
    stock.build()

    (src / "rowmark.py").write_text(ROW_MARK)
    with (src / "conf.py").open("a") as conf:
        conf.write('\nimport sys\nsys.path.insert(0, ".")\nextensions.append("rowmark")\n')
    monkeypatch.syspath_prepend(str(src))
    marked = make_app("html", srcdir=src, builddir=tmp_path / "marked", freshenv=True)
    marked.build()

    page = (marked.outdir / "lessen.html").read_text()
    assert page.count('<tr data-marked=""') == page.count("<tr") > 10
    assert page.replace(' data-marked=""', "") == (stock.outdir / "lessen.html").read_text()
