"""Real processes for the tests and benchmarks that run the app on several servers:
a throwaway PostgreSQL, a throwaway Redis and gunicorn app servers, each on a free
loopback port or a socket in a temporary folder, stopped when done.

Nothing here starts what is not installed: `missing()` says what to install, and
the caller skips (tests) or stops (benchmarks) with that line.
"""

import glob
import os
import pwd
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _initdb() -> str | None:
    found = shutil.which("initdb") or sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return found if isinstance(found, str) else (found[-1] if found else None)


def missing() -> str | None:
    """What must be installed to run several servers here, or None when all is."""
    needs = []
    if not shutil.which("redis-server"):
        needs.append("redis-server (apt-get install -y redis-server)")
    if not _system_postgres_url() and not (_initdb() and _may_run_initdb()):
        needs.append("PostgreSQL (apt-get install -y postgresql)")
    return " and ".join(needs) or None


def _may_run_initdb() -> bool:
    """initdb refuses root: as root, the cluster is run by the postgres user."""
    if os.geteuid() != 0:
        return True
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        return False
    return True


def _system_postgres_url() -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else None


def _wait(ready, what: str, log: Path | None = None, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if ready():
            return
        time.sleep(0.1)
    tail = log.read_text()[-2000:] if log and log.exists() else ""
    raise RuntimeError(f"{what} did not start within {seconds:.0f} s.\n{tail}")


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class Redis:
    """redis-server on a Unix socket in `folder`, keeping nothing on disk."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.socket = folder / "redis.sock"
        self.url = f"unix://{self.socket}"
        self.log = folder / "redis.log"
        self.process = None

    def start(self) -> "Redis":
        command = ["redis-server", "--port", "0", "--unixsocket", str(self.socket)]
        command += ["--unixsocketperm", "700", "--save", "", "--appendonly", "no"]
        command += ["--dir", str(self.folder), "--logfile", str(self.log)]
        self.process = subprocess.Popen(command)
        _wait(self.answers, "redis-server", self.log)
        return self

    def answers(self) -> bool:
        result = subprocess.run(
            ["redis-cli", "-s", str(self.socket), "ping"], capture_output=True, text=True
        )
        return result.stdout.strip() == "PONG"

    def stop(self) -> None:
        if self.process:
            _stop(self.process)
        self.socket.unlink(missing_ok=True)


class Postgres:
    """A database of its own: on the server DATABASE_URL names when it is PostgreSQL
    (as in CI's PostgreSQL run), else in a throwaway cluster made with initdb in
    a temporary folder (run as the postgres user when the tests run as root, which
    initdb refuses)."""

    def __init__(self):
        self.folder = None
        self.name = f"standstill_{secrets.token_hex(4)}"
        self.cluster = None
        self.url = ""

    def start(self) -> "Postgres":
        import psycopg

        server = _system_postgres_url()
        if server:
            base = server.rsplit("/", 1)[0]
            admin = f"{base}/postgres"
        else:
            port = free_port()
            self.folder = Path(tempfile.mkdtemp(prefix="standstill-pg-"))
            self.cluster = self.folder / "pg"
            self._as_owner([_initdb(), "-D", str(self.cluster), "-U", "standstill", "-A", "trust"])
            options = f"-c listen_addresses=127.0.0.1 -p {port} -k {self.folder} -F"
            options += " -c shared_buffers=32MB -c max_connections=60"
            self._as_owner([self._pg_ctl(), "-D", str(self.cluster), "-o", options, "-w", "start"])
            base = f"postgres://standstill@127.0.0.1:{port}"
            admin = f"{base}/postgres"
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{self.name}"')
        self.url = f"{base}/{self.name}"
        return self

    def stop(self) -> None:
        import psycopg

        if self.cluster:
            self._as_owner([self._pg_ctl(), "-D", str(self.cluster), "-m", "fast", "stop"])
            shutil.rmtree(self.folder, ignore_errors=True)
            return
        if not self.url:
            return  # never started
        admin = self.url.rsplit("/", 1)[0] + "/postgres"
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    def _pg_ctl(self) -> str:
        return str(Path(_initdb()).with_name("pg_ctl"))

    def _as_owner(self, command: list[str]) -> None:
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres")
            command = ["runuser", "-u", "postgres", "--", *command]
        log = self.folder / "postgres.log"
        with log.open("a") as out:
            subprocess.run(command, check=True, stdout=out, stderr=subprocess.STDOUT)


def app_environment(database_url: str, redis_url: str, folder: Path) -> dict[str, str]:
    """What every app server of one site shares: the database, the cache, the secret
    key and the collected static files (as a deploy would set them)."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "PYTEST_", "DATABASE_URL", "REDIS_URL"))
    }
    return env | {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_HTTPS": "false",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_STATIC_ROOT": str(folder / "static"),
        "DJANGO_CACHE_DIR": str(folder / "cache"),
        "DJANGO_LOG_LEVEL": "WARNING",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
    }


def deploy(env: dict[str, str], *, seeds: Path | None = None) -> None:
    """What runs once per deploy, before the app servers start: migrations, the
    content, the static files."""
    manage(env, "migrate", "--noinput")
    manage(env, "loadseeds", *(["--seeds", str(seeds)] if seeds else []))
    manage(env, "collectstatic", "--noinput")


def manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if result.returncode:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stderr[-3000:]}")
    return result.stdout


class AppServer:
    """One app server: gunicorn on its own port, as on its own machine."""

    def __init__(self, env: dict[str, str], folder: Path, workers: int = 2):
        self.env = env
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = folder / f"gunicorn-{self.port}.log"
        self.workers = workers
        self.process = None

    def command(self) -> list[str]:
        return [
            sys.executable, "-m", "gunicorn", "config.wsgi", "--pythonpath", "site",
            "--bind", f"127.0.0.1:{self.port}", "--workers", str(self.workers),
            "--no-control-socket",
        ]  # fmt: skip

    def start(self) -> "AppServer":
        with self.log.open("w") as out:
            self.process = subprocess.Popen(
                self.command(), cwd=ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT
            )
        _wait(self.up, f"gunicorn on port {self.port}", self.log)
        return self

    def up(self) -> bool:
        if self.process.poll() is not None:
            raise RuntimeError(f"gunicorn stopped:\n{self.log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"{self.base}/healthz", timeout=2) as answer:
                return answer.status == 200
        except (OSError, urllib.error.HTTPError):
            return False

    def stop(self) -> None:
        if self.process:
            _stop(self.process)
