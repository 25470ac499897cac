"""CSV and JSON: good rows import, bad rows are reported with reasons, exports import back."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from backprep.catalog.models import KeyPoint, Question, Topic
from backprep.catalog.services import (
    KeyPointData,
    QuestionData,
    deck_add_questions,
    deck_create,
    question_create,
)
from backprep.catalog.transfer.csv_json import parse_csv, parse_json
from backprep.catalog.transfer.exporter import export_deck
from backprep.catalog.transfer.importer import import_questions

FIXTURES = Path(__file__).parent / "fixtures"


def summary(result):
    return [
        (r.line, r.data.prompt, r.data.topic, r.data.kind, r.data.level, r.data.difficulty)
        for r in result.rows
    ]


def test_csv_fixture_rows_and_rejections():
    result = parse_csv((FIXTURES / "questions.csv").read_bytes(), default_topic="Deck")

    # Rows 2-3 are good; the empty prompt and the unknown level are refused later by the service.
    assert summary(result) == [
        (2, "What is a database transaction?", "Databases", "concept", "junior", 2),
        (4, "How would you design a URL shortener?", "System design", "system_design", "senior", 4),
        (5, "", "Databases", "concept", "junior", 2),
        (7, "Explain the CAP theorem.", "Distributed systems", "concept", "guru", 3),
    ]
    assert [(r.line, r.reason) for r in result.rejected] == [
        (6, "difficulty: a whole number from 1 to 5 (got 'nine')."),
    ]
    first, second = result.rows[0].data, result.rows[1].data
    assert first.tags == ["sql", "acid"]
    assert first.key_points == [
        KeyPointData("Atomic: all or nothing", 2),
        KeyPointData("Isolated from concurrent transactions", 1),
    ]
    assert second.tags == ["design", "scaling"]
    assert [kp.text for kp in second.key_points] == ["Id generation", "Storage", "Caching"]


def test_csv_semicolons_aliases_and_a_bom():
    content = "\ufeffQuestion;Answer;Tags\nWhat is TLS?;Transport security;net, security\n".encode()
    result = parse_csv(content, default_topic="Deck")
    assert result.rejected == []
    assert result.rows[0].data == QuestionData(
        prompt="What is TLS?",
        model_answer="Transport security",
        topic="Deck",
        tags=["net", "security"],
    )


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "The file is empty."),
        (b"\xff\xfeprompt", "The file is not UTF-8 text"),
        (b"question text,answer text\nWhat?,That.\n", "The first row must be a header"),
        (
            b"title,body\nWhat?,That.\n",
            "The first row must be a header naming the columns, with at least a 'prompt' column (found 'title', 'body').",
        ),
    ],
)
def test_csv_files_that_cannot_be_read_give_one_rejection(content, reason):
    result = parse_csv(content, default_topic="Deck")
    assert result.rows == []
    assert [r.line for r in result.rejected] == [0]
    assert result.rejected[0].reason.startswith(reason)


def test_csv_row_with_too_many_values_is_reported_and_the_rest_read():
    content = b"prompt,topic\nWhat is A?,x\nWhat is B, really?,y,z\nWhat is C?,w\n"
    result = parse_csv(content, default_topic="Deck")
    assert [r.line for r in result.rows] == [2, 4]
    assert result.rejected[0].line == 3
    assert "4 values but the header has 2 columns" in result.rejected[0].reason


def test_json_fixture_items_and_rejections():
    result = parse_json((FIXTURES / "questions.json").read_bytes(), default_topic="Deck")

    assert summary(result) == [
        (1, "What is a database transaction?", "Databases", "concept", "junior", 2),
        (2, "How would you design a URL shortener?", "System design", "system_design", "senior", 4),
        (4, "What is eventual consistency?", "Deck", "concept", "junior", 9),
    ]
    assert [(r.line, r.reason) for r in result.rejected] == [
        (3, "Expected an object with at least a 'prompt'."),
        (5, "prompt: must be text."),
    ]
    assert result.rows[0].data.key_points == [
        KeyPointData("Atomic: all or nothing", 2),
        KeyPointData("Isolated from concurrent transactions", 1),
    ]


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "The file is empty."),
        (
            b"{not json",
            "The file is not valid JSON: Expecting property name enclosed in double quotes at line 1, column 2.",
        ),
        (b'{"prompt": "x"}', "The JSON must be a list of question objects"),
        (b"\x80abc", "The file is not UTF-8 text"),
    ],
)
def test_json_files_that_cannot_be_read_give_one_rejection(content, reason):
    result = parse_json(content, default_topic="Deck")
    assert result.rows == []
    assert [r.line for r in result.rejected] == [0]
    assert result.rejected[0].reason.startswith(reason)


def test_json_accepts_an_object_with_a_questions_list_and_checks_key_point_shapes():
    content = json.dumps(
        {
            "questions": [
                {
                    "prompt": "Q1?",
                    "key_points": [
                        {
                            "text": "a",
                            "weight": "3",
                            "must_have": [["x", "y"]],
                            "paraphrases": ["b"],
                        }
                    ],
                },
                {"prompt": "Q2?", "key_points": [{"text": "a", "weight": True}]},
                {"prompt": "Q3?", "key_points": [5]},
                {"prompt": "Q4?", "tags": [1, 2]},
            ]
        }
    ).encode()
    result = parse_json(content, default_topic="Deck")
    assert result.rows[0].data.key_points == [KeyPointData("a", 3, [["x", "y"]], ["b"])]
    assert [(r.line, r.reason) for r in result.rejected] == [
        (2, "key_points.0.weight: 1, 2 or 3."),
        (3, "key_points.0: must be text or an object with 'text' and 'weight'."),
        (4, "tags: must be a list of strings."),
    ]


# --- importing ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_csv_import_keeps_good_rows_and_reports_bad_ones(user):
    deck = deck_create(owner=user, name="Imported")
    parsed = parse_csv((FIXTURES / "questions.csv").read_bytes(), default_topic=deck.name)

    report = import_questions(
        owner=user,
        deck=deck,
        rows=parsed.rows,
        rejected=parsed.rejected,
        all_or_nothing=False,
        format="csv",
    )

    assert report.imported == 2
    assert [(r.line, r.reason) for r in report.rejected] == [
        (5, "prompt: The question cannot be empty."),
        (6, "difficulty: a whole number from 1 to 5 (got 'nine')."),
        (7, "level: One of: fresher, junior, mid, senior."),
    ]
    assert report.rolled_back is False
    assert list(
        deck.questions.order_by("deck_items__position").values_list("prompt", flat=True)
    ) == [
        "What is a database transaction?",
        "How would you design a URL shortener?",
    ]
    question = Question.objects.get(prompt="What is a database transaction?")
    assert question.qid != "u1.ignored"
    assert sorted(question.tags.values_list("slug", flat=True)) == ["acid", "sql"]
    assert list(question.key_points.values_list("text", "weight")) == [
        ("Atomic: all or nothing", 2),
        ("Isolated from concurrent transactions", 1),
    ]


@pytest.mark.django_db
def test_all_or_nothing_imports_nothing_when_one_row_is_bad(user):
    deck = deck_create(owner=user, name="Strict")
    parsed = parse_json((FIXTURES / "questions.json").read_bytes(), default_topic=deck.name)

    report = import_questions(
        owner=user,
        deck=deck,
        rows=parsed.rows,
        rejected=parsed.rejected,
        all_or_nothing=True,
        format="json",
    )

    assert report.imported == 0
    assert report.rolled_back is True
    assert [r.line for r in report.rejected] == [3, 4, 5]
    assert report.rejected[1].reason == "difficulty: Between 1 and 5."
    assert Question.objects.count() == 0
    assert Topic.objects.filter(owner=user).count() == 0
    assert deck.items.count() == 0


# --- round trips ----------------------------------------------------------------------------


def _question_shape(question):
    return (
        question.prompt,
        question.model_answer,
        question.topic_id,
        question.kind,
        question.level,
        question.difficulty,
        sorted(t.slug for t in question.tags.all()),
        [(kp.text, kp.weight, kp.must_have, kp.paraphrases) for kp in question.key_points.all()],
    )


@pytest.fixture
def exported_deck(user):
    deck = deck_create(owner=user, name="Round trip", description="Everything")
    created = [
        question_create(
            owner=user,
            data=QuestionData(
                prompt="=SUM(A1) looks like a formula, does it survive?",
                model_answer='Yes: cells are guarded.\n\n- with a list\n- and "quotes", commas; semicolons',
                topic="Spreadsheets",
                kind="debugging",
                level="senior",
                difficulty=5,
                tags=["csv", "security"],
                key_points=[
                    KeyPointData("Prefix an apostrophe", 2),
                    KeyPointData("Undo it on import | not split", 1),
                ],
            ),
        ),
        question_create(
            owner=user,
            data=QuestionData(
                prompt="What is a multi-line\nprompt?",
                topic="Spreadsheets",
                key_points=[KeyPointData("Point", 3, must_have=[["a", "b"]], paraphrases=["p"])],
            ),
        ),
        question_create(owner=user, data=QuestionData(prompt="Minimal?")),
    ]
    deck_add_questions(user=user, deck_id=deck.pk, qids=[q.qid for q in created])
    return deck, created


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_export_then_import_gives_the_same_questions(user, exported_deck, fmt):
    deck, originals = exported_deck
    export = export_deck(deck=deck, format=fmt)
    copy = deck_create(owner=user, name="Copy")

    parser = parse_csv if fmt == "csv" else parse_json
    parsed = parser(export.content, default_topic=copy.name)
    report = import_questions(
        owner=user,
        deck=copy,
        rows=parsed.rows,
        rejected=parsed.rejected,
        all_or_nothing=True,
        format=fmt,
    )

    assert report.rejected == []
    assert report.imported == 3
    copies = list(copy.questions.order_by("deck_items__position"))
    expected = [_question_shape(q) for q in originals]
    if fmt == "csv":  # CSV has no columns for must_have and paraphrases
        expected = [
            (*shape[:-1], [(t, w, [], []) for t, w, _, _ in shape[-1]]) for shape in expected
        ]
    assert [_question_shape(q) for q in copies] == expected
    assert {q.qid for q in copies}.isdisjoint({q.qid for q in originals})
    assert KeyPoint.objects.count() == 6


@pytest.mark.django_db
def test_csv_export_guards_formulas_and_lists_the_columns(exported_deck):
    deck, originals = exported_deck
    export = export_deck(deck=deck, format="csv")

    assert export.content_type == "text/csv; charset=utf-8"
    assert export.filename == "round-trip.csv"
    text = export.content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == [
        "id",
        "prompt",
        "model_answer",
        "topic",
        "kind",
        "level",
        "difficulty",
        "tags",
        "key_points",
    ]
    assert rows[0]["id"] == originals[0].qid
    assert rows[0]["prompt"] == "'=SUM(A1) looks like a formula, does it survive?"
    assert rows[0]["tags"] == "csv, security"
    assert rows[0]["key_points"] == "Prefix an apostrophe (weight 2)\nUndo it on import | not split"
    assert rows[0]["topic"] == "Spreadsheets"


@pytest.mark.django_db
def test_json_export_shape(exported_deck):
    deck, originals = exported_deck
    items = json.loads(export_deck(deck=deck, format="json").content)
    assert items[2] == {
        "id": originals[2].qid,
        "prompt": "Minimal?",
        "model_answer": "",
        "topic": "My questions",
        "kind": "concept",
        "level": "junior",
        "difficulty": 2,
        "tags": [],
        "key_points": [],
        "interviewer_intent": "",
        "common_mistakes": [],
        "follow_ups": [],
    }
    assert items[1]["key_points"] == [
        {"text": "Point", "weight": 3, "must_have": [["a", "b"]], "paraphrases": ["p"]}
    ]


@pytest.mark.django_db
def test_export_reads_the_deck_in_three_queries(exported_deck, django_assert_num_queries):
    deck, _ = exported_deck
    with django_assert_num_queries(3):
        export_deck(deck=deck, format="json")
