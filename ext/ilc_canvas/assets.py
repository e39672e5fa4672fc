"""Our own stylesheet, shipped in the package and added to HTML builds."""

from __future__ import annotations

from pathlib import Path

STATIC = Path(__file__).parent / "static"


def add_static_assets(app) -> None:
    if app.builder.format != "html":
        return
    app.config.html_static_path.append(str(STATIC))
    app.add_css_file("ilc-canvas.css")
