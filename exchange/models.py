"""Knowledge questions ("kennisvragen"): asked by anyone, triaged by editors and moderators,
answered by email and, with the asker's consent, published anonymised after review."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, PageChooserPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from communities.roles import EDITORIAL_WORKFLOW
from home.knowledge import KnowledgePageMixin
from home.models import BasePage, ClassificationMixin, has_expired, private_page_ids
from home.sections import SectionPageMixin

# The discussions' models belong to this app; they live beside their views.
from .discussions.models import Discussion, Post, PostMention, PostReport  # noqa: F401
from .following.models import DigestSent, DiscussionPreference, Follow  # noqa: F401

ANSWER_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul"]


class QuestionStatus(models.TextChoices):
    NEW = "nieuw", _("Nieuw")
    ASSIGNED = "toegewezen", _("Toegewezen")
    ANSWERED = "beantwoord", _("Beantwoord")
    CLOSED = "gesloten", _("Gesloten zonder antwoord")


class KnowledgeQuestion(ClusterableModel):
    """A question as the asker sent it. Never shown publicly: a published question is a
    QuestionAnswerPage written from it without the asker's details."""

    title = models.CharField(_("vraag"), max_length=200)
    context = models.TextField(
        _("toelichting"),
        max_length=4000,
        help_text=_("Waar loop je tegenaan, en wat weet je er al over?"),
    )
    sector = models.ForeignKey(
        "home.Sector",
        verbose_name=_("sector"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    themes = ParentalManyToManyField(
        "home.Theme", verbose_name=_("thema's"), blank=True, related_name="+"
    )
    email = models.EmailField(_("e-mailadres voor het antwoord"), max_length=254)
    consent_to_publish = models.BooleanField(
        _("toestemming om te publiceren"),
        default=False,
        help_text=_(
            "De vraag en het antwoord mogen zonder naam of e-mailadres op het portaal komen, "
            "na controle door de redactie."
        ),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=QuestionStatus.choices, default=QuestionStatus.NEW
    )
    created_at = models.DateTimeField(_("gesteld op"), auto_now_add=True)
    # Kept for the per-address rate limit only, and removed by the retention command.
    ip_address = models.GenericIPAddressField(_("IP-adres"), null=True, blank=True)
    assigned_community = models.ForeignKey(
        "communities.CommunityPage",
        verbose_name=_("toegewezen aan leergemeenschap"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="knowledge_questions",
    )
    assigned_expert = models.ForeignKey(
        "communities.Person",
        verbose_name=_("toegewezen aan expert"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="knowledge_questions",
    )
    answer = models.TextField(_("antwoord"), max_length=10000, blank=True)
    answered_at = models.DateTimeField(_("beantwoord op"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("beantwoord door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answer_page = models.ForeignKey(
        "exchange.QuestionAnswerPage",
        verbose_name=_("gepubliceerd als"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("kennisvraag")
        verbose_name_plural = _("kennisvragen")
        indexes = [
            models.Index(fields=["email", "created_at"]),
            models.Index(fields=["ip_address", "created_at"]),
        ]

    def __str__(self):
        return self.title


class AnswerLink(Orderable):
    """Existing knowledge in the portal that answers the question, sent along with the answer."""

    question = ParentalKey(
        KnowledgeQuestion, on_delete=models.CASCADE, related_name="answer_links"
    )
    page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("pagina"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [PageChooserPanel("page")]

    class Meta(Orderable.Meta):
        verbose_name = _("verwijzing")
        verbose_name_plural = _("verwijzingen")


class QuestionIndexPage(RoutablePageMixin, SectionPageMixin, BasePage):
    """Kennisvragen: the form to ask one, and the questions answered so far."""

    template = "pages/question_index_page.html"
    page_description = _(
        "Het overzicht van beantwoorde kennisvragen, zodat wie dezelfde vraag heeft het antwoord "
        "vindt."
    )
    max_count = 1
    parent_page_types = ["home.HomePage"]
    subpage_types = ["exchange.QuestionAnswerPage"]

    section_key = "questions"
    section_title = gettext_noop("Kennisvragen")
    section_slug = "kennisvragen"
    section_intro = (
        "Stel je vraag aan leergemeenschappen en experts; misschien is hij al beantwoord."
    )
    section_order = 50
    review_workflow = EDITORIAL_WORKFLOW

    class Meta:
        verbose_name = _("overzicht kennisvragen")
        verbose_name_plural = _("overzichten kennisvragen")

    @path("", name="ask")
    def ask(self, request):
        """The form to ask a question, and the questions answered so far."""
        from .views import ask_question

        return ask_question(request, self)

    # The question comes along signed in the query string (?vraag=…): Wagtail's page URLs allow
    # no colons, and without it (a bot caught by the honeypot) the page only says thank you.
    @path("verstuurd/", name="sent")
    def sent(self, request):
        from .views import question_sent

        return question_sent(request, self)


class QuestionAnswerPage(KnowledgePageMixin, ClassificationMixin, BasePage):
    """A knowledge question and its answer, published without anything about the asker."""

    template = "pages/question_answer_page.html"
    page_description = _(
        "Een kennisvraag met het antwoord, gepubliceerd met toestemming van wie de vraag stelde."
    )
    parent_page_types = ["exchange.QuestionIndexPage"]
    subpage_types = []

    knowledge_key = "question"
    knowledge_order = 40
    knowledge_date_field = None
    knowledge_community_field = "community"
    snippet_fields = ("intro", "question", "answer")

    question = models.TextField(_("vraag"), help_text=_("Zonder naam, e-mailadres of school."))
    answer = RichTextField(_("antwoord"), features=ANSWER_FEATURES)
    community = models.ForeignKey(
        "communities.CommunityPage",
        verbose_name=_("beantwoord door leergemeenschap"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    search_fields = [
        *BasePage.search_fields,
        index.SearchField("question"),
        index.SearchField("answer"),
        index.FilterField("community"),
        *ClassificationMixin.classification_search_fields,
    ]

    content_panels = [
        *BasePage.lead_panels,
        FieldPanel("question"),
        FieldPanel("answer"),
        InlinePanel("links", label=_("Verwijzingen naar bestaande kennis")),
        FieldPanel("community"),
        *ClassificationMixin.classification_panels,
    ]

    class Meta:
        verbose_name = _("beantwoorde kennisvraag")
        verbose_name_plural = _("beantwoorde kennisvragen")

    def visible_links(self):
        """The linked pages a visitor can open: live, unexpired, public; in the editors' order."""
        private = private_page_ids(Page)
        return [
            link.target
            for link in self.links.select_related("target")
            if link.target.live and not has_expired(link.target) and link.target_id not in private
        ]


class QuestionAnswerLink(Orderable):
    page = ParentalKey(QuestionAnswerPage, on_delete=models.CASCADE, related_name="links")
    target = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("pagina"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [PageChooserPanel("target")]

    class Meta(Orderable.Meta):
        verbose_name = _("verwijzing")
        verbose_name_plural = _("verwijzingen")
