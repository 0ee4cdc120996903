"""Saves are never lost: concurrent tabs, reloaded content, and flat query counts."""

import shutil
import threading
import uuid

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connections

from apps.bookmarks import services
from apps.bookmarks.models import Bookmark, BookmarkList, Reader
from apps.cards.models import Card
from tests.bookmarks_helpers import lists_of, reader_client, save, token_of
from tests.factories import make_cards


@pytest.mark.django_db(transaction=True)
def test_many_tabs_saving_at_once_lose_nothing_and_never_lock():
    cards = make_cards(24)
    token = uuid.uuid4()  # one reader, as two tabs of one browser share a cookie
    errors: list[Exception] = []
    start = threading.Barrier(8)

    def tab(my_cards):
        try:
            start.wait()
            for card in my_cards:
                services.save_card(token, card)
                services.save_card(token, card)  # a double tap
        except Exception as error:  # noqa: BLE001 - any failure is the test's finding
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=tab, args=(cards[i::4],)) for i in range(4)]
    threads += [threading.Thread(target=tab, args=(cards[i::4],)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert Reader.objects.count() == 1
    assert BookmarkList.objects.filter(is_default=True).count() == 1
    assert Bookmark.objects.count() == len(cards)


@pytest.mark.django_db
def test_reloading_content_never_removes_a_bookmark(tmp_path):
    seeds = tmp_path / "seeds"
    shutil.copytree(settings.BASE_DIR / "seeds", seeds)
    call_command("loadseeds", "--seeds", str(seeds), verbosity=0)
    reader = reader_client()
    first_file = sorted(seeds.glob("*.md"))[0]
    card = Card.objects.filter(article__position=1).order_by("-position").first()
    save(reader, card)
    text = first_file.read_text()
    first_file.write_text(text[: text.index(f"## {card.title}")].rstrip() + "\n")

    call_command("loadseeds", "--seeds", str(seeds), verbosity=0)

    bookmark = Bookmark.objects.get()
    assert bookmark.card_id == card.pk
    html = reader.get(f"/saved/lists/{bookmark.list_id}/").content.decode()
    assert card.title in html
    assert "No longer in the feed" in html


@pytest.mark.django_db
@pytest.mark.parametrize("saved", [1, 1000])
def test_the_saved_and_list_pages_take_the_same_queries_at_any_size(
    saved, django_assert_num_queries
):
    reader = reader_client()
    cards = make_cards(saved)
    token = token_of(reader)
    saved_list = services.default_list(services.reader_for(token))
    Bookmark.objects.bulk_create(
        Bookmark(list=saved_list, card=card, position=i) for i, card in enumerate(cards)
    )
    services.create_list(token, "Nights")

    # The lists with their counts, and the newest saved cards shown first.
    with django_assert_num_queries(2):
        saved_page = reader.get("/saved/")
    with django_assert_num_queries(2):
        list_page = reader.get(f"/saved/lists/{saved_list.pk}/")

    assert f"{saved} card" in saved_page.content.decode()
    assert saved_page.content.decode().count('class="saved-card panel"') == min(saved, 12)
    assert list_page.content.decode().count('class="bookmark panel"') == min(saved, 24)
    assert lists_of(reader).count() == 2
