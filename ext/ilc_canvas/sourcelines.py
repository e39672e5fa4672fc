"""The line where a role or link is written, for warnings at the offending text.

MyST and docutils give inline markup the line of its paragraph's first line.
The contract asks for the line of the role or link itself (section 4), so the
build and `ilc check` both look for the markup as written, from that line to
the end of its paragraph, in the source file. Not found (written with escapes
or entities, wrapped over lines): the paragraph's line stays.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Sequence

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
