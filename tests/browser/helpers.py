"""Helpers for the browser tests: route the demo site to the live server, and run axe."""

from axe_playwright_python.sync_playwright import Axe

from home.sites import follow_base_url

# Moderate and minor findings are reported by axe but do not block a visitor.
BLOCKING_IMPACTS = {"serious", "critical"}
# Whether the admin's messages have ended their animations.
MESSAGES_SHOWN = """() => [...document.querySelectorAll(".messages")].every(
    (messages) => messages.getAnimations({subtree: true}).every(
        (animation) => animation.playState !== "running"
    )
)"""


def wait_for_admin_messages(page):
    """Wagtail's messages fade in; axe judges their colours once they have. (Waiting for every
    animation on the page would never end in the admin, which keeps some running.)"""
    page.wait_for_function(MESSAGES_SHOWN)


def serve_default_site_from(live_server):
    """Give the default site the live server's host and port, as Wagtail routes by them."""
    follow_base_url(live_server.url)


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
