"""'Ik heb dit gebruikt' on a practice example, in real Chromium, with axe on the form."""

import io

from django.core.management import call_command

import pytest
from playwright.sync_api import expect

from resources.models import PracticeExamplePage, ReuseReport, ReuseStatus

from .helpers import assert_accessible, serve_default_site_from


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_visitor_says_they_used_a_practice_example(live_server, browser_page):
    call_command("load_demo_content", stdout=io.StringIO())
    serve_default_site_from(live_server)
    example = PracticeExamplePage.objects.live().public().order_by("pk").first()
    before = ReuseReport.objects.filter(page=example).exclude(status=ReuseStatus.REJECTED).count()
    page = browser_page

    page.goto(example.url)
    expect(page.locator("#gebruikt")).not_to_contain_text("Je hebt dit gebruikt")
    page.get_by_role("link", name="Ik heb dit gebruikt").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ik heb dit gebruikt")
    assert_accessible(page)

    page.get_by_label("Hoe en waar heb je het gebruikt? (niet verplicht)").fill(
        "Gebruikt in de bovenbouw bij een project over burgerschap."
    )
    page.get_by_role("button", name="Ik heb dit gebruikt").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(example.title)
    section = page.locator("#gebruikt")
    expect(section).to_contain_text(f"{before + 1} keer gebruikt")
    expect(section.get_by_role("status")).to_contain_text("Je hebt dit gebruikt")
    expect(section.get_by_role("link", name="Ik heb dit gebruikt")).to_have_count(0)
    # The note waits for a moderator.
    expect(section).not_to_contain_text("bovenbouw")
    assert ReuseReport.objects.get(page=example, note__contains="bovenbouw").status == (
        ReuseStatus.PENDING
    )
    assert_accessible(page)
