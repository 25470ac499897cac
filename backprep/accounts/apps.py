from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "backprep.accounts"
    label = "accounts"
    verbose_name = "Accounts"
