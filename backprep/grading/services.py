"""Writes of the grading app."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .registry import semantic_installed
from .rubric import Rubric

CHUNK = 200  # texts embedded and saved at a time (one progress step)


@dataclass(frozen=True)
class WarmReport:
    texts: int  # distinct rubric texts
    computed: int  # embedded now (the rest were stored already)


def rubric_embeddings_warm(
    *, rubrics: Iterable[Rubric], progress: Callable[[int, int], None] | None = None
) -> WarmReport | None:
    """Embed every rubric text the semantic grader will need and store the vectors, so grading
    never runs the model for them. Only texts not stored yet are embedded. ``None`` when the
    semantic extra is not installed (there is nothing to warm)."""
    if not semantic_installed():
        return None
    from .semantic import default_embedder, rubric_texts, text_digest, vector_bytes
    from .store import DatabaseVectorStore

    embedder, store = default_embedder(), DatabaseVectorStore()
    texts = list(dict.fromkeys(t for r in rubrics for t in rubric_texts(r)))
    digests = {t: text_digest(t).hex() for t in texts}
    stored = store.load(embedder.key, list(digests.values()))
    todo = [t for t in texts if digests[t] not in stored]
    for start in range(0, len(todo), CHUNK):
        chunk = todo[start : start + CHUNK]
        vectors = embedder.embed(chunk)
        fresh = {digests[t]: vector_bytes(v) for t, v in zip(chunk, vectors, strict=True)}
        store.save(embedder.key, fresh)
        if progress:
            progress(start + len(chunk), len(todo))
    return WarmReport(texts=len(texts), computed=len(todo))
