"""Forms on the public side of the communities section, and the decline form moderators use."""

import logging

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm

from home.abuse import CleanTextForm, HoneypotForm
from home.listing import ListingFilterForm, choice_field
from home.mail import absolute_url, portal_email

from .models import CommunityForm, CommunityStatus, MembershipRequest
from .monitor.scoring import SCALE, note_field, score_field

logger = logging.getLogger(__name__)


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


class DeclineForm(CleanTextForm):
    reason = forms.CharField(
        label=_("Reden (wordt meegestuurd, niet verplicht)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class LoginForm(CleanTextForm, AuthenticationForm):
    """The site's login form; what is typed loses its control characters before the lockout
    records it (a NUL is no text PostgreSQL stores)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Django focuses the username on load, which makes a screen reader start there and skip
        # the heading and the introduction saying whose login this is. After an error the
        # error summary takes the focus (components/form_errors.html).
        self.fields["username"].widget.attrs.pop("autofocus", None)


class AdminLoginForm(CleanTextForm, WagtailLoginForm):
    """The admin's login form (WAGTAILADMIN_USER_LOGIN_FORM), cleaned like the site's."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Wagtail declares the field anew without a label, so Django labels it with the field's
        # name, in English, whatever the language.
        self.fields["password"].label = _("Wachtwoord")


class SetPasswordLinkForm(CleanTextForm, PasswordResetForm):
    """Sends a set-password link also to members whose account was made for them.

    Accounts created when a join request is approved start without a usable password;
    Django's own form would silently skip them.
    """

    def get_users(self, email):
        users = get_user_model()._default_manager.filter(email__iexact=email, is_active=True)
        return (user for user in users if user.email.casefold() == email.casefold())

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        # The link goes to the configured public address, like every other email: Django would
        # take the host from the request, which whoever asks for the link can choose.
        path = reverse("account:password_reset_confirm", args=(context["uid"], context["token"]))
        context = {**context, "link": absolute_url(path)}
        subject = "".join(render_to_string(subject_template_name, context).splitlines())
        body = render_to_string(email_template_name, context)
        try:
            portal_email(subject, body, [to_email]).send()
        except Exception:
            # As Django's own form: whether an address has an account shows in no error.
            logger.exception("Failed to send the password link to user %s", context["user"].pk)


class ExpertFilterForm(ListingFilterForm):
    """Searching and filtering 'Wie weet wat'; the words are matched by the search backend."""

    q = forms.CharField(
        label=_("Zoek op naam, expertise, functie of organisatie"),
        required=False,
        max_length=200,
        widget=forms.SearchInput(attrs={"autocomplete": "off"}),
    )

    field_order = ["q", "theme", "sector"]
    lookups = {"theme": "expertise_themes", "sector": "sectors"}

    def clean_q(self):
        return " ".join(self.cleaned_data["q"].split())


class ContactForm(HoneypotForm, forms.Form):
    """A visitor's message to a person in 'Wie weet wat', relayed by email."""

    name = forms.CharField(
        label=_("Je naam"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Je e-mailadres"),
        help_text=_("Hierop krijg je antwoord, als de expert reageert."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    message = forms.CharField(
        label=_("Je bericht"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 8, "maxlength": 2000}),
    )

    def clean_name(self):
        name = self.cleaned_data["name"]
        # The name goes into the email's subject, where a line break would be refused.
        if any(not character.isprintable() for character in name):
            raise forms.ValidationError(_("Gebruik alleen letters, cijfers en leestekens."))
        return name

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()


class SelfEvaluationForm(CleanTextForm):
    """The building-block monitor: per building block a score of 1 to 5 and an optional note.

    Built from the building blocks passed in, so the editors' wording is the form's.
    """

    anonymous = forms.BooleanField(
        label=_("Anoniem invullen"),
        required=False,
        # Privacy by default: nothing on the portal needs a name with the scores, and people
        # score more honestly when nobody can trace the scores back to them.
        initial=True,
        help_text=_(
            "Je scores worden dan niet met je naam bewaard. We houden alleen bij dát je dit "
            "kwartaal hebt meegedaan, zodat niemand twee keer invult, en of je moderator of "
            "lid bent."
        ),
    )

    def __init__(self, *args, blocks, **kwargs):
        super().__init__(*args, **kwargs)
        self.blocks = blocks
        for block in blocks:
            self.fields[score_field(block)] = forms.TypedChoiceField(
                label=str(block),
                choices=[(value, f"{value} \N{EN DASH} {label}") for value, label in SCALE],
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("Kies een score voor deze bouwsteen.")},
            )
            self.fields[note_field(block)] = forms.CharField(
                label=_("Toelichting bij bouwsteen %(number)s") % {"number": block.number},
                required=False,
                max_length=1000,
                widget=forms.Textarea(attrs={"rows": 3, "maxlength": 1000}),
            )
        # The choice to stay anonymous comes last, just before sending.
        self.order_fields([name for name in self.fields if name != "anonymous"] + ["anonymous"])

    def block_fields(self):
        """(block, score field, note field) per building block, for one fieldset each."""
        return [
            (block, self[score_field(block)], self[note_field(block)]) for block in self.blocks
        ]


class TwoFactorCodeForm(forms.Form):
    """A code from the authenticator app, or (when logging in) one of the recovery codes."""

    code = forms.CharField(
        label=_("Code"),
        max_length=32,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "off", "spellcheck": "false"}
        ),
    )

    def __init__(self, *args, help_text="", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].help_text = help_text
