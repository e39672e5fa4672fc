"""Fill listings, a canvas's retrospectives and lesson backlinks at write time.

Runs as a post-transform before Sphinx resolves references, for every builder,
with the whole site's data at hand (see queries.py for what is shown).
"""

from __future__ import annotations

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.nodes import make_refnode

from . import nodes as ilc
from .listing_rows import Link, Para, Row, bullet_list, rows_node, table_body
from .queries import backlinks, lesson_rows, usecase_retrospectives, usecase_rows
from .schema import choice_label, label, language_of, phase_label


# Builders that get a listing's rows as one node of data (listing_rows.py).
ROWS_AS_HTML = frozenset({"html", "dirhtml"})


class FillPlaceholders(SphinxPostTransform):
    default_priority = 5  # before ReferencesResolver (10)

    def run(self, **kwargs) -> None:
        self.lang = language_of(self.config.language)
        self.domain = self.env.get_domain("ilc")
        self.fromdocname = self.env.current_document.docname
        self._uris: dict[str, str] = {}
        for node in list(self.document.findall(ilc.ilc_placeholder)):
            render = getattr(self, f"render_{node['kind']}")
            node.replace_self(render(node))

    def t(self, key: str) -> str:
        return label(key, self.lang)

    def link(self, text: str, docname: str, anchor: str) -> nodes.Node:
        if not docname:
            return nodes.Text(text)
        return make_refnode(self.env._app.builder, self.fromdocname, docname, anchor, nodes.Text(text))

    def link_part(self, part: Link) -> nodes.Node:
        return self.link(*part)

    def choice(self, key: str, value: str) -> str:
        return choice_label(key, value, self.lang)

    # -- listings -------------------------------------------------------

    def rows_as_html(self) -> bool:
        # Only where the translator is the one visit_listing_rows imitates and no
        # later pass rewrites references (singlehtml and epub do).
        return self.env._app.builder.name in ROWS_AS_HTML

    def href(self, docname: str, anchor: str) -> str:
        """The link target make_refnode would give, cached per page."""
        if docname == self.fromdocname and anchor:
            return f"#{anchor}"
        uri = self._uris.get(docname)
        if uri is None:
            uri = self._uris[docname] = self.env._app.builder.get_relative_uri(self.fromdocname, docname)
        return f"{uri}#{anchor}" if anchor else uri

    def listing_table(self, caption: str, header: list[str], rows: list[Row], classes: list[str],
                      ident: str) -> list[nodes.Node]:
        tbl = table(caption, header, classes, ident)
        if self.rows_as_html():
            tbl[1] += rows_node("table", rows, self.href)
        else:
            tbl[1] += table_body(rows, self.link_part)
        return [tbl]

    def listing_list(self, items: list[Row], classes: list[str], ident: str) -> list[nodes.Node]:
        if self.rows_as_html():
            return [rows_node("list", items, self.href, classes=classes, ids=[ident])]
        return [bullet_list(items, self.link_part, classes, [ident])]

    # -- lessons --------------------------------------------------------

    def render_lessons(self, node) -> list[nodes.Node]:
        rows = lesson_rows(self.domain, node["filters"])
        if not rows:
            return [nodes.paragraph(self.t("no_lessons"), self.t("no_lessons"), classes=["ilc-empty"])]
        layout = node.get("layout", "table")
        if layout == "table":
            header = [self.t("title"), self.t("usecase"), self.t("date"), self.t("themes"), self.t("stroom"), self.t("aspect")]
            body = [
                (Para((Link(title, doc, anchor),)), Para((Link(*usecase),)), Para((date,)),
                 Para((", ".join(themes),)), Para((self.choice("stroom", stroom),)),
                 Para((self.choice("aspect", aspect),)))
                for title, doc, anchor, usecase, date, themes, stroom, aspect in rows
            ]
            return self.listing_table(self.t("lessons_caption"), header, body,
                                      ["ilc-listing", "ilc-lessons-table"], node["ident"])
        items = []
        for title, doc, anchor, usecase, date, themes, stroom, aspect in rows:
            if layout == "cards":
                meta = [f"{self.t('usecase')}: ", Link(*usecase)]
                for key, value in (("date", date), ("themes", ", ".join(themes)),
                                   ("stroom", self.choice("stroom", stroom)), ("aspect", self.choice("aspect", aspect))):
                    if value:
                        meta.append(f" · {self.t(key)}: {value}")
                items.append((Para((Link(title, doc, anchor),), ("ilc-card-title",), strong=True),
                              Para(tuple(meta), ("ilc-card-meta",))))
            else:
                items.append((Para((Link(title, doc, anchor), " (", Link(*usecase), f", {date})" if date else ")")),))
        return self.listing_list(items, ["ilc-listing", f"ilc-lessons-{layout}"], node["ident"])

    # -- use cases ------------------------------------------------------

    def render_usecases(self, node) -> list[nodes.Node]:
        rows = usecase_rows(self.domain, node["filters"])
        if not rows:
            return [nodes.paragraph(self.t("no_usecases"), self.t("no_usecases"), classes=["ilc-empty"])]
        layout = node.get("layout", "table")
        if layout == "table":
            header = [self.t("usecase"), self.t("owner"), self.t("phase"), self.t("status"),
                      self.t("count_retrospectives"), self.t("count_lessons")]
            body = [
                tuple(Para((cell,)) for cell in (
                    Link(title, doc, anchor), owner, phase_label(phase, self.lang), self.choice("status", status),
                    str(retros), str(lessons)))
                for title, doc, anchor, owner, phase, status, retros, lessons in rows
            ]
            return self.listing_table(self.t("usecases_caption"), header, body,
                                      ["ilc-listing", "ilc-usecases-table"], node["ident"])
        items = [
            (Para((Link(title, doc, anchor),
                   f" ({owner}; {self.t('phase').lower()}: {phase_label(phase, self.lang)}; "
                   f"{retros} {self.t('count_retrospectives').lower()}, {lessons} {self.t('count_lessons').lower()})")),)
            for title, doc, anchor, owner, phase, status, retros, lessons in rows
        ]
        return self.listing_list(items, ["ilc-listing", f"ilc-usecases-{layout}"], node["ident"])

    # -- a canvas's retrospectives, a lesson's backlinks -----------------

    def render_retrospectives(self, node) -> list[nodes.Node]:
        block = ilc.ilc_block(ids=[node["ident"]], classes=["ilc-block", "ilc-retrospectives"])
        block += ilc.ilc_heading(self.t("retrospectives"), self.t("retrospectives"),
                                 ids=[f"{node['ident']}-title"], level=2, classes=["ilc-heading"])
        retros = usecase_retrospectives(self.domain, node["target"])
        if not retros:
            block += nodes.paragraph(self.t("no_retrospectives"), self.t("no_retrospectives"), classes=["ilc-empty"])
            return [block]
        items = nodes.bullet_list()
        for date, title, doc, anchor, lessons in retros:
            item = nodes.list_item("", nodes.paragraph("", "", nodes.Text(f"{date}: " if date else ""),
                                                       self.link(title, doc, anchor)))
            if lessons:
                item += nodes.bullet_list("", *(nodes.list_item("", nodes.paragraph("", "", self.link(*lesson)))
                                                for lesson in lessons))
            items += item
        block += items
        return [block]

    def render_backlinks(self, node) -> list[nodes.Node]:
        links = backlinks(self.env, self.domain, node["target"])
        if not links:
            return []
        para = nodes.paragraph("", f"{self.t('referenced_from')}: ", classes=["ilc-backlinks"])
        for i, (doc, anchor, title) in enumerate(links):
            if i:
                para += nodes.Text(", ")
            para += self.link(title, doc, anchor)
        return [para]


def table(caption: str, header: list[str], classes: list[str], ident: str) -> nodes.table:
    """A listing's table up to its header; the caller adds the body to tbl[1] (the tgroup)."""
    tbl = nodes.table(classes=classes, ids=[ident])
    tbl += nodes.title(caption, caption)
    group = nodes.tgroup(cols=len(header))
    tbl += group
    for _ in header:
        group += nodes.colspec(colwidth=1)
    head = nodes.thead()
    head += nodes.row("", *(nodes.entry("", nodes.paragraph(h, h)) for h in header))
    group += head
    return tbl
