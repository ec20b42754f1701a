"""Sign-ins, failed sign-ins and sign-outs go to the access log."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from alpha_hub.audit.models import AccessKind
from alpha_hub.audit.services import access_event_record


@receiver(user_logged_in, dispatch_uid="audit_login")
def _logged_in(sender, request, user, **kwargs):
    access_event_record(kind=AccessKind.LOGIN, request=request, user=user)


@receiver(user_logged_out, dispatch_uid="audit_logout")
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        access_event_record(kind=AccessKind.LOGOUT, request=request, user=user)


@receiver(user_login_failed, dispatch_uid="audit_login_failed")
def _login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username", ""))
    access_event_record(kind=AccessKind.LOGIN_FAILED, request=request, username=username)
