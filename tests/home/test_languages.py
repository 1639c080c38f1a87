"""Honest languages (WCAG 3.1.2): under /en/ the interface is English, and what stays Dutch, the
pages' own content and the titles editors wrote, is marked lang="nl"; Dutch pages mark nothing."""

from html.parser import HTMLParser

from django.test import Client

import pytest

from communities.factories import CommunityPageFactory
from home.factories import ThemeFactory
from home.models import ensure_section_pages
from resources.factories import StoryPageFactory

# Elements that hold no text of their own: they never close, so they never enclose any.
VOID_ELEMENTS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                 "source", "track", "wbr"}  # fmt: skip


class Element:
    def __init__(self, tag, attrs, parent):
        self.tag = tag
        self.attrs = dict(attrs)
        self.parent = parent
        # The language it is in: its own lang, else its parent's (<html lang> at the top).
        self.lang = self.attrs.get("lang") or (parent.lang if parent else None)
        self.text = ""

    def inside(self, css_class):
        """Whether an element around this one has the class `css_class`."""
        element = self.parent
        while element is not None:
            if css_class in element.attrs.get("class", "").split():
                return True
            element = element.parent
        return False


class LanguageParser(HTMLParser):
    """Every element of a page with its text and the language it is in."""

    def __init__(self):
        super().__init__()
        self.elements, self.open = [], []

    def handle_starttag(self, tag, attrs):
        element = Element(tag, attrs, self.open[-1] if self.open else None)
        self.elements.append(element)
        if tag not in VOID_ELEMENTS:
            self.open.append(element)

    def handle_endtag(self, tag):
        while self.open:
            if self.open.pop().tag == tag:
                break

    def handle_data(self, data):
        for element in self.open:
            element.text += data


def parse(content):
    parser = LanguageParser()
    parser.feed(content)
    return parser.elements


def text(element):
    return " ".join(element.text.split())


def language_of_text(elements, wanted, tag=None):
    """The language of the innermost element whose whole text is `wanted`."""
    found = [
        element
        for element in elements
        if text(element) == wanted and (tag is None or element.tag == tag)
    ]
    assert found, f"{wanted!r} is not on the page"
    return found[-1].lang


def menu_links(elements):
    """(text, language) of the main menu's links."""
    return [
        (text(element), element.lang)
        for element in elements
        if element.tag == "a" and "main-nav__link" in element.attrs.get("class", "")
    ]


def facet_labels(elements):
    """A search page's facet values: label → the language it is in."""
    labels = {}
    for element in elements:
        counts = "facet__count" in element.attrs.get("class", "")
        if element.inside("facet__values") and not counts:
            # A label marked in another language is an element of its own, inside its link.
            labels[text(element).split(" (")[0]] = element.lang
    return labels


def get(path):
    response = Client().get(path)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def sections(db):
    return ensure_section_pages()


@pytest.mark.django_db
def test_an_english_page_says_it_is_english(sections):
    elements = parse(get("/en/"))

    assert elements[0].tag == "html" and elements[0].attrs["lang"] == "en"


@pytest.mark.django_db
def test_the_menu_names_sections_in_english_while_they_keep_their_default_titles(sections):
    english = menu_links(parse(get("/en/")))
    dutch = menu_links(parse(get("/")))

    assert ("Learning communities", "en") in english
    assert ("Tools", "en") in english
    assert ("Stories", "en") in english
    assert ("Leergemeenschappen", "nl") in dutch


@pytest.mark.django_db
def test_a_renamed_section_keeps_its_dutch_title_marked_dutch(sections):
    tools = sections["tools"]
    tools.title = "Gereedschapskist"
    tools.save_revision().publish()

    english = parse(get("/en/instrumenten/"))

    assert ("Gereedschapskist", "nl") in menu_links(english)
    assert ("Tools", "en") not in menu_links(english)
    assert language_of_text(english, "Gereedschapskist", tag="h1") == "nl"
    title = next(element for element in english if element.tag == "title")
    assert text(title).startswith("Gereedschapskist |")
    # The sections still bearing their default titles stay English beside it.
    assert ("Stories", "en") in menu_links(english)


@pytest.mark.django_db
def test_a_section_index_and_its_breadcrumb_use_the_english_title(sections):
    story = StoryPageFactory(title="Een school vol verhalen")

    index = parse(get("/en/verhalen/"))
    detail = parse(get(f"/en/verhalen/{story.slug}/"))

    assert language_of_text(index, "Stories", tag="h1") == "en"
    assert text(next(element for element in index if element.tag == "title")).startswith(
        "Stories |"
    )
    breadcrumbs = [
        (text(element), element.lang)
        for element in detail
        if element.tag == "a" and element.inside("breadcrumbs")
    ]
    assert breadcrumbs == [
        ("Home", "en"),
        ("Stories", "en"),
        ("Een school vol verhalen", "nl"),
    ]


@pytest.mark.django_db
def test_the_home_page_title_is_translated_while_it_is_the_default_one(sections):
    english = parse(get("/en/"))

    assert language_of_text(english, "Learning communities in education and culture", "h1") == (
        "en"
    )


@pytest.mark.django_db
def test_a_theme_is_named_in_english_where_it_has_an_english_name(sections):
    theme = ThemeFactory(name="Burgerschap", slug="burgerschap", name_en="Citizenship")
    story = StoryPageFactory(title="Samen beslissen")
    story.themes.set([theme])
    story.save_revision().publish()

    english = parse(get(f"/en/verhalen/{story.slug}/"))
    dutch = parse(get(f"/verhalen/{story.slug}/"))

    assert language_of_text(english, "Citizenship", tag="li") == "en"
    assert all(text(element) != "Burgerschap" for element in english)
    assert language_of_text(dutch, "Burgerschap", tag="li") == "nl"
    # The listing's filter offers it by the same name.
    listing = parse(get("/en/verhalen/"))
    assert language_of_text(listing, "Citizenship", tag="option") == "en"


@pytest.mark.django_db
def test_a_theme_without_an_english_name_shows_its_dutch_name_marked_dutch(sections):
    theme = ThemeFactory(name="Ouderbetrokkenheid", slug="ouderbetrokkenheid")
    story = StoryPageFactory(title="Ouders in de klas")
    story.themes.set([theme])
    story.save_revision().publish()

    english = parse(get(f"/en/verhalen/{story.slug}/"))

    assert language_of_text(english, "Ouderbetrokkenheid", tag="li") == "nl"
    listing = parse(get("/en/verhalen/"))
    assert language_of_text(listing, "Ouderbetrokkenheid", tag="option") == "nl"


@pytest.mark.django_db
def test_search_facets_name_themes_in_the_visitors_language(search_backend, sections):
    named = ThemeFactory(name="Burgerschap", slug="burgerschap", name_en="Citizenship")
    unnamed = ThemeFactory(name="Ouderbetrokkenheid", slug="ouderbetrokkenheid")
    story = StoryPageFactory(title="Mentoraat en ouders", intro="Over mentoraat.")
    story.themes.set([named, unnamed])
    story.save_revision().publish()
    search_backend.refresh()

    english = parse(get("/en/zoeken/?q=mentoraat"))
    dutch = parse(get("/zoeken/?q=mentoraat"))

    assert facet_labels(english)["Citizenship"] == "en"
    assert facet_labels(english)["Ouderbetrokkenheid"] == "nl"
    assert "Burgerschap" not in facet_labels(english)
    assert facet_labels(dutch)["Burgerschap"] == "nl"


@pytest.mark.django_db
def test_page_content_is_marked_dutch_under_english_and_the_interface_is_not(sections):
    story = StoryPageFactory(title="Leren van elkaar", intro="Twee scholen delen hun aanpak.")
    story.save_revision().publish()

    english = parse(get(f"/en/verhalen/{story.slug}/"))
    listing = parse(get("/en/verhalen/"))

    assert language_of_text(english, "Leren van elkaar", tag="h1") == "nl"
    assert language_of_text(english, "Twee scholen delen hun aanpak.", tag="p") == "nl"
    # The story's card in the listing: its title and summary.
    assert language_of_text(listing, "Leren van elkaar", tag="a") == "nl"
    assert language_of_text(listing, "Twee scholen delen hun aanpak.", tag="p") == "nl"
    # The interface around it is English, and not marked Dutch.
    assert language_of_text(english, "Skip to content", tag="a") == "en"
    assert language_of_text(listing, "Clear filters", tag="a") == "en"


@pytest.mark.django_db
def test_dutch_pages_mark_nothing_dutch_again(sections):
    theme = ThemeFactory(name="Ouderbetrokkenheid", slug="ouderbetrokkenheid")
    story = StoryPageFactory(title="Leren van elkaar", intro="Twee scholen delen hun aanpak.")
    story.themes.set([theme])
    story.save_revision().publish()
    CommunityPageFactory(title="Netwerk Burgerschap")

    for path in ("/", "/verhalen/", f"/verhalen/{story.slug}/", "/leergemeenschappen/"):
        marked = [
            element
            for element in parse(get(path))[1:]
            # The language switcher names each language in itself, which is its purpose.
            if element.attrs.get("lang") == "nl" and "hreflang" not in element.attrs
        ]
        assert marked == [], path
