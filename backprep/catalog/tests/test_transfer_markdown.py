"""Markdown question lists: sections, items with answers, <details>, Q/A pairs, and bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from backprep.catalog.models import Question, Topic
from backprep.catalog.services import deck_create
from backprep.catalog.transfer.importer import import_questions
from backprep.catalog.transfer.markdown_list import inline_text, parse_markdown

FIXTURES = Path(__file__).parent / "fixtures"


def parse(text: str, topic: str = "Deck"):
    return parse_markdown(text.encode(), default_topic=topic)


def rows(text: str, topic: str = "Deck"):
    return [
        (r.line, r.data.topic, r.data.prompt, r.data.model_answer) for r in parse(text, topic).rows
    ]


def test_the_fixture_list_gives_every_question_with_its_section_and_answer():
    result = parse_markdown((FIXTURES / "backend_questions.md").read_bytes(), default_topic="Deck")

    assert result.rejected == []
    assert [(r.line, r.data.topic, r.data.prompt) for r in result.rows] == [
        (
            17,
            "General Questions",
            "Why are global and static objects evil? Can you show it with a code example?",
        ),
        (
            18,
            "General Questions",
            "Tell me about Inversion of Control and how it improves the design of code.",
        ),
        (
            19,
            "General Questions",
            "The Law of Demeter (the Principle of Least Knowledge) states that each unit should have only limited knowledge about other units. Why?",
        ),
        (25, "Databases", "What is the N+1 problem and how do you avoid it?"),
        (32, "Databases", "What is a database index?"),
        (35, "Databases", "What does `SELECT ... FOR UPDATE` do?"),
        (39, "Indexes", "When is a B-tree index useless?"),
        (41, "Indexes", "What is a covering index?"),
        (50, "Caching strategies", "What is cache-aside?"),
        (51, "Caching strategies", "What is write-through caching?"),
        (53, "Caching", "Explain cache stampede"),
        (61, "Web", "What is a CDN?"),
        (65, "Web", "What does HTTP 304 mean?"),
        (69, "Web", "Why use ETags?"),
        (78, "Q&A", "What is idempotency?"),
        (81, "Q&A", "What is a deadlock?"),
    ]
    answers = {r.data.prompt: r.data.model_answer for r in result.rows}
    assert answers["What is the N+1 problem and how do you avoid it?"] == (
        "You load a list, then run one more query per row. Fetch the related rows\n"
        'in one query instead:\n\n```python\nBook.objects.select_related("author")\n```'
    )
    assert answers["What is a database index?"] == (
        "- A sorted structure that speeds up reads\n- It slows down writes"
    )
    assert answers["What is a covering index?"] == (
        "An index that contains every column the query needs, so the table is not read."
    )
    assert (
        answers["Explain cache stampede"]
        == "Many clients miss the cache at once and all hit the database."
    )
    assert (
        answers["What is a CDN?"]
        == "A network of servers close to users that serves static content."
    )
    assert (
        answers["What is idempotency?"]
        == "Doing the operation twice has the same effect as doing it once."
    )
    assert (
        answers["What is a deadlock?"] == "Two transactions each wait for a lock the other holds."
    )
    assert answers["When is a B-tree index useless?"] == ""


def test_list_markers_and_questions_before_any_heading_use_the_default_topic():
    text = "- What is A?\n* What is B?\n+ What is C?\n1. What is D?\n2) What is E?\n"
    assert rows(text, topic="My deck") == [
        (1, "My deck", "What is A?", ""),
        (2, "My deck", "What is B?", ""),
        (3, "My deck", "What is C?", ""),
        (4, "My deck", "What is D?", ""),
        (5, "My deck", "What is E?", ""),
    ]


def test_nested_bullets_and_blank_separated_paragraphs_form_the_answer():
    text = (
        "## HTTP\n"
        "- What is the difference between PUT and PATCH?\n"
        "  PUT replaces the resource.\n"
        "\n"
        "  PATCH changes part of it.\n"
        "    - both are requests\n"
        "- What is a 409?\n"
        "\n"
        "Closing remark that is not part of any answer.\n"
    )
    assert rows(text) == [
        (
            2,
            "HTTP",
            "What is the difference between PUT and PATCH?",
            "PUT replaces the resource.\n\nPATCH changes part of it.\n  - both are requests",
        ),
        (7, "HTTP", "What is a 409?", ""),
    ]


def test_a_wrapped_question_continues_in_lowercase():
    text = "- What is the difference between a process\n  and a thread?\n  A process has its own memory.\n"
    assert rows(text) == [
        (
            1,
            "Deck",
            "What is the difference between a process and a thread?",
            "A process has its own memory.",
        ),
    ]


def test_links_emphasis_images_html_and_numbering_are_stripped_from_prompts():
    text = (
        "- **1.** What is [REST](https://en.wikipedia.org/wiki/REST_(architecture))?\n"
        "- ![logo](x.png) Why use _idempotent_ ~~verbs~~ methods? <sup>new</sup>\n"
        "- [ ] What does `__init__` do &amp; when?\n"
        "- Q3: What is \\*not\\* emphasis?\n"
    )
    assert [r[2] for r in rows(text)] == [
        "What is REST?",
        "Why use idempotent verbs methods? new",
        "What does `__init__` do & when?",
        "What is *not* emphasis?",
    ]


def test_empty_items_and_table_of_contents_links_are_skipped():
    text = (
        "## Contents\n"
        "- [Databases](#databases)\n"
        "  - [Indexes](#indexes)\n"
        "- **[Caching](#caching)**\n"
        "1. [What is ACID?](#what-is-acid)\n"
        "-\n"
        "- ![badge](https://img.shields.io/x.svg)\n"
        "* [⬆ back to top](#contents)\n"
        "## Databases\n"
        "- What is ACID?\n"
    )
    assert rows(text) == [(10, "Databases", "What is ACID?", "")]


def test_details_blocks_on_one_line_and_answer_details_under_items():
    text = (
        "<details><summary><b>What is sharding?</b></summary>Splitting data across servers.</details>\n"
        "\n"
        "- What is replication?\n"
        "  <details>\n"
        "  <summary>Show answer</summary>\n"
        "\n"
        "  Copying data to other servers.\n"
        "  </details>\n"
        "\n"
        "**What is a hot partition?**\n"
        "\n"
        "<details><summary>Answer</summary>\n"
        "One shard gets most of the traffic.\n"
        "</details>\n"
    )
    assert rows(text) == [
        (1, "Deck", "What is sharding?", "Splitting data across servers."),
        (3, "Deck", "What is replication?", "Copying data to other servers."),
        (10, "Deck", "What is a hot partition?", "One shard gets most of the traffic."),
    ]


def test_q_and_a_pairs_across_lines():
    text = (
        "Q: What is a race condition?\n"
        "A: The result depends on the timing of threads.\n"
        "   Fix it with locks.\n"
        "\n"
        "- an example list in the answer\n"
        "\n"
        "Question 2. What is a mutex?\n"
        "\n"
        "Answer: A lock that one thread holds at a time.\n"
        "Q: A question without an answer?\n"
    )
    assert rows(text) == [
        (
            1,
            "Deck",
            "What is a race condition?",
            "The result depends on the timing of threads.\nFix it with locks.\n\n- an example list in the answer",
        ),
        (7, "Deck", "What is a mutex?", "A lock that one thread holds at a time."),
        (10, "Deck", "A question without an answer?", ""),
    ]


def test_headings_ending_in_a_question_mark_are_questions_in_a_q_and_a_document():
    text = (
        "## What should a backend developer know?\n"
        "Here is what interviewers ask:\n"
        "- What is REST?\n"
        "- What is SQL?\n"
        "## Caching\n"
        "### Why is caching hard?\n"
        "- Invalidation\n"
        "- Naming\n"
        "### 2. What is a TTL?\n"
        "```\n# How long an entry lives?\n```\n"
    )
    assert rows(text) == [
        (3, "What should a backend developer know?", "What is REST?", ""),
        (4, "What should a backend developer know?", "What is SQL?", ""),
        (6, "Caching", "Why is caching hard?", "- Invalidation\n- Naming"),
        (9, "Caching", "What is a TTL?", "```\n# How long an entry lives?\n```"),
    ]


def test_a_readme_with_one_faq_heading_keeps_it_a_section():
    text = (
        "Back-End Developer Interview Questions\n"
        "======================================\n"
        "### Where are the answers?\n"
        "Sooner or later I will add them.\n"
        "## <a name='toc'>Table of Contents</a>\n"
        "  1. [Questions about Design Patterns](#patterns)\n"
        "### [[↑]](#toc) <a name='patterns'>Questions about Design Patterns:</a>\n"
        "* If `Cat` is an `Animal`, is `TakeCare<Cat>` a `TakeCare<Animal>`?\n"
        "* Why in SQL ```SELECT * FROM t WHERE f = null``` matches nothing?\n"
    )
    assert rows(text) == [
        (
            8,
            "Questions about Design Patterns",
            "If `Cat` is an `Animal`, is `TakeCare<Cat>` a `TakeCare<Animal>`?",
            "",
        ),
        (
            9,
            "Questions about Design Patterns",
            "Why in SQL ```SELECT * FROM t WHERE f = null``` matches nothing?",
            "",
        ),
    ]


def test_code_fences_are_not_read_as_questions_or_headings():
    text = "```\n# not a heading\n- not a question?\n```\n## Real\n- What is real?\n"
    assert rows(text) == [(6, "Real", "What is real?", "")]


def test_inline_text_keeps_code_spans_and_plain_comparisons():
    assert inline_text("Is `a*b*c` < d and e > f?") == "Is `a*b*c` < d and e > f?"
    assert (
        inline_text("Read <https://example.com> <!-- hidden -->now")
        == "Read https://example.com now"
    )


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "The file is empty."),
        (b"\n  \n", "The file is empty."),
        (b"\xff\xfe\x00b\x00a\x00d", "The file is not UTF-8 text"),
        (b"# Just a title\n\nSome prose without questions.\n", "No questions were found."),
    ],
)
def test_unreadable_or_questionless_files_give_one_rejection(content, reason):
    result = parse_markdown(content, default_topic="Deck")
    assert result.rows == []
    assert len(result.rejected) == 1
    assert result.rejected[0].line == 0
    assert result.rejected[0].reason.startswith(reason)


def test_a_large_file_parses_quickly():
    import time

    text = (
        "## Section\n" + "- What is item *number* [x](y) **bold**?\n  Answer.\n" * 20_000
    ).encode()
    started = time.monotonic()
    result = parse_markdown(text, default_topic="Deck")
    assert len(result.rows) == 20_000
    assert time.monotonic() - started < 10


@pytest.mark.django_db
def test_importing_the_fixture_creates_private_topics_named_after_sections(user):
    deck = deck_create(owner=user, name="Backend list")
    parsed = parse_markdown(
        (FIXTURES / "backend_questions.md").read_bytes(), default_topic=deck.name
    )

    report = import_questions(
        owner=user, deck=deck, rows=parsed.rows, all_or_nothing=False, format="markdown"
    )

    assert report.imported == 16
    assert report.rejected == []
    assert deck.items.count() == 16
    assert set(Topic.objects.filter(owner=user).values_list("name", flat=True)) == {
        "General Questions",
        "Databases",
        "Indexes",
        "Caching strategies",
        "Caching",
        "Web",
        "Q&A",
    }
    question = Question.objects.get(prompt="What is a database index?")
    assert question.owner == user
    assert question.topic.name == "Databases"
    assert "<li>A sorted structure that speeds up reads</li>" in question.model_answer_html
