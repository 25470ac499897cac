"""The accounts web pages through Django's test client."""

from __future__ import annotations

import pytest
from django.core import mail

from backprep.accounts import tokens
from backprep.accounts.models import PersonalAccessToken, User

pytestmark = pytest.mark.django_db


def test_signup_logs_the_new_user_in(client, password):
    response = client.post(
        "/accounts/signup/",
        {"email": "web@example.com", "password": password, "display_name": "Web"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/dashboard/"
    assert client.get("/dashboard/").status_code == 200
    assert User.objects.get().email == "web@example.com"


def test_signup_shows_errors_and_keeps_nothing(client):
    response = client.post("/accounts/signup/", {"email": "web@example.com", "password": "short"})
    assert response.status_code == 200
    assert "This password is too short" in response.content.decode()
    assert User.objects.count() == 0


def test_login_and_logout(client, user, password):
    wrong = client.post("/accounts/login/", {"email": user.email, "password": "nope"})
    assert "The e-mail address or password is wrong." in wrong.content.decode()
    ok = client.post("/accounts/login/", {"email": user.email.upper(), "password": password})
    assert ok["Location"] == "/dashboard/"
    assert client.get("/accounts/logout/").status_code == 405  # logging out needs a POST
    assert client.post("/accounts/logout/")["Location"] == "/"
    assert client.get("/dashboard/")["Location"].startswith("/accounts/login/")


def test_login_ignores_offsite_next(client, user, password):
    response = client.post(
        "/accounts/login/?next=https://evil.example/",
        {"email": user.email, "password": password, "next": "https://evil.example/"},
    )
    assert response["Location"] == "/dashboard/"


def test_login_rate_limit_says_nothing_about_the_account(client, user, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "login_account": "2/300"}
    for email in (user.email, "ghost@example.com"):
        for _ in range(2):
            client.post("/accounts/login/", {"email": email, "password": "bad"})
        limited = client.post("/accounts/login/", {"email": email, "password": "bad"})
        assert limited.status_code == 429
        assert int(limited["Retry-After"]) > 0
        assert "Too many attempts" in limited.content.decode()


def test_profile_page_updates(client, user):
    client.force_login(user)
    response = client.post(
        "/accounts/profile/",
        {
            "display_name": "Ada",
            "target_role": "Backend",
            "level": "mid",
            "target_interview_date": "2027-01-10",
            "time_zone": "Asia/Kolkata",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.display_name, user.level, user.time_zone) == ("Ada", "mid", "Asia/Kolkata")


def test_profile_page_rejects_bad_choice(client, user):
    client.force_login(user)
    response = client.post("/accounts/profile/", {"level": "wizard", "time_zone": "UTC"})
    assert response.status_code == 200
    user.refresh_from_db()
    assert user.level == "junior"


def test_pages_need_login(client, db):
    for path in ("/dashboard/", "/accounts/profile/", "/accounts/tokens/", "/accounts/password/"):
        assert client.get(path)["Location"].startswith("/accounts/login/?next=")


def test_password_change_page(client, user, password):
    client.force_login(user)
    response = client.post(
        "/accounts/password/",
        {"current_password": password, "new_password": "another long phrase 3"},
    )
    assert response.status_code == 302
    assert client.get("/accounts/profile/").status_code == 200  # session survives the change


def test_password_reset_pages(client, user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/reset/", {"email": user.email})
    assert "Check your e-mail" in response.content.decode()
    link = next(line for line in mail.outbox[0].body.splitlines() if "/accounts/reset/" in line)
    path = link[link.index("/accounts/reset/") :]
    done = client.post(path, {"new_password": "reset passphrase 44"})
    assert done["Location"] == "/accounts/login/"
    user.refresh_from_db()
    assert user.check_password("reset passphrase 44")


def test_token_page_creates_shows_once_and_revokes(client, user):
    client.force_login(user)
    created = client.post("/accounts/tokens/", {"name": "laptop", "expires_in_days": "30"})
    assert created.status_code == 201
    html = created.content.decode()
    token = PersonalAccessToken.objects.get()
    secret_start = html.index('value="bp_pat_') + len('value="')
    secret = html[secret_start : html.index('"', secret_start)]
    assert tokens.bearer_user(f"Bearer {secret}") == user
    assert secret not in client.get("/accounts/tokens/").content.decode()
    revoked = client.post(f"/accounts/tokens/{token.pk}/revoke/", headers={"HX-Request": "true"})
    assert "was revoked" in revoked.content.decode()
    assert tokens.bearer_user(f"Bearer {secret}") is None


def test_cannot_revoke_someone_elses_token_from_the_web(client, user, other_user):
    theirs = tokens.personal_token_create(user=other_user, name="theirs")
    client.force_login(user)
    assert client.post(f"/accounts/tokens/{theirs.token.pk}/revoke/").status_code == 404
    assert PersonalAccessToken.objects.get().revoked_at is None


def test_home_and_dashboard_render(client, user):
    assert "Prepare for backend interviews" in client.get("/").content.decode()
    client.force_login(user)
    assert client.get("/")["Location"] == "/dashboard/"
    assert user.name in client.get("/dashboard/").content.decode()
