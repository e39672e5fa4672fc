"""Problems found in author input, shared by the Sphinx build and `ilc check`.

Readers return Problems and never log; the Sphinx side logs them as warnings
and the command line prints them, so both give the same message, subtype and line.
"""

from __future__ import annotations

from dataclasses import dataclass

WARNING_TYPE = "ilc"

#: The closed set of warning subtypes, with what each one means.
SUBTYPES: dict[str, str] = {
    "yaml": "the directive body is not valid YAML, not a mapping, repeats a key, "
    "or uses a tag or alias expansion that safe loading refuses",
    "schema": "unknown block or key, missing required option or block, wrong value "
    "type, invalid id, phase, status, date, stream, aspect or theme, unsafe link",
    "duplicate": "the same use case id or lesson id is defined twice",
    "ref": "a role, listing filter or :usecase: option names an id that does not exist, "
    "or a site that ilc_sites does not name",
    "assets": "a build-time asset the site needs (the Mermaid files the package carries, "
    "Pagefind's index) is missing or could not be made",
    "site": "another site named in ilc_sites cannot be read and there is no copy of it, "
    "or ilc_sites is not written as name: (public URL, location)",
}


@dataclass(frozen=True, slots=True)
class Note:
    """Something still to do that is not a problem, such as a block that still
    holds the placeholder text: `ilc check` says it, and passes."""

    message: str
    line: int | None = None
    source: str | None = None


@dataclass(frozen=True, slots=True)
class Problem:
    subtype: str
    message: str
    line: int | None = None
    #: the source file, relative to the project root, when the problem is about
    #: another file than the one being read (site-wide checks, included files)
    source: str | None = None

    def __post_init__(self) -> None:
        if self.subtype not in SUBTYPES:
            raise ValueError(f"unknown ilc warning subtype {self.subtype!r}")

    @property
    def full_subtype(self) -> str:
        return f"{WARNING_TYPE}.{self.subtype}"
