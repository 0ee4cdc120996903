"""What a cache miss and a save cost, counted (not timed: bench/cpu.py times them).

Each count is the same however much the reader keeps or the site holds: a save
writes the same few statements at 1 saved card as at 500, a card page reads the
reading order once per content change, a kept page is compressed in one pass, and
a card's links are reversed once per process, not on every page that shows it.
"""

import pytest
from django.test import Client

from apps.bookmarks import services
from apps.bookmarks.models import Bookmark
from apps.cards.models import Topic
from apps.core import caching, links, pagecache
from tests.bookmarks_helpers import reader_client, save, token_of
from tests.factories import make_cards

pytestmark = pytest.mark.django_db


@pytest.fixture
def counted(monkeypatch):
    """Calls of a function, by name, while the test runs."""
    calls: dict[str, list] = {}

    def count(owner, name):
        original = getattr(owner, name)

        def counting(*args, **kwargs):
            calls.setdefault(name, []).append(args)
            return original(*args, **kwargs)

        monkeypatch.setattr(owner, name, counting)

    count.calls = calls
    return count


@pytest.mark.parametrize("kept", [1, 500])
def test_a_save_takes_the_same_statements_and_cache_writes_however_much_is_kept(
    kept, counted, django_assert_num_queries, django_capture_on_commit_callbacks
):
    reader = reader_client()
    cards = make_cards(kept + 1)
    saved_list = services.default_list(services.reader_for(token_of(reader)))
    Bookmark.objects.bulk_create(
        Bookmark(list=saved_list, card=card, position=i) for i, card in enumerate(cards[:-1])
    )
    counted(caching, "set_many")

    # The card; in the transaction: the reader's row locked (so two adds at once are
    # counted one after the other), the list, one aggregate (the limit, the place, a card
    # saved already), the row in a savepoint; then the button's one card. (The test's own
    # transaction adds a savepoint around the save's.)
    with django_assert_num_queries(10), django_capture_on_commit_callbacks(execute=True):
        answer = save(reader, cards[-1], htmx=True)

    assert answer.status_code == 200
    assert 'aria-pressed="true"' in answer.content.decode()
    assert saved_list.bookmarks.count() == kept + 1
    writes = counted.calls["set_many"]
    # The reader's version, now and when the save commits; nothing else (their kept
    # state is made again by the next page that shows it, not by the save).
    assert [alias for alias, *_ in writes] == [caching.VERSIONS, caching.VERSIONS]


def test_a_card_page_reads_the_reading_order_once_per_content_change(django_assert_num_queries):
    cards = make_cards(30)
    for card in cards[:5]:
        Client().get(card.get_absolute_url())

    with django_assert_num_queries(2):  # the card, then its neighbours: nothing counted
        html = Client().get(cards[6].get_absolute_url()).content.decode()

    assert "7 of 30" in html
    make_cards(1)  # a content change: the order is read again
    with django_assert_num_queries(3):
        html = Client().get(cards[6].get_absolute_url()).content.decode()
    assert "7 of 30" in html


def test_a_kept_page_is_compressed_in_one_pass_whatever_its_forms(counted):
    make_cards(24)
    counted(pagecache.zlib, "compressobj")

    html = Client().get("/").content.decode()

    assert html.count('name="csrfmiddlewaretoken"') == 12
    assert len(counted.calls["compressobj"]) == 1


def test_a_cards_links_are_reversed_once_per_process(counted):
    links._reversed.cache_clear()
    make_cards(12, topics=("healing",))
    counted(links, "reverse")
    Client().get("/")
    first = len(counted.calls["reverse"])

    Client().get("/?topic=healing")  # another page of the same cards

    # Each card's page, save and lists links, and its article's: once, for the feed.
    assert first >= 12 * 3
    assert len(counted.calls["reverse"]) == first


def test_the_topics_are_read_once_per_content_change(django_assert_num_queries):
    make_cards(30, topics=("healing",))
    Client().get("/")

    with django_assert_num_queries(1):  # the page of cards; the chips are known
        html = Client().get("/?page=2").content.decode()
    assert ">Healing</a>" in html

    topic = Topic.objects.get(slug="healing")
    topic.name = "Healing slowly"
    topic.save()  # content: every page retired, the chips read again
    with django_assert_num_queries(2):
        html = Client().get("/?page=2").content.decode()
    assert ">Healing slowly</a>" in html
