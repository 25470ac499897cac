"""The progress dashboard: streaks, activity, the due forecast, topic mastery, area readiness."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from backprep.accounts.models import User

from . import charts
from .progress import progress_stats

WEAKEST_SHOWN = 10
CHART_TOPICS = 15


@login_required
def progress(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    stats = progress_stats(user=user)
    context: dict[str, object] = {"stats": stats}
    if not stats.is_empty:
        context |= {
            "heatmap": charts.activity_heatmap(stats.activity, streak=stats.streak_days),
            "mastery_chart": charts.mastery_bars(stats.topics[:CHART_TOPICS]),
            "forecast_chart": charts.due_forecast(stats.due_next_7_days),
            "weakest": stats.topics[:WEAKEST_SHOWN],
            "reviews_year": sum(d.count for d in stats.activity),
        }
    return render(request, "practice/progress.html", context)


urlpatterns = [path("progress/", progress, name="progress")]
