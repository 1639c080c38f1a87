"""Account pages: log in and out, passwords, two-factor authentication, a member's communities."""

from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from . import two_factor_views, views
from .forms import LoginForm, SetPasswordLinkForm

app_name = "account"

urlpatterns = [
    path(
        "inloggen/",
        auth_views.LoginView.as_view(
            template_name="account/login.html",
            authentication_form=LoginForm,
            redirect_authenticated_user=True,
        ),
        name="login",
    ),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "wachtwoord-vergeten/",
        auth_views.PasswordResetView.as_view(
            template_name="account/password_reset_form.html",
            form_class=SetPasswordLinkForm,
            email_template_name="email/password_reset.txt",
            subject_template_name="email/password_reset_subject.txt",
            success_url=reverse_lazy("account:password_reset_done"),
        ),
        name="password_reset",
    ),
    path(
        "wachtwoord-vergeten/verstuurd/",
        auth_views.PasswordResetDoneView.as_view(template_name="account/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "wachtwoord-instellen/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="account/password_reset_confirm.html",
            success_url=reverse_lazy("account:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "wachtwoord-instellen/klaar/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="account/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
    path("inloggen/code/", two_factor_views.verify, name="two_factor_verify"),
    path("mijn-leergemeenschappen/", views.my_communities, name="my_communities"),
    path("tweestapsverificatie/", two_factor_views.overview, name="two_factor"),
    path("tweestapsverificatie/instellen/", two_factor_views.setup, name="two_factor_setup"),
    path(
        "tweestapsverificatie/herstelcodes/",
        two_factor_views.recovery_codes,
        name="two_factor_recovery_codes",
    ),
    path(
        "tweestapsverificatie/nieuwe-herstelcodes/",
        two_factor_views.renew_recovery_codes,
        name="two_factor_renew_recovery_codes",
    ),
    path("tweestapsverificatie/uitzetten/", two_factor_views.switch_off, name="two_factor_off"),
]
