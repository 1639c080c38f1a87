"""Who may do what: the editors' and administrators' groups, and each community's own groups.

Everything here is idempotent, so it runs after every migrate (a fresh install gets the same
roles as a running one) and whenever a community or a section page is saved.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models.signals import m2m_changed
from django.dispatch import receiver
from django.utils.translation import gettext as _

from wagtail.models import (
    BaseViewRestriction,
    Collection,
    CollectionViewRestriction,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    PageViewRestriction,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from home.sections import section_models

EDITORS_GROUP = "Redactie"
ADMINISTRATORS_GROUP = "Beheerders"
RESULTS_WORKFLOW = "Resultaten-review"
EDITORIAL_WORKFLOW = "Redactie-review"
EDITORS_TASK = "Goedkeuring door de redactie"

# Moderators write and submit; only the editors publish.
MODERATOR_PAGE_PERMISSIONS = ["add_page", "change_page"]
EDITOR_PAGE_PERMISSIONS = [
    "add_page",
    "change_page",
    "publish_page",
    "lock_page",
    "unlock_page",
    "bulk_delete_page",
]
ADMINISTRATOR_PAGE_PERMISSIONS = [*EDITOR_PAGE_PERMISSIONS]
# Members and moderators share unfinished work in their own workspace, which nobody else sees,
# so it is not reviewed (the workspace page types opt out of workflows).
WORKSPACE_PERMISSIONS = ["add_page", "change_page", "publish_page"]
# Images and documents, on the root collection, which is public: moderators add the files of
# their community's results there, and everyone who writes chooses from it.
MEDIA_PERMISSIONS = [
    ("wagtailimages", "add_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "choose_document"),
]
CHOOSE_MEDIA_PERMISSIONS = [
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "choose_document"),
]
# Editors tidy up every file; Wagtail reads these from the collections, not the group's own
# permissions.
EDITOR_MEDIA_PERMISSIONS = [
    *MEDIA_PERMISSIONS,
    ("wagtailimages", "change_image"),
    ("wagtaildocs", "change_document"),
]
# On the community's own collection, where its workspace's files go: members add and choose
# (and change what they uploaded themselves), moderators keep the whole collection in order.
MEMBER_COLLECTION_PERMISSIONS = MEDIA_PERMISSIONS
MODERATOR_COLLECTION_PERMISSIONS = EDITOR_MEDIA_PERMISSIONS
EDITOR_MODEL_PERMISSIONS = [
    ("wagtailadmin", "access_admin"),
    *[
        ("home", f"{action}_{model}")
        for model in ("theme", "sector", "region", "organisation")
        for action in ("add", "change", "delete", "view")
    ],
    *[("communities", f"{action}_person") for action in ("add", "change", "delete", "view")],
    ("communities", "view_membershiprequest"),
    ("communities", "change_membershiprequest"),
    # Word the building blocks, and read the national (anonymised) overview of the
    # self-evaluations.
    ("communities", "view_buildingblock"),
    ("communities", "change_buildingblock"),
    ("communities", "view_selfevaluation"),
    ("wagtailimages", "change_image"),
    ("wagtaildocs", "change_document"),
    ("wagtailsearchpromotions", "add_searchpromotion"),
    ("wagtailsearchpromotions", "change_searchpromotion"),
    ("wagtailsearchpromotions", "delete_searchpromotion"),
    ("search", "view_searchquerydaily"),
    # The search's synonyms, edited in the admin and applied from the next search on.
    *[("search", f"{action}_synonym") for action in ("add", "change", "delete", "view")],
    # The footer's text, contact details and social links (Settings > Voettekst).
    ("home", "change_footersettings"),
]
MODERATOR_MODEL_PERMISSIONS = [
    ("wagtailadmin", "access_admin"),
    ("communities", "view_membershiprequest"),
    ("communities", "change_membershiprequest"),
]
MEMBER_MODEL_PERMISSIONS = [("wagtailadmin", "access_admin")]

# The model permissions of the apps above this one, which this app cannot name: each registers
# its own from its AppConfig.ready (register_model_permissions). Group kind -> (app, codename).
_registered_model_permissions = {"editors": [], "moderators": [], "members": []}


def register_model_permissions(*, editors=(), moderators=(), members=()):
    """Add (app label, codename) pairs to what the editors' group and every community's
    moderators' and members' groups are granted, from now on (setup_roles, after every migrate,
    grants them to the groups that exist). The administrators have every permission anyway."""
    for kind, pairs in (("editors", editors), ("moderators", moderators), ("members", members)):
        registered = _registered_model_permissions[kind]
        registered.extend(pair for pair in pairs if pair not in registered)


def model_permissions(kind):
    """The (app label, codename) pairs of the group `kind`, "editors", "moderators" or
    "members": this app's own and those the apps above it registered."""
    own = {
        "editors": EDITOR_MODEL_PERMISSIONS,
        "moderators": MODERATOR_MODEL_PERMISSIONS,
        "members": MEMBER_MODEL_PERMISSIONS,
    }[kind]
    return [*own, *_registered_model_permissions[kind]]


# Set by settled_once(): what has been settled or looked up in the block, by key.
_settled = ContextVar("roles_settled", default=None)


@contextmanager
def settled_once():
    """Inside the block, bring the site's groups up to date (ensure_site_groups) once, and look
    each set of permissions up once: for bulk writes such as the importer's, where every new
    community would otherwise do both again, a few dozen queries each time. Nothing else may
    change the site's groups or the permissions meanwhile."""
    token = _settled.set({})
    try:
        yield
    finally:
        _settled.reset(token)


def _once(key, compute):
    settled = _settled.get()
    if settled is None:
        return compute()
    if key not in settled:
        settled[key] = compute()
    return settled[key]


def _permissions(pairs):
    wanted = frozenset(pairs)

    def find():
        found = Permission.objects.filter(
            content_type__app_label__in={app for app, _codename in wanted},
            codename__in={codename for _app, codename in wanted},
        ).select_related("content_type")
        return [perm for perm in found if (perm.content_type.app_label, perm.codename) in wanted]

    return _once(("permissions", wanted), find)


def _page_permissions(codenames):
    return _once(
        ("page permissions", frozenset(codenames)),
        lambda: list(
            Permission.objects.filter(
                content_type__app_label="wagtailcore", codename__in=codenames
            )
        ),
    )


def _grant(model, permissions, **target):
    """Give a group each of `permissions` on a page or collection (`target`) that it lacks: one
    query to read what it has and one to add the rest, however many there are."""
    granted = set(
        model.objects.filter(permission__in=permissions, **target).values_list(
            "permission_id", flat=True
        )
    )
    model.objects.bulk_create(
        [model(permission=perm, **target) for perm in permissions if perm.pk not in granted],
        # Granted meanwhile by another process: the unique constraint keeps one.
        ignore_conflicts=True,
    )


def _grant_pages(group, page, codenames):
    _grant(GroupPagePermission, _page_permissions(codenames), group=group, page=page)


def _grant_collection(group, collection, pairs):
    _grant(GroupCollectionPermission, _permissions(pairs), group=group, collection=collection)


def _grant_media(group, pairs=MEDIA_PERMISSIONS):
    root = Collection.get_first_root_node()
    if root is not None:
        _grant_collection(group, root, pairs)


def ensure_site_groups():
    """The editors' and administrators' groups with their permissions on the whole site."""
    return _once("site groups", _ensure_site_groups)


def _ensure_site_groups():
    root = Page.get_first_root_node()
    editors, _created = Group.objects.get_or_create(name=EDITORS_GROUP)
    editors.permissions.add(*_permissions(model_permissions("editors")))
    administrators, _created = Group.objects.get_or_create(name=ADMINISTRATORS_GROUP)
    administrators.permissions.set(Permission.objects.all())
    if root is not None:
        _grant_pages(editors, root, EDITOR_PAGE_PERMISSIONS)
        _grant_pages(administrators, root, ADMINISTRATOR_PAGE_PERMISSIONS)
    _grant_media(editors, EDITOR_MEDIA_PERMISSIONS)
    _grant_media(administrators, EDITOR_MEDIA_PERMISSIONS)
    return editors, administrators


def editors_group():
    return ensure_site_groups()[0]


# Answers about a user's groups are kept on the user object, as Django keeps its permission
# cache: request.user is loaded afresh for every request, so they last one request at most.
MEMO_ATTRIBUTE = "_roles_memo"


def memoised(user, key, compute):
    """compute()'s value for `user`, worked out once per user object."""
    memo = getattr(user, MEMO_ATTRIBUTE, None)
    if memo is None:
        memo = {}
        setattr(user, MEMO_ATTRIBUTE, memo)
    if key not in memo:
        memo[key] = compute()
    return memo[key]


@receiver(m2m_changed)
def forget_memoised_roles(sender, instance, action, **kwargs):
    # A user whose groups change through this very object (user.groups.add(...)) is asked
    # again; a change through the group (group.user_set.add(...)) cannot reach the objects of
    # its users, which is why the memo lives no longer than a request.
    if action.startswith("post_") and isinstance(instance, AbstractBaseUser):
        instance.__dict__.pop(MEMO_ATTRIBUTE, None)


def is_editor(user):
    """Editors and administrators: they see every join request and knowledge question."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or memoised(
        user,
        "is_editor",
        lambda: user.groups.filter(name__in=[EDITORS_GROUP, ADMINISTRATORS_GROUP]).exists(),
    )


def active_editors():
    """The active editors with an email address: who hears about what nobody else handles."""
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name=EDITORS_GROUP)
        .exclude(email="")
        .distinct()
    )


def _group_name(community, kind):
    # Group names are unique and at most 150 characters; the id keeps equal titles apart.
    suffix = f" (#{community.pk}): {kind}"
    return f"{community.title[: 150 - len(suffix)]}{suffix}"


def ensure_community_groups(community):
    """Create or rename the community's moderators and members groups and its workspace
    collection, and grant their rights."""
    from .models import CommunityPage, WorkspacePage

    names = {
        "moderators_group": _group_name(community, "moderatoren"),
        "members_group": _group_name(community, "leden"),
    }
    changed = []
    for field, name in names.items():
        group = getattr(community, field)
        if group is None:
            group, _created = Group.objects.get_or_create(name=name)
            setattr(community, field, group)
            changed.append(field)
        elif group.name != name:
            group.name = name
            group.save(update_fields=["name"])
    if changed:
        # A queryset update keeps the page's other (possibly stale) fields untouched.
        CommunityPage.objects.filter(pk=community.pk).update(
            **{field: getattr(community, field) for field in changed}
        )

    moderators, members = community.moderators_group, community.members_group
    moderators.permissions.add(*_permissions(model_permissions("moderators")))
    members.permissions.add(*_permissions(model_permissions("members")))
    _grant_pages(moderators, community, MODERATOR_PAGE_PERMISSIONS)
    _grant_media(moderators)
    _grant_media(members, CHOOSE_MEDIA_PERMISSIONS)
    ensure_workspace_collection(community)
    for workspace in WorkspacePage.objects.child_of(community):
        restrict_workspace(workspace, community)
    return moderators, members


def delete_community_groups(group_ids):
    Group.objects.filter(pk__in=[pk for pk in group_ids if pk]).delete()


def ensure_workspace_collection(community):
    """Create or rename the collection for the workspace's files, private to the community.

    A child of the root collection, named like the groups. Documents in it are only served to
    the community's members and moderators and to the editors and administrators; images have
    no such protection in Wagtail (their renditions are plain files), which the upload form
    says.
    """
    from .models import CommunityPage

    root = Collection.get_first_root_node()
    if root is None or community.members_group_id is None:
        return None
    name = _group_name(community, "werkruimte")
    # From the database: this copy of the page may predate the collection another copy got.
    collection = Collection.objects.filter(community__pk=community.pk).first()
    if collection is None:
        collection = root.add_child(instance=Collection(name=name))
        # A queryset update keeps the page's other (possibly stale) fields untouched.
        CommunityPage.objects.filter(pk=community.pk).update(workspace_collection=collection)
    elif collection.name != name:
        collection.name = name
        collection.save(update_fields=["name"])
    community.workspace_collection = collection
    # The administrators too: is_editor() counts them, so the admin lists them every file.
    _restrict_to_community(
        CollectionViewRestriction.objects.get_or_create(
            collection=collection, defaults={"restriction_type": BaseViewRestriction.GROUPS}
        )[0],
        community,
        ensure_site_groups(),
    )
    _grant_collection(community.members_group, collection, MEMBER_COLLECTION_PERMISSIONS)
    _grant_collection(community.moderators_group, collection, MODERATOR_COLLECTION_PERMISSIONS)
    return collection


def delete_workspace_collection(collection_id):
    """Remove a deleted community's collection, unless files are left in it.

    Those stay private (only the editors and administrators are left in its restriction) until
    an editor moves or deletes them; deleting the collection would delete them with it.
    """
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    if collection_id is None:
        return
    if (
        get_document_model().objects.filter(collection_id=collection_id).exists()
        or get_image_model().objects.filter(collection_id=collection_id).exists()
    ):
        return
    collection = Collection.objects.filter(pk=collection_id, depth__gt=1).first()
    if collection is not None and collection.is_leaf():
        collection.delete()


def ensure_workspace(community):
    """Give a published community its private workspace, if it has none yet."""
    from .models import WorkspacePage

    community = Page.objects.get(pk=community.pk).specific  # fresh tree fields
    workspace = WorkspacePage.objects.child_of(community).first()
    if workspace is None:
        workspace = community.add_child(
            instance=WorkspacePage(
                title=_("Werkruimte"),
                slug="werkruimte",
                intro=_("Deel hier werk in uitvoering met de andere leden."),
            )
        )
        # A revision, like every page editors make, so its history starts here.
        workspace.save_revision().publish()
    restrict_workspace(workspace, community)
    return workspace


def restrict_workspace(workspace, community):
    """Only the community's members and moderators, and the editors, may see the workspace."""
    if community.members_group_id is None or community.moderators_group_id is None:
        return
    restriction, _created = PageViewRestriction.objects.get_or_create(
        page=workspace, defaults={"restriction_type": PageViewRestriction.GROUPS}
    )
    _restrict_to_community(restriction, community, [editors_group()])
    for group in (community.members_group, community.moderators_group):
        _grant_pages(group, workspace, WORKSPACE_PERMISSIONS)


def _restrict_to_community(restriction, community, site_groups):
    # A page's or a collection's view restriction, made to admit the community and site_groups.
    if restriction.restriction_type != BaseViewRestriction.GROUPS:
        restriction.restriction_type = BaseViewRestriction.GROUPS
        restriction.password = ""
        restriction.save()
    restriction.groups.set(
        [community.members_group_id, community.moderators_group_id]
        + [group.pk for group in site_groups]
    )


def _editors_task():
    task = GroupApprovalTask.objects.filter(name=EDITORS_TASK).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=EDITORS_TASK)
    task.groups.add(editors_group())
    return task


def _workflow(name):
    workflow, created = Workflow.objects.get_or_create(name=name)
    if created or not workflow.workflow_tasks.exists():
        # A real row: the cluster relation's own create() only builds it in memory.
        WorkflowTask.objects.create(workflow=workflow, task=_editors_task(), sort_order=0)
    return workflow


def assign_section_workflow(section):
    """Give a section page the review workflow its page type declares (home.sections): results
    under the communities section, and stories, events and published knowledge questions."""
    name = getattr(section, "review_workflow", None)
    if name is None:
        return
    WorkflowPage.objects.update_or_create(page=section, defaults={"workflow": _workflow(name)})


@transaction.atomic
def setup_roles():
    """Bring every group, permission and workflow up to date; safe to run at any time."""
    from .models import CommunityPage

    with settled_once():
        ensure_site_groups()
        _workflow(RESULTS_WORKFLOW)
        _workflow(EDITORIAL_WORKFLOW)
        for model in section_models().values():
            if model.review_workflow is not None:
                for section in model.objects.all():
                    assign_section_workflow(section)
        for community in CommunityPage.objects.all():
            ensure_community_groups(community)
