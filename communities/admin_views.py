"""Admin views where moderators approve or decline requests to join their communities, and
where editors export or erase a person's data."""

import json
import logging

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .forms import DeclineForm
from .membership import MembershipError, approve, decline, requests_visible_to
from .models import Person
from .monitor.aggregates import MIN_RESPONDENTS, national_overview
from .monitor.periods import period_label
from .privacy import delete_person, export_person

logger = logging.getLogger(__name__)


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


# Export and erasure of a person's data (GDPR), on the people listing ---------------------------


def _person_for(user, pk):
    """Only those who may delete people may export or erase them: the editors and admins."""
    if not user.has_perm("communities.delete_person"):
        raise PermissionDenied
    if not str(pk).isdigit():
        raise Http404
    return get_object_or_404(Person, pk=pk)


def _people_index_url():
    return reverse("communities_person_modeladmin_index")


def export_person_view(request, instance_pk):
    """Everything stored about the person, as a JSON download."""
    person = _person_for(request.user, instance_pk)
    response = HttpResponse(
        json.dumps(export_person(person), ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="persoon-{person.pk}.json"'
    add_never_cache_headers(response)
    logger.info("Person %s exported by user %s", person.pk, request.user.pk)
    return response


def erase_person_view(request, instance_pk):
    """A page saying what erasing removes; its POST erases."""
    person = _person_for(request.user, instance_pk)
    if request.method == "POST":
        name = person.name
        delete_person(person, request.user)
        messages.success(request, _("De gegevens van %(name)s zijn gewist.") % {"name": name})
        return redirect(_people_index_url())
    return TemplateResponse(
        request,
        "communities/admin/person_erase.html",
        {
            "person": person,
            "roles": person.community_roles.select_related("page").order_by("page__title"),
            "message_count": person.contact_messages.count(),
            "practice_examples": person.practice_examples.order_by("title"),
            "question_count": person.knowledge_questions.count(),
            "index_url": _people_index_url(),
        },
    )


def monitor_overview(request):
    """The editors' national overview of the building-block monitor, without people or notes."""
    if not request.user.has_perm("communities.view_selfevaluation"):
        raise PermissionDenied
    overview = national_overview(request.GET.get("kwartaal"))
    return TemplateResponse(
        request,
        "communities/admin/monitor_overview.html",
        {
            "overview": overview,
            "periods": [(period, period_label(period)) for period in reversed(overview.periods)],
            "min_respondents": MIN_RESPONDENTS,
        },
    )
