"""Catalog REST endpoints: success, bad input, unauthenticated, other users, query counts."""

from __future__ import annotations

import pytest

from backprep.accounts.tests.test_api import assert_problem
from backprep.catalog.models import Deck, Question
from backprep.catalog.services import QuestionData, deck_create, question_create
from conftest import bearer_for

pytestmark = pytest.mark.django_db
V1 = "/api/v1"


def test_areas_with_counts(client, bank):
    body = client.get(V1 + "/areas").json()
    web = next(a for a in body["items"] if a["slug"] == "web")
    assert web["question_count"] == 3
    assert {t["slug"]: t["question_count"] for t in web["topics"]} == {"http": 2, "rest-api": 1}


def test_topics_paginated(client, bank):
    first = client.get(V1 + "/topics?limit=2").json()
    assert len(first["items"]) == 2 and first["next_cursor"]
    rest = client.get(f"{V1}/topics?limit=2&cursor={first['next_cursor']}").json()
    assert [t["slug"] for t in first["items"] + rest["items"]] == ["http", "rest-api", "sql"]


def test_search_anonymous(client, bank):
    body = client.get(V1 + "/questions?q=idempotent").json()
    assert body["total"] == 1
    assert body["items"][0]["id"] == "web.http-idempotency"
    assert body["facets"]["level"] == [{"value": "fresher", "label": "Fresher", "count": 1}]


def test_search_pages_with_cursor(client, bank):
    first = client.get(V1 + "/questions?limit=3&facets=false").json()
    second = client.get(f"{V1}/questions?limit=3&facets=false&cursor={first['next_cursor']}").json()
    ids = [q["id"] for q in first["items"] + second["items"]]
    assert len(ids) == len(set(ids)) == 5
    assert second["next_cursor"] is None


@pytest.mark.parametrize(
    "query",
    [
        "level=guru",
        "difficulty=9",
        "limit=0",
        "limit=500",
        "cursor=zzz",
        "kind=essay",
        "q=" + "x" * 201,
    ],
)
def test_search_bad_input(client, bank, query):
    assert_problem(client.get(f"{V1}/questions?{query}"), 422, "validation-error")


def test_search_mine_needs_login(client, bank):
    assert_problem(client.get(V1 + "/questions?mine=true"), 401, "not-authenticated")


def test_search_with_invalid_bearer_is_401(client, bank):
    assert_problem(
        client.get(V1 + "/questions", headers={"Authorization": "Bearer nope"}),
        401,
        "not-authenticated",
    )


def test_search_query_count(client, bank, django_assert_max_num_queries):
    with django_assert_max_num_queries(9):
        response = client.get(V1 + "/questions?q=http")
    assert response.json()["total"] == 2


def test_question_detail(client, bank):
    body = client.get(V1 + "/questions/web.http-caching").json()
    assert body["area"] == "web"
    assert [kp["position"] for kp in body["key_points"]] == [0, 1, 2]
    assert body["references"][0]["url"].startswith("https://www.rfc-editor.org/")
    assert_problem(client.get(V1 + "/questions/nope.nope"), 404, "not-found")


def test_private_question_lifecycle(client, user, other_user, bank, auth_headers):
    payload = {
        "prompt": "Explain B-trees",
        "topic": "sql",
        "key_points": [{"text": "balanced", "weight": 2}],
        "tags": ["indexing"],
    }
    created = client.post(
        V1 + "/questions", payload, content_type="application/json", headers=auth_headers
    )
    assert created.status_code == 201
    qid = created.json()["id"]
    assert created.json()["private"] is True
    assert client.get(f"{V1}/questions/{qid}", headers=auth_headers).status_code == 200
    other = bearer_for(other_user)
    assert_problem(client.get(f"{V1}/questions/{qid}", headers=other), 404, "not-found")
    assert_problem(client.get(f"{V1}/questions/{qid}"), 404, "not-found")
    assert_problem(
        client.put(
            f"{V1}/questions/{qid}",
            {**payload, "prompt": "x"},
            content_type="application/json",
            headers=other,
        ),
        404,
        "not-found",
    )
    updated = client.put(
        f"{V1}/questions/{qid}",
        {**payload, "prompt": "Explain B+ trees"},
        content_type="application/json",
        headers=auth_headers,
    )
    assert updated.json()["prompt"] == "Explain B+ trees"
    assert_problem(client.delete(f"{V1}/questions/{qid}", headers=other), 404, "not-found")
    assert client.delete(f"{V1}/questions/{qid}", headers=auth_headers).status_code == 204
    assert not Question.objects.filter(qid=qid).exists()


def test_question_write_bad_input_and_auth(client, user, bank, auth_headers):
    assert_problem(
        client.post(
            V1 + "/questions", {"prompt": ""}, content_type="application/json", headers=auth_headers
        ),
        422,
        "validation-error",
    )
    assert_problem(
        client.post(
            V1 + "/questions",
            {"prompt": "x", "difficulty": 9},
            content_type="application/json",
            headers=auth_headers,
        ),
        422,
        "validation-error",
    )
    assert_problem(
        client.post(
            V1 + "/questions",
            {"prompt": "x", "shared": True},
            content_type="application/json",
            headers=auth_headers,
        ),
        403,
        "permission-denied",
    )
    assert_problem(
        client.post(V1 + "/questions", {"prompt": "x"}, content_type="application/json"),
        401,
        "not-authenticated",
    )
    assert_problem(
        client.put(
            V1 + "/questions/web.http-caching",
            {"prompt": "x"},
            content_type="application/json",
            headers=auth_headers,
        ),
        403,
        "permission-denied",
    )
    assert_problem(
        client.delete(V1 + "/questions/web.http-caching", headers=auth_headers),
        403,
        "permission-denied",
    )
    assert Question.objects.filter(owner__isnull=False).count() == 0


def test_coach_can_share(client, coach_user, other_user, bank):
    created = client.post(
        V1 + "/questions",
        {"prompt": "Shared question", "shared": True},
        content_type="application/json",
        headers=bearer_for(coach_user),
    )
    assert created.status_code == 201
    qid = created.json()["id"]
    assert (
        client.get(f"{V1}/questions/{qid}", headers=bearer_for(other_user)).json()["shared"] is True
    )


def test_deck_endpoints(client, user, other_user, bank, auth_headers):
    created = client.post(
        V1 + "/decks", {"name": "Friday"}, content_type="application/json", headers=auth_headers
    )
    assert created.status_code == 201
    deck_id = created.json()["id"]
    assert_problem(
        client.post(
            V1 + "/decks", {"name": "Friday"}, content_type="application/json", headers=auth_headers
        ),
        409,
        "conflict",
    )
    assert_problem(
        client.post(
            V1 + "/decks", {"name": ""}, content_type="application/json", headers=auth_headers
        ),
        422,
        "validation-error",
    )
    added = client.post(
        f"{V1}/decks/{deck_id}/questions",
        {"ids": ["web.http-caching", "databases.sql-joins"]},
        content_type="application/json",
        headers=auth_headers,
    )
    assert added.json() == {"added": 2}
    assert_problem(
        client.post(
            f"{V1}/decks/{deck_id}/questions",
            {"ids": []},
            content_type="application/json",
            headers=auth_headers,
        ),
        422,
        "validation-error",
    )
    assert_problem(
        client.post(
            f"{V1}/decks/{deck_id}/questions",
            {"ids": ["no.such"]},
            content_type="application/json",
            headers=auth_headers,
        ),
        404,
        "not-found",
    )
    assert client.get(f"{V1}/decks/{deck_id}", headers=auth_headers).json()["question_count"] == 2
    in_deck = client.get(f"{V1}/questions?deck={deck_id}", headers=auth_headers).json()
    assert {q["id"] for q in in_deck["items"]} == {"web.http-caching", "databases.sql-joins"}
    assert (
        client.delete(
            f"{V1}/decks/{deck_id}/questions/web.http-caching", headers=auth_headers
        ).status_code
        == 204
    )
    renamed = client.patch(
        f"{V1}/decks/{deck_id}",
        {"name": "Monday"},
        content_type="application/json",
        headers=auth_headers,
    )
    assert renamed.json()["name"] == "Monday"
    other = bearer_for(other_user)
    for method, path in [
        ("get", f"/decks/{deck_id}"),
        ("delete", f"/decks/{deck_id}"),
        ("patch", f"/decks/{deck_id}"),
        ("post", f"/decks/{deck_id}/questions"),
    ]:
        response = getattr(client, method)(
            V1 + path,
            {"name": "x", "ids": ["web.http-caching"]},
            content_type="application/json",
            headers=other,
        )
        assert_problem(response, 404, "not-found")
        assert_problem(
            getattr(client, method)(V1 + path, {}, content_type="application/json"),
            401,
            "not-authenticated",
        )
    assert client.get(V1 + "/decks", headers=other).json()["items"] == []
    assert client.delete(f"{V1}/decks/{deck_id}", headers=auth_headers).status_code == 204
    assert not Deck.objects.exists()


def test_deck_list_query_count(client, user, bank, auth_headers, django_assert_max_num_queries):
    for i in range(15):
        deck_create(owner=user, name=f"deck {i}")
    with django_assert_max_num_queries(2):
        body = client.get(V1 + "/decks?limit=10", headers=auth_headers).json()
    assert len(body["items"]) == 10


def test_private_questions_do_not_leak_into_counts(client, user, bank):
    question_create(owner=user, data=QuestionData(prompt="secret", topic="sql"))
    anon = client.get(V1 + "/areas").json()
    db = next(a for a in anon["items"] if a["slug"] == "databases")
    assert db["question_count"] == 2


def test_malformed_multipart_is_a_400_problem(client, user, auth_headers):
    deck = deck_create(owner=user, name="d")
    response = client.generic(
        "POST",
        f"{V1}/decks/{deck.pk}/import",
        b"junk",
        content_type="multipart/form-data",
        headers=auth_headers,
    )
    assert_problem(response, 400, "malformed-request")


def test_oversized_body_is_a_413_problem(client, user, auth_headers, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100
    response = client.post(
        V1 + "/questions",
        {"prompt": "x" * 500},
        content_type="application/json",
        headers=auth_headers,
    )
    assert_problem(response, 413, "payload-too-large")


def test_topics_carry_question_counts(client, bank, user):
    question_create(owner=user, data=QuestionData(prompt="private", topic="sql"))
    counts = {t["slug"]: t["question_count"] for t in client.get(V1 + "/topics").json()["items"]}
    assert counts == {"http": 2, "rest-api": 1, "sql": 2}


def test_replacing_a_shared_question_without_the_flag_keeps_it_shared(client, coach_user, bank):
    headers = bearer_for(coach_user)
    qid = client.post(
        V1 + "/questions",
        {"prompt": "Shared", "shared": True},
        content_type="application/json",
        headers=headers,
    ).json()["id"]
    replaced = client.put(
        f"{V1}/questions/{qid}",
        {"prompt": "Shared, improved"},
        content_type="application/json",
        headers=headers,
    )
    assert replaced.json()["shared"] is True
