"""Other organisations' sites (`ilc_sites`, CONTRACT §9).

At the start of every build, each site's `_ilc/usecases.json` and
`_ilc/lessons.json` are read from where `ilc_sites` says (its public URL, or a
folder holding its build) and kept as a copy beside the doctrees, like
intersphinx's cache. When the site cannot be read, the copy serves, with an
info line (so `-W` builds without network pass); without a copy it is one
`ilc.site` warning and the build goes on without that site. What was read goes
into the domain's data, so the listings' fingerprints (listings.on_env_updated)
write again exactly the pages that show a changed object.

Each site's Pagefind index is copied into `_ilc/sites/<name>/pagefind/` of
the output, so that the lessons finder and the search page merge it without
asking another host. Over HTTP the files are those the site lists in its
`pagefind/ilc-files.json` (which this package writes beside every index). The
index is kept beside the copy of the exports, and goes into the output from
there: a fresh output folder gets the index of the last read too. An index made
by another minor version of Pagefind than this site's is left out, with a
warning: Pagefind would merge it and find nothing in it.
"""

from __future__ import annotations

import datetime
import functools
import json
import re
import shutil
import subprocess
import urllib.error
import urllib.request
from pathlib import Path

from sphinx.util import logging

from ..core.problems import WARNING_TYPE
from ..core.site import EXPORTS, SITES_CACHE, export_problem, read_site_copy, site_entries

logger = logging.getLogger(__name__)

#: where a site's copied search index goes in this site's output
INDEX_COPY = "_ilc/sites/{name}/pagefind"
SEARCH_FILES = "pagefind/ilc-files.json"
TIMEOUT = 10  # seconds per request
#: the day the site was last read, beside the copy of its exports: said when the copy serves
READ_ON = "read-on"


def configured(app) -> list[tuple[str, str, str | None]]:
    """(name, public URL, location) of every well-formed entry of ilc_sites; a bad one warns."""
    entries, problems = site_entries(app.config.ilc_sites or {})
    for problem in problems:
        _warn(app, problem)
    return entries


def _warn(app, message: str, name: str | None = None) -> None:
    """An `ilc.site` warning, at the line of conf.py that names the site `name` in
    ilc_sites, or else at the line that sets ilc_sites."""
    logger.warning(message, type=WARNING_TYPE, subtype="site", location=conf_location(app, "ilc_sites", name))


def conf_location(app, setting: str, key: str | None = None) -> str:
    """conf.py:LINE of the line that sets `setting` (of the entry `key` in it, if named)."""
    conf = Path(app.confdir) / "conf.py"
    try:
        lines = conf.read_text(encoding="utf-8").splitlines()
    except OSError:
        lines = []
    line = next((n for n, text in enumerate(lines, 1) if re.match(rf"\s*{setting}\b", text)), 1)
    if key is not None:
        entry = re.compile(rf"""(['"]){re.escape(key)}\1\s*:""")
        line = next((n for n, text in enumerate(lines[line - 1:], line) if entry.search(text)), line)
    return f"{conf}:{line}"


def read_sites(app, env, docnames) -> None:
    """env-before-read-docs: every other site's exports, as they are now or as last copied."""
    found = {}
    for name, url, location in configured(app):
        source = _source(app, url, location)
        cache = Path(app.doctreedir) / SITES_CACHE / name
        documents, reason = read_exports(source)
        if documents is not None:
            _write_cache(cache, documents)
        else:
            documents = read_site_copy(cache)
            if documents is not None:
                logger.info(f"ilc: site {name!r} could not be read ({reason}); "
                            f"using the copy of its last read{_read_on(cache)}")
            else:
                _warn(app, f"site {name!r} could not be read ({reason}), and there is no copy of it: "
                      "its lessons and use cases are left out", name)
        found[name] = (url, documents)
        if documents is not None:
            copy_index(app, name, source, cache / "pagefind")
    _remove_other_indexes(app, {name for name, (_url, documents) in found.items() if documents is not None})
    env.get_domain("ilc").set_sites(found)


def _source(app, url: str, location: str | None) -> str:
    """Where to read a site: its URL, a URL given as location, or a folder (from conf.py's folder)."""
    where = location or url
    if "://" in where:
        return where if where.endswith("/") else where + "/"
    return str((Path(app.confdir) / where).resolve())


def _get(source: str, relative: str) -> bytes:
    if "://" in source:
        with urllib.request.urlopen(source + relative, timeout=TIMEOUT) as response:  # noqa: S310 (the author's own URL)
            return response.read()
    return (Path(source) / relative).read_bytes()


def read_exports(source: str) -> tuple[dict | None, str]:
    """({"usecases": ..., "lessons": ...}, "") as read, or (None, why not)."""
    documents = {}
    for key in EXPORTS:
        try:
            documents[key] = json.loads(_get(source, f"_ilc/{key}.json").decode("utf-8"))
        except (OSError, urllib.error.URLError, ValueError) as error:
            if "://" in source:
                return None, f"{source}_ilc/{key}.json: {error}"
            if not Path(source).is_dir():
                return None, f"there is no folder {source}"
            # a file's error without its path again
            why = error.strerror if isinstance(error, OSError) and error.strerror else error
            return None, f"{Path(source) / '_ilc' / f'{key}.json'}: {why}"
    problem = export_problem(documents)
    return (None, problem) if problem else (documents, "")


def _write_cache(cache: Path, documents: dict) -> None:
    cache.mkdir(parents=True, exist_ok=True)
    # the day, not the moment: the day's first build writes it, the others nothing
    today = datetime.date.today().isoformat()
    stamp = cache / READ_ON
    if not stamp.is_file() or stamp.read_text(encoding="utf-8") != today:
        stamp.write_text(today, encoding="utf-8")
    for key, document in documents.items():
        text = json.dumps(document, ensure_ascii=False, sort_keys=True)
        path = cache / f"{key}.json"
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")


def _read_on(cache: Path) -> str:
    """When the copy was made, as ' (2026-11-28, 5 days ago)', so that a maintainer sees how
    old it is; '' for a copy made before the day was kept."""
    try:
        day = datetime.date.fromisoformat((cache / READ_ON).read_text(encoding="utf-8").strip())
    except (OSError, ValueError):
        return ""
    days = (datetime.date.today() - day).days
    ago = "today" if days <= 0 else "1 day ago" if days == 1 else f"{days} days ago"
    return f" ({day.isoformat()}, {ago})"


# -- the search indexes -------------------------------------------------------------


def copy_index(app, name: str, source: str, kept: Path) -> None:
    """The site's Pagefind index into `kept` (beside the copy of its exports) when it has
    one and it changed, and from there into this site's output; not when this site's
    Pagefind cannot search it."""
    if app.builder.format != "html" or app.builder.name.startswith("epub"):
        return
    _read_index(name, source, kept)
    listing = kept / Path(SEARCH_FILES).name
    target = Path(app.outdir) / INDEX_COPY.format(name=name)
    theirs, ours = index_version(kept), pagefind_version() if app.config.ilc_search else None
    if theirs and ours and theirs.split(".")[:2] != ours.split(".")[:2]:
        # Pagefind merges it without an error, and then finds nothing in it (1.4.0 into 1.5.2)
        _warn(app, f"the search index of site {name!r} was made by Pagefind {theirs}, this site's by "
              f"Pagefind {ours}: a browser cannot search the two together, so the lessons finder and "
              "the search page leave that site out; build both sites with the same version of Pagefind", name)
        shutil.rmtree(target.parent, ignore_errors=True)  # _ilc/sites/<name>/, as _remove_other_indexes
        return
    if not listing.is_file():  # no index read yet: what the output holds stays
        if ours and not (target / listing.name).is_file():
            where = f"{source}{SEARCH_FILES}" if "://" in source else Path(source) / SEARCH_FILES
            logger.info(f"ilc: site {name!r} has no search index to copy ({where}), so the lessons finder "
                        "and the search page leave it out; it is searched here once it is built with "
                        "Pagefind (the search extra of ilc-canvas)")
        return
    if (target / listing.name).is_file() and (target / listing.name).read_bytes() == listing.read_bytes():
        return  # the output has this one
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(kept, target)


@functools.cache
def pagefind_version() -> str | None:
    """The version of the Pagefind that indexes this site ("1.5.2": its binary's, which may
    differ from the Python package's), or None without Pagefind."""
    try:
        from pagefind.service import get_executable

        executable = get_executable()
        said = subprocess.run([str(executable), "--version"], capture_output=True, text=True,
                              timeout=60, check=False).stdout if executable else ""
    except (ImportError, OSError, subprocess.SubprocessError):
        return None
    found = re.search(r"\d+\.\d+\.\d+\S*", said)
    return found.group(0) if found else None


def index_version(kept: Path) -> str | None:
    """The version of Pagefind that made the index in `kept`, or None (no index there)."""
    try:
        version = json.loads((kept / "pagefind-entry.json").read_text(encoding="utf-8")).get("version")
    except (OSError, ValueError, AttributeError):
        return None
    return version if isinstance(version, str) else None


def _read_index(name: str, source: str, kept: Path) -> None:
    """The site's index into `kept`, unless it is the one kept already (its list of files,
    which Pagefind names by their content, changes when the index does)."""
    try:
        listing = _get(source, SEARCH_FILES)
    except (OSError, urllib.error.URLError, ValueError):
        return  # no index there (or not reachable): the one kept stays
    mine = kept / Path(SEARCH_FILES).name
    if mine.is_file() and mine.read_bytes() == listing:
        return
    try:
        if "://" in source:
            files = json.loads(listing.decode("utf-8"))
            contents = {f: _get(source, f"pagefind/{f}") for f in files if isinstance(f, str) and ".." not in f}
            contents[mine.name] = listing
        else:
            contents = None
    except (OSError, urllib.error.URLError, ValueError) as error:
        logger.info(f"ilc: the search index of site {name!r} could not be copied ({error})")
        return
    shutil.rmtree(kept, ignore_errors=True)
    if contents is None:
        shutil.copytree(Path(source) / "pagefind", kept)
        return
    for relative, data in contents.items():
        (kept / relative).parent.mkdir(parents=True, exist_ok=True)
        (kept / relative).write_bytes(data)


def _remove_other_indexes(app, kept: set[str]) -> None:
    """The copied indexes of sites that are left out (not readable, no copy) or no longer
    in ilc_sites go from the output: the finder and the search page would still merge them."""
    copies = Path(app.outdir) / Path(INDEX_COPY).parent.parent  # _ilc/sites/
    for folder in copies.iterdir() if copies.is_dir() else ():
        if folder.is_dir() and folder.name not in kept:
            shutil.rmtree(folder)


def copied_indexes(app, bundle: str = "") -> list[tuple[str, str]]:
    """(name, public URL) of the sites read for this build whose search index (or its
    records' bundle, `bundle="lessons"`) this site's output holds."""
    sites = app.env.get_domain("ilc").data.get("sites", {})
    return [(name, url) for name, (url, _documents) in sorted(sites.items())
            if (Path(app.outdir) / INDEX_COPY.format(name=name) / bundle / "pagefind-entry.json").is_file()]
