"""Page-tree rules for page types whose children belong to the apps above: the children say so.

The home page and a community hold page types of higher apps (sections, results, the
workspace). Naming those in `subpage_types` would make this app, and communities, depend on
the apps above them; instead each child type names its parent in `parent_page_types`, as it
does anyway, and the parent allows exactly the types that name it.
"""

from django.apps import apps

from wagtail.models import get_page_models


def page_types_naming_parent(parent_model):
    """The page types whose `parent_page_types` name `parent_model`, in registration order.

    Named, not inherited or implied: a type without `parent_page_types` (wagtailcore.Page
    among them), which Wagtail lets go under any parent, is left out, and so is one with an
    empty list, which goes nowhere.
    """
    return [
        model
        for model in get_page_models()
        if getattr(model, "parent_page_types", None) is not None
        and parent_model in model.clean_parent_page_models()
    ]


class SubpagesChooseParentMixin:
    """Allow as subpages the page types that name this one in their `parent_page_types`,
    instead of listing them in `subpage_types`."""

    @classmethod
    def clean_subpage_models(cls):
        # Wagtail's own version resolves `subpage_types` once per class and keeps the answer in
        # the class's `_clean_subpage_models` (set to None for each class by its metaclass);
        # the answer here is kept there too, since the admin asks on every page it lists.
        if cls._clean_subpage_models is None:
            # Before every app's models are loaded the list would miss some, and be kept so.
            apps.check_models_ready()
            cls._clean_subpage_models = page_types_naming_parent(cls)
        return cls._clean_subpage_models
