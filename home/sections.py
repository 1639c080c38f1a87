"""Sections: the index pages directly under the home page, declared on their own classes.

An index page type becomes a section by inheriting SectionPageMixin and setting `section_key`
and its defaults. ensure_section_pages() creates the missing ones in `section_order`; the apps
above this one find a section's page type by its key (section_model()), never by import.
"""

from django.utils.functional import classproperty

from wagtail.models import get_page_models


class SectionPageMixin:
    """The defaults of a section's index page, as class attributes.

    section_key
        The section's name in code: "communities", "tools", "stories", ...
    section_title, section_slug, section_intro
        What a page created by ensure_section_pages() gets; editors may rename or move it
        afterwards, since lookups go by page type, not by slug. The title is Dutch, marked with
        gettext_noop: while the page bears it, visitors read it in their own language
        (home.languages.localized_title).
    section_order
        The order in which the sections are created, and so their order in the menu.
    review_workflow
        The name of the workflow every page below the section goes through (see
        communities.roles), or None for none.
    """

    section_key = None
    section_title = ""
    section_slug = ""
    section_intro = ""
    section_order = 100
    review_workflow = None

    @classproperty
    def default_title(cls):
        # What home.languages.localized_title translates while the page still bears it.
        return cls.section_title


def section_models():
    """Section key → index page model, in section order."""
    models = [
        model
        for model in get_page_models()
        if issubclass(model, SectionPageMixin) and model.section_key and not model._meta.abstract
    ]
    models.sort(key=lambda model: (model.section_order, model.section_key))
    return {model.section_key: model for model in models}


def section_model(key):
    """The index page model of the section `key`; KeyError when no app declares it."""
    return section_models()[key]
