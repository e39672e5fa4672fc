"""`ilc-process`: the cycle of the use case process, one phase optionally marked."""

from __future__ import annotations

from docutils import nodes

from .. import nodes as ilc
from ..problems import Problem
from ..validate import DirectiveInput, phase_keys, suggest
from .base import IlcDirective, any_text

PROCESS_OPTIONS = ("highlight", "caption")


def validate_process(inp: DirectiveInput) -> tuple[str | None, str | None, list[Problem]]:
    """(phase to mark, caption, problems). Pure: no Sphinx."""
    problems: list[Problem] = []
    if inp.argument.strip():
        problems.append(Problem("schema", "ilc-process takes no argument; give a caption with :caption:", inp.line))
    if inp.body.strip():
        problems.append(Problem("schema", "ilc-process takes no body; the phases come from the extension's data",
                                inp.body_line))
    highlight = None
    if "highlight" in inp.options:
        value = inp.options["highlight"].strip()
        choices = phase_keys()
        if value in choices:
            highlight = value
        else:
            shown = repr(value) if value else "(empty)"
            problems.append(Problem(
                "schema", f"invalid highlight {shown}: use one of {', '.join(choices)}{suggest(value, choices)}",
                inp.option_line("highlight"),
            ))
    caption = " ".join(inp.options.get("caption", "").split()) or None
    return highlight, caption, problems


class IlcProcess(IlcDirective):
    optional_arguments = 1
    has_content = True
    option_spec = {name: any_text for name in PROCESS_OPTIONS}

    def run(self) -> list[nodes.Node]:
        inp = self.directive_input()
        highlight, caption, problems = validate_process(inp)
        self.report(problems)
        docname = inp.docname
        serial = self.env.new_serialno("ilc-process")
        ident = nodes.make_id(f"process-{docname}") + (f"-{serial}" if serial else "")
        node = ilc.ilc_process(highlight=highlight, ident=ident, docname=docname, caption=caption)
        self.set_source_info(node)
        return [node]
