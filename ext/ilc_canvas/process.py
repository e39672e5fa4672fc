"""The use case process as a figure: its text equivalent (an ordered list of phases).

This text equivalent is the whole rendering for non-HTML builders.
"""

from __future__ import annotations

from docutils import nodes

from .schema import label, language_of, load_phases, load_process


def process_nodes(config, highlight: str | None, ident: str) -> list[nodes.Node]:
    lang = language_of(config.language)
    process = load_process()
    figure = nodes.container(ids=[ident], classes=["ilc-process"])
    title = process["title"][lang]
    figure += nodes.rubric(title, title, classes=["ilc-process-title"])
    steps = nodes.enumerated_list(enumtype="arabic", classes=["ilc-process-steps"])
    for phase in load_phases():
        text = phase.label[lang]
        para = nodes.paragraph()
        if phase.key == highlight:
            para += nodes.strong(text, text)
            current = f" ({label('current_phase', lang)})"
            para += nodes.Text(current)
        else:
            para += nodes.Text(text)
        steps += nodes.list_item("", para, classes=["ilc-current"] if phase.key == highlight else [])
    figure += steps
    back = process["return"]["label"][lang]
    figure += nodes.paragraph(back, f"↻ {back}", classes=["ilc-process-return"])
    return [figure]
