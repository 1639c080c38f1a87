"""Public views of the communities section: joining a community and a member's own overview."""

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_protect

from home.abuse import client_address

from .forms import JoinForm
from .membership import MembershipError, request_membership
from .models import CommunityPage


def _sent_url(community):
    return f"{community.url}{community.reverse_subpage('join')}?verstuurd=1"


@csrf_protect
def join_community(request, community):
    if not community.accepts_members:
        raise Http404
    form = JoinForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if form.is_spam:
            # Look successful to the bot; store nothing.
            return redirect(_sent_url(community))
        try:
            request_membership(community, form, client_address(request))
        except MembershipError as error:
            form.add_error(None, str(error))
        else:
            return redirect(_sent_url(community))
    return TemplateResponse(
        request,
        "pages/community_join.html",
        {
            "page": community,
            "self": community,
            "form": form,
            "sent": request.method == "GET" and request.GET.get("verstuurd") == "1",
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def my_communities(request):
    groups = request.user.groups.all()
    communities = (
        CommunityPage.objects.live()
        .filter(Q(members_group__in=groups) | Q(moderators_group__in=groups))
        .distinct()
        .order_by("title")
    )
    items = [(community, community.get_workspace_for(request)) for community in communities]
    return TemplateResponse(
        request,
        "account/my_communities.html",
        {"items": items, "title": _("Mijn leergemeenschappen")},
    )
