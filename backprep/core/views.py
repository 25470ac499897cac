"""The landing page and the dashboard."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from backprep.practice.progress import progress_stats


def home(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("core:dashboard")
    return render(request, "core/home.html")


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    stats = progress_stats(user=request.user)  # type: ignore[arg-type]
    weakest = [t for t in stats.topics if t.cards][:3]
    return render(request, "core/dashboard.html", {"stats": stats, "weakest": weakest})
