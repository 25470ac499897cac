from django.apps import AppConfig


class PracticeConfig(AppConfig):
    name = "backprep.practice"
    label = "practice"
    verbose_name = "Practice"
