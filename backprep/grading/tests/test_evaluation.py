import math
from pathlib import Path

import pytest

from backprep.grading import evaluation
from backprep.grading.base import Verdict
from backprep.grading.lexical import LexicalGrader

from .conftest import FIXTURES

C, P, M = Verdict.COVERED, Verdict.PARTIAL, Verdict.MISSED


def test_correlations_and_rmse():
    assert evaluation.pearson([1, 2, 3], [2, 4, 6]) == pytest.approx(1.0)
    assert evaluation.pearson([1, 2, 3], [3, 2, 1]) == pytest.approx(-1.0)
    assert math.isnan(evaluation.pearson([1, 1, 1], [1, 2, 3]))
    assert evaluation.ranks([10, 20, 20, 30]) == [1.0, 2.5, 2.5, 4.0]
    assert evaluation.spearman([1, 2, 3, 4], [1, 4, 9, 16]) == pytest.approx(1.0)
    assert evaluation.rmse([0, 0], [3, 4]) == pytest.approx(math.sqrt(12.5))


def test_point_metrics_with_credit_and_covered_vs_not():
    pairs = [(C, C), (C, P), (P, C), (M, C), (M, M), (C, M)]
    m = evaluation.point_metrics(pairs)
    # credit: shared = 1 + 0.5 + 0.5 = 2; predicted = 1 + 0.5 + 1 + 1 = 3.5; human = 3.5
    assert m.precision == pytest.approx(2 / 3.5)
    assert m.recall == pytest.approx(2 / 3.5)
    # covered vs not: tp = 1, fp = 2, fn = 2
    assert m.binary_precision == pytest.approx(1 / 3)
    assert m.binary_recall == pytest.approx(1 / 3)
    assert m.accuracy == pytest.approx(2 / 6)


def test_load_the_labelled_set_and_report_per_split(rubrics):
    items = evaluation.load_evalset(rubrics, FIXTURES / "evalset")
    assert len(items) == 7
    assert {i.split for i in items} == {"train", "heldout"}
    assert items[0].points == (C, C, C, C, C)

    predictions = evaluation.run(LexicalGrader(), items, rubrics)
    train = evaluation.report(predictions, "train")
    assert train.answers == 4
    assert set(train.by_label) == {"excellent", "partial", "stuffed", "empty"}
    assert train.by_label["empty"] == (1, 0.0, 0.0)
    text = evaluation.format_reports("lexical", [train, evaluation.report(predictions, "heldout")])
    assert "covered=1, partial=0.5" in text
    assert "pearson" in text
    assert "heldout" in text


def test_a_bad_file_is_reported(rubrics, tmp_path):
    (tmp_path / "x.yaml").write_text(
        "question: databases.n-plus-one\nsplit: train\nanswers:\n"
        "  - {label: excellent, score: 5, points: [covered], text: hi}\n"
    )
    with pytest.raises(evaluation.EvalSetError, match="needs 5 point verdicts"):
        evaluation.load_evalset(rubrics, tmp_path)
    (tmp_path / "x.yaml").write_text("question: nope.nope\nsplit: train\nanswers: []\n")
    with pytest.raises(evaluation.EvalSetError, match="unknown question"):
        evaluation.load_evalset(rubrics, tmp_path)


def test_a_set_without_splits_is_held_out(tmp_path):
    import yaml

    from backprep.grading.evaluation import load_evalset, load_rubrics

    source = Path(__file__).resolve().parents[1] / "evalset" / "databases.n-plus-one.yaml"
    data = yaml.safe_load(source.read_text())
    data.pop("split")
    (tmp_path / "databases.n-plus-one.yaml").write_text(yaml.safe_dump(data))
    items = load_evalset(load_rubrics(), tmp_path)
    assert items and {i.split for i in items} == {"heldout"}
