"""Card text: Markdown rendered once, at load time, to sanitized HTML."""

import math

import nh3
from markdown_it import MarkdownIt

ALLOWED_TAGS = {"p", "em", "strong", "ul", "ol", "li", "blockquote", "br"}
WORDS_PER_MINUTE = 200

_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": True})
_markdown.enable(["replacements", "smartquotes"])


def render_markdown(text: str) -> str:
    return nh3.clean(_markdown.render(text), tags=ALLOWED_TAGS, attributes={}).strip()


def count_words(text: str) -> int:
    return len(text.split())


def reading_seconds(words: int) -> int:
    """Rounded up to whole seconds, at a calm reading pace."""
    return math.ceil(words * 60 / WORDS_PER_MINUTE)
