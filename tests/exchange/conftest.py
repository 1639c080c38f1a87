"""Communities, themes, people and one user per role, for the knowledge question tests."""

from types import SimpleNamespace

from django.contrib.auth.models import Group
from django.test import Client

import pytest

from communities.factories import CommunityPageFactory, PersonFactory
from communities.models import CommunityPage
from communities.roles import EDITORS_GROUP, ensure_site_groups
from home.factories import SectorFactory, ThemeFactory
from home.models import ensure_section_pages


def publish(page):
    """Publish through a revision, as the admin does, so Wagtail's signals fire."""
    page.save_revision().publish()
    return page.__class__.objects.get(pk=page.pk)


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def terms(db):
    return SimpleNamespace(
        ouders=ThemeFactory(name="Ouderbetrokkenheid"),
        burgerschap=ThemeFactory(name="Burgerschap"),
        loopbaan=ThemeFactory(name="Loopbaan"),
        po=SectorFactory(name="Primair onderwijs", slug="po"),
        vo=SectorFactory(name="Voortgezet onderwijs", slug="vo"),
    )


@pytest.fixture
def sections(db):
    ensure_site_groups()
    return ensure_section_pages()


@pytest.fixture
def communities(sections, terms):
    a = CommunityPageFactory(
        title="Netwerk Ouders en School",
        slug="ouders-en-school",
        central_question="Hoe maken we van ouders partners in het leren?",
        themes=[terms.ouders],
    )
    a.sectors.set([terms.po])
    b = CommunityPageFactory(
        title="Kenniskring Burgerschap",
        slug="burgerschap",
        central_question="Hoe geven we burgerschap vorm in de klas?",
        themes=[terms.burgerschap],
    )
    return SimpleNamespace(a=publish(a), b=publish(b))


@pytest.fixture
def people(communities, django_user_model):
    def user(username, *groups, **extra):
        account = django_user_model.objects.create_user(
            username, f"{username}@example.org", "wachtwoord-123", **extra
        )
        account.groups.add(*groups)
        return account

    a = CommunityPage.objects.get(pk=communities.a.pk)
    b = CommunityPage.objects.get(pk=communities.b.pk)
    return SimpleNamespace(
        editor=user("redacteur", Group.objects.get(name=EDITORS_GROUP), first_name="Roos"),
        moderator_a=user("moderator-a", a.moderators_group),
        moderator_b=user("moderator-b", b.moderators_group),
        member_a=user("lid-a", a.members_group),
    )


@pytest.fixture
def expert(terms):
    person = PersonFactory(
        name="Sanne de Wit",
        email="sanne@example.org",
        expertise="Ouderbetrokkenheid en ouderavonden die wél werken.",
        consent_to_contact=True,
    )
    person.expertise_themes.set([terms.ouders])
    person.sectors.set([terms.po])
    return person
