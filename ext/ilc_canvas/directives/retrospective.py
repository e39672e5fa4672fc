"""`retrospective`: upper and under current side by side, actions, lessons as cards."""

from __future__ import annotations

from docutils import nodes

from .. import nodes as ilc
from ..schema import choice_label, phase_label
from ..validate import RETRO_OPTIONS, validate_retrospective
from ..yamlbody import YList, YMap
from .base import IlcDirective, options_spec


class Retrospective(IlcDirective):
    option_spec = options_spec(RETRO_OPTIONS)

    def run(self) -> list[nodes.Node]:
        inp = self.directive_input()
        result = validate_retrospective(inp, self.config.ilc_lesson_themes)
        self.report(result.problems)
        retro = result.retrospective
        docname = inp.docname
        body = result.body.value if isinstance(result.body.value, dict) else None

        section = ilc.ilc_retrospective(classes=["ilc-retrospective"])
        retro.anchor = self.unique_id(retro.anchor, section)
        for lesson in result.lessons:
            lesson.retrospective = retro.anchor
        self.set_source_info(section)
        section += self.heading(retro.title or self.label("retrospective"), f"{retro.anchor}-title", 1)
        # without :usecase:, the domain fills in the page's only canvas once the page is read
        usecase_ref = self.xref("usecase", retro.usecase)
        usecase_ref["ilc_retrospective"] = retro.anchor
        section += self.field_list([
            (self.label("usecase"), [usecase_ref]),
            (self.label("date"), retro.date),
            (self.label("phase"), phase_label(retro.phase, self.lang)),
            (self.label("participants"), ", ".join(retro.participants)),
        ])

        currents = ilc.ilc_currents(classes=["ilc-currents"])
        for key in ("bovenstroom", "onderstroom"):
            currents += self.panel(retro.anchor, key, body, hint=self.label(f"{key}_hint"))
        section += currents
        section += self.panel(retro.anchor, "acties", body)

        if result.lessons:
            lessons = ilc.ilc_block(ids=[f"{retro.anchor}-lessen"], classes=["ilc-block", "ilc-lessons"])
            lessons += self.heading(self.label("lessons"), f"{retro.anchor}-lessen-title", 2)
            for lesson, lesson_body in zip(result.lessons, result.lesson_bodies):
                lessons += self.lesson_card(lesson, lesson_body)
            section += lessons

        not_lessons = self.not_lessons(body)
        if retro.extra or (body is not None and body.extra) or not_lessons or not result.body.ok:
            other = ilc.ilc_block(ids=[f"{retro.anchor}-overig"], classes=["ilc-block", "ilc-block-overig"])
            other += self.heading(self.label("other_blocks"), f"{retro.anchor}-overig-title", 2)
            for value, line in not_lessons:  # warned about; shown, not dropped
                other += nodes.rubric("lessen", "lessen", classes=["ilc-other-key"])
                other += self.render_value(value, line)
            for key, value in retro.extra.items():
                other += nodes.rubric(key, key, classes=["ilc-other-key"])
                other += self.render_value(value, body.key_lines[key])
            for key, value, line in (body.extra if body is not None else []):
                if key != "lessen":
                    other += nodes.rubric(key, key, classes=["ilc-other-key"])
                    other += self.render_value(value, line)
            if not result.body.ok:
                other += nodes.paragraph(self.label("unparsed_body"), self.label("unparsed_body"))
                other += nodes.literal_block(inp.body, inp.body)
            section += other

        domain = self.env.get_domain("ilc")
        domain.note_retrospective(docname, retro, result.lessons, result.references)
        return [section]

    @staticmethod
    def not_lessons(body) -> list[tuple[object, int]]:
        """What stands under `lessen` but is not a lesson (not a list, or an item that
        is not a mapping), with its line."""
        found = []
        if body is None:
            return found
        lines = ([body.key_lines["lessen"]] if "lessen" in body else []) + [
            line for key, _, line in body.extra if key == "lessen"]
        for lessen, line in zip(body.values_of("lessen"), lines):
            if isinstance(lessen, YList):
                found += [(item, item_line) for item, item_line in zip(lessen, lessen.item_lines)
                          if item is not None and not isinstance(item, YMap)]
            elif lessen is not None:
                found.append((lessen, line))
        return found

    def panel(self, anchor: str, key: str, body, hint: str | None = None) -> ilc.ilc_block:
        node = ilc.ilc_block(ids=[f"{anchor}-{key}"], classes=["ilc-block", f"ilc-{key}"])
        node += self.heading(self.label(key), f"{anchor}-{key}-title", 2)
        if hint:
            node += ilc.ilc_question(hint, hint, classes=["ilc-question"])
        for value in (body.values_of(key) if body is not None else []):
            node += self.render_value(value, body.key_lines[key])
        return node

    def lesson_card(self, lesson, item) -> ilc.ilc_lesson:
        card = ilc.ilc_lesson(classes=["ilc-lesson"])
        lesson.anchor = self.unique_id(lesson.anchor, card)
        title = lesson.title or lesson.id or self.label("lesson")
        card += self.heading(title, f"{lesson.anchor}-title", 3)
        for value in item.values_of("tekst"):
            card += self.render_value(value, item.key_lines["tekst"])
        rows = [
            (self.label("themes"), ", ".join(lesson.themes)),
            (self.label("stroom"), choice_label("stroom", lesson.stroom, self.lang)),
            (self.label("aspect"), choice_label("aspect", lesson.aspect, self.lang)),
        ]
        for key in ("id", "titel", "thema", "stroom", "aspect"):  # values of the wrong type: shown as written
            value = item.get(key)
            if value is not None and not isinstance(value, str) and not (
                    key == "thema" and isinstance(value, YList) and all(isinstance(t, str) for t in value)):
                rows.append((key, self.render_value(value, item.key_lines[key])))
        for key in lesson.extra:
            rows.append((key, self.render_value(item[key], item.key_lines[key])))
        for key, value, line in item.extra:  # repeated keys: shown, not dropped
            if key == "tekst":
                card += self.render_value(value, line)
            else:
                rows.append((key, self.render_value(value, line)))
        card += self.field_list(rows)
        if lesson.id:
            card += ilc.ilc_placeholder(kind="backlinks", target=lesson.id, docname=self.env.current_document.docname)
        return card

