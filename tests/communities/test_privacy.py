"""A person's data: exported and erased (GDPR) by command and in the admin, and retention."""

import io
import json
from datetime import timedelta
from types import SimpleNamespace

from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from wagtail.log_actions import log
from wagtail.models import ModelLogEntry
from wagtail.search.backends import get_search_backend

import pytest

from communities import privacy, retention
from communities.factories import CommunityRoleFactory, PersonFactory
from communities.models import (
    CommunityPage,
    CommunityRole,
    CommunityRoleType,
    ContactMessage,
    MembershipRequest,
    Person,
    SelfEvaluation,
)
from communities.privacy import delete_person, export_person
from exchange.models import KnowledgeQuestion
from home.factories import OrganisationFactory, SectorFactory, ThemeFactory
from home.outgoing_mail import QueuedEmail
from resources.factories import PracticeExamplePageFactory
from resources.models import PracticeExamplePage

PEOPLE_ADMIN = "/admin/communities/person/"


@pytest.fixture
def anna(communities):
    """A person with something in every place the portal keeps data about people."""
    person = PersonFactory(
        name="Anna Jansen",
        email="anna.jansen@example.org",
        job_title="Teamleider onderbouw",
        organisation=OrganisationFactory(name="Scholengroep Veluwe-IJssel"),
        expertise="Mentoraat in de onderbouw.",
        consent_to_contact=True,
    )
    person.expertise_themes.set([ThemeFactory(name="Mentoraat")])
    person.sectors.set([SectorFactory(name="Voortgezet onderwijs")])
    CommunityRoleFactory(page=communities.a, person=person, role=CommunityRoleType.MODERATOR)
    example = PracticeExamplePageFactory(parent=communities.a, title="Mentoraat per klas")
    example.people_involved.set([person])
    example.save_revision().publish()
    ContactMessage.objects.create(
        person=person, sender_email="fatima@example.org", ip_address="192.0.2.10"
    )
    question = KnowledgeQuestion.objects.create(
        title="Hoe organiseer je mentoraat in de onderbouw?",
        context="Vertrouwelijke toelichting van de vrager.",
        email="vrager@example.org",
        assigned_expert=person,
    )
    return SimpleNamespace(person=person, example=example, question=question)


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def person_data(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("person_data", *args, stdout=out, stderr=err)
    return out.getvalue()


# Export ---------------------------------------------------------------------------------------


def test_the_export_holds_everything_stored_about_the_person(anna, communities):
    data = export_person(anna.person)

    fields = data["person"]
    assert set(fields) >= {field.name for field in Person._meta.get_fields() if field.concrete}
    assert fields["name"] == "Anna Jansen"
    assert fields["email"] == "anna.jansen@example.org"
    assert fields["organisation"] == "Scholengroep Veluwe-IJssel"
    assert fields["expertise_themes"] == ["Mentoraat"]
    assert fields["sectors"] == ["Voortgezet onderwijs"]
    assert fields["consent_to_contact"] is True
    assert fields["consented_at"] == anna.person.consented_at.isoformat()
    assert data["community_roles"] == [
        {"community": communities.a.title, "community_id": communities.a.pk, "role": "Moderator"}
    ]
    assert data["practice_examples"] == [
        {"id": anna.example.pk, "title": "Mentoraat per klas", "live": True}
    ]
    [message] = data["contact_messages"]
    assert message["sender_email"] == "fatima@example.org"
    assert "ip_address" not in message
    [question] = data["knowledge_questions"]
    assert question["title"] == anna.question.title
    # The asker's words and address are theirs, not the expert's.
    assert "Vertrouwelijke" not in json.dumps(data)
    assert "vrager@example.org" not in json.dumps(data)


def test_the_command_exports_by_id_or_email_to_stdout_or_a_file(anna, tmp_path):
    by_id = json.loads(person_data("export", str(anna.person.pk)))
    by_email = json.loads(person_data("export", "Anna.Jansen@Example.org"))
    target = tmp_path / "anna.json"
    person_data("export", str(anna.person.pk), "--output", str(target))

    for data in (by_id, by_email, json.loads(target.read_text(encoding="utf-8"))):
        assert data["person"]["name"] == "Anna Jansen"
        assert data["community_roles"][0]["role"] == "Moderator"


def test_the_command_names_an_unknown_or_ambiguous_person(anna):
    twin = PersonFactory(name="Anna J.", email="ANNA.JANSEN@example.org")

    with pytest.raises(CommandError, match="No person with id 99999"):
        person_data("export", "99999")
    with pytest.raises(CommandError, match="No person with email address"):
        person_data("delete", "niemand@example.org", "--yes")
    with pytest.raises(CommandError, match=f"ids {anna.person.pk}, {twin.pk}"):
        person_data("delete", "anna.jansen@example.org", "--yes")
    assert Person.objects.count() == 2


# Erasure --------------------------------------------------------------------------------------


def test_erasing_removes_the_person_and_keeps_the_community(anna, communities, people):
    person = anna.person
    pk = person.pk
    log(person, "wagtail.create", user=people.editor)  # as the admin records adding her
    assert [found.pk for found in get_search_backend().search("Anna", Person)] == [pk]

    delete_person(person, people.editor)

    assert not Person.objects.filter(pk=pk).exists()
    assert not CommunityRole.objects.filter(person_id=pk).exists()
    assert not ContactMessage.objects.filter(person_id=pk).exists()
    assert CommunityPage.objects.filter(pk=communities.a.pk).exists()
    example = PracticeExamplePage.objects.get(pk=anna.example.pk)
    assert example.live and not example.people_involved.exists()
    anna.question.refresh_from_db()
    assert anna.question.assigned_expert is None
    assert list(get_search_backend().search("Anna", Person)) == []
    # The admin's history says an editor erased someone, without saying whom.
    entries = ModelLogEntry.objects.filter(object_id=str(pk))
    assert set(entries.values_list("action", flat=True)) == {"wagtail.create", "wagtail.delete"}
    assert entries.filter(action="wagtail.delete", user=people.editor).exists()
    assert not any("Anna" in entry.label for entry in entries)


def test_the_command_deletes_only_when_confirmed(anna, monkeypatch):
    pk = anna.person.pk

    # No terminal to ask on (as in CI or cron): refused without --yes.
    with pytest.raises(CommandError, match="without --yes"):
        person_data("delete", str(pk))
    assert Person.objects.filter(pk=pk).exists()

    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setattr("builtins.input", lambda prompt: "nee")
    with pytest.raises(CommandError, match="Nothing deleted"):
        person_data("delete", str(pk))
    assert Person.objects.filter(pk=pk).exists()

    monkeypatch.setattr("builtins.input", lambda prompt: "yes")
    output = person_data("delete", str(pk))
    assert "Deleted person" in output
    assert not Person.objects.filter(pk=pk).exists()


def test_the_command_deletes_at_once_with_yes(anna):
    person_data("delete", anna.person.email, "--yes")

    assert not Person.objects.exists()
    assert not ContactMessage.objects.exists()


# In the admin ---------------------------------------------------------------------------------


def test_editors_export_and_erase_from_the_people_listing(anna, people):
    editor = logged_in(people.editor)
    pk = anna.person.pk

    listing = editor.get(PEOPLE_ADMIN).content.decode()
    assert f"{PEOPLE_ADMIN}export/{pk}/" in listing
    assert "Gegevens exporteren" in listing
    assert "Gegevens wissen" in listing

    download = editor.get(f"{PEOPLE_ADMIN}export/{pk}/")
    assert download.status_code == 200
    assert download["Content-Disposition"] == f'attachment; filename="persoon-{pk}.json"'
    assert json.loads(download.content)["person"]["email"] == "anna.jansen@example.org"

    confirm = editor.get(f"{PEOPLE_ADMIN}delete/{pk}/")
    assert confirm.status_code == 200
    assert "Mentoraat per klas" in confirm.content.decode()
    assert Person.objects.filter(pk=pk).exists()

    erased = editor.post(f"{PEOPLE_ADMIN}delete/{pk}/", follow=True)
    assert "De gegevens van Anna Jansen zijn gewist." in erased.content.decode()
    assert not Person.objects.filter(pk=pk).exists()
    assert not ContactMessage.objects.exists()


def test_a_moderator_may_neither_export_nor_erase(anna, people):
    moderator = logged_in(people.moderator_a)
    pk = anna.person.pk

    # Wagtail answers a refusal in the admin by sending them to its dashboard, with a message.
    for response in (
        moderator.get(f"{PEOPLE_ADMIN}export/{pk}/"),
        moderator.get(f"{PEOPLE_ADMIN}delete/{pk}/"),
        moderator.post(f"{PEOPLE_ADMIN}delete/{pk}/"),
    ):
        assert (response.status_code, response["Location"]) == (302, "/admin/")
        assert "Content-Disposition" not in response
    assert Person.objects.filter(pk=pk).exists()
    # Anonymous visitors are sent to the login page, with nothing downloaded.
    anonymous = Client().get(f"{PEOPLE_ADMIN}export/{pk}/")
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]


# Retention ------------------------------------------------------------------------------------


def test_personal_data_past_its_retention_period_is_purged(anna, communities):
    now = timezone.now()
    recent = ContactMessage.objects.get()
    old = ContactMessage.objects.create(person=anna.person, sender_email="oud@example.org")
    ContactMessage.objects.filter(pk=old.pk).update(created_at=now - timedelta(days=91))
    ContactMessage.objects.filter(pk=recent.pk).update(created_at=now - timedelta(days=89))

    def join_request(email, days_ago):
        request = MembershipRequest.objects.create(
            community=communities.a, name="Lid", email=email, ip_address="192.0.2.20"
        )
        MembershipRequest.objects.filter(pk=request.pk).update(
            created_at=now - timedelta(days=days_ago)
        )
        return request

    old_request = join_request("oud@example.org", 31)
    new_request = join_request("nieuw@example.org", 29)

    out = io.StringIO()
    call_command("purge_personal_data", "--dry-run", stdout=out)
    assert "communities.ContactMessage: 1 rows would be purged" in out.getvalue()
    assert ContactMessage.objects.count() == 2

    out = io.StringIO()
    call_command("purge_personal_data", stdout=out)

    assert list(ContactMessage.objects.all()) == [recent]
    old_request.refresh_from_db()
    new_request.refresh_from_db()
    assert old_request.ip_address is None
    assert old_request.email == "oud@example.org"  # the request itself stays
    assert new_request.ip_address == "192.0.2.20"
    assert "communities.ContactMessage: 1 rows were purged" in out.getvalue()
    assert "communities.MembershipRequest: 1 rows were purged" in out.getvalue()

    # Nothing left to do the second time.
    out = io.StringIO()
    call_command("purge_personal_data", stdout=out)
    assert "communities.MembershipRequest: 0 rows were purged" in out.getvalue()


def test_knowledge_questions_lose_the_askers_address_and_ip_after_their_periods(db):
    from exchange.factories import KnowledgeQuestionFactory
    from exchange.models import KnowledgeQuestion

    now = timezone.now()

    def question(created_days_ago, answered_days_ago=None):
        asked = KnowledgeQuestionFactory()
        KnowledgeQuestion.objects.filter(pk=asked.pk).update(
            created_at=now - timedelta(days=created_days_ago),
            answered_at=(
                None if answered_days_ago is None else now - timedelta(days=answered_days_ago)
            ),
        )
        return asked

    fresh = question(10)
    month_old = question(31)
    answered_long_ago = question(200, answered_days_ago=181)
    answered_lately = question(200, answered_days_ago=100)
    never_answered = question(366)

    call_command("purge_personal_data", stdout=io.StringIO())

    def stored(asked):
        asked.refresh_from_db()
        return asked.email != "", asked.ip_address is not None

    assert stored(fresh) == (True, True)
    assert stored(month_old) == (True, False)
    assert stored(answered_long_ago) == (False, False)
    assert stored(answered_lately) == (True, False)
    assert stored(never_answered) == (False, False)


def purge_report(*args):
    out = io.StringIO()
    call_command("purge_personal_data", *args, stdout=out)
    return out.getvalue().splitlines()


def test_the_purge_reports_every_rule_in_its_order(db):
    # The exchange's rules, registered from above, between the join requests and the logins.
    assert [line.split(" (older than ") for line in purge_report("--dry-run")] == [
        [f"{model}: 0 rows would be purged", rule]
        for model, rule in [
            (
                "communities.ContactMessage",
                "90 days: messages relayed through Wie weet wat (sender and time), deleted).",
            ),
            (
                "communities.MembershipRequest",
                "30 days: IP addresses of requests to join a community, blanked).",
            ),
            (
                "exchange.KnowledgeQuestion",
                "30 days: IP addresses of knowledge questions, blanked).",
            ),
            (
                "exchange.KnowledgeQuestion",
                "180 days: askers' email addresses, half a year after the answer, blanked).",
            ),
            (
                "exchange.KnowledgeQuestion",
                "365 days: askers' email addresses of questions a year old, blanked).",
            ),
            ("exchange.Follow", "7 days: unconfirmed follows (email address), deleted)."),
            ("exchange.Follow", "30 days: IP addresses of follows, blanked)."),
            (
                "home.QueuedEmail",
                "30 days: email sent (address and subject), deleted).",
            ),
            (
                "exchange.DigestSent",
                "60 days: records of digests sent (address and period), deleted).",
            ),
            (
                "home.QueuedEmail",
                "30 days: email that could not be sent (address and text), deleted).",
            ),
            (
                "axes.AccessAttempt",
                "1 days: failed logins (username, IP address, browser), deleted).",
            ),
            ("axes.AccessLog", "30 days: logins (username, IP address, browser), deleted)."),
        ]
    ]


def test_a_rule_an_app_registers_is_applied_in_its_place(anna, monkeypatch):
    """An app above communities registers a retention period for its own rows (as the exchange
    does for the questions' addresses); the daily purge then applies and reports it."""
    monkeypatch.setattr(retention, "_rules", list(retention._rules))
    rule = retention.Retention(
        "communities.ContactMessage",
        "created_at",
        7,
        description="relayed messages, deleted after a week",
    )
    retention.register_retention(rule, order=15)
    retention.register_retention(rule, order=15)  # once is enough
    week_old = ContactMessage.objects.get()
    ContactMessage.objects.filter(pk=week_old.pk).update(
        created_at=timezone.now() - timedelta(days=8)
    )

    report = purge_report()

    assert not ContactMessage.objects.exists()
    assert report[:3] == [
        "communities.ContactMessage: 0 rows were purged (older than 90 days: messages relayed "
        "through Wie weet wat (sender and time), deleted).",
        "communities.ContactMessage: 1 rows were purged "
        "(older than 7 days: relayed messages, deleted after a week).",
        "communities.MembershipRequest: 0 rows were purged "
        "(older than 30 days: IP addresses of requests to join a community, blanked).",
    ]


@pytest.fixture
def under_her_address(anna, communities, django_user_model):
    """What Anna did on the portal under her own address, outside her directory entry."""
    address = "Anna.Jansen@example.org"  # as she typed it once
    account = django_user_model.objects.create_user("anna", address, "wachtwoord-123")
    MembershipRequest.objects.create(
        community=communities.b,
        name="Anna Jansen",
        email=address,
        motivation="Veiligheid.",
        ip_address="192.0.2.30",
    )
    asked = KnowledgeQuestion.objects.create(
        title="Wie heeft een goede mentorles?",
        context="Voor de brugklas.",
        email=address,
        ip_address="192.0.2.30",
    )
    other = PersonFactory(name="Bram", email="bram@example.org", consent_to_contact=True)
    ContactMessage.objects.create(person=other, sender_email=address)
    evaluation = SelfEvaluation.objects.create(
        community=communities.a,
        period="2026-1",
        created_on=timezone.localdate(),
        role="moderator",
        respondent=account,
    )
    return SimpleNamespace(account=account, asked=asked, evaluation=evaluation)


def test_the_export_holds_what_she_did_under_her_address(anna, under_her_address):
    data = export_person(anna.person)

    assert [account["username"] for account in data["accounts"]] == ["anna"]
    assert [request["motivation"] for request in data["join_requests"]] == ["Veiligheid."]
    assert [question["title"] for question in data["questions_asked"]] == [
        "Wie heeft een goede mentorles?"
    ]
    assert [message["to"] for message in data["messages_sent"]] == ["Bram"]
    assert [evaluation["quarter"] for evaluation in data["evaluations"]] == ["2026-1"]


def test_erasing_removes_what_she_did_under_her_address(anna, under_her_address):
    delete_person(anna.person)

    assert not MembershipRequest.objects.filter(email__iexact="anna.jansen@example.org").exists()
    assert not ContactMessage.objects.filter(sender_email__iexact="anna.jansen@example.org")
    under_her_address.asked.refresh_from_db()
    assert (under_her_address.asked.email, under_her_address.asked.ip_address) == ("", None)
    assert not type(under_her_address.account).objects.filter(username="anna").exists()
    # Her scores stay, as an anonymous evaluation.
    under_her_address.evaluation.refresh_from_db()
    assert under_her_address.evaluation.respondent is None


def test_the_export_lists_what_is_under_her_address_in_its_usual_order(anna, under_her_address):
    data = export_person(anna.person)

    assert list(data)[-12:] == [
        "accounts",
        "join_requests",
        "questions_asked",
        "reuse_reports",
        "discussion_posts",
        "post_reports",
        "follows",
        "discussion_preferences",
        "messages_sent",
        "emails",
        "digests_sent",
        "evaluations",
    ]


def test_records_an_app_registers_are_exported_in_their_place_and_erased(anna, monkeypatch):
    """An app above communities registers what it keeps under an address (as the exchange does
    for the questions asked); the export and the erasure then cover it."""
    monkeypatch.setattr(privacy, "_address_records", dict(privacy._address_records))
    erased = []
    privacy.register_address_records(
        "newsletter",
        find=lambda address: [address.lower()],
        export=lambda subscriptions: [{"address": address} for address in subscriptions],
        erase=erased.extend,
        order=25,
    )

    data = export_person(anna.person)
    delete_person(anna.person)

    assert list(data)[-13:] == [
        "accounts",
        "join_requests",
        "newsletter",
        "questions_asked",
        "reuse_reports",
        "discussion_posts",
        "post_reports",
        "follows",
        "discussion_preferences",
        "messages_sent",
        "emails",
        "digests_sent",
        "evaluations",
    ]
    assert data["newsletter"] == [{"address": "anna.jansen@example.org"}]
    assert erased == ["anna.jansen@example.org"]


def test_erasing_her_address_deletes_the_email_waiting_with_her_message(anna, under_her_address):
    """A message she sent through Wie weet wat waits in the mail queue with her address to
    reply to, until it is sent; after that the queue keeps neither her words nor her address."""
    waiting = QueuedEmail.objects.create(
        to="bram@example.org",
        subject="Bericht van Anna via Wie weet wat",
        body="Mag ik je iets vragen over mentorlessen?",
        reply_to=["Anna.Jansen@example.org"],
    )
    # Someone else's, whose address only contains hers.
    other = QueuedEmail.objects.create(
        to="bram@example.org",
        subject="Van Joanna",
        body="x",
        reply_to=["joanna.jansen@example.org"],
    )

    assert [email["subject"] for email in export_person(anna.person)["emails"]] == [
        "Bericht van Anna via Wie weet wat"
    ]
    delete_person(anna.person)

    assert not QueuedEmail.objects.filter(pk=waiting.pk).exists()
    assert QueuedEmail.objects.filter(pk=other.pk).exists()
