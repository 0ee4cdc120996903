"""Installable and offline, in Chromium with a phone profile."""

import json
import re
import tempfile

import pytest
from django.core.servers.basehttp import WSGIServer
from django.test.testcases import LiveServerThread
from playwright.sync_api import expect

from apps.bookmarks.models import AppliedChange, Bookmark
from tests.browser.conftest import start_server, wait_until
from tests.factories import make_article, make_card


class SingleThreadedServer(WSGIServer):
    """Answers one request at a time, so every response closes its connection: once
    stopped, the browser has no kept-alive connection left to reach the app through."""

    def __init__(self, *args, connections_override=None, **kwargs):
        super().__init__(*args, **kwargs)


class StoppableServerThread(LiveServerThread):
    server_class = SingleThreadedServer


@pytest.fixture
def server():
    """A live server of the test's own, which the test can stop to cut the network."""
    thread = start_server(StoppableServerThread)
    yield thread
    if thread.is_alive():
        thread.terminate()


def worker_ready(page):
    """Wait until a service worker is activated (`serviceWorker.ready` has no timeout)."""
    active = "navigator.serviceWorker.getRegistration().then(r => r?.active?.state)"
    wait_until(page, f"{active}.then(state => state === 'activated')", timeout=15_000)


def kept_after_install(page, path):
    """Wait until the worker kept `path`, which install leaves for just after."""
    wait_until(page, f"caches.match({json.dumps(path)}).then(Boolean)", timeout=15_000)


# How many saves wait in the offline outbox (IndexedDB), as the page's own script keeps them.
OUTBOX_SIZE = """new Promise((resolve, reject) => {
  const open = indexedDB.open("stand-still", 1);
  open.onerror = () => reject(open.error);
  open.onsuccess = () => {
    const count = open.result.transaction("outbox").objectStore("outbox").count();
    count.onsuccess = () => resolve(count.result);
  };
})"""


@pytest.fixture
def cards():
    article = make_article(title="Both of you are running")
    return [make_card(article, title=t, position=i) for i, t in enumerate(["First", "Second"])]


def test_the_app_is_installable(playwright, browser_type_launch_args, phone, site_url):
    with tempfile.TemporaryDirectory() as profile:
        context = playwright.chromium.launch_persistent_context(
            profile, **browser_type_launch_args, **phone
        )
        page = context.new_page()
        page.goto(site_url + "/")
        worker_ready(page)
        cdp = context.new_cdp_session(page)

        manifest = cdp.send("Page.getAppManifest")
        installability = cdp.send("Page.getInstallabilityErrors")
        context.close()

    assert manifest["errors"] == []
    assert installability["installabilityErrors"] == []


def test_the_worker_controls_the_page_after_a_reload(page, site_url):
    page.goto(site_url + "/")
    worker_ready(page)

    page.reload()

    assert page.evaluate("!!navigator.serviceWorker.controller")


@pytest.mark.offline  # the browser logs the requests that fail
def test_with_the_server_stopped_visited_pages_timer_and_offline_page_still_open(
    page, server, cards
):
    page.goto(server.url + cards[0].get_absolute_url())
    worker_ready(page)
    page.reload()  # now controlled: this visit is kept for offline reading
    expect(page.get_by_role("heading", name="First")).to_be_visible()

    server.terminate()

    page.reload()
    expect(page.get_by_role("heading", name="First")).to_be_visible()

    page.goto(server.url + "/stand-still/")
    page.get_by_role("button", name="Start").tap()
    expect(page.locator("[data-phase]")).to_have_text("Breathe in")
    expect(page.get_by_role("button", name="Pause")).to_be_visible()

    page.goto(server.url + "/articles/")  # never opened, and not kept in the background
    expect(page.get_by_role("heading", name="You're offline")).to_be_visible()


CARDS_KEPT = "caches.keys().then(keys => Promise.all(keys.map(k => caches.open(k)"
CARDS_KEPT += ".then(c => c.match('/cards-kept-at'))))).then(found => found.some(Boolean))"


@pytest.mark.offline  # the browser logs the requests that fail
def test_after_install_any_card_opens_with_no_signal_even_one_never_read(page, server):
    own = make_article(
        title="For hard moments", perspective="stand-still", source_file="", source_title=""
    )
    retold = make_article(title="Both of you are running")
    never_read = [
        make_card(own, title="They blocked me. What now?"),
        make_card(retold, title="A pattern worth naming"),
    ]
    page.goto(server.url + "/help/")
    worker_ready(page)
    wait_until(page, CARDS_KEPT, timeout=15_000)  # fetched in the background, not at install

    server.terminate()

    for card in never_read:
        page.goto(server.url + card.get_absolute_url())
        expect(page.get_by_role("heading", name=card.title)).to_be_visible()


@pytest.mark.offline  # the browser logs the requests that fail
def test_an_htmx_action_offline_shows_a_calm_notice_that_clears_online(page, site_url, cards):
    page.goto(site_url + "/")
    page.context.set_offline(True)

    page.get_by_role("button", name="Save: First", exact=True).tap()

    notice = page.locator("#connection")
    expect(notice).to_be_visible()
    # The failed save handled (kept on the phone, said so), not only the browser's
    # own "offline" event: under load the first can come after going online.
    expect(notice).to_contain_text("You're offline. Your save is kept on this phone")
    page.context.set_offline(False)
    expect(notice).to_be_hidden()


def queue_a_save_offline(page, site_url, card):
    page.goto(site_url + "/")
    # Installed first: a worker script fetched while offline logs an error of its own.
    page.wait_for_function(
        "navigator.serviceWorker.getRegistration().then(r => r?.active?.state === 'activated')"
    )
    page.context.set_offline(True)
    button = page.locator(f"#save-{card.pk} .save-toggle")
    button.tap()
    expect(button).to_contain_text("Saved · will sync")
    return button


@pytest.mark.offline  # the browser logs the requests that fail
def test_a_save_made_offline_is_queued_and_arrives_exactly_once(page, site_url, cards):
    button = queue_a_save_offline(page, site_url, cards[0])

    expect(button).to_have_attribute("aria-pressed", "true")
    expect(button).to_have_accessible_name("Saved, will sync: First")
    assert Bookmark.objects.count() == 0

    page.context.set_offline(False)

    expect(page.get_by_role("button", name="Saved: First", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Saved: First", exact=True)).not_to_contain_text(
        "waiting"
    )
    assert Bookmark.objects.filter(card=cards[0]).count() == 1

    assert page.evaluate(OUTBOX_SIZE) == 0
    page.reload(wait_until="networkidle")  # a second chance to replay finds nothing to send
    assert Bookmark.objects.count() == 1
    assert AppliedChange.objects.count() == 1


OUTBOX_SIZE = """() => new Promise((resolve) => {
  const open = indexedDB.open("stand-still", 1);
  open.onsuccess = () => {
    const count = open.result.transaction("outbox").objectStore("outbox").count();
    count.onsuccess = () => resolve(count.result);
  };
})"""


def outbox_parts(urls: list[str]) -> list[str]:
    """The outbox's scripts among these requests, by name: outbox, queue, sending, pending."""
    found = (re.search(r"/static/bookmarks/([\w-]+)\.[0-9a-f]{12}\.js$", url) for url in urls)
    return sorted(match[1] for match in found if match)


@pytest.mark.offline  # the browser logs the requests that fail
def test_sending_is_fetched_only_once_a_save_waits_and_the_connection_is_back(
    page, site_url, cards
):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(site_url + "/")
    worker_ready(page)
    assert outbox_parts(requested) == ["outbox", "queue"]

    button = page.locator(f"#save-{cards[0].pk} .save-toggle")
    page.context.set_offline(True)
    button.tap()
    expect(button).to_contain_text("Saved · will sync")
    page.wait_for_function(f"({OUTBOX_SIZE})().then(size => size === 1)")
    assert outbox_parts(requested) == ["outbox", "queue"], "kept with no request"

    page.context.set_offline(False)

    expect(page.get_by_role("button", name="Saved: First", exact=True)).to_be_visible()
    assert outbox_parts(requested) == ["outbox", "queue", "sending"]
    assert Bookmark.objects.filter(card=cards[0]).count() == 1


def test_only_the_saved_and_list_pages_load_what_shows_waiting_notes_and_saves(
    page, site_url, cards
):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(site_url + "/")
    page.get_by_role("button", name="Save: First", exact=True).tap()
    expect(page.get_by_role("button", name="Saved: First", exact=True)).to_be_visible()
    for path in (cards[0].get_absolute_url(), "/stand-still/"):
        page.goto(site_url + path, wait_until="networkidle")
    assert "pending" not in outbox_parts(requested)

    page.goto(site_url + "/saved/", wait_until="networkidle")
    assert outbox_parts(requested).count("pending") == 1
    page.goto(site_url + page.get_by_role("link", name="Notes and order").get_attribute("href"))
    expect(page.get_by_label("Why this one mattered")).to_be_attached()
    page.wait_for_load_state("networkidle")
    assert outbox_parts(requested).count("pending") == 2


@pytest.mark.offline  # the browser logs the requests that fail, and the 500
def test_a_save_replayed_into_a_server_error_is_kept_and_arrives_once(page, site_url, cards):
    button = queue_a_save_offline(page, site_url, cards[0])
    answers = []

    def first_a_500(route):
        answers.append(route.request.headers.get("idempotency-key"))
        if len(answers) == 1:
            route.fulfill(status=500, body="Server Error")
        else:
            route.continue_()

    page.route(f"**/saved/cards/{cards[0].pk}/", first_a_500)
    page.context.set_offline(False)

    expect(page.get_by_role("button", name="Saved: First", exact=True)).to_be_visible()
    expect(button).not_to_contain_text("waiting")
    assert len(answers) == 2 and answers[0] == answers[1]  # sent again, with its key
    assert Bookmark.objects.filter(card=cards[0]).count() == 1
    assert AppliedChange.objects.count() == 1
    page.wait_for_function(f"({OUTBOX_SIZE})().then(size => size === 0)")


@pytest.mark.offline  # the browser logs the requests that fail, and the 404
def test_a_save_the_server_says_cannot_be_made_leaves_the_outbox_and_says_which(
    page, site_url, cards
):
    queue_a_save_offline(page, site_url, cards[0])
    page.route(f"**/saved/cards/{cards[0].pk}/", lambda route: route.fulfill(status=404))

    page.context.set_offline(False)

    notice = page.locator("#connection")
    expect(notice).to_contain_text("“First” couldn't be saved")
    expect(page.get_by_role("button", name="Save: First", exact=True)).not_to_contain_text(
        "waiting"
    )
    page.wait_for_function(f"({OUTBOX_SIZE})().then(size => size === 0)")
    assert Bookmark.objects.count() == 0


def test_a_new_version_offers_an_update_and_leaves_one_cache(page, site_url, monkeypatch):
    from apps.pwa.offline import worker_context

    page.goto(site_url + "/")
    worker_ready(page)
    page.reload()
    old_caches = page.evaluate("caches.keys()")

    worker_context.cache_clear()
    monkeypatch.setattr("apps.pwa.offline.static_manifest_hash", lambda: "the-next-deploy")
    try:
        page.evaluate("navigator.serviceWorker.getRegistration().then(r => r.update())")
        prompt = page.locator("#update")
        expect(prompt).to_be_visible(timeout=10_000)
        expect(prompt).to_contain_text("Stand Still has been updated.")

        with page.expect_event("load"):
            prompt.get_by_role("button", name="Reload").tap()
        page.wait_for_function("navigator.serviceWorker.controller !== null")
        wait_until(page, "caches.keys().then(keys => keys.length === 1)")
    finally:
        worker_context.cache_clear()

    new_caches = page.evaluate("caches.keys()")
    assert len(new_caches) == 1
    assert new_caches != old_caches


READER_CACHE_HOLDS = """caches.keys().then(async (keys) => {{
  const name = keys.find((key) => key.startsWith("stand-still-reader-"));
  if (!name) return false;
  const cache = await caches.open(name);
  const held = await Promise.all({paths}.map((path) => cache.match(path, {{ ignoreVary: true }})));
  return held.every(Boolean);
}})"""


@pytest.mark.offline  # the browser logs the requests that fail
def test_saved_lists_and_saved_cards_open_offline_after_one_visit(page, site_url, cards):
    first, second = cards
    page.goto(site_url + "/")
    worker_ready(page)
    page.reload()  # now the worker controls the page
    page.get_by_role("button", name="Save: First", exact=True).tap()
    expect(page.get_by_role("button", name="Saved: First", exact=True)).to_be_visible()
    page.goto(site_url + "/saved/")
    list_path = page.get_by_role("link", name="Notes and order").get_attribute("href")
    paths = ["/saved/", list_path, first.get_absolute_url()]
    wait_until(page, READER_CACHE_HOLDS.format(paths=paths), timeout=15_000)

    page.context.set_offline(True)
    page.goto(site_url + "/saved/")
    expect(page.get_by_role("heading", name="Your saved cards")).to_be_visible()
    page.get_by_role("link", name="First").tap()
    expect(page.get_by_role("heading", name="First", level=1)).to_be_visible()
    page.goto(site_url + list_path)
    expect(page.get_by_role("heading", name="Saved", level=1)).to_be_visible()

    # A save made offline shows at once in the offline Saved page, and arrives once.
    page.goto(site_url + "/")
    page.get_by_role("button", name="Save: Second", exact=True).tap()
    expect(page.locator(f"#save-{second.pk} .save-toggle")).to_contain_text("Saved · will sync")
    page.goto(site_url + "/saved/")
    pending = page.locator("[data-pending-saves]")
    expect(pending).to_contain_text("Second")
    expect(pending).to_contain_text("Saved · will sync")

    page.context.set_offline(False)
    expect(pending).to_be_hidden(timeout=15_000)
    assert Bookmark.objects.filter(card=second).count() == 1
    assert AppliedChange.objects.filter(card=second).count() == 1  # sent once


def test_delete_all_my_data_empties_the_readers_offline_copies(page, site_url, cards):
    page.goto(site_url + "/")
    worker_ready(page)
    page.reload()
    page.get_by_role("button", name="Save: First", exact=True).tap()
    expect(page.get_by_role("button", name="Saved: First", exact=True)).to_be_visible()
    page.goto(site_url + "/saved/")
    wait_until(page, READER_CACHE_HOLDS.format(paths=["/saved/"]))

    page.get_by_role("link", name="Delete all my data").tap()
    page.get_by_role("button", name="Delete everything").tap()

    expect(page.get_by_text("Everything you saved has been deleted")).to_be_visible()
    # The old reader's copies are gone; the fresh Saved page is the new, empty reader's.
    kept = "caches.keys().then(keys => keys.filter(k => k.startsWith('stand-still-reader-')))"
    wait_until(page, f"{kept}.then(names => names.length === 1)")
    copy = f"{kept}.then(async ([name]) => (await caches.open(name)).match('{site_url}/saved/'))"
    text = page.evaluate(f"{copy}.then(response => response.text())")
    assert "Nothing saved yet." in text
    assert "First" not in text


NOTE = "Read this when the pull is strong.\nThen breathe out."


def a_saved_card_seen_in_its_list(page, site_url, card) -> str:
    """Save a card online, open Saved, and wait until the worker keeps Saved and the list
    offline. Gives the list's path."""
    page.goto(site_url + "/")
    worker_ready(page)
    page.reload()  # now the worker controls the page
    page.get_by_role("button", name=f"Save: {card.title}", exact=True).tap()
    expect(page.get_by_role("button", name=f"Saved: {card.title}", exact=True)).to_be_visible()
    page.goto(site_url + "/saved/")
    list_path = page.get_by_role("link", name="Notes and order").get_attribute("href")
    wait_until(page, READER_CACHE_HOLDS.format(paths=["/saved/", list_path]), timeout=15_000)
    return list_path


@pytest.mark.offline  # the browser logs the requests that fail
def test_a_note_written_offline_shows_at_once_and_arrives_exactly_once(page, site_url, cards):
    first = cards[0]
    list_path = a_saved_card_seen_in_its_list(page, site_url, first)

    page.context.set_offline(True)
    page.goto(site_url + list_path)  # the list's offline copy
    page.get_by_text("Add a note").tap()
    page.get_by_label("Why this one mattered").fill(NOTE)
    page.get_by_role("button", name="Save note").tap()

    item = page.locator(".bookmark")
    expect(item.locator(".note-text")).to_have_text(NOTE)
    expect(item).to_contain_text("Note saved on this phone · will sync")
    expect(page.locator("#connection")).to_contain_text("Your note is kept on this phone")
    page.reload()  # still offline: the copy shows the note, waiting
    expect(item.locator(".note-text")).to_have_text(NOTE)
    expect(item).to_contain_text("will sync")
    page.goto(site_url + "/saved/")  # and so does Saved's copy, under its card
    entry = page.locator(".saved-card").filter(has_text="First")
    expect(entry.locator(".note-text")).to_have_text(NOTE)
    expect(entry).to_contain_text("Note saved on this phone · will sync")
    assert Bookmark.objects.get(card=first).note == ""

    sent = []
    page.on("request", lambda r: "/note/" in r.url and r.method == "POST" and sent.append(r))
    page.context.set_offline(False)

    expect(entry).not_to_contain_text("will sync", timeout=15_000)
    page.wait_for_function(f"({OUTBOX_SIZE})().then(size => size === 0)")
    assert Bookmark.objects.get(card=first).note.replace("\r\n", "\n") == NOTE
    page.goto(site_url + list_path, wait_until="networkidle")
    expect(page.locator(".bookmark .note-text")).to_contain_text("Then breathe out.")
    expect(page.locator(".bookmark")).not_to_contain_text("will sync")
    assert len(sent) == 1
    assert AppliedChange.objects.filter(action="note").count() == 1


@pytest.mark.offline  # the browser logs the requests that fail, and the 404
def test_a_note_the_server_refuses_keeps_what_was_typed_in_its_box(page, site_url, cards):
    list_path = a_saved_card_seen_in_its_list(page, site_url, cards[0])
    page.context.set_offline(True)
    page.goto(site_url + list_path)
    page.get_by_text("Add a note").tap()
    page.get_by_label("Why this one mattered").fill(NOTE)
    page.get_by_role("button", name="Save note").tap()
    expect(page.locator(".bookmark")).to_contain_text("will sync")
    page.route("**/note/", lambda route: route.fulfill(status=404))

    page.context.set_offline(False)

    expect(page.locator("#connection")).to_contain_text("Your note on “First” couldn't be saved")
    expect(page.locator(".bookmark")).not_to_contain_text("will sync")
    expect(page.locator(".bookmark .note-text")).to_have_count(0)
    expect(page.get_by_label("Why this one mattered")).to_have_value(NOTE)
    page.wait_for_function(f"({OUTBOX_SIZE})().then(size => size === 0)")


# The text of the reader's kept copy of `path`, or "" (the test's own JavaScript).
READER_COPY = """caches.keys().then(async (keys) => {{
  const name = keys.find((key) => key.startsWith("stand-still-reader-"));
  const copy = name && (await (await caches.open(name)).match("{path}", {{ ignoreVary: true }}));
  return copy ? copy.text() : "";
}})"""


@pytest.mark.offline  # the browser logs the requests that fail
def test_a_note_saved_online_is_in_the_lists_offline_copy(page, site_url, cards):
    list_path = a_saved_card_seen_in_its_list(page, site_url, cards[0])
    page.goto(site_url + list_path)
    page.get_by_text("Add a note").tap()
    page.get_by_label("Why this one mattered").fill(NOTE)
    page.get_by_role("button", name="Save note").tap()
    expect(page.locator(".bookmark .note-text")).to_contain_text("Then breathe out.")
    copy = READER_COPY.format(path=list_path)
    wait_until(page, f"{copy}.then(text => text.includes('Then breathe out.'))", timeout=15_000)

    page.context.set_offline(True)
    page.goto(site_url + list_path)
    expect(page.locator(".bookmark .note-text")).to_contain_text("Then breathe out.")


@pytest.mark.offline  # the browser logs the requests that fail
def test_a_first_save_made_online_keeps_the_card_and_saved_offline(page, site_url, cards):
    first = cards[0]
    page.goto(site_url + "/")
    worker_ready(page)
    page.reload()  # now the worker controls the page; Saved has never been opened
    page.get_by_role("button", name="Save: First", exact=True).tap()
    expect(page.get_by_role("button", name="Saved: First", exact=True)).to_be_visible()
    paths = ["/saved/", first.get_absolute_url()]
    wait_until(page, READER_CACHE_HOLDS.format(paths=paths), timeout=15_000)

    page.context.set_offline(True)
    page.goto(site_url + "/saved/")
    page.get_by_role("link", name="First").tap()
    expect(page.get_by_role("heading", name="First", level=1)).to_be_visible()


@pytest.mark.offline  # the browser logs the requests that fail
def test_another_reader_on_the_phone_never_sees_the_first_readers_offline_copies(
    page, site_url, cards
):
    a_saved_card_seen_in_its_list(page, site_url, cards[0])
    kept = "caches.keys().then(keys => keys.filter(k => k.startsWith('stand-still-reader-')))"
    first_reader = page.evaluate(kept)

    page.context.clear_cookies()  # a new reader on this browser (cleared cookies, another person)
    page.goto(site_url + "/saved/")
    expect(page.get_by_text("Nothing saved yet.")).to_be_visible()
    wait_until(
        page, f"{kept}.then(names => names.length === 1 && names[0] !== '{first_reader[0]}')"
    )
    wait_until(page, CARDS_KEPT, timeout=15_000)  # anyone's copies, kept after install

    page.context.set_offline(True)
    page.goto(site_url + "/saved/")
    expect(page.get_by_text("Nothing saved yet.")).to_be_visible()
    # The first reader's saved card opens as anyone's copy: not saved, no note of theirs.
    page.goto(site_url + cards[0].get_absolute_url())
    expect(page.get_by_role("heading", name=cards[0].title)).to_be_visible()
    expect(page.get_by_role("button", name=f"Save: {cards[0].title}")).to_have_text("Save")
