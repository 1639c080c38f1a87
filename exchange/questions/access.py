"""Who may see and handle knowledge questions, and which steps a question is ready for."""

from communities.roles import is_editor

from ..models import KnowledgeQuestion, QuestionIndexPage, QuestionStatus

OPEN_STATUSES = (QuestionStatus.NEW, QuestionStatus.ASSIGNED)


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
