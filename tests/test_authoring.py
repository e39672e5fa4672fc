"""Authoring without make (CONTRACT §11): placeholders that count for nothing, ilc check
for GitHub and GitLab, the CI files the guide ships, ilc build and ilc serve from a
fresh venv, and the guide's own commands run as written."""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
import yaml

from ilc_canvas.cli import main
from ilc_testing import ROOTS, searched_text, warning_lines

REPO = Path(__file__).resolve().parents[1]
GUIDE = REPO / "docs" / "handleiding"
#: the requirements a new site gets (`ilc new site`), which the guide shows for CI
REQUIREMENTS_SHOWN = "/ext/ilc_canvas/data/templates/site/nl/requirements.txt"
WORKFLOW = re.compile(r"^::(?P<command>error|notice) (?P<properties>[^:]*)::(?P<message>.*)$")


@pytest.fixture
def fresh(tmp_path, monkeypatch):
    """A small site with a use case and a retrospective fresh from `ilc new`."""
    root = tmp_path / "site"
    (root / "usecases").mkdir(parents=True)
    (root / "conf.py").write_text('extensions = ["ilc_canvas"]\nlanguage = "nl"\nproject = "Vers"\n')
    (root / "index.md").write_text("# Site\n\n```{toctree}\nusecases/index\nusecases/lessen\n```\n")
    (root / "usecases" / "index.md").write_text("# Usecases\n\n```{usecases}\n```\n\n```{toctree}\n```\n")
    (root / "usecases" / "lessen.md").write_text("# Lessen\n\n```{lessons}\n```\n")
    monkeypatch.chdir(root)
    assert main(["new", "usecase", "Hitte in Zwolle", "--owner", "Gemeente Zwolle", "--id", "hitte"]) == 0
    assert main(["new", "retrospective", "hitte", "--date", "2025-05-14"]) == 0
    return root


def unescape(text: str) -> str:
    return text.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":").replace("%2C", ",").replace("%25", "%")


# -- placeholders --------------------------------------------------------------------


def test_a_fresh_page_passes_check_and_says_what_is_still_to_fill_in(fresh, capsys):
    capsys.readouterr()
    assert main(["check"]) == 0
    out = capsys.readouterr()
    assert out.out == ""
    notes = [line for line in out.err.splitlines() if ": note: " in line]
    assert "usecases/hitte/index.md:19: note: the block 'vraagstuk' is still to be filled in" in notes
    assert "usecases/hitte/retrospectief-2025-05-14.md:14: note: the part 'bovenstroom' is still to be filled in" \
        in notes
    assert not [line for line in notes if "[ilc." in line]
    assert "no problems; 5 still to fill in" in out.err


def test_a_fresh_retrospective_adds_no_lesson_and_no_placeholder_text(fresh, make_app):
    app = make_app("html", srcdir=fresh, freshenv=True)
    app.build()
    assert warning_lines(app) == []
    out = Path(app.outdir)
    assert json.loads((out / "_ilc" / "lessons.json").read_text())["lessons"] == []
    usecase = json.loads((out / "_ilc" / "usecases.json").read_text())["usecases"][0]
    assert usecase["id"] == "hitte" and set(usecase["blocks"].values()) == {None}
    assert "Geen lessen gevonden." in (out / "usecases" / "lessen.html").read_text()
    overview = (out / "usecases" / "index.html").read_text()
    assert re.search(r"<td><p>1</p></td>\s*<td><p>0</p></td>", overview)  # one retrospective, no lesson
    # the placeholder is never shown as content, nor searched
    pages = [p.read_text(encoding="utf-8") for p in out.rglob("*.html")] + [searched_text(out)]
    assert "hitte" in searched_text(out).lower()
    assert not [text for text in pages if "Nog in te vullen" in text]
    canvas = (out / "usecases" / "hitte" / "index.html").read_text()
    assert canvas.count("(nog niet ingevuld)") == 14


# -- ilc check for CI ------------------------------------------------------------------


def test_github_format_is_one_workflow_command_per_problem(copy_root, capsys, monkeypatch):
    monkeypatch.chdir(copy_root("cli"))
    assert main(["check", "--format", "json"]) == 1
    expected = {(f["path"], f["line"], f["subtype"], f["message"]) for f in json.loads(capsys.readouterr().out)}
    assert main(["check", "--format", "github"]) == 1
    lines = capsys.readouterr().out.splitlines()
    found = set()
    for line in lines:
        match = WORKFLOW.match(line)
        assert match, line
        properties = dict(part.split("=", 1) for part in match["properties"].split(","))
        assert set(properties) <= {"file", "line", "title"} and "file" in properties and "title" in properties
        found.add((unescape(properties["file"]), int(properties["line"]) if "line" in properties else None,
                   unescape(properties["title"]), unescape(match["message"])))
    assert found == expected and len(lines) == len(expected)


def test_gitlab_report_has_codequality_fields_and_stable_fingerprints(copy_root, capsys, monkeypatch):
    monkeypatch.chdir(copy_root("cli"))
    reports = []
    for _ in range(2):
        assert main(["check", "--format", "gitlab"]) == 1
        reports.append(json.loads(capsys.readouterr().out))
    first, second = reports
    assert first == second and len(first) > 20
    fingerprints = [issue["fingerprint"] for issue in first]
    assert len(set(fingerprints)) == len(fingerprints)
    for issue in first:
        assert set(issue) == {"description", "check_name", "fingerprint", "severity", "location"}
        assert issue["check_name"].startswith("ilc.") and issue["severity"] in ("info", "minor", "major")
        assert isinstance(issue["location"]["path"], str) and isinstance(issue["location"]["lines"]["begin"], int)
    # a problem moved down a line keeps its fingerprint
    page = Path("retrofouten.md")
    page.write_text("\n" + page.read_text())
    assert main(["check", "--format", "gitlab"]) == 1
    moved = json.loads(capsys.readouterr().out)
    assert {i["fingerprint"] for i in moved} == set(fingerprints)


def test_notes_are_notices_for_github_and_info_for_gitlab(fresh, capsys):
    capsys.readouterr()
    assert main(["check", "--format", "github"]) == 0
    notices = capsys.readouterr().out.splitlines()
    assert notices and all(line.startswith("::notice file=") for line in notices)
    assert main(["check", "--format", "gitlab"]) == 0
    assert {i["severity"] for i in json.loads(capsys.readouterr().out)} == {"info"}


# -- the CI files of the guide ------------------------------------------------------------


def ci_commands(document: dict) -> list[str]:
    """The shell commands of a GitHub workflow's steps, or of a GitLab CI file's jobs, in order."""
    if "jobs" in document:
        return [step["run"] for job in document["jobs"].values() for step in job.get("steps", []) if "run" in step]
    return [line for job in document.values() if isinstance(job, dict) for line in job.get("script", [])]


def test_the_ci_files_check_build_and_publish():
    github = yaml.safe_load((GUIDE / "ci" / "github-workflow.yml").read_text())
    jobs = github["jobs"]
    assert {"check", "build", "publish"} <= set(jobs)
    assert "ilc check --format github" in [s.get("run") for s in jobs["check"]["steps"]]
    assert any(s.get("run", "").startswith("ilc build -W") for s in jobs["build"]["steps"])
    assert any(s.get("uses", "").startswith("actions/upload-pages-artifact") and s["with"]["path"] == "_build/html"
               for s in jobs["build"]["steps"])
    assert any(s.get("uses", "").startswith("actions/deploy-pages") for s in jobs["publish"]["steps"])
    assert jobs["publish"]["permissions"]["pages"] == "write"
    gitlab = yaml.safe_load((GUIDE / "ci" / "gitlab-ci.yml").read_text())
    check = gitlab["check"]
    assert check["script"] == ["ilc check --format gitlab > gl-code-quality-report.json"]
    assert check["artifacts"]["when"] == "always"
    assert check["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json"
    assert any(line.startswith("ilc build -W") for line in gitlab["build"]["script"])
    assert gitlab["pages"]["artifacts"]["paths"] == ["public"] and "mv _build/html public" in gitlab["pages"]["script"]
    # the guide shows them
    page = (GUIDE / "controleren-en-publiceren.md").read_text()
    assert "ci/github-workflow.yml" in page and "ci/gitlab-ci.yml" in page and REQUIREMENTS_SHOWN in page


def test_the_ci_files_ilc_commands_work_on_a_site_under_a_sub_path(copy_root, tmp_path, capsys, monkeypatch):
    """What the CI jobs run, run here: check as GitHub and GitLab want it, build for a Pages sub-path."""
    site = tmp_path / "site"
    shutil.copytree(ROOTS / "test-outside", site)
    monkeypatch.chdir(site)
    files = [yaml.safe_load((GUIDE / "ci" / name).read_text()) for name in ("github-workflow.yml", "gitlab-ci.yml")]
    commands = [c for document in files for c in ci_commands(document) if c.startswith("ilc ")]
    assert len(commands) == 4
    for command in commands:
        command = command.split(" > ")[0]
        command = re.sub(r"\$\{\{ steps\.pages\.outputs\.base_url \}\}|\$CI_PAGES_URL",
                         "https://voorbeeld.gitlab.io/ilc-site", command)
        assert main(command.split()[1:]) == 0, command
    capsys.readouterr()
    assert (site / "_build" / "html" / "usecases" / "hitte.html").is_file()
    assert 'href="../_static/' in (site / "_build" / "html" / "usecases" / "hitte.html").read_text()


# -- ilc build and ilc serve, as an author has them -------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def author_env(bin_dir: Path, home: Path) -> dict:
    """Only the venv on the PATH (no make, no shell tools), and a home of its own."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PATH", "HOME")}
    return {**env, "PATH": str(bin_dir), "HOME": str(home), "GIT_CONFIG_NOSYSTEM": "1"}


def fetch(url: str, timeout: float = 60) -> str:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read().decode("utf-8")
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def serve_and_edit(command: list, cwd: Path, env: dict, port: int, page: str, edit) -> None:
    """Start `ilc serve`, fetch a page, `edit()` a source, see the change served, stop."""
    server = subprocess.Popen([str(c) for c in command], cwd=cwd, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True)
    try:
        before = fetch(f"http://127.0.0.1:{port}/{page}")
        new_text = edit()
        assert new_text not in before
        deadline = time.monotonic() + 90
        while new_text not in fetch(f"http://127.0.0.1:{port}/{page}"):
            assert time.monotonic() < deadline, "the edit was never served"
            time.sleep(1)
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.mark.outside
def test_ilc_build_and_serve_from_a_fresh_venv_without_make(outside, tmp_path):
    from outside import run

    installed = run([outside.python, "-m", "pip", "install", "--quiet", "sphinx-autobuild"], cwd=tmp_path)
    assert installed.returncode == 0, installed.stderr
    site = tmp_path / "site"
    shutil.copytree(ROOTS / "test-outside", site)
    env = author_env(outside.python.parent, tmp_path)
    ilc = outside.python.parent / "ilc"
    assert shutil.which("make", path=env["PATH"]) is None
    built = subprocess.run([ilc, "build", "-W", "--keep-going"], cwd=site, env=env, capture_output=True, text=True)
    assert built.returncode == 0, built.stdout + built.stderr
    assert "The site is in _build/html; see it with `ilc serve`." in built.stdout
    assert "Laat de kaart vroeg zien" in (site / "_build" / "html" / "lessen.html").read_text()
    # what is published is the site alone: the doctrees (internal retrospectives too) stay beside it
    assert (site / "_build" / "doctrees" / "environment.pickle").is_file()
    assert not (site / "_build" / "html" / ".doctrees").exists()
    port = free_port()
    retro = site / "usecases" / "hitte-retrospectief.md"

    def edit() -> str:
        retro.write_text(retro.read_text().replace("titel: Laat de kaart vroeg zien", "titel: Laat de kaart meteen zien"))
        return "Laat de kaart meteen zien"

    serve_and_edit([ilc, "serve", "--port", port], site, env, port, "lessen.html", edit)
    assert not (site / "_build" / "html" / ".doctrees").exists()


# -- the guide's route, as written --------------------------------------------------------------


def guide_commands(page: Path) -> list[tuple[str, list[str]]]:
    """(command, the output lines the guide shows under it) of every console block, in order."""
    found = []
    for block in re.findall(r"^```console\n(.*?)^```", page.read_text(encoding="utf-8"), re.S | re.M):
        for line in block.splitlines():
            if line.startswith("$ "):
                found.append((line[2:], []))
            elif found:
                found[-1][1].append(line)
    return found


def shown_in(expected: list[str], output: str) -> bool:
    """Every line the guide shows is in the output (`...` stands for anything)."""
    lines = output.splitlines()
    return all(any(re.fullmatch(".*".join(map(re.escape, shown.split("..."))), line) for line in lines)
               for shown in expected)


@pytest.mark.outside
def test_the_guides_first_route_runs_as_written(outside, tmp_path):
    """From nothing but Python and Git to a built site that shows the new use case."""
    from outside import run

    # the site's repository, as the site maintainer has it: a project and its requirements
    origin = tmp_path / "origin"
    shutil.copytree(ROOTS / "test-outside", origin)
    # the package as the guide's requirements name it, with its extras, from the wheel
    wanted = next(line for line in (REPO / REQUIREMENTS_SHOWN.lstrip("/")).read_text(encoding="utf-8").splitlines()
                  if line.startswith("ilc-canvas"))
    (origin / "requirements.txt").write_text(f"{wanted} @ {outside.wheel.as_uri()}\n")
    home = tmp_path / "home"
    home.mkdir()
    env = author_env(outside.python.parent, home)
    env["PATH"] += os.pathsep + str(Path(shutil.which("git")).parent)
    for command in (["git", "init", "-q", "-b", "main"], ["git", "add", "."],
                    ["git", "-c", "user.name=Beheer", "-c", "user.email=b@voorbeeld.nl", "commit", "-q", "-m", "Site"]):
        assert subprocess.run(command, cwd=origin, env=env).returncode == 0
    bare = tmp_path / "ilc-site.git"
    assert subprocess.run(["git", "clone", "-q", "--bare", str(origin), str(bare)], env=env).returncode == 0

    cwd = tmp_path / "laptop"
    cwd.mkdir()
    ran = []
    for command, shown in guide_commands(GUIDE / "eigen-computer.md"):
        ran.append(command)
        if command.startswith("cd "):
            cwd = cwd / command[3:]
            continue
        if command == "source .venv/bin/activate":  # what activating does
            env["PATH"] = str(cwd / ".venv" / "bin") + os.pathsep + env["PATH"]
            env["VIRTUAL_ENV"] = str(cwd / ".venv")
            continue
        command = command.replace("https://gitlab.com/uw-organisatie/ilc-site.git", bare.as_uri())
        if command == "ilc serve":
            assert not _in_use(8000), "the guide serves on port 8000, which is in use here"
            page = cwd / "usecases" / "hittestress-zwolle" / "index.md"

            def edit() -> str:  # the introduction above the canvas, as the guide says to write first
                text = page.read_text()
                intro = text.split("\n\n")[1]
                page.write_text(text.replace(intro, "Hete zomers maken de binnenstad te warm."))
                return "Hete zomers maken de binnenstad te warm."

            serve_and_edit([shutil.which("ilc", path=env["PATH"]), "serve"], cwd, env, 8000,
                           "usecases/hittestress-zwolle/index.html", edit)
            continue
        result = subprocess.run(command, shell=True, cwd=cwd, env=env, capture_output=True, text=True,
                                executable="/bin/sh")
        assert result.returncode == 0, f"{command}\n{result.stdout}\n{result.stderr}"
        if command.startswith("ilc "):
            assert shown_in(shown, result.stdout + result.stderr), f"{command}: {shown}\n{result.stdout}{result.stderr}"
    assert "ilc check" in ran and any(c.startswith("ilc new usecase") for c in ran) and "ilc serve" in ran
    built = cwd / "_build" / "html" / "usecases" / "hittestress-zwolle" / "index.html"
    assert "Hittestress in Zwolle" in built.read_text(encoding="utf-8")
    assert "hittestress-zwolle" in (cwd / "_build" / "html" / "usecases" / "index.html").read_text()
    # and the branch is on the server, ready for a merge request
    branches = subprocess.run(["git", "branch", "--list"], cwd=bare, env=env, capture_output=True, text=True).stdout
    assert "usecase-hittestress-zwolle" in branches
    assert run(["git", "log", "-1", "--format=%s", "usecase-hittestress-zwolle"], cwd=bare).stdout.strip() == \
        "Usecase Hittestress in Zwolle"


def _in_use(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0
