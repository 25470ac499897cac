"""Request ids: accepted from a trusted caller or made up, echoed back, put on every log line."""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError

from .request_context import request_id_var

HEADER = "X-Request-ID"
_VALID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
access_log = logging.getLogger("backprep.access")


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get(HEADER, "")
        request_id = incoming if _VALID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]
        token = request_id_var.set(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response[HEADER] = request_id
            access_log.info(
                "%s %s %s %.1fms",
                request.method,
                request.path,
                response.status_code,
                (time.perf_counter() - started) * 1000,
            )
            return response
        finally:
            request_id_var.reset(token)


class RejectNulMiddleware:
    """Refuse query strings and form fields holding NUL characters (PostgreSQL text cannot store
    them), and form bodies that cannot be parsed. JSON bodies are checked by the API's input
    schemas and the GraphQL view."""

    FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            bad = self._has_nul(request)
        except MultiPartParserError as exc:
            return self._refuse(request, f"The form body could not be parsed: {exc}")
        if bad:
            return self._refuse(request, "Text must not contain NUL (\\x00) characters.")
        return self.get_response(request)

    @staticmethod
    def _refuse(request: HttpRequest, detail: str) -> HttpResponse:
        from .errors import problem_body
        from .http import problem_response

        return problem_response(
            problem_body(
                status=400,
                slug="malformed-request",
                title="Cannot parse request",
                detail=detail,
                instance=request.path,
            )
        )

    def _has_nul(self, request: HttpRequest) -> bool:
        if any("\x00" in k or any("\x00" in v for v in vs) for k, vs in request.GET.lists()):
            return True
        if request.method == "POST" and request.content_type in self.FORM_TYPES:
            fields = request.POST.lists()
            return any("\x00" in k or any("\x00" in v for v in vs) for k, vs in fields)
        return False
