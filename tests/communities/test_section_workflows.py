"""Each section gets the review workflow its page type declares (home.sections), when it is
created and whenever the roles are set up again."""

from wagtail.models import WorkflowPage

import pytest

from communities.models import ExpertDirectoryPage
from communities.roles import EDITORIAL_WORKFLOW, RESULTS_WORKFLOW, setup_roles
from home.models import ensure_section_pages
from resources.models import ToolIndexPage


def section_workflows(sections):
    """Section key -> the name of the workflow on the section page itself, or None."""
    on_page = WorkflowPage.objects.values_list("workflow__name", flat=True)
    return {key: on_page.filter(page=page).first() for key, page in sections.items()}


@pytest.mark.django_db
def test_each_new_section_gets_the_workflow_its_page_type_declares():
    sections = ensure_section_pages()

    assert section_workflows(sections) == {
        "communities": RESULTS_WORKFLOW,
        "tools": None,
        "stories": EDITORIAL_WORKFLOW,
        "events": EDITORIAL_WORKFLOW,
        "questions": EDITORIAL_WORKFLOW,
        "experts": None,
    }


@pytest.mark.django_db
def test_a_section_type_that_declares_a_workflow_gets_it_when_created(monkeypatch):
    monkeypatch.setattr(ToolIndexPage, "review_workflow", EDITORIAL_WORKFLOW)

    sections = ensure_section_pages()

    assert section_workflows(sections)["tools"] == EDITORIAL_WORKFLOW


@pytest.mark.django_db
def test_setting_up_the_roles_gives_existing_sections_their_declared_workflow(monkeypatch):
    sections = ensure_section_pages()
    WorkflowPage.objects.filter(page=sections["stories"]).delete()
    monkeypatch.setattr(ExpertDirectoryPage, "review_workflow", RESULTS_WORKFLOW)

    setup_roles()

    workflows = section_workflows(sections)
    assert workflows["stories"] == EDITORIAL_WORKFLOW
    assert workflows["experts"] == RESULTS_WORKFLOW
    assert workflows["tools"] is None
