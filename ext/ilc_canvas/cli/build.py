"""`ilc build` and `ilc serve`: the site built, or previewed with live reload, with Python alone.

No make, no shell, no npm: Sphinx runs in this process (`ilc build`), and
sphinx-autobuild serves the site and builds it again on every save (`ilc
serve`, from the extra `ilc-canvas[serve]`). Options `ilc` does not know go to
Sphinx as they are (`ilc build -W --keep-going`).

Both keep the doctrees in `_build/doctrees`, as `make html` does, not in the
folder that is published: they hold what the pages were made of, internal
retrospectives too.
"""

from __future__ import annotations

import importlib.util

from .check import UsageError
from .project import Project, find_conf


def _project(here) -> Project:
    root = find_conf(here)
    if root is None:
        raise UsageError(f"no conf.py in {here} or a folder above it: run ilc in the folder of the site")
    return Project.load(root, here)


def _doctrees(project: Project) -> list[str]:
    return ["-d", str(project.root / "_build" / "doctrees")]


def cmd_build(args) -> int:
    from sphinx.cmd.build import build_main

    project = _project(args.here)
    out = project.root / "_build" / args.builder
    code = build_main(["-b", args.builder, *_doctrees(project), *args.sphinx_options, str(project.root), str(out)])
    if code == 0:
        where = project.shown(project.relative(out)) if out.is_relative_to(project.root) else out
        # `ilc serve` previews _build/html, with the extra that brings sphinx-autobuild
        hint = "; see it with `ilc serve`" if args.builder == "html" else ""
        if hint and importlib.util.find_spec("sphinx_autobuild") is None:
            hint += ' (after pip install "ilc-canvas[serve]")'
        print(f"The site is in {where}{hint}.")
    return code


def cmd_serve(args) -> int:
    try:
        from sphinx_autobuild.__main__ import main as autobuild
    except ImportError:
        raise UsageError("ilc serve needs sphinx-autobuild: pip install \"ilc-canvas[serve]\"") from None
    project = _project(args.here)
    out = project.root / "_build" / "html"
    print(f"Serving the site on http://{args.host}:{args.port}/ (stop with Ctrl+C); every save builds it again.")
    ignored = [str(project.root / name) for name in ("build", "dist")]
    autobuild([*_doctrees(project), str(project.root), str(out), "--host", args.host, "--port", str(args.port),
               *(option for path in ignored for option in ("--ignore", path)), *args.sphinx_options])
    return 0
