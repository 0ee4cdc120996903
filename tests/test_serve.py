"""`manage.py serve` prepares everything, then hands over to gunicorn."""

import runpy

import pytest
from django.core.management import call_command
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
    assert "http://localhost:8123/" in capsys.readouterr().out


def test_serve_prints_an_ipv6_url_with_brackets(monkeypatch, capsys):
    started = {}
    monkeypatch.setattr("os.execv", lambda path, args: started.update(args=args))

    call_command("serve", "--host", "fd00::5", "--port", "8124")

    assert "[fd00::5]:8124" in started["args"]
    assert "http://[fd00::5]:8124/" in capsys.readouterr().out


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
