"""Images and documents in the admin: each community's workspace collection is its own.

A community's collection (communities.roles) is a child of the public root collection, so
Wagtail would hand everyone with rights on the root the files of every community too. The
permission policies here leave out the collections whose view restriction a user does not
pass, in every chooser, listing, filter and edit screen at once; the upload forms start in the
user's own community's collection and say what is public.
"""

from django.db.models import Case, IntegerField, Q, Value, When
from django.utils.translation import gettext_lazy as _

from wagtail.documents import get_document_model
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images import get_image_model
from wagtail.images.forms import BaseImageForm
from wagtail.models import BaseViewRestriction, Collection, CollectionViewRestriction
from wagtail.permission_policies.collections import CollectionOwnershipPermissionPolicy
from wagtail.permissions import register_permission_policy

from .roles import memoised


def collections_hidden_from(user):
    """Ids of the collections whose documents `user` may not open, below them included.

    The one rule for who opens a collection's documents, Wagtail's own for a group restriction
    (BaseViewRestriction.accept_request): superusers, and the members of one of its groups. The
    document view refuses these (refused_by_collection) and the admin does not show them. The
    editors and administrators are in every workspace collection's groups (communities.roles).
    """
    return memoised(user, "collections_hidden_from", lambda: _collections_hidden_from(user))


def _collections_hidden_from(user):
    if user.is_authenticated and user.is_superuser:
        return frozenset()
    refused = CollectionViewRestriction.objects.filter(restriction_type=BaseViewRestriction.GROUPS)
    if user.is_authenticated:
        refused = refused.exclude(groups__user=user)
    paths = list(refused.values_list("collection__path", flat=True))
    if not paths:
        return frozenset()
    below = Q()
    for path in paths:
        below |= Q(path__startswith=path)
    return frozenset(Collection.objects.filter(below).values_list("pk", flat=True))


def own_collection_ids(user):
    """The workspace collections of the communities `user` is a member or moderator of."""
    if not user.is_authenticated:
        return frozenset()
    return memoised(
        user,
        "own_collection_ids",
        lambda: frozenset(
            Collection.objects.filter(
                Q(community__members_group__user=user) | Q(community__moderators_group__user=user)
            ).values_list("pk", flat=True)
        ),
    )


class CommunityCollectionPermissionPolicy(CollectionOwnershipPermissionPolicy):
    """Wagtail's policy for images and documents, without other communities' collections."""

    def collections_user_has_any_permission_for(self, user, actions):
        collections = super().collections_user_has_any_permission_for(user, actions)
        hidden = collections_hidden_from(user)
        if hidden:
            collections = collections.exclude(pk__in=hidden)
        own = own_collection_ids(user)
        if own:
            # Own collections first: Wagtail's uploaders start in the first collection, so a
            # file from the workspace stays private unless its uploader chooses otherwise.
            collections = collections.order_by(
                Case(
                    When(pk__in=own, then=Value(0)),
                    default=Value(1),
                    output_field=IntegerField(),
                ),
                "path",
            )
        return collections

    def instances_user_has_any_permission_for(self, user, actions):
        instances = super().instances_user_has_any_permission_for(user, actions)
        hidden = collections_hidden_from(user)
        return instances.exclude(collection_id__in=hidden) if hidden else instances

    def user_has_any_permission_for_instance(self, user, actions, instance):
        if instance.collection_id in collections_hidden_from(user):
            return False
        return super().user_has_any_permission_for_instance(user, actions, instance)


def register_permission_policies():
    """Put the limited policy in place of Wagtail's own for images and documents.

    Wagtail's apps register theirs in ready(), which may run before or after this; a policy
    for the exact class comes first either way.
    """
    for model, auth_model in (
        (get_document_model(), "wagtaildocs.Document"),
        (get_image_model(), "wagtailimages.Image"),
    ):
        # The arguments of wagtail.documents and wagtail.images get_permission_policy().
        policy = CommunityCollectionPermissionPolicy(
            model, auth_model=auth_model, owner_field_name="uploaded_by_user"
        )
        register_permission_policy(model, policy, exact_class=True)


def refused_by_collection(document, request):
    """Whether a group restriction on the document's collection keeps this visitor out."""
    return document.collection_id in collections_hidden_from(request.user)


class StartInOwnCollectionMixin:
    """A new file starts in the first collection on offer: the uploader's community's own.

    Wagtail starts in the root collection, which is public.
    """

    def __init__(self, *args, **kwargs):
        self.uploader = kwargs.get("user")
        explicit = "collection" in (kwargs.get("initial") or {})
        super().__init__(*args, **kwargs)
        if "collection" in self.fields and not self.instance.pk and not explicit:
            self.initial["collection"] = self.collections[0].pk

    def add_file_help(self, text):
        field = self.fields.get("file")
        if field is not None:
            field.help_text = f"{field.help_text} {text}".strip()


class DocumentForm(StartInOwnCollectionMixin, BaseDocumentForm):
    """The document upload and edit form (WAGTAILDOCS_DOCUMENT_FORM_BASE)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.uploader is not None and own_collection_ids(self.uploader):
            self.add_file_help(
                _(
                    "Een document in de collectie van je werkruimte kunnen alleen de leden en "
                    "moderatoren van je leergemeenschap en de redactie openen."
                )
            )


class ImageForm(StartInOwnCollectionMixin, BaseImageForm):
    """The image upload and edit form (WAGTAILIMAGES_IMAGE_FORM_BASE)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_file_help(
            _(
                "Let op: afbeeldingen zijn altijd openbaar, ook in de collectie van een "
                "werkruimte. Iedereen met de link kan ze zien, dus zet er niets op wat alleen "
                "voor je leergemeenschap bedoeld is."
            )
        )
