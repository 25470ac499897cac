"""Property-based fuzzing of the whole REST API from its OpenAPI document: no input may cause a
server error. Runs in process against the WSGI app with a real bearer token."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from backprep.accounts.tests.factories import UserFactory
from backprep.catalog.services import deck_create
from backprep.catalog.tests.packs import standard_pack
from config.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@pytest.fixture
def token(db, tmp_path, django_db_blocker):
    from backprep.accounts.tokens import personal_token_create
    from backprep.catalog.loading import load_pack

    load_pack(standard_pack(tmp_path / "pack"))
    user = UserFactory()
    deck_create(owner=user, name="fuzz")
    return personal_token_create(user=user, name="fuzz").secret


@pytest.mark.django_db(transaction=True)
@schema.parametrize()
@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_input_causes_a_server_error(case, token):
    case.headers = {**(case.headers or {}), "Authorization": f"Bearer {token}"}
    response = case.call()
    assert response.status_code < 500, (case.method, case.path, response.text[:300])


@pytest.mark.django_db
def test_nul_characters_are_refused_everywhere(client, user, auth_headers):
    from backprep.accounts.tests.test_api import assert_problem

    body = {"name": "bad\x00name"}
    assert_problem(
        client.post("/api/v1/tokens", body, content_type="application/json", headers=auth_headers),
        422,
        "validation-error",
    )
    assert_problem(client.get("/api/v1/questions?topic=a%00b"), 400, "malformed-request")
    response = client.post(
        "/graphql/",
        {
            "query": "mutation($n: String!) { createDeck(name: $n) { id } }",
            "variables": {"n": "x\x00"},
        },
        content_type="application/json",
        headers=auth_headers,
    )
    assert_problem(response, 400, "malformed-request")
    from backprep.catalog.services import QuestionData, question_create
    from backprep.core.errors import ValidationFailed

    with pytest.raises(ValidationFailed):
        question_create(owner=user, data=QuestionData(prompt="a\x00b"))


@pytest.mark.django_db
def test_nul_in_forms_and_query_strings_is_a_400(client, user):
    client.force_login(user)
    assert client.get("/catalog/?topic=a%00b").status_code == 400
    assert client.post("/practice/answer/", {"qid": "x", "answer": "a\x00b"}).status_code == 400
