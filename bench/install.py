"""What installing the app downloads: the service worker's precache, in bytes.

What the worker fetches at install beyond the first page (apps/pwa/offline.py: its
static files and its pages), on a throwaway database with the seeds: each static file
as whitenoise serves it to a browser that takes brotli (its `.br`, else `.gz`, else the
file), each page as gzip at level 6 would carry it. The static files the first page
already loaded (its scripts, their imports, its styles) come from the browser's HTTP
cache (templates/pwa/sw.js), so they are not counted. Prints the largest of each and
the totals against the budget of issue 25 (100 KB).

    uv run python bench/install.py [--top 10] [--language es] [--first /stand-still/]
"""

import argparse
import gzip
from pathlib import Path

import common

BUDGET_KB = 100


def static_sizes(names: list[str], already: set[str]) -> list[tuple[int, str]]:
    from django.conf import settings
    from django.contrib.staticfiles.storage import staticfiles_storage

    root = Path(settings.STATIC_ROOT)
    sizes = []
    for name in names:
        if staticfiles_storage.stored_name(name) in already:
            continue
        file = root / staticfiles_storage.stored_name(name)
        served = next(p for p in (Path(f"{file}.br"), Path(f"{file}.gz"), file) if p.exists())
        sizes.append((served.stat().st_size, name))
    return sizes


def page_sizes(paths: list[str], first: str) -> list[tuple[int, str]]:
    from django.test import Client

    client = Client(HTTP_HOST="localhost")
    sizes = []
    for path in paths:
        if path == first:
            continue  # the browser has it; the worker asks again, but for its cache
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        sizes.append((len(gzip.compress(response.content, 6)), path))
    return sizes


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--top", type=int, default=10, help="largest files listed (10)")
    parser.add_argument("--language", default="en", help="whose shell: en, es or de (en)")
    parser.add_argument("--first", default="/", help="the first page, unprefixed (/)")
    args = parser.parse_args()
    env = common.environment("install")
    env["DJANGO_ALLOWED_HOSTS"] = "localhost"
    common.setup_django(env)
    common.prepare_database()

    from django.test import Client

    from apps.pwa.offline import shell_static_names, static_loaded_by, worker_context

    prefix = "" if args.language == "en" else f"/{args.language}"
    first = prefix + args.first
    first_page = Client(HTTP_HOST="localhost").get(first)
    assert first_page.status_code == 200, (first, first_page.status_code)
    already = static_loaded_by(first_page.content.decode())
    print(f"First page {first}: {len(already)} static files, not fetched again")
    kept = worker_context(args.language)
    later_pages = [url for url in kept["later"] if not url.startswith("/static/")]
    totals = {}
    for kind, sizes in (
        ("static", static_sizes(shell_static_names(args.language), already)),
        ("pages", page_sizes(kept["pages"], first)),
    ):
        totals[kind] = sum(size for size, _ in sizes)
        rows = [[name, f"{size / 1024:.1f}"] for size, name in sorted(sizes, reverse=True)]
        print(f"\n{kind}: {len(sizes)} files, {totals[kind] / 1024:.1f} KB")
        print(common.table(rows[: args.top], [kind, "KB"]))
    whole = sum(totals.values()) / 1024
    verdict = "ok" if whole <= BUDGET_KB else "FAIL"
    print(f"\nInstall: {whole:.1f} KB (budget {BUDGET_KB} KB)  {verdict}")
    later = static_sizes(shell_static_names(args.language, later=True), already)
    later += page_sizes(later_pages, first)
    totals["later"] = sum(size for size, _ in later)
    kb = totals["later"] / 1024
    print(f"Just after install, on any connection: {len(later)} files, {kb:.1f} KB")
    figures = {"first": first, "totals": totals, "kb": whole}
    path = common.save_results(f"install-{args.language}", figures)
    print(f"Raw figures: {path.relative_to(common.ROOT)}")


if __name__ == "__main__":
    main()
