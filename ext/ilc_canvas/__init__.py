"""ilc_canvas: the Innovatieleercyclus in Sphinx.

Use case canvases, retrospectives with upper and under current, lessons, their
listings across the site, and the `ilc` domain for cross-references.
"""

from __future__ import annotations

from sphinx.util import logging

from . import nodes as ilc
from .assets import add_static_assets, configure_mermaid, copy_mermaid, page_context
from .directives.canvas import UsecaseCanvas
from .directives.listings import LessonsListing, UsecasesListing
from .directives.process import IlcProcess
from .directives.retrospective import Retrospective
from .domain import IlcDomain, warn_missing_reference
from .export import on_build_finished
from .freshness import on_env_updated
from .html import HTML_VISITORS
from .process import HTML_VISITORS as PROCESS_VISITORS
from .process import ProcessDiagrams, stable_zoom_ids
from .problems import WARNING_TYPE
from .resolve import FillPlaceholders
from .schema import SchemaError, load_canvas_schema

__version__ = "0.1.0"
logger = logging.getLogger(__name__)


def check_config(app, config) -> None:
    """A site schema that cannot be read warns once and falls back to the default."""
    if config.ilc_canvas_schema:
        try:
            load_canvas_schema(str(app.srcdir / config.ilc_canvas_schema))
        except (OSError, SchemaError) as exc:
            logger.warning(f"ilc_canvas_schema: {exc}; using the default canvas", type=WARNING_TYPE, subtype="schema")
            config.ilc_canvas_schema = None
    themes = config.ilc_lesson_themes
    if themes is not None and not (isinstance(themes, (list, tuple)) and all(isinstance(t, str) for t in themes)):
        logger.warning("ilc_lesson_themes must be a list of words; any theme is accepted now",
                       type=WARNING_TYPE, subtype="schema")
        config.ilc_lesson_themes = None


def setup(app):
    app.setup_extension("myst_parser")
    app.setup_extension("sphinx_design")
    app.setup_extension("sphinxcontrib.mermaid")

    app.add_config_value("ilc_canvas_schema", None, "env", types=(str, type(None)))
    app.add_config_value("ilc_lesson_themes", None, "env", types=(list, tuple, type(None)))
    app.add_config_value("ilc_mermaid_path", None, "html", types=(str, type(None)))

    for node_class, visitors in {**HTML_VISITORS, **PROCESS_VISITORS}.items():
        app.add_node(node_class, html=visitors)
    app.add_domain(IlcDomain)
    app.add_directive("usecase-canvas", UsecaseCanvas)
    app.add_directive("retrospective", Retrospective)
    app.add_directive("lessons", LessonsListing)
    app.add_directive("usecases", UsecasesListing)
    app.add_directive("ilc-process", IlcProcess)
    for role in ("usecase", "lesson"):
        app.add_role(role, IlcDomain.roles[role])
    app.add_post_transform(ProcessDiagrams)
    app.add_post_transform(FillPlaceholders)

    app.connect("config-inited", check_config)
    app.connect("config-inited", configure_mermaid)
    app.connect("builder-inited", add_static_assets)
    app.connect("doctree-read", stable_zoom_ids)
    app.connect("html-page-context", page_context, priority=600)  # after sphinxcontrib-mermaid
    app.connect("build-finished", copy_mermaid)
    app.connect("env-updated", on_env_updated)
    app.connect("warn-missing-reference", warn_missing_reference)
    app.connect("build-finished", on_build_finished)
    return {
        "version": __version__,
        "env_version": 3,  # bump whenever node attributes or records change shape
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
