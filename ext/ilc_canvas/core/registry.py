"""The one table of what the extension offers: directives with their options and
readers, roles and configuration values.

`setup()` registers from it, the command line's scanner reads directives by
it, and the handbook's directive reference is generated from it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from .listing import ACTION_FILTERS, LESSON_FILTERS, USECASE_FILTERS, read_listing
from .reading import CANVAS_OPTIONS, PROCESS_OPTIONS, RETRO_OPTIONS, read_canvas, read_process, read_retrospective


@dataclass(frozen=True)
class DirectiveSpec:
    name: str
    options: tuple[str, ...]
    read: Callable
    #: options that take no value
    flags: tuple[str, ...] = ()
    optional_arguments: int = 1
    has_content: bool = True


DIRECTIVES: dict[str, DirectiveSpec] = {spec.name: spec for spec in (
    DirectiveSpec("usecase-canvas", CANVAS_OPTIONS, read_canvas, flags=("template",)),
    DirectiveSpec("retrospective", RETRO_OPTIONS, read_retrospective, flags=("internal",)),
    DirectiveSpec("lessons", (*LESSON_FILTERS, "layout"), read_listing, optional_arguments=0, has_content=False),
    DirectiveSpec("usecases", (*USECASE_FILTERS, "layout"), read_listing, optional_arguments=0, has_content=False),
    DirectiveSpec("actions", (*ACTION_FILTERS, "layout"), read_listing, optional_arguments=0, has_content=False),
    # the lessons finder: a search over every public lesson, the static table without JavaScript
    DirectiveSpec("lesson-finder", ("usecase",), read_listing, optional_arguments=0, has_content=False),
    DirectiveSpec("ilc-process", PROCESS_OPTIONS, read_process),
)}

#: role names -> the kind of object they name; each works with the `ilc:` prefix too
ROLES = {"usecase": "usecase", "lesson": "lesson", "action": "action"}

#: name -> (default, rebuild, types)
CONFIG = {
    "ilc_canvas_schema": (None, "env", (str, type(None))),
    "ilc_lesson_themes": (None, "env", (list, tuple, type(None))),
    "ilc_mermaid_path": (None, "html", (str, type(None))),
    # Pagefind as the site search, when the `search` extra is installed (CONTRACT §8)
    "ilc_search": (True, "html", (bool,)),
    # what else of a page the search leaves out (CSS selectors), as a site decides
    "ilc_search_ignore": ([], "html", (list, tuple)),
    # other organisations' sites: name -> (public URL, None or a folder or URL to read them from)
    "ilc_sites": ({}, "env", (dict,)),
}


#: Folders below the source that are never pages (tools' output and installs):
#: the build adds them to exclude_patterns, and `ilc check` skips them too
NEVER_PAGES = ("_build", "build", "dist", "node_modules", "**/node_modules", ".venv", "**/.venv")


def any_text(argument: str | None) -> str:
    """An option's value as written: we check values ourselves, so a bad one gets
    an `ilc.schema` warning at its line, not a docutils error."""
    return argument or ""


def flag(argument: str | None) -> None:
    """docutils' `directives.flag`, with its message."""
    if argument and argument.strip():
        raise ValueError('no argument is allowed; "%s" supplied' % argument)


class OpenOptions(dict):
    """An option_spec that accepts unknown options too, so that a mistyped one gets
    an `ilc.schema` warning with a suggestion (and reST does not drop the whole
    directive over it)."""

    def __missing__(self, key: str):
        return any_text


def option_spec(spec: DirectiveSpec) -> OpenOptions:
    return OpenOptions((name, flag if name in spec.flags else any_text) for name in spec.options)
