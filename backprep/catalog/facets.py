"""Facet counts and the total of a text search, from one pass over the matching questions.

Each facet ignores its own filter (choosing "mid" still shows how many "senior" questions match),
so a database would need one full-text evaluation per facet. Instead the few attributes of every
matching question are read once and counted here; only the tag facet is one SQL aggregate.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet

from .models import Kind, Level, Question

TAG_FACET_SIZE = 20


@dataclass
class _Row:
    topic: str
    topic_name: str
    kind: str
    level: str
    difficulty: int


def _facet_filters_sql(queryset: QuerySet[Question], filters: Any) -> QuerySet[Question]:
    if filters.topic:
        queryset = queryset.filter(topic__slug=filters.topic)
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    if filters.level:
        queryset = queryset.filter(level=filters.level)
    if filters.difficulty:
        queryset = queryset.filter(difficulty=filters.difficulty)
    return queryset


def _passes(row: _Row, filters: Any, skip: str = "") -> bool:
    return (
        (skip == "topic" or not filters.topic or row.topic == filters.topic)
        and (skip == "kind" or not filters.kind or row.kind == filters.kind)
        and (skip == "level" or not filters.level or row.level == filters.level)
        and (skip == "difficulty" or not filters.difficulty or row.difficulty == filters.difficulty)
    )


def count_and_facets(
    queryset: QuerySet[Question], filters: Any, *, with_facets: bool = True
) -> tuple[int, dict[str, list[dict[str, Any]]]]:
    """``queryset`` holds the text match and the non-facet filters (area, deck, mine)."""
    tagged = queryset
    for tag in filters.tags:
        tagged = tagged.filter(tags__slug=tag)
    if not with_facets:
        return _facet_filters_sql(tagged, filters).count(), {}
    columns = ("topic__slug", "topic__name", "kind", "level", "difficulty")
    rows = [_Row(*values) for values in tagged.values_list(*columns)]
    total = sum(1 for r in rows if _passes(r, filters))
    topics: Counter[tuple[str, str]] = Counter(
        (r.topic, r.topic_name) for r in rows if _passes(r, filters, "topic")
    )
    kinds = Counter(r.kind for r in rows if _passes(r, filters, "kind"))
    levels = Counter(r.level for r in rows if _passes(r, filters, "level"))
    difficulties = Counter(r.difficulty for r in rows if _passes(r, filters, "difficulty"))
    # The tag facet ignores the tag filter but honours the others: one aggregate in SQL.
    tag_rows = (
        _facet_filters_sql(queryset, filters)
        .exclude(tags__slug=None)
        .values("tags__slug")
        .annotate(count=Count("id"))
        .order_by("-count", "tags__slug")[:TAG_FACET_SIZE]
    )
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
            {"value": r["tags__slug"], "label": r["tags__slug"], "count": r["count"]}
            for r in tag_rows
        ],
    }
    return total, facets
