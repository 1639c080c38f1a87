"""Components render from what their include passes them, not from the page around them."""

import re
from pathlib import Path

from django.conf import settings

import pytest

from communities.factories import CommunityPageFactory
from home.models import ensure_section_pages
from resources.factories import PracticeExamplePageFactory

TEMPLATES = Path(settings.BASE_DIR) / "templates"
INCLUDE = re.compile(r"{%\s*include\s+\"(?P<name>[^\"]+)\"(?P<rest>[^%]*)%}")


def documented_components():
    """The templates under components/ and navigation/ whose comment lists their context."""
    found = set()
    for folder in ("components", "navigation", "search"):
        for path in (TEMPLATES / folder).rglob("*.html"):
            if "Context:" in path.read_text():
                found.add(path.relative_to(TEMPLATES).as_posix())
    return found


def test_every_component_documents_its_context():
    components = {
        path.relative_to(TEMPLATES).as_posix()
        for path in (TEMPLATES / "components").rglob("*.html")
    }

    assert components - documented_components() == set()


def test_documented_components_are_included_with_only_what_they_are_given():
    documented = documented_components()
    without_only = [
        f"{path.relative_to(TEMPLATES)}: {match.group(0)}"
        for path in TEMPLATES.rglob("*.html")
        for match in INCLUDE.finditer(path.read_text())
        if match.group("name") in documented and not match.group("rest").rstrip().endswith("only")
    ]

    assert without_only == []


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
