from django.urls import include, path

from . import views

app_name = "practice"
urlpatterns = [
    path("", views.practice_home, name="home"),
    path("session/", views.practice_session, name="session"),
    path("answer/", views.answer, name="answer"),
    path("reviews/<int:review_id>/", views.review_status, name="review"),
    path("reviews/<int:review_id>/rate/", views.rate, name="rate"),
    path("settings/", views.practice_settings, name="settings"),
]

try:  # the progress dashboard lives in its own module
    from .views_progress import urlpatterns as progress_urls
except ImportError:  # pragma: no cover
    progress_urls = []
urlpatterns += progress_urls
__all__ = ["include", "urlpatterns"]
