"""Pages are rendered once and kept, yet every reader sees their own state and every
change shows at once (apps/core/pagecache.py)."""

import re
import uuid

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.sql import emit_post_migrate_signal
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.test import Client
from django.test.utils import CaptureQueriesContext

from apps.bookmarks import services
from apps.bookmarks.models import Reader
from apps.cards.models import Card, CardTopic, Topic
from apps.core import pagecache, readers
from apps.reachout.models import Feeling
from tests.bookmarks_helpers import reader_client, save, token_of
from tests.factories import make_card
from tests.test_settings import run_manage

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def save_button(html: str, card: Card) -> str:
    found = re.search(rf'aria-label="(Saved|Save): {re.escape(card.title)}"', html)
    assert found, f"no save button for {card.title}"
    return found.group(1)


def test_a_page_seen_before_costs_no_query(django_assert_num_queries):
    make_card(title="Stay with the feeling")
    reader = reader_client()
    reader.get("/")
    reader.get("/")

    with django_assert_num_queries(0):
        page = reader.get("/")

    assert "Stay with the feeling" in page.content.decode()


def test_an_edited_card_shows_at_once():
    card = make_card(title="Before the edit")
    assert "Before the edit" in Client().get("/").content.decode()

    card.title = "After the edit"
    card.save()

    html = Client().get("/").content.decode()
    assert "After the edit" in html
    assert "Before the edit" not in html


def test_changing_a_cards_topics_shows_at_once():
    card = make_card(title="Moving topics", topics=("healing",))
    assert "Moving topics" in Client().get("/?topic=healing").content.decode()

    card.topics.clear()

    assert "Moving topics" not in Client().get("/?topic=healing").content.decode()


def test_loading_unchanged_seeds_keeps_every_page(django_capture_on_commit_callbacks):
    """Every `serve` loads the seeds: a restart with the same seeds starts warm."""
    call_command("loadseeds", verbosity=0)
    Client().get("/")
    before = pagecache.content_version()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("loadseeds", verbosity=0)

    assert pagecache.content_version() == before


def test_loading_changed_seeds_retires_every_page(tmp_path, settings):
    import shutil

    seeds = tmp_path / "seeds"
    shutil.copytree(settings.BASE_DIR / "seeds", seeds)
    call_command("loadseeds", "--seeds", seeds, verbosity=0)
    before = pagecache.content_version()
    first = sorted(seeds.glob("0*.md"))[0]
    first.write_text(first.read_text().replace("\n## ", "\n## Newly ", 1))

    call_command("loadseeds", "--seeds", seeds, verbosity=0)

    assert pagecache.content_version() != before


@pytest.mark.parametrize(
    "write",
    [
        lambda card: Card.objects.filter(pk=card.pk).update(title="Changed in bulk"),
        lambda card: Card.objects.bulk_update([card], ["title"]),
        lambda card: Card.objects.filter(pk=card.pk).delete(),
        lambda card: CardTopic.objects.filter(card=card).delete(),
        lambda card: Topic.objects.bulk_create([Topic(slug="new-one", name="New one")]),
    ],
    ids=["update", "bulk_update", "delete", "delete-related", "bulk_create"],
)
def test_a_bulk_write_to_content_retires_every_page(write):
    card = make_card(title="Written in bulk", topics=("healing",))
    Client().get("/")
    before = pagecache.content_version()

    write(card)

    assert pagecache.content_version() != before


def test_content_a_bulk_write_could_skip_is_refused_at_registration():
    with pytest.raises(TypeError, match="ContentQuerySet"):
        pagecache.register_content(Reader)  # its manager is a plain one


def test_a_shared_page_carries_each_readers_own_working_csrf_token():
    card = make_card(title="Breathe first")
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first_html = first.get("/").content.decode()
    second_html = second.get("/").content.decode()  # served from the cache

    assert pagecache.HOLE not in first_html + second_html
    first_token, second_token = TOKEN.search(first_html)[1], TOKEN.search(second_html)[1]
    assert first_token != second_token
    for client, token in ((first, first_token), (second, second_token)):
        answer = client.post(
            f"/saved/cards/{card.pk}/", {"action": "save", "csrfmiddlewaretoken": token}
        )
        assert answer.status_code == 302


def test_one_readers_saved_cards_are_never_shown_to_another():
    card = make_card(title="Only mine")
    mine, theirs = reader_client(), reader_client()
    theirs.get("/")
    save(mine, card)

    assert save_button(mine.get("/").content.decode(), card) == "Saved"
    assert save_button(theirs.get("/").content.decode(), card) == "Save"
    assert save_button(mine.get(card.get_absolute_url()).content.decode(), card) == "Saved"
    assert save_button(theirs.get(card.get_absolute_url()).content.decode(), card) == "Save"


def test_unsaving_shows_on_every_page_at_once():
    card = make_card(title="Changed my mind")
    reader = reader_client()
    save(reader, card)
    assert save_button(reader.get("/").content.decode(), card) == "Saved"

    save(reader, card, action="unsave")

    assert save_button(reader.get("/").content.decode(), card) == "Save"


def test_a_readers_list_page_is_never_served_to_another_reader():
    card = make_card(title="Private")
    mine = reader_client()
    save(mine, card)
    saved_page = mine.get("/saved/")
    list_url = re.search(r'href="(/saved/lists/\d+/)"', saved_page.content.decode())[1]
    assert "Private" in mine.get(list_url).content.decode()

    assert reader_client().get(list_url).status_code == 404
    assert Client().get(list_url).status_code == 404


def test_a_readers_own_change_shows_on_their_list_at_once():
    first, second = make_card(title="First one"), make_card(title="Second one")
    reader = reader_client()
    save(reader, first)
    list_url = re.search(r'href="(/saved/lists/\d+/)"', reader.get("/saved/").content.decode())[1]
    assert "Second one" not in reader.get(list_url).content.decode()

    save(reader, second, htmx=True)

    assert "Second one" in reader.get(list_url).content.decode()
    assert "2 cards" in reader.get("/saved/").content.decode()


def test_a_toast_is_shown_once_and_never_kept_for_later():
    card = make_card(title="Keep this")
    reader = reader_client()
    reader.get(card.get_absolute_url())

    answer = save(reader, card, next=card.get_absolute_url())
    assert "Saved." in reader.get(answer.url).content.decode()

    again = reader.get(card.get_absolute_url()).content.decode()
    assert "Saved." not in again


def test_the_htmx_partial_and_the_whole_page_are_kept_apart():
    make_card(title="Either way")
    partial = Client().get("/", headers={"HX-Request": "true"}).content.decode()
    whole = Client().get("/").content.decode()

    assert "<html" not in partial and "Either way" in partial
    assert whole.startswith("<!doctype html>") and "Either way" in whole


def test_servers_behind_one_origin_share_kept_pages(settings):
    """Behind a load balancer each app server may see another Host; under the site's
    configured origin they keep and find the same pages, whose links name the origin."""
    settings.SITE_ORIGIN = "https://standstill.example"
    settings.PAGE_CACHE_HEADER = True
    card = make_card(title="One site")
    first = Client().get(card.get_absolute_url(), HTTP_HOST="localhost")
    second = Client().get(card.get_absolute_url(), HTTP_HOST="127.0.0.1")

    assert [first["X-Page-Cache"], second["X-Page-Cache"]] == ["miss", "hit"]
    assert f'href="https://standstill.example{card.get_absolute_url()}"' in second.content.decode()


def test_links_name_the_host_the_page_was_asked_for_on():
    card = make_card(title="Shared link")
    here = Client().get(card.get_absolute_url(), HTTP_HOST="localhost").content.decode()
    there = Client().get(card.get_absolute_url(), HTTP_HOST="127.0.0.1").content.decode()

    assert f'href="http://localhost{card.get_absolute_url()}"' in here
    assert f'href="http://127.0.0.1{card.get_absolute_url()}"' in there


def test_a_readers_version_is_the_same_whichever_way_their_token_is_written():
    token = uuid.uuid4()
    before = readers.version(token)
    assert readers.version(token.hex) == readers.version(str(token)) == before

    readers.changed(token.hex)

    assert readers.version(token) != before


def cache_keys() -> set:
    """Every key in the tests' cache: the in-memory one, or Redis when REDIS_URL is set."""
    kept = cache._cache
    return set(kept) if isinstance(kept, dict) else set(kept.get_client().keys("*"))


def test_a_post_refused_by_the_csrf_check_keeps_nothing_and_sets_no_cookie():
    card = make_card(title="Not like this")
    stranger = Client(enforce_csrf_checks=True)
    known = reader_client()
    known.handler.enforce_csrf_checks = True
    before = readers.version(token_of(known))
    entries = cache_keys()

    for client in (stranger, known):
        answer = client.post(f"/saved/cards/{card.pk}/", {"action": "save"})
        assert answer.status_code == 403
        assert readers.COOKIE not in answer.cookies

    assert cache_keys() == entries
    assert readers.version(token_of(known)) == before


@pytest.mark.parametrize(
    "path",
    [
        "/search/?q={csrf-token-hole}",
        "/search/?q=csrf-hole-",
        "/?from={csrf-token-hole}",
        "/stand-still/?csrf-hole-=1",
    ],
)
def test_nothing_a_visitor_types_becomes_their_csrf_token(path):
    make_card(title="Typed text", check_in=True)  # one the timer offers, with its save form
    client = Client()
    client.get(path)  # kept, then served from the cache
    html = client.get(path).content.decode()

    token = re.search(r'"X-CSRFToken": "([^"]+)"', html)[1]
    forms = html.count('name="csrfmiddlewaretoken"')
    assert html.count(token) == forms + 1  # each form, and htmx's header on <body>
    assert "csrf-token-hole" in html or "csrf-hole-" in html  # what was typed, as typed


def test_the_placeholder_is_new_in_every_process():
    holes = {
        run_manage(
            "shell",
            "-c",
            "from apps.core import pagecache; print(pagecache.HOLE)",
            DJANGO_DEBUG="1",
        ).stdout
        for _ in range(2)
    }
    assert len(holes) == 2


def test_every_write_to_a_readers_data_changes_their_version_and_no_one_elses():
    card, other_card = make_card(), make_card()
    token, bystander = uuid.uuid4(), uuid.uuid4()
    services.save_card(bystander, card)
    untouched = readers.version(bystander)

    def changes(write) -> None:
        before = readers.version(token)
        write()
        assert readers.version(token) != before, write

    changes(lambda: services.save_card(token, card))
    changes(lambda: services.unsave_card(token, card))
    made = services.create_list(token, "Evenings")
    changes(lambda: services.create_list(token, "Mornings"))
    changes(lambda: services.rename_list(made, "Late evenings"))
    bookmark = services.save_card(token, card, made)
    services.save_card(token, other_card, made)
    changes(lambda: services.move_bookmark(bookmark, "down"))
    changes(lambda: services.set_note(bookmark, "for the hard nights"))
    changes(lambda: services.delete_list(made))
    changes(lambda: services.restore_list(made))
    changes(lambda: services.set_card_lists(token, card, set(), True))
    changes(lambda: services.delete_reader(token))
    assert readers.version(bystander) == untouched


def test_merging_readers_changes_both_their_versions():
    card = make_card()
    first, second = uuid.uuid4(), uuid.uuid4()
    services.save_card(first, card)
    services.save_card(second, card)
    before = readers.version(first), readers.version(second)

    services.merge_readers(services.reader_for(first), services.reader_for(second))

    assert readers.version(first) != before[0]
    assert readers.version(second) != before[1]


def test_a_migration_retires_every_cached_page():
    before = pagecache.content_version()
    graph = MigrationLoader(connection).graph
    plan = [(graph.nodes[graph.leaf_nodes()[0]], False)]

    emit_post_migrate_signal(verbosity=0, interactive=False, db="default", plan=plan)

    assert pagecache.content_version() != before


def test_a_migrate_with_nothing_to_apply_keeps_every_page():
    before = pagecache.content_version()

    emit_post_migrate_signal(verbosity=0, interactive=False, db="default", plan=[])

    assert pagecache.content_version() == before


def test_another_app_registers_its_models_as_content():
    make_card(title="Steady")
    Client().get("/")
    before = pagecache.content_version()

    Feeling.objects.create(slug="numb", name="Numb", line="Numb is a feeling too.")

    assert pagecache.content_version() != before


def test_search_as_you_type_is_not_kept_but_a_search_page_is(django_assert_max_num_queries):
    make_card(title="Mirror, mirror")
    typed = {"HX-Request": "true", "HX-Current-URL": "http://testserver/search/"}
    client = Client()
    client.get("/search/?q=mirr", headers=typed)
    client.get("/search/?q=mirr")

    with django_assert_max_num_queries(0):
        assert "Mirror, mirror" in client.get("/search/?q=mirr").content.decode()
    with CaptureQueriesContext(connection) as typing_again:
        client.get("/search/?q=mirr", headers=typed)
    assert len(typing_again) > 0


def test_changed_code_or_another_database_is_another_deploy(settings, tmp_path, monkeypatch):
    """A deploy that changes only Python code, or points at another database, never
    serves a page kept before it (the version is computed once per process)."""
    import shutil

    for folder in ("apps", "site"):
        shutil.copytree(
            settings.BASE_DIR / folder, tmp_path / folder, ignore=shutil.ignore_patterns("*.pyc")
        )
    settings.BASE_DIR = tmp_path
    compute = pagecache.deploy_version.__wrapped__
    before = compute()
    assert compute() == before

    views = tmp_path / "apps" / "cards" / "views.py"
    views.write_text(views.read_text() + "\n# a fix\n")
    changed_code = compute()
    monkeypatch.setitem(settings.DATABASES["default"], "NAME", "elsewhere")

    assert len({before, changed_code, compute()}) == 3


def test_every_test_the_contract_names_exists():
    """The rules at the top of pagecache.py each name the test that proves them."""
    import ast
    from pathlib import Path

    tests = Path(__file__).parent
    named = [
        tuple(word.strip(",.").split("::"))
        for word in pagecache.__doc__.split()
        if "::test_" in word
    ]
    defined = {
        path.name: {n.name for n in ast.walk(ast.parse(path.read_text())) if hasattr(n, "name")}
        for path in tests.glob("test_*.py")
    }

    assert len(named) >= 6
    for module, test in named:
        assert test in defined[module], f"{module}::{test}"
