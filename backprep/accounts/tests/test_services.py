from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.hashers import identify_hasher
from django.core import mail

from backprep.accounts import services
from backprep.accounts.models import User
from backprep.core.errors import NotAuthenticated, ValidationFailed

pytestmark = pytest.mark.django_db


def test_signup_normalises_email_and_hashes_password(password):
    user = services.user_signup(email="  Ada@Example.COM ", password=password, display_name="Ada")

    assert user.email == "ada@example.com"
    assert user.role == "candidate"
    assert user.check_password(password)
    assert password not in user.password


def test_production_hasher_is_argon2():
    from config.settings import base

    assert base.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_argon2_hash_format(settings, password):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    user = services.user_signup(email="argon@example.com", password=password)
    assert identify_hasher(user.password).algorithm == "argon2"
    assert user.password.startswith("argon2$argon2id$")


def test_signup_rejects_duplicate_email_case_insensitively(user, password):
    with pytest.raises(ValidationFailed) as exc:
        services.user_signup(email=user.email.upper(), password=password)
    assert exc.value.errors[0].field == "email"
    assert User.objects.count() == 1


@pytest.mark.parametrize(
    ("email", "pw", "field"),
    [
        ("not-an-email", "correct horse battery staple", "email"),
        ("a@b.co", "short", "password"),
        ("a@b.co", "password123", "password"),
        ("a@b.co", "12345678901234", "password"),
    ],
)
def test_signup_rejects_bad_input(db, email, pw, field):
    with pytest.raises(ValidationFailed) as exc:
        services.user_signup(email=email, password=pw)
    assert field in {e.field for e in exc.value.errors}
    assert User.objects.count() == 0


def test_profile_update_changes_only_given_fields(user):
    services.user_profile_update(
        user=user,
        changes=services.ProfileChanges(level="senior", target_interview_date=dt.date(2027, 1, 5)),
    )
    user.refresh_from_db()
    assert user.level == "senior"
    assert user.target_interview_date == dt.date(2027, 1, 5)
    assert user.time_zone == "UTC"


@pytest.mark.parametrize(
    "changes",
    [
        services.ProfileChanges(level="guru"),
        services.ProfileChanges(time_zone="Mars/Olympus"),
        services.ProfileChanges(display_name="x" * 81),
    ],
)
def test_profile_update_rejects_bad_values(user, changes):
    before = (user.level, user.time_zone, user.display_name)
    with pytest.raises(ValidationFailed):
        services.user_profile_update(user=user, changes=changes)
    user.refresh_from_db()
    assert (user.level, user.time_zone, user.display_name) == before


def test_password_change_needs_the_current_password(user, password):
    with pytest.raises(ValidationFailed):
        services.user_password_change(
            user=user, current_password="wrong", new_password="a new long passphrase"
        )
    user.refresh_from_db()
    assert user.check_password(password)
    services.user_password_change(
        user=user, current_password=password, new_password="a new long passphrase"
    )
    user.refresh_from_db()
    assert user.check_password("a new long passphrase")


def test_password_reset_emails_a_working_link_through_a_task(
    user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.password_reset_request(email=user.email.upper())

    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    uid = body.split("uid: ")[1].split()[0]
    token = body.split("token: ")[1].split()[0]
    services.password_reset_confirm(uid=uid, token=token, new_password="brand new passphrase 9")
    user.refresh_from_db()
    assert user.check_password("brand new passphrase 9")
    with pytest.raises(NotAuthenticated):  # one use only
        services.password_reset_confirm(uid=uid, token=token, new_password="another passphrase 10")


def test_password_reset_for_unknown_email_sends_nothing(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.password_reset_request(email="nobody@example.com")
    assert mail.outbox == []


def test_password_reset_confirm_rejects_garbage(user):
    with pytest.raises(NotAuthenticated):
        services.password_reset_confirm(uid="!!", token="x", new_password="whatever passphrase 1")


def test_role_set_by_admin(admin_user, user):
    services.user_role_set(actor=admin_user, user=user, role="coach")
    user.refresh_from_db()
    assert user.role == "coach"
    assert not user.is_staff


def test_admin_cannot_demote_themselves(admin_user):
    with pytest.raises(ValidationFailed):
        services.user_role_set(actor=admin_user, user=admin_user, role="candidate")
    admin_user.refresh_from_db()
    assert admin_user.role == "admin"
