"""What a page shows of other pages: listings, a canvas's retrospectives, a lesson's backlinks.

`shown` gives each as plain values (from `core.site.Site`), which
`on_env_updated` fingerprints, so a page is written again exactly when they change;
`FillPlaceholders` renders the same values at write time, for every builder.

A listing has a row per matching lesson or use case. As docutils nodes a row
is some fifteen nodes, which every post-transform, the HTML translator, the
search indexer and the garbage collector then walk; on a site with thousands of
lessons that made rewriting the lessons page most of a one-lesson edit
(benchmarks/README.md, finding 3). For the html and dirhtml builders the rows
therefore stay data in one `ilc_listing_rows` node, which `visit_listing_rows`
writes exactly as Sphinx's HTML translator writes the nodes
(tests/test_listing_rows.py compares the two byte for byte). Every other
builder, and a translator in which a theme or extension has changed how any of
the imitated nodes is written, gets the nodes.
"""

from __future__ import annotations

import hashlib

from typing import NamedTuple

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.nodes import make_refnode
from sphinx.writers.html5 import HTML5Translator

from ..core.listing import filter_terms
from ..core.records import external
from ..core.reading import ASPECTS, STROMEN, phase_keys
from ..core.schema import LANGUAGES, choice_label, label, language_of, phase_label
from .directives import site_schema
from . import nodes as ilc
from .domain import report
from . import search, sites
from .nodes import meter_html


def page_title(env, docname: str) -> str:
    title = env.titles.get(docname)
    return title.astext() if title is not None else docname


def backlinks(env, site, lesson_id: str) -> list[tuple[str, str, str]]:
    """(docname, anchor, page title) of every page that refers to the lesson,
    once per page, linked at its first reference there."""
    return sorted((docname, anchor, page_title(env, docname)) for docname, anchor in site.backlinks(lesson_id).items())


def on_env_updated(app, env) -> list[str]:
    """env-updated, after every read (and parallel merge): the pages whose fingerprint of
    what they show from elsewhere changed since they were last written, for Sphinx to
    write again (CONTRACT 3.3); pages whose data did not change are left alone. The
    site-wide problems (duplicates, unknown use cases in options) are reported here,
    on every build."""
    domain = env.get_domain("ilc")
    site = domain.site
    checked = [ref for page in site.pages.values() for ref in page.checked]
    for problem in site.duplicates() + site.unknown(checked):
        report([problem], "", srcdir=env.srcdir)
    stale = []
    hashes = domain.data["page_hashes"]
    for docname, keys in sorted(domain.data["consumes"].items()):
        values = [(key, shown(env, site, key)) for key in keys]
        digest = hashlib.sha256(repr(values).encode()).hexdigest()
        if hashes.get(docname) != digest:
            hashes[docname] = digest
            stale.append(docname)
    return stale


def shown(env, site, key: tuple):
    """The current value of one thing a page shows from elsewhere (see domain.process_doc)."""
    kind = key[0]
    if kind == "object":
        return site.object_info(key[1], key[2])
    if kind == "backlinks":
        return backlinks(env, site, key[1])
    if kind == "retrospectives":
        return site.retrospectives_of(key[1])
    if kind == "lessons":
        return site.lesson_rows(key[1])
    if kind == "lesson-finder":  # its script merges the other sites' indexes that the output holds
        return site.lesson_rows(key[1]), sites.copied_indexes(env._app, search.RECORDS_BUNDLE)
    if kind == "usecases":
        return site.usecase_rows(key[1])
    if kind == "actions":
        return site.action_rows(key[1])
    if kind == "open_actions":
        return site.action_rows((), key[1])
    if kind == "action":
        action = site.index["action"].get(key[1])
        return site.action_facts(key[1]) if action and action.docname == key[2] else None
    if kind == "applied":
        return site.applied_in(key[1])
    raise ValueError(f"unknown dependency {key!r}")


# Builders that get a listing's rows as one node of data (see the module docstring).
ROWS_AS_HTML = frozenset({"html", "dirhtml"})


class FillPlaceholders(SphinxPostTransform):
    default_priority = 5  # before ReferencesResolver (10)

    def run(self, **kwargs) -> None:
        self.lang = language_of(self.config.language)
        self.site = self.env.get_domain("ilc").site
        current = self.env.current_document.docname
        self._uris: dict[tuple[str, str], str] = {}
        for node in list(self.document.findall(ilc.ilc_placeholder)):
            # the page the placeholder stands on: singlehtml and latex merge pages into one tree
            self.fromdocname = node.get("docname") or current
            node.replace_self(getattr(self, f"render_{node['kind'].replace('-', '_')}")(node))

    def t(self, key: str) -> str:
        return label(key, self.lang)

    def link(self, text: str, docname: str, anchor: str) -> nodes.Node:
        if not docname:
            return nodes.Text(text)
        if external(docname):
            return nodes.reference(text, text, refuri=docname, internal=False)
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
        if external(docname):
            return docname
        if docname == self.fromdocname and anchor:
            return f"#{anchor}"
        uri = self._uris.get((self.fromdocname, docname))
        if uri is None:
            uri = self._uris[self.fromdocname, docname] = self.env._app.builder.get_relative_uri(self.fromdocname, docname)
        return f"{uri}#{anchor}" if anchor else uri

    def listing_table(self, caption: str, header: list[str], rows: list[Row], classes: list[str],
                      ident: str, widths: tuple[int, ...]) -> list[nodes.Node]:
        tbl = table(caption, header, classes, ident, widths, self.env._app.builder.format)
        if self.rows_as_html():
            tbl[1] += rows_node("table", rows, self.href)
        else:
            tbl[1] += table_body(rows, self.link_part)
        return [tbl]

    def listing_list(self, items: list[Row], classes: list[str], ident: str) -> list[nodes.Node]:
        if self.rows_as_html():
            return [rows_node("list", items, self.href, classes=classes, ids=[ident])]
        return [bullet_list(items, self.link_part, classes, [ident])]

    def layout(self, node, in_text: str) -> str:
        """The listing's layout; a table is a list in text output, where six columns
        in 80 characters would break every word."""
        layout = node.get("layout", "table")
        return in_text if layout == "table" and self.env._app.builder.format == "text" else layout

    # -- lessons --------------------------------------------------------

    def render_lessons(self, node) -> list[nodes.Node]:
        rows = self.site.lesson_rows(node["filters"])
        if not rows:
            return [nodes.paragraph(self.t("no_lessons"), self.t("no_lessons"), classes=["ilc-empty"])]
        layout = self.layout(node, "cards")
        if layout == "matrix":
            return self.matrix(node, rows)
        if layout == "table":
            header = [self.t("title"), self.t("usecase"), self.t("date"), self.t("themes"), self.t("stroom"), self.t("aspect")]
            body = [
                (Para((Link(title, doc, anchor),)), Para((Link(*usecase),)), Para((date,)),
                 Para((", ".join(themes),)), Para((self.choice("stroom", stroom),)),
                 Para((self.choice("aspect", aspect),)))
                for title, doc, anchor, usecase, date, themes, stroom, aspect in rows
            ]
            return self.listing_table(self.t("lessons_caption"), header, body,
                                      ["ilc-listing", "ilc-lessons-table"], node["ident"], (30, 22, 14, 14, 10, 10))
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

    def render_lesson_finder(self, node) -> list[nodes.Node]:
        """The full lessons table; in HTML with Pagefind, inside the finder, whose script
        (static/ilc-finder.js) puts the search in the table's place."""
        static = self.render_lessons(node)
        if not search.enabled(self.env._app):
            return static
        text = {"search": self.t("finder_search"), "more": self.t("finder_more"), "none": self.t("no_lessons"),
                "one": self.t("finder_one"), "many": self.t("finder_many"), "clear": self.t("finder_clear"),
                "unknown": self.t("finder_unknown"), "empty": self.t("finder_empty"), "filter": self.t("finder_filter"),
                "filters": self.t("finder_filters"), "chosen": self.t("finder_chosen"),
                "none_chosen": self.t("finder_none_chosen"),
                "groups": {name: self.t(key) for name, key in search.FILTER_LABELS.items()},
                # a group's name in a sentence: one value of it, lower case ("thema ‘data’")
                "group": {name: self.t(search.SINGULAR.get(key, key)).lower() for name, key in search.FILTER_LABELS.items()},
                "names": self.finder_names(),
                # the phases in the order of the cycle; other groups' values alphabetically
                "order": {"fase": [phase_label(key, self.lang) for key in phase_keys()]},
                "aliases": self.finder_aliases()}
        app = (f'<div class="ilc-finder-app" id="{node["ident"]}-app" hidden '
               f'data-labels="{search.data_attribute(text)}" data-base="{search.data_attribute(self.finder_base(node))}" '
               f'data-sites="{search.data_attribute(sites.copied_indexes(self.env._app, search.RECORDS_BUNDLE))}"></div>\n')
        finder = nodes.container(classes=["ilc-finder"])
        finder += nodes.raw("", app, format="html")
        finder += nodes.container("", *static, classes=["ilc-finder-static"])
        return [finder]

    def finder_aliases(self) -> dict[str, dict[str, str]]:
        """What an address may give for a choice besides what the finder shows (its filter
        values): a choice as the YAML writes it, its label in either language, a use case's
        id; lower case, as the finder compares them (a link written by hand, or by a team
        that knows its YAML: ?stroom=onder). Every choice the site knows is here, so the
        finder can tell one that no lesson on its page has from one that does not exist."""
        def names(keys, name) -> dict[str, str]:
            return {alias.lower(): name(key, self.lang) for key in keys
                    for alias in (key, *(name(key, lang) for lang in LANGUAGES))}

        return {"stroom": names(STROMEN, lambda key, lang: choice_label("stroom", key, lang)),
                "aspect": names(ASPECTS, lambda key, lang: choice_label("aspect", key, lang)),
                "fase": names(phase_keys(), phase_label),
                "usecase": {alias.lower(): usecase.title for ident, usecase in self.site.index["usecase"].items()
                            if usecase.title for alias in (ident, usecase.title)},
                "eigenaar": {u.owner.lower(): u.owner for u in self.site.index["usecase"].values() if u.owner},
                "jaar": {lesson.date[:4]: lesson.date[:4] for lesson in self.site.index["lesson"].values()
                         if lesson.date and not lesson.internal}}

    @staticmethod
    def finder_names() -> dict[str, str]:
        """What an address may call a group besides its own name: the option's name and the
        group's label in either language, also in the singular, lower case (?phase=,
        ?themes=, ?theme=, ?Eigenaar=)."""
        return {alias.lower(): name for name, key in search.FILTER_LABELS.items()
                for label_key in {key, search.SINGULAR.get(key, key)}
                for alias in (label_key, *(label(label_key, lang) for lang in LANGUAGES)) if alias.lower() != name}

    def finder_base(self, node) -> dict:
        """The finder's :usecase: filter as Pagefind's, which knows use cases by their titles."""
        value = dict(node["filters"]).get("usecase")
        if not value:
            return {}
        usecases = self.site.index["usecase"]
        titles = [{usecases[i].title if i in usecases else i for i in part} for part in filter_terms(value)]
        return {"usecase": {k: sorted(v) for k, v in zip(("any", "none"), titles) if v}}

    def matrix(self, node, rows) -> list[nodes.Node]:
        """The handbook's 2 x 2 of the method's two axes (stroom x aspect): a table of counts,
        each a bar and a link to its lessons, listed under it (its text equivalent)."""
        ident, total = node["ident"], len(rows)
        cells = {(s, a): [r for r in rows if (r[6], r[7]) == (s, a)] for s in STROMEN for a in ASPECTS}
        unsorted = [r for r in rows if (r[6], r[7]) not in cells]
        corner = f"{self.t('stroom')} / {self.t('aspect')}"
        tbl = table(self.t("matrix_caption"), [corner, *(self.choice("aspect", a) for a in ASPECTS)],
                    ["ilc-listing", "ilc-matrix"], ident, (30, 35, 35), self.env._app.builder.format, stub=True)
        body = nodes.tbody()
        for stroom in STROMEN:
            row = nodes.row("", nodes.entry("", nodes.paragraph(self.choice("stroom", stroom),
                                                                self.choice("stroom", stroom))))
            for aspect in ASPECTS:
                count = len(cells[stroom, aspect])
                text = self.t("lesson_count_one") if count == 1 else self.t("lessons_count").format(count=count)
                cell = nodes.paragraph("", "", ilc.ilc_meter("", "", value=count, maximum=max(total, 1)))
                cell += self.link(text, self.fromdocname, f"{ident}-{stroom}-{aspect}") if count else nodes.Text(text)
                row += nodes.entry("", cell)
            body += row
        tbl[1] += body
        found: list[nodes.Node] = [tbl]
        groups = [((stroom, aspect), f"{self.choice('stroom', stroom)} · {self.choice('aspect', aspect)}", lessons)
                  for (stroom, aspect), lessons in cells.items() if lessons]
        if unsorted:
            groups.append((("", ""), self.t("matrix_unsorted"), unsorted))
        for (stroom, aspect), heading, lessons in groups:
            anchor = f"{ident}-{stroom}-{aspect}" if stroom else f"{ident}-unsorted"
            found.append(nodes.paragraph("", "", nodes.strong(f"{heading} ({len(lessons)})", f"{heading} ({len(lessons)})"),
                                         ids=[anchor], classes=["ilc-matrix-cell"]))
            found.append(nodes.bullet_list("", *(nodes.list_item("", nodes.paragraph("", "", self.link(*r[:3])))
                                                 for r in lessons), classes=["ilc-matrix-lessons"]))
        return found

    # -- use cases ------------------------------------------------------

    def render_usecases(self, node) -> list[nodes.Node]:
        rows = self.site.usecase_rows(node["filters"])
        if not rows:
            return [nodes.paragraph(self.t("no_usecases"), self.t("no_usecases"), classes=["ilc-empty"])]
        layout = self.layout(node, "list")
        total = len(site_schema(self.env).blocks)

        def filled(count: int) -> Meter:
            return Meter(count, total, self.t("filled_of").format(filled=count, total=total))

        if layout == "timeline":
            return self.timeline(node, rows, filled)
        if layout == "table":
            header = [self.t("usecase"), self.t("owner"), self.t("phase"), self.t("status"),
                      self.t("count_retrospectives"), self.t("count_lessons")]
            # how full the canvas is stands under its title: a seventh column did not fit
            # a theme's content column (sphinx-rtd-theme, pydata-sphinx-theme at 720px)
            body = [
                (Para((Link(title, doc, anchor), " ", filled(count))),
                 *(Para((cell,)) for cell in (owner, phase_label(phase, self.lang), self.choice("status", status),
                                             str(retros), str(lessons))))
                for title, doc, anchor, owner, phase, status, retros, lessons, count, _id in rows
            ]
            return self.listing_table(self.t("usecases_caption"), header, body, ["ilc-listing", "ilc-usecases-table"],
                                      node["ident"], (30, 20, 20, 10, 10, 10))
        items = [
            (Para((Link(title, doc, anchor),
                   f" ({owner}; {self.t('phase').lower()}: {phase_label(phase, self.lang)}; "
                   f"{retros} {self.t('count_retrospectives').lower()}, {lessons} {self.t('count_lessons').lower()}; ",
                   filled(count), ")")),)
            for title, doc, anchor, owner, phase, status, retros, lessons, count, _id in rows
        ]
        return self.listing_list(items, ["ilc-listing", f"ilc-usecases-{layout}"], node["ident"])

    def timeline(self, node, rows, filled) -> list[nodes.Node]:
        """Each use case's retrospectives on one time axis, with their lessons: a picture in HTML
        (the marks placed by date) that is a list of lists to read; a table elsewhere."""
        usecases = [(row, self.site.retrospectives_of(row[9])) for row in rows]
        dates = sorted(r[0] for _row, retros in usecases for r in retros if r[0])
        first, last = (dates[0], dates[-1]) if dates else ("", "")
        if self.env._app.builder.format != "html":
            header = [self.t("usecase"), self.t("date"), self.t("retrospective"), self.t("count_lessons")]
            body = [(Para((Link(*row[:3]),)), Para((date,)), Para((Link(title, doc, anchor),)), Para((str(len(lessons)),)))
                    for row, retros in usecases for date, title, doc, anchor, lessons in retros]
            return self.listing_table(self.t("timeline_caption"), header, body, ["ilc-listing", "ilc-timeline-table"],
                                      node["ident"], (28, 17, 40, 15))
        figure = ilc.ilc_figure(ids=[node["ident"]], classes=["ilc-listing", "ilc-timeline"])
        caption = f"{self.t('timeline_caption')}: {first} – {last}" if first else self.t("timeline_caption")
        figure += ilc.ilc_caption(caption, caption, classes=["ilc-timeline-caption"])
        tracks = nodes.bullet_list(classes=["ilc-timeline-usecases"])
        for row, retros in usecases:
            track = nodes.bullet_list(classes=["ilc-timeline-track"])
            for date, title, doc, anchor, lessons in retros:
                count = self.t("lesson_count_one") if len(lessons) == 1 else self.t("lessons_count").format(count=len(lessons))
                mark = ilc.ilc_mark(at=_position(date, first, last), classes=["ilc-timeline-mark"])
                mark += nodes.paragraph("", "", nodes.Text(f"{date}: " if date else ""), self.link(title, doc, anchor),
                                        nodes.Text(f" ({count})"))
                track += mark
            item = nodes.list_item("", para_node(Para((Link(*row[:3]), " ", filled(row[8])), ("ilc-timeline-usecase",)),
                                                 self.link_part))
            if retros:
                item += track
            tracks += item
        figure += tracks
        return [figure]


    # -- actions ------------------------------------------------------------

    def action_parts(self, row) -> tuple:
        """The facts of an action as text parts: owner, due date, status, and its reports."""
        _text, _doc, _anchor, _usecase, owner, due, status, history, _id = row
        parts = [f"{self.t(key)}: {value}" for key, value in (("owner", owner), ("due", due)) if value]
        parts.append(f"{self.t('status')}: {self.choice('action_status', status)}")
        return " · ".join(parts), history

    def render_actions(self, node) -> list[nodes.Node]:
        rows = self.site.action_rows(node["filters"])
        if not rows:
            return [nodes.paragraph(self.t("no_actions"), self.t("no_actions"), classes=["ilc-empty"])]
        layout = self.layout(node, "cards")
        if layout == "table":
            header = [self.t("action"), self.t("usecase"), self.t("owner"), self.t("due"), self.t("status"),
                      self.t("history")]
            body = [(Para((Link(text, doc, anchor),)), Para((Link(*usecase),)), Para((owner,)), Para((due,)),
                     Para((self.choice("action_status", status),)),
                     Para(tuple(self.history_parts(history))))
                    for text, doc, anchor, usecase, owner, due, status, history, _id in rows]
            return self.listing_table(self.t("actions_caption"), header, body, ["ilc-listing", "ilc-actions-table"],
                                      node["ident"], (32, 18, 14, 12, 10, 14))
        items = []
        for row in rows:
            text, doc, anchor, usecase = row[:4]
            facts, history = self.action_parts(row)
            meta = (f"{self.t('usecase')}: ", Link(*usecase), f" · {facts}",
                    *((" · ", *self.history_parts(history)) if history else ()))
            items.append((Para((Link(text, doc, anchor),), ("ilc-card-title",), strong=layout == "cards"),
                          Para(meta, ("ilc-card-meta",))))
        return self.listing_list(items, ["ilc-listing", f"ilc-actions-{layout}"], node["ident"])

    def history_parts(self, history) -> list:
        """Each report as `date: status`, linked to where it was given."""
        parts: list = []
        for date, status, _note, doc, anchor, _title in history:
            if parts:
                parts.append("; ")
            parts.append(Link(f"{date}: {self.choice('action_status', status)}", doc, anchor))
        return parts

    def render_open_actions(self, node) -> list[nodes.Node]:
        items = [nodes.list_item("", nodes.paragraph("", "", self.link(*row[:3]),
                                                     nodes.Text(f" ({self.action_parts(row)[0]})")))
                 for row in self.site.action_rows((), node["target"])]
        return self.block_of(node, "open_actions", "ilc-open-actions", items, "no_open_actions")

    def render_action(self, node) -> list[nodes.Node]:
        """Under an action with an id: who, when, its current status and the reports on it."""
        action = self.site.index["action"].get(node["target"])
        if action is None or action.docname != node["docname"]:
            return []  # a repeated id: the first action is the one followed up
        owner, due, status, history = self.site.action_facts(action.id)
        row = (action.title, action.docname, action.anchor, None, owner, due, status, history, action.id)
        facts, history = self.action_parts(row)
        para = nodes.paragraph("", facts, classes=["ilc-action-meta"])
        for i, (date, status, _note, doc, anchor, _title) in enumerate(history):
            para += nodes.Text("; " if i else f" · {self.t('followed_up_in')}: ")
            para += self.link(f"{date}: {self.choice('action_status', status)}", doc, anchor)
        return [para]

    def render_applied(self, node) -> list[nodes.Node]:
        return self.links_line("applied_in", "ilc-applied", self.site.applied_in(node["target"]))

    # -- a canvas's retrospectives, a lesson's backlinks -----------------

    def render_retrospectives(self, node) -> list[nodes.Node]:
        items = []
        for date, title, doc, anchor, lessons in self.site.retrospectives_of(node["target"]):
            item = nodes.list_item("", nodes.paragraph("", "", nodes.Text(f"{date}: " if date else ""),
                                                       self.link(title, doc, anchor)))
            if lessons:
                item += nodes.bullet_list("", *(nodes.list_item("", nodes.paragraph("", "", self.link(*lesson)))
                                                for lesson in lessons))
            items.append(item)
        return self.block_of(node, "retrospectives", "ilc-retrospectives", items, "no_retrospectives")

    def block_of(self, node, title: str, css: str, items: list[nodes.list_item], empty: str) -> list[nodes.Node]:
        """A canvas's block of what other pages hold: a heading, and a list or a line saying there is none."""
        block = ilc.ilc_block(ids=[node["ident"]], classes=["ilc-block", css])
        block += ilc.ilc_heading(self.t(title), self.t(title), ids=[f"{node['ident']}-title"], level=2,
                                 classes=["ilc-heading"])
        block += nodes.bullet_list("", *items) if items else \
            nodes.paragraph(self.t(empty), self.t(empty), classes=["ilc-empty"])
        return [block]

    def render_backlinks(self, node) -> list[nodes.Node]:
        links = [(title, doc, anchor) for doc, anchor, title in backlinks(self.env, self.site, node["target"])]
        return self.links_line("referenced_from", "ilc-backlinks", links)

    def links_line(self, key: str, css: str, links: list[tuple[str, str, str]]) -> list[nodes.Node]:
        """`Label: link, link`, or nothing when there are no links."""
        if not links:
            return []
        para = nodes.paragraph("", f"{self.t(key)}: ", classes=[css])
        for i, link in enumerate(links):
            if i:
                para += nodes.Text(", ")
            para += self.link(*link)
        return [para]


def _position(date: str, first: str, last: str) -> int:
    """Where a date stands between the first and the last, in per cent."""
    import datetime

    if not (date and first and last) or first == last:
        return 0
    day = datetime.date.fromisoformat
    try:
        return round(100 * (day(date) - day(first)).days / (day(last) - day(first)).days)
    except ValueError:
        return 0


def table(caption: str, header: list[str], classes: list[str], ident: str, widths: tuple[int, ...],
          output: str, stub: bool = False) -> nodes.table:
    """A listing's table up to its header; the caller adds the body to tbl[1] (the tgroup).

    `widths` are the columns' shares (in per cent), so that the table fits the
    page in LaTeX and in 80 columns of text; HTML lets the browser decide. With
    `stub`, the first column heads its rows.
    """
    latex = output == "latex"
    tbl = nodes.table(classes=classes + (["colwidths-given"] if latex else []), ids=[ident])
    tbl += nodes.title(caption, caption)
    group = nodes.tgroup(cols=len(header))
    tbl += group
    for i, width in enumerate(widths):
        # the text writer takes colwidth as characters: the shares of 66, which with the
        # borders and padding fits 80 columns
        colwidth = width if latex else max(len(header[i]) + 1, width * 66 // 100) if output == "text" else 1
        group += nodes.colspec(colwidth=colwidth, **({"stub": 1} if stub and i == 0 else {}))
    head = nodes.thead()
    head += nodes.row("", *(nodes.entry("", nodes.paragraph(h, h)) for h in header))
    group += head
    return tbl


# -- rows: as nodes, or as data for the HTML visitor ------------------------------

# The translator's methods whose output visit_listing_rows writes itself.
IMITATED = (
    "visit_tbody", "depart_tbody", "visit_row", "depart_row", "visit_entry", "depart_entry",
    "visit_bullet_list", "depart_bullet_list", "visit_list_item", "depart_list_item",
    "visit_paragraph", "depart_paragraph", "visit_strong", "depart_strong",
    "visit_reference", "depart_reference", "visit_Text", "depart_Text", "encode", "attval",
)


class Link(NamedTuple):
    text: str
    docname: str  # empty: shown as plain text
    anchor: str


class Para(NamedTuple):
    """One paragraph of a row: a table cell, or a paragraph of a list item."""

    parts: tuple  # str or Link
    classes: tuple[str, ...] = ()
    strong: bool = False


class Meter(NamedTuple):
    """A count of a total: a bar in HTML, and its text."""

    value: int
    maximum: int
    text: str


Row = tuple[Para, ...]


def para_text(para: Para) -> str:
    return " ".join(part if isinstance(part, str) else part.text for part in para.parts)


# -- as docutils nodes -------------------------------------------------------


def para_node(para: Para, link) -> nodes.paragraph:
    """`link(part)` makes the reference node of a part that is not text."""
    children = [nodes.Text(part) if isinstance(part, str) else
                ilc.ilc_meter(part.text, part.text, value=part.value, maximum=part.maximum)
                if isinstance(part, Meter) else link(part) for part in para.parts]
    if para.strong:
        children = [nodes.strong("", "", *children)]
    return nodes.paragraph("", "", *children, classes=list(para.classes))


def table_body(rows: list[Row], link) -> nodes.tbody:
    body = nodes.tbody()
    for row in rows:
        body += nodes.row("", *(nodes.entry("", para_node(cell, link)) for cell in row))
    return body


def bullet_list(items: list[Row], link, classes: list[str], ids: list[str]) -> nodes.bullet_list:
    listing = nodes.bullet_list(classes=classes, ids=ids)
    for item in items:
        listing += nodes.list_item("", *(para_node(para, link) for para in item))
    return listing


# -- as data for the HTML visitor --------------------------------------------


def rows_node(layout: str, rows: list[Row], href, **attributes) -> ilc.ilc_listing_rows:
    """`layout` is "table" (the node stands for a tbody) or "list" (for the whole
    bullet list, with its classes and ids); `href(docname, anchor)` is the link
    target as make_refnode writes it. The rows' text is the node's only child, so
    the search index has the same words as from the nodes; visitors skip it."""
    resolved = [
        tuple(Para(tuple((p.text, href(p.docname, p.anchor)) if isinstance(p, Link) and p.docname else
                         (p.text if isinstance(p, Link) else p) for p in para.parts),
                   para.classes, para.strong)
              for para in row)
        for row in rows
    ]
    words = " ".join(para_text(para) for row in rows for para in row)
    return ilc.ilc_listing_rows("", nodes.Text(words), layout=layout, rows=resolved, **attributes)


def _para_html(self, para: Para, only_child: bool) -> str:
    out = []
    for part in para.parts:
        if isinstance(part, str):
            out.append(self.encode(part))
        elif isinstance(part, Meter):
            out.append(meter_html(part.value, part.maximum) + self.encode(part.text))
        else:
            text, href = part
            kind = "external" if external(href) else "internal"  # another site's page: its URL
            out.append(f'<a class="reference {kind}" href="{self.attval(href)}">{self.encode(text)}</a>')
    inner = "".join(out)
    if para.strong:
        inner = f"<strong>{inner}</strong>"
    start = f'<p class="{self.attval(" ".join(para.classes))}">' if para.classes else "<p>"
    # depart_paragraph: no newline after a paragraph that is its cell's or item's only child
    return f"{start}{inner}</p>" + ("" if only_child else "\n")


def _is_stock(translator) -> bool:
    # add_node(..., override=True) sets methods on the instance, a theme on its class
    return all(getattr(getattr(translator, name), "__func__", None) is getattr(HTML5Translator, name)
               for name in IMITATED)


def _as_nodes(node: ilc.ilc_listing_rows) -> nodes.Element:
    """The nodes the rows stand for, attached where the rows are, for a changed translator."""

    def link(part: tuple[str, str]) -> nodes.reference:
        text, href = part
        return nodes.reference(text, text, internal=not external(href), refuri=href)

    if node["layout"] == "table":
        built = table_body(node["rows"], link)
    else:
        built = bullet_list(node["rows"], link, list(node["classes"]), list(node["ids"]))
    built.parent = node.parent
    return built


def visit_listing_rows(self, node: ilc.ilc_listing_rows) -> None:
    if not _is_stock(self):
        _as_nodes(node).walkabout(self)
        raise nodes.SkipNode
    if node["layout"] == "table":
        self.body.append(self.starttag(node, "tbody"))
        for row in node["rows"]:
            # the row-even/row-odd count of Sphinx's visit_row, which the header row started
            self._table_row_indices[-1] += 1
            parity = "row-even" if self._table_row_indices[-1] % 2 == 0 else "row-odd"
            cells = "".join(f"<td>{_para_html(self, cell, True)}</td>\n" for cell in row)
            self.body.append(f'<tr class="{parity}">{cells}</tr>\n')
        self.body.append("</tbody>\n")
        raise nodes.SkipNode
    # The translator decides from the items' shape whether the list is "simple";
    # a stand-in with the widest item's shape gets the same start tag and context.
    widest = max((len(item) for item in node["rows"]), default=1)
    stand_in = nodes.bullet_list(classes=list(node["classes"]), ids=list(node["ids"]))
    stand_in += nodes.list_item("", *(nodes.paragraph() for _ in range(widest)))
    stand_in.parent = node.parent
    self.visit_bullet_list(stand_in)
    for item in node["rows"]:
        paras = "".join(_para_html(self, para, len(item) == 1) for para in item)
        self.body.append(f"<li>{paras}</li>\n")
    self.depart_bullet_list(stand_in)
    raise nodes.SkipNode


HTML_VISITORS = {ilc.ilc_listing_rows: (visit_listing_rows, None)}
