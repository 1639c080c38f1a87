"""Public views of Kennisvragen: asking in two steps, and the thank-you page with suggestions."""

from urllib.parse import urlencode

from django.core import signing
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.csrf import csrf_protect

from wagtail.models import Site

from home.abuse import client_address
from home.listing import paginate

from .forms import AskForm
from .models import KnowledgeQuestion, QuestionAnswerPage
from .questions import QuestionError
from .questions.asking import ask
from .questions.existing_knowledge import existing_knowledge
from .questions.suggestions import contact_url, expert_directory, question_suggestions

SENT_SALT = "exchange.question-sent"
# The thank-you page is for the asker right after sending, not a lasting address.
SENT_MAX_AGE = 60 * 60 * 24 * 7

# What the visitor's buttons ask for: check (the default, never stores), edit, send.
STAGE_CHECK = "check"
STAGE_EDIT = "edit"
STAGE_SEND = "send"


def sent_token(question):
    """A signed reference to a question: its thank-you page cannot be found by counting."""
    return signing.dumps(question.pk, salt=SENT_SALT)


def _sent_url(index, question=None):
    url = index.url + index.reverse_subpage("sent")
    if question is None:
        return url
    return f"{url}?{urlencode({'vraag': sent_token(question)})}"


def answered_questions(index):
    return (
        QuestionAnswerPage.objects.child_of(index)
        .live()
        .public()
        .order_by("-first_published_at", "-pk")
    )


def _render(request, index, template, context, status=200):
    return TemplateResponse(
        request, template, {"page": index, "self": index, **context}, status=status
    )


def _form_page(request, index, form, status=200):
    return _render(
        request,
        index,
        "pages/question_index_page.html",
        {"form": form, "answered": paginate(request, answered_questions(index))},
        status=status,
    )


@csrf_protect
def ask_question(request, index):
    """Step one checks the question and shows existing knowledge; only step two stores it."""
    if request.method != "POST":
        return _form_page(request, index, AskForm())
    form = AskForm(request.POST)
    stage = request.POST.get("stage", STAGE_CHECK)
    if not form.is_valid():
        return _form_page(request, index, form, status=400)
    if stage == STAGE_EDIT:
        return _form_page(request, index, form)
    if stage == STAGE_SEND:
        if form.is_spam:
            # Look successful to the bot; store nothing, send nothing.
            return redirect(_sent_url(index))
        try:
            question = ask(form, client_address(request))
        except QuestionError as error:
            form.add_error(None, str(error))
        else:
            return redirect(_sent_url(index, question))
    data = form.cleaned_data
    return _render(
        request,
        index,
        "pages/question_ask_check.html",
        {
            "form": form,
            "check": existing_knowledge(
                data["title"], data["context"], Site.find_for_request(request)
            ),
        },
        status=400 if form.errors else 200,
    )


def question_sent(request, index):
    """Thanks, and who may know the answer: ranked communities and people."""
    context = {"question": None, "communities": [], "people": []}
    token = request.GET.get("vraag")
    if token:
        try:
            pk = signing.loads(token, salt=SENT_SALT, max_age=SENT_MAX_AGE)
        except signing.BadSignature:
            raise Http404 from None
        question = KnowledgeQuestion.objects.filter(pk=pk).first()
        if question is None:
            raise Http404
        directory = expert_directory()
        suggestions = question_suggestions(question)
        context = {
            "question": question,
            "communities": suggestions.communities,
            "people": [
                (suggestion, contact_url(directory, suggestion.item))
                for suggestion in suggestions.people
            ],
        }
    response = _render(request, index, "pages/question_sent.html", context)
    # Meant for the asker alone: never stored for others.
    add_never_cache_headers(response)
    return response
