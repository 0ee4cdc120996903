"""Server throughput: each main page under wrk, beside one hashed static file.

Starts the app with `manage.py serve` (gunicorn, debug off, whitenoise) on a
throwaway database, adds the generated data set (10,000 cards, a reader with
1,000 bookmarks), then loads each page on loopback as that reader and prints
requests/s, p50 and p99 latency and errors, and each page's share of the
static-file ceiling measured in the same run.

    uv run python bench/server.py [--connections 16] [--duration 12] [--workers 2]
"""

import argparse
import re
import shutil
import subprocess
import sys
import urllib.request

import common

UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}
SHARE_BUDGET = 0.25
P99_BUDGET_MS = 50


def ensure_wrk() -> str:
    if not shutil.which("wrk"):
        print("wrk is missing: installing it with apt-get (Debian's package).", flush=True)
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], capture_output=True)
    if not shutil.which("wrk"):
        sys.exit("Could not install wrk. Install it (apt-get install -y wrk) and run again.")
    return shutil.which("wrk")


def wrk(
    url: str, headers: dict, connections: int, threads: int, seconds: int, script: str = ""
) -> dict:
    """One wrk run; `script` is a Lua file that shapes each request (bench/several.py)."""
    command = ["wrk", "--latency", f"-c{connections}", f"-t{threads}", f"-d{seconds}s"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    if script:
        command += ["-s", script]
    command += ["--timeout", "5s", url]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout

    def ms(label: str) -> float:
        found = re.search(rf"^\s+{label}\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        if not found:
            sys.exit(f"Could not read wrk's {label} latency from:\n{out}")
        value, unit = found.groups()
        return float(value) * UNITS[unit]

    socket = re.search(r"connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": ms("50%"),
        "p99": ms("99%"),
        "errors": sum(map(int, socket.groups())) if socket else 0,
        "non_2xx": int(non_2xx.group(1)) if non_2xx else 0,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--connections", type=int, default=16, help="open connections (16)")
    parser.add_argument("--duration", type=int, default=12, help="seconds per page (12)")
    parser.add_argument("--warmup", type=int, default=2, help="seconds before each (2)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (2)")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (2)")
    parser.add_argument("--cards", type=int, default=10_000, help="generated cards (10,000)")
    parser.add_argument("--bookmarks", type=int, default=1_000, help="saved cards (1,000)")
    parser.add_argument("--port", type=int, default=8060, help="port, 8060-8069 (8060)")
    parser.add_argument("--also", help="more paths to load, for reference: /robots.txt,/help/")
    args = parser.parse_args()
    ensure_wrk()

    env = common.environment("server")
    with common.serve(env, args.port, args.workers) as base:
        common.setup_django(env)
        data = common.build_dataset(args.cards, args.bookmarks)
        targets = {"static": common.static_url("core/site.css"), **data["pages"]}
        targets |= {path: path for path in (args.also or "").split(",") if path}
        headers = {"Cookie": data["cookie"], "Accept-Encoding": "br, gzip"}
        print(
            f"{data['cards']:,} live cards, {data['bookmarks']:,} bookmarks; "
            f"{args.workers} gunicorn workers, wrk -c{args.connections} -t{args.threads} "
            f"-d{args.duration}s on {common.machine()['cores']} cores\n",
            flush=True,
        )
        results = {}
        for name, path in targets.items():
            url = base + path
            with urllib.request.urlopen(urllib.request.Request(url, headers=headers)) as answer:
                answer.read()  # a 4xx or 5xx stops the run here, loudly
            load = {"headers": headers, "connections": args.connections, "threads": args.threads}
            wrk(url, seconds=args.warmup, **load)
            results[name] = {"path": path, **wrk(url, seconds=args.duration, **load)}
            print(f"  {name:8} {results[name]['rps']:8.0f} req/s", flush=True)

    ceiling = results["static"]["rps"]
    rows = []
    for name, r in results.items():
        share = r["rps"] / ceiling
        ok = share >= SHARE_BUDGET and r["p99"] < P99_BUDGET_MS
        verdict = ("ok" if ok else "FAIL") if name in data["pages"] else ""  # static, --also
        errors = r["errors"] + r["non_2xx"]
        latency = [f"{r['p50']:.1f}", f"{r['p99']:.1f}"] if r["rps"] else ["-", "-"]
        rows.append([name, r["path"][:44], f"{r['rps']:.0f}", *latency])
        rows[-1] += [errors, f"{share:.0%}", verdict]
    print()
    header = ["page", "path", "req/s", "p50 ms", "p99 ms", "errors", "of static", "budget"]
    print(common.table(rows, header))
    print(
        f"\nBudget: each page >= {SHARE_BUDGET:.0%} of the static file's req/s "
        f"and p99 < {P99_BUDGET_MS} ms (at 16 connections)."
    )
    path = common.save_results("server", {"options": vars(args), "pages": results})
    print(f"Raw figures: {path.relative_to(common.ROOT)}")


if __name__ == "__main__":
    main()
