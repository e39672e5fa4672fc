"""The `ilc` domain: use cases and lessons as objects, roles, per-page records.

Records are kept per docname, so purging and merging stay simple and clearly
correct; site-wide facts (the id index, duplicates) are derived from them.
"""

from __future__ import annotations

from docutils import nodes
from docutils.utils import get_source_line
from sphinx import addnodes
from sphinx.domains import Domain, ObjType
from sphinx.roles import XRefRole
from sphinx.util import logging
from sphinx.util.nodes import make_refnode

from . import nodes as ilc
from .directives.base import report, source_path
from .model import Lesson, Reference, Retrospective, UseCase
from .problems import WARNING_TYPE
from .sourcelines import file_lines, locate, role_in_rawsource, role_pattern
from .validate import resolve_page_usecase, unknown_reference

logger = logging.getLogger(__name__)

PER_DOC = ("usecases", "retrospectives", "lessons", "references", "checked_refs", "consumes")


class IlcXRefRole(XRefRole):
    """`{lesson}` and `{usecase}` work with and without the `ilc:` prefix."""

    innernodeclass = nodes.inline

    def run(self):
        self.name = "ilc:" + self.name.rpartition(":")[2]
        return super().run()


class IlcDomain(Domain):
    name = "ilc"
    label = "Innovatieleercyclus"
    object_types = {
        "usecase": ObjType("usecase", "usecase"),
        "lesson": ObjType("lesson", "lesson"),
    }
    roles = {"usecase": IlcXRefRole(warn_dangling=True), "lesson": IlcXRefRole(warn_dangling=True)}
    initial_data = {key: {} for key in PER_DOC} | {"page_hashes": {}}
    data_version = 1

    _index_cache: dict | None = None

    # -- recording, while pages are read --------------------------------

    def _per_doc(self, key: str, docname: str) -> list:
        self._index_cache = None
        return self.data[key].setdefault(docname, [])

    def note_usecase(self, docname: str, usecase: UseCase) -> None:
        self._per_doc("usecases", docname).append(usecase)

    def note_retrospective(self, docname, retro: Retrospective, lessons: list[Lesson], references) -> None:
        self._per_doc("retrospectives", docname).append(retro)
        self._per_doc("lessons", docname).extend(lessons)
        self._per_doc("checked_refs", docname).extend(references)

    def note_listing(self, docname: str, kind: str, filters, references) -> None:
        self._per_doc("checked_refs", docname).extend(references)

    def process_doc(self, env, docname: str, document: nodes.document) -> None:
        usecases = self.data["usecases"].get(docname, [])
        retros = self.data["retrospectives"].get(docname, [])
        lessons = self.data["lessons"].get(docname, [])
        report(resolve_page_usecase(retros, lessons, usecases), docname, srcdir=env.srcdir)
        page_usecase = {r.anchor: r.usecase for r in retros}
        consumes = set()
        references = []
        path = source_path(env, docname)
        for ref in document.findall(addnodes.pending_xref):
            if ref.get("refdomain") != "ilc":
                continue
            if ref.get("ilc_retrospective") and not ref["reftarget"]:
                target = page_usecase.get(ref["ilc_retrospective"], "")
                ref["reftarget"] = target
                for inline in ref.findall(nodes.inline):
                    inline.children = [nodes.Text(target)]
            consumes.add(("object", ref["reftype"], ref["reftarget"]))
            if not ref.get("ilc_internal"):
                references.append(Reference(ref["reftype"], ref["reftarget"], docname, path, ref.line or 0,
                                            _nearest_anchor(ref)))
        for node in document.findall(ilc.ilc_placeholder):
            consumes.add((node["kind"], node.get("target") or node.get("filters", ())))
        self._index_cache = None
        if references:
            self.data["references"][docname] = references
        if consumes:
            self.data["consumes"][docname] = sorted(consumes)

    def clear_doc(self, docname: str) -> None:
        for key in (*PER_DOC, "page_hashes"):
            self.data[key].pop(docname, None)
        self._index_cache = None

    def merge_domaindata(self, docnames, otherdata: dict) -> None:
        for key in PER_DOC:
            for docname in docnames:
                if docname in otherdata[key]:
                    self.data[key][docname] = otherdata[key][docname]
        self._index_cache = None

    # -- the site as a whole --------------------------------------------

    def all(self, key: str) -> list:
        """Every record of one kind, in (path, line) order."""
        return sorted((r for records in self.data[key].values() for r in records), key=lambda r: (r.path, r.line))

    @property
    def index(self) -> dict[str, dict[str, UseCase | Lesson]]:
        """kind -> id -> the first definition (later ones are duplicates)."""
        if self._index_cache is None:
            index: dict[str, dict] = {"usecase": {}, "lesson": {}}
            for kind, key in (("usecase", "usecases"), ("lesson", "lessons")):
                for record in self.all(key):
                    if record.id:
                        index[kind].setdefault(record.id, record)
            self._index_cache = index
        return self._index_cache

    def resolve_xref(self, env, fromdocname, builder, typ, target, node, contnode):
        record = self.index.get(typ, {}).get(target)
        if record is None:
            return None
        if not node.get("refexplicit"):
            contnode = nodes.inline(record.title, record.title, classes=contnode.get("classes", []))
        return make_refnode(builder, fromdocname, record.docname, record.anchor, contnode, record.title)

    def resolve_any_xref(self, env, fromdocname, builder, target, node, contnode):
        found = []
        for typ in ("usecase", "lesson"):
            ref = self.resolve_xref(env, fromdocname, builder, typ, target, node, contnode)
            if ref is not None:
                found.append((f"ilc:{typ}", ref))
        return found

    def get_objects(self):
        for kind, records in self.index.items():
            for ident, record in sorted(records.items()):
                yield ident, record.title, kind, record.docname, record.anchor, 1


def _place_at_role(ref: addnodes.pending_xref, page_file: str) -> None:
    """Give the reference the line its role is written on, not its paragraph's (for its warning)."""
    role = role_in_rawsource(ref.rawsource)
    source, line = get_source_line(ref)
    if role is None or not line:
        return
    source = source or page_file
    precise = locate(file_lines(source), line, role_pattern(*role))
    if precise != line:
        ref.source, ref.line = source, precise


def _nearest_anchor(node: nodes.Node) -> str:
    parent = node.parent
    while parent is not None:
        if isinstance(parent, nodes.Element) and parent.get("ids") and not isinstance(parent, nodes.document):
            return parent["ids"][0]
        parent = parent.parent
    return ""


def warn_missing_reference(app, domain, node) -> bool | None:
    """`ilc.ref` for a role naming an id that does not exist."""
    if domain is None or domain.name != "ilc":
        return None
    if node.get("ilc_internal"):
        return True  # our own links (:usecase:) are checked site-wide, once
    kind = node["reftype"]
    _place_at_role(node, str(app.env.doc2path(node["refdoc"])) if node.get("refdoc") else "")
    logger.warning(
        unknown_reference(kind, node["reftarget"], domain.index.get(kind, {})),
        type=WARNING_TYPE, subtype="ref", location=node,
    )
    return True
