"""The community's two monitor pages: the means with their tools, and the scoring form."""

from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.csrf import csrf_protect

from ..forms import SelfEvaluationForm
from .aggregates import MIN_RESPONDENTS, community_monitor, notes_by_block
from .blocks import building_blocks
from .periods import current_period, period_label
from .scoring import AlreadyEvaluated, has_evaluated, record_evaluation, respondent_role
from .tools import tool_index, tools_by_block


def monitor_url(community):
    return f"{community.url}{community.reverse_subpage('monitor')}"


def monitor_page(request, community):
    """The community's monitor: the latest means, the trend, and per block the tools."""
    monitor = community_monitor(community)
    latest = monitor.latest
    role = respondent_role(community, request.user)
    participant = role is not None
    tools = tools_by_block()
    blocks = [
        {
            "block": block,
            "mean": latest.mean(block) if latest else None,
            "tools": tools[block.pk][0],
            "more_tools": tools[block.pk][1] > len(tools[block.pk][0]),
        }
        for block in monitor.blocks
    ]
    context = {
        "page": community,
        "self": community,
        "monitor": monitor,
        "blocks": blocks,
        "tool_index": tool_index(),
        "min_respondents": MIN_RESPONDENTS,
        "can_score": participant,
        "scored_this_quarter": participant and has_evaluated(community, request.user),
        "thanks": participant and request.GET.get("bedankt") == "1",
        # Notes could point to their writer: only the community itself reads them, and only
        # for a quarter with enough respondents to hide who wrote which.
        "notes": notes_by_block(community, latest.period) if participant and latest else [],
    }
    response = TemplateResponse(request, "pages/community_monitor.html", context)
    if participant:
        add_never_cache_headers(response)
    return response


@csrf_protect
def score_page(request, community):
    """The scoring form, for the community's members and moderators only."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    context = {
        "page": community,
        "self": community,
        "monitor_url": monitor_url(community),
        "min_respondents": MIN_RESPONDENTS,
        "quarter": period_label(current_period()),
    }
    role = respondent_role(community, request.user)
    status = 200
    if role is None:
        context["refused"] = True
        status = 403
    elif request.method != "POST" and has_evaluated(community, request.user):
        context["already_scored"] = True
    else:
        form = SelfEvaluationForm(request.POST or None, blocks=building_blocks())
        if request.method == "POST":
            if form.is_valid():
                try:
                    record_evaluation(community, request.user, form.cleaned_data)
                except AlreadyEvaluated as error:
                    form.add_error(None, str(error))
                else:
                    return redirect(f"{monitor_url(community)}?bedankt=1")
            status = 400
        context["form"] = form
        context["role"] = role
    response = TemplateResponse(
        request, "pages/community_monitor_score.html", context, status=status
    )
    add_never_cache_headers(response)
    return response
