"""`manage.py loadseeds`: checks everything first, upserts by slug, archives instead of deleting."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from apps.cards.models import Article, Card, CardTopic, Perspective, Topic
from apps.cards.seeds import MAX_WORDS, read_seeds

pytestmark = pytest.mark.django_db

SEEDS = settings.BASE_DIR / "seeds"
ORIGINALITY = settings.BASE_DIR.parent / "shared" / "tools" / "originality.py"


@pytest.fixture
def seeds(tmp_path) -> Path:
    """A private copy of seeds/ that a test may break."""
    folder = tmp_path / "seeds"
    shutil.copytree(SEEDS, folder)
    return folder


def load(folder: Path) -> str:
    from io import StringIO

    out = StringIO()
    call_command("loadseeds", "--seeds", str(folder), stdout=out)
    return out.getvalue()


def first_article(folder: Path) -> Path:
    return sorted(folder.glob("*.md"))[0]


def replace_in(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text()
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, count))


def test_the_real_seeds_hold_eight_articles_with_6_to_15_cards_each():
    checked = read_seeds(SEEDS)

    assert len(checked.articles) == 8
    assert all(6 <= len(article.cards) <= 15 for article in checked.articles)
    perspectives = {article.slug: article.perspective for article in checked.articles}
    assert set(perspectives.values()) == {
        "guide",
        "runner-account",
        "another-view",
        "psychic-view",
        "stand-still",
    }
    assert perspectives["phases-of-a-soul-mate-connection"] == "psychic-view"


def test_the_apps_own_articles_name_no_source_and_every_other_one_does(seeds):
    load(seeds)

    own = Article.objects.filter(slug__in=["for-hard-moments", "everyday-moments"])
    assert len(own) == 2
    for article in own:
        assert article.perspective == Perspective.STAND_STILL
        assert article.get_perspective_display() == "From Stand Still"
        assert (article.source_file, article.source_title) == ("", "")
    for article in Article.objects.exclude(pk__in=own):
        assert re.fullmatch(r"00\d_[0-9a-f]{16}\.txt", article.source_file), article.slug
        assert article.source_title, article.slug


def test_loading_creates_articles_cards_and_topics_with_rendered_html(seeds):
    output = load(seeds)

    assert "8 articles added" in output
    assert Article.objects.count() == 8
    assert Topic.objects.count() == 8
    card = Card.objects.select_related("article").first()
    assert card.body_html.startswith("<p>")
    assert card.reading_seconds > 0
    assert card.topics.exists()
    assert all(card.topics.exists() for card in Card.objects.all())


def test_a_second_load_changes_nothing_and_says_so(seeds, django_assert_max_num_queries):
    load(seeds)
    before = list(Card.objects.values_list("pk", "updated_at"))

    output = load(seeds)

    assert "Seeds unchanged" in output
    assert list(Card.objects.values_list("pk", "updated_at")) == before


def test_a_cards_topics_are_kept_in_the_order_the_seed_lists_them(seeds):
    load(seeds)
    card = Card.objects.get(title="Mostly below the surface")  # the first with this line
    assert _topic_order(card) == ["runner", "chaser", "healing"]
    replace_in(first_article(seeds), "topics: runner, chaser, healing", "topics: healing, runner")

    output = load(seeds)

    assert "1 cards updated" in output
    assert _topic_order(card) == ["healing", "runner"]
    assert "Seeds unchanged" in load(seeds)


def _topic_order(card: Card) -> list[str]:
    links = CardTopic.objects.filter(card=card).order_by("position")
    return list(links.values_list("topic__slug", flat=True))


def test_an_edited_card_is_updated_in_place(seeds):
    load(seeds)
    path = first_article(seeds)
    card = Card.objects.filter(article__position=1).order_by("position").first()
    first_word = card.body_markdown.split()[0]
    replace_in(path, "\n\n" + first_word, "\n\nGently, " + first_word.lower())

    output = load(seeds)

    assert "1 cards updated" in output
    card.refresh_from_db()
    assert card.body_html.startswith("<p>Gently,")


def test_markdown_is_sanitized(seeds):
    path = first_article(seeds)
    card = read_seeds(seeds).articles[0].cards[0]
    replace_in(
        path, card.body.split("\n")[0], card.body.split("\n")[0] + " <script>alert(1)</script>"
    )

    load(seeds)

    html = Card.objects.get(slug=card.slug).body_html
    assert "<script" not in html
    assert "&lt;script&gt;" in html


def test_a_card_removed_from_seeds_is_archived_and_stays_readable(seeds):
    load(seeds)
    path = first_article(seeds)
    gone = read_seeds(seeds).articles[0].cards[-1]
    text = path.read_text()
    path.write_text(text[: text.index(f"## {gone.title}")].rstrip() + "\n")

    output = load(seeds)

    assert "1 cards archived" in output
    card = Card.objects.get(slug=gone.slug)
    assert card.archived_at is not None
    assert card not in Card.objects.live()
    assert card.is_archived


def test_an_archived_card_that_comes_back_is_restored(seeds):
    load(seeds)
    path = first_article(seeds)
    original = path.read_text()
    gone = read_seeds(seeds).articles[0].cards[-1]
    path.write_text(original[: original.index(f"## {gone.title}")].rstrip() + "\n")
    load(seeds)

    path.write_text(original)
    load(seeds)

    assert Card.objects.get(slug=gone.slug).archived_at is None


def test_an_article_removed_from_seeds_is_archived_but_one_made_elsewhere_is_left_alone(seeds):
    from tests.factories import make_article, make_card

    load(seeds)
    feelings = (seeds / "feelings.yaml").read_text()
    removed = next(a for a in read_seeds(seeds).articles if f"{a.slug}/" not in feelings)
    path = next(f for f in seeds.glob("*.md") if f"slug: {removed.slug}\n" in f.read_text())
    mine = make_article(title="Written in the admin")
    make_card(mine, title="Still in the feed")
    path.unlink()

    output = load(seeds)

    assert "1 articles archived" in output
    assert Article.objects.get(slug=removed.slug).archived_at is not None
    assert Article.objects.get(pk=mine.pk).archived_at is None
    assert Card.objects.live().filter(title="Still in the feed").exists()


FIRST_CARD = "## A pattern worth naming\ntopics: runner, chaser\n\n"

# (what is wrong, text to replace in the first article, its replacement, line, message)
BAD_FILES = [
    ("bad front matter", "---\ntitle:", "title:", 1, "bad front matter"),
    ("missing key", "summary:", "summry:", 2, "bad front matter: missing summary"),
    ("bad perspective", "perspective: guide", "perspective: gospel", 5, "perspective must be"),
    ("unknown topic", FIRST_CARD, FIRST_CARD.replace("chaser", "astrology"), 12, "unknown topic"),
    ("over-long card", FIRST_CARD, FIRST_CARD + "word " * MAX_WORDS, 11, "is over-long"),
    ("empty card", FIRST_CARD, "## Empty\ntopics: runner\n\n" + FIRST_CARD, 11, "is empty"),
    (
        "no topics line",
        FIRST_CARD,
        FIRST_CARD.replace("topics: runner, chaser\n", ""),
        12,
        "topics:",
    ),
    (
        "a promise of return",
        FIRST_CARD,
        FIRST_CARD + "They will come back to you when the time is right. ",
        11,
        "card 'A pattern worth naming' speaks of a return, destiny or signs without saying "
        "whose belief it is (see seeds/README.md): 'They will come back to you when the time",
    ),
    (
        "signs stated as fact in a summary",
        "summary: Why, in this view, the runner",
        "summary: Signs explain why the runner",
        4,
        "the summary speaks of a return",
    ),
    (
        "a check-in card that speaks of a return, even attributed",
        FIRST_CARD,
        FIRST_CARD.replace("\n\n", "\ncheck-in: yes\n\nThe writer believes they come back. "),
        11,
        "ends breathing sessions, so it may not speak of a return: "
        "'The writer believes they come back.'",
    ),
    (
        "a card title that reads as a forecast",
        "## A pattern worth naming\n",
        "## Together again, in this view\n",
        11,
        "the card title 'Together again, in this view': a heading is read alone, "
        "so it may not speak of a return, even attributed",
    ),
    (
        "an article title that states a belief",
        "title: Both of you are running",
        "title: Your souls are running",
        2,
        "the article's title 'Your souls are running': it names a belief without saying whose",
    ),
    (
        "a check-in line that is not yes",
        FIRST_CARD,
        FIRST_CARD.replace("\n\n", "\ncheck-in: maybe\n\n"),
        13,
        "a check-in line says 'check-in: yes'",
    ),
    (
        "the app's own voice naming a source",
        "perspective: guide",
        "perspective: stand-still",
        2,
        "unknown key source_file, source_title (an article in the app's own voice has no source)",
    ),
    (
        "a retold article without its source",
        "source_file: 000_1693cbbd52086190.txt\n",
        "",
        2,
        "bad front matter: missing source_file",
    ),
]


@pytest.mark.parametrize(
    ("old", "new", "line", "problem"), [b[1:] for b in BAD_FILES], ids=[b[0] for b in BAD_FILES]
)
def test_a_bad_file_stops_the_load_before_anything_is_written(seeds, old, new, line, problem):
    path = first_article(seeds)
    replace_in(path, old, new)

    with pytest.raises(CommandError) as error:
        load(seeds)

    message = str(error.value)
    assert message.startswith(f"Nothing loaded. {path.name}, line {line}: ")
    assert problem in message
    assert Article.objects.count() == 0
    assert Card.objects.count() == 0


def test_a_card_in_the_apps_own_voice_that_points_to_help_is_kept_short(seeds):
    path = seeds / "07-for-hard-moments.md"
    replace_in(path, "Then turn the care toward yourself:", "Then, " + "slowly, " * 10 + "turn:")

    with pytest.raises(CommandError) as error:
        load(seeds)

    assert "card 'They blocked me. What now?' points to help or the timer" in str(error.value)
    assert "(at most 80, the action first)" in str(error.value)


def test_a_retold_card_that_points_to_help_may_use_the_full_length(seeds):
    path = first_article(seeds)
    replace_in(
        path, "Some turn to drinking or drugs.", "Some turn to drinking or drugs. " + "Yes. " * 20
    )

    load(seeds)

    card = Card.objects.get(slug="what-running-can-look-like")
    assert card.word_count > 80 and '<a href="/help/">' in card.body_html


def test_a_topic_description_that_states_a_belief_is_refused(seeds):
    replace_in(
        seeds / "topics.yaml",
        "What some people read as messages,",
        "Messages from the universe,",
    )

    with pytest.raises(CommandError) as error:
        load(seeds)

    assert "topics.yaml, line 1: topic 'signs' speaks of a return" in str(error.value)
    assert Topic.objects.count() == 0


def test_check_in_cards_are_loaded_and_unmarked_cards_are_not(seeds):
    load(seeds)

    marked = {card.title for card in Card.objects.filter(check_in=True)}
    assert "When to talk to someone" in marked
    assert "Focus on you" in marked
    assert "What if they never come back?" not in marked

    # Taking the line away takes the card out of the check-in; the card stays.
    replace_in(
        first_article(seeds),
        "topics: self-love, healing\ncheck-in: yes\n",
        "topics: self-love, healing\n",
    )
    output = load(seeds)

    assert "1 cards updated" in output
    assert not Card.objects.get(slug="focus-on-you").check_in


def test_a_bad_file_leaves_earlier_content_untouched(seeds):
    load(seeds)
    before = Card.objects.count()
    replace_in(first_article(seeds), "topics: runner, chaser", "topics: astrology")

    with pytest.raises(CommandError):
        load(seeds)

    assert Card.objects.count() == before
    assert Card.objects.live().count() == before


def test_a_duplicate_article_slug_names_both_files(seeds):
    first, second = sorted(seeds.glob("*.md"))[:2]
    slug = read_seeds(seeds).articles[0].slug
    second_slug = read_seeds(seeds).articles[1].slug
    replace_in(second, f"slug: {second_slug}", f"slug: {slug}")

    with pytest.raises(CommandError) as error:
        load(seeds)

    assert f"{second.name}, line 3: duplicate slug '{slug}' (also in {first.name})" in str(
        error.value
    )


def test_a_duplicate_card_title_is_refused(seeds):
    path = first_article(seeds)
    replace_in(path, "## Mostly below the surface", "## A pattern worth naming")

    with pytest.raises(CommandError) as error:
        load(seeds)

    assert "duplicate card title 'A pattern worth naming'" in str(error.value)


@pytest.mark.skipif(
    not ORIGINALITY.exists(), reason="../shared (with the originality tool) is absent"
)
def test_seeds_share_no_run_of_eight_words_with_a_source():
    result = subprocess.run(
        [sys.executable, str(ORIGINALITY), str(SEEDS)], capture_output=True, text=True, timeout=120
    )

    assert result.stdout == ""
    assert result.returncode == 0
