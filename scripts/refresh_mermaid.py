"""Refresh the Mermaid files the package carries, from the npm registry's copy.

    npm ci                                  # installs the version package-lock.json pins
    python scripts/refresh_mermaid.py       # copies it into ext/ilc_canvas/static/mermaid/
    python scripts/refresh_mermaid.py --check   # exit 1 when the committed files differ

package.json names the version; this script copies what `npm ci` installed:
Mermaid's ESM build (the entry and its chunks, no source maps), d3's minified
build (only `:zoom:` diagrams load it), both licences, and a VERSIONS file.
A project that installs the package gets them with it (CONTRACT §12).
"""

from __future__ import annotations

import argparse
import filecmp
import json
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NODE_MODULES = ROOT / "node_modules"
TARGET = ROOT / "ext" / "ilc_canvas" / "static" / "mermaid"
CHUNKS = Path("chunks") / "mermaid.esm.min"


def wanted() -> dict[str, Path]:
    """Target path (relative to TARGET) -> source file in node_modules."""
    mermaid, d3 = NODE_MODULES / "mermaid", NODE_MODULES / "d3"
    files = {
        "mermaid.esm.min.mjs": mermaid / "dist" / "mermaid.esm.min.mjs",
        "LICENSE-mermaid.txt": mermaid / "LICENSE",
        "d3.min.js": d3 / "dist" / "d3.min.js",
        "LICENSE-d3.txt": d3 / "LICENSE",
    }
    for chunk in sorted((mermaid / "dist" / CHUNKS).glob("*.mjs")):
        files[(CHUNKS / chunk.name).as_posix()] = chunk
    return files


def versions() -> str:
    pinned = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["dependencies"]["mermaid"]
    lines = [f"# refreshed by scripts/refresh_mermaid.py; package.json asks for mermaid {pinned}"]
    for name in ("mermaid", "d3"):
        lines.append(f"{name} {json.loads((NODE_MODULES / name / 'package.json').read_text())['version']}")
    return "\n".join(lines) + "\n"


def differences(files: dict[str, Path]) -> list[str]:
    present = {p.relative_to(TARGET).as_posix() for p in TARGET.rglob("*") if p.is_file()} if TARGET.is_dir() else set()
    found = [f"missing or changed: {rel}" for rel, source in files.items()
             if rel not in present or not filecmp.cmp(source, TARGET / rel, shallow=False)]
    found += [f"not in Mermaid {rel}" for rel in sorted(present - set(files) - {"VERSIONS"})]
    if not (TARGET / "VERSIONS").is_file() or (TARGET / "VERSIONS").read_text(encoding="utf-8") != versions():
        found.append("VERSIONS differs")
    return found


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="compare only; exit 1 when the files differ")
    args = parser.parse_args(argv)
    if not (NODE_MODULES / "mermaid" / "dist" / "mermaid.esm.min.mjs").is_file():
        print("node_modules/mermaid is missing: run `npm ci` first", file=sys.stderr)
        return 2
    files = wanted()
    found = differences(files)
    if args.check:
        print("\n".join(found) or "the packaged Mermaid files are those of node_modules")
        return 1 if found else 0
    shutil.rmtree(TARGET, ignore_errors=True)
    for rel, source in files.items():
        (TARGET / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, TARGET / rel)
    (TARGET / "VERSIONS").write_text(versions(), encoding="utf-8")
    print(f"copied {len(files)} files into {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
