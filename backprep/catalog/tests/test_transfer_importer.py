"""The shared import path: savepoints per row, all-or-nothing, the row cap and file handling."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from backprep.catalog.models import Deck, Question, Topic
from backprep.catalog.services import QuestionData, deck_create
from backprep.catalog.transfer import ImportReport, ParsedRow, Rejected, guess_format, importer
from backprep.catalog.transfer.importer import UploadTooLarge, import_file, import_questions
from backprep.core.errors import ValidationFailed

pytestmark = pytest.mark.django_db


def row(line, prompt, **kwargs):
    return ParsedRow(line, QuestionData(prompt=prompt, **kwargs))


@pytest.fixture
def deck(user):
    return deck_create(owner=user, name="Target")


def test_good_rows_are_created_in_order_and_added_to_the_deck(user, deck):
    report = import_questions(
        owner=user,
        deck=deck,
        all_or_nothing=False,
        format="json",
        rows=[
            row(1, "First?", topic="Section A"),
            row(2, "Second?", kind="nonsense"),
            row(3, "Third?", difficulty=0, tags=["!!!"]),
            row(4, "Fourth?"),
        ],
    )

    assert report.imported == 2
    assert [(r.line, r.reason) for r in report.rejected] == [
        (
            2,
            "kind: One of: concept, system_design, debugging, scaling, behavioral, questions_to_ask.",
        ),
        (3, "difficulty: Between 1 and 5.; tags: Up to 10 tags of letters, digits and hyphens."),
    ]
    assert report.qids == list(
        deck.questions.order_by("deck_items__position").values_list("qid", flat=True)
    )
    assert list(
        deck.questions.order_by("deck_items__position").values_list("prompt", flat=True)
    ) == [
        "First?",
        "Fourth?",
    ]
    assert (
        Question.objects.get(prompt="Fourth?").topic.name == "My questions"
    )  # parsers set deck names


def test_all_or_nothing_rolls_back_rows_topics_and_deck_items(user, deck):
    report = import_questions(
        owner=user,
        deck=deck,
        all_or_nothing=True,
        format="csv",
        rows=[
            row(2, "Fine?", topic="New topic"),
            row(3, ""),
        ],
    )

    assert report == ImportReport(
        imported=0,
        rejected=[Rejected(3, "prompt: The question cannot be empty.")],
        format="csv",
        rolled_back=True,
    )
    assert Question.objects.count() == 0
    assert not Topic.objects.filter(owner=user).exists()
    assert deck.items.count() == 0


def test_all_or_nothing_also_counts_the_parser_rejections(user, deck):
    report = import_questions(
        owner=user,
        deck=deck,
        all_or_nothing=True,
        format="csv",
        rows=[row(2, "Fine?")],
        rejected=[Rejected(3, "bad difficulty")],
    )
    assert (report.imported, report.rolled_back, report.rejected) == (
        0,
        True,
        [Rejected(3, "bad difficulty")],
    )
    assert Question.objects.count() == 0


def test_at_most_max_rows_are_imported(user, deck, monkeypatch):
    monkeypatch.setattr(importer, "MAX_ROWS", 2)
    report = import_questions(
        owner=user,
        deck=deck,
        all_or_nothing=False,
        format="markdown",
        rows=[row(n, f"Q{n}?") for n in (10, 20, 30, 40)],
    )
    assert report.imported == 2
    assert report.rejected == [
        Rejected(
            30,
            "At most 2 questions are imported at once: this one and the 1 after it were skipped. Split the file.",
        )
    ]


def test_report_to_dict():
    report = ImportReport(imported=1, rejected=[Rejected(4, "why")], format="csv", qids=["u1.q"])
    assert report.to_dict() == {
        "imported": 1,
        "rejected": [{"line": 4, "reason": "why"}],
        "format": "csv",
        "rolled_back": False,
        "qids": ["u1.q"],
    }
    assert report.location_label == "Line"
    assert ImportReport(imported=0, rejected=[], format="apkg").location_label == "Note"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("list.md", "markdown"),
        ("LIST.MARKDOWN", "markdown"),
        ("a.csv", "csv"),
        ("a.json", "json"),
        ("deck.apkg", "apkg"),
        ("all.colpkg", "apkg"),
        ("notes.docx", None),
        ("", None),
    ],
)
def test_guess_format(name, expected):
    assert guess_format(name) == expected


def test_import_file_guesses_the_format_and_reads_the_file(user, deck):
    upload = SimpleUploadedFile("list.md", b"- What is a socket?\n")
    report = import_file(owner=user, deck=deck, file=upload, format=None, all_or_nothing=False)
    assert (report.format, report.imported) == ("markdown", 1)


def test_import_file_refuses_an_unknown_format_and_a_large_file(user, deck, monkeypatch):
    with pytest.raises(ValidationFailed) as caught:
        import_file(
            owner=user,
            deck=deck,
            file=SimpleUploadedFile("a.docx", b"x"),
            format=None,
            all_or_nothing=False,
        )
    assert caught.value.errors[0].field == "format"

    monkeypatch.setattr(importer, "MAX_UPLOAD_BYTES", 1024 * 1024)
    big = SimpleUploadedFile("a.csv", b"x" * (1024 * 1024 + 1))
    with pytest.raises(UploadTooLarge) as too_large:
        import_file(owner=user, deck=deck, file=big, format="csv", all_or_nothing=False)
    assert too_large.value.status == 413
    assert too_large.value.detail == "The file is 1 MB; the limit is 1 MB."
    assert Question.objects.count() == 0
    assert Deck.objects.get().items.count() == 0
