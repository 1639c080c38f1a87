"""'Wie weet wat': who is listed, searching and filtering, the contact relay and withdrawal."""

import re
from datetime import timedelta
from types import SimpleNamespace

from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core import mail, signing
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail.models import PageViewRestriction
from wagtail.search.backends import get_search_backend

import pytest

from communities.directory import (
    MAX_MESSAGES_PER_PERSON_PER_DAY,
    WITHDRAW_SALT,
    withdraw_consent,
    withdrawal_signature,
)
from communities.factories import CommunityPageFactory, CommunityRoleFactory, PersonFactory
from communities.models import CommunityRoleType, ContactMessage, Person
from communities.roles import EDITORS_GROUP, ensure_site_groups
from home.caching import CACHE_HEADER
from home.factories import HomePageFactory, OrganisationFactory, SectorFactory, ThemeFactory
from home.models import ensure_section_pages
from portal.settings.base import DATABASE_SEARCH, engine_search_settings
from search.models import IndexOutboxAction, IndexOutboxEntry
from tests.search.helpers import closed_port

SENDER = {
    "name": "Fatima Yilmaz",
    "email": "Fatima@Example.org",
    "message": "Mag ik je iets vragen over mentoraat in de onderbouw?",
}
WITHDRAW_LINK = re.compile(r"https?://[^/\s]+(/\S*/intrekken/\d+/[\w-]+/)")


def publish(page):
    page.save_revision().publish()
    return page


@pytest.fixture
def site(db):
    """The directory with one person who consented (Anna), one who did not (Bert) and one who
    consented in another field (Carla)."""
    HomePageFactory()
    directory = ensure_section_pages()["experts"]
    mentoring = ThemeFactory(name="Mentoraat")
    careers = ThemeFactory(name="Loopbaanperspectief")
    primary = SectorFactory(name="Primair onderwijs", slug="po")
    secondary = SectorFactory(name="Voortgezet onderwijs", slug="vo")
    anna = PersonFactory(
        name="Anna Jansen",
        email="anna.jansen@example.org",
        job_title="Teamleider onderbouw",
        organisation=OrganisationFactory(name="Scholengroep Veluwe-IJssel"),
        expertise="Mentoraat en leerlingbegeleiding in de onderbouw.",
        consent_to_contact=True,
    )
    anna.expertise_themes.set([mentoring])
    anna.sectors.set([secondary])
    bert = PersonFactory(
        name="Bert Bakker",
        email="bert.bakker@example.org",
        expertise="Mentoraat in groep 8.",
        consent_to_contact=False,
    )
    bert.expertise_themes.set([mentoring])
    bert.sectors.set([secondary])
    carla = PersonFactory(
        name="Carla de Wit",
        email="carla.dewit@example.org",
        expertise="Functiedifferentiatie en loopbaangesprekken.",
        consent_to_contact=True,
    )
    carla.expertise_themes.set([careers])
    carla.sectors.set([primary])

    community = publish(CommunityPageFactory(title="Kenniskring Mentoraat"))
    CommunityRoleFactory(page=community, person=anna, role=CommunityRoleType.MODERATOR)
    hidden = publish(CommunityPageFactory(title="Besloten kring"))
    PageViewRestriction.objects.create(page=hidden, restriction_type=PageViewRestriction.LOGIN)
    CommunityRoleFactory(page=hidden, person=anna)
    draft = CommunityPageFactory(title="Kring in voorbereiding", live=False)
    CommunityRoleFactory(page=draft, person=anna)
    return SimpleNamespace(
        directory=directory,
        anna=anna,
        bert=bert,
        carla=carla,
        mentoring=mentoring,
        careers=careers,
        primary=primary,
        secondary=secondary,
        community=community,
    )


def listed(response):
    """The names of the people on a directory page, in order."""
    assert response.status_code == 200
    return re.findall(r'<h3 id="expert-\d+"[^>]*>([^<]+)</h3>', response.content.decode())


def contact_url(site, person):
    return site.directory.url + site.directory.reverse_subpage("contact", args=(person.pk,))


def send(site, person, ip="192.0.2.10", **overrides):
    return Client().post(contact_url(site, person), {**SENDER, **overrides}, REMOTE_ADDR=ip)


def found_by_backend(name):
    """The people the search backend finds for `name`, whether they consented or not."""
    return [person.name for person in get_search_backend().search(name, Person.objects.all())]


def engine_catches_up(search_backend):
    """Make what was sent to the engine searchable, without reindexing: a rebuild would hide a
    removal that never reached it."""
    if search_backend.name == "engine":
        backend = get_search_backend()
        backend.es.indices.refresh(index=f"{backend.index_prefix}*")


# The listing ----------------------------------------------------------------------------------


def test_lists_only_people_who_consented_without_any_address(site):
    response = Client().get(site.directory.url)

    assert listed(response) == ["Anna Jansen", "Carla de Wit"]
    html = response.content.decode()
    assert "Bert Bakker" not in html
    for person in (site.anna, site.bert, site.carla):
        assert person.email not in html
    assert "mailto:" not in html
    assert "2 personen" in html
    # Anna's entry: what she knows, where she works and in which public, live communities.
    assert "Teamleider onderbouw, Scholengroep Veluwe-IJssel" in html
    assert "Mentoraat en leerlingbegeleiding in de onderbouw." in html
    assert f'<a href="{site.community.url}">Kenniskring Mentoraat</a>' in html
    assert "(Moderator)" in html
    assert "Besloten kring" not in html
    assert "Kring in voorbereiding" not in html
    assert f'href="{contact_url(site, site.anna)}"' in html


def test_filters_by_theme_and_by_sector(site):
    client = Client()

    assert listed(client.get(site.directory.url, {"theme": site.careers.slug})) == ["Carla de Wit"]
    assert listed(client.get(site.directory.url, {"sector": site.secondary.slug})) == [
        "Anna Jansen"
    ]
    both = {"theme": site.mentoring.slug, "sector": site.primary.slug}
    response = client.get(site.directory.url, both)
    assert listed(response) == []
    assert "Niemand gevonden" in response.content.decode()


def test_a_person_without_an_address_is_listed_without_a_contact_link(site):
    site.carla.email = ""
    site.carla.save()

    html = Client().get(site.directory.url).content.decode()

    assert "Carla de Wit" in html
    assert contact_url(site, site.carla) not in html
    assert Client().get(contact_url(site, site.carla)).status_code == 404


@pytest.mark.django_db
def test_text_search_finds_people_by_expertise_job_organisation_and_theme(site, search_backend):
    search_backend.refresh()
    client = Client()

    def search(**params):
        return listed(client.get(site.directory.url, params))

    assert search(q="leerlingbegeleiding") == ["Anna Jansen"]
    assert search(q="loopbaangesprekken") == ["Carla de Wit"]
    assert search(q="teamleider") == ["Anna Jansen"]
    assert search(q="Veluwe-IJssel") == ["Anna Jansen"]
    assert search(q="Loopbaanperspectief") == ["Carla de Wit"]
    # Bert's expertise matches as well, but he did not consent.
    assert search(q="mentoraat") == ["Anna Jansen"]
    # Words and filters together; words nobody matches; only punctuation.
    assert search(q="mentoraat", sector=site.primary.slug) == []
    assert search(q="sterrenkunde") == []
    assert len(search(q='"')) == 2


def test_the_listing_costs_the_same_queries_for_few_or_many_people(site, settings):
    settings.PAGE_CACHE_SECONDS = 0
    themes = [site.mentoring, site.careers]
    client = Client()

    def add(n):
        for _ in range(n):
            person = PersonFactory(
                organisation=OrganisationFactory(),
                expertise="Ervaren in mentoraat.",
                consent_to_contact=True,
                email="x@example.org",
            )
            person.expertise_themes.set(themes)
            person.sectors.set([site.primary, site.secondary])
            CommunityRoleFactory(page=site.community, person=person)

    def queries(**params):
        client.get(site.directory.url, params)  # the site structure is stored by the first
        with CaptureQueriesContext(connection) as captured:
            response = client.get(site.directory.url, params)
        assert response.status_code == 200
        return len(captured)

    def measure():
        return {
            "all": queries(),
            "theme": queries(theme=site.mentoring.slug),
            "words": queries(q="mentoraat"),
        }

    add(1)
    few = measure()
    add(9)
    many = measure()

    assert many == few
    assert len(listed(client.get(site.directory.url))) == 12
    assert len(listed(client.get(site.directory.url, {"q": "mentoraat"}))) == 11


# The contact relay ----------------------------------------------------------------------------


def test_the_message_reaches_the_person_without_showing_their_address(
    site, django_capture_on_commit_callbacks
):
    form = Client().get(contact_url(site, site.anna))
    assert form.status_code == 200
    assert "Contact met Anna Jansen" in form.content.decode()
    assert site.anna.email not in form.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = send(site, site.anna)

    assert response.status_code == 302
    confirmation = Client().get(response["Location"])
    assert "Je bericht is doorgestuurd naar Anna Jansen" in confirmation.content.decode()
    assert site.anna.email not in confirmation.content.decode()

    email, notice = mail.outbox
    assert email.to == [site.anna.email]
    assert email.reply_to == ["fatima@example.org"]
    assert email.cc == [] and email.bcc == []
    # What the sender could ever see of it (a bounce, a reply) holds no address of Anna's,
    # and no link that withdraws her consent: a reply would quote it to the sender.
    assert site.anna.email not in email.subject + email.body
    assert SENDER["message"] in email.body
    assert "Fatima Yilmaz" in email.subject
    assert "fatima@example.org" in email.body
    assert not WITHDRAW_LINK.search(email.body)
    # The link comes apart, to Anna alone, with nobody to reply to but the portal.
    assert (notice.to, notice.reply_to) == ([site.anna.email], [])
    assert WITHDRAW_LINK.search(notice.body)
    assert SENDER["message"] not in notice.body

    message = ContactMessage.objects.get()
    assert (message.person, message.sender_email, message.ip_address) == (
        site.anna,
        "fatima@example.org",
        "192.0.2.10",
    )
    # Who wrote when is kept for the rate limits; what they wrote is not.
    assert SENDER["message"] not in str(
        ContactMessage.objects.values().get(pk=message.pk).values()
    )


def test_the_honeypot_pretends_success_and_sends_nothing(site, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = send(site, site.anna, website="http://spam.example")

    assert response.status_code == 302
    assert response["Location"].endswith("?verstuurd=1")
    assert not ContactMessage.objects.exists()
    assert mail.outbox == []


def test_an_invalid_message_is_refused_with_errors(site, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        empty = send(site, site.anna, message="")
        too_long = send(site, site.anna, message="x" * 2001)
        bad_name = send(site, site.anna, name="\u200b\u2028")

    for response in (empty, too_long, bad_name):
        assert response.status_code == 400
        assert 'role="alert"' in response.content.decode()
        assert site.anna.email not in response.content.decode()
    assert not ContactMessage.objects.exists()
    assert mail.outbox == []


def test_a_line_break_in_the_name_cannot_add_a_header(site, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = send(
            site,
            site.anna,
            name="Fatima\nBcc: iedereen@example.org",
            message="Eerste regel\r\ntweede\x0bregel\x00.",
        )

    # The name is one line, as its field is: the subject holds it and nothing more.
    assert response.status_code == 302
    email, _notice = mail.outbox
    assert email.subject == "Bericht van Fatima Bcc: iedereen@example.org via Wie weet wat"
    assert (email.to, email.cc, email.bcc) == ([site.anna.email], [], [])
    assert "Eerste regel\ntweede\nregel." in email.body


def test_rate_limits_per_address_per_sender_and_per_person(
    site, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(5):
            assert send(site, site.anna, email=f"afzender{n}@example.org").status_code == 302
        by_address = send(site, site.anna, email="nog-een@example.org")
        for n in range(3):
            assert send(site, site.carla, ip=f"198.51.100.{n}").status_code == 302
        by_sender = send(site, site.carla, ip="198.51.100.99")

    assert by_address.status_code == 400
    assert "vanaf dit adres te veel berichten" in by_address.content.decode()
    assert by_sender.status_code == 400
    assert "Met dit e-mailadres zijn te veel berichten" in by_sender.content.decode()
    # Each message and, apart from it, the link to withdraw.
    assert len(mail.outbox) == 2 * ContactMessage.objects.count() == 16

    # An hour later, and from everywhere: still no more than a day's worth for one person.
    ContactMessage.objects.update(created_at=timezone.now() - timedelta(hours=2))
    sent_today = ContactMessage.objects.filter(person=site.anna).count()
    for n in range(MAX_MESSAGES_PER_PERSON_PER_DAY - sent_today):
        response = send(site, site.anna, ip=f"203.0.113.{n}", email=f"ander{n}@example.org")
        assert response.status_code == 302
    flooded = send(site, site.anna, ip="203.0.113.200", email="laatste@example.org")
    assert flooded.status_code == 400
    assert "vandaag al veel berichten" in flooded.content.decode()


def test_nobody_can_write_to_someone_who_did_not_consent(site):
    client = Client()
    assert client.get(contact_url(site, site.bert)).status_code == 404
    assert send(site, site.bert).status_code == 404
    missing = site.directory.url + site.directory.reverse_subpage("contact", args=(99999,))
    assert client.get(missing).status_code == 404
    assert not ContactMessage.objects.exists()


# Withdrawing consent --------------------------------------------------------------------------


def withdraw_link(site, django_capture_on_commit_callbacks):
    """The link in the notice sent beside a relayed email."""
    with django_capture_on_commit_callbacks(execute=True):
        send(site, site.anna)
    return WITHDRAW_LINK.search(mail.outbox[-1].body).group(1)


@pytest.mark.django_db
def test_the_link_in_the_email_withdraws_consent_at_once(
    site, search_backend, django_capture_on_commit_callbacks
):
    search_backend.refresh()
    link = withdraw_link(site, django_capture_on_commit_callbacks)
    assert found_by_backend("Anna Jansen") == ["Anna Jansen"]
    # An anonymous visitor had the directory stored.
    assert Client().get(site.directory.url)[CACHE_HEADER] == "miss"
    assert Client().get(site.directory.url)[CACHE_HEADER] == "hit"

    # Opening the link (as a mail scanner does) only asks.
    confirm = Client().get(link)
    assert confirm.status_code == 200
    assert "Toestemming intrekken" in confirm.content.decode()
    site.anna.refresh_from_db()
    assert site.anna.consent_to_contact

    withdrawn = Client().post(link, follow=True)

    assert "Je staat niet (meer) in Wie weet wat" in withdrawn.content.decode()
    site.anna.refresh_from_db()
    assert (site.anna.consent_to_contact, site.anna.consented_at) == (False, None)
    directory = Client().get(site.directory.url)
    assert directory[CACHE_HEADER] == "miss"
    assert listed(directory) == ["Carla de Wit"]
    assert Client().get(contact_url(site, site.anna)).status_code == 404
    engine_catches_up(search_backend)
    assert found_by_backend("Anna Jansen") == []
    assert listed(Client().get(site.directory.url, {"q": "leerlingbegeleiding"})) == []


def test_a_forged_or_foreign_link_withdraws_nobody(site):
    client = Client()
    base = site.directory.url + "intrekken/"
    signature = withdrawal_signature(site.anna)
    foreign = signing.Signer(salt="something-else").signature(str(site.anna.pk))
    for forged in (
        f"{site.carla.pk}/{signature}",  # Anna's signature on Carla's id
        f"{site.anna.pk}/{signature[:-1]}x",
        f"{site.anna.pk}/{foreign}",  # signed with the same key for another purpose
        # Validly signed, for a person no longer there.
        f"99999/{signing.Signer(salt=WITHDRAW_SALT).signature('99999')}",
    ):
        assert client.get(f"{base}{forged}/").status_code == 404
        assert client.post(f"{base}{forged}/").status_code == 404
    site.anna.refresh_from_db()
    site.carla.refresh_from_db()
    assert site.anna.consent_to_contact and site.carla.consent_to_contact


def test_a_withdrawal_waits_for_an_engine_that_is_down_and_hides_them_meanwhile(
    site, settings, django_capture_on_commit_callbacks
):
    # Production's arrangement: the engine fed through the outbox, the database as fallback.
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {
            **engine_search_settings(
                "opensearch3", f"http://127.0.0.1:{closed_port()}", index_prefix="directory_"
            ),
            "AUTO_UPDATE": False,
        },
        "fallback": DATABASE_SEARCH,
    }
    settings.SEARCH_OUTBOX_BACKENDS = ["default"]

    with django_capture_on_commit_callbacks(execute=True):
        withdraw_consent(site.anna)

    entry = IndexOutboxEntry.objects.get(
        content_type=ContentType.objects.get_for_model(Person), object_id=str(site.anna.pk)
    )
    assert entry.action == IndexOutboxAction.DELETE
    assert entry.attempts == 1  # tried right after the commit, and kept for the next try
    # Meanwhile the directory answers from the database, without her.
    assert listed(Client().get(site.directory.url, {"q": "leerlingbegeleiding"})) == []
    assert listed(Client().get(site.directory.url, {"q": "loopbaangesprekken"})) == [
        "Carla de Wit"
    ]


@pytest.fixture
def editor(site, django_user_model):
    ensure_site_groups()
    user = django_user_model.objects.create_user("redacteur", "redactie@example.org", "x")
    user.groups.add(Group.objects.get(name=EDITORS_GROUP))
    client = Client()
    client.force_login(user)
    return client


def person_form(person, **changes):
    data = {
        "name": person.name,
        "organisation": person.organisation_id or "",
        "job_title": person.job_title,
        "email": person.email,
        "expertise": person.expertise,
        "expertise_themes": [theme.pk for theme in person.expertise_themes.all()],
        "sectors": [sector.pk for sector in person.sectors.all()],
        **changes,
    }
    if data.pop("consent_to_contact", person.consent_to_contact):
        data["consent_to_contact"] = "on"
    return data


@pytest.mark.django_db
def test_unchecking_consent_in_the_admin_withdraws_it_at_once(site, editor, search_backend):
    search_backend.refresh()
    assert Client().get(site.directory.url)[CACHE_HEADER] == "miss"
    assert found_by_backend("Anna Jansen") == ["Anna Jansen"]

    response = editor.post(
        f"/admin/communities/person/edit/{site.anna.pk}/",
        person_form(site.anna, consent_to_contact=False),
    )

    assert response.status_code == 302
    site.anna.refresh_from_db()
    assert (site.anna.consent_to_contact, site.anna.consented_at) == (False, None)
    assert listed(Client().get(site.directory.url)) == ["Carla de Wit"]
    engine_catches_up(search_backend)
    assert found_by_backend("Anna Jansen") == []


@pytest.mark.django_db
def test_checking_consent_in_the_admin_records_when_and_makes_them_findable(
    site, editor, search_backend
):
    search_backend.refresh()
    assert found_by_backend("Bert Bakker") == []
    before = timezone.now()

    editor.post(
        f"/admin/communities/person/edit/{site.bert.pk}/",
        person_form(site.bert, consent_to_contact=True),
    )

    site.bert.refresh_from_db()
    assert site.bert.consent_to_contact
    assert site.bert.consented_at >= before
    engine_catches_up(search_backend)
    assert found_by_backend("Bert Bakker") == ["Bert Bakker"]
    assert "Bert Bakker" in listed(Client().get(site.directory.url))

    # Saving again keeps the date consent was given.
    given = site.bert.consented_at
    editor.post(
        f"/admin/communities/person/edit/{site.bert.pk}/",
        person_form(site.bert, job_title="Leerkracht groep 8"),
    )
    site.bert.refresh_from_db()
    assert site.bert.consented_at == given


@pytest.mark.django_db
def test_nobody_without_consent_is_ever_in_a_search_index(site, search_backend):
    search_backend.refresh()
    newcomer = PersonFactory(name="Dirk Dekker", expertise="Mentoraat", consent_to_contact=False)
    newcomer.expertise_themes.set([site.mentoring])
    engine_catches_up(search_backend)

    assert found_by_backend("Bert Bakker") == []
    assert found_by_backend("Dirk Dekker") == []
    assert set(found_by_backend("Mentoraat")) == {"Anna Jansen"}


@pytest.mark.django_db
def test_themes_given_after_saving_are_searchable(site, search_backend):
    search_backend.refresh()
    site.carla.expertise_themes.add(ThemeFactory(name="Sterrenkunde"))
    engine_catches_up(search_backend)

    assert listed(Client().get(site.directory.url, {"q": "sterrenkunde"})) == ["Carla de Wit"]


@pytest.mark.django_db
def test_renaming_a_theme_or_organisation_is_found_at_once(site):
    # On the database backend, which Wagtail keeps up to date on every save as the site does.
    theme = site.anna.expertise_themes.get()
    theme.name = "Mentorschap"
    theme.save()
    organisation = site.anna.organisation
    organisation.name = "Stichting Rijnland"
    organisation.save()

    assert "Anna Jansen" in found_by_backend("Mentorschap")
    assert "Anna Jansen" in found_by_backend("Rijnland")
