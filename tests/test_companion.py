"""My plan and the evening check-in (apps/companion): the pages the server serves.
What a reader writes stays in their browser; tests/browser/test_companion.py proves
that. Here: the pages without JavaScript, their headers, and that nothing on them
can send what is typed."""

import json
import re
from html import unescape

import pytest

from apps.companion.views import PARTS, plan_prefill
from apps.core import helplines
from apps.pwa.offline import worker_context
from apps.pwa.views import manifest_data
from tests.helpers import EXPECTED_CSP, inline_code, text_of

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/my-plan/", "/evening/"])
def test_the_pages_carry_the_csp_and_no_inline_code(client, url):
    response = client.get(url)

    assert response.status_code == 200
    assert response["Content-Security-Policy"] == EXPECTED_CSP
    assert inline_code(response.content.decode()) == []


@pytest.mark.parametrize("url", ["/my-plan/", "/evening/"])
def test_nothing_on_the_pages_can_send_what_is_typed(client, url):
    html = client.get(url).content.decode()
    # Every page's language chooser (a language and the page's address, in the footer,
    # around no field of the page's own) is left aside.
    html = re.sub(r'<form class="language-chooser".*?</form>', "", html, flags=re.S)
    # The only form is the help lines' country chooser, which goes to the help page.
    forms = re.findall(r"<form[^>]*>", html)
    assert all('action="/help/"' in form and 'method="get"' in form for form in forms)
    assert re.findall(r"<textarea|<input[^>]*type=\"text\"", html)  # fields to write in...
    for field in re.findall(r"<(?:textarea|input)[^>]*>", html):
        assert " name=" not in field or 'type="radio"' in field  # ...none named for a form


def test_without_javascript_the_plan_is_a_printable_blank_plan_with_the_help_lines(client):
    response = client.get("/my-plan/", headers={"Accept-Language": "en-GB,en;q=0.8"})
    html = response.content.decode()
    text = text_of(html)

    for _, title, _ in PARTS:
        assert title in text
    assert "Print this page and write your plan on it" in text
    # The lines and their chooser are the help page's, put in by the script (one copy on
    # the phone); the page itself knows the country, and says to call for an emergency.
    assert 'data-country="GB"' in html and 'data-lines-from="/help/"' in html
    assert "call your local emergency number now" in text
    lines_part = re.search(r'<textarea id="plan-lines"[^>]*>(.*?)</textarea>', html, re.S)[1]
    assert lines_part.startswith("Emergency services: call 999\n")


def test_the_plan_page_follows_the_browsers_languages_and_is_kept_privately(client):
    response = client.get("/my-plan/")

    assert "Accept-Language" in response["Vary"]
    assert "private" in response["Cache-Control"] and "max-age=86400" in response["Cache-Control"]


def test_a_new_plan_starts_with_each_countrys_lines_from_the_help_lines_file():
    prefill = plan_prefill(helplines.directory())

    assert set(prefill) == {c.code for c in helplines.directory().countries}
    assert prefill["US"].splitlines() == [
        "Emergency services: call 911",
        "Suicide & Crisis Lifeline: call 988, text 988",
        "National Domestic Violence Hotline: call 1-800-799-7233, text 88788",
    ]


def test_the_plan_page_carries_every_countrys_lines_for_a_new_plan_offline(client):
    html = client.get("/my-plan/").content.decode()
    prefill = re.search(r'data-prefill="([^"]*)"', html)[1]

    assert json.loads(unescape(prefill)) == plan_prefill(helplines.directory())


def test_without_javascript_the_check_in_says_it_needs_the_apps_storage(client):
    html = client.get("/evening/").content.decode()
    noscript = re.search(r"<noscript>(.*?)</noscript>", html, re.S)[1]

    assert "needs JavaScript" in text_of(noscript)
    assert 'href="/my-plan/"' in noscript and 'href="/help/"' in noscript
    # The check-in itself only appears once the script has read the phone's storage.
    assert re.search(r'<div class="check-in" data-check-in hidden>', html)


@pytest.mark.parametrize(
    ("prefix", "letters"),
    [("", "MTWTFSS"), ("/es", "LMXJVSD"), ("/de", "MDMDFSS")],
)
def test_the_month_starts_on_monday_with_each_languages_letters_for_the_days(
    client, prefix, letters
):
    html = client.get(f"{prefix}/evening/").content.decode()
    head = re.search(r"<thead>(.*?)</thead>", html, re.S)[1]

    shown = re.findall(r'<span aria-hidden="true">(.)</span>', head)
    assert "".join(shown) == letters
    assert re.findall(r'<span class="visually-hidden">(\w+)</span>', head)[0] in (
        "Monday",
        "Lunes",
        "Montag",
    )


def test_the_check_in_offers_five_calm_levels_and_asks_for_no_reason_name_or_email(client):
    html = client.get("/evening/").content.decode()
    text = text_of(html).lower()

    assert len(re.findall(r'name="level" value="[1-5]"', html)) == 5
    assert "very heavy" in text and "light" in text
    for word in ("why", "email", "your name", "score", "streak"):
        assert word not in text, word


def test_the_pages_open_offline_and_my_plan_is_a_home_screen_shortcut(client):
    worker_context.cache_clear()
    assert "/my-plan/" in worker_context()["pages"]  # at install
    assert "/evening/" in worker_context()["later"]  # just after
    assert "/my-plan/" in [s["url"] for s in manifest_data()["shortcuts"]]
    worker = client.get("/sw.js").content.decode()
    assert '"/my-plan/"' in worker and '"/evening/"' in worker
    assert re.search(r"/static/companion/plan\.[0-9a-f]{12}\.js", worker)


def test_my_plan_is_one_tap_from_help_the_timer_and_the_stronger_answer(client):
    help_page = client.get("/help/").content.decode()
    plan_block = help_page.split('id="plan"')[1]
    assert 'href="/my-plan/"' in plan_block
    assert "one of the best-supported things a person can do for a crisis" in text_of(plan_block)

    timer = client.get("/stand-still/").content.decode()
    sheet = re.search(r"<template data-help-sheet>(.*?)</template>", timer, re.S)[1]
    assert 'href="/my-plan/"' in sheet
    assert '<p class="help-link"><a href="/my-plan/">My plan</a></p>' in timer

    check_in = client.get("/reach-out/check-in/").content.decode()
    stronger = re.search(r'<section data-answer="stronger".*?</section>', check_in, re.S)[0]
    assert 'href="/my-plan/"' in stronger


def test_the_privacy_page_says_the_plan_and_evenings_stay_in_the_browser(client):
    html = client.get("/privacy/").content.decode()
    item = re.search(r'<li><a href="/my-plan/">My plan</a>.*?</li>', html, re.S)[0]

    assert "in this browser's storage. They are never sent" in text_of(item)
    assert 'href="/evening/"' in item
