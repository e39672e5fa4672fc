"""The `ilc` command: start a site, use case and retrospective pages, and check them without a build.

    ilc new site "Lessen van Provincie Utrecht" --owner "Provincie Utrecht"
    ilc new usecase "Wateroverlast in Almere" --owner "Gemeente Almere"
    ilc new retrospective almere-wateroverlast --date 2024-05-14
    ilc check [PATH ...] [--format text|json|github|gitlab]
    ilc build [SPHINX_OPTION ...]
    ilc serve [--port N]

It reads pages with the readers the Sphinx build uses (core.registry), so it
prints the same message, subtype and line as the build; it imports nothing of
the Sphinx side.
"""

from __future__ import annotations

import argparse
import os
import sys
import textwrap
from pathlib import Path

from ..core.reading import is_iso_date
from ..core.schema import LANGUAGES
from .build import cmd_build, cmd_serve
from .check import UsageError, cmd_check
from .scaffold import Refused, cmd_new_retrospective, cmd_new_site, cmd_new_usecase

EXAMPLES = """\
examples:
  ilc new site "Lessen van Provincie Utrecht" --owner "Provincie Utrecht"
  ilc new usecase "Wateroverlast in Almere" --owner "Gemeente Almere"
  ilc new retrospective almere-wateroverlast --date 2024-05-14
  ilc check
  ilc check usecases/almere-wateroverlast --format json
  ilc serve
  ilc build -W
"""


def iso_date(text: str) -> str:
    if is_iso_date(text):
        return text
    raise argparse.ArgumentTypeError(f"invalid date {text!r}: write an ISO date such as 2024-05-14")


def _wrap(text: str) -> str:
    return textwrap.fill(text, width=79)


class _Formatter(argparse.RawDescriptionHelpFormatter):
    """Help at 80 columns on every terminal, so that the handbook can show it as it is."""

    def __init__(self, prog: str) -> None:
        super().__init__(prog, width=78)


def build_parser() -> argparse.ArgumentParser:
    formatter = _Formatter
    parser = argparse.ArgumentParser(
        prog="ilc", formatter_class=formatter, epilog=EXAMPLES,
        description=_wrap("Start use case and retrospective pages of the Innovatieleercyclus, check them "
                          "without building the site, build the site and preview it."),
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.required = True

    new = commands.add_parser("new", help="start a new page", formatter_class=formatter,
                              description="Start a new page from a template that passes `ilc check`.")
    kinds = new.add_subparsers(dest="kind", metavar="KIND")
    kinds.required = True
    site = kinds.add_parser(
        "site", help="a new site: conf.py, a home page, use cases and lessons", formatter_class=formatter,
        description=_wrap("Write a new site into DIR: conf.py with the extension, a home page, a use case "
                          "overview (usecases/index.md, whose toctree `ilc new usecase` fills), a lessons page "
                          "with the lessons finder, requirements.txt and .gitignore. Refuses to overwrite a file."),
        epilog='example:\n  ilc new site "Lessen van Provincie Utrecht" --owner "Provincie Utrecht"\n'
               '  ilc new site "ILC Almere" --owner "Gemeente Almere" --dir ilc-almere',
    )
    site.add_argument("title", metavar="TITLE", help='the site\'s title, e.g. "Lessen van Provincie Utrecht"')
    site.add_argument("--owner", required=True, help='the organisation that publishes it, e.g. "Provincie Utrecht"')
    site.add_argument("--dir", default=".", help="the folder to write it in (default: the current folder)")
    site.add_argument("--language", choices=LANGUAGES, default="nl", help="the site's language (default: nl)")
    site.set_defaults(func=cmd_new_site)

    usecase = kinds.add_parser(
        "usecase", help="a use case page with a blank canvas", formatter_class=formatter,
        description=_wrap("Write DIR/<id>/index.md: an introduction and a usecase-canvas listing every block "
                          "of the site's canvas with its guiding question, and add it to the toctree of "
                          "DIR/index.md. Refuses to overwrite a page."),
        epilog='example:\n  ilc new usecase "Wateroverlast in Almere" --owner "Gemeente Almere"\n'
               '  ilc new usecase "Stikstof in beeld" --owner "Provincie Gelderland" --id stikstof-gelderland',
    )
    usecase.add_argument("title", metavar="TITLE", help='the use case\'s name, e.g. "Wateroverlast in Almere"')
    usecase.add_argument("--owner", required=True,
                         help='the organisation that owns the societal issue, e.g. "Gemeente Almere"')
    usecase.add_argument("--dir", default="usecases", help="folder for use cases, from the project root "
                                                           "(default: usecases)")
    usecase.add_argument("--id", help="the use case id (default: made from the title), e.g. almere-wateroverlast")
    usecase.add_argument("--no-start", action="store_true", help="leave out :start: (default: today)")
    usecase.set_defaults(func=cmd_new_usecase)

    retro = kinds.add_parser(
        "retrospective", help="a retrospective page next to its use case", formatter_class=formatter,
        description=_wrap("Write a retrospective page next to the use case page, with upper and under current, "
                          "actions and one lesson to fill in, and add it to the use case page's toctree."),
        epilog="example:\n  ilc new retrospective almere-wateroverlast --date 2024-05-14\n"
               '  ilc new retrospective almere-wateroverlast --date 2024-05-14 --title "Derde retrospectief"',
    )
    retro.add_argument("usecase", metavar="USECASE_ID", help="the id of the use case, e.g. almere-wateroverlast")
    retro.add_argument("--date", required=True, type=iso_date, help="the date of the retrospective, e.g. 2024-05-14")
    retro.add_argument("--title", help='its title (default: "Retrospectief van DATE")')
    retro.set_defaults(func=cmd_new_retrospective)

    check = commands.add_parser(
        "check", help="validate canvases and retrospectives without a build", formatter_class=formatter,
        description=_wrap("Validate every usecase-canvas, retrospective and listing in the given Markdown and "
                          "reST files and folders with the same code as the Sphinx build, including the checks "
                          "across the site (duplicate ids, unknown use cases and lessons). Prints "
                          "FILE:LINE: message [ilc.subtype]; exits 0 when clean, 1 on any problem, "
                          "2 on usage errors."),
        epilog="examples:\n  ilc check\n  ilc check usecases/almere-wateroverlast/index.md\n"
               "  ilc check docs --format json",
    )
    check.add_argument("paths", nargs="*", metavar="PATH",
                       help="files or folders to check (default: the project in the current folder)")
    check.add_argument("--format", choices=("text", "json", "github", "gitlab"), default="text",
                       help="text (default): one problem per line; json: a list of {path, line, subtype, message}; "
                            "github: GitHub Actions annotations; gitlab: a GitLab Code Quality report")
    check.set_defaults(func=cmd_check)

    build = commands.add_parser(
        "build", help="build the site", formatter_class=formatter,
        description=_wrap("Build the site of the project in this folder (or the folder above that holds conf.py) "
                          "into _build/BUILDER. Options ilc does not know go to Sphinx, such as -W (warnings "
                          "are errors) or --keep-going."),
        epilog="examples:\n  ilc build\n  ilc build -W --keep-going\n  ilc build --builder dirhtml")
    build.add_argument("--builder", default="html", help="the Sphinx builder (default: html)")
    build.set_defaults(func=cmd_build, passes_options=True)

    serve = commands.add_parser(
        "serve", help="preview the site, rebuilt on every save", formatter_class=formatter,
        description=_wrap("Build the site into _build/html, serve it on http://127.0.0.1:8000/ and build it "
                          "again whenever a page is saved; the browser reloads by itself. Stop with Ctrl+C. "
                          "Needs sphinx-autobuild (pip install \"ilc-canvas[serve]\"). Options ilc does not know "
                          "go to sphinx-autobuild and Sphinx."),
        epilog="examples:\n  ilc serve\n  ilc serve --port 8001")
    serve.add_argument("--host", default="127.0.0.1", help="the address to serve on (default: 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="the port (default: 8000)")
    serve.set_defaults(func=cmd_serve, passes_options=True)
    return parser


def main(argv: list[str] | None = None, cwd: str | os.PathLike | None = None) -> int:
    """Run `ilc` as if started in the folder `cwd` (default: the current folder)."""
    parser = build_parser()
    try:
        args, unknown = parser.parse_known_args(argv)
        if unknown and not getattr(args, "passes_options", False):
            parser.error(f"unrecognized arguments: {' '.join(unknown)}")
    except SystemExit as exc:  # argparse exits 2 on usage errors and 0 after --help
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    args.sphinx_options = unknown
    args.here = Path(cwd if cwd is not None else os.getcwd()).resolve()
    try:
        return args.func(args)
    except UsageError as exc:
        print(f"ilc: error: {exc}", file=sys.stderr)
        return 2
    except Refused as exc:
        print(f"ilc: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"ilc: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": "), file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
