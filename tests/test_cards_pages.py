"""The card pages: feed, topics, a card, an article, a draw, about, sitemap and robots."""

import gzip
import re
from datetime import UTC, datetime

import pytest

from apps.cards.models import Article, Card, Perspective
from tests.cards_helpers import HTMX, card_titles, live_in_order, text_of
from tests.factories import make_article, make_card, make_cards
from tests.helpers import EXPECTED_CSP, inline_code

pytestmark = pytest.mark.django_db

ARCHIVED = datetime(2026, 1, 1, tzinfo=UTC)


def a_card(slug="the-mirror") -> Card:
    return Card.objects.select_related("article").get(slug=slug)


# The feed


def test_feed_shows_the_first_twelve_cards_in_the_articles_curated_order(client, seeds):
    html = client.get("/").content.decode()

    assert card_titles(html) == [card.title for card in live_in_order()[:12]]


def test_feed_cards_say_which_article_they_come_from(client, seeds):
    first = live_in_order()[0]

    text = text_of(client.get("/").content.decode())

    assert first.article.title in text


def test_feed_labels_each_card_with_whose_words_it_carries(client):
    runner = make_article(title="A runner speaks", perspective=Perspective.RUNNER_ACCOUNT)
    other = make_article(title="Not so fast", perspective=Perspective.ANOTHER_VIEW)
    guide = make_article(title="A plain guide", perspective=Perspective.GUIDE)
    own = make_article(title="For hard moments", perspective="stand-still")
    for article in (runner, other, guide, own):
        make_card(article)

    text = text_of(client.get("/").content.decode())

    assert "A runner's account From the article “A runner speaks”" in text
    assert "Another view From the article “Not so fast”" in text
    assert "From the article “A plain guide”" in text
    assert "Guide" not in text
    assert "From Stand Still" in text
    assert "From the article “For hard moments”" not in text


def test_feed_offers_search_and_draw_a_card_before_the_cards(client, seeds):
    html = client.get("/").content.decode()
    first_card = html.index('<article class="card')

    assert html.index('action="/search/"') < first_card
    assert html.index('href="/draw/"') < first_card


def test_every_card_in_the_feed_has_a_save_action_area(client, seeds):
    html = client.get("/").content.decode()

    assert html.count('class="card-actions"') == 12


def test_page_two_continues_where_page_one_ended(client, seeds):
    cards = live_in_order()

    page_two = client.get("/?page=2").content.decode()

    assert card_titles(page_two) == [card.title for card in cards[12:24]]
    assert 'href="?page=3"' in page_two
    assert "Earlier cards" in text_of(page_two)


def test_last_page_has_no_more_link(client):
    make_cards(13)

    html = client.get("/?page=2").content.decode()

    assert len(card_titles(html)) == 1
    assert "More cards" not in text_of(html)


def test_more_link_loads_the_next_page_when_revealed_and_works_without_javascript(client, seeds):
    html = client.get("/").content.decode()

    more = re.search(r"<a class=\"more\"[^>]*>", html).group()
    assert 'href="?page=2"' in more
    assert 'hx-get="?page=2"' in more
    assert 'hx-trigger="revealed"' in more
    assert 'hx-swap="outerHTML"' in more


def test_htmx_next_page_is_only_the_cards_and_the_next_more_link(client, seeds):
    response = client.get("/?page=2", headers=HTMX)
    html = response.content.decode()

    assert len(card_titles(html)) == 12
    assert 'href="?page=3"' in html
    assert "<html" not in html
    assert 'class="chips"' not in html
    assert "Earlier cards" not in html


@pytest.mark.parametrize("number", ["abc", "0", "-1", "9999", "1.5", "2e3", "99999999999999999999"])
def test_a_malformed_or_out_of_range_page_is_a_calm_404(client, seeds, number):
    response = client.get("/", {"page": number})

    assert response.status_code == 404
    assert "Nothing here" in text_of(response.content.decode())


def test_an_empty_feed_says_so_calmly(client):
    response = client.get("/")

    assert response.status_code == 200
    assert "No cards here yet" in text_of(response.content.decode())


# Topics


def test_topic_chips_filter_the_feed_to_that_topic(client, seeds):
    healing = set(
        Card.objects.live().filter(topics__slug="healing").values_list("title", flat=True)
    )

    html = client.get("/?topic=healing").content.decode()

    titles = card_titles(html)
    assert titles and set(titles) <= healing
    assert re.search(r'id="topic-healing"[^>]*aria-current="true"', html)
    assert "Feeling what hurts so that it can ease." in text_of(html)


def test_topic_chips_are_links_that_swap_the_feed_and_push_the_url(client, seeds):
    html = client.get("/").content.decode()

    chips = re.search(r'<nav class="chips".*?</nav>', html, flags=re.S).group()
    assert 'hx-target="#feed"' in chips
    assert 'hx-push-url="true"' in chips
    assert 'href="?topic=healing" hx-get="?topic=healing"' in chips
    assert re.search(r'id="topic-all"[^>]*aria-current="true"', chips)


def test_htmx_topic_request_answers_with_the_feed_region(client, seeds):
    response = client.get("/?topic=healing", headers=HTMX)
    html = response.content.decode()

    assert html.lstrip().startswith('<title>Healing · Stand Still</title>\n<section id="feed"')
    assert "<html" not in html
    assert 'class="chips"' in html


def test_the_more_link_keeps_the_topic(client, seeds):
    html = client.get("/?topic=runner").content.decode()

    assert 'href="?topic=runner&amp;page=2"' in html


def test_an_unknown_topic_is_a_404(client, seeds):
    assert client.get("/?topic=no-such-topic").status_code == 404
    assert client.get("/?topic=" + "x" * 5000).status_code == 404


def test_an_empty_topic_is_the_whole_feed(client, seeds):
    assert card_titles(client.get("/?topic=").content.decode()) == card_titles(
        client.get("/").content.decode()
    )


# htmx and caching


@pytest.mark.parametrize("url", ["/", "/?topic=healing", "/?page=2", "/search/?q=mirror", "/draw/"])
def test_pages_that_answer_htmx_differently_vary_on_hx_request(client, seeds, url):
    for headers in ({}, HTMX):
        response = client.get(url, headers=headers)
        assert response.status_code == 200
        assert "HX-Request" in response["Vary"]


def test_full_and_htmx_requests_to_the_same_url_share_the_same_card_markup(client, seeds):
    full = client.get("/?page=2").content.decode()
    partial = client.get("/?page=2", headers=HTMX).content.decode()

    def cards(html):  # without the save forms, whose CSRF token differs on every render
        first = html.index('<article class="card')
        return re.sub(r"<form.*?</form>", "", html[first:], flags=re.S)

    assert card_titles(full) == card_titles(partial)
    assert cards(partial).split('<a class="more"')[0] in cards(full)


# Archived cards


def test_archived_cards_leave_the_feed(client):
    article = make_article()
    kept = make_card(article, title="Kept card")
    make_card(article, title="Gone card", archived_at=ARCHIVED)
    gone_article = make_article(archived_at=ARCHIVED)
    make_card(gone_article, title="Card of a gone article")

    titles = card_titles(client.get("/").content.decode())

    assert titles == [kept.title]


def test_archiving_keeps_the_card_reachable_with_a_calm_note_and_no_way_into_the_archive(client):
    article = make_article()
    before = make_card(article, title="Before", position=1)
    archived = make_card(article, title="Archived", position=2, archived_at=ARCHIVED)
    make_card(article, title="After", position=3)

    response = client.get(archived.get_absolute_url())

    assert response.status_code == 200
    text = text_of(response.content.decode())
    assert "No longer in the feed" in text
    assert 'rel="prev"' not in response.content.decode()
    assert 'rel="next"' not in response.content.decode()
    # The live neighbours skip it.
    html = client.get(before.get_absolute_url()).content.decode()
    assert "After" in text_of(html) and "Archived" not in card_nav(html)


def test_a_card_of_an_archived_article_still_answers(client):
    article = make_article(archived_at=ARCHIVED)
    card = make_card(article)

    response = client.get(card.get_absolute_url())

    assert response.status_code == 200
    assert "No longer in the feed" in text_of(response.content.decode())


# A card's page


def card_nav(html: str) -> str:
    found = re.search(r'<nav class="card-nav".*?</nav>', html, flags=re.S)
    return text_of(found.group()) if found else ""


def test_card_page_shows_the_card_its_article_and_its_perspective(client, seeds):
    card = a_card("the-mirror")

    response = client.get(card.get_absolute_url())

    text = text_of(response.content.decode())
    assert response.status_code == 200
    assert card.title in text
    assert "Meeting a twin soul, they say, holds a mirror up to the runner" in text
    assert "A runner's account" in text
    assert card.article.title in text


def test_card_page_links_to_the_previous_and_next_card_in_its_article(client, seeds):
    cards = list(Card.objects.filter(article__slug="why-the-runner-runs").order_by("position"))
    middle = cards[3]

    html = client.get(f"/cards/why-the-runner-runs/{middle.slug}/").content.decode()

    nav = card_nav(html)
    assert f"Previous {cards[2].title}" in nav
    assert f"Next {cards[4].title}" in nav
    assert f'rel="prev" href="{cards[2].get_absolute_url()}"' in html
    assert f'rel="next" href="{cards[4].get_absolute_url()}"' in html


def test_first_and_last_cards_have_only_the_link_that_exists(client, seeds):
    cards = list(Card.objects.filter(article__slug="why-the-runner-runs").order_by("position"))

    first = client.get(cards[0].get_absolute_url()).content.decode()
    last = client.get(cards[-1].get_absolute_url()).content.decode()

    assert 'rel="prev"' not in first and 'rel="next"' in first
    assert 'rel="prev"' in last and 'rel="next"' not in last


def test_neighbours_stay_within_the_article(client, seeds):
    last_of_first = Card.objects.filter(article__slug="both-of-you-are-running").order_by(
        "-position"
    )[0]

    html = client.get(last_of_first.get_absolute_url()).content.decode()

    assert 'rel="next"' not in html


def test_cards_with_the_same_position_still_each_have_neighbours(client):
    article = make_article()
    one, two, three = (make_card(article, title=t, position=1) for t in ("One", "Two", "Three"))

    html = client.get(two.get_absolute_url()).content.decode()

    assert card_nav(html) == "Previous One Next Three"


def test_card_page_has_canonical_and_open_graph_meta(client, seeds):
    card = a_card("the-mirror")
    url = f"http://testserver{card.get_absolute_url()}"

    html = client.get(card.get_absolute_url()).content.decode()

    head = html.split("</head>")[0]
    assert f'<link rel="canonical" href="{url}">' in head
    assert f'<meta property="og:url" content="{url}">' in head
    assert '<meta property="og:type" content="article">' in head
    assert '<meta property="og:title" content="The mirror">' in head
    assert '<meta property="og:description" content="Meeting a twin soul, they say,' in head
    assert "<title>The mirror · Stand Still</title>" in head


def test_card_page_offers_share_progressively(client, seeds):
    html = client.get(a_card().get_absolute_url()).content.decode()

    assert re.search(r"<button[^>]*data-share[^>]*hidden", html)
    assert 'role="status"' in html
    assert "/static/cards/share." in html
    assert "/static/cards/card-nav." in html


def test_unknown_card_or_article_is_a_404(client, seeds):
    assert client.get("/cards/why-the-runner-runs/no-such-card/").status_code == 404
    assert client.get("/cards/no-such-article/the-mirror/").status_code == 404
    assert client.get("/articles/no-such-article/").status_code == 404


# An article's page


def test_article_page_shows_its_cards_in_sequence_with_progress(client, seeds):
    article = Article.objects.get(slug="why-the-runner-runs")
    cards = list(article.cards.order_by("position"))

    html = client.get(article.get_absolute_url()).content.decode()

    assert card_titles(html) == [card.title for card in cards]
    text = text_of(html)
    assert article.summary in text
    assert f"1 of {len(cards)}" in text
    assert f"{len(cards)} cards · about" in text
    assert "data-reading-progress" in html
    assert html.count('class="card-actions"') == len(cards)


def test_article_page_labels_another_view(client, seeds):
    html = client.get("/articles/another-view-twin-flames-dont-run/").content.decode()

    assert "Another view" in text_of(html)
    assert '<link rel="canonical" href="http://testserver/articles/another-view' in html


def test_article_page_leaves_out_archived_cards(client):
    article = make_article()
    make_card(article, title="Here")
    make_card(article, title="Gone", archived_at=ARCHIVED)

    html = client.get(article.get_absolute_url()).content.decode()

    assert card_titles(html) == ["Here"]


# Draw a card


def test_draw_shows_a_live_card_with_a_permalink_to_keep(client):
    card = make_card(title="The only card")
    make_card(title="Archived one", archived_at=ARCHIVED)

    response = client.get("/draw/")

    html = response.content.decode()
    assert card_titles(html) == ["The only card"]
    assert f'href="{card.get_absolute_url()}"' in html
    assert "no-cache" in response["Cache-Control"]


def test_draw_another_never_repeats_the_card_just_shown(client):
    first, second = make_card(title="First"), make_card(title="Second")

    for _ in range(10):
        after_first = card_titles(client.get(f"/draw/?after={first.pk}").content.decode())
        after_second = card_titles(client.get(f"/draw/?after={second.pk}").content.decode())
        assert after_first == ["Second"]
        assert after_second == ["First"]


def test_draw_another_is_a_link_to_a_fresh_draw(client):
    card = make_card()

    html = client.get("/draw/").content.decode()

    assert f'href="/draw/?after={card.pk}"' in html
    assert f'hx-get="/draw/?after={card.pk}"' in html


def test_draw_with_a_single_card_shows_it_again_rather_than_nothing(client):
    card = make_card(title="Alone")

    html = client.get(f"/draw/?after={card.pk}").content.decode()

    assert card_titles(html) == ["Alone"]


@pytest.mark.parametrize("after", ["abc", "-1", "", "1" * 40, "١"])
def test_draw_ignores_a_bad_after_parameter(client, after):
    make_card(title="A card")

    response = client.get("/draw/", {"after": after})

    assert response.status_code == 200
    assert card_titles(response.content.decode()) == ["A card"]


def test_htmx_draw_answers_with_only_the_drawn_card(client):
    make_card(title="A card")

    html = client.get("/draw/", headers=HTMX).content.decode()

    assert html.lstrip().startswith('<div id="drawn"')
    assert "A new card: A card" in html


def test_a_draw_by_id_shows_that_card_for_the_devices_deck(client):
    make_card(title="Another")
    chosen = make_card(title="The chosen one")

    html = client.get(f"/draw/?card={chosen.pk}", headers=HTMX).content.decode()

    assert card_titles(html) == ["The chosen one"]
    assert f'data-card="{chosen.pk}"' in html
    assert "A new card: The chosen one" in html


@pytest.mark.parametrize("card", ["", "0", "-1", "x", "99999999", "1" * 30, "١"])
def test_a_draw_by_an_id_that_is_no_card_is_a_404(client, card):
    make_card()

    assert client.get("/draw/", {"card": card}).status_code == 404


def test_a_card_gone_from_the_feed_is_not_drawn_by_id(client):
    from django.utils import timezone

    gone = make_card(archived_at=timezone.now())

    assert client.get(f"/draw/?card={gone.pk}").status_code == 404


def test_the_draw_deck_lists_every_card_in_the_feed_and_no_other(client):
    from django.utils import timezone

    live = [make_card(), make_card()]
    make_card(archived_at=timezone.now())

    response = client.get("/draw/cards.json")

    assert response.status_code == 200
    assert response.json() == {"cards": sorted(card.pk for card in live)}
    assert "no-cache" in response["Cache-Control"]


def test_the_draw_page_loads_its_deck_script_and_names_the_deck(client):
    card = make_card()

    html = client.get("/draw/").content.decode()

    assert 'type="module" src="/static/cards/draw.' in html
    assert f'data-card="{card.pk}" data-deck="/draw/cards.json"' in html


def test_draw_with_no_cards_is_calm(client):
    response = client.get("/draw/")

    assert response.status_code == 200
    assert "no cards to draw yet" in text_of(response.content.decode())


# About, sitemap, robots


def test_about_names_each_source_article_and_says_reflection_not_therapy(client, seeds):
    text = text_of(client.get("/about/").content.decode())

    for article in Article.objects.all():
        assert article.title in text
    assert "for reflection" in text
    assert "not therapy" in text
    assert "Another view" in text
    assert "A runner's account" in text
    assert "A psychic's view" in text


def test_about_explains_the_cards_in_the_apps_own_voice(client, seeds):
    html = client.get("/about/").content.decode()
    text = text_of(html)

    assert "They carry the label From Stand Still and are written by us" in text
    assert 'href="/articles/for-hard-moments/"' in html
    assert "We never promise that anyone will come back." in text
    assert "repeated contact someone doesn't want is harassment" in text


def test_sitemap_lists_live_articles_and_cards_only(client):
    article = make_article(slug="live-article")
    live = make_card(article, slug="live-card")
    make_card(article, slug="archived-card", archived_at=ARCHIVED)

    response = client.get("/sitemap.xml")

    xml = response.content.decode()
    assert response.status_code == 200
    assert "http://testserver/articles/live-article/" in xml
    assert f"http://testserver{live.get_absolute_url()}" in xml
    assert "archived-card" not in xml
    assert "http://testserver/about/" in xml


def test_robots_txt_points_to_the_sitemap(client):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "User-agent: *" in body
    assert "Sitemap: http://testserver/sitemap.xml" in body
    assert "Disallow: /admin/" in body
    # Saved pages hold nothing personal for a crawler (it has no cookie), and search
    # results say noindex themselves when empty: crawlers may see both.
    assert "/saved/" not in body
    assert "/search/" not in body


# Every page: security headers, no inline code, a phone-sized first page


CARD_PAGES = [
    "/",
    "/?topic=healing",
    "/?page=2",
    "/search/",
    "/search/?q=mirror",
    "/search/?q=zzzz",
    "/draw/",
    "/about/",
    "/articles/why-the-runner-runs/",
    "/cards/a-runners-side-of-the-story/the-mirror/",
]


@pytest.mark.parametrize("url", CARD_PAGES)
def test_card_pages_carry_the_csp_and_no_inline_code(client, seeds, url):
    response = client.get(url)

    assert response.status_code == 200
    assert response["Content-Security-Policy"] == EXPECTED_CSP
    assert inline_code(response.content.decode()) == []


@pytest.mark.parametrize("url", CARD_PAGES)
def test_card_pages_answer_head_requests(client, seeds, url):
    assert client.head(url).status_code == 200


@pytest.mark.parametrize("url", ["/", "/search/?q=mirror", "/draw/"])
def test_card_pages_refuse_posts(client, seeds, url):
    assert client.post(url).status_code in (403, 405)


def test_feed_first_page_is_under_14_kb_compressed(client, seeds):
    html = client.get("/").content

    assert len(gzip.compress(html)) < 14 * 1024


def test_the_next_article_is_the_first_card_after_the_last_one_in_reading_order(client):
    # Two articles in the same place: their cards interleave in the reading order.
    first, second = (
        make_article(title="First", position=3),
        make_article(title="Second", position=3),
    )
    last = [make_card(first, position=p) for p in (0, 1)][-1]
    for p in (0, 1, 2):
        make_card(second, position=p)
    later = make_article(title="Later", position=4)
    make_card(later, position=0)

    html = client.get(last.get_absolute_url()).content.decode()
    # Not one of its own article's cards, and not the next article's by position: the
    # first card after it of another article (the second article's third card).
    assert "Next article: Second" in html

    ends = client.get(Card.objects.get(article=second, position=2).get_absolute_url())
    assert "Next article: Later" in ends.content.decode()
