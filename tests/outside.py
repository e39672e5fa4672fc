"""The package as a user gets it: a wheel built from a clean copy of the
repository, installed non-editable into a fresh venv outside the repository,
and a small project (tests/roots/test-outside) built there, in every theme and
every output (CONTRACT §12).

Nothing of the repository is on the way: no node_modules above the project,
no editable install, no conf.py of ours but the project's own.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PROJECT = REPO / "tests" / "roots" / "test-outside"
THEMES = ("alabaster", "sphinx_rtd_theme", "pydata_sphinx_theme", "sphinx_book_theme", "furo")
#: what the venv gets besides the wheel: the themes of the matrix
THEME_PACKAGES = ("sphinx-rtd-theme", "pydata-sphinx-theme", "sphinx-book-theme", "furo")


def clean_copy(target: Path) -> Path:
    """The files git tracks (or would: new and not ignored), as a clean clone has them."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            cwd=REPO, capture_output=True, check=True).stdout.decode().split("\0")
    for name in filter(None, listed):
        source = REPO / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


def run(command: list, cwd: Path, **kwargs) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return subprocess.run([str(c) for c in command], cwd=cwd, capture_output=True, text=True, env=env, **kwargs)


@dataclass
class Outside:
    root: Path
    wheel: Path
    venv: Path
    builds: dict = field(default_factory=dict)

    @property
    def python(self) -> Path:
        return self.venv / ("Scripts" if os.name == "nt" else "bin") / "python"

    def build(self, builder: str, out: Path, *options: str, project: Path | None = None) -> subprocess.CompletedProcess:
        """sphinx-build -W of the project (a copy outside the repository) in the fresh venv."""
        project = project or self.root / "project"
        return run([self.python, "-m", "sphinx", "-b", builder, "-W", "--keep-going", "-d", out.with_name(out.name + ".doctrees"),
                    *options, project, out], cwd=project)

    def theme_site(self, theme: str) -> Path:
        """The project's HTML in one theme, built once."""
        if theme not in self.builds:
            out = self.root / "html" / theme
            result = self.build("html", out, "-D", f"html_theme={theme}")
            assert result.returncode == 0 and not result.stderr.strip(), result.stderr
            self.builds[theme] = out
        return self.builds[theme]


def make_outside(root: Path) -> Outside:
    source = clean_copy(root / "source")
    wheels = root / "wheels"
    result = run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", wheels, source], cwd=root)
    assert result.returncode == 0, result.stdout + result.stderr
    wheel = next(wheels.glob("ilc_canvas-*.whl"))
    venv = root / "venv"
    result = run([sys.executable, "-m", "venv", venv], cwd=root)
    assert result.returncode == 0, result.stderr
    outside = Outside(root, wheel, venv)
    # with the `search` extra, as the README tells users (Pagefind, whose binary is a wheel too)
    result = run([outside.python, "-m", "pip", "install", "--quiet", f"{wheel}[search]", *THEME_PACKAGES], cwd=root)
    assert result.returncode == 0, result.stdout + result.stderr
    shutil.copytree(PROJECT, root / "project")
    assert not any((parent / "node_modules").exists() for parent in (root / "project").parents)
    return outside
