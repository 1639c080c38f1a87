"""Filter forms for the tool, story and event listings."""

from django import forms
from django.utils.translation import gettext_lazy as _

from home.listing import ListingFilterForm, choice_field

from .models import ToolPhase


class ToolFilterForm(ListingFilterForm):
    phase = choice_field(ToolPhase.choices, _("Fase"))

    lookups = {**ListingFilterForm.lookups, "phase": "phase"}


class StoryFilterForm(ListingFilterForm):
    lookups = {"theme": "themes"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["sector"]


class EventFilterForm(ListingFilterForm):
    PAST = "voorbij"

    period = forms.ChoiceField(
        choices=[("", _("Komende bijeenkomsten")), (PAST, _("Eerdere bijeenkomsten"))],
        required=False,
        label=_("Periode"),
    )

    def filter(self, queryset):
        queryset = super().filter(queryset)
        if self.cleaned_data.get("period") == self.PAST:
            return queryset.past().order_by("-start")
        return queryset.upcoming().order_by("start")
