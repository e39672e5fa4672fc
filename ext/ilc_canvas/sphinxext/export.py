"""`_ilc/usecases.json`, `_ilc/lessons.json` and `_ilc/actions.json` in the HTML output (CONTRACT §5, §10).

Internal retrospectives, lessons and actions (CONTRACT §9) stay out.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..core.records import record_json

SCHEMA_VERSION = 1


def page_url(builder, docname: str, anchor: str) -> str:
    uri = builder.get_target_uri(docname).split("#")[0]
    return f"{uri}#{anchor}" if anchor else uri


def export_records(site, builder) -> dict[str, dict]:
    """The JSON documents, from the site's records only, sorted by id."""
    out = {}
    for kind, key in (("usecase", "usecases"), ("lesson", "lessons")):
        records = []
        for _ident, record in sorted(site.index[kind].items()):
            if getattr(record, "internal", False):
                continue
            data = record_json(record)
            data["url"] = page_url(builder, record.docname, record.anchor)
            if kind == "lesson":
                data.pop("internal")
                data["usecase"] = site.usecase_of(record)
                data["retrospective_url"] = page_url(builder, record.docname, record.retrospective)
                data["applied_in"] = [usecase.id for usecase in site.applied_usecases(record.id)]
            records.append(data)
        out[f"{key}.json"] = {"schema_version": SCHEMA_VERSION, key: records}
    actions = [{
        "id": action.id, "text": action.text, "owner": action.owner, "due": action.due,
        "status": site.action_status(action), "usecase": site.usecase_of(action),
        "history": [{"date": date, "status": status, "note": note, "url": page_url(builder, doc, anchor)}
                    for date, status, note, doc, anchor, _title in site.history(action.id)]
        if action.id else [],
        "retrospective": action.retrospective, "url": page_url(builder, action.docname, action.anchor),
        "path": action.path, "line": action.line,
    } for action in site.actions if not action.internal]
    actions.sort(key=lambda a: (a["id"] == "", a["id"], a["path"], a["line"]))
    out["actions.json"] = {"schema_version": SCHEMA_VERSION, "actions": actions}
    return out


def on_build_finished(app, exception) -> None:
    builder = app.builder
    if exception is not None or builder.format != "html" or builder.name.startswith("epub"):
        return
    target = Path(builder.outdir) / "_ilc"
    target.mkdir(parents=True, exist_ok=True)
    for name, document in export_records(app.env.get_domain("ilc").site, builder).items():
        write_if_changed(target / name, json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n")


def write_if_changed(path: Path, text: str) -> None:
    """Write only what changed, so a build with nothing changed writes nothing."""
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
