"""The admin never names another community's private or draft pages to a member or moderator:
not in the page chooser, not in a report, not in a bulk action, a move or a copy, not in an
error message, and a page's content cannot link to them."""

import ast
import datetime
from pathlib import Path

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from wagtail.admin.widgets import AdminPageChooser
from wagtail.models import Page
from wagtail.test.utils.form_data import (
    nested_form_data,
    querydict_from_html,
    rich_text,
    streamfield,
)

import pytest

from communities.admin_visibility import VisiblePageChooser
from communities.models import CommunityPage, HarvestItem, WorkspaceItemPage
from exchange.factories import KnowledgeQuestionFactory
from exchange.models import QuestionStatus
from resources.factories import PracticeExamplePageFactory
from tests.exchange.helpers import links_formset

from .conftest import publish
from .test_closeout import conclude, errors_of
from .test_workspace_documents import collection_of, document

# Titles only community B's people and the editors may read.
WORKSPACE_TITLE = "Verslag teamgesprek Kenniskring"
DRAFT_TITLE = "Conceptaanpak schoolveiligheid"
PUBLIC_TITLE = "Gepubliceerde aanpak pestprotocol"
SECRETS = (WORKSPACE_TITLE, DRAFT_TITLE)

OUTSIDERS = ["member_a", "moderator_a"]


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def pages_of_b(communities):
    note = WorkspaceItemPage(title=WORKSPACE_TITLE, slug="teamgesprek")
    communities.workspace_b.add_child(instance=note)
    note.save_revision().publish()
    draft = PracticeExamplePageFactory(parent=communities.b, title=DRAFT_TITLE, live=False)
    draft.save_revision()
    public = publish(PracticeExamplePageFactory(parent=communities.b, title=PUBLIC_TITLE))
    return note, draft, public


@pytest.fixture
def own_draft(communities, people):
    """A workspace page member A started, which they may move and copy."""
    page = WorkspaceItemPage(
        title="Onze aantekeningen", slug="aantekeningen", owner=people.member_a
    )
    communities.workspace_a.add_child(instance=page)
    page.save_revision(user=people.member_a)
    return page


def assert_no_secrets(response):
    body = response.content.decode()
    for title in SECRETS:
        assert title not in body


# The page chooser ------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("role", OUTSIDERS)
def test_browsing_another_community_shows_only_its_public_pages(
    people, communities, pages_of_b, role
):
    response = logged_in(getattr(people, role)).get(
        reverse("wagtailadmin_choose_page_child", args=[communities.b.pk])
    )

    assert response.status_code == 200
    assert PUBLIC_TITLE in response.content.decode()
    assert_no_secrets(response)


@pytest.mark.django_db
@pytest.mark.parametrize("role", OUTSIDERS)
def test_another_communitys_workspace_and_drafts_cannot_be_browsed(
    people, communities, pages_of_b, role
):
    note, draft, _public = pages_of_b
    client = logged_in(getattr(people, role))

    for parent in (communities.workspace_b, note, draft):
        response = client.get(reverse("wagtailadmin_choose_page_child", args=[parent.pk]))

        assert response.status_code == 404
        assert_no_secrets(response)


@pytest.mark.django_db
@pytest.mark.parametrize("role", OUTSIDERS)
def test_a_chooser_for_one_page_type_opens_where_only_visible_pages_meet(
    people, communities, pages_of_b, role
):
    # Without a page to start from, the chooser opens at the page all pages of the type share;
    # with B's workspace note the only one, that would be B's workspace.
    response = logged_in(getattr(people, role)).get(
        reverse("wagtailadmin_choose_page"), {"page_type": "communities.workspaceitempage"}
    )

    assert response.status_code == 200
    assert_no_secrets(response)


@pytest.mark.django_db
@pytest.mark.parametrize("role", OUTSIDERS)
def test_searching_the_chooser_finds_public_pages_and_not_hidden_ones(
    search_backend, people, communities, pages_of_b, role
):
    search_backend.refresh()
    client = logged_in(getattr(people, role))

    for words in ("Kenniskring", "schoolveiligheid", "aanpak"):
        response = client.get(reverse("wagtailadmin_choose_page_search"), {"q": words})

        assert response.status_code == 200
        assert_no_secrets(response)
    found = client.get(reverse("wagtailadmin_choose_page_search"), {"q": "pestprotocol"})
    assert PUBLIC_TITLE in found.content.decode()


@pytest.mark.django_db
def test_members_and_moderators_still_choose_their_own_pages(people, communities):
    note = WorkspaceItemPage(title="Onze werkversie", slug="werkversie")
    communities.workspace_a.add_child(instance=note)
    note.save_revision().publish()
    draft = PracticeExamplePageFactory(parent=communities.a, title="Ons concept", live=False)
    draft.save_revision()

    member = logged_in(people.member_a).get(
        reverse("wagtailadmin_choose_page_child", args=[communities.workspace_a.pk])
    )
    moderator = logged_in(people.moderator_a).get(
        reverse("wagtailadmin_choose_page_child", args=[communities.a.pk])
    )

    assert "Onze werkversie" in member.content.decode()
    assert "Ons concept" in moderator.content.decode()


@pytest.mark.django_db
def test_editors_see_every_page_in_the_chooser(people, communities, pages_of_b):
    editor = logged_in(people.editor)

    workspace = editor.get(
        reverse("wagtailadmin_choose_page_child", args=[communities.workspace_b.pk])
    )
    community = editor.get(reverse("wagtailadmin_choose_page_child", args=[communities.b.pk]))

    assert WORKSPACE_TITLE in workspace.content.decode()
    assert DRAFT_TITLE in community.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("role", OUTSIDERS)
def test_a_multiple_choice_returns_no_hidden_titles(people, pages_of_b, role):
    note, draft, _public = pages_of_b

    response = logged_in(getattr(people, role)).get(
        reverse("wagtailadmin_choose_page_chosen_multiple"), {"id": [note.pk, draft.pk]}
    )

    assert response.status_code == 404
    assert_no_secrets(response)


# Bulk actions ----------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("role", OUTSIDERS)
@pytest.mark.parametrize("action", ["delete", "move", "publish", "unpublish"])
def test_a_bulk_action_does_not_list_hidden_pages(people, pages_of_b, role, action):
    note, draft, _public = pages_of_b

    response = logged_in(getattr(people, role)).get(
        reverse("wagtail_bulk_action", args=["wagtailcore", "page", action]),
        {"id": [note.pk, draft.pk]},
    )

    assert_no_secrets(response)


# Reports ---------------------------------------------------------------------------------------

SITE_WIDE_REPORTS = [
    "page_types_usage",
    "page_types_usage_results",
    "site_history",
    "aging_pages",
    "locked_pages",
    "workflow",
    "workflow_tasks",
]


@pytest.mark.django_db
@pytest.mark.parametrize("role", OUTSIDERS)
@pytest.mark.parametrize("report", SITE_WIDE_REPORTS)
def test_site_wide_reports_are_refused_to_members_and_moderators(people, pages_of_b, role, report):
    response = logged_in(getattr(people, role)).get(reverse(f"wagtailadmin_reports:{report}"))

    assert response.status_code in (302, 403)
    assert_no_secrets(response)


@pytest.mark.django_db
@pytest.mark.parametrize("report", SITE_WIDE_REPORTS)
def test_editors_read_the_site_wide_reports(people, pages_of_b, report):
    response = logged_in(people.editor).get(reverse(f"wagtailadmin_reports:{report}"))

    assert response.status_code == 200


@pytest.mark.django_db
def test_the_page_types_report_names_hidden_pages_to_editors_only(people, pages_of_b):
    url = reverse("wagtailadmin_reports:page_types_usage")

    assert WORKSPACE_TITLE in logged_in(people.editor).get(url).content.decode()
    assert_no_secrets(logged_in(people.moderator_a).get(url, follow=True))


@pytest.mark.django_db
@pytest.mark.parametrize("role", OUTSIDERS)
def test_the_reports_menu_offers_members_and_moderators_no_site_wide_report(people, role):
    for client, shown in (
        (logged_in(getattr(people, role)), False),
        (logged_in(people.editor), True),
    ):
        dashboard = client.get(reverse("wagtailadmin_home")).content.decode()

        assert (reverse("wagtailadmin_reports:page_types_usage") in dashboard) is shown
        assert (reverse("wagtailadmin_reports:site_history") in dashboard) is shown


# Messages --------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("hidden", ["workspace", "draft"])
def test_the_answer_form_does_not_name_a_page_the_moderator_may_not_see(
    people, communities, pages_of_b, hidden
):
    note, draft, _public = pages_of_b
    page = note if hidden == "workspace" else draft
    question = KnowledgeQuestionFactory(
        title="Hoe voorkomen we pesten op school?",
        email="vraagsteller@example.org",
        assigned_community=communities.a,
        status=QuestionStatus.ASSIGNED,
    )

    response = logged_in(people.moderator_a).post(
        f"/admin/kennisvragen/beantwoorden/{question.pk}/",
        {"answer": "Zie deze pagina."} | links_formset(page),
    )

    assert response.status_code == 400
    assert "Verwijs alleen naar gepubliceerde, openbare pagina" in response.content.decode()
    assert_no_secrets(response)
    question.refresh_from_db()
    assert not question.answer_links.exists()


@pytest.mark.django_db
def test_the_harvest_does_not_name_a_page_the_moderator_may_not_see(
    people, communities, pages_of_b
):
    _note, draft, _public = pages_of_b

    response = conclude(people, communities, harvest=[(draft, "")])

    assert response.status_code == 200
    assert "Alleen gepubliceerde praktijkvoorbeelden en instrumenten" in response.content.decode()
    assert_no_secrets(response)


# Forms that hold a page the user may not see -------------------------------------------------


def sent_by_the_browser(response, **extra):
    """The edit form's fields as the browser sends them back, with a StreamField body (which
    the browser builds in script) and `extra`."""
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form")
    data.update(nested_form_data({"body": streamfield([]), **extra}))
    return data


@pytest.mark.django_db
def test_saving_a_community_whose_harvest_holds_a_hidden_page_keeps_that_page(
    people, communities, pages_of_b
):
    # The editors put B's draft in A's harvest; A's moderator edits something else.
    _note, draft, _public = pages_of_b
    community = CommunityPage.objects.get(pk=communities.a.pk)
    community.harvest = [HarvestItem(result=draft, note="Gekozen door de redactie.")]
    publish(community)
    client = logged_in(people.moderator_a)
    url = reverse("wagtailadmin_pages:edit", args=[community.pk])

    editor = client.get(url)
    data = sent_by_the_browser(editor)
    data["intro"] = "Een nieuwe inleiding."
    response = client.post(url, data)

    assert DRAFT_TITLE not in editor.content.decode()
    assert response.status_code == 302, errors_of(response)
    saved = CommunityPage.objects.get(pk=community.pk).latest_revision.as_object()
    assert saved.intro == "Een nieuwe inleiding."
    assert [item.result_id for item in saved.harvest.all()] == [draft.pk]


@pytest.mark.django_db
def test_a_chooser_made_for_one_user_keeps_the_options_it_was_made_with(people, pages_of_b):
    _note, draft, _public = pages_of_b
    widget = AdminPageChooser(show_edit_link=False, linked_fields={"parent": "#id_parent"})

    chooser = VisiblePageChooser.replacing(widget, people.member_a)
    html = chooser.render("page", draft.pk, {"id": "id_page"})

    assert chooser.show_edit_link is False
    assert chooser.linked_fields == {"parent": "#id_parent"}
    assert "data-chooser-edit-link" not in html
    assert f'value="{draft.pk}"' in html
    assert DRAFT_TITLE not in html


# Moving and copying ----------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("role", OUTSIDERS)
def test_the_move_confirmation_is_refused_for_a_page_the_user_may_not_move(
    people, communities, pages_of_b, role
):
    note, draft, _public = pages_of_b
    client = logged_in(getattr(people, role))

    for page in (note, draft):
        response = client.get(
            reverse("wagtailadmin_pages:move_confirm", args=[page.pk, communities.a.pk])
        )

        assert response.status_code == 404
        assert_no_secrets(response)


@pytest.mark.django_db
def test_the_move_confirmation_is_refused_for_a_hidden_destination(
    people, communities, pages_of_b, own_draft
):
    note, _draft, _public = pages_of_b
    client = logged_in(people.member_a)

    hidden = client.get(reverse("wagtailadmin_pages:move_confirm", args=[own_draft.pk, note.pk]))
    own = client.get(
        reverse("wagtailadmin_pages:move_confirm", args=[own_draft.pk, communities.workspace_a.pk])
    )

    assert hidden.status_code == 404
    assert_no_secrets(hidden)
    assert own.status_code == 200


@pytest.mark.django_db
def test_copying_to_a_hidden_page_names_it_not(people, communities, pages_of_b, own_draft):
    note, _draft, _public = pages_of_b
    client = logged_in(people.member_a)
    url = reverse("wagtailadmin_pages:copy", args=[own_draft.pk])

    # The slug is taken below the note too, which Wagtail would say naming the note.
    note.add_child(instance=WorkspaceItemPage(title="Bijlage", slug="kopie"))
    response = client.post(
        url, {"new_title": "Kopie", "new_slug": "kopie", "new_parent_page": note.pk}
    )
    copied = client.post(
        url,
        {"new_title": "Kopie", "new_slug": "kopie", "new_parent_page": communities.workspace_a.pk},
    )

    assert response.status_code == 404
    assert_no_secrets(response)
    assert copied.status_code == 302
    assert WorkspaceItemPage.objects.child_of(communities.workspace_a).filter(slug="kopie")


@pytest.mark.django_db
def test_choosing_a_hidden_parent_for_a_new_page_names_it_not(people, communities, pages_of_b):
    note, _draft, _public = pages_of_b
    client = logged_in(people.member_a)
    url = reverse("wagtailadmin_pages:choose_parent", args=["communities", "workspaceitempage"])

    response = client.post(url, {"parent_page": note.pk})
    own = client.post(url, {"parent_page": communities.workspace_a.pk})

    assert response.status_code == 404
    assert_no_secrets(response)
    assert own.status_code == 302


@pytest.mark.django_db
def test_a_bulk_move_to_a_hidden_page_names_it_not(people, communities, pages_of_b, own_draft):
    note, _draft, _public = pages_of_b
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "move"])

    response = logged_in(people.member_a).post(f"{url}?id={own_draft.pk}", {"chooser": note.pk})

    assert response.status_code == 200
    assert "Kies een pagina die je kunt zien." in response.content.decode()
    assert_no_secrets(response)
    assert WorkspaceItemPage.objects.get(pk=own_draft.pk).get_parent().pk == (
        communities.workspace_a.pk
    )


# Links in a page's content ---------------------------------------------------------------------

HIDDEN_DOCUMENT_TITLE = "Notulen Veiligheid"


@pytest.fixture
def private_document_of_b(communities, people):
    return document(HIDDEN_DOCUMENT_TITLE, collection_of(communities.b), people.moderator_b)


def call_to(page):
    return (
        "call_to_action",
        {"title": "Lees verder", "text": "", "page": page.pk, "url": "", "link_text": "Lees"},
    )


def document_list(*documents):
    return (
        "documents",
        {
            "heading": "Stukken",
            "documents": {
                "count": len(documents),
                **{
                    str(number): {"value": each.pk, "deleted": "", "order": number}
                    for number, each in enumerate(documents)
                },
            },
        },
    )


def text_linking_to(page=None, document=None):
    link = (
        f'<a linktype="page" id="{page.pk}">het verslag</a>'
        if page
        else f'<a linktype="document" id="{document.pk}">de notulen</a>'
    )
    return ("paragraph", rich_text(f"<p>Zie {link}.</p>"))


def edit_own_page(client, page, *blocks):
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    data = sent_by_the_browser(client.get(url))
    data.update(nested_form_data({"body": streamfield(list(blocks))}))
    return client.post(url, data)


def referenced(page):
    """What the page's latest revision links to, as (model name, id) pairs."""
    body = WorkspaceItemPage.objects.get(pk=page.pk).latest_revision.as_object().body
    return {
        (model._meta.model_name, str(pk))
        for model, pk, _path, _content_path in body.stream_block.extract_references(body)
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    "hidden", ["call to action", "document list", "text link to a page", "text link to a file"]
)
def test_a_pages_content_may_not_link_to_hidden_pages_or_documents(
    people, communities, pages_of_b, private_document_of_b, own_draft, hidden
):
    note, draft, _public = pages_of_b
    block = {
        "call to action": lambda: call_to(draft),
        "document list": lambda: document_list(private_document_of_b),
        "text link to a page": lambda: text_linking_to(page=note),
        "text link to a file": lambda: text_linking_to(document=private_document_of_b),
    }[hidden]()

    response = edit_own_page(logged_in(people.member_a), own_draft, block)

    assert response.status_code == 200
    body = response.content.decode()
    assert "Verwijs alleen naar pagina&#x27;s en documenten die je kunt zien." in body
    assert_no_secrets(response)
    assert HIDDEN_DOCUMENT_TITLE not in body
    assert "notulen.txt" not in body
    assert referenced(own_draft) == set()


@pytest.mark.django_db
def test_a_pages_content_links_to_own_and_public_pages_and_documents(
    people, communities, pages_of_b, own_draft
):
    _note, _draft, public = pages_of_b
    own_document = document("Notulen Burgerschap", collection_of(communities.a), people.member_a)
    sibling = WorkspaceItemPage(title="Planning", slug="planning")
    communities.workspace_a.add_child(instance=sibling)

    response = edit_own_page(
        logged_in(people.member_a),
        own_draft,
        call_to(public),
        document_list(own_document),
        text_linking_to(page=sibling),
    )

    assert response.status_code == 302, errors_of(response)
    assert referenced(own_draft) == {
        ("page", str(public.pk)),
        ("document", str(own_document.pk)),
        ("page", str(sibling.pk)),
    }


@pytest.mark.django_db
def test_links_the_page_already_held_stay_and_editors_link_to_any_page(
    people, communities, pages_of_b, own_draft
):
    _note, draft, _public = pages_of_b

    by_editor = edit_own_page(logged_in(people.editor), own_draft, call_to(draft))
    by_member = edit_own_page(logged_in(people.member_a), own_draft, call_to(draft))

    assert by_editor.status_code == 302, errors_of(by_editor)
    assert by_member.status_code == 302, errors_of(by_member)
    assert referenced(own_draft) == {("page", str(draft.pk))}


# Wagtail's own admin URLs are never cached; the ones in front of them neither -----------------


@pytest.mark.django_db
def test_the_admin_screens_in_front_of_wagtails_are_not_cached(people, communities):
    client = logged_in(people.member_a)

    chooser = client.get(reverse("wagtailadmin_choose_page_child", args=[communities.a.pk]))
    missing = client.get(reverse("wagtailadmin_choose_page_child", args=[99999]))

    for response in (chooser, missing):
        assert "no-store" in response["Cache-Control"]
        assert "private" in response["Cache-Control"]
    assert missing.status_code == 404
    assert "wagtailadmin" in missing.templates[0].name


# Pages past their expiry time ------------------------------------------------------------------


@pytest.fixture
def expired_page_of_b(communities):
    page = publish(PracticeExamplePageFactory(parent=communities.b, title="Verlopen aanpak"))
    Page.objects.filter(pk=page.pk).update(expire_at=timezone.now() - datetime.timedelta(days=1))
    return Page.objects.get(pk=page.pk)


@pytest.mark.django_db
def test_a_page_past_its_expiry_time_is_hidden_like_a_draft(
    people, communities, pages_of_b, expired_page_of_b
):
    assert expired_page_of_b.live
    response = logged_in(people.member_a).get(
        reverse("wagtailadmin_choose_page_child", args=[communities.b.pk])
    )

    assert PUBLIC_TITLE in response.content.decode()
    assert "Verlopen aanpak" not in response.content.decode()


@pytest.mark.django_db
def test_an_answer_may_not_link_to_a_page_past_its_expiry_time(
    people, communities, expired_page_of_b
):
    question = KnowledgeQuestionFactory(
        email="vraagsteller@example.org",
        assigned_community=communities.a,
        status=QuestionStatus.ASSIGNED,
    )

    response = logged_in(people.moderator_a).post(
        f"/admin/kennisvragen/beantwoorden/{question.pk}/",
        {"answer": "Zie deze pagina."} | links_formset(expired_page_of_b),
    )

    assert response.status_code == 400
    assert "Verwijs alleen naar gepubliceerde, openbare pagina" in response.content.decode()
    assert not question.answer_links.exists()


# The public side loads no admin views ----------------------------------------------------------


@pytest.mark.parametrize(
    "module",
    [
        *(
            f"exchange/questions/{name}.py"
            for name in (
                "__init__",
                "access",
                "asking",
                "existing_knowledge",
                "suggestions",
                "triage",
                "publishing",
            )
        ),
        "communities/closeout.py",
        "communities/visibility.py",
    ],
)
def test_the_visibility_rules_reach_the_public_side_without_admin_views(module):
    tree = ast.parse((Path(__file__).parents[2] / module).read_text())
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            imported.add(node.module or "")
        elif isinstance(node, ast.Import):
            imported.update(alias.name for alias in node.names)

    # admin_visibility, admin_views and Wagtail's admin views load the whole admin.
    assert not [name for name in imported if name.split(".")[-1].startswith("admin")]
    assert not [name for name in imported if name.startswith("wagtail.admin.views")]
