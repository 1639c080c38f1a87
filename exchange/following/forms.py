"""Following by email, and a member's choice for their communities' discussions."""

from django import forms
from django.utils.translation import gettext_lazy as _

from home.abuse import HoneypotForm

from .models import DIGEST_FREQUENCIES, Frequency


class FollowForm(HoneypotForm):
    email = forms.EmailField(
        label=_("Je e-mailadres"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    frequency = forms.ChoiceField(
        label=_("Hoe vaak wil je een overzicht?"),
        choices=[
            (value, label) for value, label in Frequency.choices if value in DIGEST_FREQUENCIES
        ],
        initial=Frequency.WEEKLY,
        widget=forms.RadioSelect,
    )


class PreferencesForm(forms.Form):
    """One choice per community the member takes part in, and per follow of their address."""

    def __init__(self, *args, communities=(), preferences=None, follows=(), **kwargs):
        super().__init__(*args, **kwargs)
        preferences = preferences or {}
        self.communities = list(communities)
        self.follows = list(follows)
        for community in self.communities:
            frequency, personal = preferences.get(community.pk, (None, True))
            self.fields[f"gemeenschap-{community.pk}"] = forms.ChoiceField(
                label=community.title,
                choices=Frequency.choices,
                initial=frequency,
                widget=forms.RadioSelect,
            )
            self.fields[f"persoonlijk-{community.pk}"] = forms.BooleanField(
                label=_(
                    "Ook een e-mail als iemand in %(community)s je noemt of op je bericht reageert"
                )
                % {"community": community.title},
                required=False,
                initial=personal,
            )
        follow_choices = [
            *((value, label) for value, label in Frequency.choices if value in DIGEST_FREQUENCIES),
            ("stop", _("Niet meer volgen")),
        ]
        for follow in self.follows:
            self.fields[f"volg-{follow.pk}"] = forms.ChoiceField(
                label=follow.subject_name,
                choices=follow_choices,
                initial=follow.frequency,
                widget=forms.RadioSelect,
            )

    def community_fields(self):
        """(how often, whether mentions and replies too) per community."""
        return [
            (self[f"gemeenschap-{community.pk}"], self[f"persoonlijk-{community.pk}"])
            for community in self.communities
        ]

    def follow_fields(self):
        return [self[f"volg-{follow.pk}"] for follow in self.follows]
