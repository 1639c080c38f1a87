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
        **_stored_under_address(person.email),
    }


def _under_address(person_email):
    """What the portal keeps elsewhere under the person's email address, as querysets."""
    from django.contrib.auth import get_user_model

    from exchange.models import KnowledgeQuestion

    from .models import ContactMessage, MembershipRequest, SelfEvaluation

    if not person_email:
        return None
    accounts = get_user_model().objects.filter(email__iexact=person_email)
    return {
        "accounts": accounts,
        "join_requests": MembershipRequest.objects.filter(email__iexact=person_email),
        "questions_asked": KnowledgeQuestion.objects.filter(email__iexact=person_email),
        "messages_sent": ContactMessage.objects.filter(sender_email__iexact=person_email),
        # Only those scored under their name: an anonymous evaluation belongs to nobody.
        "evaluations": SelfEvaluation.objects.filter(respondent__in=accounts),
    }


def _stored_under_address(person_email):
    found = _under_address(person_email)
    if found is None:
        return {}
    return {
        "accounts": [
            {
                "username": user.get_username(),
                "name": user.get_full_name(),
                "email": user.email,
                "joined": _plain(user.date_joined),
                "last_login": _plain(user.last_login),
                "groups": sorted(user.groups.values_list("name", flat=True)),
            }
            for user in found["accounts"]
        ],
        "join_requests": [
            {
                "community": request.community.title,
                "name": request.name,
                "organisation": request.organisation,
                "role": request.role,
                "motivation": request.motivation,
                "status": request.status,
                "requested_at": _plain(request.created_at),
                "ip_address": request.ip_address,
            }
            for request in found["join_requests"].select_related("community")
        ],
        "questions_asked": [
            {
                "title": question.title,
                "context": question.context,
                "status": question.status,
                "asked_at": _plain(question.created_at),
                "answer": question.answer,
                "ip_address": question.ip_address,
            }
            for question in found["questions_asked"]
        ],
        "messages_sent": [
            {"to": message.person.name, "sent_at": _plain(message.created_at)}
            for message in found["messages_sent"].select_related("person")
        ],
        "evaluations": [
            {
                "community": evaluation.community.title,
                "quarter": evaluation.period,
                "scores": {
                    str(score.building_block): score.score for score in evaluation.scores.all()
                },
            }
            for evaluation in found["evaluations"].select_related("community")
        ],
    }


@transaction.atomic
def delete_person(person, user=None):
    """Erase `person`: their row, their roles in communities, the messages relayed to them and
    their place among a practice example's people involved. Knowledge questions assigned to
    them stay, without an expert. Under their email address: their join requests, the
    messages they sent and their account (not a superuser's) go; questions they asked lose
    the address; evaluations under their name become anonymous.

    Their search index entries go with the row (the delete signals of Wagtail and of the search
    outbox), and the admin's history keeps who did what under a label without their name.

    What is not erased: published practice examples keep their revisions, whose JSON may list
    the person's id (never their name or address) among the people involved; and copies that
    left the portal, such as relayed emails already in someone's mailbox.
    """
    found = _under_address(person.email)
    if found is not None:
        # What they sent under their address goes too; a question keeps its text (the
        # community may still answer or have published it, reviewed and anonymised) but no
        # longer leads back to them.
        found["join_requests"].delete()
        found["messages_sent"].delete()
        found["questions_asked"].update(email="", ip_address=None)
        # Their evaluations stay as anonymous ones when the account goes.
        found["accounts"].filter(is_superuser=False).delete()
    pk = person.pk
    anonymous = f"Persoon #{pk}"
    log_registry.get_logs_for_instance(person).update(label=anonymous)
    log_registry.log(person, "wagtail.delete", user=user, title=anonymous)
    person.delete()
    logger.info("Person %s erased%s", pk, f" by user {user.pk}" if user else "")
