"""Asking a knowledge question: existing knowledge first, then sending, and who may know."""

import re
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

from django.core import mail
from django.test import Client
from django.utils import timezone

from wagtail.models import PageViewRestriction

import pytest

from communities.factories import CommunityPageFactory, PersonFactory
from communities.models import CommunityStatus
from exchange.factories import KnowledgeQuestionFactory
from exchange.models import KnowledgeQuestion, QuestionIndexPage, QuestionStatus
from exchange.questions.publishing import anonymise
from exchange.questions.suggestions import suggested_communities, suggested_people
from resources.factories import PracticeExamplePageFactory, StoryPageFactory
from resources.models import PracticeExamplePage

from .conftest import publish

DUTCH_MONTHS = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
]

QUESTION = {
    "title": "Hoe betrekken we ouders bij ons onderwijs?",
    "context": "Op onze school komen weinig ouders naar de informatieavonden.",
    "email": "Vrager@Example.org",
}


def index_url():
    return QuestionIndexPage.objects.get().url


def post(stage, client=None, ip="192.0.2.10", **overrides):
    client = client or Client()
    return client.post(index_url(), {**QUESTION, **overrides, "stage": stage}, REMOTE_ADDR=ip)


@pytest.fixture
def answered_elsewhere(communities):
    """A practice example that answers the question, and a story that has nothing to do with it."""
    example = PracticeExamplePageFactory(
        parent=communities.a,
        title="Ouders betrekken met een koffieochtend",
        intro="Zo betrekken we ouders bij het onderwijs: elke maand een koffieochtend.",
    )
    unrelated = StoryPageFactory(title="Rekenen in groep 5", intro="Over rekenles.")
    return publish(example), publish(unrelated)


@pytest.mark.django_db
def test_the_first_step_shows_existing_knowledge_and_stores_nothing(
    search_backend, people, answered_elsewhere, django_capture_on_commit_callbacks
):
    example, unrelated = answered_elsewhere
    search_backend.refresh()

    with django_capture_on_commit_callbacks(execute=True):
        response = post("check")

    content = response.content.decode()
    assert response.status_code == 200
    assert "Misschien is je vraag al beantwoord" in content
    assert f'href="{example.url}"' in content
    assert "Praktijkvoorbeeld" in content
    assert "<mark>" in content
    assert unrelated.title not in content
    # The question comes along unchanged, to be sent or changed, but is not stored or sent.
    assert 'name="title" value="Hoe betrekken we ouders bij ons onderwijs?"' in content
    assert 'value="send"' in content and "Mijn vraag is beantwoord" in content
    assert not KnowledgeQuestion.objects.exists()
    assert mail.outbox == []


@pytest.mark.django_db
def test_existing_knowledge_names_each_type_as_search_does(
    search_backend, people, answered_elsewhere, monkeypatch
):
    # The label a knowledge type declares, which need not be its model's name.
    monkeypatch.setattr(
        PracticeExamplePage,
        "knowledge_label",
        classmethod(lambda cls: "Voorbeeld uit de praktijk"),
    )
    search_backend.refresh()

    content = post("check").content.decode()

    assert "Voorbeeld uit de praktijk" in content


@pytest.mark.django_db
def test_a_question_nothing_answers_yet_can_still_be_sent(search_backend, sections):
    search_backend.refresh()

    response = post("check", title="Waar vind ik subsidie voor een excursie?")

    content = response.content.decode()
    assert response.status_code == 200
    assert "We vonden nog niets" in content
    assert "Mijn vraag is beantwoord" not in content
    assert 'value="send"' in content
    assert not KnowledgeQuestion.objects.exists()


@pytest.mark.django_db
def test_sending_stores_the_question_and_tells_the_editors(
    people, terms, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(
            "send",
            sector=terms.po.pk,
            themes=[terms.ouders.pk],
            consent_to_publish="True",
            ip="198.51.100.7",
        )

    assert response.status_code == 302
    question = KnowledgeQuestion.objects.get()
    assert question.status == QuestionStatus.NEW
    assert question.email == "vrager@example.org"
    assert question.ip_address == "198.51.100.7"
    assert question.consent_to_publish
    assert question.sector == terms.po
    assert list(question.themes.all()) == [terms.ouders]
    assert [message.to for message in mail.outbox] == [[people.editor.email]]
    body = mail.outbox[0].body
    assert question.title in body
    # Names written out, not a representation of a query.
    assert f"Thema's: {terms.ouders.name}\n" in body
    assert f"Sector: {terms.po.name}\n" in body
    assert f"/admin/kennisvragen/inspect/{question.pk}/" in body
    # When it was asked, in Dutch time with the zone named: an email has no reader's zone.
    asked = question.created_at.astimezone(ZoneInfo("Europe/Amsterdam"))
    month = DUTCH_MONTHS[asked.month - 1]
    assert f"Gesteld op: {asked.day} {month} {asked.year} {asked:%H:%M} ({asked:%Z})\n" in body
    assert asked.tzname() in {"CET", "CEST"}
    # The editors find the address in the admin; it need not travel by email.
    assert "vrager@example.org" not in body

    thanks = Client().get(response["Location"])
    assert thanks.status_code == 200
    assert "Bedankt voor je vraag" in thanks.content.decode()
    assert "no-cache" in thanks["Cache-Control"] or "max-age=0" in thanks["Cache-Control"]


@pytest.mark.django_db
def test_consent_is_off_unless_the_asker_ticks_it(people):
    form_page = Client().get(index_url()).content.decode()
    checkbox = re.search(r'<input[^>]*name="consent_to_publish"[^>]*>', form_page).group(0)
    assert "checked" not in checkbox
    assert "zonder je naam, e-mailadres of organisatie" in form_page

    post("send")

    assert KnowledgeQuestion.objects.get().consent_to_publish is False


@pytest.mark.django_db
def test_the_thank_you_page_cannot_be_found_by_counting(people):
    response = post("send")
    location = urlsplit(response["Location"])
    assert location.path == f"{index_url()}verstuurd/"
    token = parse_qs(location.query)["vraag"][0]
    question = KnowledgeQuestion.objects.get()

    client = Client()
    sent = f"{index_url()}verstuurd/"
    assert client.get(sent, {"vraag": question.pk}).status_code == 404
    assert client.get(sent, {"vraag": f"{token[:-2]}xy"}).status_code == 404
    assert client.get(sent, {"vraag": token}).status_code == 200


@pytest.mark.django_db
def test_a_bot_filling_the_honeypot_is_thanked_and_nothing_is_stored(
    people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post("send", website="https://spam.example")

    assert response.status_code == 302
    assert response["Location"].endswith("/kennisvragen/verstuurd/")
    assert Client().get(response["Location"]).status_code == 200
    assert not KnowledgeQuestion.objects.exists()
    assert mail.outbox == []


@pytest.mark.django_db
def test_invalid_questions_come_back_with_their_errors(people):
    response = post("send", title="Help?", email="geen-adres", context="")

    content = response.content.decode()
    assert response.status_code == 400
    assert 'role="alert"' in content
    assert "minstens tien tekens" in content
    assert "Misschien is je vraag al beantwoord" not in content
    assert not KnowledgeQuestion.objects.exists()


@pytest.mark.django_db
def test_a_question_full_of_links_is_refused(people):
    links = " ".join(f"https://winkel{n}.example/" for n in range(4))

    response = post("check", context=f"Kijk hier: {links}")

    assert response.status_code == 400
    assert "hooguit 3 links" in response.content.decode()


@pytest.mark.django_db
def test_rate_limits_per_address_and_per_email(people):
    for number in range(5):
        assert post("send", email=f"vrager{number}@example.org").status_code == 302

    refused = post("send", email="nog-een@example.org")

    assert refused.status_code == 400
    assert "te veel vragen gesteld" in refused.content.decode()
    assert KnowledgeQuestion.objects.count() == 5

    for number in range(3):
        post("send", email="Zelfde@example.org", ip=f"203.0.113.{number}")
    assert post("send", email="zelfde@example.org", ip="203.0.113.99").status_code == 400
    assert KnowledgeQuestion.objects.filter(email="zelfde@example.org").count() == 3

    # An hour later the address may ask again.
    KnowledgeQuestion.objects.update(created_at=timezone.now() - timedelta(hours=2))
    assert post("send", email="nog-een@example.org").status_code == 302


@pytest.mark.django_db
def test_changing_the_question_on_the_second_step_brings_back_the_form(people, terms):
    response = post("edit", themes=[terms.burgerschap.pk])

    content = response.content.decode()
    assert response.status_code == 200
    assert 'value="check"' in content
    assert re.search(rf'value="{terms.burgerschap.pk}"[^>]*checked', content)
    assert not KnowledgeQuestion.objects.exists()


# Suggestions -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_communities_are_ranked_by_themes_before_sector(sections, terms):
    sector_only = CommunityPageFactory(title="A: zelfde sector", central_question="Iets anders.")
    sector_only.sectors.set([terms.po])
    one_theme = CommunityPageFactory(
        title="B: zelfde thema", central_question="Iets anders.", themes=[terms.ouders]
    )
    theme_and_sector = CommunityPageFactory(
        title="C: thema en sector", central_question="Iets anders.", themes=[terms.ouders]
    )
    theme_and_sector.sectors.set([terms.po])
    concluded = CommunityPageFactory(
        title="D: afgerond",
        central_question="Ouders betrekken.",
        themes=[terms.ouders],
        status=CommunityStatus.CONCLUDED,
    )
    private = CommunityPageFactory(
        title="E: besloten", central_question="Ouders betrekken.", themes=[terms.ouders]
    )
    draft = CommunityPageFactory(
        title="F: concept", central_question="Ouders betrekken.", themes=[terms.ouders]
    )
    unrelated = CommunityPageFactory(title="G: ander onderwerp", central_question="Rekenen.")
    for community in (sector_only, one_theme, theme_and_sector, concluded, private, unrelated):
        publish(community)
    draft.unpublish()
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="geheim"
    )
    question = KnowledgeQuestionFactory(
        title="Een vraag", context="Zonder woorden die passen.", sector=terms.po
    )
    question.themes = [terms.ouders]
    question.save()

    ranked = suggested_communities(question, limit=10)

    assert [s.item.title for s in ranked] == [
        "C: thema en sector",
        "B: zelfde thema",
        "A: zelfde sector",
    ]
    assert [s.score for s in ranked] == [3, 2, 1]


@pytest.mark.django_db
def test_words_of_the_question_count_and_equal_scores_keep_a_fixed_order(sections, terms):
    later = CommunityPageFactory(title="Zwemmen", central_question="Ouderavonden die werken.")
    earlier = CommunityPageFactory(title="Atelier", central_question="Ouderavonden en meer.")
    other = CommunityPageFactory(title="Rekenen", central_question="Breuken.")
    for community in (later, earlier, other):
        publish(community)
    question = KnowledgeQuestionFactory(title="Hoe organiseer je ouderavonden?", context="-")

    ranked = suggested_communities(question)

    assert [s.item.title for s in ranked] == ["Atelier", "Zwemmen"]
    assert ranked[0].matching_words == ["ouderavonden"]


@pytest.mark.django_db
def test_only_people_who_agreed_to_be_asked_are_suggested(terms, expert):
    refused = PersonFactory(
        name="Niet Gevraagd", email="nee@example.org", consent_to_contact=False
    )
    refused.expertise_themes.set([terms.ouders, terms.burgerschap])
    refused.sectors.set([terms.po])
    sector_only = PersonFactory(
        name="Alleen Sector", email="s@example.org", consent_to_contact=True
    )
    sector_only.sectors.set([terms.po])
    PersonFactory(
        name="Bram Woord",
        email="b@example.org",
        consent_to_contact=True,
        expertise="Ouderavonden organiseren.",
    )
    no_email = PersonFactory(name="Geen Adres", consent_to_contact=True)
    no_email.expertise_themes.set([terms.ouders])
    question = KnowledgeQuestionFactory(
        title="Hoe krijgen we meer ouders op ouderavonden?", context="-", sector=terms.po
    )
    question.themes = [terms.ouders]
    question.save()

    ranked = suggested_people(question)

    assert [s.item.name for s in ranked] == ["Sanne de Wit", "Alleen Sector", "Bram Woord"]
    assert ranked[0].score == 2 + 1 + 1  # theme, sector, and "ouderavonden" in the expertise
    assert refused not in [s.item for s in suggested_people(question, limit=10)]


@pytest.mark.django_db
def test_the_thank_you_page_shows_the_suggestions_with_contact_links(
    people, terms, expert, communities
):
    response = post("send", themes=[terms.ouders.pk], sector=terms.po.pk)

    content = Client().get(response["Location"]).content.decode()

    assert "Leergemeenschappen over dit onderwerp" in content
    assert f'href="{communities.a.url}"' in content
    assert communities.b.title not in content
    assert "Sanne de Wit" in content
    directory = sections_directory()
    assert f'href="{directory.url}{expert.pk}/contact/"' in content
    assert expert.email not in content


def sections_directory():
    from communities.models import ExpertDirectoryPage

    return ExpertDirectoryPage.objects.get()


def test_anonymising_removes_addresses_phone_numbers_and_links():
    text = (
        "Mail me op j.jansen@school.nl of bel 06-12345678 (of +31 (0)20 123 4567). "
        "Zie www.onzeschool.nl en https://example.org/pagina. In 2024 deden 120 leerlingen mee."
    )

    cleaned = anonymise(text)

    for personal in ("jansen@school.nl", "06-12345678", "123 4567", "onzeschool", "example.org"):
        assert personal not in cleaned
    assert "In 2024 deden 120 leerlingen mee." in cleaned
    assert cleaned.count("[verwijderd]") == 5
