"""REST endpoints for sign-up, tokens, the current user, personal tokens and (admins) users."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Status

from backprep.core import ratelimit
from backprep.core.api import AUTH, OWNED_PROBLEMS, PROBLEMS, PageOut, Problem
from backprep.core.errors import NotAuthenticated, NotFound
from backprep.core.pagination import paginate
from backprep.core.permissions import Role, require_role, require_user
from backprep.core.schemas import PageParams

from . import services, tokens
from .backends import EmailBackend
from .models import PersonalAccessToken, User
from .schemas import (
    PasswordChangeIn,
    PasswordResetConfirmIn,
    PasswordResetIn,
    PersonalTokenCreatedOut,
    PersonalTokenIn,
    PersonalTokenOut,
    ProfilePatchIn,
    RefreshIn,
    RoleIn,
    SignupIn,
    TokenIn,
    TokenPairOut,
    UserOut,
)

router = Router(tags=["accounts"])
RATE = {429: Problem}


@router.post(
    "/auth/signup", response={201: UserOut, 422: Problem, **RATE}, auth=None, summary="Sign up"
)
def signup(request: HttpRequest, data: SignupIn) -> Status[Any]:
    ratelimit.check(request, ip_scope="signup_ip")
    user = services.user_signup(
        email=data.email, password=data.password, display_name=data.display_name
    )
    return Status(201, user)


@router.post(
    "/auth/token",
    response={200: TokenPairOut, 401: Problem, 422: Problem, **RATE},
    auth=None,
    summary="Exchange an e-mail and password for an access and refresh token",
)
def token_obtain(request: HttpRequest, data: TokenIn) -> Status[Any]:
    ratelimit.check(request, ip_scope="login_ip", account_scope="login_account", account=data.email)
    user = EmailBackend().authenticate(request, email=data.email, password=data.password)
    if user is None:
        raise NotAuthenticated("The e-mail address or password is wrong.")
    return Status(200, tokens.token_pair_issue(user=user))


@router.post(
    "/auth/token/refresh",
    response={200: TokenPairOut, 401: Problem, 422: Problem, **RATE},
    auth=None,
    summary="Rotate a refresh token (a reused token revokes its whole family)",
)
def token_refresh(request: HttpRequest, data: RefreshIn) -> Status[Any]:
    ratelimit.check(request, ip_scope="token_ip")
    return Status(200, tokens.token_pair_refresh(refresh_token=data.refresh_token))


@router.post(
    "/auth/token/revoke",
    response={204: None, 422: Problem, **RATE},
    auth=None,
    summary="Revoke a refresh token and its family (log out an API client)",
)
def token_revoke(request: HttpRequest, data: RefreshIn) -> Status[None]:
    ratelimit.check(request, ip_scope="token_ip")
    tokens.refresh_token_revoke(refresh_token=data.refresh_token)
    return Status(204, None)


@router.post(
    "/auth/password-reset",
    response={202: None, 422: Problem, **RATE},
    auth=None,
    summary="E-mail a password reset link (answers 202 whether or not the account exists)",
)
def password_reset(request: HttpRequest, data: PasswordResetIn) -> Status[None]:
    ratelimit.check(
        request,
        ip_scope="password_reset_ip",
        account_scope="password_reset_account",
        account=data.email,
    )
    services.password_reset_request(email=data.email, base_url=request.build_absolute_uri("/"))
    return Status(202, None)


@router.post(
    "/auth/password-reset/confirm",
    response={204: None, 401: Problem, 422: Problem, **RATE},
    auth=None,
    summary="Set a new password with the uid and token from the reset e-mail",
)
def password_reset_confirm(request: HttpRequest, data: PasswordResetConfirmIn) -> Status[None]:
    ratelimit.check(request, ip_scope="password_reset_ip")
    services.password_reset_confirm(uid=data.uid, token=data.token, new_password=data.new_password)
    return Status(204, None)


@router.get("/me", response={200: UserOut, **PROBLEMS}, auth=AUTH, summary="The current user")
def me(request: HttpRequest) -> User:
    return require_user(request.user)


@router.patch("/me", response={200: UserOut, **PROBLEMS}, auth=AUTH, summary="Update my profile")
def me_update(request: HttpRequest, data: ProfilePatchIn) -> User:
    user = require_user(request.user)
    fields = data.model_fields_set
    changes = services.ProfileChanges(
        display_name=data.display_name,
        target_role=data.target_role,
        level=data.level,
        time_zone=data.time_zone,
        target_interview_date=data.target_interview_date,
        clear_target_interview_date=(
            "target_interview_date" in fields and data.target_interview_date is None
        ),
    )
    return services.user_profile_update(user=user, changes=changes)


@router.post(
    "/me/password", response={204: None, **PROBLEMS}, auth=AUTH, summary="Change my password"
)
def me_password(request: HttpRequest, data: PasswordChangeIn) -> Status[None]:
    user = require_user(request.user)
    services.user_password_change(
        user=user, current_password=data.current_password, new_password=data.new_password
    )
    return Status(204, None)


@router.get(
    "/tokens",
    response={200: PageOut[PersonalTokenOut], **PROBLEMS},
    auth=AUTH,
    summary="My personal access tokens",
)
def token_list(request: HttpRequest, page: Query[PageParams]) -> Any:
    user = require_user(request.user)
    return paginate(
        PersonalAccessToken.objects.filter(user=user), limit=page.limit, cursor=page.cursor
    )


@router.post(
    "/tokens",
    response={201: PersonalTokenCreatedOut, **PROBLEMS},
    auth=AUTH,
    summary="Create a personal access token (the secret is returned once)",
)
def token_create(request: HttpRequest, data: PersonalTokenIn) -> Status[Any]:
    user = require_user(request.user)
    issued = tokens.personal_token_create(
        user=user, name=data.name, expires_in_days=data.expires_in_days
    )
    body = PersonalTokenOut.from_orm(issued.token).model_dump() | {"token": issued.secret}
    return Status(201, body)


@router.delete(
    "/tokens/{token_id}",
    response={204: None, **OWNED_PROBLEMS},
    auth=AUTH,
    summary="Revoke one of my personal access tokens",
)
def token_revoke_personal(request: HttpRequest, token_id: int) -> Status[None]:
    user = require_user(request.user)
    tokens.personal_token_revoke(user=user, token_id=token_id)
    return Status(204, None)


@router.get(
    "/users",
    response={200: PageOut[UserOut], 403: Problem, **PROBLEMS},
    auth=AUTH,
    summary="All users (admins only)",
)
def user_list(request: HttpRequest, page: Query[PageParams]) -> Any:
    require_role(request.user, Role.ADMIN)
    return paginate(User.objects.all(), limit=page.limit, cursor=page.cursor)


@router.put(
    "/users/{user_id}/role",
    response={200: UserOut, 403: Problem, **OWNED_PROBLEMS},
    auth=AUTH,
    summary="Set a user's role (admins only)",
)
def user_role(request: HttpRequest, user_id: int, data: RoleIn) -> User:
    actor = require_role(request.user, Role.ADMIN)
    user = User.objects.filter(pk=user_id).first()
    if user is None:
        raise NotFound("No such user.")
    return services.user_role_set(actor=actor, user=user, role=data.role)
