"""Fit a local grader's thresholds and blend weights on the TRAIN split of the labelled set.

Three stages, each cheap because every answer is measured once and only re-decided:

1. a key point's score: boosted regression trees (:mod:`.trees`; or, with ``POINT_MODEL =
   "ridge"``, a ridge regression over the features and their pairwise products) of the human
   credit (covered 1, partial 0.5, missed 0) on the grader's point features, then the
   covered/partial thresholds (and the stuffing rule) by coordinate search, maximising key-point
   F1 (credit);
2. the 0-5 blend weights by ridge least squares on the answers no cap applies to;
3. the caps (no key point credited, keyword stuffing, restating the question) by a small grid,
   minimising RMSE.

The result goes to ``calibration.json``, which the graders read at import.
"""

from __future__ import annotations

import itertools
import json
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from . import trees
from .base import GradeResult, Verdict
from .evaluation import LabelledAnswer, Prediction, point_metrics, report
from .params import CALIBRATION_FILE, DEFAULTS, Params, read_calibration, reload_params
from .rubric import Rubric
from .scoring import (
    BLEND_TERMS,
    SEMANTIC_TERMS,
    Flags,
    blend_features,
    blended_score,
    feature_value,
    flags,
    verdicts,
)

THRESHOLD_GRID: dict[str, Sequence[float]] = {
    "covered": tuple(round(0.3 + 0.025 * i, 3) for i in range(25)),
    "partial": tuple(round(0.1 + 0.025 * i, 3) for i in range(21)),
    "stuff_stop": (0.1, 0.15, 0.2, 0.25, 0.3),
    "stuff_downgrade": (1, 2),
}
CAP_GRID: dict[str, Sequence[float]] = {
    "none_cap": (0.5, 1.0, 1.5, 2.0, 2.5, 5.0),
    "stuff_cap": (0.0, 0.5, 1.0, 1.5, 2.0, 2.5),
    "restate_ratio": (0.5, 0.6, 0.7, 0.8, 1.01),
    "restate_cap": (0.5, 1.0, 1.5, 2.0),
}
RIDGE = 0.05
RIDGE_POINTS = 0.01
POINT_MODEL = "trees"  # or "ridge"
BOOSTING = trees.Boosting(depth=3)  # depth 3 beat 2 in cross-validation on 76 train questions
ROUNDS = 3
OBJ_ACC = 0.0  # weight of three-way agreement next to F1 (0: F1 alone, the reported target)


class Calibratable(Protocol):
    """A local grader that measures once and decides many times."""

    name: str

    def measure(self, rubric: Rubric, answer: str) -> Any: ...

    def judge(self, rubric: Rubric, measured: Any, params: Params) -> GradeResult: ...

    def point_features(self, rubric: Rubric, measured: Any) -> list[dict[str, float]]: ...

    def point_scores(self, rubric: Rubric, measured: Any, params: Params) -> list[float]: ...

    def lexical_features(self, measured: Any) -> Any: ...

    def semantic_similarity(self, measured: Any) -> float: ...

    def semantic_mistake(self, measured: Any) -> float: ...


@dataclass(frozen=True)
class Case:
    item: LabelledAnswer
    rubric: Rubric
    measured: Any


def _point_objective(grader: Calibratable, cases: Sequence[Case], p: Params) -> float:
    pairs: list[tuple[Verdict, Verdict]] = []
    for case in cases:
        scores = grader.point_scores(case.rubric, case.measured, p)
        fl = flags(grader.lexical_features(case.measured), p)
        pairs += list(zip(case.item.points, verdicts(scores, fl, p), strict=True))
    m = point_metrics(pairs)
    return m.f1 + OBJ_ACC * m.accuracy


def coordinate_search(
    start: Params, grid: dict[str, Sequence[float]], objective: Callable[[Params], float]
) -> Params:
    best, best_value = start, objective(start)
    for _ in range(ROUNDS):
        improved = False
        for name, values in grid.items():
            for value in values:
                candidate = best.with_(**{name: value})
                if candidate.partial >= candidate.covered:
                    continue
                result = objective(candidate)
                if result > best_value + 1e-9:
                    best, best_value, improved = candidate, result, True
        if not improved:
            break
    return best


def expand(names: Sequence[str]) -> list[str]:
    """The features and their pairwise products."""
    return [*names, *(f"{a}*{b}" for a, b in itertools.combinations_with_replacement(names, 2))]


def _point_rows(
    grader: Calibratable, cases: Sequence[Case], p: Params
) -> tuple[list[dict[str, float]], list[float]]:
    """Each key point's features and human credit, leaving out answers a rule already decides."""
    rows: list[dict[str, float]] = []
    targets: list[float] = []
    for case in cases:
        fl = flags(grader.lexical_features(case.measured), p)
        if fl.short or fl.stuffed or fl.restated:
            continue
        rows += grader.point_features(case.rubric, case.measured)
        targets += [v.credit for v in case.item.points]
    return rows, targets


def fit_points(grader: Calibratable, cases: Sequence[Case], p: Params) -> Params:
    """The key-point model: boosted trees (``POINT_MODEL = "trees"``) or the ridge model."""
    if POINT_MODEL == "trees":
        return fit_point_trees(grader, cases, p)
    return fit_point_ridge(grader, cases, p)


def fit_point_trees(grader: Calibratable, cases: Sequence[Case], p: Params) -> Params:
    """Boosted regression trees of each key point's human credit on its features."""
    rows, targets = _point_rows(grader, cases, p)
    names = [
        n for n in sorted({n for r in rows for n in r}) if len({r.get(n, 0.0) for r in rows}) > 1
    ]
    model = trees.fit(names, [[r.get(n, 0.0) for n in names] for r in rows], targets, BOOSTING)
    return p.with_(point_trees=model, point_weights={}, point_bias=0.0)


def fit_point_ridge(grader: Calibratable, cases: Sequence[Case], p: Params) -> Params:
    """Ridge regression of each key point's human credit on the grader's point features and their
    pairwise products (standardised for the fit, folded back into plain weights)."""
    rows, targets = _point_rows(grader, cases, p)
    names = [n for n in expand(sorted(rows[0])) if len({feature_value(r, n) for r in rows}) > 1]
    matrix = [[feature_value(r, n) for n in names] for r in rows]
    means = [sum(col) / len(col) for col in zip(*matrix, strict=True)]
    sds = [
        math.sqrt(sum((x - m) ** 2 for x in col) / len(col)) or 1.0
        for col, m in zip(zip(*matrix, strict=True), means, strict=True)
    ]
    scaled = [[(x - m) / s for x, m, s in zip(row, means, sds, strict=True)] for row in matrix]
    weights = ridge(scaled, targets, RIDGE_POINTS)
    plain = [w / s for w, s in zip(weights[1:], sds, strict=True)]
    bias = weights[0] - sum(w * m for w, m in zip(plain, means, strict=True))
    return p.with_(
        point_bias=round(bias, 6),
        point_weights={n: round(w, 6) for n, w in zip(names, plain, strict=True) if w},
        point_trees={},
    )


def _solve(matrix: list[list[float]], rhs: list[float]) -> list[float]:
    """Gaussian elimination with partial pivoting (the systems here are 5x5 to 8x8)."""
    n = len(rhs)
    a = [[*row, b] for row, b in zip(matrix, rhs, strict=True)]
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(a[r][col]))
        a[col], a[pivot] = a[pivot], a[col]
        if abs(a[col][col]) < 1e-12:
            continue
        for r in range(n):
            if r != col:
                factor = a[r][col] / a[col][col]
                a[r] = [x - factor * y for x, y in zip(a[r], a[col], strict=True)]
    return [a[i][n] / a[i][i] if abs(a[i][i]) > 1e-12 else 0.0 for i in range(n)]


def ridge(rows: Sequence[Sequence[float]], targets: Sequence[float], lam: float) -> list[float]:
    """Least squares with an intercept (the first weight, not penalised)."""
    x = [[1.0, *row] for row in rows]
    k = len(x[0])
    xtx = [[sum(r[i] * r[j] for r in x) for j in range(k)] for i in range(k)]
    for i in range(1, k):
        xtx[i][i] += lam * len(x)
    xty = [sum(r[i] * t for r, t in zip(x, targets, strict=True)) for i in range(k)]
    return _solve(xtx, xty)


def _blend_inputs(grader: Calibratable, case: Case, p: Params) -> tuple[dict[str, float], Flags]:
    lexical = grader.lexical_features(case.measured)
    scores = grader.point_scores(case.rubric, case.measured, p)
    fl = flags(lexical, p)
    features = blend_features(
        case.rubric,
        lexical,
        scores,
        verdicts(scores, fl, p),
        grader.semantic_similarity(case.measured),
        grader.semantic_mistake(case.measured),
    )
    return features, fl


def fit_blend(
    grader: Calibratable, cases: Sequence[Case], p: Params, terms: Sequence[str]
) -> Params:
    rows, targets = [], []
    for case in cases:
        features, fl = _blend_inputs(grader, case, p)
        if not (fl.short or fl.stuffed or fl.restated):
            rows.append([features[t] for t in terms])
            targets.append(case.item.score)
    weights = ridge(rows, targets, RIDGE)
    changes: dict[str, float] = dict.fromkeys(BLEND_TERMS.values(), 0.0)
    changes["b0"] = round(weights[0], 4)
    for term, w in zip(terms, weights[1:], strict=True):
        changes[BLEND_TERMS[term]] = round(w, 4)
    return p.with_(**changes)


def _rmse(grader: Calibratable, cases: Sequence[Case], p: Params) -> float:
    total = 0.0
    for case in cases:
        features, fl = _blend_inputs(grader, case, p)
        total += (blended_score(features, fl, p) - case.item.score) ** 2
    return math.sqrt(total / len(cases))


def fit(
    grader: Calibratable,
    items: Sequence[LabelledAnswer],
    rubrics: dict[str, Rubric],
    *,
    semantic: bool = False,
) -> tuple[Params, list[Prediction]]:
    """Fit on the train items given; returns the parameters and the train predictions."""
    cases = _train_cases(grader, items, rubrics)
    if not cases:
        raise ValueError("the labelled set has no train answers to calibrate on")
    p = fit_cases(grader, cases, semantic=semantic)
    predictions = [Prediction(c.item, grader.judge(c.rubric, c.measured, p)) for c in cases]
    return p, predictions


def _train_cases(
    grader: Calibratable, items: Sequence[LabelledAnswer], rubrics: dict[str, Rubric]
) -> list[Case]:
    """The train answers, each measured once."""
    return [
        Case(i, rubrics[i.question_id], grader.measure(rubrics[i.question_id], i.text))
        for i in items
        if i.split == "train"
    ]


def cross_validate(
    grader: Calibratable,
    items: Sequence[LabelledAnswer],
    rubrics: dict[str, Rubric],
    *,
    folds: int = 11,
    semantic: bool = False,
) -> list[Prediction]:
    """Predictions for every train answer from a fit that never saw its question: the train
    questions are dealt into ``folds`` groups, each predicted by a fit on the others."""
    questions = sorted({i.question_id for i in items if i.split == "train"})
    if len(questions) < 2:
        raise ValueError("cross-validation needs at least two train questions")
    folds = max(2, min(folds, len(questions)))
    cases = _train_cases(grader, items, rubrics)
    predictions: list[Prediction] = []
    for fold in range(folds):
        held = set(questions[fold::folds])
        p = fit_cases(
            grader, [c for c in cases if c.item.question_id not in held], semantic=semantic
        )
        predictions += [
            Prediction(c.item, grader.judge(c.rubric, c.measured, p))
            for c in cases
            if c.item.question_id in held
        ]
    return predictions


class _FixedPointScores:
    """The grader with each case's key-point scores computed once: after the point model is
    fitted, the threshold, blend and cap stages change nothing that those scores depend on."""

    def __init__(self, grader: Calibratable, cases: Sequence[Case], p: Params) -> None:
        self._grader = grader
        self.name = grader.name
        self._scores = {id(c.measured): grader.point_scores(c.rubric, c.measured, p) for c in cases}

    def point_scores(self, rubric: Rubric, measured: Any, params: Params) -> list[float]:
        return self._scores[id(measured)]

    def measure(self, rubric: Rubric, answer: str) -> Any:
        return self._grader.measure(rubric, answer)

    def judge(self, rubric: Rubric, measured: Any, params: Params) -> GradeResult:
        return self._grader.judge(rubric, measured, params)

    def point_features(self, rubric: Rubric, measured: Any) -> list[dict[str, float]]:
        return self._grader.point_features(rubric, measured)

    def lexical_features(self, measured: Any) -> Any:
        return self._grader.lexical_features(measured)

    def semantic_similarity(self, measured: Any) -> float:
        return self._grader.semantic_similarity(measured)

    def semantic_mistake(self, measured: Any) -> float:
        return self._grader.semantic_mistake(measured)


def fit_cases(grader: Calibratable, cases: Sequence[Case], *, semantic: bool = False) -> Params:
    """The fitting stages on answers already measured (also used for cross-validation)."""
    p = fit_points(grader, cases, DEFAULTS.get(grader.name, Params()))
    scored = _FixedPointScores(grader, cases, p)
    p = coordinate_search(p, THRESHOLD_GRID, lambda c: _point_objective(scored, cases, c))
    terms = [t for t in BLEND_TERMS if semantic or t not in SEMANTIC_TERMS]
    p = fit_blend(scored, cases, p, terms)
    p = coordinate_search(p, CAP_GRID, lambda c: -_rmse(scored, cases, c))
    return fit_blend(scored, cases, p, terms)


_NUMBER_LIST = re.compile(r"\[\s*(-?[\d.eE+-]+(?:,\s*-?[\d.eE+-]+)*)\s*\]")


def _compact_numbers(text: str) -> str:
    """Put each list of numbers (a tree node) on one line, so the file stays readable."""
    return _NUMBER_LIST.sub(
        lambda m: "[" + ", ".join(m.group(1).split()).replace(",,", ",") + "]", text
    )


def write_calibration(
    grader: str, params: Params, predictions: Sequence[Prediction], path: Path = CALIBRATION_FILE
) -> dict[str, Any]:
    """Store one grader's parameters (keeping the others') with its train metrics."""
    data = read_calibration(path)
    train = report(predictions, "train")
    data.setdefault("graders", {})[grader] = {
        "params": params.to_dict(),
        "fitted_on": {
            "split": "train",
            "answers": train.answers,
            "questions": len({p.item.question_id for p in predictions}),
        },
        "train_metrics": {
            "pearson": round(train.pearson, 4),
            "spearman": round(train.spearman, 4),
            "rmse": round(train.rmse, 4),
            "point_f1_credit": round(train.points.f1, 4),
            "point_f1_covered": round(train.points.binary_f1, 4),
        },
    }
    data["note"] = "Written by `backprep grading calibrate`; fitted on the train split only."
    path.write_text(_compact_numbers(json.dumps(data, indent=2, sort_keys=True)) + "\n", "utf-8")
    reload_params()
    return data
