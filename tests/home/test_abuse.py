"""Whose address the public forms' rate limits count, with and without proxies in front."""

from django.test import RequestFactory

import pytest

from home.abuse import client_address


def request_from(remote, forwarded=None):
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().post("/", **headers)


def test_without_proxies_the_connection_is_the_visitor(settings):
    settings.TRUSTED_PROXIES = 0

    # A header anyone can send changes nothing.
    assert client_address(request_from("192.0.2.7", "203.0.113.9")) == "192.0.2.7"


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        # One proxy: the address it saw the request come from, the last entry.
        (1, "203.0.113.9", "203.0.113.9"),
        # A visitor who writes the header themselves only adds entries in front.
        (1, "198.51.100.1, 203.0.113.9", "203.0.113.9"),
        # Two proxies: the first proxy's entry, one before the last.
        (2, "198.51.100.1, 203.0.113.9, 10.0.0.2", "203.0.113.9"),
        # Not through all the proxies, or nonsense: the connection's own address.
        (2, "203.0.113.9", "10.0.0.1"),
        (1, "niet-een-adres", "10.0.0.1"),
        (1, None, "10.0.0.1"),
    ],
)
def test_behind_proxies_the_entry_they_added_is_the_visitor(
    settings, proxies, forwarded, expected
):
    settings.TRUSTED_PROXIES = proxies

    assert client_address(request_from("10.0.0.1", forwarded)) == expected
