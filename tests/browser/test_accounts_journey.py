"""A new user's first visit, driven through a real Chromium."""

from __future__ import annotations

import json
import re
import urllib.request

import pytest
from playwright.sync_api import expect

from backprep.accounts.models import PersonalAccessToken

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sign_up_create_and_revoke_a_token_log_out_and_in(page, live_server):
    page.goto("/")
    page.get_by_role("link", name="Create a free account").click()
    page.get_by_label("Your name").fill("Grace")
    page.get_by_label("E-mail address").fill("grace@example.com")
    page.get_by_label("Password").fill("short")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_text("This password is too short")).to_be_visible()

    page.get_by_label("Password").fill("a long and unusual passphrase")
    page.get_by_role("button", name="Create account").click()
    page.wait_for_url(re.compile(r"/dashboard/$"))
    expect(page.get_by_role("heading", name="Hello, Grace")).to_be_visible()

    page.get_by_role("link", name="Manage API tokens").click()
    page.get_by_label("Token name").fill("my laptop")
    page.get_by_role("button", name="Create token").click()
    secret = page.get_by_label("New token").input_value()
    assert secret.startswith("bp_pat_")

    # The token works against the REST API and GraphQL.
    request = urllib.request.Request(
        live_server.url + "/api/v1/me", headers={"Authorization": f"Bearer {secret}"}
    )
    with urllib.request.urlopen(request) as response:
        assert json.load(response)["email"] == "grace@example.com"

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Revoke").click()
    expect(page.get_by_text("was revoked")).to_be_visible()
    assert PersonalAccessToken.objects.get().revoked_at is not None

    page.get_by_text("Grace", exact=True).click()
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_text("You are logged out.")).to_be_visible()

    page.get_by_role("link", name="Log in").first.click()
    page.get_by_label("E-mail address").fill("grace@example.com")
    page.get_by_label("Password").fill("a long and unusual passphrase")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r"/dashboard/$"))


def test_theme_toggle_persists(page, live_server, user, password):
    page.goto("/accounts/login/")
    page.get_by_label("E-mail address").fill(user.email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r"/dashboard/$"))
    before = page.evaluate("getComputedStyle(document.body).backgroundColor")
    page.get_by_role("button", name="Switch between light and dark theme").click()
    after = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert before != after
    page.reload()
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == after


def test_graphiql_and_swagger_load_offline(page, live_server, user, password):
    page.goto("/accounts/login/")
    page.get_by_label("E-mail address").fill(user.email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r"/dashboard/$"))
    page.goto("/api/v1/docs")
    page.wait_for_selector(".swagger-ui .info", timeout=15000)
    page.goto("/graphql/")
    page.wait_for_selector(".graphiql-container", timeout=15000)
