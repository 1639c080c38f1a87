"""'Wie weet wat': listing the people who consented, relaying messages to them, and withdrawing.

A person's email address never leaves the server: the listing does not even load it, and a
message from a visitor is emailed to the person with the visitor as Reply-To, so the person
decides whether to answer and so reveal their address.
"""

import hashlib
import logging
from datetime import timedelta
from itertools import groupby

from django.core import signing
from django.core.cache import cache
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

import numpy as np

from home.abuse import RateLimitExceeded, client_address, enforce_rate_limits
from home.knowledge import knowledge_types
from home.listing import paginate
from home.mail import absolute_url
from home.models import Sector, Theme, not_expired_q, private_page_ids
from home.outgoing_mail import send_after_commit
from search.analysis import plain_words
from search.models import PageEmbedding
from search.query import searchable_pages, tiered_ids, with_fallback
from search.semantic.encoder import (
    DIMENSIONS,
    EncoderUnavailable,
    encode,
    encode_query,
    from_bytes,
    model_version,
)
from search.semantic.encoder import enabled as semantic_enabled
from search.semantic.hybrid import close_enough, fuse, words_suffice
from search.semantic.store import note_failure

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


def _ranking(text, backend_name):
    # Only the ids are needed: addresses and the rest stay in the database. The same tiers
    # as the search page: own words, synonyms, compounds ("cultuur" finds Cultuureducatie),
    # typos when few are found.
    consenting = Person.objects.filter(consent_to_contact=True).only("pk")
    backend = get_search_backend(backend_name)
    return tiered_ids(text, backend, consenting, MAX_CANDIDATES)


def ranked_person_ids(text):
    """Ids of the consenting people matching `text`, best first: by its words from the search
    backend, fused with the people nearest to it by meaning (nearest_people), as the search
    page fuses pages (search.semantic.hybrid.fuse).

    The same call on every backend; only an unreachable engine makes the database index answer.
    """
    ranking = with_fallback(lambda backend_name: _ranking(text, backend_name))[0]
    if words_suffice(text, ranking):
        return ranking.ids
    hits = nearest_people(text)
    return fuse(ranking, hits, MAX_CANDIDATES).ids if hits else ranking.ids


# Search by meaning ------------------------------------------------------------------------------
# A person means what they wrote and what they are about: the mean of the vectors of the public
# knowledge pages they are linked to (a practice example's "betrokkenen", the communities they
# have a role in) and of their own expertise with their themes' names. Built per search from
# the stored page vectors: a few constant queries however many people, and only a text not
# seen before is encoded (a few dozen people take milliseconds).


def _linked_pages(person_ids):
    """(person id, page id) of every knowledge page linked to one of `person_ids`: through a
    knowledge type's many-to-many field to Person, and through the roles in communities."""
    links = list(
        CommunityRole.objects.filter(person_id__in=person_ids).values_list("person_id", "page_id")
    )
    fields = {
        field
        for model in knowledge_types().values()
        for field in model._meta.many_to_many
        if field.related_model is Person
    }
    for field in fields:
        through = field.remote_field.through
        person_column, page_column = field.m2m_reverse_name(), field.m2m_column_name()
        links += through.objects.filter(**{f"{person_column}__in": person_ids}).values_list(
            person_column, page_column
        )
    return links


def _public_page_vectors(page_ids):
    """Page id → the mean of its chunks' vectors, for the live, public, unexpired knowledge
    pages among `page_ids` (privacy decided in SQL, as for the search)."""
    private = frozenset().union(*(private_page_ids(model) for model in knowledge_types().values()))
    public = (
        searchable_pages()
        .filter(pk__in=set(page_ids) - private)
        .filter(not_expired_q())
        .values("pk")
    )
    rows = PageEmbedding.objects.filter(model_version=model_version(), page_id__in=public)
    chunks = {}
    for page_id, vector in rows.values_list("page_id", "vector"):
        chunks.setdefault(page_id, []).append(from_bytes(vector))
    return {page_id: np.mean(vectors, axis=0) for page_id, vectors in chunks.items()}


def _own_text_vectors(texts):
    """The vectors of `texts`, each encoded once per model version and then kept."""
    keys = {
        text: "portal:person-text-vector:"
        + hashlib.sha256(f"{model_version()}:{text}".encode()).hexdigest()
        for text in texts
    }
    stored = cache.get_many(list(keys.values()))
    missing = [text for text in texts if keys[text] not in stored]
    if missing:
        fresh = dict(zip(missing, encode(missing), strict=True))
        cache.set_many({keys[text]: vector for text, vector in fresh.items()}, timeout=None)
        stored.update({keys[text]: vector for text, vector in fresh.items()})
    return {text: stored[keys[text]] for text in texts}


def person_vectors():
    """(person ids, a matrix of their unit vectors, one row each) of the people who consented;
    EncoderUnavailable when the encoder cannot be used."""
    people = dict(Person.objects.filter(consent_to_contact=True).values_list("pk", "expertise"))
    themes = {}
    through = Person.expertise_themes.through
    for person_id, name in through.objects.filter(person_id__in=people).values_list(
        "person_id", "theme__name"
    ):
        themes.setdefault(person_id, []).append(name)
    texts = {
        pk: " ".join([expertise.strip(), *sorted(themes.get(pk, ()))]).strip()
        for pk, expertise in people.items()
    }
    own = _own_text_vectors(sorted({text for text in texts.values() if text}))
    links = _linked_pages(list(people))
    pages = _public_page_vectors({page_id for _person_id, page_id in links})
    parts = {pk: [own[text]] if text else [] for pk, text in texts.items()}
    for person_id, page_id in set(links):
        if page_id in pages:
            parts[person_id].append(pages[page_id])
    ids = [pk for pk in sorted(parts) if parts[pk]]
    if not ids:
        return ids, np.zeros((0, DIMENSIONS), dtype=np.float32)
    matrix = np.stack([np.mean(parts[pk], axis=0) for pk in ids]).astype(np.float32)
    matrix /= np.maximum(np.linalg.norm(matrix, axis=1, keepdims=True), 1e-9)
    return ids, matrix


def nearest_people(text):
    """(person id, similarity) of the consenting people nearest to `text` by meaning, best
    first, with the floor and margin of the page search (search.semantic.hybrid); [] when
    search by meaning is off or cannot answer."""
    if not semantic_enabled():
        return []
    try:
        ids, matrix = person_vectors()
        if not ids:
            return []
        similarities = matrix @ encode_query(text)
    except EncoderUnavailable as error:
        note_failure(error)
        return []
    order = np.argsort(-similarities, kind="stable")[:MAX_CANDIDATES]
    return close_enough([(ids[i], float(similarities[i])) for i in order])


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

    Only who wrote when is stored (for the rate limits); the message itself only in the mail
    queue until it is sent (home.outgoing_mail).
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
        secret_link=True,
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
