"""Keep the site's configuration the same from build to build.

Sphinx compares the configuration with the last build's before the builder
starts, but sphinx-design adds its static folder to `html_static_path` when
the builder starts (builder-inited). The stored configuration then always
holds one folder more than conf.py gives, every build reports "The
configuration has changed" and writes pages again. So the folder is added
here before the comparison (config-inited), and sphinx-design's second copy
is taken out again after it.

The theme, furo, registers a setting of its own (pygments_dark_style) only
when Sphinx loads the theme, also after the comparison: loaded here as an
extension (not listed in `extensions`, which furo refuses), it is there in time.
"""

from __future__ import annotations


def add_design_static(app, config) -> None:
    from sphinx_design.extension import STATIC_DIR

    if str(STATIC_DIR) not in config.html_static_path:
        config.html_static_path = [*config.html_static_path, str(STATIC_DIR)]


def drop_repeated_static(app) -> None:
    paths = app.config.html_static_path
    paths[:] = list(dict.fromkeys(paths))


def setup(app):
    app.setup_extension("furo")
    app.connect("config-inited", add_design_static)
    app.connect("builder-inited", drop_repeated_static, priority=900)  # after sphinx-design's (500)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
