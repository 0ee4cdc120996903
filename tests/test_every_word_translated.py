"""No words left in English on a page in Spanish or German: each page rendered in both,
and every piece of text a person sees or hears (text, `aria-label`, `title`, `alt`,
`placeholder`, a button's value) that is the same in English is a string nobody marked
for translation, or one marked and not translated. Text from the reader or the page's
address, names of languages and of services, and numbers are the same in any language."""

import re
from html.parser import HTMLParser

import pytest

pytestmark = pytest.mark.django_db

PAGES = [
    "/",
    "/?topic=healing",
    "/about/",
    "/articles/",
    "/articles/for-hard-moments/",
    "/cards/for-hard-moments/they-blocked-me-what-now/",
    "/search/?q=mirror",
    "/search/?q=zzzz",
    "/draw/",
    "/stand-still/",
    "/reach-out/",
    "/reach-out/feeling/",
    "/reach-out/card/",
    "/reach-out/write/",
    "/reach-out/wait/",
    "/reach-out/check-in/",
    "/reach-out/not-sent/",
    "/saved/",
    "/saved/delete-everything/",
    "/help/",
    "/privacy/",
    "/offline/",
    "/my-plan/",
    "/evening/",
    "/reminders/",
    "/account/sign-in/",
    "/account/create/",
]
# The same in every language: the app's name, the languages by their own names, the
# help lines' services and places (proper names), symbols and numbers.
SAME_EVERYWHERE = {"Stand Still", "English", "Español", "Deutsch", "JSON", "Markdown", "OK"}
# Words a language shares with English: German says "Pause", "Name", "Code", "Box" too.
SAME_IN = {"es": set(), "de": {"Box", "Pause", "Name", "Code", "Offline · Stand Still"}}
MINUTES = re.compile(r"^\d+ min$")  # "5 min" in all three
SPOKEN = ("aria-label", "title", "alt", "placeholder")


class Words(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found, self.skip = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template", "svg"):
            self.skip += 1
        for name, value in attrs:
            if name in SPOKEN and value:
                self.found.append(value.strip())

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template", "svg") and self.skip:
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip and data.strip():
            self.found.append(" ".join(data.split()))


def words(html: str) -> set[str]:
    parser = Words()
    parser.feed(html)
    return {
        w
        for w in parser.found
        if re.search(r"[A-Za-z]{3}", w) and w not in SAME_EVERYWHERE and not MINUTES.match(w)
    }


@pytest.fixture
def help_line_names():
    from apps.core import helplines

    directory = helplines.directory()
    names = {"findahelpline.com"}  # the sites named as sources, and the directory's
    for country in directory.countries:
        names.add(country.name)
        for line in country.lines:
            names |= {line.name, line.source_site, *(n.display for n in line.numbers)}
    return names


@pytest.mark.parametrize("language", ["es", "de"])
@pytest.mark.parametrize("path", PAGES)
def test_no_english_is_left_on_the_page(client, seeds, help_line_names, language, path):
    english = client.get(path)
    other = client.get(f"/{language}{path}")
    assert english.status_code == other.status_code == 200, (path, other.status_code)
    same = words(other.content.decode()) & words(english.content.decode())
    left = sorted(same - help_line_names - SAME_IN[language])
    assert left == []
