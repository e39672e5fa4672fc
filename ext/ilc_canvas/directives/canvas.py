"""`usecase-canvas`: the use case canvas as a poster-like grid of blocks."""

from __future__ import annotations

from docutils import nodes

from .. import nodes as ilc
from ..schema import CanvasSchema, choice_label, load_canvas_schema, phase_label
from ..validate import CANVAS_OPTIONS, validate_canvas
from .base import IlcDirective, options_spec

OTHER_AREA = "overig"


def site_schema(env) -> CanvasSchema:
    path = env.config.ilc_canvas_schema
    return load_canvas_schema(str(env.srcdir / path) if path else None)


class UsecaseCanvas(IlcDirective):
    option_spec = options_spec(CANVAS_OPTIONS, flags=("template",))

    def run(self) -> list[nodes.Node]:
        schema = site_schema(self.env)
        if self.config.ilc_canvas_schema:
            self.env.note_dependency(self.config.ilc_canvas_schema)
        inp = self.directive_input()
        result = validate_canvas(inp, schema)
        self.report(result.problems)
        usecase = result.usecase
        docname = self.env.current_document.docname

        canvas = ilc.ilc_canvas(classes=["ilc-canvas"])
        ident = self.unique_id("template" if result.template else usecase.anchor or "usecase", canvas)
        usecase.anchor = "" if result.template else ident
        if result.template:
            canvas["classes"].append("ilc-template")
        self.set_source_info(canvas)
        canvas += self.heading(usecase.title or self.label("canvas"), f"{ident}-title", 1)
        if result.template:
            canvas += nodes.paragraph(self.label("template_note"), self.label("template_note"), classes=["ilc-note"])
        else:
            canvas += self.meta(usecase)

        body = result.body.value if isinstance(result.body.value, dict) else {}
        grid = ilc.ilc_grid(classes=["ilc-canvas-grid"])
        for block in schema.blocks:
            grid += self.block(ident, block.key, block.label[self.lang], block.question[self.lang],
                               body.values_of(block.key) if body else [], result)
        unknown = [k for k in body if schema.block(k) is None]
        has_other = bool(unknown) or not result.body.ok
        if has_other:
            other = ilc.ilc_block(ids=[f"{ident}-{OTHER_AREA}"], classes=["ilc-block", f"ilc-block-{OTHER_AREA}"])
            other += self.heading(self.label("other_blocks"), f"{ident}-{OTHER_AREA}-title", 2)
            for key in unknown:
                other += nodes.rubric(key, key, classes=["ilc-other-key"])
                for value in body.values_of(key):
                    other += self.render_value(value, body.key_lines[key])
            if not result.body.ok:
                other += nodes.paragraph(self.label("unparsed_body"), self.label("unparsed_body"))
                other += nodes.literal_block(inp.body, inp.body)
            grid += other
        grid["grid"], grid["columns"] = self.grid_rows(schema, has_other), schema.columns
        if grid["grid"]:
            for child in grid.children:
                child["area"] = child["ids"][0].removeprefix(f"{ident}-")
        canvas += grid

        if not result.template and usecase.id:
            if self.options.get("process", "on").strip() != "off":
                canvas += ilc.ilc_process(highlight=usecase.phase, ident=f"{ident}-process", docname=docname)
            retros = ilc.ilc_placeholder(kind="retrospectives", target=usecase.id, docname=docname,
                                         ident=f"{ident}-retrospectives")
            canvas += retros
            self.env.get_domain("ilc").note_usecase(docname, usecase)
        return [canvas]

    @staticmethod
    def grid_rows(schema: CanvasSchema, has_other: bool) -> list[str]:
        """The poster's grid-template-areas; blocks the schema leaves out get a full row."""
        if not schema.grid:
            return []
        placed = {cell for row in schema.grid for cell in row}
        rows = [" ".join(row) for row in schema.grid]
        extra = [b.key for b in schema.blocks if b.key not in placed] + ([OTHER_AREA] if has_other else [])
        return rows + [" ".join([key] * schema.columns) for key in extra]

    def meta(self, usecase) -> nodes.field_list:
        return self.field_list([
            (self.label("owner"), usecase.owner),
            (self.label("partners"), ", ".join(usecase.partners)),
            (self.label("phase"), phase_label(usecase.phase, self.lang)),
            (self.label("status"), choice_label("status", usecase.status, self.lang)),
            (self.label("start"), usecase.start),
            (self.label("tags"), ", ".join(usecase.tags)),
        ])

    def block(self, ident, key, heading, question, values, result) -> ilc.ilc_block:
        node = ilc.ilc_block(ids=[f"{ident}-{key}"], classes=["ilc-block", f"ilc-block-{key}"])
        node += self.heading(heading, f"{ident}-{key}-title", 2)
        filled = [v for v in values if v is not None]
        if result.template or not filled:
            node += ilc.ilc_question(question, question, classes=["ilc-question"])
        body = result.body.value
        for value in filled:
            node += self.render_value(value, body.key_lines.get(key, self.lineno))
        if not result.template and not filled:
            node += nodes.paragraph(self.label("empty_block"), self.label("empty_block"), classes=["ilc-empty"])
        return node
