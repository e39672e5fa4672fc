"""Process diagrams: the use case cycle as Mermaid, drawn by Mermaid served from the site itself.

`ilc-process` directives and canvases leave an `ilc_process` placeholder;
`ProcessDiagrams` (a post-transform, so it knows the builder) replaces it:

- web builders (html, dirhtml, singlehtml) with Mermaid available: a
  `<figure>` with a caption, the diagram (sphinxcontrib-mermaid's node, so its
  script loads on that page only) and the text equivalent in a `<details>`;
- every other builder (latex, text, epub, man, texinfo), and web builders
  when Mermaid's files are missing: the text equivalent only, visible.

The text equivalent is the phases as an ordered list with the current one
marked in words. Plain `{mermaid}` blocks get a text fallback too where they
cannot be drawn, so no builder warns about a missing `mmdc`.

The Mermaid source is a pure function of the phase data (process.yaml): no
randomness, so the same sources always give the same diagram. It never relies
on colour alone: the current phase gets a double-sided shape, a thick border
and a text marker in its label; `accTitle`/`accDescr` become the SVG's
`<title>`/`<desc>`.

Mermaid comes with the package: its ESM build (pinned in package.json,
copied from the npm registry's package by scripts/refresh_mermaid.py, with its
licence) lies in the package's static folder, and every web build copies it
into the output's `_static/mermaid/`; `ilc_mermaid_path` names another copy.
sphinxcontrib-mermaid is configured to import it from there, so it never
builds a CDN URL. The site must be served (ES modules do not load from
`file://`). When the files are missing the build warns once (`ilc.assets`)
and diagrams show as text only.
"""

from __future__ import annotations

import filecmp
import re
import shlex
import shutil
from dataclasses import dataclass
from pathlib import Path

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinxcontrib.mermaid import mermaid

from ..core.problems import WARNING_TYPE
from ..core.schema import Phase, label, language_of, load_phases, load_process
from . import nodes as ilc

logger = logging.getLogger(__name__)


# -- the cycle as Mermaid source -----------------------------------------------------

#: The marker in front of the current phase's label in the diagram.
CURRENT_MARK = "▶"


@dataclass(frozen=True, slots=True)
class Cycle:
    """The process in one language, with the phase to mark (if any)."""

    title: str
    steps: tuple[tuple[str, str], ...]  # (phase key, label), in order
    back: str  # the label of the arrow from the last phase to the first
    current: str | None  # phase key, or None
    current_label: str  # "huidige fase" / "current phase"

    @property
    def current_index(self) -> int | None:
        for index, (key, _) in enumerate(self.steps):
            if key == self.current:
                return index
        return None


def cycle(lang: str, highlight: str | None = None, caption: str | None = None) -> Cycle:
    phases: tuple[Phase, ...] = load_phases()
    process = load_process()
    keys = {p.key for p in phases}
    return Cycle(
        title=one_line(caption) if caption and caption.strip() else process["title"][lang],
        steps=tuple((p.key, p.label[lang]) for p in phases),
        back=process["return"]["label"][lang],
        current=highlight if highlight in keys else None,
        current_label=label("current_phase", lang),
    )


def one_line(text: str) -> str:
    """Collapse whitespace, so a text fits on one line of Mermaid source; break up
    `%%` so an author's text cannot become a Mermaid comment or `%%{init}%%` directive."""
    return " ".join(text.split()).replace("%%", "% %")


def node_id(key: str) -> str:
    """A Mermaid node id for a phase key (prefixed: keys like `end` are keywords)."""
    return "phase_" + re.sub(r"[^A-Za-z0-9_]", "_", key)


def quoted(text: str) -> str:
    """A Mermaid label in double quotes; `"` and `#` as Mermaid entity codes."""
    text = one_line(text).replace("#", "#35;").replace('"', "#quot;")
    return f'"{text}"'


def description(c: Cycle, lang: str) -> str:
    """The cycle in one sentence or two: accDescr, and the alt text elsewhere."""
    texts = load_process()["description"]
    steps = ", ".join(f"{n}. {text}" for n, (_, text) in enumerate(c.steps, 1))
    words = texts["cycle"][lang].format(count=len(c.steps), steps=steps, back=c.back)
    index = c.current_index
    if index is not None:
        words += " " + texts["current"][lang].format(phase=f"{index + 1}. {c.steps[index][1]}")
    return one_line(words)


def flowchart(c: Cycle, lang: str) -> str:
    """The Mermaid source of the cycle, top to bottom with the arrow back up."""
    lines = [
        "flowchart TB",
        f"    accTitle: {acc_text(c.title)}",
        f"    accDescr: {acc_text(description(c, lang))}",
    ]
    for n, (key, text) in enumerate(c.steps, 1):
        if key == c.current:
            # Subroutine shape [[...]]: a second border line on both sides.
            lines.append(f"    {node_id(key)}[[{quoted(f'{CURRENT_MARK} {n}. {text} ({c.current_label})')}]]")
        else:
            lines.append(f"    {node_id(key)}[{quoted(f'{n}. {text}')}]")
    ids = [node_id(key) for key, _ in c.steps]
    for a, b in zip(ids, ids[1:]):
        lines.append(f"    {a} --> {b}")
    if len(ids) > 1:
        lines.append(f"    {ids[-1]} -->|{quoted(c.back)}| {ids[0]}")
    if c.current is not None:
        lines.append("    classDef current stroke-width:4px,font-weight:bold")
        lines.append(f"    class {node_id(c.current)} current")
    return "\n".join(lines) + "\n"


def acc_text(text: str) -> str:
    """accTitle/accDescr run to the end of the line: one line, no statement separators."""
    return one_line(text).replace(";", ",")


# -- Mermaid's files and script ---------------------------------------------------------

STATIC = Path(__file__).parent.parent / "static"
#: Mermaid's ESM build and d3, as the package carries them (scripts/refresh_mermaid.py)
PACKAGED = STATIC / "mermaid"

#: Where Mermaid's ESM build goes, under the output's `_static`.
MERMAID_STATIC = "mermaid"
MERMAID_ENTRY = "mermaid.esm.min.mjs"
MERMAID_CHUNKS = Path("chunks") / "mermaid.esm.min"
D3_FILE = "d3.min.js"
LICENCES = ("LICENSE-mermaid.txt", "LICENSE-d3.txt")

#: What the extension sets for sphinxcontrib-mermaid, unless conf.py does.
MERMAID_DEFAULTS = {
    "mermaid_use_local": f"{MERMAID_STATIC}/{MERMAID_ENTRY}",
    "mermaid_version": "",
    "mermaid_include_elk": False,
    "mermaid_include_zenuml": False,
    # The fullscreen button has a hard-coded English label and a glyph most
    # fonts lack; the diagrams are small enough to read in place.
    "mermaid_fullscreen": False,
    # `:zoom:` loads d3: from our own copy too (used as a path under _static).
    "d3_use_local": f"{MERMAID_STATIC}/{D3_FILE}",
}

# States of the Mermaid files for this build (on the builder, see below).
AVAILABLE, MISSING, NOT_OURS = "available", "missing", "not-ours"


def is_web_builder(builder) -> bool:
    """HTML pages read in a browser that runs JavaScript (html, dirhtml, singlehtml).

    EPUB is HTML too, but its readers do not run Mermaid: it gets text only.
    """
    return builder.format == "html" and not builder.name.startswith("epub")


def user_set(config, name: str) -> bool:
    return name in getattr(config, "_raw_config", {}) or name in getattr(config, "_overrides", {})


def configure_mermaid(app, config) -> None:
    """config-inited: sphinxcontrib-mermaid pointed at our copy (never a CDN)."""
    for name, value in MERMAID_DEFAULTS.items():
        if not user_set(config, name):
            setattr(config, name, value)
    path = config.ilc_mermaid_path
    if path is not None and not isinstance(path, str):
        logger.warning("ilc_mermaid_path must be a folder path (text); using the package's Mermaid instead",
                       type=WARNING_TYPE, subtype="schema")
        config.ilc_mermaid_path = None


def mermaid_folder(app) -> Path:
    """The folder holding Mermaid's ESM build: ilc_mermaid_path, or the package's own."""
    configured = app.config.ilc_mermaid_path
    if not configured:
        return PACKAGED
    path = Path(configured).expanduser()
    return path if path.is_absolute() else Path(app.confdir) / path


def find_mermaid(app) -> None:
    """builder-inited: for web builders, whether this build can serve Mermaid itself."""
    if not is_web_builder(app.builder):
        app.builder.ilc_mermaid = MISSING
        return
    if app.config.mermaid_use_local != MERMAID_DEFAULTS["mermaid_use_local"] or app.config.mermaid_output_format != "raw":
        # conf.py serves Mermaid its own way (or renders images at build time).
        app.builder.ilc_mermaid, app.builder.ilc_mermaid_dist = NOT_OURS, None
        return
    dist = mermaid_folder(app)
    found = (dist / MERMAID_ENTRY).is_file() and (dist / MERMAID_CHUNKS).is_dir()
    app.builder.ilc_mermaid, app.builder.ilc_mermaid_dist = (AVAILABLE, dist) if found else (MISSING, None)
    if found:
        return
    if app.config.ilc_mermaid_path:
        fix = ("ilc_mermaid_path names a folder without Mermaid's ESM build; point it at a folder like "
               "node_modules/mermaid/dist, or remove it to use the files the ilc-canvas package carries")
    else:
        fix = ("the ilc-canvas package has lost its copy of Mermaid; reinstall it "
               "(pip install --force-reinstall ilc-canvas)")
    logger.warning(f"Mermaid's files were not found ({MERMAID_ENTRY} in {dist}): {fix}. "
                   "Diagrams are shown as text only; no CDN is used.", type=WARNING_TYPE, subtype="assets", once=True)


def mermaid_state(builder) -> str:
    return getattr(builder, "ilc_mermaid", MISSING)


def diagrams_render(builder) -> bool:
    """Whether this build's pages can show Mermaid diagrams in the browser."""
    return is_web_builder(builder) and mermaid_state(builder) in (AVAILABLE, NOT_OURS)


def _copy(source: Path, target: Path) -> None:
    if target.is_file() and filecmp.cmp(source, target, shallow=False):
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)


def copy_mermaid(app, exception) -> None:
    """build-finished: Mermaid's ESM entry and its chunks, d3 and the licences into _static."""
    if exception is not None or mermaid_state(app.builder) != AVAILABLE:
        return
    dist: Path = app.builder.ilc_mermaid_dist
    target = Path(app.builder.outdir) / "_static" / MERMAID_STATIC
    _copy(dist / MERMAID_ENTRY, target / MERMAID_ENTRY)
    for chunk in sorted((dist / MERMAID_CHUNKS).glob("*.mjs")):
        _copy(chunk, target / MERMAID_CHUNKS / chunk.name)
    # only `:zoom:` diagrams load d3; licences as the package carries them
    for name in (D3_FILE, *LICENCES):
        _copy(dist / name if (dist / name).is_file() else PACKAGED / name, target / name)


#: Without JavaScript, Mermaid's source text would show in place of our
#: diagrams: hide it (the text equivalent is under the diagram). In <head>,
#: <noscript> may hold <style>.
NOSCRIPT = '<noscript><style>.ilc-process pre.mermaid { display: none; }</style></noscript>\n'


def _is_mermaid_script(script) -> bool:
    body = getattr(script, "attributes", {}).get("body") or ""
    return "import mermaid from" in body


def page_context(app, pagename, templatename, context, doctree) -> None:
    """html-page-context, after sphinxcontrib-mermaid's: Mermaid's script on diagram pages only.

    sphinxcontrib-mermaid adds it to every page without a doctree too (search,
    genindex); take it off those. Pages with a process diagram hide its source
    when scripts are off.
    """
    if doctree is None or doctree.next_node(mermaid) is None:
        scripts = context.get("script_files")
        if isinstance(scripts, list):
            scripts[:] = [js for js in scripts if not _is_mermaid_script(js)]
        return
    if diagrams_render(app.builder) and doctree.next_node(ilc.ilc_figure) is not None:
        context["metatags"] = context.get("metatags", "") + NOSCRIPT


# -- placeholders -> figures ----------------------------------------------------------

def text_equivalent(c, lang: str) -> list[nodes.Node]:
    """The phases as an ordered list, the current one in bold and named so in words."""
    steps = nodes.enumerated_list(enumtype="arabic", classes=["ilc-process-steps"])
    for key, text in c.steps:
        para = nodes.paragraph()
        if key == c.current:
            para += nodes.strong(text, text)
            para += nodes.Text(f" ({c.current_label})")
        else:
            para += nodes.Text(text)
        steps += nodes.list_item("", para, classes=["ilc-current"] if key == c.current else [])
    text = load_process()["return"]["text"][lang].format(count=len(c.steps), back=c.back)
    return [steps, nodes.paragraph(text, text, classes=["ilc-process-return"])]


def process_nodes(config, highlight: str | None, ident: str, caption: str | None = None) -> list[nodes.Node]:
    """The text-only rendering: a titled container with the ordered list."""
    lang = language_of(config.language)
    c = cycle(lang, highlight, caption)
    figure = nodes.container(ids=[ident], classes=["ilc-process"])
    figure += nodes.rubric(c.title, c.title, classes=["ilc-process-title"])
    figure += text_equivalent(c, lang)
    return [figure]


def diagram_nodes(config, highlight: str | None, ident: str, caption: str | None = None) -> list[nodes.Node]:
    """The web rendering: caption, Mermaid diagram, text equivalent in a disclosure."""
    lang = language_of(config.language)
    c = cycle(lang, highlight, caption)
    figure = ilc.ilc_figure(ids=[ident], classes=["ilc-process"])
    figure += ilc.ilc_caption(c.title, c.title, ids=[f"{ident}-title"], classes=["ilc-process-title"])
    diagram = mermaid()
    diagram["code"] = flowchart(c, lang)
    diagram["options"] = {}
    diagram["alt"] = description(c, lang)
    diagram["ids"] = [f"{ident}-diagram"]
    figure += diagram
    details = ilc.ilc_details(classes=["ilc-process-text"])
    summary = load_process()["text_summary"][lang]
    details += ilc.ilc_summary(summary, summary)
    details += text_equivalent(c, lang)
    figure += details
    return [figure]


# -- plain {mermaid} blocks where Mermaid cannot draw --------------------------

ACC_LINE = re.compile(r"^\s*(accTitle|accDescr)\s*:\s*(.+?)\s*$", re.MULTILINE)
ACC_BLOCK = re.compile(r"^\s*accDescr\s*\{(.*?)\}", re.MULTILINE | re.DOTALL)


def mermaid_fallback(node: nodes.Element, lang: str) -> nodes.Node:
    """What a reader sees of a `{mermaid}` block that cannot be drawn: its description."""
    code = node.get("code", "")
    found = {key: value for key, value in ACC_LINE.findall(code)}
    block = ACC_BLOCK.search(code)
    if block:
        found["accDescr"] = block.group(1)
    text = " ".join((found.get("accDescr") or node.get("alt") or found.get("accTitle") or "").split())
    if not text:
        return nodes.literal_block(code, code, classes=["ilc-mermaid-source"])
    word = load_process()["diagram"][lang]
    return nodes.paragraph("", "", nodes.emphasis(word, word), nodes.Text(f": {text}"), classes=["ilc-mermaid-text"])


def builder_draws_mermaid(builder, config) -> bool:
    """Whether sphinxcontrib-mermaid can draw diagrams for this builder."""
    if is_web_builder(builder):
        return diagrams_render(builder)
    if builder.format not in ("latex", "texinfo"):  # text, man, epub: no drawing at all
        return False
    command = config.mermaid_cmd
    args = shlex.split(command) if isinstance(command, str) else list(command or ())
    return bool(args) and shutil.which(args[0]) is not None


class ProcessDiagrams(SphinxPostTransform):
    """Replace process placeholders for this builder; give undrawable Mermaid a text."""

    default_priority = 4  # before resolve.FillPlaceholders (5)

    def run(self, **kwargs) -> None:
        builder = self.env._app.builder
        web = diagrams_render(builder)
        render = diagram_nodes if web else process_nodes
        for node in list(self.document.findall(ilc.ilc_process)):
            node.replace_self(render(self.config, node.get("highlight"), node["ident"], node.get("caption")))
        if not builder_draws_mermaid(builder, self.config):
            lang = language_of(self.config.language)
            for node in list(self.document.findall(mermaid)):
                node.replace_self(mermaid_fallback(node, lang))


def stable_zoom_ids(app, doctree) -> None:
    """doctree-read: `{mermaid}` with `:zoom:` gets a random id; derive it from the page instead."""
    docname = app.env.current_document.docname
    for n, node in enumerate(doctree.findall(mermaid)):
        if "zoom_id" in node:
            node["zoom_id"] = f"id-{nodes.make_id(docname)}-{n}"


