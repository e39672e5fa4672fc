"""A Sphinx project as `ilc` reads it: conf.py read without running it, and its sources.

Only top-level assignments of literal values (`name = [...]`) are used; a
setting written otherwise gets a note, and its default is used.
"""

from __future__ import annotations

import ast
import os
from dataclasses import dataclass, field, fields
from pathlib import Path

from ..core.problems import Problem
from ..core.registry import NEVER_PAGES
from ..core.site import SITES_CACHE, OtherSite, other_site, read_site_copy, site_entries
from ..core.schema import CanvasSchema, check_settings, language_of, load_canvas_schema

#: what Sphinx never reads, and what the extension excludes (core.registry.NEVER_PAGES)
DEFAULT_EXCLUDES = (".*", "**/.*", "**/_sources", "*.lproj/**", *NEVER_PAGES)
DEFAULT_SUFFIXES = (".rst", ".md")


def read_conf(path: Path) -> tuple[dict, set[str]]:
    """Top-level `name = literal` assignments of a conf.py, and the names set otherwise."""
    values: dict = {}
    unreadable: set[str] = set()
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    except (OSError, SyntaxError, ValueError):
        return values, {"*"}
    for node in tree.body:
        targets, value, augment = [], None, False
        if isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            targets, value = [node.target], node.value
        elif isinstance(node, ast.AugAssign) and isinstance(node.op, ast.Add):
            targets, value, augment = [node.target], node.value, True
        names = [t.id for t in targets if isinstance(t, ast.Name)]
        if not names:
            continue
        try:
            literal = ast.literal_eval(value)
        except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
            for name in names:
                values.pop(name, None)
                unreadable.add(name)
            continue
        for name in names:
            if augment:
                try:
                    values[name] = values[name] + literal
                except (KeyError, TypeError):
                    values.pop(name, None)
                    unreadable.add(name)
            else:
                values[name] = literal
                unreadable.discard(name)
    return values, unreadable


def _modified(path: Path) -> float:
    return path.stat().st_mtime


def find_conf(start: Path) -> Path | None:
    """The folder holding conf.py: `start` (a folder or file) or the nearest folder above it."""
    start = start.resolve()
    folder = start if start.is_dir() else start.parent
    for candidate in (folder, *folder.parents):
        if (candidate / "conf.py").is_file():
            return candidate
    return None


@dataclass
class Project:
    """A Sphinx project (the folder holding conf.py) as `ilc` reads it."""

    root: Path
    conf: dict = field(default_factory=dict)
    #: conf.py names that are set, but not as literals `ilc` can read
    unreadable: set[str] = field(default_factory=set)
    has_conf: bool = True
    #: the folder `ilc` was started in: paths are shown relative to it
    here: Path = field(default_factory=Path.cwd)

    @classmethod
    def load(cls, root: Path, here: Path | None = None) -> Project:
        root = root.resolve()
        here = here or Path.cwd()
        conf_path = root / "conf.py"
        if not conf_path.is_file():
            return cls(root, has_conf=False, here=here)
        conf, unreadable = read_conf(conf_path)
        return cls(root, conf, unreadable, here=here)

    @property
    def language(self) -> str:
        return language_of(self.conf.get("language") if isinstance(self.conf.get("language"), str) else None)

    def notes(self) -> list[str]:
        """What `ilc` could not read from conf.py (it then uses the default)."""
        used = ("language", "ilc_canvas_schema", "ilc_lesson_themes", "exclude_patterns", "include_patterns",
                "source_suffix", "suppress_warnings", "myst_enable_extensions", "myst_url_schemes")
        if "*" in self.unreadable:
            return ["conf.py could not be read; ilc uses the default settings"]
        notes = [f"conf.py sets {name} in a way ilc cannot read without running it; ilc uses the default"
                 for name in used if name in self.unreadable]
        # (a check on a fresh CI runner, before any build: say what it cannot check)
        return notes + [f"there is no copy of site {name!r} from a build here (_build/): references to its "
                        "lessons and use cases are not checked; build the site once, or keep _build/doctrees"
                        for name, site in (self.other_sites() or {}).items() if not site.read]

    # -- settings the validators need, checked as the build checks them --

    def settings(self) -> tuple[CanvasSchema, list[str] | None, list[Problem]]:
        """The canvas schema and lesson themes, and the problems with them, as the build finds them."""
        path, themes, problems = check_settings(self.root, self.conf.get("ilc_canvas_schema"),
                                                self.conf.get("ilc_lesson_themes"))
        return load_canvas_schema(str(self.root / path) if path else None), themes, problems

    def other_sites(self) -> dict[str, OtherSite] | None:
        """The sites of ilc_sites, from the copies the last build kept beside its doctrees
        (`ilc check` never uses the network); None when ilc_sites is not a literal `ilc` can read."""
        if "ilc_sites" in self.unreadable:
            return None
        found = {}
        for name, url, _location in site_entries(self.conf.get("ilc_sites") or {})[0]:
            copies = sorted(self.root.glob(f"_build/*/.doctrees/{SITES_CACHE}/{name}"), key=_modified)
            copies += sorted(self.root.glob(f"_build/doctrees/{SITES_CACHE}/{name}"), key=_modified)
            documents = read_site_copy(copies[-1]) if copies else None
            found[name] = other_site(name, url, documents)
        return found

    def suppressed(self, full_subtype: str) -> bool:
        """Whether conf.py's suppress_warnings hides this warning type (as Sphinx decides)."""
        wtype, _, subtype = full_subtype.partition(".")
        for entry in self.conf.get("suppress_warnings") or ():
            if not isinstance(entry, str):
                continue
            target, _, target_sub = entry.partition(".")
            if target == wtype and (not target_sub or target_sub in ("*", subtype)):
                return True
        return False

    def myst_config(self):
        from myst_parser.config.main import MdParserConfig

        known = {f.name for f in fields(MdParserConfig)}
        settings = {name[5:]: value for name, value in self.conf.items()
                    if name.startswith("myst_") and name[5:] in known}
        try:
            return MdParserConfig(**settings)
        except (TypeError, ValueError):
            good = {}
            for name, value in settings.items():
                try:
                    MdParserConfig(**{name: value})
                    good[name] = value
                except (TypeError, ValueError):
                    pass
            return MdParserConfig(**good)

    def suffixes(self) -> tuple[str, ...]:
        suffix = self.conf.get("source_suffix")
        if isinstance(suffix, str):
            found = (suffix,)
        elif isinstance(suffix, (list, tuple, dict)):
            found = tuple(s for s in suffix if isinstance(s, str))
        else:
            found = ()
        return tuple(dict.fromkeys(found + DEFAULT_SUFFIXES))

    def is_markdown(self, path: Path) -> bool:
        """Whether Sphinx reads the file with MyST (else with the reST parser)."""
        suffix = self.conf.get("source_suffix")
        if isinstance(suffix, dict):
            for ending, filetype in suffix.items():
                if isinstance(ending, str) and path.name.endswith(ending) and filetype in ("markdown", "restructuredtext"):
                    return filetype == "markdown"
        return path.suffix == ".md"

    def sources(self) -> list[Path]:
        """Every source file Sphinx would read, in path order."""
        from sphinx.util.matching import get_matching_files

        def strings(name):
            value = self.conf.get(name) or []
            return [v for v in value if isinstance(v, str)] if isinstance(value, (list, tuple)) else []

        include = strings("include_patterns") or ["**"]
        exclude = (strings("exclude_patterns") + strings("templates_path") + strings("html_static_path")
                   + strings("html_extra_path") + list(DEFAULT_EXCLUDES))
        if not self.has_conf:
            exclude = list(DEFAULT_EXCLUDES)
        suffixes = self.suffixes()
        return [self.root / name for name in get_matching_files(self.root, include, exclude)
                if name.endswith(suffixes)]

    def relative(self, path: Path) -> str:
        """A path (below the root) relative to the root, with forward slashes."""
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.resolve().relative_to(self.root).as_posix()

    def shown(self, rel: str) -> str:
        """A path below the root as the user can open it: relative to where `ilc` was started."""
        try:
            return os.path.relpath(self.root / rel, self.here)
        except ValueError:  # another drive on Windows
            return str(self.root / rel)

    def docname(self, path: Path) -> str:
        rel = self.relative(path)
        for suffix in sorted(self.suffixes(), key=len, reverse=True):
            if rel.endswith(suffix):
                return rel[: -len(suffix)]
        return rel
