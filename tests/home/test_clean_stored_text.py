"""Which models store their text without control characters: the portal's apps and Wagtail's
content, whether an app is this one or one of the apps above that add themselves."""

from django.apps import apps
from django.db import models

from home.signal_handlers import clean_stored_text

# The portal's apps and Wagtail's content, as the portal has always cleaned them; not the
# bookkeeping of other apps (django-axes, sessions, users).
CLEANED = {
    "home",
    "communities",
    "resources",
    "search",
    "exchange",
    "wagtailcore",
    "wagtailimages",
    "wagtaildocs",
    "wagtailsearchpromotions",
    "taggit",
}


def first_text_field(model):
    for field in model._meta.concrete_fields:
        if isinstance(field, models.CharField | models.TextField) and not field.primary_key:
            return field
    return None


def cleaned_on_save(model, field):
    instance = model()  # a page finds its default locale in the database
    setattr(instance, field.attname, "Twee\x0bregels")
    clean_stored_text(sender=model, instance=instance)
    return getattr(instance, field.attname) != "Twee\x0bregels"


def test_the_models_whose_text_is_cleaned_are_those_of_the_portals_apps_and_wagtails_content(db):
    with_text = {model: first_text_field(model) for model in apps.get_models()}
    with_text = {model: field for model, field in with_text.items() if field is not None}

    cleaned = {model for model, field in with_text.items() if cleaned_on_save(model, field)}

    assert cleaned == {model for model in with_text if model._meta.app_label in CLEANED}
    # The apps above this one each added themselves.
    assert {"communities", "resources", "search", "exchange"} <= {
        model._meta.app_label for model in cleaned
    }
