"""The reach-out path as the server sends it: every step with and without htmx, the
no-JavaScript choices in the URL, the feelings file, the ways in and the worker."""

import re
from pathlib import Path

import pytest
import yaml
from django.core.cache import cache
from django.core.management import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.cards.models import Card
from apps.pwa.offline import worker_context
from apps.reachout.models import CheckInCard, Feeling, FeelingCard
from tests import test_loadseeds
from tests.cards_helpers import HTMX, insert_real_seeds, text_of
from tests.helpers import inline_code
from tests.test_loadseeds import load

pytestmark = pytest.mark.django_db

STEPS = [
    ("/reach-out/", "Stand still"),
    ("/reach-out/feeling/", "What are you feeling?"),
    ("/reach-out/card/", "A card for it"),
    ("/reach-out/write/", "Write it here instead"),
    ("/reach-out/wait/", "Wait the wave"),
    ("/reach-out/check-in/", "Check in"),
]


@pytest.fixture
def seeded(real_seeds):
    """The real content, feelings included (this module's `seeds` is a folder to break)."""
    insert_real_seeds(real_seeds)


def h1(html: str) -> str:
    return text_of(re.search(r"<h1[^>]*>(.*?)</h1>", html, flags=re.S).group(1))


@pytest.mark.parametrize(("url", "heading"), STEPS)
def test_each_step_is_a_whole_page_with_its_place_on_the_path(client, seeded, url, heading):
    response = client.get(url)
    html = response.content.decode()
    number = [u for u, _ in STEPS].index(url) + 1

    assert response.status_code == 200
    assert h1(html) == heading
    assert f"Step {number} of 6" in text_of(html)
    nav = html.split('class="path-nav"', 1)[1].split("</nav>", 1)[0]
    assert ">Back</a>" in nav
    # Help opens over the step (help-sheet.js); without JavaScript it is a plain link.
    assert 'href="/help/" data-help>Need help now?</a>' in nav
    assert (">Skip this step</a>" in nav) == (number < 6)
    assert inline_code(html) == []
    assert "{#" not in html and "#}" not in html  # no template comment shows
    assert "<template data-help-sheet>" in html  # help opens over the step


@pytest.mark.parametrize(("url", "heading"), STEPS[1:] + [("/reach-out/not-sent/", "Not sent")])
def test_htmx_gets_the_steps_own_partial(client, seeded, url, heading):
    response = client.get(url, headers=HTMX)
    html = response.content.decode()

    assert response.status_code == 200
    assert "<html" not in html and 'class="path-nav"' not in html
    assert h1(html) == heading
    assert "HX-Request" in response["Vary"]


def test_step_one_is_the_timer_itself_for_one_minute_going_on_to_the_feeling(client, seeded):
    html = client.get("/reach-out/").content.decode()

    assert "data-timer" in html and "timer/timer" in html  # the timer's own page and script
    assert 'data-minutes="1"' in html
    assert 'data-next="/reach-out/feeling/"' in html
    # Without JavaScript: the breathing guide and the way on.
    assert "Breathe in through your nose for a count of 4" in text_of(html)
    assert 'href="/reach-out/feeling/">Skip this step</a>' in html
    # It goes on to the feeling, never to an end screen's card: it carries none.
    assert "<template data-card>" not in html
    assert "<template data-card>" in client.get("/stand-still/").content.decode()


def test_i_want_to_reach_out_is_the_first_thing_on_the_stand_still_page(client, seeded):
    html = client.get("/stand-still/").content.decode()
    body = html.split('<header class="top">', 1)[1]

    links = re.findall(r"<a [^>]*>(.*?)</a>", body, flags=re.S)
    assert text_of(links[0]) == "Stand Still"
    # Next after the brand, before everything else, in the same words at every width.
    assert links[1] == "I want to reach out"
    assert '<a class="reach-out-link" href="/reach-out/">I want to reach out</a>' in body
    assert "Reach out" not in text_of(body.split("</header>", 1)[0])
    assert "data-next" not in html  # the plain timer does not go anywhere when it ends


def test_the_timers_end_check_in_links_to_the_path(client, seeded):
    html = client.get("/stand-still/").content.decode()
    checkin = html.split('class="checkin"', 1)[1].split("</section>", 1)[0]

    link = '<a class="button" href="/reach-out/">Take the steps for when you want to reach out</a>'
    assert link in checkin


def test_the_feeling_step_lists_every_feeling_with_its_nuances_as_get_forms(client, seeded):
    html = client.get("/reach-out/feeling/").content.decode()

    names = re.findall(r"<summary>(.*?)</summary>", html)
    assert names == [f.name for f in Feeling.objects.all()]
    assert len(names) == 8
    forms = re.findall(r'<form method="get" action="/reach-out/card/"', html)
    assert len(forms) == 8
    lonely = html.split("<summary>Lonely</summary>", 1)[1].split("</form>", 1)[0]
    assert 'name="feeling" value="lonely"' in lonely
    assert re.findall(r'name="nuance" value="([^"]+)">', lonely) == [
        "left-out",
        "unseen",
        "alone-tonight",
    ]
    assert "Just lonely" in text_of(lonely)


def test_without_javascript_the_card_step_answers_the_feeling_in_the_url(client, seeded):
    html = client.get("/reach-out/card/?feeling=lonely&nuance=unseen").content.decode()
    lonely = Feeling.objects.get(slug="lonely")
    answers = [card.title for card in lonely.cards.order_by("feelingcard__position")]
    shown = html.split("data-card-slot", 1)[1].split('</div>\n  <div class="path-actions">')[0]

    assert "Unseen." in text_of(html)
    assert lonely.line in text_of(html)
    assert answers[0] in text_of(shown)
    assert 'action="/saved/' in shown or "/save/" in shown  # the card can be saved
    another = re.search(r'href="(\?[^"]*)"[^>]*>Another card', html.replace("data-another ", ""))
    assert another.group(1) == "?feeling=lonely&amp;nuance=unseen&amp;another=1"

    then = client.get("/reach-out/card/?feeling=lonely&nuance=unseen&another=1").content.decode()
    slot = then.split("data-card-slot", 1)[1].split("path-actions")[0]
    assert answers[1] in text_of(slot)
    assert answers[0] not in text_of(slot)


@pytest.mark.parametrize(
    "query",
    ["feeling=nope", "feeling=%00", "feeling=" + "x" * 5000, "feeling=lonely'--"],
)
def test_an_unknown_feeling_gets_the_feeling_list_as_a_404(client, seeded, query):
    response = client.get(f"/reach-out/card/?{query}")

    assert response.status_code == 404
    html = response.content.decode()
    assert h1(html) == "What are you feeling?"
    assert "That feeling isn't on this list" in text_of(html)
    assert "<summary>Lonely</summary>" in html


@pytest.mark.parametrize(
    "query",
    [
        "another=-1",
        "another=abc",
        "another=99999999999",
        "another=%C2%B2",
        "another=%D9%A3",
        "nuance=x",
    ],
)
def test_odd_card_parameters_still_show_a_card(client, seeded, query):
    response = client.get(f"/reach-out/card/?feeling=hurt&{query}")

    assert response.status_code == 200
    assert "Hurt." in text_of(response.content.decode())


def test_the_card_step_embeds_each_feelings_cards_for_the_browsers_own_choice(client, seeded):
    html = client.get("/reach-out/card/").content.decode()
    tagged = re.findall(r'<template data-card data-feelings="([^"]*)">', html)

    for feeling in Feeling.objects.all():
        count = sum(feeling.slug in tags.split() for tags in tagged)
        assert count == feeling.cards.count(), feeling.slug
    assert any("any" in tags.split() for tags in tagged)
    assert len(re.findall(r"<template data-line=", html)) == 8


def test_the_card_step_costs_no_more_queries_with_more_feelings(
    client, seeded, django_assert_max_num_queries
):
    client.get("/reach-out/card/")  # a first visit sets up the device's cookie
    cache.clear()
    with django_assert_max_num_queries(5) as few:
        client.get("/reach-out/card/")

    for n in range(10):
        feeling = Feeling.objects.create(slug=f"more-{n}", name=f"More {n}", line="A line.")
        feeling.nuances.create(slug="a", words="A")
        for card in Card.objects.live()[n * 3 : n * 3 + 3]:
            FeelingCard.objects.create(feeling=feeling, card=card)
    cache.clear()
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/reach-out/card/")
    with django_assert_max_num_queries(0):
        client.get("/reach-out/card/")  # kept: a visit after that costs nothing


@pytest.mark.parametrize(
    ("query", "status", "count"),
    [
        # The feelings with their nuances and cards (3), the general cards, the saved ones:
        ("", 200, 5),
        ("?feeling=lonely", 200, 5),  # the chosen feeling is found among them
        ("?feeling=nope", 404, 3),  # not among them: the list again
        ("?feeling=%00", 404, 2),  # never sent to the database: the feelings, their nuances
    ],
)
def test_the_card_step_reads_the_feelings_once(
    client, seeded, django_assert_num_queries, query, status, count
):
    client.get("/reach-out/card/")  # a first visit sets up the device's cookie
    cache.clear()
    with django_assert_num_queries(count):
        response = client.get(f"/reach-out/card/{query}")
    assert response.status_code == status


@pytest.mark.parametrize(
    "url", ["/reach-out/card/?feeling=lonely", "/reach-out/check-in/?pull=same"]
)
def test_a_choice_in_the_url_is_never_kept_in_the_page_cache(client, seeded, url):
    client.get(url)
    client.get(url)

    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    assert len(queries.captured_queries) > 0, "rendered afresh, not served from the cache"


def test_without_javascript_the_write_step_keeps_nothing(client, seeded):
    html = client.get("/reach-out/write/").content.decode()
    textarea = re.search(r"<textarea[^>]*>", html).group(0)

    assert 'id="message"' in textarea and "name=" not in textarea
    before = html[: html.index("<textarea")]
    assert before.count("<form") == before.count("</form>"), "the textarea is in no form"
    assert "nothing you type here is sent anywhere or kept" in text_of(html)
    assert '<label class="visually-hidden" for="message">' in html


@pytest.mark.parametrize(
    ("pull", "says"),
    [
        ("smaller", "You let the wave pass."),
        ("same", "That's all right."),
        ("stronger", "Thank you for being honest with yourself."),
    ],
)
def test_without_javascript_the_check_in_answers(client, seeded, pull, says):
    html = client.get(f"/reach-out/check-in/?pull={pull}").content.decode()
    shown = re.findall(r'<section data-answer="(\w+)"[^>]*?(hidden)?>', html)

    assert [name for name, hidden in shown if not hidden] == [pull]
    assert says in text_of(html)
    assert f'value="{pull}" aria-pressed="true"' in html


def test_a_stronger_pull_offers_help_first_then_someone_you_trust_then_the_timer(client, seeded):
    html = client.get("/reach-out/check-in/?pull=stronger").content.decode()
    answer = html.split('data-answer="stronger"', 1)[1].split("</section>", 1)[0]

    assert answer.index('href="/help/"') < answer.index("Someone you trust")
    assert answer.index("Someone you trust") < answer.index('href="/stand-still/"')


def test_a_bad_check_in_answer_asks_again(client, seeded):
    response = client.get("/reach-out/check-in/?pull=whatever")

    assert response.status_code == 400
    assert "Choose one of these three." in text_of(response.content.decode())


def test_a_feeling_change_in_the_admin_shows_at_once(client, seeded):
    client.get("/reach-out/feeling/")
    Feeling.objects.filter(slug="numb").update(name="ignored")  # bulk: no signal
    feeling = Feeling.objects.get(slug="lonely")
    feeling.name = "Alone"
    feeling.save()

    assert "<summary>Alone</summary>" in client.get("/reach-out/feeling/").content.decode()


def test_every_step_and_not_sent_are_precached_and_choices_never_kept(client, seeded):
    worker_context.cache_clear()
    pages = worker_context()["pages"]

    for url, _ in STEPS:
        assert url in pages
    assert "/reach-out/not-sent/" in pages
    assert any(name.startswith("/static/reachout/logic") for name in worker_context()["assets"])
    assert worker_context()["routes"]["noQuery"] == ["/reach-out/"]
    sw = client.get("/sw.js").content.decode()
    assert "const choice = url.search && under(ROUTES.noQuery, url.pathname);" in sw


def test_the_about_page_says_what_stays_on_the_phone(client, seeded):
    text = text_of(client.get("/about/").content.decode())

    assert "what you write, the feeling you name and the count of times you stood still" in text
    assert "never sent to us" in text


def test_delete_all_my_data_also_clears_the_path_on_this_phone(client):
    html = client.get("/saved/delete-everything/").content.decode()

    assert "core/forget" in html  # every "stand-still…" key and database on the phone
    assert "data-delete-everything" in html
    assert "Not sent" in text_of(html)


# The feelings file, checked by loadseeds


seeds = test_loadseeds.seeds  # the fixture: a private copy of seeds/ to break


def broken(folder: Path, old: str, new: str) -> Path:
    path = folder / "feelings.yaml"
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    return path


def line_of(path: Path, needle: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if needle in line)


def test_loadseeds_loads_the_feelings_once(seeds):
    assert "Feelings loaded: 8." in load(seeds)
    assert "Feelings unchanged: 8." in load(seeds)
    lonely = Feeling.objects.get(slug="lonely")
    assert [n.words for n in lonely.nuances.all()] == ["Left out", "Unseen", "Alone tonight"]
    assert lonely.cards.count() == 4
    first = lonely.cards.order_by("feelingcard__position").first()
    assert (first.article.slug, first.slug) == ("everyday-moments", "when-you-feel-lonely")


def test_an_unknown_card_is_named_with_the_file_and_line(seeds):
    path = broken(seeds, "what-self-love-is", "what-self-love-was")

    with pytest.raises(CommandError) as error:
        load(seeds)

    line = line_of(path, "what-self-love-was")
    assert str(error.value).startswith(f"Nothing loaded. feelings.yaml, line {line}:")
    assert "your-own-healing-comes-first/what-self-love-was" in str(error.value)
    assert Feeling.objects.count() == 0


def test_an_empty_feeling_is_named_with_the_file_and_line(seeds):
    path = broken(seeds, "- name: Hurt\n", "-\n- name: Hurt\n")

    with pytest.raises(CommandError) as error:
        load(seeds)

    line = line_of(path, "- name: Hurt") - 1
    assert f"feelings.yaml, line {line}: empty feeling" in str(error.value)


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        ("nuances: [Empty, Worn out, Far away]", "nuances: [Empty]", "has 1 nuances"),
        ("nuances: [Empty, Worn out, Far away]", "nuances: []", "needs a list of nuances"),
        ("nuances: [Rejected, Not chosen, Confused]", "nuances: [Rejected, Rejected]", "twice"),
        ("    - why-the-runner-runs/letting-go-and-seeing-your-worth\n", "", None),
        (
            "    - both-of-you-are-running/putting-the-swords-down\n",
            "    - why-the-runner-runs/anger-as-a-teacher\n",
            "speaks of a return",
        ),
        ("- name: Guilty", "- name: Hurt", "duplicate feeling 'Hurt'"),
        ("  line: Hope is human", "  colour: blue\n  line: Hope is human", "unknown key colour"),
        ("  nuances: [Missing them", "  nuances: [Missing them, [", "bad YAML"),
    ],
)
def test_every_problem_in_the_feelings_file_says_what_and_where(seeds, old, new, problem):
    broken(seeds, old, new)

    if problem is None:  # still valid: a feeling with one card fewer
        load(seeds)
        assert Feeling.objects.get(slug="angry").cards.count() == 3
        return
    with pytest.raises(CommandError) as error:
        load(seeds)
    assert re.match(r"Nothing loaded\. feelings\.yaml, line \d+: ", str(error.value))
    assert problem in str(error.value)


def test_a_card_that_leaves_the_seeds_is_caught_before_anything_is_written(seeds):
    article = seeds / "01-both-of-you-are-running.md"
    text = article.read_text()
    article.write_text(text.replace("## Putting the swords down", "## Swords down"))

    with pytest.raises(CommandError, match="both-of-you-are-running/putting-the-swords-down"):
        load(seeds)
    assert Feeling.objects.count() == 0


def test_the_card_about_wanting_to_text_them_leads_into_the_path(seeded):
    urge = Card.objects.get(article__slug="for-hard-moments", slug="i-want-to-text-them-right-now")

    assert '<a href="/reach-out/">write it where it is never sent</a>' in urge.body_html
    anxious = Feeling.objects.get(slug="anxious")
    assert urge in anxious.cards.all()


# The path's cards, chosen by name (seeds/feelings.yaml), never by reading order


FEELINGS_FILE = Path(__file__).resolve().parent.parent / "seeds" / "feelings.yaml"


def named_check_in() -> list[str]:
    return yaml.safe_load(FEELINGS_FILE.read_text())["check-in"]


def address(card: Card) -> str:
    return f"{card.article.slug}/{card.slug}"


def test_the_check_in_offers_the_cards_named_for_it_in_the_files_order(client, seeded):
    named = named_check_in()
    assert [address(row.card) for row in CheckInCard.objects.select_related("card__article")] == (
        named
    )
    smaller, same = (
        Card.objects.get(article__slug=a, slug=c) for a, c in (ref.split("/") for ref in named[:2])
    )

    html = client.get("/reach-out/check-in/").content.decode()
    answers = {
        name: html.split(f'data-answer="{name}"', 1)[1].split("</section>", 1)[0]
        for name in ("smaller", "same")
    }
    assert f'id="card-{smaller.pk}"' in answers["smaller"]
    assert f'id="card-{same.pk}"' in answers["same"]


def test_with_no_feeling_the_card_step_draws_from_every_named_card_and_no_other(client, seeded):
    html = client.get("/reach-out/card/").content.decode()

    general = {
        int(pk)
        for pk in re.findall(
            r'<template data-card data-feelings="[^"]*\bany">\s*'
            r'<article class="reflection panel" id="card-(\d+)"',
            html,
        )
    }
    named = {
        Card.objects.get(article__slug=a, slug=c).pk
        for a, c in (r.split("/") for r in named_check_in())
    }
    assert general == named
    # More cards are marked for the timer's check-in than the path names: position
    # in reading order brings none of them in.
    assert set(Card.objects.filter(check_in=True).values_list("pk", flat=True)) - named


def test_no_card_the_path_offers_is_a_retold_one_that_speaks_of_a_return(seeded):
    from apps.cards import care

    offered = {row.card for row in CheckInCard.objects.select_related("card__article")}
    offered |= {row.card for row in FeelingCard.objects.select_related("card__article")}
    assert offered
    for card in offered:
        if card.article.perspective != "stand-still":
            assert care.speaks_of_return(f"{card.title}.\n\n{card.body_markdown}") == [], address(
                card
            )


def test_an_unknown_check_in_card_is_named_with_the_file_and_line(seeds):
    path = broken(
        seeds, "- for-hard-moments/after-the-urge-passes\n", "- for-hard-moments/after-the-urge\n"
    )

    with pytest.raises(CommandError) as error:
        load(seeds)

    line = line_of(path, "- for-hard-moments/after-the-urge\n".strip())
    assert str(error.value).startswith(f"Nothing loaded. feelings.yaml, line {line}:")
    assert "unknown card 'for-hard-moments/after-the-urge' in the check-in" in str(error.value)
    assert CheckInCard.objects.count() == 0


def test_a_retold_check_in_card_that_speaks_of_a_return_is_refused(seeds):
    broken(
        seeds,
        "- for-hard-moments/after-the-urge-passes\n",
        "- why-the-runner-runs/anger-as-a-teacher\n",
    )

    with pytest.raises(CommandError, match="in the check-in speaks of a return"):
        load(seeds)


@pytest.mark.parametrize("where", ["check-in", "feeling"])
def test_a_retold_card_whose_heading_speaks_of_a_return_is_refused(seeds, where):
    from apps.cards import care
    from apps.cards.seeds import read_seeds

    named = (seeds / "feelings.yaml").read_text()
    article, card = next(
        (a, c)
        for a in read_seeds(seeds).articles
        if a.perspective != "stand-still"
        for c in a.cards
        if f"{a.slug}/" not in named and not care.speaks_of_return(c.body)
    )
    path = next(f for f in seeds.glob("*.md") if f"slug: {article.slug}\n" in f.read_text())
    path.write_text(path.read_text().replace(f"## {card.title}\n", "## Until they come back\n"))
    ref = f"{article.slug}/until-they-come-back"
    if where == "check-in":
        broken(seeds, "- for-hard-moments/after-the-urge-passes\n", f"- {ref}\n")
    else:
        broken(seeds, "    - for-hard-moments/nights-are-the-hardest\n", f"    - {ref}\n")

    with pytest.raises(CommandError) as error:
        load(seeds)

    # Today the path's own check catches it; a heading check on every card may come first.
    assert "Until they come back" in str(error.value)
    assert Feeling.objects.count() == CheckInCard.objects.count() == 0


def test_a_check_in_list_changed_in_the_file_is_loaded_again(seeds):
    load(seeds)
    broken(seeds, "- for-hard-moments/nights-are-the-hardest\n", "")

    assert "Feelings loaded" in load(seeds)
    assert "for-hard-moments/nights-are-the-hardest" not in [
        address(row.card) for row in CheckInCard.objects.select_related("card__article")
    ]


# The ways in, first on the home page; no one-tap Share on the path's cards


def test_the_home_page_shows_the_timer_and_the_path_first_above_the_cards(client, seeded):
    html = client.get("/").content.decode()
    main = html.split('<main id="main"', 1)[1]

    first = main.split('<section class="first"', 1)[1].split("</section>", 1)[0]
    links = re.findall(r'<a class="first-link" href="([^"]+)">', first)
    assert links == ["/stand-still/", "/reach-out/"]
    assert "I want to reach out" in text_of(first)
    assert main.index('class="first"') < main.index("<h1>Cards</h1>") < main.index('id="feed"')


def test_the_home_pages_first_place_is_filled_by_the_apps_above_cards(client, seeded):
    """Cards' template names neither the timer nor the path: they fill its slot."""
    from apps.core import slots

    assert slots.templates("feed-first") == ("timer/feed_first.html", "reachout/feed_first.html")
    feed = (Path(__file__).resolve().parent.parent / "templates/cards/feed.html").read_text()
    assert "timer:" not in feed and "reachout:" not in feed


@pytest.mark.parametrize("url", ["/reach-out/card/", "/reach-out/check-in/?pull=smaller"])
def test_the_paths_cards_offer_no_one_tap_share(client, seeded, url):
    html = client.get(url).content.decode()

    assert 'class="reflection panel"' in html  # a card is shown
    assert "data-share" not in html
    assert "share.js" not in html
    assert not re.search(r">\s*Share\s*<", html)
