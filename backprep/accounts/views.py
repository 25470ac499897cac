"""Web pages for accounts. Each view validates a form and calls one service."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from backprep.core import ratelimit
from backprep.core.errors import DomainError, RateLimited
from backprep.core.forms import add_domain_errors

from . import services, tokens
from .backends import EmailBackend
from .forms import (
    LoginForm,
    PasswordChangeForm,
    PasswordResetConfirmForm,
    PasswordResetForm,
    PersonalTokenForm,
    ProfileForm,
    SignupForm,
)
from .models import PersonalAccessToken, User

BACKEND = "backprep.accounts.backends.EmailBackend"


def _too_many(request: HttpRequest, template: str, form: object, exc: RateLimited) -> HttpResponse:
    response = render(request, template, {"form": form, "rate_limited": exc}, status=429)
    response["Retry-After"] = str(exc.retry_after)
    return response


def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("core:dashboard")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            ratelimit.check(request, ip_scope="signup_ip")
            user = services.user_signup(
                email=form.cleaned_data["email"],
                password=form.cleaned_data["password"],
                display_name=form.cleaned_data["display_name"],
            )
        except RateLimited as exc:
            return _too_many(request, "accounts/signup.html", form, exc)
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            login(request, user, backend=BACKEND)
            messages.success(request, "Welcome to backprep. Your account is ready.")
            return redirect("core:dashboard")
    return render(request, "accounts/signup.html", {"form": form})


def login_view(request: HttpRequest) -> HttpResponse:
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = ""
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        try:
            ratelimit.check(
                request, ip_scope="login_ip", account_scope="login_account", account=email
            )
        except RateLimited as exc:
            return _too_many(request, "accounts/login.html", form, exc)
        user = EmailBackend().authenticate(
            request, email=email, password=form.cleaned_data["password"]
        )
        if user is None:
            form.add_error(None, "The e-mail address or password is wrong.")
        else:
            login(request, user, backend=BACKEND)
            return redirect(next_url or "core:dashboard")
    return render(request, "accounts/login.html", {"form": form, "next": next_url})


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    messages.info(request, "You are logged out.")
    return redirect("core:home")


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    initial = {
        "display_name": user.display_name,
        "target_role": user.target_role,
        "level": user.level,
        "target_interview_date": user.target_interview_date,
        "time_zone": user.time_zone,
    }
    form = ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.user_profile_update(
                user=user,
                changes=services.ProfileChanges(
                    display_name=data["display_name"],
                    target_role=data["target_role"],
                    level=data["level"],
                    time_zone=data["time_zone"],
                    target_interview_date=data["target_interview_date"],
                    clear_target_interview_date=data["target_interview_date"] is None,
                ),
            )
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, "Profile saved.")
            return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form})


@login_required
def password_change(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    form = PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_password_change(
                user=user,
                current_password=form.cleaned_data["current_password"],
                new_password=form.cleaned_data["new_password"],
            )
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            update_session_auth_hash(request, user)
            messages.success(request, "Password changed.")
            return redirect("accounts:profile")
    return render(request, "accounts/password_change.html", {"form": form})


def password_reset(request: HttpRequest) -> HttpResponse:
    form = PasswordResetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        try:
            ratelimit.check(
                request,
                ip_scope="password_reset_ip",
                account_scope="password_reset_account",
                account=email,
            )
        except RateLimited as exc:
            return _too_many(request, "accounts/password_reset.html", form, exc)
        services.password_reset_request(email=email, base_url=request.build_absolute_uri("/"))
        return render(request, "accounts/password_reset_sent.html", {"email": email})
    return render(request, "accounts/password_reset.html", {"form": form})


def password_reset_confirm(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    form = PasswordResetConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            ratelimit.check(request, ip_scope="password_reset_ip")
            services.password_reset_confirm(
                uid=uidb64, token=token, new_password=form.cleaned_data["new_password"]
            )
        except RateLimited as exc:
            return _too_many(request, "accounts/password_reset_confirm.html", form, exc)
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, "Your password is set. Log in with it now.")
            return redirect("accounts:login")
    return render(request, "accounts/password_reset_confirm.html", {"form": form})


@login_required
def token_list(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    form = PersonalTokenForm(request.POST or None)
    created = None
    if request.method == "POST" and form.is_valid():
        try:
            created = tokens.personal_token_create(
                user=user,
                name=form.cleaned_data["name"],
                expires_in_days=form.cleaned_data["expires_in_days"],
            )
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            form = PersonalTokenForm()
    active = PersonalAccessToken.objects.filter(user=user, revoked_at__isnull=True)
    return render(
        request,
        "accounts/tokens.html",
        {"form": form, "tokens": active, "created": created},
        status=201 if created else 200,
    )


@login_required
@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    try:
        token = tokens.personal_token_revoke(user=user, token_id=token_id)
    except DomainError:
        return render(request, "errors/404.html", status=404)
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "accounts/_token_revoked.html", {"token": token})
    messages.info(request, f"Token '{token.name}' revoked.")
    return redirect("accounts:tokens")
