"""The GraphQL schema: one Query and one Mutation composed from each app's parts."""

from __future__ import annotations

import strawberry
from django.conf import settings
from strawberry.extensions import MaxAliasesLimiter, MaxTokensLimiter, QueryDepthLimiter
from strawberry_django.optimizer import DjangoOptimizerExtension

from backprep.accounts.graphql import AccountsMutation, AccountsQuery
from backprep.catalog.graphql import CatalogMutation, CatalogQuery
from backprep.core.graphql import DomainErrorExtension, Schema
from backprep.practice.graphql import PracticeMutation, PracticeQuery


@strawberry.type
class Query(AccountsQuery, CatalogQuery, PracticeQuery):
    pass


@strawberry.type
class Mutation(AccountsMutation, CatalogMutation, PracticeMutation):
    pass


schema = Schema(
    query=Query,
    mutation=Mutation,
    extensions=[
        DjangoOptimizerExtension,
        lambda: QueryDepthLimiter(max_depth=settings.GRAPHQL_MAX_DEPTH),
        lambda: MaxAliasesLimiter(max_alias_count=settings.GRAPHQL_MAX_ALIASES),
        lambda: MaxTokensLimiter(max_token_count=settings.GRAPHQL_MAX_TOKENS),
        DomainErrorExtension,
    ],
)
