from __future__ import annotations

import pytest

from backprep.core import ratelimit
from backprep.core.errors import RateLimited

pytestmark = pytest.mark.django_db


def test_limit_counts_per_identity(settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "login_ip": "3/60"}
    for _ in range(3):
        ratelimit.hit("login_ip", "1.2.3.4")
    with pytest.raises(RateLimited) as exc:
        ratelimit.hit("login_ip", "1.2.3.4")
    assert 1 <= exc.value.retry_after <= 60
    ratelimit.hit("login_ip", "5.6.7.8")  # another address is unaffected


def test_api_token_endpoint_returns_429_with_retry_after(client, user, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "login_ip": "2/60"}
    for _ in range(2):
        client.post(
            "/api/v1/auth/token",
            {"email": user.email, "password": "x"},
            content_type="application/json",
        )
    response = client.post(
        "/api/v1/auth/token",
        {"email": user.email, "password": "x"},
        content_type="application/json",
    )
    assert response.status_code == 429
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["type"] == "urn:backprep:problem:rate-limited"
    assert int(response["Retry-After"]) >= 1


def test_account_lockout_is_the_same_for_unknown_accounts(client, user, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "login_account": "1/300"}
    answers = []
    for email in (user.email, "nobody@example.com"):
        client.post(
            "/api/v1/auth/token", {"email": email, "password": "x"}, content_type="application/json"
        )
        response = client.post(
            "/api/v1/auth/token", {"email": email, "password": "x"}, content_type="application/json"
        )
        answers.append((response.status_code, response.json()["detail"]))
    assert answers[0] == answers[1]
    assert answers[0][0] == 429


@pytest.mark.parametrize(
    ("path", "scope"),
    [
        ("/api/v1/auth/signup", "signup_ip"),
        ("/api/v1/auth/password-reset", "password_reset_ip"),
        ("/api/v1/auth/token/refresh", "token_ip"),
    ],
)
def test_other_auth_endpoints_are_limited(client, settings, path, scope):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, scope: "1/60"}
    body = {"email": "a@b.co", "password": "x", "refresh_token": "x"}
    client.post(path, body, content_type="application/json")
    assert client.post(path, body, content_type="application/json").status_code == 429


def test_client_ip_behind_proxies(rf, settings):
    settings.NUM_PROXIES = 1
    request = rf.get("/", HTTP_X_FORWARDED_FOR="9.9.9.9, 10.0.0.1", REMOTE_ADDR="10.0.0.2")
    assert ratelimit.client_ip(request) == "10.0.0.1"
    settings.NUM_PROXIES = 0
    assert ratelimit.client_ip(request) == "10.0.0.2"
