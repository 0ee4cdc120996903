"""Installable: the manifest, its icons and the offline page."""

import struct

import pytest
from django.conf import settings

from apps.cards import views as cards_views
from apps.pwa.icons import ICONS, SOURCE, render
from tests.factories import make_article, make_card

pytestmark = pytest.mark.django_db


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_every_page_links_the_manifest_and_an_apple_touch_icon(client):
    html = client.get("/").content.decode()

    assert '<link rel="manifest" href="/manifest.webmanifest">' in html
    assert 'rel="apple-touch-icon" href="/static/pwa/apple-touch-icon.' in html


def test_the_manifest_describes_a_standalone_app(client):
    response = client.get("/manifest.webmanifest")
    manifest = response.json()

    assert response["Content-Type"] == "application/manifest+json"
    assert manifest["id"] == manifest["start_url"] == manifest["scope"] == "/"
    assert manifest["display"] == "standalone"
    for key in ("name", "short_name", "description", "theme_color", "background_color"):
        assert manifest[key]
    assert manifest["categories"]
    names = [shortcut["name"] for shortcut in manifest["shortcuts"]]
    assert len(names) <= 4
    assert "Stand still now" in names and "My plan" in names
    # The hardest moment comes first: one tap from the home screen into the path.
    first = manifest["shortcuts"][0]
    assert (first["name"], first["url"]) == ("I want to reach out", "/reach-out/")


def test_manifest_icons_have_the_pixel_sizes_they_claim(client):
    manifest = client.get("/manifest.webmanifest").json()
    pngs = [icon for icon in manifest["icons"] if icon["type"] == "image/png"]

    purposes = {(icon["sizes"], icon["purpose"]) for icon in pngs}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= purposes
    assert any(icon["type"] == "image/svg+xml" for icon in manifest["icons"])
    for icon in pngs:
        served = client.get(icon["src"])
        assert served.status_code == 200
        width, height = png_size(b"".join(served.streaming_content))
        assert f"{width}x{height}" == icon["sizes"]


def test_the_apple_touch_icon_is_180_pixels():
    data = (settings.BASE_DIR / "static/pwa/apple-touch-icon.png").read_bytes()

    assert png_size(data) == (180, 180)


@pytest.mark.parametrize("icon", ICONS, ids=[icon.name for icon in ICONS])
def test_committed_icons_are_rendered_from_the_source_svg(icon):
    committed = (SOURCE.parent / icon.name).read_bytes()

    assert committed == render(icon), "run `uv run manage.py makeicons` and commit the PNGs"


def test_the_offline_page_says_what_still_works(client):
    response = client.get("/offline/")

    assert response.status_code == 200
    text = response.content.decode()
    assert "You're offline" in text
    assert "timer works without a connection" in text


def test_the_service_worker_is_served_at_the_root_and_never_cached(client):
    response = client.get("/sw.js")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Cache-Control"] == "no-cache"


def test_the_worker_precaches_the_shell_by_hashed_names(client):
    body = client.get("/sw.js").content.decode()

    for name in ("core/site.", "core/app.", "django_htmx/htmx-2.min.", "pwa/icon."):
        assert f'"/static/{name}' in body
    # The manifest's and the home screen's icons are the browser's to fetch, online.
    assert ".png" not in body.split("const ASSETS = ", 1)[1].split(";", 1)[0]
    # Offline pages import these as they need them: the outbox's parts, the cards' storage.
    for part in ("outbox", "queue", "sending"):
        assert f'"/static/bookmarks/{part}.' in body
    assert '"/static/cards/stored.' in body
    for page in ("/offline/", "/stand-still/", "/help/", "/my-plan/"):
        assert f'"{page}"' in body
    assert "/static/admin/" not in body
    assert "https://" not in body


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_page_the_worker_keeps_finds_each_static_file_it_loads_kept_too(
    client, seeds, language
):
    from apps.pwa.offline import static_loaded_by, worker_context

    kept = worker_context(language)
    now = {url.removeprefix("/static/") for url in kept["assets"]}
    later = {url.removeprefix("/static/") for url in kept["later"] if url.startswith("/static/")}
    later_pages = [url for url in kept["later"] if not url.startswith("/static/")]

    for page in kept["pages"]:  # at install: all it needs, at install
        assert static_loaded_by(client.get(page).text, on_demand=True) - now == set(), page
    for page in later_pages:  # just after: all it needs, by then
        needs = static_loaded_by(client.get(page).text, on_demand=True)
        assert needs - now - later == set(), page
    assert later_pages and later  # the install leaves something for later
    assert not now & later


def test_the_worker_keeps_just_after_install_what_a_hard_moment_needs_less(client):
    body = client.get("/sw.js").content.decode()
    later = body.split("const LATER = ", 1)[1].split(";", 1)[0]

    for page in ("/privacy/", "/evening/"):
        assert f'"{page}"' in later
    assert '"/static/bookmarks/pending.' in later  # Saved's own
    assert '"/static/companion/evening.' in later
    assert "KEEP_REST" in body


def test_the_worker_version_follows_the_static_files_manifest(client, monkeypatch):
    from apps.pwa.offline import worker_context

    first = client.get("/sw.js").content.decode().split('const VERSION = "')[1][:12]
    worker_context.cache_clear()
    monkeypatch.setattr("apps.pwa.offline.static_manifest_hash", lambda: "a-new-deploy")
    try:
        second = client.get("/sw.js").content.decode().split('const VERSION = "')[1][:12]
    finally:
        worker_context.cache_clear()

    assert first != second


def test_a_replayed_offline_save_is_applied_once(client):
    from apps.bookmarks.models import AppliedChange, Bookmark
    from tests.factories import make_card

    card = make_card()
    client.get("/")
    key = "8f14e45f-ceea-467f-a8e2-6c1c3c1d1e1f"
    headers = {"Idempotency-Key": key, "HX-Request": "true"}

    client.post(f"/saved/cards/{card.pk}/", {"action": "save"}, headers=headers)
    client.post(f"/saved/cards/{card.pk}/", {"action": "unsave"})
    client.post(f"/saved/cards/{card.pk}/", {"action": "save"}, headers=headers)  # the replay

    assert Bookmark.objects.count() == 0
    assert AppliedChange.objects.count() == 1


def test_a_malformed_idempotency_key_is_a_400(client):
    from tests.factories import make_card

    card = make_card()

    response = client.post(
        f"/saved/cards/{card.pk}/", {"action": "save"}, headers={"Idempotency-Key": "nope"}
    )

    assert response.status_code == 400


def test_the_phone_is_told_every_own_voice_card_first_then_the_rest_capped(
    client, django_assert_num_queries, monkeypatch
):
    monkeypatch.setattr(cards_views, "OFFLINE_CARDS", 2)
    retold = make_article(title="Both of you are running")
    rest = [make_card(retold, title=f"Retold {i}", position=i) for i in range(3)]
    own = make_article(title="Ours", perspective="stand-still", source_file="", source_title="")
    ours = make_card(own, title="They blocked me. What now?")

    with django_assert_num_queries(1):
        response = client.get("/cards/offline.json")
    answer = response.json()

    assert answer == {
        "own": [ours.get_absolute_url()],
        "rest": [c.get_absolute_url() for c in rest[:2]],
    }
    assert response["Cache-Control"].startswith("max-age=0")
