from django.contrib import admin

from .models import PracticeSettings, Review, ReviewCard


@admin.register(ReviewCard)
class ReviewCardAdmin(admin.ModelAdmin):
    list_display = ("user", "question", "state", "due", "reps", "lapses")
    list_select_related = ("user", "question")
    raw_id_fields = ("user", "question")


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ("user", "question_qid", "mode", "score", "grader", "rating", "created_at")
    list_filter = ("mode", "grader", "grade_status")
    list_select_related = ("user",)
    raw_id_fields = ("user", "question", "card")


admin.site.register(PracticeSettings)
