"""Knowledge types: the page types a visitor searches, declared on the page classes themselves.

A page type becomes a knowledge type by inheriting KnowledgePageMixin and setting
`knowledge_key`. Search (its results, facets, snippets and API) and the existing knowledge
shown while a visitor asks a question find the types through Wagtail's registry of page models
(knowledge_types()), so this app, the base of the portal, never names the apps above it, and
adding a knowledge type means writing one class.
"""

from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from wagtail.models import get_page_models


class KnowledgePageMixin:
    """What the portal needs to know of a knowledge type, as class attributes.

    knowledge_key
        The type's public name: the value of the search's `type` facet and of the API's
        `type` field. Unique among the knowledge types; None leaves the class out. A subclass
        of a knowledge type inherits its key, so it sets its own, or None when it is no
        knowledge type of its own (search then leaves its pages out).
    knowledge_order
        Its place in the type facet, lowest first.
    knowledge_date_field
        The page's DateField or DateTimeField that dates it for the year facet and the
        "newest first" sort (a date-time counts by its day in the site's time zone); None dates
        the page by when it was first published.
    knowledge_community_field
        How the page finds its community (the community facet): "self" for a community itself,
        or the name of a ForeignKey or many-to-many field to the community page; None when a
        page of this type has no community.
    snippet_fields
        The text fields a search snippet is cut from, in order; rich-text fields lose their
        HTML. The page's StreamField `body`, if any, always follows them.
    """

    knowledge_key = None
    knowledge_order = 100
    knowledge_date_field = None
    knowledge_community_field = None
    snippet_fields = ("intro",)

    @classmethod
    def knowledge_label(cls):
        """The type's name as the facet shows it."""
        return cls._meta.verbose_name


def knowledge_types():
    """Public type name → page model, in the order the type facet shows them."""
    models = [
        model
        for model in get_page_models()
        if issubclass(model, KnowledgePageMixin)
        and model.knowledge_key
        and not model._meta.abstract
    ]
    return by_knowledge_key(models)


def by_knowledge_key(models):
    """Key → model for `models`, in facet order; ImproperlyConfigured when two share a key,
    which a subclass that does not set its own does."""
    types = {}
    for model in sorted(models, key=lambda model: (model.knowledge_order, model.knowledge_key)):
        other = types.setdefault(model.knowledge_key, model)
        if other is not model:
            raise ImproperlyConfigured(
                f"{_class_name(other)} and {_class_name(model)} both declare knowledge_key "
                f"{model.knowledge_key!r}; give one its own key, or None if it is no knowledge "
                "type of its own."
            )
    return types


def _class_name(model):
    return f"{model.__module__}.{model.__qualname__}"


def community_type():
    """The knowledge type of the communities themselves (knowledge_community_field "self")."""
    return next(
        model for model in knowledge_types().values() if model.knowledge_community_field == "self"
    )


# What a knowledge page carries into a search engine's index for search to filter and count on
# there (search.query's engine path): each facet as flat keywords, so that the result count
# and every facet are aggregations over all matches, and the date the newest-first sort uses.
# Ids, not names or slugs: a renamed theme or community changes no document.

# The facets of search, in the order the search page shows them.
SEARCH_FACETS = ("type", "theme", "sector", "community", "year")


def facet_values(page, facet):
    """The values of `page` (a knowledge page) for `facet` of search: the type key, the ids of
    its themes, sectors or communities (strings), its year; empty where a facet does not apply.
    Reads prefetched relations where the indexing prefetched them."""
    if facet == "type":
        return [page.knowledge_key]
    if facet in ("theme", "sector"):
        return [str(term.pk) for term in _related(page, f"{facet}s")]
    if facet == "community":
        return [str(pk) for pk in community_ids(page)]
    date = knowledge_date(page)
    return [str(date.year)] if date else []


def _related(page, name):
    return getattr(page, name).all() if hasattr(page, name) else []


def community_ids(page):
    """The ids of the communities `page` belongs to, as its knowledge_community_field says."""
    field_name = page.knowledge_community_field
    if field_name is None:
        return []
    if field_name == "self":
        return [page.pk]
    field = page._meta.get_field(field_name)
    if field.many_to_many:
        return [community.pk for community in getattr(page, field_name).all()]
    value = getattr(page, field.attname)
    return [value] if value is not None else []


def knowledge_date(page):
    """The day that dates `page` for the year facet and the newest-first sort: its
    knowledge_date_field (a date-time by its day in the site's time zone), or else the day it
    was first published."""
    field_name = page.knowledge_date_field
    value = (
        getattr(page, field_name)
        if field_name
        else (page.first_published_at or page.latest_revision_created_at)
    )
    if value is None:
        return None
    if hasattr(value, "tzinfo"):
        return timezone.localdate(value) if timezone.is_aware(value) else value.date()
    return value
