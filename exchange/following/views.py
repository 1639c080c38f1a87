"""Following by email, confirming, unsubscribing in one click and the preferences page."""

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from communities.models import CommunityPage
from home.abuse import RateLimitExceeded, client_address
from home.models import Theme

from . import links, subscriptions
from .forms import FollowForm, PreferencesForm
from .models import Follow, FollowTarget


def _subject(data):
    """(target, community, theme) named by `leergemeenschap` (an id), `thema` (a slug) or
    `agenda`."""
    community_id, theme_slug = data.get("leergemeenschap", ""), data.get("thema", "")
    if community_id.isdigit():
        community = CommunityPage.objects.live().public().filter(pk=community_id).first()
        if community is not None:
            return FollowTarget.COMMUNITY, community, None
    elif theme_slug:
        # By its slug, as the search's theme filter names it.
        theme = Theme.objects.filter(slug=theme_slug).first()
        if theme is not None:
            return FollowTarget.THEME, None, theme
    elif "agenda" in data:
        return FollowTarget.AGENDA, None, None
    raise Http404


@never_cache
@csrf_protect
def follow(request):
    target, community, theme = _subject(request.GET)
    initial = {"email": request.user.email} if request.user.is_authenticated else {}
    form = FollowForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        if form.is_spam:
            return redirect(f"{request.get_full_path()}&verstuurd=1")
        try:
            counts_at_once = subscriptions.follow(
                form.cleaned_data["email"],
                target,
                community=community,
                theme=theme,
                frequency=form.cleaned_data["frequency"],
                user=request.user,
                ip_address=client_address(request),
            )
        except RateLimitExceeded as error:
            form.add_error(None, str(error))
        else:
            # The same answer whether or not the address already follows: nobody learns that
            # of someone else's address.
            done = "gevolgd" if counts_at_once else "verstuurd"
            return redirect(f"{request.get_full_path()}&{done}=1")
    subject = Follow(target=target, community=community, theme=theme).subject_name
    return TemplateResponse(
        request,
        "following/follow.html",
        {
            "form": form,
            "subject": subject,
            "sent": "verstuurd" in request.GET,
            "followed": "gevolgd" in request.GET,
        },
        status=400 if request.method == "POST" else 200,
    )


@never_cache
@csrf_protect
def confirm(request, token):
    """The link in the confirmation email: a button, so that a mail scanner opening the link
    confirms nothing."""
    follow = Follow.objects.filter(token=token).select_related("community", "theme").first()
    if follow is None:
        raise Http404
    if request.method == "POST":
        subscriptions.confirm(token)
        follow.refresh_from_db()
    return TemplateResponse(
        request,
        "following/confirm.html",
        {"follow": follow, "preferences_url": links.preferences_url(follow.email)},
    )


@never_cache
@csrf_exempt
def unsubscribe(request, token):
    """One click: a POST (RFC 8058, the mail program's own button, which carries no CSRF token
    and needs none: the signed link is the proof) unsubscribes; a GET shows the button."""
    parts = links.read_token(token)
    if not parts:
        raise Http404
    done = False
    if request.method == "POST":
        done = subscriptions.unsubscribe(parts)
        if not done:
            raise Http404
    return TemplateResponse(request, "following/unsubscribe.html", {"done": done})


def _preferences_of(email):
    users = list(get_user_model().objects.filter(email__iexact=email, is_active=True))
    memberships = [
        (user, community) for user in users for community in subscriptions.member_communities(user)
    ]
    follows = Follow.objects.filter(email=email, confirmed_at__isnull=False).select_related(
        "community", "theme"
    )
    return memberships, list(follows)


@never_cache
@csrf_protect
def preferences(request, token):
    """Everything the holder of an address follows, and how often: reached from every email."""
    try:
        parts = links.read_token(token, max_age=links.PREFERENCES_MAX_AGE)
    except links.Expired:
        return TemplateResponse(
            request,
            "following/link_expired.html",
            {"title": _("Deze link is verlopen")},
            status=410,
        )
    if not parts or parts[0] != "adres" or len(parts) != 2:
        raise Http404
    email = parts[1]
    memberships, follows = _preferences_of(email)
    communities = [community for _user, community in memberships]
    preferences = {
        community.pk: subscriptions.preference_for(user, community)
        for user, community in memberships
    }
    form = PreferencesForm(
        request.POST if request.method == "POST" else None,
        communities=communities,
        preferences=preferences,
        follows=follows,
    )
    if request.method == "POST" and form.is_valid():
        subscriptions.save_preferences(memberships, follows, form.cleaned_data)
        return redirect(f"{reverse('following:preferences', args=[token])}?bewaard=1")
    return TemplateResponse(
        request,
        "following/preferences.html",
        {
            "form": form,
            "email": email,
            "saved": "bewaard" in request.GET,
            "title": _("Wat je volgt"),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def my_preferences(request):
    """A member's way to their preferences from the site: the page for their own address."""
    if not request.user.email:
        raise Http404
    return redirect(links.preferences_url(request.user.email))
