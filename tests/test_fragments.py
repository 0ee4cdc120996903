"""A card's face (what every reader sees the same) is rendered once per process and
kept in the `fragments` cache (templates/cards/card_item.html), yet every change shows
at once and no reader's state ever goes into it."""

import pytest
from django.core.cache import caches
from django.test import Client, override_settings

from apps.cards.models import Card
from apps.core import caching, pagecache
from tests.bookmarks_helpers import reader_client, save
from tests.cards_helpers import admin_card_form, topic_links
from tests.factories import make_article, make_card
from tests.test_pagecache import save_button
from tests.test_pagecache_guard import CSRF

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true", "HX-Current-URL": "http://testserver/"}
DUMMY = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}


def without_token(response) -> str:
    return CSRF.sub(r"\1TOKEN", response.content.decode())


@pytest.fixture
def kept(monkeypatch):
    """Every face the `fragments` cache is asked for ("hit" or "miss") and every one it keeps."""
    fragments = caches["fragments"]
    asked, stored = [], {}
    get, set_ = fragments.get, fragments.set

    def counted_get(key, *args, **kwargs):
        value = get(key, *args, **kwargs)
        asked.append("miss" if value is None else "hit")
        return value

    def counted_set(key, value, *args, **kwargs):
        stored[key] = value
        return set_(key, value, *args, **kwargs)

    monkeypatch.setattr(fragments, "get", counted_get)
    monkeypatch.setattr(fragments, "set", counted_set)
    return asked, stored


@pytest.fixture
def editor(client, django_user_model):
    user = django_user_model.objects.create_superuser("editor", "editor@example.com", "pw")
    client.force_login(user)
    return client


def test_a_face_is_rendered_once_and_reused_by_the_feed_its_topics_and_their_htmx_swaps(kept):
    asked, stored = kept
    make_card(title="The mirror", topics=("healing", "patience"))
    make_card(title="Letting go", topics=("healing",))

    Client().get("/")
    assert asked == ["miss", "miss"] and len(stored) == 2
    asked.clear()
    for path, headers in [("/?topic=healing", {}), ("/?topic=patience", HTMX), ("/", HTMX)]:
        html = Client().get(path, headers=headers).content.decode()
        assert "The mirror" in html

    assert asked == ["hit"] * 5  # each card of each page: 2, 1 and 2
    assert len(stored) == 2


def test_an_articles_numbered_cards_are_faces_of_their_own(kept):
    asked, stored = kept
    article = make_article(title="Both of you")
    make_card(article=article, title="The mirror")

    Client().get("/")
    Client().get(article.get_absolute_url())

    html = Client().get(article.get_absolute_url() + "?again").content.decode()
    assert len(stored) == 2  # the feed's preview and the article's "1 of 1"
    assert '<p class="card-number">1 of 1</p>' in html
    assert asked == ["miss", "miss", "hit"]


def test_a_kept_page_is_byte_for_byte_what_it_was_without_fragments():
    article = make_article(title="Both of you")
    for title in ("The mirror", "Letting go"):
        make_card(article=article, title=title, topics=("healing",))
    reader = reader_client()
    pages = ["/", "/?topic=healing", article.get_absolute_url(), "/?topic=healing&page=1"]
    reader.get("/")  # every face kept

    with_faces = [without_token(reader.get(path)) for path in pages]
    for alias in ("default", "fragments"):
        caches[alias].clear()
    with override_settings(CACHES={"default": DUMMY, "versions": DUMMY, "fragments": DUMMY}):
        without = [without_token(reader.get(path)) for path in pages]

    assert with_faces == without


def test_no_reader_state_or_csrf_token_is_ever_in_a_face(kept):
    _, stored = kept
    card = make_card(title="The mirror")
    one = reader_client()
    save(one, card)
    one.get("/")
    one.get(card.article.get_absolute_url())

    assert stored
    for face in stored.values():
        assert "The mirror" in face
        assert "save" not in face and "csrf" not in face and pagecache.HOLE not in face


def test_one_readers_saved_card_never_shows_in_anothers_page_made_from_the_same_faces():
    card = make_card(title="The mirror")
    one, other = reader_client(), reader_client()
    save(one, card)

    # Each a different URL, so each page is made afresh from the kept faces.
    assert save_button(one.get("/?a").content.decode(), card) == "Saved"
    assert save_button(other.get("/?b").content.decode(), card) == "Save"
    save(other, card)
    save(one, card, action="unsave")
    assert save_button(other.get("/?c").content.decode(), card) == "Saved"
    assert save_button(one.get("/?d").content.decode(), card) == "Save"


def test_a_card_edited_in_the_admin_shows_at_once_on_every_page(editor):
    article = make_article(title="Both of you")
    card = make_card(article=article, title="The mirror", topics=("healing",))
    card = Card.objects.select_related("article").get(pk=card.pk)
    pages = [
        "/",
        "/?topic=healing",
        ("/", HTMX),
        "/search/?q=mirror",
        card.get_absolute_url(),
        article.get_absolute_url(),
    ]
    reader = reader_client()

    def shown(sample) -> str:
        path, headers = sample if isinstance(sample, tuple) else (sample, {})
        return reader.get(path, headers=headers).content.decode()

    for sample in pages:
        assert "The runner pulls away" in shown(sample), sample  # the factory's body
    body = "A quiet new body for the mirror card, short and plain."
    response = editor.post(
        f"/admin/cards/card/{card.pk}/change/",
        admin_card_form(card, topic_links(card), body_markdown=body),
    )
    assert response.status_code == 302

    for sample in pages:
        html = shown(sample)
        assert "A quiet new body" in html and "The runner pulls away" not in html, sample


def test_an_article_renamed_shows_at_once_in_every_cards_source_line():
    article = make_article(title="Before the rename")
    make_card(article=article, title="The mirror")
    reader = reader_client()
    assert "Before the rename" in reader.get("/").content.decode()

    article.title = "After the rename"
    article.save()

    for path in ("/", "/?topic=healing", article.get_absolute_url()):
        html = reader.get(path).content.decode()
        assert "After the rename" in html and "Before the rename" not in html, path


def test_a_bulk_change_with_content_changed_shows_at_once():
    card = make_card(title="Before the bulk change")
    Client().get("/")

    Card.objects.filter(pk=card.pk).update(title="After the bulk change")
    pagecache.content_changed()

    html = Client().get("/?topic=healing").content.decode()
    assert "After the bulk change" in html and "Before the bulk change" not in html


def test_with_the_versions_unreadable_no_face_is_kept_and_pages_still_render(kept, monkeypatch):
    asked, stored = kept
    make_card(title="The mirror")
    get_many = caching.get_many

    def versions_away(alias, keys):
        return None if alias == caching.VERSIONS else get_many(alias, keys)

    monkeypatch.setattr(caching, "get_many", versions_away)

    assert "The mirror" in Client().get("/").content.decode()
    assert asked == [] and stored == {}
