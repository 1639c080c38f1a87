"""'Wie weet wat' in Chromium: finding an expert and writing to them, with axe on each page."""

import io
import re

from django.core import mail
from django.core.management import call_command

import pytest
from playwright.sync_api import expect

from communities.models import ContactMessage, ExpertDirectoryPage, Person

from .helpers import assert_accessible, serve_default_site_from


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_visitor_finds_an_expert_and_writes_to_them(live_server, browser_page):
    call_command("load_demo_content", stdout=io.StringIO())
    serve_default_site_from(live_server)
    expert = Person.objects.get(name="Sanne de Vries")
    expert_directory = ExpertDirectoryPage.objects.get()
    page = browser_page

    page.goto("/")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Wie weet wat"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Wie weet wat")
    assert_accessible(page)
    listed = Person.objects.filter(consent_to_contact=True).count()
    expect(page.locator("#results-heading")).to_have_text(f"{listed} personen")
    expect(page.get_by_role("heading", name="Ingrid Bakker")).to_have_count(0)

    page.get_by_label("Zoek op naam, expertise, functie of organisatie").fill("loopbaanbeleid")
    page.get_by_label("Sector").select_option(label="Primair onderwijs")
    page.get_by_role("button", name="Personen zoeken").click()
    expect(page.get_by_role("heading", level=3)).to_have_text(["Sanne de Vries"])
    expect(page.locator("#results-heading")).to_have_text("1 persoon")
    assert_accessible(page)
    assert expert.email not in page.content()

    page.get_by_role("link", name="Neem contact op met Sanne de Vries").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Contact met Sanne de Vries")
    assert_accessible(page)

    page.get_by_role("button", name="Bericht versturen").click()
    expect(page.get_by_role("alert")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Je naam").fill("Fatima Yilmaz")
    page.get_by_label("Je e-mailadres").fill("fatima@example.org")
    page.get_by_label("Je bericht").fill("Hoe begin je met loopbaangesprekken in een klein team?")
    page.get_by_role("button", name="Bericht versturen").click()
    expect(
        page.get_by_role("status").filter(has_text="Je bericht is doorgestuurd")
    ).to_be_visible()
    assert_accessible(page)
    assert expert.email not in page.content()
    assert ContactMessage.objects.filter(person=expert, sender_email="fatima@example.org")
    relayed, notice = mail.outbox[-2:]
    assert relayed.to == notice.to == [expert.email]
    assert relayed.reply_to == ["fatima@example.org"]

    # The expert follows the link in the notice sent beside the message, and withdraws.
    page.goto(re.search(r"https?://[^/\s]+(/\S+/intrekken/\S+/)", notice.body)[1])
    expect(page.get_by_role("heading", level=1)).to_have_text("Toestemming intrekken")
    assert_accessible(page)
    page.get_by_role("button", name="Toestemming intrekken").click()
    expect(page.get_by_role("status").filter(has_text="Je staat niet (meer)")).to_be_visible()
    assert_accessible(page)
    page.goto(expert_directory.url)
    expect(page.get_by_role("heading", name="Sanne de Vries")).to_have_count(0)
