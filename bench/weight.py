"""Queries and bytes: per page, SQL queries at small and large data, the HTML's size
as sent and compressed, and the CSS and JS a first visit downloads.

Runs the app in this process (Django's test client through the whole middleware
stack, whitenoise included, debug off) on a throwaway database: first with 10
generated cards and 1 bookmark, then topped up to 10,000 and 1,000.

    uv run python bench/weight.py [--small 10 1] [--large 10000 1000]
"""

import argparse
import gzip
import re
from html.parser import HTMLParser
from urllib.parse import urljoin

import brotli
import common

QUERY_BUDGET = 3
HTML_BUDGET = 14 * 1024
FIRST_LOAD_BUDGET = 40 * 1024
ACCEPT = {"HTTP_ACCEPT_ENCODING": "br, gzip"}
DECODE = {"br": brotli.decompress, "gzip": gzip.decompress}
JS_IMPORT = re.compile(r"""(?:^|[;\s])(?:import|export)\s*(?:[^"';]*?\sfrom\s*)?["']([^"']+)["']""")


class Assets(HTMLParser):
    """The stylesheets, scripts and module preloads a page asks for as it loads."""

    def __init__(self):
        super().__init__()
        self.css, self.js = [], []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "link" and a.get("rel") == "stylesheet":
            self.css.append(a["href"])
        elif tag == "link" and a.get("rel") == "modulepreload" or tag == "script" and "src" in a:
            self.js.append(a.get("href") or a["src"])


def kb(n: int) -> str:
    return f"{n / 1024:.1f}"


def measure(client, path: str) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, **ACCEPT)
    assert response.status_code == 200, f"{path} answered {response.status_code}"
    sent, encoding = response.content, response.get("Content-Encoding")
    html = DECODE.get(encoding, bytes)(sent)
    return {
        "queries": len(queries),
        "html": len(html),
        "html_sent": len(sent),  # compressed, if the app compressed it
        "encoding": encoding or "none",
        "validator": "ETag" if response.has_header("ETag") else response.get("Last-Modified", ""),
        "raw": html,
    }


def static_bytes(client, urls: list[str]) -> tuple[int, list[str]]:
    """Bytes on the wire for these files and every module they import, fetched once each."""
    seen, todo, total = [], list(urls), 0
    while todo:
        url = todo.pop(0)
        if url in seen:
            continue
        seen.append(url)
        wire = client.get(url, **ACCEPT)
        assert wire.status_code == 200, f"{url} answered {wire.status_code}"
        total += int(wire["Content-Length"])
        if url.endswith(".js"):
            source = b"".join(client.get(url).streaming_content).decode()
            todo += [urljoin(url, found) for found in JS_IMPORT.findall(source)]
    return total, seen


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sizes = {"nargs": 2, "type": int, "metavar": ("CARDS", "SAVED")}
    parser.add_argument("--small", default=[10, 1], help="generated cards, bookmarks", **sizes)
    parser.add_argument("--large", default=[10_000, 1_000], help="(10,000 1,000)", **sizes)
    args = parser.parse_args()

    common.setup_django(common.environment("weight"))
    common.prepare_database()
    from django.test import Client

    small = common.build_dataset(*args.small)
    client = Client(HTTP_COOKIE=small["cookie"])
    queries_small = {name: measure(client, url)["queries"] for name, url in small["pages"].items()}
    large = common.build_dataset(*args.large)
    print(
        f"Queries at {small['cards']:,} and {large['cards']:,} live cards "
        f"({small['bookmarks']:,} and {large['bookmarks']:,} bookmarks), then at the larger "
        "once the page is cached; bytes at the larger.\n"
    )

    rows, results = [], {}
    for name, path in large["pages"].items():
        page = measure(client, path)  # the data set just changed: a cache miss
        page["queries_cached"] = measure(client, path)["queries"]
        raw = page.pop("raw")
        page["html_br"] = len(brotli.compress(raw))
        page["html_gz"] = len(gzip.compress(raw))
        assets = Assets()
        assets.feed(raw.decode())
        page["css"], css = static_bytes(client, assets.css)
        page["js"], js = static_bytes(client, assets.js)
        page["files"] = css + js
        page["first_load"] = page["html_sent"] + page["css"] + page["js"]
        page["queries_small"] = queries_small[name]
        results[name] = page
        over = {
            "queries": max(page["queries"], page["queries_small"]) > QUERY_BUDGET
            or page["queries"] != page["queries_small"],
            "HTML": page["html_sent"] > HTML_BUDGET,
            "first load": page["first_load"] > FIRST_LOAD_BUDGET,
        }
        failed = ", ".join(budget for budget, missed in over.items() if missed)
        verdict = f"FAIL: {failed}" if failed else "ok"
        queries = f"{page['queries_small']} / {page['queries']} / {page['queries_cached']}"
        rows.append([name, path[:34], queries])
        sent = f"{kb(page['html_sent'])} ({page['encoding']})"
        rows[-1] += [kb(page["html"]), sent, kb(page["html_br"]), kb(page["html_gz"])]
        rows[-1] += [f"{kb(page['css'])} ({len(css)})", f"{kb(page['js'])} ({len(js)})"]
        rows[-1] += [kb(page["first_load"]), page["validator"] or "-", verdict]
    header = ["page", "path", "queries", "HTML KB", "sent KB (as)", "br KB", "gzip KB"]
    header += ["CSS KB (files)", "JS KB (files)", "first load KB", "validator", "budget"]
    print(common.table(rows, header))
    print(
        "\nHTML KB: the page; sent: what the app sent a browser accepting br and gzip (with "
        "its Content-Encoding); br, gzip: what compression makes of the page. CSS and JS "
        "as whitenoise sends them to that browser, imports followed. "
        "First load = HTML as sent + CSS + JS.\n"
        f"Budget: <= {QUERY_BUDGET} queries, the same at both sizes; HTML as sent <= 14 KB; "
        "first load <= 40 KB."
    )
    typed = typing(client)
    compressing = compression(client, large["pages"]["feed"])
    path = common.save_results(
        "weight",
        {
            "options": vars(args),
            "pages": results,
            "search_as_you_type": typed,
            "compression": compressing,
        },
    )
    print(f"Raw figures: {path.relative_to(common.ROOT)}")


TYPED = ("mirror", "patience", "letting go", "signs")


def compression(client, path: str, rounds: int = 300) -> dict:
    """What a cache hit spends compressing the page, each way it could: Django's
    GZipMiddleware (level 6, random header bytes; before), gzip at level 1, and the
    kept page decompressed, the token put in and recompressed at level 1 (the simplest
    keeping), and the framed stream with the token (now, apps/core/framing.py).
    Median microseconds and bytes."""
    import re
    import statistics
    import time
    import zlib

    from django.utils.text import compress_string

    from apps.core import framing, pagecache

    html = client.get(path, HTTP_ACCEPT_ENCODING="identity").content
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', html)[1]
    hole = pagecache.HOLE.encode()
    page = html.replace(token, hole)
    kept = framing.keep(page, hole)
    assert zlib.decompress(framing.gzip(kept, token), wbits=31) == html
    whole = zlib.compress(page)
    ways = {
        "GZipMiddleware, level 6": lambda: compress_string(html, max_random_bytes=100),
        "kept whole, recompressed at level 1": lambda: zlib.compress(
            zlib.decompress(whole).replace(hole, token), 1, wbits=31
        ),
        "framed (now)": lambda: framing.gzip(kept, token),
    }
    figures = {}
    for name, compress in ways.items():
        spent = []
        for _ in range(rounds):
            start = time.perf_counter()
            sent = compress()
            spent.append((time.perf_counter() - start) * 1e6)
        figures[name] = {"us": statistics.median(spent), "bytes": len(sent)}
    print(f"\nCompressing the {len(html) / 1000:.1f} KB feed on a hit (median of {rounds}):")
    rows = [[name, "", f"{f['us']:.0f}", f"{f['bytes'] / 1000:.1f}"] for name, f in figures.items()]
    print(common.table(rows, ["way", "", "µs", "KB sent"]))
    return figures


def typing(client) -> dict:
    """Search as a person types it: one htmx request per prefix, each a new URL. Whether
    keeping each answer pays: its time on a miss with the page cache, the entries that
    writes, the time of the same requests with no cache at all, and of a repeat."""
    import statistics
    import time

    from django.core.cache import caches
    from django.test import override_settings

    prefixes = [word[:n] for word in TYPED for n in range(2, len(word) + 1)]
    paths = [f"/search/?q={prefix.replace(' ', '+')}" for prefix in prefixes]

    def timed() -> list[float]:
        spent = []
        for path in paths:
            start = time.perf_counter()
            client.get(path, headers={"HX-Request": "true", "HX-Current-URL": "/search/"})
            spent.append((time.perf_counter() - start) * 1000)
        return spent

    def entries() -> int:
        return len(caches["default"]._cache)  # diskcache's count of what it holds

    nothing = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    with override_settings(CACHES={"default": nothing, "versions": nothing}):
        uncached = timed()
    before = entries()
    cached_miss = timed()
    written = entries() - before
    repeat = timed()
    figures = {
        "requests": len(paths),
        "entries_written": written,
        "ms_miss_with_cache": statistics.median(cached_miss),
        "ms_repeat_hit": statistics.median(repeat),
        "ms_no_cache": statistics.median(uncached),
    }
    print(
        f"\nSearch as you type ({len(paths)} prefixes of {', '.join(TYPED)}; median ms per "
        f"request): {figures['ms_no_cache']:.1f} with no page cache; "
        f"{figures['ms_miss_with_cache']:.1f} the first time with it, writing "
        f"{written} cache entries; {figures['ms_repeat_hit']:.1f} when repeated."
    )
    return figures


if __name__ == "__main__":
    main()
