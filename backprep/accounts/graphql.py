"""GraphQL types and operations of accounts. Same services and permissions as REST."""

from __future__ import annotations

import datetime as dt

import strawberry
import strawberry_django
from strawberry import auto
from strawberry.types import Info

from backprep.core.graphql import current_user
from backprep.core.permissions import Role, require_role

from . import services, tokens
from .models import PersonalAccessToken, User


@strawberry_django.type(PersonalAccessToken, name="PersonalToken")
class PersonalTokenType:
    id: auto
    name: auto
    prefix: auto
    created_at: auto
    expires_at: auto
    last_used_at: auto
    revoked_at: auto


@strawberry_django.type(User, name="User")
class UserType:
    id: auto
    email: auto
    display_name: auto
    role: str
    target_role: auto
    level: str
    target_interview_date: auto
    time_zone: auto
    date_joined: auto


@strawberry.type
class CreatedPersonalToken:
    token: PersonalTokenType
    secret: str = strawberry.field(description="Shown only in this response.")


@strawberry.input
class ProfileInput:
    display_name: str | None = strawberry.UNSET
    target_role: str | None = strawberry.UNSET
    level: str | None = strawberry.UNSET
    target_interview_date: dt.date | None = strawberry.UNSET
    time_zone: str | None = strawberry.UNSET


def _given(value: object) -> bool:
    return value is not strawberry.UNSET


@strawberry.type
class AccountsQuery:
    @strawberry.field(description="The user the request is authenticated as.")
    def me(self, info: Info) -> UserType:
        return current_user(info)  # type: ignore[return-value]

    @strawberry.field(description="My personal access tokens, newest first.")
    def personal_tokens(self, info: Info, include_revoked: bool = False) -> list[PersonalTokenType]:
        tokens_qs = PersonalAccessToken.objects.filter(user=current_user(info))
        if not include_revoked:
            tokens_qs = tokens_qs.filter(revoked_at__isnull=True)
        return list(tokens_qs.order_by("-id")[:100])  # type: ignore[arg-type]

    @strawberry.field(description="All users, by id (admins only).")
    def users(self, info: Info, first: int = 20, after_id: int = 0) -> list[UserType]:
        require_role(info.context.request.user, Role.ADMIN)
        first = max(1, min(first, 100))
        return list(User.objects.filter(pk__gt=after_id).order_by("id")[:first])  # type: ignore[arg-type]


@strawberry.type
class AccountsMutation:
    @strawberry.mutation(description="Update my profile; omitted fields stay as they are.")
    def update_profile(self, info: Info, data: ProfileInput) -> UserType:
        user = current_user(info)
        changes = services.ProfileChanges(
            display_name=data.display_name if _given(data.display_name) else None,
            target_role=data.target_role if _given(data.target_role) else None,
            level=data.level if _given(data.level) else None,
            time_zone=data.time_zone if _given(data.time_zone) else None,
            target_interview_date=(
                data.target_interview_date if _given(data.target_interview_date) else None
            ),
            clear_target_interview_date=(
                _given(data.target_interview_date) and data.target_interview_date is None
            ),
        )
        return services.user_profile_update(user=user, changes=changes)  # type: ignore[return-value]

    @strawberry.mutation(description="Change my password.")
    def change_password(self, info: Info, current_password: str, new_password: str) -> bool:
        services.user_password_change(
            user=current_user(info), current_password=current_password, new_password=new_password
        )
        return True

    @strawberry.mutation(description="Create a personal access token; the secret is shown once.")
    def create_personal_token(
        self, info: Info, name: str, expires_in_days: int | None = None
    ) -> CreatedPersonalToken:
        issued = tokens.personal_token_create(
            user=current_user(info), name=name, expires_in_days=expires_in_days
        )
        return CreatedPersonalToken(token=issued.token, secret=issued.secret)  # type: ignore[arg-type]

    @strawberry.mutation(description="Revoke one of my personal access tokens.")
    def revoke_personal_token(self, info: Info, id: strawberry.ID) -> PersonalTokenType:
        try:
            token_id = int(id)
        except ValueError:
            token_id = 0
        return tokens.personal_token_revoke(user=current_user(info), token_id=token_id)  # type: ignore[return-value]
