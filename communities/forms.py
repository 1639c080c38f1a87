"""Forms on the public side of the communities section, and the decline form moderators use."""

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordResetForm
from django.utils.translation import gettext_lazy as _

from home.abuse import HoneypotForm
from home.listing import ListingFilterForm, choice_field

from .models import CommunityForm, CommunityStatus, MembershipRequest


class CommunityFilterForm(ListingFilterForm):
    status = choice_field(CommunityStatus.choices, _("Status"))
    form = choice_field(CommunityForm.choices, _("Vorm"))

    lookups = {**ListingFilterForm.lookups, "status": "status", "form": "form"}


class JoinForm(HoneypotForm, forms.ModelForm):
    """The public "Meld je aan" form."""

    class Meta:
        model = MembershipRequest
        fields = ["name", "email", "organisation", "role", "motivation"]
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "organisation": forms.TextInput(attrs={"autocomplete": "organization"}),
            "role": forms.TextInput(attrs={"autocomplete": "organization-title"}),
            "motivation": forms.Textarea(attrs={"rows": 5, "maxlength": 2000}),
        }
        labels = {"motivation": _("Waarom wil je meedoen?")}

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reden (wordt meegestuurd, niet verplicht)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class SetPasswordLinkForm(PasswordResetForm):
    """Sends a set-password link also to members whose account was made for them.

    Accounts created when a join request is approved start without a usable password;
    Django's own form would silently skip them.
    """

    def get_users(self, email):
        users = get_user_model()._default_manager.filter(email__iexact=email, is_active=True)
        return (user for user in users if user.email.casefold() == email.casefold())
