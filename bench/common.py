"""What every benchmark shares: a throwaway database, the app served the production
way, the generated data set, the pages to measure, and the machine they ran on.

Nothing here touches the developer's db.sqlite3: each script names its own
SQLite file under /tmp and deletes it when done.
"""

import atexit
import io
import json
import os
import platform
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
PORTS = range(8060, 8070)  # the benchmarks' share of ports on the team's machine
GENERATED_SLUG = "bench-generated"
FRAME_MS = 1000 / 60
LOAD_AT_START = os.getloadavg()  # other work on the machine lowers every figure


def environment(name: str) -> dict[str, str]:
    """Production settings on a throwaway database, plain http on loopback."""
    db = Path(f"/tmp/standstill-bench-{name}.sqlite3")
    files = [db, Path(f"{db}-wal"), Path(f"{db}-shm")]
    cache = Path(f"/tmp/standstill-bench-{name}-cache")  # the rendered pages

    def remove():
        for file in files:
            file.unlink(missing_ok=True)
        shutil.rmtree(cache, ignore_errors=True)

    remove()  # a run killed halfway leaves its database behind
    atexit.register(remove)
    return {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{db}",
        "DJANGO_CACHE_DIR": str(cache),
        "DJANGO_DEBUG": "false",
        "DJANGO_HTTPS": "false",
        "DJANGO_SECRET_KEY": os.environ.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "DJANGO_LOG_LEVEL": "ERROR",
    }


def setup_django(env: dict[str, str]) -> None:
    """Django in this process, on the same database and secret key as the server."""
    os.environ.update(env)
    sys.path[:0] = [str(ROOT), str(ROOT / "site")]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def prepare_database() -> None:
    """What `manage.py serve` does before it starts gunicorn, for scripts without a server."""
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    call_command("loadseeds", verbosity=0, stdout=io.StringIO())
    call_command("collectstatic", interactive=False, verbosity=0)


@contextmanager
def serve(env: dict[str, str], port: int, workers: int = 2):
    """`manage.py serve` (migrate, loadseeds, collectstatic, gunicorn with debug off),
    stopped at the end whatever happens. Yields the base URL."""
    if port not in PORTS:
        sys.exit(f"Use a port from {PORTS.start} to {PORTS.stop - 1}.")
    RESULTS.mkdir(exist_ok=True)
    log = (RESULTS / f"server-{port}.log").open("w")
    command = [sys.executable, "manage.py", "serve", "--port", str(port), "--workers", str(workers)]
    # A session of its own: a worker that outlives its master (one spinning in a cache
    # write, say) is killed with it, and never spoils the next run's figures.
    server = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(server, base, log.name)
        yield base
    finally:
        server.terminate()  # `serve` exec'd gunicorn: this is its master, which stops its workers
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        with suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGKILL)  # any worker left behind
        log.close()


def wait_until_up(server, base: str, log: str, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"The server stopped (exit {server.returncode}); see {log}.")
        with suppress(OSError), urllib.request.urlopen(f"{base}/healthz", timeout=2) as answer:
            if answer.status == 200:
                return
        time.sleep(0.3)
    sys.exit(f"The server did not answer /healthz within {seconds:.0f} s; see {log}.")


# The generated data set: cards in one generated article, a reader with bookmarks.

SENTENCES = [
    "The runner pulls away and the chaser follows, and both are running from the same feelings.",
    "Standing still means letting the urge pass without acting on it tonight.",
    "Turn the care you would send them back toward yourself, one slow breath at a time.",
    "A mirror shows you what you carry; it does not ask you to fix the other person.",
    "Patience is not waiting for them; it is staying with yourself while nothing happens.",
    "Signs are easy to find when you are looking for permission to reach out again.",
    "Letting go is a practice you repeat, not a door you close once.",
    "Write the message, keep it, and read it again in the morning before you decide.",
]


def body(n: int) -> str:
    """A card body of 4 to 6 sentences, one in eight mentioning a mirror."""
    picked = [SENTENCES[(n * 3 + i) % len(SENTENCES)] for i in range(4 + n % 3)]
    if n % 8 != 3:
        picked = [s for s in picked if "mirror" not in s]
    half = len(picked) // 2
    return " ".join(picked[:half]) + "\n\n" + " ".join(picked[half:])


def build_dataset(cards: int, bookmarks: int) -> dict:
    """Top the database up to `cards` generated cards and a reader with `bookmarks`
    saved cards (so a script can measure at 10, then at 10,000). Returns the pages."""
    from django.db import transaction

    from apps.bookmarks import services
    from apps.bookmarks.models import Bookmark
    from apps.cards.models import Article, Card, Perspective, Topic, reading_order_of
    from apps.cards.text import count_words, reading_seconds, render_markdown
    from apps.core import pagecache, readers

    with transaction.atomic():
        article, _ = Article.objects.get_or_create(
            slug=GENERATED_SLUG,
            defaults={
                "title": "Generated for benchmarks",
                "summary": "Cards made by bench/common.py to measure the app at scale.",
                "perspective": Perspective.GUIDE,
                "source_file": "bench",
                "source_title": "bench/common.py",
                "position": 1000,
            },
        )
        topics = list(Topic.objects.all())
        have = article.cards.count()
        rendered: dict[str, str] = {}
        new = []
        for n in range(have, cards):
            text = body(n)
            if text not in rendered:
                rendered[text] = render_markdown(text)
            words = count_words(text)
            new.append(
                Card(
                    article=article,
                    slug=f"generated-{n}",
                    title=f"Generated card {n}",
                    body_markdown=text,
                    body_html=rendered[text],
                    position=n,
                    reading_order=reading_order_of(article.position, n),
                    word_count=words,
                    reading_seconds=reading_seconds(words),
                )
            )
        made = Card.objects.bulk_create(new, batch_size=1000)  # FTS5 triggers index them
        Through = Card.topics.through
        Through.objects.bulk_create(
            (
                Through(
                    card_id=card.pk,
                    topic_id=topics[(card.position + k) % len(topics)].pk,
                    position=k,
                )
                for card in made
                for k in range(1 + card.position % 2)
            ),
            batch_size=2000,
        )

        token = "b" * 32  # the benchmark reader: one fixed UUID
        reader = services.reader_for(token)
        saved = services.default_list(reader)
        held = saved.bookmarks.count()
        wanted = Card.objects.live().order_by("pk").values_list("pk", flat=True)[held:bookmarks]
        Bookmark.objects.bulk_create(
            Bookmark(list=saved, card_id=pk, position=held + i) for i, pk in enumerate(wanted)
        )
    # Bulk writes send no signals: retire the pages the server has cached, as a
    # content load or the reader's own form post would.
    pagecache.content_changed()
    readers.changed(token)

    csrf = secrets.token_hex(16)
    seed_article = Article.objects.live().exclude(slug=GENERATED_SLUG).order_by("position").first()
    seed_card = seed_article.cards.order_by("position")[1]
    return {
        "pages": {
            "feed": "/",
            "topic": "/?topic=healing",
            "search": "/search/?q=mirror",
            "card": seed_card.get_absolute_url(),
            "article": seed_article.get_absolute_url(),
            "timer": "/stand-still/",
            "saved": "/saved/",
            "list": saved.get_absolute_url(),
        },
        # A reader who has been here before: their reader cookie, and the CSRF cookie
        # that every page with a form sets (a secret, unmasked, as Django keeps it).
        "cookie": f"{readers.COOKIE}={reader_cookie(token)}; csrftoken={csrf}",
        "csrf": csrf,
        "cards": Card.objects.live().count(),
        "bookmarks": saved.bookmarks.count(),
    }


def reader_cookie(token: str) -> str:
    """The signed cookie value the app itself would send this reader."""
    from django.http import HttpResponse

    from apps.core import readers

    response = HttpResponse()
    response.set_signed_cookie(readers.COOKIE, token, salt=readers.SALT)
    return response.cookies[readers.COOKIE].value


def static_url(name: str) -> str:
    from django.contrib.staticfiles.storage import staticfiles_storage

    return staticfiles_storage.url(name)


def machine() -> dict:
    cpuinfo = Path("/proc/cpuinfo").read_text().splitlines()
    models = [line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name")]
    memory = subprocess.run(["free", "-h"], capture_output=True, text=True).stdout.split("\n")[1]
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cores": os.cpu_count(),
        "cpu": models[0] if models else platform.processor(),
        "memory": " ".join(memory.split()[:2]).replace("Mem:", "RAM"),
        "python": platform.python_version(),
        "load_at_start": " ".join(f"{n:.2f}" for n in LOAD_AT_START),
    }


def save_results(name: str, data: dict) -> Path:
    """Keep the raw figures (bench/results/ is git-ignored) for RESULTS.md and comparisons."""
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps({"machine": machine(), **data}, indent=2))
    return path


def table(rows: list[list], header: list[str]) -> str:
    """A plain text table, right-aligned except the first two columns."""
    cells = [header, *[[str(c) for c in row] for row in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    align = [str.ljust, str.ljust] + [str.rjust] * (len(header) - 2)
    return "\n".join(
        "  ".join(fit(cell, width) for fit, cell, width in zip(align, row, widths, strict=True))
        for row in cells
    )
