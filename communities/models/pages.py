"""Community pages: the overview, the leergemeenschap itself and the roles people play in it."""

from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from modelcluster.fields import ParentalKey
from wagtail import hooks
from wagtail.admin.forms.pages import CopyForm
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    PageChooserPanel,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable
from wagtail.search import index

from home.caching import cached
from home.knowledge import KnowledgePageMixin
from home.listing import FilteredListingMixin, paginate
from home.models import BasePage, ClassificationMixin
from home.page_tree import SubpagesChooseParentMixin
from home.sections import SectionPageMixin

from ..role_people import CommunityEditorForm
from ..roles import RESULTS_WORKFLOW


class CommunityForm(models.TextChoices):
    STRUCTURE = "structuurmodel", _("Structuurmodel")
    PROCESS = "procesmodel", _("Procesmodel")
    ACTIVITY = "activiteitenmodel", _("Activiteitenmodel")


class CommunityStatus(models.TextChoices):
    FORMING = "in_oprichting", _("In oprichting")
    ACTIVE = "actief", _("Actief")
    CONCLUDED = "afgerond", _("Afgerond")


class MeetingFormat(models.TextChoices):
    PHYSICAL = "fysiek", _("Fysiek")
    ONLINE = "online", _("Online")
    BLENDED = "blended", _("Blended")


class CommunityRoleType(models.TextChoices):
    MODERATOR = "moderator", _("Moderator")
    INITIATOR = "initiatiefnemer", _("Initiatiefnemer")
    COORDINATOR = "coordinator", _("Coördinator")
    ICT_COACH = "ict_coach", _("ICT-coach")
    CONNECTOR = "spin_in_het_web", _("Spin in het web")
    MEMBER = "lid", _("Lid")
    EXTERNAL_EXPERT = "externe_deskundige", _("Externe deskundige")


class CommunityIndexPage(SectionPageMixin, FilteredListingMixin, BasePage):
    template = "pages/community_index_page.html"
    page_description = _(
        "Het overzicht van alle leergemeenschappen, te filteren op thema, sector, regio en status."
    )
    max_count = 1
    parent_page_types = ["home.HomePage"]
    subpage_types = ["communities.CommunityPage"]
    listing_context_name = "communities"

    section_key = "communities"
    section_title = gettext_noop("Leergemeenschappen")
    section_slug = "leergemeenschappen"
    section_intro = (
        "Groepen professionals die samen kennis delen en ontwikkelen rond een vraag of thema."
    )
    section_order = 10
    # Communities and their results go live after the editors' review (workspaces opt out).
    review_workflow = RESULTS_WORKFLOW

    class Meta:
        verbose_name = _("overzicht leergemeenschappen")
        verbose_name_plural = _("overzichten leergemeenschappen")

    def get_listing_queryset(self):
        return (
            # Every community is a child of this page: there is one (max_count) and it is their
            # only allowed parent. A path filter would only slow the query down.
            CommunityPage.objects.live()
            .public()
            .select_related("region")
            .with_listing_images()
            .prefetch_related("themes", "sectors")
            .order_by("title")
        )

    def get_filter_form_class(self):
        from ..forms import CommunityFilterForm

        return CommunityFilterForm


# How many practice examples, tools and events a community page shows before "show all".
RESULTS_SHOWN = 6


class FirstFew:
    """The first `count` rows of the queryset `listing()` builds, and whether it has more, read
    when first used: a template part that is stored already never asks, nor builds the query."""

    def __init__(self, listing, count=RESULTS_SHOWN):
        self.listing = listing
        self.count = count

    @cached_property
    def rows(self):
        # One more than shown tells whether to link to the full list, without counting.
        return list(self.listing()[: self.count + 1])

    def __iter__(self):
        return iter(self.rows[: self.count])

    def __bool__(self):
        return bool(self.rows)

    @property
    def more(self):
        return len(self.rows) > self.count


class CommunityCopyForm(CopyForm):
    """Copies a community without its subpages.

    Its results belong to the original, and its workspace holds a private, unreviewed area for
    the original's members, which a copy would hand to a new group.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.pop("copy_subpages", None)


class CommunityPage(
    RoutablePageMixin,
    SubpagesChooseParentMixin,
    KnowledgePageMixin,
    ClassificationMixin,
    BasePage,
):
    """A leergemeenschap: a group of professionals around one question or theme."""

    template = "pages/community_page.html"
    page_description = _(
        "Een leergemeenschap: wie erin zitten, hun centrale vraag, hoe ze werken en wat ze "
        "opleveren. De moderator beschrijft de eigen gemeenschap."
    )
    stored_parts = True
    parent_page_types = ["communities.CommunityIndexPage"]
    # Subpages: its results (practice examples, tools) and its workspace, which name this type
    # as their parent.

    knowledge_key = "community"
    knowledge_order = 10
    knowledge_date_field = None
    knowledge_community_field = "self"
    snippet_fields = ("intro", "central_question", "shared_goal")
    # A card falls back on the central question and is labelled with the status.
    card_fields = (*BasePage.card_fields, "central_question", "status")

    central_question = models.TextField(
        _("centrale vraag of thema"),
        help_text=_("De vraag of het thema waar de leden samen aan werken."),
    )
    shared_goal = models.TextField(
        _("gezamenlijk doel"),
        blank=True,
        help_text=_(
            "Wat de leden samen willen bereiken; een leergemeenschap stopt als dit bereikt is."
        ),
    )
    form = models.CharField(
        _("vorm"),
        max_length=20,
        choices=CommunityForm.choices,
        default=CommunityForm.STRUCTURE,
        help_text=_(
            "Structuurmodel: rond een vraag, met begin en eind. Procesmodel: rond een doorlopend "
            "proces. Activiteitenmodel: rond een gezamenlijke activiteit."
        ),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=CommunityStatus.choices,
        default=CommunityStatus.ACTIVE,
    )
    concluded_on = models.DateField(
        _("afgerond op"), null=True, blank=True, help_text=_("Alleen bij status 'Afgerond'.")
    )
    goal_outcome = models.TextField(
        _("wat het doel opleverde"),
        blank=True,
        help_text=_("Alleen bij status 'Afgerond': wat is er van het doel terechtgekomen?"),
    )
    region = models.ForeignKey(
        "home.Region",
        verbose_name=_("regio"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="communities",
    )
    meeting_format = models.CharField(
        _("manier van bijeenkomen"),
        max_length=20,
        choices=MeetingFormat.choices,
        default=MeetingFormat.BLENDED,
    )
    meeting_rhythm = models.CharField(
        _("ritme"),
        max_length=200,
        blank=True,
        help_text=_("Bijvoorbeeld: elke zes weken, afwisselend fysiek en online."),
    )
    how_to_join = RichTextField(
        _("zo doe je mee"), blank=True, features=["bold", "italic", "link", "ul", "ol"]
    )
    contact_name = models.CharField(_("contactpersoon"), max_length=200, blank=True)
    contact_email = models.EmailField(_("e-mailadres voor contact"), blank=True)
    # Created and kept in step by communities.roles when the page is saved; never edited by hand.
    moderators_group = models.OneToOneField(
        "auth.Group",
        verbose_name=_("groep moderatoren"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="moderated_community",
    )
    members_group = models.OneToOneField(
        "auth.Group",
        verbose_name=_("groep leden"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="member_community",
    )
    # The workspace's documents: a collection only the community's groups and the editors may
    # open (communities.roles); kept in step with the groups, never edited by hand.
    workspace_collection = models.OneToOneField(
        "wagtailcore.Collection",
        verbose_name=_("collectie van de werkruimte"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="community",
    )

    search_fields = [
        *BasePage.search_fields,
        # What the community is about, weighed as its summary (BasePage's intro).
        index.SearchField("central_question", boost=1.5),
        index.SearchField("shared_goal"),
        index.SearchField("goal_outcome"),
        index.FilterField("form"),
        index.FilterField("status"),
        index.FilterField("meeting_format"),
        index.FilterField("region"),
        *ClassificationMixin.classification_search_fields,
    ]

    content_panels = [
        *BasePage.lead_panels,
        FieldPanel("central_question"),
        FieldPanel("shared_goal"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("form"), FieldPanel("status")]),
                FieldPanel("concluded_on"),
                FieldPanel("goal_outcome"),
                InlinePanel("harvest", label=_("Oogst")),
            ],
            heading=_("Vorm en status"),
        ),
        *ClassificationMixin.classification_panels,
        FieldPanel("region"),
        MultiFieldPanel(
            [FieldPanel("meeting_format"), FieldPanel("meeting_rhythm")],
            heading=_("Bijeenkomen"),
        ),
        InlinePanel("roles", label=_("Rollen")),
        FieldPanel("how_to_join"),
        FieldRowPanel([FieldPanel("contact_name"), FieldPanel("contact_email")]),
        FieldPanel("body"),
    ]

    # A copy gets groups and a collection of its own from communities.signal_handlers.
    exclude_fields_in_copy = ["moderators_group", "members_group", "workspace_collection"]
    copy_form_class = CommunityCopyForm
    base_form_class = CommunityEditorForm

    class Meta:
        verbose_name = _("leergemeenschap")
        verbose_name_plural = _("leergemeenschappen")

    def clean(self):
        super().clean()
        errors = {}
        if self.status != CommunityStatus.CONCLUDED:
            if self.concluded_on:
                errors["concluded_on"] = _("Vul dit alleen in als de leergemeenschap is afgerond.")
            if self.goal_outcome:
                errors["goal_outcome"] = _("Vul dit alleen in als de leergemeenschap is afgerond.")
        if errors:
            raise ValidationError(errors)

    def with_content_json(self, content):
        # The groups belong to the stored page, not to a revision: publishing an older revision
        # must not hand the community to other groups, or to none. Its collection likewise.
        page = super().with_content_json(content)
        page.moderators_group_id = self.moderators_group_id
        page.members_group_id = self.members_group_id
        page.workspace_collection_id = self.workspace_collection_id
        return page

    def get_workspace_for(self, request):
        """The community's workspace when this visitor may enter it, else None."""
        from .workspace import WorkspacePage

        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        workspace = WorkspacePage.objects.child_of(self).live().first()
        if workspace is None:
            return None
        restrictions = workspace.get_view_restrictions()
        return workspace if all(r.accept_request(request) for r in restrictions) else None

    @property
    def accepts_members(self):
        return self.status != CommunityStatus.CONCLUDED

    @path("aanmelden/", name="join")
    def join(self, request):
        from ..views import join_community

        return join_community(request, self)

    # The community's events at <page URL>agenda.ics; Wagtail adds the slash (resources.feeds).
    @path("agenda.ics/", name="calendar")
    def calendar(self, request):
        """The calendar of the `serve_community_calendar` hook, which the app of the events
        registers: functions that receive the request and the community, and return the
        response or None."""
        for fn in hooks.get_hooks("serve_community_calendar"):
            response = fn(request, self)
            if response is not None:
                return response
        raise Http404

    @property
    def is_concluded(self):
        return self.status == CommunityStatus.CONCLUDED

    # Its practice examples, tools and events come through the reverse relations of their
    # `community` field (resources.CommunityResultMixin), whose managers are the portal's.

    def practice_examples(self):
        return (
            self.practiceexamplepage_set.live()
            .public()
            .with_listing_images()
            .order_by("-first_published_at", "pk")
        )

    def tools(self):
        return self.toolpage_set.live().public().with_listing_images().order_by("title", "pk")

    def upcoming_event_ids(self):
        """The ids of this community's events that have not ended yet, soonest first.

        Its events to come are stored until content changes, each with the time it ends (or
        starts, without an end); those ended since are left out here. A new event is published
        content, so a stored list never misses one.
        """
        now = timezone.now()
        events = cached(
            f"community-upcoming-events:{self.pk}",
            lambda: [
                (pk, end or start)
                for pk, start, end in self.eventpage_set.live()
                .public()
                .upcoming()
                .order_by("start", "pk")
                .values_list("pk", "start", "end")
            ],
        )
        return [pk for pk, finish in events if finish >= now]

    def events_for_cards(self, ids):
        """The events of `ids`, in that order, as an agenda shows them."""
        events = self.eventpage_set.for_cards().in_bulk(ids)
        return [events[pk] for pk in ids if pk in events]

    def harvestable_results(self):
        """The published practice examples and tools of this community: what a harvest holds."""
        return [*self.practice_examples(), *self.tools()]

    def published_harvest(self):
        """The harvest as visitors see it: items whose page is live and public, in order."""
        items = list(self.harvest.all())
        ids = [item.result_id for item in items]
        # Through the models, not the reverse managers: an item stays in the harvest when its
        # result has moved to another community since.
        pages = {}
        for model in (self.practiceexamplepage_set.model, self.toolpage_set.model):
            pages.update(model.objects.live().public().with_listing_images().in_bulk(ids))
        return [(pages[item.result_id], item.note) for item in items if item.result_id in pages]

    def get_context(self, request, *args, **kwargs):
        from ..monitor.aggregates import community_monitor
        from ..monitor.periods import current_period

        context = super().get_context(request, *args, **kwargs)
        context["roles"] = SimpleLazyObject(
            lambda: list(self.roles.select_related("person__organisation"))
        )
        # The most recent few of each: a community with years of results would otherwise render
        # them all on one page. Its full lists are sub-pages (see the routes below).
        context["practice_examples"] = FirstFew(lambda: self.practice_examples().for_cards())
        context["tools"] = FirstFew(lambda: self.tools().for_cards())
        # Which events are still to come changes with time: they name their stored part.
        event_ids = self.upcoming_event_ids()[:RESULTS_SHOWN]
        context["event_ids"] = ",".join(map(str, event_ids))
        context["events"] = SimpleLazyObject(lambda: self.events_for_cards(event_ids))
        context["workspace"] = self.get_workspace_for(request)
        context["harvest"] = SimpleLazyObject(
            lambda: self.published_harvest() if self.is_concluded else []
        )
        context["stories"] = SimpleLazyObject(
            lambda: list(
                self.stories.live()
                .public()
                .with_listing_images()
                .for_cards()
                .order_by("-date")[:3]
            )
        )
        # The building-block monitor's summary: its latest means shown as a chart, which
        # changes with the quarter.
        context["monitor"] = SimpleLazyObject(lambda: community_monitor(self))
        context["quarter"] = current_period()
        # What the apps above add, such as how often its results were used (resources): the
        # `construct_community_page_context` hook, functions that receive the page, the
        # request and the context.
        for fn in hooks.get_hooks("construct_community_page_context"):
            fn(self, request, context)
        return context

    @path("bouwstenen/", name="monitor")
    def monitor_page(self, request):
        from ..monitor.views import monitor_page

        return monitor_page(request, self)

    @path("bouwstenen/invullen/", name="monitor_score")
    def monitor_score(self, request):
        from ..monitor.views import score_page

        return score_page(request, self)

    @path("praktijkvoorbeelden/", name="practice_examples")
    def all_practice_examples(self, request):
        return self._results(request, self.practice_examples(), _("Praktijkvoorbeelden"))

    @path("instrumenten/", name="tools")
    def all_tools(self, request):
        return self._results(request, self.tools(), _("Instrumenten"))

    def _results(self, request, results, heading):
        return TemplateResponse(
            request,
            "pages/community_results.html",
            {
                "page": self,
                "self": self,
                "heading": heading,
                "results": paginate(request, results),
            },
        )


class CommunityRole(Orderable):
    page = ParentalKey(CommunityPage, on_delete=models.CASCADE, related_name="roles")
    person = models.ForeignKey(
        "communities.Person",
        verbose_name=_("persoon"),
        on_delete=models.CASCADE,
        related_name="community_roles",
    )
    role = models.CharField(_("rol"), max_length=30, choices=CommunityRoleType.choices)

    panels = [FieldPanel("person"), FieldPanel("role")]

    class Meta(Orderable.Meta):
        verbose_name = _("rol")
        verbose_name_plural = _("rollen")

    def __str__(self):
        return f"{self.person.name}: {self.get_role_display()}"


class HarvestItem(Orderable):
    """A practice example or tool that makes up what a concluded community leaves behind."""

    page = ParentalKey(CommunityPage, on_delete=models.CASCADE, related_name="harvest")
    result = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("praktijkvoorbeeld of instrument"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    note = models.CharField(_("waarom dit bij de oogst hoort"), max_length=255, blank=True)

    panels = [
        PageChooserPanel("result", ["resources.PracticeExamplePage", "resources.ToolPage"]),
        FieldPanel("note"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("oogst")
        verbose_name_plural = _("oogst")

    def __str__(self):
        return self.result.title
