"""Whom a community's roles may name: a moderator picks from the people their community already
has and those who agreed to be listed in *Wie weet wat*; the editors pick from everyone.

Anyone else in the database never agreed to appear on another community's page.
"""

from django.db.models import Q

from .closeout import CommunityPageForm
from .roles import is_editor


def people_to_choose_from(user, community):
    """The people `user` may give a role in `community` (a page, perhaps an unsaved draft)."""
    from .models import CommunityRole, Person

    if is_editor(user):
        return Person.objects.all()
    # The community's people: its published roles and those of the draft being edited.
    own = {role.person_id for role in community.roles.all() if role.person_id}
    if community.pk:
        own.update(
            CommunityRole.objects.filter(page_id=community.pk).values_list("person_id", flat=True)
        )
    # Consent as "Wie weet wat" has it (communities.directory.listed_people).
    return Person.objects.filter(Q(consent_to_contact=True) | Q(pk__in=own))


def _choosing_from(role_form_class, people):
    class RoleForm(role_form_class):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.fields["person"].queryset = people

    return RoleForm


class CommunityEditorForm(CommunityPageForm):
    """The community editor (its close-out in closeout.CommunityPageForm), with the people
    its roles may name limited to those above."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        formset = self.formsets.get("roles")
        if formset is None or self.for_user is None:
            return
        people = people_to_choose_from(self.for_user, self.instance)
        # Offered and accepted alike: a person sent from outside them is an invalid choice.
        # The blank row behind "add" is built later, from the formset's form class.
        formset.form = _choosing_from(formset.form, people)
        for form in formset.forms:
            form.fields["person"].queryset = people
