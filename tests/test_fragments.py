"""Kept pieces (apps/core/fragments.py): a card rendered once per content version and
process, and put in any page, for any reader, exactly as an include would render it."""

import re

import pytest
from django.conf import settings
from django.core.cache import caches
from django.template import Context, Template, engines
from django.test import Client, override_settings

from apps.bookmarks.models import BookmarkList
from apps.core import fragments
from tests.bookmarks_helpers import reader_client, save
from tests.factories import make_article, make_card
from tests.test_pagecache_robust import UNREACHABLE

pytestmark = pytest.mark.django_db

NO_CACHE = {"default": UNREACHABLE, "versions": UNREACHABLE}
CSRF = re.compile(r'(name="csrfmiddlewaretoken" value="|"X-CSRFToken": ")[^"]+')
HTMX = {"HX-Request": "true", "HX-Current-URL": "http://testserver/?topic=healing&a=%22b%22"}


def page(client: Client, path: str, headers=None) -> str:
    """The page as served, its CSRF tokens (new on every response) blanked out; never
    the whole page from the page cache, so its kept cards are put in it."""
    caches["default"].clear()
    return served(client, path, headers)


def served(client: Client, path: str, headers=None) -> str:
    response = client.get(path, headers=headers or {})
    assert response.status_code == 200
    return CSRF.sub(r"\1TOKEN", response.content.decode())


def fresh(client: Client, path: str, headers=None) -> str:
    """The page rendered with nothing kept at all (the caches out of reach)."""
    with override_settings(CACHES=NO_CACHE):
        return served(client, path, headers)


@pytest.fixture(autouse=True)
def pages_apart():
    """The page cache on a store of its own, emptied by `page()` to make each page
    render: on Redis (CI's second pass) the two caches share a database, and emptying
    one would empty the versions too, and with them the kept pieces."""
    pages = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "frag"}
    with override_settings(CACHES={**settings.CACHES, "default": pages}):
        yield


@pytest.fixture
def cards():
    article = make_article(title="Both of you")
    mirror = make_card(article=article, title="The mirror", topics=("healing",))
    letting_go = make_card(article=article, title="Letting go", topics=("healing",))
    make_card(title="Elsewhere & <others>", topics=("patience",))
    return mirror, letting_go


def test_pages_with_kept_cards_are_byte_for_byte_what_includes_render(cards):
    mirror, letting_go = cards
    saved_one, in_lists, stranger = reader_client(), reader_client(), Client()
    save(saved_one, mirror)
    save(in_lists, letting_go)
    # Saved and in two named lists; the mirror in a named list only ("Saved · 1 list").
    in_lists.post(f"/saved/cards/{letting_go.pk}/lists/", {"new_list": "Evenings"})
    in_lists.post(f"/saved/cards/{mirror.pk}/lists/", {"new_list": "Mornings"})
    for client in (saved_one, in_lists):
        client.get("/help/")  # the toasts shown
    paths = [
        ("/", None),
        ("/?topic=healing", None),
        ("/?topic=healing", HTMX),
        (mirror.article.get_absolute_url(), None),
        (f"/draw/?card={letting_go.pk}", None),
        ('/?topic=healing&x="<b>"', None),
    ]
    # Each reader in turn finds the pieces the one before made; each page as fresh.
    for client in (saved_one, in_lists, stranger, saved_one):
        for path, headers in paths:
            assert page(client, path, headers) == fresh(client, path, headers), path


def test_a_kept_card_is_exactly_the_included_card(cards):
    """Against Django's own include in the page's whole context (the reader's every
    saved card, the request, the visitor's token), after another reader kept it."""
    mirror, letting_go = cards
    reader, other = reader_client(), reader_client()
    save(reader, mirror)
    reader.post(f"/saved/cards/{letting_go.pk}/lists/", {"new_list": "Evenings"})
    request = reader.get("/?topic=healing&x=<b>").wsgi_request
    other_request = other.get("/").wsgi_request
    engine = engines["django"]
    kept = engine.from_string(
        '{% load fragments %}{% for card in cards %}{% include_kept "cards/card_item.html" '
        "card=card in_feed=True number=forloop.counter total=9 %}{% endfor %}"
    )
    included = engine.from_string(
        '{% for card in cards %}{% include "cards/card_item.html" '
        "with in_feed=True number=forloop.counter total=9 %}{% endfor %}"
    )

    kept.render({"cards": [mirror, letting_go]}, other_request)  # kept for another reader
    shown = kept.render({"cards": [mirror, letting_go]}, request)
    expected = included.render({"cards": [mirror, letting_go]}, request)

    assert 'aria-label="Saved: The mirror"' in shown and "Saved in 1 list" in shown
    assert CSRF.sub("TOKEN", shown) == CSRF.sub("TOKEN", expected)


def test_one_reader_never_sees_another_readers_saved_state_in_a_kept_card(cards):
    mirror, _ = cards
    saver, other = reader_client(), reader_client()
    save(saver, mirror)

    first = page(saver, "/")
    then = page(other, "/")

    assert 'aria-label="Saved: The mirror"' in first
    assert 'aria-label="Saved: The mirror"' not in then
    assert 'aria-label="Save: The mirror"' in then


def test_a_kept_card_leads_back_to_the_page_it_is_shown_on(cards):
    mirror, _ = cards
    client = reader_client()
    page(client, "/")  # the card kept from the feed

    topic = page(client, "/?topic=healing&x=%22b%22")

    back = f'name="next" value="/?topic=healing&amp;x=%22b%22#card-{mirror.pk}"'
    assert back in topic
    assert f"?next=/%3Ftopic%3Dhealing%26x%3D%2522b%2522%23card-{mirror.pk}" in topic
    assert 'value="/#card-' not in topic


def test_an_edited_card_shows_at_once(cards):
    mirror, _ = cards
    client = Client()
    assert "The mirror" in page(client, "/")

    mirror.title = "The mirror, again"
    mirror.save()

    assert "The mirror, again" in page(client, "/")


def test_a_card_is_rendered_once_and_then_kept(cards, monkeypatch):
    client = Client()
    page(client, "/")
    rendered = []
    render = Template.render

    def counted(self, context):
        rendered.append(self.origin.template_name)
        return render(self, context)

    monkeypatch.setattr(Template, "render", counted)
    page(client, "/?topic=healing")
    page(client, "/")

    assert rendered.count("cards/feed.html") == 2
    assert "cards/card_item.html" not in rendered


def test_a_piece_is_kept_apart_for_each_language_and_script_prefix(cards, monkeypatch):
    """Its words and its `{% url %}` links follow the active language and prefix."""
    from django.urls import set_script_prefix

    engine = engines["django"].engine
    source = '{% load fragments %}{% include_kept "cards/card_item.html" card=card %}'
    first = engine.from_string(source).render(Context({"card": cards[0]}))
    with monkeypatch.context() as german:
        german.setattr(fragments, "get_language", lambda: "de")
        engine.from_string(source).render(Context({"card": cards[0]}))
    set_script_prefix("/under/")
    try:
        prefixed = engine.from_string(source).render(Context({"card": cards[0]}))
    finally:
        set_script_prefix("/")

    assert len(fragments._kept._now[1]) == 3
    assert f'href="/under{cards[0].get_absolute_url()}"' not in first
    assert 'href="/under/cards/' in prefixed


def test_kept_pieces_are_bounded_oldest_out(cards, monkeypatch):
    monkeypatch.setattr(fragments._kept, "limit", 2)
    html = page(Client(), "/")  # three cards, in this order
    shown = [int(pk) for pk in re.findall(r'<article class="card[^"]*" id="card-(\d+)"', html)]

    # Each key: the engine, the template, autoescape, then the values: ("card", model, pk).
    kept = [key[5][2] for key in fragments._kept._now[1]]
    assert len(shown) == 3
    assert kept == shown[1:]


def test_nothing_is_kept_while_the_versions_cache_is_out_of_reach(cards):
    fragments._kept._now = (None, {})
    with override_settings(CACHES=NO_CACHE):
        assert "The mirror" in Client().get("/").content.decode()

    assert fragments._kept._now[1] == {}


def render(source: str, **context) -> str:
    engine = engines["django"].engine
    return engine.from_string("{% load fragments %}" + source).render(Context(context))


def test_a_piece_is_kept_only_under_plain_values_and_content(cards):
    mirror, _ = cards

    with pytest.raises(TypeError, match="plain values"):
        render('{% include_kept "cards/card_item.html" card=card x=x %}', card=mirror, x=[1])
    with pytest.raises(TypeError, match="not content"):
        render(
            '{% include_kept "cards/card_item.html" card=card x=x %}',
            card=mirror,
            x=BookmarkList(pk=1, name="Mine"),
        )


def test_a_piece_sees_only_its_values_the_card_state_and_the_request_values(cards, tmp_path):
    """Whatever else the page has (the request, the visitor's cookies, other cards'
    states) never reaches a piece, kept or not."""
    mirror, letting_go = cards
    (tmp_path / "piece.html").write_text(
        "[{{ card.title }}|{{ here }}|{{ secret }}|{{ request.path }}"
        "|{{ saved_card_ids|length }}|{{ saved_list_counts|length }}]"
    )
    with override_settings(TEMPLATES=[{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]):
        shown = render(
            '{% include_kept "piece.html" card=card %}',
            card=mirror,
            here="/?a=<b>",
            secret="the visitor's",
            request=object(),
            saved_card_ids=frozenset([mirror.pk, letting_go.pk]),
            saved_list_counts={mirror.pk: 2, letting_go.pk: 1},
        )

    assert shown == "[The mirror|/?a=&lt;b&gt;|||1|1]"


def test_the_kept_topic_chips_mark_the_topic_shown(cards):
    client = Client()
    for path, current in [
        ("/?topic=healing", "topic-healing"),
        ("/?topic=patience", "topic-patience"),
        ("/", "topic-all"),
        ("/?topic=healing&page=1", "topic-healing"),
    ]:
        html = page(client, path)
        marked = re.findall(r'<a id="(topic-[a-z-]+)"[^>]*aria-current="true"', html)
        assert marked == [current], path
