"""The Sphinx side of ilc_canvas: directives, domain, listings (kept fresh), diagrams, export, feeds, search.

`setup` registers what core.registry names, and connects one module to each event.
"""

from __future__ import annotations

from sphinx.util import logging

from ..core.problems import WARNING_TYPE
from ..core.registry import CONFIG, DIRECTIVES, NEVER_PAGES, ROLES
from ..core.schema import check_settings
from . import diagrams, export, feeds, listings, search, sites
from .directives import directive_class
from .domain import IlcDomain, warn_missing_reference
from .listings import HTML_VISITORS as LISTING_VISITORS
from .listings import FillPlaceholders
from .nodes import (
    HTML_VISITORS, LINK_TARGETS, DropRepeatedTitles, LatexLinkTargets, PlainLinksInManPages, depart_latex_target,
    visit_latex_target,
)

logger = logging.getLogger(__name__)
STYLESHEET = diagrams.STATIC / "ilc-canvas.css"


def configure(app, config) -> None:
    """config-inited: settings that cannot be used warn once and give way to their
    defaults; folders that are never pages are excluded; our stylesheet is added.

    All before Sphinx compares the configuration with the last build's, so a
    build with nothing changed finds nothing changed (each list is a new one,
    never Sphinx's default).
    """
    path, themes, problems = check_settings(app.srcdir, config.ilc_canvas_schema, config.ilc_lesson_themes)
    for problem in problems:
        logger.warning(problem.message, type=WARNING_TYPE, subtype=problem.subtype)
    config.ilc_canvas_schema, config.ilc_lesson_themes = path, themes
    config.exclude_patterns = [*config.exclude_patterns, *(p for p in NEVER_PAGES if p not in config.exclude_patterns)]
    ours = [str(STYLESHEET), *search.static_files(config)]
    config.html_static_path = [*config.html_static_path, *(f for f in ours if f not in config.html_static_path)]


def setup(app) -> None:
    app.setup_extension("myst_parser")
    app.setup_extension("sphinxcontrib.mermaid")

    for name, (default, rebuild, types) in CONFIG.items():
        app.add_config_value(name, default, rebuild, types=types)
    for node_class, visitors in {**HTML_VISITORS, **LISTING_VISITORS}.items():
        latex = (visit_latex_target, depart_latex_target) if node_class in LINK_TARGETS else None
        app.add_node(node_class, html=visitors, **({"latex": latex} if latex else {}))
    app.add_domain(IlcDomain)
    for spec in DIRECTIVES.values():
        app.add_directive(spec.name, directive_class(spec))
    for role in ROLES:
        app.add_role(role, IlcDomain.roles[role])
    app.add_post_transform(diagrams.ProcessDiagrams)
    app.add_post_transform(FillPlaceholders)
    app.add_post_transform(PlainLinksInManPages)
    app.add_post_transform(DropRepeatedTitles)
    app.add_post_transform(LatexLinkTargets)
    app.add_css_file("ilc-canvas.css")

    app.connect("config-inited", configure)
    app.connect("config-inited", diagrams.configure_mermaid)
    app.connect("builder-inited", diagrams.find_mermaid)
    app.connect("builder-inited", search.configure)
    app.connect("doctree-read", diagrams.stable_zoom_ids)
    app.connect("html-page-context", diagrams.page_context, priority=600)  # after sphinxcontrib-mermaid
    app.connect("build-finished", diagrams.copy_mermaid)
    app.connect("env-before-read-docs", sites.read_sites)
    app.connect("env-updated", listings.on_env_updated)
    app.connect("warn-missing-reference", warn_missing_reference)
    app.connect("build-finished", export.on_build_finished)
    app.connect("build-finished", feeds.write_feeds)
    app.connect("html-page-context", feeds.link_feeds)
    app.connect("html-collect-pages", search.search_page)
    app.connect("html-page-context", search.page_context)
    app.connect("build-finished", search.index_site, priority=900)  # after every other file is written
