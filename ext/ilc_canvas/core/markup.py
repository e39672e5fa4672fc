"""Markup in author text: which links may stay links, and where a role or link is written.

Author text is shown, never executed: only http, https, mailto and relative
links stay links (contract section 4); the build turns the others into text,
and both the build and `ilc check` report them with the messages below.

MyST and docutils give inline markup the line of its paragraph's first line.
The contract asks for the line of the role or link itself, so the build and
`ilc check` both look for the markup as written, from that line to the end of
its paragraph, in the source file. Not found (written with escapes or
entities, wrapped over lines): the paragraph's line stays.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Sequence

from .problems import Problem

SAFE_SCHEMES = ("http", "https", "mailto")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
_IGNORED_IN_URI = re.compile(r"[\x00-\x20\x7f]+")

_ROLE_SOURCE = re.compile(r"^:([^:`\s]+(?::[^:`\s]+)?):`(.*?)`*$", re.DOTALL)


def split_lines(text: str) -> list[str]:
    """Lines as Sphinx counts them: text read with universal newlines, split at line
    feeds only (str.splitlines also splits at \x85, \u2028 and others, which
    may stand inside a line and would shift every line number after them)."""
    return text.split("\n")


def file_lines(path: str | os.PathLike | None) -> list[str]:
    """The file's lines, read afresh: only called for markup that is warned about."""
    if not path:
        return []
    try:
        return split_lines(Path(path).read_text(encoding="utf-8", errors="replace"))
    except OSError:
        return []


def locate(lines: Sequence[str], line: int | None, pattern: re.Pattern) -> int | None:
    """The 1-based line, from `line` to the end of its paragraph, where `pattern` matches."""
    if not line or line > len(lines):
        return line
    for row in range(line - 1, len(lines)):
        if row > line - 1 and not lines[row].strip():
            break
        if pattern.search(lines[row]):
            return row + 1
    return line


def role_pattern(name: str, content: str) -> re.Pattern:
    """`{name}`content`` in MyST or `:name:`content`` in reST (the content's first line)."""
    first = content.splitlines()[0] if content else ""
    return re.compile(rf"[{{:]{re.escape(name)}[}}:]`+{re.escape(first)}")


def role_in_rawsource(rawsource: str) -> tuple[str, str] | None:
    """(name, content) of a role's raw text as Sphinx and MyST keep it: :name:`content`."""
    match = _ROLE_SOURCE.match(rawsource or "")
    return (match.group(1), match.group(2)) if match else None


def link_pattern(uri: str) -> re.Pattern:
    return re.compile(re.escape(uri))


# -- links and images ----------------------------------------------------------


def link_scheme(uri: str) -> str | None:
    """The scheme of `uri` as a browser would read it (None for relative links)."""
    match = _SCHEME.match(_IGNORED_IN_URI.sub("", uri))
    return match.group(1).lower() if match else None


def is_safe_link(uri: str) -> bool:
    scheme = link_scheme(uri)
    return scheme is None or scheme in SAFE_SCHEMES


def link_problem(uri: str, line: int | None) -> Problem | None:
    """A link the build shows as text instead."""
    if is_safe_link(uri):
        return None
    return Problem("schema", f"the link to {uri!r} is not allowed (only http, https, mailto and links within "
                             "the site); it is shown as text", line)


def image_problem(uri: str, line: int | None) -> Problem | None:
    """An image from elsewhere: the build shows it as a link (or as text) and loads nothing."""
    if link_scheme(uri) is None:
        return None  # an image of the site itself
    if is_safe_link(uri):
        return Problem("schema", f"the image {uri!r} is not from this site and is not loaded; it is shown as a link",
                       line)
    return Problem("schema", f"the image {uri!r} is not allowed; it is shown as text", line)
