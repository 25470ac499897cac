"""Small gradient-boosted regression trees: the calibrated model of a key point's credit.

A key point's credit depends on its features in ways a linear model misses: a high cosine means
little when the answer as a whole is close to a common mistake, a must-have term counts for less
in a three-word answer, and so on. Shallow boosted trees learn such interactions from a few
hundred labelled answers; cross-validated on the train split they beat the quadratic ridge model
on key-point F1.

Fitting (squared loss, stochastic row subsampling with a fixed seed, so a refit is repeatable)
needs numpy and runs only in ``backprep grading calibrate``. Prediction is plain Python over the
stored trees, so the lexical grader keeps working without numpy.

A fitted model is a JSON-able dict::

    {"features": [...names...], "base": 0.31, "rate": 0.05,
     "trees": [[feature, threshold, left, right], ...]}   # one flat list of nodes per tree

A node is ``[feature index, threshold, left child, right child]`` with rows whose feature is
``<= threshold`` going left; a leaf is ``[-1, value, 0, 0]``. The root is node 0.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np

Node = list[float]
Model = dict[str, Any]


@dataclass(frozen=True)
class Boosting:
    trees: int = 200
    depth: int = 2
    rate: float = 0.05
    subsample: float = 0.8
    min_leaf: int = 5
    seed: int = 0


Compiled = tuple[tuple[str, ...], float, float, tuple[tuple[tuple[int, float, int, int], ...], ...]]
_COMPILED: dict[int, tuple[Model, Compiled]] = {}


def _compiled(model: Model) -> Compiled:
    """The model as tuples with typed fields, built once per model object (prediction runs for
    every key point of every answer, so it is worth not re-reading the JSON-shaped lists)."""
    found = _COMPILED.get(id(model))
    if found is not None and found[0] is model:
        return found[1]
    compiled: Compiled = (
        tuple(model["features"]),
        float(model["base"]),
        float(model["rate"]),
        tuple(
            tuple((int(n[0]), float(n[1]), int(n[2]), int(n[3])) for n in tree)
            for tree in model["trees"]
        ),
    )
    if len(_COMPILED) > 16:
        _COMPILED.clear()
    _COMPILED[id(model)] = (model, compiled)
    return compiled


def predict(model: Model, features: Mapping[str, float]) -> float:
    """The model's output for one row of named features (a missing feature counts as 0)."""
    names, base, rate, trees = _compiled(model)
    row = [features.get(name, 0.0) for name in names]
    total = base
    for tree in trees:
        node = tree[0]
        while node[0] >= 0:
            node = tree[node[2] if row[node[0]] <= node[1] else node[3]]
        total += rate * node[1]
    return total


def fit(
    names: Sequence[str],
    rows: Sequence[Sequence[float]],
    targets: Sequence[float],
    config: Boosting = Boosting(),
) -> Model:
    """Fit boosted trees of ``targets`` on ``rows`` (squared loss)."""
    import numpy as np

    x = np.asarray(rows, dtype=np.float64)
    y = np.asarray(targets, dtype=np.float64)
    if x.ndim != 2 or len(x) != len(y) or len(y) == 0:
        raise ValueError("rows and targets must be non-empty and of the same length")
    order = np.argsort(x, axis=0, kind="stable")  # each feature's rows in ascending order
    rng = np.random.default_rng(config.seed)
    base = float(y.mean())
    prediction = np.full(len(y), base)
    trees = []
    for _ in range(config.trees):
        residual = y - prediction
        chosen = rng.random(len(y)) < config.subsample
        tree: list[Node] = []
        _grow(tree, x, order, residual, chosen, config.depth, config.min_leaf)
        trees.append(tree)
        prediction += config.rate * np.array([_leaf(tree, row) for row in x])
    return {
        "features": list(names),
        "base": round(base, 6),
        "rate": config.rate,
        "trees": [[[n[0], round(n[1], 6), n[2], n[3]] for n in tree] for tree in trees],
    }


def _leaf(tree: list[Node], row: Sequence[float] | np.ndarray) -> float:
    """The value of the leaf that ``row`` reaches."""
    node = tree[0]
    while node[0] >= 0:
        node = tree[int(node[2] if row[int(node[0])] <= node[1] else node[3])]
    return float(node[1])


def _grow(
    tree: list[Node],
    x: np.ndarray,
    order: np.ndarray,
    residual: np.ndarray,
    member: np.ndarray,
    depth: int,
    min_leaf: int,
) -> int:
    """Append the subtree for the rows in ``member`` and return its root's index."""
    index = len(tree)
    value = float(residual[member].mean()) if member.any() else 0.0
    tree.append([-1, value, 0, 0])
    split = _best_split(x, order, residual, member, min_leaf) if depth > 0 else None
    if split is None:
        return index
    feature, threshold = split
    goes_left = x[:, feature] <= threshold
    left = _grow(tree, x, order, residual, member & goes_left, depth - 1, min_leaf)
    right = _grow(tree, x, order, residual, member & ~goes_left, depth - 1, min_leaf)
    tree[index] = [feature, threshold, left, right]
    return index


def _best_split(
    x: np.ndarray, order: np.ndarray, residual: np.ndarray, member: np.ndarray, min_leaf: int
) -> tuple[int, float] | None:
    """The split that most reduces the squared error of the member rows, if any helps."""
    import numpy as np

    n = int(member.sum())
    if n < 2 * min_leaf:
        return None
    total = float(residual[member].sum())
    best_gain, best = 1e-12, None
    for feature in range(x.shape[1]):
        rows = order[:, feature][member[order[:, feature]]]
        values = x[rows, feature]
        sums = np.cumsum(residual[rows])[:-1]
        counts = np.arange(1, n)
        # a split between equal values is not a split
        valid = (values[:-1] < values[1:]) & (counts >= min_leaf) & (n - counts >= min_leaf)
        if not valid.any():
            continue
        gain = sums**2 / counts + (total - sums) ** 2 / (n - counts)
        gain = np.where(valid, gain, -np.inf)
        i = int(gain.argmax())
        score = float(gain[i]) - total**2 / n
        if score > best_gain:
            best_gain, best = score, (feature, float((values[i] + values[i + 1]) / 2))
    return best
