"""The discussions' pages in the workspace, for the community's members, moderators and the
editors only: an anonymous visitor is asked to log in, anyone else gets a 404 whether or not
what they asked for exists. Never stored by a cache (never_cache)."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_POST

from communities.models import CommunityPage, WorkspacePage
from home.listing import paginate

from . import actions, mentions
from .access import Role, can_delete, can_edit, can_write, role_in
from .forms import ConfirmForm, DiscussionForm, DraftForm, EditForm, MoveForm, PostForm, ReportForm
from .knowledge import draft_from_discussion
from .models import Discussion, Post

DISCUSSIONS_PER_PAGE = 30


def _community(pk):
    try:
        return CommunityPage.objects.live().get(pk=pk)
    except CommunityPage.DoesNotExist:
        raise Http404 from None


def _discussion(pk):
    discussion = Discussion.objects.select_related("community", "author", "result").filter(pk=pk)
    discussion = discussion.first()
    if discussion is None or not discussion.community.live:
        raise Http404
    return discussion


def _post(pk):
    post = Post.objects.select_related("discussion__community", "author").filter(pk=pk).first()
    if post is None or not post.discussion.community.live:
        raise Http404
    return post


def _with_role(load, minimum):
    """A view of what `load(pk)` finds; its community in `request.community` and the user's role
    in `request.role`. Anonymous visitors are asked to log in before anything is loaded, so a
    missing and a refused object look the same to them; so they do to an outsider (404)."""

    def decorator(view):
        @wraps(view)
        @never_cache
        @csrf_protect
        def wrapped(request, pk):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            found = load(pk)
            community = found if isinstance(found, CommunityPage) else _community_of(found)
            role = role_in(request.user, community)
            if role == Role.OUTSIDER:
                raise Http404
            if role < minimum:
                raise PermissionDenied
            request.community, request.role = community, role
            return view(request, found)

        return wrapped

    return decorator


def _data(request):
    """The form's data on a POST, even an empty one (a confirmation); none on a GET."""
    return request.POST if request.method == "POST" else None


def _community_of(found):
    return found.community if isinstance(found, Discussion) else found.discussion.community


def _workspace(community):
    return WorkspacePage.objects.child_of(community).live().first()


def _render(request, template, context, status=200):
    community = request.community
    return TemplateResponse(
        request,
        template,
        {
            "community": community,
            # The trail runs through the workspace, where the discussions are.
            "page": _workspace(community) or community,
            "role": request.role,
            "is_moderator": request.role >= Role.MODERATOR,
            **context,
        },
        status=status,
    )


def _discussion_url(discussion, post=None):
    url = reverse("discussions:detail", args=[discussion.pk])
    return f"{url}#bericht-{post.pk}" if post is not None else url


@_with_role(_community, Role.MEMBER)
def discussion_list(request, community):
    discussions = paginate(
        request, community.discussions.with_counts(), per_page=DISCUSSIONS_PER_PAGE
    )
    return _render(request, "discussions/list.html", {"discussions": discussions})


@_with_role(_community, Role.MEMBER)
def start(request, community):
    form = DiscussionForm(_data(request), request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            discussion = actions.start(
                community,
                request.user,
                form.cleaned_data["title"],
                form.cleaned_data["text"],
                form.cleaned_data["attachments"],
            )
        except actions.DiscussionError as error:
            form.add_error(None, str(error))
        else:
            return redirect(_discussion_url(discussion))
    status = 400 if request.method == "POST" else 200
    return _render(request, "discussions/start.html", {"form": form}, status=status)


def _thread(discussion, user, role):
    """The discussion's posts without a parent, each with its replies, and what `user` may do
    with each."""
    posts = (
        discussion.posts.filter(parent=None)
        # The opening post first; a post moved in from an older discussion comes after it.
        .order_by("-is_opening", "created_at", "pk")
        .select_related("author")
        .prefetch_related(
            "attachments",
            Prefetch(
                "replies",
                queryset=Post.objects.select_related("author").prefetch_related("attachments"),
            ),
        )
        .annotate(open_reports=Count("reports", filter=Q(reports__handled_at=None)))
    )
    posts = list(posts)
    reply_reports = dict(
        Post.objects.filter(parent__in=posts)
        .annotate(count=Count("reports", filter=Q(reports__handled_at=None)))
        .values_list("pk", "count")
    )
    for post in posts:
        for each in (post, *post.replies.all()):
            each.discussion = discussion
            if each is not post:
                each.open_reports = reply_reports.get(each.pk, 0)
            each.editable = can_edit(user, each)
            each.deletable = can_delete(user, each)
    return posts


# The reply form lists whom a post can mention in a community of at most this many people; in a
# larger one the help text explains how a handle is made.
HANDLES_LISTED = 60


def _handles(community):
    people = mentions.community_people(community)[: HANDLES_LISTED + 1]
    found = mentions.handles(people)
    return sorted(found) if len(found) <= HANDLES_LISTED else []


def _replying_to(discussion, data):
    """The post a reply answers (`reageer`), if it is one of this discussion's."""
    pk = data.get("reageer", "")
    if not pk.isdigit():
        return None
    post = discussion.posts.select_related("author").filter(pk=pk, removed_at=None).first()
    # A reply to a reply goes under the same post: threads are one level deep.
    return post.parent if post is not None and post.parent_id else post


@_with_role(_discussion, Role.MEMBER)
def detail(request, discussion):
    """The discussion, and the reply written on it (POST)."""
    form = PostForm(_data(request), request.FILES or None)
    status = 200
    parent = _replying_to(discussion, request.POST if request.method == "POST" else request.GET)
    if request.method == "POST":
        if form.is_valid():
            try:
                post = actions.reply(
                    discussion,
                    request.user,
                    request.role,
                    form.cleaned_data["text"],
                    form.cleaned_data["attachments"],
                    parent=parent,
                )
            except actions.DiscussionError as error:
                form.add_error(None, str(error))
            else:
                return redirect(_discussion_url(discussion, post))
        status = 400
    return _render(
        request,
        "discussions/detail.html",
        {
            "discussion": discussion,
            "posts": _thread(discussion, request.user, request.role),
            "form": form,
            "replying_to": parent,
            "can_write": can_write(request.role, discussion),
            "handles": _handles(discussion.community),
        },
        status=status,
    )


def _toggle(request, discussion, setter, field, on_message, off_message):
    value = request.POST.get(field) == "1"
    setter(discussion, value)
    messages.success(request, on_message if value else off_message)
    return redirect(_discussion_url(discussion))


@require_POST
@_with_role(_discussion, Role.MODERATOR)
def pin(request, discussion):
    return _toggle(
        request,
        discussion,
        actions.set_pinned,
        "pinned",
        _("Het gesprek staat nu bovenaan."),
        _("Het gesprek staat niet meer vast."),
    )


@require_POST
@_with_role(_discussion, Role.MODERATOR)
def close(request, discussion):
    return _toggle(
        request,
        discussion,
        actions.set_closed,
        "closed",
        _("Het gesprek is gesloten: alleen moderatoren kunnen nog reageren."),
        _("Het gesprek is weer open."),
    )


@_with_role(_discussion, Role.MODERATOR)
def draft(request, discussion):
    """A moderator makes a draft practice example of chosen posts."""
    if not discussion.community.permissions_for_user(request.user).can_add_subpage():
        raise PermissionDenied
    posts = discussion.posts.filter(removed_at=None).select_related("author")
    form = DraftForm(_data(request), posts=posts)
    if request.method == "POST" and form.is_valid():
        try:
            page = draft_from_discussion(
                discussion, list(form.cleaned_data["posts"]), request.user
            )
        except actions.DiscussionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Het concept staat klaar. Vul het aan en stuur het door naar de redactie."),
            )
            return redirect("wagtailadmin_pages:edit", page.pk)
    status = 400 if request.method == "POST" else 200
    return _render(
        request, "discussions/draft.html", {"discussion": discussion, "form": form}, status=status
    )


def _post_form_view(request, post, form, template, act, done_message, done_url=None, **context):
    """A form about one post (edit, delete, report, remove, move): `act()` on a valid POST,
    then back to the post, or to `done_url()`."""
    if request.method == "POST" and form.is_valid():
        try:
            act()
        except actions.DiscussionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, done_message)
            return redirect(done_url() if done_url else _discussion_url(post.discussion, post))
    status = 400 if request.method == "POST" else 200
    return _render(
        request,
        template,
        {"post": post, "discussion": post.discussion, "form": form, **context},
        status=status,
    )


@_with_role(_post, Role.MEMBER)
def edit(request, post):
    if not can_edit(request.user, post):
        raise PermissionDenied
    form = EditForm(_data(request), initial={"text": post.text})
    return _post_form_view(
        request,
        post,
        form,
        "discussions/edit.html",
        lambda: actions.edit(post, request.user, form.cleaned_data["text"]),
        _("Je bericht is aangepast."),
    )


@_with_role(_post, Role.MEMBER)
def delete(request, post):
    if not can_delete(request.user, post):
        raise PermissionDenied
    form = ConfirmForm(_data(request))
    return _post_form_view(
        request,
        post,
        form,
        "discussions/confirm.html",
        lambda: actions.delete(post, request.user),
        _("Je bericht is verwijderd."),
        heading=_("Bericht verwijderen"),
        question=_("Weet je zeker dat je dit bericht wilt verwijderen? Dit kan niet ongedaan."),
        button=_("Verwijderen"),
    )


@_with_role(_post, Role.MEMBER)
def report(request, post):
    if post.author_id == request.user.pk:
        raise PermissionDenied
    form = ReportForm(_data(request))
    return _post_form_view(
        request,
        post,
        form,
        "discussions/confirm.html",
        lambda: actions.report(post, request.user, form.cleaned_data["reason"]),
        _("Bedankt. De moderatoren kijken ernaar."),
        heading=_("Bericht melden"),
        question=_("De moderatoren krijgen je melding; de schrijver ziet niet wie meldde."),
        button=_("Melden"),
    )


@_with_role(_post, Role.MODERATOR)
def remove(request, post):
    form = ConfirmForm(_data(request))
    return _post_form_view(
        request,
        post,
        form,
        "discussions/confirm.html",
        lambda: actions.remove(post, request.user),
        _("Het bericht is verwijderd; op zijn plek staat dat een moderator dat deed."),
        heading=_("Bericht verwijderen als moderator"),
        question=_(
            "De tekst en bijlagen van dit bericht verdwijnen; op zijn plek staat dat een "
            "moderator het verwijderde."
        ),
        button=_("Verwijderen"),
    )


@require_POST
@_with_role(_post, Role.MODERATOR)
def keep(request, post):
    actions.keep(post, request.user)
    messages.success(request, _("De meldingen zijn afgehandeld; het bericht blijft staan."))
    return redirect(_discussion_url(post.discussion, post))


@_with_role(_post, Role.MODERATOR)
def move(request, post):
    others = post.discussion.community.discussions.exclude(pk=post.discussion_id)
    form = MoveForm(_data(request), discussions=others)
    return _post_form_view(
        request,
        post,
        form,
        "discussions/move.html",
        lambda: actions.move(post, form.cleaned_data["target"], request.user),
        _("Het bericht is verplaatst."),
        done_url=lambda: _discussion_url(form.cleaned_data["target"], post),
    )
