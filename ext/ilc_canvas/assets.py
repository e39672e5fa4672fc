"""Static assets: our stylesheet, and Mermaid served from the site itself.

Mermaid is not committed: `npm ci` puts it in node_modules (package.json and
package-lock.json pin it) and every HTML build copies its ESM build into the
output's `_static/mermaid/`. sphinxcontrib-mermaid is configured to import it
from there, so it never builds a CDN URL. When the files are missing the
build warns once (`ilc.assets`) and diagrams show as text only.
"""

from __future__ import annotations

import filecmp
import shutil
from pathlib import Path

from sphinx.util import logging

from .problems import WARNING_TYPE

logger = logging.getLogger(__name__)

STATIC = Path(__file__).parent / "static"

#: Where Mermaid's ESM build goes, under the output's `_static`.
MERMAID_STATIC = "mermaid"
MERMAID_ENTRY = "mermaid.esm.min.mjs"
MERMAID_CHUNKS = Path("chunks") / "mermaid.esm.min"
D3_FILE = "d3.min.js"

#: What the extension sets for sphinxcontrib-mermaid, unless conf.py does.
MERMAID_DEFAULTS = {
    "mermaid_use_local": f"{MERMAID_STATIC}/{MERMAID_ENTRY}",
    "mermaid_version": "",
    "mermaid_include_elk": False,
    "mermaid_include_zenuml": False,
    # The fullscreen button has a hard-coded English label and a glyph most
    # fonts lack; the diagrams are small enough to read in place.
    "mermaid_fullscreen": False,
    # `:zoom:` loads d3: from our own copy too (used as a path under _static).
    "d3_use_local": f"{MERMAID_STATIC}/{D3_FILE}",
}

# States of the Mermaid files for this build (on the builder, see below).
AVAILABLE, MISSING, NOT_OURS = "available", "missing", "not-ours"


def is_web_builder(builder) -> bool:
    """HTML pages read in a browser that runs JavaScript (html, dirhtml, singlehtml).

    EPUB is HTML too, but its readers do not run Mermaid: it gets text only.
    """
    return builder.format == "html" and not builder.name.startswith("epub")


def user_set(config, name: str) -> bool:
    return name in getattr(config, "_raw_config", {}) or name in getattr(config, "_overrides", {})


def configure_mermaid(app, config) -> None:
    """config-inited: point sphinxcontrib-mermaid at our local copy (never a CDN)."""
    for name, value in MERMAID_DEFAULTS.items():
        if not user_set(config, name):
            setattr(config, name, value)
    path = config.ilc_mermaid_path
    if path is not None and not isinstance(path, str):
        logger.warning("ilc_mermaid_path must be a folder path (text); looking in node_modules instead",
                       type=WARNING_TYPE, subtype="schema")
        config.ilc_mermaid_path = None


def mermaid_candidates(app) -> list[Path]:
    """Folders that may hold Mermaid's dist/, most specific first."""
    configured = app.config.ilc_mermaid_path
    if configured:
        path = Path(configured).expanduser()
        if path.is_absolute():
            return [path]
        return list(dict.fromkeys([Path(app.confdir) / path, Path(app.srcdir) / path]))
    bases: list[Path] = []
    for start in (Path(app.srcdir), Path(app.confdir)):
        bases += [start, *start.parents]
    bases.append(Path.cwd())
    return list(dict.fromkeys(base / "node_modules" / "mermaid" / "dist" for base in bases))


def find_mermaid(app) -> Path | None:
    for dist in mermaid_candidates(app):
        if (dist / MERMAID_ENTRY).is_file() and (dist / MERMAID_CHUNKS).is_dir():
            return dist
    return None


def add_static_assets(app) -> None:
    """builder-inited: our CSS on every HTML page; locate Mermaid for web builders."""
    if app.builder.format != "html":
        return
    app.config.html_static_path.append(str(STATIC))
    app.add_css_file("ilc-canvas.css")
    if not is_web_builder(app.builder):
        app.builder.ilc_mermaid = MISSING
        return
    if app.config.mermaid_use_local != MERMAID_DEFAULTS["mermaid_use_local"] or app.config.mermaid_output_format != "raw":
        # conf.py serves Mermaid its own way (or renders images at build time).
        app.builder.ilc_mermaid, app.builder.ilc_mermaid_dist = NOT_OURS, None
        return
    dist = find_mermaid(app)
    app.builder.ilc_mermaid, app.builder.ilc_mermaid_dist = (AVAILABLE, dist) if dist else (MISSING, None)
    if dist is None:
        tried = ", ".join(str(p) for p in mermaid_candidates(app)[:3])
        logger.warning(
            f"Mermaid's files were not found (looked for {MERMAID_ENTRY} in {tried}, ...): "
            "run `npm ci` in the project folder (or set ilc_mermaid_path). "
            "Diagrams are shown as text only; no CDN is used.",
            type=WARNING_TYPE, subtype="assets", once=True,
        )


def mermaid_state(builder) -> str:
    return getattr(builder, "ilc_mermaid", MISSING)


def diagrams_render(builder) -> bool:
    """Whether this build's pages can show Mermaid diagrams in the browser."""
    return is_web_builder(builder) and mermaid_state(builder) in (AVAILABLE, NOT_OURS)


def _copy(source: Path, target: Path) -> None:
    if target.is_file() and filecmp.cmp(source, target, shallow=False):
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)


def copy_mermaid(app, exception) -> None:
    """build-finished: Mermaid's ESM entry and its chunks (no source maps) into _static."""
    if exception is not None or mermaid_state(app.builder) != AVAILABLE:
        return
    dist: Path = app.builder.ilc_mermaid_dist
    target = Path(app.builder.outdir) / "_static" / MERMAID_STATIC
    _copy(dist / MERMAID_ENTRY, target / MERMAID_ENTRY)
    for chunk in sorted((dist / MERMAID_CHUNKS).iterdir()):
        if chunk.is_file() and chunk.suffix == ".mjs":
            _copy(chunk, target / MERMAID_CHUNKS / chunk.name)
    # d3 is a dependency of Mermaid; only `:zoom:` diagrams load it.
    for d3 in (dist.parent.parent / "d3" / "dist" / D3_FILE, dist.parent / "node_modules" / "d3" / "dist" / D3_FILE):
        if d3.is_file():
            _copy(d3, target / D3_FILE)
            break


#: Without JavaScript, Mermaid's source text would show in place of our
#: diagrams: hide it (the text equivalent is under the diagram). In <head>,
#: <noscript> may hold <style>.
NOSCRIPT = '<noscript><style>.ilc-process pre.mermaid { display: none; }</style></noscript>\n'


def _is_mermaid_script(script) -> bool:
    body = getattr(script, "attributes", {}).get("body") or ""
    return "import mermaid from" in body


def page_context(app, pagename, templatename, context, doctree) -> None:
    """html-page-context, after sphinxcontrib-mermaid's: Mermaid's script on diagram pages only.

    sphinxcontrib-mermaid adds it to every page without a doctree too (search,
    genindex); take it off those. Pages with a process diagram hide its source
    when scripts are off.
    """
    from sphinxcontrib.mermaid import mermaid

    from .process import ilc_process_figure

    if doctree is None or doctree.next_node(mermaid) is None:
        scripts = context.get("script_files")
        if isinstance(scripts, list):
            scripts[:] = [js for js in scripts if not _is_mermaid_script(js)]
        return
    if diagrams_render(app.builder) and doctree.next_node(ilc_process_figure) is not None:
        context["metatags"] = context.get("metatags", "") + NOSCRIPT
