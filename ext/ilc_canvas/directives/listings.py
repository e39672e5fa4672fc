"""`lessons` and `usecases`: listings of the whole site, filled in at write time."""

from __future__ import annotations

from docutils import nodes

from .. import nodes as ilc
from ..listing import LAYOUTS, LESSON_FILTERS, USECASE_FILTERS, validate_listing
from .base import IlcDirective, options_spec


class _Listing(IlcDirective):
    optional_arguments = 0
    has_content = False
    kind = ""
    filters: tuple[str, ...] = ()

    def run(self) -> list[nodes.Node]:
        inp = self.directive_input()
        filters, layout, references, problems = validate_listing(self.kind, inp)
        self.report(problems)
        docname = inp.docname
        ident = f"{self.kind}-listing-{self.env.new_serialno('ilc-listing')}"
        node = ilc.ilc_placeholder(kind=self.kind, filters=filters, layout=layout, docname=docname, ident=ident)
        self.set_source_info(node)
        self.env.get_domain("ilc").note_listing(docname, self.kind, filters, references)
        return [node]


class LessonsListing(_Listing):
    kind = "lessons"
    option_spec = options_spec((*LESSON_FILTERS, "layout"))


class UsecasesListing(_Listing):
    kind = "usecases"
    option_spec = options_spec((*USECASE_FILTERS, "layout"))
