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
import re
from pathlib import Path

import common

BUDGET_KB = 100


# What a page loads: its scripts and styles; what a module loads: its static imports.
PAGE_LOADS = re.compile(r'<(?:script[^>]* src|link[^>]* href)="/static/([^"]+)"')
IMPORTS = re.compile(r'(?:^|\n)\s*(?:import|export)\b[^"\']*["\']\./([^"\']+)["\']')


def loaded_by(html: str) -> set[str]:
    """The hashed static files a page loads, following each script's imports."""
    from django.conf import settings

    root = Path(settings.STATIC_ROOT)
    found, todo = set(), PAGE_LOADS.findall(html)
    while todo:
        name = todo.pop()
        if name in found or not (root / name).exists():
            continue
        found.add(name)
        if name.endswith(".js"):
            folder = name.rpartition("/")[0]
            todo += [f"{folder}/{path}" for path in IMPORTS.findall((root / name).read_text())]
    return found


def static_sizes(language: str, already: set[str]) -> list[tuple[int, str]]:
    from django.conf import settings
    from django.contrib.staticfiles.storage import staticfiles_storage

    from apps.pwa.offline import shell_static_names

    root = Path(settings.STATIC_ROOT)
    sizes = []
    for name in shell_static_names(language):
        if staticfiles_storage.stored_name(name) in already:
            continue
        file = root / staticfiles_storage.stored_name(name)
        served = next(p for p in (Path(f"{file}.br"), Path(f"{file}.gz"), file) if p.exists())
        sizes.append((served.stat().st_size, name))
    return sizes


def page_sizes(language: str, first: str) -> list[tuple[int, str]]:
    from django.test import Client

    from apps.pwa.offline import worker_context

    client = Client(HTTP_HOST="localhost")
    sizes = []
    for path in worker_context(language)["pages"]:
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

    prefix = "" if args.language == "en" else f"/{args.language}"
    first = prefix + args.first
    first_page = Client(HTTP_HOST="localhost").get(first)
    assert first_page.status_code == 200, (first, first_page.status_code)
    already = loaded_by(first_page.content.decode())
    print(f"First page {first}: {len(already)} static files, not fetched again")
    totals = {}
    statics, pages = static_sizes(args.language, already), page_sizes(args.language, first)
    for kind, sizes in (("static", statics), ("pages", pages)):
        totals[kind] = sum(size for size, _ in sizes)
        rows = [[name, f"{size / 1024:.1f}"] for size, name in sorted(sizes, reverse=True)]
        print(f"\n{kind}: {len(sizes)} files, {totals[kind] / 1024:.1f} KB")
        print(common.table(rows[: args.top], [kind, "KB"]))
    whole = sum(totals.values()) / 1024
    verdict = "ok" if whole <= BUDGET_KB else "FAIL"
    print(f"\nInstall: {whole:.1f} KB (budget {BUDGET_KB} KB)  {verdict}")
    figures = {"first": first, "totals": totals, "kb": whole}
    path = common.save_results(f"install-{args.language}", figures)
    print(f"Raw figures: {path.relative_to(common.ROOT)}")


if __name__ == "__main__":
    main()
