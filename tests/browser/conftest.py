"""Browser tests: Playwright in Chromium with a phone profile, against a live server.

The live server runs the production static pipeline: files collected, hashed and
compressed, served by whitenoise (not Django's debug static handler).
"""

import os
import re
import shutil
from pathlib import Path

import pytest

from tests.factories import make_article, make_card

# Sync Playwright runs an event loop in the test thread; Django's ORM calls
# from that thread are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

DEBIAN_CHROMIUM = "/usr/bin/chromium"
PHONE = "Pixel 7"


def chromium_executable(playwright) -> str | None:
    """Debian's Chromium when present, else Playwright's own build when installed."""
    if os.path.exists(DEBIAN_CHROMIUM):
        return DEBIAN_CHROMIUM
    own = playwright.chromium.executable_path
    if own and Path(own).exists():
        return None
    found = shutil.which("chromium")
    if found:
        return found
    pytest.fail(
        "No Chromium for the browser tests: install Debian's (apt-get install -y chromium) "
        "or Playwright's (uv run playwright install chromium).",
        pytrace=False,
    )


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args, playwright):
    return {
        **browser_type_launch_args,
        "executable_path": chromium_executable(playwright),
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session")
def phone(playwright):
    device = dict(playwright.devices[PHONE])
    device.pop("default_browser_type", None)
    return device


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args, phone):
    return {**browser_context_args, **phone}


class PassThrough:
    """Stand-in for Django's static handler: let whitenoise serve static files."""

    def __new__(cls, application):
        return application


def start_server(thread_class=None):
    """A live server thread serving the app, static files through whitenoise."""
    from django.test.testcases import LiveServerThread

    thread = (thread_class or LiveServerThread)("127.0.0.1", static_handler=PassThrough)
    thread.daemon = True
    thread.start()
    thread.is_ready.wait()
    if thread.error:
        raise thread.error
    thread.url = f"http://127.0.0.1:{thread.port}"
    return thread


@pytest.fixture(scope="session")
def site_url(django_db_setup, django_db_blocker, collected_static):
    thread = start_server()
    yield thread.url
    thread.terminate()


@pytest.fixture(autouse=True)
def _browser_db(transactional_db):
    """The live server sees each test's data through its own connections."""


# What the browser itself logs when the network is gone (and htmx's log of it):
# expected in offline tests, and nothing else is. A CSP violation always fails.
# "…when fetching the script" is Chromium's log of a service worker update check
# that could not reach the server (seen on a busy machine, when the check is late).
NETWORK_FAILURE = re.compile(
    r"net::ERR_|Failed to load resource|Failed to fetch|htmx:(sendError|afterRequest)"
    r"|An unknown error occurred when fetching the script"
)


@pytest.fixture
def page(context, request):
    """A phone page that fails the test on any console error or CSP violation.

    Tests marked `offline` may see the browser's own network-failure messages.
    """
    page = context.new_page()
    page.set_default_timeout(10_000)
    problems: list[str] = []
    page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.problems = problems
    yield page
    if request.node.get_closest_marker("offline"):
        problems = [problem for problem in problems if not NETWORK_FAILURE.search(problem)]
    assert problems == [], f"console errors or CSP violations: {problems}"


def wait_until(page, promise: str, timeout: float = 10_000) -> None:
    """Wait until the JavaScript `promise` resolves to true, polling as `wait_for_function`
    does. That function does not await a promise its predicate returns (any promise is
    truthy), so each poll starts the check and reads the answer of the one before."""
    page.evaluate("window.__waitedFor = undefined")
    page.wait_for_function(
        f"() => {{ Promise.resolve({promise}).then(v => {{ window.__waitedFor = v; }}); "
        "return window.__waitedFor === true; }",
        timeout=timeout,
    )


@pytest.fixture
def cards():
    """Three cards of one article, for the saving tests (a test file may have its own)."""
    article = make_article(title="Both of you are running", position=1)
    return [
        make_card(article, title=title, position=i)
        for i, title in enumerate(["Let them run", "Feel it to heal it", "Turn toward yourself"])
    ]
