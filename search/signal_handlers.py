"""Write every change of an indexed model to the search outbox (see search.indexing), and add
the words of a saved page or source the visitors see to the vocabulary (search.vocabulary)."""

from django.db.models.signals import post_delete, post_save

from modelsearch.index import get_indexed_models
from wagtail.signals import post_page_move

from .indexing import index_descendants_after_move, record_change
from .models import IndexOutboxAction
from .vocabulary import words_changed


def changed(sender, instance, raw=False, **kwargs):
    if not raw:
        record_change(instance, IndexOutboxAction.UPDATE)
        words_changed(instance)


def moved(sender, instance, **kwargs):
    index_descendants_after_move(instance)


def deleted(sender, instance, **kwargs):
    record_change(instance, IndexOutboxAction.DELETE)


def register_signal_handlers():
    for model in get_indexed_models():
        post_save.connect(changed, sender=model, dispatch_uid=f"search-outbox-{model._meta.label}")
        post_delete.connect(
            deleted, sender=model, dispatch_uid=f"search-outbox-delete-{model._meta.label}"
        )
    post_page_move.connect(moved, dispatch_uid="search-outbox-move")
