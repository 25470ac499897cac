"""The REST API: one NinjaAPI, one router per app."""

from __future__ import annotations

from ninja import NinjaAPI, Swagger

from backprep.accounts.api import router as accounts_router
from backprep.catalog.api import router as catalog_router
from backprep.catalog.api_transfer import router as catalog_transfer_router
from backprep.core.api import install_error_handlers
from backprep.practice.api import router as practice_router

api = NinjaAPI(
    title="backprep API",
    version="1.0.0",
    description=(
        "The REST API of backprep. Authenticate with `Authorization: Bearer <token>` using a "
        "JWT access token from `POST /auth/token` or a personal access token made in the web UI. "
        "Errors are RFC 9457 problem details (`application/problem+json`). List endpoints take "
        "`limit` and `cursor` and return `next_cursor`."
    ),
    urls_namespace="api-v1",
    docs=Swagger(settings={"persistAuthorization": True}),
    docs_url="/docs",
    openapi_url="/openapi.json",
)
install_error_handlers(api)
api.add_router("", accounts_router)
api.add_router("", catalog_router)
api.add_router("", catalog_transfer_router)
api.add_router("", practice_router)
