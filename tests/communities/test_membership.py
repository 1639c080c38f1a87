"""Asking to join a community, and a moderator letting the person in or declining."""

import re

from django.core import mail
from django.test import Client

import pytest

from communities.models import CommunityStatus, MembershipRequest, MembershipRequestStatus

VALID = {
    "name": "Fatima Yilmaz",
    "email": "Fatima@Example.org",
    "organisation": "OBS De Regenboog",
    "role": "Leraar groep 7",
    "motivation": "Ik wil leren hoe collega's burgerschap vormgeven.",
}


def join_url(community):
    return community.url + community.reverse_subpage("join")


def join(community, client=None, ip="192.0.2.10", **overrides):
    client = client or Client()
    data = {**VALID, **overrides}
    return client.post(join_url(community), data, REMOTE_ADDR=ip)


@pytest.mark.django_db
def test_a_visitor_joins_and_after_approval_sees_the_workspace(
    communities, people, django_capture_on_commit_callbacks
):
    # Emails leave only after the transaction commits; run those callbacks here.
    with django_capture_on_commit_callbacks(execute=True):
        response = join(communities.a)

    assert response.status_code == 302
    join_request = MembershipRequest.objects.get()
    assert join_request.status == MembershipRequestStatus.PENDING
    assert join_request.email == "fatima@example.org"
    assert mail.outbox and people.moderator_a.email in mail.outbox[-1].to
    assert "Fatima Yilmaz" in mail.outbox[-1].body

    moderator = Client()
    moderator.force_login(people.moderator_a)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        moderator.post(f"/admin/communities/membershiprequest/approve/{join_request.pk}/")

    join_request.refresh_from_db()
    assert join_request.status == MembershipRequestStatus.APPROVED
    assert join_request.user.groups.filter(pk=communities.a.members_group_id).exists()
    welcome = mail.outbox[-1]
    assert welcome.to == ["fatima@example.org"]
    link = re.search(r"https?://[^/\s]+(/account/wachtwoord-instellen/\S+)", welcome.body).group(1)

    visitor = Client()
    form_page = visitor.get(link, follow=True)
    visitor.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else link,
        {"new_password1": "Een-lang-wachtwoord-42", "new_password2": "Een-lang-wachtwoord-42"},
    )
    assert visitor.login(username="fatima@example.org", password="Een-lang-wachtwoord-42")
    mine = visitor.get("/account/mijn-leergemeenschappen/")
    assert communities.a.title in mine.content.decode()
    assert visitor.get(communities.workspace_a.url).status_code == 200
    assert visitor.get(communities.workspace_b.url).status_code == 302


@pytest.mark.django_db
def test_declining_sends_the_reason_and_grants_nothing(
    communities, people, django_capture_on_commit_callbacks
):
    join(communities.a)
    join_request = MembershipRequest.objects.get()
    moderator = Client()
    moderator.force_login(people.moderator_a)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        moderator.post(
            f"/admin/communities/membershiprequest/decline/{join_request.pk}/",
            {"reason": "We zijn vol tot de zomer."},
        )

    join_request.refresh_from_db()
    assert join_request.status == MembershipRequestStatus.DECLINED
    assert join_request.user is None
    assert mail.outbox[-1].to == ["fatima@example.org"]
    assert "We zijn vol tot de zomer." in mail.outbox[-1].body


@pytest.mark.django_db
def test_a_moderator_cannot_handle_another_communitys_request(communities, people):
    join(communities.a)
    join_request = MembershipRequest.objects.get()
    other = Client()
    other.force_login(people.moderator_b)

    listing = other.get("/admin/communities/membershiprequest/")
    response = other.post(f"/admin/communities/membershiprequest/approve/{join_request.pk}/")

    assert "Fatima Yilmaz" not in listing.content.decode()
    assert response.status_code == 404
    join_request.refresh_from_db()
    assert join_request.status == MembershipRequestStatus.PENDING


@pytest.mark.django_db
def test_a_second_pending_request_is_refused_with_a_clear_message(communities):
    join(communities.a)
    response = join(communities.a, email="fatima@example.org")

    assert response.status_code == 400
    assert "al aangemeld" in response.content.decode()
    assert MembershipRequest.objects.count() == 1


@pytest.mark.django_db
def test_requests_are_rate_limited_per_address_and_per_email(communities):
    for number in range(5):
        assert join(communities.a, email=f"persoon{number}@example.org").status_code == 302
    from_same_address = join(communities.a, email="nog-een@example.org")
    assert from_same_address.status_code == 400
    assert "te veel aanmeldingen" in from_same_address.content.decode()

    for number, community in enumerate([communities.a, communities.b], start=1):
        MembershipRequest.objects.filter(email=f"persoon{number}@example.org").update(
            email="zelfde@example.org", community=community, status="declined"
        )
    MembershipRequest.objects.filter(email="persoon3@example.org").update(
        email="zelfde@example.org", status="declined"
    )
    same_email = join(communities.b, ip="198.51.100.7", email="zelfde@example.org")
    assert same_email.status_code == 400
    assert MembershipRequest.objects.count() == 5


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"name": ""}, "name"),
        ({"email": "geen-adres"}, "email"),
        ({"motivation": "x" * 2001}, "motivation"),
        ({"name": "n" * 201}, "name"),
    ],
)
def test_malformed_input_is_refused_and_nothing_is_stored(communities, overrides, field):
    response = join(communities.a, **overrides)

    assert response.status_code == 400
    assert field in response.context["form"].errors
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
