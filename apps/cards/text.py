"""Card text: Markdown rendered once, at load time, to sanitized HTML."""

import math

import nh3
from markdown_it import MarkdownIt

ALLOWED_TAGS = {"p", "em", "strong", "ul", "ol", "li", "blockquote", "br", "a"}
WORDS_PER_MINUTE = 200

_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": True})
_markdown.enable(["replacements", "smartquotes"])


def _only_links_within_the_app(tag: str, attribute: str, value: str) -> str | None:
    # A card may point to a page of the app (/help/, /stand-still/), never elsewhere.
    if tag == "a" and attribute == "href":
        return value if value.startswith("/") and not value.startswith("//") else None
    return value


def render_markdown(text: str) -> str:
    return nh3.clean(
        _markdown.render(text),
        tags=ALLOWED_TAGS,
        attributes={"a": {"href"}},
        attribute_filter=_only_links_within_the_app,
        url_schemes=set(),
        link_rel=None,
    ).strip()


def count_words(text: str) -> int:
    return len(text.split())


def reading_seconds(words: int) -> int:
    """Rounded up to whole seconds, at a calm reading pace."""
    return math.ceil(words * 60 / WORDS_PER_MINUTE)
