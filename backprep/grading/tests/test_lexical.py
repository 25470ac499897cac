import json

from backprep.grading.base import Verdict
from backprep.grading.lexical import LexicalGrader
from backprep.grading.params import params_for

from .conftest import EXCELLENT_N_PLUS_ONE


def test_excellent_answer_scores_high_and_covers_every_point(n_plus_one):
    result = LexicalGrader().grade(n_plus_one, EXCELLENT_N_PLUS_ONE)

    assert result.score >= 4.0
    assert [p.verdict for p in result.points] == [Verdict.COVERED] * 5
    assert result.grader == "lexical"
    assert result.notes == ()


def test_evidence_spans_point_at_the_right_words(n_plus_one):
    answer = EXCELLENT_N_PLUS_ONE
    points = LexicalGrader().grade(n_plus_one, answer).points

    for point in points:
        for evidence in point.evidence:
            assert answer[evidence.start : evidence.end] == evidence.text
    assert "lazily" in points[0].evidence[0].text
    assert "SQL log" in points[1].evidence[0].text
    assert any("select_related" in e.text for e in points[2].evidence)
    assert any("prefetch_related" in e.text for e in points[3].evidence)
    assert any("assertNumQueries" in e.text for e in points[4].evidence)
    assert "select_related" in points[2].matched_terms
    assert "assertNumQueries" in points[4].matched_terms


def test_empty_and_very_short_answers_score_zero_with_everything_missed(n_plus_one):
    for answer in ("", "   ", "idk", "N+1."):
        result = LexicalGrader().grade(n_plus_one, answer)
        assert result.score == 0.0
        assert [p.verdict for p in result.points] == [Verdict.MISSED] * 5
        assert all(p.evidence == () for p in result.points)


def test_keyword_stuffing_is_capped(n_plus_one):
    stuffed = (
        "N+1, lazy loading, select_related, prefetch_related, joinedload, JOIN, WHERE IN, "
        "DataLoader, APM, SQL logs, assertNumQueries, query count"
    )
    result = LexicalGrader().grade(n_plus_one, stuffed)

    assert result.score <= params_for("lexical").stuff_cap
    assert result.score <= 1.5
    assert Verdict.COVERED not in [p.verdict for p in result.points]
    assert "lists terms" in result.feedback


def test_negated_statement_does_not_cover_the_point(n_plus_one):
    result = LexicalGrader().grade(
        n_plus_one, "It is not caused by lazy loading, and it never runs one query per row."
    )
    assert result.points[0].verdict is not Verdict.COVERED
    assert result.score <= 1.5


def test_restating_the_question_scores_low(n_plus_one):
    result = LexicalGrader().grade(
        n_plus_one,
        "The N+1 query problem is a problem with N+1 queries. You find the N+1 query problem "
        "and then you fix the N+1 query problem.",
    )
    assert result.score <= 1.0
    assert Verdict.COVERED not in [p.verdict for p in result.points]


def test_feedback_names_the_missed_points(n_plus_one):
    answer = (
        "It happens when the ORM runs one query for the list and then another query for each "
        "row because the relation is loaded lazily in the loop."
    )
    result = LexicalGrader().grade(n_plus_one, answer)

    assert result.points[4].verdict is Verdict.MISSED
    assert "You missed:" in result.feedback
    assert "prevent regressions with tests that assert the number of queries" in result.feedback


def test_result_is_json_serialisable(n_plus_one):
    result = LexicalGrader().grade(n_plus_one, EXCELLENT_N_PLUS_ONE)
    data = json.loads(json.dumps(result.to_dict()))

    assert data["score"] == result.score
    assert data["grader"] == "lexical"
    assert [p["verdict"] for p in data["points"]] == ["covered"] * 5
    assert set(data["points"][0]["evidence"][0]) == {"start", "end", "text"}


def test_score_is_rounded_to_one_decimal_and_within_range(rubrics):
    grader = LexicalGrader()
    for rubric in list(rubrics.values())[:20]:
        result = grader.grade(rubric, rubric.model_answer)
        assert 0.0 <= result.score <= 5.0
        assert result.score == round(result.score, 1)
        assert len(result.points) == len(rubric.key_points)
