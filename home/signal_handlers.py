"""Stored text follows the text rules of home.text, whoever saves it and through whatever path."""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.signals import pre_save

from wagtail.fields import StreamField
from wagtail.models import Revision

from .text import clean_nested_text, clean_text

# The apps whose text the portal shows, sends or emits: this one, Wagtail's content (pages,
# revisions, images, documents, tags, promotions) and the apps above, which add themselves
# (clean_text_of). Other apps' rows are bookkeeping keyed on the exact value they were given:
# django-axes looks a failed login up by the username as typed, and a stored copy cleaned
# behind its back made its next insert collide.
CLEANED_APPS = {
    "home",
    "wagtailcore",
    "wagtailimages",
    "wagtaildocs",
    "wagtailsearchpromotions",
    "taggit",
}


def clean_text_of(app_config):
    """Clean the text the models of `app_config` store, as this app's own (clean_stored_text).

    For the apps above, from their AppConfig.ready: their text is shown, sent or emitted too.
    """
    CLEANED_APPS.add(app_config.label)


def clean_stored_text(sender, instance, **kwargs):
    """Take control characters out of every text field of `instance` before it is written.

    One receiver for every model of CLEANED_APPS, so the admin, the importer, the public forms
    and scripts all store text that a feed, a calendar or PostgreSQL can take (a vertical tab
    pasted from Word made the story feeds fail). Titles and other one-line fields get spaces
    for line breaks; text fields, rich text and the text in StreamField blocks keep line breaks
    and tabs. Queryset update() and bulk_create() send no signal: the code using them writes
    values it made itself.
    """
    if instance._meta.app_label not in CLEANED_APPS:
        return
    for field in instance._meta.concrete_fields:
        if isinstance(field, StreamField):
            _clean_stream(instance, field)
            continue
        value = instance.__dict__.get(field.attname)
        if not value:
            continue
        if isinstance(field, models.CharField):
            cleaned = clean_text(value)
        elif isinstance(field, models.TextField):
            cleaned = clean_text(value, multiline=True)
        elif isinstance(field, models.JSONField):
            cleaned = _clean_json(instance, field, value)
        else:
            continue
        if cleaned is not value:
            setattr(instance, field.attname, cleaned)


def _clean_stream(instance, field):
    value = instance.__dict__.get(field.attname)
    if not value:
        return
    stored = field.get_prep_value(value)
    cleaned = clean_nested_text(stored)
    if cleaned is not stored:
        setattr(instance, field.attname, cleaned)


def _clean_json(instance, field, value):
    if isinstance(instance, Revision) and field.name == "content" and isinstance(value, dict):
        # A revision holds the page (or snippet) field by field; publishing saves the object
        # from it. Its one-line fields follow the one-line rule here already, so the title
        # an editor sees in the admin is the title that goes live.
        # From ContentType's own cache: the revision's relation would cost a query per save.
        content_type = ContentType.objects.get_for_id(instance.content_type_id)
        model = content_type.model_class()
        one_line = {
            model_field.name
            for model_field in (model._meta.concrete_fields if model else ())
            if isinstance(model_field, models.CharField)
        }
        cleaned = {
            key: clean_text(item) if key in one_line else clean_nested_text(item)
            for key, item in value.items()
        }
        return value if all(cleaned[key] is value[key] for key in value) else cleaned
    return clean_nested_text(value)


def register_signal_handlers():
    pre_save.connect(clean_stored_text, dispatch_uid="home-clean-stored-text")
