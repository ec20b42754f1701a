"""Typed work is never lost to a session that ended (issue 13, point 4; docs/adr/0067).

A staff form posted after the session expired is not thrown away: `KeepExpiredPostMiddleware`
keeps what was typed (not the CSRF token, nothing named like a password, no uploaded file) in
the new, anonymous session and sends the person to sign in. Once they are signed in again and
back on the same page, `restore_into(form, request)` puts it back in the form, unsaved, with a
message saying so. It is put back only for the person who typed it: every response to a
signed-in user carries a signed cookie with their id, and the kept data records it; another
user signing in on that browser gets nothing, and the kept data is dropped.

`session_keep_alive` is what static/js/session-timeout.js calls when someone chooses "Stay
signed in": any request to a signed-in session renews it (SESSION_SAVE_EVERY_REQUEST).
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core import signing
from django.http import HttpRequest, HttpResponse, QueryDict
from django.middleware.csrf import CsrfViewMiddleware
from django.views.decorators.http import require_POST

from alpha_hub.access import allow, signed_in

KEPT = "kept-post"
TYPIST_COOKIE = "alpha_typist"
TYPIST_SALT = "alpha_hub.session_keeping.typist"
TYPIST_MAX_AGE = 12 * 60 * 60  # a working day: longer than any session
KEPT_MAX_CHARS = 100_000  # beyond this nothing is kept (a form's text, not a bulk upload)
KEPT_PATH_PREFIX = "/staff/"
NOT_KEPT = ("csrfmiddlewaretoken",)


def _typist(request: HttpRequest) -> int | None:
    """The id of the user last signed in on this browser, from the signed cookie."""
    try:
        value = request.get_signed_cookie(TYPIST_COOKIE, salt=TYPIST_SALT, max_age=TYPIST_MAX_AGE)
    except (KeyError, signing.BadSignature):
        return None
    return int(value) if value.isdigit() else None


def _csrf_passes(request: HttpRequest) -> bool:
    """Whether the post carries a valid CSRF token: a cross-site post is never kept."""
    check = CsrfViewMiddleware(lambda _request: HttpResponse())
    return check.process_view(request, lambda _request: HttpResponse(), (), {}) is None


def _kept_fields(post: QueryDict) -> dict[str, list[str]] | None:
    fields = {
        name: post.getlist(name)
        for name in post
        if name not in NOT_KEPT and "password" not in name.lower()
    }
    size = sum(len(name) + sum(len(value) for value in values) for name, values in fields.items())
    return fields if size <= KEPT_MAX_CHARS else None


class KeepExpiredPostMiddleware:
    """Keeps a staff form posted to an expired session, and marks who is signed in.

    After AuthenticationMiddleware and MessageMiddleware; it acts before any view check (its
    work is done before the views' process_view hooks run, LoginRequiredMiddleware's included).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self._expired_post(request):
            kept = self._keep(request)
            if kept is not None:
                return kept
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and _typist(request) != user.pk:
            response.set_signed_cookie(
                TYPIST_COOKIE, str(user.pk), salt=TYPIST_SALT, max_age=TYPIST_MAX_AGE,
                secure=settings.SESSION_COOKIE_SECURE, httponly=True, samesite="Lax",
            )  # fmt: skip
        return response

    @staticmethod
    def _expired_post(request: HttpRequest) -> bool:
        return (
            request.method == "POST"
            and request.path.startswith(KEPT_PATH_PREFIX)
            and not request.user.is_authenticated
        )

    @staticmethod
    def _keep(request: HttpRequest) -> HttpResponse | None:
        """Keep the post and send the person to sign in; None to let the post go on as ever."""
        typist = _typist(request)
        if typist is None or not _csrf_passes(request):
            return None  # whose it is cannot be told, or it was not posted from our page
        fields = _kept_fields(request.POST)
        if fields is None:
            messages.warning(
                request, "Your session had ended, and what you sent was too long to keep."
            )
            return redirect_to_login(request.get_full_path())
        request.session[KEPT] = {
            "path": request.path, "user": typist, "fields": fields,
            "files": bool(request.FILES),
        }  # fmt: skip
        messages.warning(
            request,
            # Only the decision drafting forms put it back (restore_into): say no more than that.
            "Your session ended, so nothing was saved. Sign in again to carry on. On a "
            "decision's drafting pages what you typed is kept and put back in the form; on "
            "other pages, enter it again.",
        )
        return redirect_to_login(request.get_full_path())


def restore_into(form, request: HttpRequest):
    """Put back into the unbound `form` what its signed-in user typed on this page before their
    session ended (see KeepExpiredPostMiddleware). Nothing is saved; a message says so."""
    if request.method != "GET" or form.is_bound or KEPT not in request.session:
        return form
    kept = request.session[KEPT]
    if kept.get("path") != request.path:
        return form
    del request.session[KEPT]
    if kept.get("user") != request.user.pk:
        return form  # typed by someone else on this browser: dropped, never shown
    data = QueryDict(mutable=True)
    for name, values in kept["fields"].items():
        data.setlist(name, values)
    for name, field in form.fields.items():
        if form.add_prefix(name) in data:
            value = field.widget.value_from_datadict(data, {}, form.add_prefix(name))
            form.initial[name] = value
    text = (
        "What you typed before your session ended has been put back. It is not saved until "
        "you save it."
    )
    if kept.get("files"):
        text += " Choose any file again: files are not kept."
    messages.info(request, text)
    return form


@allow(signed_in, "any signed-in user")
@require_POST
def session_keep_alive(request: HttpRequest) -> HttpResponse:
    """Renew the session ("Stay signed in"): the request itself does it; nothing to say."""
    request.session.modified = True
    return HttpResponse(status=204)
