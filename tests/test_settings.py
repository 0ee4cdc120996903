"""The project starts safely in production and stays clean under `check --deploy`."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

PROJECT = Path(__file__).resolve().parents[1]


# manage.py with the local install's key file at a path of the test's choosing.
MANAGE_WITH_KEY_FILE = (
    "import sys; from pathlib import Path; sys.path.insert(0, 'site'); import config.local; "
    "config.local.SECRET_FILE = Path(sys.argv.pop(1)); import manage; manage.main()"
)


def run_manage(*args, key_file=None, **env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    clean["DJANGO_SETTINGS_MODULE"] = "config.settings"
    # By default no local key: the folder `serve` may have made one in is not this test's.
    key_file = key_file or PROJECT / ".local" / "no-such-secret-key"
    return subprocess.run(
        [sys.executable, "-c", MANAGE_WITH_KEY_FILE, str(key_file), *args],
        cwd=PROJECT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = run_manage("check")

    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "DJANGO_SECRET_KEY is not set" in lines[0]


def test_commands_use_the_local_key_serve_made(tmp_path):
    """After `serve` (which made .local/secret_key), every command the README names starts."""
    key_file = tmp_path / "secret_key"
    key_file.write_text("local-" + "k" * 50)
    code = "from django.conf import settings; print(settings.SECRET_KEY, settings.HTTPS)"

    result = run_manage("shell", "-c", code, key_file=key_file)

    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].split() == ["local-" + "k" * 50, "False"]


def test_a_key_in_the_environment_wins_over_the_local_one(tmp_path):
    key_file = tmp_path / "secret_key"
    key_file.write_text("local-" + "k" * 50)
    code = "from django.conf import settings; print(settings.SECRET_KEY)"

    result = run_manage(
        "shell", "-c", code, key_file=key_file, DJANGO_SECRET_KEY="given-" + "g" * 50
    )

    assert result.stdout.splitlines()[-1].split() == ["given-" + "g" * 50]


def test_a_production_server_never_reads_the_local_key(tmp_path):
    """gunicorn loads config.wsgi, never manage.py: without DJANGO_SECRET_KEY it refuses
    to start even in a folder where `serve` once made a local key."""
    key_file = tmp_path / "secret_key"
    key_file.write_text("local-" + "k" * 50)
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    code = (
        "import sys; from pathlib import Path; sys.path.insert(0, 'site'); import config.local; "
        "config.local.SECRET_FILE = Path(sys.argv[1]); import config.wsgi"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(key_file)],
        cwd=PROJECT, env=clean, capture_output=True, text=True, timeout=60,
    )  # fmt: skip

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_debug_mode_starts_without_a_secret_key():
    result = run_manage("check", DJANGO_DEBUG="true")

    assert result.returncode == 0, result.stderr


def test_check_deploy_is_clean_with_production_environment():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SECRET_KEY="x7Kq2Lr9Vb3Nm8Pz5Tw1Yc6Hd4Jf0Gs2Ae7Ru9Io3Pl5Km8Nb1Vc4Xz6Qw2Er7Ty",
        DJANGO_ALLOWED_HOSTS="standstill.example",
        DJANGO_CSRF_TRUSTED_ORIGINS="https://standstill.example",
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.django_db
def test_sqlite_waits_for_writers_instead_of_failing():
    if connection.vendor != "sqlite":
        return
    options = settings.DATABASES["default"]["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] >= 5
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"


def test_cached_pages_are_shared_by_processes_and_kept_apart_by_database(tmp_path):
    """Gunicorn's workers and `manage.py` commands share one cache on disk, so a change
    made by one retires pages in all; a second database never meets the first's pages."""
    show = "from apps.core import pagecache; print(pagecache.content_version())"
    change = "from apps.core import pagecache; pagecache.content_changed()"

    def run(code, database="one"):
        result = run_manage(
            "shell",
            "-c",
            code,
            DJANGO_DEBUG="true",
            DJANGO_CACHE_DIR=str(tmp_path / "cache"),
            DATABASE_URL=f"sqlite:///{tmp_path / database}.sqlite3",
        )
        assert result.returncode == 0, result.stderr
        return result.stdout.strip()

    first = run(show)
    assert run(show) == first
    run(change)
    assert run(show) != first
    assert run(show, database="two") not in {first, run(show)}


@pytest.mark.parametrize(
    ("env", "rp_id"),
    [
        ({}, "localhost"),
        (
            {"DJANGO_ALLOWED_HOSTS": ".standstill.example,www.standstill.example"},
            "standstill.example",
        ),
        (
            {"DJANGO_ALLOWED_HOSTS": "*", "DJANGO_WEBAUTHN_RP_ID": "standstill.example"},
            "standstill.example",
        ),
    ],
)
def test_the_passkey_relying_party_id_comes_from_its_setting_or_the_first_allowed_host(env, rp_id):
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.WEBAUTHN_RP_ID)",
        DJANGO_DEBUG="true",
        **env,
    )

    assert result.stdout.strip().splitlines()[-1] == rp_id, result.stderr
