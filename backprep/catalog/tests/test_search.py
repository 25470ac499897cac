from __future__ import annotations

import pytest

from backprep.catalog.search import TextQuery
from backprep.catalog.selectors import SearchFilters, search_questions
from backprep.catalog.services import QuestionData, deck_add_questions, deck_create, question_create
from backprep.core.errors import ValidationFailed

pytestmark = pytest.mark.django_db


def ids(result):
    return [q.qid for q in result.items]


def test_query_parsing_is_safe():
    assert TextQuery.parse('how do you "drop" table;--').tokens == ("drop", "table")
    assert TextQuery.parse("n+1").fts5() == '"n 1"*'
    assert TextQuery.parse("rate limi").fts5() == '"rate" AND "limi"*'
    assert TextQuery.parse("jwt refr").tsquery() == "(jwt) & (refr:*)"
    assert TextQuery.parse("paginat").fts5() == '("paginat" OR "pagi"*)'
    assert TextQuery.parse("cache paginat").tsquery() == "(cache) & (paginat | pagi:*)"
    assert not TextQuery.parse("how do you")


def test_ranked_search_prefers_prompt_matches(bank):
    result = search_questions(user=None, filters=SearchFilters(text="idempotent"))
    assert ids(result)[0] == "web.http-idempotency"


def test_prefix_search_while_typing(bank):
    assert ids(search_questions(user=None, filters=SearchFilters(text="paginat"))) == [
        "web.rest-pagination"
    ]


def test_stemming(bank):
    assert "databases.sql-joins" in ids(
        search_questions(user=None, filters=SearchFilters(text="joining"))
    )


def test_hostile_input_does_not_break_search(bank):
    for text in ['"', "*", "AND OR NOT", "NEAR(", "')--", "a" * 199, "漢字"]:
        search_questions(user=None, filters=SearchFilters(text=text))


def test_filters_and_facets(bank):
    result = search_questions(user=None, filters=SearchFilters(topic="sql"))
    assert set(ids(result)) == {"databases.sql-joins", "databases.sql-window"}
    level = {f["value"]: f["count"] for f in result.facets["level"]}
    assert level == {"fresher": 1, "senior": 1}
    topic = {f["value"]: f["count"] for f in result.facets["topic"]}
    assert topic == {"sql": 2, "http": 2, "rest-api": 1}  # a facet ignores its own filter


def test_text_and_filters_combine(bank):
    result = search_questions(user=None, filters=SearchFilters(text="http", level="junior"))
    assert ids(result) == ["web.http-caching"]
    assert result.total == 1


def test_tag_and_difficulty_filters(bank):
    assert ids(search_questions(user=None, filters=SearchFilters(tags=("caching",)))) == [
        "web.http-caching"
    ]
    assert ids(search_questions(user=None, filters=SearchFilters(difficulty=4))) == [
        "databases.sql-window"
    ]


def test_pagination_covers_everything_once(bank):
    seen, offset = [], 0
    while True:
        page = search_questions(user=None, filters=SearchFilters(), limit=2, offset=offset)
        seen += ids(page)
        if page.next_offset is None:
            break
        offset = page.next_offset
    assert len(seen) == len(set(seen)) == 5


def test_private_questions_are_visible_only_to_their_owner(bank, user, other_user):
    question_create(owner=user, data=QuestionData(prompt="My secret idempotency question"))
    assert search_questions(user=user, filters=SearchFilters(text="secret")).total == 1
    assert search_questions(user=other_user, filters=SearchFilters(text="secret")).total == 0
    assert search_questions(user=None, filters=SearchFilters(text="secret")).total == 0
    mine = search_questions(user=user, filters=SearchFilters(mine=True))
    assert mine.total == 1


def test_deck_filter_only_for_the_owner(bank, user, other_user):
    deck = deck_create(owner=user, name="Interview Friday")
    deck_add_questions(user=user, deck_id=deck.pk, qids=["databases.sql-joins"])
    assert ids(search_questions(user=user, filters=SearchFilters(deck=deck.pk))) == [
        "databases.sql-joins"
    ]
    assert search_questions(user=other_user, filters=SearchFilters(deck=deck.pk)).total == 0


def test_bad_filters_are_rejected(bank):
    with pytest.raises(ValidationFailed):
        search_questions(user=None, filters=SearchFilters(level="guru"))
    with pytest.raises(ValidationFailed):
        search_questions(user=None, filters=SearchFilters(), limit=0)


def test_search_query_count_is_constant(bank, django_assert_max_num_queries):
    with django_assert_max_num_queries(9):  # count, ranked ids, rows, tags, 5 facets
        result = search_questions(user=None, filters=SearchFilters(text="http"))
    assert result.total == 2


@pytest.mark.parametrize(
    "text",
    [
        "rate limi",
        "retry backoff",
        "circuit breaker",
        "n+1 fix",
        "x y z",
        "drop table;",
        "ab cd+ef",
    ],
)
def test_multi_word_queries_are_valid_on_every_database(bank, text):
    search_questions(user=None, filters=SearchFilters(text=text))


def test_prune_drops_rows_of_deleted_questions(bank, user):
    from backprep.catalog import search_index

    question = question_create(owner=user, data=QuestionData(prompt="Orphan to be"))
    Question = type(question)
    Question.objects.filter(pk=question.pk).delete()  # e.g. removed with its owner
    assert search_index.prune() == 1
    assert search_index.prune() == 0
