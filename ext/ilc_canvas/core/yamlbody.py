"""Read a directive's YAML body safely, keeping source lines and every value.

PyYAML's `safe_load` keeps the last of two duplicate keys without a word and
turns `no`, `012` and dates into bool, int and date. We compose the node graph
instead (which constructs no Python objects at all) and walk it ourselves:
every scalar stays the text the author wrote, duplicate keys and unknown tags
become problems, and alias expansion is bounded.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

import yaml

from .problems import Problem

try:  # libyaml is much faster on large bodies (it marks plain scalars with style "", not None)
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader

#: Upper bounds on what alias expansion may add to one body: values read again
#: through an alias, and the characters of text they repeat. A body without
#: aliases is read whole, however long (its size is already paid for).
MAX_VALUES = 10_000
MAX_EXPANDED_CHARS = 1_000_000
MAX_DEPTH = 40

_STANDARD_TAGS = frozenset(
    "tag:yaml.org,2002:" + t for t in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")
)


class YStr(str):
    """A text value that remembers the source lines it stands on: its content
    starts on `line`, and the value ends on `end_line`."""

    line: int = 0
    end_line: int = 0


class YMap(dict):
    """A mapping that remembers where it and each of its keys stand.

    `extra` holds the later values of repeated keys, so nothing is lost.
    """

    def __init__(self, line: int) -> None:
        super().__init__()
        self.line = line
        self.key_lines: dict[str, int] = {}
        self.extra: list[tuple[str, object, int]] = []

    def values_of(self, key: str) -> list[object]:
        """Every value given for `key`, the repeated ones included."""
        found = [self[key]] if key in self else []
        return found + [v for k, v, _ in self.extra if k == key]


class YList(list):
    def __init__(self, line: int, items=()) -> None:
        super().__init__(items)
        self.line = line
        self.item_lines: list[int] = []


@dataclass
class ParsedBody:
    value: object = None
    problems: list[Problem] = field(default_factory=list)
    #: False when the text could not be read as YAML at all
    ok: bool = True


def _line_of_index(text: str, index: int) -> int:
    return text.count("\n", 0, max(index, 0))


def _error_line(exc: yaml.YAMLError, text: str) -> int:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    if mark is not None:  # YAML also breaks lines at U+0085, U+2028, U+2029; the source does not
        return _line_of_index(text, mark.index)
    position = getattr(exc, "position", None)  # ReaderError
    if position is not None:
        return _line_of_index(text, position)
    return 0


def _error_message(exc: yaml.YAMLError) -> str:
    if isinstance(exc, yaml.reader.ReaderError):
        return f"the text holds a character that YAML does not allow ({exc.reason}, #x{exc.character:04x})" if isinstance(exc.character, int) else f"the text holds a character that YAML does not allow ({exc.reason})"
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    context = getattr(exc, "context", None)
    return f"{context}: {problem}" if context else str(problem)


def parse_body(text: str, first_line: int) -> ParsedBody:
    """Parse `text`, whose first line is line `first_line` of the source file."""
    if text.startswith("\ufeff"):
        text = text[1:]
    result = ParsedBody()
    if not text.strip():
        return result
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        result.ok = False
        line = _error_line(exc, text)
        indent = re.match(r"[ \t]*", text.split("\n")[line] if line < text.count("\n") + 1 else "").group()
        message = ("this line is indented with a tab; YAML indents with spaces only, so replace the tab with spaces"
                   if "\t" in indent else _error_message(exc))
        result.problems.append(Problem("yaml", f"the body is not valid YAML: {message}", first_line + line))
        return result
    except RecursionError:
        result.ok = False
        result.problems.append(Problem("yaml", f"the body is nested too deeply (more than {MAX_DEPTH} levels)", first_line))
        return result
    if root is None:  # only comments, BOMs or a document marker: an empty body
        return result
    walker = _Walker(text, first_line, result.problems)
    result.value = walker.walk(root, 0, ())
    return result


class _Walker:
    def __init__(self, text: str, first_line: int, problems: list[Problem]) -> None:
        self.text = text
        self.first_line = first_line
        self.problems = problems
        self.count = 0
        self.chars = 0
        self.seen: set[int] = set()
        self.exhausted = False
        # YAML's mark.line also counts U+0085, U+2028 and U+2029 as line breaks; the source does not
        odd_breaks = any(ch in text for ch in "\x85\u2028\u2029")
        self.breaks = [m.start() for m in re.finditer("\n", text)] if odd_breaks else None

    def line(self, node: yaml.Node) -> int:
        return self.line_of(node.start_mark)

    def line_of(self, mark) -> int:
        if self.breaks is None:
            return self.first_line + mark.line
        return self.first_line + bisect.bisect_left(self.breaks, mark.index)

    def source_text(self, node: yaml.Node) -> str:
        return self.text[node.start_mark.index : node.end_mark.index]

    def walk(self, node: yaml.Node, depth: int, path: tuple[int, ...]):
        if self.exhausted:
            return None
        if id(node) in self.seen:  # reached again through an alias
            self.count += 1
            if isinstance(node, yaml.ScalarNode):
                self.chars += len(node.value)
            if self.count > MAX_VALUES or self.chars > MAX_EXPANDED_CHARS:
                self.exhausted = True
                self.problems.append(
                    Problem(
                        "yaml",
                        f"the aliases in the body expand to more than {MAX_VALUES} values or "
                        f"{MAX_EXPANDED_CHARS} characters (aliases repeating aliases?); the rest is not read",
                        self.line(node),
                    )
                )
                return None
        self.seen.add(id(node))
        if id(node) in path:
            self.problems.append(Problem("yaml", "an alias refers to itself; it is not expanded", self.line(node)))
            return None
        if depth > MAX_DEPTH:
            self.problems.append(
                Problem("yaml", f"the body is nested too deeply (more than {MAX_DEPTH} levels)", self.line(node))
            )
            return self.source_text(node)
        if node.tag not in _STANDARD_TAGS:
            self.problems.append(
                Problem("yaml", f"the tag {node.tag!r} is not allowed; the value is read as plain text", self.line(node))
            )
            if isinstance(node, yaml.ScalarNode):
                return node.value
        path = path + (id(node),)
        if isinstance(node, yaml.ScalarNode):
            if node.style in (None, "") and node.value in ("", "~", "null", "Null", "NULL"):
                return None
            text = YStr(node.value)
            # block scalars (| and >) start on the line after their indicator
            text.line = self.line(node) + (1 if node.style in ("|", ">") else 0)
            text.end_line = max(text.line, self.line_of(node.end_mark))
            return text
        if isinstance(node, yaml.SequenceNode):
            out = YList(self.line(node))
            for item in node.value:
                out.append(self.walk(item, depth + 1, path))
                out.item_lines.append(self.line(item))
            return out
        out = YMap(self.line(node))
        for key_node, value_node in node.value:
            key_line = self.line(key_node)
            if isinstance(key_node, yaml.ScalarNode):
                key = key_node.value
                if key_node.tag not in _STANDARD_TAGS:
                    self.problems.append(
                        Problem("yaml", f"the tag {key_node.tag!r} is not allowed; the key is read as plain text", key_line)
                    )
            else:
                key = self.source_text(key_node)
                self.problems.append(Problem("schema", f"the key {key!r} is not plain text", key_line))
            value = self.walk(value_node, depth + 1, path)
            if key in out:
                self.problems.append(
                    Problem(
                        "yaml",
                        f"the key {key!r} appears twice (first at line {out.key_lines[key]}); "
                        "both values are shown",
                        key_line,
                    )
                )
                out.extra.append((key, value, key_line))
                continue
            out[key] = value
            out.key_lines[key] = key_line
        return out


def plain(value: object) -> object:
    """The value as plain dicts, lists and strings, for records and the JSON export;
    the later values of a repeated key go under `_repeated`."""
    if isinstance(value, dict):
        out = {k: plain(v) for k, v in value.items()}
        for k, v, _ in getattr(value, "extra", ()):
            out.setdefault("_repeated", []).append({k: plain(v)})
        return out
    if isinstance(value, list):
        return [plain(v) for v in value]
    return str(value) if isinstance(value, str) else value
