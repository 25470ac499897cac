"""Every accounts endpoint: success, bad input, unauthenticated, other user / wrong role."""

from __future__ import annotations

import pytest
from django.core import mail

from backprep.accounts import tokens
from backprep.accounts.models import PersonalAccessToken, RefreshToken, User
from conftest import bearer_for

pytestmark = pytest.mark.django_db
V1 = "/api/v1"
PROBLEM = "application/problem+json"


def post(client, path, body, headers=None):
    return client.post(V1 + path, body, content_type="application/json", headers=headers or {})


def assert_problem(response, status, slug):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert body["type"] == f"urn:backprep:problem:{slug}"
    assert body["status"] == status
    assert body["detail"]
    assert body["request_id"] == response["X-Request-ID"]
    return body


# --- sign up and tokens ---------------------------------------------------------------------


def test_signup_creates_a_candidate(client, password):
    response = post(client, "/auth/signup", {"email": "New@Example.com", "password": password})
    assert response.status_code == 201
    assert response.json()["email"] == "new@example.com"
    assert response.json()["role"] == "candidate"
    assert "password" not in response.json()


def test_signup_bad_input_is_a_problem_with_field_errors(client):
    response = post(client, "/auth/signup", {"email": "nope", "password": "short"})
    body = assert_problem(response, 422, "validation-error")
    assert {e["field"] for e in body["errors"]} == {"email", "password"}
    assert User.objects.count() == 0


def test_signup_missing_fields_and_wrong_types(client):
    body = assert_problem(post(client, "/auth/signup", {"email": 5}), 422, "validation-error")
    assert "password" in {e["field"] for e in body["errors"]}


def test_signup_malformed_json(client):
    response = client.post(V1 + "/auth/signup", "{not json", content_type="application/json")
    assert_problem(response, 400, "malformed-request")


def test_token_obtain_and_use(client, user, password):
    response = post(client, "/auth/token", {"email": user.email, "password": password})
    assert response.status_code == 200
    body = response.json()
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == 900
    me = client.get(V1 + "/me", headers={"Authorization": f"Bearer {body['access_token']}"})
    assert me.json()["email"] == user.email


def test_token_obtain_wrong_password_and_unknown_account_look_the_same(client, user):
    wrong = assert_problem(
        post(client, "/auth/token", {"email": user.email, "password": "nope"}),
        401,
        "not-authenticated",
    )
    unknown = assert_problem(
        post(client, "/auth/token", {"email": "ghost@example.com", "password": "nope"}),
        401,
        "not-authenticated",
    )
    assert wrong["detail"] == unknown["detail"]


def test_token_obtain_bad_input(client):
    assert_problem(post(client, "/auth/token", {"email": "x"}), 422, "validation-error")


def test_refresh_rotation_and_reuse_over_http(client, user):
    pair = tokens.token_pair_issue(user=user)
    first = post(client, "/auth/token/refresh", {"refresh_token": pair.refresh_token})
    assert first.status_code == 200
    reuse = post(client, "/auth/token/refresh", {"refresh_token": pair.refresh_token})
    assert_problem(reuse, 401, "not-authenticated")
    assert RefreshToken.objects.filter(revoked_at__isnull=True).count() == 0
    newest = post(client, "/auth/token/refresh", {"refresh_token": first.json()["refresh_token"]})
    assert_problem(newest, 401, "not-authenticated")


def test_refresh_bad_input(client):
    assert_problem(
        post(client, "/auth/token/refresh", {"refresh_token": ""}), 422, "validation-error"
    )
    assert_problem(
        post(client, "/auth/token/refresh", {"refresh_token": "bp_rt_x"}), 401, "not-authenticated"
    )


def test_revoke_refresh_token(client, user):
    pair = tokens.token_pair_issue(user=user)
    assert (
        post(client, "/auth/token/revoke", {"refresh_token": pair.refresh_token}).status_code == 204
    )
    assert_problem(
        post(client, "/auth/token/refresh", {"refresh_token": pair.refresh_token}),
        401,
        "not-authenticated",
    )
    assert_problem(post(client, "/auth/token/revoke", {}), 422, "validation-error")


def test_password_reset_answers_202_for_known_and_unknown(
    client, user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        known = post(client, "/auth/password-reset", {"email": user.email})
        unknown = post(client, "/auth/password-reset", {"email": "ghost@example.com"})
    assert known.status_code == unknown.status_code == 202
    assert len(mail.outbox) == 1
    assert_problem(post(client, "/auth/password-reset", {}), 422, "validation-error")


def test_password_reset_confirm(client, user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        post(client, "/auth/password-reset", {"email": user.email})
    body = mail.outbox[0].body
    uid, token = body.split("uid: ")[1].split()[0], body.split("token: ")[1].split()[0]
    weak = post(
        client, "/auth/password-reset/confirm", {"uid": uid, "token": token, "new_password": "123"}
    )
    assert_problem(weak, 422, "validation-error")
    ok = post(
        client,
        "/auth/password-reset/confirm",
        {"uid": uid, "token": token, "new_password": "a fresh passphrase 7"},
    )
    assert ok.status_code == 204
    again = post(
        client,
        "/auth/password-reset/confirm",
        {"uid": uid, "token": token, "new_password": "a fresh passphrase 8"},
    )
    assert_problem(again, 401, "not-authenticated")


# --- the current user -----------------------------------------------------------------------


def test_me_unauthenticated(client):
    response = client.get(V1 + "/me")
    assert_problem(response, 401, "not-authenticated")
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_me_with_bad_bearer(client):
    assert_problem(
        client.get(V1 + "/me", headers={"Authorization": "Bearer junk"}), 401, "not-authenticated"
    )


def test_me_with_personal_token(client, user):
    issued = tokens.personal_token_create(user=user, name="script")
    response = client.get(V1 + "/me", headers={"Authorization": f"Bearer {issued.secret}"})
    assert response.json()["id"] == user.pk


def test_me_with_session(client, user):
    client.force_login(user)
    assert client.get(V1 + "/me").json()["email"] == user.email


def test_me_patch(client, user, auth_headers):
    response = client.patch(
        V1 + "/me",
        {
            "level": "mid",
            "target_role": "Backend engineer",
            "time_zone": "Europe/Berlin",
            "target_interview_date": "2027-02-01",
        },
        content_type="application/json",
        headers=auth_headers,
    )
    assert response.status_code == 200
    assert response.json()["level"] == "mid"
    assert response.json()["target_interview_date"] == "2027-02-01"
    cleared = client.patch(
        V1 + "/me",
        {"target_interview_date": None},
        content_type="application/json",
        headers=auth_headers,
    )
    assert cleared.json()["target_interview_date"] is None
    assert cleared.json()["level"] == "mid"


def test_me_patch_bad_input(client, user, auth_headers):
    body = assert_problem(
        client.patch(
            V1 + "/me", {"level": "wizard"}, content_type="application/json", headers=auth_headers
        ),
        422,
        "validation-error",
    )
    assert body["errors"][0]["field"] == "level"
    assert_problem(
        client.patch(
            V1 + "/me",
            {"target_interview_date": "soon"},
            content_type="application/json",
            headers=auth_headers,
        ),
        422,
        "validation-error",
    )
    user.refresh_from_db()
    assert user.level == "junior"


def test_me_patch_unauthenticated(client):
    assert_problem(
        client.patch(V1 + "/me", {"level": "mid"}, content_type="application/json"),
        401,
        "not-authenticated",
    )


def test_password_change(client, user, password, auth_headers):
    bad = post(
        client,
        "/me/password",
        {"current_password": "x", "new_password": "a fine passphrase 2"},
        auth_headers,
    )
    assert_problem(bad, 422, "validation-error")
    ok = post(
        client,
        "/me/password",
        {"current_password": password, "new_password": "a fine passphrase 2"},
        auth_headers,
    )
    assert ok.status_code == 204
    assert_problem(
        post(client, "/me/password", {"current_password": "a", "new_password": "b"}),
        401,
        "not-authenticated",
    )


# --- personal tokens ------------------------------------------------------------------------


def test_token_create_list_revoke(client, user, auth_headers):
    created = post(client, "/tokens", {"name": "ci", "expires_in_days": 30}, auth_headers)
    assert created.status_code == 201
    secret = created.json()["token"]
    assert secret.startswith("bp_pat_")
    listed = client.get(V1 + "/tokens", headers=auth_headers).json()
    assert [t["name"] for t in listed["items"]] == ["ci"]
    assert "token" not in listed["items"][0]
    token_id = created.json()["id"]
    assert client.delete(f"{V1}/tokens/{token_id}", headers=auth_headers).status_code == 204
    assert_problem(
        client.get(V1 + "/me", headers={"Authorization": f"Bearer {secret}"}),
        401,
        "not-authenticated",
    )


def test_token_create_bad_input(client, user, auth_headers):
    assert_problem(post(client, "/tokens", {"name": ""}, auth_headers), 422, "validation-error")
    assert_problem(
        post(client, "/tokens", {"name": "x", "expires_in_days": -1}, auth_headers),
        422,
        "validation-error",
    )
    assert_problem(post(client, "/tokens", {"name": ["x"]}, auth_headers), 422, "validation-error")
    assert PersonalAccessToken.objects.count() == 0


def test_tokens_unauthenticated(client, user):
    assert_problem(client.get(V1 + "/tokens"), 401, "not-authenticated")
    assert_problem(post(client, "/tokens", {"name": "x"}), 401, "not-authenticated")
    assert_problem(client.delete(V1 + "/tokens/1"), 401, "not-authenticated")


def test_cannot_see_or_revoke_another_users_token(client, user, other_user, auth_headers):
    theirs = tokens.personal_token_create(user=other_user, name="theirs")
    assert client.get(V1 + "/tokens", headers=auth_headers).json()["items"] == []
    assert_problem(
        client.delete(f"{V1}/tokens/{theirs.token.pk}", headers=auth_headers), 404, "not-found"
    )
    assert PersonalAccessToken.objects.get().revoked_at is None


def test_token_list_pagination_and_query_count(
    client, user, auth_headers, django_assert_max_num_queries
):
    for i in range(25):
        tokens.personal_token_create(user=user, name=f"t{i}")
    with django_assert_max_num_queries(2):  # the user (JWT) and one page of tokens
        first = client.get(V1 + "/tokens?limit=10", headers=auth_headers).json()
    assert len(first["items"]) == 10
    seen = [t["name"] for t in first["items"]]
    cursor = first["next_cursor"]
    while cursor:
        page = client.get(f"{V1}/tokens?limit=10&cursor={cursor}", headers=auth_headers).json()
        seen += [t["name"] for t in page["items"]]
        cursor = page["next_cursor"]
    assert sorted(seen) == sorted(f"t{i}" for i in range(25))
    assert len(seen) == 25


@pytest.mark.parametrize(
    "query",
    ["limit=0", "limit=101", "limit=x", "cursor=@@@", "cursor=WzEsMl0", "cursor=eyJhIjoxfQ"],
)
def test_token_list_bad_pagination(client, user, auth_headers, query):
    assert_problem(
        client.get(f"{V1}/tokens?{query}", headers=auth_headers), 422, "validation-error"
    )


# --- admin-only user management -------------------------------------------------------------


def test_users_list_needs_admin(client, user, admin_user, auth_headers):
    assert_problem(client.get(V1 + "/users", headers=auth_headers), 403, "permission-denied")
    assert_problem(client.get(V1 + "/users"), 401, "not-authenticated")
    listed = client.get(V1 + "/users", headers=bearer_for(admin_user))
    assert listed.status_code == 200
    assert {u["email"] for u in listed.json()["items"]} == {user.email, admin_user.email}


def test_coach_is_not_admin(client, coach_user):
    assert_problem(
        client.get(V1 + "/users", headers=bearer_for(coach_user)), 403, "permission-denied"
    )


def test_set_role(client, user, admin_user, auth_headers):
    path = f"{V1}/users/{user.pk}/role"
    assert_problem(
        client.put(path, {"role": "admin"}, content_type="application/json", headers=auth_headers),
        403,
        "permission-denied",
    )
    assert_problem(
        client.put(path, {"role": "admin"}, content_type="application/json"),
        401,
        "not-authenticated",
    )
    admin = bearer_for(admin_user)
    assert_problem(
        client.put(path, {"role": "king"}, content_type="application/json", headers=admin),
        422,
        "validation-error",
    )
    assert_problem(
        client.put(
            f"{V1}/users/999999/role",
            {"role": "coach"},
            content_type="application/json",
            headers=admin,
        ),
        404,
        "not-found",
    )
    ok = client.put(path, {"role": "coach"}, content_type="application/json", headers=admin)
    assert ok.json()["role"] == "coach"


def test_unknown_api_path_is_a_problem(client):
    assert_problem(client.get(V1 + "/nothing-here"), 404, "not-found")
