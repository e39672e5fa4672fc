"""Build the handbook site and every test root, and compare two such builds.

A refactoring of the extension must not change what readers and tools get:

    python scripts/snapshot.py build OUT [--tree PATH]   # builds with PATH/ext's ilc_canvas
    python scripts/snapshot.py compare BEFORE AFTER

`build` writes, for the site (html) and for each root of tests/roots (html and
text), the output files and the warnings (paths made relative). `compare`
lists every file that differs, is missing or is new, except
- what sphinx-design adds to a page that does not load it (the extension no
  longer sets it up; only sites that use it load it): its stylesheet and
  script, and their lines in the pages' head;
- the extension's `env_version` in searchindex.js (bumped when its records
  change shape, so that an old pickled environment is read afresh);
- Pagefind's own index files (`pagefind/`), which are not byte-reproducible:
  instead, the pages and records it indexes (`.doctrees/ilc-search/`) are compared.
It exits 1 when anything else differs.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
SKIPPED = (".buildinfo", ".doctrees")
DESIGN_FILES = re.compile(r"(^|/)_static/(sphinx-design[.0-9a-f]*\.min\.css|design-tabs\.js)$")
ENV_VERSION = re.compile(r'"ilc_canvas":\d+')
DESIGN_LINES = re.compile(r'^\s*<(link rel="stylesheet" type="text/css" href="[./]*_static/sphinx-design[.0-9a-f]*'
                          r'\.min\.css[^>]*>|script [^>]*src="[./]*_static/design-tabs\.js[^>]*></script>)\s*$')


def sphinx_build(tree: Path, builder: str, src: Path, out: Path) -> str:
    env = dict(os.environ, PYTHONPATH=str(tree / "ext") + os.pathsep + os.environ.get("PYTHONPATH", ""))
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", builder, "-q", "-E", str(src), str(out / "files"),
         "-d", str(out / ".doctrees")],
        cwd=src, env=env, capture_output=True, text=True)
    return result.stderr.replace(str(src) + os.sep, "").replace(str(src), "").replace(str(src.parent), "TMP")


def build(out: Path, tree: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    jobs = [("site", "html", tree)]
    for root in sorted((tree / "tests" / "roots").iterdir()):
        jobs += [(f"{root.name}-{builder}", builder, root) for builder in ("html", "text")]
    with tempfile.TemporaryDirectory() as tmp:
        for name, builder, source in jobs:
            # a copy, so that no build folder lands in the tree
            src = Path(tmp) / name
            ignore = shutil.ignore_patterns("_build", ".venv", "node_modules", ".git", "test-artifacts",
                                            ".hypothesis", ".pytest_cache", "benchmarks")
            shutil.copytree(source, src, ignore=ignore, symlinks=True)
            if name == "site" and (source / "node_modules").exists():
                (src / "node_modules").symlink_to(source / "node_modules")
            target = out / name
            shutil.rmtree(target, ignore_errors=True)
            warnings = sphinx_build(tree, builder, src, target)
            (target / "warnings.txt").write_text(warnings, encoding="utf-8")
            if (target / ".doctrees" / "ilc-search").is_dir():
                shutil.copytree(target / ".doctrees" / "ilc-search", target / "search-records")
            shutil.rmtree(target / ".doctrees", ignore_errors=True)
            print(f"{name}: {len(warnings.splitlines())} warning lines")


def files_of(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*")
            if p.is_file() and not any(part in SKIPPED for part in p.parts)
            and p.relative_to(folder).parts[1:3] != ("files", "pagefind")}


def without_design(path: Path) -> list[str]:
    return [line for line in path.read_text(encoding="utf-8").splitlines() if not DESIGN_LINES.match(line)]


def env_version_only(old: Path, new: Path) -> bool:
    def text(path: Path) -> str:
        return ENV_VERSION.sub('"ilc_canvas":N', path.read_text(encoding="utf-8"))

    return text(old) == text(new)


def compare(before: Path, after: Path) -> int:
    old, new = files_of(before), files_of(after)
    problems = []
    for rel in sorted(old | new):
        if DESIGN_FILES.search(rel):
            continue
        if rel not in new:
            problems.append(f"missing: {rel}")
        elif rel not in old:
            problems.append(f"new: {rel}")
        elif not filecmp.cmp(before / rel, after / rel, shallow=False):
            if rel.endswith(".html") and without_design(before / rel) == without_design(after / rel):
                continue
            if rel.endswith("searchindex.js") and env_version_only(before / rel, after / rel):
                continue
            problems.append(f"differs: {rel}")
    for line in problems:
        print(line)
    print(f"{len(old | new)} files compared, {len(problems)} differences")
    return 1 if problems else 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    b = commands.add_parser("build")
    b.add_argument("out", type=Path)
    b.add_argument("--tree", type=Path, default=HERE)
    c = commands.add_parser("compare")
    c.add_argument("before", type=Path)
    c.add_argument("after", type=Path)
    args = parser.parse_args(argv)
    if args.command == "build":
        build(args.out.resolve(), args.tree.resolve())
        return 0
    return compare(args.before, args.after)


if __name__ == "__main__":
    raise SystemExit(main())
