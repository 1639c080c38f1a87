"""The public forms survive anything posted to them: no server error, no traceback.

Each example comes from an address of its own, so the rate limits do not end the search
after a few posts; the rate-limited path is posted to as well, by the addresses drawn twice.
"""

from django.urls import reverse

from hypothesis import given, settings
from hypothesis import strategies as st

from communities.models import CommunityPage, CommunityStatus, ExpertDirectoryPage, Person
from exchange.models import QuestionIndexPage
from home.models import Sector, Theme
from resources.models import PracticeExamplePage, ToolPage

from .strategies import EXAMPLES, any_text, hostile_text

addresses = st.integers(1, 40).map(lambda n: f"192.0.2.{n}")
emails = st.one_of(hostile_text, st.emails(), st.just("lid@example.org"))
ticked = st.sampled_from(["", "on", "true", "1", "nee", "\x00"])


honeypot = st.sampled_from(["", "spam"])


def check_form(client, url, fields, max_examples):
    """Post any selection of `fields`, each drawn from its strategy, to `url`."""

    @settings(max_examples=max_examples)
    @given(data=st.fixed_dictionaries({}, optional=fields), address=addresses)
    def check(data, address):
        response = client.post(url, data, REMOTE_ADDR=address)
        assert response.status_code < 500, (url, data, response.status_code)

    check()


def check_join_form(client):
    community = CommunityPage.objects.live().filter(status=CommunityStatus.ACTIVE).first()
    fields = {
        "name": hostile_text,
        "email": emails,
        "organisation": hostile_text,
        "role": hostile_text,
        "motivation": hostile_text,
        "website": honeypot,
    }
    check_form(client, community.url + community.reverse_subpage("join"), fields, EXAMPLES * 2)


def check_question_form(client):
    index = QuestionIndexPage.objects.live().get()
    term_ids = st.one_of(
        st.sampled_from([str(pk) for pk in Theme.objects.values_list("pk", flat=True)]),
        any_text,
    )
    sector_ids = st.one_of(
        st.sampled_from([str(pk) for pk in Sector.objects.values_list("pk", flat=True)]),
        any_text,
    )
    fields = {
        "title": hostile_text,
        "context": hostile_text,
        "sector": sector_ids,
        "themes": st.lists(term_ids, max_size=3),
        "email": emails,
        "consent_to_publish": ticked,
        "stage": st.sampled_from(["check", "edit", "send", "", "verzend"]),
        "website": honeypot,
    }
    check_form(client, index.url, fields, EXAMPLES * 3)


def check_contact_relay(client):
    directory = ExpertDirectoryPage.objects.live().get()
    person = Person.objects.filter(consent_to_contact=True).first()
    url = directory.url + directory.reverse_subpage("contact", args=[person.pk])
    fields = {"name": hostile_text, "email": emails, "message": hostile_text, "website": honeypot}
    check_form(client, url, fields, EXAMPLES * 2)


def check_login_and_password_reset(client):
    login = {"username": hostile_text, "password": hostile_text}
    check_form(client, reverse("account:login"), login, EXAMPLES)
    check_form(client, "/admin/login/", login, EXAMPLES)
    check_form(client, reverse("account:password_reset"), {"email": emails}, EXAMPLES)


def check_reuse_forms(client):
    """'Ik heb dit gebruikt' on a practice example and a tool; once a post counted, the
    client's cookie sends the rest down the already-reported path."""
    for model in (PracticeExamplePage, ToolPage):
        page = model.objects.live().public().order_by("pk").first()
        url = reverse("report_reuse", args=[page.pk])
        check_form(client, url, {"note": hostile_text, "website": honeypot}, EXAMPLES)


def check_public_forms(client):
    check_join_form(client)
    check_question_form(client)
    check_contact_relay(client)
    check_login_and_password_reset(client)
    # Last: the cookie it leaves keeps the page cache from this client.
    check_reuse_forms(client)
