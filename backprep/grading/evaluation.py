"""The evaluation harness: run a grader over the labelled set and measure it against the humans.

The labelled set is ``backprep/grading/evalset/*.yaml``, one file per question::

    question: databases.n-plus-one      # a question id in content/core
    split: train                        # or heldout
    answers:
      - label: excellent                # excellent|partial|paraphrased|wrong|stuffed|offtopic|...
        score: 5                        # the human grade, 0-5 in halves
        points: [covered, partial, ...] # one verdict per key point, in order
        text: |
          the answer as typed

Scores are compared with Pearson r, Spearman rho and RMSE. Key points are compared two ways:
with credit (covered = 1, partial = 0.5, missed = 0; precision = shared credit / predicted
credit, recall = shared credit / human credit) and as covered-vs-not (partial counts as not).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from .base import Grader, GradeResult, Verdict
from .rubric import Rubric

EVALSET_DIR = Path(__file__).with_name("evalset")
PACK_DIR = Path(__file__).resolve().parents[2] / "content" / "core"
SPLITS = ("train", "heldout")
LABELS = ("excellent", "partial", "paraphrased", "wrong", "stuffed", "offtopic", "empty", "negated")


class EvalSetError(ValueError):
    pass


@dataclass(frozen=True)
class LabelledAnswer:
    question_id: str
    split: str
    label: str
    score: float
    points: tuple[Verdict, ...]
    text: str


@dataclass(frozen=True)
class Prediction:
    item: LabelledAnswer
    result: GradeResult


def load_rubrics(pack_dir: Path | str = PACK_DIR) -> dict[str, Rubric]:
    from backprep.catalog.content.reader import read_pack

    contents = read_pack(pack_dir)
    return {doc.id: Rubric.from_doc(doc) for doc in contents.questions}


def _answer(path: Path, qid: str, split: str, raw: object, n_points: int) -> LabelledAnswer:
    if not isinstance(raw, dict):
        raise EvalSetError(f"{path.name}: every answer must be a mapping")
    points = raw.get("points")
    if not isinstance(points, list) or len(points) != n_points:
        raise EvalSetError(
            f"{path.name}: an answer needs {n_points} point verdicts, got {points!r}"
        )
    try:
        verdicts = tuple(Verdict(str(p)) for p in points)
        score = float(raw["score"])
    except (KeyError, TypeError, ValueError) as exc:
        raise EvalSetError(f"{path.name}: bad score or verdict: {exc}") from exc
    if not 0 <= score <= 5:
        raise EvalSetError(f"{path.name}: score {score} is outside 0-5")
    label = str(raw.get("label", ""))
    return LabelledAnswer(qid, split, label, score, verdicts, str(raw.get("text") or ""))


def load_evalset(
    rubrics: dict[str, Rubric], root: Path | str = EVALSET_DIR
) -> list[LabelledAnswer]:
    """Every labelled answer, checked against its question's rubric."""
    items: list[LabelledAnswer] = []
    for path in sorted(Path(root).glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise EvalSetError(f"{path.name}: not a mapping")
        # A set without splits (e.g. someone else's) counts as held out: nothing was fitted on it.
        qid, split = str(data.get("question")), str(data.get("split") or "heldout")
        if qid not in rubrics:
            raise EvalSetError(f"{path.name}: unknown question {qid!r}")
        if split not in SPLITS:
            raise EvalSetError(f"{path.name}: split must be one of {SPLITS}, not {split!r}")
        n_points = len(rubrics[qid].key_points)
        for raw in data.get("answers") or ():
            items.append(_answer(path, qid, split, raw, n_points))
    return items


def select(items: Iterable[LabelledAnswer], split: str) -> list[LabelledAnswer]:
    return [i for i in items if split == "all" or i.split == split]


def run(
    grader: Grader,
    items: Sequence[LabelledAnswer],
    rubrics: dict[str, Rubric],
    progress: Callable[[int], None] | None = None,
) -> list[Prediction]:
    out = []
    for n, item in enumerate(items, 1):
        out.append(Prediction(item, grader.grade(rubrics[item.question_id], item.text)))
        if progress:
            progress(n)
    return out


# --- metrics -----------------------------------------------------------------------------------


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float:
    n = len(xs)
    if n < 2:
        return math.nan
    mx, my = sum(xs) / n, sum(ys) / n
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    return sxy / math.sqrt(sxx * syy) if sxx and syy else math.nan


def ranks(values: Sequence[float]) -> list[float]:
    """Ranks from 1, ties sharing their average rank."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    out = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            out[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return out


def spearman(xs: Sequence[float], ys: Sequence[float]) -> float:
    return pearson(ranks(xs), ranks(ys))


def rmse(xs: Sequence[float], ys: Sequence[float]) -> float:
    if not xs:
        return math.nan
    return math.sqrt(sum((x - y) ** 2 for x, y in zip(xs, ys, strict=True)) / len(xs))


@dataclass(frozen=True)
class PointMetrics:
    precision: float
    recall: float
    f1: float
    binary_precision: float
    binary_recall: float
    binary_f1: float
    accuracy: float  # exact three-way agreement


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def point_metrics(pairs: Iterable[tuple[Verdict, Verdict]]) -> PointMetrics:
    """From (human, predicted) verdict pairs."""
    shared = predicted = gold = 0.0
    tp = fp = fn = agree = n = 0
    for human, pred in pairs:
        shared += min(human.credit, pred.credit)
        predicted += pred.credit
        gold += human.credit
        hc, pc = human is Verdict.COVERED, pred is Verdict.COVERED
        tp += hc and pc
        fp += pc and not hc
        fn += hc and not pc
        agree += human is pred
        n += 1
    p = shared / predicted if predicted else 0.0
    r = shared / gold if gold else 0.0
    bp = tp / (tp + fp) if tp + fp else 0.0
    br = tp / (tp + fn) if tp + fn else 0.0
    return PointMetrics(p, r, _f1(p, r), bp, br, _f1(bp, br), agree / n if n else math.nan)


@dataclass(frozen=True)
class SplitReport:
    split: str
    answers: int
    pearson: float
    spearman: float
    rmse: float
    points: PointMetrics
    by_label: dict[str, tuple[int, float, float]]  # label -> (n, human mean, predicted mean)


def report(predictions: Sequence[Prediction], split: str) -> SplitReport:
    chosen = [p for p in predictions if split == "all" or p.item.split == split]
    human = [p.item.score for p in chosen]
    predicted = [p.result.score for p in chosen]
    pairs = [
        (h, r.verdict) for p in chosen for h, r in zip(p.item.points, p.result.points, strict=True)
    ]
    groups: dict[str, list[Prediction]] = defaultdict(list)
    for p in chosen:
        groups[p.item.label].append(p)
    by_label = {
        label: (
            len(ps),
            sum(p.item.score for p in ps) / len(ps),
            sum(p.result.score for p in ps) / len(ps),
        )
        for label, ps in sorted(groups.items(), key=lambda kv: _label_order(kv[0]))
    }
    return SplitReport(
        split,
        len(chosen),
        pearson(human, predicted),
        spearman(human, predicted),
        rmse(human, predicted),
        point_metrics(pairs),
        by_label,
    )


def _label_order(label: str) -> int:
    return LABELS.index(label) if label in LABELS else len(LABELS)


def format_reports(grader: str, reports: Sequence[SplitReport]) -> str:
    lines = [
        f"grader: {grader}",
        "key-point F1 uses credit (covered=1, partial=0.5, missed=0); "
        "F1cov counts covered vs not (partial = not covered)",
        "",
        f"{'split':8} {'n':>4} {'pearson':>8} {'spearman':>9} {'rmse':>6} "
        f"{'P':>6} {'R':>6} {'F1':>6} {'F1cov':>6} {'acc3':>6}",
    ]
    for r in reports:
        pm = r.points
        lines.append(
            f"{r.split:8} {r.answers:>4} {r.pearson:>8.3f} {r.spearman:>9.3f} {r.rmse:>6.3f} "
            f"{pm.precision:>6.3f} {pm.recall:>6.3f} {pm.f1:>6.3f} {pm.binary_f1:>6.3f} "
            f"{pm.accuracy:>6.3f}"
        )
    for r in reports:
        lines += ["", f"mean score by label ({r.split}): label n human predicted"]
        for label, (n, h, p) in r.by_label.items():
            lines.append(f"  {label:12} {n:>3} {h:>6.2f} {p:>9.2f}")
    return "\n".join(lines)
