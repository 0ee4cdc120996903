"""My plan and the evening check-in in a phone browser: kept on the phone, offline,
on paper, carried in a file, and never in a request or the service worker's caches."""

import json
import re
from datetime import datetime

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import wait_until
from tests.browser.test_pwa import kept_after_install, server, worker_ready  # noqa: F401
from tests.browser.test_reachout import READ_CACHES, requests  # noqa: F401 (fixture)

SECRET = "the bridge on Elm road 9c4e"
EVENING_SECRET = "called my sister instead b71d"
KEPT = "Kept on this phone."


def part(page, title):
    return page.get_by_role("textbox", name=re.compile(title))


def write(page, title, text):
    part(page, title).fill(text)
    expect(page.locator("[data-plan-status]")).to_have_text(KEPT)


def tap_level(page, name):
    """One tap on how today was."""
    page.locator("label.level").filter(has_text=re.compile(f"^{name}$")).tap()


def keep_a_plan_and_an_evening(page, site_url, level):
    page.goto(site_url + "/my-plan/")
    write(page, "reasons", "The dog")
    page.goto(site_url + "/evening/")
    tap_level(page, level)
    expect(page.locator("[data-evening-status]")).to_have_text(KEPT)


def stored(page, key):
    return page.evaluate(f"JSON.parse(localStorage.getItem('{key}'))")


def test_a_new_plan_starts_with_the_lines_of_the_readers_country(page, site_url):
    page.goto(site_url + "/my-plan/")  # the phone profile speaks en-US

    expect(part(page, "Professionals and lines")).to_have_value(
        re.compile(r"^Emergency services: call 911\n")
    )
    expect(
        page.get_by_text("Kept on this phone only. Nothing you write here is sent anywhere.")
    ).to_be_visible()

    page.get_by_label("Your country").select_option("GB")
    expect(part(page, "Professionals and lines")).to_have_value(
        re.compile(r"^Emergency services: call 999\n")
    )


def test_with_no_country_known_the_lines_part_points_to_the_help_page(browser, phone, site_url):
    context = browser.new_context(**{**phone, "locale": "pt-BR"})
    page = context.new_page()
    page.goto(site_url + "/my-plan/")
    expect(page.locator("[data-plan]")).to_have_attribute("data-enhanced", "")

    expect(part(page, "Professionals and lines")).to_have_value("")
    hint = page.locator("[data-lines-none]")
    expect(hint).to_be_visible()
    expect(hint.get_by_role("link", name="the help page")).to_have_attribute("href", "/help/")
    context.close()


@pytest.mark.offline  # the browser logs the requests that fail
def test_a_plan_written_is_there_after_a_reload_with_no_connection(page, server):  # noqa: F811
    page.goto(server.url + "/my-plan/")
    worker_ready(page)
    write(page, "Signs a hard moment", SECRET)
    kept_after_install(page, "/evening/")
    server.terminate()

    page.reload()
    expect(part(page, "Signs a hard moment")).to_have_value(SECRET)
    page.goto(server.url + "/evening/")
    tap_level(page, "Lighter")
    expect(page.locator("[data-evening-status]")).to_have_text(KEPT)


def test_the_plan_prints_on_one_page(page, site_url):
    page.goto(site_url + "/my-plan/")
    for title in ["Signs a hard", "on my own", "take my mind", "ask for help", "safer", "reasons"]:
        write(page, title, "A first thing\nA second thing, a little longer than the first\nA third")

    page.emulate_media(media="print")
    # Only the plan is on paper: no bars, buttons or fields, and every part's words.
    for hidden in [".top", ".tabs", ".foot", "[data-plan-tools]", ".plan-lines", "textarea"]:
        expect(page.locator(hidden).first).to_be_hidden()
    expect(page.locator("[data-print-copy=lines]")).to_contain_text("call 911")
    for size in ["A4", "Letter"]:
        pdf = page.pdf(format=size)
        pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf))
        assert pages == 1, f"{size}: {pages} pages"


def test_the_plan_and_evenings_go_to_a_file_and_come_back_on_another_phone(
    page, site_url, browser, phone, tmp_path
):
    page.goto(site_url + "/evening/")
    tap_level(page, "Heavy")
    expect(page.locator("[data-evening-status]")).to_have_text(KEPT)
    page.goto(site_url + "/my-plan/")
    write(page, "reasons", "My sister\nThe dog")

    with page.expect_download() as download:
        page.get_by_role("button", name="Save to a file").tap()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert re.fullmatch(r"stand-still-my-plan-\d{4}-\d{2}-\d{2}\.json", saved.name)

    other = browser.new_context(**phone)
    second = other.new_page()
    second.goto(site_url + "/my-plan/")
    foreign = tmp_path / "foreign.json"
    foreign.write_text(json.dumps({"cards": []}))
    second.locator("[data-load-file]").set_input_files(foreign)
    expect(second.get_by_role("alert")).to_have_text(
        "This file isn't a plan saved by Stand Still, so nothing was changed."
    )
    second.locator("[data-load-file]").set_input_files(saved)
    expect(part(second, "reasons")).to_have_value("My sister\nThe dog")
    expect(second.locator("[data-plan-status]")).to_have_text(
        "Your plan is back, with your evenings."
    )
    second.goto(site_url + "/evening/")
    expect(second.locator(".week li:has(.today)")).to_have_attribute("data-level", "2")
    other.close()


def test_a_bad_file_never_replaces_the_plan(page, site_url, tmp_path):
    page.goto(site_url + "/my-plan/")
    write(page, "Signs a hard", "Not sleeping")
    bad = tmp_path / "plan.json"
    bad.write_text(
        json.dumps(
            {
                "app": "stand-still",
                "kind": "my-plan",
                "version": 1,
                "plan": {"signs": 7},
                "evenings": [],
            }
        )
    )

    page.locator("[data-load-file]").set_input_files(bad)

    expect(page.get_by_role("alert")).to_have_text(
        "The plan in this file can't be read, so nothing was changed."
    )
    expect(part(page, "Signs a hard")).to_have_value("Not sleeping")
    assert stored(page, "stand-still:plan")["signs"] == "Not sleeping"


def test_an_evening_check_in_shows_on_the_week_and_month_pictures(page, site_url):
    page.goto(site_url + "/evening/")

    tap_level(page, "Lighter")
    expect(page.locator("[data-evening-status]")).to_have_text(KEPT)
    today = page.locator(".week li:has(.today)")
    expect(today).to_have_attribute("data-level", "4")
    expect(today.get_by_role("img")).to_have_attribute("aria-label", re.compile(r": Lighter$"))
    expect(page.locator(".month .level-dot.today")).to_have_class(re.compile("level-4"))

    page.get_by_label("A line about today, if you like").fill("A slow walk")
    page.get_by_label("It came").check()
    page.get_by_label("What helped, if anything?").fill("The timer")
    wait_until(
        page, "JSON.parse(localStorage.getItem('stand-still:evenings'))[0].helped === 'The timer'"
    )

    page.reload()
    expect(page.get_by_role("radio", name="Lighter")).to_be_checked()
    expect(page.get_by_label("A line about today, if you like")).to_have_value("A slow walk")
    expect(page.get_by_label("What helped, if anything?")).to_have_value("The timer")
    # Today changed: one evening, never a second one for the same day.
    tap_level(page, "Mixed")
    expect(page.locator(".week li:has(.today)")).to_have_attribute("data-level", "3")
    assert len(stored(page, "stand-still:evenings")) == 1


@pytest.mark.parametrize("language", ["", "/es", "/de"])
def test_the_week_runs_monday_to_sunday_as_the_month_does(page, site_url, language):
    # Saturday 5 December 2026, in the evening: the week began on Monday 30 November.
    page.clock.set_fixed_time(datetime(2026, 12, 5, 21, 30))
    page.goto(site_url + language + "/evening/")
    tap_level(page, {"": "Mixed", "/es": "Regular", "/de": "Gemischt"}[language])
    days = page.locator(".week li")
    expect(days).to_have_count(7)
    dates = days.evaluate_all("items => items.map((item) => item.dataset.date)")
    assert dates == [f"2026-11-{d}" for d in (30,)] + [f"2026-12-0{d}" for d in range(1, 7)]
    expect(page.locator(".week li:has(.today)")).to_have_attribute("data-date", "2026-12-05")
    expect(page.locator(".week li:has(.today)")).to_have_attribute("data-level", "3")
    expect(days.last.locator(".level-dot")).to_have_class(re.compile(r"\blater\b"))
    # The month's first column is Monday too.
    first = page.locator(".month thead th").first.locator(".visually-hidden")
    expect(first).to_have_text({"": "Monday", "/es": "Lunes", "/de": "Montag"}[language])


def test_the_count_of_standing_still_shows_only_while_the_reader_keeps_it(page, site_url):
    page.goto(site_url + "/evening/")
    expect(page.locator("[data-evening]")).to_have_attribute("data-enhanced", "")
    expect(page.locator("[data-stood-still]")).to_be_hidden()

    page.evaluate(
        "localStorage.setItem('stand-still:stood-still', JSON.stringify({count: 3, on: true}))"
    )
    page.reload()
    expect(page.locator("[data-stood-still]")).to_have_text(
        "You have stood still 3 times on this device."
    )

    page.evaluate(
        "localStorage.setItem('stand-still:stood-still', JSON.stringify({count: 3, on: false}))"
    )
    page.reload()
    expect(page.locator("[data-evening]")).to_have_attribute("data-enhanced", "")
    expect(page.locator("[data-stood-still]")).to_be_hidden()


def test_deleting_the_evenings_asks_once_and_leaves_the_plan(page, site_url):
    keep_a_plan_and_an_evening(page, site_url, "Light")

    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    page.get_by_role("button", name="Delete my evenings from this phone").tap()
    # Kept: they said no.
    expect(page.locator(".week li:has(.today)")).to_have_attribute("data-level", "5")

    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    page.get_by_role("button", name="Delete my evenings from this phone").tap()
    expect(page.locator("[data-evening-status]")).to_have_text(
        "Your evenings are deleted from this phone."
    )
    expect(page.locator(".week li[data-level]")).to_have_count(0)
    assert len(asked) == 2 and all("can't be undone" in message for message in asked)
    assert stored(page, "stand-still:evenings") is None
    assert stored(page, "stand-still:plan")["reasons"] == "The dog"


def test_what_is_written_is_in_no_request_and_no_cache(page, site_url, requests):  # noqa: F811
    page.goto(site_url + "/my-plan/")
    worker_ready(page)
    write(page, "Signs a hard", SECRET)
    page.goto(site_url + "/evening/")
    tap_level(page, "Mixed")
    page.get_by_label("A line about today, if you like").fill(EVENING_SECRET)
    wait_until(page, f"localStorage.getItem('stand-still:evenings').includes('{EVENING_SECRET}')")
    # Moving about, and the worker refreshing its copies, sends nothing of it either.
    page.goto(site_url + "/help/")
    page.goto(site_url + "/my-plan/")
    expect(part(page, "Signs a hard")).to_have_value(SECRET)

    assert requests, "requests were recorded"
    for url, body in requests:
        for secret in ("9c4e", "b71d", "Elm road", "my sister"):
            assert secret not in url and secret not in body, url
    cached = page.evaluate(READ_CACHES)
    assert any(url.endswith("/my-plan/") for url, _ in cached)
    for url, text in cached:
        assert "9c4e" not in text and "b71d" not in text, url


def test_delete_all_my_data_deletes_the_plan_and_the_evenings_too(page, site_url):
    keep_a_plan_and_an_evening(page, site_url, "Mixed")

    page.goto(site_url + "/saved/delete-everything/")
    page.get_by_role("button", name="Delete everything").tap()
    expect(page).to_have_url(re.compile("/saved/$"))

    assert stored(page, "stand-still:plan") is None
    assert stored(page, "stand-still:evenings") is None


@pytest.mark.parametrize("path", ["/my-plan/", "/evening/"])
def test_the_pages_fit_a_320_pixel_screen(page, site_url, path):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(site_url + path)
    expect(page.locator("article[data-enhanced]")).to_have_count(1)
    if path == "/evening/":
        tap_level(page, "Very heavy")
        expect(page.locator("[data-more]")).to_be_visible()

    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    for target in page.locator("label.level, [data-plan-tools] button, .file-button").all():
        box = target.bounding_box()
        assert box["height"] >= 44 and box["width"] >= 44, target


def test_without_javascript_a_blank_plan_prints_with_the_lines_and_the_check_in_says_why_not(
    browser, phone, site_url
):
    context = browser.new_context(
        **phone, java_script_enabled=False, extra_http_headers={"Accept-Language": "en-GB"}
    )
    page = context.new_page()
    page.goto(site_url + "/my-plan/")
    # Playwright's text search skips <noscript>, which a browser without JavaScript shows.
    notice = page.locator("noscript .notice")
    expect(notice).to_contain_text("JavaScript is off, so nothing typed here is kept.")
    expect(notice).to_be_visible()
    # Below the plan: the emergency line, and the way to every line (the help page).
    lines = page.locator(".plan-lines")
    expect(lines.get_by_text("call your local emergency number now")).to_be_visible()
    expect(lines.get_by_role("link", name="Need help now?")).to_have_attribute("href", "/help/")
    expect(page.locator("[data-plan-tools]")).to_be_hidden()
    page.emulate_media(media="print")
    expect(part(page, "Professionals and lines")).to_have_value(re.compile("call 999"))
    assert len(re.findall(rb"/Type\s*/Page(?!s)", page.pdf(format="A4"))) == 1

    page.emulate_media(media="screen")
    page.goto(site_url + "/evening/")
    expect(notice).to_contain_text("that needs JavaScript, which is off here")
    expect(notice).to_be_visible()
    expect(page.get_by_role("radio")).to_have_count(0)
    context.close()
