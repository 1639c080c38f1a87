"""Concluding a community: the close-out in the editor, its review, and the harvest it leaves."""

import datetime

from django.test import Client
from django.urls import reverse
from django.utils import timezone

import pytest

from communities.models import CommunityPage, CommunityStatus
from communities.roles import RESULTS_WORKFLOW
from resources.factories import PracticeExamplePageFactory, ToolPageFactory

from .helpers import community_form_data, logged_in


def edit_form(community, harvest=(), **changes):
    """The community editor's form as a moderator submits it for review."""
    return community_form_data(
        community, harvest=harvest, **{"action-submit": "submit", **changes}
    )


@pytest.fixture
def results(communities):
    example = PracticeExamplePageFactory(parent=communities.a, title="Burgerschap in de les")
    tool = ToolPageFactory(parent=communities.a, title="Gesprekskaart burgerschap", purpose="x")
    for page in (example, tool):
        page.save_revision().publish()
    return example, tool


def conclude(people, communities, harvest, **changes):
    community = CommunityPage.objects.get(pk=communities.a.pk)
    return logged_in(people.moderator_a).post(
        reverse("wagtailadmin_pages:edit", args=[community.pk]),
        edit_form(
            community,
            harvest=harvest,
            **{
                "status": CommunityStatus.CONCLUDED,
                "goal_outcome": "Een leerlijn burgerschap die twaalf scholen gebruiken.",
                **changes,
            },
        ),
    )


def errors_of(response):
    form = response.context["form"]
    return [str(error) for errors in form.errors.values() for error in errors]


@pytest.mark.django_db
def test_concluding_goes_to_the_results_review_and_shows_the_harvest_once_approved(
    communities, people, results
):
    example, tool = results

    response = conclude(people, communities, [(example, "Het hart van onze aanpak."), (tool, "")])

    assert response.status_code == 302, errors_of(response)
    community = CommunityPage.objects.get(pk=communities.a.pk)
    # Submitted, not published: visitors still see an active community.
    assert community.status == CommunityStatus.ACTIVE
    assert community.workflow_in_progress
    assert community.current_workflow_state.workflow.name == RESULTS_WORKFLOW
    assert "Oogst" not in Client().get(community.url).content.decode()

    task_state = community.current_workflow_task_state
    logged_in(people.editor).post(
        reverse(
            "wagtailadmin_pages:workflow_action", args=[community.pk, "approve", task_state.pk]
        ),
        {"comment": ""},
    )

    community = CommunityPage.objects.get(pk=communities.a.pk)
    assert community.status == CommunityStatus.CONCLUDED
    assert community.concluded_on == timezone.localdate()
    assert [item.result_id for item in community.harvest.all()] == [example.pk, tool.pk]
    page = Client().get(community.url).content.decode()
    assert 'id="harvest-heading"' in page
    assert page.index("Burgerschap in de les") < page.index("Gesprekskaart burgerschap")
    assert "Het hart van onze aanpak." in page
    assert "Deze leergemeenschap is afgerond" in page


@pytest.mark.django_db
def test_concluding_without_saying_what_came_of_the_goal_is_refused(communities, people, results):
    response = conclude(people, communities, [(results[0], "")], goal_outcome="  ")

    assert response.status_code == 200
    assert "Beschrijf wat er van het doel is terechtgekomen voordat je afrondt." in errors_of(
        response
    )
    community = CommunityPage.objects.get(pk=communities.a.pk)
    assert not community.workflow_in_progress
    assert community.latest_revision.as_object().status == CommunityStatus.ACTIVE


@pytest.mark.django_db
def test_a_community_with_results_must_choose_its_harvest(communities, people, results):
    response = conclude(people, communities, [])

    assert response.status_code == 200
    assert any("Kies bij 'Oogst'" in error for error in errors_of(response))


@pytest.mark.django_db
def test_the_harvest_holds_only_this_communitys_published_results(communities, people, results):
    other = PracticeExamplePageFactory(parent=communities.b, title="Van een ander")
    other.save_revision().publish()
    draft = PracticeExamplePageFactory(parent=communities.a, title="Nog in concept", live=False)

    response = conclude(people, communities, [(results[0], ""), (other, ""), (draft, "")])

    assert response.status_code == 200
    errors = " ".join(errors_of(response))
    assert "“Van een ander” kan niet bij de oogst" in errors
    assert "“Nog in concept” kan niet bij de oogst" in errors
    assert "Burgerschap in de les" not in errors


@pytest.mark.django_db
def test_a_given_conclusion_date_is_kept(communities, people, results):
    response = conclude(
        people, communities, [(results[0], "")], concluded_on="2026-06-30", **{"action-submit": ""}
    )

    assert response.status_code == 302, errors_of(response)
    draft = CommunityPage.objects.get(pk=communities.a.pk).latest_revision.as_object()
    assert draft.concluded_on == datetime.date(2026, 6, 30)


@pytest.fixture
def harvested(communities, results):
    """The first result in the published harvest of concluded community a."""
    example = results[0]
    community = CommunityPage.objects.get(pk=communities.a.pk)
    community.status = CommunityStatus.CONCLUDED
    community.goal_outcome = "Een leerlijn."
    community.harvest.create(result=example)
    community.save_revision().publish()
    return example


@pytest.mark.django_db
def test_a_harvested_result_cannot_be_deleted(communities, people, results, harvested):
    admin = logged_in(people.admin)

    response = admin.post(reverse("wagtailadmin_pages:delete", args=[harvested.pk]))

    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_explore", args=[communities.a.pk])
    assert type(harvested).objects.filter(pk=harvested.pk).exists()
    # A result outside any harvest can still be deleted.
    tool = results[1]
    admin.post(reverse("wagtailadmin_pages:delete", args=[tool.pk]))
    assert not type(tool).objects.filter(pk=tool.pk).exists()


@pytest.mark.django_db
def test_nor_the_community_above_it_nor_in_a_bulk_delete(communities, people, harvested):
    admin = logged_in(people.admin)

    admin.post(reverse("wagtailadmin_pages:delete", args=[communities.a.pk]))
    admin.post(
        reverse("wagtail_bulk_action", args=["wagtailcore", "page", "delete"])
        + f"?id={harvested.pk}&next=/admin/"
    )

    assert CommunityPage.objects.filter(pk=communities.a.pk).exists()
    assert type(harvested).objects.filter(pk=harvested.pk).exists()


@pytest.mark.django_db
def test_a_harvest_binds_only_once_the_community_is_concluded(communities, people, results):
    # A harvest chosen in a draft or kept on a community reopened later holds nothing back.
    example = results[0]
    community = CommunityPage.objects.get(pk=communities.a.pk)
    community.harvest.create(result=example)
    community.save_revision().publish()

    logged_in(people.admin).post(reverse("wagtailadmin_pages:delete", args=[example.pk]))

    assert not type(example).objects.filter(pk=example.pk).exists()
