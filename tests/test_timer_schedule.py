"""The pure JavaScript modules, tested in Node's built-in test runner.

The breathing timer's schedule (static/timer/schedule.js), the reach-out
path's rules (static/reachout/logic.js), the order of draws
(static/cards/deck.js) and the JSON the cards keep in storage
(static/cards/stored.js) are plain ES modules with no DOM, so
their tests run in Node; this test runs them as part of `uv run pytest`.
"""

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
JS_TESTS = sorted((ROOT / "tests" / "js").glob("*.test.mjs"))


def node() -> str:
    found = shutil.which("node")
    if not found:
        pytest.fail(
            "Node.js is needed for the timer's schedule tests (tests/js/): install Node 20 "
            "or later (e.g. apt-get install -y nodejs).",
            pytrace=False,
        )
    return found


def test_there_are_schedule_tests_to_run():
    names = [path.name for path in JS_TESTS]
    assert names == [
        "companion.test.mjs",
        "deck.test.mjs",
        "helplines.test.mjs",
        "reachout.test.mjs",
        "schedule.test.mjs",
        "stored.test.mjs",
    ]


def test_schedule_logic_passes_in_nodes_test_runner():
    result = subprocess.run(
        [node(), "--test", "--test-reporter=spec", *map(str, JS_TESTS)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )

    if result.returncode != 0:
        pytest.fail(
            f"node --test failed (exit {result.returncode}):\n{result.stdout}\n{result.stderr}",
            pytrace=False,
        )
    assert "ℹ fail 0" in result.stdout
