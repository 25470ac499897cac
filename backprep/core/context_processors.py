"""Site-wide template context: the main navigation."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    section: str

    @property
    def url(self) -> str | None:
        try:
            return reverse(self.url_name)
        except NoReverseMatch:
            return None


NAVIGATION = (
    NavItem("Dashboard", "core:dashboard", "dashboard"),
    NavItem("Practice", "practice:home", "practice"),
    NavItem("Catalog", "catalog:home", "catalog"),
    NavItem("Mock interviews", "interviews:home", "interviews"),
    NavItem("Coding", "judge:home", "judge"),
    NavItem("Labs", "labs:home", "labs"),
    NavItem("Career", "career:home", "career"),
)


def navigation(request: HttpRequest) -> dict[str, object]:
    match = getattr(request, "resolver_match", None)
    section = match.namespace.split(":")[0] if match and match.namespace else ""
    if match and match.url_name == "dashboard":
        section = "dashboard"
    items = [
        {"label": item.label, "url": item.url, "active": item.section == section}
        for item in NAVIGATION
    ]
    return {"navigation": items}
