import json

import pytest

from backprep.grading import calibration, evaluation
from backprep.grading.lexical import LexicalGrader
from backprep.grading.params import CALIBRATION_FILE, Params, load_params

from .conftest import FIXTURES


def test_ridge_recovers_a_linear_relation():
    rows = [[x, y] for x in range(5) for y in range(5)]
    targets = [1.0 + 2.0 * x - 0.5 * y for x, y in rows]
    weights = calibration.ridge(rows, targets, lam=0.0)
    assert weights == pytest.approx([1.0, 2.0, -0.5], abs=1e-9)


def test_coordinate_search_moves_towards_the_best_grid_point():
    best = calibration.coordinate_search(
        Params(alpha=0.5, ovl_sat=0.5),
        {"alpha": (0.1, 0.5, 0.9), "ovl_sat": (0.3, 0.5, 0.7)},
        lambda p: -((p.alpha - 0.9) ** 2) - (p.ovl_sat - 0.3) ** 2,
    )
    assert (best.alpha, best.ovl_sat) == (0.9, 0.3)


def test_fit_uses_the_train_split_and_writes_the_file(rubrics, tmp_path):
    items = evaluation.load_evalset(rubrics, FIXTURES / "evalset")
    params, predictions = calibration.fit(LexicalGrader(), items, rubrics)

    assert {p.item.split for p in predictions} == {"train"}
    assert len(predictions) == 4
    path = tmp_path / "calibration.json"
    calibration.write_calibration("lexical", params, predictions, path=path)
    data = json.loads(path.read_text())
    assert data["graders"]["lexical"]["fitted_on"] == {
        "split": "train",
        "answers": 4,
        "questions": 1,
    }
    assert load_params(path)["lexical"] == params


def test_the_committed_calibration_covers_the_local_graders():
    data = json.loads(CALIBRATION_FILE.read_text())
    assert {"lexical", "semantic"} <= set(data["graders"])
    for entry in data["graders"].values():
        assert entry["fitted_on"]["split"] == "train"
        Params.from_dict(entry["params"])
