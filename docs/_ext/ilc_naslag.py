"""Helpers for the handbook's own reference pages (docs/referentie): tables and
examples generated from the code of `ilc_canvas`, so the reference cannot drift.

Not part of the `ilc_canvas` package: this is site tooling, loaded by conf.py.

- ``naslag-voorbeeld PATH``: a snippet file shown twice, as source and rendered.
- ``naslag-tabel KIND [NAME]``: a table of names taken from the code (directive
  options, body keys, roles, config values, warning subtypes, JSON fields), with
  the Dutch explanation of each name from the directive body (YAML). A name the
  code has and the body lacks, or the other way round, is a warning, so -W
  fails the build when the reference falls behind the code.
- ``naslag-canvasblokken`` and ``naslag-fasen``: the default canvas schema and
  the process phases, read from the package's data files.
- ``naslag-json KIND ID``: the JSON export record of one object, computed with
  the export code from this build's data.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import yaml
from docutils import nodes
from docutils.parsers.rst import directives
from docutils.statemachine import StringList
from sphinx.domains import Domain
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

logger = logging.getLogger(__name__)
WARNING_TYPE = "ilc-naslag"


# -- what the code defines -------------------------------------------------

def export_fields(kind: str) -> list[str]:
    """The keys of one record of `_ilc/<kind>s.json`, from the export code itself."""
    from ilc_canvas.core.records import Action, Lesson, UseCase
    from ilc_canvas.core.site import PageRecords, Site
    from ilc_canvas.sphinxext.export import export_records

    page = PageRecords(usecases=[UseCase(id="x", docname="d", anchor="a")], lessons=[Lesson(id="x", docname="d")],
                       actions=[Action(id="x", docname="d")])

    class Builder:
        @staticmethod
        def get_target_uri(docname):
            return f"{docname}.html"

    document = export_records(Site({"d": page}), Builder())[f"{kind}s.json"]
    return sorted(document[f"{kind}s"][0])


def names_of(kind: str, name: str) -> list[str]:
    from ilc_canvas.core.problems import SUBTYPES
    from ilc_canvas.core.reading import ACTION_KEYS, FOLLOW_UP_KEYS, LESSON_KEYS, RETRO_KEYS
    from ilc_canvas.core.registry import CONFIG, DIRECTIVES, ROLES

    if kind == "directives":
        return list(DIRECTIVES)
    if kind == "opties":
        if name not in DIRECTIVES:
            raise LookupError(f"ilc_canvas registers no directive {name!r}")
        return list(DIRECTIVES[name].options)
    if kind == "sleutels":
        return {"retrospective": list(RETRO_KEYS), "les": list(LESSON_KEYS), "actie": list(ACTION_KEYS),
                "opvolging": list(FOLLOW_UP_KEYS)}[name]
    if kind == "rollen":
        return list(ROLES) + [f"ilc:{role}" for role in ROLES]
    if kind == "instellingen":
        return list(CONFIG)
    if kind == "subtypen":
        return [f"ilc.{s}" for s in SUBTYPES]
    if kind == "velden":
        return export_fields(name)
    raise LookupError(f"unknown table kind {kind!r}")


# -- rendering helpers ------------------------------------------------------

def make_table(ident: str, header: list[str], rows: list[list], widths: list[int], caption: str = "") -> nodes.table:
    table = nodes.table(ids=[ident] if ident else [], classes=["ilc-naslag-tabel"])
    if caption:
        table += nodes.title(caption, caption)
    group = nodes.tgroup(cols=len(header))
    table += group
    for width in widths:
        group += nodes.colspec(colwidth=width)
    thead = nodes.thead()
    group += thead
    thead += _row(header)
    tbody = nodes.tbody()
    group += tbody
    for cells in rows:
        tbody += _row(cells)
    return table


def _row(cells) -> nodes.row:
    row = nodes.row()
    for cell in cells:
        entry = nodes.entry()
        if isinstance(cell, str):
            entry += nodes.paragraph(cell, cell)
        elif isinstance(cell, nodes.Node):
            entry += cell if not isinstance(cell, (nodes.Text, nodes.Inline)) else nodes.paragraph("", "", cell)
        else:
            entry.extend(cell)
        row += entry
    return row


def code(text: str) -> nodes.literal:
    return nodes.literal(text, text)


# -- directives -------------------------------------------------------------

FENCE = re.compile(r"^(`{3,})\{([\w:-]+)\}[ \t]*(.*)$")
ROLE = re.compile(r"\{([\w:-]+)\}`([^`]*)`")


def myst_to_rst(text: str) -> str:
    """A snippet's MyST as reStructuredText: fenced directives become `.. name::` blocks
    (options and body indented; the body's YAML values stay MyST, as they are in a reST
    page too), and roles outside them `:name:`text``. The snippets hold nothing else."""
    lines, out, i = text.splitlines(), [], 0
    while i < len(lines):
        fence = FENCE.match(lines[i])
        if not fence:
            out.append(ROLE.sub(r":\1:`\2`", lines[i]))
            i += 1
            continue
        ticks, name, argument = fence.groups()
        end = next((j for j in range(i + 1, len(lines)) if lines[j].strip() == ticks), len(lines))
        body = lines[i + 1:end]
        out.append(f".. {name}::" + (f" {argument}" if argument else ""))
        options = 0
        while options < len(body) and body[options].startswith(":"):
            out.append("   " + body[options])
            options += 1
        rest = body[options:]
        while rest and not rest[0].strip():
            rest = rest[1:]
        if rest:
            out.append("")
            out += [f"   {line}" if line.strip() else "" for line in rest]
        i = end + 1
    return "\n".join(out) + "\n"


class NaslagVoorbeeld(SphinxDirective):
    """A snippet file: its source as a code block, in MyST and as reST side by side (tabs),
    then the same file rendered."""

    required_arguments = 1
    has_content = False

    def run(self) -> list[nodes.Node]:
        rel = self.arguments[0]
        _, path = self.env.relfn2path(rel, self.env.current_document.docname)
        if not Path(path).exists():
            logger.warning(f"snippet {rel!r} not found", type=WARNING_TYPE, location=self.get_location())
            return []
        self.env.note_dependency(path)
        name = Path(rel).stem
        wrapper = nodes.container(ids=[f"voorbeeld-bron-{name}"], classes=["ilc-voorbeeld"])
        # both parts through the standard directives, so each keeps its own
        # behaviour (highlighting; the include's own source lines)
        rst = myst_to_rst(Path(path).read_text(encoding="utf-8"))
        source = (
            "`````{tab-set}\n:sync-group: syntax\n\n"
            "````{tab-item} MyST\n:sync: myst\n\n"
            f"```{{literalinclude}} {rel}\n:language: md\n:caption: Bron ({Path(rel).name})\n```\n"
            "````\n\n"
            "````{tab-item} reStructuredText\n:sync: rst\n\n"
            f"```{{code-block}} rst\n:caption: Bron ({Path(rel).stem}.rst)\n\n{rst}```\n"
            "````\n`````\n"
        )
        rendered = f"```{{include}} {rel}\n```\n"
        source_box = nodes.container(classes=["ilc-voorbeeld-bron"])
        self.state.nested_parse(StringList(source.splitlines(), self.get_source_info()[0]), 0, source_box)
        result_box = nodes.container(classes=["ilc-voorbeeld-resultaat"])
        label = nodes.paragraph("", "", nodes.strong("Resultaat", "Resultaat"), classes=["ilc-voorbeeld-kop"])
        result_box += label
        self.state.nested_parse(StringList(rendered.splitlines(), self.get_source_info()[0]), 0, result_box)
        wrapper += source_box
        wrapper += result_box
        return [wrapper]


class NaslagTabel(SphinxDirective):
    """Names from the code, each with its Dutch explanation from the body (YAML)."""

    required_arguments = 1
    optional_arguments = 1
    has_content = True

    def run(self) -> list[nodes.Node]:
        kind = self.arguments[0]
        name = self.arguments[1] if len(self.arguments) > 1 else ""
        try:
            names = names_of(kind, name)
        except (LookupError, KeyError) as exc:
            logger.warning(str(exc), type=WARNING_TYPE, location=self.get_location())
            return []
        try:
            texts = yaml.safe_load("\n".join(self.content)) or {}
        except yaml.YAMLError as exc:
            logger.warning(f"the table's body is not YAML: {exc}", type=WARNING_TYPE, location=self.get_location())
            return []
        texts = {str(k): v for k, v in texts.items()}
        shown = [self.display(kind, n) for n in names]
        missing = [n for n, s in zip(names, shown) if s not in texts]
        extra = [k for k in texts if k not in shown]
        for item in missing:
            logger.warning(f"the code has {item!r} ({kind} {name}) but this table does not explain it",
                           type=WARNING_TYPE, location=self.get_location())
        for item in extra:
            logger.warning(f"this table explains {item!r} ({kind} {name}), which the code does not have",
                           type=WARNING_TYPE, location=self.get_location())
        header = {"directives": "Directive", "opties": "Optie", "sleutels": "Sleutel", "rollen": "Rol", "instellingen": "Instelling",
                  "subtypen": "Subtype", "velden": "Veld"}[kind]
        # in the order of the explanations (they tell a story), then anything unexplained
        ordered = [k for k in texts if k in shown] + missing
        rows = []
        for item in ordered:
            text = str(texts.get(item, ""))
            rows.append([code(item), self.parse_text_to_nodes(text)])
        ident = "-".join(p for p in ("naslag", kind, name.replace(":", "-")) if p)
        return [make_table(ident, [header, "Betekenis"], rows, [25, 75])]

    @staticmethod
    def display(kind: str, item: str) -> str:
        if kind == "opties":
            return f":{item}:"
        if kind == "rollen":
            return "{" + item + "}"
        return item


class NaslagCanvasblokken(SphinxDirective):
    """The default canvas: key, label, guiding question, required."""

    def run(self) -> list[nodes.Node]:
        from ilc_canvas.core.schema import load_canvas_schema

        rows = [
            [code(b.key), b.label["nl"], b.question["nl"], "ja" if b.required else "nee"]
            for b in load_canvas_schema(None).blocks
        ]
        return [make_table("naslag-canvasblokken", ["Sleutel", "Blok", "Leidende vraag", "Verplicht"], rows,
                           [20, 25, 45, 10])]


class NaslagFasen(SphinxDirective):
    """The process phases, in order."""

    def run(self) -> list[nodes.Node]:
        from ilc_canvas.core.schema import load_phases

        rows = [[str(i), code(p.key), p.label["nl"]] for i, p in enumerate(load_phases(), 1)]
        return [make_table("naslag-fasen", ["Stap", "Sleutel", "Fase"], rows, [10, 25, 65])]


class NaslagIlc(SphinxDirective):
    """Run `ilc` commands in a fresh, small project and show what they do.

    The body holds the commands, one per line, as a reader types them. The
    block shows each command with what it printed; `:toon:` names a file the
    commands wrote, shown after it (`:stil:`: only that file, not the commands);
    `:eerst:` is a command run before, unseen.
    `:kopieer: SOURCE TARGET` puts a file of the site (SOURCE, relative to the
    page) into the project first; `:exitcode:` is the exit code the last
    command should give (default 0; anything else is a warning). The project
    has this site's language and lesson themes, and a usecases/index.md with a
    toctree, like this site.
    """

    has_content = True
    option_spec = {"toon": directives.unchanged, "eerst": directives.unchanged, "stil": directives.flag,
                   "kopieer": directives.unchanged, "exitcode": directives.nonnegative_int}

    def run(self) -> list[nodes.Node]:
        import contextlib
        import io
        import shlex
        import tempfile

        try:
            from ilc_canvas.cli import main
        except ImportError as exc:
            logger.warning(f"the ilc command is not available: {exc}", type=WARNING_TYPE, location=self.get_location())
            return []
        commands = [line.strip() for line in self.content if line.strip()]
        transcript: list[str] = []
        shown = None
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            (root / "conf.py").write_text(
                f'extensions = ["ilc_canvas"]\nlanguage = {self.config.language!r}\n'
                f"ilc_lesson_themes = {self.config.ilc_lesson_themes!r}\n", encoding="utf-8")
            (root / "usecases").mkdir()
            (root / "usecases" / "index.md").write_text(
                "# Usecases\n\n```{toctree}\n:maxdepth: 1\n\nalmere-wateroverlast/index\n"
                "flevoland-dronten/index\nlessen\n```\n", encoding="utf-8")
            if "kopieer" in self.options:
                source, _, target = self.options["kopieer"].partition(" ")
                _, source_path = self.env.relfn2path(source, self.env.current_document.docname)
                self.env.note_dependency(source_path)
                (root / target.strip()).parent.mkdir(parents=True, exist_ok=True)
                (root / target.strip()).write_text(Path(source_path).read_text(encoding="utf-8"), encoding="utf-8")
            expected = self.options.get("exitcode", 0)
            try:
                for command, visible in [(self.options.get("eerst"), False)] + [(c, True) for c in commands]:
                    if not command:
                        continue
                    out = io.StringIO()
                    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
                        code = main(shlex.split(command)[1:], cwd=root)
                    if code != (expected if command == commands[-1] else 0):
                        logger.warning(f"`{command}` ended with exit code {code}: {out.getvalue().strip()}",
                                       type=WARNING_TYPE, location=self.get_location())
                    if visible:
                        transcript += [f"$ {command}", *out.getvalue().rstrip().splitlines()]
                if "toon" in self.options:
                    shown = (root / self.options["toon"]).read_text(encoding="utf-8")
            except OSError as exc:
                logger.warning(f"running ilc failed: {exc}", type=WARNING_TYPE, location=self.get_location())
                return []
        text = "\n".join(transcript)
        result: list[nodes.Node] = [] if "stil" in self.options else [nodes.literal_block(text, text, language="console")]
        if shown is not None:
            caption = f"Het bestand {self.options['toon']}"
            container = nodes.container("", literal_block=True, classes=["literal-block-wrapper"])
            container += nodes.caption(caption, caption)
            container += nodes.literal_block(shown, shown, language="md")
            result.append(container)
        return result


class NaslagThemas(SphinxDirective):
    """The lesson themes of this site (conf.py: ilc_lesson_themes), as a list."""

    def run(self) -> list[nodes.Node]:
        themes = self.config.ilc_lesson_themes
        if not themes:
            text = "Deze site heeft geen vaste lijst thema's: elk thema mag."
            return [nodes.paragraph(text, text)]
        items = nodes.bullet_list(classes=["ilc-naslag-themas"])
        for theme in themes:
            items += nodes.list_item("", nodes.paragraph("", "", code(theme)))
        return [items]


class NaslagMermaid(SphinxDirective):
    """The sphinxcontrib-mermaid settings the extension sets, with their values."""

    def run(self) -> list[nodes.Node]:
        from ilc_canvas.sphinxext import diagrams

        defaults = getattr(diagrams, "MERMAID_DEFAULTS", None)
        if defaults is None:
            logger.warning("ilc_canvas sets no Mermaid settings (assets.MERMAID_DEFAULTS)",
                           type=WARNING_TYPE, location=self.get_location())
            return []
        rows = [[code(name), code(repr(value))] for name, value in defaults.items()]
        return [make_table("naslag-mermaid", ["Instelling", "Waarde"], rows, [40, 60])]


class naslag_json(nodes.General, nodes.Element):
    """Placeholder: the JSON record of one object, filled at write time."""


class NaslagJson(SphinxDirective):
    required_arguments = 2

    def run(self) -> list[nodes.Node]:
        node = naslag_json(kind=self.arguments[0], target=self.arguments[1])
        self.set_source_info(node)
        shown = self.env.get_domain("naslag").data["json"]
        shown.setdefault(self.env.current_document.docname, []).append((node["kind"], node["target"]))
        return [node]


class FillJson(SphinxPostTransform):
    default_priority = 20

    def run(self, **kwargs) -> None:
        if not any(True for _ in self.document.findall(naslag_json)):
            return
        documents = json_records(self.env, self.app.builder)
        for node in list(self.document.findall(naslag_json)):
            kind = node["kind"]
            records = documents[f"{kind}s.json"][f"{kind}s"]
            record = next((r for r in records if r["id"] == node["target"]), None)
            if record is None:
                logger.warning(f"no {kind} {node['target']!r} in the export", type=WARNING_TYPE, location=node)
                node.replace_self([])
                continue
            text = json.dumps(record, ensure_ascii=False, indent=2, sort_keys=True)
            block = nodes.literal_block(text, text, language="json")
            node.replace_self(block)


def json_records(env, builder) -> dict[str, dict]:
    from ilc_canvas.sphinxext.export import export_records

    return export_records(env.get_domain("ilc").site, builder)


class NaslagDomain(Domain):
    """Which pages show which JSON records (`naslag-json`), to write them again when a record changes."""

    name = "naslag"
    label = "Naslag"
    initial_data = {"json": {}, "hashes": {}}

    def clear_doc(self, docname: str) -> None:
        self.data["json"].pop(docname, None)
        self.data["hashes"].pop(docname, None)

    def merge_domaindata(self, docnames, otherdata: dict) -> None:
        for docname in docnames:
            if docname in otherdata["json"]:
                self.data["json"][docname] = otherdata["json"][docname]


def stale_json_pages(app, env) -> list[str]:
    """env-updated: the pages whose JSON records changed since they were written."""
    domain = env.get_domain("naslag")
    if not domain.data["json"]:
        return []
    documents = json_records(env, app.builder)
    stale = []
    for docname, shown in sorted(domain.data["json"].items()):
        records = [next((r for r in documents[f"{kind}s.json"][f"{kind}s"] if r["id"] == target), None)
                   for kind, target in shown]
        digest = hashlib.sha256(json.dumps(records, sort_keys=True).encode()).hexdigest()
        if domain.data["hashes"].get(docname) != digest:
            domain.data["hashes"][docname] = digest
            stale.append(docname)
    return stale


STATIC = Path(__file__).parent / "static"


def add_stylesheet(app, config) -> None:
    """config-inited: our stylesheet (before Sphinx compares the configuration with the last build's)."""
    if str(STATIC) not in config.html_static_path:
        config.html_static_path = [*config.html_static_path, str(STATIC)]


def setup(app):
    app.connect("config-inited", add_stylesheet)
    app.add_css_file("ilc-naslag.css")
    app.add_directive("naslag-voorbeeld", NaslagVoorbeeld)
    app.add_directive("naslag-tabel", NaslagTabel)
    app.add_directive("naslag-canvasblokken", NaslagCanvasblokken)
    app.add_directive("naslag-fasen", NaslagFasen)
    app.add_directive("naslag-json", NaslagJson)
    app.add_directive("naslag-mermaid", NaslagMermaid)
    app.add_directive("naslag-themas", NaslagThemas)
    app.add_directive("naslag-ilc", NaslagIlc)
    app.add_node(naslag_json)
    app.add_post_transform(FillJson)
    app.add_domain(NaslagDomain)
    app.connect("env-updated", stale_json_pages)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
