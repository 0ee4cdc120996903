"""The reach-out path in a phone browser, on Playwright's fake clock.

Every request the browser makes (pages, worker and all) is recorded, and Cache
Storage is read back, to prove that what is written on the path never leaves it.
"""

import re
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import expect

from apps.reachout.models import Feeling
from tests.browser.test_pwa import server, worker_ready  # noqa: F401 (fixture)
from tests.browser.test_timer import STUBS

NIGHT = datetime(2026, 3, 1, 2, 30, tzinfo=UTC)
SECRET = "please answer me, I miss you so much 7f3a"
COUNT_KEY = "stand-still:stood-still"

READ_CACHES = """async () => {
  const out = [];
  for (const key of await caches.keys()) {
    const cache = await caches.open(key);
    for (const request of await cache.keys()) {
      const response = await cache.match(request);
      out.push([request.url, await response.text()]);
    }
  }
  return out;
}"""

READ_MESSAGES = """() => new Promise((resolve, reject) => {
  const open = indexedDB.open("stand-still-not-sent", 1);
  open.onupgradeneeded = () => open.result.createObjectStore("messages", { keyPath: "id" });
  open.onerror = () => reject(open.error);
  open.onsuccess = () => {
    const request = open.result.transaction("messages").objectStore("messages").getAll();
    request.onsuccess = () => { open.result.close(); resolve(request.result.map((m) => m.text)); };
  };
})"""


@pytest.fixture
def requests(context):
    """Every request of the context, its URL and body, the service worker's included."""
    seen = []
    context.on("request", lambda request: seen.append((request.url, request.post_data or "")))
    return seen


def on_the_clock(page):
    page.add_init_script(STUBS)
    page.clock.install(time=NIGHT)
    page.clock.pause_at(NIGHT + timedelta(seconds=1))
    return page


def seconds(page, s):
    page.clock.run_for(round(s * 1000))


def live(page):
    return page.locator("[aria-live=polite][data-live]")


def choose_feeling(page, feeling, nuance):
    page.locator("summary", has_text=feeling).tap()
    page.get_by_role("button", name=nuance, exact=True).tap()


def card_title(page):
    return page.locator("[data-card-slot] h3").inner_text()


def write_and_keep(page, text, how):
    page.get_by_label("Your message, which is not sent").fill(text)
    page.get_by_role("button", name=how, exact=True).tap()


def test_the_whole_path_with_the_message_kept_on_the_phone_and_nowhere_else(
    page, site_url, seeds, requests
):
    on_the_clock(page)
    page.goto(site_url + "/stand-still/")
    worker_ready(page)

    # 1. One tap in: the timer's default pattern, for one minute, at once.
    page.get_by_role("link", name="I want to reach out").tap()
    expect(page.locator("[data-phase]")).to_have_text("Breathe in")
    expect(page.locator("[data-time]")).to_have_text("1:00 left")
    assert page.evaluate("window.__wake") == ["request screen"]
    seconds(page, 60.5)

    # 2. Name the feeling: it goes into no URL.
    page.wait_for_url(site_url + "/reach-out/feeling/")  # loaded: its script has run
    expect(page.get_by_role("heading", name="What are you feeling?")).to_be_visible()
    expect(page.get_by_text("Your choice stays on this phone.")).to_be_visible()
    choose_feeling(page, "Lonely", "Unseen")

    # 3. A card for it, and another.
    page.wait_for_url(site_url + "/reach-out/card/")
    expect(page.locator(".feeling-note")).to_contain_text("Unseen.")
    lonely = [c.title for c in Feeling.objects.get(slug="lonely").cards.all()]
    first = card_title(page)
    assert first in lonely
    page.get_by_role("link", name="Another card").tap()
    expect(page.locator("[data-card-slot] h3")).not_to_have_text(first)
    assert card_title(page) in lonely

    # 4. Write it here instead, and keep it for a day.
    page.get_by_role("link", name="Next: write it here instead").tap()
    expect(page.get_by_text("never leaves this phone")).to_be_visible()
    write_and_keep(page, SECRET, "Keep a day, then delete")
    expect(page.locator("[data-status]")).to_have_text(
        "Kept on this phone for a day, for you to reread, then deleted. It was not sent."
    )
    expect(page.get_by_label("Your message, which is not sent")).to_have_value("")

    # 5. Wait the wave: ten minutes by default, announced once a minute, five more on asking.
    page.get_by_role("link", name="Next: wait the wave").tap()
    page.get_by_role("button", name="Start waiting").tap()
    expect(page.locator("[data-time]")).to_have_text("10:00")
    expect(live(page)).to_have_text("10 minutes left")
    seconds(page, 30.1)  # a frame after the half minute
    expect(page.locator("[data-time]")).to_have_text("9:30")
    expect(live(page)).to_have_text("10 minutes left")
    seconds(page, 30)
    expect(live(page)).to_have_text("9 minutes left")
    page.get_by_role("button", name="+5 minutes").first.tap()
    expect(page.locator("[data-time]")).to_have_text("14:00")
    seconds(page, 14 * 60)
    expect(page.get_by_role("heading", name="The time is up.")).to_be_focused()

    # 6. Check in: a kind word, a card, and no count unless asked for.
    page.get_by_role("link", name="Check in", exact=True).tap()
    page.wait_for_url(site_url + "/reach-out/check-in/")
    expect(
        page.get_by_text("if they have asked for space, that answer still stands")
    ).to_be_visible()
    page.get_by_role("button", name="Smaller").tap()
    expect(page.get_by_role("heading", name="You let the wave pass.")).to_be_focused()
    expect(page.locator("[data-count-text]")).to_have_text("Not counting.")
    expect(page.get_by_role("checkbox", name=re.compile("Count the times"))).not_to_be_checked()

    # Kept on the phone, and in no request, URL or cache.
    assert page.evaluate(READ_MESSAGES) == [SECRET]
    assert requests, "requests were recorded"
    for url, body in requests:
        assert "7f3a" not in url and "7f3a" not in body, url
        assert "unseen" not in url and "feeling=" not in url, url
    cached = page.evaluate(READ_CACHES)
    assert any(url.endswith("/reach-out/write/") for url, _ in cached)
    for url, text in cached:
        assert "7f3a" not in url and "7f3a" not in text, url
        assert "feeling=" not in url and "pull=" not in url, url


def test_kept_for_24_hours_is_gone_a_day_later_and_kept_stays(page, site_url, seeds):
    on_the_clock(page)
    page.goto(site_url + "/reach-out/write/")
    write_and_keep(page, "for a day", "Keep a day, then delete")
    expect(page.locator("[data-status]")).to_contain_text("for a day")
    seconds(page, 60)
    write_and_keep(page, "for good", "Keep it")
    expect(page.locator("[data-status]")).to_contain_text("in Not sent")
    write_and_keep(page, "not at all", "Delete it")
    expect(page.locator("[data-status]")).to_have_text("Deleted. It was never sent.")

    page.get_by_role("link", name="Not sent").tap()
    items = page.locator("[data-list] li .not-sent-text")
    expect(items).to_have_text(["for good", "for a day"])

    page.clock.fast_forward("23:58:00")  # 23 hours 59 minutes after keeping it
    page.reload()
    expect(items).to_have_text(["for good", "for a day"])
    page.clock.fast_forward("01:00")
    page.reload()
    expect(items).to_have_text(["for good"])
    assert page.evaluate(READ_MESSAGES) == ["for good"]

    page.get_by_role("button", name=re.compile("^Delete the message")).tap()
    expect(page.get_by_text("Nothing is kept here.")).to_be_visible()
    assert page.evaluate(READ_MESSAGES) == []


def test_the_count_is_off_until_turned_on_then_goes_up_once_per_path_and_can_stop(
    page, site_url, seeds
):
    page.goto(site_url + "/reach-out/wait/")
    page.get_by_role("link", name="Skip this step").tap()
    page.wait_for_url(site_url + "/reach-out/check-in/")  # loaded: its script has run
    page.get_by_role("button", name="The same").tap()
    count = page.locator("[data-count-text]")
    toggle = page.get_by_role("checkbox", name=re.compile("Count the times I stand still"))
    expect(count).to_have_text("Not counting.")
    expect(toggle).not_to_be_checked()
    assert page.evaluate(f"JSON.parse(localStorage.getItem('{COUNT_KEY}'))") in (
        None,
        {"count": 0, "on": False},
    )

    toggle.check()
    expect(count).to_have_text("Counting from now on, on this device only.")
    page.reload()  # the same path: it was answered before counting was on
    page.get_by_role("button", name="Smaller").tap()
    expect(count).to_have_text("Counting from now on, on this device only.")

    page.goto(site_url + "/reach-out/feeling/")  # a new path
    page.goto(site_url + "/reach-out/check-in/")
    page.get_by_role("button", name="Stronger").tap()
    expect(count).to_have_text("You have stood still once on this device.")
    expect(page.get_by_role("link", name="Need help now?").last).to_be_visible()
    page.goto(site_url + "/reach-out/feeling/")
    page.goto(site_url + "/reach-out/check-in/")
    page.get_by_role("button", name="Smaller").tap()
    expect(count).to_have_text("You have stood still 2 times on this device.")

    toggle.uncheck()
    expect(count).to_have_text("Not counting.")
    page.goto(site_url + "/reach-out/feeling/")
    page.goto(site_url + "/reach-out/check-in/")
    page.get_by_role("button", name="Smaller").tap()
    expect(count).to_have_text("Not counting.")
    assert page.evaluate(f"JSON.parse(localStorage.getItem('{COUNT_KEY}'))") == {
        "count": 2,
        "on": False,
    }

    toggle.check()
    page.get_by_role("button", name="Clear the count").tap()
    expect(count).to_have_text("Cleared.")
    assert page.evaluate(f"JSON.parse(localStorage.getItem('{COUNT_KEY}')).count") == 0


def test_delete_all_my_data_clears_kept_messages_the_count_and_the_reading_place(
    page, site_url, seeds
):
    page.goto(site_url + "/reach-out/write/")
    write_and_keep(page, "kept", "Keep it")
    expect(page.locator("[data-status]")).to_contain_text("in Not sent")
    page.evaluate(f"localStorage.setItem('{COUNT_KEY}', JSON.stringify({{count: 3, on: true}}))")
    page.goto(site_url + "/")
    page.locator(".card-title a").first.tap()  # read a card: the device keeps the place
    page.wait_for_function("() => localStorage.getItem('stand-still:last-read') !== null")
    page.goto(site_url + "/draw/")  # and the draw keeps its deck
    page.wait_for_function("() => localStorage.getItem('stand-still:draw-deck') !== null")
    page.evaluate("localStorage.setItem('stand-still:timer', '{}')")  # a setting

    page.goto(site_url + "/saved/delete-everything/")
    page.get_by_role("button", name="Delete everything").tap()
    # The Saved page itself: "/saved/" alone also matches the page the tap left.
    expect(page).to_have_url(re.compile("/saved/$"))

    assert page.evaluate(f"localStorage.getItem('{COUNT_KEY}')") is None
    kept = page.evaluate("Object.keys(localStorage).concat(Object.keys(sessionStorage))")
    assert not [key for key in kept if "last-read" in key or ":place:" in key or "deck" in key]
    assert "stand-still:timer" in kept  # settings are not personal data
    names = page.evaluate("indexedDB.databases().then((dbs) => dbs.map((db) => db.name))")
    assert "stand-still-not-sent" not in names


@pytest.mark.offline  # the browser logs the requests that fail
def test_after_one_visit_every_step_opens_offline(page, server, seeds):  # noqa: F811
    page.goto(server.url + "/reach-out/feeling/")
    worker_ready(page)
    server.terminate()

    page.goto(server.url + "/reach-out/")
    expect(page.locator("[data-phase]")).to_have_text("Breathe in")
    page.goto(server.url + "/reach-out/feeling/")
    choose_feeling(page, "Angry", "Ignored")
    page.wait_for_url(server.url + "/reach-out/card/")
    expect(page.locator(".feeling-note")).to_contain_text("Ignored.")
    angry = [c.title for c in Feeling.objects.get(slug="angry").cards.all()]
    assert card_title(page) in angry
    page.get_by_role("link", name="Next: write it here instead").tap()
    write_and_keep(page, "offline words", "Keep it")
    expect(page.locator("[data-status]")).to_contain_text("in Not sent")
    page.get_by_role("link", name="Next: wait the wave").tap()
    page.get_by_role("button", name="Start waiting").tap()
    expect(page.locator("[data-time]")).to_be_visible()
    page.get_by_role("link", name="Check in now").tap()
    page.wait_for_url(server.url + "/reach-out/check-in/")
    page.get_by_role("button", name="Smaller").tap()
    expect(page.get_by_role("heading", name="You let the wave pass.")).to_be_visible()
    page.goto(server.url + "/reach-out/not-sent/")
    expect(page.locator(".not-sent-text")).to_have_text(["offline words"])


def test_without_javascript_the_path_reaches_the_check_in(browser, phone, site_url, seeds):
    context = browser.new_context(**phone, java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "/stand-still/")
    page.get_by_role("link", name="I want to reach out").click()
    expect(page.get_by_text("Breathe in through your nose for a count of 4")).to_be_visible()
    page.get_by_role("link", name="Skip this step").click()

    expect(page.get_by_text("Your choice stays on this phone.")).to_be_hidden()
    page.locator("summary", has_text="Hurt").click()
    page.get_by_role("button", name="Not chosen").click()
    expect(page).to_have_url(re.compile(r"/reach-out/card/\?feeling=hurt&nuance=not-chosen$"))
    expect(page.locator(".feeling-note")).to_contain_text("Not chosen.")
    first = card_title(page)
    page.get_by_role("link", name="Another card").click()
    expect(page.locator("[data-card-slot] h3")).not_to_have_text(first)

    page.get_by_role("link", name="Next: write it here instead").click()
    expect(page.get_by_text("nothing you type here is sent anywhere or kept")).to_be_visible()
    expect(page.get_by_role("button", name="Keep it", exact=True)).to_be_hidden()
    page.get_by_role("link", name="Next: wait the wave").click()
    expect(page.get_by_text("Set a timer on your phone for ten minutes")).to_be_visible()
    page.get_by_role("link", name="check in").click()

    page.get_by_role("button", name="Stronger").click()
    expect(page).to_have_url(re.compile(r"/reach-out/check-in/\?pull=stronger$"))
    expect(page.get_by_role("heading", name="Thank you for being honest")).to_be_visible()
    expect(page.get_by_role("link", name="Need help now?").first).to_be_visible()
    context.close()


def test_with_reduced_motion_the_wave_fades_instead_of_growing(browser, phone, site_url, seeds):
    context = browser.new_context(**phone, reduced_motion="reduce")
    page = on_the_clock(context.new_page())
    page.goto(site_url + "/reach-out/wait/")
    page.get_by_role("radio", name="5 min", exact=True).check()
    page.get_by_role("button", name="Start waiting").tap()
    expect(page.locator("[data-time]")).to_have_text("5:00")

    shape = page.locator("[data-shape]")
    style = "el => [getComputedStyle(el).transform, getComputedStyle(el).opacity]"
    seconds(page, 0.5)
    empty = shape.evaluate(style)
    seconds(page, 3.4)
    full = shape.evaluate(style)
    assert empty[0] == full[0] == "none"
    assert float(empty[1]) < float(full[1])
    context.close()


def test_the_grounding_prompt_changes_every_half_minute(page, site_url, seeds):
    on_the_clock(page)
    page.goto(site_url + "/reach-out/wait/")
    page.get_by_role("radio", name=re.compile("A calm prompt")).check()
    page.get_by_role("button", name="Start waiting").tap()

    prompt = page.locator("[data-ground]")
    expect(prompt).to_have_text("Name five things you can see around you.")
    expect(page.locator("[data-shape]")).to_be_hidden()
    seconds(page, 30.1)  # a frame after the half minute
    expect(prompt).to_contain_text("four things you can feel")


def test_the_wave_keeps_time_through_a_locked_screen_and_holds_the_screen_awake(
    page, site_url, seeds
):
    on_the_clock(page)
    page.goto(site_url + "/reach-out/wait/")
    page.get_by_role("button", name="Start waiting").tap()
    expect(page.locator("[data-time]")).to_have_text("10:00")
    assert page.evaluate("window.__wake") == ["request screen"]

    page.evaluate("window.__setHidden(true)")  # the phone is locked for three minutes
    seconds(page, 180)
    page.evaluate("window.__setHidden(false)")

    expect(page.locator("[data-time]")).to_have_text("7:00")
    expect(live(page)).to_have_text("7 minutes left")
    # let go while hidden (the browser drops it anyway), asked for again on return
    assert page.evaluate("window.__wake") == ["request screen", "release", "request screen"]
    seconds(page, 7 * 60 + 0.1)
    expect(page.get_by_role("heading", name="The time is up.")).to_be_focused()
    assert page.evaluate("window.__wake")[-1] == "release"


def test_every_step_fits_a_320_pixel_screen(browser, phone, site_url, seeds):
    context = browser.new_context(**{**phone, "viewport": {"width": 320, "height": 640}})
    page = context.new_page()
    for step in ["feeling", "card", "write", "wait"]:
        path = f"/reach-out/{step}/"
        page.goto(site_url + path)
        page.wait_for_load_state()
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, path
    page.goto(site_url + "/reach-out/check-in/")
    page.get_by_role("button", name="Stronger").tap()
    for button in page.locator(".pull-answers button").all():
        assert button.bounding_box()["height"] >= 44
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    context.close()


# Help never costs a reader their place


def help_sheet(page):
    return page.get_by_role("dialog", name="Help now")


def test_help_during_the_wave_opens_over_it_and_the_wait_goes_on(page, site_url, seeds):
    on_the_clock(page)
    page.goto(site_url + "/reach-out/wait/")
    page.get_by_role("button", name="Start waiting").tap()
    seconds(page, 90.1)
    expect(page.locator("[data-time]")).to_have_text("8:30")

    page.get_by_role("banner").get_by_role("link", name="Help").tap()
    expect(help_sheet(page)).to_be_visible()
    expect(page).to_have_url(site_url + "/reach-out/wait/")
    seconds(page, 30)  # reading the lines while the wave runs on behind them
    help_sheet(page).get_by_role("button", name="Back to where I was").tap()

    expect(help_sheet(page)).to_be_hidden()
    expect(page.locator("[data-time]")).to_have_text("8:00")
    expect(page.get_by_role("button", name="Start waiting")).to_be_hidden()

    # The path's own link does the same.
    page.locator(".path-nav").get_by_role("link", name="Need help now?").tap()
    expect(help_sheet(page)).to_be_visible()
    page.keyboard.press("Escape")
    expect(help_sheet(page)).to_be_hidden()
    seconds(page, 60)
    expect(page.locator("[data-time]")).to_have_text("7:00")


def test_need_help_on_step_one_opens_over_the_breathing_and_it_keeps_going(page, site_url, seeds):
    on_the_clock(page)
    page.goto(site_url + "/reach-out/")
    expect(page.locator("[data-time]")).to_have_text("1:00 left")
    seconds(page, 20.1)

    page.locator(".path-nav").get_by_role("link", name="Need help now?").tap()
    expect(help_sheet(page)).to_be_visible()
    seconds(page, 10)
    help_sheet(page).get_by_role("button", name="Back to the timer").tap()

    expect(help_sheet(page)).to_be_hidden()
    expect(page).to_have_url(site_url + "/reach-out/")
    expect(page.locator("[data-time]")).to_have_text("0:30 left")


def test_help_while_writing_keeps_the_words(page, site_url, seeds):
    page.goto(site_url + "/reach-out/write/")
    area = page.get_by_label("Your message, which is not sent")
    area.fill("words I am not ready to lose")

    page.get_by_role("banner").get_by_role("link", name="Help").tap()
    expect(help_sheet(page)).to_be_visible()
    help_sheet(page).get_by_role("button", name="Back to where I was").tap()

    expect(area).to_have_value("words I am not ready to lose")
    expect(page).to_have_url(site_url + "/reach-out/write/")


def test_without_javascript_the_help_links_still_go_to_help(browser, phone, site_url, seeds):
    context = browser.new_context(**phone, java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "/reach-out/wait/")

    page.locator(".path-nav").get_by_role("link", name="Need help now?").click()

    expect(page).to_have_url(site_url + "/help/")
    context.close()


# The write step: the choice in sight while typing, and nothing lost without asking


LONG = "I keep thinking about what I would say to you. " * 30


def test_with_the_keyboard_open_the_choice_stays_in_sight_while_typing(page, site_url, seeds):
    page.goto(site_url + "/reach-out/write/")
    area = page.get_by_label("Your message, which is not sent")
    area.tap()
    # The keyboard takes the lower half of a Pixel 7 (the layout viewport shrinks, as
    # with interactive-widget=resizes-content).
    page.set_viewport_size({"width": 412, "height": 420})
    area.fill(LONG)
    area.press("End")  # typing at the end of a long message
    page.evaluate("document.activeElement.scrollIntoView({block: 'end'})")

    for name in ("Delete it", "Keep a day, then delete", "Keep it"):
        expect(page.get_by_role("button", name=name, exact=True)).to_be_in_viewport()
    expect(area).to_be_focused()


def test_with_the_keyboard_over_the_page_the_choice_sits_above_it(page, site_url, seeds):
    """Chrome on Android keeps the layout viewport and shrinks the visual one: the
    choices are lifted by what the keyboard covers."""
    page.add_init_script(
        """(() => {
          const vv = new EventTarget();
          Object.defineProperties(vv, {
            height: { get: () => window.__vvHeight ?? innerHeight },
            offsetTop: { get: () => 0 },
          });
          Object.defineProperty(window, "visualViewport", { get: () => vv });
          window.__keyboard = (px) => {
            window.__vvHeight = innerHeight - px;
            vv.dispatchEvent(new Event("resize"));
          };
        })()"""
    )
    page.goto(site_url + "/reach-out/write/")
    area = page.get_by_label("Your message, which is not sent")
    area.fill(LONG)
    page.evaluate("window.__keyboard(400)")

    choices = page.locator("[data-choices]")
    page.wait_for_function(
        "() => document.documentElement.style.getPropertyValue('--keyboard-inset') === '400px'"
    )
    box = choices.bounding_box()
    height = page.viewport_size["height"]
    assert box["y"] + box["height"] <= height - 400 + 1, "the choices sit above the keyboard"
    assert box["y"] >= 0


def test_next_with_unkept_words_asks_first_and_stay_keeps_them(page, site_url, seeds):
    page.goto(site_url + "/reach-out/write/")
    area = page.get_by_label("Your message, which is not sent")
    area.fill("not kept yet")

    page.get_by_role("link", name="Next: wait the wave").tap()

    ask = page.get_by_role("dialog", name="Keep what you wrote?")
    expect(ask).to_be_visible()
    expect(ask).to_contain_text("If you go on without keeping it, it is deleted.")
    expect(page).to_have_url(site_url + "/reach-out/write/")
    ask.get_by_role("button", name="Stay and keep writing").tap()
    expect(ask).to_be_hidden()
    expect(area).to_have_value("not kept yet")
    expect(area).to_be_focused()

    page.get_by_role("link", name="Back").tap()  # any way out asks
    expect(ask).to_be_visible()
    ask.get_by_role("button", name="Keep it and go on").tap()
    page.wait_for_url(site_url + "/reach-out/card/")
    assert page.evaluate(READ_MESSAGES) == ["not kept yet"]


def test_leaving_with_unkept_words_can_delete_them_and_kept_words_leave_without_asking(
    page, site_url, seeds
):
    page.goto(site_url + "/reach-out/write/")
    area = page.get_by_label("Your message, which is not sent")
    area.fill("let it go")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Cards").tap()
    ask = page.get_by_role("dialog", name="Keep what you wrote?")
    ask.get_by_role("button", name="Delete it and go on").tap()
    page.wait_for_url(site_url + "/")
    assert page.evaluate(READ_MESSAGES) == []

    page.goto(site_url + "/reach-out/write/")
    write_and_keep(page, "kept first", "Keep it")
    page.get_by_role("link", name="Next: wait the wave").tap()
    page.wait_for_url(site_url + "/reach-out/wait/")  # nothing unkept: no question


# Small words that matter, on a phone


@pytest.mark.parametrize("width", [320, 360, 412])
def test_the_way_into_the_path_says_what_it_is_at_every_width(page, site_url, seeds, width):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(site_url + "/stand-still/")

    link = page.get_by_role("banner").get_by_role("link", name="I want to reach out")
    expect(link).to_be_visible()
    expect(link).to_have_text("I want to reach out")
    assert (
        link.evaluate("(el) => el.innerText.replace(/\\s+/g, ' ').trim()") == "I want to reach out"
    )
    box = link.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= width
    assert box["height"] >= 44
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_the_home_page_shows_the_timer_and_the_path_first_in_the_first_screen(
    page, site_url, seeds
):
    page.goto(site_url + "/")

    timer = page.get_by_role("link", name=re.compile("^Stand still Breathe slowly"))
    path = page.get_by_role("link", name=re.compile("^I want to reach out"))
    expect(timer).to_be_in_viewport()
    expect(path).to_be_in_viewport()
    first_card = page.locator("#feed .card-title").first
    assert path.bounding_box()["y"] < first_card.bounding_box()["y"]
    path.tap()
    page.wait_for_url(site_url + "/reach-out/")
