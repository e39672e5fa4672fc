"""The directives: each hands its input to its reader (core.registry) and turns
the reading into nodes.

Reading decides everything about the input (the record, its ids, its
problems, which values to show); this module only decides how it looks.
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.util.docutils import SphinxDirective

from ..core.listing import ListingReading
from ..core.reading import (
    CanvasReading, Context, Items, LessonCard, Markdown, Pairs, ProcessReading, RawDirective, RetrospectiveReading,
    Value, directive_input,
)
from ..core.registry import DirectiveSpec, option_spec
from ..core.schema import CanvasSchema, choice_label, label, language_of, load_canvas_schema, phase_label
from . import nodes as ilc
from .domain import report
from .markup import is_myst, render_markdown

OTHER_AREA = "overig"


def site_schema(env) -> CanvasSchema:
    path = env.config.ilc_canvas_schema
    return load_canvas_schema(str(env.srcdir / path) if path else None)


class IlcDirective(SphinxDirective):
    spec: DirectiveSpec
    final_argument_whitespace = True

    def run(self) -> list[nodes.Node]:
        self.lang = language_of(self.config.language)
        self.docname = self.env.current_document.docname
        self.schema = site_schema(self.env)
        if self.spec.name == "usecase-canvas" and self.config.ilc_canvas_schema:
            self.env.note_dependency(self.config.ilc_canvas_schema)
        source, srcline = self.get_source_info()
        # a file the page includes (docutils gives its path relative to the working directory)
        file = Path(source).resolve() if source else None
        self.included = str(file) if file and file != Path(self.env.doc2path(self.docname)).resolve() else None
        myst = is_myst(self)
        raw = RawDirective(
            name=self.name, arguments=self.arguments, options=self.options, block_text=self.block_text,
            content=list(self.content), content_offset=self.content_offset, lineno=self.lineno, myst=myst,
            docname=self.docname, path=self.relative_path(file if self.included else None),
            # docutils numbers the lines of a file pulled in with `.. include::` after the page's
            # (MyST's include numbers them within the file already)
            line_offset=srcline - self.lineno if srcline and not myst else 0,
        )
        reading = self.spec.read(directive_input(raw), Context(self.schema, self.config.ilc_lesson_themes, self.claim))
        self.report(reading.problems)
        return RENDERERS[type(reading)](self, reading)

    # -- plumbing ----------------------------------------------------------------

    def relative_path(self, file: Path | None) -> str:
        """The file the directive is in, relative to the project root; the page's when it lies elsewhere."""
        try:
            return file.relative_to(Path(self.env.srcdir).resolve()).as_posix()
        except (AttributeError, ValueError):
            return Path(self.env.doc2path(self.docname)).relative_to(self.env.srcdir).as_posix()

    def report(self, problems) -> None:
        if problems:
            report(problems, self.docname, self.included)

    def claim(self, base: str) -> str:
        """`base`, or `base-2`, `base-3`, ... when the page already uses it; taken
        until `own` gives it to its node."""
        ids = self.state.document.ids
        ident, n = base, 1
        while ident in ids:
            n += 1
            ident = f"{base}-{n}"
        ids[ident] = nodes.Element()
        return ident

    def own(self, node: nodes.Element, ident: str) -> None:
        node["ids"] = [ident]
        self.state.document.ids[ident] = node

    @property
    def page(self):
        return self.env.get_domain("ilc").page(self.docname)

    def label(self, key: str) -> str:
        return label(key, self.lang)

    # -- building blocks -----------------------------------------------------------

    def heading(self, text: str, ident: str, level: int) -> ilc.ilc_heading:
        return ilc.ilc_heading(text, text, ids=[ident], level=level, classes=["ilc-heading"])

    def title(self, node: nodes.Element, text: str, ident: str) -> None:
        """The canvas's or retrospective's heading. When the section it stands in has
        that title already (as a page from `ilc new` has), the heading is shown only
        where the page's is not: a canvas printed on a page of its own."""
        heading = self.heading(text, ident, 1)
        # MyST's stand-in state has no `parent`; its renderer knows where it is
        section = self.state._renderer.current_node if is_myst(self) else self.state.parent
        if isinstance(section, nodes.section) and section.children and \
                " ".join(section[0].astext().split()) == " ".join(text.split()):
            node["label"] = text
            heading["classes"].append(ilc.REPEATED_TITLE)
        node += heading

    def render(self, value: Value) -> list[nodes.Node]:
        """A value as nodes: Markdown text, a bullet list, or a definition list."""
        if isinstance(value, Items):
            return [nodes.bullet_list("", *(nodes.list_item("", *self.render(item)) for item in value.items))]
        if isinstance(value, Pairs):
            return [nodes.definition_list("", *(
                nodes.definition_list_item("", nodes.term(key, key), nodes.definition("", *self.render(item)))
                for key, item in value.pairs))]
        if isinstance(value, Markdown):
            children, problems = render_markdown(self, value)
            self.report(problems)
            return children
        return []

    def field_list(self, rows: list[tuple[str, list[nodes.Node] | str]]) -> nodes.field_list:
        fields = nodes.field_list(classes=["ilc-meta"])
        for name, body in rows:
            if not body:
                continue
            if isinstance(body, str):
                body = [nodes.Text(body)]
            if all(isinstance(n, (nodes.Text, nodes.Inline)) for n in body):
                body = [nodes.paragraph("", "", *body)]
            fields += nodes.field("", nodes.field_name(name, name), nodes.field_body("", *body))
        return fields

    def links(self, kind: str, targets) -> list[nodes.Node]:
        """Links to objects, with their titles, separated by commas (resolved by the domain)."""
        found: list[nodes.Node] = []
        for target in targets:
            if found:
                found.append(nodes.Text(", "))
            found.append(addnodes.pending_xref(
                "", nodes.inline(target, target, classes=["xref", "ilc", f"ilc-{kind}"]), refdomain="ilc",
                reftype=kind, reftarget=target, refexplicit=False, refwarn=False, ilc_internal=True))
        return found

    def block(self, ident: str, key: str, heading: str, classes: list[str]) -> ilc.ilc_block:
        node = ilc.ilc_block(ids=[f"{ident}-{key}"], classes=["ilc-block", *classes])
        node += self.heading(heading, f"{ident}-{key}-title", 2)
        return node

    def other(self, ident: str, sections, unparsed: str | None) -> ilc.ilc_block:
        """What the schema does not know, shown under "Overig", and a body that is not YAML."""
        node = self.block(ident, OTHER_AREA, self.label("other_blocks"), [f"ilc-block-{OTHER_AREA}"])
        for key, values in sections:
            node += nodes.rubric(key, key, classes=["ilc-other-key"])
            for value in values:
                node += self.render(value)
        if unparsed is not None:
            node += nodes.paragraph(self.label("unparsed_body"), self.label("unparsed_body"))
            node += nodes.literal_block(unparsed, unparsed)
        return node


# -- use case canvas -------------------------------------------------------------------


def render_canvas(d: IlcDirective, reading: CanvasReading) -> list[nodes.Node]:
    usecase, ident, schema = reading.usecase, reading.ident, d.schema
    canvas = ilc.ilc_canvas(classes=["ilc-canvas"] + (["ilc-template"] if reading.template else []))
    d.own(canvas, ident)
    d.set_source_info(canvas)
    d.title(canvas, usecase.title or d.label("canvas"), f"{ident}-title")
    if reading.template:
        canvas += nodes.paragraph(d.label("template_note"), d.label("template_note"), classes=["ilc-note"])
    else:
        builds_on = d.links("lesson", usecase.builds_on)
        if reading.not_lessons:  # shown as written, after the lessons
            builds_on.append(nodes.Text((", " if builds_on else "") + ", ".join(reading.not_lessons)))
        canvas += d.field_list([
            (d.label("owner"), usecase.owner),
            (d.label("partners"), ", ".join(usecase.partners)),
            (d.label("phase"), phase_label(usecase.phase, d.lang)),
            (d.label("status"), choice_label("status", usecase.status, d.lang)),
            (d.label("start"), usecase.start),
            (d.label("tags"), ", ".join(usecase.tags)),
            (d.label("builds_on"), builds_on),
        ])

    grid = ilc.ilc_grid(classes=["ilc-canvas-grid"])
    for key, values in reading.blocks:
        block = schema.block(key)
        node = d.block(ident, key, block.label[d.lang], [f"ilc-block-{key}"])
        filled = [v for v in values if v is not None]
        if reading.template or not filled:
            node += ilc.ilc_question(block.question[d.lang], block.question[d.lang], classes=["ilc-question"])
        for value in filled:
            node += d.render(value)
        if not reading.template and not filled:
            node += nodes.paragraph(d.label("empty_block"), d.label("empty_block"), classes=["ilc-empty"])
        grid += node
    has_other = bool(reading.other) or reading.unparsed is not None
    if has_other:
        grid += d.other(ident, reading.other, reading.unparsed)
    grid["grid"], grid["columns"] = grid_rows(schema, has_other), schema.columns
    if grid["grid"]:
        for child in grid.children:
            child["area"] = child["ids"][0].removeprefix(f"{ident}-")
    canvas += grid

    if not reading.template and usecase.id:
        if reading.process:
            canvas += ilc.ilc_process(highlight=usecase.phase, ident=f"{ident}-process", docname=d.docname)
        for kind in ("retrospectives", "open_actions"):
            canvas += ilc.ilc_placeholder(kind=kind, target=usecase.id, docname=d.docname,
                                          ident=f"{ident}-{kind.replace('_', '-')}")
        d.page.usecases.append(usecase)
        d.page.checked.extend(reading.references)
    return [canvas]


def grid_rows(schema: CanvasSchema, has_other: bool) -> list[str]:
    """The poster's grid-template-areas; blocks the schema leaves out get a full row."""
    if not schema.grid:
        return []
    placed = {cell for row in schema.grid for cell in row}
    rows = [" ".join(row) for row in schema.grid]
    extra = [b.key for b in schema.blocks if b.key not in placed] + ([OTHER_AREA] if has_other else [])
    return rows + [" ".join([key] * schema.columns) for key in extra]


# -- retrospective -----------------------------------------------------------------------


def internal_class(record) -> list[str]:
    """What marks an internal item in the output: the site search leaves it out (CONTRACT §9)."""
    return ["ilc-internal"] if record.internal else []


def render_retrospective(d: IlcDirective, reading: RetrospectiveReading) -> list[nodes.Node]:
    retro = reading.retrospective
    anchor = retro.anchor
    section = ilc.ilc_retrospective(classes=["ilc-retrospective", *internal_class(retro)])
    d.own(section, anchor)
    d.set_source_info(section)
    d.title(section, retro.title or d.label("retrospective"), f"{anchor}-title")
    # without :usecase:, the domain fills in the page's only canvas once the page is read
    usecase_ref = addnodes.pending_xref(
        "", nodes.inline(retro.usecase, retro.usecase, classes=["xref", "ilc", "ilc-usecase"]),
        refdomain="ilc", reftype="usecase", reftarget=retro.usecase, refexplicit=False, refwarn=False,
        ilc_internal=True, ilc_retrospective=anchor)
    section += d.field_list([
        (d.label("usecase"), [usecase_ref]),
        (d.label("date"), retro.date),
        (d.label("phase"), phase_label(retro.phase, d.lang)),
        (d.label("participants"), ", ".join(retro.participants)),
    ])
    currents = ilc.ilc_currents(classes=["ilc-currents"])
    section += currents
    for key, values in reading.panels:
        panel = d.block(anchor, key, d.label(key), [f"ilc-{key}"])
        hint = d.label(f"{key}_hint")
        panel += ilc.ilc_question(hint, hint, classes=["ilc-question"])
        for value in values:
            panel += d.render(value)
        if all(value is None for value in values):
            panel += nodes.paragraph(d.label("empty_block"), d.label("empty_block"), classes=["ilc-empty"])
        currents += panel
    section += action_block(d, anchor, reading)
    if reading.follow_ups:
        section += follow_up_block(d, anchor, reading)

    if reading.lessons:
        lessons = d.block(anchor, "lessen", d.label("lessons"), ["ilc-lessons"])
        for card in reading.lessons:
            lessons += lesson_card(d, card)
        section += lessons
    if reading.other is not None:
        section += d.other(anchor, reading.other, reading.unparsed)
    page = d.page
    page.retrospectives.append(retro)
    page.lessons.extend(card.lesson for card in reading.lessons)
    page.actions.extend(card.action for card in reading.actions)
    page.follow_ups.extend(card.follow_up for card in reading.follow_ups)
    page.checked.extend(reading.references)
    page.unread.extend(reading.unread_lessons)
    return [section]


def action_block(d: IlcDirective, anchor: str, reading: RetrospectiveReading) -> ilc.ilc_block:
    """The actions: each with what is to be done, and for one with an id its owner, due
    date, current status and reports (filled in at write time: later retrospectives tell)."""
    block = d.block(anchor, "acties", d.label("acties"), ["ilc-acties"])
    if not reading.actions:
        block += nodes.paragraph(d.label("empty_block"), d.label("empty_block"), classes=["ilc-empty"])
        return block
    items = nodes.bullet_list(classes=["ilc-actions"])
    for card in reading.actions:
        item = nodes.list_item(classes=["ilc-action", *internal_class(card.action)])
        d.own(item, card.action.anchor)
        item += d.render(card.text)
        if not card.action.text.strip():  # no `actie` (a warning): the id says which one it is
            item += nodes.paragraph("", "", nodes.literal(card.action.id, card.action.id))
        if card.action.id:
            item += ilc.ilc_placeholder(kind="action", target=card.action.id, docname=d.docname)
        if card.rows:
            item += d.field_list([(key, d.render(value)) for key, value in card.rows])
        items += item
    block += items
    return block


def follow_up_block(d: IlcDirective, anchor: str, reading: RetrospectiveReading) -> ilc.ilc_block:
    """The reports on earlier actions: the action (linked), its new status, the explanation."""
    block = d.block(anchor, "opvolging", d.label("opvolging"), ["ilc-opvolging"])
    items = nodes.bullet_list(classes=["ilc-follow-ups"])
    for card in reading.follow_ups:
        follow_up = card.follow_up
        item = nodes.list_item(classes=["ilc-follow-up", *internal_class(follow_up)])
        d.own(item, follow_up.anchor)
        status = choice_label("action_status", follow_up.status, d.lang)
        line = nodes.paragraph("", "", *d.links("action", [follow_up.action] if follow_up.action else []),
                               nodes.Text(f": {status}" if follow_up.action else status))
        item += line
        item += d.render(card.text)
        if card.rows:
            item += d.field_list([(key, d.render(value)) for key, value in card.rows])
        items += item
    block += items
    return block


def lesson_card(d: IlcDirective, card: LessonCard) -> ilc.ilc_lesson:
    lesson = card.lesson
    node = ilc.ilc_lesson(classes=["ilc-lesson", *internal_class(lesson)])
    d.own(node, lesson.anchor)
    node += d.heading(lesson.title or lesson.id or d.label("lesson"), f"{lesson.anchor}-title", 3)
    for value in card.texts:
        node += d.render(value)
    node += d.field_list([
        (d.label("themes"), ", ".join(lesson.themes)),
        (d.label("stroom"), choice_label("stroom", lesson.stroom, d.lang)),
        (d.label("aspect"), choice_label("aspect", lesson.aspect, d.lang)),
        *((key, d.render(value)) for key, value in card.rows),
    ])
    if lesson.id:
        node += ilc.ilc_placeholder(kind="backlinks", target=lesson.id, docname=d.docname)
        node += ilc.ilc_placeholder(kind="applied", target=lesson.id, docname=d.docname)
    return node


# -- listings and diagrams: placeholders, filled at write time ------------------------------


def render_listing(d: IlcDirective, reading: ListingReading) -> list[nodes.Node]:
    ident = f"{reading.kind}-listing-{d.env.new_serialno('ilc-listing')}"
    node = ilc.ilc_placeholder(kind=reading.kind, filters=reading.filters, layout=reading.layout,
                               docname=d.docname, ident=ident)
    d.set_source_info(node)
    if reading.references:
        d.page.checked.extend(reading.references)
    return [node]


def render_process(d: IlcDirective, reading: ProcessReading) -> list[nodes.Node]:
    serial = d.env.new_serialno("ilc-process")
    ident = nodes.make_id(f"process-{d.docname}") + (f"-{serial}" if serial else "")
    node = ilc.ilc_process(highlight=reading.highlight, ident=ident, docname=d.docname, caption=reading.caption)
    d.set_source_info(node)
    return [node]


RENDERERS = {
    CanvasReading: render_canvas,
    RetrospectiveReading: render_retrospective,
    ListingReading: render_listing,
    ProcessReading: render_process,
}


def directive_class(spec: DirectiveSpec) -> type[IlcDirective]:
    """The directive class Sphinx registers for one entry of the registry."""
    return type(f"Ilc_{spec.name.replace('-', '_')}", (IlcDirective,), {
        "spec": spec, "option_spec": option_spec(spec), "optional_arguments": spec.optional_arguments,
        "has_content": spec.has_content})
