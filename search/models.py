"""What the search app stores: pending index updates (the outbox), the query log, the
vocabulary of the indexed content and the editors' synonyms."""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class IndexOutboxAction(models.TextChoices):
    UPDATE = "update", _("Bijwerken")
    DELETE = "delete", _("Verwijderen")


class IndexOutboxEntry(models.Model):
    """An index update that has not reached the search engine yet.

    Written in the same transaction as the change itself, so a change is never lost when the
    engine is down; removed once the engine has accepted it.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.CharField(max_length=255)
    action = models.CharField(max_length=10, choices=IndexOutboxAction.choices)
    created_at = models.DateTimeField(default=timezone.now)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now, db_index=True)
    last_error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("wachtende indexwijziging")
        verbose_name_plural = _("wachtende indexwijzigingen")
        constraints = [
            # A newer change to the same object replaces the pending one.
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="one_pending_index_update_per_object"
            )
        ]

    def __str__(self):
        return f"{self.action} {self.content_type.model} #{self.object_id}"


class SearchQueryDaily(models.Model):
    """How often a (normalised) query was searched on a day, and how often it found nothing."""

    query_text = models.CharField(_("zoekopdracht"), max_length=200)
    date = models.DateField(_("datum"), default=timezone.localdate)
    hits = models.PositiveIntegerField(_("aantal keer gezocht"), default=0)
    zero_result_hits = models.PositiveIntegerField(_("aantal keer zonder resultaat"), default=0)
    # How often a visitor opened a result of the query (search.views.open_result): a query
    # whose results nobody opens found the wrong thing.
    clicks = models.PositiveIntegerField(_("aantal keer een resultaat geopend"), default=0)

    class Meta:
        verbose_name = _("zoekopdracht per dag")
        verbose_name_plural = _("zoekopdrachten per dag")
        constraints = [
            models.UniqueConstraint(
                fields=["query_text", "date"], name="one_row_per_query_and_day"
            )
        ]
        indexes = [models.Index(fields=["date"])]

    def __str__(self):
        return f"{self.query_text} ({self.date})"


class SearchWord(models.Model):
    """A word of what visitors may find: the vocabulary search reads to see inside compounds,
    to correct a typo and to offer "Bedoelde je".

    Built from the public, indexed content and the taxonomy by search.vocabulary; a word never
    comes from a page a visitor may not see.
    """

    word = models.CharField(_("woord"), max_length=60, unique=True)
    # How many indexed objects hold the word: exact after a rebuild, at least this many after
    # the incremental updates in between.
    documents = models.PositiveIntegerField(_("aantal documenten"), default=0)
    # The known words a compound is made of, each between spaces (" erfgoed leerlijn leer
    # lijn "), so `parts__contains=" erfgoed "` finds the compounds a word is part of.
    parts = models.CharField(_("delen"), max_length=400, blank=True)
    # In a title or a taxonomy name: the portal's own vocabulary, which the engine's
    # decompounder gets beside the Dutch word list.
    in_title = models.BooleanField(_("in een titel"), default=False)

    class Meta:
        verbose_name = _("woord uit de zoekindex")
        verbose_name_plural = _("woorden uit de zoekindex")

    def __str__(self):
        return self.word


class Synonym(models.Model):
    """A group of words or phrases that mean the same to a searcher, edited by the editors.

    Seeded from search/synonyms.txt; every backend applies them when a search is made, so an
    edit counts from the next search on, without a rebuild.
    """

    terms = models.TextField(
        _("woorden"),
        help_text=_(
            "Woorden of woordgroepen die hetzelfde betekenen, gescheiden door komma's, "
            "bijvoorbeeld: po, primair onderwijs, basisonderwijs."
        ),
    )

    class Meta:
        verbose_name = _("synoniemengroep")
        verbose_name_plural = _("synoniemen")
        ordering = ["terms"]

    def __str__(self):
        return self.terms


class PageEmbedding(models.Model):
    """The meaning of one part of a live knowledge page, as the sentence encoder sees it.

    A page's text (title, intro and body) is cut into chunks of a few sentences, each encoded
    into a vector (search.semantic). The rows are the truth the vector indexes are built from:
    the engine's k-NN index and the embedded index beside the database backend. Rows belong to
    one model version; a new version's rows are written beside the old ones, which go once the
    new ones are complete.
    """

    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    model_version = models.CharField(max_length=100)
    chunk = models.PositiveSmallIntegerField()
    # What was encoded, hashed: a page published again with the same text is not re-encoded.
    text_hash = models.CharField(max_length=64)
    # float32, little-endian, L2-normalised (search.semantic.encoder.DIMENSIONS of them).
    vector = models.BinaryField()
    embedded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("betekenis van een pagina")
        verbose_name_plural = _("betekenissen van pagina's")
        constraints = [
            models.UniqueConstraint(
                fields=["model_version", "page", "chunk"], name="one_embedding_per_page_chunk"
            )
        ]

    def __str__(self):
        return f"{self.page_id}/{self.chunk} ({self.model_version})"
