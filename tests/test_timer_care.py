"""The timer page's care: help over a running session, breathing safety, and
a way for people whom breath focus makes worse."""

import re

import pytest

from apps.core import helplines
from tests.helpers import inline_code, text_of

pytestmark = pytest.mark.django_db


def timer_html(client) -> str:
    return client.get("/stand-still/").content.decode()


def test_the_help_sheet_carries_the_emergency_line_and_reads_the_rest_from_the_help_page(client):
    html = timer_html(client)
    sheet = re.search(r"<template data-help-sheet>(.*?)</template>", html, flags=re.S)[1]

    assert '<h1 id="sheet-title" class="h2" tabindex="-1" autofocus>Help now</h1>' in sheet
    assert "call your local emergency number now" in text_of(sheet)
    # One copy of the lines on the phone (the help page the worker keeps), not one per page.
    assert 'data-lines-from="/help/"' in sheet
    assert "tel:" not in html
    help_page = client.get("/help/").content.decode()
    for country in helplines.directory().countries:
        assert f'data-country="{country.code}"' in help_page
        for line in country.lines:
            for number in line.calls:
                assert f'href="tel:{number.dial}"' in help_page
    # No country is chosen for a visitor who never chose one: the script picks theirs.
    assert re.findall(r'<section class="country"[^>]*>', help_page) == re.findall(
        r'<section class="country"[^>]*hidden>', help_page
    )
    assert inline_code(html) == []


def test_the_help_sheet_of_a_spanish_page_reads_the_spanish_help_page(client):
    html = client.get("/es/stand-still/").content.decode()
    assert 'data-lines-from="/es/help/"' in html


def test_every_link_to_help_on_the_timer_page_opens_the_sheet(client):
    html = timer_html(client)

    outside_the_sheet = re.sub(r"<template data-help-sheet>.*?</template>", "", html, flags=re.S)
    help_links = re.findall(r'<a [^>]*href="/help/"[^>]*>', outside_the_sheet)
    assert len(help_links) == 3  # top bar, the timer's own, the footer
    assert all("data-help" in link for link in help_links)


def test_patterns_with_holds_carry_a_caution_to_skip_them_and_the_gentler_pattern(client):
    html = timer_html(client)

    assert re.search(
        r'<p class="hold-safety" data-hold-safety role="note" hidden>'
        r"If panic rises, skip the holds and just breathe; in 4, out 6 is gentler. "
        r"Stop if you feel dizzy or short of breath.</p>",
        html,
    )
    assert "In 4, hold 7, out 8. A long hold and a slow release, to wind down. If the hold" in (
        text_of(html)
    )


def test_the_timers_own_pattern_holds_for_eight_seconds_at_most(client):
    html = timer_html(client)

    holds = re.findall(r'<input type="number" name="(?:hold|rest)"[^>]*>', html)
    assert len(holds) == 2
    assert all('max="8"' in field for field in holds)


def test_grounding_is_offered_for_people_whom_breath_focus_makes_worse(client):
    text = text_of(timer_html(client))

    assert "If focusing on your breath makes it worse" in text
    assert "Feet on the floor." in text
    assert "5 things you can see, 4 you can touch, 3 you can hear" in text


def test_a_changed_helplines_file_is_a_new_deploy_for_the_kept_timer_page(tmp_path, monkeypatch):
    """The timer page embeds the lines, read once per process: like a template, a
    changed file changes the deploy version, so no kept page shows an old number."""
    from apps.core import pagecache

    assert helplines.PATH in pagecache._deploy_files
    copy = tmp_path / "helplines.yaml"
    copy.write_bytes(helplines.PATH.read_bytes())
    monkeypatch.setattr(pagecache, "_deploy_files", {copy})
    pagecache.deploy_version.cache_clear()
    before = pagecache.deploy_version()

    copy.write_text(copy.read_text().replace("116 123", "116 124"))
    pagecache.deploy_version.cache_clear()  # as in a new process after a deploy

    assert pagecache.deploy_version() != before
    pagecache.deploy_version.cache_clear()
