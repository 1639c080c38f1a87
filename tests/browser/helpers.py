"""Helpers for the browser tests: route the demo site to the live server, and run axe."""

from urllib.parse import urlsplit

from wagtail.models import Site

from axe_playwright_python.sync_playwright import Axe

# Moderate and minor findings are reported by axe but do not block a visitor.
BLOCKING_IMPACTS = {"serious", "critical"}


def serve_default_site_from(live_server):
    """Give the default site the live server's host and port, as Wagtail routes by them."""
    address = urlsplit(live_server.url)
    site = Site.objects.get(is_default_site=True)
    site.hostname = address.hostname
    site.port = address.port
    site.save()


def assert_accessible(page):
    page.wait_for_load_state("load")
    violations = [
        violation
        for violation in Axe().run(page).response["violations"]
        if violation["impact"] in BLOCKING_IMPACTS
    ]
    report = "\n".join(
        f"- {violation['id']} ({violation['impact']}): {violation['help']}\n    "
        + "\n    ".join(" ".join(map(str, node["target"])) for node in violation["nodes"])
        for violation in violations
    )
    assert not violations, f"axe found serious accessibility problems on {page.url}:\n{report}"
