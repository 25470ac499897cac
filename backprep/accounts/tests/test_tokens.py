"""Refresh rotation, reuse detection and personal tokens, at the service level."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from backprep.accounts import tokens
from backprep.accounts.models import PersonalAccessToken, RefreshToken
from backprep.core.errors import NotAuthenticated, NotFound, ValidationFailed

pytestmark = pytest.mark.django_db


def test_refresh_rotates_and_spends_the_old_token(user):
    pair = tokens.token_pair_issue(user=user)

    rotated = tokens.token_pair_refresh(refresh_token=pair.refresh_token)

    assert rotated.refresh_token != pair.refresh_token
    old = RefreshToken.objects.get(token_hash=tokens.digest(pair.refresh_token))
    new = RefreshToken.objects.get(token_hash=tokens.digest(rotated.refresh_token))
    assert old.used_at is not None
    assert new.family == old.family
    assert new.used_at is None and new.revoked_at is None
    assert tokens.access_token_user(rotated.access_token) == user


def test_reusing_a_spent_refresh_token_revokes_the_whole_family(user):
    pair = tokens.token_pair_issue(user=user)
    rotated = tokens.token_pair_refresh(refresh_token=pair.refresh_token)

    with pytest.raises(NotAuthenticated):
        tokens.token_pair_refresh(refresh_token=pair.refresh_token)

    family = RefreshToken.objects.filter(
        family=RefreshToken.objects.get(token_hash=tokens.digest(pair.refresh_token)).family
    )
    assert family.count() == 2
    assert all(row.revoked_at is not None for row in family)
    # The legitimate holder's newest token is dead too.
    with pytest.raises(NotAuthenticated):
        tokens.token_pair_refresh(refresh_token=rotated.refresh_token)


def test_reuse_does_not_touch_other_families(user):
    first = tokens.token_pair_issue(user=user)
    second = tokens.token_pair_issue(user=user)
    tokens.token_pair_refresh(refresh_token=first.refresh_token)
    with pytest.raises(NotAuthenticated):
        tokens.token_pair_refresh(refresh_token=first.refresh_token)

    assert tokens.token_pair_refresh(refresh_token=second.refresh_token).access_token


def test_expired_refresh_token_is_rejected(user):
    pair = tokens.token_pair_issue(user=user)
    RefreshToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))

    with pytest.raises(NotAuthenticated):
        tokens.token_pair_refresh(refresh_token=pair.refresh_token)
    assert RefreshToken.objects.get().used_at is None


def test_unknown_refresh_token_is_rejected(db):
    with pytest.raises(NotAuthenticated):
        tokens.token_pair_refresh(refresh_token="bp_rt_nope")


def test_revoke_kills_the_family(user):
    pair = tokens.token_pair_issue(user=user)
    tokens.refresh_token_revoke(refresh_token=pair.refresh_token)
    with pytest.raises(NotAuthenticated):
        tokens.token_pair_refresh(refresh_token=pair.refresh_token)


def test_access_token_for_inactive_user_is_refused(user):
    access = tokens.access_token_issue(user=user)
    user.is_active = False
    user.save()
    assert tokens.access_token_user(access) is None


def test_tampered_access_token_is_refused(user):
    access = tokens.access_token_issue(user=user)
    header, payload, signature = access.split(".")
    assert tokens.access_token_user(f"{header}.{payload}.{signature[:-2]}xx") is None
    assert tokens.access_token_user("not-a-jwt") is None


def test_personal_token_is_stored_hashed_and_works_until_revoked(user):
    issued = tokens.personal_token_create(user=user, name="laptop")

    row = PersonalAccessToken.objects.get()
    assert issued.secret.startswith("bp_pat_")
    assert row.token_hash == tokens.digest(issued.secret)
    assert issued.secret not in (row.prefix, row.token_hash)
    assert tokens.bearer_user(f"Bearer {issued.secret}") == user

    tokens.personal_token_revoke(user=user, token_id=row.pk)
    assert tokens.bearer_user(f"Bearer {issued.secret}") is None


def test_expired_personal_token_is_refused(user):
    issued = tokens.personal_token_create(user=user, name="ci", expires_in_days=1)
    PersonalAccessToken.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    assert tokens.bearer_user(f"Bearer {issued.secret}") is None


def test_personal_token_names_are_unique_among_active_tokens(user):
    first = tokens.personal_token_create(user=user, name="ci")
    with pytest.raises(ValidationFailed):
        tokens.personal_token_create(user=user, name="ci")
    tokens.personal_token_revoke(user=user, token_id=first.token.pk)
    assert tokens.personal_token_create(user=user, name="ci").token.name == "ci"


@pytest.mark.parametrize(("name", "days"), [("", None), ("x" * 81, None), ("ok", 0), ("ok", 4000)])
def test_personal_token_rejects_bad_input(user, name, days):
    with pytest.raises(ValidationFailed):
        tokens.personal_token_create(user=user, name=name, expires_in_days=days)
    assert PersonalAccessToken.objects.count() == 0


def test_cannot_revoke_someone_elses_token(user, other_user):
    issued = tokens.personal_token_create(user=other_user, name="theirs")
    with pytest.raises(NotFound):
        tokens.personal_token_revoke(user=user, token_id=issued.token.pk)
    assert PersonalAccessToken.objects.get().revoked_at is None
