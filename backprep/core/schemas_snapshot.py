"""The committed API contracts: the OpenAPI document and the GraphQL SDL under docs/api/."""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings

SNAPSHOT_DIR = Path(settings.BASE_DIR) / "docs" / "api"
OPENAPI_PATH = SNAPSHOT_DIR / "openapi.json"
GRAPHQL_PATH = SNAPSHOT_DIR / "schema.graphql"


def current_openapi() -> str:
    from config.api import api

    schema = api.get_openapi_schema(path_prefix="/api/v1")
    return json.dumps(schema, indent=2, sort_keys=True, default=str) + "\n"


def current_graphql() -> str:
    from config.graphql import schema

    return schema.as_str() + "\n"


def snapshots() -> dict[Path, str]:
    return {OPENAPI_PATH: current_openapi(), GRAPHQL_PATH: current_graphql()}
