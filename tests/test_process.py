"""The process diagram (contract 3.5): ilc-process, the diagram on every canvas,
its text equivalent, and what each builder gets."""

from __future__ import annotations

import importlib.util
import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from ilc_testing import ROOTS, ilc_warnings, warning_lines

REPO = Path(__file__).resolve().parent.parent
PACKAGED = REPO / "ext" / "ilc_canvas" / "static" / "mermaid"

PHASES = ["voorbereiding", "workshops", "beschrijving", "ontwikkeling", "verankering"]
LABELS = [
    "Usecase selecteren en team vormen",
    "Workshopreeks met het usecasecanvas",
    "Usecasebeschrijving",
    "Ontwikkeling met periodieke retrospectieven",
    "In gebruik nemen en verankeren",
]
TITLE = "Het usecaseproces in vijf fasen, zoals het Handboek Innovatieleercyclus het indeelt"
CYCLE = ("Een cyclus van 5 fasen: 1. Usecase selecteren en team vormen, 2. Workshopreeks met het usecasecanvas, "
         "3. Usecasebeschrijving, 4. Ontwikkeling met periodieke retrospectieven, 5. In gebruik nemen en verankeren. "
         "Van fase 5 gaat een pijl terug naar fase 1: lessen voor de volgende usecase.")
RETURN_TEXT = "Na fase 5 begint de cyclus opnieuw bij fase 1: lessen voor de volgende usecase."

PLAIN_SOURCE = f"""flowchart TB
    accTitle: {TITLE}
    accDescr: {CYCLE}
    phase_voorbereiding["1. Usecase selecteren en team vormen"]
    phase_workshops["2. Workshopreeks met het usecasecanvas"]
    phase_beschrijving["3. Usecasebeschrijving"]
    phase_ontwikkeling["4. Ontwikkeling met periodieke retrospectieven"]
    phase_verankering["5. In gebruik nemen en verankeren"]
    phase_voorbereiding --> phase_workshops
    phase_workshops --> phase_beschrijving
    phase_beschrijving --> phase_ontwikkeling
    phase_ontwikkeling --> phase_verankering
    phase_verankering -->|"lessen voor de volgende usecase"| phase_voorbereiding
"""


def expected_source(phase: str | None, title: str = TITLE) -> str:
    """The Mermaid source for a highlighted phase, written out from the plain one."""
    source = PLAIN_SOURCE.replace(f"accTitle: {TITLE}", f"accTitle: {title}")
    if phase is None:
        return source
    n = PHASES.index(phase) + 1
    label = LABELS[n - 1]
    source = source.replace(
        f"    accDescr: {CYCLE}\n", f"    accDescr: {CYCLE} Huidige fase: {n}. {label}.\n")
    source = source.replace(
        f'    phase_{phase}["{n}. {label}"]\n', f'    phase_{phase}[["▶ {n}. {label} (huidige fase)"]]\n')
    return source + f"    classDef current stroke-width:4px,font-weight:bold\n    class phase_{phase} current\n"


def soup(app, page: str) -> BeautifulSoup:
    return BeautifulSoup((app.outdir / f"{page}.html").read_text(encoding="utf-8"), "html.parser")


def check_text_equivalent(container, phase: str | None) -> None:
    items = container.select("ol.ilc-process-steps > li")
    assert [li.get_text(" ", strip=True).removesuffix(" (huidige fase)") for li in items] == LABELS
    for key, li in zip(PHASES, items):
        if key == phase:
            assert li.get_text(" ", strip=True).endswith("(huidige fase)")
            assert li.find("strong").get_text() == LABELS[PHASES.index(key)]
            assert "ilc-current" in li["class"]
        else:
            assert "huidige fase" not in li.get_text()
            assert li.find("strong") is None
    assert container.select_one(".ilc-process-return").get_text() == RETURN_TEXT


def check_figure(figure, ident: str, phase: str | None, title: str = TITLE) -> None:
    """A process figure in HTML: caption, Mermaid source, text equivalent in <details>."""
    assert figure.name == "figure" and figure["id"] == ident
    caption = figure.find("figcaption", recursive=False)
    assert caption.get_text() == title
    pre = figure.select_one("pre.mermaid")
    assert pre["id"] == f"{ident}-diagram"
    assert pre.get_text().strip() + "\n" == expected_source(phase, title).strip() + "\n"
    details = figure.find("details", recursive=False)
    assert details.find("summary").get_text() == "De fasen als lijst"
    check_text_equivalent(details, phase)


@pytest.fixture
def process(roots):
    """The process root, built once with nothing but the package (its own Mermaid)."""
    return roots("process")


# -- HTML --------------------------------------------------------------------------


def test_every_ilc_process_variant(process):
    assert warning_lines(process) == []
    check_figure(soup(process, "index").select_one("figure.ilc-process"), "process-index", None)
    figures = soup(process, "varianten").select("figure.ilc-process")
    assert len(figures) == 5
    for n, (phase, figure) in enumerate(zip(PHASES, figures)):
        ident = "process-varianten" + (f"-{n}" if n else "")
        title = "Waar de tweeling nu staat" if phase == "verankering" else TITLE
        check_figure(figure, ident, phase, title)


def test_a_canvas_in_each_phase_shows_its_phase(process):
    assert warning_lines(process) == []
    page = soup(process, "canvassen")
    for phase in PHASES:
        canvas = page.select_one(f"section.ilc-canvas#usecase-usecase-{phase}")
        check_figure(canvas.select_one("figure.ilc-process"), f"usecase-usecase-{phase}-process", phase)
    assert page.select_one("#usecase-usecase-zonder-diagram .ilc-process") is None
    assert len(page.select("figure.ilc-process")) == 5


def test_mermaid_is_local_and_only_on_diagram_pages(process):
    static = process.outdir / "_static" / "mermaid"
    entry = static / "mermaid.esm.min.mjs"
    assert entry.read_bytes() == (PACKAGED / "mermaid.esm.min.mjs").read_bytes()
    assert (static / "LICENSE-mermaid.txt").read_text().startswith("The MIT License")
    chunks = sorted(p.name for p in (static / "chunks" / "mermaid.esm.min").iterdir())
    assert chunks and all(name.endswith(".mjs") for name in chunks)  # no source maps
    # every chunk the entry imports is there
    for chunk in re.findall(r'from"\./chunks/mermaid\.esm\.min/([^"]+)"', entry.read_text(encoding="utf-8")):
        assert chunk in chunks
    for page in ("index", "varianten", "canvassen", "handboek"):
        html = (process.outdir / f"{page}.html").read_text(encoding="utf-8")
        assert html.count('import mermaid from "./_static/mermaid/mermaid.esm.min.mjs"') == 1, page
        assert "cdn.jsdelivr" not in html
        assert "if (!false) return;" in html  # no fullscreen button (English label, missing glyph)
    for page in ("zonder-diagram", "search", "genindex"):
        html = (process.outdir / f"{page}.html").read_text(encoding="utf-8")
        assert "import mermaid" not in html and "mermaid.esm" not in html, page
    # diagram pages hide Mermaid's source when scripts are off (the text equivalent stays)
    head = soup(process, "varianten").head
    assert head.find("noscript") is not None
    assert soup(process, "handboek").head.find("noscript") is None
    # a plain {mermaid} block still renders through sphinxcontrib-mermaid
    assert "accTitle: Twee stappen" in soup(process, "handboek").select_one("pre.mermaid").get_text()


@pytest.mark.sphinx("html", testroot="process", freshenv=True, confoverrides={"language": "en"})
def test_english_labels(app):
    app.build()
    figure = soup(app, "varianten").select_one("figure.ilc-process")
    assert figure.find("figcaption").get_text() == "The use case process in five phases, as the Innovatieleercyclus handbook divides it"
    source = figure.select_one("pre.mermaid").get_text()
    assert 'phase_voorbereiding[["▶ 1. Select the use case and form the team (current phase)"]]' in source
    assert '-->|"lessons for the next use case"|' in source
    assert "Current phase: 1. Select the use case and form the team." in source
    assert figure.find("summary").get_text() == "The phases as a list"


# -- bad input -------------------------------------------------------------------------

BAD_MD = """# Fout

```{ilc-process}
:caption: Met een tikfout
:highlight: ontwikkel
```

```{ilc-process} Een titel als argument
:highlight:
```

```{ilc-process}
voorbereiding: ja
```
"""

BAD_RST = """Fout
====

.. ilc-process::
   :highlight: Verankering
"""


def test_bad_options_warn_at_their_line(make_app, copy_root):
    src = copy_root("process")
    (src / "fout.md").write_text(BAD_MD, encoding="utf-8")
    (src / "fout-rst.rst").write_text(BAD_RST, encoding="utf-8")
    app = make_app("html", srcdir=src, freshenv=True)
    app.build()
    choices = "use one of voorbereiding, workshops, beschrijving, ontwikkeling, verankering"
    warnings = sorted(w for w in ilc_warnings(app) if w.startswith("fout"))
    assert warnings == sorted([
        f"fout.md:5: WARNING: invalid highlight 'ontwikkel': {choices}; did you mean 'ontwikkeling'? [ilc.schema]",
        "fout.md:8: WARNING: ilc-process takes no argument; give a caption with :caption: [ilc.schema]",
        f"fout.md:9: WARNING: invalid highlight (empty): {choices} [ilc.schema]",
        "fout.md:13: WARNING: ilc-process takes no body; the phases come from the extension's data [ilc.schema]",
        f"fout-rst.rst:5: WARNING: invalid highlight 'Verankering': {choices}; did you mean 'verankering'? [ilc.schema]",
    ])
    # the diagram is still drawn, with no phase marked
    figures = soup(app, "fout").select("figure.ilc-process")
    assert len(figures) == 3
    assert figures[0].find("figcaption").get_text() == "Met een tikfout"
    for figure in figures:
        assert "huidige fase" not in figure.get_text()
        assert "classDef current" not in figure.select_one("pre.mermaid").get_text()


# -- Mermaid's files missing ---------------------------------------------------------


@pytest.mark.parametrize("missing", ["configured", "packaged"])
def test_missing_mermaid_warns_once_and_shows_text(make_app, copy_root, monkeypatch, tmp_path, missing):
    if missing == "packaged":  # a package whose files were removed
        from ilc_canvas.sphinxext import diagrams

        monkeypatch.setattr(diagrams, "PACKAGED", tmp_path / "weg")
        overrides = {}
    else:
        overrides = {"ilc_mermaid_path": "nergens/mermaid/dist"}
    app = make_app("html", srcdir=copy_root("process"), freshenv=True, confoverrides=overrides)
    app.build()
    warnings = warning_lines(app)
    assert len(warnings) == 1
    assert "[ilc.assets]" in warnings[0]
    assert "Mermaid's files were not found" in warnings[0] and "npm" not in warnings[0]
    if missing == "packaged":
        assert "reinstall it (pip install --force-reinstall ilc-canvas)" in warnings[0]
    else:
        assert "ilc_mermaid_path names a folder without Mermaid's ESM build" in warnings[0]
    assert not (app.outdir / "_static" / "mermaid").exists()
    for page in ("index", "varianten", "canvassen", "handboek"):
        html = (app.outdir / f"{page}.html").read_text(encoding="utf-8")
        assert "import mermaid" not in html and 'class="mermaid"' not in html, page
        assert "cdn.jsdelivr" not in html
    # the text equivalent is the whole rendering, visible (not folded away)
    process = soup(app, "varianten").select(".ilc-process")
    assert len(process) == 5
    assert process[0].find("details") is None
    check_text_equivalent(process[0], "voorbereiding")
    assert soup(app, "handboek").select_one(".ilc-mermaid-text").get_text() == "Diagram: Eerst stap A, dan stap B."


# -- configuration -------------------------------------------------------------------


def test_own_mermaid_settings_win(make_app, copy_root):
    app = make_app("html", srcdir=copy_root("process"), freshenv=True,
                   confoverrides={"mermaid_fullscreen": True, "mermaid_use_local": "eigen/mermaid.mjs"})
    assert app.config.mermaid_fullscreen is True
    assert app.config.mermaid_use_local == "eigen/mermaid.mjs"
    assert app.config.mermaid_version == ""
    app.build()
    assert warning_lines(app) == []  # the site serves Mermaid itself: nothing of ours to miss
    html = (app.outdir / "index.html").read_text(encoding="utf-8")
    assert 'import mermaid from "./_static/eigen/mermaid.mjs"' in html
    assert not (app.outdir / "_static" / "mermaid").exists()


def test_extension_configures_mermaid_without_cdn(process):
    config = process.config
    assert config.mermaid_use_local == "mermaid/mermaid.esm.min.mjs"
    assert config.mermaid_version == ""
    assert config.mermaid_include_elk is False and config.mermaid_include_zenuml is False
    assert config.mermaid_fullscreen is False
    assert config.d3_use_local == "mermaid/d3.min.js"


# -- other builders --------------------------------------------------------------------


@pytest.mark.parametrize("builder", ["latex", "text", "epub", "man", "texinfo", "singlehtml", "dirhtml"])
def test_other_builders_build_without_warnings(make_app, builder, copy_root):
    app = make_app(builder, srcdir=copy_root("process"), freshenv=True)
    app.build()
    assert warning_lines(app) == []
    out = Path(app.outdir)
    if builder in ("singlehtml", "dirhtml"):
        page = out / ("index.html" if builder == "singlehtml" else "varianten/index.html")
        html = page.read_text(encoding="utf-8")
        assert 'import mermaid from "' in html and "_static/mermaid/mermaid.esm.min.mjs" in html
        assert '<figure class="ilc-process"' in html
        assert (out / "_static" / "mermaid" / "mermaid.esm.min.mjs").is_file()
        return
    text = "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in sorted(out.rglob("*"))
                     if p.is_file() and p.suffix in (".tex", ".txt", ".xhtml", ".1", ".texi"))
    assert "flowchart" not in text and "accTitle" not in text  # no Mermaid source anywhere
    assert "mermaid.esm" not in text
    for label in LABELS:
        assert label in text
    assert "Ontwikkeling met periodieke retrospectieven" in text and "(huidige fase)" in text
    assert "Na fase 5 begint de cyclus opnieuw bij fase 1" in text
    assert "Eerst stap A, dan stap B." in text  # the plain {mermaid} block's description
    if builder == "text":
        varianten = (out / "varianten.txt").read_text(encoding="utf-8")
        assert "1. **Usecase selecteren en team vormen** (huidige fase)" in varianten
        assert "Waar de tweeling nu staat" in varianten
        assert "*Diagram*: Eerst stap A, dan stap B." in (out / "handboek.txt").read_text(encoding="utf-8")
    if builder == "epub":
        assert "<script" not in (out / "varianten.xhtml").read_text(encoding="utf-8")
        assert not (out / "_static" / "mermaid").exists()


# -- determinism ---------------------------------------------------------------------------


def test_two_clean_builds_are_byte_identical(make_app, tmp_path):
    outputs = []
    for run in ("a", "b"):
        src = tmp_path / run / "process"
        shutil.copytree(ROOTS / "test-process", src)
        app = make_app("html", srcdir=src, freshenv=True)
        app.build()
        out = Path(app.outdir)
        # Pagefind's index is named by content and numbered in the order it walks the folder,
        # which the file system decides: it is there in both, and left out of the comparison
        assert (out / "pagefind" / "pagefind-entry.json").is_file() == (importlib.util.find_spec("pagefind") is not None)
        outputs.append({p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*"))
                        if p.is_file() and p.relative_to(out).parts[0] != "pagefind"})
    first, second = outputs
    assert sorted(first) == sorted(second)
    different = [name for name in first if first[name] != second[name]]
    assert different == []
    assert "_static/mermaid/mermaid.esm.min.mjs" in first


def test_zoomable_mermaid_gets_a_stable_id_and_a_local_d3(make_app, copy_root):
    src = copy_root("process")
    (src / "zoom.md").write_text("# Zoom\n\n```{mermaid}\n:zoom:\n\nflowchart LR\n    A --> B\n```\n", encoding="utf-8")
    app = make_app("html", srcdir=src, freshenv=True)
    app.build()
    page = soup(app, "zoom")
    assert page.select_one("pre.mermaid")["data-zoom-id"] == "id-zoom-0"  # not a uuid4
    d3 = [s["src"] for s in page.find_all("script", src=True) if "/d3" in s["src"]]
    assert d3 == ["_static/mermaid/d3.min.js"]
    assert (app.outdir / "_static" / "mermaid" / "d3.min.js").is_file()


def test_mermaid_source_helpers_keep_text_on_one_safe_line():
    from ilc_canvas.sphinxext import diagrams as m

    assert m.quoted('Fase "twee"\n  #1') == '"Fase #quot;twee#quot; #35;1"'
    assert m.acc_text("Eén;\n twee") == "Eén, twee"  # ';' would end the statement
    assert m.node_id("end") == "phase_end" and m.node_id("a-b") == "phase_a_b"
    c = m.cycle("nl", "bestaat-niet", caption="  Eigen\n titel ")
    assert c.current is None and c.title == "Eigen titel"
    assert m.flowchart(c, "nl") == expected_source(None, "Eigen titel")


def test_caption_cannot_become_a_mermaid_directive():
    from ilc_canvas.sphinxext.diagrams import cycle, flowchart

    source = flowchart(cycle("nl", None, 'Proces %%{init: {"securityLevel": "loose"}}%% en %% commentaar'), "nl")
    assert "%%" not in source
    assert "Proces % %{init" in source.splitlines()[1]


def test_the_package_carries_the_pinned_mermaid():
    """What the package carries is what package.json pins, as npm installs it, with its licence."""
    import json
    import subprocess
    import sys

    pinned = json.loads((REPO / "package.json").read_text())["dependencies"]["mermaid"]
    versions = (PACKAGED / "VERSIONS").read_text()
    assert f"\nmermaid {pinned}\n" in versions
    assert (PACKAGED / "LICENSE-mermaid.txt").is_file() and (PACKAGED / "LICENSE-d3.txt").is_file()
    assert not list(PACKAGED.rglob("*.map"))
    if not (REPO / "node_modules" / "mermaid").is_dir():
        pytest.skip("node_modules is not installed (npm ci): the files are not compared with it")
    result = subprocess.run([sys.executable, str(REPO / "scripts" / "refresh_mermaid.py"), "--check"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout
