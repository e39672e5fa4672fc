"""`ilc-process`: the cycle of the use case process, one phase optionally marked."""

from __future__ import annotations

from docutils import nodes

from .. import nodes as ilc
from ..validate import PROCESS_OPTIONS, validate_process
from .base import IlcDirective, options_spec

class IlcProcess(IlcDirective):
    optional_arguments = 1
    has_content = True
    option_spec = options_spec(PROCESS_OPTIONS)

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
