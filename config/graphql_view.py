"""The GraphQL endpoint. Cookie sessions are CSRF-checked by Django's middleware; bearer-token
requests were authenticated (and exempted) by BearerTokenMiddleware before they got here."""

from __future__ import annotations

from strawberry.django.views import GraphQLView

from .graphql import schema

graphql_view = GraphQLView.as_view(schema=schema, graphql_ide="graphiql")
