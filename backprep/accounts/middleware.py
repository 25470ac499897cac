"""Bearer credentials on any request: such a request is authenticated by its token, not a
cookie, so it needs (and gets) no CSRF check. This is what lets scripts call /graphql/."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from backprep.core.errors import NotAuthenticated
from backprep.core.http import domain_error_response

from .tokens import bearer_user


class BearerTokenMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        authorization = request.headers.get("Authorization", "")
        if authorization[:7].lower() == "bearer " and not request.path.startswith(
            ("/api/", "/metrics")
        ):
            user = bearer_user(authorization)
            if user is None:
                return domain_error_response(
                    request, NotAuthenticated("The bearer token is invalid, expired or revoked.")
                )
            request.user = user
            request.auth_via_token = True  # type: ignore[attr-defined]
            request._dont_enforce_csrf_checks = True  # type: ignore[attr-defined]
        return self.get_response(request)
