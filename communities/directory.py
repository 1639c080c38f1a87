"""'Wie weet wat': listing the people who consented, relaying messages to them, and withdrawing.

A person's email address never leaves the server: the listing does not even load it, and a
message from a visitor is emailed to the person with the visitor as Reply-To, so the person
decides whether to answer and so reveal their address.
"""

import logging
from datetime import timedelta
from itertools import groupby

from django.core import signing
from django.db import transaction
from django.db.models import BooleanField, ExpressionWrapper, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_protect

from wagtail.search.backends import get_search_backend

from home.abuse import RateLimitExceeded, client_address, enforce_rate_limits
from home.listing import paginate
from home.mail import absolute_url, send_after_commit
from home.models import Sector, Theme, private_page_ids
from search.analysis import plain_words
from search.query import tiered_ids, with_fallback

from .forms import ContactForm
from .models import CommunityPage, CommunityRole, ContactMessage, ExpertDirectoryPage, Person

logger = logging.getLogger(__name__)

# People taken from the search backend for one query, best first; filters apply within them.
MAX_CANDIDATES = 500
MAX_MESSAGES_PER_IP = 5
MAX_MESSAGES_PER_SENDER = 3
MAX_MESSAGES_PER_PERSON_PER_DAY = 10
WITHDRAW_SALT = "communities.directory.withdraw"


class ContactError(Exception):
    """A message that cannot be relayed; the text is meant for the visitor sending it."""


# Listing --------------------------------------------------------------------------------------


def listed_people():
    """Everyone the directory may show, with all an entry needs and without their address."""
    public_roles = (
        CommunityRole.objects.filter(page__live=True)
        .exclude(page_id__in=private_page_ids(CommunityPage))
        .select_related("page")
        .order_by("page__title", "page_id", "sort_order")
    )
    return (
        Person.objects.filter(consent_to_contact=True)
        .defer("email")
        .annotate(can_be_contacted=ExpressionWrapper(~Q(email=""), output_field=BooleanField()))
        .select_related("organisation")
        .prefetch_related(
            Prefetch("expertise_themes", queryset=Theme.objects.order_by("name")),
            Prefetch("sectors", queryset=Sector.objects.order_by("name")),
            Prefetch("community_roles", queryset=public_roles, to_attr="public_roles"),
        )
    )


def vocabulary_of_people(pks=None):
    """What the directory shows of each listed person, for the search vocabulary
    (search.vocabulary.register_vocabulary_source): expertise, job, organisation and themes.
    Nothing while the directory itself is offline or private: then it shows nobody.

    Not the name: the vocabulary keeps its words until the next rebuild, and a person who
    withdraws is gone from the directory at once.
    """
    if not ExpertDirectoryPage.objects.live().public().exists():
        return
    people = listed_people()
    if pks is not None:
        people = people.filter(pk__in=pks)
    for person in people:
        organisation = person.organisation.name if person.organisation else ""
        themes = " ".join(theme.name for theme in person.expertise_themes.all())
        texts = (person.expertise, person.job_title, organisation, themes)
        yield [(text, False) for text in texts]


def _ranked_ids(text, backend_name):
    # Only the ids are needed: addresses and the rest stay in the database. The same tiers
    # as the search page: own words, synonyms, compounds ("cultuur" finds Cultuureducatie),
    # typos when few are found.
    consenting = Person.objects.filter(consent_to_contact=True).only("pk")
    backend = get_search_backend(backend_name)
    return tiered_ids(text, backend, consenting, MAX_CANDIDATES).ids


def ranked_person_ids(text):
    """Ids of the consenting people matching `text`, best first, from the search backend.

    The same call on every backend; only an unreachable engine makes the database index answer.
    """
    return with_fallback(lambda backend_name: _ranked_ids(text, backend_name))[0]


def directory_page_of_people(request, form):
    """One page of the directory for the filter form's choices, each person ready to show.

    Consent is checked in SQL whatever the search index holds, so an index the engine has not
    caught up with yet never shows a person who withdrew.
    """
    people = form.filter(listed_people())
    # Read after filter(), which validated the form; a bad theme slug leaves the text valid.
    text = getattr(form, "cleaned_data", {}).get("q", "")
    # Only quotes or wildcards: no words to look for, so everyone fits.
    if plain_words(text):
        ranked = ranked_person_ids(text)
        allowed = set(people.filter(pk__in=ranked).values_list("pk", flat=True))
        page = paginate(request, [pk for pk in ranked if pk in allowed])
        by_id = {person.pk: person for person in people.filter(pk__in=page.object_list)}
        page.object_list = [by_id[pk] for pk in page.object_list if pk in by_id]
    else:
        page = paginate(request, people.order_by("name", "pk"))
    for person in page.object_list:
        person.listed_communities = [
            (community, [role.get_role_display() for role in roles])
            for community, roles in groupby(person.public_roles, key=lambda role: role.page)
        ]
    return page


def contact_url(directory, person, request=None):
    return directory.get_url(request) + directory.reverse_subpage("contact", args=(person.pk,))


# Contact relay --------------------------------------------------------------------------------


def withdrawal_signature(person):
    """The signature in a link that withdraws this person's consent.

    It does not expire, since consent may be withdrawn at any time. The link carries the id
    and the signature as two parts of its path: Wagtail only routes paths of letters, digits,
    hyphens and underscores, so a signed value with its ':' separator would not get through.
    """
    return signing.Signer(salt=WITHDRAW_SALT).signature(str(person.pk))


def person_for_withdrawal(person_id, signature):
    """The person a withdrawal link was made for, or None for a forged or stale one."""
    expected = signing.Signer(salt=WITHDRAW_SALT).signature(str(person_id))
    if not constant_time_compare(expected, signature):
        return None
    return Person.objects.filter(pk=person_id).first()


def withdraw_url(directory, person):
    return directory.url + directory.reverse_subpage(
        "withdraw", args=(person.pk, withdrawal_signature(person))
    )


@transaction.atomic
def relay_message(directory, person, form, ip_address):
    """Email a visitor's message to a person in the directory, if the rate limits allow it.

    Only who wrote when is stored (for the rate limits); the message itself is only emailed.
    """
    sender_email = form.cleaned_data["email"]
    try:
        enforce_rate_limits(
            ContactMessage.objects.all(),
            ip_address=ip_address,
            email=sender_email,
            per_address=MAX_MESSAGES_PER_IP,
            per_email=MAX_MESSAGES_PER_SENDER,
            address_message=_(
                "Er zijn vanaf dit adres te veel berichten verstuurd. Probeer het later opnieuw."
            ),
            email_message=_(
                "Met dit e-mailadres zijn te veel berichten verstuurd. Probeer het later opnieuw."
            ),
            email_field="sender_email",
        )
    except RateLimitExceeded as error:
        raise ContactError(str(error)) from None
    since = timezone.now() - timedelta(days=1)
    if person.contact_messages.filter(created_at__gte=since).count() >= (
        MAX_MESSAGES_PER_PERSON_PER_DAY
    ):
        # However many senders: a person in the directory must not be flooded.
        raise ContactError(
            _("%(name)s heeft vandaag al veel berichten gekregen. Probeer het morgen opnieuw.")
            % {"name": person.name}
        )

    message = ContactMessage.objects.create(
        person=person, sender_email=sender_email, ip_address=ip_address
    )
    sender_name = form.cleaned_data["name"]
    directory_url = absolute_url(directory.url)
    send_after_commit(
        _("Bericht van %(sender)s via Wie weet wat") % {"sender": sender_name},
        "email/expert_contact.txt",
        {
            "person": person,
            "sender_name": sender_name,
            "sender_email": sender_email,
            "message": form.cleaned_data["message"],
            "directory_url": directory_url,
        },
        [person.email],
        reply_to=[sender_email],
    )
    # Apart from the message: replying to it would quote the link back to the sender, who
    # could then withdraw the person's consent.
    send_after_commit(
        _("Je toestemming voor Wie weet wat"),
        "email/expert_withdraw_link.txt",
        {
            "person": person,
            "withdraw_url": absolute_url(withdraw_url(directory, person)),
            "directory_url": directory_url,
        },
        [person.email],
    )
    return message


def _sent_url(request, directory, person):
    return f"{contact_url(directory, person, request)}?verstuurd=1"


@csrf_protect
def contact(request, directory, person_id):
    person = get_object_or_404(
        Person.objects.select_related("organisation").exclude(email=""),
        pk=person_id,
        consent_to_contact=True,
    )
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if form.is_spam:
            # Look successful to the bot; store and send nothing.
            return redirect(_sent_url(request, directory, person))
        try:
            relay_message(directory, person, form, client_address(request))
        except ContactError as error:
            form.add_error(None, str(error))
        else:
            return redirect(_sent_url(request, directory, person))
    return TemplateResponse(
        request,
        "pages/expert_contact.html",
        {
            "page": directory,
            "self": directory,
            "person": person,
            "form": form,
            "sent": request.method == "GET" and request.GET.get("verstuurd") == "1",
        },
        status=400 if request.method == "POST" else 200,
    )


# Withdrawing consent --------------------------------------------------------------------------


def withdraw_consent(person):
    """Take a person out of the directory and every search index at once.

    Saving also starts a new content generation (home.caching), so no stored page shows them.
    """
    person.consent_to_contact = False
    person.save()


@csrf_protect
def withdraw(request, directory, person_id, signature):
    """A confirmation page; only its POST withdraws, since mail scanners follow every link."""
    person = person_for_withdrawal(person_id, signature)
    if person is None:
        raise Http404
    if request.method == "POST":
        if person.consent_to_contact:
            withdraw_consent(person)
            logger.info("Person %s withdrew their consent through the link", person.pk)
        return redirect(withdraw_url(directory, person))
    return TemplateResponse(
        request,
        "pages/expert_withdraw.html",
        {
            "page": directory,
            "self": directory,
            "person": person,
            "withdrawn": not person.consent_to_contact,
        },
    )
