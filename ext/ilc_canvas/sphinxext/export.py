"""`_ilc/usecases.json` and `_ilc/lessons.json` in the HTML output (contract 5)."""

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
            data = record_json(record)
            data["url"] = page_url(builder, record.docname, record.anchor)
            if kind == "lesson":
                data["usecase"] = site.usecase_of(record)
                data["retrospective_url"] = page_url(builder, record.docname, record.retrospective)
            records.append(data)
        out[f"{key}.json"] = {"schema_version": SCHEMA_VERSION, key: records}
    return out


def on_build_finished(app, exception) -> None:
    builder = app.builder
    if exception is not None or builder.format != "html" or builder.name.startswith("epub"):
        return
    target = Path(builder.outdir) / "_ilc"
    target.mkdir(parents=True, exist_ok=True)
    for name, document in export_records(app.env.get_domain("ilc").site, builder).items():
        text = json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
        path = target / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
