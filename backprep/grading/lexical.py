"""The lexical grader: must-have terms, overlap with each key point and its paraphrases, and
whole-answer similarity to the model answer, with question words demoted and negation checked.

Grading runs in two steps so calibration can re-decide cheaply: :func:`analyse` measures an answer
against a rubric (no tunable numbers), :func:`decide` turns the measurements into verdicts and a
0-5 score with a :class:`~backprep.grading.params.Params`.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache

from .base import GradeResult
from .params import Params, params_for
from .rubric import Rubric, RubricPoint
from .scoring import decide, lexical_point_features, point_score
from .text import Doc, Structure, Unit, analyse_cached, analyse_text, structure, tokenize

DEMOTED = 0.35  # weight of a word, or a must-have group, that the question already contains
PAIR_PENALTY = 0.9  # two sentences together must beat one sentence by this much to be evidence


# --- the rubric, compiled once per rubric ------------------------------------------------------


@dataclass(frozen=True)
class Reference:
    """A key point text or paraphrase: its weighted content stems, bigrams and negated stems."""

    weights: dict[str, float]
    bigrams: frozenset[tuple[str, str]]
    negated: frozenset[str]

    @cached_property
    def total(self) -> float:
        return sum(self.weights.values())

    @cached_property
    def stems(self) -> frozenset[str]:
        return frozenset(self.weights)


@dataclass(frozen=True)
class Group:
    spellings: tuple[tuple[str, ...], ...]  # stem sequences
    label: str
    weight: float
    accepts_negated: bool


@dataclass(frozen=True)
class CompiledPoint:
    point: RubricPoint
    groups: tuple[Group, ...]
    references: tuple[Reference, ...]


@dataclass(frozen=True)
class CompiledRubric:
    rubric: Rubric
    prompt_stems: frozenset[str]
    points: tuple[CompiledPoint, ...]
    model_vector: dict[str, float]
    mistakes: tuple[Reference, ...]
    model_length: int


def _content_bigrams(doc: Doc, first: int = 0, last: int | None = None) -> set[tuple[str, str]]:
    stems = [t.stem for t in doc.tokens[first:last] if not t.stop]
    return set(itertools.pairwise(stems))


def _reference(text: str, prompt: frozenset[str]) -> Reference:
    doc = analyse_cached(text)
    weights = {t.stem: (DEMOTED if t.stem in prompt else 1.0) for t in doc.content}
    negated = frozenset(t.stem for t, n in zip(doc.tokens, doc.negated, strict=True) if n)
    return Reference(weights, frozenset(_content_bigrams(doc)), negated)


def _vector(docs: Sequence[Doc], prompt: frozenset[str]) -> dict[str, float]:
    """Log term frequencies of the content stems outside negations, question words demoted."""
    counts: Counter[str] = Counter(
        t.stem
        for doc in docs
        for t, negated in zip(doc.tokens, doc.negated, strict=True)
        if not t.stop and not negated
    )
    return {s: (1 + math.log(n)) * (DEMOTED if s in prompt else 1.0) for s, n in counts.items()}


def _group(spellings: tuple[str, ...], point: RubricPoint, prompt: frozenset[str]) -> Group:
    sequences: list[tuple[str, ...]] = []
    in_prompt = False
    for spelling in spellings:
        tokens = tokenize(spelling)
        if not tokens:
            continue
        sequences.append(tuple(t.stem for t in tokens))
        if len(tokens) > 1:  # "single flight" also matches "singleflight"
            sequences.append((tokenize("".join(t.norm for t in tokens))[0].stem,))
        content = [t.stem for t in tokens if not t.stop]
        in_prompt = in_prompt or bool(content and all(s in prompt for s in content))
    accepts_negated = False
    for text in (point.text, *point.paraphrases):
        doc = analyse_cached(text)
        for first, last in _occurrences(doc, tuple(sequences)):
            accepts_negated = accepts_negated or any(doc.negated[first:last])
    return Group(
        spellings=tuple(dict.fromkeys(sequences)),
        label=spellings[0],
        weight=DEMOTED if in_prompt else 1.0,
        accepts_negated=accepts_negated,
    )


@lru_cache(maxsize=1024)
def compile_rubric(rubric: Rubric) -> CompiledRubric:
    prompt = analyse_cached(rubric.prompt).content_stems()
    points = tuple(
        CompiledPoint(
            point=point,
            groups=tuple(_group(g, point, prompt) for g in point.must_have if g),
            references=tuple(_reference(t, prompt) for t in (point.text, *point.paraphrases)),
        )
        for point in rubric.key_points
    )
    model_docs = [analyse_cached(rubric.model_answer)]
    model_docs += [analyse_cached(p.text) for p in rubric.key_points]
    mistakes = tuple(_reference(m, prompt) for m in rubric.common_mistakes)
    model_length = len(model_docs[0].content)
    return CompiledRubric(
        rubric, prompt, points, _vector(model_docs, prompt), mistakes, model_length
    )


# --- measuring an answer -----------------------------------------------------------------------


def _occurrences(doc: Doc, spellings: tuple[tuple[str, ...], ...]) -> list[tuple[int, int]]:
    stems, positions = doc.stems, doc.positions
    found = []
    for seq in spellings:
        size = len(seq)
        for i in positions.get(seq[0], ()) if seq else ():
            if stems[i : i + size] == seq:
                found.append((i, i + size))
    return found


@dataclass(frozen=True)
class PointFeatures:
    must: float | None  # weighted share of must-have groups present (None: the point has none)
    overlap: float  # best overlap of one answer unit with the point or a paraphrase
    overlap_global: float  # overlap of the whole answer
    best_unit: Unit | None
    hits: tuple[tuple[int, int], ...]  # token ranges of the must-have terms found
    negated_groups: int  # groups present only under a negation


@dataclass(frozen=True)
class AnswerFeatures:
    doc: Doc
    structure: Structure
    restate_ratio: float
    similarity: float
    points: tuple[PointFeatures, ...]
    mistake: float  # best overlap of one answer unit with a common mistake, outside negations
    negated_share: float  # share of the content words under a negation
    length_ratio: float  # content words against the model answer's


def _unit_overlap(
    doc: Doc, unit_stems: dict[str, bool], bigrams: set[tuple[str, str]], ref: Reference
) -> float:
    total = ref.total
    if total == 0 or ref.stems.isdisjoint(unit_stems):  # most units share no word with a reference
        return 0.0
    got = sum(
        w for s, w in ref.weights.items() if s in unit_stems and (unit_stems[s] or s in ref.negated)
    )
    uni = got / total
    if not ref.bigrams:
        return uni
    return 0.75 * uni + 0.25 * len(ref.bigrams & bigrams) / len(ref.bigrams)


def _stems_of(doc: Doc, first: int, last: int) -> dict[str, bool]:
    """Content stems of a token range -> whether any occurrence is outside a negation."""
    out: dict[str, bool] = {}
    for token, negated in zip(doc.tokens[first:last], doc.negated[first:last], strict=True):
        if not token.stop:
            out[token.stem] = out.get(token.stem, False) or not negated
    return out


def _must(doc: Doc, cp: CompiledPoint) -> tuple[float | None, list[tuple[int, int]], int]:
    if not cp.groups:
        return None, [], 0
    got, total, negated_only = 0.0, 0.0, 0
    hits: list[tuple[int, int]] = []
    for group in cp.groups:
        total += group.weight
        found = _occurrences(doc, group.spellings)
        positive = [o for o in found if group.accepts_negated or not any(doc.negated[o[0] : o[1]])]
        if positive:
            got += group.weight
            hits.extend(positive)
        elif found:
            negated_only += 1
    return got / total, hits, negated_only


def _point_features(
    doc: Doc,
    cp: CompiledPoint,
    units: list[tuple[Unit, dict, set]],
    whole: tuple[dict[str, bool], set[tuple[str, str]]],
) -> PointFeatures:
    must, hits, negated_only = _must(doc, cp)
    best, best_unit, best_pick = 0.0, None, -1.0
    for unit, stems, bigrams in units:
        score = max(_unit_overlap(doc, stems, bigrams, ref) for ref in cp.references)
        inside = sum(1 for a, _ in hits if unit.first <= a < unit.last)
        pick = (score + 0.15 * min(inside, 2)) * (PAIR_PENALTY if unit.kind == "pair" else 1.0)
        best = max(best, score)
        if pick > best_pick:
            best_pick, best_unit = pick, unit
    overall = max(_unit_overlap(doc, *whole, ref) for ref in cp.references)
    return PointFeatures(must, best, overall, best_unit, tuple(hits), negated_only)


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    dot = sum(w * b.get(s, 0.0) for s, w in a.items())
    na = math.sqrt(sum(w * w for w in a.values()))
    nb = math.sqrt(sum(w * w for w in b.values()))
    return dot / (na * nb) if na and nb else 0.0


def analyse(rubric: Rubric, answer: str) -> AnswerFeatures:
    compiled = compile_rubric(rubric)
    doc = analyse_text(answer)
    shape = structure(doc)
    content = doc.content
    in_prompt = sum(1 for t in content if t.stem in compiled.prompt_stems)
    units = [
        (u, _stems_of(doc, u.first, u.last), _content_bigrams(doc, u.first, u.last))
        for u in doc.units
    ]
    whole = (_stems_of(doc, 0, len(doc.tokens)), _content_bigrams(doc))
    points = tuple(_point_features(doc, cp, units, whole) for cp in compiled.points)
    mistake = max(
        (
            _unit_overlap(doc, stems, bigrams, ref)
            for ref in compiled.mistakes
            for unit, stems, bigrams in units
            if unit.kind != "pair"
        ),
        default=0.0,
    )
    return AnswerFeatures(
        doc=doc,
        structure=shape,
        restate_ratio=in_prompt / len(content) if content else 1.0,
        similarity=_cosine(_vector([doc], compiled.prompt_stems), compiled.model_vector),
        points=points,
        mistake=mistake,
        length_ratio=len(content) / max(compiled.model_length, 1),
        negated_share=(
            sum(1 for t, n in zip(doc.tokens, doc.negated, strict=True) if n and not t.stop)
            / len(content)
            if content
            else 0.0
        ),
    )


class LexicalGrader:
    """Grades with words alone: no model, no network, a few milliseconds per answer."""

    name = "lexical"

    def __init__(self, params: Params | None = None) -> None:
        self._params = params

    @property
    def params(self) -> Params:
        return self._params or params_for(self.name)

    def measure(self, rubric: Rubric, answer: str) -> AnswerFeatures:
        return analyse(rubric, answer)

    def judge(self, rubric: Rubric, measured: AnswerFeatures, params: Params) -> GradeResult:
        scores = self.point_scores(rubric, measured, params)
        return decide(rubric, measured, params, grader=self.name, point_scores=scores)

    def point_features(self, rubric: Rubric, measured: AnswerFeatures) -> list[dict[str, float]]:
        return lexical_point_features(measured)

    def point_scores(self, rubric: Rubric, measured: AnswerFeatures, params: Params) -> list[float]:
        rows = self.point_features(rubric, measured)
        return [point_score(r, f, params) for r, f in zip(rows, measured.points, strict=True)]

    def lexical_features(self, measured: AnswerFeatures) -> AnswerFeatures:
        return measured

    def semantic_similarity(self, measured: AnswerFeatures) -> float:
        return 0.0

    def semantic_mistake(self, measured: AnswerFeatures) -> float:
        return 0.0

    def grade(self, rubric: Rubric, answer: str) -> GradeResult:
        return self.judge(rubric, self.measure(rubric, answer), self.params)
