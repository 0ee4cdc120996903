"""Small helpers shared by the tests."""

import re
from html.parser import HTMLParser

from django.urls import LocalePrefixPattern, get_resolver

EXPECTED_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)


class InlineCodeFinder(HTMLParser):
    """Collects inline scripts, style elements and style attributes, which the CSP forbids."""

    def __init__(self):
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and "src" not in attrs and attrs.get("type") != "application/ld+json":
            self.found.append("inline <script>")
        if tag == "style":
            self.found.append("<style> element")
        if "style" in attrs:
            self.found.append(f"style attribute on <{tag}>")
        self.found.extend(f"{name} handler on <{tag}>" for name in attrs if name.startswith("on"))


def inline_code(html: str) -> list[str]:
    finder = InlineCodeFinder()
    finder.feed(html)
    return finder.found


def text_of(html: str) -> str:
    """The visible text of an HTML fragment, whitespace folded: what a person reads."""
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def url_patterns() -> list:
    """The site's URL patterns, with those i18n_patterns holds under one resolver (its
    prefix is the language's) brought up beside the others."""
    top = get_resolver().url_patterns
    inside = [
        p
        for each in top
        if isinstance(each.pattern, LocalePrefixPattern)
        for p in each.url_patterns
    ]
    return [*top, *inside]
