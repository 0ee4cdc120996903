"""The Stand still page as the server sends it: embedded cards, the no-JS guide, its assets."""

import re

import brotli
import pytest
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.management import CommandError

from apps.cards.models import Card
from apps.timer.views import REFLECTION_CARDS
from tests import test_loadseeds
from tests.factories import make_card, make_cards
from tests.helpers import inline_code, text_of

pytestmark = pytest.mark.django_db

URL = "/stand-still/"
# bytes, brotli-compressed: timer.js and schedule.js together (6 KB until their words
# went through gettext as whole sentences, for Spanish and German: +0.2 KB)
TIMER_JS_BUDGET = 6.5 * 1024


def embedded_cards(html: str) -> list[str]:
    return re.findall(r"<template data-card>(.*?)</template>", html, flags=re.S)


def test_the_page_embeds_the_check_in_cards_for_the_end_screen(client):
    card = make_card(topics=("self-love",), title="Kind to yourself", check_in=True)
    make_card(topics=("self-love",), title="Why they pull away")

    html = client.get(URL).content.decode()

    [embedded] = embedded_cards(html)
    assert "Kind to yourself" in embedded
    assert "one slow breath at a time" in text_of(embedded)
    assert f'href="{card.get_absolute_url()}"' in embedded
    assert card.article.title in text_of(embedded)
    assert "Why they pull away" not in html


def test_at_most_twelve_cards_are_embedded(client):
    make_cards(20, check_in=True)

    html = client.get(URL).content.decode()

    assert len(embedded_cards(html)) == REFLECTION_CARDS == 12


def test_every_card_the_seeds_mark_for_the_end_screen_is_offered_not_the_first_few(client, seeds):
    marked = Card.objects.live().filter(check_in=True)
    assert 0 < marked.count() <= REFLECTION_CARDS  # more marked: raise the bound

    embedded = "".join(embedded_cards(client.get(URL).content.decode()))

    for card in marked:
        assert f'id="card-{card.pk}"' in embedded, card.title


def test_the_page_queries_do_not_grow_with_the_content(client, django_assert_max_num_queries):
    client.get(URL)  # a first visit may set up the device's cookies
    make_cards(2, check_in=True)
    with django_assert_max_num_queries(3) as few:
        client.get(URL)

    make_cards(40, topics=("healing", "self-love"), check_in=True)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(URL)


def test_without_content_the_end_screen_has_its_own_cards(client):
    html = client.get(URL).content.decode()

    assert len(embedded_cards(html)) == 2
    assert "Let the wave pass" in html


def test_without_javascript_the_page_says_how_to_breathe(client):
    response = client.get(URL)
    text = text_of(response.content.decode())

    assert response.status_code == 200
    assert "Breathe in through your nose for a count of 4, then out slowly for a count of 6" in text
    # The interactive parts wait, hidden, for the script.
    assert re.search(r'<form class="setup"[^>]*\bhidden\b', response.content.decode())


def test_the_timer_offers_help_and_every_pattern(client):
    html = client.get(URL).content.decode()
    timer = html.split("data-timer", 1)[1]

    assert 'href="/help/">Need help now?</a>' in timer
    values = re.findall(r'name="pattern" value="([^"]+)"', html)
    assert values == ["stand-still", "box", "4-7-8", "resonant", "sigh", "custom"]
    assert re.findall(r'name="minutes" value="(\d+)"', html) == ["1", "3", "5", "10", "0"]
    assert inline_code(html) == []


def test_the_timer_script_imports_the_hashed_schedule(client):
    html = client.get(URL).content.decode()
    script = re.search(r'<script type="module" src="(/static/timer/[^"]+)"', html)[1]
    preload = re.search(r'<link rel="modulepreload" href="(/static/timer/[^"]+)"', html)[1]
    assert re.fullmatch(r"/static/timer/timer\.[0-9a-f]{12}\.js", script)
    assert re.fullmatch(r"/static/timer/schedule\.[0-9a-f]{12}\.js", preload)

    body = b"".join(client.get(script).streaming_content).decode()

    assert f'from "./{preload.rsplit("/", 1)[1]}"' in body


HTMX_SCRIPT = re.compile(r'<script[^>]+src="/static/django_htmx/htmx-2\.min\.[0-9a-f]{12}\.js"')


def test_htmx_is_not_loaded_with_the_page_but_named_for_the_first_start(client):
    html = client.get(URL).content.decode()

    assert not HTMX_SCRIPT.search(html), "htmx is for the end screen only: fetched at Start"
    src = re.search(r'<section class="timer" data-timer[^>]* data-htmx="([^"]+)"', html)[1]
    assert src == staticfiles_storage.url("django_htmx/htmx-2.min.js")
    assert client.get(src).status_code == 200


@pytest.mark.parametrize("path", ["/", "/help/", "/saved/"])
def test_every_other_page_still_loads_htmx_with_the_page(client, path):
    assert HTMX_SCRIPT.search(client.get(path).content.decode())


def test_a_path_step_that_embeds_the_timer_shows_no_card_so_never_asks_for_htmx(client):
    html = client.get("/reach-out/").content.decode()

    assert "data-timer" in html and "data-next=" in html
    assert "data-htmx" not in html
    assert not HTMX_SCRIPT.search(html)


def test_the_timer_javascript_is_small():
    sizes = {
        name: len(brotli.compress(staticfiles_storage.open(name).read()))
        for name in ("timer/timer.js", "timer/schedule.js")
    }

    assert sum(sizes.values()) < TIMER_JS_BUDGET, sizes


def test_the_timer_javascript_makes_no_requests():
    for name in ("timer/timer.js", "timer/schedule.js"):
        source = staticfiles_storage.open(name).read().decode()
        for call in ("fetch(", "XMLHttpRequest", "sendBeacon", "WebSocket", "EventSource"):
            assert call not in source, f"{name} uses {call}"


seeds_folder = test_loadseeds.seeds  # the fixture: a private copy of seeds/ to break


def test_a_card_for_the_end_screen_whose_heading_speaks_of_a_return_is_refused(seeds_folder):
    from apps.cards.seeds import read_seeds

    article, card = next(
        (a, c) for a in read_seeds(seeds_folder).articles for c in a.cards if c.check_in
    )
    path = next(f for f in seeds_folder.glob("*.md") if f"slug: {article.slug}\n" in f.read_text())
    path.write_text(path.read_text().replace(f"## {card.title}\n", "## Until they come back\n"))

    # Every heading is checked alone (the end screen shows it first), attributed or not.
    with pytest.raises(CommandError, match="may not speak of a return"):
        test_loadseeds.load(seeds_folder)


def test_the_end_screens_card_offers_no_one_tap_share(client, seeds):
    html = client.get(URL).content.decode()

    assert embedded_cards(html)
    assert "data-share" not in html
    assert "share.js" not in html
    assert not re.search(r">\s*Share\s*<", html)
