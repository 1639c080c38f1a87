"""The words 'Wie weet wat' adds to the search vocabulary: only of the people it lists, and only
while it is online for everyone."""

from wagtail.models import PageViewRestriction

import pytest

from communities.factories import PersonFactory
from home.models import ensure_section_pages
from search.models import SearchWord
from search.vocabulary import add_words_of, rebuild_vocabulary


def words():
    return set(SearchWord.objects.values_list("word", flat=True))


@pytest.fixture
def directory(db):
    return ensure_section_pages()["experts"]


@pytest.fixture
def listed():
    return PersonFactory(
        name="Annelies Vermeulen",
        consent_to_contact=True,
        expertise="Museumlessen en cultuureducatie",
        job_title="Erfgoedcoördinator",
    )


@pytest.mark.django_db
def test_a_listed_persons_expertise_is_in_the_vocabulary_while_the_directory_is_online(
    directory, listed
):
    PersonFactory(consent_to_contact=False, expertise="Geheimhoudingsbeleid")

    rebuild_vocabulary()

    assert {"museumlessen", "cultuureducatie", "erfgoedcoordinator"} <= words()
    assert "geheimhoudingsbeleid" not in words()


@pytest.mark.django_db
def test_an_unpublished_directory_adds_no_words_of_people(directory, listed):
    directory.unpublish()

    rebuild_vocabulary()
    assert add_words_of(listed) == 0

    assert not {"museumlessen", "cultuureducatie", "erfgoedcoordinator"} & words()


@pytest.mark.django_db
def test_a_private_directory_adds_no_words_of_people(directory, listed):
    PageViewRestriction.objects.create(page=directory, restriction_type=PageViewRestriction.LOGIN)

    rebuild_vocabulary()
    assert add_words_of(listed) == 0

    assert not {"museumlessen", "cultuureducatie", "erfgoedcoordinator"} & words()
