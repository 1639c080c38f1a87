"""The building-block monitor in real Chromium, with axe on the community page, the monitor, the
scoring form and the editors' national overview."""

import io
from urllib.parse import quote

from django.core.management import call_command
from django.utils import timezone

import pytest
from playwright.sync_api import expect

from communities.factories import SelfEvaluationFactory
from communities.models import BuildingBlock, CommunityPage, SelfEvaluation
from communities.models.monitor import quarter_of
from resources.models import ToolPage

from .helpers import assert_accessible, serve_default_site_from


def previous_quarter(period):
    year, quarter = map(int, period.split("-"))
    return f"{year - 1}-4" if quarter == 1 else f"{year}-{quarter - 1}"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_member_scores_the_monitor_and_the_editors_see_the_national_picture(
    live_server, browser_page
):
    call_command("load_demo_content", stdout=io.StringIO())
    serve_default_site_from(live_server)
    community = CommunityPage.objects.get(slug="loopbaanperspectief-po")
    now = quarter_of(timezone.localdate())
    for scores in ([4, 3, 5, 2, 1, 3, 4, 5], [4, 4, 5, 2, 1, 2, 3, 5], [3, 4, 4, 3, 1, 2, 3, 5]):
        SelfEvaluationFactory(community=community, period=previous_quarter(now), scores=scores)
    # Two this quarter: the member's evaluation below makes the third, yet the running quarter
    # stays hidden until it is over.
    for _ in range(2):
        SelfEvaluationFactory(community=community, period=now, scores=[(3, "Goed begin.")] * 8)
    for tool in ToolPage.objects.live().order_by("title")[:3]:
        tool.building_blocks.set(BuildingBlock.objects.filter(number__in=[1, 4]))
        tool.save()
    page = browser_page

    page.goto(community.url)
    summary = page.locator("section[aria-labelledby='monitor-heading']")
    expect(summary.get_by_role("img", name="Gemiddelde score per bouwsteen")).to_be_visible()
    assert_accessible(page)

    summary.get_by_role("link", name="Bekijk de bouwstenen-monitor").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bouwstenen-monitor")
    expect(page.get_by_role("table").first).to_contain_text("4,7")
    assert_accessible(page)

    # Scoring asks for a login first, and comes back to the form.
    page.goto(f"{community.url}bouwstenen/invullen/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen")
    page.get_by_label("Gebruikersnaam").fill("lid")
    page.get_by_label("Wachtwoord").fill("demo-lid-2026")
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vul de bouwstenen-monitor in")
    expect(page.get_by_label("Anoniem invullen")).to_be_checked()
    assert_accessible(page)

    page.get_by_role("button", name="Scores versturen").click()
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page.get_by_text("Kies een score voor deze bouwsteen.").first).to_be_visible()
    assert_accessible(page)

    for block in BuildingBlock.objects.order_by("number"):
        group = page.get_by_role("group", name=str(block))
        group.get_by_label("5 \N{EN DASH} helemaal wel").check()
    page.get_by_label("Toelichting bij bouwsteen 2").fill("We delen veel.")
    page.get_by_role("button", name="Scores versturen").click()
    thanks = page.get_by_role("status").filter(has_text="Bedankt voor het invullen")
    expect(thanks).to_be_visible()
    evaluation = SelfEvaluation.objects.filter(community=community, period=now).latest("pk")
    assert evaluation.respondent is None
    assert sorted(evaluation.scores.values_list("score", flat=True)) == [5] * 8
    # The last quarter's means stay; this quarter's wait for its end.
    expect(page.get_by_role("table").first).to_contain_text("4,7")
    expect(page.get_by_text("verschijnen als dat kwartaal voorbij is")).to_be_visible()
    expect(page.get_by_text("We delen veel.")).to_have_count(0)
    assert_accessible(page)

    page.get_by_role("button", name="Uitloggen").click()
    overview = "/admin/bouwstenen-monitor/"
    page.goto(f"/account/inloggen/?next={quote(overview)}")
    page.get_by_label("Gebruikersnaam").fill("redactie")
    page.get_by_label("Wachtwoord").fill("demo-redactie-2026")
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bouwstenen-monitor")
    expect(page.get_by_role("table").first).to_be_visible()
    assert_accessible(page)
