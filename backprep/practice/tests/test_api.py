from __future__ import annotations

import pytest

from backprep.accounts.tests.test_api import assert_problem
from backprep.practice.models import ReviewCard
from conftest import bearer_for

from .conftest import N_PLUS_ONE_ANSWER

pytestmark = pytest.mark.django_db
V1 = "/api/v1/practice"


def post(client, path, body, headers):
    return client.post(V1 + path, body, content_type="application/json", headers=headers)


def test_queue_answer_rate_history(client, user, practice_bank, auth_headers):
    queue = client.get(V1 + "/queue", headers=auth_headers).json()
    assert queue["mode"] == "today" and len(queue["items"]) == 6
    answered = post(
        client,
        "/answers",
        {"question_id": "databases.n-plus-one", "answer": N_PLUS_ONE_ANSWER},
        auth_headers,
    )
    assert answered.status_code == 201
    body = answered.json()
    assert body["score"] >= 4 and body["grade_status"] == "graded"
    assert {p["verdict"] for p in body["grading"]["points"]} == {"covered"}
    rated = post(client, f"/reviews/{body['id']}/rating", {"rating": 3}, auth_headers)
    assert rated.json()["card_after"]["reps"] == 1
    assert_problem(
        post(client, f"/reviews/{body['id']}/rating", {"rating": 1}, auth_headers), 409, "conflict"
    )
    history = client.get(
        V1 + "/reviews?question_id=databases.n-plus-one", headers=auth_headers
    ).json()
    assert [r["id"] for r in history["items"]] == [body["id"]]
    assert client.get(f"{V1}/reviews/{body['id']}", headers=auth_headers).json()["rating"] == 3


def test_bad_input(client, user, practice_bank, auth_headers):
    assert_problem(
        post(client, "/answers", {"question_id": "nope.nope", "answer": "x"}, auth_headers),
        404,
        "not-found",
    )
    assert_problem(
        post(
            client,
            "/answers",
            {"question_id": "databases.n-plus-one", "answer": "x" * 10_001},
            auth_headers,
        ),
        422,
        "validation-error",
    )
    assert_problem(
        post(
            client, "/answers", {"question_id": "databases.n-plus-one", "mode": "zzz"}, auth_headers
        ),
        422,
        "validation-error",
    )
    assert_problem(post(client, "/answers", {"answer": "x"}, auth_headers), 422, "validation-error")
    assert_problem(
        client.get(V1 + "/queue?mode=topic", headers=auth_headers), 422, "validation-error"
    )
    assert_problem(
        client.get(V1 + "/queue?limit=500", headers=auth_headers), 422, "validation-error"
    )
    review = post(
        client, "/answers", {"question_id": "databases.n-plus-one", "answer": "x"}, auth_headers
    ).json()
    assert_problem(
        post(client, f"/reviews/{review['id']}/rating", {"rating": 7}, auth_headers),
        422,
        "validation-error",
    )
    assert ReviewCard.objects.get().reps == 0


def test_unauthenticated(client, practice_bank):
    assert_problem(client.get(V1 + "/queue"), 401, "not-authenticated")
    assert_problem(
        post(client, "/answers", {"question_id": "databases.n-plus-one"}, {}),
        401,
        "not-authenticated",
    )
    assert_problem(post(client, "/reviews/1/rating", {"rating": 3}, {}), 401, "not-authenticated")
    assert_problem(client.get(V1 + "/reviews"), 401, "not-authenticated")
    assert_problem(client.get(V1 + "/settings"), 401, "not-authenticated")


def test_other_users_reviews(client, user, other_user, practice_bank, auth_headers):
    review = post(
        client, "/answers", {"question_id": "databases.n-plus-one", "answer": "x"}, auth_headers
    ).json()
    other = bearer_for(other_user)
    assert_problem(client.get(f"{V1}/reviews/{review['id']}", headers=other), 404, "not-found")
    assert_problem(
        post(client, f"/reviews/{review['id']}/rating", {"rating": 3}, other), 404, "not-found"
    )
    assert client.get(V1 + "/reviews", headers=other).json()["items"] == []


def test_settings(client, user, auth_headers):
    assert client.get(V1 + "/settings", headers=auth_headers).json()["desired_retention"] == 0.9
    patched = client.patch(
        V1 + "/settings",
        {"desired_retention": 0.85, "timer_seconds": 120},
        content_type="application/json",
        headers=auth_headers,
    )
    assert patched.json()["timer_seconds"] == 120
    assert_problem(
        client.patch(
            V1 + "/settings",
            {"desired_retention": 2},
            content_type="application/json",
            headers=auth_headers,
        ),
        422,
        "validation-error",
    )


def test_history_query_count(
    client, user, practice_bank, auth_headers, django_assert_max_num_queries
):
    for _ in range(12):
        post(client, "/answers", {"question_id": "web.http-q0", "answer": "x"}, auth_headers)
    with django_assert_max_num_queries(2):
        body = client.get(V1 + "/reviews?limit=10", headers=auth_headers).json()
    assert len(body["items"]) == 10


def answer_n_plus_one(client, headers):
    body = {"question_id": "databases.n-plus-one", "answer": N_PLUS_ONE_ANSWER}
    return post(client, "/answers", body, headers).json()


def test_graphql_practice(client, user, practice_bank, auth_headers):
    def gql(query, variables=None):
        return client.post(
            "/graphql/",
            {"query": query, "variables": variables or {}},
            content_type="application/json",
            headers=auth_headers,
        ).json()

    queue = gql(
        '{ practiceQueue(mode: "topic", topic: "sql") { items { reason question { id } } } }'
    )
    assert {i["question"]["id"] for i in queue["data"]["practiceQueue"]["items"]} >= {
        "databases.n-plus-one"
    }
    submitted = gql(
        'mutation($a: String!) { submitAnswer(questionId: "databases.n-plus-one", answer: $a) { id score suggestedRating grading } }',
        {"a": N_PLUS_ONE_ANSWER},
    )
    review = submitted["data"]["submitAnswer"]
    assert review["score"] >= 4 and review["grading"]["points"][0]["verdict"] == "covered"
    rated = gql(
        "mutation($id: Int!) { rateReview(reviewId: $id, rating: 3) { rating } }",
        {"id": int(review["id"])},
    )
    assert rated["data"]["rateReview"]["rating"] == 3
    bad = gql('mutation { submitAnswer(questionId: "nope.nope") { id } }')
    assert bad["errors"][0]["extensions"]["code"] == "not-found"
    assert gql("{ reviews { questionId } }")["data"]["reviews"] == [
        {"questionId": "databases.n-plus-one"}
    ]


def test_graphql_single_review_is_the_owners_only(client, user, practice_bank, auth_headers):
    review = answer_n_plus_one(client, auth_headers)
    query = "query($id: Int!) { review(id: $id) { id questionId score grader grading } }"

    def gql(variables, headers):
        return client.post(
            "/graphql/",
            {"query": query, "variables": variables},
            content_type="application/json",
            headers=headers,
        ).json()

    mine = gql({"id": review["id"]}, auth_headers)["data"]["review"]
    assert mine["questionId"] == "databases.n-plus-one" and mine["score"] == review["score"]
    assert mine["grading"]["points"][0]["verdict"] == "covered"
    stranger = user.__class__.objects.create_user("y@example.com", "a long pass phrase 9")
    theirs = gql({"id": review["id"]}, bearer_for(stranger))
    assert theirs["data"] is None and theirs["errors"][0]["extensions"]["code"] == "not-found"
    anonymous = gql({"id": review["id"]}, {})
    assert anonymous["errors"][0]["extensions"]["code"] == "not-authenticated"
    bad = gql({"id": "seven"}, auth_headers)
    assert bad["data"] is None and "errors" in bad


def test_stats_rest_and_graphql(client, user, practice_bank, auth_headers):
    review = answer_n_plus_one(client, auth_headers)
    post(client, f"/reviews/{review['id']}/rating", {"rating": 3}, auth_headers)
    stats = client.get(V1 + "/stats", headers=auth_headers).json()
    assert stats["reviews_total"] == 1 and stats["streak_days"] == 1
    assert len(stats["activity"]) == 365 and stats["activity"][-1]["count"] == 1
    assert len(stats["due_next_7_days"]) == 7
    assert [t["slug"] for t in stats["topics"]] == ["sql"]
    assert_problem(client.get(V1 + "/stats"), 401, "not-authenticated")
    result = client.post(
        "/graphql/",
        {
            "query": "{ practiceStats { reviewsTotal streakDays topics { slug mastery } areas { slug label } } }"
        },
        content_type="application/json",
        headers=auth_headers,
    ).json()
    assert result["data"]["practiceStats"]["reviewsTotal"] == 1
    assert result["data"]["practiceStats"]["topics"][0]["slug"] == "sql"
    other = client.get(
        V1 + "/stats",
        headers=bearer_for(
            user.__class__.objects.create_user("x@example.com", "a long pass phrase 9")
        ),
    ).json()
    assert other["reviews_total"] == 0
