"""Filter forms for the tool, story and event listings, and the "Ik heb dit gebruikt" form."""

from django import forms
from django.utils.translation import gettext_lazy as _

from communities.monitor.blocks import building_blocks
from home.abuse import HoneypotForm
from home.listing import ListingFilterForm, choice_field

from .models import ToolPhase


def building_block_choices():
    # From the cache: the tool index shows this filter on every request.
    return [("", _("Alle")), *((block.number, str(block)) for block in building_blocks())]


class ToolFilterForm(ListingFilterForm):
    phase = choice_field(ToolPhase.choices, _("Fase"))
    # By number, which stays the same when editors reword a block: "?bouwsteen=4".
    bouwsteen = forms.TypedChoiceField(
        choices=building_block_choices,
        coerce=int,
        empty_value=None,
        required=False,
        label=_("Bouwsteen"),
    )

    lookups = {
        **ListingFilterForm.lookups,
        "phase": "phase",
        "bouwsteen": "building_blocks__number",
    }


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
        return queryset.upcoming_by_start()


class ReuseForm(HoneypotForm, forms.Form):
    """ "Ik heb dit gebruikt", with one optional line on how and where."""

    note = forms.CharField(
        label=_("Hoe en waar heb je het gebruikt? (niet verplicht)"),
        help_text=_(
            "Eén zin, zonder namen of contactgegevens. Een moderator bekijkt je toelichting "
            "voordat die op de pagina verschijnt."
        ),
        required=False,
        max_length=300,
        widget=forms.TextInput(attrs={"maxlength": 300}),
    )

    def clean_note(self):
        return self.cleaned_data["note"].strip()
