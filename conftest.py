"""Fixtures shared by every test suite."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client

PASSWORD = "correct horse battery staple"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(autouse=True)
def _clear_cache() -> Iterator[None]:
    """Rate-limit counters must not leak between tests (delete our keys only on Redis)."""
    if settings.REDIS_URL:
        cache.delete_pattern("*")  # type: ignore[attr-defined]
    else:
        cache.clear()
    yield


@pytest.fixture
def password() -> str:
    return PASSWORD


@pytest.fixture
def user(db: Any) -> Any:
    from backprep.accounts.tests.factories import UserFactory

    return UserFactory()


@pytest.fixture
def other_user(db: Any) -> Any:
    from backprep.accounts.tests.factories import UserFactory

    return UserFactory()


@pytest.fixture
def admin_user(db: Any) -> Any:
    from backprep.accounts.tests.factories import UserFactory

    return UserFactory(role="admin", is_staff=True)


@pytest.fixture
def coach_user(db: Any) -> Any:
    from backprep.accounts.tests.factories import UserFactory

    return UserFactory(role="coach")


def bearer_for(user: Any) -> dict[str, str]:
    from backprep.accounts.tokens import access_token_issue

    return {"Authorization": f"Bearer {access_token_issue(user=user)}"}


@pytest.fixture
def api(client: Client) -> Client:
    return client


@pytest.fixture
def auth_headers(user: Any) -> dict[str, str]:
    return bearer_for(user)


def chromium_path() -> str | None:
    explicit = os.environ.get("BACKPREP_CHROMIUM")
    if explicit:
        return explicit
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    path = chromium_path()
    if path is None:
        message = (
            "Browser tests need Chromium. On Debian/Ubuntu: `sudo apt-get install chromium`; "
            "elsewhere set BACKPREP_CHROMIUM=/path/to/chrome."
        )
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser: Any, live_server: Any) -> Iterator[Any]:
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 860})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.console_errors = errors  # type: ignore[attr-defined]
    yield page
    context.close()
    assert not [e for e in errors if "Content Security Policy" in e or "Refused" in e], errors
