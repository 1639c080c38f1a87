"""The shared parts of listing pages: a filter form on themes and sectors, and pagination."""

from django import forms
from django.core.paginator import Paginator
from django.utils.translation import gettext_lazy as _

from .abuse import CleanTextForm
from .models import Sector, Theme

PAGE_SIZE = 12


def paginate(request, queryset, per_page=PAGE_SIZE):
    """One page of results; a malformed or out-of-range number gives the first or last page."""
    paginator = Paginator(queryset, per_page)
    try:
        number = int(request.GET.get("pagina", 1))
    except (TypeError, ValueError):
        number = 1
    return paginator.page(min(max(number, 1), paginator.num_pages))


class TermChoiceField(forms.ModelChoiceField):
    """Chooses a taxonomy term by its slug, so filter URLs stay readable and stable."""

    def __init__(self, queryset, **kwargs):
        super().__init__(
            queryset, to_field_name="slug", required=False, empty_label=_("Alle"), **kwargs
        )


class ListingFilterForm(CleanTextForm):
    """GET form for listings; invalid values are ignored rather than failing the page."""

    theme = TermChoiceField(Theme.objects.all(), label=_("Thema"))
    sector = TermChoiceField(Sector.objects.all(), label=_("Sector"))

    # Field name -> queryset lookup; a value of None means the subclass filters it itself.
    lookups = {"theme": "themes", "sector": "sectors"}

    def filter(self, queryset):
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        for name, lookup in self.lookups.items():
            value = data.get(name)
            if value not in (None, "") and lookup:
                queryset = queryset.filter(**{lookup: value})
        # One join per many-to-many filter matches each page at most once: no distinct() needed.
        return queryset

    @property
    def is_filtered(self):
        return any(self.data.get(name) for name in self.fields)


class FilteredListingMixin:
    """An index page that lists items with a filter form and pagination.

    Subclasses name the context variable and supply the unfiltered queryset and the form class
    (a method, because the forms import the models that use this mixin).
    """

    listing_context_name = "items"

    def get_listing_queryset(self):
        raise NotImplementedError

    def get_filter_form_class(self):
        raise NotImplementedError

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        form = self.get_filter_form_class()(request.GET)
        context["filter_form"] = form
        context[self.listing_context_name] = paginate(
            request, form.filter(self.get_listing_queryset())
        )
        return context


def choice_field(choices, label):
    return forms.ChoiceField(choices=[("", _("Alle")), *choices], required=False, label=label)
