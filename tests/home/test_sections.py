"""The sections under the home page: the page types that declare themselves one, created by
ensure_section_pages() with what they declare."""

from wagtail.models import Page

import pytest

from communities.models import ExpertDirectoryPage
from home.models import StandardPage, ensure_section_pages, get_home_page
from home.sections import section_model, section_models
from resources.models import ToolIndexPage


@pytest.mark.django_db
def test_every_declared_section_is_created_under_the_home_page_in_section_order():
    sections = ensure_section_pages()

    home = get_home_page()
    assert list(sections) == ["communities", "tools", "stories", "events", "questions", "experts"]
    assert [page.url_path for page in sections.values()] == [
        f"{home.url_path}{slug}/"
        for slug in (
            "leergemeenschappen",
            "instrumenten",
            "verhalen",
            "agenda",
            "kennisvragen",
            "wie-weet-wat",
        )
    ]
    for key, page in sections.items():
        model = section_model(key)
        assert type(page) is model
        assert (page.title, page.intro) == (model.section_title, model.section_intro)
        assert page.show_in_menus
    # The menu lists the home page's children in tree order: the order they were created in.
    assert list(Page.objects.child_of(home).in_menu().values_list("pk", flat=True)) == [
        page.pk for page in sections.values()
    ]


@pytest.mark.django_db
def test_existing_sections_are_found_by_type_however_editors_renamed_them():
    tools = ensure_section_pages()["tools"]
    tools.title, tools.slug = "Gereedschap", "gereedschap"
    tools.save()

    again = ensure_section_pages()

    assert again["tools"].pk == tools.pk
    assert ToolIndexPage.objects.count() == 1
    # Besides the pages every portal has (home.migrations.0005), all standard pages.
    assert Page.objects.child_of(get_home_page()).not_type(StandardPage).count() == len(
        section_models()
    )


@pytest.mark.django_db
def test_a_section_is_created_as_its_page_type_declares_it(monkeypatch):
    monkeypatch.setattr(ExpertDirectoryPage, "section_title", "Vraag het een vakgenoot")
    monkeypatch.setattr(ExpertDirectoryPage, "section_slug", "vakgenoten")
    monkeypatch.setattr(ExpertDirectoryPage, "section_order", 1)

    sections = ensure_section_pages()

    assert next(iter(sections)) == "experts"
    assert (sections["experts"].title, sections["experts"].slug) == (
        "Vraag het een vakgenoot",
        "vakgenoten",
    )
    assert Page.objects.child_of(get_home_page()).in_menu().first().pk == sections["experts"].pk
