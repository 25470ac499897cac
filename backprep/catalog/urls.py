from django.urls import path

from . import views
from .views_transfer import urlpatterns as transfer_urlpatterns

app_name = "catalog"
urlpatterns = [
    path("", views.catalog_home, name="home"),
    path("q/new/", views.question_new, name="question_new"),
    path("q/<str:qid>/", views.question_detail, name="question"),
    path("q/<str:qid>/edit/", views.question_edit, name="question_edit"),
    path("q/<str:qid>/delete/", views.question_delete, name="question_delete"),
    path("decks/", views.deck_list, name="decks"),
    path("decks/<int:deck_id>/", views.deck_detail, name="deck"),
    path("decks/add/", views.deck_add, name="deck_add"),
    path("decks/<int:deck_id>/remove/", views.deck_remove, name="deck_remove"),
    path("decks/<int:deck_id>/delete/", views.deck_delete, name="deck_delete"),
]
urlpatterns += transfer_urlpatterns
