"""Who may do what: the one place web views, REST and GraphQL ask.

Roles are ordered: an admin can do what a coach can, a coach what a candidate can.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .errors import NotAuthenticated, PermissionDenied

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from backprep.accounts.models import User


class Role:
    CANDIDATE = "candidate"
    COACH = "coach"
    ADMIN = "admin"


RANK = {Role.CANDIDATE: 0, Role.COACH: 1, Role.ADMIN: 2}


def require_user(user: User | AnonymousUser | None) -> User:
    if user is None or not user.is_authenticated or not user.is_active:
        raise NotAuthenticated("Log in or send a valid bearer token.")
    return user


def has_role(user: User | AnonymousUser | None, role: str) -> bool:
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return RANK.get(user.role, -1) >= RANK[role]


def require_role(user: User | AnonymousUser | None, role: str) -> User:
    authenticated = require_user(user)
    if not has_role(authenticated, role):
        raise PermissionDenied(f"This needs the {role} role.")
    return authenticated
