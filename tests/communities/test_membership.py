"""Asking to join a community, and a moderator letting the person in or declining."""

import re
from datetime import timedelta

from django.core import mail
from django.test import Client
from django.utils import timezone

import pytest

from communities.factories import CommunityPageFactory
from communities.models import (
    CommunityPage,
    CommunityStatus,
    MembershipRequest,
    MembershipRequestStatus,
)
from home.outgoing_mail import QueuedEmail
from home.templatetags.portal_tags import portal_time

VALID = {
    "name": "Fatima Yilmaz",
    "email": "Fatima@Example.org",
    "organisation": "OBS De Regenboog",
    "role": "Leraar groep 7",
    "motivation": "Ik wil leren hoe collega's burgerschap vormgeven.",
}
ADMIN_LISTING = "/admin/communities/membershiprequest/"
SET_PASSWORD_LINK = re.compile(r"https?://[^/\s]+(/account/wachtwoord-instellen/\S+)")


def join_url(community):
    return community.url + community.reverse_subpage("join")


def join(community, client=None, ip="192.0.2.10", **overrides):
    client = client or Client()
    data = {**VALID, **overrides}
    return client.post(join_url(community), data, REMOTE_ADDR=ip)


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def approve_url(join_request):
    return f"{ADMIN_LISTING}approve/{join_request.pk}/"


def decline_url(join_request):
    return f"{ADMIN_LISTING}decline/{join_request.pk}/"


def inspect_url(join_request):
    return f"{ADMIN_LISTING}inspect/{join_request.pk}/"


@pytest.mark.django_db
def test_a_visitor_joins_and_after_approval_sees_the_workspace(
    communities, people, django_capture_on_commit_callbacks
):
    # Emails leave only after the transaction commits; run those callbacks here.
    with django_capture_on_commit_callbacks(execute=True):
        response = join(communities.a)

    assert response.status_code == 302
    confirmation = Client().get(response["Location"])
    assert "Bedankt voor je aanmelding" in confirmation.content.decode()
    join_request = MembershipRequest.objects.get()
    assert join_request.status == MembershipRequestStatus.PENDING
    assert join_request.email == "fatima@example.org"
    assert mail.outbox[-1].to == [people.moderator_a.email]
    assert "Fatima Yilmaz" in mail.outbox[-1].body
    assert f"Aangevraagd op: {portal_time(join_request.created_at)}\n" in mail.outbox[-1].body

    # The moderator finds the request in the admin and approves it on its page.
    moderator = logged_in(people.moderator_a)
    listing = moderator.get(ADMIN_LISTING).content.decode()
    assert "Fatima Yilmaz" in listing
    assert inspect_url(join_request) in listing
    assert "Goedkeuren…" in listing
    details = moderator.get(inspect_url(join_request)).content.decode()
    action = re.search(r'<form method="post" action="([^"]+)"', details).group(1)
    assert action == approve_url(join_request)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        moderator.post(action)

    join_request.refresh_from_db()
    assert join_request.status == MembershipRequestStatus.APPROVED
    assert join_request.handled_by == people.moderator_a
    assert join_request.user.username == "fatima@example.org"
    assert join_request.user.groups.filter(pk=communities.a.members_group_id).exists()
    welcome = mail.outbox[-1]
    assert welcome.to == ["fatima@example.org"]
    link = SET_PASSWORD_LINK.search(welcome.body).group(1)
    # Sent, never stored: a working password link in the database would let its readers in.
    assert not QueuedEmail.objects.filter(to="fatima@example.org").exists()

    visitor = Client()
    form_page = visitor.get(link, follow=True)
    visitor.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "Een-lang-wachtwoord-42", "new_password2": "Een-lang-wachtwoord-42"},
    )
    logged_in_page = visitor.post(
        "/account/inloggen/",
        {"username": "fatima@example.org", "password": "Een-lang-wachtwoord-42"},
        follow=True,
    )
    assert logged_in_page.redirect_chain[-1][0] == "/account/mijn-leergemeenschappen/"
    assert communities.a.title in logged_in_page.content.decode()
    assert visitor.get(communities.workspace_a.url).status_code == 200
    # Logged in but not a member of b: told so, not sent to the login page they just used.
    assert visitor.get(communities.workspace_b.url).status_code == 403


@pytest.mark.django_db
def test_declining_sends_the_reason_and_grants_nothing(
    communities, people, django_capture_on_commit_callbacks
):
    join(communities.a)
    join_request = MembershipRequest.objects.get()
    moderator = logged_in(people.moderator_a)
    page = moderator.get(decline_url(join_request))
    assert page.status_code == 200
    assert '<h1 class="w-header__title" id="header-title">' in page.content.decode()
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        moderator.post(decline_url(join_request), {"reason": "We zijn vol tot de zomer."})

    join_request.refresh_from_db()
    assert join_request.status == MembershipRequestStatus.DECLINED
    assert join_request.user is None
    assert not people.moderator_a.__class__.objects.filter(email="fatima@example.org").exists()
    assert mail.outbox[-1].to == ["fatima@example.org"]
    assert "We zijn vol tot de zomer." in mail.outbox[-1].body


@pytest.mark.django_db
def test_approving_takes_a_post_and_happens_once(
    communities, people, django_capture_on_commit_callbacks
):
    join(communities.a)
    join_request = MembershipRequest.objects.get()
    moderator = logged_in(people.moderator_a)

    assert moderator.get(approve_url(join_request)).status_code == 405
    join_request.refresh_from_db()
    assert join_request.status == MembershipRequestStatus.PENDING

    moderator.post(approve_url(join_request))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        again = moderator.post(approve_url(join_request), follow=True)
    assert "al behandeld" in again.content.decode()
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_moderator_cannot_see_or_handle_another_communitys_request(communities, people):
    join(communities.a)
    join_request = MembershipRequest.objects.get()
    other = logged_in(people.moderator_b)

    listing = other.get(ADMIN_LISTING).content.decode()
    assert "Fatima Yilmaz" not in listing
    assert communities.a.title not in listing
    assert other.get(inspect_url(join_request)).status_code == 404
    assert other.get(decline_url(join_request)).status_code == 404
    assert other.post(approve_url(join_request)).status_code == 404
    assert other.post(decline_url(join_request), {"reason": "Nee"}).status_code == 404
    assert other.post(f"{ADMIN_LISTING}approve/geen-nummer/").status_code == 404
    join_request.refresh_from_db()
    assert join_request.status == MembershipRequestStatus.PENDING
    # A member of the community is no moderator: the admin listing is closed to them.
    assert logged_in(people.member_a).post(approve_url(join_request)).status_code in (302, 403)
    join_request.refresh_from_db()
    assert join_request.status == MembershipRequestStatus.PENDING


@pytest.mark.django_db
def test_editors_see_every_request_and_filter_by_community(communities, people):
    join(communities.a)
    join(communities.b, email="jan@example.org", name="Jan de Vries")
    editor = logged_in(people.editor)

    everything = editor.get(ADMIN_LISTING).content.decode()
    only_b = editor.get(ADMIN_LISTING, {"community__page_ptr__exact": communities.b.pk})

    assert "Fatima Yilmaz" in everything and "Jan de Vries" in everything
    assert communities.a.title in everything and communities.b.title in everything
    assert "Jan de Vries" in only_b.content.decode()
    assert "Fatima Yilmaz" not in only_b.content.decode()


@pytest.mark.django_db
def test_an_existing_account_is_linked_and_the_visitor_cannot_tell(
    communities, people, django_capture_on_commit_callbacks
):
    for_new_address = join(communities.b, email="nieuw@example.org", ip="198.51.100.1")
    for_existing_account = join(communities.b, email="LID-A@example.org", ip="198.51.100.2")
    # The same answer either way: the form does not reveal who has an account.
    assert for_new_address.status_code == for_existing_account.status_code == 302
    assert for_new_address["Location"] == for_existing_account["Location"]

    users_before = people.member_a.__class__.objects.count()
    join_request = MembershipRequest.objects.get(email="lid-a@example.org")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        logged_in(people.moderator_b).post(approve_url(join_request))

    join_request.refresh_from_db()
    assert join_request.user == people.member_a
    assert people.member_a.__class__.objects.count() == users_before
    assert people.member_a.groups.filter(pk=communities.b.members_group_id).exists()
    welcome = mail.outbox[-1].body
    assert "/account/inloggen/" in welcome
    assert not SET_PASSWORD_LINK.search(welcome)


@pytest.mark.django_db
def test_an_account_that_never_chose_a_password_gets_a_link_again(
    communities, people, django_user_model, django_capture_on_commit_callbacks
):
    invited = django_user_model.objects.create(
        username="fatima@example.org", email="fatima@example.org"
    )
    invited.set_unusable_password()
    invited.save()
    join(communities.a)
    join_request = MembershipRequest.objects.get()

    with django_capture_on_commit_callbacks(execute=True):
        logged_in(people.moderator_a).post(approve_url(join_request))

    join_request.refresh_from_db()
    assert join_request.user == invited
    assert SET_PASSWORD_LINK.search(mail.outbox[-1].body)


@pytest.mark.django_db
def test_the_editors_hear_of_requests_for_a_community_without_moderators(
    communities, people, django_capture_on_commit_callbacks
):
    new_community = CommunityPageFactory(title="Werkplaats Nieuwkomers")

    with django_capture_on_commit_callbacks(execute=True):
        join(new_community)

    assert mail.outbox[-1].to == [people.editor.email]


@pytest.mark.django_db
def test_a_second_pending_request_is_refused_with_a_clear_message(communities):
    join(communities.a)
    response = join(communities.a, email="fatima@example.org")

    assert response.status_code == 400
    assert "al aangemeld" in response.content.decode()
    assert MembershipRequest.objects.count() == 1


@pytest.mark.django_db
def test_requests_from_one_address_are_limited_for_an_hour(communities):
    for number in range(5):
        assert join(communities.a, email=f"persoon{number}@example.org").status_code == 302

    refused = join(communities.a, email="nog-een@example.org")
    assert refused.status_code == 400
    assert "te veel aanmeldingen" in refused.content.decode()
    assert MembershipRequest.objects.count() == 5
    assert join(communities.a, email="nog-een@example.org", ip="198.51.100.7").status_code == 302

    MembershipRequest.objects.update(created_at=timezone.now() - timedelta(hours=2))
    assert join(communities.a, email="nog-twee@example.org").status_code == 302


@pytest.mark.django_db
def test_requests_with_one_email_address_are_limited(communities):
    more = [CommunityPageFactory(), CommunityPageFactory()]
    for number, community in enumerate([communities.a, communities.b, more[0]]):
        assert join(community, ip=f"198.51.100.{number}").status_code == 302

    refused = join(more[1], ip="203.0.113.9", email="FATIMA@example.org")

    assert refused.status_code == 400
    assert "te veel aanmeldingen" in refused.content.decode()
    assert not MembershipRequest.objects.filter(community=more[1]).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"name": ""}, "name"),
        ({"email": ""}, "email"),
        ({"email": "geen-adres"}, "email"),
        ({"motivation": "x" * 2001}, "motivation"),
        ({"name": "n" * 201}, "name"),
        ({"organisation": "o" * 201}, "organisation"),
    ],
)
def test_malformed_input_is_refused_and_nothing_is_stored(communities, overrides, field):
    response = join(communities.a, **overrides)

    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert 'role="alert"' in response.content.decode()
    assert MembershipRequest.objects.count() == 0


@pytest.mark.django_db
def test_a_filled_honeypot_stores_nothing_but_looks_sent(
    communities, people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = join(communities.a, website="http://spam.example")

    assert response.status_code == 302
    assert MembershipRequest.objects.count() == 0
    assert callbacks == []
    assert len(mail.outbox) == 0


@pytest.mark.django_db
def test_the_form_needs_a_csrf_token(communities):
    response = join(communities.a, client=Client(enforce_csrf_checks=True))

    assert response.status_code == 403
    assert MembershipRequest.objects.count() == 0


@pytest.mark.django_db
def test_a_concluded_community_takes_no_requests(communities):
    community = communities.a
    community.status = CommunityStatus.CONCLUDED
    community.save_revision().publish()

    assert Client().get(join_url(community)).status_code == 404
    assert join(community).status_code == 404
    assert "Meld je aan" not in Client().get(community.url).content.decode()
    assert MembershipRequest.objects.count() == 0


@pytest.mark.django_db
def test_a_community_being_set_up_already_takes_requests(communities):
    community = communities.a
    community.status = CommunityStatus.FORMING
    community.save_revision().publish()
    community = CommunityPage.objects.get(pk=community.pk)

    assert join_url(community) in Client().get(community.url).content.decode()
    assert join(community).status_code == 302
    assert MembershipRequest.objects.filter(community=community).exists()


@pytest.mark.django_db
def test_screen_readers_are_pointed_at_a_fields_help_text_and_its_errors(communities):
    def input_named(name, html):
        return re.search(rf'<input[^>]*name="{name}"[^>]*>', html).group()

    page = Client().get(join_url(communities.a)).content.decode()
    refused = join(communities.a, email="geen-adres").content.decode()

    assert 'id="id_role_helptext"' in page
    assert 'aria-describedby="id_role_helptext"' in input_named("role", page)
    assert 'id="id_email-errors"' in refused
    assert 'aria-describedby="id_email-errors"' in input_named("email", refused)
