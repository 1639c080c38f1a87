"""People who take part in communities and may be asked for their expertise."""

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.search import index


class Person(index.Indexed, models.Model):
    name = models.CharField(_("naam"), max_length=200)
    organisation = models.ForeignKey(
        "home.Organisation",
        verbose_name=_("organisatie"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
    )
    job_title = models.CharField(_("functie"), max_length=200, blank=True)
    email = models.EmailField(_("e-mailadres"), blank=True)
    expertise = models.TextField(
        _("expertise"), blank=True, help_text=_("Waar kan deze persoon anderen mee helpen?")
    )
    expertise_themes = models.ManyToManyField(
        "home.Theme", verbose_name=_("expertisethema's"), blank=True, related_name="experts"
    )
    sectors = models.ManyToManyField(
        "home.Sector", verbose_name=_("sectoren"), blank=True, related_name="experts"
    )
    consent_to_contact = models.BooleanField(
        _("toestemming voor 'Wie weet wat'"),
        default=False,
        help_text=_(
            "Alleen aanvinken als deze persoon heeft ingestemd om in 'Wie weet wat' te staan "
            "en door bezoekers benaderd te worden."
        ),
    )
    # When consent was last given: the record of it that the GDPR asks for.
    consented_at = models.DateTimeField(_("toestemming gegeven op"), null=True, blank=True)

    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("expertise"),
        index.FilterField("consent_to_contact"),
    ]

    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("organisation"), FieldPanel("job_title")]),
        FieldPanel("email"),
        FieldPanel("expertise"),
        FieldPanel("expertise_themes", widget=forms.CheckboxSelectMultiple),
        FieldPanel("sectors", widget=forms.CheckboxSelectMultiple),
        FieldPanel("consent_to_contact"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("persoon")
        verbose_name_plural = _("personen")

    def __str__(self):
        if self.organisation_id:
            return f"{self.name} ({self.organisation})"
        return self.name
