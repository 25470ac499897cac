"""The full-text index behind catalog search, one implementation per database.

SQLite: an FTS5 table ``catalog_question_fts`` (porter stemming) whose rowid is the question id.
PostgreSQL: a table ``catalog_question_search`` holding a weighted ``tsvector`` with a GIN index.
Both are written only here, by ``reindex``, which the catalog services call after every write.
Neither has a foreign key (a raw table with one would block Django's test flush); searches only
trust ids that pass the visibility subquery, and ``prune`` drops rows of deleted questions.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

from .models import Question

SQLITE_DDL = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS catalog_question_fts USING fts5("
    "prompt, answer, key_points, tags, tokenize='porter unicode61 remove_diacritics 2')",
]
SQLITE_DROP = ["DROP TABLE IF EXISTS catalog_question_fts"]
POSTGRES_DDL = [
    "CREATE TABLE IF NOT EXISTS catalog_question_search ("
    " question_id bigint PRIMARY KEY,"
    " document tsvector NOT NULL)",
    "CREATE INDEX IF NOT EXISTS catalog_question_search_gin"
    " ON catalog_question_search USING gin (document)",
]
POSTGRES_DROP = ["DROP TABLE IF EXISTS catalog_question_search"]


def create_index_tables(schema_editor: BaseDatabaseSchemaEditor) -> None:
    vendor = schema_editor.connection.vendor
    for statement in {"sqlite": SQLITE_DDL, "postgresql": POSTGRES_DDL}.get(vendor, []):
        schema_editor.execute(statement)


def drop_index_tables(schema_editor: BaseDatabaseSchemaEditor) -> None:
    vendor = schema_editor.connection.vendor
    for statement in {"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}.get(vendor, []):
        schema_editor.execute(statement)


def _documents(ids: list[int]) -> list[tuple[int, str, str, str, str]]:
    rows = []
    questions = Question.objects.filter(pk__in=ids).prefetch_related("key_points", "tags")
    for q in questions:
        key_points = " ".join(
            [kp.text for kp in q.key_points.all()]
            + [p for kp in q.key_points.all() for p in kp.paraphrases]
        )
        tags = " ".join(t.slug.replace("-", " ") for t in q.tags.all())
        rows.append((q.pk, q.prompt, q.model_answer, key_points, tags))
    return rows


def reindex(question_ids: Iterable[int]) -> None:
    """Write the index rows of these questions (deleting rows of questions that are gone)."""
    ids = list(question_ids)
    if not ids:
        return
    vendor = connection.vendor
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        documents = _documents(chunk)
        placeholders = ",".join(["%s"] * len(chunk))
        with connection.cursor() as cursor:
            if vendor == "sqlite":
                cursor.execute(
                    f"DELETE FROM catalog_question_fts WHERE rowid IN ({placeholders})",  # noqa: S608
                    chunk,
                )
                cursor.executemany(
                    "INSERT INTO catalog_question_fts(rowid, prompt, answer, key_points, tags)"
                    " VALUES (%s, %s, %s, %s, %s)",
                    documents,
                )
            elif vendor == "postgresql":
                cursor.execute(
                    f"DELETE FROM catalog_question_search WHERE question_id IN ({placeholders})",  # noqa: S608
                    chunk,
                )
                cursor.executemany(
                    "INSERT INTO catalog_question_search(question_id, document) VALUES (%s,"
                    " setweight(to_tsvector('english', %s), 'A')"
                    " || setweight(to_tsvector('english', %s), 'C')"
                    " || setweight(to_tsvector('english', %s), 'B')"
                    " || setweight(to_tsvector('english', %s), 'B'))",
                    documents,
                )


def remove(question_ids: Iterable[int]) -> None:
    ids = list(question_ids)
    if not ids:
        return
    placeholders = ",".join(["%s"] * len(ids))
    table, column = (
        ("catalog_question_fts", "rowid")
        if connection.vendor == "sqlite"
        else ("catalog_question_search", "question_id")
    )
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE {column} IN ({placeholders})", ids)  # noqa: S608


def prune() -> int:
    """Delete index rows whose question no longer exists (e.g. removed with a user)."""
    table, column = (
        ("catalog_question_fts", "rowid")
        if connection.vendor == "sqlite"
        else ("catalog_question_search", "question_id")
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {table} WHERE {column} NOT IN (SELECT id FROM catalog_question)"  # noqa: S608
        )
        return cursor.rowcount
