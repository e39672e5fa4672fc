"""The package's shape holds: three parts, imports in one direction, nothing unused.

- core/ imports neither Sphinx nor docutils (nor MyST, which imports docutils);
- the command line imports nothing of the Sphinx side, and the Sphinx side
  nothing of the command line; no module imports in a circle;
- importing the command line does not import Sphinx (ilc check starts fast);
- vulture finds no unused import, function, class or unreachable code (the
  names Sphinx and docutils call by convention are listed in vulture_whitelist.py).
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "ext" / "ilc_canvas"


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    """Every module a file imports, anywhere in it, as an absolute name."""
    package = module_name(path) if path.name == "__init__.py" else module_name(path).rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


MODULES = {module_name(p): imports_of(p) for p in sorted(PACKAGE.rglob("*.py"))}


def test_the_three_parts_are_there():
    assert {"ilc_canvas.core", "ilc_canvas.sphinxext", "ilc_canvas.cli"} <= set(MODULES)
    assert len(MODULES) < 30


@pytest.mark.parametrize("name", sorted(m for m in MODULES if m.startswith("ilc_canvas.core")))
def test_core_knows_neither_sphinx_nor_docutils(name):
    foreign = {i for i in MODULES[name] if i.split(".")[0] in ("sphinx", "docutils", "myst_parser", "sphinxcontrib")}
    assert not foreign
    assert not {i for i in MODULES[name] if i.startswith(("ilc_canvas.sphinxext", "ilc_canvas.cli"))}


def test_the_command_line_and_the_sphinx_side_do_not_import_each_other():
    for name, imported in MODULES.items():
        if name.startswith("ilc_canvas.cli"):
            assert not {i for i in imported if i.startswith("ilc_canvas.sphinxext")}, name
        if name.startswith("ilc_canvas.sphinxext"):
            assert not {i for i in imported if i.startswith("ilc_canvas.cli")}, name


def test_no_module_imports_in_a_circle():
    graph = {name: {i for i in imported if i in MODULES and i != name} for name, imported in MODULES.items()}
    # a package's __init__ re-exporting its modules is not a cycle with them
    graph = {name: {i for i in deps if not name.startswith(i + ".")} for name, deps in graph.items()}
    state: dict[str, str] = {}

    def visit(name: str, path: list[str]) -> None:
        state[name] = "open"
        for dep in sorted(graph[name]):
            assert state.get(dep) != "open", " -> ".join(path + [name, dep])
            if dep not in state:
                visit(dep, path + [name])
        state[name] = "done"

    for name in sorted(graph):
        if name not in state:
            visit(name, [])


def test_importing_the_command_line_does_not_import_sphinx():
    code = "import sys, ilc_canvas.cli; print(sorted(m for m in sys.modules if m.split('.')[0] == 'sphinx'))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_vulture_finds_nothing_unused():
    pytest.importorskip("vulture")
    whitelist = Path(__file__).parent / "vulture_whitelist.py"
    result = subprocess.run([sys.executable, "-m", "vulture", str(PACKAGE), str(whitelist)],
                            capture_output=True, text=True)
    assert result.stdout == "" and result.returncode == 0, result.stdout
