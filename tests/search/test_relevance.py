"""Search relevance on the judged queries stays at or above the floor recorded in the repository.

`make search-eval` prints the same figures per kind; search/evaluation/floor.toml holds the
floors, raised by deliberate commits.
"""

import io

from django.core.management import CommandError, call_command
from django.db import connection

from wagtail.models import Site

import pytest

from resources.factories import StoryPageFactory
from search import evaluation
from search.evaluation import (
    CUTOFF,
    HYBRID,
    KINDS,
    WORDS,
    EngineUnreachable,
    JudgedQuery,
    JudgementError,
    check_paths,
    evaluate,
    evaluate_modes,
    floor_failures,
    format_outcomes,
    load_floor,
    load_judgements,
    ndcg,
    page_path,
    reciprocal_rank,
)


@pytest.mark.django_db
def test_relevance_on_the_demo_content_stays_above_the_floor(search_backend):
    call_command("load_demo_content", stdout=io.StringIO())
    search_backend.refresh()
    # Saves add their words after commit, which a test's transaction never reaches.
    call_command("rebuild_search_vocabulary", stdout=io.StringIO())

    results = evaluate_modes(modes=(WORDS, HYBRID))

    label = "engine" if search_backend.name == "engine" else connection.vendor
    per_kind, overall = results[HYBRID]
    failures = floor_failures(results, load_floor()[label])
    assert not failures, (
        f"On {label}: {'; '.join(failures)}; worst queries:\n"
        + format_outcomes(overall.outcomes)[:2000]
    )
    assert all(per_kind[kind].queries for kind in KINDS)


def test_the_judged_set_covers_every_kind_of_query():
    queries = load_judgements()
    assert len(queries) >= 70
    assert sum(query.kind == "paraphrase" for query in queries) >= 24
    assert len({query.text for query in queries}) == len(queries), "a query judged twice"
    for kind in KINDS:
        assert sum(query.kind == kind for query in queries) >= 6, kind


def test_ndcg_rewards_the_best_pages_first_and_discounts_by_rank():
    judged = {"/a/": 3, "/b/": 1}
    assert ndcg(["/a/", "/b/"], judged) == pytest.approx(1.0)
    # The same pages the wrong way round: (1 + 3 / log2(3)) / (3 + 1 / log2(3)).
    assert ndcg(["/b/", "/a/"], judged) == pytest.approx(0.7967, abs=1e-4)
    assert ndcg(["/x/", "/a/"], judged) < ndcg(["/a/", "/x/"], judged)
    assert ndcg([], judged) == 0.0
    # Only the first page of results counts.
    assert ndcg([f"/{n}/" for n in range(CUTOFF)] + ["/a/"], judged) == 0.0


def test_reciprocal_rank_is_that_of_the_first_relevant_result():
    judged = {"/a/": 1}
    assert reciprocal_rank(["/x/", "/y/", "/a/"], judged) == pytest.approx(1 / 3)
    assert reciprocal_rank(["/x/"], judged) == 0.0


@pytest.mark.django_db
def test_a_judgement_of_a_page_that_does_not_exist_stops_the_evaluation():
    stale = JudgedQuery(text="erfgoed", kind="plain", grades={"/verdwenen-pagina/": 3})
    with pytest.raises(JudgementError, match="/verdwenen-pagina/"):
        check_paths([stale], Site.objects.get(is_default_site=True))


@pytest.fixture
def judged_story(monkeypatch):
    """One judged query, about a page that exists, in place of the demo content's set."""
    story = StoryPageFactory(title="Mentoraat in de brugklas", intro="Over mentoraat.")
    site = Site.objects.get(is_default_site=True)
    judged = [JudgedQuery(text="mentoraat", kind="plain", grades={page_path(story, site): 3})]
    monkeypatch.setattr(evaluation, "load_judgements", lambda: judged)
    return story


@pytest.mark.django_db
def test_an_engine_that_is_down_stops_the_evaluation_with_a_message(engine_down, judged_story):
    with pytest.raises(CommandError) as refused:
        call_command("search_eval", "--backend", "default", stdout=io.StringIO())
    # The database's figures measured as the engine's would be wrong figures.
    with pytest.raises(EngineUnreachable, match="the database answered instead"):
        evaluate()

    assert str(refused.value).startswith(
        "engine (search backend `default`): The search engine could not be reached: "
    )


@pytest.mark.django_db
def test_the_evaluation_measures_the_backend_it_is_given(judged_story):
    output = io.StringIO()
    call_command("search_eval", "--backend", "default", stdout=output)

    assert "all" in output.getvalue()
    assert evaluate()[1].ndcg == 1.0
