"""Installable: the manifest, its icons and the offline page."""

import struct

import pytest
from django.conf import settings

from apps.pwa.icons import ICONS, SOURCE, render

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
    assert "Stand still now" in names and "Saved" in names
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

    for name in ("core/site.", "core/app.", "django_htmx/htmx-2.min.", "pwa/icon.", "core/help"):
        assert f'"/static/{name}' in body
    # The manifest's and the home screen's icons are the browser's to fetch, online.
    assert ".png" not in body.split("const ASSETS = ", 1)[1].split(";", 1)[0]
    # Offline pages import these as they need them: the outbox's parts, the cards' storage.
    for part in ("outbox", "queue", "sending", "pending"):
        assert f'"/static/bookmarks/{part}.' in body
    assert '"/static/cards/stored.' in body
    for page in ("/offline/", "/stand-still/", "/help/", "/privacy/"):
        assert f'"{page}"' in body
    assert "/static/admin/" not in body
    assert "https://" not in body


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


def make_reading(own_articles=1):
    """A retold article of three cards and `own_articles` own-voice ones of two each."""
    from apps.cards.models import Perspective
    from tests.factories import make_article, make_card

    retold = make_article(slug="retold", position=1)
    rest = [make_card(retold, slug=f"retold-{i}", position=i) for i in range(3)]
    own = []
    for n in range(own_articles):
        article = make_article(
            slug=f"own-{n}", position=10 + n, perspective=Perspective.STAND_STILL, source_file=""
        )
        own += [make_card(article, slug=f"own-{n}-{i}", position=i) for i in range(2)]
    return own, rest


def test_the_reading_list_puts_every_own_voice_card_and_its_article_in_the_shell(client):
    own, rest = make_reading()
    reading = client.get("/offline/reading.json").json()
    assert reading["shell"] == [c.get_absolute_url() for c in own] + ["/articles/own-0/"]
    assert reading["rest"] == [c.get_absolute_url() for c in rest]

    # A new own-voice article (as seeds/08-everyday-moments.md) joins with no change here.
    from apps.cards.models import Perspective
    from tests.factories import make_article, make_card

    new = make_article(slug="everyday", perspective=Perspective.STAND_STILL, source_file="")
    card = make_card(new, slug="new-partner")

    shell = client.get("/offline/reading.json").json()["shell"]
    assert card.get_absolute_url() in shell and "/articles/everyday/" in shell


def test_the_rest_of_the_cards_follow_in_reading_order_up_to_the_cap(client, monkeypatch):
    from django.utils import timezone

    from apps.pwa import offline

    own, rest = make_reading()
    rest[1].archived_at = timezone.now()
    rest[1].save()
    monkeypatch.setattr(offline, "READ_AHEAD_LIMIT", 1)

    reading = client.get("/offline/reading.json").json()

    assert reading["rest"] == [rest[0].get_absolute_url()]
    assert len(reading["shell"]) == 3, "the own voice is never capped"


def test_the_reading_list_is_the_same_for_everyone_and_costs_two_queries(
    client, django_assert_max_num_queries
):
    make_reading(own_articles=3)

    with django_assert_max_num_queries(3):  # the content version, then the two lists
        response = client.get("/offline/reading.json")

    assert response.status_code == 200
    assert "public" in response["Cache-Control"] and "max-age=3600" in response["Cache-Control"]
    assert not response.cookies
    assert "Cookie" not in response.get("Vary", "")


def test_the_install_keeps_only_the_shell_and_the_cards_come_after(client):
    make_reading()
    body = client.get("/sw.js").content.decode()
    pages = body.split("const PAGES = ", 1)[1].split(";", 1)[0]

    assert "/cards/" not in pages and "/articles/" not in pages
    assert '"/help/"' in pages
    assert 'const READING_URL = "/offline/reading.json";' in body
