"""Build cost of the ilc_canvas extension against the floor (plain MyST) and sphinx-needs.

One run of this script measures every figure for all three flavours of one
generated site (see corpus.py), alternating the flavours round-robin (and
rotating which goes first) so that drift on a busy machine hits them alike:

- ``full``: a clean HTML build, serial; ``full_j2``: a clean build with ``-j 2``
- ``noop``: a rebuild with nothing changed
- ``edit``: a rebuild after changing the title of one lesson on one
  retrospective page (a lesson that another use case refers to); afterwards the
  lessons page is checked for the new title (ilc and needs) -- a listing that
  still shows the old title is reported as stale
- ``peak_mem``: the peak resident memory of the serial clean build (and of the
  ``-j 2`` build, with its workers), read per child with ``os.wait4``
- ``check``: ``ilc check`` over the ilc flavour's sources
- ``full_sphinx_search`` (ilc only): the clean build with ``-D ilc_search=0``,
  Sphinx's own search index instead of Pagefind's: ``full`` against it is what
  Pagefind's indexing costs (issue 18: at most 1.10)
- ``edit_remote`` (ilc only): a rebuild after a lesson of another site
  (``ilc_sites``, a folder the corpus writes) changed, against ``edit`` (at most 1.5)

Every figure is the median of ``--runs`` runs. The script prints the figures
and the ratios ilc/plain and ilc/needs against the targets of issue 8, and
writes everything (raw samples included) to ``benchmarks/out/results-<size>.json``.

    python benchmarks/bench.py --size quick            # what `make bench` runs
    python benchmarks/bench.py --size large --runs 3
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus  # noqa: E402
import search  # noqa: E402

HERE = Path(__file__).resolve().parent
FLAVOURS = ("ilc", "plain", "needs")
SIZES = {
    # name: (use cases, retrospectives per use case, lessons per retrospective), default runs
    "tiny": ((10, 2, 2), 1),  # a smoke test of the benchmark itself
    "quick": ((50, 3, 3), 3),
    "medium": ((100, 5, 4), 3),
    "large": ((200, 5, 4), 3),
}
#: issue 8's targets, as upper bounds on ilc / plain in the same run
TARGETS = {"full": 1.15, "edit": 1.5, "edit_text": 1.5, "peak_mem": 1.15}
#: the figures, in print order: name, unit. "cpu" is user + system time of the build
#: and its workers: on a shared machine it is steadier than wall time.
METRICS = {
    "full": ("full build", "s"),
    "full_cpu": ("full build, cpu", "s"),
    "full_j2": ("full build -j 2", "s"),
    "full_j2_cpu": ("full build -j 2, cpu", "s"),
    "noop": ("rebuild, nothing changed", "s"),
    "noop_cpu": ("rebuild, nothing changed, cpu", "s"),
    "edit": ("rebuild, one lesson edited", "s"),
    "edit_cpu": ("rebuild, one lesson edited, cpu", "s"),
    "edit_text": ("rebuild, lesson text edited", "s"),
    "edit_text_cpu": ("rebuild, text edited, cpu", "s"),
    "edit_complete": ("plain: edit on every page by hand", "s"),
    "edit_complete_cpu": ("plain: same, cpu", "s"),
    "full_sphinx_search": ("ilc: full build, Sphinx's search", "s"),
    "edit_remote": ("ilc: rebuild, other site's lesson", "s"),
    "peak_mem": ("peak memory, full build", "MB"),
    "peak_mem_j2": ("peak memory, -j 2", "MB"),
}
#: issue 18's targets, as upper bounds on one ilc figure against another in the same run
ILC_TARGETS = {"full/full_sphinx_search": 1.10, "edit_remote/edit": 1.5}
CHECK_MAX_SECONDS = 5.0  # "within a few seconds" for 1,000 pages
CHECK_MIN_SPEEDUP = 10.0  # at least 10x faster than a (serial, clean) build


def sphinx_cmd(src: Path, build: Path, jobs: int = 1, extra: tuple[str, ...] = ()) -> list[str]:
    jobs_args = ["-j", str(jobs)] if jobs > 1 else []
    return [sys.executable, "-m", "sphinx", "-b", "html", "-q", *jobs_args, *extra, "-d", str(build / "doctrees"),
            str(src), str(build / "html")]


def run_child(cmd: list[str], cwd: Path | None = None) -> dict:
    """Run one child; wall time, its own peak RSS (with its waited-for children), exit code, warnings."""
    err_path = Path(os.environ.get("TMPDIR", "/tmp")) / f"ilc-bench-{os.getpid()}.err"
    with open(err_path, "w+b") as err, open(os.devnull, "wb") as devnull:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=devnull, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    err_path.unlink(missing_ok=True)
    warnings = [line for line in stderr.splitlines() if "WARNING" in line or "ERROR" in line]
    return {
        "seconds": seconds,
        "cpu_seconds": usage.ru_utime + usage.ru_stime,
        "maxrss_mb": usage.ru_maxrss / 1024,  # Linux: kilobytes
        "returncode": proc.returncode,
        "warnings": len(warnings),
        "first_warnings": warnings[:3],
        "stderr_tail": stderr[-2000:] if proc.returncode else "",
    }


def ilc_check_cmd(src: Path) -> list[str] | None:
    """`ilc check` if the command exists in this environment (it may not have landed yet)."""
    exe = Path(sys.executable).parent / "ilc"
    if not exe.exists():
        return None
    try:
        import importlib.util

        if importlib.util.find_spec("ilc_canvas.cli") is None:
            return None
    except ImportError:
        return None
    return [str(exe), "check", str(src)]


class Bench:
    def __init__(self, size: str, runs: int, outdir: Path, seed: int, flavours=FLAVOURS, check_runs: int = 5):
        self.size = size
        self.shape = SIZES[size][0]
        self.runs = runs
        self.outdir = outdir
        self.seed = seed
        self.flavours = tuple(flavours)
        self.check_runs = check_runs
        self.root = outdir / f"corpus-{size}"
        self.samples: dict[str, dict[str, list]] = {}
        self.checks: dict[str, list] = {f: [] for f in self.flavours}
        self.failures: list[str] = []

    def src(self, flavour: str) -> Path:
        return self.root / flavour

    def build_dir(self, flavour: str, kind: str) -> Path:
        return self.root / "_build" / f"{flavour}-{kind}"

    def record(self, metric: str, flavour: str, value) -> None:
        self.samples.setdefault(metric, {}).setdefault(flavour, []).append(value)

    def log(self, text: str) -> None:
        print(text, flush=True)

    def build(self, flavour: str, kind: str, jobs: int = 1, clean: bool = False, extra: tuple[str, ...] = ()) -> dict:
        build = self.build_dir(flavour, kind)
        if clean and build.exists():
            shutil.rmtree(build)
        result = run_child(sphinx_cmd(self.src(flavour), build, jobs, extra))
        if result["returncode"] != 0:
            self.failures.append(f"{flavour} {kind}: sphinx-build exited {result['returncode']}\n{result['stderr_tail']}")
        return result

    # -- the edit --------------------------------------------------------

    def edit(self, flavour: str, run: int) -> tuple[str, str]:
        """Give the edit target a new title in the flavour's source; -> (old title, new title)."""
        info = self.manifest["edit"]
        path = self.src(flavour) / info["source"]
        old = self.current_title[flavour]
        new = f"Herziene les nummer {run + 1} uit de benchmark"  # never contains the old title
        line_old = info["title_line"][flavour].replace(info["title"], old)
        line_new = info["title_line"][flavour].replace(info["title"], new)
        text = path.read_text(encoding="utf-8")
        assert text.count(line_old) == 1, (flavour, line_old)
        path.write_text(text.replace(line_old, line_new), encoding="utf-8")
        self.current_title[flavour] = new
        return old, new

    def edit_text(self, flavour: str, run: int) -> None:
        """Add a sentence to the edited lesson's text (no listing shows it)."""
        path = self.src(flavour) / self.manifest["edit"]["source"]
        old = self.current_text[flavour]
        new = f"{old} Herzien in ronde {run + 1}."
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, (flavour, old)
        path.write_text(text.replace(old, new), encoding="utf-8")
        self.current_text[flavour] = new

    def edit_plain_everywhere(self, run: int) -> tuple[str, str]:
        """Edit the title in every plain page that shows it, as an author keeping plain MyST correct must.

        -> (the title the lessons page showed, the new one)."""
        info = self.manifest["edit"]
        heading = info["title_line"]["plain"]
        old_heading = heading.replace(info["title"], self.current_title["plain"])
        shown = self.rest_title
        new = f"Herziene les nummer {run + 1} overal met de hand"
        for path in sorted(self.src("plain").rglob("*.md")):
            text = path.read_text(encoding="utf-8")
            changed = text.replace(old_heading, heading.replace(info["title"], new)).replace(f"[{shown}](", f"[{new}](")
            if changed != text:
                path.write_text(changed, encoding="utf-8")
        self.current_title["plain"] = self.rest_title = new
        return shown, new

    def edit_remote(self, run: int) -> tuple[str, str]:
        """Give a lesson of the other site (its lessons.json) a new title; -> (old, new)."""
        info = self.manifest["remote_edit"]
        path = self.root / info["path"]
        document = json.loads(path.read_text(encoding="utf-8"))
        lesson = next(les for les in document["lessons"] if les["id"] == info["lesson_id"])
        old, new = lesson["title"], f"{info['title']} (elders, run {run + 1})"
        lesson["title"] = new
        path.write_text(json.dumps(document, ensure_ascii=False, indent=1), encoding="utf-8")
        return old, new

    def check_listing(self, flavour: str, old: str, new: str) -> dict:
        """Does the lessons page show the new title (and no longer the old one)?"""
        import html

        page = self.build_dir(flavour, "serial") / "html" / self.manifest["lessons_page"]
        text = html.unescape(page.read_text(encoding="utf-8"))
        result = {"new_title_shown": new in text, "old_title_gone": old not in text}
        result["current"] = result["new_title_shown"] and result["old_title_gone"]
        if flavour == "ilc":
            # the pages that show the lesson's title through a role or the canvas's retrospective list
            info = self.manifest["edit"]
            pages = [str(Path(source).with_suffix(".html")) for source in info["referenced_from"]]
            pages.append(str(Path(info["source"]).parent / "index.html"))
            stale = []
            for rel in pages:
                shown = html.unescape((self.build_dir(flavour, "serial") / "html" / rel).read_text(encoding="utf-8"))
                if new not in shown:
                    stale.append(rel)
            result["stale_pages"] = stale
        return result

    # -- one run ---------------------------------------------------------

    def run(self) -> dict:
        n, r, l = self.shape
        self.log(f"ILC benchmark, size {self.size}: {n} use cases x {r} retrospectives x {l} lessons, "
                 f"{self.runs} run(s), flavours {', '.join(self.flavours)}")
        t0 = time.perf_counter()
        self.manifest = corpus.write_corpus(self.root, n, r, l, self.seed, self.flavours)
        shutil.rmtree(self.root / "_build", ignore_errors=True)
        self.current_title = {f: self.manifest["edit"]["title"] for f in self.flavours}
        self.rest_title = self.manifest["edit"]["title"]
        self.current_text = {f: self.manifest["edit"]["text"] for f in self.flavours}  # the title plain's lists and tables show
        self.log(f"corpus: {self.manifest['pages']} pages, {self.manifest['lessons_total']} lessons, in {self.root}")
        check_cmd = ilc_check_cmd(self.src("ilc")) if "ilc" in self.flavours else None
        load_before = os.getloadavg()

        for i in range(self.runs):
            order = self.flavours[i % len(self.flavours):] + self.flavours[:i % len(self.flavours)]
            self.log(f"\nrun {i + 1}/{self.runs} (order: {', '.join(order)})")
            for flavour in order:
                res = self.build(flavour, "serial", clean=True)
                self.record("full", flavour, res["seconds"])
                self.record("full_cpu", flavour, res["cpu_seconds"])
                self.record("peak_mem", flavour, res["maxrss_mb"])
                self.record("warnings", flavour, res["warnings"])
                if res["first_warnings"] and i == 0:
                    self.log(f"  {flavour}: {res['warnings']} warning(s), e.g. {res['first_warnings'][0]}")
                self.log(f"  full     {flavour:6} {res['seconds']:7.2f} s  {res['maxrss_mb']:7.0f} MB")
            for flavour in order:
                res = self.build(flavour, "serial")
                self.record("noop", flavour, res["seconds"])
                self.record("noop_cpu", flavour, res["cpu_seconds"])
                self.log(f"  noop     {flavour:6} {res['seconds']:7.2f} s")
            for flavour in order:
                old, new = self.edit(flavour, i)
                res = self.build(flavour, "serial")
                self.record("edit", flavour, res["seconds"])
                self.record("edit_cpu", flavour, res["cpu_seconds"])
                check = self.check_listing(flavour, old, new)
                self.checks[flavour].append(check)
                self.log(f"  edit     {flavour:6} {res['seconds']:7.2f} s  lessons page "
                         f"{'current' if check['current'] else 'STALE'}"
                         + (f", stale pages: {check['stale_pages']}" if check.get("stale_pages") else ""))
            if "ilc" in self.flavours:
                _old, new = self.edit_remote(i)
                res = self.build("ilc", "serial")
                self.record("edit_remote", "ilc", res["seconds"])
                self.record("edit_remote_cpu", "ilc", res["cpu_seconds"])
                page = (self.build_dir("ilc", "serial") / "html" / self.manifest["lessons_page"]).read_text(encoding="utf-8")
                current = new in page  # (the old title may be a lesson of this site too: the filler repeats)
                self.log(f"  edit, other site's lesson: ilc {res['seconds']:7.2f} s  lessons page "
                         f"{'current' if current else 'STALE'}")
                if not current:
                    self.failures.append("ilc: the lessons page does not show the other site's edited lesson")
            for flavour in order:
                self.edit_text(flavour, i)
                res = self.build(flavour, "serial")
                self.record("edit_text", flavour, res["seconds"])
                self.record("edit_text_cpu", flavour, res["cpu_seconds"])
                self.log(f"  edit text {flavour:5} {res['seconds']:7.2f} s")
            if "plain" in self.flavours:
                # plain MyST made correct by hand: the new title also in every list and table
                old, new = self.edit_plain_everywhere(i)
                res = self.build("plain", "serial")
                self.record("edit_complete", "plain", res["seconds"])
                self.record("edit_complete_cpu", "plain", res["cpu_seconds"])
                check = self.check_listing("plain", old, new)
                self.log(f"  edit, every page by hand: plain {res['seconds']:7.2f} s  lessons page "
                         f"{'current' if check['current'] else 'STALE'}")
                if not check["current"]:
                    self.failures.append("plain: the lessons page does not show the title edited by hand")
            if "ilc" in self.flavours:
                res = self.build("ilc", "sphinx-search", clean=True, extra=("-D", "ilc_search=0"))
                self.record("full_sphinx_search", "ilc", res["seconds"])
                self.record("full_sphinx_search_cpu", "ilc", res["cpu_seconds"])
                self.log(f"  full, Sphinx's search: ilc {res['seconds']:7.2f} s")
            for flavour in order:
                res = self.build(flavour, "j2", jobs=2, clean=True)
                self.record("full_j2", flavour, res["seconds"])
                self.record("full_j2_cpu", flavour, res["cpu_seconds"])
                self.record("peak_mem_j2", flavour, res["maxrss_mb"])
                self.log(f"  full -j2 {flavour:6} {res['seconds']:7.2f} s  {res['maxrss_mb']:7.0f} MB")
            if check_cmd:
                for _ in range(self.check_runs if i == 0 else 1):
                    res = run_child(check_cmd, cwd=self.src("ilc"))
                    self.record("check", "ilc", res["seconds"])
                    self.record("check_cpu", "ilc", res["cpu_seconds"])
                    self.record("check_exit", "ilc", res["returncode"])
                self.log(f"  ilc check       {res['seconds']:7.2f} s  (exit {res['returncode']})")

        searched = {"status": "skipped: needs the ilc and plain flavours"}
        if {"ilc", "plain"} <= set(self.flavours):
            self.log("\nsearch in the browser: Pagefind (ilc) against Sphinx's search (plain), 20 queries")
            try:
                searched = search.measure(self.build_dir("plain", "serial") / "html",
                                          self.build_dir("ilc", "serial") / "html")
            except Exception as error:  # the build figures are kept whatever the browser does
                searched = {"status": f"failed: {type(error).__name__}: {error}"}
                self.failures.append(f"search in the browser: {searched['status']}")
        results = self.summarise(check_cmd, load_before, time.perf_counter() - t0)
        results["search"] = searched
        if searched["status"] == "measured":
            for name, target in searched["targets"].items():
                results["targets"][f"search {name}"] = target
        self.print_summary(results)
        path = self.outdir / f"results-{self.size}.json"
        path.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        self.log(f"\nwritten: {path}")
        return results

    # -- results ---------------------------------------------------------

    def summarise(self, check_cmd, load_before, elapsed) -> dict:
        medians = {metric: {f: statistics.median(values) for f, values in per.items()}
                   for metric, per in self.samples.items() if metric not in ("warnings", "check_exit")}
        ratios: dict[str, dict[str, float]] = {}
        for metric in METRICS:
            m = medians.get(metric, {})
            if metric in ("full_sphinx_search", "edit_remote"):
                continue
            if "ilc" in m:
                ratios[metric] = {f"ilc/{other}": m["ilc"] / m[other] for other in ("plain", "needs") if other in m}
            elif metric.startswith("edit_complete") and "plain" in m:
                # ilc's one-lesson edit against plain MyST kept correct by hand
                ilc_edit = medians.get(metric.replace("edit_complete", "edit"), {}).get("ilc")
                if ilc_edit is not None:
                    ratios[metric] = {"ilc/plain": ilc_edit / m["plain"]}
        targets = {}
        for metric, bound in TARGETS.items():
            for name in (metric, f"{metric}_cpu"):
                if name in ratios:
                    ratio = ratios[name].get("ilc/plain")
                    targets[name] = {"bound": bound, "ratio": ratio, "met": None if ratio is None else ratio <= bound}
        for name, bound in ILC_TARGETS.items():
            top, bottom = name.split("/")
            for suffix in ("", "_cpu"):
                a, b = medians.get(top + suffix, {}).get("ilc"), medians.get(bottom + suffix, {}).get("ilc")
                if a is not None and b:
                    ratio = a / b
                    targets[f"ilc {top}{suffix}/{bottom}{suffix}"] = {"bound": bound, "ratio": ratio, "met": ratio <= bound}
        check = {"status": "skipped: `ilc check` (ilc_canvas.cli) does not exist in this checkout yet"}
        if check_cmd:
            seconds = medians["check"]["ilc"]
            speedup = medians["full"]["ilc"] / seconds
            pages = self.manifest["pages"]
            exits = sorted(set(self.samples["check_exit"]["ilc"]))
            check = {
                "status": "measured", "command": "ilc check <ilc flavour>", "seconds": seconds, "pages": pages,
                "seconds_per_1000_pages": seconds * 1000 / pages, "speedup_vs_full_build": speedup,
                "exit_codes": exits,
                # "1,000 pages within a few seconds" is judged on a site of at least that size
                "within_seconds": (seconds <= CHECK_MAX_SECONDS) if pages >= 1000 else None,
                "faster_than_build": speedup >= CHECK_MIN_SPEEDUP,
            }
            check["met"] = check["faster_than_build"] and check["within_seconds"] is not False
        targets["check"] = check
        listing = {}
        for flavour, checks in self.checks.items():
            if checks:
                listing[flavour] = {
                    "current_after_every_edit": all(c["current"] for c in checks),
                    "stale_runs": sum(not c["current"] for c in checks),
                    "stale_pages": sorted({p for c in checks for p in c.get("stale_pages", [])}),
                }
        if "ilc" in listing:
            targets["listings_current_after_edit"] = (listing["ilc"]["current_after_every_edit"]
                                                   and not listing["ilc"]["stale_pages"])
        return {
            "size": self.size,
            "shape": self.manifest["shape"],
            "pages": self.manifest["pages"],
            "lessons": self.manifest["lessons_total"],
            "runs": self.runs,
            "medians": medians,
            "ratios": ratios,
            "targets": targets,
            "listing_after_edit": listing,
            "warnings": {f: max(v) for f, v in self.samples.get("warnings", {}).items()},
            "failures": self.failures,
            "samples": self.samples,
            "machine": {
                "cpus": os.cpu_count(), "load_before": load_before, "load_after": os.getloadavg(),
                "python": platform.python_version(), "versions": versions(), "commit": git_commit(),
                "elapsed_seconds": elapsed,
            },
        }

    def print_summary(self, res: dict) -> None:
        med, ratios = res["medians"], res["ratios"]
        self.log(f"\nmedians of {self.runs} run(s), {res['pages']} pages, {res['lessons']} lessons")
        header = f"{'':34}" + "".join(f"{f:>10}" for f in self.flavours) + f"{'ilc/plain':>11}{'ilc/needs':>11}{'target':>9}"
        self.log(header)
        for metric, (name, unit) in METRICS.items():
            if metric not in med:
                continue
            row = f"{name + ' (' + unit + ')':34}"
            for f in self.flavours:
                value = med[metric].get(f)
                row += f"{'-':>10}" if value is None else f"{value:10.2f}" if unit == "s" else f"{value:10.0f}"
            for key in ("ilc/plain", "ilc/needs"):
                value = ratios.get(metric, {}).get(key)
                row += f"{value:11.2f}" if value is not None else f"{'':11}"
            target = res["targets"].get(metric)
            if target:
                row += f"  ≤{target['bound']:.2f} {'met' if target['met'] else 'MISSED'}"
            self.log(row)
        searched = res.get("search", {})
        if searched.get("status") == "measured":
            med = searched["median"]
            self.log(f"search (median of {len(searched['queries'])} queries): Sphinx {med['sphinx']['ms']:.0f} ms, "
                     f"{med['sphinx']['bytes'] / 1024:.0f} kB; Pagefind {med['pagefind']['ms']:.0f} ms, "
                     f"{med['pagefind']['bytes'] / 1024:.0f} kB")
        else:
            self.log(f"search: {searched.get('status', 'not measured')}")
        for name, target in res["targets"].items():
            if name.startswith("ilc ") or name.startswith("search "):
                self.log(f"{name}: {target['ratio']:.2f}  ≤{target['bound']:.2f} {'met' if target['met'] else 'MISSED'}")
        check = res["targets"]["check"]
        if check["status"] == "measured":
            self.log(f"ilc check: {check['seconds']:.2f} s for {check['pages']} pages, "
                     f"{check['speedup_vs_full_build']:.0f}x faster than a full build: "
                     f"{'met' if check['met'] else 'MISSED'}"
                     + ("" if check["within_seconds"] is not None else " (the 1,000-page time is judged at size large)"))
        else:
            self.log(f"ilc check: {check['status']}")
        for flavour, info in res["listing_after_edit"].items():
            state = "current after every edit" if info["current_after_every_edit"] else f"STALE in {info['stale_runs']} run(s)"
            note = " (static text: stale by construction)" if flavour == "plain" else ""
            self.log(f"lessons page of {flavour}: {state}{note}"
                     + (f"; stale pages: {info['stale_pages']}" if info["stale_pages"] else ""))
        if any(res["warnings"].values()):
            self.log(f"warnings per build: {res['warnings']}")
        for failure in res["failures"]:
            self.log(f"FAILED: {failure}")


def versions() -> dict:
    from importlib.metadata import PackageNotFoundError, version

    out = {}
    for name in ("sphinx", "myst-parser", "sphinx-needs", "ilc-canvas", "docutils"):
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = None
    return out


def git_commit() -> str | None:
    try:
        return subprocess.run(["git", "rev-parse", "HEAD"], cwd=HERE, capture_output=True, text=True,
                              check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", choices=sorted(SIZES), default="quick")
    parser.add_argument("--runs", type=int, help="runs per figure (median); default per size")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--outdir", type=Path, default=HERE / "out")
    parser.add_argument("--flavour", action="append", choices=FLAVOURS, help="only these flavours (repeatable)")
    args = parser.parse_args(argv)
    args.outdir.mkdir(parents=True, exist_ok=True)
    bench = Bench(args.size, args.runs or SIZES[args.size][1], args.outdir, args.seed, args.flavour or FLAVOURS)
    results = bench.run()
    return 1 if results["failures"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
