"""Ranked full-text search over the index in ``search_index``, behind one interface.

User text never reaches the query language directly: it is split into plain word tokens, which
are quoted (FTS5) or reduced to letters and digits (tsquery). The last token matches as a prefix,
so results update sensibly while someone is still typing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from .models import Question

TOKEN = re.compile(r"[A-Za-z0-9]+")
MAX_TOKENS = 12
PREFIX_CHARS = 4
# Column weights for bm25: prompt, answer, key points, tags (FTS5 scores are lower = better).
SQLITE_WEIGHTS = "10.0, 2.0, 5.0, 6.0"
# Words that carry no meaning in a search for a question ("how do you prevent ...").
STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "can",
        "do",
        "does",
        "for",
        "from",
        "how",
        "i",
        "if",
        "in",
        "is",
        "it",
        "of",
        "on",
        "or",
        "should",
        "the",
        "to",
        "was",
        "what",
        "when",
        "where",
        "which",
        "who",
        "why",
        "will",
        "with",
        "you",
        "your",
        "we",
        "vs",
        "versus",
        "between",
    ]
)


@dataclass(frozen=True)
class TextQuery:
    """Whitespace-separated chunks, each a phrase of word tokens ("n+1" -> the phrase "n 1")."""

    phrases: tuple[tuple[str, ...], ...]

    @classmethod
    def parse(cls, text: str) -> TextQuery:
        phrases: list[tuple[str, ...]] = []
        count = 0
        for chunk in (text or "").split():
            tokens = tuple(t.lower() for t in TOKEN.findall(chunk))
            if not tokens or (len(tokens) == 1 and tokens[0] in STOPWORDS):
                continue
            count += len(tokens)
            if count > MAX_TOKENS:
                break
            phrases.append(tokens)
        return cls(tuple(phrases))

    @property
    def tokens(self) -> tuple[str, ...]:
        return tuple(t for phrase in self.phrases for t in phrase)

    def __bool__(self) -> bool:
        return bool(self.phrases)

    def _last_word(self) -> tuple[str, str] | None:
        """The last word may still be being typed. Stemming would turn "paginat" and
        "pagination" into different stems, so it matches as a word or by a short prefix."""
        last = self.phrases[-1]
        if len(last) != 1:
            return None
        word = last[0]
        return word, word[:PREFIX_CHARS]

    def fts5(self) -> str:
        parts = [f'"{" ".join(p)}"' for p in self.phrases]
        last = self._last_word()
        if last is None:
            parts[-1] += "*"
        elif last[0] == last[1]:
            parts[-1] = f'"{last[0]}"*'
        else:
            parts[-1] = f'("{last[0]}" OR "{last[1]}"*)'
        return " AND ".join(parts)

    def tsquery(self) -> str:
        parts = [" <-> ".join(p) for p in self.phrases]
        last = self._last_word()
        if last is None:
            parts[-1] += ":*"
        elif last[0] == last[1]:
            parts[-1] = f"{last[0]}:*"
        else:
            parts[-1] = f"{last[0]} | {last[1]}:*"
        return " & ".join(f"({p})" for p in parts)


def matching(text: TextQuery) -> RawSQL:
    """A subquery of the ids of questions whose text matches."""
    if connection.vendor == "sqlite":
        return RawSQL(
            "SELECT rowid FROM catalog_question_fts WHERE catalog_question_fts MATCH %s",
            (text.fts5(),),
        )
    if connection.vendor == "postgresql":
        return RawSQL(
            "SELECT question_id FROM catalog_question_search"
            " WHERE document @@ to_tsquery('english', %s)",
            (text.tsquery(),),
        )
    raise NotImplementedError(f"full-text search is not implemented for {connection.vendor}")


def ranked_ids(
    text: TextQuery, candidates: QuerySet[Question], *, limit: int, offset: int
) -> list[int]:
    """Ids of matching questions among ``candidates``, best first."""
    # The subquery SQL comes from the ORM with its own parameters; no user text is formatted in.
    sub_sql, sub_params = candidates.values("id").query.sql_with_params()
    if connection.vendor == "sqlite":
        # MATERIALIZED keeps SQLite from pushing "rowid IN (...)" into FTS5, which would
        # evaluate the full-text match once per candidate row.
        sql = (
            "WITH matched AS MATERIALIZED ("
            f" SELECT rowid AS id, bm25(catalog_question_fts, {SQLITE_WEIGHTS}) AS score"
            " FROM catalog_question_fts WHERE catalog_question_fts MATCH %s)"
            f" SELECT id FROM matched WHERE id IN ({sub_sql})"
            " ORDER BY score, id LIMIT %s OFFSET %s"
        )
        params = (text.fts5(), *sub_params, limit, offset)
    else:
        sql = (
            "SELECT s.question_id FROM catalog_question_search s,"
            " to_tsquery('english', %s) query WHERE s.document @@ query"
            f" AND s.question_id IN ({sub_sql})"
            " ORDER BY ts_rank_cd(s.document, query) DESC, s.question_id LIMIT %s OFFSET %s"
        )
        params = (text.tsquery(), *sub_params, limit, offset)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]
