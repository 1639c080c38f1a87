"""Which language a text on a page is in: the interface follows the visitor, content stays Dutch.

The portal's content is written in one language, the default one (settings.LANGUAGE_CODE);
the interface is translated (/en/). WCAG 3.1.2 asks that text in another language than the
page's be marked so: under /en/, what stays Dutch carries lang="nl" (portal_tags' `lang_attr`
and `content_lang`), and what has an English version (a taxonomy term's English name, a
section's declared title) is shown in English instead.
"""

from django.conf import settings
from django.utils.translation import get_language, gettext


def content_language():
    """The language editors write in: the portal's default language."""
    return settings.LANGUAGE_CODE


def page_language():
    """The language of the page being built: the visitor's interface language."""
    return get_language() or settings.LANGUAGE_CODE


class InLanguage(str):
    """Text that knows the language it is written in (`lang`), so a template can mark it when
    that is not the page's."""

    def __new__(cls, text, lang=None):
        text = super().__new__(cls, text)
        text.lang = lang
        return text


def language_of(text):
    """The language `text` says it is in, or None for text that does not say (a translated
    label is in the page's language; the element around content says so for it)."""
    return getattr(text, "lang", None)


def translated(text):
    """`text`, a Dutch string marked with gettext_noop, in the page's language where the
    catalogue has it, else as it is, in Dutch."""
    translation = gettext(text) if text else text
    if translation != text:
        return InLanguage(translation, page_language())
    return InLanguage(text, content_language())


def localized_title(page):
    """The title of `page` (any Page, specific or not) as a visitor reads it.

    A page type may declare `default_title`, the Dutch title its page is created with, marked
    with gettext_noop: while the page still bears it, it is shown in the visitor's language.
    A title an editor wrote is shown as written, in Dutch.
    """
    model = page.specific_class or type(page)
    default = getattr(model, "default_title", "")
    if default and page.title == default:
        return translated(default)
    return InLanguage(page.title, content_language())
