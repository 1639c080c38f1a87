"""Asking a knowledge question in real Chromium, with axe on every step and the answer page."""

import io

from django.core.management import call_command

import pytest
from playwright.sync_api import expect

from exchange.models import KnowledgeQuestion, QuestionAnswerPage, QuestionIndexPage

from .helpers import assert_accessible, serve_default_site_from


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_visitor_sees_existing_answers_first_and_then_sends_the_question(
    live_server, browser_page
):
    call_command("load_demo_content", stdout=io.StringIO())
    serve_default_site_from(live_server)
    answered = QuestionAnswerPage.objects.live().get(
        slug="hoe-houden-we-onze-leergemeenschap-levend-na-het-eerste-jaar"
    )
    page = browser_page

    page.goto(QuestionIndexPage.objects.get().url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Kennisvragen")
    expect(page.get_by_role("link", name=answered.title)).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Verder").click()
    expect(page.get_by_role("alert")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("textbox", name="Je vraag").fill("Hoe houden we een leergemeenschap levend?")
    page.get_by_role("textbox", name="Toelichting").fill(
        "Na een mooie start komen er steeds minder mensen."
    )
    page.get_by_role("group", name="Thema's").get_by_label(
        "Leergemeenschappen ontwikkelen"
    ).check()
    page.get_by_role("textbox", name="E-mailadres voor het antwoord").fill("vrager@example.org")
    page.get_by_role("button", name="Verder").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Misschien is je vraag al beantwoord"
    )
    expect(page.get_by_role("link", name=answered.title)).to_be_visible()
    assert not KnowledgeQuestion.objects.exists()
    assert_accessible(page)

    page.get_by_role("button", name="Vraag toch versturen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Je vraag is verstuurd")
    expect(page.get_by_role("status").filter(has_text="Bedankt voor je vraag")).to_be_visible()
    expect(
        page.get_by_role("heading", name="Leergemeenschappen over dit onderwerp")
    ).to_be_visible()
    question = KnowledgeQuestion.objects.get()
    assert question.email == "vrager@example.org"
    assert_accessible(page)

    page.goto(answered.url)
    expect(page.get_by_role("heading", level=1)).to_have_text(answered.title)
    expect(page.get_by_role("heading", name="Het antwoord")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Stel je vraag aan leergemeenschappen en experts").click()
    expect(page.get_by_role("heading", level=2, name="Stel je vraag")).to_be_visible()
