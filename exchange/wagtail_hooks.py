"""Admin for knowledge questions: the Kennisvragen menu item and its triage views."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet

from communities.roles import is_editor
from home.admin_panels import PANEL_ITEMS, WorkItem, WorkPanel, admin_time

from . import admin_views
from .models import KnowledgeQuestion, QuestionStatus
from .questions.access import questions_visible_to


class KnowledgeQuestionViewSet(ModelViewSet):
    """A listing, a page per question and the triage steps.

    A generic model viewset, not a snippet: a question is never chosen in pages, and a snippet
    would also get a chooser, revisions and a usage page, each another way into questions a
    moderator must not see. Questions come in through the public form and change only through
    the steps in exchange.questions, so there is no create or edit form either.
    """

    model = KnowledgeQuestion
    name = admin_views.URL_NAMESPACE
    url_prefix = "kennisvragen"
    icon = "help"
    menu_label = _("Kennisvragen")
    menu_order = 335
    add_to_admin_menu = True
    inspect_view_enabled = True
    copy_view_enabled = False
    index_view_class = admin_views.QuestionIndexView
    inspect_view_class = admin_views.QuestionInspectView
    delete_view_class = admin_views.QuestionDeleteView
    list_display = ["title", "status", "created_at", "assigned_community", "assigned_expert"]
    list_filter = ["status"]
    search_fields = ["title", "context"]
    ordering = ["-created_at"]

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            add_url_name=None,
            edit_url_name=None,
            history_url_name=None,
            usage_url_name=None,
            **kwargs,
        )

    def get_urlpatterns(self):
        def action(route, view_class, name):
            return path(f"{route}/<int:pk>/", view_class.as_view(), name=name)

        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<int:pk>/", self.inspect_view, name="inspect"),
            path("delete/<int:pk>/", self.delete_view, name="delete"),
            action("toewijzen", admin_views.AssignView, "assign"),
            action("beantwoorden", admin_views.AnswerView, "answer"),
            action("sluiten", admin_views.CloseView, "close"),
            action("publiceren", admin_views.PublishView, "publish"),
        ]


@hooks.register("register_admin_viewset")
def register_knowledge_question_viewset():
    return KnowledgeQuestionViewSet()


@hooks.register("construct_homepage_panels")
def questions_to_handle(request, panels):
    """An editor's new questions, to assign or answer; a moderator's, assigned to their
    communities and not answered yet."""
    user = request.user
    if not user.has_perm("exchange.view_knowledgequestion"):
        return
    if is_editor(user):
        status, heading = QuestionStatus.NEW, _("Nieuwe kennisvragen")
    else:
        status, heading = QuestionStatus.ASSIGNED, _("Kennisvragen voor jouw leergemeenschappen")
    questions = questions_visible_to(user).filter(status=status).order_by("-created_at")
    items = [
        WorkItem(
            question.title,
            reverse(f"{admin_views.URL_NAMESPACE}:inspect", args=[question.pk]),
            admin_time(question.created_at),
        )
        for question in questions[:PANEL_ITEMS]
    ]
    panels.append(
        WorkPanel(
            "knowledge-questions",
            heading,
            items,
            empty=_("Er wachten geen kennisvragen."),
            more_url=reverse(f"{admin_views.URL_NAMESPACE}:index"),
            more_label=_("Alle kennisvragen"),
            order=120,
        )
    )
