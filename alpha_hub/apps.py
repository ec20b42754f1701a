from django.apps import AppConfig


class AlphaHubConfig(AppConfig):
    name = "alpha_hub"
    verbose_name = "Alpha Hub: people and roles"
