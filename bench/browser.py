"""Browser: Lighthouse (mobile emulation, simulated slow 4G and a 4x slower CPU) in
Debian's Chromium for each main page: the four category scores, LCP, TBT, CLS and
total bytes, and the audits that cost each page points.

Serves the app like bench/server.py (gunicorn, the generated data set, the
benchmark reader's cookie). Installs Lighthouse into bench/.node on first run.

    uv run python bench/browser.py [--pages feed,timer] [--cards 10000]
"""

import argparse
import json
import os
import shutil
import subprocess
import sys

import common

NODE = common.ROOT / "bench" / ".node"
LIGHTHOUSE = NODE / "node_modules" / "lighthouse" / "cli" / "index.js"
# Lighthouse 13 needs Node 22.19; Debian 12 ships Node 20, which Lighthouse 12 supports.
PACKAGE = "lighthouse@12"
CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu"


def ensure_lighthouse() -> None:
    if not shutil.which("node") or not shutil.which("npm") or not os.path.exists(CHROME):
        sys.exit(
            f"Needs node, npm and Chromium at {CHROME} (apt-get install -y nodejs npm chromium)."
        )
    if not LIGHTHOUSE.exists():
        print(f"Installing {PACKAGE} into bench/.node (once).", flush=True)
        subprocess.run(
            ["npm", "install", "--prefix", str(NODE), "--no-audit", "--no-fund", PACKAGE],
            check=True,
            capture_output=True,
        )


def lighthouse(url: str, cookie: str, name: str, attempts: int = 2) -> dict:
    """One page's report; a run Lighthouse itself could not complete is tried again once."""
    for _ in range(attempts):
        result = run_lighthouse(url, cookie, name)
        if "error" not in result:
            break
    return result


def run_lighthouse(url: str, cookie: str, name: str) -> dict:
    report = common.RESULTS / f"lighthouse-{name}.json"
    report.unlink(missing_ok=True)
    headers = common.RESULTS / "lighthouse-headers.json"
    headers.write_text(json.dumps({"Cookie": cookie}))
    command = ["node", str(LIGHTHOUSE), url, "--quiet", "--output=json"]
    command += [f"--output-path={report}", f"--extra-headers={headers}"]
    command += [f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={CHROME_FLAGS}"]
    env = {**os.environ, "CHROME_PATH": CHROME}
    run = subprocess.run(command, capture_output=True, text=True, env=env)
    if run.returncode or not report.exists():
        return {"error": (run.stderr.strip().splitlines() or ["no output"])[-1]}
    data = json.loads(report.read_text())
    if data.get("runtimeError"):
        return {"error": data["runtimeError"]["message"]}
    audits = data["audits"]
    return {
        "scores": {c: data["categories"][c]["score"] for c in CATEGORIES},
        "lcp": audits["largest-contentful-paint"]["numericValue"],
        "tbt": audits["total-blocking-time"]["numericValue"],
        "cls": audits["cumulative-layout-shift"]["numericValue"],
        "bytes": audits["total-byte-weight"]["numericValue"],
        "lost": lost_points(data),
        "audit_errors": [
            f"{a['id']}: {a['errorMessage']}" for a in audits.values() if a.get("errorMessage")
        ],
        "warnings": data.get("runWarnings", []),
    }


def lost_points(data: dict) -> list[str]:
    """The scored audits that did not pass: 'seo:is-crawlable (0.00)'."""
    lost = []
    for category in CATEGORIES:
        for ref in data["categories"][category]["auditRefs"]:
            audit = data["audits"][ref["id"]]
            if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
                shown = f", {audit['displayValue']}" if audit.get("displayValue") else ""
                lost.append(f"{category}:{ref['id']} ({audit['score']:.2f}{shown})")
    return lost


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", help="comma-separated page names (all)")
    parser.add_argument("--cards", type=int, default=10_000, help="generated cards (10,000)")
    parser.add_argument("--bookmarks", type=int, default=1_000, help="saved cards (1,000)")
    parser.add_argument("--port", type=int, default=8062, help="port, 8060-8069 (8062)")
    args = parser.parse_args()
    ensure_lighthouse()

    env = common.environment("browser")
    results = {}
    with common.serve(env, args.port) as base:
        common.setup_django(env)
        data = common.build_dataset(args.cards, args.bookmarks)
        pages = data["pages"]
        wanted = args.pages.split(",") if args.pages else list(pages)
        for name in wanted:
            print(f"  {name:8} {pages[name]}", flush=True)
            results[name] = {
                "path": pages[name],
                **lighthouse(base + pages[name], data["cookie"], name),
            }

    rows = []
    for name, r in results.items():
        if "error" in r:
            rows.append([name, r["path"][:34], *["-"] * 8, "FAIL"])
            continue
        scores = ["err" if s is None else round(s * 100) for s in r["scores"].values()]
        rows.append([name, r["path"][:34], *scores, f"{r['lcp']:.0f}", f"{r['tbt']:.0f}"])
        rows[-1] += [f"{r['cls']:.3f}", f"{r['bytes'] / 1024:.1f}"]
        rows[-1].append("ok" if all(s == 100 for s in scores) else "FAIL")
    header = ["page", "path", "perf", "a11y", "best", "seo", "LCP ms", "TBT ms", "CLS"]
    header += ["KB", "budget"]
    print()
    print(common.table(rows, header))
    print("\nBudget: 100 in all four categories on every page. Audits that cost points:")
    for name, r in results.items():
        failed = [f"Lighthouse failed: {r['error']}"] if "error" in r else []
        for line in failed + r.get("lost", []) + r.get("audit_errors", []) + r.get("warnings", []):
            print(f"  {name:8} {line}")
    path = common.save_results("browser", {"options": vars(args), "pages": results})
    print(f"Raw figures: {path.relative_to(common.ROOT)} and bench/results/lighthouse-*.json")


if __name__ == "__main__":
    main()
