"""Which pages the admin names to members and moderators: their own and the public ones.

A member or moderator of one community must not read the titles of another community's
workspace or drafts in the admin. Wherever the admin names pages that a user did not reach by
editing rights (page choosers, bulk-action confirmations, the move and copy screens,
validation messages, a chosen page in a form), a member or moderator sees only the pages they
may edit and public pages (communities.visibility); a page's content links only to those and
to the documents they may choose. Wagtail's site-wide reports list pages across the site and
are for editors and administrators only. Editors and administrators see every page, as before.
"""

import copy
import functools

from django.core.exceptions import FieldDoesNotExist
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.admin.auth import permission_denied
from wagtail.admin.views.chooser import BrowseView, ChosenMultipleView, page_models_from_string
from wagtail.admin.views.pages.bulk_actions.delete import DeleteBulkAction
from wagtail.admin.views.pages.bulk_actions.move import MoveBulkAction
from wagtail.admin.views.pages.bulk_actions.publish import PublishBulkAction
from wagtail.admin.views.pages.bulk_actions.unpublish import UnpublishBulkAction
from wagtail.admin.widgets import AdminPageChooser
from wagtail.blocks import BlockField
from wagtail.documents import get_document_model
from wagtail.documents.models import AbstractDocument
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.permissions import policy_registry
from wagtail.rich_text import extract_references_from_rich_text

from .roles import is_editor
from .visibility import may_see_page, pages_visible_to, visible_ancestry


def limit_page_chooser(pages, request):
    """construct_page_chooser_queryset: what the page chooser lists when browsing and searching."""
    return pages_visible_to(request.user, pages)


def visible_page_id(user, value):
    """The page id `value` (as sent in a form), if it names a page `user` may see."""
    if not str(value).isdigit():
        return None
    visible = pages_visible_to(user, Page.objects.filter(pk=value))
    return visible.values_list("pk", flat=True).first()


# The page chooser --------------------------------------------------------------------------------


class PageBrowseView(BrowseView):
    """Wagtail's page chooser, which also names the page browsed and every page above it.

    Browsing a page the user may not see answers as if it did not exist. Without a page, the
    chooser opens where the pages of the wanted types meet; here only the visible ones count.
    """

    def get(self, request, parent_page_id=None):
        if not is_editor(request.user):
            if parent_page_id is not None:
                if not may_see_page(request.user, get_object_or_404(Page, pk=parent_page_id)):
                    raise Http404
            else:
                parent_page_id = self._visible_start_page_id(request)
        return super().get(request, parent_page_id)

    def _visible_start_page_id(self, request):
        page_type = request.GET.get("page_type")
        if not page_type:
            return None  # the root, as in Wagtail
        try:
            page_models = page_models_from_string(page_type)
        except (ValueError, LookupError) as error:
            raise Http404 from error
        if page_models == (Page,):
            return None
        meeting_point = pages_visible_to(
            request.user, Page.objects.type(*page_models)
        ).first_common_ancestor()
        return visible_ancestry(request.user, meeting_point)[-1].pk


class ChosenPagesView(ChosenMultipleView):
    """What a multiple page chooser returns: the chosen pages' titles, so only visible ones."""

    def get(self, request):
        ids = [pk for pk in request.GET.getlist("id") if pk.isdigit()]
        chosen = Page.objects.filter(pk__in=ids)
        if chosen.count() != pages_visible_to(request.user, chosen).count():
            raise Http404
        return super().get(request)


HIDDEN_PAGE_LABEL = gettext_lazy("Een pagina die je niet kunt zien")


class VisiblePageChooser(AdminPageChooser):
    """A page chooser widget that names a chosen page only to those who may see it.

    A form shows the chooser with the page it holds, or, sent back with an error, with the page
    whose id was sent: its title, its edit link and its parent. For a page the user may not
    see, the chooser keeps the id, so that saving the form keeps the page, and shows neither
    (`keeps_hidden_pages`); where only visible pages are valid, it shows an empty choice.
    """

    user = None
    keeps_hidden_pages = True

    @classmethod
    def replacing(cls, widget, user, keeps_hidden_pages=True):
        """`widget` as it was made (its texts, page types, linked fields), for `user`."""
        chooser = copy.copy(widget)
        chooser.__class__ = cls._for(type(widget))
        chooser.user = user
        chooser.keeps_hidden_pages = keeps_hidden_pages
        return chooser

    @classmethod
    @functools.cache
    def _for(cls, widget_class):
        """This class for a plain page chooser, and mixed into a special one (such as the move
        chooser) in front of it."""
        if issubclass(widget_class, cls):
            return widget_class
        if widget_class is AdminPageChooser:
            return cls
        return type(f"Visible{widget_class.__name__}", (cls, widget_class), {})

    def get_instance(self, value):
        instance = super().get_instance(value)
        if instance is None or self.keeps_hidden_pages or may_see_page(self.user, instance):
            return instance
        return None

    def get_value_data_from_instance(self, instance):
        if may_see_page(self.user, instance):
            return super().get_value_data_from_instance(instance)
        return {
            "id": instance.pk,
            "edit_url": "",
            self.display_title_key: str(HIDDEN_PAGE_LABEL),
            "parent_id": None,
        }


def show_only_visible_pages(form, user):
    """Give every page chooser in an admin form, and in its inline forms, VisiblePageChooser."""
    forms = [form]
    for formset in getattr(form, "formsets", {}).values():
        forms.extend(formset.forms)
    for each in forms:
        for field in each.fields.values():
            if isinstance(field.widget, AdminPageChooser):
                field.widget = VisiblePageChooser.replacing(field.widget, user)


def choose_only_visible_pages(form, name, user):
    """Let the form's page field `name` take only pages `user` may see.

    Any other id is refused as if there were no such page, so the messages Wagtail gives about
    the chosen page (no permission to move or copy there, a slug in use below it) never name a
    hidden one.
    """
    field = form.fields[name]
    if not is_editor(user):
        field.queryset = pages_visible_to(user, field.queryset)
        field.error_messages = {
            **field.error_messages,
            "invalid_choice": _("Kies een pagina die je kunt zien."),
        }
    field.widget = VisiblePageChooser.replacing(field.widget, user, keeps_hidden_pages=False)


# Pages named by id in an admin address or a form ------------------------------------------------


def refusing_hidden_moves(view):
    """Wagtail's move confirmation, which names the page and its destination, only for a page
    the user may move to a destination they may see.

    Wagtail checks the rights only when the move is sent, and answers a page whose slug is
    taken at the destination with that slug before any hook runs; here both answer 404.
    """

    @functools.wraps(view)
    def checked(request, *args, page_to_move_id, destination_id, **kwargs):
        if not is_editor(request.user):
            page = get_object_or_404(Page, pk=page_to_move_id)
            if not page.permissions_for_user(request.user).can_move():
                raise Http404
            if visible_page_id(request.user, destination_id) is None:
                raise Http404
        return view(
            request,
            *args,
            page_to_move_id=page_to_move_id,
            destination_id=destination_id,
            **kwargs,
        )

    return checked


def refusing_hidden_pages(view, field_name):
    """Wagtail's view, for a form whose page field `field_name` names only pages the user may
    see: any other id sent answers 404, as one of no page at all.

    The copy form and the form that chooses where a new page goes name the chosen page in
    their messages ("no permission to copy to …", "a slug in use below …"); their chooser only
    offers visible pages, so only a hand-made request sends another.
    """

    @functools.wraps(view)
    def checked(request, *args, **kwargs):
        if (
            request.method == "POST"
            and not is_editor(request.user)
            and visible_page_id(request.user, request.POST.get(field_name, "")) is None
        ):
            raise Http404
        return view(request, *args, **kwargs)

    return checked


# Bulk actions on pages -----------------------------------------------------------------------


class LeavesOutHiddenPages:
    """A bulk action's confirmation lists the chosen pages the user may not act on by title;
    pages the user may not see are left out of that list (and out of the action, as before)."""

    def get_actionable_objects(self):
        objects, extra = super().get_actionable_objects()
        refused = extra["items_with_no_access"]
        if refused:
            visible = set(
                pages_visible_to(
                    self.request.user, Page.objects.filter(pk__in=[page.pk for page in refused])
                ).values_list("pk", flat=True)
            )
            refused = [page for page in refused if page.pk in visible]
        return objects, {**extra, "items_with_no_access": refused}


class PageDeleteBulkAction(LeavesOutHiddenPages, DeleteBulkAction):
    pass


class PageMoveBulkAction(LeavesOutHiddenPages, MoveBulkAction):
    """Moves only to a destination the user may see: the confirmation names the destination
    ("cannot be moved to …")."""

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        choose_only_visible_pages(form, "chooser", self.request.user)
        return form


class PagePublishBulkAction(LeavesOutHiddenPages, PublishBulkAction):
    pass


class PageUnpublishBulkAction(LeavesOutHiddenPages, UnpublishBulkAction):
    pass


PAGE_BULK_ACTIONS = [
    PageDeleteBulkAction,
    PageMoveBulkAction,
    PagePublishBulkAction,
    PageUnpublishBulkAction,
]


# Links in a page's content -------------------------------------------------------------------


def refuse_hidden_references(form):
    """clean_page_form: a page's content links only to pages and documents its author may see.

    A body's page and document choosers, and the links in its text, take any id sent; the
    editor, the published page and its documents list would then show another community's
    draft or private document by title. Links the page already held stay, whoever put them
    there. A field with others is refused and shown again as it was saved, naming none.
    """
    user = form.for_user
    if user is None or is_editor(user):
        return
    for name in list(form.cleaned_data):
        pages, documents = _references(form, name, form.cleaned_data[name])
        held_pages, held_documents = _references(form, name, form.initial.get(name))
        if _all_visible(user, pages - held_pages, documents - held_documents):
            continue
        form.add_error(
            name,
            _(
                "Verwijs alleen naar pagina's en documenten die je kunt zien. Dit veld staat "
                "weer zoals het was opgeslagen."
            ),
        )
        _show_as_saved(form, name)


def _references(form, name, value):
    """The ids of the pages and of the documents that the value of field `name` links to."""
    field = form.fields.get(name)
    if value is None or field is None:
        return set(), set()
    if isinstance(field, BlockField):
        references = field.block.extract_references(value)
    elif _is_rich_text(form, name):
        references = extract_references_from_rich_text(str(value))
    else:
        return set(), set()
    pages, documents = set(), set()
    for model, pk, _path, _content_path in references:
        if issubclass(model, Page):
            pages.add(str(pk))
        elif issubclass(model, AbstractDocument):
            documents.add(str(pk))
    return pages, documents


def _is_rich_text(form, name):
    try:
        return isinstance(form._meta.model._meta.get_field(name), RichTextField)
    except FieldDoesNotExist:
        return False


def _all_visible(user, page_ids, document_ids):
    # An id that is no number names nothing the user could have chosen.
    if any(not pk.isdigit() for pk in page_ids | document_ids):
        return False
    if page_ids:
        visible = pages_visible_to(user, Page.objects.filter(pk__in=page_ids))
        if visible.count() != len(page_ids):
            return False
    if document_ids:
        policy = policy_registry.get_by_type(get_document_model())
        choosable = policy.instances_user_has_any_permission_for(user, ["choose"])
        if choosable.filter(pk__in=document_ids).count() != len(document_ids):
            return False
    return True


def _show_as_saved(form, name):
    """Show field `name` as the page held it: what was sent would name the hidden pages."""
    field = form.fields[name]
    saved = form.initial.get(name)
    if saved is None and isinstance(field, BlockField):
        saved = field.block.get_default()  # a new page
    field.widget = copy.copy(field.widget)
    field.widget.value_from_datadict = lambda data, files, widget_name: saved


# Wagtail's reports ---------------------------------------------------------------------------


def editors_only(view):
    """Wagtail's reports span the whole site (the page types report names each type's latest
    edited page, drafts and workspaces included); members and moderators are refused, the way
    the admin refuses any screen a user lacks the rights for."""

    def for_editors(request, *args, **kwargs):
        if not is_editor(request.user):
            return permission_denied(request)
        return view(request, *args, **kwargs)

    return for_editors


def site_wide_report_urls():
    from wagtail.admin.urls import reports

    return {reverse(f"wagtailadmin_reports:{pattern.name}") for pattern in reports.urlpatterns}


def hide_site_wide_reports(request, menu_items):
    """construct_reports_menu: members and moderators do not see Wagtail's reports offered."""
    if not is_editor(request.user):
        reports = site_wide_report_urls()
        menu_items[:] = [item for item in menu_items if item.url not in reports]
