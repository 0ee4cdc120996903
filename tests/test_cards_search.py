"""Search: finds the right cards, highlights them safely, and no input can break it."""

import random
import re
from datetime import UTC, datetime

import pytest
import yaml
from django.conf import settings
from django.db import connection

from apps.cards.models import Card
from apps.cards.search import (
    MAX_QUERY,
    RANKED,
    clean_query,
    excerpt,
    find_cards,
    fts5_query,
    highlight,
    search_cards,
    search_terms,
    synonyms,
    tsquery,
)
from tests.cards_helpers import EVERYDAY_SEARCHES, HTMX, card_titles, text_of
from tests.factories import make_article, make_card, make_cards

pytestmark = pytest.mark.django_db

sqlite_only = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="checks the SQLite FTS5 index"
)
postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="checks the PostgreSQL full-text index"
)


def titles_for(client, query: str, **params) -> list[str]:
    response = client.get("/search/", {"q": query, **params})
    assert response.status_code == 200
    return card_titles(response.content.decode())


# Finding the expected cards


def test_search_finds_a_card_by_a_word_in_its_title_first(client, seeds):
    titles = titles_for(client, "mirror")

    assert titles[0] == "The mirror"
    assert "What the writer believes about mirrors" in titles


def test_search_finds_words_in_the_body(client, seeds):
    titles = titles_for(client, "codependency")

    assert "The mirror" in titles


def test_every_word_must_match(client, seeds):
    both = titles_for(client, "mirror runner")
    mirror_only = titles_for(client, "mirror")

    assert both and set(both) <= set(mirror_only)
    for title in both:
        card = Card.objects.get(title=title)
        text = (card.title + " " + card.body_markdown).lower()
        assert "mirror" in text and "runner" in text


def test_only_searches_that_find_cards_may_be_indexed(client, seeds):
    noindex = '<meta name="robots" content="noindex">'

    assert noindex not in client.get("/search/", {"q": "mirror"}).content.decode()
    assert noindex in client.get("/search/", {"q": "mirror casino"}).content.decode()
    assert noindex in client.get("/search/").content.decode()


def test_the_last_word_matches_as_a_prefix_while_typing(client, seeds):
    assert titles_for(client, "mirr")[0] == "The mirror"
    assert titles_for(client, "codepen") == titles_for(client, "codependency")


@sqlite_only  # PostgreSQL's "simple" configuration keeps accents
def test_case_and_accents_do_not_matter(client):
    make_card(title="Café at dawn")

    assert titles_for(client, "CAFE") == ["Café at dawn"]
    assert titles_for(client, "café") == ["Café at dawn"]


def test_results_highlight_the_matching_words(client, seeds):
    html = client.get("/search/", {"q": "mirror"}).content.decode()

    assert "The <mark>mirror</mark>" in html
    assert "holds a <mark>mirror</mark> up to the runner" in html


def test_archived_cards_are_not_found(client):
    article = make_article()
    make_card(article, title="Live echo")
    make_card(article, title="Archived echo", archived_at=datetime(2026, 1, 1, tzinfo=UTC))
    gone = make_article(archived_at=datetime(2026, 1, 1, tzinfo=UTC))
    make_card(gone, title="Echo of a gone article")

    assert titles_for(client, "echo") == ["Live echo"]


def test_nothing_matching_is_a_calm_empty_state(client, seeds):
    response = client.get("/search/", {"q": "zzzz"})

    assert response.status_code == 200
    assert "Nothing matches “zzzz”. Try a shorter word, or browse by topic." in text_of(
        response.content.decode()
    )


@pytest.mark.parametrize("query", ["", "   ", "?q"])
def test_an_empty_search_invites_a_word_without_querying(client, query, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/search/", {"q": query} if query != "?q" else {})

    assert response.status_code == 200
    text = text_of(response.content.decode())
    assert "Search the titles and words of every card." in text
    assert "Nothing matches" not in text


# Anything a person can type


NASTY = [
    '"',
    "'",
    '"mirror',
    'mirror"',
    '""',
    "AND",
    "OR",
    "NOT",
    "mirror OR",
    "mirror AND NOT",
    "NEAR(mirror runner)",
    "NEAR/2",
    "*",
    "mirr*",
    "-mirror",
    "+mirror",
    "^mirror",
    "title:mirror",
    "body_markdown : x",
    "{title body}: mirror",
    "(",
    ")",
    "((mirror)",
    "\\",
    "%",
    "_",
    "%_%",
    "' OR 1=1 --",
    "'; DROP TABLE cards_card; --",
    "mirror\x00runner",
    "\x00",
    "🙂",
    "🙂 mirror",
    "<script>alert(1)</script>",
    "&amp; &lt;",
    "日本語",
    "e\u0301",
    "mirror & runner | !x <-> y:*",
    "a" * 5000,
    "mirror " * 200,
]


@pytest.mark.parametrize("query", NASTY)
def test_quotes_operators_and_symbols_never_break_search(client, seeds, query):
    for headers in ({}, HTMX):
        response = client.get("/search/", {"q": query}, headers=headers)
        assert response.status_code == 200


def test_random_input_never_breaks_search(seeds):
    alphabet = "abcmirorunne\"'*^:()-+{}[]<>&|!~%_\\/., \t\nANDORNOT日é🙂\x00"
    rng = random.Random(1234)
    for _ in range(300):
        query = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 40)))
        search_cards(search_terms(clean_query(query)), 1)


def test_the_query_is_capped_at_100_characters(client, seeds):
    html = client.get("/search/", {"q": "mirror " + "x" * 500}).content.decode()

    value = re.search(r'<input id="q"[^>]*value="([^"]*)"', html).group(1)
    assert len(value) == MAX_QUERY
    assert 'maxlength="100"' in html


def test_the_search_box_escapes_what_was_typed(client, seeds):
    html = client.get("/search/", {"q": '"><script>alert(1)</script>'}).content.decode()

    assert "<script>alert(1)</script>" not in html
    assert "&quot;&gt;&lt;script&gt;" in html


def test_highlighting_escapes_the_card_text_before_marking(client):
    make_card(title="Fish & <b>chips</b>")

    html = client.get("/search/", {"q": "chips"}).content.decode()

    assert "Fish &amp; &lt;b&gt;<mark>chips</mark>&lt;/b&gt;" in html


# Paging through results


def test_results_come_in_pages_of_twelve_with_more(client):
    make_cards(30)

    first = client.get("/search/", {"q": "runner"}).content.decode()
    third = client.get("/search/", {"q": "runner", "page": 3}).content.decode()

    assert len(card_titles(first)) == 12
    assert 'href="?q=runner&amp;page=2"' in first
    assert 'hx-trigger="revealed"' in first
    assert len(card_titles(third)) == 6
    assert "More matches" not in third
    assert client.get("/search/", {"q": "runner", "page": 4}).status_code == 404


@pytest.mark.parametrize("number", ["abc", "0", "9999"])
def test_a_bad_results_page_is_a_404(client, seeds, number):
    assert client.get("/search/", {"q": "mirror", "page": number}).status_code == 404


def test_htmx_search_answers_with_the_results_and_a_status_for_screen_readers(client, seeds):
    html = client.get("/search/", {"q": "mirror"}, headers=HTMX).content.decode()

    assert "<html" not in html
    assert '<input id="q"' not in html
    assert 'id="search-status" hx-swap-oob="innerHTML"' in html
    assert "cards match “mirror”" in text_of(html)
    assert card_titles(html)[0] == "The mirror"


def test_htmx_next_results_page_is_only_the_next_results(client):
    make_cards(30)

    html = client.get("/search/", {"q": "runner", "page": 2}, headers=HTMX).content.decode()

    assert len(card_titles(html)) == 12
    assert "search-status" not in html
    assert html.lstrip().startswith('<article class="card result')


def test_search_form_searches_as_you_type_and_works_without_javascript(client):
    html = client.get("/search/").content.decode()

    form = re.search(r"<form class=\"search-form\".*?</form>", html, flags=re.S).group()
    assert 'action="/search/" method="get"' in form
    assert 'hx-trigger="input changed delay:300ms, search"' in form
    assert 'hx-replace-url="true"' in form
    assert 'name="q"' in form


# The query language never sees the reader's text


def test_search_terms_keep_only_letters_and_digits():
    assert search_terms('"letting" go* OR (NEAR) -x title:y') == [
        "letting",
        "go",
        "OR",
        "NEAR",
        "x",
        "title",
        "y",
    ]
    assert search_terms("!!! *** ___") == []


def test_each_word_is_quoted_and_the_last_is_a_prefix():
    assert fts5_query(["letting", "goi"]) == '"letting" AND "goi"*'
    assert tsquery(["letting", "goi"]) == "'letting' & 'goi':*"


def test_a_last_word_of_one_or_two_letters_is_matched_whole():
    assert fts5_query(["letting", "go"]) == '"letting" AND "go"'
    assert tsquery(["letting", "go"]) == "'letting' & 'go'"


def test_highlight_marks_whole_words_and_the_last_as_a_prefix():
    marked = highlight("Letting go, lettings and goodness", ["letting", "goo"])

    assert marked == "<mark>Letting</mark> go, lettings and <mark>goodness</mark>"


def test_highlight_marks_a_short_last_word_only_whole():
    marked = highlight("They blocked me, and we never met", ["blocked", "me"])

    assert marked == "They <mark>blocked</mark> <mark>me</mark>, and we never met"


def test_excerpt_shows_the_words_around_the_first_match():
    text = " ".join(f"w{i}" for i in range(100)) + " mirror " + " ".join("z" * 5 for _ in range(50))

    shown = excerpt(text, ["mirror"])

    assert shown.startswith("… w90 ")
    assert "<mark>mirror</mark>" in shown
    assert shown.endswith(" …")


# The index stays in step with the cards, and stays fast


@sqlite_only
def test_search_index_is_kept_in_sync_by_the_database(client):
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name")
        triggers = [row[0] for row in cursor.fetchall()]
    # English's (migration 0006, made again by 0010), then each language's (0011).
    assert set(triggers) == {
        f"cards_card_fts{language}_{change}"
        for language in ("", "_de", "_es")
        for change in ("delete", "insert", "update")
    }

    card = make_card(title="Lantern")
    assert titles_for(client, "lantern") == ["Lantern"]

    card.title = "Candle"
    card.save()
    assert titles_for(client, "lantern") == []
    assert titles_for(client, "candle") == ["Candle"]

    card.delete()
    assert titles_for(client, "candle") == []


def test_bulk_created_cards_are_searchable(client):
    make_cards(3)

    assert len(titles_for(client, "runner")) == 3


@sqlite_only
def test_search_reads_the_fts5_index_not_every_card():
    with connection.cursor() as cursor:
        from apps.cards.search import _SQLITE_SEARCH

        params = ['"mirror"*', '"mirror"*', "mirror", 13, 0]
        cursor.execute("EXPLAIN QUERY PLAN " + _SQLITE_SEARCH, params)
        plan = " | ".join(row[-1] for row in cursor.fetchall())

    assert "VIRTUAL TABLE INDEX" in plan
    assert "SEARCH card USING INTEGER PRIMARY KEY" in plan


def test_search_at_ten_thousand_cards_finds_rare_and_common_words(seeds):
    """Correct at scale; how fast it is, is measured by bench/ (not timed in tests)."""
    make_cards(10_000)  # every one of them mentions the runner: the worst case
    make_card(title="Needle in the haystack")

    common = find_cards(["runner"], 1)
    rare = search_cards(["needl"], 1)
    last_page = search_cards(["runner"], RANKED // 12)

    assert len(common.page.items) == 12 and common.page.has_next
    assert common.total == RANKED and common.at_least
    assert [card.title for card in rare.items] == ["Needle in the haystack"]
    # Only the best RANKED are paged: the last of their pages has no next.
    assert len(last_page.items) == 12 and not last_page.has_next


@postgres_only
def test_postgres_search_uses_the_gin_index():
    from apps.cards.search import _POSTGRES_SEARCH

    make_cards(2000)
    make_card(title="Lantern")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE cards_card")
        cursor.execute("ANALYZE cards_article")
        params = ["'lantern':*", "'lantern':*", "lantern", 13, 0]
        cursor.execute("EXPLAIN " + _POSTGRES_SEARCH, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())

    assert "cards_card_search" in plan
    assert [card.title for card in search_cards(["lant"], 1).items] == ["Lantern"]


# Everyday words: stemming, synonyms, and the cards with most of the words


@pytest.mark.parametrize(("query", "title"), EVERYDAY_SEARCHES)
def test_everyday_words_find_the_cards_about_them(client, seeds, query, title):
    assert title in titles_for(client, query)[:6]


def test_a_word_finds_its_other_endings(client):
    make_card(title="Quiet", body_markdown="She kept running from every hard talk.")

    assert titles_for(client, "runs") == ["Quiet"]
    assert titles_for(client, "run") == ["Quiet"]


def test_a_word_finds_its_synonyms_from_the_seeds_file(client):
    make_card(title="Quiet", body_markdown="The longing comes back at night.")

    assert titles_for(client, "miss") == ["Quiet"]
    assert "miss" in synonyms() and "longing" in synonyms()["miss"]


def test_the_synonyms_file_is_plain_words_an_editor_can_extend():
    raw = yaml.safe_load((settings.BASE_DIR / "seeds" / "synonyms.yaml").read_text())

    assert raw and len(synonyms()) == len(raw)  # no line left out for being malformed
    for word, others in raw.items():
        assert word == word.lower() and word.isalpha()
        assert 1 <= len(others) <= 3 and all(other.isalpha() for other in others)


def test_when_no_card_has_every_word_those_with_some_come_and_the_page_says_so(client):
    make_card(title="Both words", body_markdown="The mirror and the lantern.")
    make_card(title="One word", body_markdown="Only a lantern here.")

    response = client.get("/search/", {"q": "mirror lantern zebra"})
    text = text_of(response.content.decode())

    assert card_titles(response.content.decode()) == ["Both words", "One word"]
    said = "No card has all of your words. 2 cards have some of them."
    assert said in text
    assert '<meta name="robots" content="noindex">' in response.content.decode()


def test_the_number_of_results_is_visible(client):
    for n in range(14):
        make_card(title=f"Lantern {n}")

    text = text_of(client.get("/search/", {"q": "lantern"}).content.decode())

    assert "14 cards" in text
    assert "14 cards match “lantern”." in text


def test_quotes_in_a_query_are_not_doubled_in_the_echo(client):
    make_card(title="Lantern")

    html = client.get("/search/", {"q": '"lantern"'}).content.decode()

    assert "“lantern”" in html
    assert "“&quot;lantern&quot;”" not in html and '“"lantern"”' not in html


def test_the_synonyms_file_is_part_of_the_deploy_version():
    """Search pages are kept, and the synonyms are read once per process: like a
    template, a changed file must retire the kept pages in the next process."""
    from apps.cards import search
    from apps.core import pagecache

    assert search.SYNONYMS_FILE in pagecache._deploy_files


def test_a_word_on_more_cards_than_are_ranked_says_how_many_at_least(client):
    make_cards(RANKED + 5)  # each mentions the runner
    page = text_of(client.get("/search/?q=runner").content.decode())
    assert f"{RANKED} cards or more" in page
