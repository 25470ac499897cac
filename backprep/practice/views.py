"""Practice pages: choose a mode, answer, see the grade point by point, rate, next card."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from backprep.accounts.models import User
from backprep.catalog.models import Tag, Topic
from backprep.catalog.selectors import user_decks
from backprep.core.errors import DomainError, NotFound
from backprep.core.forms import add_domain_errors

from . import grading, selectors, services
from .forms import SettingsForm
from .highlight import highlight
from .models import GradeStatus, Mode, Rating

SCOPE_KEYS = ("mode", "topic", "tag", "deck")


def _scope(params: QueryDict) -> dict[str, Any]:
    deck = params.get("deck", "")
    return {
        "mode": params.get("mode") or Mode.TODAY,
        "topic": params.get("topic") or None,
        "tag": params.get("tag") or None,
        "deck_id": int(deck) if deck.isdigit() else None,
    }


def _scope_query(params: QueryDict) -> str:
    kept = QueryDict(mutable=True)
    for key in SCOPE_KEYS:
        value = params.get(key)
        if value:
            kept[key] = str(value)
    return kept.urlencode()


@login_required
def practice_home(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    if request.GET.get("mode"):
        return practice_session(request)
    today = selectors.practice_queue(user=user, mode=Mode.TODAY, limit=50)
    return render(
        request,
        "practice/home.html",
        {
            "today": today,
            "topics": Topic.objects.filter(owner__isnull=True).select_related("area"),
            "tags": Tag.objects.order_by("slug"),
            "decks": user_decks(user),
            "prefs": selectors.settings_for(user),
        },
    )


def _card_context(request: HttpRequest, user: User) -> dict[str, Any]:
    scope = _scope(request.GET if request.method == "GET" else request.POST)
    queue = selectors.practice_queue(user=user, limit=20, **scope)
    return {
        "queue": queue,
        "item": queue.next,
        "scope_query": _scope_query(request.GET if request.method == "GET" else request.POST),
        "scope": scope,
        "prefs": selectors.settings_for(user),
        "mode_label": Mode(scope["mode"]).label,
    }


@login_required
def practice_session(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    try:
        context = _card_context(request, user)
    except NotFound as exc:
        raise Http404(exc.detail) from exc
    except DomainError as exc:
        messages.error(request, exc.detail)
        return redirect("practice:home")
    return render(request, "practice/session.html", context)


def _feedback_context(review: Any, scope_query: str) -> dict[str, Any]:
    points = review.grading.get("points", [])
    return {
        "review": review,
        "question": review.question,
        "points": points,
        "answer_html": highlight(review.answer, points),
        "ratings": [(r.value, r.label) for r in Rating],
        "scope_query": scope_query,
        "pending": review.grade_status == GradeStatus.PENDING,
    }


@login_required
@require_POST
def answer(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    duration = request.POST.get("duration_ms", "")
    try:
        review = services.answer_submit(
            user=user,
            qid=request.POST.get("qid", ""),
            answer=request.POST.get("answer", ""),
            mode=request.POST.get("mode") or Mode.TODAY,
            gave_up="gave_up" in request.POST,
            duration_ms=int(duration) if duration.isdigit() else None,
        )
    except NotFound as exc:
        raise Http404(exc.detail) from exc
    except DomainError as exc:
        return HttpResponse(
            f'<div class="alert error" role="alert"><p>{exc.detail}</p></div>', status=422
        )
    return render(
        request, "practice/_feedback.html", _feedback_context(review, _scope_query(request.POST))
    )


@login_required
def review_status(request: HttpRequest, review_id: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    try:
        review = selectors.review_for_owner(user=user, review_id=review_id)
    except NotFound as exc:
        raise Http404(exc.detail) from exc
    return render(
        request, "practice/_feedback.html", _feedback_context(review, _scope_query(request.GET))
    )


@login_required
@require_POST
def rate(request: HttpRequest, review_id: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    rating = request.POST.get("rating", "")
    try:
        services.review_rate(
            user=user, review_id=review_id, rating=int(rating) if rating.isdigit() else 0
        )
    except NotFound as exc:
        raise Http404(exc.detail) from exc
    except DomainError as exc:
        return HttpResponse(
            f'<div class="alert error" role="alert"><p>{exc.detail}</p></div>', status=422
        )
    if not request.htmx:  # type: ignore[attr-defined]
        return redirect(f"/practice/?{_scope_query(request.POST) or 'mode=today'}")
    context = _card_context(request, user)
    return render(request, "practice/_card.html", context)


@login_required
def practice_settings(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    prefs = selectors.settings_for(user)
    graders = grading.available_graders()
    initial = {
        name: getattr(prefs, name)
        for name in (
            "desired_retention",
            "new_per_day",
            "reviews_per_day",
            "learn_ahead",
            "timer_seconds",
            "grader",
        )
    }
    form = SettingsForm(request.POST or None, initial=initial, graders=graders)
    if request.method == "POST" and form.is_valid():
        try:
            services.practice_settings_update(
                user=user, changes=services.SettingsChanges(**form.cleaned_data)
            )
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, "Practice settings saved.")
            return redirect("practice:home")
    return render(request, "practice/settings.html", {"form": form})
