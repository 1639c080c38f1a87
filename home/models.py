"""Site-wide content: taxonomy, the base page every page type builds on, home and static pages."""

from django import forms
from django.db import models
from django.db.models import Prefetch, Q, prefetch_related_objects
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from .blocks import BodyBlock
from .knowledge import SEARCH_FACETS, facet_values, knowledge_date
from .languages import InLanguage, content_language, page_language
from .page_tree import SubpagesChooseParentMixin
from .sections import section_models
from .wagtail_overrides import private_q, route_below, view_restrictions


class TaxonomyTerm(index.Indexed, models.Model):
    """A named term editors pick from; the slug is the stable key used in URLs and imports."""

    name = models.CharField(_("naam"), max_length=100, unique=True)
    # The portal has one content language; a term is the one piece of it short and shared
    # enough to translate, so an English page can name it in English (localized_name).
    name_en = models.CharField(
        _("Engelse naam"),
        max_length=100,
        blank=True,
        help_text=_(
            "Zoals bezoekers van de Engelse site de term lezen. Leeg: de Nederlandse naam."
        ),
    )
    slug = models.SlugField(_("slug"), max_length=100, unique=True, allow_unicode=False)
    description = models.TextField(_("omschrijving"), blank=True)

    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
    ]

    panels = [
        FieldPanel("name"),
        FieldPanel("name_en"),
        FieldPanel("slug"),
        FieldPanel("description"),
    ]

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = self.slug_base(self.name)
        super().save(*args, **kwargs)

    @property
    def localized_name(self):
        """The name in the visitor's language: the English name on an English page when the
        term has one, else the Dutch name; it knows its language (home.languages)."""
        if page_language() == "en" and self.name_en:
            return InLanguage(self.name_en, "en")
        return InLanguage(self.name, content_language())

    @classmethod
    def get_or_create_by_name(cls, name):
        """Find a term by case-insensitive name, creating it when it does not exist yet."""
        name = " ".join(name.split())
        term = cls.objects.filter(name__iexact=name).first()
        if term is None:
            term = cls.objects.create(name=name, slug=cls.unique_slug_for(name))
        return term

    @classmethod
    def slug_base(cls, name, room=0):
        """The slug of `name`, short enough for the column with `room` characters to spare.

        A name that fits its column can still make a longer slug: slugify spells out
        ligatures and symbols ("ﬃ" becomes "ffi", "㎏" becomes "kg").
        """
        limit = cls._meta.get_field("slug").max_length - room
        return slugify(name)[:limit].strip("-")

    @classmethod
    def unique_slug_for(cls, name):
        base = cls.slug_base(name) or "term"
        slug, number = base, 2
        while cls.objects.filter(slug=slug).exists():
            suffix = f"-{number}"
            slug, number = f"{cls.slug_base(base, len(suffix)) or 'term'}{suffix}", number + 1
        return slug


class Theme(TaxonomyTerm):
    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("thema")
        verbose_name_plural = _("thema's")


class Sector(TaxonomyTerm):
    """An education sector (po, vo, mbo, hbo, cultuureducatie, ...)."""

    abbreviation = models.CharField(
        _("afkorting"), max_length=20, blank=True, help_text=_("Bijvoorbeeld po, vo of mbo.")
    )

    panels = [*TaxonomyTerm.panels, FieldPanel("abbreviation")]

    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("sector")
        verbose_name_plural = _("sectoren")


class Region(TaxonomyTerm):
    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("regio")
        verbose_name_plural = _("regio's")


class Organisation(index.Indexed, models.Model):
    name = models.CharField(_("naam"), max_length=200, unique=True)
    website = models.URLField(_("website"), blank=True)
    region = models.ForeignKey(
        Region,
        verbose_name=_("regio"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="organisations",
    )

    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]
    panels = [FieldPanel("name"), FieldPanel("website"), FieldPanel("region")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")

    def __str__(self):
        return self.name


class ListingFieldsMixin(models.Model):
    """How a page presents itself in listings and cards."""

    listing_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("afbeelding in overzichten"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    listing_panels = [FieldPanel("listing_image")]

    class Meta:
        abstract = True


class SocialFieldsMixin(models.Model):
    """What a page shows when it is shared on social media."""

    social_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("afbeelding bij delen"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    social_text = models.CharField(_("tekst bij delen"), max_length=255, blank=True)

    social_panels = [
        MultiFieldPanel(
            [FieldPanel("social_image"), FieldPanel("social_text")],
            heading=_("Delen op sociale media"),
        )
    ]

    class Meta:
        abstract = True


# The taxonomy every piece of knowledge is filed under (ClassificationMixin).
CLASSIFICATION_FIELDS = ("themes", "sectors")


class ClassificationMixin(models.Model):
    """Themes and sectors, the two facets every piece of knowledge is filed under."""

    themes = ParentalManyToManyField(
        "home.Theme",
        verbose_name=_("thema's"),
        blank=True,
        related_name="%(app_label)s_%(class)s_set",
    )
    sectors = ParentalManyToManyField(
        "home.Sector",
        verbose_name=_("sectoren"),
        blank=True,
        related_name="%(app_label)s_%(class)s_set",
    )

    classification_panels = [
        MultiFieldPanel(
            [
                FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
                FieldPanel("sectors", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("Thema's en sectoren"),
        )
    ]
    classification_search_fields = [
        index.RelatedFields("themes", [index.SearchField("name"), index.FilterField("slug")]),
        index.RelatedFields("sectors", [index.SearchField("name"), index.FilterField("slug")]),
    ]

    class Meta:
        abstract = True

    @classmethod
    def get_indexed_objects(cls):
        # modelsearch prefetches related fields for indexing, but not a ParentalManyToManyField:
        # without this, reindexing asked for every page's themes and sectors on its own; the
        # same for the communities of a type that has several (home.knowledge.facet_values).
        related = ["themes", "sectors"]
        community_field = getattr(cls, "knowledge_community_field", None)
        if (
            community_field not in (None, "self")
            and cls._meta.get_field(community_field).many_to_many
        ):
            related.append(community_field)
        return super().get_indexed_objects().prefetch_related(*related)

    def read_ahead(self):
        self.read_classification()
        super().read_ahead()

    def read_classification(self):
        """Read the page's themes and sectors in one query, for its own template.

        page.themes.all and page.sectors.all would ask one query each, for a few rows of two
        small tables that change rarely: the terms are stored until content changes
        (home.caching, which watches them), so only the page's links to them are read, both in
        one query. The managers then answer from them as after prefetch_related().
        """
        from .caching import cached

        if self.pk is None:
            return
        terms = cached(
            "taxonomy-terms",
            lambda: {
                name: {
                    term.pk: term
                    for term in self._meta.get_field(name).related_model.objects.all()
                }
                for name in CLASSIFICATION_FIELDS
            },
        )
        links = None
        for name in CLASSIFICATION_FIELDS:
            field = self._meta.get_field(name)
            rows = (
                field.remote_field.through.objects.filter(**{field.m2m_field_name(): self.pk})
                .annotate(relation=models.Value(name))
                .values_list("relation", field.m2m_reverse_field_name())
            )
            links = rows if links is None else links.union(rows, all=True)
        linked = {name: [] for name in CLASSIFICATION_FIELDS}
        for name, term_id in links:
            if term_id not in terms[name]:
                return  # newer than the stored terms: the managers ask themselves
            linked[name].append(terms[name][term_id])
        prefetched = self.__dict__.setdefault("_prefetched_objects_cache", {})
        for name, found in linked.items():
            manager = getattr(self, name)
            queryset = manager.get_queryset()
            # What Django's prefetch_related() leaves for a many-to-many manager to answer from.
            queryset._result_cache = sorted(found, key=lambda term: (term.name, term.pk))
            queryset._prefetch_done = True
            prefetched[name] = queryset


# The rendition every card shows (templates/components/card.html); listings prefetch it.
CARD_IMAGE_SPEC = "fill-480x270"


def private_page_ids(model):
    """The ids of the pages of `model` (and its subclasses) in a private section.

    Computed once per content generation (home.caching): every change to a page, its place or
    a view restriction starts a new one. For the portal's knowledge types the set is normally
    empty, and then a listing needs no privacy condition at all.
    """
    from .caching import cached

    label = model._meta.label_lower
    return cached(
        f"private-page-ids:{label}",
        lambda: (frozenset(model.objects.filter(private_q()).values_list("pk", flat=True)),),
    )[0]


def not_expired_q():
    """Pages whose expiry time has not come yet.

    Wagtail keeps a page live after its `expire_at` until its publish_scheduled command
    unpublishes it, and only that command does; between the two, a visitor must not find it.
    """
    return Q(expire_at__isnull=True) | Q(expire_at__gt=timezone.now())


def has_expired(page):
    """Whether `page` (any Page) is past its expiry time, unpublished yet or not."""
    return page.expire_at is not None and page.expire_at <= timezone.now()


class PortalPageQuerySet(PageQuerySet):
    def private_q(self):
        return private_q()

    def live_q(self):
        # live() leaves out pages past their expiry time, which are still live until the
        # scheduled publishing worker has run: every listing, feed and section shows a visitor
        # what Wagtail will show once it has. not_live() takes them in, for the same reason.
        return super().live_q() & not_expired_q()

    def public(self):
        private = private_page_ids(self.model)
        return self.exclude(pk__in=private) if private else self

    def for_cards(self):
        """Only the fields a card of each page shows (the model's `card_fields`): a listing of
        pages reads, converts and instantiates far fewer columns than their whole rows."""
        return self.only(*self.model.card_fields)

    def with_listing_images(self):
        """Join each page's listing image and fetch its card rendition in one query for all,
        where the image tag would otherwise look the rendition up once per card."""
        from wagtail.images import get_image_model

        renditions = (
            get_image_model().get_rendition_model().objects.filter(filter_spec=CARD_IMAGE_SPEC)
        )
        # Where Wagtail's own Image.objects.prefetch_renditions() puts them, so get_rendition()
        # finds them there.
        return self.select_related("listing_image").prefetch_related(
            Prefetch(
                "listing_image__renditions", queryset=renditions, to_attr="prefetched_renditions"
            )
        )


class PortalPageManager(PageManager.from_queryset(PortalPageQuerySet)):
    """Wagtail's page manager, with live() leaving out expired pages, public() from the stored
    set of private pages, private() in one query, and listing images with their renditions."""


class BasePageForm(WagtailAdminPageForm):
    """The admin form of every portal page, which the apps above extend through two hooks.

    `construct_page_form` functions receive the form once it is built, `clean_page_form`
    functions when it is validated (after the fields, before the page is changed), so that an
    app such as communities can say what a user may choose there without this app knowing it.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for fn in hooks.get_hooks("construct_page_form"):
            fn(self)

    def clean(self):
        cleaned_data = super().clean()
        for fn in hooks.get_hooks("clean_page_form"):
            fn(self)
        return cleaned_data


class BasePage(ListingFieldsMixin, SocialFieldsMixin, Page):
    """Fields, panels and search fields every page of the portal shares."""

    intro = models.TextField(
        _("inleiding"),
        blank=True,
        help_text=_("Eén of twee zinnen die de pagina samenvatten; ook gebruikt in overzichten."),
    )
    body = StreamField(BodyBlock(), verbose_name=_("inhoud"), blank=True)

    objects = PortalPageManager()
    base_form_class = BasePageForm

    # The summary weighs more than the body, the title (boost 2, Wagtail's) most: a page
    # about a subject says so at the top.
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro", boost=1.5),
        index.SearchField("body"),
        index.AutocompleteField("title"),
        # What the search filters and counts on in an engine (home.knowledge.facet_values),
        # and the expiry time, which Wagtail does not index: a page past it is no result.
        *[index.FilterField(f"search_{facet}") for facet in SEARCH_FACETS],
        index.FilterField("search_date", type="DateField"),
        index.FilterField("expire_at"),
    ]

    # What a page shows of itself in listings: its title, introduction and card image, first on
    # the tab the editor writes on, not among the properties.
    lead_panels = [*Page.content_panels, FieldPanel("intro"), *ListingFieldsMixin.listing_panels]
    content_panels = [*lead_panels, FieldPanel("body")]
    promote_panels = [*Page.promote_panels, *SocialFieldsMixin.social_panels]

    show_in_menus_default = False
    # Foreign keys the page's own template shows, read with the page when it is served
    # (home.wagtail_overrides.route_below) instead of one query each.
    serve_select_related = ()
    # Foreign keys only the page's stored parts show, read by read_ahead(), when a part is
    # rendered: joined in when it is served, they cost every request their columns, however
    # seldom a part is rendered.
    read_ahead_related = ()
    # True when the page's template shows its content in {% stored %} parts (portal_tags),
    # kept per content generation: they read ahead themselves, and only when they render.
    stored_parts = False
    # What a card of the page shows (components/card.html and the lists of events): the fields
    # listings read with for_cards(). A page type adds those of its own it shows there; one left
    # out costs a query per card, which tests/home/test_query_counts.py would notice.
    card_fields = (
        "path",
        "depth",
        "title",
        "url_path",
        "content_type",
        "live",
        "expire_at",
        "first_published_at",
        "intro",
        "search_description",
        "listing_image",
    )

    class Meta:
        abstract = True

    # The values of the search fields above, for a knowledge page; None for any other. Defined
    # here, on the model every page type builds on, so that the engine's field names are the same
    # for all types.
    def _facet_values(self, facet):
        return facet_values(self, facet) if getattr(self, "knowledge_key", None) else None

    def search_type(self):
        return self._facet_values("type")

    def search_theme(self):
        return self._facet_values("theme")

    def search_sector(self):
        return self._facet_values("sector")

    def search_community(self):
        return self._facet_values("community")

    def search_year(self):
        return self._facet_values("year")

    def search_date(self):
        return knowledge_date(self) if getattr(self, "knowledge_key", None) else None

    def get_context(self, request, *args, **kwargs):
        if not self.stored_parts:
            self.read_ahead()
        return super().get_context(request, *args, **kwargs)

    def read_ahead(self):
        """Read what the page's template shows of its relations in a few queries, before the
        template asks for it item by item. A page type that shows lists of related objects
        adds its reads here (and calls super())."""
        # A new page's preview has nothing stored.
        if self.read_ahead_related and self.pk is not None:
            prefetch_related_objects([self], *self.read_ahead_related)

    def get_view_restrictions(self):
        # Wagtail's answer in one query, or none (home.wagtail_overrides).
        return view_restrictions(self)

    @property
    def summary(self):
        return self.intro or self.search_description

    @property
    def is_current(self):
        """Published and not past its expiry time: whether a visitor can open it."""
        return self.live and not has_expired(self)

    def get_current_children(self):
        """The children a visitor can open as far as publishing goes (privacy is the caller's)."""
        return self.get_children().live().filter(not_expired_q())

    def get_sitemap_urls(self, request=None):
        # Wagtail's sitemap lists every live page, expired or not.
        return [] if has_expired(self) else super().get_sitemap_urls(request)

    def get_breadcrumbs(self):
        """Ancestors below the site root, for the breadcrumb trail."""
        return self.get_ancestors().filter(depth__gt=1).specific(defer=True)


class HomePage(SubpagesChooseParentMixin, BasePage):
    template = "pages/home_page.html"
    # The title migration 0002 gives a new site's home page; translated while the page bears
    # it (home.languages.localized_title).
    default_title = gettext_noop("Leergemeenschappen in onderwijs en cultuur")
    page_description = _(
        "De startpagina van het portaal: wat het portaal biedt, uitgelichte resultaten, de "
        "nieuwste verhalen en de agenda."
    )
    stored_parts = True
    max_count = 1
    parent_page_types = ["wagtailcore.Page"]
    # Subpages: the sections and standard pages, which name this type as their parent.

    content_panels = [
        *BasePage.content_panels,
        InlinePanel(
            "featured_communities",
            label=_("Uitgelichte leergemeenschappen"),
            max_num=6,
        ),
    ]

    class Meta:
        verbose_name = _("startpagina")
        verbose_name_plural = _("startpagina's")

    def route(self, request, path_components):
        # The site's root: every URL of the portal is routed from here (home.wagtail_overrides).
        return route_below(self, request, path_components) or super().route(
            request, path_components
        )

    def get_context(self, request, *args, **kwargs):
        """The featured communities, and what the apps above add through the
        `construct_home_page_context` hook: functions that receive the page, the request and
        the context, and add to the context (the latest stories, the upcoming events)."""
        context = super().get_context(request, *args, **kwargs)
        context["featured_communities"] = SimpleLazyObject(self.visible_featured_communities)
        for fn in hooks.get_hooks("construct_home_page_context"):
            fn(self, request, context)
        return context

    def visible_featured_communities(self):
        """The featured communities a visitor can open, in the editors' order."""
        featured = list(self.featured_communities.values_list("community_id", flat=True))
        # The community page type through the relation, which names it: this app is below it.
        community_model = HomePageFeaturedCommunity._meta.get_field("community").related_model
        communities = (
            community_model.objects.live()
            .public()
            .with_listing_images()
            .for_cards()
            .in_bulk(featured)
        )
        return [communities[pk] for pk in featured if pk in communities]


class HomePageFeaturedCommunity(Orderable):
    page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="featured_communities")
    community = models.ForeignKey(
        "communities.CommunityPage",
        verbose_name=_("leergemeenschap"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [PageChooserPanel("community", "communities.CommunityPage")]

    class Meta(Orderable.Meta):
        verbose_name = _("uitgelichte leergemeenschap")
        verbose_name_plural = _("uitgelichte leergemeenschappen")


class StandardPage(BasePage):
    template = "pages/standard_page.html"
    page_description = _(
        "Een losse pagina met tekst, zoals de privacyverklaring, het colofon of een uitleg "
        "over het portaal."
    )
    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]

    class Meta:
        verbose_name = _("standaardpagina")
        verbose_name_plural = _("standaardpagina's")


def get_home_page():
    """The portal's home page: the root page of the default site."""
    from wagtail.models import Site

    return Site.objects.select_related("root_page").get(is_default_site=True).root_page.specific


def ensure_section_pages():
    """Create the section index pages under the home page where they are missing.

    Returns them by section key, in section order. The sections are the page types that
    declare themselves one (home.sections), each created with the title, slug and intro it
    declares. The demo loader and the importer both need these sections; editors can rename or
    move them afterwards, since lookups go by page type, not by slug.
    """
    home = get_home_page()
    sections = {}
    for key, model in section_models().items():
        page = model.objects.descendant_of(home).first()
        if page is None:
            page = home.add_child(
                instance=model(
                    title=model.section_title,
                    slug=model.section_slug,
                    intro=model.section_intro,
                    show_in_menus=True,
                )
            )
        sections[key] = page
    return sections


# The footer's site setting and the queue of email the worker sends (home.outgoing_mail) are
# models of this app; importing them here registers them with Django.
from .outgoing_mail import QueuedEmail  # noqa: E402, F401
from .site_settings import FooterSettings  # noqa: E402, F401
