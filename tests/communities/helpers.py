"""What the community tests share: a logged-in client and the community editor's form data."""

from django.test import Client

from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def community_form_data(community, *, roles=(), harvest=(), **changes):
    """The community editor's form as it is posted: the community's own values, these role
    rows and these (page, note) harvest rows; `changes` add or replace fields, such as
    "action-submit" to submit it for review instead of saving a draft."""
    fields = {
        "title": community.title,
        "slug": community.slug,
        "intro": community.intro,
        "central_question": community.central_question,
        "shared_goal": community.shared_goal,
        "form": community.form,
        "status": community.status,
        "concluded_on": "",
        "goal_outcome": "",
        "meeting_format": community.meeting_format,
        "meeting_rhythm": "",
        "how_to_join": rich_text(""),
        "contact_name": "",
        "contact_email": "",
        "body": streamfield([]),
        "roles": inline_formset(list(roles)),
        "harvest": inline_formset([{"result": page.pk, "note": note} for page, note in harvest]),
        **changes,
    }
    return nested_form_data(fields)
