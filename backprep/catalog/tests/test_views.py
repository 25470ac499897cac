from __future__ import annotations

import pytest

from backprep.catalog.models import Deck, Question
from backprep.catalog.services import QuestionData, deck_add_questions, deck_create, question_create

pytestmark = pytest.mark.django_db


def test_catalog_home_browses_areas(client, bank):
    html = client.get("/catalog/").content.decode()
    assert "Browse by area" in html and "Databases" in html


def test_live_search_returns_the_results_partial(client, bank):
    response = client.get("/catalog/?q=joins", headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<html" not in html
    assert "Explain inner and left joins" in html
    assert "1 question matching" in html


def test_bad_filter_shows_a_message(client, bank):
    assert "The search filters are invalid." in client.get("/catalog/?level=guru").content.decode()


def test_user_text_is_escaped(client, bank):
    html = client.get("/catalog/?q=<script>alert(1)</script>").content.decode()
    assert "<script>alert(1)</script>" not in html


def test_question_page_hides_answer_until_opened(client, bank):
    html = client.get("/catalog/q/web.http-caching/").content.decode()
    assert '<details class="card reveal" id="answer">' in html
    assert "Rubric: key points" in html
    assert client.get("/catalog/q/nope.nope/").status_code == 404


def test_private_question_pages(client, user, other_user):
    q = question_create(owner=user, data=QuestionData(prompt="Mine only"))
    client.force_login(other_user)
    assert client.get(f"/catalog/q/{q.qid}/").status_code == 404
    assert client.get(f"/catalog/q/{q.qid}/edit/").status_code == 404
    assert client.post(f"/catalog/q/{q.qid}/delete/").status_code == 404
    client.force_login(user)
    assert client.get(f"/catalog/q/{q.qid}/").status_code == 200


def test_create_edit_delete_question_through_forms(client, user, bank):
    client.force_login(user)
    response = client.post(
        "/catalog/q/new/",
        {
            "prompt": "What is MVCC?",
            "topic": "sql",
            "kind": "concept",
            "level": "mid",
            "difficulty": "3",
            "model_answer": "Readers do not block writers.",
            "key_points": "Snapshots | 3 | snapshot, version\nNo read locks",
            "tags": "postgres, mvcc",
        },
    )
    q = Question.objects.get(prompt="What is MVCC?")
    assert response["Location"] == f"/catalog/q/{q.qid}/"
    assert [(kp.text, kp.weight, kp.must_have) for kp in q.key_points.all()] == [
        ("Snapshots", 3, [["snapshot"], ["version"]]),
        ("No read locks", 1, []),
    ]
    edit = client.get(f"/catalog/q/{q.qid}/edit/").content.decode()
    assert "Snapshots | 3 | snapshot, version" in edit
    client.post(
        f"/catalog/q/{q.qid}/edit/",
        {
            "prompt": "What is MVCC, really?",
            "topic": "sql",
            "kind": "concept",
            "level": "mid",
            "difficulty": "3",
            "key_points": "x",
        },
    )
    assert Question.objects.get(pk=q.pk).prompt == "What is MVCC, really?"
    client.post(f"/catalog/q/{q.qid}/delete/")
    assert not Question.objects.filter(pk=q.pk).exists()


def test_new_question_form_rejects_bad_input(client, user):
    client.force_login(user)
    response = client.post(
        "/catalog/q/new/", {"prompt": "", "kind": "concept", "level": "mid", "difficulty": "3"}
    )
    assert response.status_code == 200
    assert Question.objects.count() == 0


def test_share_checkbox_only_for_coaches(client, user, coach_user):
    client.force_login(user)
    assert "Share with everyone" not in client.get("/catalog/q/new/").content.decode()
    client.force_login(coach_user)
    assert "Share with everyone" in client.get("/catalog/q/new/").content.decode()


def test_deck_pages(client, user, other_user, bank):
    client.force_login(user)
    response = client.post("/catalog/decks/", {"name": "Friday", "description": ""})
    deck = Deck.objects.get()
    assert response["Location"] == f"/catalog/decks/{deck.pk}/"
    added = client.post(
        "/catalog/decks/add/",
        {"deck_id": deck.pk, "qid": "web.http-caching"},
        headers={"HX-Request": "true"},
    )
    assert "Added to the deck." in added.content.decode()
    assert "Explain Cache-Control" in client.get(f"/catalog/decks/{deck.pk}/").content.decode()
    client.post(f"/catalog/decks/{deck.pk}/remove/", {"qid": "web.http-caching"})
    assert deck.items.count() == 0
    client.force_login(other_user)
    assert client.get(f"/catalog/decks/{deck.pk}/").status_code == 404
    assert (
        client.post(
            "/catalog/decks/add/", {"deck_id": deck.pk, "qid": "web.http-caching"}
        ).status_code
        == 404
    )
    assert client.post(f"/catalog/decks/{deck.pk}/delete/").status_code == 404


def test_catalog_page_query_count(client, user, bank, django_assert_max_num_queries):
    deck = deck_create(owner=user, name="d")
    deck_add_questions(user=user, deck_id=deck.pk, qids=["web.http-caching"])
    client.force_login(user)
    with django_assert_max_num_queries(16):
        assert client.get("/catalog/").status_code == 200


def test_admin_pages_for_catalog_and_practice(client, admin_user, bank):
    admin_user.is_superuser = True
    admin_user.save()
    client.force_login(admin_user)
    q = Question.objects.get(qid="web.http-caching")
    for path in (
        "/admin/catalog/question/",
        f"/admin/catalog/question/{q.pk}/change/",
        "/admin/practice/review/",
        "/admin/practice/reviewcard/",
    ):
        assert client.get(path).status_code == 200, path
