"""Markdown tables from benchmark results, for README.md.

    python benchmarks/report.py benchmarks/out/results-quick.json [...]     # one table per file
    python benchmarks/report.py --growth benchmarks/out/results-{quick,medium,large}.json
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

ROWS = [
    ("full", "full build, serial", "s"),
    ("full_j2", "full build, -j 2", "s"),
    ("full_j2_cpu", "full build, -j 2, CPU of all processes", "s"),
    ("noop", "rebuild, nothing changed", "s"),
    ("edit", "rebuild, one lesson's title edited", "s"),
    ("edit_text", "rebuild, one lesson's text edited", "s"),
    ("edit_complete", "plain: title edited by hand on every page showing it", "s"),
    ("full_sphinx_search", "ilc: full build with Sphinx's search instead of Pagefind", "s"),
    ("edit_remote", "ilc: rebuild after another site's lesson changed", "s"),
    ("peak_mem", "peak memory, full build", "MB"),
    ("peak_mem_j2", "peak memory, -j 2", "MB"),
]
TARGETS = {"full": "≤ 1.15", "edit": "≤ 1.5", "edit_text": "≤ 1.5", "peak_mem": "≤ 1.15"}


def cell(value, unit: str) -> str:
    if value is None:
        return "–"
    return f"{value:.0f}" if unit == "MB" else f"{value:.2f}"


def table(res: dict) -> str:
    med, ratios, targets = res["medians"], res["ratios"], res["targets"]
    lines = [
        f"{res['size']}: {res['shape']['usecases']} × {res['shape']['retrospectives']} × {res['shape']['lessons']}, "
        f"{res['pages']} pages, {res['lessons']} lessons; median of {res['runs']} runs "
        f"(wall seconds; CPU seconds where noted)",
        "",
        "| | ilc | plain | needs | ilc/plain | ilc/needs | target (ilc/plain) |",
        "| --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for metric, name, unit in ROWS:
        if metric not in med:
            continue
        values = [med[metric].get(f) for f in ("ilc", "plain", "needs")]
        ratio = ratios.get(metric, {})
        target = ""
        if metric in TARGETS:
            met = targets.get(metric, {}).get("met")
            target = f"{TARGETS[metric]}: {'met' if met else '**missed**'}"
        if metric == "edit_complete":
            target = "(ilc's title edit against this)"
        lines.append(
            f"| {name} ({unit}) | {' | '.join(cell(v, unit) for v in values)} | "
            f"{cell(ratio.get('ilc/plain'), '')} | {cell(ratio.get('ilc/needs'), '')} | {target} |"
        )
    check = targets.get("check", {})
    if check.get("status") == "measured":
        lines.append(
            f"| `ilc check` (s) | {check['seconds']:.2f} | | | | | "
            f"{check['speedup_vs_full_build']:.0f}× faster than the build: {'met' if check['met'] else '**missed**'} |"
        )
    for name, target in targets.items():
        if name.startswith("ilc ") and not name.endswith("_cpu"):
            lines.append(f"| {name} | {target['ratio']:.2f} | | | | | ≤ {target['bound']:.2f}: "
                         f"{'met' if target['met'] else '**missed**'} |")
    searched = res.get("search", {})
    if searched.get("status") == "measured":
        med = searched["median"]
        for key, name, scale, unit in (("bytes", "search: loaded to answer", 1 / 1024, "kB"),
                                       ("ms", "search: time to the first result", 1, "ms")):
            ratio = med["pagefind"][key] / med["sphinx"][key]
            bound = 0.1 if key == "bytes" else 1.0
            lines.append(f"| {name}, Pagefind (ilc) against Sphinx (plain) ({unit}) | "
                         f"{med['pagefind'][key] * scale:.0f} | {med['sphinx'][key] * scale:.0f} | | {ratio:.2f} | | "
                         f"≤ {bound:g}: {'met' if ratio <= bound else '**missed**'} |")
    listing = res.get("listing_after_edit", {})
    states = ", ".join(f"{f}: {'current' if v['current_after_every_edit'] else 'stale'}" for f, v in listing.items())
    lines += ["", f"Lessons page after the title edit: {states}."]
    return "\n".join(lines)


def growth(results: list[dict]) -> str:
    lines = [
        "| size | pages | lessons | full ilc | full plain | title edit ilc | title edit plain | text edit ilc | no-op ilc | no-op plain |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for res in results:
        m = res["medians"]
        get = lambda metric, flavour: cell(m.get(metric, {}).get(flavour), "s")  # noqa: E731
        lines.append(
            f"| {res['size']} | {res['pages']} | {res['lessons']} | {get('full', 'ilc')} | {get('full', 'plain')} | "
            f"{get('edit', 'ilc')} | {get('edit', 'plain')} | {get('edit_text', 'ilc')} | {get('noop', 'ilc')} | "
            f"{get('noop', 'plain')} |"
        )
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--growth", action="store_true")
    parser.add_argument("results", nargs="+", type=Path)
    args = parser.parse_args(argv)
    loaded = [json.loads(p.read_text(encoding="utf-8")) for p in args.results]
    if args.growth:
        print(growth(loaded))
    else:
        print("\n\n".join(table(r) for r in loaded))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
