from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "backprep.core"
    label = "core"
