"""The GraphQL endpoint. Cookie sessions are CSRF-checked by Django's middleware; bearer-token
requests were authenticated (and exempted) by BearerTokenMiddleware before they got here."""

from __future__ import annotations

from django.conf import settings
from django.utils.csp import CSP
from django.views.decorators.csp import csp_override
from strawberry.django.views import GraphQLView

from .graphql import schema

# GraphiQL embeds its icon font as a data: URL; everything else stays as strict as the site.
_IDE_CSP: dict[str, list[str]] = {
    **settings.SECURE_CSP,  # type: ignore[dict-item]
    "font-src": [CSP.SELF, "data:"],
}

graphql_view = csp_override(_IDE_CSP)(GraphQLView.as_view(schema=schema, graphql_ide="graphiql"))
