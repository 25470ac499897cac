"""Shared GraphQL pieces: domain errors become GraphQL errors with a stable code."""

from __future__ import annotations

from collections.abc import Iterator

import strawberry
from graphql import GraphQLError
from strawberry.extensions import SchemaExtension
from strawberry.types import ExecutionContext, Info

from backprep.accounts.models import User

from .errors import TYPE_PREFIX, DomainError
from .permissions import require_user
from .request_context import current_request_id


def current_user(info: Info) -> User:
    return require_user(info.context.request.user)


class DomainErrorExtension(SchemaExtension):
    """Adds ``extensions: {code, status, type, fieldErrors, requestId}`` to errors from services."""

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        if not result or not result.errors:
            return
        for error in result.errors:
            original = error.original_error
            extensions = dict(error.extensions or {})
            extensions["requestId"] = current_request_id()
            if isinstance(original, DomainError):
                extensions.update(
                    code=original.slug,
                    status=original.status,
                    type=TYPE_PREFIX + original.slug,
                )
                if original.errors:
                    extensions["fieldErrors"] = [
                        {"field": e.field, "message": e.message, "code": e.code}
                        for e in original.errors
                    ]
            error.extensions = extensions


class Schema(strawberry.Schema):
    """Expected errors (a service refusing bad input) are not logged as server errors."""

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        unexpected = [e for e in errors if not isinstance(e.original_error, DomainError)]
        if unexpected:
            super().process_errors(unexpected, execution_context)
