"""Several machines against one: two app servers on PostgreSQL and Redis beside one
server on SQLite and the file cache, side by side.

For each set-up: the feed, a card and Saved (GET, as the benchmark reader) and
saves (POST, saving or unsaving one of 200 cards at random for that reader), under
wrk at 16 and at 64 open connections. With two servers, one wrk per server runs at
once with half the connections each, as a load balancer would split them:
requests/s are summed, and the p99 is the worse of the two.

    uv run python bench/several.py [--duration 8] [--workers 2] [--connections 16,64]

Each set-up runs in a process of its own (Django is set up once per process):
`--setup single` or `--setup several` runs just one.
"""

import argparse
import json
import subprocess
import sys
import tempfile
import threading
from contextlib import ExitStack
from pathlib import Path

import common
import server as load

sys.path.insert(0, str(common.ROOT))
from tests import services  # noqa: E402  (the same processes the tests start)

SETUPS = {
    "single": "1 server, SQLite + file cache",
    "several": "2 servers, PostgreSQL + Redis",
}
TARGETS = ("feed", "card", "saved", "saves")
SAVES = """wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
local ids = {%(ids)s}
request = function()
  local id = ids[math.random(#ids)]
  local action = math.random(2) == 1 and "save" or "unsave"
  local body = "action=" .. action .. "&csrfmiddlewaretoken=%(token)s"
  return wrk.format(nil, "/saved/cards/" .. id .. "/", nil, body)
end
"""


def run_setup(name: str, args) -> dict:
    """Start the set-up, add the data set, load each target; the figures."""
    with ExitStack() as stack:
        if name == "single":
            env = common.environment("several")
            bases = [stack.enter_context(common.serve(env, args.port, args.workers))]
        else:
            folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-")))
            redis = services.Redis(folder).start()
            stack.callback(redis.stop)
            postgres = services.Postgres().start()
            stack.callback(postgres.stop)
            env = services.app_environment(postgres.url, redis.url, folder)
            env["DJANGO_LOG_LEVEL"] = "ERROR"
            services.deploy(env)
            bases = []
            for _ in range(2):
                app = services.AppServer(env, folder, args.workers).start()
                stack.callback(app.stop)
                bases.append(app.base)
        common.setup_django(env)
        data = common.build_dataset(args.cards, args.bookmarks)
        token = data["csrf"]  # the reader's CSRF secret, in their cookie
        headers = {
            "Cookie": data["cookie"],
            "Accept-Encoding": "br, gzip",
        }
        script = Path(stack.enter_context(tempfile.TemporaryDirectory())) / "saves.lua"
        script.write_text(SAVES % {"ids": ",".join(map(str, saveable_ids())), "token": token})

        figures = {"round trips": round_trips()}
        print(f"  {name:8} one cache read {figures['round trips']['cache_get_us']:.0f} µs, "
              f"one query {figures['round trips']['query_us']:.0f} µs", flush=True)  # fmt: skip
        for connections in args.connections:
            for target in TARGETS:
                path = "/" if target == "saves" else data["pages"][target]
                extra = {"script": str(script)} if target == "saves" else {}
                runs = together(bases, path, headers, connections, args, extra)
                figure = {
                    "rps": sum(r["rps"] for r in runs),
                    "p99": max(r["p99"] for r in runs),
                    "errors": sum(r["errors"] + r["non_2xx"] for r in runs),
                }
                figures[f"{target}@{connections}"] = figure
                rate = f"{figure['rps']:7.0f} req/s"
                print(f"  {name:8} {target:6} c{connections:<3} {rate}", flush=True)
        return {"setup": SETUPS[name], "servers": len(bases), "figures": figures}


def round_trips(batches: int = 7, calls: int = 300) -> dict:
    """What one cache read and one small query cost from this process, with nothing
    else asked of the server: the fastest of several batches, so other work on the
    machine shows less."""
    import time

    from django.core.cache import cache
    from django.db import connection

    from apps.cards.models import Card

    cache.set("bench:probe", "x" * 6000, 60)  # about a cached page, compressed
    pk = Card.objects.live().values_list("pk", flat=True).first()

    def fastest(call) -> float:
        best = float("inf")
        for _ in range(batches):
            started = time.perf_counter()
            for _ in range(calls):
                call()
            best = min(best, (time.perf_counter() - started) / calls)
        return best * 1e6

    result = {
        "cache_get_us": fastest(lambda: cache.get("bench:probe")),
        "query_us": fastest(lambda: Card.objects.filter(pk=pk).exists()),
    }
    connection.close()
    return result


def saveable_ids() -> list[int]:
    """200 live cards the benchmark reader may save and unsave."""
    from apps.cards.models import Card

    return list(Card.objects.live().order_by("-pk").values_list("pk", flat=True)[:200])


def together(bases, path, headers, connections, args, extra) -> list[dict]:
    """One wrk per server, at once, the connections split between them."""
    share = max(1, connections // len(bases))
    threads = max(1, min(args.threads // len(bases), share)) if len(bases) > 1 else args.threads
    results: list[dict] = [{} for _ in bases]

    def one(i: int, base: str, seconds: int) -> None:
        results[i] = load.wrk(base + path, headers, share, threads, seconds, **extra)

    for seconds in (args.warmup, args.duration):
        workers = [
            threading.Thread(target=one, args=(i, base, seconds)) for i, base in enumerate(bases)
        ]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--setup", choices=SETUPS, help="run one set-up only")
    parser.add_argument("--duration", type=int, default=8, help="seconds per target (8)")
    parser.add_argument("--warmup", type=int, default=2, help="seconds before each (2)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers a server (2)")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (2)")
    parser.add_argument("--connections", default="16,64", help="open connections (16,64)")
    parser.add_argument("--cards", type=int, default=10_000, help="generated cards (10,000)")
    parser.add_argument("--bookmarks", type=int, default=1_000, help="saved cards (1,000)")
    parser.add_argument("--port", type=int, default=8061, help="the single server's port (8061)")
    args = parser.parse_args()
    args.connections = [int(c) for c in str(args.connections).split(",")]
    load.ensure_wrk()
    missing = services.missing()
    if missing:
        sys.exit(f"bench/several.py needs {missing}.")

    if args.setup:
        result = run_setup(args.setup, args)
        common.save_results(f"several-{args.setup}", result)
        return

    print(f"wrk -d{args.duration}s after {args.warmup}s, {args.workers} gunicorn workers a "
          f"server, {common.machine()['cores']} cores, load {common.machine()['load_at_start']}\n",
          flush=True)  # fmt: skip
    results = {}
    for name in SETUPS:
        command = [sys.executable, __file__, "--setup", name] + passed_on(args)
        subprocess.run(command, check=True)
        results[name] = json.loads((common.RESULTS / f"several-{name}.json").read_text())

    for name in SETUPS:
        trips = results[name]["figures"].pop("round trips")
        cost = f"one cache read {trips['cache_get_us']:.0f} µs"
        print(f"{name}: {cost}, one small query {trips['query_us']:.0f} µs (fastest batch)")
    rows = []
    for key in results["single"]["figures"]:
        target, connections = key.split("@")
        row = [target, connections]
        for name in SETUPS:
            f = results[name]["figures"][key]
            row += [f"{f['rps']:.0f}", f"{f['p99']:.1f}", f["errors"]]
        rows.append(row)
    header = ["target", "conns"]
    for name in SETUPS:
        header += [f"{name} req/s", "p99 ms", "errors"]
    print()
    print(common.table(rows, header))
    print("\n" + "\n".join(f"{name}: {label}" for name, label in SETUPS.items()))
    path = common.save_results("several", {"options": vars(args), "setups": results})
    print(f"Raw figures: {path.relative_to(common.ROOT)}")


def passed_on(args) -> list[str]:
    names = ["duration", "warmup", "workers", "threads", "cards", "bookmarks", "port"]
    options = [f"--{name}={getattr(args, name)}" for name in names]
    return [*options, f"--connections={','.join(map(str, args.connections))}"]


if __name__ == "__main__":
    main()
