"""Cache backends for the rendered pages, side by side: what a set and a get cost with
thousands of pages kept, and whether the content version survives a flood of entries.

Each backend runs in its own folder under /tmp, as one process of the server would use
it: `--pages` entries of a page-sized value are written, then timed sets and gets.

    uv run python bench/cache.py [--pages 4000] [--rounds 400]
"""

import argparse
import os
import secrets
import shutil
import statistics
import sys
import time
from pathlib import Path

import common

BACKENDS = {
    "FileBasedCache (before)": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "OPTIONS": {"MAX_ENTRIES": 3000},
    },
    "DatabaseCache, own SQLite file": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "page_cache",
        "OPTIONS": {"MAX_ENTRIES": 3000},
    },
    "diskcache DjangoCache, WAL (before)": {
        "BACKEND": "diskcache.DjangoCache",
        "OPTIONS": {"size_limit": 2**28},
    },
    # No memory map (a truncated file must not be a SIGBUS): settings.NO_MMAP.
    "diskcache, rollback journal, no fsync (pages now)": {
        "BACKEND": "diskcache.DjangoCache",
        "OPTIONS": {
            "size_limit": 2**28,
            "sqlite_mmap_size": 0,
            "sqlite_journal_mode": "truncate",
            "sqlite_synchronous": 0,
        },
    },
    "diskcache, rollback journal (versions now)": {
        "BACKEND": "diskcache.DjangoCache",
        "OPTIONS": {"size_limit": 2**28, "sqlite_mmap_size": 0, "sqlite_journal_mode": "truncate"},
    },
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=4000, help="entries written first (4,000)")
    parser.add_argument("--rounds", type=int, default=400, help="timed sets and gets (400)")
    args = parser.parse_args()
    root = Path("/tmp/standstill-bench-cache")
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir()
    env = common.environment("cache")
    os.environ.update(env)
    sys.path[:0] = [str(common.ROOT), str(common.ROOT / "site")]
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    from django.conf import settings

    caches = {"versions": {"BACKEND": "diskcache.DjangoCache", "LOCATION": str(root / "v")}}
    databases = dict(settings.DATABASES)
    for n, config in enumerate(BACKENDS.values()):
        alias = f"b{n}"
        if config["BACKEND"].endswith("DatabaseCache"):
            databases[alias] = {
                **databases["default"],
                "NAME": str(root / f"{alias}.sqlite3"),
                "TEST": {},
            }
            caches[alias] = {**config}
        else:
            caches[alias] = {**config, "LOCATION": str(root / alias)}
    settings.DATABASES = databases
    settings.CACHES = {"default": caches["b2"], **caches}
    import django

    django.setup()
    from django.core.cache import caches as django_caches
    from django.core.management import call_command
    from django.db import router

    page = ("hole", {"Content-Type": "text/html"}, secrets.token_bytes(6_000) * 4)
    rows = []
    for n, name in enumerate(BACKENDS):
        alias = f"b{n}"
        cache = django_caches[alias]
        if name.startswith("DatabaseCache"):
            router.db_for_write = lambda model, alias=alias, **hints: alias
            router.db_for_read = lambda model, alias=alias, **hints: alias
            call_command("migrate", database=alias, verbosity=0)
            call_command("createcachetable", database=alias, verbosity=0)
        cache.set("content-version", "v1", None)
        for i in range(args.pages):
            cache.set(f"page:{i}", page)
        sets, gets = [], []
        for i in range(args.rounds):
            start = time.perf_counter()
            cache.set(f"more:{i}", page)
            sets.append(time.perf_counter() - start)
            start = time.perf_counter()
            cache.get(f"page:{args.pages - 1 - i}")
            gets.append(time.perf_counter() - start)
        kept = cache.get("content-version") == "v1"
        rows.append(
            [
                name,
                f"{statistics.median(sets) * 1e3:.2f}",
                f"{statistics.quantiles(sets, n=100)[98] * 1e3:.2f}",
                f"{statistics.median(gets) * 1e3:.2f}",
                "yes" if kept else "NO",
            ]
        )
        print(f"  {name}: done", flush=True)
    print()
    print(common.table(rows, ["backend", "set ms", "set p99 ms", "get ms", "version kept"]))
    size = len(page[2]) / 1000
    print(f"\n{args.pages:,} pages of {size:.0f} KB first; load {os.getloadavg()[0]:.1f}.")
    shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
