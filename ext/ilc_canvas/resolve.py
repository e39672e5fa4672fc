"""Fill listings, a canvas's retrospectives and lesson backlinks at write time.

Runs as a post-transform before Sphinx resolves references, for every builder,
with the whole site's data at hand (see queries.py for what is shown).
"""

from __future__ import annotations

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.nodes import make_refnode

from . import nodes as ilc
from .queries import backlinks, lesson_rows, usecase_retrospectives, usecase_rows
from .schema import choice_label, label, language_of, phase_label


class FillPlaceholders(SphinxPostTransform):
    default_priority = 5  # before ReferencesResolver (10)

    def run(self, **kwargs) -> None:
        self.lang = language_of(self.config.language)
        self.domain = self.env.get_domain("ilc")
        self.fromdocname = self.env.current_document.docname
        for node in list(self.document.findall(ilc.ilc_placeholder)):
            render = getattr(self, f"render_{node['kind']}")
            node.replace_self(render(node))

    def t(self, key: str) -> str:
        return label(key, self.lang)

    def link(self, text: str, docname: str, anchor: str) -> nodes.Node:
        if not docname:
            return nodes.Text(text)
        return make_refnode(self.env._app.builder, self.fromdocname, docname, anchor, nodes.Text(text))

    def choice(self, key: str, value: str) -> str:
        return choice_label(key, value, self.lang)

    # -- lessons --------------------------------------------------------

    def render_lessons(self, node) -> list[nodes.Node]:
        rows = lesson_rows(self.domain, node["filters"])
        if not rows:
            return [nodes.paragraph(self.t("no_lessons"), self.t("no_lessons"), classes=["ilc-empty"])]
        layout = node.get("layout", "table")
        if layout == "table":
            header = [self.t("title"), self.t("usecase"), self.t("date"), self.t("themes"), self.t("stroom"), self.t("aspect")]
            body = [
                [self.link(title, doc, anchor), self.link(*usecase), date, ", ".join(themes),
                 self.choice("stroom", stroom), self.choice("aspect", aspect)]
                for title, doc, anchor, usecase, date, themes, stroom, aspect in rows
            ]
            return [table(self.t("lessons_caption"), header, body, ["ilc-listing", "ilc-lessons-table"], node["ident"])]
        items = nodes.bullet_list(classes=["ilc-listing", f"ilc-lessons-{layout}"], ids=[node["ident"]])
        for title, doc, anchor, usecase, date, themes, stroom, aspect in rows:
            item = nodes.list_item()
            if layout == "cards":
                item += nodes.paragraph("", "", nodes.strong("", "", self.link(title, doc, anchor)), classes=["ilc-card-title"])
                meta = [nodes.Text(f"{self.t('usecase')}: "), self.link(*usecase)]
                for key, value in (("date", date), ("themes", ", ".join(themes)),
                                   ("stroom", self.choice("stroom", stroom)), ("aspect", self.choice("aspect", aspect))):
                    if value:
                        meta.append(nodes.Text(f" · {self.t(key)}: {value}"))
                item += nodes.paragraph("", "", *meta, classes=["ilc-card-meta"])
            else:
                item += nodes.paragraph("", "", self.link(title, doc, anchor), nodes.Text(" ("),
                                        self.link(*usecase), nodes.Text(f", {date})" if date else ")"))
            items += item
        return [items]

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
                [self.link(title, doc, anchor), owner, phase_label(phase, self.lang), self.choice("status", status),
                 str(retros), str(lessons)]
                for title, doc, anchor, owner, phase, status, retros, lessons in rows
            ]
            return [table(self.t("usecases_caption"), header, body, ["ilc-listing", "ilc-usecases-table"], node["ident"])]
        items = nodes.bullet_list(classes=["ilc-listing", f"ilc-usecases-{layout}"], ids=[node["ident"]])
        for title, doc, anchor, owner, phase, status, retros, lessons in rows:
            text = (f" ({owner}; {self.t('phase').lower()}: {phase_label(phase, self.lang)}; "
                    f"{retros} {self.t('count_retrospectives').lower()}, {lessons} {self.t('count_lessons').lower()})")
            items += nodes.list_item("", nodes.paragraph("", "", self.link(title, doc, anchor), nodes.Text(text)))
        return [items]

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


def table(caption: str, header: list[str], rows: list[list], classes: list[str], ident: str) -> nodes.table:
    tbl = nodes.table(classes=classes, ids=[ident])
    tbl += nodes.title(caption, caption)
    group = nodes.tgroup(cols=len(header))
    tbl += group
    for _ in header:
        group += nodes.colspec(colwidth=1)
    head = nodes.thead()
    head += nodes.row("", *(nodes.entry("", nodes.paragraph(h, h)) for h in header))
    group += head
    body = nodes.tbody()
    for cells in rows:
        row = nodes.row()
        for cell in cells:
            content = nodes.paragraph(cell, cell) if isinstance(cell, str) else nodes.paragraph("", "", cell)
            row += nodes.entry("", content)
        body += row
    group += body
    return tbl
