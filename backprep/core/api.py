"""Shared REST pieces: authentication, problem+json handlers and pagination schemas."""

from __future__ import annotations

import logging
from typing import Any, Generic, TypeVar

from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import HttpBearer, SessionAuth

from backprep.accounts.tokens import bearer_user

from .errors import DomainError, FieldError, NotAuthenticated, NotFound, problem_body
from .http import domain_error_response, problem_response

log = logging.getLogger(__name__)
T = TypeVar("T")


class BearerAuth(HttpBearer):
    """``Authorization: Bearer <JWT access token | personal access token>``; no CSRF needed."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = bearer_user(f"Bearer {token}")
        if user is not None:
            request.user = user
        return user


class CookieSessionAuth(SessionAuth):
    """The web UI's session cookie; unsafe methods need the CSRF token (X-CSRFToken).

    A request that sends a bearer token is judged by that token alone: a bad token is a 401,
    even when a session cookie rides along.
    """

    def __call__(self, request: HttpRequest) -> Any:
        if request.headers.get("Authorization"):
            return None
        return super().__call__(request)


AUTH = [BearerAuth(), CookieSessionAuth()]


class Problem(Schema):
    type: str
    title: str
    status: int
    detail: str
    request_id: str
    instance: str | None = None
    errors: list[dict[str, str]] | None = None


class PageOut(Schema, Generic[T]):
    items: list[T]
    next_cursor: str | None
    limit: int


PROBLEMS: dict[int, type[Problem]] = {401: Problem, 422: Problem}
OWNED_PROBLEMS: dict[int, type[Problem]] = {401: Problem, 404: Problem, 422: Problem}


def _field_name(loc: tuple[Any, ...] | list[Any]) -> str:
    parts = [str(p) for p in loc]
    if parts and parts[0] in ("body", "query", "path", "header", "form", "file", "cookie"):
        parts = parts[1:]
    if parts and parts[0] == "payload":
        parts = parts[1:]
    if parts and parts[0] in ("data", "params", "filters"):
        parts = parts[1:]
    return ".".join(parts) or "(request)"


def install_error_handlers(api: NinjaAPI) -> None:
    @api.exception_handler(DomainError)
    def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
        response = domain_error_response(request, exc)
        if exc.status == 401:
            response["WWW-Authenticate"] = 'Bearer realm="backprep"'
        return response

    @api.exception_handler(ValidationError)
    def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        errors = [
            FieldError(
                _field_name(e.get("loc", ())),
                str(e.get("msg", "invalid")),
                str(e.get("type", "invalid")),
            )
            for e in exc.errors
        ]
        body = problem_body(
            status=422,
            slug="validation-error",
            title="The request has invalid fields",
            detail="; ".join(f"{e.field}: {e.message}" for e in errors) or "Invalid request.",
            instance=request.path,
            errors=errors,
        )
        return problem_response(body)

    @api.exception_handler(AuthenticationError)
    def authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return domain_error(request, NotAuthenticated("Log in or send a valid bearer token."))

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return domain_error_response(request, NotFound("No such resource."))

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        slug = {
            400: "malformed-request",
            403: "csrf-failed" if "CSRF" in str(exc) else "permission-denied",
            405: "method-not-allowed",
        }.get(exc.status_code, "http-error")
        body = problem_body(
            status=exc.status_code,
            slug=slug,
            title=str(exc),
            detail=str(exc),
            instance=request.path,
        )
        return problem_response(body)

    @api.exception_handler(MultiPartParserError)
    def malformed_body(request: HttpRequest, exc: MultiPartParserError) -> HttpResponse:
        body = problem_body(
            status=400,
            slug="malformed-request",
            title="Cannot parse request body",
            detail=f"The request body could not be parsed: {exc}",
            instance=request.path,
        )
        return problem_response(body)

    @api.exception_handler(RequestDataTooBig)
    def too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
        body = problem_body(
            status=413,
            slug="payload-too-large",
            title="Request body too large",
            detail="The request body is larger than this server accepts.",
            instance=request.path,
        )
        return problem_response(body)

    @api.exception_handler(Exception)
    def server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
        log.exception("unhandled error on %s %s", request.method, request.path)
        body = problem_body(
            status=500,
            slug="server-error",
            title="Internal server error",
            detail="Something went wrong on our side. Quote the request id if you report it.",
            instance=request.path,
        )
        return problem_response(body)


class OptionalAuth:
    """Reads that anyone may make: a bearer token or session is used when present, but an
    invalid bearer token is still refused (401) rather than silently treated as anonymous."""

    def __call__(self, request: HttpRequest) -> Any:
        header = request.headers.get("Authorization", "")
        if header:
            user = bearer_user(header)
            if user is not None:
                request.user = user
            return user
        return request.user if request.user.is_authenticated else "anonymous"


OPTIONAL_AUTH = [OptionalAuth()]
