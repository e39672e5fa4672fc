"""The `ilc` domain: use cases and lessons as objects, roles, per-page records.

Records are kept per docname (one `PageRecords` each), so purging and merging
stay simple and clearly correct; everything site-wide comes from one
`core.site.Site` made from them.
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from docutils.utils import get_source_line
from sphinx import addnodes
from sphinx.domains import Domain, ObjType
from sphinx.roles import XRefRole
from sphinx.util import logging
from sphinx.util.nodes import make_refnode

from ..core.markup import file_lines, locate, role_in_rawsource, role_pattern
from ..core.problems import WARNING_TYPE, Problem
from ..core.records import Reference
from ..core.registry import ROLES
from ..core.site import PageRecords, Site, other_site, page_usecases
from . import nodes as ilc

logger = logging.getLogger(__name__)


def report(problems: list[Problem], docname: str, file: str | None = None, srcdir=None) -> None:
    """Log problems as Sphinx warnings of type `ilc`, located at file:line.

    The file is a problem's own `source` (relative to `srcdir`), or `file` (an
    absolute path: a file the page includes), or the page `docname`.
    """
    for problem in problems:
        where = str(Path(srcdir) / problem.source) if problem.source and srcdir is not None else file
        if problem.line:
            location = f"{where}:{problem.line}" if where else (docname, problem.line)
        else:
            location = where or docname
        logger.warning(problem.message, type=WARNING_TYPE, subtype=problem.subtype, location=location)


class IlcXRefRole(XRefRole):
    """`{lesson}` and `{usecase}` work with and without the `ilc:` prefix."""

    innernodeclass = nodes.inline

    def run(self):
        self.name = "ilc:" + self.name.rpartition(":")[2]
        return super().run()


class IlcDomain(Domain):
    name = "ilc"
    label = "Innovatieleercyclus"
    object_types = {kind: ObjType(kind, kind) for kind in ROLES.values()}
    roles = {name: IlcXRefRole(warn_dangling=True) for name in ROLES}
    initial_data = {"pages": {}, "consumes": {}, "page_hashes": {}}
    data_version = 2

    _site: Site | None = None
    #: the other sites' records, made from data["sites"] when it changes (sites.read_sites)
    _others: dict | None = None

    def page(self, docname: str) -> PageRecords:
        """The records of a page being read, to add to."""
        self._site = None
        return self.data["pages"].setdefault(docname, PageRecords())

    @property
    def site(self) -> Site:
        if self._site is None:
            if self._others is None:
                self._others = {name: other_site(name, url, documents)
                                for name, (url, documents) in sorted(self.data.get("sites", {}).items())}
            self._site = Site(self.data["pages"], self._others)
        return self._site

    def set_sites(self, sites: dict) -> None:
        """The other sites' exports as read for this build: name -> (public URL, documents or None)."""
        if sites != self.data.get("sites"):
            self.data["sites"] = sites
            self._site = self._others = None

    def process_doc(self, env, docname: str, document: nodes.document) -> None:
        page = self.data["pages"].get(docname)
        usecase_of = {}
        if page is not None:
            usecase_of, problems = page_usecases(page)
            report(problems, docname, srcdir=env.srcdir)
        consumes = set()
        roles = []
        path = Path(env.doc2path(docname)).relative_to(env.srcdir).as_posix()
        for ref in document.findall(addnodes.pending_xref):
            if ref.get("refdomain") != "ilc":
                continue
            if ref.get("ilc_retrospective") and not ref["reftarget"]:
                target = usecase_of.get(ref["ilc_retrospective"], "")
                ref["reftarget"] = target
                for inline in ref.findall(nodes.inline):
                    inline.children = [nodes.Text(target)]
            consumes.add(("object", ref["reftype"], ref["reftarget"]))
            if not ref.get("ilc_internal"):
                roles.append(Reference(ref["reftype"], ref["reftarget"], docname, path, ref.line or 0,
                                       _nearest_anchor(ref)))
        for node in document.findall(ilc.ilc_placeholder):
            key = (node["kind"], node.get("target") or node.get("filters", ()))
            # an action's facts show only under its first definition (a repeated id shows none)
            consumes.add((*key, docname) if node["kind"] == "action" else key)
        if roles:
            self.page(docname).roles.extend(roles)
        if consumes:
            self.data["consumes"][docname] = sorted(consumes)

    def clear_doc(self, docname: str) -> None:
        for key in self.initial_data:
            self.data[key].pop(docname, None)
        self._site = None

    def merge_domaindata(self, docnames, otherdata: dict) -> None:
        for key in ("pages", "consumes"):
            for docname in docnames:
                if docname in otherdata[key]:
                    self.data[key][docname] = otherdata[key][docname]
        self._site = None

    def resolve_xref(self, env, fromdocname, builder, typ, target, node, contnode):
        record = self.site.index.get(typ, {}).get(target)
        if record is None:
            remote = self.site.remote.get(typ, {}).get(target)
            if remote is None:
                return None
            text = remote.title if not node.get("refexplicit") else contnode.astext()
            return nodes.reference("", "", nodes.inline(text, text, classes=contnode.get("classes", [])),
                                   refuri=remote.url, reftitle=f"{remote.title} ({remote.site})", internal=False)
        if not node.get("refexplicit"):
            contnode = nodes.inline(record.title, record.title, classes=contnode.get("classes", []))
        return make_refnode(builder, fromdocname, record.docname, record.anchor, contnode, record.title)

    def resolve_any_xref(self, env, fromdocname, builder, target, node, contnode):
        found = []
        for typ in self.object_types:
            ref = self.resolve_xref(env, fromdocname, builder, typ, target, node, contnode)
            if ref is not None:
                found.append((f"ilc:{typ}", ref))
        return found

    def get_objects(self):
        """Every object, with its title as display name, for objects.inv (intersphinx shows
        the title as link text). Priority -1 keeps them out of Sphinx's own search index:
        its script rebuilds an object's anchor from the display name (and splits it at
        dots), so a title there gives broken links; the pages are still found by their text."""
        for kind, records in self.site.index.items():
            for ident, record in sorted(records.items()):
                if not getattr(record, "internal", False):
                    yield ident, record.title, kind, record.docname, record.anchor, -1


def _nearest_anchor(node: nodes.Node) -> str:
    """The id of the nearest element around the node; "" for the page's title section
    (a link to the page itself: in LaTeX the page title is the chapter, without that id)."""
    parent = node.parent
    while parent is not None and not isinstance(parent, nodes.document):
        if isinstance(parent, nodes.Element) and parent.get("ids"):
            title_section = isinstance(parent.parent, nodes.document) and parent is parent.parent.next_node(nodes.section)
            return "" if title_section else parent["ids"][0]
        parent = parent.parent
    return ""


def warn_missing_reference(app, domain, node) -> bool | None:
    """`ilc.ref` for a role naming an id that does not exist, at the role's own line."""
    if domain is None or domain.name != "ilc":
        return None
    if node.get("ilc_internal") or domain.site.known(node["reftype"], node["reftarget"]):
        return True  # our own links (:usecase:) are checked site-wide, once; a lesson not read yet is not unknown
    role = role_in_rawsource(node.rawsource)
    source, line = get_source_line(node)
    if role is not None and line:
        # MyST and docutils give the role its paragraph's first line
        source = source or (str(app.env.doc2path(node["refdoc"])) if node.get("refdoc") else "")
        precise = locate(file_lines(source), line, role_pattern(*role))
        if precise != line:
            node.source, node.line = source, precise
    logger.warning(domain.site.unknown_message(node["reftype"], node["reftarget"]),
                   type=WARNING_TYPE, subtype="ref", location=node)
    return True
