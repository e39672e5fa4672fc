"""`ilc new`: start a site, or a use case or retrospective page, that passes `ilc check`.

The pages come from templates in the package's data folder, in the site's
language; a new page is added to the toctree of the page that should list it,
and nothing is ever overwritten.
"""

from __future__ import annotations

import datetime
import json
import sys
from importlib import resources
from pathlib import Path
from string import Template

import yaml

from ..core.reading import ID_PATTERN, phase_keys, slugify, suggest
from ..core.schema import CanvasSchema, label
from .check import UsageError, read_site
from .project import Project, find_conf
from .scan import Page, Scanner

#: texts the scaffolds need besides the templates and the placeholder (data/labels.yaml)
TEXTS = yaml.safe_load(resources.files("ilc_canvas").joinpath("data/scaffold.yaml").read_text(encoding="utf-8"))


class Refused(Exception):
    """The command cannot do what was asked (a page exists, an id is unknown): exit code 1."""


def _template(name: str, language: str) -> Template:
    text = resources.files("ilc_canvas").joinpath("data", "templates", f"{name}.{language}.md").read_text("utf-8")
    return Template(text)


def _project_here(here: Path) -> Project:
    root = find_conf(here)
    return Project.load(root if root is not None else here, here)


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
            lines += [f"{block.key}: |", f"  {label('placeholder', language)}"]
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
            raise Refused(f"{project.shown(project.relative(existing))} already exists; "
                          f"ilc does not overwrite pages. Edit it, or {hint}.")


def _write_new(path: Path, text: str, project: Project, hint: str = "choose another title or --id") -> None:
    _refuse_existing(path, project, hint)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _site_files(language: str) -> dict[str, str]:
    """A new site's files (data/templates/site/<language>/, and its .gitignore), by path
    (conf.py is conf.py.in there: a template, not a module of the package)."""
    root = resources.files("ilc_canvas").joinpath("data", "templates", "site")
    files = {".gitignore": root.joinpath("gitignore").read_text(encoding="utf-8")}

    def walk(folder, prefix: str) -> None:
        for entry in folder.iterdir():
            if entry.is_dir():
                walk(entry, f"{prefix}{entry.name}/")
            else:
                files[prefix + entry.name.removesuffix(".in")] = entry.read_text(encoding="utf-8")

    walk(root.joinpath(language), "")
    return files


def cmd_new_site(args) -> int:
    title = " ".join(args.title.split())
    if not title:
        raise UsageError('give the site a title, e.g. ilc new site "Lessen van Provincie Utrecht" '
                         '--owner "Provincie Utrecht"')
    owner = " ".join(args.owner.split())
    if not owner:
        raise UsageError('give the organisation that publishes the site, e.g. --owner "Provincie Utrecht"')
    folder = (args.here / args.dir).resolve()
    files = _site_files(args.language)
    there = [name for name in files if (folder / name).exists()]
    if there:
        raise Refused(f"{', '.join(there)} already in {folder}; ilc does not overwrite files. "
                      "Give an empty folder with --dir.")
    year = datetime.date.today().year
    values = {"title": json.dumps(title, ensure_ascii=False), "owner": json.dumps(owner, ensure_ascii=False),
              "copyright": json.dumps(f"{year}, {owner}", ensure_ascii=False), "heading": title, "owner_text": owner}
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(Template(text).substitute(values), encoding="utf-8")
    shown = "." if folder == args.here else str(folder.relative_to(args.here) if folder.is_relative_to(args.here) else folder)
    print(f"Wrote {', '.join(sorted(files))} in {shown}")
    go = "" if folder == args.here else f"cd {shown}, "
    print(f"Next: {go}install what the site needs (pip install -r requirements.txt), start a use case "
          f"with `ilc new usecase \"Titel\" --owner \"{owner}\"`, and preview the site with `ilc serve`.")
    return 0


def cmd_new_usecase(args) -> int:
    project = _project_here(args.here)
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
    schema, _themes, problems = project.settings()
    for problem in problems:
        print(f"ilc: warning: {problem.message}", file=sys.stderr)
    folder = (project.root / args.dir).resolve()
    if not folder.is_relative_to(project.root):
        raise UsageError(f"--dir {args.dir} is outside the project {project.root}; give a folder inside it")
    target = folder / ident / "index.md"
    _refuse_existing(target, project)
    records = read_site(project)
    site = records.site
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
    print(f"Wrote {project.shown(project.relative(target))}")
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
            shown = project.shown(project.relative(index))
            if state == "added":
                print(f"Added {entry} to the toctree in {shown}")
                return
            if state == "present":
                return
            break
    where = "the toctree of the page that should list it"
    print(f"Add `{entry}` to {where} (in {project.shown(project.relative(folder))}/ there is no "
          "index page with a toctree), otherwise Sphinx warns that the page is in no toctree.")


def follow_up(site, usecase_id: str, texts: dict, placeholder: str) -> str:
    """`opvolging` with a report to fill in on each open action of the use case (with an id):
    what retrospective tools do, carrying open actions into the next retrospective."""
    rows = [row for row in site.action_rows((), usecase_id) if row[8]]
    if not rows:
        return texts["no_follow_up"]
    lines = [texts["follow_up"].rstrip("\n")]
    for text, *_rest, status, _history, ident in rows:
        lines += [f"  - actie: {ident}", f"    # {text}", f"    status: {status}", f"    toelichting: {placeholder}"]
    return "\n".join(lines) + "\n"


def cmd_new_retrospective(args) -> int:
    project = _project_here(args.here)
    records = read_site(project)
    site = records.site
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
    name = f"{texts['retro_file']}-{args.date}" if stem == "index" else f"{stem}-{texts['retro_file']}-{args.date}"
    target = page_path.parent / f"{name}.md"
    taken = {lesson.id for lesson in site.lessons}
    number = 1
    while f"{texts['lesson_prefix']}-{args.date}-{number}" in taken:
        number += 1
    _schema, themes, _problems = project.settings()
    if themes is None:
        theme, known_themes = texts["example_theme"], ""
    else:
        theme = texts["example_theme"] if texts["example_theme"] in themes else (themes[0] if themes else "")
        known_themes = texts["themes"].format(themes=", ".join(themes)) if themes else ""
    title = " ".join((args.title or texts["retro_title"].format(date=args.date)).split())
    phase = f":phase: {usecase.phase}\n" if usecase.phase in phase_keys() else ""
    text = _template("retrospective", language).substitute(
        title=title, usecase=usecase.id, date=args.date, phase=phase,
        follow_up=follow_up(site, usecase.id, texts, label("placeholder", language)),
        lesson_id=f"{texts['lesson_prefix']}-{args.date}-{number}", action_id=f"{texts['action_prefix']}-{args.date}-1",
        theme=theme, themes=known_themes)
    _write_new(target, text, project, hint="give another --date")
    print(f"Wrote {project.shown(project.relative(target))}")
    page = next(p for p in records.pages if p.path == usecase.path)
    state = _add_to_toctree(page_path, page, name)
    shown = project.shown(usecase.path)
    if state == "added":
        print(f"Added {name} to the toctree in {shown}")
    elif state == "none":
        print(f"Add `{name}` to a toctree in {shown}, for example at the end of the page:\n\n"
              f"```{{toctree}}\n:hidden:\n\n{name}\n```\n\n"
              "otherwise Sphinx warns that the page is in no toctree.")
    print("Next: fill in the retrospective and its lessons, then run `ilc check`.")
    return 0
