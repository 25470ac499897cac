from django.urls import path

from . import views
from .views_progress import urlpatterns as progress_urls

app_name = "practice"
urlpatterns = [
    path("", views.practice_home, name="home"),
    path("session/", views.practice_session, name="session"),
    path("answer/", views.answer, name="answer"),
    path("reviews/<int:review_id>/", views.review_status, name="review"),
    path("reviews/<int:review_id>/rate/", views.rate, name="rate"),
    path("settings/", views.practice_settings, name="settings"),
]
urlpatterns += progress_urls
