"""The OpenAPI document and GraphQL SDL are contracts: a change must update docs/api/."""

from __future__ import annotations

import json

from backprep.core.schemas_snapshot import (
    GRAPHQL_PATH,
    OPENAPI_PATH,
    current_graphql,
    current_openapi,
)

HOW = "API contract changed. If intended, run `.venv/bin/backprep manage export_schemas` and commit docs/api/."


def test_openapi_snapshot_is_current():
    assert OPENAPI_PATH.read_text() == current_openapi(), HOW


def test_graphql_snapshot_is_current():
    assert GRAPHQL_PATH.read_text() == current_graphql(), HOW


def test_openapi_documents_problem_responses_and_bearer_auth():
    doc = json.loads(current_openapi())
    assert doc["openapi"].startswith("3.")
    me = doc["paths"]["/api/v1/me"]["get"]
    assert "401" in me["responses"]
    schemes = doc["components"]["securitySchemes"]
    assert any(s.get("scheme") == "bearer" for s in schemes.values())


def test_swagger_ui_is_served_from_our_static_files(client, db):
    html = client.get("/api/v1/docs").content.decode()
    assert "swagger-ui-bundle.js" in html
    assert "cdn.jsdelivr" not in html and "unpkg" not in html
