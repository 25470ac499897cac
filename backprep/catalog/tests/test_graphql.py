from __future__ import annotations

import pytest

from backprep.catalog.services import deck_create
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


SEARCH = """query($q: String!) { questions(q: $q, limit: 10, withFacets: true) {
  total nextOffset items { id prompt level topic { slug area { slug } } keyPoints { text weight } tags { slug } references { url } private }
  facets { level { value count } } } }"""


def test_search_and_nested_fields_without_n_plus_one(client, bank, django_assert_max_num_queries):
    with django_assert_max_num_queries(11):
        result = gql(client, SEARCH, {"q": "http"})
    data = result["data"]["questions"]
    assert data["total"] == 2
    assert all(len(item["keyPoints"]) == 3 for item in data["items"])
    assert data["items"][0]["topic"]["area"]["slug"] == "web"


def test_question_by_id_and_missing(client, bank):
    assert gql(client, '{ question(id: "web.http-caching") { prompt } }')["data"]["question"][
        "prompt"
    ].startswith("Explain Cache-Control")
    missing = gql(client, '{ question(id: "nope.nope") { prompt } }')
    assert missing["errors"][0]["extensions"]["code"] == "not-found"


def test_bad_filter(client, bank):
    assert (
        gql(client, '{ questions(level: "guru") { total } }')["errors"][0]["extensions"]["code"]
        == "validation-error"
    )


def test_private_question_mutations(client, user, other_user, bank, auth_headers):
    created = gql(
        client,
        'mutation { createQuestion(data: {prompt: "My GraphQL question", topic: "sql", keyPoints: ["one"]}) { id private keyPoints { text } } }',
        headers=auth_headers,
    )
    qid = created["data"]["createQuestion"]["id"]
    assert created["data"]["createQuestion"]["private"] is True
    hidden = gql(
        client,
        "query($id: ID!) { question(id: $id) { prompt } }",
        {"id": qid},
        bearer_for(other_user),
    )
    assert hidden["errors"][0]["extensions"]["code"] == "not-found"
    stolen = gql(
        client,
        "mutation($id: ID!) { deleteQuestion(id: $id) }",
        {"id": qid},
        bearer_for(other_user),
    )
    assert stolen["errors"][0]["extensions"]["code"] == "not-found"
    bad = gql(
        client, 'mutation { createQuestion(data: {prompt: ""}) { id } }', headers=auth_headers
    )
    assert bad["errors"][0]["extensions"]["code"] == "validation-error"
    anon = gql(client, 'mutation { createQuestion(data: {prompt: "x"}) { id } }')
    assert anon["errors"][0]["extensions"]["code"] == "not-authenticated"
    assert (
        gql(client, "mutation($id: ID!) { deleteQuestion(id: $id) }", {"id": qid}, auth_headers)[
            "data"
        ]["deleteQuestion"]
        is True
    )


def test_decks(client, user, other_user, bank, auth_headers):
    deck = gql(
        client, 'mutation { createDeck(name: "G") { id name questionCount } }', headers=auth_headers
    )["data"]["createDeck"]
    added = gql(
        client,
        'mutation($d: Int!) { addToDeck(deckId: $d, ids: ["web.http-caching"]) }',
        {"d": int(deck["id"])},
        auth_headers,
    )
    assert added["data"]["addToDeck"] == 1
    decks = gql(client, "{ decks { name questionCount } }", headers=auth_headers)
    assert decks["data"]["decks"] == [{"name": "G", "questionCount": 1}]
    assert gql(client, "{ decks { name } }", headers=bearer_for(other_user))["data"]["decks"] == []
    theirs = gql(
        client,
        'mutation($d: Int!) { addToDeck(deckId: $d, ids: ["web.http-caching"]) }',
        {"d": int(deck["id"])},
        bearer_for(other_user),
    )
    assert theirs["errors"][0]["extensions"]["code"] == "not-found"


def test_deck_list_query_count(client, user, bank, auth_headers, django_assert_max_num_queries):
    for i in range(10):
        deck_create(owner=user, name=f"d{i}")
    with django_assert_max_num_queries(3):
        result = gql(client, "{ decks { name questionCount } }", headers=auth_headers)
    assert len(result["data"]["decks"]) == 10
