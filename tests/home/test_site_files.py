"""What browsers and crawlers ask for at the site's root by name."""

import io

from django.test import Client

import pytest
from PIL import Image


@pytest.mark.django_db
def test_robots_txt_keeps_crawlers_out_of_the_admin_and_points_to_the_sitemap(settings):
    settings.BASE_URL = "https://leergemeenschappen.example.nl"

    response = Client().get("/robots.txt", HTTP_HOST="elders.example")
    lines = response.content.decode().splitlines()

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "User-agent: *" in lines
    assert {"Disallow: /admin/", "Disallow: /account/", "Disallow: /zoeken/"} <= set(lines)
    # At the public address, not at the host the request named.
    assert "Sitemap: https://leergemeenschappen.example.nl/sitemap.xml" in lines
    assert Client().get("/sitemap.xml").status_code == 200


@pytest.mark.django_db
def test_the_favicon_is_an_icon_in_the_sizes_browsers_ask_for():
    response = Client().get("/favicon.ico")

    assert response.status_code == 200
    icon = Image.open(io.BytesIO(b"".join(response.streaming_content)))
    assert icon.format == "ICO"
    assert {(16, 16), (32, 32)} <= icon.info["sizes"]
