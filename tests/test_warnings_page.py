"""The warnings page of the authoring guide (docs/handleiding/waarschuwingen.md) cannot drift.

- It has a section for every subtype in `problems.SUBTYPES`, and no other.
- Each example on it is a fixture file in docs/handleiding/voorbeelden/waarschuwingen/
  that the page includes, with the warnings the page shows next to it (<name>.txt);
  building the fixture in a fresh project gives exactly those warnings.
- Every message text in the extension's code (each `Problem(...)`, each problem
  a reader adds, and each `ilc` warning it logs) is quoted on the page or in an
  example's warnings.
"""

from __future__ import annotations

import ast
import re
import shutil
from pathlib import Path

import pytest

from ilc_canvas.core.problems import SUBTYPES
from ilc_testing import build_once

REPO = Path(__file__).parent.parent
PAGE = REPO / "docs" / "handleiding" / "waarschuwingen.md"
EXAMPLES = REPO / "docs" / "handleiding" / "voorbeelden" / "waarschuwingen"
PACKAGE = REPO / "ext" / "ilc_canvas"
EXPECTED = sorted(EXAMPLES.glob("*.txt"))


def page_text() -> str:
    return PAGE.read_text(encoding="utf-8")


def test_the_page_has_a_section_for_every_subtype():
    sections = re.findall(r"^## `(ilc\.[\w-]+)`", page_text(), flags=re.MULTILINE)
    assert sorted(sections) == sorted(f"ilc.{name}" for name in SUBTYPES)
    # and the overview table at the top names each one
    table = re.findall(r"^\| \{ref\}`(ilc\.[\w-]+) <", page_text(), flags=re.MULTILINE)
    assert sorted(table) == sorted(f"ilc.{name}" for name in SUBTYPES)


def test_every_example_is_on_the_page_and_every_include_exists():
    included = re.findall(r"^`{3,4}\{literalinclude\} (\S+)$", page_text(), flags=re.MULTILINE)
    paths = {(PAGE.parent / path).resolve() for path in included}
    assert all(path.is_file() for path in paths), sorted(p.name for p in paths if not p.is_file())
    files = {path.resolve() for path in EXAMPLES.iterdir() if path.is_file()}
    assert sorted(p.name for p in files - paths) == []
    # each example is a page, a conf.py setting, or both
    for expected in EXPECTED:
        assert any((EXAMPLES / f"{expected.stem}{suffix}").is_file() for suffix in (".md", ".conf.py")), expected.name


def build_example(stem: str, tmp_path: Path) -> list[str]:
    """Build one example as the root page of a fresh project; its warning lines, paths relative.

    An example of a conf.py setting alone gets an empty root page."""
    src = tmp_path / "src"
    src.mkdir()
    (src / f"{stem}.md").write_text("# Voorbeeld\n", encoding="utf-8")
    conf = f'extensions = ["ilc_canvas"]\nlanguage = "nl"\nproject = "Voorbeeld"\nroot_doc = "{stem}"\n'
    for path in EXAMPLES.glob(f"{stem}.*"):
        if path.name.endswith(".conf.py"):
            conf += path.read_text(encoding="utf-8")
        elif path.suffix != ".txt":
            shutil.copy(path, src / path.name)
    (src / "conf.py").write_text(conf, encoding="utf-8")
    text = build_once(src, freshenv=True)[2].replace(str(src) + "/", "")
    return [line for line in text.splitlines() if line.strip()]


@pytest.mark.parametrize("expected", EXPECTED, ids=[p.stem for p in EXPECTED])
def test_each_example_gives_exactly_the_warnings_the_page_shows(expected, tmp_path):
    shown = [line for line in expected.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert shown, f"{expected.name} shows no warning"
    assert sorted(build_example(expected.stem, tmp_path)) == sorted(shown)


# -- every message of the code is documented ---------------------------------------


def message_fragments(node: ast.AST, helpers: dict[str, ast.FunctionDef]) -> list[str]:
    """The literal parts of a message expression (f-string, concatenation, conditional),
    and of what the package's own helper functions called in it return."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.JoinedStr):
        return [f for v in node.values for f in message_fragments(
            v.value if isinstance(v, ast.FormattedValue) else v, helpers)]
    if isinstance(node, ast.BinOp):
        return message_fragments(node.left, helpers) + message_fragments(node.right, helpers)
    if isinstance(node, ast.IfExp):
        return message_fragments(node.body, helpers) + message_fragments(node.orelse, helpers)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in helpers:
        returns = [r.value for r in ast.walk(helpers.pop(node.func.id)) if isinstance(r, ast.Return) and r.value]
        return [f for value in returns for f in message_fragments(value, helpers)]
    return []


def code_messages() -> dict[str, list[str]]:
    """file:line -> the literal fragments of each warning message the package can give."""
    found: dict[str, list[str]] = {}
    trees = {path: ast.parse(path.read_text(encoding="utf-8")) for path in sorted(PACKAGE.rglob("*.py"))}
    helpers = {f.name: f for tree in trees.values() for f in ast.walk(tree)
               if isinstance(f, ast.FunctionDef) and f.name not in ("suggest",)}
    for path, tree in trees.items():
        for call in ast.walk(tree):
            if not isinstance(call, ast.Call):
                continue
            name = call.func.id if isinstance(call.func, ast.Name) else getattr(call.func, "attr", "")
            message = None
            if name == "Problem" and len(call.args) >= 2:
                message = call.args[1]
            elif name == "add" and call.args:  # core.reading.Checks.add(message, line)
                message = call.args[0]
            elif name == "warning" and call.args and any(
                    k.arg == "type" and getattr(k.value, "id", "") == "WARNING_TYPE" for k in call.keywords):
                message = call.args[0]
            if message is not None:
                found[f"{path.relative_to(REPO)}:{call.lineno}"] = message_fragments(message, dict(helpers))
    return found


def test_every_message_in_the_code_is_on_the_page():
    documented = page_text() + "\n".join(p.read_text(encoding="utf-8") for p in EXPECTED)
    documented = re.sub(r"\s+", " ", documented)
    messages = code_messages()
    assert len(messages) > 30  # the scan finds the messages at all
    missing = {
        where: fragment.strip()
        for where, fragments in messages.items()
        for fragment in fragments
        if len(fragment.strip()) >= 6 and re.sub(r"\s+", " ", fragment.strip()) not in documented
    }
    assert missing == {}, (
        "these warning messages are not on docs/handleiding/waarschuwingen.md: add an example "
        "(docs/handleiding/voorbeelden/waarschuwingen/) or quote the message on the page")
