"""A person's rights under the GDPR: everything the portal stores about them, and erasing it.

Used by `manage.py person_data` and by the buttons on the people listing in the admin; see
docs/privacy.md.
"""

import logging
from collections.abc import Callable
from typing import NamedTuple

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from wagtail.log_actions import registry as log_registry

from .models import ContactMessage, MembershipRequest, Person, SelfEvaluation

logger = logging.getLogger(__name__)


class AddressRecords(NamedTuple):
    """Rows the portal keeps under a person's email address, and how to export and erase them."""

    # The address -> a queryset of the rows under it.
    find: Callable
    # That queryset -> the rows as the export lists them.
    export: Callable
    # That queryset -> None: what erasing the person does to the rows.
    erase: Callable
    # The rows' place in the export, lowest first.
    order: int


# The export's key -> AddressRecords. This app's own are below; the apps above it add theirs
# from their AppConfig.ready.
_address_records = {}


def register_address_records(name, *, find, export, erase, order):
    """Let the export and the erasure of a person cover the rows `find(address)` returns.

    `name` is their key in the export. For the apps above this one, which hold rows under an
    address this app cannot name (knowledge questions asked, for one).
    """
    _address_records[name] = AddressRecords(find, export, erase, order)


def address_records():
    """The export's key -> AddressRecords, in the export's order."""
    return dict(sorted(_address_records.items(), key=lambda item: item[1].order))


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
    """What the portal keeps under the person's email address: the export's key -> queryset."""
    if not person_email:
        return None
    return {name: records.find(person_email) for name, records in address_records().items()}


def _stored_under_address(person_email):
    found = _under_address(person_email)
    if found is None:
        return {}
    records = address_records()
    return {name: records[name].export(rows) for name, rows in found.items()}


def accounts_under(address):
    """The accounts with this email address: for the rows the apps keep under an account."""
    return get_user_model().objects.filter(email__iexact=address)


def _export_accounts(accounts):
    return [
        {
            "username": user.get_username(),
            "name": user.get_full_name(),
            "email": user.email,
            "joined": _plain(user.date_joined),
            "last_login": _plain(user.last_login),
            "groups": sorted(user.groups.values_list("name", flat=True)),
        }
        for user in accounts
    ]


def _erase_accounts(accounts):
    accounts.filter(is_superuser=False).delete()


def _export_join_requests(join_requests):
    return [
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
        for request in join_requests.select_related("community")
    ]


def _export_messages_sent(messages):
    return [
        {"to": message.person.name, "sent_at": _plain(message.created_at)}
        for message in messages.select_related("person")
    ]


def _export_evaluations(evaluations):
    return [
        {
            "community": evaluation.community.title,
            "quarter": evaluation.period,
            "scores": {
                str(score.building_block): score.score for score in evaluation.scores.all()
            },
        }
        for evaluation in evaluations.select_related("community")
    ]


def _delete(rows):
    rows.delete()


def _keep(rows):
    pass


register_address_records(
    "accounts", find=accounts_under, export=_export_accounts, erase=_erase_accounts, order=10
)
register_address_records(
    "join_requests",
    find=lambda address: MembershipRequest.objects.filter(email__iexact=address),
    export=_export_join_requests,
    erase=_delete,
    order=20,
)
register_address_records(
    "messages_sent",
    find=lambda address: ContactMessage.objects.filter(sender_email__iexact=address),
    export=_export_messages_sent,
    erase=_delete,
    order=40,
)
register_address_records(
    "evaluations",
    # Only those scored under their name: an anonymous evaluation belongs to nobody.
    find=lambda address: SelfEvaluation.objects.filter(respondent__in=accounts_under(address)),
    export=_export_evaluations,
    # They stay, as anonymous ones, when the account goes.
    erase=_keep,
    order=50,
)


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
        # What they sent under their address goes too, or no longer leads back to them; the
        # account last, as rows may be found through it (their evaluations).
        records = address_records()
        for name, rows in reversed(found.items()):
            records[name].erase(rows)
    pk = person.pk
    anonymous = f"Persoon #{pk}"
    log_registry.get_logs_for_instance(person).update(label=anonymous)
    log_registry.log(person, "wagtail.delete", user=user, title=anonymous)
    person.delete()
    logger.info("Person %s erased%s", pk, f" by user {user.pk}" if user else "")
