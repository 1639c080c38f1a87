"""Forms on the public side of the communities section."""

from django.utils.translation import gettext_lazy as _

from home.listing import ListingFilterForm, choice_field

from .models import CommunityForm, CommunityStatus


class CommunityFilterForm(ListingFilterForm):
    status = choice_field(CommunityStatus.choices, _("Status"))
    form = choice_field(CommunityForm.choices, _("Vorm"))

    lookups = {**ListingFilterForm.lookups, "status": "status", "form": "form"}
