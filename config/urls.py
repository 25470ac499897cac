from django.contrib import admin
from django.urls import include, path

from backprep.core import health
from backprep.core.metrics import metrics_view

from .api import api
from .graphql_view import graphql_view

handler403 = "backprep.core.http.handler403"
handler404 = "backprep.core.http.handler404"
handler500 = "backprep.core.http.handler500"

urlpatterns = [
    path("", include("backprep.core.urls")),
    path("accounts/", include("backprep.accounts.urls")),
    path("catalog/", include("backprep.catalog.urls")),
    path("practice/", include("backprep.practice.urls")),
    path("api/v1/", api.urls),
    path("graphql/", graphql_view, name="graphql"),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("metrics", metrics_view, name="metrics"),
    path("admin/", admin.site.urls),
]
