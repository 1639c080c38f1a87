"""Admin views where editors and moderators triage knowledge questions: list, inspect, assign,
answer, close, and publish as a page for review."""

from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.html import linebreaks
from django.utils.safestring import mark_safe
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from wagtail.admin import messages
from wagtail.admin.telepath import JSContext
from wagtail.admin.views.generic import DeleteView, IndexView, InspectView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import MenuItem
from wagtail.models import Site

from communities.admin_visibility import show_only_visible_pages
from communities.roles import is_editor

from .forms import AssignForm, CloseForm, answer_panel
from .models import QuestionStatus
from .questions import QuestionError
from .questions.access import (
    can_be_published,
    is_open,
    may_handle,
    may_publish,
    questions_visible_to,
)
from .questions.existing_knowledge import existing_knowledge
from .questions.publishing import publish
from .questions.suggestions import question_suggestions
from .questions.triage import answer, assign, close

URL_NAMESPACE = "knowledge_questions"
# Only editors see who asked: moderators answer through the portal, which sends the email.
ASKER_FIELDS = ["email", "ip_address"]


def url(name, question=None):
    args = [quote(question.pk)] if question is not None else []
    return reverse(f"{URL_NAMESPACE}:{name}", args=args)


def visible_question_or_404(user, pk):
    """The question if this user may see it; another community's looks like a missing one."""
    if not str(pk).isdigit():
        raise Http404
    return get_object_or_404(questions_visible_to(user), pk=pk)


def suggestions_context(question):
    suggestions = question_suggestions(question)
    return {
        "suggested_communities": suggestions.communities,
        "suggested_people": suggestions.people,
        "assign_url": url("assign", question),
    }


class QuestionIndexView(IndexView):
    def get_base_queryset(self):
        return questions_visible_to(self.request.user)

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if is_open(instance) and self.request.user.has_perm("exchange.change_knowledgequestion"):
            buttons += [
                MenuItem(_("Toewijzen…"), url("assign", instance), icon_name="group"),
                MenuItem(_("Beantwoorden…"), url("answer", instance), icon_name="mail"),
            ]
        return buttons


class QuestionInspectView(InspectView):
    template_name = "exchange/admin/inspect_question.html"

    def get_object(self, queryset=None):
        return visible_question_or_404(self.request.user, self.pk)

    def get_fields(self):
        fields = [
            "title",
            "context",
            "sector",
            "themes",
            "status",
            "created_at",
            "consent_to_publish",
            "assigned_community",
            "assigned_expert",
            "answer",
            "answered_at",
            "answered_by",
            "answer_page",
        ]
        if is_editor(self.request.user):
            fields += ASKER_FIELDS
        return fields

    def get_field_label(self, field_name, field):
        if self.object.status == QuestionStatus.CLOSED:
            # A closed question was handled, not answered.
            labels = {"answered_at": _("Gesloten op"), "answered_by": _("Gesloten door")}
            if field_name in labels:
                return labels[field_name]
        return super().get_field_label(field_name, field)

    def get_field_display_value(self, field_name, field):
        value = super().get_field_display_value(field_name, field)
        if value is None or value == "":
            return "-"
        if isinstance(value, bool):
            return _("Ja") if value else _("Nee")
        return value

    # The asker's and the answerer's paragraphs, escaped.
    def get_context_display_value(self):
        return mark_safe(linebreaks(self.object.context, autoescape=True))

    def get_answer_display_value(self):
        return mark_safe(linebreaks(self.object.answer, autoescape=True))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        question, user = self.object, self.request.user
        handles = may_handle(user, question)
        context.update(
            question=question,
            answer_links=question.answer_links.select_related("page"),
            may_handle=handles and is_open(question),
            may_publish=can_be_published(question) and may_publish(user, question),
            answer_url=url("answer", question),
            close_url=url("close", question),
            publish_url=url("publish", question),
        )
        if question.answer_page_id:
            context["answer_page_edit_url"] = reverse(
                "wagtailadmin_pages:edit", args=[question.answer_page_id]
            )
        if context["may_handle"]:
            context.update(suggestions_context(question))
        return context


class QuestionDeleteView(DeleteView):
    def get_queryset(self):
        return questions_visible_to(self.request.user)


class QuestionActionView(WagtailAdminTemplateMixin, TemplateView):
    """One triage step on one question the user may see and handle."""

    header_icon = "help"
    open_only = True

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.question = visible_question_or_404(request.user, kwargs["pk"])

    def dispatch(self, request, *args, **kwargs):
        if not self.permitted():
            raise PermissionDenied
        if self.open_only and not is_open(self.question):
            messages.error(
                request,
                _("Deze vraag is al %(status)s.")
                % {"status": self.question.get_status_display().lower()},
            )
            return redirect(url("inspect", self.question))
        return super().dispatch(request, *args, **kwargs)

    def permitted(self):
        return may_handle(self.request.user, self.question)

    def get_page_subtitle(self):
        return self.question.title

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": url("index"), "label": _("Kennisvragen")},
            {"url": url("inspect", self.question), "label": self.question.title},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(question=self.question, inspect_url=url("inspect", self.question))
        return context

    @property
    def data(self):
        # An empty POST is still a submission: `request.POST or None` would leave it unbound.
        return self.request.POST if self.request.method == "POST" else None

    def done(self, message):
        messages.success(self.request, message)
        if not questions_visible_to(self.request.user).filter(pk=self.question.pk).exists():
            # A moderator who passed the question to another community no longer sees it.
            return redirect(url("index"))
        return redirect(url("inspect", self.question))


class AssignView(QuestionActionView):
    page_title = gettext_lazy("Toewijzen")
    template_name = "exchange/admin/assign_question.html"

    @cached_property
    def form(self):
        return AssignForm(self.data)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(form=self.form, **suggestions_context(self.question))
        return context

    def post(self, request, *args, **kwargs):
        if self.form.is_valid():
            community = self.form.cleaned_data.get("community")
            expert = self.form.cleaned_data.get("expert")
            try:
                assign(self.question, request.user, community=community, expert=expert)
            except QuestionError as error:
                messages.error(request, str(error))
            else:
                names = [str(item) for item in (community, expert) if item is not None]
                return self.done(
                    _("De vraag is toegewezen aan %(names)s.")
                    % {"names": get_text_list(names, _("en"))}
                )
        return self.render_to_response(self.get_context_data(), status=400)


class AnswerView(QuestionActionView):
    page_title = gettext_lazy("Beantwoorden")
    template_name = "exchange/admin/answer_question.html"

    @cached_property
    def form(self):
        form_class = answer_panel.get_form_class()
        form = form_class(self.data, instance=self.question, for_user=self.request.user)
        # Sent back with an error, the form shows the chosen pages again: only visible ones.
        show_only_visible_pages(form, self.request.user)
        return form

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        panel = answer_panel.get_bound_panel(
            instance=self.question, request=self.request, form=self.form
        )
        # What Wagtail's own edit views hand their form template: the panels' client-side
        # definitions, so the list of links can grow and the page chooser opens.
        js_context = JSContext()
        site = (
            Site.find_for_request(self.request)
            or Site.objects.filter(is_default_site=True).first()
        )
        context.update(
            form=self.form,
            panel=panel,
            edit_handler_data=js_context.pack(panel),
            media=self.form.media + panel.media + js_context.media,
            action_url=url("answer", self.question),
            submit_button_label=_("Antwoord versturen"),
            submit_button_active_label=_("Bezig met versturen…"),
            check=existing_knowledge(self.question.title, self.question.context, site),
        )
        return context

    def chosen_pages(self):
        formset = self.form.formsets["answer_links"]
        rows = [
            row
            for row in formset.forms
            if row.cleaned_data
            and not row.cleaned_data.get("DELETE")
            and row.cleaned_data.get("page")
        ]
        rows.sort(key=lambda row: row.cleaned_data.get("ORDER") or 0)
        return [row.cleaned_data["page"] for row in rows]

    def post(self, request, *args, **kwargs):
        if self.form.is_valid():
            try:
                answer(
                    self.question,
                    request.user,
                    self.form.cleaned_data.get("answer", ""),
                    self.chosen_pages(),
                )
            except QuestionError as error:
                messages.error(request, str(error))
            else:
                return self.done(_("Het antwoord is naar de vraagsteller gestuurd."))
        return self.render_to_response(self.get_context_data(), status=400)


class CloseView(QuestionActionView):
    page_title = gettext_lazy("Sluiten")
    template_name = "exchange/admin/close_question.html"

    @cached_property
    def form(self):
        return CloseForm(self.data)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["form"] = self.form
        return context

    def post(self, request, *args, **kwargs):
        if self.form.is_valid():
            try:
                close(self.question, request.user, self.form.cleaned_data["message"])
            except QuestionError as error:
                messages.error(request, str(error))
            else:
                return self.done(_("De vraag is gesloten."))
        return self.render_to_response(self.get_context_data(), status=400)


class PublishView(QuestionActionView):
    """A POST only: writes the draft page and submits it to the editors' review."""

    http_method_names = ["post"]
    open_only = False

    def permitted(self):
        return may_publish(self.request.user, self.question)

    def post(self, request, *args, **kwargs):
        try:
            page = publish(self.question, request.user)
        except QuestionError as error:
            messages.error(request, str(error))
            return redirect(url("inspect", self.question))
        messages.success(
            request,
            _(
                'De pagina "%(title)s" is als concept ter beoordeling naar de redactie '
                "gestuurd. "
                "E-mailadressen, telefoonnummers en webadressen zijn uit de vraag gehaald; "
                "controleer vóór het goedkeuren of er nog namen, scholen of organisaties in de "
                "vraag of het antwoord staan."
            )
            % {"title": page.title},
            buttons=[
                messages.button(
                    reverse("wagtailadmin_pages:edit", args=[page.pk]), _("Concept bewerken")
                )
            ],
        )
        return redirect(url("inspect", self.question))
