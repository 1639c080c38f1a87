"""The building-block monitor: scoring, anonymity, the means shown as chart and tables, the
tools per block, and the editors' national overview."""

import datetime
from urllib.parse import quote

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from wagtail.models import PageViewRestriction

import pytest
from bs4 import BeautifulSoup

from communities.factories import CommunityPageFactory, SelfEvaluationFactory
from communities.models import (
    BuildingBlock,
    BuildingBlockScore,
    CommunityPage,
    EvaluationParticipation,
    RespondentRole,
    SelfEvaluation,
)
from communities.models.monitor import quarter_of
from communities.monitor.aggregates import community_monitor
from communities.monitor.scoring import AlreadyEvaluated, record_evaluation
from home.caching import CACHE_HEADER
from home.factories import SectorFactory
from home.models import ensure_section_pages
from resources.factories import ToolPageFactory

# Three evaluations whose means per block are known: 3.7, 3.7, 4.7, 2.3, 1.0, 2.3, 3.3, 5.0.
KNOWN_SCORES = [
    [4, 3, 5, 2, 1, 3, 4, 5],
    [4, 4, 5, 2, 1, 2, 3, 5],
    [3, 4, 4, 3, 1, 2, 3, 5],
]
KNOWN_MEANS = ["3,7", "3,7", "4,7", "2,3", "1,0", "2,3", "3,3", "5,0"]
# The bars start at score 1 and are 420 wide at score 5: (mean - 1) * 105.
KNOWN_BAR_WIDTHS = ["283.5", "283.5", "388.5", "136.5", "0", "136.5", "241.5", "420"]


def blocks():
    return list(BuildingBlock.objects.order_by("number"))


def monitor_url(community):
    return f"{community.url}bouwstenen/"


def score_url(community):
    return f"{community.url}bouwstenen/invullen/"


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def form_data(scores, notes=None, anonymous=True):
    data = {f"score_{number}": str(score) for number, score in enumerate(scores, start=1)}
    data.update({f"note_{number}": note for number, note in (notes or {}).items()})
    if anonymous:
        data["anonymous"] = "on"
    return data


def evaluate(community, period, *score_lists):
    for scores in score_lists:
        SelfEvaluationFactory(community=community, period=period, scores=scores)


def soup_of(response):
    return BeautifulSoup(response.content.decode(), "html.parser")


def soup(response):
    assert response.status_code == 200
    return soup_of(response)


def table_rows(html, caption_starts_with):
    """{row header: [cell texts]} of the table whose caption starts with the given text."""
    for table in html.find_all("table"):
        if table.caption and table.caption.get_text(strip=True).startswith(caption_starts_with):
            return {
                row.th.get_text(strip=True): [td.get_text(strip=True) for td in row("td")]
                for body in table("tbody")
                for row in body("tr")
            }
    raise AssertionError(f"No table captioned {caption_starts_with!r}")


def table_header(html, caption_starts_with):
    for table in html.find_all("table"):
        if table.caption and table.caption.get_text(strip=True).startswith(caption_starts_with):
            return [th.get_text(strip=True) for th in table.thead("th")]
    raise AssertionError(f"No table captioned {caption_starts_with!r}")


# Scoring -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_member_scores_their_community_anonymously_by_default(communities, people):
    member = client_for(people.member_a)

    form = soup(member.get(score_url(communities.a)))
    legends = [legend.get_text(strip=True) for legend in form.find_all("legend")]
    anonymous = form.find("input", attrs={"name": "anonymous"})
    response = member.post(
        score_url(communities.a),
        form_data([4, 3, 5, 2, 1, 3, 4, 5], notes={2: "  We delen nog weinig.  "}),
    )

    assert legends == [str(block) for block in blocks()]
    assert len(form.find_all("input", attrs={"name": "score_1", "type": "radio"})) == 5
    assert anonymous.has_attr("checked")
    assert response.status_code == 302
    assert response.url == f"{monitor_url(communities.a)}?bedankt=1"
    evaluation = SelfEvaluation.objects.get(community=communities.a)
    assert evaluation.respondent is None
    assert evaluation.role == RespondentRole.MEMBER
    assert evaluation.period == quarter_of(timezone.localdate())
    assert [(s.building_block.number, s.score, s.note) for s in evaluation.scores.all()] == [
        (1, 4, ""),
        (2, 3, "We delen nog weinig."),
        (3, 5, ""),
        (4, 2, ""),
        (5, 1, ""),
        (6, 3, ""),
        (7, 4, ""),
        (8, 5, ""),
    ]
    thanks = soup(member.get(response.url)).find(attrs={"role": "status"})
    assert "Bedankt voor het invullen" in thanks.get_text()


@pytest.mark.django_db
def test_a_moderator_may_score_under_their_own_name(communities, people):
    response = client_for(people.moderator_a).post(
        score_url(communities.a), form_data([3] * 8, anonymous=False)
    )

    assert response.status_code == 302
    evaluation = SelfEvaluation.objects.get(community=communities.a)
    assert evaluation.respondent == people.moderator_a
    assert evaluation.role == RespondentRole.MODERATOR


@pytest.mark.django_db
def test_someone_both_member_and_moderator_scores_as_moderator(communities, people):
    community = CommunityPage.objects.get(pk=communities.a.pk)
    people.member_a.groups.add(community.moderators_group)

    client_for(people.member_a).post(score_url(community), form_data([3] * 8))

    assert SelfEvaluation.objects.get().role == RespondentRole.MODERATOR


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["moderator_b", "editor", "admin"])
def test_only_the_communitys_members_and_moderators_may_score(communities, people, who):
    client = client_for(getattr(people, who))

    shown = client.get(score_url(communities.a))
    sent = client.post(score_url(communities.a), form_data([3] * 8))

    assert shown.status_code == 403
    assert "Alleen de leden en moderatoren van Netwerk Burgerschap" in shown.content.decode()
    assert sent.status_code == 403
    assert not SelfEvaluation.objects.exists()
    assert not EvaluationParticipation.objects.exists()


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_log_in_first(communities):
    url = score_url(communities.a)

    response = Client().post(url, form_data([3] * 8))

    assert response.status_code == 302
    assert response.url == f"/account/inloggen/?next={quote(url)}"
    assert not SelfEvaluation.objects.exists()


@pytest.mark.django_db
def test_a_second_evaluation_in_the_same_quarter_is_refused(communities, people):
    member = client_for(people.member_a)
    member.post(score_url(communities.a), form_data([3] * 8))

    again = member.post(score_url(communities.a), form_data([5] * 8))
    shown = member.get(score_url(communities.a))

    assert again.status_code == 400
    alert = soup_of(again).find(attrs={"role": "alert"})
    assert "Je hebt deze leergemeenschap dit kwartaal al beoordeeld" in alert.get_text()
    assert "Je hebt deze leergemeenschap dit kwartaal al beoordeeld" in shown.content.decode()
    assert shown.status_code == 200
    assert not soup(shown).find("form", attrs={"method": "post", "class": "form monitor-form"})
    assert SelfEvaluation.objects.count() == 1
    assert set(BuildingBlockScore.objects.values_list("score", flat=True)) == {3}


@pytest.mark.django_db
def test_the_participation_register_alone_refuses_a_second_evaluation(communities, people):
    """Also when two submissions pass the form at once: the unique constraint decides."""
    data = {f"score_{block.number}": 4 for block in blocks()} | {"anonymous": True}
    today = datetime.date(2026, 5, 12)
    record_evaluation(communities.a, people.member_a, data, today=today)

    with pytest.raises(AlreadyEvaluated):
        record_evaluation(communities.a, people.member_a, data, today=datetime.date(2026, 6, 30))
    record_evaluation(communities.a, people.member_a, data, today=datetime.date(2026, 7, 1))

    assert list(SelfEvaluation.objects.order_by("period").values_list("period", flat=True)) == [
        "2026-2",
        "2026-3",
    ]
    assert BuildingBlockScore.objects.count() == 16


@pytest.mark.django_db
def test_every_block_needs_a_score_from_one_to_five(communities, people):
    data = form_data([3] * 8)
    del data["score_4"]
    data["score_6"] = "6"

    response = client_for(people.member_a).post(score_url(communities.a), data)

    assert response.status_code == 400
    html = soup_of(response)
    errors = {
        fieldset.legend.get_text(strip=True): fieldset.find(class_="field__errors")
        for fieldset in html.find_all("fieldset")
    }
    assert "Kies een score voor deze bouwsteen." in errors[str(blocks()[3])].get_text()
    assert errors[str(blocks()[5])] is not None
    assert [name for name, error in errors.items() if error] == [
        str(blocks()[3]),
        str(blocks()[5]),
    ]
    assert not SelfEvaluation.objects.exists()
    assert not EvaluationParticipation.objects.exists()


@pytest.mark.django_db
def test_an_anonymous_evaluation_names_nobody(communities, people):
    client_for(people.member_a).post(score_url(communities.a), form_data([3] * 8))

    evaluation = SelfEvaluation.objects.get()
    participation = EvaluationParticipation.objects.get()

    assert evaluation.respondent_id is None
    # The register says who took part, and nothing about what they scored.
    assert {f.name for f in EvaluationParticipation._meta.concrete_fields} == {
        "id",
        "community",
        "user",
        "period",
    }
    assert (participation.user, participation.community_id, participation.period) == (
        people.member_a,
        communities.a.pk,
        evaluation.period,
    )
    # A day, not a moment, so the two rows cannot be matched by time.
    assert isinstance(evaluation.created_on, datetime.date)
    assert not isinstance(evaluation.created_on, datetime.datetime)


# The means, the chart and the tables ---------------------------------------------------------


@pytest.mark.django_db
def test_the_monitor_shows_the_latest_means_as_chart_and_table(communities):
    evaluate(communities.a, "2026-1", *KNOWN_SCORES)
    evaluate(communities.b, "2026-1", [1] * 8, [1] * 8, [1] * 8)  # another community's

    html = soup(Client().get(monitor_url(communities.a)))

    rows = table_rows(html, "Gemiddelde score per bouwsteen, 1e kwartaal 2026 (3 deelnemers)")
    assert rows == {str(block): [mean] for block, mean in zip(blocks(), KNOWN_MEANS, strict=True)}
    svg = html.find("figure", class_="bar-chart").svg
    assert [bar["width"] for bar in svg.find_all("rect", class_="bar-chart__bar")] == (
        KNOWN_BAR_WIDTHS
    )
    labelled_by = svg["aria-labelledby"].split()
    assert [html.find(id=ident).name for ident in labelled_by] == ["title", "desc"]
    title, desc = (html.find(id=ident).get_text() for ident in labelled_by)
    assert title == "Gemiddelde score per bouwsteen, 1e kwartaal 2026"
    assert f"{blocks()[2]}: 4,7." in desc
    assert "3 deelnemers" in desc
    values = [text.get_text() for text in svg.find_all("text", attrs={"font-weight": "700"})]
    assert values == KNOWN_MEANS


@pytest.mark.django_db
def test_the_community_page_summarises_the_latest_quarter(communities):
    evaluate(communities.a, "2025-4", [5] * 8, [5] * 8, [5] * 8)
    evaluate(communities.a, "2026-1", *KNOWN_SCORES)

    html = soup(Client().get(communities.a.url))

    section = html.find("section", attrs={"aria-labelledby": "monitor-heading"})
    rows = table_rows(section, "Gemiddelde score per bouwsteen, 1e kwartaal 2026")
    assert [cells[0] for cells in rows.values()] == KNOWN_MEANS
    bars = section.find_all("rect", class_="bar-chart__bar")
    assert [bar["width"] for bar in bars] == KNOWN_BAR_WIDTHS
    assert section.find("a", string="Bekijk de bouwstenen-monitor")["href"] == (
        monitor_url(communities.a)
    )


@pytest.mark.django_db
def test_means_are_rounded_half_up_to_one_decimal(communities):
    evaluate(communities.a, "2026-1", [2] * 8, [2] * 8, [2] * 8, [3] + [5] * 7)

    monitor = community_monitor(communities.a)

    assert monitor.latest.respondents == 4
    # 9 / 4 = 2.25: rounding half to even would make it 2.2.
    assert [str(mean) for _block, mean in monitor.rows] == ["2.3"] + ["2.8"] * 7


@pytest.mark.django_db
def test_a_quarter_with_too_few_respondents_is_not_shown(communities, people):
    evaluate(communities.a, "2026-1", [5] * 8, [1] * 8)

    for client in (Client(), client_for(people.moderator_a), client_for(people.editor)):
        monitor = soup(client.get(monitor_url(communities.a)))
        page = soup(client.get(communities.a.url))

        assert "Nog niets te tonen" in monitor.get_text()
        assert "Nog niets te tonen" in page.get_text()
        for html in (monitor, page):
            assert not html.find("figure", class_="bar-chart")
            assert not html.find("rect", class_="bar-chart__bar")
            assert "3,0" not in html.get_text()


@pytest.mark.django_db
def test_a_newer_quarter_waits_for_enough_respondents_while_the_last_one_stays(communities):
    evaluate(communities.a, "2025-4", *KNOWN_SCORES)
    evaluate(communities.a, "2026-1", [5] * 8, [5] * 8)

    html = soup(Client().get(monitor_url(communities.a)))

    assert table_rows(html, "Gemiddelde score per bouwsteen, 4e kwartaal 2025")
    assert "De scores over het 1e kwartaal 2026 verschijnen als dat kwartaal voorbij is" in (
        " ".join(html.get_text().split())
    )
    bars = html.find_all("rect", class_="bar-chart__bar")
    assert [bar["width"] for bar in bars] == KNOWN_BAR_WIDTHS


@pytest.mark.django_db
def test_the_trend_shows_the_last_eight_quarters_with_enough_respondents(communities):
    quarters = [f"{year}-{quarter}" for year in (2023, 2024, 2025) for quarter in (1, 2, 3, 4)]
    for number, period in enumerate(quarters[:10]):
        score = number % 5 + 1
        evaluate(communities.a, period, [score] * 8, [score] * 8, [score] * 8)
    evaluate(communities.a, quarters[10], [2] * 8, [2] * 8)  # too few: left out
    evaluate(communities.a, quarters[11], *KNOWN_SCORES)

    html = soup(Client().get(monitor_url(communities.a)))

    header = table_header(html, "Gemiddelde score per bouwsteen per kwartaal")
    assert header == [
        "Bouwsteen",
        "4e kwartaal 2023",
        "1e kwartaal 2024",
        "2e kwartaal 2024",
        "3e kwartaal 2024",
        "4e kwartaal 2024",
        "1e kwartaal 2025",
        "2e kwartaal 2025",
        "4e kwartaal 2025",
    ]
    rows = table_rows(html, "Gemiddelde score per bouwsteen per kwartaal")
    # Quarter n (from 0) scored n % 5 + 1 on every block; the last one the known scores.
    assert rows[str(blocks()[0])] == ["4,0", "5,0", "1,0", "2,0", "3,0", "4,0", "5,0", "3,7"]
    assert rows[str(blocks()[2])][-1] == "4,7"
    assert rows["Aantal deelnemers"] == ["3"] * 8


@pytest.mark.django_db
def test_one_quarter_gives_no_trend_yet(communities):
    evaluate(communities.a, "2026-1", *KNOWN_SCORES)

    html = soup(Client().get(monitor_url(communities.a)))

    assert "De ontwikkeling verschijnt zodra" in html.get_text()
    with pytest.raises(AssertionError):
        table_rows(html, "Gemiddelde score per bouwsteen per kwartaal")


@pytest.mark.django_db
def test_notes_are_for_the_community_only_and_without_names(communities, people):
    SelfEvaluationFactory(
        community=communities.a,
        period="2026-1",
        respondent=people.moderator_a,
        role=RespondentRole.MODERATOR,
        scores=[(4, "Zo gaat het goed.")] + [4] * 7,
    )
    evaluate(communities.a, "2026-1", [(2, "Al doende leren we.")] + [3] * 7, [3] * 8)
    note_texts = ["Al doende leren we.", "Zo gaat het goed."]

    member_view = soup(client_for(people.member_a).get(monitor_url(communities.a)))
    public_view = soup(Client().get(monitor_url(communities.a)))
    outsider_view = soup(client_for(people.moderator_b).get(monitor_url(communities.a)))
    editor_view = soup(client_for(people.editor).get(monitor_url(communities.a)))
    community_page = soup(client_for(people.member_a).get(communities.a.url))

    notes = member_view.find("section", attrs={"aria-labelledby": "notes-heading"})
    assert [item.get_text(strip=True) for item in notes.find_all("li")] == note_texts
    assert people.moderator_a.username not in notes.get_text()
    for html in (public_view, outsider_view, editor_view, community_page):
        assert not any(text in html.get_text() for text in note_texts)


@pytest.mark.django_db
def test_notes_of_a_quarter_with_too_few_respondents_stay_hidden(communities, people):
    evaluate(communities.a, "2026-1", [(2, "Weinig vertrouwen.")] + [3] * 7, [3] * 8)

    html = soup(client_for(people.member_a).get(monitor_url(communities.a)))

    assert "Weinig vertrouwen." not in html.get_text()


@pytest.mark.django_db
def test_members_are_invited_to_score_and_outsiders_are_not(communities, people):
    link_text = "Vul de monitor in"

    member = soup(client_for(people.member_a).get(monitor_url(communities.a)))
    outsider = soup(client_for(people.moderator_b).get(monitor_url(communities.a)))
    visitor = soup(Client().get(monitor_url(communities.a)))

    assert member.find("a", string=link_text)["href"] == score_url(communities.a)
    assert not outsider.find("a", string=link_text)
    assert not visitor.find("a", string=link_text)


@pytest.mark.django_db
def test_the_cached_community_page_shows_a_new_evaluation_at_once(communities, people):
    evaluate(communities.a, "2026-1", [3] * 8, [3] * 8)
    first = Client().get(communities.a.url)
    second = Client().get(communities.a.url)
    assert (first[CACHE_HEADER], second[CACHE_HEADER]) == ("miss", "hit")
    assert "Nog niets te tonen" in second.content.decode()

    evaluate(communities.a, "2026-1", [5] * 8)
    after = Client().get(communities.a.url)

    assert after[CACHE_HEADER] == "miss"
    rows = table_rows(soup(after), "Gemiddelde score per bouwsteen")
    # (3 + 3 + 5) / 3 = 3.67 on every block.
    assert [cells[0] for cells in rows.values()] == ["3,7"] * 8


@pytest.mark.django_db
def test_the_running_quarter_is_never_shown_however_many_took_part(communities, people):
    # While a quarter runs, comparing the means before and after one more evaluation would
    # reveal that person's scores; they appear once the quarter is over.
    evaluate(communities.a, "2026-1", *KNOWN_SCORES)
    for member in range(4):
        evaluate(communities.a, quarter_of(timezone.localdate()), [1 + member] * 8)

    html = soup(Client().get(monitor_url(communities.a)))
    overview = client_for(people.editor).get("/admin/bouwstenen-monitor/")

    assert table_rows(html, "Gemiddelde score per bouwsteen, 1e kwartaal 2026")
    assert "2,5" not in html.get_text()  # the running quarter's mean: (1+2+3+4) / 4
    assert overview.context["overview"].period == "2026-1"


# Tools per building block ----------------------------------------------------------------------


@pytest.mark.django_db
def test_each_block_links_to_the_live_public_tools_that_help_with_it(communities):
    ensure_section_pages()
    trust, ownership = BuildingBlock.objects.get(number=4), BuildingBlock.objects.get(number=5)
    shown = []
    for title in ["Dialoogkaarten", "Check-in", "Buddy-systeem", "Vertrouwensladder"]:
        tool = ToolPageFactory(title=title)
        tool.building_blocks.set([trust])
        tool.save()
        shown.append(tool)
    draft = ToolPageFactory(title="Concept-instrument", live=False)
    private = ToolPageFactory(title="Besloten instrument")
    for tool in (draft, private):
        tool.building_blocks.set([trust, ownership])
        tool.save()
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    ToolPageFactory(title="Instrument zonder bouwsteen")

    html = soup(Client().get(monitor_url(communities.a)))

    trust_section = html.find("section", attrs={"aria-labelledby": "block-4-heading"})
    ownership_section = html.find("section", attrs={"aria-labelledby": "block-5-heading"})
    assert [a.get_text() for a in trust_section.find("ul").find_all("a")] == [
        "Buddy-systeem",
        "Check-in",
        "Dialoogkaarten",
    ]
    assert trust_section.find("ul").find("a")["href"] == shown[2].url
    more = trust_section.find_all("a")[-1]
    assert more.get_text() == f"Meer instrumenten voor deze bouwsteen: {trust.name}"
    assert more["href"] == "/instrumenten/?bouwsteen=4"
    assert "Meer instrumenten" not in ownership_section.get_text()
    assert "Nog geen instrumenten bij deze bouwsteen." in ownership_section.get_text()
    assert "Besloten" not in html.get_text()
    assert "Concept" not in html.get_text()


@pytest.mark.django_db
def test_the_tool_index_filters_on_a_building_block(communities):
    index = ensure_section_pages()["tools"]
    trust = BuildingBlock.objects.get(number=4)
    with_block = ToolPageFactory(title="Vertrouwensladder")
    with_block.building_blocks.set([trust])
    with_block.save()
    ToolPageFactory(title="Startkit")

    filtered = soup(Client().get(index.url, {"bouwsteen": "4"}))
    unfiltered = soup(Client().get(index.url, {"bouwsteen": "99"}))

    def titles(html):
        return [h.get_text(strip=True) for h in html.find_all(class_="card__title")]

    assert titles(filtered) == ["Vertrouwensladder"]
    assert titles(unfiltered) == ["Startkit", "Vertrouwensladder"]
    option = filtered.find("select", attrs={"name": "bouwsteen"}).find("option", selected=True)
    assert option.get_text() == str(trust)


@pytest.mark.django_db
def test_a_tool_page_lists_the_blocks_it_helps_with(db):
    ensure_section_pages()
    tool = ToolPageFactory(title="Vertrouwensladder")
    tool.building_blocks.set(BuildingBlock.objects.filter(number__in=[4, 6]))
    tool.save()

    html = soup(Client().get(tool.url))

    term = html.find("dt", string="Helpt bij de bouwstenen")
    assert [li.get_text() for li in term.find_next_sibling("dd").find_all("li")] == [
        str(BuildingBlock.objects.get(number=4)),
        str(BuildingBlock.objects.get(number=6)),
    ]


# The editors' national overview ------------------------------------------------------------


@pytest.fixture
def national(communities):
    po = SectorFactory(name="Primair onderwijs")
    vo = SectorFactory(name="Voortgezet onderwijs")
    mbo = SectorFactory(name="Middelbaar beroepsonderwijs")
    c = CommunityPageFactory(title="Werkplaats Mbo")
    for community, sectors in ((communities.a, [po]), (communities.b, [po, vo]), (c, [mbo])):
        community = CommunityPage.objects.get(pk=community.pk)
        community.sectors.set(sectors)
        community.save()
    # Block 1: A 2.0 (low), B 4.25 (high), C too few respondents; every other block 3.0.
    evaluate(communities.a, "2026-1", *([2] + [3] * 7 for _ in range(3)))
    evaluate(communities.b, "2026-1", *([4] + [3] * 7 for _ in range(3)), [5] + [3] * 7)
    evaluate(c, "2026-1", [1] * 8, [1] * 8)
    evaluate(communities.a, "2025-4", [5] * 8, [5] * 8, [5] * 8)
    return communities


@pytest.mark.django_db
def test_the_national_overview_counts_each_community_once(national, people):
    url = reverse("communities_monitor_overview")

    html = soup(client_for(people.editor).get(url))

    facts = [dd.get_text(strip=True) for dd in html.find_all("dd")]
    assert facts == ["2", "7", "1"]
    rows = table_rows(html, "Per bouwsteen, 1e kwartaal 2026")
    # The mean of the community means, (2.0 + 4.25) / 2 = 3.125, not of the rounded 2.0 and 4.3.
    assert rows[str(blocks()[0])] == ["3,1", "1", "0", "1"]
    assert rows[str(blocks()[1])] == ["3,0", "0", "2", "0"]
    trend = table_rows(html, "Landelijk gemiddelde per bouwsteen per kwartaal")
    assert table_header(html, "Landelijk gemiddelde per bouwsteen per kwartaal")[1:] == [
        "4e kwartaal 2025",
        "1e kwartaal 2026",
    ]
    assert trend[str(blocks()[0])] == ["5,0", "3,1"]
    assert trend["Leergemeenschappen"] == ["1", "2"]
    assert trend["Deelnemers"] == ["3", "7"]
    sectors = table_rows(html, "Gemiddelde per bouwsteen per sector")
    assert sectors == {
        "Primair onderwijs": ["2", "3,1"] + ["3,0"] * 7,
        "Voortgezet onderwijs": ["1", "4,3"] + ["3,0"] * 7,
    }
    assert "Werkplaats Mbo" not in html.get_text()
    assert "Netwerk Burgerschap" not in html.get_text()


@pytest.mark.django_db
def test_the_national_overview_shows_an_earlier_quarter_on_request(national, people):
    url = reverse("communities_monitor_overview")

    html = soup(client_for(people.editor).get(url, {"kwartaal": "2025-4"}))

    assert [dd.get_text(strip=True) for dd in html.find_all("dd")] == ["1", "3", "0"]
    assert table_rows(html, "Per bouwsteen, 4e kwartaal 2025")[str(blocks()[0])] == [
        "5,0",
        "0",
        "0",
        "1",
    ]


@pytest.mark.django_db
def test_the_national_overview_is_for_editors(national, people):
    url = reverse("communities_monitor_overview")

    editor_home = client_for(people.editor).get(reverse("wagtailadmin_home"))
    moderator_home = client_for(people.moderator_a).get(reverse("wagtailadmin_home"))

    assert client_for(people.editor).get(url).status_code == 200
    refused = client_for(people.moderator_a).get(url)
    # Wagtail sends a refused admin user back to the dashboard with a message.
    assert refused.status_code in (302, 403)
    assert "Landelijk" not in refused.content.decode()
    assert Client().get(url).status_code == 302
    assert url in editor_home.content.decode()
    assert url not in moderator_home.content.decode()


@pytest.mark.django_db
def test_editors_reword_the_building_blocks_but_never_add_or_remove_one(communities, people):
    block = BuildingBlock.objects.get(number=4)
    editor = client_for(people.editor)
    admin = client_for(people.admin)

    listing = editor.get(reverse("wagtailsnippets_communities_buildingblock:list"))
    edited = editor.post(
        reverse("wagtailsnippets_communities_buildingblock:edit", args=[block.pk]),
        {"name": "Vertrouwen en veiligheid", "description": "Leden durven te twijfelen."},
    )

    assert listing.status_code == 200
    assert edited.status_code == 302
    block.refresh_from_db()
    assert (block.number, block.name) == (4, "Vertrouwen en veiligheid")
    for client in (editor, admin):
        add = client.post(
            reverse("wagtailsnippets_communities_buildingblock:add"),
            {"name": "Een negende", "description": ""},
        )
        delete = client.post(
            reverse("wagtailsnippets_communities_buildingblock:delete", args=[block.pk])
        )
        assert add.status_code in (302, 403)
        assert delete.status_code in (302, 403)
    assert BuildingBlock.objects.count() == 8


@pytest.mark.django_db
def test_a_reworded_block_shows_on_the_cached_monitor_at_once(communities):
    evaluate(communities.a, "2026-1", *KNOWN_SCORES)
    Client().get(monitor_url(communities.a))

    block = BuildingBlock.objects.get(number=4)
    block.name = "Vertrouwen en veiligheid"
    block.save()

    assert (
        "4. Vertrouwen en veiligheid" in Client().get(monitor_url(communities.a)).content.decode()
    )
