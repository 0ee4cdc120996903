"""Help one tap away, in a phone browser: the top bar on every page, over a running
timer without ending it, and a help page whose country chooser works offline."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.test_pwa import kept_after_install, server, worker_ready  # noqa: F401
from tests.browser.test_timer import open_timer, phase, seconds, start_button
from tests.factories import make_article, make_card

PHONES = {"375px": {"width": 375, "height": 667}, "Pixel 7": None}


@pytest.fixture
def card():
    article = make_article(title="Both of you are running", slug="both-running")
    return make_card(article, title="A pattern worth naming", slug="a-pattern")


def main_pages(card):
    return [
        "/",
        "/stand-still/",
        "/saved/",
        "/search/",
        "/about/",
        "/help/",
        "/privacy/",
        "/draw/",
        card.get_absolute_url(),
        card.article.get_absolute_url(),
    ]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("phone_size", PHONES)
def test_help_is_in_the_top_bar_of_every_main_page_without_scrolling(
    page, site_url, card, phone_size, scheme
):
    if PHONES[phone_size]:
        page.set_viewport_size(PHONES[phone_size])
    page.emulate_media(color_scheme=scheme)
    height = page.viewport_size["height"]

    for path in main_pages(card):
        page.goto(site_url + path)
        help_link = page.get_by_role("banner").get_by_role("link", name="Help")
        expect(help_link).to_be_visible()
        expect(help_link).to_be_in_viewport(ratio=1)
        box = help_link.bounding_box()
        assert box["height"] >= 44 and box["width"] >= 44, path
        assert box["y"] + box["height"] <= height, path
        colors = help_link.evaluate(
            """(el) => {
                const style = getComputedStyle(el);
                return [style.color, getComputedStyle(document.body).backgroundColor];
            }"""
        )
        assert colors[0] != colors[1], f"{path}: the label must stand out in {scheme} mode"


def test_help_from_a_running_timer_opens_over_it_and_the_session_keeps_its_time(page, site_url):
    timer = open_timer(page, site_url)
    start_button(timer).tap()
    seconds(timer, 30.1)
    expect(timer.locator("[data-time]")).to_have_text("2:30 left")

    timer.get_by_role("banner").get_by_role("link", name="Help").tap()

    sheet = timer.get_by_role("dialog", name="Help now")
    expect(sheet).to_be_visible()
    expect(timer).to_have_url(site_url + "/stand-still/")
    expect(sheet.locator("a[href^='tel:']:visible").first).to_be_visible()
    seconds(timer, 10)  # reading the lines while the session runs on behind them
    timer.keyboard.press("Escape")  # closes the sheet; it must not end the session

    expect(sheet).to_be_hidden()
    expect(timer.locator("[data-time]")).to_have_text("2:20 left")
    expect(timer.get_by_role("button", name="Pause")).to_be_visible()
    expect(timer.get_by_role("heading", name=re.compile("You stood still"))).to_be_hidden()
    seconds(timer, 4)
    expect(timer.locator("[data-time]")).to_have_text("2:16 left")


def test_the_timers_own_help_link_and_the_back_button_of_the_sheet(page, site_url):
    timer = open_timer(page, site_url)
    start_button(timer).tap()
    seconds(timer, 5.1)  # 1 s into the first breath out

    timer.locator("[data-timer]").get_by_role("link", name="Need help now?").tap()
    sheet = timer.get_by_role("dialog", name="Help now")
    expect(sheet).to_be_visible()
    timer.keyboard.press("Space")  # the timer's pause key does nothing behind the sheet
    sheet.get_by_role("button", name="Back to the timer").tap()

    expect(sheet).to_be_hidden()
    expect(phase(timer)).to_have_text("Breathe out")
    expect(timer.locator("[data-time]")).to_have_text("2:55 left")


def test_with_no_network_the_sheet_shows_the_lines_the_phone_kept(browser, phone, server):  # noqa: F811
    context = browser.new_context(**phone, locale="en-IE")
    page = context.new_page()
    page.goto(server.url + "/stand-still/")
    worker_ready(page)
    server.terminate()  # no network at all from here

    page.goto(server.url + "/stand-still/")
    page.get_by_role("banner").get_by_role("link", name="Help").tap()

    sheet = page.get_by_role("dialog", name="Help now")
    expect(sheet.get_by_label("Your country")).to_have_value("IE")
    expect(sheet.get_by_role("link", name="Call 116 123")).to_be_visible()
    expect(sheet.get_by_text("could not be loaded")).to_be_hidden()
    context.close()


@pytest.mark.offline  # the browser logs the request that fails
def test_with_no_copy_and_no_network_the_sheet_still_says_to_call_the_emergency_number(
    browser, phone, site_url
):
    context = browser.new_context(**phone, service_workers="block")  # nothing kept yet
    page = context.new_page()
    timer = open_timer(page, site_url)
    page.route("**/help/", lambda route: route.abort("internetdisconnected"))
    start_button(timer).tap()

    timer.get_by_role("banner").get_by_role("link", name="Help").tap()

    sheet = timer.get_by_role("dialog", name="Help now")
    expect(sheet.get_by_text("call your local emergency number now")).to_be_visible()
    expect(sheet.get_by_text("The help lines could not be loaded")).to_be_visible()
    sheet.get_by_role("button", name="Back to the timer").tap()
    expect(timer.get_by_role("button", name="Pause")).to_be_visible()

    page.unroute("**/help/")  # online again: the next opening reads them
    timer.get_by_role("banner").get_by_role("link", name="Help").tap()
    expect(sheet.get_by_label("Your country")).to_be_visible()
    expect(sheet.get_by_text("The help lines could not be loaded")).to_be_hidden()
    context.close()


def test_the_help_sheet_picks_the_country_from_the_browsers_languages(browser, phone, site_url):
    context = browser.new_context(**phone, locale="en-GB")
    page = context.new_page()
    page.goto(site_url + "/stand-still/")

    page.get_by_role("banner").get_by_role("link", name="Help").tap()

    sheet = page.get_by_role("dialog", name="Help now")
    expect(sheet.get_by_label("Your country")).to_have_value("GB")
    expect(sheet.get_by_role("link", name="Call 116 123")).to_be_visible()
    expect(sheet.get_by_role("link", name="Call 911")).to_be_hidden()
    context.close()


@pytest.mark.parametrize("locale", ["en-NG", "es-PE", "de-LI"])
def test_an_unlisted_region_is_shown_no_countrys_numbers_and_asked_to_choose(
    browser, phone, site_url, locale
):
    context = browser.new_context(**phone, locale=locale)
    # A reader who chose English (the chooser's cookie): the browser's Spanish or German
    # then leads nowhere else, and the region is still only the browser's.
    context.add_cookies([{"name": "language", "value": "en", "url": site_url}])
    page = context.new_page()
    page.goto(site_url + "/help/")
    expect(page.get_by_label("Your country")).to_have_value("")
    expect(page.get_by_text("Choose your country to see its emergency number")).to_be_visible()
    expect(page.get_by_role("link", name="Find a line on findahelpline.com")).to_be_visible()
    expect(page.locator("main [data-country]:visible")).to_have_count(0)
    expect(page.locator("main a[href^='tel:']:visible")).to_have_count(0)

    page.goto(site_url + "/stand-still/")
    page.get_by_role("banner").get_by_role("link", name="Help").tap()
    sheet = page.get_by_role("dialog", name="Help now")
    expect(sheet.get_by_label("Your country")).to_have_value("")
    expect(sheet.locator("[data-country]:visible")).to_have_count(0)

    # A country the reader picks is the one shown from then on, in the sheet too.
    sheet.get_by_label("Your country").select_option("ZA")
    expect(sheet.get_by_role("link", name="Call 0800 428 428")).to_be_visible()
    page.goto(site_url + "/help/")
    expect(page.get_by_label("Your country")).to_have_value("ZA")
    expect(page.get_by_role("link", name="Call 10111")).to_be_visible()
    context.close()


@pytest.mark.parametrize(("locale", "country"), [("en-ZA", "ZA"), ("en-US", "US"), ("en-GB", "GB")])
def test_a_listed_region_opens_on_its_lines_on_the_page_and_over_the_timer(
    browser, phone, site_url, locale, country
):
    context = browser.new_context(**phone, locale=locale)
    page = context.new_page()
    page.goto(site_url + "/help/")  # the server's choice, from Accept-Language
    expect(page.get_by_label("Your country")).to_have_value(country)
    expect(page.locator(f"main [data-country='{country}']")).to_be_visible()
    expect(page.get_by_text("Choose your country to see its emergency number")).to_be_hidden()

    page.goto(site_url + "/stand-still/")  # the script's choice, from navigator.languages
    page.get_by_role("banner").get_by_role("link", name="Help").tap()
    sheet = page.get_by_role("dialog", name="Help now")
    expect(sheet.get_by_label("Your country")).to_have_value(country)
    expect(sheet.locator(f"[data-country='{country}']")).to_be_visible()
    context.close()


def test_a_pick_kept_before_the_cookie_moves_into_it(browser, phone, site_url):
    context = browser.new_context(**phone, locale="en-NG")
    page = context.new_page()
    page.goto(site_url + "/privacy/")
    page.evaluate("localStorage.setItem('stand-still:country', 'IE')")

    page.goto(site_url + "/help/")

    expect(page.get_by_label("Your country")).to_have_value("IE")
    assert page.evaluate("localStorage.getItem('stand-still:country')") is None
    assert any(c["name"] == "help_country" and c["value"] == "IE" for c in context.cookies())
    context.close()


def test_choosing_a_country_shows_its_lines_at_once_and_is_remembered(page, site_url):
    page.goto(site_url + "/help/")
    page.evaluate("window.__samePage = true")

    page.get_by_label("Your country").select_option("DE")

    expect(page.get_by_role("link", name="Call 0800 111 0 111")).to_be_visible()
    expect(page.get_by_role("link", name="Call 116 016")).to_have_attribute("href", "tel:116016")
    expect(page).to_have_url(re.compile(r"/help/\?country=DE$"))
    assert page.evaluate("window.__samePage") is True, "no page load"
    expect(page.get_by_role("button", name="Show its lines")).to_be_hidden()

    page.goto(site_url + "/help/")
    expect(page.get_by_label("Your country")).to_have_value("DE")


def test_the_chooser_works_without_javascript_and_the_pick_is_remembered(browser, phone, site_url):
    context = browser.new_context(**phone, java_script_enabled=False, locale="en-US")
    page = context.new_page()
    page.goto(site_url + "/help/")
    expect(page.get_by_role("link", name="Call 988")).to_be_visible()

    page.get_by_label("Your country").select_option("AU")
    page.get_by_role("button", name="Show its lines").click()

    expect(page).to_have_url(re.compile(r"/help/\?country=AU$"))
    expect(page.get_by_role("link", name="Call 13 11 14")).to_be_visible()
    expect(page.get_by_role("link", name="Call 988")).to_be_hidden()
    page.goto(site_url + "/help/")  # the browser kept this page a day: not its old copy
    expect(page.get_by_label("Your country")).to_have_value("AU")
    expect(page.get_by_role("link", name="Call 13 11 14")).to_be_visible()
    context.close()


@pytest.mark.offline  # the browser logs the requests that fail
def test_offline_the_help_page_opens_and_any_country_can_be_chosen(page, server):  # noqa: F811
    page.goto(server.url + "/")
    worker_ready(page)  # the worker has precached /help/
    kept_after_install(page, "/privacy/")

    server.terminate()

    page.goto(server.url + "/help/?country=FR")
    expect(page.get_by_role("heading", name="Need help now?")).to_be_visible()
    expect(page.get_by_role("link", name="Call 3114")).to_be_visible()
    page.get_by_label("Your country").select_option("NZ")
    expect(page.get_by_role("link", name="Call 1737")).to_be_visible()
    expect(page.get_by_role("link", name="Text 1737")).to_have_attribute("href", "sms:1737")
    page.goto(server.url + "/help/")  # a pick made offline is remembered offline
    expect(page.get_by_label("Your country")).to_have_value("NZ")
    page.goto(server.url + "/privacy/")
    expect(page.get_by_role("heading", name="Privacy, in plain words")).to_be_visible()


def test_a_pattern_with_holds_says_to_stop_if_dizzy_and_grounding_is_offered(page, site_url):
    timer = open_timer(page, site_url)
    safety = timer.get_by_text(re.compile(r"skip the holds.*Stop if you feel dizzy"))
    expect(safety).to_be_hidden()  # the default pattern has no holds

    timer.get_by_text("Pattern, length and sound").click()
    timer.get_by_role("radio", name=re.compile("^Box")).check()
    expect(safety).to_be_visible()
    start_button(timer).tap()
    seconds(timer, 5)
    expect(phase(timer)).to_have_text("Hold")
    expect(safety).to_be_visible()
    timer.get_by_role("button", name="End").tap()

    timer.get_by_role("button", name="Change the pattern or length").tap()
    timer.get_by_role("radio", name=re.compile("^Resonant")).check()
    expect(safety).to_be_hidden()
    timer.get_by_role("radio", name=re.compile("^Your own")).check()
    expect(safety).to_be_visible()  # its default has a 2 s hold
    timer.get_by_label("Hold", exact=True).first.fill("0")
    expect(safety).to_be_hidden()

    timer.get_by_text("If focusing on your breath makes it worse").click()
    expect(timer.get_by_text("Feet on the floor.")).to_be_visible()
    expect(timer.get_by_text("5-4-3-2-1.")).to_be_visible()
