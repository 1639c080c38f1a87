"""The admin carries the portal's name, icon and colours, in Dutch, with nothing loaded from
elsewhere."""

import re

from django.test import Client

import pytest


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_superuser("redacteur", "redactie@example.org", "pw")
    client = Client()
    client.force_login(user)
    return client


def heading(content):
    return re.search(r"<h1[^>]*>\s*(.*?)\s*</h1>", content, re.DOTALL).group(1)


@pytest.mark.django_db
def test_the_dashboard_is_headed_by_the_portals_name_not_its_host(editor):
    content = editor.get("/admin/").content.decode()

    assert heading(content) == "Leergemeenschappen"
    assert "<title>Dashboard - Leergemeenschappen</title>" in content
    assert "/static/home/css/admin-brand.css" in content
    assert 'href="/static/images/favicon.svg"' in content


@pytest.mark.django_db
def test_avatars_come_from_the_portal_not_from_an_outside_service(editor):
    content = editor.get("/admin/").content.decode()

    assert "gravatar" not in content
    images = re.findall(r'<img[^>]+src="([^"]+)"', content)
    assert images
    # On the portal's own host: a path, and not one that starts a host name ("//elsewhere").
    assert all(src.startswith("/") and not src.startswith("//") for src in images), images


@pytest.mark.django_db
def test_the_login_speaks_dutch_and_names_the_portal():
    content = Client().get("/admin/login/").content.decode()

    assert heading(content) == "Inloggen bij Leergemeenschappen"
    assert "Wagtail" not in heading(content)
    assert re.search(r"<label[^>]*>\s*Wachtwoord", content), "the password field's label"
    assert ">Password<" not in content
