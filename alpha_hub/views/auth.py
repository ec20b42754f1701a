"""Sign in and sign out, in the GOV.UK style."""

from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator

from alpha_hub.access import allow, public, signed_in


class SignInForm(AuthenticationForm):
    """Django's sign-in form, refusing a username no account can have before authenticating.

    Django sets the field's max_length but no validator for it, so a longer username reached
    authenticate() and django-axes, which stores it in a varchar(255): 256 characters were a 500.
    The validator checks the name after Unicode normalisation, which can make it longer.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit = self.username_field.max_length
        field = self.fields["username"]
        field.validators.append(MaxLengthValidator(limit))
        field.error_messages["max_length"] = f"Username must be {limit} characters or fewer"


login = public(
    auth_views.LoginView.as_view(
        template_name="registration/login.html",
        authentication_form=SignInForm,
        redirect_authenticated_user=True,
    )
)
logout = allow(signed_in)(auth_views.LogoutView.as_view())
