from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate


class AlphaHubConfig(AppConfig):
    name = "alpha_hub"
    verbose_name = "Alpha Hub: people and roles"

    def ready(self):
        # The access log listens for sign-ins, failed sign-ins and sign-outs.
        from alpha_hub.audit import signals  # noqa: F401

        post_migrate.connect(_sync_administrator_permissions, dispatch_uid="administrator_perms")


def _sync_administrator_permissions(sender, using="default", **kwargs):
    """After migrate (and each test flush): the administrator role's permissions, from the admin.

    Each app's permissions are created by its own post_migrate, so this waits for the last app.
    """
    from alpha_hub.admin_base import administrator_permissions_sync

    last = [config for config in apps.get_app_configs() if config.models_module][-1]
    if sender is last and using == "default":
        administrator_permissions_sync()
