from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from . import search_index
from .models import Area, ContentPack, Deck, KeyPoint, Question, Tag, Topic


class KeyPointInline(admin.TabularInline):
    model = KeyPoint
    extra = 0
    fields = ("position", "text", "weight", "must_have", "paraphrases")


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ("qid", "prompt", "topic", "kind", "level", "difficulty", "status", "owner")
    list_filter = ("status", "kind", "level", "topic__area", "is_shared")
    search_fields = ("qid", "prompt")
    list_select_related = ("topic", "owner")
    readonly_fields = ("model_answer_html", "content_hash", "content_version", "pack")
    autocomplete_fields = ("tags",)
    raw_id_fields = ("owner",)
    inlines = (KeyPointInline,)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        from backprep.core.markdown import render_markdown

        super().save_related(request, form, formsets, change)
        question = form.instance
        Question.objects.filter(pk=question.pk).update(
            model_answer_html=render_markdown(question.model_answer)
        )
        search_index.reindex([question.pk])


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ("slug", "name", "area", "owner", "min_questions")
    list_filter = ("area",)
    search_fields = ("slug", "name")


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    search_fields = ("slug",)


@admin.register(Deck)
class DeckAdmin(admin.ModelAdmin):
    list_display = ("name", "owner", "created_at")
    raw_id_fields = ("owner",)


admin.site.register(Area)
admin.site.register(ContentPack)
