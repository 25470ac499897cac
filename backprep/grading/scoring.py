"""From measurements to a grade: key-point verdicts, the calibrated 0-5 blend, caps, evidence and
feedback. Shared by the lexical and semantic graders (and used by calibration to re-decide
without re-measuring).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import trees
from .base import Evidence, GradeResult, PointResult, Verdict, compose_feedback, round_score
from .params import Params
from .rubric import Rubric

if TYPE_CHECKING:
    from .lexical import AnswerFeatures, PointFeatures
    from .text import Doc

STUFFED_HINT = (
    "Your answer lists terms without explaining them; write full sentences that say how they "
    "connect."
)
RESTATED_HINT = "Most of your answer repeats the question; say what actually happens and why."
SHORT_FEEDBACK = "The answer is empty or too short to grade; explain the idea in a few sentences."
_ORDER = (Verdict.MISSED, Verdict.PARTIAL, Verdict.COVERED)


def lexical_point_score(f: PointFeatures, p: Params) -> float:
    overlap = max(f.overlap, p.global_factor * f.overlap_global)
    scaled = min(1.0, overlap / p.ovl_sat) if p.ovl_sat > 0 else 0.0
    if f.must is None:
        return scaled
    return p.alpha * f.must + (1 - p.alpha) * scaled


def overlap_scaled(f: PointFeatures) -> float:
    return min(1.0, max(f.overlap, 0.7 * f.overlap_global) / 0.5)


def lexical_point_features(a: AnswerFeatures) -> list[dict[str, float]]:
    """What the calibrated point model sees for each key point (lexical part)."""
    rows = []
    for f in a.points:
        rows.append(
            {
                "must": f.must or 0.0,
                "no_must": 1.0 if f.must is None else 0.0,
                "overlap": f.overlap,
                "overlap_global": f.overlap_global,
                "overlap_scaled": overlap_scaled(f),
                "negated_terms": min(1.0, float(f.negated_groups)),
                "similarity": a.similarity,
                "mistake": a.mistake,
                "negated_share": a.negated_share,
                "length": min(1.5, a.length_ratio),
            }
        )
    return rows


def feature_value(features: dict[str, float], name: str) -> float:
    """A feature, or the product of two ("cos*length")."""
    left, _, right = name.partition("*")
    value = features.get(left, 0.0)
    return value * features.get(right, 0.0) if right else value


def point_score(features: dict[str, float], f: PointFeatures, p: Params) -> float:
    """The calibrated model (boosted trees, else linear) if there is one, else the hand-set
    lexical formula."""
    if p.point_trees:
        return trees.predict(p.point_trees, features)
    if not p.point_weights:
        return lexical_point_score(f, p)
    return p.point_bias + sum(
        w * feature_value(features, name) for name, w in p.point_weights.items()
    )


def verdict_for(score: float, p: Params) -> Verdict:
    if score >= p.covered:
        return Verdict.COVERED
    if score >= p.partial:
        return Verdict.PARTIAL
    return Verdict.MISSED


def _downgrade(verdict: Verdict, levels: int) -> Verdict:
    return _ORDER[max(0, _ORDER.index(verdict) - levels)]


@dataclass(frozen=True)
class Flags:
    short: bool  # empty or too few content words: 0, everything missed
    stuffed: bool  # terms listed with little connecting prose: capped
    restated: bool  # mostly the question's own words: capped


def flags(a: AnswerFeatures, p: Params) -> Flags:
    return Flags(
        short=a.structure.content < p.min_content,
        stuffed=a.structure.tokens >= 6 and a.structure.stop_ratio < p.stuff_stop,
        restated=a.restate_ratio >= p.restate_ratio,
    )


def verdicts(scores: Sequence[float], fl: Flags, p: Params) -> list[Verdict]:
    out = []
    for s in scores:
        verdict = Verdict.MISSED if fl.short else verdict_for(s, p)
        if fl.stuffed:
            verdict = _downgrade(verdict, p.stuff_downgrade)
        elif fl.restated:
            verdict = _downgrade(verdict, 1)
        out.append(verdict)
    return out


def blend_features(
    rubric: Rubric,
    a: AnswerFeatures,
    scores: Sequence[float],
    judged: Sequence[Verdict],
    semantic_similarity: float,
    semantic_mistake: float = 0.0,
) -> dict[str, float]:
    weights = [pt.weight for pt in rubric.key_points]
    total = sum(weights) or 1
    return {
        "coverage": sum(w * v.credit for w, v in zip(weights, judged, strict=True)) / total,
        "continuous": sum(w * min(1.0, s) for w, s in zip(weights, scores, strict=True)) / total,
        "similarity": a.similarity,
        "semantic": semantic_similarity,
        "mistake": a.mistake,
        "semantic_mistake": semantic_mistake,
        "negated": a.negated_share,
    }


BLEND_TERMS = {
    "coverage": "b_cov",
    "continuous": "b_cont",
    "similarity": "b_sim",
    "semantic": "b_sem",
    "mistake": "b_mis",
    "semantic_mistake": "b_smis",
    "negated": "b_neg",
}
SEMANTIC_TERMS = frozenset({"semantic", "semantic_mistake"})


def blended_score(features: dict[str, float], fl: Flags, p: Params) -> float:
    if fl.short:
        return 0.0
    raw = p.b0 + sum(getattr(p, name) * features[key] for key, name in BLEND_TERMS.items())
    if features["coverage"] == 0:
        raw = min(raw, p.none_cap)
    if fl.stuffed:
        raw = min(raw, p.stuff_cap)
    if fl.restated:
        raw = min(raw, p.restate_cap)
    return round_score(raw)


def evidence_for(doc: Doc, f: PointFeatures) -> tuple[Evidence, ...]:
    """The best matching unit, plus the sentences holding must-have terms it does not hold."""
    spans: list[tuple[int, int]] = []
    if f.best_unit is not None:
        spans.append((f.best_unit.start, f.best_unit.end))
    for first, _ in f.hits:
        if len(spans) >= 3:
            break
        start = doc.tokens[first].start
        if any(a <= start < b for a, b in spans):
            continue
        for sentence in doc.sentences:
            if sentence.first <= first < sentence.last:
                spans.append((sentence.start, sentence.end))
                break
    return tuple(Evidence(a, b, doc.text[a:b]) for a, b in sorted(spans))


def matched_terms(doc: Doc, f: PointFeatures) -> tuple[str, ...]:
    terms = (doc.text[doc.tokens[a].start : doc.tokens[b - 1].end] for a, b in f.hits)
    return tuple(dict.fromkeys(terms))


def decide(
    rubric: Rubric,
    a: AnswerFeatures,
    p: Params,
    *,
    grader: str,
    point_scores: Sequence[float] | None = None,
    semantic_similarity: float = 0.0,
    semantic_mistake: float = 0.0,
    best_units: Sequence[PointFeatures] | None = None,
) -> GradeResult:
    """Verdicts, score, caps and feedback from the measurements (and semantic scores, if any)."""
    scores = list(point_scores or [lexical_point_score(f, p) for f in a.points])
    fl = flags(a, p)
    judged = verdicts(scores, fl, p)
    located = best_units or a.points
    results = []
    for i, (point, f, s, verdict) in enumerate(
        zip(rubric.key_points, located, scores, judged, strict=True)
    ):
        results.append(
            PointResult(
                index=i,
                text=point.text,
                weight=point.weight,
                verdict=verdict,
                score=0.0 if fl.short else round(min(1.0, max(0.0, s)), 3),
                evidence=evidence_for(a.doc, f) if verdict is not Verdict.MISSED else (),
                matched_terms=() if fl.short else matched_terms(a.doc, f),
            )
        )
    features = blend_features(rubric, a, scores, judged, semantic_similarity, semantic_mistake)
    score = blended_score(features, fl, p)
    hints = [STUFFED_HINT] * fl.stuffed + [RESTATED_HINT] * fl.restated
    points = tuple(results)
    feedback = SHORT_FEEDBACK if fl.short else compose_feedback(points, hints=hints)
    return GradeResult(score, points, feedback, grader, ())
