"""The one import path for every format: parse the file, then write each row through the service.

Each row is created by ``services.question_create`` inside its own savepoint, so a refused row is
reported and the others stay; with ``all_or_nothing`` one refusal rolls the whole import back.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import batched

from django.core.files import File
from django.db import transaction

from backprep.accounts.models import User
from backprep.catalog import services
from backprep.catalog.models import Deck
from backprep.core.errors import DomainError, FieldError, ValidationFailed

from . import (
    FORMATS,
    MAX_UPLOAD_BYTES,
    ImportReport,
    ParsedRow,
    ParseResult,
    Rejected,
    guess_format,
)
from .anki import parse_apkg
from .csv_json import parse_csv, parse_json
from .markdown_list import parse_markdown

MAX_ROWS = 1000
PARSERS: dict[str, Callable[..., ParseResult]] = {
    "markdown": parse_markdown,
    "csv": parse_csv,
    "json": parse_json,
    "apkg": parse_apkg,
}


class UploadTooLarge(DomainError):
    status = 413
    slug = "payload-too-large"
    title = "Upload too large"


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".rstrip("0").rstrip(".")


def too_large_message(size: int) -> str:
    return f"The file is {_megabytes(size)} MB; the limit is {_megabytes(MAX_UPLOAD_BYTES)} MB."


def _reason(exc: DomainError) -> str:
    if exc.errors:
        return "; ".join(f"{e.field}: {e.message}" for e in exc.errors)
    return exc.detail


def parse(*, content: bytes, format: str, default_topic: str) -> ParseResult:
    return PARSERS[format](content, default_topic=default_topic)


def import_questions(
    *,
    owner: User,
    deck: Deck,
    rows: Sequence[ParsedRow],
    all_or_nothing: bool,
    format: str = "",
    rejected: Sequence[Rejected] = (),
) -> ImportReport:
    """Create a private question per row and add them to ``deck`` (which must be the owner's).

    ``rejected`` carries what the parser already refused; it counts for ``all_or_nothing`` too.
    """
    failures = list(rejected)
    rows = list(rows)
    if len(rows) > MAX_ROWS:
        failures.append(
            Rejected(
                rows[MAX_ROWS].line,
                f"At most {MAX_ROWS} questions are imported at once: this one and the "
                f"{len(rows) - MAX_ROWS - 1} after it were skipped. Split the file.",
            )
        )
        rows = rows[:MAX_ROWS]
    qids: list[str] = []
    with transaction.atomic():
        for row in rows:
            try:
                with transaction.atomic():
                    question = services.question_create(owner=owner, data=row.data)
            except DomainError as exc:
                failures.append(Rejected(row.line, _reason(exc)))
                continue
            qids.append(question.qid)
        failures.sort(key=lambda r: r.line)
        if all_or_nothing and failures:
            transaction.set_rollback(True)
            return ImportReport(imported=0, rejected=failures, format=format, rolled_back=True)
        for chunk in batched(qids, 500):
            services.deck_add_questions(user=owner, deck_id=deck.pk, qids=list(chunk))
    return ImportReport(imported=len(qids), rejected=failures, format=format, qids=qids)


def _read(file: File) -> bytes:
    size = file.size
    if size is not None and size > MAX_UPLOAD_BYTES:
        raise UploadTooLarge(too_large_message(size))
    file.seek(0)
    content = file.read(MAX_UPLOAD_BYTES + 1)
    if len(content) > MAX_UPLOAD_BYTES:
        raise UploadTooLarge(too_large_message(len(content)))
    return content


def resolve_format(format: str | None, filename: str) -> str:
    chosen = format or guess_format(filename)
    if chosen not in FORMATS:
        raise ValidationFailed(
            "Choose the file's format: it cannot be told from the file name.",
            errors=[FieldError("format", f"One of: {', '.join(FORMATS)}.", "required")],
        )
    return chosen


def import_file(
    *, owner: User, deck: Deck, file: File, format: str | None, all_or_nothing: bool
) -> ImportReport:
    """Import an uploaded file into the owner's deck. Raises UploadTooLarge or ValidationFailed
    (format unknown); everything wrong inside the file is in the report instead."""
    content = _read(file)
    chosen = resolve_format(format, file.name or "")
    parsed = parse(content=content, format=chosen, default_topic=deck.name)
    return import_questions(
        owner=owner,
        deck=deck,
        rows=parsed.rows,
        rejected=parsed.rejected,
        format=chosen,
        all_or_nothing=all_or_nothing,
    )
