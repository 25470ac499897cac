"""GraphQL accounts operations: success, bad input, unauthenticated, wrong role, limits."""

from __future__ import annotations

import pytest

from backprep.accounts import tokens
from backprep.accounts.models import PersonalAccessToken
from conftest import bearer_for

pytestmark = pytest.mark.django_db


def gql(client, query, variables=None, headers=None):
    response = client.post(
        "/graphql/",
        {"query": query, "variables": variables or {}},
        content_type="application/json",
        headers=headers or {},
    )
    assert response.status_code == 200, response.content
    return response.json()


def error_code(result):
    return result["errors"][0]["extensions"]["code"]


def test_me(client, user, auth_headers):
    result = gql(client, "{ me { email role level timeZone } }", headers=auth_headers)
    assert result["data"]["me"] == {
        "email": user.email,
        "role": "candidate",
        "level": "junior",
        "timeZone": "UTC",
    }


def test_me_unauthenticated(client, db):
    result = gql(client, "{ me { email } }")
    assert error_code(result) == "not-authenticated"
    assert result["data"] is None


def test_invalid_bearer_is_401_problem(client, db):
    response = client.post(
        "/graphql/",
        {"query": "{ me { email } }"},
        content_type="application/json",
        headers={"Authorization": "Bearer nope"},
    )
    assert response.status_code == 401
    assert response.json()["type"] == "urn:backprep:problem:not-authenticated"


def test_update_profile(client, user, auth_headers):
    result = gql(
        client,
        "mutation($d: ProfileInput!) { updateProfile(data: $d) { level targetRole targetInterviewDate } }",
        {
            "d": {
                "level": "senior",
                "targetRole": "Platform engineer",
                "targetInterviewDate": "2027-03-01",
            }
        },
        auth_headers,
    )
    assert result["data"]["updateProfile"] == {
        "level": "senior",
        "targetRole": "Platform engineer",
        "targetInterviewDate": "2027-03-01",
    }


def test_update_profile_bad_input(client, user, auth_headers):
    result = gql(
        client,
        'mutation { updateProfile(data: {timeZone: "Nowhere/Land"}) { timeZone } }',
        headers=auth_headers,
    )
    assert error_code(result) == "validation-error"
    assert result["errors"][0]["extensions"]["fieldErrors"][0]["field"] == "time_zone"
    user.refresh_from_db()
    assert user.time_zone == "UTC"


def test_personal_token_lifecycle(client, user, auth_headers):
    created = gql(
        client,
        'mutation { createPersonalToken(name: "gql", expiresInDays: 7) { secret token { id name } } }',
        headers=auth_headers,
    )
    secret = created["data"]["createPersonalToken"]["secret"]
    token_id = created["data"]["createPersonalToken"]["token"]["id"]
    listed = gql(
        client, "{ personalTokens { name } }", headers={"Authorization": f"Bearer {secret}"}
    )
    assert listed["data"]["personalTokens"] == [{"name": "gql"}]
    revoked = gql(
        client,
        "mutation($id: ID!) { revokePersonalToken(id: $id) { revokedAt } }",
        {"id": token_id},
        auth_headers,
    )
    assert revoked["data"]["revokePersonalToken"]["revokedAt"]


def test_cannot_revoke_another_users_token(client, user, other_user, auth_headers):
    theirs = tokens.personal_token_create(user=other_user, name="theirs")
    result = gql(
        client,
        "mutation($id: ID!) { revokePersonalToken(id: $id) { id } }",
        {"id": str(theirs.token.pk)},
        auth_headers,
    )
    assert error_code(result) == "not-found"
    assert PersonalAccessToken.objects.get().revoked_at is None


def test_token_mutations_unauthenticated_and_bad_input(client, user, auth_headers):
    assert error_code(
        gql(client, 'mutation { createPersonalToken(name: "x") { secret } }', headers={})
    ) in {"not-authenticated"}
    assert (
        error_code(
            gql(
                client,
                'mutation { createPersonalToken(name: "") { secret } }',
                headers=auth_headers,
            )
        )
        == "validation-error"
    )
    assert (
        error_code(
            gql(client, 'mutation { revokePersonalToken(id: "abc") { id } }', headers=auth_headers)
        )
        == "not-found"
    )


def test_users_needs_admin(client, user, admin_user, auth_headers):
    assert (
        error_code(gql(client, "{ users { email } }", headers=auth_headers)) == "permission-denied"
    )
    result = gql(client, "{ users(first: 10) { email } }", headers=bearer_for(admin_user))
    assert {u["email"] for u in result["data"]["users"]} == {user.email, admin_user.email}


def test_users_query_count_is_flat(client, admin_user, django_assert_max_num_queries):
    from backprep.accounts.tests.factories import UserFactory

    UserFactory.create_batch(30)
    with django_assert_max_num_queries(2):
        result = gql(client, "{ users(first: 50) { email role } }", headers=bearer_for(admin_user))
    assert len(result["data"]["users"]) == 31


def test_change_password(client, user, password, auth_headers):
    bad = gql(
        client,
        'mutation { changePassword(currentPassword: "x", newPassword: "a long new passphrase") }',
        headers=auth_headers,
    )
    assert error_code(bad) == "validation-error"
    ok = gql(
        client,
        'mutation($p: String!) { changePassword(currentPassword: $p, newPassword: "a long new passphrase") }',
        {"p": password},
        auth_headers,
    )
    assert ok["data"]["changePassword"] is True


def test_alias_limit(client, user, auth_headers):
    query = "{ " + " ".join(f"a{i}: me {{ email }}" for i in range(20)) + " }"
    result = gql(client, query, headers=auth_headers)
    assert "aliases" in result["errors"][0]["message"]


def test_depth_limit(client, user, auth_headers, settings):
    settings.GRAPHQL_MAX_DEPTH = 1  # our schema is shallow; a tight limit shows the rule is on
    query = 'mutation { createPersonalToken(name: "deep") { token { id } } }'
    result = gql(client, query, headers=auth_headers)
    assert PersonalAccessToken.objects.count() == 0
    assert "exceeds maximum operation depth" in result["errors"][0]["message"]


def test_graphiql_page_is_served_offline(client, user):
    client.force_login(user)
    response = client.get("/graphql/", headers={"Accept": "text/html"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "/static/vendor/graphiql/graphiql.min.js" in html
    assert "unpkg.com" not in html and "cdn" not in html.lower()


def test_validation_errors_carry_a_request_id(client, db):
    result = client.post("/graphql/", {"query": "{ nope }"}, content_type="application/json").json()
    assert result["errors"][0]["extensions"]["requestId"]
