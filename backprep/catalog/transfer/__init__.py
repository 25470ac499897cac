"""Import and export of a deck's questions: Markdown lists, CSV, JSON and Anki packages.

Parsers turn bytes into ``ParsedRow``s and ``Rejected`` entries and never raise on bad input;
``importer.import_questions`` writes the rows through ``services.question_create``;
``exporter.export_deck`` writes a deck back out in the same shapes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from backprep.catalog.services import QuestionData

FORMATS = ("markdown", "csv", "json", "apkg")
EXPORT_FORMATS = ("csv", "json", "apkg", "markdown")
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
EXTENSIONS = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".txt": "markdown",
    ".csv": "csv",
    ".tsv": "csv",
    ".json": "json",
    ".apkg": "apkg",
    ".colpkg": "apkg",
}
# What the report calls the number of a rejected entry, per format.
LOCATION_LABELS = {"markdown": "Line", "csv": "Line", "json": "Item", "apkg": "Note"}


@dataclass(frozen=True)
class Rejected:
    """One entry that was not imported. ``line`` is 0 when the whole file was refused."""

    line: int
    reason: str


@dataclass(frozen=True)
class ParsedRow:
    """A question read from a file, with where it starts (line, item or note number)."""

    line: int
    data: QuestionData


@dataclass
class ParseResult:
    rows: list[ParsedRow] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)

    @classmethod
    def refused(cls, reason: str) -> ParseResult:
        """The whole file could not be read."""
        return cls(rejected=[Rejected(0, reason)])


@dataclass
class ImportReport:
    imported: int
    rejected: list[Rejected]
    format: str
    rolled_back: bool = False
    qids: list[str] = field(default_factory=list)

    @property
    def location_label(self) -> str:
        return LOCATION_LABELS.get(self.format, "Line")

    def to_dict(self) -> dict[str, Any]:
        return {
            "imported": self.imported,
            "rejected": [{"line": r.line, "reason": r.reason} for r in self.rejected],
            "format": self.format,
            "rolled_back": self.rolled_back,
            "qids": list(self.qids),
        }


def guess_format(filename: str) -> str | None:
    """The import format for a file name, from its extension (None if unknown)."""
    name = filename.lower().strip()
    for extension, fmt in EXTENSIONS.items():
        if name.endswith(extension):
            return fmt
    return None
