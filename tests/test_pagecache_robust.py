"""The page cache under real traffic and real faults (apps/core/caching.py, pagecache.py):
few round trips per hit, no folder listing on a write, nothing that must be kept is
culled, compressed pages that decompress byte for byte, and a damaged or unreachable
cache that is a miss, never an error."""

import gzip
import logging
import os
import pickle
import re
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest
from diskcache import DjangoCache
from django.core.cache import caches
from django.core.cache.backends.base import BaseCache
from django.test import Client, override_settings

import config.settings as production
from apps.bookmarks.models import Bookmark
from apps.core import caching, pagecache
from tests.bookmarks_helpers import bookmarks_of, lists_of, reader_client, save
from tests.factories import make_card

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}


@pytest.fixture(autouse=True)
def fresh_failures(monkeypatch):
    monkeypatch.setattr(caching, "_failing", set())


@pytest.fixture
def round_trips(monkeypatch):
    """Every call a request makes to either cache, outermost calls only (a backend's
    get_many may call its own get)."""
    calls: list[tuple[str, str]] = []
    depth = [0]

    def counting(call, alias: str, name: str):
        def counted(*args, **kwargs):
            if not depth[0]:
                calls.append((alias, name))
            depth[0] += 1
            try:
                return call(*args, **kwargs)
            finally:
                depth[0] -= 1

        return counted

    for alias in ("default", "versions"):
        cache = caches[alias]
        for name in ("get", "get_many", "set", "set_many", "add", "get_or_set", "delete"):
            monkeypatch.setattr(cache, name, counting(getattr(cache, name), alias, name))
    return calls


def test_a_hit_costs_two_round_trips_and_writes_nothing(round_trips):
    card = make_card(title="Two reads", topics=("calm",))
    stranger, reader = Client(), reader_client()
    save(reader, make_card(title="Saved, on other pages", topics=("healing",)))
    paths = ("/?topic=calm", card.get_absolute_url())
    for client in (stranger, reader):
        for path in paths:
            client.get(path)  # kept; the reader's saved cards are kept with their version

    for client in (stranger, reader):
        for path in paths:
            round_trips.clear()
            assert client.get(path).status_code == 200
            assert round_trips == [("versions", "get_many"), ("default", "get_many")], path


def test_a_miss_reads_each_cache_once_and_writes_the_page(round_trips):
    """The view's own reads of what is kept per content version (the topics, the
    reading order) use the version the page's key was made with: no read of their own."""
    card = make_card(title="A first visit", topics=("calm",))

    for path in ("/?topic=calm", card.get_absolute_url(), card.article.get_absolute_url()):
        round_trips.clear()
        assert Client().get(path).status_code == 200
        assert round_trips == [
            ("versions", "get_many"),
            ("default", "get_many"),
            ("default", "set_many"),
        ], path


def test_a_personal_page_seen_before_costs_two_round_trips(round_trips):
    reader = reader_client()
    save(reader, make_card(title="Mine"))
    reader.get("/saved/")  # with the "Saved." toast: not kept
    reader.get("/saved/")

    round_trips.clear()
    assert "1 card" in reader.get("/saved/").content.decode()
    assert round_trips == [("versions", "get_many"), ("default", "get_many")]


def test_a_reader_whose_saves_differ_from_the_kept_copy_costs_one_more(round_trips):
    card = make_card(title="Saved by one")
    Client().get("/")  # the page's copy: nothing saved
    reader = reader_client()
    save(reader, card)
    reader.get("/")  # the toast
    reader.get("/")  # their own copy, kept beside the page's

    round_trips.clear()
    page = reader.get("/").content.decode()
    assert 'aria-label="Saved: Saved by one"' in page
    assert round_trips == [
        ("versions", "get_many"),
        ("default", "get_many"),
        ("default", "get_many"),
    ]


# Compressed pages: kept compressed only, the token put in as they leave.


def test_a_compressed_hit_is_byte_for_byte_the_page_with_a_working_token():
    card = make_card(title="Compressed")
    client = Client(enforce_csrf_checks=True)
    first = client.get("/", **GZIP)
    second = client.get("/", **GZIP)  # a hit: the kept parts, no compression

    for answer in (first, second):
        assert answer["Content-Encoding"] == "gzip"
        assert "Accept-Encoding" in answer["Vary"]
        assert int(answer["Content-Length"]) == len(answer.content)
    pages = [gzip.decompress(answer.content).decode() for answer in (first, second)]
    plain = Client().get("/").content.decode()  # no Accept-Encoding: the same page, plain
    tokens = [TOKEN.search(html)[1] for html in (*pages, plain)]
    for html, token in zip((*pages, plain), tokens, strict=True):
        assert html.replace(token, "TOKEN") == plain.replace(tokens[2], "TOKEN")
        assert html.count(token) == html.count("csrfmiddlewaretoken") + 1  # forms and <body>
        assert pagecache.HOLE not in html
    answer = client.post(
        f"/saved/cards/{card.pk}/", {"action": "save", "csrfmiddlewaretoken": tokens[1]}
    )
    assert answer.status_code == 302
    assert Bookmark.objects.filter(card=card).exists()


def test_a_list_page_with_many_forms_is_kept_compressed_only_and_served_whole(monkeypatch):
    """The heaviest kept page: a reader's list, a card's several forms each, so dozens of
    tokens. Kept as its compressed copy alone; gzip and plain hits are the page."""
    reader = reader_client()
    cards = [make_card(title=f"Kept card {n}") for n in range(12)]
    for card in cards:
        save(reader, card)
    path = lists_of(reader).get().get_absolute_url()
    reader.get(path)  # with the "Saved." toast: not kept
    kept = []
    real_set_many = caching.set_many
    monkeypatch.setattr(
        caching,
        "set_many",
        lambda alias, values, timeout: (
            kept.extend(v for v in values.values() if isinstance(v, pagecache.Kept)),
            real_set_many(alias, values, timeout),
        ),
    )
    strict = Client(enforce_csrf_checks=True)
    strict.cookies = reader.cookies
    with override_settings(PAGE_CACHE_HEADER=True):
        first = strict.get(path, **GZIP)
        hit = strict.get(path, **GZIP)
        plain = strict.get(path)  # no Accept-Encoding: the kept stream inflated

    assert [a["X-Page-Cache"] for a in (first, hit, plain)] == ["miss", "hit", "hit"]
    assert [a.get("Content-Encoding") for a in (first, hit, plain)] == ["gzip", "gzip", None]
    pages = [gzip.decompress(a.content).decode() for a in (first, hit)] + [plain.content.decode()]
    tokens = [TOKEN.search(html)[1] for html in pages]
    for html, token in zip(pages, tokens, strict=True):
        assert html.replace(token, "TOKEN") == pages[2].replace(tokens[2], "TOKEN")
        assert html.count(token) == html.count("csrfmiddlewaretoken") + 1 >= 3 * 12
        assert pagecache.HOLE not in html and "\0" not in html
        assert all(f"Kept card {n}<" in html for n in range(12))
    (copy,) = kept  # kept compressed
    weight = len(pickle.dumps(copy, pickle.HIGHEST_PROTOCOL))
    assert weight < len(gzip.compress(pages[2].encode())) + 2048 < len(pages[2]) // 3
    bookmark = bookmarks_of(reader).get(card=cards[0])  # its own pk, not the card's
    remove = f"{path}cards/{bookmark.pk}/remove/"
    answer = strict.post(remove, {"csrfmiddlewaretoken": tokens[2]})  # the plain page's token
    assert answer.status_code == 302
    assert not bookmarks_of(reader).filter(card=cards[0]).exists()


def test_a_page_with_a_nul_byte_is_served_but_never_kept(settings, tmp_path):
    """The framing can't hold a NUL byte: such a page is served whole, with its working
    token, and rendered afresh each time. (In a template here: PostgreSQL keeps no NUL
    in text, and every form value has its NULs taken out, core/edge.py.)"""
    shutil.copytree(settings.BASE_DIR / "templates", tmp_path, dirs_exist_ok=True)
    base = tmp_path / "base.html"
    base.write_text(base.read_text().replace("</footer>", "<!-- a nul\0 here --></footer>"))
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]
    settings.PAGE_CACHE_HEADER = True
    make_card(title="Served whole")
    client = Client(enforce_csrf_checks=True)
    answers = [client.get("/", **GZIP) for _ in range(2)]

    for answer in answers:
        assert answer.status_code == 200 and "X-Page-Cache" not in answer
        html = gzip.decompress(answer.content).decode()
        assert "Served whole" in html and "a nul\0 here" in html
        assert pagecache.HOLE not in html and TOKEN.search(html)[1] != pagecache.HOLE


def test_compressed_sizes_vary_from_response_to_response():
    """As Django's GZipMiddleware does against BREACH: random bytes in the gzip header."""
    make_card(title="Padding")
    client = Client()
    sizes = {len(client.get("/", **GZIP).content) for _ in range(8)}
    assert len(sizes) > 1


@pytest.mark.django_db(transaction=True)
def test_curl_decompresses_a_kept_page(live_server):
    make_card(title="Through curl")
    url = f"{live_server.url}/"
    command = ["curl", "--silent", "--fail", "--compressed", "--dump-header", "-", url]
    first = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    second = subprocess.run(command, capture_output=True, text=True, check=True).stdout

    for answer in (first, second):
        assert re.search(r"^content-encoding: gzip\r?$", answer, re.M | re.I)
        assert "Through curl" in answer and answer.rstrip().endswith("</html>")


# Culling: by size, through an index; never the versions.


@pytest.fixture
def disk_caches(tmp_path):
    """The single-machine caches (diskcache stores) as the settings choose them without
    REDIS_URL, in a folder of this test's own, with a page cache small enough to cull:
    768 KB in 8 shards, where an empty shard already takes 32 KB and a kept feed page a
    few KB, so a shard holds about fifteen pages. A full shard drops one entry at a time
    (the oldest) rather than diskcache's ten, which would empty a shard this small."""
    config = production.cache_settings("", tmp_path)
    small = {"size_limit": 768 * 2**10, "cull_limit": 1}
    config["default"]["OPTIONS"] = {**config["default"]["OPTIONS"], **small}
    with override_settings(CACHES=config, PAGE_CACHE_HEADER=True):
        yield tmp_path
        close_files()


def close_files() -> None:
    """Close the diskcache stores' SQLite files for real (the backend keeps them open
    between requests); any other cache is left as it is."""
    for cache in caches.all(initialized_only=True):
        if isinstance(cache, DjangoCache):
            DjangoCache.close(cache)


def test_close_files_closes_the_disk_caches_and_leaves_any_other_alone(tmp_path):
    config = production.cache_settings("", tmp_path)
    config["memory"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    with override_settings(CACHES=config):
        for alias in config:
            caches[alias].set("kept", "yes")
        shards = [
            shard for alias in ("default", "versions") for shard in caches[alias]._cache._shards
        ]
        assert any(getattr(shard._local, "con", None) for shard in shards)

        close_files()

        assert not any(getattr(shard._local, "con", None) for shard in shards)
        assert caches["memory"].get("kept") == "yes"
        assert caches["default"].get("kept") == "yes"  # opened again on the next use


def test_a_flood_of_pages_and_junk_readers_culls_pages_never_the_content_version(
    disk_caches, monkeypatch
):
    make_card(title="Steady")
    client = Client()
    client.get("/")
    version = pagecache.content_version()

    def no_listing_of_the_cache(original):
        def listing(folder=".", *args, **kwargs):
            assert not str(folder).startswith(str(disk_caches)), "a cache write listed a folder"
            return original(folder, *args, **kwargs)

        return listing

    for name in ("listdir", "scandir", "walk"):
        monkeypatch.setattr(os, name, no_listing_of_the_cache(getattr(os, name)))
    monkeypatch.setattr(Path, "iterdir", no_listing_of_the_cache(Path.iterdir))
    junk = Client()
    # Pages go to a shard by the hash of their key: 200 put about 25 in each.
    for n in range(200):
        junk.cookies["reader"] = f"junk-{n}"
        assert junk.get(f"/?flood={n}").status_code == 200
    monkeypatch.undo()

    store = caches["default"]._cache
    kept = sum(1 for shard in store._shards for key in shard.iterkeys() if "page:" in str(key))
    assert pagecache.content_version() == version
    # Culled for room: 8 shards of about 15 pages each keep some 120 of the 200, whichever
    # way the keys fall (which page goes where changes with the content version).
    assert kept <= 130
    assert client.get("/?flood=199")["X-Page-Cache"] == "hit"  # the newest kept, same version


# A damaged or unreachable cache: a miss, never an error.


def damage_entries(folder: Path, how: str) -> int:
    """Truncate or overwrite every value kept in the SQLite files under `folder`."""
    change = {
        "truncated": "UPDATE Cache SET value = substr(value, 1, length(value) / 2)",
        "garbage": "UPDATE Cache SET value = randomblob(64), mode = 4",
    }[how]
    damaged = 0
    for db in folder.rglob("cache.db"):
        with sqlite3.connect(db) as connection:
            damaged += connection.execute(change + " WHERE value IS NOT NULL").rowcount
    return damaged


def damage_files(folder: Path, how: str) -> int:
    damaged = 0
    for db in folder.rglob("cache.db*"):
        data = db.read_bytes()
        db.write_bytes(data[: len(data) // 2] if how == "truncated" else os.urandom(len(data)))
        damaged += 1
    return damaged


@pytest.mark.parametrize("how", ["truncated", "garbage"])
@pytest.mark.parametrize("where", ["default", "versions"])
def test_a_damaged_entry_is_a_miss_and_is_replaced(disk_caches, how, where):
    card = make_card(title="Still here")
    client = reader_client()
    save(client, card)
    client.get("/")  # the toast
    client.get("/")
    assert client.get("/")["X-Page-Cache"] == "hit"
    close_files()

    assert damage_entries(Path(caches[where].directory), how) > 0

    first = client.get("/")
    assert first.status_code == 200
    assert 'aria-label="Saved: Still here"' in first.content.decode()
    assert client.get("/healthz").status_code == 200
    assert client.get("/")["X-Page-Cache"] == "hit"  # the damaged entry was replaced


@pytest.mark.parametrize("how", ["truncated", "garbage"])
def test_a_damaged_cache_file_never_takes_the_site_down(disk_caches, how):
    card = make_card(title="Still standing")
    client = reader_client()
    client.get("/")
    client.get(card.get_absolute_url())
    close_files()

    assert damage_files(disk_caches, how) > 0

    for path in ("/", card.get_absolute_url(), "/saved/", "/healthz"):
        assert client.get(path).status_code == 200, path
    assert save(client, card).status_code == 302
    assert 'aria-label="Saved: Still standing"' in client.get("/").content.decode()
    shutil.rmtree(caches["default"].directory)  # gone altogether: made again
    assert client.get("/").status_code == 200


class UnreachableCache(BaseCache):
    """A cache server that is down: every call fails."""

    def __init__(self, location, params):
        super().__init__(params)

    def _down(self, *args, **kwargs):
        raise ConnectionError("Connection refused")

    get = get_many = set = set_many = add = delete = get_or_set = clear = _down


UNREACHABLE = {"BACKEND": f"{__name__}.UnreachableCache"}


def test_an_unreachable_cache_means_pages_without_it_and_one_warning(caplog):
    card = make_card(title="No cache today")
    client = reader_client()
    caplog.set_level(logging.WARNING, logger="apps.core.caching")

    with override_settings(CACHES={"default": UNREACHABLE, "versions": UNREACHABLE}):
        for path in ("/", "/", card.get_absolute_url(), "/search/?q=cache", "/saved/"):
            assert client.get(path, **GZIP).status_code == 200, path
        assert save(client, card).status_code == 302
        assert 'aria-label="Saved: No cache today"' in client.get("/").content.decode()
        assert client.get("/healthz").status_code == 200

    warnings = [r.getMessage() for r in caplog.records if "can't be used" in r.getMessage()]
    assert len(warnings) == 1, warnings  # not one per request
    assert "versions cache" in warnings[0] and "Connection refused" in warnings[0]


def test_an_unreachable_page_cache_alone_still_serves_pages():
    make_card(title="Half a cache")
    versions = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    with override_settings(CACHES={"default": UNREACHABLE, "versions": versions}):
        for _ in range(2):
            assert "Half a cache" in Client().get("/").content.decode()


def test_a_version_of_the_wrong_shape_is_replaced():
    caches["versions"].set(pagecache.VERSION_KEY, 12345, None)

    version = pagecache.content_version()

    assert isinstance(version, str)
    assert caches["versions"].get(pagecache.VERSION_KEY) == version


def test_a_compressed_kept_page_is_as_small_as_one_gzip_of_it():
    """The parts are compressed as one stream (each primed with what precedes it), not
    each from nothing: a feed full of save forms, so of tokens, stays small."""
    for n in range(12):
        make_card(title=f"Card with a save form {n}")
    client = Client()
    client.get("/", **GZIP)
    kept = client.get("/", **GZIP)
    html = gzip.decompress(kept.content)

    assert html.count(b'name="csrfmiddlewaretoken"') >= 12
    one_stream = len(gzip.compress(html, compresslevel=6))
    tokens = html.count(b"csrfmiddlewaretoken") + 1
    # At most: the random name, the first token as it is, ~20 bytes for each copy of it.
    assert len(kept.content) <= one_stream + 100 + 64 + 25 * tokens
