"""What communities and editors publish: practice examples, tools, stories and events, and
the visitors' reports that they used a result."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch, prefetch_related_objects
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable
from wagtail.search import index

from communities.choosers import PeopleChooser, offer_people
from communities.models import CommunityPage, MeetingFormat, Person
from communities.roles import EDITORIAL_WORKFLOW
from home.knowledge import KnowledgePageMixin
from home.listing import FilteredListingMixin
from home.models import (
    BasePage,
    BasePageForm,
    ClassificationMixin,
    PortalPageManager,
    PortalPageQuerySet,
)
from home.sections import SectionPageMixin

# How many of its community's other results a result's page shows below it.
MORE_FROM_COMMUNITY = 3

RICH_TEXT_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul", "h3", "h4"]


class CommunityResultMixin(models.Model):
    """Links a result to the community it came from; kept in step with the page tree on save."""

    community = models.ForeignKey(
        "communities.CommunityPage",
        verbose_name=_("leergemeenschap"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        # community.practiceexamplepage_set and so on: how the community page, in the app
        # below this one, finds its results without importing them.
        related_name="%(class)s_set",
        help_text=_("Wordt automatisch ingevuld als de pagina onder een leergemeenschap staat."),
    )

    # The page links back to its community, read with the page when it is served: what it
    # shows outside its stored parts (components/result_end.html) asks for it. Its own image
    # (components/lead_image.html) is in a stored part.
    serve_select_related = ("community",)
    read_ahead_related = ("listing_image",)
    card_fields = (*BasePage.card_fields, "community")

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        parent_community = CommunityPage.objects.ancestor_of(self).first() if self.depth else None
        if parent_community is not None:
            self.community = parent_community
        super().save(*args, **kwargs)

    def _current_community(self):
        community = self.community
        return community if community is not None and community.is_current else None

    def community_next_event_id(self):
        """The id of the community's next event other than this page, or None: from the stored
        list of its events to come, so without a query once stored."""
        community = self._current_community()
        upcoming = community.upcoming_event_ids() if community else []
        return next((pk for pk in upcoming if pk != self.pk), None)

    def community_next_events(self):
        """The community's next event as an agenda shows it, in a list; empty without one."""
        event_id = self.community_next_event_id()
        return self.community.events_for_cards([event_id]) if event_id else []

    def more_from_community(self):
        """The community's other published practice examples and tools, newest first, as
        cards show them: what a visitor reads next after this one."""
        community = self._current_community()
        if community is None:
            return []
        others = [
            page
            for results in (community.practice_examples(), community.tools())
            for page in results.exclude(pk=self.pk)
            .for_cards()
            .order_by("-first_published_at", "pk")[:MORE_FROM_COMMUNITY]
        ]
        # A page an import created live has no first publication: it sorts last.
        others.sort(
            key=lambda page: (
                page.first_published_at.timestamp() if page.first_published_at else 0,
                -page.pk,
            ),
            reverse=True,
        )
        return others[:MORE_FROM_COMMUNITY]


class ReusableMixin:
    """A result visitors can say they used ("Ik heb dit gebruikt", resources.reuse): its page
    shows how often, the newest approved notes, and whether this browser said so."""

    def get_context(self, request, *args, **kwargs):
        from .reuse import reported_page_ids, reuse_summary

        context = super().get_context(request, *args, **kwargs)
        # Outside the page's stored parts: the count changes without the content changing.
        context["reuse"] = reuse_summary(self)
        context["reused_here"] = self.pk in reported_page_ids(request)
        return context


class PageDocument(Orderable):
    """A downloadable document attached to a page, in the editor's order."""

    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [FieldPanel("document")]

    class Meta(Orderable.Meta):
        abstract = True


class PracticeExamplePageForm(BasePageForm):
    """The practice example's editor: it offers as people involved those its author may choose,
    the community's own first (communities.choosers)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        offer_people(self, "people_involved")


class PracticeExamplePage(
    ReusableMixin, CommunityResultMixin, KnowledgePageMixin, ClassificationMixin, BasePage
):
    """A praktijkvoorbeeld: what a community did, how, and what others can learn from it."""

    template = "pages/practice_example_page.html"
    page_description = _(
        "Een resultaat uit de praktijk: de aanleiding, wat de leergemeenschap deed en wat het "
        "opleverde. De redactie beoordeelt het voordat het online staat."
    )
    stored_parts = True
    parent_page_types = ["communities.CommunityPage"]
    subpage_types = []
    base_form_class = PracticeExamplePageForm

    knowledge_key = "practice_example"
    knowledge_order = 20
    knowledge_date_field = None
    knowledge_community_field = "community"
    snippet_fields = ("intro", "background", "approach", "results", "lessons_learned")

    background = RichTextField(_("context"), blank=True, features=RICH_TEXT_FEATURES)
    approach = RichTextField(_("aanpak"), blank=True, features=RICH_TEXT_FEATURES)
    results = RichTextField(_("resultaten"), blank=True, features=RICH_TEXT_FEATURES)
    lessons_learned = RichTextField(_("geleerde lessen"), blank=True, features=RICH_TEXT_FEATURES)
    people_involved = ParentalManyToManyField(
        "communities.Person",
        verbose_name=_("betrokkenen"),
        blank=True,
        related_name="practice_examples",
    )

    search_fields = [
        *BasePage.search_fields,
        index.SearchField("background"),
        index.SearchField("approach"),
        index.SearchField("results"),
        index.SearchField("lessons_learned"),
        index.FilterField("community"),
        *ClassificationMixin.classification_search_fields,
    ]

    content_panels = [
        *BasePage.lead_panels,
        FieldPanel("background"),
        FieldPanel("approach"),
        FieldPanel("results"),
        FieldPanel("lessons_learned"),
        FieldPanel("body"),
        InlinePanel("attachments", label=_("Bijlagen")),
        # Searchable, the community's own people first, only those the author may choose.
        FieldPanel("people_involved", widget=PeopleChooser),
        *ClassificationMixin.classification_panels,
    ]

    class Meta:
        verbose_name = _("praktijkvoorbeeld")
        verbose_name_plural = _("praktijkvoorbeelden")

    def read_ahead(self):
        # The page lists each attachment's document and each person's organisation: one query
        # for each list instead of one more per item. (A new page's preview has nothing stored.)
        if self.pk is not None:
            prefetch_related_objects(
                [self],
                Prefetch(
                    "attachments",
                    queryset=PracticeExampleAttachment.objects.select_related("document"),
                ),
                Prefetch(
                    "people_involved", queryset=Person.objects.select_related("organisation")
                ),
            )
        super().read_ahead()


class PracticeExampleAttachment(PageDocument):
    page = ParentalKey(PracticeExamplePage, on_delete=models.CASCADE, related_name="attachments")


class ToolPhase(models.TextChoices):
    DEVELOP = "ontwikkelen", _("Ontwikkelen en inrichten")
    SUSTAIN = "verduurzamen", _("Verduurzamen en opschalen")
    EVALUATE = "evalueren", _("Evalueren")


class ToolIndexPage(SectionPageMixin, FilteredListingMixin, BasePage):
    template = "pages/tool_index_page.html"
    page_description = _(
        "Het overzicht van alle instrumenten, zoals gesprekskaarten, kijkwijzers en handreikingen."
    )
    max_count = 1
    parent_page_types = ["home.HomePage"]
    subpage_types = ["resources.ToolPage"]
    listing_context_name = "tools"

    section_key = "tools"
    section_title = gettext_noop("Instrumenten")
    section_slug = "instrumenten"
    section_intro = (
        "Instrumenten om leergemeenschappen op te zetten, te verduurzamen en te evalueren."
    )
    section_order = 20

    class Meta:
        verbose_name = _("overzicht instrumenten")
        verbose_name_plural = _("overzichten instrumenten")

    def get_listing_queryset(self):
        # Tools published inside communities belong to the national overview too.
        return (
            ToolPage.objects.live()
            .public()
            .select_related("community")
            .with_listing_images()
            .prefetch_related("themes", "sectors")
            .order_by("title")
        )

    def get_filter_form_class(self):
        from .forms import ToolFilterForm

        return ToolFilterForm


class ToolPage(
    ReusableMixin, CommunityResultMixin, KnowledgePageMixin, ClassificationMixin, BasePage
):
    """An instrument: a tool for developing, sustaining or evaluating a learning community."""

    template = "pages/tool_page.html"
    page_description = _(
        "Een instrument dat anderen kunnen gebruiken, zoals een gesprekskaart, kijkwijzer of "
        "handreiking: waarvoor het dient en hoe je het inzet. De redactie beoordeelt het "
        "voordat het online staat."
    )
    stored_parts = True
    parent_page_types = ["resources.ToolIndexPage", "communities.CommunityPage"]
    subpage_types = []

    knowledge_key = "tool"
    knowledge_order = 30
    knowledge_date_field = None
    knowledge_community_field = "community"
    snippet_fields = ("intro", "purpose", "how_to_use")
    # A card falls back on the purpose and is labelled with the phase.
    card_fields = (*CommunityResultMixin.card_fields, "purpose", "phase")

    purpose = models.TextField(_("doel"), help_text=_("Waarvoor gebruik je dit instrument?"))
    phase = models.CharField(
        _("fase"), max_length=20, choices=ToolPhase.choices, default=ToolPhase.DEVELOP
    )
    target_group = models.CharField(
        _("doelgroep"), max_length=200, blank=True, help_text=_("Bijvoorbeeld: moderatoren.")
    )
    how_to_use = RichTextField(_("zo gebruik je het"), blank=True, features=RICH_TEXT_FEATURES)
    licence = models.CharField(
        _("licentie"), max_length=100, blank=True, help_text=_("Bijvoorbeeld: CC BY-SA 4.0.")
    )
    version = models.CharField(_("versie"), max_length=30, blank=True)
    release_date = models.DateField(_("versiedatum"), null=True, blank=True)
    building_blocks = ParentalManyToManyField(
        "communities.BuildingBlock",
        verbose_name=_("bouwstenen"),
        blank=True,
        related_name="tools",
        help_text=_("Bij welke bouwstenen van een leergemeenschap helpt dit instrument?"),
    )

    search_fields = [
        *BasePage.search_fields,
        index.SearchField("purpose"),
        index.SearchField("how_to_use"),
        index.SearchField("target_group"),
        index.FilterField("phase"),
        index.FilterField("community"),
        *ClassificationMixin.classification_search_fields,
    ]

    content_panels = [
        *BasePage.lead_panels,
        FieldPanel("purpose"),
        FieldRowPanel([FieldPanel("phase"), FieldPanel("target_group")]),
        FieldPanel("how_to_use"),
        FieldPanel("body"),
        InlinePanel("downloads", label=_("Downloads")),
        MultiFieldPanel(
            [
                FieldPanel("licence"),
                FieldRowPanel([FieldPanel("version"), FieldPanel("release_date")]),
            ],
            heading=_("Licentie en versie"),
        ),
        FieldPanel("community"),
        FieldPanel("building_blocks", widget=forms.CheckboxSelectMultiple),
        *ClassificationMixin.classification_panels,
    ]

    class Meta:
        verbose_name = _("instrument")
        verbose_name_plural = _("instrumenten")

    def read_ahead(self):
        # The page lists each download's document: one query instead of one more per download.
        if self.pk is not None:
            prefetch_related_objects(
                [self],
                Prefetch("downloads", queryset=ToolDownload.objects.select_related("document")),
            )
        super().read_ahead()


class ToolDownload(PageDocument):
    page = ParentalKey(ToolPage, on_delete=models.CASCADE, related_name="downloads")


class StoryIndexPage(SectionPageMixin, FilteredListingMixin, BasePage):
    template = "pages/story_index_page.html"
    page_description = _(
        "Het overzicht van alle verhalen van de redactie, de nieuwste eerst, ook te volgen als "
        "RSS- of Atom-feed."
    )
    max_count = 1
    parent_page_types = ["home.HomePage"]
    subpage_types = ["resources.StoryPage"]
    listing_context_name = "stories"

    section_key = "stories"
    section_title = gettext_noop("Verhalen")
    section_slug = "verhalen"
    section_intro = "Verhalen en nieuws uit leergemeenschappen in het hele land."
    section_order = 30
    review_workflow = EDITORIAL_WORKFLOW

    class Meta:
        verbose_name = _("overzicht verhalen")
        verbose_name_plural = _("overzichten verhalen")

    def get_listing_queryset(self):
        return (
            # Every story is a child of this page, the only one of its type and their only parent.
            StoryPage.objects.live()
            .public()
            .with_listing_images()
            .prefetch_related("themes")
            .order_by("-date", "-pk")
        )

    def get_filter_form_class(self):
        from .forms import StoryFilterForm

        return StoryFilterForm


class StoryPage(KnowledgePageMixin, ClassificationMixin, BasePage):
    """A verhaal or news item written by the editors."""

    template = "pages/story_page.html"
    page_description = _(
        "Een verhaal van de redactie over een leergemeenschap, een resultaat of een "
        "ontwikkeling in het onderwijs of de cultuureducatie."
    )
    stored_parts = True
    parent_page_types = ["resources.StoryIndexPage"]
    subpage_types = []

    # Its own image, below its header, in its stored part.
    read_ahead_related = ("listing_image",)
    knowledge_key = "story"
    knowledge_order = 50
    knowledge_date_field = "date"
    knowledge_community_field = "related_communities"
    snippet_fields = ("intro",)
    card_fields = (*BasePage.card_fields, "date")

    # Indexed: the home page and the story overview show the latest stories first.
    date = models.DateField(_("publicatiedatum"), default=timezone.localdate, db_index=True)
    author = models.CharField(_("auteur"), max_length=200, blank=True)
    related_communities = ParentalManyToManyField(
        "communities.CommunityPage",
        verbose_name=_("gerelateerde leergemeenschappen"),
        blank=True,
        related_name="stories",
    )

    search_fields = [
        *BasePage.search_fields,
        index.SearchField("author"),
        index.FilterField("date"),
        *ClassificationMixin.classification_search_fields,
    ]

    content_panels = [
        *BasePage.content_panels[:1],
        FieldRowPanel([FieldPanel("date"), FieldPanel("author")]),
        *BasePage.content_panels[1:],
        FieldPanel("related_communities", widget=forms.CheckboxSelectMultiple),
        *ClassificationMixin.classification_panels,
    ]

    class Meta:
        verbose_name = _("verhaal")
        verbose_name_plural = _("verhalen")


class EventPageQuerySet(PortalPageQuerySet):
    """Upcoming and past events; an event without an end is over once it has started."""

    def upcoming(self, now=None):
        now = now or timezone.now()
        return self.alias(finish=Coalesce("end", "start")).filter(finish__gte=now)

    def past(self):
        return self.alias(finish=Coalesce("end", "start")).filter(finish__lt=timezone.now())

    def upcoming_by_start(self):
        """The upcoming events soonest first, as a sequence a Paginator or a slice reads."""
        return UpcomingEvents(self)


class UpcomingEvents:
    """Upcoming events in order of their start (then id), read as two index ranges: those
    under way, which began before now, then those still to begin.

    One query for both, `upcoming().order_by("start")`, walks the index on the start from the
    oldest event and drops every event that has ended, as many as the agenda ever held: the
    planner takes the upcoming ones to be spread evenly over time. Each part here is a range,
    of the index on the end and the start for those under way and of the index on the start
    for those still to begin, so neither reads an event that has ended.

    Sliced as a queryset is (a Paginator slices and counts it), with the parts' queries run
    on each slice; the home page's first three cost two queries and no count.
    """

    def __init__(self, queryset):
        now = timezone.now()
        queryset = queryset.upcoming(now)
        self.parts = [
            queryset.filter(start__lt=now, end__gte=now).order_by("start", "pk"),
            queryset.filter(start__gte=now).order_by("start", "pk"),
        ]
        self._counts = None

    def count(self):
        return sum(self._part_counts())

    def _part_counts(self):
        if self._counts is None:
            self._counts = [part.count() for part in self.parts]
        return self._counts

    def __len__(self):
        return self.count()

    def __iter__(self):
        for part in self.parts:
            yield from part

    def __getitem__(self, index):
        if not isinstance(index, slice) or index.step is not None:
            return list(self)[index]
        start, stop = index.start or 0, index.stop
        if start < 0 or (stop is not None and stop < 0):
            return list(self)[index]
        events = []
        for number, part in enumerate(self.parts):
            if stop is not None and stop <= start:
                break
            found = list(part[start:stop])
            events += found
            if stop is not None and start + len(found) >= stop:
                break
            # The part ran out before the slice: where it ended is known without a count,
            # unless the slice began beyond it.
            size = start + len(found) if found or not start else self._part_counts()[number]
            start, stop = max(start - size, 0), None if stop is None else stop - size
        return events


EventPageManager = PortalPageManager.from_queryset(EventPageQuerySet)


class EventIndexPage(RoutablePageMixin, SectionPageMixin, FilteredListingMixin, BasePage):
    template = "pages/event_index_page.html"
    page_description = _(
        "De agenda: alle bijeenkomsten die nog komen, ook als agenda om te volgen in een "
        "agenda-app."
    )
    max_count = 1
    parent_page_types = ["home.HomePage"]
    subpage_types = ["resources.EventPage"]
    listing_context_name = "events"

    section_key = "events"
    section_title = gettext_noop("Agenda")
    section_slug = "agenda"
    section_intro = "Bijeenkomsten, werksessies en conferenties, komend en geweest."
    section_order = 40
    review_workflow = EDITORIAL_WORKFLOW

    class Meta:
        verbose_name = _("agenda")
        verbose_name_plural = _("agenda's")

    def get_listing_queryset(self):
        return (
            # Every event is a child of this page, the only one of its type and their only parent.
            EventPage.objects.live().public().select_related("community", "listing_image")
        )

    def get_filter_form_class(self):
        from .forms import EventFilterForm

        return EventFilterForm

    # Served at <page URL>agenda.ics; Wagtail adds the slash (see resources.feeds).
    @path("agenda.ics/", name="calendar")
    def calendar(self, request):
        from .feeds import all_events_calendar

        return all_events_calendar(request, self)


class EventPage(
    RoutablePageMixin, CommunityResultMixin, KnowledgePageMixin, ClassificationMixin, BasePage
):
    """A bijeenkomst: a meeting, work session or conference."""

    template = "pages/event_page.html"
    page_description = _(
        "Een bijeenkomst met datum, tijd en plaats of online, zoals een werksessie, webinar "
        "of conferentie."
    )
    parent_page_types = ["resources.EventIndexPage"]
    subpage_types = []

    knowledge_key = "event"
    knowledge_order = 60
    knowledge_date_field = "start"
    knowledge_community_field = "community"
    snippet_fields = ("intro", "location")
    # Lists of events show when, how and where (components/event_list.html).
    card_fields = (*CommunityResultMixin.card_fields, "start", "end", "format", "location")
    # Its page stores no parts: its own image is read with the page when it is served.
    serve_select_related = (*CommunityResultMixin.serve_select_related, "listing_image")
    read_ahead_related = ()

    # Indexed: every event list is in order of the start.
    start = models.DateTimeField(_("begin"), db_index=True)
    end = models.DateTimeField(_("einde"), null=True, blank=True)
    format = models.CharField(
        _("vorm"), max_length=20, choices=MeetingFormat.choices, default=MeetingFormat.PHYSICAL
    )
    location = models.CharField(
        _("locatie"), max_length=255, blank=True, help_text=_("Adres of naam van de locatie.")
    )
    online_url = models.URLField(_("link voor online deelname"), blank=True)
    registration_url = models.URLField(_("link om je aan te melden"), blank=True)

    objects = EventPageManager()

    search_fields = [
        *BasePage.search_fields,
        index.SearchField("location"),
        index.FilterField("start"),
        index.FilterField("community"),
        *ClassificationMixin.classification_search_fields,
    ]

    content_panels = [
        *BasePage.lead_panels,
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
                FieldPanel("format"),
                FieldPanel("location"),
                FieldPanel("online_url"),
                FieldPanel("registration_url"),
            ],
            heading=_("Wanneer en waar"),
        ),
        FieldPanel("body"),
        FieldPanel("community"),
        *ClassificationMixin.classification_panels,
    ]

    class Meta:
        verbose_name = _("bijeenkomst")
        verbose_name_plural = _("bijeenkomsten")
        indexes = [
            # The events under way (UpcomingEvents): a range of the end, the start checked in
            # the index itself.
            models.Index(fields=["end", "start"], name="resources_event_end_start"),
        ]

    def clean(self):
        super().clean()
        errors = {}
        if self.start and self.end and self.end < self.start:
            errors["end"] = _("Het einde ligt voor het begin.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_past(self):
        return (self.end or self.start) < timezone.now()

    # "Zet in je agenda": served at <page URL>agenda.ics; Wagtail adds the slash.
    @path("agenda.ics/", name="calendar")
    def calendar(self, request):
        from .feeds import event_calendar

        return event_calendar(request, self)


class ReuseStatus(models.TextChoices):
    PENDING = "pending", _("wacht op beoordeling")
    APPROVED = "approved", _("goedgekeurd")
    REJECTED = "rejected", _("afgewezen")


class ReuseReport(models.Model):
    """Someone saying they used a practice example or a tool ("Ik heb dit gebruikt"), with an
    optional line on how and where.

    Counted unless rejected; the note is shown only once a moderator approved it. No IP address
    is stored: the rate limits count in the cache (home.abuse).
    """

    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("resultaat"),
        on_delete=models.CASCADE,
        related_name="reuse_reports",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reuse_reports",
    )
    note = models.CharField(_("toelichting"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ReuseStatus.choices, default=ReuseStatus.PENDING
    )
    created_at = models.DateTimeField(_("gemeld op"), default=timezone.now)

    class Meta:
        verbose_name = _("gebruikservaring")
        verbose_name_plural = _("gebruikservaringen")
        constraints = [
            # A member counts once per result, whichever browser they use.
            models.UniqueConstraint(
                fields=["page", "user"],
                condition=models.Q(user__isnull=False),
                name="resources_reuse_once_per_user",
            ),
        ]
        indexes = [
            # A result's count and newest notes, on every view of its page.
            models.Index(fields=["page", "status", "-created_at"], name="resources_reuse_page"),
        ]

    def __str__(self):
        return self.note or str(_("Gebruikt, zonder toelichting"))
