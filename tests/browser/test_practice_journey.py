"""Practising ten cards the way a person would: good answers, bad answers, and "I don't know"."""

from __future__ import annotations

import os
import re

import pytest
from playwright.sync_api import expect

from backprep.catalog.loading import load_pack
from backprep.catalog.tests.packs import question_doc, write_pack
from backprep.grading.models import TextEmbedding
from backprep.grading.registry import semantic_installed
from backprep.practice.models import Review, ReviewCard
from backprep.practice.tests.conftest import N_PLUS_ONE_ANSWER

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def ten_questions(tmp_path):
    docs = [
        question_doc(f"web.http-q{i}", "http", f"HTTP question number {i}?", tags=["http"])
        for i in range(9)
    ]
    n_plus_one = question_doc(
        "databases.n-plus-one",
        "sql",
        "What is the N+1 query problem and how do you fix it?",
        level="fresher",
        key_points=[
            {
                "text": "One query for the list, then one more query per row through lazy loading.",
                "weight": 3,
                "must_have": [["n+1", "query per row"], ["lazy", "lazily", "loop"]],
                "paraphrases": ["An extra query for every row."],
            },
            {
                "text": "Fix with eager loading: a join for to-one relations.",
                "weight": 2,
                "must_have": [["join", "select_related", "eager"]],
                "paraphrases": ["Fetch related rows with a join."],
            },
            {
                "text": "Fix to-many relations with one batched IN query.",
                "weight": 2,
                "must_have": [["prefetch_related", "prefetch", "batch"]],
                "paraphrases": ["Load all children in one query."],
            },
        ],
    )
    load_pack(write_pack(tmp_path / "pack", [n_plus_one, *docs]))


def log_in(page, user, password):
    page.goto("/accounts/login/?next=/practice/")
    page.get_by_label("E-mail address").fill(user.email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r"/practice/$"))


def test_practise_ten_cards(page, live_server, ten_questions, user, password):
    user.level = "fresher"
    user.save()
    log_in(page, user, password)
    page.get_by_test_id("start-today").click()

    # 1. A good answer: graded high, every key point covered, with the matching words marked.
    expect(
        page.get_by_role("heading", name="What is the N+1 query problem and how do you fix it?")
    ).to_be_visible()
    page.wait_for_load_state("load")  # the keyboard shortcuts are in a deferred script
    page.get_by_label("Your answer").fill(N_PLUS_ONE_ANSWER)
    page.keyboard.press("Control+Enter")
    expect(page.get_by_test_id("grade")).to_contain_text(re.compile(r"^[45]\.\d"), timeout=15_000)
    expect(page.locator(".verdict-covered")).to_have_count(3)
    expect(page.locator(".your-answer mark").first).to_be_visible()
    expect(page.get_by_role("heading", name="Model answer")).to_be_visible()
    page.keyboard.press("Enter")  # accept the suggested rating

    # 2-9. Alternate a weak answer (rated with a key) and "I don't know".
    for i in range(8):
        expect(page.get_by_label("Your answer")).to_be_visible()
        if i % 2 == 0:
            page.get_by_label("Your answer").fill("no idea really, something about servers")
            page.get_by_role("button", name="Submit answer").click()
            expect(page.get_by_test_id("grade")).to_be_visible()
            expect(page.locator(".verdict-missed").first).to_be_visible()
            page.keyboard.press("2")
        else:
            page.get_by_role("button", name="I don't know").click()
            expect(page.get_by_test_id("grade")).to_have_text(re.compile(r"0\.0\s*/ 5"))
            expect(page.get_by_text("We suggest Again.")).to_be_visible()
            page.get_by_role("button", name=re.compile("Again")).click()

    # 10. The last card, then the queue is done.
    page.get_by_label("Your answer").fill("HTTP is a protocol.")
    page.get_by_role("button", name="Submit answer").click()
    page.get_by_role("button", name=re.compile("Good")).click()
    # Nothing new or due is left, so the queue learns ahead with cards due later today.
    expect(page.locator(".practice-meta").get_by_text("learning ahead")).to_be_visible()

    assert Review.objects.filter(user=user, rating__isnull=False).count() == 10
    good = ReviewCard.objects.get(user=user, question__qid="databases.n-plus-one")
    dont_know = ReviewCard.objects.filter(user=user, reviews__gave_up=True).first()
    assert good.reps == 1 and dont_know.reps == 1
    assert good.due > dont_know.due  # a strong answer comes back later than "I don't know"

    page.goto("/practice/progress/")
    expect(page.get_by_role("heading", name="Progress")).to_be_visible()
    expect(page.locator("svg[role=img]").first).to_be_visible()


@pytest.mark.skipif(
    not semantic_installed() and not os.environ.get("CI"), reason="the semantic extra is missing"
)
def test_choose_the_semantic_grader_and_get_graded_by_it(
    page, live_server, ten_questions, user, password
):
    user.level = "fresher"
    user.save()
    log_in(page, user, password)
    page.get_by_role("link", name=re.compile("Settings")).first.click()
    page.get_by_label("Grader").select_option(label="Semantic (embedding model)")
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_text("Practice settings saved.")).to_be_visible()

    page.goto("/practice/")
    page.get_by_test_id("start-today").click()
    page.wait_for_load_state("load")
    page.get_by_label("Your answer").fill(
        "You fetch the list with one query and then the ORM lazily runs another query for each "
        "row. Fix it with a join for single related objects, and one batched IN query for "
        "collections."
    )
    page.get_by_role("button", name="Submit answer").click()

    expect(page.get_by_test_id("graded-by")).to_have_text("Graded by the semantic grader.")
    expect(page.get_by_test_id("grade")).to_contain_text(re.compile(r"^[345]\.\d"))
    review = Review.objects.get(user=user)
    assert review.grader == "semantic"
    assert review.grading["grader"] == "semantic"
    assert TextEmbedding.objects.exists()  # the rubric's vectors were stored on the way
