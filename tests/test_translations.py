"""The cards in Spanish and German (apps/cards/translations.py, models.InLanguages):
one card in every language, its words shown in the reader's language or, not yet
translated, in English with a label; seeds/es/ and seeds/de/ checked and loaded."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.utils import translation

from apps.cards import seeds as seed_files
from apps.cards import translations
from apps.cards.models import Article, Card
from apps.cards.text import render_markdown
from tests.bookmarks_helpers import reader_client, save
from tests.factories import make_article, make_card

pytestmark = pytest.mark.django_db

SEEDS = Path(settings.BASE_DIR) / "seeds"
BLOCKED_ES = {
    "title": "Me bloqueó. ¿Y ahora qué?",
    "body_markdown": "Un bloqueo es una respuesta.",
    "body_html": render_markdown("Un bloqueo es una respuesta."),
    "word_count": 5,
    "reading_seconds": 2,
}


def blocked_card() -> Card:
    article = make_article(texts={"es": {"title": "Para momentos difíciles", "summary": "…"}})
    return make_card(article, title="They blocked me. What now?", texts={"es": BLOCKED_ES})


def test_a_card_shows_its_words_in_the_readers_language():
    card = blocked_card()
    with translation.override("es"):
        shown = Card.objects.select_related("article").get(pk=card.pk)
    assert shown.title == "Me bloqueó. ¿Y ahora qué?"
    assert (
        shown.body_html == BLOCKED_ES["body_html"]
        and shown.plain_text == "Un bloqueo es una respuesta."
    )
    assert shown.article.title == "Para momentos difíciles"
    assert shown.shown_in == "es" and not shown.untranslated
    assert Card.objects.get(pk=card.pk).title == "They blocked me. What now?"


def test_a_card_not_yet_translated_keeps_english_and_says_so():
    card = blocked_card()
    with translation.override("de"):
        shown = Card.objects.get(pk=card.pk)
    page = Client().get("/de" + card.get_absolute_url()).content.decode()
    assert shown.title == "They blocked me. What now?" and shown.untranslated
    with translation.override("de"):
        label = translation.gettext("Not yet translated: in English for now.")
    assert label != "Not yet translated: in English for now."  # said in German
    assert 'lang="en"' in page and label in page


def test_a_card_shown_in_another_language_is_never_saved_over_the_english():
    card = blocked_card()
    with translation.override("es"):
        shown = Card.objects.get(pk=card.pk)
        with pytest.raises(ValueError, match="not saved"):
            shown.save()
    assert Card.objects.get(pk=card.pk).title == "They blocked me. What now?"


def test_the_card_page_and_a_saved_card_follow_the_reader_into_their_language():
    card = blocked_card()
    client = reader_client()
    save(client, card)
    page = client.get("/es" + card.get_absolute_url()).content.decode()  # English: /cards/…
    saved = client.get("/es/saved/").content.decode()
    assert "Me bloqueó. ¿Y ahora qué?" in page and "Not yet translated" not in page
    assert "Me bloqueó. ¿Y ahora qué?" in saved
    english = client.get("/saved/").content.decode()
    assert "They blocked me. What now?" in english and "Me bloqueó" not in english


def test_a_page_in_one_language_is_never_served_in_another(settings):
    settings.PAGE_CACHE_HEADER = True
    url = blocked_card().get_absolute_url()
    spanish = Client().get("/es" + url)
    english = Client().get(url)
    again = Client().get("/es" + url)
    assert [spanish["X-Page-Cache"], english["X-Page-Cache"], again["X-Page-Cache"]] == [
        "miss",
        "miss",
        "hit",
    ]
    assert "Me bloqueó" in again.content.decode() and 'lang="es"' in again.content.decode()
    assert "Me bloqueó" not in english.content.decode()


# seeds/es/ and seeds/de/


def test_every_card_is_in_every_language():
    english = seed_files.read_seeds(SEEDS)
    found = translations.read_translations(SEEDS, english)
    assert found.left_out == []
    for language in translations.languages():
        translated = {
            (article.slug, card.slug)
            for article in found.articles
            if article.language == language
            for card in article.cards
        }
        missing = [
            f"{article.slug}/{card.slug}"
            for article in english.articles
            for card in article.cards
            if (article.slug, card.slug) not in translated
        ]
        assert missing == [], f"not in {language}: {missing}"


def test_loadseeds_loads_every_language_and_a_second_run_changes_nothing(capsys):
    call_command("loadseeds")
    call_command("loadseeds")
    assert "(0 cards and 0 articles changed)" in capsys.readouterr().out
    card = Card.objects.get(slug="they-blocked-me-what-now")
    assert set(card.texts) == {"es", "de"}
    assert all(Article.objects.filter(from_seeds=True).values_list("texts", flat=True))


def write(folder: Path, language: str, text: str) -> Path:
    (folder / language).mkdir(parents=True, exist_ok=True)
    path = folder / language / "07-for-hard-moments.md"
    path.write_text(text, encoding="utf-8")
    return path


BODY_ES = " ".join(["Deja el teléfono lejos y respira despacio."] * 6)
FRONT = "---\narticle: for-hard-moments\ntitle: X\nsummary: Y\n---\n\n"


@pytest.mark.parametrize(
    "text, said",
    [
        ("no front matter\n", "front matter"),
        (
            f"{FRONT}## A\n\n{BODY_ES}\n",
            "card: <English address>",
        ),
        (
            FRONT + "## Me bloqueó\ncard: they-blocked-me-what-now\n\nDemasiado corto.\n",
            "has 2 words",
        ),
        (
            FRONT + "## Cuando vuelva\ncard: they-blocked-me-what-now\n\n" + BODY_ES + "\n",
            "may not speak of a return",
        ),
        (
            FRONT
            + "## Me bloqueó\ncard: they-blocked-me-what-now\n\n"
            + BODY_ES
            + " Es tu destino.\n",
            "a belief without saying whose it is",
        ),
    ],
)
def test_a_translation_that_breaks_a_rule_is_refused_with_its_file_and_line(tmp_path, text, said):
    for name in ("topics.yaml", "07-for-hard-moments.md"):
        (tmp_path / name).write_text((SEEDS / name).read_text(encoding="utf-8"), encoding="utf-8")
    write(tmp_path, "es", text)
    english = seed_files.read_seeds(tmp_path)
    with pytest.raises(seed_files.SeedError, match=said) as refused:
        translations.read_translations(tmp_path, english)
    assert refused.value.path.name == "07-for-hard-moments.md"


# Search in the reader's language


def titles_found(query: str, language: str) -> list[str]:
    from apps.cards.search import find_cards, search_terms

    with translation.override(language):
        return [card.title for card in find_cards(search_terms(query), 1).page.items]


@pytest.mark.parametrize("query", ["bloqueó", "bloquear", "me bloqueó", "bloqueo", "BLOQUEO"])
def test_spanish_words_find_the_blocked_card_in_spanish(seeds, query):
    assert "Me bloqueó. ¿Y ahora qué?" in titles_found(query, "es")[:3]


@pytest.mark.parametrize("query", ["blockiert", "Blockade", "blockieren"])
def test_german_words_find_the_blocked_card_in_german(seeds, query):
    assert "Ich wurde blockiert. Was jetzt?" in titles_found(query, "de")[:3]


def test_schreiben_finds_the_cards_about_texting(seeds):
    found = titles_found("schreiben", "de")
    assert "Ich will jetzt sofort schreiben" in found
    assert "Ich habe trotzdem geschrieben" in found


def test_a_search_in_spanish_is_one_query_and_highlights_every_form(
    client, seeds, django_assert_num_queries
):
    with django_assert_num_queries(1):
        page = client.get("/es/search/?q=bloquear").content.decode()
    assert "<mark>bloqueó</mark>" in page.lower() or "<mark>bloqueo</mark>" in page.lower()


def test_the_same_words_in_english_search_the_english_cards(seeds):
    assert titles_found("bloqueó", "en") == []
    assert "They blocked me. What now?" in titles_found("blocked", "en")[:3]


def test_a_translation_whose_english_has_gone_is_left_out_and_named(tmp_path):
    for name in ("topics.yaml", "07-for-hard-moments.md"):
        (tmp_path / name).write_text((SEEDS / name).read_text(encoding="utf-8"), encoding="utf-8")
    write(tmp_path, "es", f"{FRONT}## A\ncard: nope\n\n{BODY_ES}\n")
    (tmp_path / "de").mkdir()
    (tmp_path / "de" / "01-gone.md").write_text(
        "---\narticle: gone\ntitle: X\nsummary: Y\n---\n\n## A\ncard: x\n\nBody\n",
        encoding="utf-8",
    )
    found = translations.read_translations(tmp_path, seed_files.read_seeds(tmp_path))
    assert found.left_out == [
        "es/07-for-hard-moments.md: for-hard-moments/nope",
        "de/01-gone.md: gone",
    ]
    assert [article.cards for article in found.articles] == [[]]


def test_the_feelings_and_topics_speak_the_readers_language(client, seeds):
    feeling = client.get("/es/reach-out/feeling/").content.decode()
    assert "Soledad" in feeling and "Esperando una respuesta" in feeling
    assert "Lonely" not in feeling
    feed = client.get("/de/").content.decode()
    assert "Wer flieht" in feed and "The runner" not in feed
