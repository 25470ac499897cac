"""Searching, filtering and reading a question in a real browser."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from backprep.catalog.loading import load_pack
from backprep.catalog.tests.packs import standard_pack

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def loaded(tmp_path):
    load_pack(standard_pack(tmp_path / "pack"))


def test_search_as_you_type_filter_and_read_an_answer(page, live_server, loaded):
    page.goto("/catalog/")
    expect(page.get_by_role("heading", name="Browse by area")).to_be_visible()
    page.get_by_label("Search questions").press_sequentially("cachin", delay=30)
    expect(page.get_by_test_id("result-count")).to_have_text(re.compile(r"1 question matching"))
    expect(page).to_have_url(re.compile(r"q=cachin"))

    page.get_by_label("Search questions").fill("")
    expect(page.get_by_test_id("result-count")).to_have_text("5 questions")
    page.get_by_label("Level").select_option("fresher")
    expect(page.get_by_test_id("result-count")).to_have_text("2 questions")
    page.get_by_label("Topic").select_option("sql")
    expect(page.get_by_test_id("result-count")).to_have_text("1 question")

    page.get_by_role("link", name="Explain inner and left joins with an example.").click()
    expect(page.get_by_role("heading", name="Model answer")).to_be_hidden()
    page.get_by_text("Show the answer").click()
    expect(page.get_by_role("heading", name="Model answer")).to_be_visible()
    expect(page.get_by_role("heading", name="Rubric: key points")).to_be_visible()


def test_collect_a_question_in_a_deck(page, live_server, loaded, user, password):
    page.goto("/accounts/login/?next=/catalog/decks/")
    page.get_by_label("E-mail address").fill(user.email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.get_by_label("Deck name").fill("Before Friday")
    page.get_by_role("button", name="Create deck").click()
    expect(page.get_by_role("heading", name="Before Friday")).to_be_visible()
    page.goto("/catalog/q/web.http-caching/")
    page.get_by_role("button", name="Add to deck").click()
    expect(page.get_by_text("Added to the deck.")).to_be_visible()
    page.goto("/catalog/decks/")
    page.get_by_role("link", name="Before Friday").click()
    expect(page.get_by_role("link", name=re.compile("Explain Cache-Control"))).to_be_visible()
