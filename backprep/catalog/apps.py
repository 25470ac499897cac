from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "backprep.catalog"
    label = "catalog"
    verbose_name = "Question catalog"
