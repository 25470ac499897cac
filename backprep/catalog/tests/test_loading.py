from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from backprep.catalog.content.reader import read_pack
from backprep.catalog.loading import PackInvalid, load_pack
from backprep.catalog.models import DeckItem, KeyPoint, Question, Status, Topic
from backprep.catalog.selectors import SearchFilters, search_questions
from backprep.catalog.services import deck_add_questions, deck_create

from .packs import ANSWER, question_doc, standard_pack, write_pack

pytestmark = pytest.mark.django_db


def test_load_adds_then_is_idempotent(tmp_path):
    root = standard_pack(tmp_path / "p")
    first = load_pack(root)
    assert len(first.added) == 5 and first.changed == [] and first.retired == []
    second = load_pack(root)
    assert (second.added, second.changed, second.unchanged, second.retired) == ([], [], 5, [])
    assert Question.objects.count() == 5
    assert KeyPoint.objects.count() == 15


def test_changed_text_keeps_the_same_row_and_history(tmp_path, user):
    root = standard_pack(tmp_path / "p")
    load_pack(root)
    original = Question.objects.get(qid="web.http-idempotency")
    deck = deck_create(owner=user, name="d")
    deck_add_questions(user=user, deck_id=deck.pk, qids=[original.qid])
    docs = [
        question_doc("web.http-idempotency", "http", "Which methods are idempotent? (improved)")
    ]
    docs += [
        question_doc(q, t, p)
        for q, t, p in [
            (
                "web.rest-pagination",
                "rest-api",
                "How do you paginate a REST collection: offset or cursor?",
            ),
        ]
    ]
    report = load_pack(write_pack(root, docs, version="2"))
    assert "web.http-idempotency" in report.changed
    assert set(report.retired) == {
        "web.http-caching",
        "databases.sql-joins",
        "databases.sql-window",
    }
    updated = Question.objects.get(qid="web.http-idempotency")
    assert updated.pk == original.pk
    assert updated.prompt.endswith("(improved)")
    assert DeckItem.objects.filter(question=updated).exists()
    assert Question.objects.get(qid="databases.sql-joins").status == Status.RETIRED
    assert Question.objects.count() == 5  # retired, never deleted


def test_retired_question_leaves_search_and_comes_back(tmp_path):
    root = standard_pack(tmp_path / "p")
    load_pack(root)
    write_pack(root, [question_doc("web.http-idempotency", "http", "Idempotent methods?")])
    load_pack(root)
    assert search_questions(user=None, filters=SearchFilters(text="joins")).total == 0
    report = load_pack(standard_pack(root))
    assert "databases.sql-joins" in report.revived
    assert search_questions(user=None, filters=SearchFilters(text="joins")).total == 1


def test_invalid_pack_loads_nothing(tmp_path):
    bad = question_doc("web.http-bad", "http", "Bad?", model_answer="too short")
    root = write_pack(tmp_path / "p", [bad, question_doc("web.http-good", "http", "Good?")])
    with pytest.raises(PackInvalid):
        load_pack(root)
    assert Question.objects.count() == 0
    assert Topic.objects.count() == 0


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"key_points": []}, "key_points"),
        ({"id": "web.other-name"}, "must be 'web.http-x'"),
        ({"topic": "sql"}, "not in area 'web'"),
        ({"related": ["web.nope"]}, "does not exist"),
        ({"level": "guru"}, "level"),
        ({"references": [{"title": "x", "url": "not a url"}]}, "references"),
    ],
)
def test_check_reports_each_problem(tmp_path, change, message):
    doc = question_doc("web.http-x", "http", "X?")
    doc.update(change)
    root = write_pack(tmp_path / "p", [doc])
    if change.get("id"):
        (root / "web" / "other-name.yaml").rename(root / "web" / "http-x.yaml")
    contents = read_pack(root)
    assert not contents.ok
    assert any(message in str(p) for p in contents.errors), [str(p) for p in contents.problems]


def test_duplicate_prompts_and_missing_terms_are_reported(tmp_path):
    a = question_doc("web.http-a", "http", "Same?")
    b = question_doc("web.http-b", "http", "Same?")
    for kp in b["key_points"]:
        kp["must_have"] = []
    contents = read_pack(write_pack(tmp_path / "p", [a, b]))
    messages = [p.message for p in contents.errors]
    assert "another question has the same prompt" in messages
    assert "no key point has must_have terms" in messages


def test_model_answer_length_is_enforced(tmp_path):
    long_answer = " ".join([ANSWER] * 4)
    contents = read_pack(
        write_pack(
            tmp_path / "p", [question_doc("web.http-a", "http", "A?", model_answer=long_answer)]
        )
    )
    assert "model answer has" in str(contents.errors[0])


def test_content_command(tmp_path, capsys):
    root = standard_pack(tmp_path / "p")
    call_command("content", "check", str(root))
    call_command("content", "load", str(root))
    call_command("content", "load", str(root))
    out = capsys.readouterr().out
    assert "test: 5 added, 0 changed, 0 unchanged, 0 retired" in out
    assert "test: 0 added, 0 changed, 5 unchanged, 0 retired" in out
    write_pack(root, [question_doc("web.http-a", "http", "A?", level="guru")])
    with pytest.raises(CommandError):
        call_command("content", "check", str(root))


def test_the_real_bank_is_valid_and_meets_every_topic_count():
    contents = read_pack(Path(settings.BASE_DIR) / "content" / "core")
    assert contents.errors == []
    assert contents.problems == []  # no topic below its promised count
    assert len(contents.questions) >= 300
    assert contents.pack is not None
    assert len([t for a in contents.pack.areas for t in a.topics]) == 30
    levels = {q.level.value for q in contents.questions}
    assert levels == {"fresher", "junior", "mid", "senior"}
    for q in contents.questions:
        assert 3 <= len(q.key_points) <= 6
