"""Boosted trees for the key-point model: they learn steps and interactions, are repeatable, and
predict from stored JSON without numpy."""

from __future__ import annotations

import json
import random

import pytest

pytest.importorskip("numpy")

from backprep.grading import trees


def _grid(n: int = 400, seed: int = 1) -> list[list[float]]:
    rng = random.Random(seed)
    return [[rng.random(), rng.random(), rng.random()] for _ in range(n)]


def test_learns_an_interaction_a_linear_model_cannot():
    rows = _grid()
    targets = [1.0 if a > 0.5 and b > 0.5 else 0.0 for a, b, _ in rows]
    model = trees.fit(["a", "b", "noise"], rows, targets)

    assert trees.predict(model, {"a": 0.9, "b": 0.9, "noise": 0.3}) > 0.8
    assert trees.predict(model, {"a": 0.9, "b": 0.1, "noise": 0.3}) < 0.2
    assert trees.predict(model, {"a": 0.1, "b": 0.9, "noise": 0.3}) < 0.2
    used = {node[0] for tree in model["trees"] for node in tree if node[0] >= 0}
    assert used <= {0, 1, 2} and {0, 1} <= used


def test_fitting_is_repeatable_and_the_model_survives_json():
    rows = _grid()
    targets = [a * 2 - b for a, b, _ in rows]
    first = trees.fit(["a", "b", "c"], rows, targets)
    again = trees.fit(["a", "b", "c"], rows, targets)
    assert first == again

    stored = json.loads(json.dumps(first))
    probe = {"a": 0.3, "b": 0.6, "c": 0.1}
    assert trees.predict(stored, probe) == trees.predict(first, probe)
    assert abs(trees.predict(stored, probe) - (0.3 * 2 - 0.6)) < 0.2


def test_a_missing_feature_counts_as_zero():
    rows = _grid()
    model = trees.fit(["a", "b", "c"], rows, [a for a, _, _ in rows])

    assert trees.predict(model, {"b": 0.5}) == trees.predict(model, {"a": 0.0, "b": 0.5, "c": 0})


def test_constant_features_give_the_mean():
    model = trees.fit(["a"], [[1.0]] * 20, [0.25] * 10 + [0.75] * 10)

    assert trees.predict(model, {"a": 1.0}) == pytest.approx(0.5, abs=0.01)  # subsampling jitter


def test_bad_input_is_refused():
    with pytest.raises(ValueError):
        trees.fit(["a"], [], [])
    with pytest.raises(ValueError):
        trees.fit(["a"], [[1.0], [2.0]], [1.0])
