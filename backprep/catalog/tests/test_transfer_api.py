"""REST: POST /decks/{id}/import and GET /decks/{id}/export.

This module is also the test URLconf of the transfer tests: it serves the project's URLs and,
until the router and views are wired into config/, mounts them itself.
"""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import NoReverseMatch, Resolver404, include, path, resolve, reverse
from ninja import NinjaAPI

from backprep.catalog import views_transfer
from backprep.catalog.api_transfer import router
from backprep.catalog.models import Question
from backprep.catalog.services import QuestionData, deck_add_questions, deck_create, question_create
from backprep.catalog.transfer import importer
from backprep.core.api import install_error_handlers
from conftest import bearer_for


def _build_urlpatterns():
    from config import urls as project

    patterns = list(project.urlpatterns)
    try:
        resolve("/api/v1/decks/1/import", urlconf="config.urls")
    except Resolver404:
        api = NinjaAPI(urls_namespace="transfer-test", docs_url=None)
        install_error_handlers(api)
        api.add_router("", router)
        patterns.insert(0, path("api/v1/", api.urls))
    try:
        reverse("catalog:deck_import", args=[1], urlconf="config.urls")
    except NoReverseMatch:
        from backprep.catalog import urls as catalog_urls

        catalog = [*views_transfer.urlpatterns, *catalog_urls.urlpatterns]
        patterns.insert(0, path("catalog/", include((catalog, "catalog"))))
    return patterns


urlpatterns = _build_urlpatterns()
pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]
V1 = "/api/v1"
PROBLEM = "application/problem+json"
CSV = b"prompt,difficulty\nWhat is a queue?,2\nWhat is a topic?,9\n"


def assert_problem(response, status, slug):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert body["type"] == f"urn:backprep:problem:{slug}"
    assert body["status"] == status
    assert body["detail"]
    return body


@pytest.fixture
def deck(user):
    return deck_create(owner=user, name="Messaging")


def upload(client, deck_id, data, headers):
    return client.post(f"{V1}/decks/{deck_id}/import", data, headers=headers)


def test_import_returns_the_report(client, auth_headers, deck):
    response = upload(
        client, deck.pk, {"file": SimpleUploadedFile("q.csv", CSV, "text/csv")}, auth_headers
    )

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["imported"] == 1
    assert body["format"] == "csv"
    assert body["rolled_back"] is False
    assert body["rejected"] == [{"line": 3, "reason": "difficulty: Between 1 and 5."}]
    assert body["qids"] == list(deck.questions.values_list("qid", flat=True))


def test_import_with_an_explicit_format_and_all_or_nothing(client, auth_headers, deck):
    data = {
        "file": SimpleUploadedFile("export.txt", CSV),
        "format": "csv",
        "all_or_nothing": "true",
    }
    response = upload(client, deck.pk, data, auth_headers)

    assert response.status_code == 200
    assert response.json()["imported"] == 0
    assert response.json()["rolled_back"] is True
    assert Question.objects.count() == 0


def test_a_file_that_cannot_be_parsed_is_a_report_with_one_rejection(client, auth_headers, deck):
    data = {"file": SimpleUploadedFile("deck.apkg", b"not a zip")}
    response = upload(client, deck.pk, data, auth_headers)

    assert response.status_code == 200
    assert response.json()["rejected"] == [
        {"line": 0, "reason": "The file is not an Anki package (.apkg files are zip archives)."}
    ]


def test_bad_requests_are_problems(client, auth_headers, deck):
    body = assert_problem(
        upload(client, deck.pk, {"file": SimpleUploadedFile("q.docx", b"x")}, auth_headers),
        422,
        "validation-error",
    )
    assert body["errors"][0]["field"] == "format"
    # core.api._field_name keeps ninja's "form."/"file." location prefix for multipart fields.
    body = assert_problem(
        upload(
            client,
            deck.pk,
            {"file": SimpleUploadedFile("q.csv", CSV), "format": "xml"},
            auth_headers,
        ),
        422,
        "validation-error",
    )
    assert [e["field"].removeprefix("form.") for e in body["errors"]] == ["format"]
    body = assert_problem(
        upload(client, deck.pk, {"format": "csv"}, auth_headers), 422, "validation-error"
    )
    assert [e["field"].removeprefix("file.") for e in body["errors"]] == ["file"]
    assert Question.objects.count() == 0


def test_an_upload_over_the_limit_is_413(client, auth_headers, deck, monkeypatch):
    monkeypatch.setattr(importer, "MAX_UPLOAD_BYTES", 10)
    response = upload(client, deck.pk, {"file": SimpleUploadedFile("q.csv", CSV)}, auth_headers)
    body = assert_problem(response, 413, "payload-too-large")
    assert body["detail"].endswith("the limit is 0 MB.")
    assert Question.objects.count() == 0


def test_import_needs_authentication(client, deck):
    response = upload(client, deck.pk, {"file": SimpleUploadedFile("q.csv", CSV)}, {})
    assert_problem(response, 401, "not-authenticated")
    assert Question.objects.count() == 0


def test_import_into_another_users_deck_is_404(client, other_user, deck):
    response = upload(
        client, deck.pk, {"file": SimpleUploadedFile("q.csv", CSV)}, bearer_for(other_user)
    )
    assert_problem(response, 404, "not-found")
    assert Question.objects.count() == 0
    assert deck.items.count() == 0


# --- export ---------------------------------------------------------------------------------


@pytest.fixture
def filled_deck(user, deck):
    question = question_create(
        owner=user, data=QuestionData(prompt="What is a queue?", topic="Basics")
    )
    deck_add_questions(user=user, deck_id=deck.pk, qids=[question.qid])
    return deck


@pytest.mark.parametrize(
    ("fmt", "content_type", "filename"),
    [
        ("csv", "text/csv; charset=utf-8", "messaging.csv"),
        ("json", "application/json", "messaging.json"),
        ("apkg", "application/x-apkg", "messaging.apkg"),
        ("markdown", "text/markdown; charset=utf-8", "messaging.md"),
    ],
)
def test_export_is_an_attachment(client, auth_headers, filled_deck, fmt, content_type, filename):
    response = client.get(
        f"{V1}/decks/{filled_deck.pk}/export", {"format": fmt}, headers=auth_headers
    )

    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    assert response.content


def test_export_json_content_and_csv_default(client, auth_headers, filled_deck):
    body = json.loads(
        client.get(f"{V1}/decks/{filled_deck.pk}/export?format=json", headers=auth_headers).content
    )
    assert [item["prompt"] for item in body] == ["What is a queue?"]
    default = client.get(f"{V1}/decks/{filled_deck.pk}/export", headers=auth_headers)
    assert default["Content-Type"] == "text/csv; charset=utf-8"


def test_export_markdown_imports_back(client, auth_headers, filled_deck, user):
    exported = client.get(
        f"{V1}/decks/{filled_deck.pk}/export?format=markdown", headers=auth_headers
    )
    assert exported.content.decode() == "# Messaging\n\n## Basics\n\n- What is a queue?\n"
    copy = deck_create(owner=user, name="Copy")
    response = upload(
        client,
        copy.pk,
        {"file": SimpleUploadedFile("messaging.md", exported.content)},
        auth_headers,
    )
    assert response.json()["imported"] == 1
    assert copy.questions.get().topic.name == "Basics"


def test_export_problems(client, auth_headers, other_user, filled_deck):
    url = f"{V1}/decks/{filled_deck.pk}/export"
    assert_problem(client.get(url), 401, "not-authenticated")
    assert_problem(client.get(url, headers=bearer_for(other_user)), 404, "not-found")
    assert_problem(client.get(f"{V1}/decks/999999/export", headers=auth_headers), 404, "not-found")
    body = assert_problem(
        client.get(url, {"format": "xlsx"}, headers=auth_headers), 422, "validation-error"
    )
    assert body["errors"][0]["field"] == "format"


def test_openapi_documents_the_endpoints(client):
    doc = client.get(f"{V1}/openapi.json").json()
    imported = doc["paths"]["/api/v1/decks/{deck_id}/import"]["post"]
    assert {"200", "401", "404", "413", "422"} <= set(imported["responses"])
    assert "multipart/form-data" in imported["requestBody"]["content"]
    exported = doc["paths"]["/api/v1/decks/{deck_id}/export"]["get"]
    assert set(exported["responses"]["200"]["content"]) == {
        "text/csv; charset=utf-8",
        "application/json",
        "text/markdown; charset=utf-8",
        "application/x-apkg",
    }
