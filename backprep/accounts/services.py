"""Every write to accounts goes through here: web forms, REST, GraphQL and the CLI call these."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode

from backprep.core.errors import FieldError, NotAuthenticated, ValidationFailed

from .models import TIME_ZONES, Level, Role, User, normalize_email
from .tasks import send_email


def _password_errors(password: str, user: User | None, field: str) -> list[FieldError]:
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        return [FieldError(field, message, code="weak_password") for message in exc.messages]
    return []


def user_signup(*, email: str, password: str, display_name: str = "") -> User:
    email = normalize_email(email)
    errors: list[FieldError] = []
    try:
        validate_email(email)
    except ValidationError:
        errors.append(FieldError("email", "Enter a valid e-mail address.", code="invalid"))
    if len(display_name) > 80:
        errors.append(FieldError("display_name", "At most 80 characters."))
    candidate = User(email=email, display_name=display_name)
    errors += _password_errors(password, candidate, "password")
    if errors:
        raise ValidationFailed("The sign-up form has errors.", errors=errors)
    try:
        with transaction.atomic():
            if User.objects.filter(email=email).exists():
                raise IntegrityError
            return User.objects.create_user(email, password, display_name=display_name.strip())
    except IntegrityError as exc:
        raise ValidationFailed(
            "An account with this e-mail address already exists.",
            errors=[FieldError("email", "already registered", code="duplicate")],
        ) from exc


@dataclass(frozen=True)
class ProfileChanges:
    display_name: str | None = None
    target_role: str | None = None
    level: str | None = None
    target_interview_date: dt.date | None = None
    clear_target_interview_date: bool = False
    time_zone: str | None = None


def user_profile_update(*, user: User, changes: ProfileChanges) -> User:
    errors: list[FieldError] = []
    if changes.display_name is not None and len(changes.display_name.strip()) > 80:
        errors.append(FieldError("display_name", "At most 80 characters."))
    if changes.target_role is not None and len(changes.target_role.strip()) > 120:
        errors.append(FieldError("target_role", "At most 120 characters."))
    if changes.level is not None and changes.level not in Level.values:
        errors.append(FieldError("level", f"Choose one of: {', '.join(Level.values)}."))
    if changes.time_zone is not None and changes.time_zone not in TIME_ZONES:
        errors.append(FieldError("time_zone", "Not a known IANA time zone, e.g. Europe/Berlin."))
    if errors:
        raise ValidationFailed("The profile has errors.", errors=errors)
    fields = []
    for name in ("display_name", "target_role", "level", "time_zone"):
        value = getattr(changes, name)
        if value is not None:
            setattr(user, name, value.strip())
            fields.append(name)
    if changes.clear_target_interview_date:
        user.target_interview_date = None
        fields.append("target_interview_date")
    elif changes.target_interview_date is not None:
        user.target_interview_date = changes.target_interview_date
        fields.append("target_interview_date")
    if fields:
        user.save(update_fields=fields)
    return user


def user_password_change(*, user: User, current_password: str, new_password: str) -> None:
    if not user.check_password(current_password):
        raise ValidationFailed(
            "The current password is wrong.",
            errors=[FieldError("current_password", "incorrect", code="incorrect")],
        )
    errors = _password_errors(new_password, user, "new_password")
    if errors:
        raise ValidationFailed("The new password is too weak.", errors=errors)
    user.set_password(new_password)
    user.save(update_fields=["password"])


def password_reset_request(*, email: str, base_url: str | None = None) -> None:
    """E-mail a reset link if the account exists. Says nothing either way to the caller."""
    user = User.objects.filter(email=normalize_email(email), is_active=True).first()
    if user is None:
        return
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    link = f"{(base_url or settings.SITE_URL).rstrip('/')}/accounts/reset/{uid}/{token}/"
    body = (
        "Someone asked to reset the password of your backprep account.\n\n"
        f"Choose a new password here (the link works for two hours and only once):\n{link}\n\n"
        f"uid: {uid}\ntoken: {token}\n\nIf it was not you, ignore this message."
    )
    transaction.on_commit(
        partial(
            send_email.enqueue, to=user.email, subject="Reset your backprep password", body=body
        )
    )


def password_reset_confirm(*, uid: str, token: str, new_password: str) -> User:
    invalid = NotAuthenticated("The reset link is invalid or has expired.")
    try:
        pk = int(force_str(urlsafe_base64_decode(uid)))
    except (ValueError, TypeError, OverflowError):
        raise invalid from None
    user = User.objects.filter(pk=pk, is_active=True).first()
    if user is None or not default_token_generator.check_token(user, token):
        raise invalid
    errors = _password_errors(new_password, user, "new_password")
    if errors:
        raise ValidationFailed("The new password is too weak.", errors=errors)
    user.set_password(new_password)
    user.save(update_fields=["password"])
    return user


def user_role_set(*, actor: User, user: User, role: str) -> User:
    if role not in Role.values:
        raise ValidationFailed(
            "Unknown role.", errors=[FieldError("role", f"one of {', '.join(Role.values)}")]
        )
    if user.pk == actor.pk and role != Role.ADMIN:
        raise ValidationFailed(
            "You cannot remove your own admin role.",
            errors=[FieldError("role", "cannot demote yourself", code="self_demotion")],
        )
    user.role = role
    user.is_staff = role == Role.ADMIN
    user.save(update_fields=["role", "is_staff"])
    return user
