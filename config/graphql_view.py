"""The GraphQL endpoint.

CSRF matters only when the browser's session cookie authenticates the request: such POSTs must
carry X-CSRFToken. Bearer-token requests (authenticated by BearerTokenMiddleware) and anonymous
requests without a session cookie have no ambient credentials to abuse, so they need none.
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.utils.csp import CSP
from django.views.decorators.csp import csp_override
from django.views.decorators.csrf import csrf_exempt
from strawberry.django.views import GraphQLView

from backprep.core.errors import problem_body
from backprep.core.http import problem_response
from backprep.core.schemas import contains_nul

from .graphql import schema

# GraphiQL embeds its icon font as a data: URL; everything else stays as strict as the site.
_IDE_CSP: dict[str, list[str]] = {
    **settings.SECURE_CSP,  # type: ignore[dict-item]
    "font-src": [CSP.SELF, "data:"],
}

_view = GraphQLView.as_view(schema=schema, graphql_ide="graphiql")
_csrf = CsrfViewMiddleware(lambda request: HttpResponse())


def _needs_csrf(request: HttpRequest) -> bool:
    if getattr(request, "auth_via_token", False):
        return False
    return settings.SESSION_COOKIE_NAME in request.COOKIES


def _has_nul(request: HttpRequest) -> bool:
    """JSON bodies only: query strings and forms are checked by RejectNulMiddleware."""
    if request.method != "POST" or "json" not in (request.content_type or ""):
        return False
    try:
        return contains_nul(json.loads(request.body or b"{}"))
    except ValueError:
        return False  # strawberry answers malformed JSON itself


@csrf_exempt
@csp_override(_IDE_CSP)
def graphql_view(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    if _has_nul(request):
        return problem_response(
            problem_body(
                status=400,
                slug="malformed-request",
                title="Cannot parse request body",
                detail="Text must not contain NUL (\\x00) characters.",
                instance=request.path,
            )
        )
    if _needs_csrf(request):
        rejected = _csrf.process_view(request, _view, args, kwargs)
        if rejected is not None:
            return rejected
    return _view(request, *args, **kwargs)  # type: ignore[return-value]
