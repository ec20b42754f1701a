"""Sign in and sign out, in the GOV.UK style."""

from django.contrib.auth import views as auth_views

from alpha_hub.access import allow, public, signed_in

login = public(
    auth_views.LoginView.as_view(
        template_name="registration/login.html", redirect_authenticated_user=True
    )
)
logout = allow(signed_in)(auth_views.LogoutView.as_view())
