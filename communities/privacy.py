"""A person's rights under the GDPR: everything the portal stores about them, and erasing it.

Used by `manage.py person_data` and by the buttons on the people listing in the admin; see
docs/privacy.md.
"""

import logging

from django.db import transaction
from django.utils import timezone

from wagtail.log_actions import registry as log_registry

from .models import Person

logger = logging.getLogger(__name__)


def _plain(value):
    """Dates and times as ISO 8601 text, like the rest of the export."""
    return value.isoformat() if hasattr(value, "isoformat") else value


def _stored_fields(person):
    """Every column of the person's row, related rows by name: a field added later is
    exported without anyone having to remember this function."""
    fields = {}
    for field in Person._meta.concrete_fields:
        if field.is_relation:
            related = getattr(person, field.name)
            fields[field.name] = str(related) if related is not None else None
        else:
            fields[field.name] = _plain(field.value_from_object(person))
    for field in Person._meta.many_to_many:
        fields[field.name] = sorted(str(item) for item in getattr(person, field.name).all())
    return fields


def export_person(person):
    """A dict, ready for JSON, of everything the portal stores about `person`.

    Knowledge questions assigned to them appear by title and date only: the question and its
    asker's details belong to the asker, not to the person answering.
    """
    roles = person.community_roles.select_related("page").order_by("page__title", "sort_order")
    return {
        "exported_at": timezone.now().isoformat(),
        "person": _stored_fields(person),
        "community_roles": [
            {
                "community": role.page.title,
                "community_id": role.page_id,
                "role": str(role.get_role_display()),
            }
            for role in roles
        ],
        "practice_examples": [
            {"id": page.pk, "title": page.title, "live": page.live}
            for page in person.practice_examples.order_by("title", "pk")
        ],
        "contact_messages": [
            {"sent_at": message.created_at.isoformat(), "sender_email": message.sender_email}
            for message in person.contact_messages.order_by("-created_at")
        ],
        "knowledge_questions": [
            {"title": question.title, "asked_at": question.created_at.isoformat()}
            for question in person.knowledge_questions.order_by("-created_at")
        ],
    }


@transaction.atomic
def delete_person(person, user=None):
    """Erase `person`: their row, their roles in communities, the messages relayed to them and
    their place among a practice example's people involved. Knowledge questions assigned to
    them stay, without an expert.

    Their search index entries go with the row (the delete signals of Wagtail and of the search
    outbox), and the admin's history keeps who did what under a label without their name.

    What is not erased: published practice examples keep their revisions, whose JSON may list
    the person's id (never their name or address) among the people involved; and copies that
    left the portal, such as relayed emails already in someone's mailbox.
    """
    pk = person.pk
    anonymous = f"Persoon #{pk}"
    log_registry.get_logs_for_instance(person).update(label=anonymous)
    log_registry.log(person, "wagtail.delete", user=user, title=anonymous)
    person.delete()
    logger.info("Person %s erased%s", pk, f" by user {user.pk}" if user else "")
