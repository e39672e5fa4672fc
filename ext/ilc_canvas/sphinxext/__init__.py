"""The Sphinx side of ilc_canvas: directives, domain, listings, diagrams, export, freshness.

`setup` registers what core.registry names, and connects one module to each event.
"""

from __future__ import annotations

from sphinx.util import logging

from ..core.problems import WARNING_TYPE
from ..core.registry import CONFIG, DIRECTIVES, ROLES
from ..core.schema import check_settings
from . import diagrams, export, freshness
from .directives import directive_class
from .domain import IlcDomain, warn_missing_reference
from .listings import HTML_VISITORS as LISTING_VISITORS
from .listings import FillPlaceholders
from .nodes import HTML_VISITORS

logger = logging.getLogger(__name__)


def check_config(app, config) -> None:
    """Settings that cannot be used warn once and give way to their defaults."""
    path, themes, problems = check_settings(app.srcdir, config.ilc_canvas_schema, config.ilc_lesson_themes)
    for problem in problems:
        logger.warning(problem.message, type=WARNING_TYPE, subtype=problem.subtype)
    config.ilc_canvas_schema, config.ilc_lesson_themes = path, themes


def setup(app) -> None:
    app.setup_extension("myst_parser")
    app.setup_extension("sphinxcontrib.mermaid")

    for name, (default, rebuild, types) in CONFIG.items():
        app.add_config_value(name, default, rebuild, types=types)
    for node_class, visitors in {**HTML_VISITORS, **LISTING_VISITORS}.items():
        app.add_node(node_class, html=visitors)
    app.add_domain(IlcDomain)
    for spec in DIRECTIVES.values():
        app.add_directive(spec.name, directive_class(spec))
    for role in ROLES:
        app.add_role(role, IlcDomain.roles[role])
    app.add_post_transform(diagrams.ProcessDiagrams)
    app.add_post_transform(FillPlaceholders)

    app.connect("config-inited", check_config)
    app.connect("config-inited", diagrams.configure_mermaid)
    app.connect("builder-inited", diagrams.add_static_assets)
    app.connect("doctree-read", diagrams.stable_zoom_ids)
    app.connect("html-page-context", diagrams.page_context, priority=600)  # after sphinxcontrib-mermaid
    app.connect("build-finished", diagrams.copy_mermaid)
    app.connect("env-updated", freshness.on_env_updated)
    app.connect("warn-missing-reference", warn_missing_reference)
    app.connect("build-finished", export.on_build_finished)
