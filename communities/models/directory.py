"""'Wie weet wat': the directory of people who agreed to be asked for their expertise."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from wagtail.contrib.routable_page.models import RoutablePageMixin, path

from home.caching import note_query
from home.models import BasePage
from home.sections import SectionPageMixin


class ExpertDirectoryPage(RoutablePageMixin, SectionPageMixin, BasePage):
    """Lists the people who consented, filterable by theme and sector, each with a contact form
    that relays a message without showing their address."""

    template = "pages/expert_directory_page.html"
    page_description = _(
        "Wie weet wat: professionals die hun kennis delen, te vinden op thema en sector en te "
        "benaderen met een kennisvraag."
    )
    max_count = 1
    parent_page_types = ["home.HomePage"]
    subpage_types = []

    section_key = "experts"
    section_title = gettext_noop("Wie weet wat")
    section_slug = "wie-weet-wat"
    section_intro = "Vakgenoten die hun kennis willen delen, te vinden op thema en sector."
    section_order = 60

    class Meta:
        verbose_name = _("Wie weet wat")
        verbose_name_plural = _("Wie weet wat")

    def get_context(self, request, *args, **kwargs):
        from ..directory import contact_url, directory_page_of_people
        from ..forms import ExpertFilterForm

        context = super().get_context(request, *args, **kwargs)
        form = ExpertFilterForm(request.GET)
        people = directory_page_of_people(request, form)
        for person in people:
            if person.can_be_contacted:
                person.contact_url = contact_url(self, person, request)
        context["filter_form"] = form
        context["people"] = people
        note_query(request, form.accepted_query())
        return context

    @path("<int:person_id>/contact/", name="contact")
    def contact(self, request, person_id):
        from ..directory import contact

        return contact(request, self, person_id)

    # The link in every relayed email; signed, so nobody can withdraw someone else's consent.
    @path("intrekken/<int:person_id>/<str:signature>/", name="withdraw")
    def withdraw(self, request, person_id, signature):
        from ..directory import withdraw

        return withdraw(request, self, person_id, signature)


class ContactMessage(models.Model):
    """A message relayed to a person in the directory.

    The message itself is only emailed, never stored: the row is kept for the rate limits and
    is removed by the retention command (see docs/privacy.md).
    """

    person = models.ForeignKey(
        "communities.Person",
        verbose_name=_("persoon"),
        on_delete=models.CASCADE,
        related_name="contact_messages",
    )
    sender_email = models.EmailField(_("e-mailadres afzender"), max_length=254)
    created_at = models.DateTimeField(_("verstuurd op"), auto_now_add=True, db_index=True)
    ip_address = models.GenericIPAddressField(_("IP-adres"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("bericht via Wie weet wat")
        verbose_name_plural = _("berichten via Wie weet wat")

    def __str__(self):
        return f"{self.sender_email} → {self.person}"
