"""People who take part in communities and may be asked for their expertise."""

from django import forms
from django.db import models
from django.utils import timezone
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

    # What the directory's text search looks in ("Wie weet wat", communities.directory).
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("expertise"),
        index.SearchField("job_title"),
        index.RelatedFields("organisation", [index.SearchField("name")]),
        index.RelatedFields("expertise_themes", [index.SearchField("name")]),
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

    def save(self, *args, **kwargs):
        """Record when consent was given, forget it when withdrawn, and keep a person without
        consent out of every search index."""
        previous = getattr(self, "_consent_when_loaded", False)
        if self.consent_to_contact and self.consented_at is None and not previous:
            self.consented_at = timezone.now()
        elif not self.consent_to_contact:
            self.consented_at = None
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "consent_to_contact" in update_fields:
            kwargs["update_fields"] = {*update_fields, "consented_at"}
        super().save(*args, **kwargs)
        self._consent_when_loaded = self.consent_to_contact
        if not self.consent_to_contact:
            # Wagtail's own handlers only add what get_indexed_objects() holds; taking a person
            # out once they withdraw is up to us, and must not wait for a rebuild.
            self.update_search_indexes()

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        # Unknown when a query left consent out (only()); such a copy is never saved.
        instance._consent_when_loaded = (
            instance.consent_to_contact if "consent_to_contact" in field_names else None
        )
        return instance

    @classmethod
    def get_indexed_objects(cls):
        # Only people who agreed to be found: nobody else is ever sent to a search index.
        return super().get_indexed_objects().filter(consent_to_contact=True)

    def update_search_indexes(self):
        """Bring every search index in line with this person's consent, now.

        The backends Wagtail updates itself are written at once; the engine behind the durable
        outbox (search.indexing) gets the change after the commit, and again until it takes it.
        """
        from modelsearch.index import insert_or_update_object, remove_object

        from search.indexing import record_change
        from search.models import IndexOutboxAction

        if self.consent_to_contact:
            insert_or_update_object(self)
            record_change(self, IndexOutboxAction.UPDATE)
        else:
            remove_object(self)
            record_change(self, IndexOutboxAction.DELETE)
