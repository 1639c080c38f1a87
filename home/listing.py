"""The shared parts of listing pages: a filter form on themes and sectors, and pagination."""

from django import forms
from django.core.paginator import Paginator
from django.utils.translation import gettext_lazy as _

from .abuse import CleanTextForm
from .caching import note_query
from .models import Sector, Theme

PAGE_SIZE = 12


def paginate(request, queryset, per_page=PAGE_SIZE):
    """One page of results; a malformed or out-of-range number gives the first or last page."""
    paginator = Paginator(queryset, per_page)
    asked = request.GET.get("pagina", "")
    try:
        number = int(asked or 1)
    except (TypeError, ValueError):
        number = 1
    page = paginator.page(min(max(number, 1), paginator.num_pages))
    # Only the numbers of pages that exist, written plainly, are worth storing.
    note_query(request, {"pagina": str(page.number) if asked else ""})
    return page


class TermChoiceField(forms.ModelChoiceField):
    """Chooses a taxonomy term by its slug, so filter URLs stay readable and stable."""

    def __init__(self, queryset, **kwargs):
        super().__init__(
            queryset, to_field_name="slug", required=False, empty_label=_("Alle"), **kwargs
        )

    def label_from_instance(self, obj):
        # In the visitor's language where the term has a name in it; the option says which.
        return obj.localized_name


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

    def accepted_query(self):
        """Each field's accepted value as the page cache wants it (home.caching.note_query).

        A choice is kept in the spelling its field gives it; an invalid one counts as none.
        Free text is noted only when empty: every other value of it is a page of its own, and
        storing those would let anyone fill the cache.
        """
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        accepted = {}
        for name, field in self.fields.items():
            value = cleaned.get(name)
            if isinstance(field, forms.ChoiceField):
                accepted[name] = "" if value in (None, "") else str(field.prepare_value(value))
            elif value in (None, ""):
                accepted[name] = ""
        return accepted


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
        note_query(request, form.accepted_query())
        return context


def choice_field(choices, label):
    return forms.ChoiceField(choices=[("", _("Alle")), *choices], required=False, label=label)
