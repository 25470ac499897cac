"""Fixtures for the grading tests: rubrics straight from the content pack, no database."""

from __future__ import annotations

from pathlib import Path

import pytest

from backprep.grading.evaluation import load_rubrics
from backprep.grading.rubric import Rubric

FIXTURES = Path(__file__).with_name("fixtures")

EXCELLENT_N_PLUS_ONE = (
    "The N+1 problem: you load a list of N orders with one query, then while looping over them "
    "the ORM lazily loads each customer, so it runs one extra query per row.\n"
    "You spot it in the SQL log or an APM trace as the same query repeated with different ids.\n"
    "Fix a to-one relation with select_related, which fetches it with a JOIN in the same query.\n"
    "Fix a to-many relation with prefetch_related: one batched query with WHERE id IN (...).\n"
    "Finally, add a test with assertNumQueries so it cannot come back."
)


@pytest.fixture(scope="session")
def rubrics() -> dict[str, Rubric]:
    return load_rubrics()


@pytest.fixture(scope="session")
def n_plus_one(rubrics: dict[str, Rubric]) -> Rubric:
    return rubrics["databases.n-plus-one"]
