"""Input and output shapes of the accounts API."""

from __future__ import annotations

import datetime as dt

from ninja import Schema
from pydantic import Field

from backprep.core.schemas import InputSchema


class SignupIn(InputSchema):
    email: str = Field(max_length=254)
    password: str = Field(max_length=200)
    display_name: str = Field(default="", max_length=80)


class TokenIn(InputSchema):
    email: str = Field(max_length=254)
    password: str = Field(max_length=200)


class RefreshIn(InputSchema):
    refresh_token: str = Field(min_length=1, max_length=200)


class TokenPairOut(Schema):
    access_token: str
    refresh_token: str
    token_type: str
    expires_in: int


class PasswordResetIn(InputSchema):
    email: str = Field(max_length=254)


class PasswordResetConfirmIn(InputSchema):
    uid: str = Field(min_length=1, max_length=64)
    token: str = Field(min_length=1, max_length=100)
    new_password: str = Field(max_length=200)


class PasswordChangeIn(InputSchema):
    current_password: str = Field(max_length=200)
    new_password: str = Field(max_length=200)


class UserOut(Schema):
    id: int
    email: str
    display_name: str
    role: str
    target_role: str
    level: str
    target_interview_date: dt.date | None
    time_zone: str
    date_joined: dt.datetime


class ProfilePatchIn(InputSchema):
    display_name: str | None = Field(default=None, max_length=80)
    target_role: str | None = Field(default=None, max_length=120)
    level: str | None = None
    target_interview_date: dt.date | None = None
    time_zone: str | None = Field(default=None, max_length=64)


class PersonalTokenIn(InputSchema):
    name: str = Field(max_length=80)
    expires_in_days: int | None = Field(default=None)


class PersonalTokenOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: dt.datetime
    expires_at: dt.datetime | None
    last_used_at: dt.datetime | None
    revoked_at: dt.datetime | None


class PersonalTokenCreatedOut(PersonalTokenOut):
    token: str = Field(description="The secret. It is shown only in this response.")


class RoleIn(InputSchema):
    role: str
