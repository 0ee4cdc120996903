"""Timer precision: how late each phase boundary shows against the breathing schedule,
and how many frames did layout or paint while the timer ran.

In Debian's Chromium (Playwright, Pixel 7 profile), against the app served by
`manage.py serve`: first a 10-minute open-ended session per pattern on
Playwright's controlled clock, then a real 60-second session of the default
pattern under a DevTools performance trace.

    uv run python bench/timer.py [--minutes 10] [--seconds 60] [--patterns box,sigh]
"""

import argparse
import json
import math
import os
import sys
from bisect import bisect_right
from datetime import UTC, datetime

import common
from playwright.sync_api import sync_playwright

URL = "/stand-still/"
CHROMIUM = "/usr/bin/chromium"
SETTINGS_KEY = "stand-still:timer"
NIGHT = datetime(2026, 3, 1, 2, 30, tzinfo=UTC)
# Every change of the phase label, with the page's clock time.
RECORD = """() => {
    window.__changes = [];
    const el = document.querySelector("[data-phase]");
    new MutationObserver(() => window.__changes.push([performance.now(), el.textContent]))
        .observe(el, { childList: true, characterData: true, subtree: true });
}"""
# The schedule itself, from the page's own module: {pattern: [[label, ms], ...]}.
SCHEDULE = """async (url) => Object.fromEntries(Object.entries((await import(url)).PATTERNS)
    .map(([name, phases]) => [name, phases.map((p) => [p.label, p.ms])]))"""
TRACE = ["devtools.timeline", "disabled-by-default-devtools.timeline.frame"]
FRAME = "BeginMainThreadFrame"
WORK = {"Layout": "layout", "Paint": "paint", "UpdateLayoutTree": "style"}


def boundaries(phases: list, until_ms: float) -> list[tuple[float, str]]:
    """(ms, label) for every phase start from 0 to `until_ms`: the schedule."""
    at, out = 0, []
    while True:
        for label, ms in phases:
            if at > until_ms:
                return out
            out.append((at, label))
            at += ms


def lateness(changes: list, phases: list, origin: float, until_ms: float) -> dict:
    """How late (ms) each boundary showed, or which was skipped or shown out of turn."""
    seen = [(at - origin, text) for at, text in changes]
    due = boundaries(phases, until_ms)
    for i, ((at, shown), (_, label)) in enumerate(zip(seen, due, strict=False)):
        if shown != label:
            return {"error": f"boundary {i} showed {shown!r} at {at:.0f} ms, due: {label!r}"}
    late = sorted(abs(shown - at) for (shown, _), (at, _) in zip(seen, due, strict=False))
    p99 = late[min(len(late) - 1, math.ceil(0.99 * len(late)) - 1)]
    return {"boundaries": len(late), "max_ms": late[-1], "p99_ms": p99}


def open_timer(browser, device, settings: dict | None = None):
    page = browser.new_context(**device).new_page()
    if settings:
        stored = json.dumps(json.dumps(settings))
        page.add_init_script(f"localStorage.setItem({json.dumps(SETTINGS_KEY)}, {stored})")
    return page


def controlled(browser, device, base, schedule_url, pattern: str, minutes: int) -> dict:
    page = open_timer(browser, device, {"pattern": pattern, "minutes": 0})
    page.clock.install(time=NIGHT)
    page.clock.pause_at(NIGHT.replace(second=1))
    page.goto(base + URL)
    phases = page.evaluate(SCHEDULE, schedule_url)[pattern]
    page.evaluate(RECORD)
    started = page.evaluate("performance.now()")  # the clock stands still until run_for
    page.get_by_role("button", name="Start", exact=True).click()
    until = minutes * 60_000 + 4_321  # past the last minute, off any boundary
    page.clock.run_for(until)
    result = lateness(page.evaluate("window.__changes"), phases, started, until)
    page.context.close()
    return result


def traced(browser, device, base, schedule_url, seconds: int) -> dict:
    """A real session of the default pattern; the trace says which frames laid out or painted."""
    page = open_timer(browser, device)
    page.goto(base + URL)
    phases = page.evaluate(SCHEDULE, schedule_url)["stand-still"]
    page.evaluate(RECORD)
    page.wait_for_timeout(1000)  # let the page settle: only the running session is measured
    browser.start_tracing(page=page, categories=TRACE)
    page.get_by_role("button", name="Start", exact=True).click()
    page.wait_for_timeout(seconds * 1000)
    events = json.loads(browser.stop_tracing())["traceEvents"]
    changes = page.evaluate("window.__changes")
    page.context.close()
    if not changes:
        return {"error": "the phase never changed: did the session start?", **frames(events)}
    # The first change ("Breathe in") is drawn in the same task that starts the clock.
    origin, last = changes[0][0], changes[-1][0]
    return {**lateness(changes, phases, origin, last - origin), **frames(events)}


def frames(events: list) -> dict:
    """The page's main-thread frames, and how many of them laid out, painted or restyled."""
    starts = [e for e in events if e["name"] == FRAME]
    if not starts:
        return {"frames": 0, "note": f"no {FRAME} events in the trace"}
    threads = [(e["pid"], e["tid"]) for e in starts]
    main = max(set(threads), key=threads.count)  # the renderer that drew the most frames
    marks = sorted(e["ts"] for e in starts if (e["pid"], e["tid"]) == main)
    busy = {name: set() for name in WORK.values()}
    for e in events:
        if e["name"] in WORK and (e["pid"], e["tid"]) == main and e["ts"] >= marks[0]:
            busy[WORK[e["name"]]].add(bisect_right(marks, e["ts"]))  # the frame it fell in
    seconds = (marks[-1] - marks[0]) / 1e6 or 1
    return {"frames": len(marks), "fps": len(marks) / seconds} | {
        f"{name}_frames": len(found) for name, found in busy.items()
    }


def report(args, results: dict) -> None:
    print(f"\nPhase boundaries, ms late against the schedule (budget: <= {common.FRAME_MS:.1f})")
    runs = [(f"controlled, {args.minutes} min", n, r) for n, r in results["controlled"].items()]
    runs.append((f"real, {args.seconds} s", "stand-still", results["real"]))
    rows = [
        [clock, name, r["boundaries"], f"{r['p99_ms']:.1f}", f"{r['max_ms']:.1f}"]
        + ["ok" if r["max_ms"] <= common.FRAME_MS else "FAIL"]
        if "error" not in r
        else [clock, name, "-", "-", "-", "FAIL"]
        for clock, name, r in runs
    ]
    print(common.table(rows, ["clock", "pattern", "boundaries", "p99 ms", "max ms", "budget"]))
    for clock, name, r in runs:
        if "error" in r:
            print(f"  {clock}, {name}: {r['error']}")
    real = results["real"]
    if not real.get("frames"):
        print(f"\nFrames: could not be counted ({real.get('note')}).")
        return
    # The count and the clock change once a second, the label at each boundary, and the
    # first frames redraw the page from its setup state.
    allowed = args.seconds + real["boundaries"] + 2
    ok = max(real["layout_frames"], real["paint_frames"]) <= allowed
    print(
        f"\nFrames while running (real clock, {real['fps']:.0f} fps): {real['frames']}; "
        f"with layout {real['layout_frames']}, paint {real['paint_frames']}, "
        f"style recalc {real['style_frames']}: {'ok' if ok else 'FAIL'}.\n"
        f"Budget: no layout or paint per frame, only when text changes (at most {allowed})."
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=int, default=10, help="controlled-clock session (10)")
    parser.add_argument("--seconds", type=int, default=60, help="real traced session (60)")
    parser.add_argument("--patterns", help="patterns for the controlled clock, comma-separated")
    parser.add_argument("--port", type=int, default=8064, help="port, 8060-8069 (8064)")
    args = parser.parse_args()

    if not os.path.exists(CHROMIUM):
        sys.exit(f"Needs Debian's Chromium at {CHROMIUM}: apt-get install -y chromium.")
    env = common.environment("timer")
    results = {"controlled": {}}
    with common.serve(env, args.port) as base, sync_playwright() as p:
        common.setup_django(env)
        schedule_url = common.static_url("timer/schedule.js")
        flags = ["--no-sandbox", "--disable-gpu"]
        browser = p.chromium.launch(executable_path=CHROMIUM, args=flags)
        device = {k: v for k, v in p.devices["Pixel 7"].items() if k != "default_browser_type"}
        measure = (browser, device, base, schedule_url)
        if args.patterns:
            names = args.patterns.split(",")
        else:
            page = browser.new_page()
            page.goto(base + URL)
            names = list(page.evaluate(SCHEDULE, schedule_url))
            page.close()
        for name in names:
            results["controlled"][name] = controlled(*measure, name, args.minutes)
            print(f"  controlled clock, {args.minutes} min of {name}: done", flush=True)
        print(f"  real clock: {args.seconds} s of stand-still, traced", flush=True)
        results["real"] = traced(*measure, args.seconds)
        browser.close()

    report(args, results)
    path = common.save_results("timer", {"options": vars(args), **results})
    print(f"Raw figures: {path.relative_to(common.ROOT)}")


if __name__ == "__main__":
    main()
