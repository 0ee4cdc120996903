"""The base layout in a phone browser."""

import re

from playwright.sync_api import expect


def test_home_renders_without_console_errors_or_csp_violations(page, site_url):
    response = page.goto(site_url + "/")

    assert response.status == 200
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()
    # The teardown of the page fixture fails the test on any console error.


def test_the_three_nav_links_lead_to_their_pages(page, site_url):
    page.goto(site_url + "/")
    nav = page.get_by_role("navigation", name="Main")

    nav.get_by_role("link", name="Stand still").tap()
    expect(page).to_have_url(site_url + "/stand-still/")
    expect(nav.get_by_role("link", name="Stand still")).to_have_attribute("aria-current", "page")

    nav.get_by_role("link", name="Saved").tap()
    expect(page).to_have_url(site_url + "/saved/")
    expect(nav.get_by_role("link", name="Saved")).to_have_attribute("aria-current", "page")

    nav.get_by_role("link", name="Cards").tap()
    expect(page).to_have_url(site_url + "/")
    expect(nav.get_by_role("link", name="Cards")).to_have_attribute("aria-current", "page")


def test_nav_targets_are_at_least_44px(page, site_url):
    page.goto(site_url + "/")

    for link in page.get_by_role("navigation", name="Main").get_by_role("link").all():
        box = link.bounding_box()
        assert box["height"] >= 44 and box["width"] >= 44


def theme(page):
    return page.evaluate(
        """() => ({
            background: getComputedStyle(document.body).backgroundColor,
            themeColor: [...document.querySelectorAll('meta[name=theme-color]')]
                .find(m => matchMedia(m.media).matches).content,
        })"""
    )


def test_dark_mode_switches_the_theme_colour(page, site_url):
    page.emulate_media(color_scheme="light")
    page.goto(site_url + "/")
    light = theme(page)

    page.emulate_media(color_scheme="dark")
    dark = theme(page)

    assert light["themeColor"] == "#f6f4f0"
    assert dark["themeColor"] == "#141619"
    assert light["background"] != dark["background"]
    assert re.match(r"rgb\(20, 22, 25\)", dark["background"])


def test_skip_link_appears_on_focus_and_moves_to_the_content(page, site_url):
    page.goto(site_url + "/")

    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    skip.press("Enter")
    expect(page.locator("#main")).to_be_focused()


def test_a_toast_fades_but_one_saying_what_went_wrong_stays_until_dismissed(
    page, site_url, context
):
    """Messages as the server keeps them (signed, in the messages cookie): a notice
    and an error, shown together on the next page."""
    from django.test import Client

    client = Client()
    client.get("/help/")
    client.post("/saved/undo/", {"token": "long gone"})  # "That can no longer be undone."
    client.post("/saved/lists/", {"name": "Evenings"})  # "Made the list “Evenings”."
    host = site_url.split("//")[1].split(":")[0]
    context.add_cookies(
        [
            {"name": name, "value": morsel.value, "domain": host, "path": "/"}
            for name, morsel in client.cookies.items()
        ]
    )
    page.clock.install()
    page.goto(site_url + "/")
    toasts = page.locator("#toasts .toast")
    expect(toasts).to_have_count(2)

    page.clock.run_for(20_000)

    expect(toasts).to_have_count(1)
    expect(toasts).to_contain_text("That can no longer be undone.")
    toasts.get_by_role("button", name="Dismiss").tap()
    expect(toasts).to_have_count(0)
