"""`manage.py serve` prepares everything, then hands over to gunicorn."""

import os
import runpy
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from apps.core.management.commands import serve

pytestmark = pytest.mark.django_db


def test_serve_migrates_collects_static_and_starts_gunicorn(monkeypatch, capsys):
    started = {}
    monkeypatch.setattr("os.execv", lambda path, args: started.update(path=path, args=args))

    call_command("serve", "--port", "8123", "--host", "127.0.0.1")

    assert started["args"][1:4] == ["-m", "gunicorn", "config.wsgi"]
    assert "127.0.0.1:8123" in started["args"]
    # loopback is shown by name: passkeys need one (WebAuthn takes no IP address)
    assert os.environ["STANDSTILL_SERVE_URL"] == "http://localhost:8123/"
    # said by gunicorn once a worker is ready (gunicorn.conf.py), not before
    assert "running" not in capsys.readouterr().out


@pytest.fixture(autouse=True)
def serve_url(monkeypatch):
    """serve hands gunicorn the URL to print in the environment: restored after each test."""
    monkeypatch.delenv("STANDSTILL_SERVE_URL", raising=False)


def test_serve_prints_an_ipv6_url_with_brackets(monkeypatch):
    started = {}
    monkeypatch.setattr("os.execv", lambda path, args: started.update(args=args))
    monkeypatch.setattr(serve, "refuse_if_taken", lambda host, port: None)  # not this machine's

    call_command("serve", "--host", "fd00::5", "--port", "8124")

    assert "[fd00::5]:8124" in started["args"]
    assert os.environ["STANDSTILL_SERVE_URL"] == "http://[fd00::5]:8124/"


def test_serve_refuses_a_port_in_use_before_doing_anything(monkeypatch):
    started = []
    monkeypatch.setattr("os.execv", lambda path, args: started.append(args))
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]

        with pytest.raises(CommandError, match=f"Port {port} on 127.0.0.1 is already in use"):
            call_command("serve", "--port", str(port))

    assert started == []


@pytest.fixture
def collections(monkeypatch, tmp_path):
    """serve's collectstatic runs, into a STATIC_ROOT of this test's own, with one more
    source folder the test may change; gunicorn is not started."""
    monkeypatch.setattr("os.execv", lambda path, args: None)
    ran = []
    real = serve.call_command

    def counting(name, *args, **kwargs):
        if name == "collectstatic":
            ran.append(name)
        return real(name, *args, **kwargs)

    monkeypatch.setattr(serve, "call_command", counting)
    extra = tmp_path / "extra"
    (extra / "core").mkdir(parents=True)
    (extra / "core" / "note.txt").write_text("first")
    dirs = [*serve.settings.STATICFILES_DIRS, extra]
    # Hashed but not compressed: the same steps, without minutes of brotli.
    storages = {
        **serve.settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    with override_settings(
        STATIC_ROOT=tmp_path / "static", STATICFILES_DIRS=dirs, STORAGES=storages
    ):
        yield ran, extra / "core" / "note.txt"


def test_serve_collects_static_once_then_only_after_a_change(collections, capsys):
    ran, source = collections

    call_command("serve", "--port", "8125")
    call_command("serve", "--port", "8125")
    assert ran == ["collectstatic"]
    assert "Static files unchanged" in capsys.readouterr().out

    source.write_text("second")
    call_command("serve", "--port", "8125")
    assert ran == ["collectstatic", "collectstatic"]


def test_serve_collects_again_when_the_collection_was_touched(collections, settings):
    ran, _ = collections
    call_command("serve", "--port", "8125")

    (settings.STATIC_ROOT / "staticfiles.json").unlink()
    call_command("serve", "--port", "8125")

    assert ran == ["collectstatic", "collectstatic"]
    assert (settings.STATIC_ROOT / "staticfiles.json").exists()


def test_the_access_log_records_paths_without_their_query_or_referrer(monkeypatch):
    """A query may carry a choice made on the reach-out path without JavaScript."""
    started = {}
    monkeypatch.setattr("os.execv", lambda path, args: started.update(args=args))
    call_command("serve", "--port", "8123")
    args = started["args"]
    config = runpy.run_path(args[args.index("--config") + 1])

    log_format = config["access_log_format"]
    assert "%(U)s" in log_format  # the path alone
    for atom in ("%(r)s", "%(q)s", "%(f)s"):  # request line, query, referrer
        assert atom not in log_format
    assert "--access-logformat" not in args  # the file's format is the one used


PROJECT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_port_in_use_is_one_clear_line_and_exit_1():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "manage.py", "serve", "--port", str(port)],
            cwd=PROJECT, capture_output=True, text=True, timeout=60,
        )  # fmt: skip

    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"CommandError: Port {port} on 127.0.0.1 is already in use: stop what runs there, "
        "or choose another port with --port."
    ]
    assert "running" not in result.stdout


@pytest.fixture
def served(tmp_path):
    """`manage.py serve` on a fresh SQLite database, two workers: its port, once it
    has said it is running (a bounded wait)."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    env |= {
        "DJANGO_SECRET_KEY": "test-serve-" + "k" * 50,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "DJANGO_CACHE_DIR": str(tmp_path / "cache"),
        "REDIS_URL": "",
    }
    process = subprocess.Popen(
        [sys.executable, "manage.py", "serve", "--port", str(port), "--workers", "2"],
        cwd=PROJECT, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )  # fmt: skip
    try:
        said = ""
        deadline = time.monotonic() + 120
        while "Stand Still is running at" not in said and time.monotonic() < deadline:
            said = process.stdout.readline()
            if not said and process.poll() is not None:
                break
        assert f"http://localhost:{port}/" in said, "serve never said it was running"
        yield port
    finally:
        process.terminate()
        process.wait(timeout=30)


def get(port: int, path: str, timeout: float) -> int:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=timeout) as response:
        return response.status


def test_serve_says_it_is_running_once_it_answers_and_slow_clients_freeze_nothing(served):
    port = served
    # "running" was printed: the very next request is answered.
    assert get(port, "/healthz", timeout=5) == 200

    # Four slow clients (twice the two workers that froze a sync server): each has
    # begun its headers and sends nothing more, as one dribbling a byte every few
    # seconds does between bytes. Each holds a thread, never a worker.
    slow = [socket.create_connection(("127.0.0.1", port)) for _ in range(4)]
    try:
        for client in slow:
            client.sendall(b"GET / HTTP/1.1\r\nHost: localhost\r\nX-Slow: ")
        for _ in range(5):
            started = time.monotonic()
            assert get(port, "/healthz", timeout=10) == 200
            assert time.monotonic() - started < 5
    finally:
        for client in slow:
            client.close()
