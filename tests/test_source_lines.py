"""A role or refused link in a paragraph of several lines is reported at its own
line, by the build and by `ilc check` alike (contract 4: the line of the
offending text), however the lines before it are written."""

from __future__ import annotations

import pytest
from test_cli import build, check_findings

PAGE = """\
# Regels{before}

Een alinea over
drie regels met {{lesson}}`onbekend-een` en
{{ilc:lesson}}`tekst <onbekend-twee>` hier.

```{{usecase-canvas}} Canvas
:id: regels
:owner: Gemeente

vraagstuk: |
  Eerste regel van het blok,
  tweede met [ftp](ftp://example.org/een) en
  derde met {{usecase}}`onbekende-usecase`.

  Nieuwe alinea met ![beeld](https://example.org/b.png)
  en op de tweede regel [nog een](ftp://example.org/twee).
doel: |
  Dezelfde link twee keer:
  [a](ftp://example.org/drie) en
  [b](ftp://example.org/drie).
belanghebbenden: [bewoners]
```
"""

LINK = "is not allowed (only http, https, mailto and links within the site); it is shown as text"
EXPECTED = {
    ("index.md", 4, "ilc.ref", "unknown lesson 'onbekend-een'"),
    ("index.md", 5, "ilc.ref", "unknown lesson 'onbekend-twee'"),
    ("index.md", 13, "ilc.schema", f"the link to 'ftp://example.org/een' {LINK}"),
    ("index.md", 14, "ilc.ref", "unknown use case 'onbekende-usecase'"),
    ("index.md", 16, "ilc.schema", "the image 'https://example.org/b.png' is not from this site and is not "
                                   "loaded; it is shown as a link"),
    ("index.md", 17, "ilc.schema", f"the link to 'ftp://example.org/twee' {LINK}"),
    # the same target twice: both are reported, at the first (a search cannot tell them apart)
    ("index.md", 20, "ilc.schema", f"the link to 'ftp://example.org/drie' {LINK}"),
}


@pytest.mark.parametrize("before", ["", " met \x85 en \u2028 erin"], ids=["plain", "line-separators"])
@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["lf", "crlf"])
def test_roles_and_links_are_reported_at_their_own_line(make_app, tmp_path, capsys, monkeypatch, before, newline):
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text('extensions = ["ilc_canvas"]\nlanguage = "nl"\n')
    (src / "index.md").write_bytes(PAGE.format(before=before).replace("\n", newline).encode())
    _app, built = build(make_app, src)
    assert built == EXPECTED
    monkeypatch.chdir(src)
    assert check_findings(capsys) == built
