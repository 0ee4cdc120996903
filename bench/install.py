"""What installing the app downloads: the service worker's precache, in bytes.

Everything the worker fetches at install beyond the first page (apps/pwa/offline.py:
its static files and its pages), on a throwaway database with the seeds: each static
file as whitenoise serves it to a browser that takes brotli (its `.br`, else `.gz`,
else the file), each page as gzip at level 6 would carry it. Prints the largest of each
and the totals against the budget of issue 25 (100 KB).

    uv run python bench/install.py [--top 10] [--language es]
"""

import argparse
import gzip
from pathlib import Path

import common

BUDGET_KB = 100


def static_sizes() -> list[tuple[int, str]]:
    from django.conf import settings
    from django.contrib.staticfiles.storage import staticfiles_storage

    from apps.pwa.offline import shell_static_names

    root = Path(settings.STATIC_ROOT)
    sizes = []
    for name in shell_static_names():
        file = root / staticfiles_storage.stored_name(name)
        served = next(p for p in (Path(f"{file}.br"), Path(f"{file}.gz"), file) if p.exists())
        sizes.append((served.stat().st_size, name))
    return sizes


def page_sizes(language: str) -> list[tuple[int, str]]:
    from django.test import Client

    from apps.pwa.offline import worker_context

    client = Client(HTTP_HOST="localhost")
    sizes = []
    for path in worker_context(language)["pages"]:
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        sizes.append((len(gzip.compress(response.content, 6)), path))
    return sizes


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--top", type=int, default=10, help="largest files listed (10)")
    parser.add_argument("--language", default="en", help="whose shell: en, es or de (en)")
    args = parser.parse_args()
    env = common.environment("install")
    env["DJANGO_ALLOWED_HOSTS"] = "localhost"
    common.setup_django(env)
    common.prepare_database()

    totals = {}
    for kind, sizes in (("static", static_sizes()), ("pages", page_sizes(args.language))):
        totals[kind] = sum(size for size, _ in sizes)
        rows = [[name, f"{size / 1024:.1f}"] for size, name in sorted(sizes, reverse=True)]
        print(f"\n{kind}: {len(sizes)} files, {totals[kind] / 1024:.1f} KB")
        print(common.table(rows[: args.top], [kind, "KB"]))
    whole = sum(totals.values()) / 1024
    verdict = "ok" if whole <= BUDGET_KB else "FAIL"
    print(f"\nInstall: {whole:.1f} KB (budget {BUDGET_KB} KB)  {verdict}")
    path = common.save_results(f"install-{args.language}", {"totals": totals, "kb": whole})
    print(f"Raw figures: {path.relative_to(common.ROOT)}")


if __name__ == "__main__":
    main()
