"""Mermaid source for the process cycle, and the words that describe it.

Pure functions of the phase data (process.yaml): no Sphinx, no randomness, so
the same sources always give the same diagram. The diagram never relies on
colour alone: the current phase gets a double-sided shape, a thick border and
a text marker in its label; `accTitle`/`accDescr` become the SVG's
`<title>`/`<desc>`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .schema import Phase, label, load_phases, load_process

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
