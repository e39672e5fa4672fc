"""The `ilc` command (contract 6): scaffolds that build cleanly, and a check that says what the build says."""

from __future__ import annotations

import datetime
import json
import re
import shutil
from pathlib import Path

import pytest

from ilc_testing import ROOTS, warning_lines
from ilc_canvas.cli import main

REPO = Path(__file__).resolve().parents[1]
WARNING = re.compile(r"^(?P<path>[^:]+?):(?:(?P<line>\d+):)? (?:WARNING|ERROR): (?P<message>.*) \[(?P<subtype>[\w.-]+)\]$")


def build_warnings(app) -> set[tuple]:
    """The build's `ilc` warnings (but the asset one, which only a build can give) as (path, line, subtype, message)."""
    found = set()
    for line in warning_lines(app):
        match = WARNING.match(line)
        if match and match["subtype"].startswith("ilc.") and match["subtype"] != "ilc.assets":
            found.add((match["path"], int(match["line"]) if match["line"] else None,
                       match["subtype"], match["message"]))
    return found


def build(make_app, src):
    """An HTML build of `src` and its `ilc` warnings."""
    app = make_app("html", srcdir=src, freshenv=True)
    app.build()
    return app, build_warnings(app)


def run_check(capsys, *args) -> tuple[int, list[dict], str]:
    code = main(["check", "--format", "json", *args])
    out = capsys.readouterr()
    return code, json.loads(out.out), out.err


def check_findings(capsys, *args) -> set[tuple]:
    _code, findings, _err = run_check(capsys, *args)
    return {(f["path"], f["line"], f["subtype"], f["message"]) for f in findings if f["subtype"].startswith("ilc.")}


# -- one validator, two callers ---------------------------------------------------


@pytest.mark.parametrize("root", ["cli", "cli-rst"])
def test_check_reports_exactly_what_the_build_reports(roots, capsys, monkeypatch, root):
    """Every bad input of contract 4, in MyST and in reST: same (file, line, subtype, message)."""
    app = roots(root)
    built = build_warnings(app)
    monkeypatch.chdir(app.srcdir)
    checked = check_findings(capsys)
    assert checked == built
    # and the comparison is not vacuous: each kind of problem is there, at its line
    suffix = ".md" if root == "cli" else ".rst"
    expected = {
        # a YAML error at the line YAML reports, and a body that is not a mapping
        ("canvasfouten", 31, "ilc.yaml", "the body is not valid YAML: while parsing a flow sequence: "
                                         "did not find expected ',' or ']'"),
        ("canvasfouten", 37, "ilc.yaml", "the body must be a mapping of block keys to text (key: value)"),
        ("canvasfouten", 13, "ilc.yaml", "the key 'vraagstuk' appears twice (first at line 12); both values are shown"),
        ("canvasfouten", 11, "ilc.schema", "unknown block 'vraagstk'; did you mean 'vraagstuk'?; "
                                           "it is shown under 'Overig'"),
        ("canvasfouten", 3, "ilc.schema", "the canvas needs an :owner: (the organisation that owns the societal issue)"),
        ("canvasfouten", 3, "ilc.schema", "the required block 'belanghebbenden' is missing or empty"),
        ("canvasfouten", 4, "ilc.schema", "invalid use case id 'Fout ID': use lowercase letters, digits and "
                                          "hyphens, such as 'fout-id'"),
        ("canvasfouten", 7, "ilc.schema", "invalid status 'klaar': use one of actief, gepauzeerd, afgerond"),
        ("canvasfouten", 8, "ilc.schema", "invalid start date '2024-13-01': write an ISO date such as 2024-05-14"),
        ("canvasfouten", 9, "ilc.schema", "unknown option ':onwer:'; did you mean ':owner:'?; it is ignored"),
        ("canvasfouten", 22, "ilc.schema", "the link to 'ftp://voorbeeld.nl/bestand' is not allowed (only http, "
                                           "https, mailto and links within the site); it is shown as text"),
        ("canvasfouten", 22, "ilc.ref", "unknown lesson 'onbekend-in-waarde'"),
        ("canvasfouten", 45, "ilc.schema", "the retrospective needs a :usecase: option (the id of its use case) "
                                           "because this page holds more than one canvas"),
        ("retrofouten", 4, "ilc.ref", "unknown use case 'onbekende-usecase'"),
        ("retrofouten", 5, "ilc.schema", "invalid date '02-03-2024': write an ISO date such as 2024-05-14"),
        ("retrofouten", 12, "ilc.schema", "the lesson needs an id (lowercase letters, digits and hyphens)"),
        ("retrofouten", 13, "ilc.schema", "the lesson needs a titel"),
        ("retrofouten", 16, "ilc.schema", "unknown lesson key 'tema'; did you mean 'thema'?"),
        ("retrofouten", 17, "ilc.schema", "invalid stroom 'midden': use one of boven, onder"),
        ("retrofouten", 18, "ilc.schema", "invalid aspect 'technisch': use one of sociaal, technologisch; "
                                          "did you mean 'technologisch'?"),
        ("retrofouten", 19, "ilc.schema", "unknown theme 'onbekend-thema'; known themes: eigenaarschap, "
                                          "samenwerking, data"),
        ("retrofouten", 21, "ilc.duplicate", f"the lesson id 'goede-les' is already defined at goed{suffix}:24"),
        ("goed", 3, "ilc.duplicate", f"the use case id 'goed-voorbeeld' is already defined at dubbel{suffix}:3"),
        ("dubbel", 21, "ilc.ref", "unknown lesson 'ingesprongen-onbekend'; did you mean 'ingesprongen-les'?"),
        # on the second line of their paragraph: at that line, not the paragraph's first
        ("index", 11, "ilc.ref", "unknown lesson 'bestaat-niet'"),
        ("index", 11, "ilc.ref", "unknown lesson 'ook-niet'"),
        ("index", 14, "ilc.ref", "unknown lesson 'in-kop'"),
        ("index", 18, "ilc.ref", "unknown lesson 'in-tabel'"),
        ("index", 34, "ilc.ref", "unknown use case 'onbekende-usecase'"),
        ("index", 35, "ilc.schema", "invalid stroom 'midden': use one of boven, onder"),
        ("index", 37, "ilc.schema", "invalid layout 'raster': use one of table, cards, list, matrix"),
    }
    if root == "cli":
        assert {(f"{page}{suffix}", *rest) for page, *rest in expected} <= checked
    else:  # the reST pages hold the same cases, on lines of their own
        def unplaced(path, sub, msg):
            return path, sub, re.sub(r"(:| line )\d+", "", msg)

        assert {unplaced(f"{page}{suffix}", sub, msg) for page, _line, sub, msg in expected} <= \
            {unplaced(path, sub, msg) for path, _line, sub, msg in checked}
        assert ("index.rst", 31, "ilc.ref", "unknown lesson 'in-only'") in checked
        assert ("index.rst", 12, "ilc.ref", "unknown lesson 'bestaat-niet'") in checked
        assert ("canvasfouten.rst", 23, "ilc.ref", "unknown lesson 'onbekend-in-waarde'") in checked
    # neither a disabled role (!), code, nor a code block counts as a reference
    assert not [f for f in checked if re.search(r"uitgezet|in-code", f[3])]


@pytest.mark.parametrize("root", sorted(p.name.removeprefix("test-") for p in ROOTS.glob("test-*")
                                        if (p / "conf.py").is_file() and p.name not in ("test-cli", "test-cli-rst")))
def test_check_agrees_with_the_build_on_every_test_root(roots, capsys, monkeypatch, root):
    """The other engineers' roots too: whatever the build says about them, `ilc check` says."""
    app = roots(root)
    monkeypatch.chdir(app.srcdir)
    assert check_findings(capsys) == build_warnings(app)


def test_problems_in_included_files_are_reported_in_those_files(make_app, copy_root, capsys, monkeypatch):
    """A directive a page includes (MyST {include}, a custom include, reST include) is
    reported, and exported, at its own file and line, by the build and by the check."""
    src = copy_root("cli-include")
    app, built = build(make_app, src)
    iso = "write an ISO date such as 2024-05-14"
    assert {
        ("voorbeelden/fragment.md", 8, "ilc.schema", "invalid phase 'fout': use one of voorbereiding, workshops, "
                                                     "beschrijving, ontwikkeling, verankering"),
        ("voorbeelden/fragment.md", 10, "ilc.ref", "unknown lesson 'onbekend-in-waarde'"),
        ("voorbeelden/voorbeeld.md", 3, "ilc.schema", f"invalid date '2024-02-30': {iso}"),
        ("voorbeelden/deel.rst", 5, "ilc.schema", f"invalid date 'fout': {iso}"),
        ("voorbeelden/deel.rst", 10, "ilc.ref", "unknown lesson 'onbekend-in-deel-waarde'"),
    } <= built
    assert not [w for w in built if w[0] in ("index.md", "rst.rst")]
    lessons = json.loads((app.outdir / "_ilc" / "lessons.json").read_text(encoding="utf-8"))["lessons"]
    assert {(r["id"], r["path"], r["line"]) for r in lessons} >= {
        ("les-uit-deel", "voorbeelden/deel.rst", 8), ("les-uit-fragment", "voorbeelden/fragment.md", 19)}
    monkeypatch.chdir(src)
    assert check_findings(capsys) == built


def test_suppress_warnings_hides_the_same_problems(make_app, copy_root, capsys, monkeypatch):
    src = copy_root("cli")
    conf = src / "conf.py"
    conf.write_text(conf.read_text() + 'suppress_warnings = ["ilc.ref"]\n')
    app = make_app("html", srcdir=src, freshenv=True)
    app.build()
    monkeypatch.chdir(src)
    checked = check_findings(capsys)
    assert checked == build_warnings(app)
    assert checked and not [f for f in checked if f[2] == "ilc.ref"]


# -- exit codes and output ---------------------------------------------------------


def test_exit_codes_and_text_format(copy_root, capsys, monkeypatch):
    src = copy_root("cli")
    monkeypatch.chdir(src)
    assert main(["check"]) == 1
    out = capsys.readouterr()
    lines = out.out.splitlines()
    assert "canvasfouten.md:31: the body is not valid YAML: while parsing a flow sequence: did not find " \
           "expected ',' or ']' [ilc.yaml]" in lines
    assert "retrofouten.md:21: the lesson id 'goede-les' is already defined at goed.md:24 [ilc.duplicate]" in lines
    assert all(re.match(r"^\S+:\d+: .* \[ilc\.\w+\]$", line) for line in lines)
    assert "5 files checked" in out.err

    # given files: only the problems that concern them (a duplicate names both places)
    assert main(["check", "goed.md"]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "goed.md:3: the use case id 'goed-voorbeeld' is already defined at dubbel.md:3 [ilc.duplicate]",
        "retrofouten.md:21: the lesson id 'goede-les' is already defined at goed.md:24 [ilc.duplicate]"]
    (src / "dubbel.md").unlink()
    (src / "retrofouten.md").unlink()
    assert main(["check", "goed.md"]) == 0
    assert capsys.readouterr().out == ""

    # usage errors: 2
    assert main(["check", "bestaat-niet.md"]) == 2
    assert "no such file or folder" in capsys.readouterr().err
    assert main(["check", "--format", "xml"]) == 2
    assert main(["controleer"]) == 2
    assert main([]) == 2
    capsys.readouterr()
    assert main(["--help"]) == 0
    assert "ilc new usecase" in capsys.readouterr().out


def test_json_format(copy_root, capsys, monkeypatch):
    monkeypatch.chdir(copy_root("cli"))
    code, findings, _err = run_check(capsys, "retrofouten.md")
    assert code == 1
    assert {"path": "retrofouten.md", "line": 17, "subtype": "ilc.schema",
            "message": "invalid stroom 'midden': use one of boven, onder"} in findings
    assert all(set(f) == {"path", "line", "subtype", "message"} for f in findings)
    assert {f["path"] for f in findings} == {"retrofouten.md"}


def test_check_finds_the_project_from_a_folder_above_or_below(copy_root, capsys, monkeypatch, tmp_path):
    src = copy_root("cli")
    # from the repository root that holds the project in docs/
    repo = tmp_path / "repo"
    shutil.copytree(src, repo / "docs")
    monkeypatch.chdir(repo)
    code, findings, _ = run_check(capsys)
    assert code == 1 and "docs/canvasfouten.md" in {f["path"] for f in findings}
    # from a folder inside the project: that folder only, the site's ids known
    monkeypatch.chdir(repo / "docs")
    (repo / "docs" / "sub").mkdir()
    shutil.move(repo / "docs" / "goed.md", repo / "docs" / "sub" / "goed.md")
    code, findings, _ = run_check(capsys, "sub")
    assert code == 1
    # sub/goed.md now comes after dubbel.md and retrofouten.md: its definitions are the second ones;
    # its references to ids elsewhere resolve
    assert {(f["path"], f["line"], f["subtype"]) for f in findings} == {
        ("sub/goed.md", 3, "ilc.duplicate"), ("sub/goed.md", 24, "ilc.duplicate")}


def test_conf_py_is_read_without_running_it(copy_root, capsys, monkeypatch):
    src = copy_root("cli")
    conf = src / "conf.py"
    conf.write_text("raise SystemExit('conf.py was run')\n" + conf.read_text()
                    + "exclude_patterns = ['retrofouten.md', 'dubbel.md']\nilc_lesson_themes = sorted(['x'])\n")
    monkeypatch.chdir(src)
    code, findings, err = run_check(capsys)
    assert code == 1
    paths = {f["path"] for f in findings}
    assert "retrofouten.md" not in paths and "dubbel.md" not in paths
    assert "ilc_lesson_themes in a way ilc cannot read" in err


def test_bad_site_settings_are_reported_like_the_build(make_app, copy_root, capsys, monkeypatch):
    src = copy_root("cli")
    conf = src / "conf.py"
    conf.write_text(conf.read_text() + 'ilc_canvas_schema = "geen-schema.yaml"\nilc_lesson_themes = "data"\n')
    monkeypatch.chdir(src)
    code, findings, _ = run_check(capsys, "goed.md")
    assert code == 1
    messages = [(f["path"], f["line"], f["subtype"], f["message"]) for f in findings]
    assert ("conf.py", None, "ilc.schema", "ilc_lesson_themes must be a list of words; any theme is accepted now") \
        in messages
    assert any(m[0] == "conf.py" and m[3].startswith("ilc_canvas_schema: ") and
               m[3].endswith("; using the default canvas") for m in messages)


def test_a_docutils_error_in_our_directive_is_shown(copy_root, capsys, monkeypatch):
    monkeypatch.chdir(copy_root("cli-rst"))
    _code, findings, _ = run_check(capsys, "canvasfouten.rst")
    assert {"path": "canvasfouten.rst", "line": 47, "subtype": "docutils",
            "message": 'Error in "usecase-canvas" directive: invalid option value: (option: "template"; '
                       'value: \'ja\') no argument is allowed; "ja" supplied.'} in findings


ENGLISH_WORDS = """\
# Retro

```{usecase-canvas} Heat
:id: heat
:owner: City
:status: finished
```

```{retrospective} First
:usecase: heat
:date: 2024-05-14

acties:
  - id: map
    actie: Draw the map.
    status: done
lessen:
  - id: talk
    titel: Talk early
    stroom: upper
    aspect: social
```
"""


def test_a_choice_written_as_the_site_shows_it_suggests_its_value(make_app, tmp_path, capsys, monkeypatch):
    """An English site shows "done", "upper current", "social": an author who writes those
    is told which value is meant, by the build and `ilc check` alike."""
    src = tmp_path / "site"
    src.mkdir()
    (src / "conf.py").write_text('extensions = ["ilc_canvas"]\nlanguage = "en"\n')
    (src / "index.md").write_text(ENGLISH_WORDS)
    expected = {
        ("index.md", 6, "ilc.schema", "invalid status 'finished': use one of actief, gepauzeerd, afgerond; "
                                      "did you mean 'afgerond'?"),
        ("index.md", 16, "ilc.schema", "invalid status 'done': use one of open, bezig, gedaan, vervallen; "
                                       "did you mean 'gedaan'?"),
        ("index.md", 20, "ilc.schema", "invalid stroom 'upper': use one of boven, onder; did you mean 'boven'?"),
        ("index.md", 21, "ilc.schema", "invalid aspect 'social': use one of sociaal, technologisch; "
                                       "did you mean 'sociaal'?"),
    }
    _app, warnings = build(make_app, src)
    assert {w for w in warnings if w[3].startswith("invalid")} == expected  # (and the canvas's empty blocks)
    monkeypatch.chdir(src)
    assert {f for f in check_findings(capsys) if f[3].startswith("invalid")} == expected


# -- scaffolding -------------------------------------------------------------------


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A small site: a landing page whose toctree holds usecases/index, which has an empty toctree."""
    root = tmp_path / "site"
    (root / "usecases").mkdir(parents=True)
    (root / "conf.py").write_text('extensions = ["ilc_canvas"]\nlanguage = "nl"\nproject = "Nieuw"\n'
                                  'ilc_lesson_themes = ["eigenaarschap", "samenwerking"]\n')
    (root / "index.md").write_text("# Site\n\n```{toctree}\nusecases/index\n```\n")
    (root / "usecases" / "index.md").write_text("# Usecases\n\n```{toctree}\n:maxdepth: 1\n```\n")
    monkeypatch.chdir(root)
    return root


def test_new_pages_build_without_warnings_and_pass_check(project, make_app, capsys):
    assert main(["new", "usecase", "Wateroverlast in Almère", "--owner", "Gemeente Almere"]) == 0
    out = capsys.readouterr().out
    page = project / "usecases" / "wateroverlast-in-almere" / "index.md"
    assert "Wrote usecases/wateroverlast-in-almere/index.md" in out
    assert "Added wateroverlast-in-almere/index to the toctree in usecases/index.md" in out
    text = page.read_text()
    assert text.startswith("# Wateroverlast in Almère\n")
    assert "```{usecase-canvas} Wateroverlast in Almère\n:id: wateroverlast-in-almere\n:owner: Gemeente Almere\n" \
           ":phase: voorbereiding\n:status: actief\n" f":start: {datetime.date.today().isoformat()}\n" in text
    # every block of the canvas, required ones first, each under its guiding question
    keys = re.findall(r"^([a-z-]+):", text.split("```{usecase-canvas}")[1].split("```")[0], re.M)
    assert keys == ["vraagstuk", "doel", "belanghebbenden", "team", "activiteiten", "besluiten",
                    "informatiebehoefte", "databronnen", "functionaliteit", "praktijk", "publieke-waarde",
                    "draagvlak", "capaciteit", "lessen"]
    assert "# Maatschappelijk vraagstuk: Welk maatschappelijk vraagstuk staat centraal? (verplicht)\n" \
           "vraagstuk: |\n  Nog in te vullen.\n" in text
    assert "# Usecaseteam: Wie doen er mee, in welke rol en vanuit welke organisatie?\nteam:\n" in text

    assert main(["new", "retrospective", "wateroverlast-in-almere", "--date", "2024-05-14"]) == 0
    out = capsys.readouterr().out
    retro = page.parent / "retrospectief-2024-05-14.md"
    assert "Added retrospectief-2024-05-14 to the toctree in usecases/wateroverlast-in-almere/index.md" in out
    text = retro.read_text()
    for expected in (":usecase: wateroverlast-in-almere\n", ":date: 2024-05-14\n", ":phase: voorbereiding\n",
                     "bovenstroom:\n  - Nog in te vullen.\n", "onderstroom:\n  - Nog in te vullen.\n",
                     # the example action and lesson are YAML comments (CONTRACT §11, placeholders)
                     "acties:\n#  - id: actie-2024-05-14-1\n", "lessen:\n#  - id: les-2024-05-14-1\n",
                     "#    thema: [samenwerking]\n", "#    stroom: onder\n", "#    aspect: sociaal\n"):
        assert expected in text
    assert page.read_text().endswith(":hidden:\n:maxdepth: 1\n\nretrospectief-2024-05-14\n```\n")
    # a second one on another date: a lesson id of its own, in the same toctree
    assert main(["new", "retrospective", "wateroverlast-in-almere", "--date", "2024-06-01",
                 "--title", "Tweede retrospectief"]) == 0
    capsys.readouterr()
    assert "#  - id: les-2024-06-01-1\n" in (page.parent / "retrospectief-2024-06-01.md").read_text()
    assert page.read_text().endswith("retrospectief-2024-05-14\nretrospectief-2024-06-01\n```\n")

    assert main(["check"]) == 0
    assert capsys.readouterr().out == ""
    app = make_app("html", srcdir=project, freshenv=True)
    app.build()
    assert warning_lines(app) == []
    html = (app.outdir / "usecases" / "wateroverlast-in-almere" / "retrospectief-2024-06-01.html").read_text()
    assert "Tweede retrospectief" in html
    # a fresh retrospective adds no lesson (its example lesson is a comment)
    assert app.env.get_domain("ilc").site.index["lesson"] == {}
    assert len(app.env.get_domain("ilc").site.retrospectives) == 2


def test_new_usecase_in_english_with_a_site_schema_and_an_id(project, make_app, capsys):
    (project / "canvas.yaml").write_text(
        "blocks:\n"
        "  - {key: kans, label: {nl: Kans, en: Opportunity}, question: {nl: 'Welke kans?', en: 'Which opportunity?'}}\n"
        "  - {key: probleem, required: true, label: {nl: Probleem, en: Problem},"
        " question: {nl: 'Welk probleem?', en: 'Which problem?'}}\n")
    conf = project / "conf.py"
    conf.write_text(conf.read_text().replace('"nl"', '"en"') + 'ilc_canvas_schema = "canvas.yaml"\n')
    assert main(["new", "usecase", "Heat stress", "--owner", "Provincie: Utrecht", "--id", "hitte",
                 "--no-start", "--dir", "cases"]) == 0
    out = capsys.readouterr().out
    page = project / "cases" / "hitte" / "index.md"
    text = page.read_text()
    assert "# Problem: Which problem? (required)\nprobleem: |\n  To be filled in.\n\n" \
           "# Opportunity: Which opportunity?\nkans:\n" in text
    assert ":start:" not in text
    # no index page in cases/: it says what to add where
    assert "Add `hitte/index` to the toctree" in out
    (project / "usecases" / "index.md").write_text("# Usecases\n\n```{toctree}\n../cases/hitte/index\n```\n")
    assert main(["check"]) == 0
    capsys.readouterr()
    app = make_app("html", srcdir=project, freshenv=True)
    app.build()
    assert warning_lines(app) == []
    assert app.env.get_domain("ilc").site.index["usecase"]["hitte"].owner == "Provincie: Utrecht"
    # a retrospective's page is named in the site's language too
    assert main(["new", "retrospective", "hitte", "--date", "2024-05-14"]) == 0
    assert "Added retrospective-2024-05-14 to the toctree in cases/hitte/index.md" in capsys.readouterr().out
    assert (project / "cases" / "hitte" / "retrospective-2024-05-14.md").is_file()


def test_ilc_build_says_where_the_site_is_and_how_to_see_it(project, capsys, monkeypatch):
    """`ilc serve` previews _build/html and needs the `serve` extra: the hint after a build says so."""
    import importlib.util

    assert main(["build", "-q", "--builder", "dirhtml"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "The site is in _build/dirhtml."
    found = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "sphinx_autobuild"
                        else found(name, *a))
    assert main(["build", "-q"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == \
        'The site is in _build/html; see it with `ilc serve` (after pip install "ilc-canvas[serve]").'


@pytest.mark.parametrize("language, lessons", [("nl", "lessen"), ("en", "lessons")])
def test_new_site_builds_and_takes_its_first_use_case(tmp_path, make_app, capsys, language, lessons):
    """From an empty folder to a site that builds without a warning, whose overview of use
    cases `ilc new usecase` fills, with a lessons page that holds the finder."""
    site = tmp_path / "ilc-utrecht"
    assert main(["new", "site", 'Lessen van "Utrecht"', "--owner", "Provincie Utrecht", "--dir", "ilc-utrecht",
                 "--language", language], cwd=tmp_path) == 0
    out = capsys.readouterr().out
    assert f"Wrote .gitignore, conf.py, index.md, requirements.txt, usecases/index.md, usecases/{lessons}.md " \
           "in ilc-utrecht" in out
    assert "Next: cd ilc-utrecht, install what the site needs (pip install -r requirements.txt)" in out
    conf = (site / "conf.py").read_text(encoding="utf-8")
    assert 'project = "Lessen van \\"Utrecht\\""' in conf and f'language = "{language}"' in conf
    assert f'copyright = "{datetime.date.today().year}, Provincie Utrecht"' in conf
    assert main(["new", "usecase", "Stikstof in beeld", "--owner", "Provincie Utrecht"], cwd=site) == 0
    assert "Added stikstof-in-beeld/index to the toctree in usecases/index.md" in capsys.readouterr().out
    assert main(["new", "retrospective", "stikstof-in-beeld", "--date", "2026-11-20"], cwd=site) == 0
    assert main(["check"], cwd=site) == 0
    capsys.readouterr()
    app = make_app("html", srcdir=site, freshenv=True)
    app.build()
    assert warning_lines(app) == []
    home = (app.outdir / "index.html").read_text(encoding="utf-8")
    assert 'href="usecases/index.html"' in home and f'href="usecases/{lessons}.html"' in home
    overview = (app.outdir / "usecases" / "index.html").read_text(encoding="utf-8")
    assert 'href="stikstof-in-beeld/index.html' in overview  # the listing's row
    assert "ilc-finder" in (app.outdir / "usecases" / f"{lessons}.html").read_text(encoding="utf-8")
    # a second time, over the site: refused, nothing changed
    assert main(["new", "site", "Anders", "--owner", "Iemand"], cwd=site) == 1
    err = capsys.readouterr().err
    assert "conf.py" in err and "ilc does not overwrite files" in err
    assert (site / "conf.py").read_text(encoding="utf-8") == conf


def test_new_refuses_to_overwrite_and_explains(project, capsys):
    assert main(["new", "usecase", "Stikstof", "--owner", "Provincie Gelderland"]) == 0
    page = project / "usecases" / "stikstof" / "index.md"
    page.write_text(page.read_text().replace("Nog in te vullen.", "Ons eigen werk."))
    capsys.readouterr()
    assert main(["new", "usecase", "Stikstof", "--owner", "Iemand anders"]) == 1
    err = capsys.readouterr().err
    assert "usecases/stikstof/index.md already exists; ilc does not overwrite pages" in err
    assert "Ons eigen werk." in page.read_text()
    # the same id in another folder would be a duplicate across the site
    assert main(["new", "usecase", "Stikstof", "--owner", "X", "--dir", "elders"]) == 1
    assert "the use case id 'stikstof' is already used at usecases/stikstof/index.md:" in capsys.readouterr().err
    assert not (project / "elders").exists()

    assert main(["new", "retrospective", "stikstof", "--date", "2024-01-01"]) == 0
    retro = project / "usecases" / "stikstof" / "retrospectief-2024-01-01.md"
    retro.write_text("eigen tekst")
    capsys.readouterr()
    assert main(["new", "retrospective", "stikstof", "--date", "2024-01-01"]) == 1
    assert "retrospectief-2024-01-01.md already exists" in capsys.readouterr().err
    assert retro.read_text() == "eigen tekst"


def test_new_usage_errors(project, capsys):
    assert main(["new", "usecase", "Stikstof"]) == 2  # no --owner
    assert "--owner" in capsys.readouterr().err
    assert main(["new", "usecase", "Stikstof", "--owner", "X", "--id", "Stik Stof"]) == 2
    assert "invalid use case id 'Stik Stof'" in capsys.readouterr().err
    assert main(["new", "usecase", "!!!", "--owner", "X"]) == 2
    assert main(["new", "retrospective", "stikstof", "--date", "14-05-2024"]) == 2
    assert "invalid date '14-05-2024': write an ISO date such as 2024-05-14" in capsys.readouterr().err
    assert main(["new", "retrospective", "stikstof", "--date", "2024-02-30"]) == 2
    assert main(["new", "retrospective", "stikstof"]) == 2
    assert main(["new"]) == 2
    assert not list(project.rglob("*/index.md"))[1:]  # nothing written but usecases/index.md


def test_new_retrospective_for_an_unknown_usecase(project, capsys):
    assert main(["new", "retrospective", "stikstof", "--date", "2024-01-01"]) == 1
    assert "no use case found" in capsys.readouterr().err
    main(["new", "usecase", "Stikstof in Gelderland", "--owner", "Provincie Gelderland"])
    capsys.readouterr()
    assert main(["new", "retrospective", "stikstof-gelderland", "--date", "2024-01-01"]) == 1
    err = capsys.readouterr().err
    assert "unknown use case 'stikstof-gelderland'; did you mean 'stikstof-in-gelderland'?" in err
    assert not list(project.rglob("retrospectief-*"))


def test_new_retrospective_next_to_a_page_without_toctree(project, capsys, make_app):
    """A use case written by hand in reST, without a toctree: the page tells what to add."""
    folder = project / "usecases"
    (folder / "hitte.rst").write_text(
        "Hitte\n=====\n\n.. usecase-canvas:: Hitte in de stad\n   :owner: Gemeente Utrecht\n"
        "   :phase: workshops\n\n   vraagstuk: a\n   doel: b\n   belanghebbenden: c\n")
    (folder / "index.md").write_text("# Usecases\n\n```{toctree}\n:maxdepth: 1\n\nhitte\n```\n")
    assert main(["new", "retrospective", "hitte-in-de-stad", "--date", "2024-07-01"]) == 0
    out = capsys.readouterr().out
    retro = folder / "hitte-retrospectief-2024-07-01.md"
    assert ":phase: workshops\n" in retro.read_text()
    assert "Add `hitte-retrospectief-2024-07-01` to a toctree in usecases/hitte.rst" in out
    # with a reST toctree, the entry goes in at the right indentation
    with (folder / "hitte.rst").open("a") as f:
        f.write("\n.. toctree::\n   :hidden:\n\n   hitte-retrospectief-2024-07-01\n")
    assert main(["new", "retrospective", "hitte-in-de-stad", "--date", "2024-08-01"]) == 0
    assert "Added hitte-retrospectief-2024-08-01 to the toctree in usecases/hitte.rst" in capsys.readouterr().out
    assert (folder / "hitte.rst").read_text().endswith(
        "   :hidden:\n\n   hitte-retrospectief-2024-07-01\n   hitte-retrospectief-2024-08-01\n")
    assert main(["check"]) == 0
    app = make_app("html", srcdir=project, freshenv=True)
    app.build()
    assert warning_lines(app) == []


# -- parity on odd input -------------------------------------------------------------

SOUP = [
    "```{usecase-canvas} T\n", ":id: x\n", ":owner: y\n", "\n", "vraagstuk: |\n", "  a {lesson}`z`\n", "```\n",
    ":::{retrospective}\n", ":::\n", "- ", "  ", "> ", "```{note}\n", "{usecase}`", "`", "[x](ftp://a)", "---\n",
    "lessen:\n", "  - id: q\n", "\x00", "\ufeff", "\u2028", "\t", "::::{lessons}\n", ":usecase: \n",
    ".. usecase-canvas:: T\n", "   :owner: o\n", "   vraagstuk: [\n", ".. include:: deel.rst\n",
    "```{include} deel.md\n", "```{eval-rst}\n", ":lesson:`a`\n", "&", "<", "%", "\\", ":::\n", "doel: b\n",
]


def test_check_agrees_with_the_build_on_generated_soup(make_app, tmp_path, capsys, monkeypatch):
    """Random (seeded) mixtures of fences, roles, options, YAML and odd characters, in both syntaxes."""
    import random

    rng = random.Random(20260601)
    src = tmp_path / "soup"
    src.mkdir()
    (src / "conf.py").write_text('extensions = ["ilc_canvas"]\nmyst_enable_extensions = ["colon_fence"]\n'
                                 'exclude_patterns = ["deel.*"]\n')
    (src / "index.md").write_text("# Soep\n")
    (src / "deel.md").write_text("Ingevoegd {lesson}`uit-deel`\n")
    (src / "deel.rst").write_text("Ingevoegd :lesson:`uit-deel-rst`\n")
    for i in range(60):
        text = "".join(rng.choice(SOUP) for _ in range(rng.randint(1, 50)))
        (src / f"p{i}.{'md' if i % 2 else 'rst'}").write_text(text, encoding="utf-8")
    _app, built = build(make_app, src)
    monkeypatch.chdir(src)
    checked = check_findings(capsys)
    assert len(built) > 50
    assert checked == built


@pytest.mark.parametrize("language", ["nl", "en"])
def test_a_new_sites_lesson_themes_are_the_handbooks(language):
    """`ilc new site` gives a site the handbook's lesson themes, so that the finders of
    sites that copy each other's lessons offer the same choices; the two lists stay one."""
    import ast

    def themes(text: str) -> list[str]:
        tree = ast.parse(text)
        return next(ast.literal_eval(node.value) for node in tree.body
                    if isinstance(node, ast.Assign) and node.targets[0].id == "ilc_lesson_themes")

    template = ROOTS.parent.parent / "ext" / "ilc_canvas" / "data" / "templates" / "site" / language / "conf.py.in"
    written = template.read_text(encoding="utf-8").replace("${title}", '"t"').replace("${owner}", '"o"') \
        .replace("${copyright}", '"c"')
    assert themes(written) == themes((ROOTS.parent.parent / "conf.py").read_text(encoding="utf-8"))
