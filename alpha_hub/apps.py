from django.apps import AppConfig


class AlphaHubConfig(AppConfig):
    name = "alpha_hub"
    verbose_name = "Alpha Hub: people and roles"

    def ready(self):
        # The access log listens for sign-ins, failed sign-ins and sign-outs.
        from alpha_hub.audit import signals  # noqa: F401
