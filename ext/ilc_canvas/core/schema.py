"""The canvas schema and the process phases: data files read into frozen records."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import yaml

from .problems import Problem

KEY_PATTERN = re.compile(r"^[a-z][a-z0-9-]*$")
LANGUAGES = ("nl", "en")


class SchemaError(ValueError):
    """A canvas schema file that cannot be used (a site configuration error)."""


@dataclass(frozen=True, slots=True)
class Block:
    key: str
    label: dict[str, str]
    question: dict[str, str]
    required: bool = False


@dataclass(frozen=True, slots=True)
class CanvasSchema:
    blocks: tuple[Block, ...]
    grid: tuple[tuple[str, ...], ...]
    source: str

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(b.key for b in self.blocks)

    def block(self, key: str) -> Block | None:
        for b in self.blocks:
            if b.key == key:
                return b
        return None

    @property
    def columns(self) -> int:
        return max((len(row) for row in self.grid), default=1)


def language_of(language: str | None) -> str:
    """The label language for a Sphinx `language`: Dutch, otherwise English."""
    return "nl" if (language or "").lower().startswith("nl") else "en"


def _text_pair(raw: object, where: str) -> dict[str, str]:
    if isinstance(raw, str):
        return {lang: raw for lang in LANGUAGES}
    if not isinstance(raw, dict) or not all(isinstance(raw.get(lang), str) for lang in LANGUAGES):
        raise SchemaError(f"{where} needs a text for each of {', '.join(LANGUAGES)}")
    return {lang: raw[lang] for lang in LANGUAGES}


def parse_canvas_schema(data: object, source: str) -> CanvasSchema:
    if not isinstance(data, dict) or not isinstance(data.get("blocks"), list) or not data["blocks"]:
        raise SchemaError(f"{source}: a canvas schema needs a non-empty list 'blocks'")
    blocks = []
    for i, raw in enumerate(data["blocks"]):
        if not isinstance(raw, dict) or not isinstance(raw.get("key"), str):
            raise SchemaError(f"{source}: block {i + 1} needs a 'key'")
        key = raw["key"]
        if not KEY_PATTERN.match(key):
            raise SchemaError(f"{source}: block key {key!r} must match {KEY_PATTERN.pattern}")
        if key in {b.key for b in blocks}:
            raise SchemaError(f"{source}: block key {key!r} appears twice")
        blocks.append(
            Block(
                key=key,
                label=_text_pair(raw.get("label", key), f"{source}: label of {key!r}"),
                question=_text_pair(raw.get("question", ""), f"{source}: question of {key!r}"),
                required=bool(raw.get("required", False)),
            )
        )
    keys = {b.key for b in blocks}
    grid = []
    for row in data.get("grid") or []:
        cells = tuple(str(row).split())
        unknown = [c for c in cells if c not in keys and c != "."]
        if unknown:
            raise SchemaError(f"{source}: grid names unknown blocks: {', '.join(unknown)}")
        grid.append(cells)
    if grid and len({len(r) for r in grid}) != 1:
        raise SchemaError(f"{source}: every grid row needs the same number of cells")
    return CanvasSchema(blocks=tuple(blocks), grid=tuple(grid), source=source)


def _read_data_file(name: str) -> str:
    return resources.files("ilc_canvas").joinpath("data", name).read_text(encoding="utf-8")


@lru_cache(maxsize=8)
def load_canvas_schema(path: str | None = None) -> CanvasSchema:
    """The site's canvas schema: the file at `path`, or the one in the package."""
    if path:
        text, source = Path(path).read_text(encoding="utf-8"), str(path)
    else:
        text, source = _read_data_file("canvas.yaml"), "ilc_canvas/data/canvas.yaml"
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise SchemaError(f"{source}: {exc}") from exc
    return parse_canvas_schema(data, source)


def check_settings(root: Path, schema_path: object, themes: object) -> tuple[str | None, list | None, list[Problem]]:
    """conf.py's ilc_canvas_schema and ilc_lesson_themes, checked as the build and
    `ilc check` both check them: a setting that cannot be used is a problem (at
    conf.py) and gives way to its default (the package's canvas; any theme)."""
    problems = []
    if schema_path:
        try:
            if not isinstance(schema_path, str):
                raise SchemaError("must be a file path")
            load_canvas_schema(str(root / schema_path))
        except (OSError, SchemaError) as exc:
            problems.append(Problem("schema", f"ilc_canvas_schema: {exc}; using the default canvas", source="conf.py"))
            schema_path = None
    if themes is not None and not (isinstance(themes, (list, tuple)) and all(isinstance(t, str) for t in themes)):
        problems.append(Problem("schema", "ilc_lesson_themes must be a list of words; any theme is accepted now",
                                source="conf.py"))
        themes = None
    return schema_path, themes, problems


@dataclass(frozen=True, slots=True)
class Phase:
    key: str
    label: dict[str, str]


@lru_cache(maxsize=1)
def load_phases() -> tuple[Phase, ...]:
    data = yaml.safe_load(_read_data_file("process.yaml"))
    return tuple(
        Phase(
            key=p["key"],
            label=_text_pair(p["label"], f"phase {p['key']}"),
        )
        for p in data["phases"]
    )


@lru_cache(maxsize=1)
def load_process() -> dict:
    """The whole process file (phases plus the labels of the cycle)."""
    return yaml.safe_load(_read_data_file("process.yaml"))


@lru_cache(maxsize=1)
def load_option_names() -> dict[str, str]:
    """Dutch option names -> the options they mean (data/options.yaml)."""
    return yaml.safe_load(_read_data_file("options.yaml"))


@lru_cache(maxsize=1)
def load_labels() -> dict[str, dict[str, str]]:
    return yaml.safe_load(_read_data_file("labels.yaml"))


def label(key: str, lang: str) -> str:
    return load_labels()[key][lang]


def choice_label(key: str, value: str, lang: str) -> str:
    """The label of a choice value (status, stroom, aspect), or the value itself
    when it has none (an invalid value is shown as written, and warned about)."""
    if not value:
        return ""
    entry = load_labels().get(f"{key}_{value}")
    return entry[lang] if entry else value


def phase_label(key: str, lang: str) -> str:
    """The label of a phase, or the key as written when it is not a phase."""
    return next((p.label[lang] for p in load_phases() if p.key == key), key)
