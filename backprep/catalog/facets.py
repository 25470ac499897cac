"""Facet counts and the total of a text search, from one pass over the matching questions.

Each facet ignores its own filter (choosing "mid" still shows how many "senior" questions match),
so a database would need one full-text evaluation per facet. Instead the few attributes of every
matching question are read once and counted here.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from .models import Kind, Level, Question

TAG_FACET_SIZE = 20


@dataclass
class _Row:
    topic: str
    topic_name: str
    kind: str
    level: str
    difficulty: int
    tags: set[str]


def _rows(queryset: QuerySet[Question]) -> list[_Row]:
    rows: dict[int, _Row] = {}
    columns = ("id", "topic__slug", "topic__name", "kind", "level", "difficulty", "tags__slug")
    for qid, topic, name, kind, level, difficulty, tag in queryset.values_list(*columns):
        row = rows.get(qid)
        if row is None:
            row = rows[qid] = _Row(topic, name, kind, level, difficulty, set())
        if tag:
            row.tags.add(tag)
    return list(rows.values())


def _passes(row: _Row, filters: Any, skip: str = "") -> bool:
    return (
        (skip == "topic" or not filters.topic or row.topic == filters.topic)
        and (skip == "kind" or not filters.kind or row.kind == filters.kind)
        and (skip == "level" or not filters.level or row.level == filters.level)
        and (skip == "difficulty" or not filters.difficulty or row.difficulty == filters.difficulty)
        and (skip == "tags" or set(filters.tags) <= row.tags)
    )


def count_and_facets(
    queryset: QuerySet[Question], filters: Any
) -> tuple[int, dict[str, list[dict[str, Any]]]]:
    """``queryset`` holds the text match and the non-facet filters (area, deck, mine)."""
    rows = _rows(queryset)
    total = sum(1 for r in rows if _passes(r, filters))
    topics: Counter[tuple[str, str]] = Counter(
        (r.topic, r.topic_name) for r in rows if _passes(r, filters, "topic")
    )
    kinds = Counter(r.kind for r in rows if _passes(r, filters, "kind"))
    levels = Counter(r.level for r in rows if _passes(r, filters, "level"))
    difficulties = Counter(r.difficulty for r in rows if _passes(r, filters, "difficulty"))
    tags: Counter[str] = Counter()
    for r in rows:
        if _passes(r, filters, "tags"):
            tags.update(r.tags)
    facets = {
        "topic": [
            {"value": slug, "label": name, "count": n}
            for (slug, name), n in sorted(topics.items(), key=lambda kv: (-kv[1], kv[0][1]))
        ],
        "kind": [
            {"value": v, "label": lbl, "count": kinds[v]} for v, lbl in Kind.choices if kinds[v]
        ],
        "level": [
            {"value": v, "label": lbl, "count": levels[v]} for v, lbl in Level.choices if levels[v]
        ],
        "difficulty": [
            {"value": d, "label": str(d), "count": n} for d, n in sorted(difficulties.items())
        ],
        "tags": [
            {"value": t, "label": t, "count": n}
            for t, n in sorted(tags.items(), key=lambda kv: (-kv[1], kv[0]))[:TAG_FACET_SIZE]
        ],
    }
    return total, facets
