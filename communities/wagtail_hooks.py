"""Admin for the people who take part in communities."""

from django.utils.translation import gettext_lazy as _

from wagtail_modeladmin.options import ModelAdmin, modeladmin_register

from .models import Person


@modeladmin_register
class PersonAdmin(ModelAdmin):
    model = Person
    menu_label = _("Personen")
    menu_icon = "user"
    menu_order = 320
    list_display = ("name", "organisation", "job_title", "consent_to_contact")
    list_filter = ("consent_to_contact", "organisation", "expertise_themes")
    search_fields = ("name", "expertise", "organisation__name")
    ordering = ("name",)
    list_select_related = ("organisation",)
