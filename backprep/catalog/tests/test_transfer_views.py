"""The import page and export links, through Django's test client."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from backprep.catalog.models import Question
from backprep.catalog.services import QuestionData, deck_add_questions, deck_create, question_create
from backprep.catalog.transfer import importer

pytestmark = [pytest.mark.django_db, pytest.mark.urls("backprep.catalog.tests.test_transfer_api")]

MARKDOWN = b"""# Queues

- What is a dead-letter queue?
  Where messages go after too many failed deliveries.
-
- <details><summary></summary>no question</details>
"""
CSV = b"prompt,level\nWhat is back-pressure?,mid\nWhat is a poison message?,expert\n,junior\n"


@pytest.fixture
def deck(user):
    return deck_create(owner=user, name="Messaging")


@pytest.fixture
def logged_in(client, user):
    client.force_login(user)
    return client


def test_the_import_page_has_the_form_and_export_links(logged_in, deck):
    response = logged_in.get(reverse("catalog:deck_import", args=[deck.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    assert 'enctype="multipart/form-data"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert 'type="file" name="file"' in html
    assert '<select name="format"' in html
    assert 'type="checkbox" name="all_or_nothing"' in html
    export = reverse("catalog:deck_export", args=[deck.pk])
    for fmt in ("csv", "json", "apkg", "markdown"):
        assert f'href="{export}?format={fmt}"' in html
    assert "style=" not in html and "<script>" not in html
    assert f'href="{reverse("catalog:deck", args=[deck.pk])}"' in html


def test_importing_through_the_form_shows_the_report(logged_in, deck):
    response = logged_in.post(
        reverse("catalog:deck_import", args=[deck.pk]),
        {"file": SimpleUploadedFile("questions.csv", CSV), "format": ""},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert re.search(r'data-testid="imported-count">\s*1 question<', html)
    rows = re.findall(r"<tr>\s*<td>(.*?)</td>\s*<td>(.*?)</td>\s*</tr>", html, re.DOTALL)
    assert rows == [
        ("3", "level: One of: fresher, junior, mid, senior."),
        ("4", "prompt: The question cannot be empty."),
    ]
    assert ">Line</th>" in html
    assert "Deck · 1 question</p>" in html
    assert list(deck.questions.values_list("prompt", flat=True)) == ["What is back-pressure?"]


def test_all_or_nothing_through_the_form(logged_in, deck):
    response = logged_in.post(
        reverse("catalog:deck_import", args=[deck.pk]),
        {"file": SimpleUploadedFile("questions.csv", CSV), "all_or_nothing": "on"},
    )
    html = response.content.decode()
    assert "Nothing was imported: 2 entries could not be imported" in html
    assert re.search(r'data-testid="imported-count">\s*0 questions<', html)
    assert Question.objects.count() == 0


def test_a_markdown_file_and_a_whole_file_rejection(logged_in, deck):
    url = reverse("catalog:deck_import", args=[deck.pk])
    ok = logged_in.post(
        url, {"file": SimpleUploadedFile("list.md", MARKDOWN), "format": "markdown"}
    )
    assert re.search(r'data-testid="imported-count">\s*1 question<', ok.content.decode())
    assert (
        deck.questions.get().model_answer == "Where messages go after too many failed deliveries."
    )

    bad = logged_in.post(url, {"file": SimpleUploadedFile("deck.apkg", b"garbage")})
    assert "whole file" in bad.content.decode()
    assert "The file is not an Anki package" in bad.content.decode()


def test_form_errors_for_an_unknown_format_and_a_large_file(logged_in, deck, monkeypatch):
    url = reverse("catalog:deck_import", args=[deck.pk])
    unknown = logged_in.post(url, {"file": SimpleUploadedFile("notes.docx", b"x")})
    assert "One of: markdown, csv, json, apkg." in unknown.content.decode()
    assert 'data-testid="import-report"' not in unknown.content.decode()

    monkeypatch.setattr("backprep.catalog.views_transfer.MAX_UPLOAD_BYTES", 3)
    monkeypatch.setattr(importer, "MAX_UPLOAD_BYTES", 3)
    large = logged_in.post(url, {"file": SimpleUploadedFile("a.csv", CSV)})
    assert "the limit is 0 MB." in large.content.decode()
    assert Question.objects.count() == 0


def test_the_pages_need_a_login_and_the_users_own_deck(client, other_user, deck):
    url = reverse("catalog:deck_import", args=[deck.pk])
    assert client.get(url)["Location"].startswith("/accounts/login/")
    client.force_login(other_user)
    assert client.get(url).status_code == 404
    assert client.post(url, {"file": SimpleUploadedFile("q.csv", CSV)}).status_code == 404
    assert client.get(reverse("catalog:deck_export", args=[deck.pk])).status_code == 404
    assert Question.objects.count() == 0


def test_export_download(logged_in, user, deck):
    question = question_create(owner=user, data=QuestionData(prompt="What is a queue?"))
    deck_add_questions(user=user, deck_id=deck.pk, qids=[question.qid])
    url = reverse("catalog:deck_export", args=[deck.pk])

    response = logged_in.get(url, {"format": "json"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == 'attachment; filename="messaging.json"'
    assert response.json()[0]["id"] == question.qid
    assert logged_in.get(url)["Content-Type"] == "text/csv; charset=utf-8"
    assert logged_in.get(url, {"format": "pdf"}).status_code == 400
