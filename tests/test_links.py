"""Every `{% url %}` is Django's, its links remembered per process (apps/core/links.py)."""

import pytest
from django.template import Context, Template
from django.urls import NoReverseMatch

from apps.core import links


def render(source: str, **context) -> str:
    return Template(source).render(Context(context))


def test_the_url_tag_gives_what_reverse_gives():
    assert render("{% url 'cards:card' 'an-article' 'a-card' %}") == "/cards/an-article/a-card/"
    assert render("{% url 'bookmarks:save' pk %}", pk=7) == "/saved/cards/7/"
    assert render("{% url 'bookmarks:note' list_pk=3 pk=4 %}") == "/saved/lists/3/cards/4/note/"
    assert render("{% url 'bookmarks:saved' as where %}[{{ where }}]") == "[/saved/]"


def test_a_link_that_does_not_exist_fails_as_in_django():
    with pytest.raises(NoReverseMatch):
        render("{% url 'cards:nowhere' %}")
    assert render("{% url 'cards:nowhere' as where %}[{{ where }}]") == "[]"


@pytest.fixture
def forgetting():
    """Nothing kept before the test, nor what its stand-in `reverse` gave after it."""
    links._reversed.cache_clear()
    yield
    links._reversed.cache_clear()


def test_a_link_is_reversed_once_and_other_arguments_every_time(monkeypatch, forgetting):
    calls = []
    monkeypatch.setattr(links, "reverse", lambda *a, **k: calls.append(a) or "/x/")

    for _ in range(3):
        render("{% url 'bookmarks:save' 9 %}{% url 'bookmarks:save' pk %}", pk=9.0)

    # The number is kept; an object of another kind (here a float) is reversed each time.
    assert len(calls) == 1 + 3
