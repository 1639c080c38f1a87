"""Keep roles, workspaces and workflows in step with the page tree, and the directory's
search index in step with the names it holds."""

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.db import DEFAULT_DB_ALIAS
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.dispatch import receiver

from wagtail.signals import page_published

from home.sections import section_models

from . import roles
from .models import CommunityPage, Person, WorkspacePage


@receiver(post_save, sender=CommunityPage)
def community_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        roles.ensure_community_groups(instance)


@receiver(page_published, sender=CommunityPage)
def community_published(sender, instance, **kwargs):
    # Created on publish rather than on first save: adding a child while Wagtail still holds
    # the new page in memory would leave that copy with stale tree fields.
    roles.ensure_workspace(instance)


@receiver(pre_delete, sender=CommunityPage)
def remember_community_groups(sender, instance, **kwargs):
    instance._group_ids = (instance.moderators_group_id, instance.members_group_id)
    instance._collection_id = instance.workspace_collection_id


@receiver(post_delete, sender=CommunityPage)
def community_deleted(sender, instance, **kwargs):
    roles.delete_community_groups(getattr(instance, "_group_ids", ()))
    roles.delete_workspace_collection(getattr(instance, "_collection_id", None))


@receiver(post_save, sender=WorkspacePage)
def workspace_saved(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        community = CommunityPage.objects.parent_of(instance).first()
        if community is not None:
            roles.restrict_workspace(instance, community)


def section_saved(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        roles.assign_section_workflow(instance)


def connect_section_handlers():
    """A new section page gets the review workflow its page type declares, if any.

    Run from AppConfig.ready: by then every app's page types are loaded, those of the apps
    above this one included.
    """
    for model in section_models().values():
        post_save.connect(section_saved, sender=model, dispatch_uid=f"workflow-{model.__name__}")


def setup_roles_after_migrate(sender, using=DEFAULT_DB_ALIAS, **kwargs):
    # Django creates each app's permissions in that app's own post_migrate, so the apps after
    # this one in INSTALLED_APPS (search promotions, the exchange, ...) have none yet on a
    # fresh install; without them the groups would silently lack those rights.
    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)
    roles.setup_roles()


def reindex_people_of(people):
    for person in people.filter(consent_to_contact=True):
        person.update_search_indexes()


@receiver(post_save, sender="home.Theme")
def theme_saved(sender, instance, created, raw=False, **kwargs):
    # The directory's text search holds people's theme and organisation names.
    if not (created or raw):
        reindex_people_of(instance.experts.all())


@receiver(post_save, sender="home.Organisation")
def organisation_saved(sender, instance, created, raw=False, **kwargs):
    if not (created or raw):
        reindex_people_of(instance.people.all())


@receiver(m2m_changed, sender=Person.expertise_themes.through)
def person_themes_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """Reindex people whose themes changed: the index holds the theme names, and the admin
    saves a person's themes only after the person, when Wagtail has already indexed them."""
    if action == "pre_clear" and reverse:
        # Cleared from the theme's side: afterwards nobody knows who had it.
        instance._people_before_clear = list(instance.experts.values_list("pk", flat=True))
        return
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if reverse:
        if action == "post_clear":
            pk_set = getattr(instance, "_people_before_clear", [])
        people = Person.objects.filter(pk__in=pk_set or [])
    elif action == "post_clear" or pk_set:
        people = [instance]
    else:
        return
    for person in people:
        person.update_search_indexes()
