from django.apps import AppConfig


class GradingConfig(AppConfig):
    name = "backprep.grading"
    label = "grading"
    verbose_name = "Answer grading"
