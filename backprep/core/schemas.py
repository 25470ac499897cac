"""The base of every API input schema."""

from __future__ import annotations

from typing import Any

from ninja import Schema
from pydantic import Field, model_validator

from .pagination import DEFAULT_LIMIT, MAX_LIMIT


def contains_nul(value: Any) -> bool:
    """True if any string in a nested structure holds a NUL character (PostgreSQL text cannot)."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(contains_nul(k) or contains_nul(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(contains_nul(v) for v in value)
    return False


class InputSchema(Schema):
    """Input shapes refuse NUL characters, like Django's form fields do."""

    @model_validator(mode="before")
    @classmethod
    def _no_nul(cls, data: Any) -> Any:
        raw = getattr(data, "_obj", data)  # ninja hands validators a DjangoGetter
        if contains_nul(
            raw if isinstance(raw, dict | list | str) else getattr(raw, "__dict__", {})
        ):
            raise ValueError("text must not contain NUL (\\x00) characters")
        return data


class PageParams(InputSchema):
    """``?limit=&cursor=`` of every cursor-paginated list endpoint."""

    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)
    cursor: str | None = Field(None, max_length=200)
