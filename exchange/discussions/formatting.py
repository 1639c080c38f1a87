"""A post's simple formatting: Markdown's paragraphs, emphasis, lists, quotes and links, made
safe by nh3, a maintained sanitiser, so no markup of the author's reaches the page."""

import markdown
import nh3

ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "blockquote", "code", "pre", "a"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
# Anything else (javascript:, data:, vbscript:) is dropped with the href.
ALLOWED_SCHEMES = {"http", "https", "mailto"}


def render(text):
    """The HTML of a post's `text`, safe to mark as such."""
    html = markdown.markdown(text, extensions=["sane_lists", "nl2br"], output_format="html")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_SCHEMES,
        link_rel="nofollow noopener noreferrer ugc",
    )


def plain_paragraphs(text):
    """The paragraphs of `text` as plain text, for a draft page's rich text or an email."""
    return [paragraph.strip() for paragraph in text.split("\n\n") if paragraph.strip()]
