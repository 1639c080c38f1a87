"""Fixtures shared by the whole test suite: a real Chromium page driven through Playwright."""

import shutil

from django.db import connections
from django.utils import translation

import pytest
from playwright.sync_api import sync_playwright

# Playwright downloads no browser here: the system Chromium runs, without the services that
# would reach out to the network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(autouse=True)
def dutch_by_default(settings):
    """Each test starts in the site's default language.

    A request under /en/ leaves English active in the thread afterwards; without this, the
    tests after it would see English messages.
    """
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture
def browser_page(live_server, monkeypatch):
    """A Chromium tab whose relative URLs go to the live server; Dutch, like the audience."""
    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.fail(
            "The browser tests need Chromium on PATH as `chromium` "
            "(Debian: apt-get install chromium); .ci/run installs it."
        )
    # Playwright's sync API keeps an event loop running in this thread, which makes Django
    # refuse database access from the test unless told that this is safe.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        context = browser.new_context(base_url=live_server.url, locale="nl-NL")
        context.set_default_timeout(15_000)
        try:
            yield context.new_page()
        finally:
            context.close()
            browser.close()
            # Connections the test opened while Playwright's loop ran belong to that loop's
            # context; closed here, they do not keep the test database from being dropped.
            connections.close_all()
