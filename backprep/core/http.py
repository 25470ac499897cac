"""Problem+json responses for plain Django views (404/500 handlers, health checks)."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .errors import PROBLEM_CONTENT_TYPE, DomainError, NotFound, problem_body, problem_for


def problem_response(
    body: dict[str, Any], *, headers: dict[str, str] | None = None
) -> HttpResponse:
    response = HttpResponse(
        json.dumps(body), status=body["status"], content_type=PROBLEM_CONTENT_TYPE
    )
    for key, value in (headers or {}).items():
        response[key] = value
    return response


def domain_error_response(request: HttpRequest, exc: DomainError) -> HttpResponse:
    headers = {}
    retry_after = getattr(exc, "retry_after", None)
    if retry_after is not None:
        headers["Retry-After"] = str(retry_after)
    return problem_response(problem_for(exc, instance=request.path), headers=headers)


def _wants_problem(request: HttpRequest) -> bool:
    return request.path.startswith(("/api/", "/graphql")) or "json" in request.headers.get(
        "Accept", ""
    )


def handler404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _wants_problem(request):
        return domain_error_response(request, NotFound("No resource lives at this address."))
    return render(request, "errors/404.html", status=404)


def handler500(request: HttpRequest) -> HttpResponse:
    if _wants_problem(request):
        return problem_response(
            problem_body(
                status=500,
                slug="server-error",
                title="Internal server error",
                detail="Something went wrong on our side. Quote the request id if you report it.",
                instance=request.path,
            )
        )
    return render(request, "errors/500.html", status=500)


def handler403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _wants_problem(request):
        return problem_response(
            problem_body(
                status=403,
                slug="permission-denied",
                title="Not allowed",
                detail=str(exception) if exception else "You may not do this.",
                instance=request.path,
            )
        )
    return render(request, "errors/403.html", status=403)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    if _wants_problem(request):
        return problem_response(
            problem_body(
                status=403,
                slug="csrf-failed",
                title="CSRF check failed",
                detail=(
                    "Cookie-authenticated requests must send the X-CSRFToken header. "
                    "Scripts should authenticate with a bearer token instead."
                ),
                instance=request.path,
            )
        )
    return render(request, "errors/403.html", {"reason": reason}, status=403)
