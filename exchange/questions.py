"""Knowledge questions from asking to publishing: existing knowledge, suggestions, and triage."""

import re
from dataclasses import dataclass, field

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.models import Page

from communities.roles import active_editors, is_editor
from communities.visibility import may_see_page, public_pages
from home.abuse import RateLimitExceeded, enforce_rate_limits
from home.mail import absolute_url, send_after_commit
from search.analysis import plain_words, redact_personal_data

from .models import (
    AnswerLink,
    KnowledgeQuestion,
    QuestionAnswerLink,
    QuestionAnswerPage,
    QuestionIndexPage,
    QuestionStatus,
)

MAX_QUESTIONS_PER_IP = 5
MAX_QUESTIONS_PER_EMAIL = 3
EXISTING_KNOWLEDGE_SHOWN = 5
SUGGESTIONS_SHOWN = 3
# Searches per check stay bounded: one for all key words, then one per word at most.
MAX_KEY_WORDS = 5

# Weights of the suggestions: a shared theme says more than a shared sector, and words of the
# question in a community's central question or a person's expertise count for little each.
THEME_WEIGHT = 2
SECTOR_WEIGHT = 1
TEXT_WEIGHT = 1
MAX_TEXT_POINTS = 2

OPEN_STATUSES = (QuestionStatus.NEW, QuestionStatus.ASSIGNED)

# Words of a question that say nothing about its subject: question words, pronouns, auxiliary
# and everyday verbs. Searching for them would match everything, or (all words required) nothing.
_STOP_WORDS_TEXT = (
    "aan al alle alles als andere ander anders ben bij binnen dan dat de deze die dit "
    "doe doen doet door dus een eens elkaar en er ervoor goed goede had heb hebben "
    "heeft hem het hier hoe hoeveel hun iemand iets ik in is je jij jou jouw jullie "
    "kan kun kunnen kunt laat maak maar manier me meer met mij mijn moet moeten na "
    "naar niet nog nu of om onder ons onze ook op over per te tegen toe tot tussen u "
    "uit van veel voor vooral waar waarbij waarom wanneer want was wat we welk welke "
    "wie wij wil willen word worden wordt zal ze zelf zich zijn zo zonder zou zouden "
    "zullen the and for with how what gaan gaat geven houden kom komen komt krijg krijgen "
    "maken staan vinden zetten zien"
)
STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())

REMOVED = gettext_lazy("[verwijderd]")
URL_PATTERN = re.compile(r"(?:\bhttps?://|\bwww\.)\S+", re.IGNORECASE)


class QuestionError(Exception):
    """A step that cannot be taken; the message is meant for the person taking it."""


# Asking ----------------------------------------------------------------------------------------


@transaction.atomic
def ask(form, ip_address):
    """Store a question from a valid AskForm and tell the editors it arrived."""
    data = form.cleaned_data
    try:
        enforce_rate_limits(
            KnowledgeQuestion.objects.all(),
            ip_address=ip_address,
            email=data["email"],
            per_address=MAX_QUESTIONS_PER_IP,
            per_email=MAX_QUESTIONS_PER_EMAIL,
            address_message=_(
                "Er zijn vanaf dit adres te veel vragen gesteld. Probeer het over een uur opnieuw."
            ),
            email_message=_(
                "Met dit e-mailadres zijn te veel vragen gesteld. "
                "Probeer het over een uur opnieuw."
            ),
        )
    except RateLimitExceeded as error:
        raise QuestionError(str(error)) from None

    question = KnowledgeQuestion(
        title=data["title"],
        context=data["context"],
        sector=data.get("sector"),
        email=data["email"],
        consent_to_publish=data.get("consent_to_publish", False),
        ip_address=ip_address,
    )
    # A cluster relation: kept in memory and written together with the question.
    question.themes = list(data.get("themes") or [])
    question.save()

    send_after_commit(
        _("Nieuwe kennisvraag: %(title)s") % {"title": question.title},
        "email/question_received.txt",
        {"question": question, "admin_url": admin_url(question)},
        active_editors().values_list("email", flat=True),
    )
    return question


def admin_url(question):
    return absolute_url(reverse("knowledge_questions:inspect", args=[question.pk]))


# Existing knowledge ----------------------------------------------------------------------------


def key_words(text):
    """The words of `text` that say what it is about, in order, each once."""
    words = [
        word
        for word in plain_words(text or "").replace("-", " ").split()
        if len(word) >= 3 and word not in STOP_WORDS and not word.isdigit()
    ]
    return list(dict.fromkeys(words))


def question_key_words(title, context=""):
    """Key words of the title, topped up from the context when the title has too few."""
    words = key_words(title)
    if len(words) < 2:
        words += [word for word in key_words(context) if word not in words]
    return words[:MAX_KEY_WORDS]


@dataclass
class KnowledgeHit:
    """A page of the knowledge base that may answer the question."""

    page: object
    type: str
    snippet: str
    score: int = 0
    order: int = 0

    @property
    def type_label(self):
        from search.query import knowledge_types

        return knowledge_types()[self.type]._meta.verbose_name


@dataclass
class KnowledgeCheck:
    """What the knowledge base already holds for a question.

    `query` is a search that finds these pages on the search page too (the first one that found
    anything), or "" when nothing was found.
    """

    hits: list
    query: str = ""


def existing_knowledge(title, context, site, limit=EXISTING_KNOWLEDGE_SHOWN):
    """The portal search's best pages for a question, best first, as a KnowledgeCheck.

    The portal search requires every word, so a whole question rarely matches anything. First
    all key words together; when that finds too little, each word on its own, and pages found
    for more words rank higher. Everything goes through `search.query.search`, so only what a
    visitor may see is found, on every backend alike.
    """
    from search.query import SearchParams, highlight, search, searchable_text

    words = question_key_words(title, context)
    if not words:
        return KnowledgeCheck([])
    queries = [" ".join(words)]
    if len(words) > 1:
        queries += words
    hits, results_query = {}, ""
    for position, query in enumerate(queries):
        if position == 1 and len(hits) >= limit:
            break
        outcome = search(SearchParams(q=query), site)
        if outcome.count and not results_query:
            results_query = query
        for page in outcome.page.object_list:
            hit = hits.get(page.pk)
            if hit is None:
                hit = hits[page.pk] = KnowledgeHit(
                    page=page, type=outcome.facts[page.pk].type, snippet="", order=len(hits)
                )
            # A page that has all the words beats any page found for one of them.
            hit.score += len(words) if position == 0 else 1
    ranked = sorted(hits.values(), key=lambda hit: (-hit.score, hit.order))[:limit]
    for hit in ranked:
        hit.snippet = highlight(searchable_text(hit.page), words)
    return KnowledgeCheck(ranked, results_query)


# Suggestions -----------------------------------------------------------------------------------


@dataclass
class Suggestion:
    """A community or person that may answer, with the points it scored and why."""

    item: object
    score: int
    shared_themes: list = field(default_factory=list)
    shared_sector: object = None
    matching_words: list = field(default_factory=list)


def _stem(word):
    """The word without a plural or inflection ending: "ouders" and "ouder" are one word."""
    for ending in ("en", "s", "e"):
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            return word[: -len(ending)]
    return word


def _same_word(one, other):
    # A long enough word also finds the compounds it starts ("burgerschapsonderwijs"); a short
    # one only itself, or "ouder" would find "ouderwets".
    shorter, longer = sorted((_stem(one), _stem(other)), key=len)
    return shorter == longer or (len(shorter) >= 6 and longer.startswith(shorter))


def _matching_words(question_words, text):
    """The question's key words that occur in `text`, allowing for plurals and compounds."""
    text_words = set(key_words(text))
    return [word for word in question_words if any(_same_word(word, o) for o in text_words)]


def _score(item, theme_ids, sector, question_words, item_themes, item_sectors, text):
    shared_themes = sorted(
        (theme for theme in item_themes if theme.pk in theme_ids), key=lambda theme: theme.name
    )
    shared_sector = (
        sector if sector is not None and any(s.pk == sector.pk for s in item_sectors) else None
    )
    words = _matching_words(question_words, text)
    score = (
        THEME_WEIGHT * len(shared_themes)
        + (SECTOR_WEIGHT if shared_sector else 0)
        + TEXT_WEIGHT * min(len(words), MAX_TEXT_POINTS)
    )
    return Suggestion(item, score, shared_themes, shared_sector, words)


def _question_facts(question):
    theme_ids = {theme.pk for theme in question.themes.all()}
    words = key_words(f"{question.title} {question.context}")
    return theme_ids, question.sector, words


def suggested_communities(question, limit=SUGGESTIONS_SHOWN):
    """Live, public communities that have not concluded, best match first."""
    from communities.models import CommunityPage, CommunityStatus

    theme_ids, sector, words = _question_facts(question)
    communities = (
        CommunityPage.objects.live()
        .public()
        .exclude(status=CommunityStatus.CONCLUDED)
        .prefetch_related("themes", "sectors")
    )
    suggestions = [
        _score(
            community,
            theme_ids,
            sector,
            words,
            community.themes.all(),
            community.sectors.all(),
            f"{community.title} {community.central_question}",
        )
        for community in communities
    ]
    return _best(suggestions, lambda community: community.title, limit)


def suggested_people(question, limit=SUGGESTIONS_SHOWN):
    """People who agreed to be asked ('Wie weet wat') and can be emailed, best match first."""
    from communities.models import Person

    theme_ids, sector, words = _question_facts(question)
    people = (
        Person.objects.filter(consent_to_contact=True)
        .exclude(email="")
        .select_related("organisation")
        .prefetch_related("expertise_themes", "sectors")
    )
    suggestions = [
        _score(
            person,
            theme_ids,
            sector,
            words,
            person.expertise_themes.all(),
            person.sectors.all(),
            person.expertise,
        )
        for person in people
    ]
    return _best(suggestions, lambda person: person.name, limit)


def _best(suggestions, name, limit):
    # Equal scores in alphabetical order, then by id: the same question always gets the same list.
    matching = [suggestion for suggestion in suggestions if suggestion.score > 0]
    matching.sort(key=lambda s: (-s.score, name(s.item).casefold(), s.item.pk))
    return matching[:limit]


def expert_directory():
    """The live 'Wie weet wat' page, or None."""
    from communities.models import ExpertDirectoryPage

    return ExpertDirectoryPage.objects.live().public().first()


def contact_url(directory, person):
    """Where a visitor contacts a person: their form in 'Wie weet wat', if that is online."""
    from communities.directory import contact_url as directory_contact_url

    if directory is None or not directory.url:
        return None
    return directory_contact_url(directory, person)


# Who may see and handle questions --------------------------------------------------------------


def questions_visible_to(user):
    """Editors see every question; a moderator only those assigned to their communities."""
    questions = KnowledgeQuestion.objects.select_related(
        "sector", "assigned_community", "assigned_expert", "answered_by"
    )
    if is_editor(user):
        return questions
    if not user.is_authenticated or not user.has_perm("exchange.view_knowledgequestion"):
        return questions.none()
    return questions.filter(assigned_community__moderators_group__in=user.groups.all())


def may_handle(user, question):
    """Assign, answer and close: whoever may change questions and sees this one."""
    return user.has_perm("exchange.change_knowledgequestion") and (
        questions_visible_to(user).filter(pk=question.pk).exists()
    )


def may_publish(user, question):
    """Publishing writes a page under Kennisvragen: for those who may add pages there."""
    index = QuestionIndexPage.objects.first()
    return (
        index is not None
        and may_handle(user, question)
        and index.permissions_for_user(user).can_add_subpage()
    )


def is_open(question):
    return question.status in OPEN_STATUSES


def can_be_published(question):
    return (
        question.status == QuestionStatus.ANSWERED
        and question.consent_to_publish
        and question.answer_page_id is None
    )


# Triage ----------------------------------------------------------------------------------------


def _locked(question):
    """The question as stored, locked until the transaction ends: two handlers at once must
    not both answer it, nor both publish it."""
    return KnowledgeQuestion.objects.select_for_update().get(pk=question.pk)


def _require_open(question):
    if not is_open(question):
        raise QuestionError(
            _("Deze vraag is al %(status)s.") % {"status": question.get_status_display().lower()}
        )


@transaction.atomic
def assign(question, user, community=None, expert=None):
    """Hand the question to a community (its moderators) or an expert, and tell them."""
    if community is None and expert is None:
        raise QuestionError(_("Kies een leergemeenschap of een expert."))
    if expert is not None and not expert.email:
        raise QuestionError(_("Van deze persoon is geen e-mailadres bekend."))
    question = _locked(question)
    _require_open(question)
    if community is not None:
        question.assigned_community = community
    if expert is not None:
        question.assigned_expert = expert
    question.status = QuestionStatus.ASSIGNED
    question.save(update_fields=["assigned_community", "assigned_expert", "status"])

    if community is not None:
        from communities.membership import community_handlers

        send_after_commit(
            _("Kennisvraag voor %(community)s") % {"community": community.title},
            "email/question_assigned_community.txt",
            {"question": question, "community": community, "admin_url": admin_url(question)},
            community_handlers(community).values_list("email", flat=True),
        )
    if expert is not None:
        # The expert replies to the one who asked them, never to the asker, whose address
        # only the editors see; that handler then answers through the portal.
        reply_to = (
            [user.email] if user.email else list(active_editors().values_list("email", flat=True))
        )
        send_after_commit(
            _("Een vraag voor jou: %(title)s") % {"title": question.title},
            "email/question_assigned_expert.txt",
            {"question": question, "expert": expert, "handler": user},
            [expert.email],
            reply_to=reply_to or None,
        )
    return question


def _unusable_pages(pages):
    """The pages among `pages` that a visitor cannot open: draft, expired or private."""
    usable = set(
        public_pages(Page.objects.filter(pk__in=[page.pk for page in pages])).values_list(
            "pk", flat=True
        )
    )
    return [page for page in pages if page.pk not in usable]


@transaction.atomic
def answer(question, user, text, pages=()):
    """Record the answer with the existing knowledge it points to, and email it to the asker."""
    text = (text or "").strip()
    if not text:
        raise QuestionError(_("Schrijf een antwoord."))
    pages = list(dict.fromkeys(pages))
    unusable = _unusable_pages(pages)
    if unusable:
        # Any page id can be sent: name the pages only if the user may see them all.
        if all(may_see_page(user, page) for page in unusable):
            raise QuestionError(
                _("Verwijs alleen naar gepubliceerde, openbare pagina's; niet naar: %(titles)s.")
                % {"titles": ", ".join(page.title for page in unusable)}
            )
        raise QuestionError(_("Verwijs alleen naar gepubliceerde, openbare pagina's."))
    question = _locked(question)
    _require_open(question)
    if not question.email:
        # Blanked by the retention command (purge_personal_data): nobody to send it to.
        raise QuestionError(
            _(
                "Het e-mailadres van de vraagsteller is na de bewaartermijn gewist, dus het "
                "antwoord kan niet verstuurd worden. Sluit de vraag."
            )
        )
    question.answer = text
    question.answered_at = timezone.now()
    question.answered_by = user
    question.status = QuestionStatus.ANSWERED
    question.answer_links = [
        AnswerLink(page=page, sort_order=order) for order, page in enumerate(pages)
    ]
    question.save()

    send_after_commit(
        _("Antwoord op je vraag: %(title)s") % {"title": question.title},
        "email/question_answered.txt",
        {
            "question": question,
            "links": [(page.title, absolute_url(page.url)) for page in pages],
        },
        [question.email],
    )
    return question


@transaction.atomic
def close(question, user, message=""):
    """Close the question without an answer; the asker hears why only if there is a message."""
    question = _locked(question)
    _require_open(question)
    question.status = QuestionStatus.CLOSED
    question.answered_by = user
    question.answered_at = timezone.now()
    question.save(update_fields=["status", "answered_by", "answered_at"])
    message = (message or "").strip()
    if message:
        send_after_commit(
            _("Je vraag: %(title)s") % {"title": question.title},
            "email/question_closed.txt",
            {"question": question, "message": message},
            [question.email],
        )
    return question


# Publishing ------------------------------------------------------------------------------------


def anonymise(text):
    """The text without email addresses, web addresses and phone numbers.

    Names, schools and organisations cannot be found this way: the editors read the draft
    before they approve it.
    """
    removed = str(REMOVED)
    # Every web address, not only those with parameters as in the search log: a school's site
    # names the school.
    return redact_personal_data(URL_PATTERN.sub(removed, text), placeholder=removed)


def as_rich_text(text):
    """Plain text as rich text: escaped, a paragraph per blank line, line breaks kept.

    Written out here rather than with Django's `linebreaks`, whose <br> without a slash the
    page editor's rich text converter cannot read.
    """
    paragraphs = re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip())
    return "".join(
        "<p>" + "<br/>".join(escape(line.strip()) for line in paragraph.split("\n")) + "</p>"
        for paragraph in paragraphs
        if paragraph.strip()
    )


def _free_slug(parent, title):
    base = slugify(title)[:80].strip("-") or "kennisvraag"
    # A child called like one of the index page's own routes could never be reached.
    taken = {"verstuurd", *parent.get_children().values_list("slug", flat=True)}
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


@transaction.atomic
def publish(question, user):
    """Write an anonymised question-and-answer page as a draft and submit it for review.

    Only with the asker's consent, and never live: the page goes through the editors' review
    (the workflow of Kennisvragen) like everything else the portal publishes.
    """
    question = _locked(question)
    if question.status != QuestionStatus.ANSWERED:
        raise QuestionError(_("Alleen een beantwoorde vraag kan gepubliceerd worden."))
    if not question.consent_to_publish:
        raise QuestionError(
            _("De vraagsteller gaf geen toestemming om de vraag en het antwoord te publiceren.")
        )
    if question.answer_page_id is not None:
        raise QuestionError(_("Van deze vraag bestaat al een pagina."))
    index = QuestionIndexPage.objects.first()
    if index is None:
        raise QuestionError(_("Er is nog geen pagina Kennisvragen om de vraag onder te zetten."))

    title = anonymise(question.title)
    page = QuestionAnswerPage(
        title=title,
        slug=_free_slug(index, title),
        question=anonymise(question.context),
        answer=as_rich_text(question.answer),
        community=question.assigned_community,
        owner=user,
        live=False,
    )
    page.themes = list(question.themes.all())
    page.sectors = [question.sector] if question.sector_id else []
    page.links = [
        QuestionAnswerLink(target_id=link.page_id, sort_order=order)
        for order, link in enumerate(question.answer_links.all())
    ]
    index.add_child(instance=page)
    page.save_revision(user=user, log_action=True)
    workflow = page.get_workflow()
    if workflow is not None:
        workflow.start(page, user)

    question.answer_page = page
    question.save(update_fields=["answer_page"])
    return page
