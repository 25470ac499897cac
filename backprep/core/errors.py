"""Domain errors and their one mapping to RFC 9457 problem details.

Services raise these; the REST API, GraphQL and htmx views turn them into responses in one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .request_context import current_request_id

PROBLEM_CONTENT_TYPE = "application/problem+json"
TYPE_PREFIX = "urn:backprep:problem:"


@dataclass(frozen=True)
class FieldError:
    field: str
    message: str
    code: str = "invalid"


class DomainError(Exception):
    """Base for errors a service raises on purpose. ``slug`` becomes the stable problem type."""

    status = 400
    slug = "bad-request"
    title = "Bad request"

    def __init__(self, detail: str, *, errors: list[FieldError] | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.errors = errors or []


class ValidationFailed(DomainError):
    status = 422
    slug = "validation-error"
    title = "The request has invalid fields"


class NotAuthenticated(DomainError):
    status = 401
    slug = "not-authenticated"
    title = "Authentication required"


class PermissionDenied(DomainError):
    status = 403
    slug = "permission-denied"
    title = "Not allowed"


class NotFound(DomainError):
    status = 404
    slug = "not-found"
    title = "Not found"


class Conflict(DomainError):
    status = 409
    slug = "conflict"
    title = "Conflict"


class RateLimited(DomainError):
    status = 429
    slug = "rate-limited"
    title = "Too many requests"

    def __init__(self, detail: str, *, retry_after: int) -> None:
        super().__init__(detail)
        self.retry_after = retry_after


def problem_body(
    *,
    status: int,
    slug: str,
    title: str,
    detail: str,
    instance: str | None = None,
    errors: list[FieldError] | None = None,
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "type": TYPE_PREFIX + slug,
        "title": title,
        "status": status,
        "detail": detail,
        "request_id": current_request_id(),
    }
    if instance:
        body["instance"] = instance
    if errors:
        body["errors"] = [{"field": e.field, "message": e.message, "code": e.code} for e in errors]
    return body


def problem_for(exc: DomainError, *, instance: str | None = None) -> dict[str, Any]:
    return problem_body(
        status=exc.status,
        slug=exc.slug,
        title=exc.title,
        detail=exc.detail,
        instance=instance,
        errors=exc.errors,
    )
