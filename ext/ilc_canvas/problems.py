"""Problems found in author input, shared by the Sphinx build and `ilc check`.

Validators return Problems and never log; `report` (Sphinx) and the CLI print
them, so both callers give the same message, subtype and line.
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
    "ref": "a role, listing filter or :usecase: option names an id that does not exist",
    "assets": "a build-time asset the site needs (the local Mermaid files) is missing",
}


@dataclass(frozen=True, slots=True)
class Problem:
    subtype: str
    message: str
    line: int | None = None
    #: source file (for site-wide problems that point at another file than
    #: the one being validated); None means "the file being validated".
    source: str | None = None

    def __post_init__(self) -> None:
        if self.subtype not in SUBTYPES:
            raise ValueError(f"unknown ilc warning subtype {self.subtype!r}")

    @property
    def full_subtype(self) -> str:
        return f"{WARNING_TYPE}.{self.subtype}"

    def format(self, path: str) -> str:
        """One line as `ilc check` prints it: FILE:LINE: message [ilc.sub]."""
        where = f"{self.source or path}:{self.line}" if self.line else (self.source or path)
        return f"{where}: {self.message} [{self.full_subtype}]"
