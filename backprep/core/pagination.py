"""Cursor pagination for every list endpoint: ``?limit=20&cursor=<opaque>``.

The cursor encodes the last row's ordering key, so pages stay stable while rows are added
(unlike OFFSET) and each page is one indexed range query.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.db.models import Model, Q, QuerySet

from .errors import FieldError, ValidationFailed

M = TypeVar("M", bound=Model)

DEFAULT_LIMIT = 20
MAX_LIMIT = 100


@dataclass(frozen=True)
class Page(Generic[M]):
    items: list[M]
    next_cursor: str | None
    limit: int


def encode_cursor(values: list[Any]) -> str:
    raw = json.dumps(values, default=str, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, size: int) -> list[Any]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (binascii.Error, ValueError, UnicodeDecodeError) as exc:
        raise ValidationFailed(
            "The cursor is not one this API issued.",
            errors=[FieldError("cursor", "malformed cursor")],
        ) from exc
    if not isinstance(values, list) or len(values) != size:
        raise ValidationFailed(
            "The cursor is not one this API issued.",
            errors=[FieldError("cursor", "malformed cursor")],
        )
    return values


def paginate(
    queryset: QuerySet[M],
    *,
    limit: int = DEFAULT_LIMIT,
    cursor: str | None = None,
    ordering: tuple[str, ...] = ("-id",),
) -> Page[M]:
    """Keyset pagination over ``ordering`` (its last field must be unique, e.g. ``id``)."""
    if not 1 <= limit <= MAX_LIMIT:
        raise ValidationFailed(
            f"limit must be between 1 and {MAX_LIMIT}.",
            errors=[FieldError("limit", f"must be between 1 and {MAX_LIMIT}")],
        )
    queryset = queryset.order_by(*ordering)
    fields = [f.lstrip("-") for f in ordering]
    if cursor:
        values = decode_cursor(cursor, len(fields))
        # (a, b) after (x, y) in the ordering: a beyond x, or a == x and b beyond y.
        condition = Q()
        for i, name in enumerate(fields):
            op = "lt" if ordering[i].startswith("-") else "gt"
            step = Q(**{f"{name}__{op}": values[i]})
            for j in range(i):
                step &= Q(**{fields[j]: values[j]})
            condition |= step
        queryset = queryset.filter(condition)
    rows = list(queryset[: limit + 1])
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        last = rows[-1]
        next_cursor = encode_cursor([getattr(last, name) for name in fields])
    return Page(items=rows, next_cursor=next_cursor, limit=limit)
