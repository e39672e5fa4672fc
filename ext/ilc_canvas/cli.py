"""The `ilc` command: start use case and retrospective pages, and check them without a build.

    ilc new usecase "Wateroverlast in Almere" --owner "Gemeente Almere"
    ilc new retrospective almere-wateroverlast --date 2024-05-14
    ilc check [PATH ...] [--format text|json]

`ilc check` validates with the very functions the Sphinx build uses
(`validate.py`, `listing.py`); `scan.py` gives them the same input the
directives give them, so both print the same message, subtype and line.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import sys
import textwrap
from dataclasses import asdict, dataclass, replace
from importlib import resources
from pathlib import Path
from string import Template

from .listing import validate_listing
from .model import Lesson, Retrospective, UseCase
from .problems import Problem
from .scan import Page, Project, Scanner, find_conf, value_markup
from .schema import CanvasSchema
from .validate import (
    ID_PATTERN,
    CanvasResult,
    RetrospectiveResult,
    check_site,
    is_iso_date,
    phase_keys,
    resolve_page_usecase,
    slugify,
    suggest,
    validate_canvas,
    validate_process,
    validate_retrospective,
)
from .yamlbody import YList, YMap

EXAMPLES = """\
examples:
  ilc new usecase "Wateroverlast in Almere" --owner "Gemeente Almere"
  ilc new retrospective almere-wateroverlast --date 2024-05-14
  ilc check
  ilc check usecases/almere-wateroverlast --format json
"""

#: texts the scaffolds need besides the templates, per site language
TEXTS = {
    "nl": {"todo": "Nog in te vullen.", "required": "verplicht", "retro_title": "Retrospectief van {date}",
           "lesson_prefix": "les", "themes": " (bekend op deze site: {themes})", "example_theme": "samenwerking"},
    "en": {"todo": "To be filled in.", "required": "required", "retro_title": "Retrospective of {date}",
           "lesson_prefix": "lesson", "themes": " (known on this site: {themes})", "example_theme": "collaboration"},
}


class UsageError(Exception):
    """Bad command-line input: exit code 2."""


class Refused(Exception):
    """The command cannot do what was asked (a page exists, an id is unknown): exit code 1."""


# -- checking ----------------------------------------------------------------


@dataclass
class Finding:
    """One problem as `ilc check` prints it."""

    path: str
    line: int | None
    subtype: str
    message: str

    def text(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message} [{self.subtype}]"


def _rendered_texts(value, line: int, out: list) -> None:
    """The Markdown texts the build renders for one body value (`IlcDirective.render_value`)."""
    if value is None:
        return
    if isinstance(value, YList):
        for item, item_line in zip(value, value.item_lines):
            _rendered_texts(item, item_line, out)
        return
    if isinstance(value, YMap):
        for key, item in list(value.items()) + [(k, v) for k, v, _ in value.extra]:
            _rendered_texts(item, value.key_lines.get(key, line), out)
        return
    out.append((str(value), getattr(value, "line", line) or line))


def canvas_texts(result: CanvasResult, schema: CanvasSchema, line: int) -> list[tuple[str, int]]:
    """What `UsecaseCanvas.run` renders as Markdown, in its order."""
    out: list = []
    body = result.body.value if isinstance(result.body.value, dict) else {}
    if result.template or not body:
        return out
    for block in schema.blocks:
        for value in body.values_of(block.key):
            if value is not None:
                _rendered_texts(value, body.key_lines.get(block.key, line), out)
    for key in [k for k in body if schema.block(k) is None]:
        for value in body.values_of(key):
            _rendered_texts(value, body.key_lines[key], out)
    return out


def retrospective_texts(result: RetrospectiveResult) -> list[tuple[str, int]]:
    """What `directives.retrospective.Retrospective.run` renders as Markdown, in its order."""
    out: list = []
    body = result.body.value if isinstance(result.body.value, dict) else None
    if body is None:
        return out
    for key in ("bovenstroom", "onderstroom", "acties"):
        for value in body.values_of(key):
            _rendered_texts(value, body.key_lines[key], out)
    for lesson, item in zip(result.lessons, result.lesson_bodies):
        for value in item.values_of("tekst"):
            _rendered_texts(value, item.key_lines["tekst"], out)
        for key in lesson.extra:
            _rendered_texts(item[key], item.key_lines[key], out)
        for _key, value, line in item.extra:
            _rendered_texts(value, line, out)
    for key in result.retrospective.extra:
        _rendered_texts(result.retrospective.extra[key], body.key_lines[key], out)
    for key, value, line in body.extra:
        if key != "lessen":
            _rendered_texts(value, line, out)
    return out


@dataclass
class SiteRecords:
    """What the site defines, as the build's domain would hold it."""

    pages: list[Page]
    usecases: list[UseCase]
    retrospectives: list[Retrospective]
    lessons: list[Lesson]
    findings: list[Finding]


def read_site(project: Project, scanner: Scanner | None = None) -> SiteRecords:
    """Scan and validate every source of the project, as a build would."""
    scanner = scanner or Scanner(project)
    schema, config_problems = project.canvas_schema()
    themes, theme_problems = project.lesson_themes()
    findings = [Finding(p.source or "conf.py", None, p.full_subtype, p.message)
                for p in config_problems + theme_problems]
    usecases: list[UseCase] = []
    retrospectives: list[Retrospective] = []
    lessons: list[Lesson] = []
    references = []
    pages = []
    for path in project.sources():
        page = scanner.scan(path)
        pages.append(page)
        problems: list[Problem] = []
        page_usecases, page_retros, page_lessons = [], [], []
        for inp in page.directives:
            mine: list[Problem] = []
            if inp.name == "usecase-canvas":
                canvas = validate_canvas(inp, schema)
                mine += canvas.problems
                for text, line in canvas_texts(canvas, schema, inp.line):
                    mine += value_markup(scanner, text, line, page, inp)
                if not canvas.template and canvas.usecase.id:
                    page_usecases.append(canvas.usecase)
            elif inp.name == "retrospective":
                retro = validate_retrospective(inp, themes)
                mine += retro.problems
                for text, line in retrospective_texts(retro):
                    mine += value_markup(scanner, text, line, page, inp)
                page_retros.append(retro.retrospective)
                page_lessons += retro.lessons
                references += retro.references
            elif inp.name == "ilc-process":
                mine += validate_process(inp)[2]
            else:
                _filters, _layout, listing_refs, listing_problems = validate_listing(inp.name, inp)
                mine += listing_problems
                references += listing_refs
            # at the file the directive is written in (a file the page includes, or the page)
            problems += [p if p.source else replace(p, source=inp.path) for p in mine]
        problems += resolve_page_usecase(page_retros, page_lessons, page_usecases)
        references += page.references
        usecases += page_usecases
        retrospectives += page_retros
        lessons += page_lessons
        findings += [Finding(page.path, n.line, n.subtype, n.message) for n in page.notices]
        findings += [Finding(p.source or page.path, p.line, p.full_subtype, p.message) for p in problems]
    for found in check_site(usecases, lessons, references):
        problem = found.problem
        findings.append(Finding(problem.source or found.path, problem.line, problem.full_subtype, problem.message))
    findings = [f for f in findings if not project.suppressed(f.subtype)]
    return SiteRecords(pages, usecases, retrospectives, lessons, findings)


def _projects_for(paths: list[str]) -> list[tuple[Project, set[str] | None]]:
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
        path = Path(raw)
        if not path.exists():
            raise UsageError(f"{raw}: no such file or folder; give Markdown or reST files or folders to check")
        path = path.resolve()
        root = find_conf(path)
        if root is not None:
            select(root, None if path == root else path.relative_to(root).as_posix())
            continue
        if path.is_dir():
            below = _confs_below(path)
            if below:
                for found in below:
                    select(found, None)
                continue
            select(path, None)
        else:
            select(path.parent, path.name)
    return [(Project.load(root), selection) for root, selection in chosen.items()]


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
                if (child / "conf.py").is_file():
                    found.append(child)
                else:
                    nxt.append(child)
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


def _display_path(project: Project, rel: str) -> str:
    """A path as the user can open it: relative to the current folder when below it."""
    absolute = project.root / rel
    try:
        return os.path.relpath(absolute)
    except ValueError:  # another drive on Windows
        return str(absolute)


def cmd_check(args) -> int:
    findings: list[Finding] = []
    files = 0
    for project, selection in _projects_for(args.paths):
        for note in project.notes():
            print(f"ilc check: note: {note}", file=sys.stderr)
        site = read_site(project)
        if selection is not None:
            files += sum(1 for page in site.pages if _in_selection(Finding(page.path, None, "", ""), selection))
        else:
            files += len(site.pages)
        for finding in site.findings:
            if _in_selection(finding, selection):
                findings.append(Finding(_display_path(project, finding.path), finding.line,
                                        finding.subtype, finding.message))
    findings.sort(key=lambda f: (f.path, f.line or 0))
    if args.format == "json":
        print(json.dumps([asdict(f) for f in findings], ensure_ascii=False, indent=2))
    else:
        for finding in findings:
            print(finding.text())
        summary = f"{len(findings)} problem{'s' if len(findings) != 1 else ''}" if findings else "no problems"
        print(f"ilc check: {files} file{'s' if files != 1 else ''} checked, {summary}", file=sys.stderr)
    return 1 if findings else 0


# -- scaffolding -------------------------------------------------------------


def _template(name: str, language: str) -> Template:
    text = resources.files("ilc_canvas").joinpath("data", "templates", f"{name}.{language}.md").read_text("utf-8")
    return Template(text)


def _project_here() -> Project:
    root = find_conf(Path.cwd())
    return Project.load(root if root is not None else Path.cwd())


def _option_value(value: str) -> str:
    """An option value as MyST reads it back unchanged: plain when that works, else quoted."""
    from myst_parser.parsers.options import options_to_tokens

    def reads_back(text: str) -> bool:
        try:
            tokens, _ = options_to_tokens(f"key: {text}")
        except Exception:  # noqa: BLE001 - any tokenizer error means: quote it
            return False
        return len(tokens) == 1 and tokens[0][1] is not None and tokens[0][1].value == value

    if reads_back(value):
        return value
    quoted = '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if reads_back(quoted):
        return quoted
    raise UsageError(f"cannot write {value!r} as an option value; leave out quotes and line breaks")


def canvas_body(schema: CanvasSchema, language: str) -> str:
    """Every block of the schema, required ones first, each under its guiding question."""
    texts = TEXTS[language]
    lines = []
    for block in sorted(schema.blocks, key=lambda b: not b.required):
        question = " ".join(block.question[language].split()) or block.label[language]
        marker = f" ({texts['required']})" if block.required else ""
        lines.append(f"# {block.label[language]}: {question}{marker}")
        if block.required:
            lines += [f"{block.key}: |", f"  {texts['todo']}"]
        else:
            lines.append(f"{block.key}:")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _add_to_toctree(path: Path, page: Page, entry: str) -> str:
    """Add `entry` to the last toctree of the page; 'added', 'present' or 'none'."""
    if not page.toctrees:
        return "none"
    toctree = page.toctrees[-1]
    if entry in toctree.entries:
        return "present"
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith(("\n", "\r")):
        lines[-1] += "\n"
    new = ([toctree.indent.rstrip() + "\n"] if toctree.needs_blank else []) + [f"{toctree.indent}{entry}\n"]
    at = min(toctree.insert_at, len(lines))
    lines[at:at] = [line if line.strip() else "\n" for line in new]
    path.write_text("".join(lines), encoding="utf-8")
    return "added"


def _refuse_existing(path: Path, project: Project, hint: str = "choose another title or --id") -> None:
    """Never overwrite a page (nor write index.md next to an index.rst)."""
    for existing in (path, *(path.with_suffix(s) for s in project.suffixes())):
        if existing.exists():
            raise Refused(f"{_display_path(project, project.relative(existing))} already exists; "
                          f"ilc does not overwrite pages. Edit it, or {hint}.")


def _write_new(path: Path, text: str, project: Project, hint: str = "choose another title or --id") -> None:
    _refuse_existing(path, project, hint)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def cmd_new_usecase(args) -> int:
    project = _project_here()
    title = " ".join(args.title.split())
    if not title:
        raise UsageError("give the use case a title, e.g. ilc new usecase \"Wateroverlast in Almere\" --owner ...")
    owner = " ".join(args.owner.split())
    if not owner:
        raise UsageError("give the organisation that owns the societal issue, e.g. --owner \"Gemeente Almere\"")
    ident = args.id or slugify(title)
    if not ID_PATTERN.match(ident):
        hint = slugify(ident)
        raise UsageError(f"invalid use case id {ident!r}: use lowercase letters, digits and hyphens"
                         + (f", e.g. --id {hint}" if hint else ", e.g. --id wateroverlast-almere"))
    language = project.language
    schema, schema_problems = project.canvas_schema()
    for problem in schema_problems:
        print(f"ilc: warning: {problem.message}", file=sys.stderr)
    folder = (project.root / args.dir).resolve()
    if not folder.is_relative_to(project.root):
        raise UsageError(f"--dir {args.dir} is outside the project {project.root}; give a folder inside it")
    target = folder / ident / "index.md"
    _refuse_existing(target, project)
    site = read_site(project)
    for usecase in site.usecases:
        if usecase.id == ident:
            raise Refused(f"the use case id {ident!r} is already used at {usecase.path}:{usecase.line}; "
                          "choose another with --id")
    options = [f":id: {ident}", f":owner: {_option_value(owner)}", ":phase: voorbereiding", ":status: actief"]
    if not args.no_start:
        options.append(f":start: {datetime.date.today().isoformat()}")
    canvas = "```{usecase-canvas} " + title + "\n" + "\n".join(options) + "\n\n" + canvas_body(schema, language) + "```"
    text = _template("usecase", language).substitute(title=title, canvas=canvas, id=ident)
    _write_new(target, text, project)
    print(f"Wrote {_display_path(project, project.relative(target))}")
    _link_new_page(project, folder, f"{ident}/index")
    print(f"Next: fill in the canvas, then run `ilc check`. Add a retrospective with "
          f"`ilc new retrospective {ident} --date YYYY-MM-DD`.")
    return 0


def _link_new_page(project: Project, folder: Path, entry: str) -> None:
    """Put a new page in the toctree of the folder's index page, or say what to add where."""
    scanner = Scanner(project)
    for suffix in project.suffixes():
        index = folder / f"index{suffix}"
        if index.is_file():
            state = _add_to_toctree(index, scanner.scan(index), entry)
            shown = _display_path(project, project.relative(index))
            if state == "added":
                print(f"Added {entry} to the toctree in {shown}")
                return
            if state == "present":
                return
            break
    where = "the toctree of the page that should list it"
    print(f"Add `{entry}` to {where} (in {_display_path(project, project.relative(folder))}/ there is no "
          "index page with a toctree), otherwise Sphinx warns that the page is in no toctree.")


def cmd_new_retrospective(args) -> int:
    project = _project_here()
    site = read_site(project)
    found = {u.id: u for u in site.usecases}
    usecase = found.get(args.usecase)
    if usecase is None:
        known = sorted(found)
        hint = suggest(args.usecase, known)
        if not known:
            raise Refused(f"no use case found in {project.root}; start one with "
                          "`ilc new usecase \"Titel\" --owner \"Gemeente X\"`")
        listed = f"; known use cases: {', '.join(known)}" if len(known) <= 10 else ""
        raise Refused(f"unknown use case {args.usecase!r}{hint}{listed}. Give the :id: of a usecase-canvas "
                      "in this project (run it in the folder holding conf.py).")
    language = project.language
    texts = TEXTS[language]
    page_path = project.root / usecase.path
    stem = page_path.stem
    name = f"retrospectief-{args.date}" if stem == "index" else f"{stem}-retrospectief-{args.date}"
    target = page_path.parent / f"{name}.md"
    taken = {lesson.id for lesson in site.lessons}
    number = 1
    while f"{texts['lesson_prefix']}-{args.date}-{number}" in taken:
        number += 1
    themes, _ = project.lesson_themes()
    if themes is None:
        theme, known_themes = texts["example_theme"], ""
    else:
        theme = texts["example_theme"] if texts["example_theme"] in themes else (themes[0] if themes else "")
        known_themes = texts["themes"].format(themes=", ".join(themes)) if themes else ""
    title = " ".join((args.title or texts["retro_title"].format(date=args.date)).split())
    phase = f":phase: {usecase.phase}\n" if usecase.phase in phase_keys() else ""
    text = _template("retrospective", language).substitute(
        title=title, usecase=usecase.id, date=args.date, phase=phase,
        lesson_id=f"{texts['lesson_prefix']}-{args.date}-{number}", theme=theme, themes=known_themes)
    _write_new(target, text, project, hint="give another --date")
    print(f"Wrote {_display_path(project, project.relative(target))}")
    page = next(p for p in site.pages if p.path == usecase.path)
    state = _add_to_toctree(page_path, page, name)
    shown = _display_path(project, usecase.path)
    if state == "added":
        print(f"Added {name} to the toctree in {shown}")
    elif state == "none":
        print(f"Add `{name}` to a toctree in {shown}, for example at the end of the page:\n\n"
              f"```{{toctree}}\n:hidden:\n\n{name}\n```\n\n"
              "otherwise Sphinx warns that the page is in no toctree.")
    print("Next: fill in the retrospective and its lessons, then run `ilc check`.")
    return 0


# -- the command line --------------------------------------------------------


def iso_date(text: str) -> str:
    if is_iso_date(text):
        return text
    raise argparse.ArgumentTypeError(f"invalid date {text!r}: write an ISO date such as 2024-05-14")


def _wrap(text: str) -> str:
    return textwrap.fill(text, width=79)


def build_parser() -> argparse.ArgumentParser:
    formatter = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(
        prog="ilc", formatter_class=formatter, epilog=EXAMPLES,
        description=_wrap("Start use case and retrospective pages of the Innovatieleercyclus, "
                          "and check them without building the site."),
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.required = True

    new = commands.add_parser("new", help="start a new page", formatter_class=formatter,
                              description="Start a new page from a template that passes `ilc check`.")
    kinds = new.add_subparsers(dest="kind", metavar="KIND")
    kinds.required = True
    usecase = kinds.add_parser(
        "usecase", help="a use case page with a blank canvas", formatter_class=formatter,
        description=_wrap("Write DIR/<id>/index.md: an introduction and a usecase-canvas listing every block "
                          "of the site's canvas with its guiding question, and add it to the toctree of "
                          "DIR/index.md. Refuses to overwrite a page."),
        epilog='example:\n  ilc new usecase "Wateroverlast in Almere" --owner "Gemeente Almere"\n'
               '  ilc new usecase "Stikstof in beeld" --owner "Provincie Gelderland" --id stikstof-gelderland',
    )
    usecase.add_argument("title", metavar="TITLE", help='the use case\'s name, e.g. "Wateroverlast in Almere"')
    usecase.add_argument("--owner", required=True,
                         help='the organisation that owns the societal issue, e.g. "Gemeente Almere"')
    usecase.add_argument("--dir", default="usecases", help="folder for use cases, from the project root "
                                                           "(default: usecases)")
    usecase.add_argument("--id", help="the use case id (default: made from the title), e.g. almere-wateroverlast")
    usecase.add_argument("--no-start", action="store_true", help="leave out :start: (default: today)")
    usecase.set_defaults(func=cmd_new_usecase)

    retro = kinds.add_parser(
        "retrospective", help="a retrospective page next to its use case", formatter_class=formatter,
        description=_wrap("Write a retrospective page next to the use case page, with upper and under current, "
                          "actions and one lesson to fill in, and add it to the use case page's toctree."),
        epilog="example:\n  ilc new retrospective almere-wateroverlast --date 2024-05-14\n"
               '  ilc new retrospective almere-wateroverlast --date 2024-05-14 --title "Derde retrospectief"',
    )
    retro.add_argument("usecase", metavar="USECASE_ID", help="the id of the use case, e.g. almere-wateroverlast")
    retro.add_argument("--date", required=True, type=iso_date, help="the date of the retrospective, e.g. 2024-05-14")
    retro.add_argument("--title", help='its title (default: "Retrospectief van DATE")')
    retro.set_defaults(func=cmd_new_retrospective)

    check = commands.add_parser(
        "check", help="validate canvases and retrospectives without a build", formatter_class=formatter,
        description=_wrap("Validate every usecase-canvas, retrospective and listing in the given Markdown and "
                          "reST files and folders with the same code as the Sphinx build, including the checks "
                          "across the site (duplicate ids, unknown use cases and lessons). Prints "
                          "FILE:LINE: message [ilc.subtype]; exits 0 when clean, 1 on any problem, "
                          "2 on usage errors."),
        epilog="examples:\n  ilc check\n  ilc check usecases/almere-wateroverlast/index.md\n"
               "  ilc check docs --format json",
    )
    check.add_argument("paths", nargs="*", metavar="PATH",
                       help="files or folders to check (default: the project in the current folder)")
    check.add_argument("--format", choices=("text", "json"), default="text",
                       help="text (default): one problem per line; json: a list of {path, line, subtype, message}")
    check.set_defaults(func=cmd_check)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors and 0 after --help
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    try:
        return args.func(args)
    except UsageError as exc:
        print(f"ilc: error: {exc}", file=sys.stderr)
        return 2
    except Refused as exc:
        print(f"ilc: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"ilc: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": "), file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
