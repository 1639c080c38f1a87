"""Who may answer a question costs the same few queries however long the question is."""

from itertools import product

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

import pytest

from exchange.factories import KnowledgeQuestionFactory
from exchange.models import QuestionIndexPage
from exchange.views import sent_token
from search.vocabulary import rebuild_vocabulary

# The ceiling the performance issue sets for any page that is not served from the cache.
MAX_QUERIES = 15

SYLLABLES = ("ouder", "leer", "lijn", "kunst", "school", "taal", "reken", "feest")


def long_context(length=4000):
    """As long a context as the form takes, every word a different one."""
    words = ("".join(parts) for parts in product(SYLLABLES, repeat=3))
    text = ""
    for word in words:
        if len(text) + len(word) + 1 > length:
            break
        text += f"{word} "
    return text.strip()


def thank_you_queries(question):
    index = QuestionIndexPage.objects.get()
    url = f"{index.url}{index.reverse_subpage('sent')}"
    client = Client()
    client.get(url, {"vraag": sent_token(question)})  # the site structure is stored first
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, {"vraag": sent_token(question)})
    assert response.status_code == 200
    assert "Sanne de Wit" in response.content.decode()
    return len(queries)


@pytest.mark.django_db
def test_the_thank_you_page_costs_the_same_for_a_short_or_a_4000_character_context(
    communities, expert
):
    rebuild_vocabulary()
    context = long_context()
    assert len(context) > 3900
    # One key word in the title, so the context tops it up with words of its own.
    short = KnowledgeQuestionFactory(
        title="Ouderavonden?", context="Ouderkunstlijn schooltaalfeest lijnleerkunst reken."
    )
    long = KnowledgeQuestionFactory(title="Ouderavonden?", context=context)

    assert thank_you_queries(long) == thank_you_queries(short)
    assert thank_you_queries(long) <= MAX_QUERIES
