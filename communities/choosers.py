"""The people chooser: pick several people for a page, the people of its community first.

A page about a community's work (such as a practice example) names the people involved. Its
editor offers them through Wagtail's chooser modal, searchable by name and organisation, with
the community's own people at the top. Whom it offers follows the rule of the community's own
roles (role_people): a moderator sees their community's people and those who agreed to be
listed in *Wie weet wat*; the editors see everyone.
"""

from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, Value
from django.forms.utils import flatatt
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.staticfiles import versioned_static
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import chooser as chooser_views
from wagtail.admin.viewsets.chooser import ChooserViewSet
from wagtail.admin.widgets.chooser import BaseChooser
from wagtail.permission_policies.pages import PagePermissionPolicy

from .models import CommunityPage, CommunityRole, Person
from .role_people import people_to_choose_from
from .roles import is_editor

# The community whose people come first, by page id, in every address of the chooser.
COMMUNITY_PARAMETER = "community"


def may_choose_people(user):
    """Whoever writes pages: the editors, and moderators and members in their own part."""
    return is_editor(user) or PagePermissionPolicy().user_has_any_permission(
        user, ["add", "change"]
    )


def writes_in(user, community):
    """Whether `user` may add or edit pages in `community`: only then are its people theirs."""
    permissions = community.permissions_for_user(user)
    return permissions.can_add_subpage() or permissions.can_edit()


def community_of(page):
    """The community `page` (perhaps a new page's parent) belongs to, or None."""
    if page is None or not page.depth:
        return None
    return CommunityPage.objects.ancestor_of(page, inclusive=True).first()


def choosable_people(user, community, keep=()):
    """The people `user` may choose, with `own` set on those of `community` (may be None), and
    the people in `keep` (those a page already names) whatever the rule."""
    if community is not None:
        people = people_to_choose_from(user, community)
        own = Exists(CommunityRole.objects.filter(page_id=community.pk, person=OuterRef("pk")))
    else:
        people = (
            Person.objects.all()
            if is_editor(user)
            else Person.objects.filter(consent_to_contact=True)
        )
        own = Value(False)
    if keep:
        people = Person.objects.filter(Q(pk__in=people.values("pk")) | Q(pk__in=keep))
    return people.annotate(own=own).select_related("organisation")


def offer_people(form, name):
    """Let the admin page form's field `name` offer and accept the people its user may choose
    for the page's community, and keep those the page already names.

    The chooser only lists those people, and a person sent from outside them is an invalid
    choice, as in the community's roles.
    """
    field = form.fields.get(name)
    user = getattr(form, "for_user", None)
    if field is None or user is None:
        return
    page = form.parent_page if form.instance.pk is None else form.instance
    community = community_of(page)
    if community is not None and not writes_in(user, community):
        community = None
    held = [getattr(person, "pk", person) for person in form.initial.get(name) or ()]
    field.queryset = choosable_people(user, community, keep=held)
    field.widget.community = community
    # A form sent back with errors lists the ids it was sent: only those the user may choose
    # are named, so no one finds a person's name by trying ids.
    field.widget.queryset = field.queryset


# The chooser's views ---------------------------------------------------------------------------


class PeopleFilterForm(BaseFilterForm):
    """Search by name or organisation, in the database.

    Not through the search backend: it only holds the people who agreed to be listed
    (Person.get_indexed_objects), and a community's own people need not have.
    """

    q = forms.CharField(
        label=_("Zoekterm"),
        widget=forms.TextInput(attrs={"placeholder": _("Naam of organisatie")}),
        required=False,
    )

    def filter(self, objects):
        query = self.cleaned_data.get("q", "").strip()
        if query:
            objects = objects.filter(
                Q(name__icontains=query) | Q(organisation__name__icontains=query)
            )
            self.is_searching = True
            self.search_query = query
        return objects


class ChoosingPeople:
    """What every view of the chooser shares: who may use it, and whom it offers."""

    def dispatch(self, request, *args, **kwargs):
        if not may_choose_people(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def community(self):
        """The community named in the address, if the user writes in it; else none."""
        pk = self.request.GET.get(COMMUNITY_PARAMETER, "")
        community = CommunityPage.objects.filter(pk=pk).first() if pk.isdigit() else None
        if community is None or not writes_in(self.request.user, community):
            return None
        return community

    def get_object_list(self):
        return choosable_people(self.request.user, self.community)


class ListingPeople(ChoosingPeople):
    """The list in the modal: the community's own people first, each marked as such."""

    filter_form_class = PeopleFilterForm
    ordering = ("-own", "name", "pk")

    @property
    def columns(self):
        return [
            *super().columns,
            Column(
                "own",
                label=_("In deze leergemeenschap"),
                accessor=lambda person: _("ja") if person.own else "",
            ),
        ]


class PeopleChooseView(ListingPeople, chooser_views.ChooseView):
    pass


class PeopleChooseResultsView(ListingPeople, chooser_views.ChooseResultsView):
    pass


class PeopleChosenView(ChoosingPeople, chooser_views.ChosenView):
    """Names a chosen person only when the chooser offers them: no guessing names by id."""

    def get_object(self, pk):
        if not str(pk).isdigit():
            raise Person.DoesNotExist
        return self.get_object_list().get(pk=pk)


class PeopleChosenMultipleView(ChoosingPeople, chooser_views.ChosenMultipleView):
    def get_objects(self, pks):
        return self.get_object_list().filter(pk__in=[pk for pk in pks if pk.isdigit()])


# The widget ----------------------------------------------------------------------------------


class MultipleChooser(BaseChooser):
    """A chooser that holds several items: each chosen one is listed with a button that
    removes it, and Wagtail's chooser modal, opened in its multiple mode, adds more.

    Wagtail's own choosers hold one item; its MultipleChooserPanel needs an inline model,
    which a many-to-many field is not. The community whose people come first is set by the
    form (offer_people).
    """

    template_name = "communities/admin/widgets/multiple_chooser.html"
    js_constructor = "MultipleChooser"
    remove_text = pgettext_lazy("take off the list of chosen items", "Verwijderen")
    community = None
    queryset = None

    def value_from_datadict(self, data, files, name):
        getlist = getattr(data, "getlist", None)
        return getlist(name) if getlist is not None else data.get(name)

    def value_omitted_from_data(self, data, files, name):
        # As for Django's multiple select: no value sent is an empty choice, not a missing one.
        return False

    def get_chooser_modal_url(self):
        url = reverse(self.chooser_modal_url_name)
        if self.community is not None:
            url = f"{url}?{urlencode({COMMUNITY_PARAMETER: self.community.pk})}"
        return url

    def get_queryset(self):
        """The items the widget may name: those offer_people set, none without it."""
        return self.queryset if self.queryset is not None else self.model_class.objects.none()

    def chosen_items(self, value):
        """The chosen items in the order given, each as {"id", "title"}."""
        ids = [getattr(item, "pk", item) for item in value or () if item not in ("", None)]
        found = self.get_queryset().in_bulk([pk for pk in ids if str(pk).isdigit()])
        items = []
        for pk in ids:
            instance = found.get(int(pk)) if str(pk).isdigit() else None
            if instance is not None:
                items.append({"id": instance.pk, "title": self.get_display_title(instance)})
        return items

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        if "id" not in attrs:
            raise TypeError("MultipleChooser cannot be rendered without an 'id' attribute")
        html = render_to_string(
            self.template_name,
            {
                "widget": self,
                "name": name,
                "attrs": attrs,
                "wrapper_attrs": flatatt({"id": f"{attrs['id']}-chooser"}),
                "items": self.chosen_items(value),
                "chooser_url": self.get_chooser_modal_url(),
            },
        )
        js = self.render_js_init(attrs["id"], name, None)
        # The template escapes every title; the script holds only JSON.
        return mark_safe(f"{html}<script>{js}</script>")

    @cached_property
    def media(self):
        return forms.Media(
            js=[
                versioned_static("wagtailadmin/js/modal-workflow.js"),
                versioned_static("wagtailadmin/js/chooser-modal.js"),
                "communities/js/multiple-chooser.js",
            ]
        )


class MultiplePeopleChooser(MultipleChooser):
    def get_queryset(self):
        # Each person is shown with their organisation.
        return super().get_queryset().select_related("organisation")


class PeopleChooserViewSet(ChooserViewSet):
    model = Person
    icon = "user"
    choose_one_text = _("Personen kiezen")
    page_title = _("Betrokkenen kiezen")
    search_tab_label = _("Zoeken")
    per_page = 20
    preserve_url_parameters = ["multiple", COMMUNITY_PARAMETER]
    # Not the widget of every foreign key to a person: a community's roles choose from a list
    # limited per form (role_people).
    register_widget = False
    base_widget_class = MultiplePeopleChooser

    choose_view_class = PeopleChooseView
    choose_results_view_class = PeopleChooseResultsView
    chosen_view_class = PeopleChosenView
    chosen_multiple_view_class = PeopleChosenMultipleView


people_chooser_viewset = PeopleChooserViewSet("people_chooser", url_prefix="personen-kiezen")
PeopleChooser = people_chooser_viewset.widget_class
