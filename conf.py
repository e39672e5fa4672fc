"""Sphinx configuration of the ILC handbook site (the repository root is the source)."""

project = "Handboek Innovatieleercyclus"
author = "Geonovum"
copyright = "2026, Geonovum"
language = "nl"
version = release = "2026"

import sys
from pathlib import Path

# ilc_naslag: tables and examples of the reference pages, generated from the code
sys.path.insert(0, str(Path(__file__).parent / "docs" / "_ext"))
# furo_fixes: what the furo theme gets wrong in its HTML (see _ext/furo_fixes.py)
sys.path.insert(0, str(Path(__file__).parent / "_ext"))

# stable_config: the same configuration from build to build (see _ext/stable_config.py)
extensions = ["ilc_canvas", "sphinx_design", "ilc_naslag", "furo_fixes", "stable_config"]

root_doc = "index"
exclude_patterns = [
    "_build", ".venv", "node_modules", "ext", "tests", "benchmarks",
    "README.md", ".pytest_cache", ".hypothesis", "test-artifacts", "**/.ipynb_checkpoints",
    # snippets shown (and rendered) by the reference, not pages of their own
    "docs/_ext", "docs/referentie/voorbeelden", "docs/handleiding/voorbeelden",
]
suppress_warnings = []

# The lesson themes the example use cases and the lessons page work with.
ilc_lesson_themes = [
    "eigenaarschap", "samenwerking", "data", "besluitvorming",
    "draagvlak", "competenties", "techniek", "organisatie",
]

# The site search is for the method's readers: code, console output and the reference's
# rendered examples (the made-up Voorbeeldstad) and their sources' tabs and captions are
# shown on their pages, not found by it; nor is the note that each example use case page
# opens with (it was every such page's excerpt).
ilc_search_ignore = ["div.highlight", ".ilc-voorbeeld-bron", ".ilc-voorbeeld-resultaat", ".ilc-fictief"]

myst_enable_extensions = ["deflist"]
myst_heading_anchors = 3

html_theme = "furo"
html_title = "Handboek Innovatieleercyclus"
html_static_path = ["_static"]
html_css_files = [("site.css", {"priority": 800})]  # as Sphinx would store it
html_favicon = "_static/favicon.svg"
html_show_sphinx = False
html_copy_source = False
html_last_updated_fmt = None
