"""The project starts safely in production and stays clean under `check --deploy`."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

PROJECT = Path(__file__).resolve().parents[1]


def run_manage(*args, **env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    clean["DJANGO_SETTINGS_MODULE"] = "config.settings"
    return subprocess.run(
        [sys.executable, "manage.py", *args],
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
