"""What a review did, said after it is done: published, scheduled, passed on or sent back.

Wagtail's page editor says a page "has been updated" after any workflow action, approval
included, and its review screen from the dashboard says nothing at all. The portal's page viewset
(communities.wagtail_hooks) says the outcome instead, from the workflow's state after the
action, on both paths.
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from wagtail.admin import messages
from wagtail.admin.views.pages.edit import EditView
from wagtail.admin.views.pages.workflow import WorkflowActionView
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.models import Page, TaskState, WorkflowState

from home.admin_panels import admin_time


def review_outcome(page_id, workflow_state_id):
    """A sentence on where the review of page `page_id` stands after an action on its workflow
    state `workflow_state_id`; None when it is still at the same step."""
    workflow_state = WorkflowState.objects.get(pk=workflow_state_id)
    page = Page.objects.get(pk=page_id)
    title = page.get_admin_display_title()
    if workflow_state.status == WorkflowState.STATUS_APPROVED:
        if page.live:
            return _("'%(title)s' is goedgekeurd en gepubliceerd.") % {"title": title}
        if page.go_live_at and page.go_live_at > timezone.now():
            return _("'%(title)s' is goedgekeurd en wordt gepubliceerd op %(moment)s.") % {
                "title": title,
                "moment": admin_time(page.go_live_at),
            }
        return _("'%(title)s' is goedgekeurd.") % {"title": title}
    if workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        return _("'%(title)s' is teruggestuurd met het verzoek om wijzigingen.") % {"title": title}
    task_state = workflow_state.current_task_state
    if workflow_state.status == WorkflowState.STATUS_IN_PROGRESS and task_state:
        previous = (
            TaskState.objects.filter(workflow_state=workflow_state)
            .exclude(pk=task_state.pk)
            .order_by("-finished_at", "-pk")
            .first()
        )
        if previous and previous.status == TaskState.STATUS_APPROVED:
            return _("'%(title)s' is goedgekeurd in '%(done)s' en ligt nu bij '%(next)s'.") % {
                "title": title,
                "done": previous.task.name,
                "next": task_state.task.name,
            }
    return None


class ReviewEditView(EditView):
    def add_save_confirmation_message(self):
        outcome = None
        if getattr(self, "workflow_action", None) and self.workflow_state:
            outcome = review_outcome(self.page.pk, self.workflow_state.pk)
        if outcome is None:
            super().add_save_confirmation_message()
        else:
            messages.success(self.request, outcome)


class ReviewActionView(WorkflowActionView):
    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        self.task_state.refresh_from_db()
        if self.task_state.status != TaskState.STATUS_IN_PROGRESS:
            outcome = review_outcome(self.object.pk, self.task_state.workflow_state_id)
            if outcome:
                messages.success(request, outcome)
        return response


class PortalPageViewSet(PageViewSet):
    """Wagtail's views for every page type, with the review's outcome said after an action."""

    edit_view_class = ReviewEditView
    workflow_action_view_class = ReviewActionView
