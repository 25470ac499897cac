"""The database as the semantic grader's :class:`~backprep.grading.semantic.VectorStore`.

A store problem never fails a grade: each access runs in its own savepoint (so on PostgreSQL an
error does not poison the caller's transaction), and on a database error the grader simply
embeds the texts itself, as it would without a store.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from django.db import DatabaseError, transaction

from .models import TextEmbedding

logger = logging.getLogger(__name__)
CHUNK = 500  # digests per query (well under SQLite's limit on query parameters)


class DatabaseVectorStore:
    def load(self, model: str, digests: Sequence[str]) -> dict[str, bytes]:
        found: dict[str, bytes] = {}
        try:
            with transaction.atomic():
                for start in range(0, len(digests), CHUNK):
                    rows = TextEmbedding.objects.filter(
                        model=model, digest__in=digests[start : start + CHUNK]
                    ).values_list("digest", "vector")
                    found.update((d, bytes(v)) for d, v in rows)
        except DatabaseError as exc:
            logger.warning("rubric embeddings could not be read: %s", exc)
        return found

    def save(self, model: str, vectors: dict[str, bytes]) -> None:
        rows = [TextEmbedding(model=model, digest=d, vector=v) for d, v in vectors.items()]
        try:
            with transaction.atomic():
                TextEmbedding.objects.bulk_create(rows, batch_size=CHUNK, ignore_conflicts=True)
        except DatabaseError as exc:
            logger.warning("rubric embeddings could not be saved: %s", exc)
