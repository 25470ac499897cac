"""API credentials: JWT access tokens, rotating refresh tokens and personal access tokens.

Secrets are random and only their SHA-256 is stored; comparing digests from an indexed lookup
leaks nothing useful through timing because the digest of an unknown secret is unpredictable.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import timedelta

import jwt
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from backprep.core.errors import FieldError, NotAuthenticated, NotFound, ValidationFailed

from .models import PersonalAccessToken, RefreshToken, User

PAT_PREFIX = "bp_pat_"
REFRESH_PREFIX = "bp_rt_"
JWT_ALGORITHM = "HS256"


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _jwt_key() -> str:
    return hashlib.sha256(f"backprep-jwt:{settings.SECRET_KEY}".encode()).hexdigest()


@dataclass(frozen=True)
class TokenPair:
    access_token: str
    refresh_token: str
    expires_in: int
    token_type: str = "Bearer"


def access_token_issue(*, user: User) -> str:
    now = timezone.now()
    claims = {
        "sub": str(user.pk),
        "iss": settings.JWT_ISSUER,
        "iat": int(now.timestamp()),
        "exp": int((now + timedelta(seconds=settings.JWT_ACCESS_TTL_SECONDS)).timestamp()),
        "jti": uuid.uuid4().hex,
        "typ": "access",
    }
    return jwt.encode(claims, _jwt_key(), algorithm=JWT_ALGORITHM)


def access_token_user(token: str) -> User | None:
    try:
        claims = jwt.decode(
            token,
            _jwt_key(),
            algorithms=[JWT_ALGORITHM],
            issuer=settings.JWT_ISSUER,
            options={"require": ["exp", "iat", "sub", "iss"]},
        )
    except jwt.PyJWTError:
        return None
    if claims.get("typ") != "access":
        return None
    return User.objects.filter(pk=claims["sub"], is_active=True).first()


def _refresh_token_create(*, user: User, family: uuid.UUID) -> str:
    secret = REFRESH_PREFIX + secrets.token_urlsafe(32)
    RefreshToken.objects.create(
        user=user,
        family=family,
        token_hash=digest(secret),
        expires_at=timezone.now() + timedelta(seconds=settings.JWT_REFRESH_TTL_SECONDS),
    )
    return secret


def token_pair_issue(*, user: User) -> TokenPair:
    refresh = _refresh_token_create(user=user, family=uuid.uuid4())
    return TokenPair(
        access_token=access_token_issue(user=user),
        refresh_token=refresh,
        expires_in=settings.JWT_ACCESS_TTL_SECONDS,
    )


def token_pair_refresh(*, refresh_token: str) -> TokenPair:
    """Rotate: the presented token is spent and a new one of the same family is issued.

    Presenting a spent token means it was copied: the whole family is revoked (and stays
    revoked: the revocation commits before the error is raised).
    """
    with transaction.atomic():
        row = (
            RefreshToken.objects.select_for_update()
            .select_related("user")
            .filter(token_hash=digest(refresh_token))
            .first()
        )
        new_secret = _spend(row) if row is not None else None
    if row is None or new_secret is None:
        raise NotAuthenticated("The refresh token is invalid, expired or revoked.")
    return TokenPair(
        access_token=access_token_issue(user=row.user),
        refresh_token=new_secret,
        expires_in=settings.JWT_ACCESS_TTL_SECONDS,
    )


def _spend(row: RefreshToken) -> str | None:
    now = timezone.now()
    if row.used_at is not None:
        RefreshToken.objects.filter(family=row.family, revoked_at__isnull=True).update(
            revoked_at=now
        )
        return None
    if row.revoked_at is not None or row.expires_at <= now or not row.user.is_active:
        return None
    row.used_at = now
    row.save(update_fields=["used_at"])
    return _refresh_token_create(user=row.user, family=row.family)


def refresh_token_revoke(*, refresh_token: str) -> None:
    """Log out an API client: revoke the presented token's family. Unknown tokens are ignored."""
    row = RefreshToken.objects.filter(token_hash=digest(refresh_token)).first()
    if row is not None:
        RefreshToken.objects.filter(family=row.family, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )


@dataclass(frozen=True)
class IssuedPersonalToken:
    token: PersonalAccessToken
    secret: str


def personal_token_create(
    *, user: User, name: str, expires_in_days: int | None = None
) -> IssuedPersonalToken:
    name = name.strip()
    if not name or len(name) > 80:
        raise ValidationFailed(
            "Give the token a name of 1 to 80 characters.",
            errors=[FieldError("name", "must be 1 to 80 characters")],
        )
    if expires_in_days is not None and not 1 <= expires_in_days <= 3650:
        raise ValidationFailed(
            "A token can expire after 1 to 3650 days, or never.",
            errors=[FieldError("expires_in_days", "must be between 1 and 3650")],
        )
    if PersonalAccessToken.objects.filter(user=user, name=name, revoked_at__isnull=True).exists():
        raise ValidationFailed(
            "You already have an active token with this name.",
            errors=[FieldError("name", "already in use", code="duplicate")],
        )
    secret = PAT_PREFIX + secrets.token_urlsafe(32)
    token = PersonalAccessToken.objects.create(
        user=user,
        name=name,
        prefix=secret[: len(PAT_PREFIX) + 6],
        token_hash=digest(secret),
        expires_at=(timezone.now() + timedelta(days=expires_in_days) if expires_in_days else None),
    )
    return IssuedPersonalToken(token=token, secret=secret)


def personal_token_revoke(*, user: User, token_id: int) -> PersonalAccessToken:
    token = PersonalAccessToken.objects.filter(
        pk=token_id, user=user, revoked_at__isnull=True
    ).first()
    if token is None:
        raise NotFound("No such active token.")
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    return token


def personal_token_user(secret: str) -> User | None:
    token = (
        PersonalAccessToken.objects.select_related("user")
        .filter(token_hash=digest(secret), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.is_active or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        PersonalAccessToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def bearer_user(authorization: str) -> User | None:
    """The user a ``Bearer`` credential (JWT or personal token) stands for, or None."""
    scheme, _, credential = authorization.partition(" ")
    if scheme.lower() != "bearer" or not credential.strip():
        return None
    credential = credential.strip()
    if credential.startswith(PAT_PREFIX):
        return personal_token_user(credential)
    return access_token_user(credential)
