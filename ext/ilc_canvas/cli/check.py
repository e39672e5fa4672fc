"""`ilc check`: every directive read by its own reader, the site checked as a whole.

The readers are the build's (core.registry), fed by the scanner with the input
the directives get; the page- and site-wide checks are core.site's. Only the
roles and links in the Markdown values are found by scanning them here, where
the build renders them.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from ..core.listing import ListingReading
from ..core.problems import Problem
from ..core.reading import CanvasReading, Context, RetrospectiveReading
from ..core.registry import DIRECTIVES
from ..core.site import PageRecords, Site, page_usecases
from .project import Project, find_conf
from .scan import Page, Scanner, value_markup


class UsageError(Exception):
    """Bad command-line input: exit code 2."""


@dataclass
class Finding:
    """One problem as `ilc check` prints it."""

    path: str
    line: int | None
    subtype: str
    message: str

    def text(self) -> str:
        """FILE:LINE: message [ilc.subtype]; a note (no tag): FILE:LINE: note: message."""
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: note: {self.message}" if self.subtype == NOTE else f"{where}: {self.message} [{self.subtype}]"


def _finding(problem: Problem, path: str) -> Finding:
    return Finding(problem.source or path, problem.line, problem.full_subtype, problem.message)


@dataclass
class SiteRecords:
    """What the site defines, as the build's domain would hold it, and what `ilc check` says of it."""

    pages: list[Page]
    site: Site
    findings: list[Finding]
    #: what is still to be filled in (subtype "note"): said, but not a problem
    notes: list[Finding]


def _page_claim():
    """Ids taken on one page, as the build's directives take them."""
    taken: set[str] = set()

    def claim(base: str) -> str:
        ident, n = base, 1
        while ident in taken:
            n += 1
            ident = f"{base}-{n}"
        taken.add(ident)
        return ident

    return claim


def read_site(project: Project, scanner: Scanner | None = None) -> SiteRecords:
    """Scan and read every source of the project, as a build would."""
    scanner = scanner or Scanner(project)
    schema, themes, config_problems = project.settings()
    findings = [_finding(p, "conf.py") for p in config_problems]
    pages, records, notes = [], {}, []
    for path in project.sources():
        page = scanner.scan(path)
        pages.append(page)
        found = records[page.docname] = PageRecords(roles=page.references)
        context = Context(schema, themes, _page_claim())
        problems: list[Problem] = []
        for inp in page.directives:
            reading = DIRECTIVES[inp.name].read(inp, context)
            notes += [Finding(n.source or inp.path, n.line, NOTE, n.message) for n in reading.notes]
            mine = list(reading.problems)
            for value in reading.markdown():
                mine += value_markup(scanner, value, page, inp)
            # at the file the directive is written in (a file the page includes, or the page)
            problems += [p if p.source else replace(p, source=inp.path) for p in mine]
            if isinstance(reading, CanvasReading) and not reading.template and reading.usecase.id:
                found.usecases.append(reading.usecase)
                found.checked.extend(reading.references)
            elif isinstance(reading, RetrospectiveReading):
                found.retrospectives.append(reading.retrospective)
                found.lessons.extend(card.lesson for card in reading.lessons)
                found.actions.extend(card.action for card in reading.actions)
                found.follow_ups.extend(card.follow_up for card in reading.follow_ups)
                found.checked.extend(reading.references)
                found.unread.extend(reading.unread_lessons)
            elif isinstance(reading, ListingReading):
                found.checked.extend(reading.references)
        problems += page_usecases(found)[1]
        findings += [Finding(page.path, n.line, n.subtype, n.message) for n in page.notices]
        findings += [_finding(p, page.path) for p in problems]
    others = project.other_sites()
    site = Site(records, others)
    references = [ref for page in records.values() for ref in page.checked + page.roles]
    if others is None:  # ilc_sites is not a literal: another site's ids cannot be checked here
        references = [ref for ref in references if ":" not in ref.target and ref.kind != "site"]
    findings += [_finding(p, "") for p in site.duplicates() + site.unknown(references)]
    return SiteRecords(pages, site, [f for f in findings if not project.suppressed(f.subtype)], notes)


def _projects_for(paths: list[str], here: Path) -> list[tuple[Project, set[str] | None]]:
    """(project, selected source paths or None for all) for the PATH arguments."""
    chosen: dict[Path, set[str] | None] = {}

    def select(root: Path, rel: str | None) -> None:
        if root in chosen and chosen[root] is None:
            return
        if rel is None:
            chosen[root] = None
        else:
            chosen.setdefault(root, set()).add(rel)

    for raw in paths or ["."]:
        path = here / raw
        if not path.exists():
            raise UsageError(f"{raw}: no such file or folder; give Markdown or reST files or folders to check")
        path = path.resolve()
        root = find_conf(path)
        if root is not None:
            select(root, None if path == root else path.relative_to(root).as_posix())
        elif path.is_dir():
            for found in _confs_below(path) or [path]:
                select(found, None)
        else:
            select(path.parent, path.name)
    return [(Project.load(root, here), selection) for root, selection in chosen.items()]


def _confs_below(folder: Path, depth: int = 2) -> list[Path]:
    """Project folders (holding conf.py) up to `depth` levels below `folder`, e.g. docs/."""
    found = []
    level = [folder]
    for _ in range(depth):
        nxt = []
        for parent in level:
            try:
                children = sorted(p for p in parent.iterdir() if p.is_dir())
            except OSError:
                continue
            for child in children:
                if child.name.startswith((".", "_")) or child.name in ("node_modules", "venv", "site-packages"):
                    continue
                (found if (child / "conf.py").is_file() else nxt).append(child)
        level = nxt
    return found


def _in_selection(finding: Finding, selection: set[str] | None) -> bool:
    if selection is None:
        return True

    def selected(path: str) -> bool:
        return any(path == s or path.startswith(s.rstrip("/") + "/") for s in selection)

    if finding.path == "conf.py" or selected(finding.path):
        return True
    if finding.subtype == "ilc.duplicate":  # the first definition may be the selected file
        return any(f" {s}" in finding.message for s in selection)
    return False


def cmd_check(args) -> int:
    findings: list[Finding] = []
    notes: list[Finding] = []
    files = 0
    for project, selection in _projects_for(args.paths, args.here):
        for note in project.notes():
            print(f"ilc check: note: {note}", file=sys.stderr)
        site = read_site(project)
        files += sum(1 for page in site.pages if _in_selection(Finding(page.path, None, "", ""), selection))
        findings += [replace(f, path=project.shown(f.path)) for f in site.findings if _in_selection(f, selection)]
        notes += [replace(f, path=project.shown(f.path)) for f in site.notes if _in_selection(f, selection)]
    findings.sort(key=lambda f: (f.path, f.line or 0))
    notes.sort(key=lambda f: (f.path, f.line or 0))
    if args.format == "json":
        print(json.dumps([asdict(f) for f in findings], ensure_ascii=False, indent=2))
    elif args.format == "github":
        for finding in findings + notes:
            print(github_command(finding))
    elif args.format == "gitlab":
        print(json.dumps(gitlab_report(findings + notes), ensure_ascii=False, indent=2))
    else:
        for finding in findings:
            print(finding.text())
    if args.format in ("text", "json"):
        for note in notes:
            print(note.text(), file=sys.stderr)
        summary = f"{len(findings)} problem{'s' if len(findings) != 1 else ''}" if findings else "no problems"
        left = f"; {len(notes)} still to fill in" if notes else ""
        print(f"ilc check: {files} file{'s' if files != 1 else ''} checked, {summary}{left}", file=sys.stderr)
    return 1 if findings else 0


# -- for CI: GitHub Actions annotations and a GitLab Code Quality report -------------

NOTE = "note"


def _escape(text: str, *, property_value: bool = False) -> str:
    """A workflow command's data (or property value) as GitHub's runner reads it back."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if property_value else text


def github_command(finding: Finding) -> str:
    """`::error file=F,line=N,title=ilc.SUBTYPE::message` (`::notice` for what is still to fill in)."""
    command = "notice" if finding.subtype == NOTE else "error"
    properties = [f"file={_escape(Path(finding.path).as_posix(), property_value=True)}"]
    if finding.line:
        properties.append(f"line={finding.line}")
    title = "ilc: nog in te vullen" if finding.subtype == NOTE else finding.subtype
    properties.append(f"title={_escape(title, property_value=True)}")
    return f"::{command} {','.join(properties)}::{_escape(finding.message)}"


def gitlab_report(findings: list[Finding]) -> list[dict]:
    """GitLab's Code Quality report: one issue per finding, with a fingerprint that stays
    the same from run to run: not from the line, nor from the numbers in the message
    ("first at line 8"), which move when lines are added above."""
    report, seen = [], {}
    for finding in findings:
        path = Path(finding.path).as_posix()
        check = "ilc.note" if finding.subtype == NOTE else finding.subtype
        key = f"{check}\0{path}\0{re.sub(r'[0-9]+', '#', finding.message)}"
        seen[key] = seen.get(key, 0) + 1  # the same message twice in a file: two issues
        report.append({
            "description": finding.message,
            "check_name": check,
            "fingerprint": hashlib.sha256(f"{key}\0{seen[key]}".encode()).hexdigest(),
            "severity": "info" if finding.subtype == NOTE else "major",
            "location": {"path": path, "lines": {"begin": finding.line or 1}},
        })
    return report
