"""ilc_canvas: the Innovatieleercyclus in Sphinx.

Use case canvases, retrospectives with upper and under current, lessons, their
listings across the site, and the `ilc` domain for cross-references.

Three parts, each a folder: `core/` (no Sphinx, no docutils) reads what
authors write into records and problems; `sphinxext/` turns that into pages,
listings, diagrams and exports; `cli/` is the `ilc` command. The last two use
core and nothing of each other.

A lesson's way from Markdown to a listing on another page and to lessons.json:

1. `sphinxext/directives.py`: the `retrospective` directive hands its raw input
   to its reader (named in `core/registry.py`);
2. `core/reading.py`: `read_retrospective` reads the YAML body
   (`core/yamlbody.py`) and makes the `Lesson` record once, whole, with its
   final anchor, plus its problems and the values to render;
3. `core/records.py`: the record, plain data, pickled with the environment;
4. `sphinxext/domain.py`: the domain keeps it with its page's records;
5. `core/site.py`: the site aggregate works out its use case, duplicates and
   the rows of every listing that shows it;
6. `sphinxext/listings.py`: a `{lessons}` listing on another page is filled at
   write time from those rows (and `listings.on_env_updated` writes that page again when
   they change);
7. `sphinxext/export.py`: lessons.json, from the same site aggregate;
8. `sphinxext/search.py`: its Pagefind record, with the lessons finder's filters.
"""

from __future__ import annotations

__version__ = "0.1.0"


def setup(app):
    # imported here, so that importing the command line does not import Sphinx
    from .sphinxext import setup as setup_sphinx

    setup_sphinx(app)
    return {
        "version": __version__,
        "env_version": _code_version(),
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }


def _code_version(here=None) -> int:
    """The environment's version: a hash of the code, data and scripts that shape the pages.
    After an upgrade (or an edit of the extension) Sphinx then reads and writes every page
    again, instead of keeping pages whose records, labels and markup the new scripts and
    listings no longer match. (Mermaid's vendored files do not shape the pages.)"""
    import hashlib
    from pathlib import Path

    here = Path(here or Path(__file__).parent)
    digest = hashlib.sha1()
    for path in sorted(p for p in here.rglob("*") if p.is_file() and p.suffix != ".pyc"
                       and "mermaid" not in p.relative_to(here).parts):
        digest.update(path.relative_to(here).as_posix().encode() + b"\0" + path.read_bytes())
    return int(digest.hexdigest()[:12], 16)
