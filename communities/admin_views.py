"""Admin views where moderators approve or decline requests to join their communities."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .forms import DeclineForm
from .membership import MembershipError, approve, decline, requests_visible_to


def visible_request_or_404(user, pk):
    """The request if this user may see it; another community's looks like a missing one."""
    if not str(pk).isdigit():
        raise Http404
    return get_object_or_404(requests_visible_to(user), pk=pk)


def _request_for(user, pk):
    if not user.has_perm("communities.change_membershiprequest"):
        raise PermissionDenied
    return visible_request_or_404(user, pk)


def _index_url():
    from django.urls import reverse

    return reverse("communities_membershiprequest_modeladmin_index")


@require_POST
def approve_view(request, instance_pk):
    membership_request = _request_for(request.user, instance_pk)
    try:
        approve(membership_request, request.user)
    except MembershipError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("%(name)s is nu lid van %(community)s.")
            % {"name": membership_request.name, "community": membership_request.community.title},
        )
    return redirect(_index_url())


def decline_view(request, instance_pk):
    membership_request = _request_for(request.user, instance_pk)
    form = DeclineForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            decline(membership_request, request.user, form.cleaned_data["reason"])
        except MembershipError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("De aanmelding van %(name)s is afgewezen.") % {"name": membership_request.name},
            )
        return redirect(_index_url())
    return TemplateResponse(
        request,
        "communities/admin/decline_membership_request.html",
        {"membership_request": membership_request, "form": form, "index_url": _index_url()},
    )
