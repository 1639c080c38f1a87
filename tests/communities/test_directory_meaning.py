"""'Wie weet wat' finds people by what they mean, not only by their words: by the public pages
they are linked to, and by their expertise and themes; never by a page a visitor may not see."""

import re

from django.test import Client

from wagtail.models import PageViewRestriction

import pytest

from communities.directory import nearest_people
from communities.factories import CommunityPageFactory, PersonFactory
from home.factories import HomePageFactory, ThemeFactory
from home.models import ensure_section_pages
from resources.factories import PracticeExamplePageFactory

QUERY = "geschiedenis van de buurt in de les"


def publish(page):
    page.save_revision().publish()
    return page.__class__.objects.get(pk=page.pk)


def listed(response):
    assert response.status_code == 200
    return re.findall(r'<h3 id="expert-\d+"[^>]*>([^<]+)</h3>', response.content.decode())


@pytest.fixture
def directory(db):
    """Three people who consented: one involved in the erfgoed example, one whose own words
    say nothing about it, one involved only in a page behind a login; and one who did not
    consent but is involved in the erfgoed example too."""
    HomePageFactory()
    directory = ensure_section_pages()["experts"]
    community = publish(CommunityPageFactory(title="Kenniskring Cultuureducatie"))

    def person(name, expertise, consent=True):
        return PersonFactory(
            name=name,
            email=f"{name.split()[0].lower()}@example.org",
            expertise=expertise,
            consent_to_contact=consent,
        )

    # Her own words do not mention history: the page she worked on does.
    involved = person("Noor Hendriks", "Samenwerking tussen scholen en culturele instellingen.")
    involved.expertise_themes.set([ThemeFactory(name="Cultuurbeleid")])
    counting = person("Karin Som", "Rekenen en wiskunde in het primair onderwijs.")
    hidden = person("Pim Verborgen", "Samenwerking in netwerken.")
    declined = person("Dirk Nee", "Samenwerking tussen scholen.", consent=False)
    example = PracticeExamplePageFactory(
        parent=community,
        title="Een erfgoedleerlijn met zes scholen",
        intro=(
            "Zes basisscholen maakten met het erfgoedcentrum een leerlijn over de "
            "geschiedenis van de eigen omgeving. Leerlingen gaan op pad in hun buurt, "
            "bezoeken monumenten en interviewen oudere bewoners."
        ),
    )
    example.people_involved.set([involved, declined])
    publish(example)
    private = PracticeExamplePageFactory(
        parent=community,
        title="Wijkgeschiedenis met leerlingen",
        intro="Leerlingen onderzoeken de geschiedenis van hun eigen buurt en wijk in de les.",
    )
    private.people_involved.set([hidden])
    private = publish(private)
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    return directory, involved, counting, hidden, declined


def test_a_person_involved_in_the_erfgoed_example_is_found_for_local_history_in_class(
    directory, search_backend
):
    page, involved, counting, hidden, declined = directory
    search_backend.refresh()

    names = listed(Client().get(page.url, {"q": QUERY}))

    assert names[:1] == [involved.name]
    assert counting.name not in names
    # Only what a visitor may see makes a person's meaning, and only who consented is listed.
    assert hidden.name not in names
    assert declined.name not in names
    assert hidden.pk not in [pk for pk, _similarity in nearest_people(QUERY)]
    assert declined.pk not in [pk for pk, _similarity in nearest_people(QUERY)]


def test_a_person_who_withdraws_consent_is_no_longer_found_by_meaning(directory, search_backend):
    page, involved, *_others = directory
    search_backend.refresh()
    assert involved.pk in [pk for pk, _similarity in nearest_people(QUERY)]

    involved.consent_to_contact = False
    involved.save()

    assert involved.pk not in [pk for pk, _similarity in nearest_people(QUERY)]
    assert involved.name not in listed(Client().get(page.url, {"q": QUERY}))


def test_without_search_by_meaning_the_words_alone_answer(directory, search_backend, settings):
    page, involved, *_others = directory
    search_backend.refresh()
    settings.SEMANTIC_SEARCH = False

    assert listed(Client().get(page.url, {"q": QUERY})) == []
    assert listed(Client().get(page.url, {"q": "culturele instellingen"})) == [involved.name]
