"""A knowledge type written the way a new one would be: one class, declared, found by search."""

from django.db import models

from wagtail.fields import RichTextField
from wagtail.search import index

from home.knowledge import KnowledgePageMixin
from home.models import BasePage, ClassificationMixin


class BulletinPage(KnowledgePageMixin, ClassificationMixin, BasePage):
    """A mededeling: a short notice of a community, dated by the day it went out."""

    template = "pages/standard_page.html"
    # No editor can create one anywhere; the tests place them with add_child.
    parent_page_types = []
    subpage_types = []

    knowledge_key = "bulletin"
    # Between the tools (30) and the questions (40) in the type facet.
    knowledge_order = 35
    knowledge_date_field = "issued_on"
    knowledge_community_field = "community"
    snippet_fields = ("intro", "notice")

    issued_on = models.DateField("verschenen op")
    community = models.ForeignKey(
        "communities.CommunityPage",
        verbose_name="leergemeenschap",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    notice = RichTextField("mededeling", blank=True)

    search_fields = [
        *BasePage.search_fields,
        index.SearchField("notice"),
        *ClassificationMixin.classification_search_fields,
    ]

    class Meta:
        verbose_name = "mededeling"
        verbose_name_plural = "mededelingen"


class ArchivedBulletinPage(BulletinPage):
    """A bulletin kept for the record: a page type of its own that is no knowledge type, so
    search leaves it out although its parent class is one."""

    knowledge_key = None

    class Meta:
        verbose_name = "gearchiveerde mededeling"
        verbose_name_plural = "gearchiveerde mededelingen"
