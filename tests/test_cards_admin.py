"""The admin for editors: articles with their cards inline, search, filters, view on site."""

import pytest

from apps.cards.models import Article, Card, CardTopic, Topic
from tests.cards_helpers import card_titles, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client, django_user_model):
    user = django_user_model.objects.create_superuser("editor", "editor@example.com", "pw")
    client.force_login(user)
    return client


def test_article_list_searches_and_filters_by_topic_and_perspective(editor, seeds):
    everything = editor.get("/admin/cards/article/")
    found = editor.get("/admin/cards/article/", {"q": "runner"})
    runner_accounts = editor.get("/admin/cards/article/", {"perspective": "runner-account"})
    signs = Topic.objects.get(slug="signs")
    on_signs = editor.get("/admin/cards/article/", {"topics__id__exact": signs.pk})

    assert everything.status_code == 200
    text = text_of(everything.content.decode())
    assert "By perspective" in text and "By topics" in text
    assert "Why the runner runs" in text_of(found.content.decode())
    assert "A runner's side of the story" in text_of(runner_accounts.content.decode())
    assert "Why the runner runs" not in text_of(runner_accounts.content.decode())
    assert on_signs.status_code == 200
    shown = set(Article.objects.filter(topics=signs).values_list("title", flat=True))
    assert shown and all(title in text_of(on_signs.content.decode()) for title in shown)


def test_article_page_edits_its_cards_inline_and_links_to_the_site(editor, seeds):
    article = Article.objects.get(slug="why-the-runner-runs")

    response = editor.get(f"/admin/cards/article/{article.pk}/change/")

    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="cards-TOTAL_FORMS" value="7"' in html
    assert "Where the pattern begins" in html
    assert "View on site" in text_of(html)
    assert "restores the text in seeds/" in text_of(html)


def test_view_on_site_leads_to_the_public_page(editor, seeds):
    card = Card.objects.select_related("article").get(slug="the-mirror")

    response = editor.get(f"/admin/r/{_content_type(card)}/{card.pk}/")

    assert response.status_code == 302
    assert response["Location"].endswith(card.get_absolute_url())


def _content_type(obj) -> int:
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(obj).pk


def test_card_list_searches_bodies_and_filters_by_perspective(editor, seeds):
    response = editor.get(
        "/admin/cards/card/", {"q": "codependency", "article__perspective": "runner-account"}
    )

    assert response.status_code == 200
    assert "The mirror" in text_of(response.content.decode())


def test_card_list_filters_the_cards_that_end_a_breathing_session(editor, seeds):
    response = editor.get("/admin/cards/card/", {"check_in__exact": "1"})

    text = text_of(response.content.decode())
    assert response.status_code == 200
    assert "When to talk to someone" in text
    assert "They blocked me. What now?" not in text


def _card_form(card: Card, links: list[tuple[int | None, int, int]], **changes) -> dict:
    """The card's change form as the admin posts it, with its topics inline:
    (link id or None, topic id, position) for each row."""
    data = {
        "article": card.article_id,
        "title": card.title,
        "slug": card.slug,
        "position": card.position,
        "body_markdown": card.body_markdown,
        "archived_at_0": "",
        "archived_at_1": "",
        "cardtopic_set-TOTAL_FORMS": len(links),
        "cardtopic_set-INITIAL_FORMS": sum(1 for link, _, _ in links if link),
        "cardtopic_set-MIN_NUM_FORMS": 0,
        "cardtopic_set-MAX_NUM_FORMS": 1000,
    }
    for n, (link, topic, position) in enumerate(links):
        prefix = f"cardtopic_set-{n}-"
        data |= {f"{prefix}id": link or "", f"{prefix}card": card.pk}
        data |= {f"{prefix}topic": topic, f"{prefix}position": position}
    return data | changes


def _links(card: Card) -> list[tuple[int, int, int]]:
    rows = CardTopic.objects.filter(card=card).order_by("position")
    return list(rows.values_list("pk", "topic_id", "position"))


def test_editing_a_cards_markdown_in_the_admin_renders_it_again(editor, seeds):
    card = Card.objects.select_related("article").get(slug="the-mirror")
    body = "A *new* body for the mirror card, short and plain."

    response = editor.post(
        f"/admin/cards/card/{card.pk}/change/", _card_form(card, _links(card), body_markdown=body)
    )

    assert response.status_code == 302, text_of(response.content.decode())
    card.refresh_from_db()
    assert card.body_html == "<p>A <em>new</em> body for the mirror card, short and plain.</p>"
    assert card.word_count == 10


def test_a_cards_topics_are_listed_and_reordered_in_its_admin_page(editor, seeds, client):
    card = Card.objects.select_related("article").get(title="Mostly below the surface")
    page = text_of(editor.get(f"/admin/cards/card/{card.pk}/change/").content.decode())
    assert "Topics, the first being what the card is most about" in page
    runner, chaser, healing = _links(card)
    assert client.get("/?topic=healing").content.decode().count(card.title) == 0

    reordered = [(healing[0], healing[1], 0), (runner[0], runner[1], 1), (chaser[0], chaser[1], 2)]
    response = editor.post(f"/admin/cards/card/{card.pk}/change/", _card_form(card, reordered))

    assert response.status_code == 302, text_of(response.content.decode())
    healing_topic = Topic.objects.get(slug="healing")
    assert [topic for _, topic, _ in _links(card)] == [healing_topic.pk, runner[1], chaser[1]]
    assert card.title in card_titles(client.get("/?topic=healing").content.decode())


# The care guide holds for an edit in the admin as it does for seeds/ (seeds/README.md).


def test_an_edit_that_promises_a_return_is_refused_and_the_card_kept(editor, seeds):
    card = Card.objects.select_related("article").get(slug="the-mirror")
    before = card.body_markdown
    promise = "Give it time. Your twin flame will come back to you when the moment is right."

    response = editor.post(
        f"/admin/cards/card/{card.pk}/change/",
        _card_form(card, _links(card), body_markdown=promise),
    )

    assert response.status_code == 200  # the form again, with the reason
    text = text_of(response.content.decode())
    assert "without saying whose belief it is" in text
    assert "Your twin flame will come back to you when the moment is right." in text
    card.refresh_from_db()
    assert card.body_markdown == before


def test_an_edit_that_says_whose_belief_it_is_is_saved(editor, seeds):
    card = Card.objects.select_related("article").get(slug="the-mirror")
    attributed = "The writer believes a twin flame will come back when the moment is right."

    response = editor.post(
        f"/admin/cards/card/{card.pk}/change/",
        _card_form(card, _links(card), body_markdown=attributed),
    )

    assert response.status_code == 302, text_of(response.content.decode())
    card.refresh_from_db()
    assert card.body_markdown == attributed


def test_a_card_that_ends_breathing_sessions_may_not_speak_of_a_return_at_all(editor, seeds):
    card = Card.objects.select_related("article").filter(check_in=True).first()
    before = card.body_markdown
    attributed = "The writer believes they come back once you stop chasing."

    response = editor.post(
        f"/admin/cards/card/{card.pk}/change/",
        _card_form(card, _links(card), body_markdown=attributed),
    )

    assert response.status_code == 200
    assert "ends breathing sessions" in text_of(response.content.decode())
    card.refresh_from_db()
    assert card.body_markdown == before


def test_a_topic_description_is_held_to_the_same_rule(editor, seeds):
    topic = Topic.objects.get(slug="chaser")
    before = topic.description
    form = {"name": topic.name, "slug": topic.slug, "position": topic.position}

    response = editor.post(
        f"/admin/cards/topic/{topic.pk}/change/",
        form | {"description": "Cards for the one who waits: the universe will reunite you."},
    )

    assert response.status_code == 200
    assert "without saying whose belief it is" in text_of(response.content.decode())
    topic.refresh_from_db()
    assert topic.description == before


def test_a_card_title_that_reads_as_a_forecast_is_refused_and_the_card_kept(editor, seeds):
    card = Card.objects.select_related("article").get(slug="the-mirror")

    response = editor.post(
        f"/admin/cards/card/{card.pk}/change/",
        _card_form(card, _links(card), title="Together again by spring"),
    )

    assert response.status_code == 200
    assert "may not speak of a return" in text_of(response.content.decode())
    card.refresh_from_db()
    assert card.title == "The mirror"


def test_an_article_title_that_states_a_belief_is_refused(editor, seeds):
    article = Article.objects.get(slug="why-the-runner-runs")
    form = {
        "title": "Your soul knows why they run",
        "slug": article.slug,
        "summary": article.summary,
        "perspective": article.perspective,
        "topics": list(article.topics.values_list("pk", flat=True)),
        "source_title": article.source_title,
        "source_file": article.source_file,
        "position": article.position,
        "cards-TOTAL_FORMS": 0,
        "cards-INITIAL_FORMS": 0,
        "cards-MIN_NUM_FORMS": 0,
        "cards-MAX_NUM_FORMS": 1000,
    }

    response = editor.post(f"/admin/cards/article/{article.pk}/change/", form)

    assert response.status_code == 200
    assert "names a belief without saying whose it is" in text_of(response.content.decode())
    article.refresh_from_db()
    assert article.title == "Why the runner runs"


def test_ticking_check_in_and_adding_a_return_in_one_edit_is_refused(seeds):
    """The check-in rule reads the form as it will be saved: a card not yet marked,
    marked and given a return sentence in the same edit, is refused."""
    from django.forms import modelform_factory

    from apps.cards.admin import CardForm

    card = Card.objects.get(slug="the-mirror")
    assert not card.check_in
    Form = modelform_factory(
        Card,
        form=CardForm,
        fields=["article", "title", "slug", "position", "body_markdown", "check_in"],
    )
    data = {
        "article": card.article_id,
        "title": card.title,
        "slug": card.slug,
        "position": card.position,
        "body_markdown": "Breathe. The writer believes they come back once you stop.",
    }

    marked = Form(data | {"check_in": "on"}, instance=card)
    unmarked = Form(data, instance=card)

    assert not marked.is_valid()
    assert "ends breathing sessions" in str(marked.errors["body_markdown"])
    assert unmarked.is_valid(), unmarked.errors
