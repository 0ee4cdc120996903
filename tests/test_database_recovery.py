"""A database that cannot be written, then can again, served by real gunicorn workers.

The worker connects while the database is read-only (a SQLite file it may not
write; on PostgreSQL, a database whose transactions are read-only, as on a replica).
A save is refused with "couldn't save, try again" and never a 500; once the
database is writable again, the next save through the same worker succeeds, with
no restart (before, workers kept their read-only connection until sent HUP).
"""

import contextlib
import http.cookiejar
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from django.conf import settings
from django.db import OperationalError, connection
from django.db.backends.signals import connection_created

from apps.bookmarks.models import Bookmark, BookmarkList
from tests.bookmarks_helpers import bookmarks_of, lists_of, reader_client, save
from tests.factories import make_card


def database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    host = f"{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}"
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{host}/{db['NAME']}"


@contextlib.contextmanager
def read_only_database():
    """Make the test database refuse writes from new connections, until the block ends
    or `writable()` is called."""
    if connection.vendor == "sqlite":
        path = connection.settings_dict["NAME"]
        # root writes to any file whatever its mode, but not to an immutable one.
        lock = ["chattr", "+i", path] if os.geteuid() == 0 else ["chmod", "a-w", path]
        unlock = ["chattr", "-i", path] if os.geteuid() == 0 else ["chmod", "u+w", path]
        subprocess.run(lock, check=True)

        def writable():
            subprocess.run(unlock, check=True)
    else:
        name = connection.ops.quote_name(connection.settings_dict["NAME"])
        with connection.cursor() as cursor:
            cursor.execute(f"ALTER DATABASE {name} SET default_transaction_read_only = on")

        def writable():
            with connection.cursor() as cursor:
                cursor.execute(f"ALTER DATABASE {name} RESET default_transaction_read_only")

    try:
        yield writable
    finally:
        writable()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def gunicorn(workers: int = 1):
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.test_settings",
        "STANDSTILL_TEST_RUN_DIR": str(settings.TEST_RUN_DIR),
        "DATABASE_URL": database_url(),
    }
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi",
            "--config",
            str(settings.BASE_DIR / "gunicorn.conf.py"),
            "--pythonpath",
            str(settings.BASE_DIR / "site"),
            "--chdir",
            str(settings.BASE_DIR),
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--no-control-socket",
        ],  # fmt: skip
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:  # until gunicorn answers, or gives up
            assert server.poll() is None, server.stderr.read().decode()
            try:
                urllib.request.urlopen(f"{url}/robots.txt", timeout=30)
                break
            except (urllib.error.URLError, ConnectionError):
                assert time.monotonic() < deadline, "gunicorn never answered"
                time.sleep(0.1)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """A visitor with a cookie jar, posting forms with their CSRF token."""

    def __init__(self, url):
        self.url, self.jar = url, http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirects()
        )

    def request(self, path, data=None):
        token = next((c.value for c in self.jar if c.name == "csrftoken"), "")
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.url + path, data=body, headers={"X-CSRFToken": token})
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()


@pytest.mark.django_db(transaction=True)
def test_a_worker_that_met_a_read_only_database_saves_again_once_it_is_writable():
    with read_only_database() as writable, gunicorn(workers=1) as url:
        reader = Browser(url)
        assert reader.request("/help/")[0] == 200  # the reader and CSRF cookies

        status, page = reader.request("/saved/lists/", {"name": "For the mornings"})
        assert status == 503, page
        assert "Couldn't save, try again" in page
        assert ">For the mornings</textarea>" in page

        assert reader.request("/saved/")[0] in {200, 503}  # a read reconnects, still read-only
        writable()

        status, page = reader.request("/saved/lists/", {"name": "For the mornings"})
        assert status == 302, page
        assert BookmarkList.objects.filter(name="For the mornings").count() == 1


@contextlib.contextmanager
def full_database():
    """The test database on a full disk, until the block ends.

    SQLite: it may not grow by one page (PRAGMA max_page_count on every connection,
    its free pages used up), so /healthz's probe meets SQLITE_FULL as on a full disk.
    A write still fits in room left inside a page, so every insert or update (this
    thread's) of a list or saved card also fails as SQLite's SQLITE_FULL does: an
    OperationalError "database or disk is full".
    PostgreSQL: every insert or update of a list or a saved card fails with the
    server's own `disk_full` error (SQLSTATE 53100, psycopg's DiskFull)."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA page_count")
            pages = cursor.fetchone()[0]

        def limit(sender, connection, **kwargs):
            with connection.cursor() as cursor:
                cursor.execute(f"PRAGMA max_page_count = {pages}")

        tables = (BookmarkList._meta.db_table, Bookmark._meta.db_table)

        def refuse_writes(execute, sql, params, many, context):
            if sql.lstrip().upper().startswith(("INSERT", "UPDATE")) and any(
                f'"{table}"' in sql for table in tables
            ):
                raise OperationalError("database or disk is full")
            return execute(sql, params, many, context)

        limit(None, connection)
        fillers = []
        with connection.cursor() as cursor, contextlib.suppress(OperationalError):
            while True:  # each table takes a page: the free ones, then up to the limit
                cursor.execute(f"CREATE TABLE disk_filler_{len(fillers)} (id INTEGER)")
                fillers.append(f"disk_filler_{len(fillers)}")
        connection_created.connect(limit)
        try:
            with connection.execute_wrapper(refuse_writes):
                yield
        finally:
            connection_created.disconnect(limit)
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA max_page_count = 1073741823")
                for table in fillers:
                    cursor.execute(f"DROP TABLE {table}")
        return
    tables = [BookmarkList._meta.db_table, Bookmark._meta.db_table]
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE FUNCTION disk_full() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            "RAISE EXCEPTION 'could not extend file: No space left on device' "
            "USING ERRCODE = 'disk_full'; END $$"
        )
        for table in tables:
            cursor.execute(
                f"CREATE TRIGGER disk_full BEFORE INSERT OR UPDATE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION disk_full()"
            )
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            for table in tables:
                cursor.execute(f"DROP TRIGGER disk_full ON {table}")
            cursor.execute("DROP FUNCTION disk_full()")


@pytest.mark.django_db(transaction=True)
def test_on_a_full_disk_saves_are_503_with_the_words_kept_and_healthz_names_it(client):
    reader = reader_client()
    card = make_card()
    save(reader, card)
    bookmark = bookmarks_of(reader).get()
    note_url = f"/saved/lists/{bookmark.list_id}/cards/{bookmark.pk}/note/"

    with full_database():
        response = reader.post("/saved/lists/", {"name": "For the mornings"})
        page = response.content.decode()
        assert response.status_code == 503, page
        assert "Couldn't save, try again" in page
        assert ">For the mornings</textarea>" in page

        response = reader.post(note_url, {"note": "Read this at 2am."})
        assert response.status_code == 503
        assert ">Read this at 2am.</textarea>" in response.content.decode()

        if connection.vendor == "sqlite":  # PostgreSQL tells no client its free space
            health = client.get("/healthz")
            assert health.status_code == 503
            assert health.json()["database"] == "full"
            assert "disk is full" in health.json()["reasons"][0]

    assert client.get("/healthz").json()["database"] == "ok"
    assert reader.post("/saved/lists/", {"name": "For the mornings"}).status_code == 302
    reader.post(note_url, {"note": "Read this at 2am."})
    assert bookmarks_of(reader).get().note == "Read this at 2am."
    assert lists_of(reader).filter(name="For the mornings").count() == 1
