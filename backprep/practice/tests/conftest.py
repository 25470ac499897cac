from __future__ import annotations

import pytest

from backprep.catalog.loading import load_pack
from backprep.catalog.tests.packs import question_doc, write_pack

N_PLUS_ONE_ANSWER = (
    "The N+1 problem is when you load a list with one query and then lazily load a relation for "
    "each row inside a loop, so you run one extra query per row. You see it in the SQL log as the "
    "same query repeated. Fix it with eager loading: a join via select_related for to-one "
    "relations and a batched prefetch_related IN query for to-many, and add a test that asserts "
    "the query count."
)


@pytest.fixture
def practice_bank(db, tmp_path):
    """Six questions; the first has a real rubric so grading has something to find."""
    real = question_doc(
        "databases.n-plus-one",
        "sql",
        "What is the N+1 query problem and how do you fix it?",
        key_points=[
            {
                "text": "One query for the list, then one more query per row through lazy loading.",
                "weight": 3,
                "must_have": [
                    ["n+1", "one query per row", "query per row"],
                    ["lazy", "lazily", "loop"],
                ],
                "paraphrases": ["Looping over results runs an extra query for every row."],
            },
            {
                "text": "Fix with eager loading: a join for to-one relations.",
                "weight": 2,
                "must_have": [["join", "select_related", "joinedload", "eager"]],
                "paraphrases": ["Fetch the related rows in the same query with a join."],
            },
            {
                "text": "Fix to-many relations with one batched IN query.",
                "weight": 2,
                "must_have": [["prefetch_related", "prefetch", "batch", "batched", "in query"]],
                "paraphrases": ["Load all the children in one second query by parent ids."],
            },
        ],
        tags=["orm", "performance"],
        level="junior",
    )
    others = [
        question_doc(
            f"databases.sql-q{i}", "sql", f"SQL question number {i}?", level=lvl, tags=["sql"]
        )
        for i, lvl in enumerate(["fresher", "junior", "mid"])
    ] + [
        question_doc(f"web.http-q{i}", "http", f"HTTP question number {i}?", tags=["http"])
        for i in range(2)
    ]
    load_pack(write_pack(tmp_path / "pack", [real, *others]))
