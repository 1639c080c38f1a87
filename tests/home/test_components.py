"""Components render from what their include passes them, not from the page around them."""

import re
from pathlib import Path

from django.conf import settings
from django.test import Client

import pytest

from communities.factories import CommunityPageFactory
from exchange.admin_views import url as question_admin_url
from exchange.factories import KnowledgeQuestionFactory
from exchange.models import QuestionStatus
from home.factories import ThemeFactory
from home.models import ensure_section_pages
from resources.factories import PracticeExamplePageFactory

TEMPLATES = Path(settings.BASE_DIR) / "templates"
TEMPLATE_TAGS = sorted(Path(settings.BASE_DIR).glob("*/templatetags/*.py"))
INCLUDE = re.compile(r"{%\s*include\s+(?P<quote>[\"'])(?P<name>.+?)(?P=quote)(?P<rest>[^%]*)%}")
INCLUSION_TAG = re.compile(r"inclusion_tag\(\s*[\"'](?P<name>[^\"']+)[\"']")
COMMENT = re.compile(r"{#.*?#}|{%\s*comment\s*%}.*?{%\s*endcomment\s*%}", re.DOTALL)
# What a template reads from the context without naming it: the request (also through the
# tags that build URLs relative to the current site) and the CSRF token.
READS_REQUEST = re.compile(
    r"\brequest\b|{%\s*(?:pageurl|slugurl|routablepageurl|path_in_language)\b"
)
READS_CSRF_TOKEN = re.compile(r"{%\s*csrf_token\s*%}")


def templates():
    """Every template under templates/, the apps' admin templates and the emails included."""
    return {
        path.relative_to(TEMPLATES).as_posix(): path.read_text()
        for path in TEMPLATES.rglob("*")
        if path.is_file()
    }


def documented_templates():
    """The templates whose comment lists their context."""
    return {name for name, text in templates().items() if "Context:" in text}


def templates_given_only_their_context():
    """The templates included somewhere, and those an inclusion tag renders: both render from
    only what they are handed."""
    texts = templates()
    included = {match.group("name") for text in texts.values() for match in INCLUDE.finditer(text)}
    tagged = {
        match.group("name")
        for path in TEMPLATE_TAGS
        for match in INCLUSION_TAG.finditer(path.read_text())
    }
    return (included | tagged) & texts.keys()


def test_every_component_documents_its_context():
    components = {
        path.relative_to(TEMPLATES).as_posix()
        for path in (TEMPLATES / "components").rglob("*.html")
    }

    assert components - documented_templates() == set()


def test_documented_templates_are_included_with_only_what_they_are_given():
    documented = documented_templates()
    # The admin's includes are covered as well as the site's.
    assert {"components/card.html", "exchange/admin/suggestions.html"} <= documented
    without_only = [
        f"{name}: {match.group(0)}"
        for name, text in templates().items()
        for match in INCLUDE.finditer(text)
        if match.group("name") in documented and not match.group("rest").rstrip().endswith("only")
    ]

    assert without_only == []


def test_templates_given_only_their_context_document_the_request_and_token_they_read():
    # Without `only` the page's request and CSRF token reach an include unasked; with it, a
    # template that reads them but does not list them loses them the day its include is fixed.
    given_only = templates_given_only_their_context()
    texts = templates()
    assert {
        "navigation/breadcrumbs.html",
        "navigation/main_menu.html",
        "exchange/admin/suggestions.html",
    } <= given_only
    undocumented = []
    for name in sorted(given_only):
        text = texts[name]
        code = COMMENT.sub("", text)
        documentation = " ".join(COMMENT.findall(text))
        if READS_REQUEST.search(code) and not re.search(r"\brequest\b", documentation):
            undocumented.append(f"{name}: request")
        if READS_CSRF_TOKEN.search(code) and "csrf_token" not in documentation:
            undocumented.append(f"{name}: csrf_token")

    assert undocumented == []


@pytest.mark.django_db
def test_cards_on_a_communitys_full_list_of_results_keep_their_own_heading_level(client):
    # The list's view hands its page a `heading` ("Praktijkvoorbeelden"), the name the card
    # also reads for its heading level.
    ensure_section_pages()
    community = CommunityPageFactory(title="Netwerk Burgerschap", slug="burgerschap")
    PracticeExamplePageFactory(parent=community, title="Lesbezoek in duo's")

    page = client.get(f"{community.url}praktijkvoorbeelden/").content.decode()

    assert '<h3 class="card__title">' in page
    assert "<hPraktijkvoorbeelden" not in page


@pytest.mark.django_db
@pytest.mark.parametrize("view", ["inspect", "assign"])
def test_a_suggested_community_is_assigned_with_the_token_its_include_is_given(admin_user, view):
    ensure_section_pages()
    theme = ThemeFactory(name="Ouderbetrokkenheid")
    community = CommunityPageFactory(title="Netwerk Ouders en School", themes=[theme])
    question = KnowledgeQuestionFactory(title="Hoe betrekken we ouders?", themes=[theme])
    editor = Client(enforce_csrf_checks=True)
    editor.force_login(admin_user)

    page = editor.get(question_admin_url(view, question)).content.decode()
    one_click = re.search(
        r'<form method="post" action="([^"]+)">\s*'
        r'<input type="hidden" name="csrfmiddlewaretoken" value="([^"]+)">\s*'
        r'<input type="hidden" name="community" value="(\d+)">',
        page,
    )
    action, token, community_id = one_click.groups()
    response = editor.post(action, {"csrfmiddlewaretoken": token, "community": community_id})

    assert response.status_code == 302
    question.refresh_from_db()
    assert question.status == QuestionStatus.ASSIGNED
    assert question.assigned_community_id == community.pk
