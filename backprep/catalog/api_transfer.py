"""REST endpoints to import questions into a deck from a file and to export a deck as a file."""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from ninja import File, Form, Router, Schema, Status, UploadedFile

from backprep.core.api import AUTH, OWNED_PROBLEMS, Problem
from backprep.core.permissions import require_user

from .selectors import deck_for_owner
from .transfer import MAX_UPLOAD_BYTES
from .transfer.exporter import CONTENT_TYPES, attachment, export_deck
from .transfer.importer import import_file

router = Router(tags=["decks"])

ImportFormat = Literal["markdown", "csv", "json", "apkg"]
ExportFormat = Literal["csv", "json", "apkg", "markdown"]
BINARY = {"schema": {"type": "string", "format": "binary"}}


class RejectedOut(Schema):
    line: int
    reason: str


class ImportReportOut(Schema):
    imported: int
    rejected: list[RejectedOut]
    format: str
    rolled_back: bool
    qids: list[str]


@router.post(
    "/decks/{deck_id}/import",
    response={200: ImportReportOut, 413: Problem, **OWNED_PROBLEMS},
    auth=AUTH,
    summary="Import questions into one of my decks from a file",
    description=(
        "Upload (multipart) a Markdown question list, a CSV or JSON file, or an Anki package "
        f"(.apkg), at most {MAX_UPLOAD_BYTES // (1024 * 1024)} MB. Each question becomes a "
        "private question of yours and is added to the deck. Rows that cannot be imported are "
        "listed in `rejected` with their line (CSV, Markdown), item (JSON) or note (Anki) number; "
        "`line` 0 means the whole file was refused. With `all_or_nothing`, one rejected row "
        "imports nothing (`rolled_back` is true). `format` defaults to a guess from the file name."
    ),
)
def deck_import(
    request: HttpRequest,
    deck_id: int,
    file: File[UploadedFile],
    format: Form[ImportFormat | None] = None,
    all_or_nothing: Form[bool] = False,
) -> Status[Any]:
    user = require_user(request.user)
    deck = deck_for_owner(user=user, deck_id=deck_id)
    report = import_file(
        owner=user, deck=deck, file=file, format=format, all_or_nothing=all_or_nothing
    )
    return Status(200, report.to_dict())


@router.get(
    "/decks/{deck_id}/export",
    response=OWNED_PROBLEMS,
    auth=AUTH,
    summary="Download one of my decks as CSV, JSON, an Anki package or Markdown",
    description=(
        "CSV and JSON have the columns and keys the import reads, so an export imports back. "
        "The Anki package keeps each note's GUID per question, so importing a newer export into "
        "Anki updates the cards instead of duplicating them."
    ),
    openapi_extra={
        "responses": {
            200: {
                "description": "The deck as a file (Content-Disposition: attachment)",
                "content": dict.fromkeys(CONTENT_TYPES.values(), BINARY),
            }
        }
    },
)
def deck_export(request: HttpRequest, deck_id: int, format: ExportFormat = "csv") -> HttpResponse:
    user = require_user(request.user)
    deck = deck_for_owner(user=user, deck_id=deck_id)
    return attachment(export_deck(deck=deck, format=format))
