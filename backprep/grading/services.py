"""Writes of the grading app."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .registry import semantic_installed
from .rubric import Rubric


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
    from .semantic import default_embedder, rubric_texts, text_digest
    from .store import DatabaseVectorStore

    embedder, store = default_embedder(), DatabaseVectorStore()
    texts = list(dict.fromkeys(t for r in rubrics for t in rubric_texts(r)))
    digests = {t: text_digest(t).hex() for t in texts}
    stored = store.load(embedder.key, list(digests.values()))
    todo = [t for t in texts if digests[t] not in stored]
    for start in range(0, len(todo), 200):
        embedder.embed_cached(todo[start : start + 200], store)
        if progress:
            progress(min(start + 200, len(todo)), len(todo))
    return WarmReport(texts=len(texts), computed=len(todo))
