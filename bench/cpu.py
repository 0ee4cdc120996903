"""Where one worker's time goes: CPU time per request and a profile, per kind of request.

Runs the app in this process, through the WSGI handler gunicorn calls (the whole
middleware stack, debug off), on a throwaway database with the generated data set
(10,000 cards, a reader with 1,000 bookmarks), and for each kind of request:

- feed, search, card and list **misses** (a URL never asked for before: `?miss=N`;
  for the feed, page 1's cards, so its page of cards and the cards themselves are
  kept after the first, as for another reader state or a shared link's `?utm_…`),
- a **new feed page** (`feed-new`: `?page=N`, a page this process never showed: its
  cards read and rendered, the worst case after a content change),
- a **hit**: the feed, and the reader's list (`list-hit`: its first page of 1,000
  cards, the heaviest kept page: 61 KB, 73 forms), each seen before,
- a **save** (htmx POST of a card the reader has not saved),

measures `time.process_time()` per request (CPU time of this process: other work on
the machine slows the clock, not this figure, much), then profiles the same requests
with cProfile and prints where the time goes: in the view (its queries), rendering,
serving the kept copy, the cache and the rest; what SQLite itself spends; and
the functions that spend most of it themselves.

    uv run python bench/cpu.py [--requests 60]
                               [--kinds feed,feed-new,search,card,list,hit,list-hit,save]
                                   [--top 12] [--cards 10000] [--bookmarks 1000]
"""

import argparse
import cProfile
import os
import pstats
import statistics
import time

import common

HIT_BUDGET_MS = 1.0  # a warm hit's CPU (issue 24)
KINDS = ["feed", "feed-new", "search", "card", "list", "hit", "list-hit", "save"]
# Where the time of a request goes: the cumulative time of these functions (file, name),
# so each stage holds what it calls. "the view" is the view's own work (its queries and
# context): a view returns its TemplateResponse unrendered.
STAGES = {
    "the view (queries, context)": [
        ("apps/cards/views.py", "feed"),
        ("apps/cards/views.py", "search"),
        ("apps/cards/views.py", "card"),
        ("apps/bookmarks/views.py", "list_detail"),
        ("apps/bookmarks/views.py", "save"),
    ],
    "rendering": [("django/template/response.py", "render")],
    "serving the kept copy (token, gzip)": [("apps/core/pagecache.py", "_serve")],
    "cache reads and writes": [
        ("apps/core/caching.py", "get_many"),
        ("apps/core/caching.py", "set_many"),
        ("apps/core/caching.py", "get_or_set"),
    ],
}
# Own time of these built-ins: what SQLite itself spends.
SQL = ("sqlite3.", "SQLiteCursorWrapper")


def requests_for(kind: str, data: dict, first: int, count: int, csrf: str) -> list[dict]:
    """WSGI environs for requests `first` to `first + count` of one kind, each as the
    benchmark reader: each miss a URL not asked for before, each save a card not saved."""
    from django.test import RequestFactory

    from apps.cards.models import Card

    factory = RequestFactory(HTTP_COOKIE=data["cookie"], HTTP_ACCEPT_ENCODING="gzip")
    pages = data["pages"]
    if kind == "save":
        saved = data["saved_ids"]
        pks = Card.objects.live().exclude(pk__in=saved).order_by("-pk")[first : first + count]
        return [
            factory.post(
                f"/saved/cards/{pk}/",
                {"action": "save", "csrfmiddlewaretoken": csrf},
                HTTP_HX_REQUEST="true",
            ).environ
            for pk in pks.values_list("pk", flat=True)
        ]
    terms = ["mirror", "patience", "letting go", "signs", "runner", "morning", "breath"]
    cards = list(Card.objects.live().values_list("article__slug", "slug")[: first + count])
    path = {
        "feed": lambda n: f"/?miss={n}",
        "search": lambda n: f"/search/?q={terms[n % len(terms)].replace(' ', '+')}&miss={n}",
        "card": lambda n: f"/cards/{cards[n][0]}/{cards[n][1]}/?miss={n}",
        "list": lambda n: f"{pages['list']}?miss={n}",
        "feed-new": lambda n: f"/?page={n + 2}",
        "hit": lambda n: pages["feed"],
        "list-hit": lambda n: pages["list"],
    }[kind]
    return [factory.get(path(n)).environ for n in range(first, first + count)]


def serve(application, environ: dict) -> int:
    """One request through the WSGI application, its body read as a server would."""
    status = []
    environ = dict(environ)
    if hasattr(environ.get("wsgi.input"), "read"):
        environ["wsgi.input"] = type(environ["wsgi.input"])(environ["wsgi.input"].read())
    body = application(environ, lambda s, headers, exc_info=None: status.append(s))
    b"".join(body)
    if hasattr(body, "close"):
        body.close()
    return int(status[0].split()[0])


def run(application, environs: list[dict], profile: cProfile.Profile | None = None) -> list[float]:
    """CPU seconds of each request; a 4xx or 5xx stops the run."""
    spent = []
    for environ in environs:
        if profile:
            profile.enable()
        start = time.process_time()
        status = serve(application, environ)
        spent.append(time.process_time() - start)
        if profile:
            profile.disable()
        if status >= 400:
            raise SystemExit(f"{environ['PATH_INFO']}?{environ['QUERY_STRING']} answered {status}")
    return spent


def report(kind: str, spent: list[float], profile: cProfile.Profile, top: int) -> dict:
    stats = pstats.Stats(profile).stats
    whole = sum(own for _, _, own, _, _ in stats.values())  # every function's own time
    stages = dict.fromkeys(STAGES, 0.0)
    sql = 0.0
    rows = []
    for (filename, line, name), (_, calls, own, cumulative, _) in stats.items():
        for stage, functions in STAGES.items():
            if any(filename.endswith(f) and name == n for f, n in functions):
                stages[stage] += cumulative
        if filename == "~" and any(mark in name for mark in SQL):
            sql += own
        short = filename.split("site-packages/")[-1].replace(str(common.ROOT) + "/", "")
        rows.append((own, cumulative, calls, f"{short}:{line} {name}" if line else name))
    rows.sort(reverse=True)
    stages["the rest (middleware, handler, response)"] = whole - sum(stages.values())
    median = statistics.median(spent) * 1000
    print(f"\n{kind}: {median:.2f} ms CPU per request (median of {len(spent)})")
    print("  " + ", ".join(f"{name} {time / whole:.0%}" for name, time in stages.items()))
    print(f"  in SQLite itself: {sql / whole:.0%}")
    print("  functions by own time: % of the request, cumulative %, calls per request")
    for own, cumulative, calls, where in rows[:top]:
        share = f"{own / whole:5.1%}  {cumulative / whole:6.1%}"
        print(f"    {share}  {calls / len(spent):7.1f}  {where[:90]}")
    return {
        "cpu_ms_median": median,
        "cpu_ms": [s * 1000 for s in spent],
        "stages": {name: time / whole for name, time in stages.items()},
        "sqlite": sql / whole,
        "top": [
            {"own": own / whole, "cumulative": cumulative / whole, "calls": calls, "where": where}
            for own, cumulative, calls, where in rows[:top]
        ],
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=60, help="requests per kind (60)")
    parser.add_argument("--kinds", default=",".join(KINDS), help=f"some of {','.join(KINDS)}")
    parser.add_argument("--top", type=int, default=12, help="functions listed per kind (12)")
    parser.add_argument("--cards", type=int, default=10_000, help="generated cards (10,000)")
    parser.add_argument("--bookmarks", type=int, default=1_000, help="saved cards (1,000)")
    args = parser.parse_args()

    env = common.environment("cpu")
    common.setup_django(env)
    common.prepare_database()
    from django.core.wsgi import get_wsgi_application

    from apps.bookmarks.models import Bookmark

    data = common.build_dataset(args.cards, args.bookmarks)
    data["saved_ids"] = set(Bookmark.objects.values_list("card_id", flat=True))
    application = get_wsgi_application()
    csrf = data["csrf"]
    print(
        f"{data['cards']:,} live cards, {data['bookmarks']:,} bookmarks; "
        f"load {' '.join(f'{n:.1f}' for n in os.getloadavg())} (uptime)"
    )
    results = {}
    for kind in args.kinds.split(","):
        # One request first (templates compiled, URL resolvers filled, the hit's page
        # kept), then measured, then profiled (the profiler slows every call it counts).
        serve(application, requests_for(kind, data, 0, 1, csrf)[0])
        measured = run(application, requests_for(kind, data, 1, args.requests, csrf))
        profile = cProfile.Profile()
        later = requests_for(kind, data, 1 + args.requests, args.requests, csrf)
        run(application, later, profile)
        results[kind] = report(kind, measured, profile, args.top)
    if "hit" in results:
        hit = results["hit"]["cpu_ms_median"]
        print(f"\nBudget: a warm hit under {HIT_BUDGET_MS} ms CPU: {hit:.2f} ms", end=" ")
        print("ok" if hit < HIT_BUDGET_MS else "FAIL")
    path = common.save_results("cpu", {"options": vars(args), "kinds": results})
    print(f"\nRaw figures: {path.relative_to(common.ROOT)}")


if __name__ == "__main__":
    main()
