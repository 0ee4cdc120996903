"""The breathing timer in a phone browser, on Playwright's fake clock.

Time only moves when a test moves it (`run_for`), so every check is exact. The
wake lock, vibration and page visibility are stubbed by an init script that
records what the page asked for.
"""

import json
import re
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import expect

from apps.bookmarks.models import Bookmark
from tests.browser.test_pwa import OUTBOX_SIZE, worker_ready
from tests.factories import make_card, make_cards

URL = "/stand-still/"
NIGHT = datetime(2026, 3, 1, 2, 30, tzinfo=UTC)
SETTINGS_KEY = "stand-still:timer"

# Recorders and switches for what headless Chromium lacks or a test must control.
STUBS = """
window.__wake = [];
window.__vibrations = [];
Object.defineProperty(Navigator.prototype, "wakeLock", {
  configurable: true,
  get: () => ({
    request: async (type) => {
      window.__wake.push("request " + type);
      return { release: async () => { window.__wake.push("release"); } };
    },
  }),
});
Navigator.prototype.vibrate = function (pattern) {
  window.__vibrations.push(pattern);
  return true;
};
let hidden = false;
Object.defineProperty(Document.prototype, "hidden", { configurable: true, get: () => hidden });
Object.defineProperty(Document.prototype, "visibilityState", {
  configurable: true,
  get: () => (hidden ? "hidden" : "visible"),
});
window.__setHidden = (value) => {
  hidden = value;
  document.dispatchEvent(new Event("visibilitychange"));
};
"""


def open_timer(page, site_url, *, settings=None):
    page.add_init_script(STUBS)
    if settings is not None:
        page.add_init_script(
            f"localStorage.setItem({json.dumps(SETTINGS_KEY)}, {json.dumps(settings)});"
        )
    page.clock.install(time=NIGHT)
    page.clock.pause_at(NIGHT + timedelta(seconds=1))
    page.goto(site_url + URL)
    expect(start_button(page)).to_be_visible()
    return page


@pytest.fixture
def timer(page, site_url):
    return open_timer(page, site_url)


def start_button(page):
    return page.get_by_role("button", name="Start", exact=True)


def phase(page):
    return page.locator("[data-phase]")


def live(page):
    return page.locator("[aria-live=polite][data-live]")


def choose(page, pattern=None, minutes=None):
    page.get_by_text("Pattern, length and sound").click()
    if pattern:
        page.get_by_role("radio", name=pattern).check()
    if minutes:
        page.get_by_role("radio", name=minutes, exact=True).check()


def seconds(page, s):
    page.clock.run_for(round(s * 1000))


def test_one_tap_starts_the_default_pattern(timer):
    expect(timer.locator("[data-summary]")).to_have_text("Stand still · 3 min")

    start_button(timer).tap()

    expect(phase(timer)).to_have_text("Breathe in")
    expect(live(timer)).to_have_text("Breathe in")
    expect(timer.locator("[data-count]")).to_have_text("4")
    expect(timer.locator("[data-time]")).to_have_text("3:00 left")
    seconds(timer, 4.1)
    expect(phase(timer)).to_have_text("Breathe out")
    expect(live(timer)).to_have_text("Breathe out")
    expect(timer.locator("[data-count]")).to_have_text("6")
    seconds(timer, 6)
    expect(phase(timer)).to_have_text("Breathe in")
    expect(timer.locator("[data-time]")).to_have_text("2:50 left")


# The schedule as a person reads it: (label, seconds) for one cycle of each pattern.
PATTERNS = {
    "Stand still": [("Breathe in", 4), ("Breathe out", 6)],
    "Box": [("Breathe in", 4), ("Hold", 4), ("Breathe out", 4), ("Hold", 4)],
    "4-7-8": [("Breathe in", 4), ("Hold", 7), ("Breathe out", 8)],
    "Resonant": [("Breathe in", 5.5), ("Breathe out", 5.5)],
    "Physiological sigh": [("Breathe in", 2), ("And a little more", 1), ("Breathe out", 6)],
}
FRAME_MS = 1000 / 60
# Just past ten minutes, and not within a frame of any pattern's phase boundary.
TEN_MINUTES_AND_A_BIT = 10 * 60_000 + 4_321


def boundaries(rows, until_ms):
    """Every (ms, label) where a phase starts, from 0 up to `until_ms`."""
    at, out = 0, []
    while at <= until_ms:
        for label, secs in rows:
            if at > until_ms:
                break
            out.append((at, label))
            at += round(secs * 1000)
    return out


def label_at(rows, ms):
    return [label for at, label in boundaries(rows, ms)][-1]


def record_phase_changes(page):
    page.evaluate(
        """() => {
            window.__changes = [];
            const el = document.querySelector("[data-phase]");
            new MutationObserver(() => window.__changes.push([performance.now(), el.textContent]))
                .observe(el, { childList: true, characterData: true, subtree: true });
        }"""
    )


@pytest.mark.parametrize("pattern", PATTERNS)
def test_every_phase_boundary_lands_within_a_frame_of_its_schedule_over_ten_minutes(timer, pattern):
    rows = PATTERNS[pattern]
    choose(timer, pattern=pattern_name(pattern), minutes="Open-ended")
    record_phase_changes(timer)
    started = timer.evaluate("performance.now()")  # the clock stands still until run_for

    start_button(timer).tap()
    timer.clock.run_for(TEN_MINUTES_AND_A_BIT)

    changes = [(at - started, text) for at, text in timer.evaluate("window.__changes")]
    expected = boundaries(rows, TEN_MINUTES_AND_A_BIT)
    assert [text for _, text in changes] == [label for _, label in expected]
    for (seen, _), (scheduled, label) in zip(changes, expected, strict=True):
        assert 0 <= seen - scheduled <= FRAME_MS, f"{label} due at {scheduled} ms, shown at {seen}"
    expect(phase(timer)).to_have_text(label_at(rows, TEN_MINUTES_AND_A_BIT))


def pattern_name(pattern):
    return re.compile("^" + re.escape(pattern))


def test_a_timed_session_ends_after_a_full_breath_out_and_offers_one_more_minute(timer):
    choose(timer, pattern=pattern_name("4-7-8"), minutes="1 min")
    start_button(timer).tap()

    # A minute falls in the fourth 19 s cycle: the session runs on to the end of its breath out.
    seconds(timer, 60.5)
    expect(phase(timer)).to_have_text("Breathe in")
    seconds(timer, 15.4)  # 75.9 s
    expect(phase(timer)).to_have_text("Breathe out")
    expect(timer.locator("[data-time]")).to_have_text("0:01 left")
    seconds(timer, 0.2)  # 76.1 s
    end_title = timer.get_by_role("heading", name="You stood still for a minute.")
    expect(end_title).to_be_visible()
    expect(end_title).to_be_focused()

    timer.get_by_role("button", name="+1 minute").tap()

    expect(phase(timer)).to_have_text("Breathe in")
    expect(timer.locator("[data-time]")).to_have_text("1:16 left")  # 4 more cycles of 19 s
    seconds(timer, 76.1)
    expect(timer.get_by_role("heading", name="You stood still for 3 minutes.")).to_be_visible()


def test_one_more_minute_while_running_lengthens_the_session(timer):
    choose(timer, minutes="1 min")
    start_button(timer).tap()
    seconds(timer, 30)

    timer.get_by_role("button", name="+1 minute").tap()

    expect(timer.locator("[data-time]")).to_have_text("1:30 left")
    seconds(timer, 89.9)
    expect(phase(timer)).to_have_text("Breathe out")
    seconds(timer, 0.2)
    expect(timer.get_by_role("heading", name="You stood still for 2 minutes.")).to_be_visible()


def test_pause_stops_time_and_resume_continues_where_it_stopped(timer):
    start_button(timer).tap()
    seconds(timer, 5)  # 1 s into the first breath out
    pause_button = timer.get_by_role("button", name="Pause")

    pause_button.tap()

    expect(phase(timer)).to_have_text("Paused")
    expect(timer.get_by_role("button", name="Resume")).to_be_visible()
    seconds(timer, 120)
    expect(phase(timer)).to_have_text("Paused")
    expect(timer.locator("[data-time]")).to_have_text("2:55 left")

    timer.get_by_role("button", name="Resume").tap()

    expect(phase(timer)).to_have_text("Breathe out")
    expect(timer.locator("[data-count]")).to_have_text("5")
    seconds(timer, 4.9)
    expect(phase(timer)).to_have_text("Breathe out")
    seconds(timer, 0.2)
    expect(phase(timer)).to_have_text("Breathe in")


def test_space_pauses_and_resumes_and_escape_ends(timer):
    start_button(timer).tap()
    seconds(timer, 1)
    timer.evaluate("document.activeElement.blur()")

    timer.keyboard.press("Space")
    expect(phase(timer)).to_have_text("Paused")
    timer.keyboard.press("Space")
    expect(phase(timer)).to_have_text("Breathe in")
    timer.keyboard.press("Escape")

    expect(timer.get_by_role("heading", name="You stood still for a moment.")).to_be_focused()


def test_space_on_the_focused_pause_button_pauses_once(timer):
    start_button(timer).tap()
    pause_button = timer.get_by_role("button", name="Pause")
    expect(pause_button).to_be_focused()

    timer.keyboard.press("Space")

    expect(phase(timer)).to_have_text("Paused")
    expect(timer.get_by_role("button", name="Resume")).to_be_focused()


def set_hidden(page, hidden):
    page.evaluate(f"window.__setHidden({'true' if hidden else 'false'})")


def test_a_short_absence_jumps_to_the_right_phase_without_a_burst_of_cues(timer):
    choose(timer)
    timer.get_by_role("checkbox", name="Vibrate").check()
    start_button(timer).tap()
    seconds(timer, 1)
    assert timer.evaluate("window.__vibrations") == [80]

    set_hidden(timer, True)
    seconds(timer, 9.5)  # three phase changes pass unseen: out, in, out
    set_hidden(timer, False)

    expect(phase(timer)).to_have_text("Breathe in")  # 10.5 s: one 10 s cycle, then 0.5 s in
    assert timer.evaluate("window.__vibrations") == [80], "no cues for the missed phases"
    seconds(timer, 4)
    expect(phase(timer)).to_have_text("Breathe out")
    assert timer.evaluate("window.__vibrations") == [80, [80, 120, 80]]


def test_hidden_for_more_than_ten_seconds_pauses_where_it_was_left(timer):
    start_button(timer).tap()
    seconds(timer, 5)  # 1 s into the breath out

    set_hidden(timer, True)
    seconds(timer, 10 * 60)  # the screen locked for ten minutes
    set_hidden(timer, False)

    expect(phase(timer)).to_have_text("Paused: resume?")
    expect(timer.locator("[data-time]")).to_have_text("2:55 left")
    timer.get_by_role("button", name="Resume").tap()
    expect(phase(timer)).to_have_text("Breathe out")
    expect(timer.locator("[data-count]")).to_have_text("5")


def wake_log_is(page, expected: list[str]) -> None:
    """Wait until the screen wake lock's log (the test's stand-in) reads `expected`."""
    page.wait_for_function(
        "expected => JSON.stringify(window.__wake) === JSON.stringify(expected)",
        arg=expected,
        timeout=5_000,
    )


def test_the_screen_stays_awake_only_while_a_session_runs(timer):
    held, dropped = "request screen", "release"
    assert timer.evaluate("window.__wake") == []

    start_button(timer).tap()
    wake_log_is(timer, [held])
    timer.get_by_role("button", name="Pause").tap()
    wake_log_is(timer, [held, dropped])
    timer.get_by_role("button", name="Resume").tap()
    wake_log_is(timer, [held, dropped, held])

    set_hidden(timer, True)
    set_hidden(timer, False)  # the browser drops the lock while hidden: ask again
    wake_log_is(timer, [held, dropped] * 2 + [held])

    timer.get_by_role("button", name="End").tap()
    wake_log_is(timer, [held, dropped] * 3)


def shape_style(page):
    return page.evaluate(
        """() => {
            const style = getComputedStyle(document.querySelector("[data-shape]"));
            return { transform: style.transform, opacity: Number(style.opacity) };
        }"""
    )


def test_the_shape_grows_and_shrinks_with_the_breath(timer):
    start_button(timer).tap()
    empty = shape_style(timer)
    seconds(timer, 4)
    full = shape_style(timer)

    scale = lambda style: float(style["transform"].removeprefix("matrix(").split(",")[0])  # noqa: E731
    assert scale(empty) == pytest.approx(0.45)
    assert scale(full) == pytest.approx(1, abs=0.01)
    assert empty["opacity"] == full["opacity"] == 1


def test_reduced_motion_fades_the_shape_instead_of_scaling_it(page, site_url):
    page.emulate_media(reduced_motion="reduce")
    timer = open_timer(page, site_url)
    start_button(timer).tap()
    empty = shape_style(timer)
    seconds(timer, 4)
    full = shape_style(timer)

    assert empty["transform"] == full["transform"] == "none"
    assert empty["opacity"] < 0.5 < full["opacity"]
    seconds(timer, 0.1)
    expect(phase(timer)).to_have_text("Breathe out")  # the words and the count go on as usual
    expect(timer.locator("[data-count]")).to_have_text("6")


def record_announcements(page):
    page.evaluate(
        """() => {
            window.__said = [];
            const el = document.querySelector("[data-live]");
            new MutationObserver(() => window.__said.push(el.textContent))
                .observe(el, { childList: true, characterData: true, subtree: true });
        }"""
    )


def test_phase_changes_are_announced_politely_once_per_phase_not_every_second(timer):
    choose(timer, pattern=pattern_name("Box"))
    record_announcements(timer)

    start_button(timer).tap()
    seconds(timer, 17)

    assert timer.evaluate("window.__said") == [
        "Breathe in",
        "Hold",
        "Breathe out",
        "Hold",
        "Breathe in",
    ]


def test_announcements_can_be_turned_off(timer):
    choose(timer)
    timer.get_by_role("checkbox", name="Announce each phase").uncheck()
    record_announcements(timer)

    start_button(timer).tap()
    seconds(timer, 12)

    assert timer.evaluate("window.__said") == []
    expect(phase(timer)).to_have_text("Breathe in")


def test_the_count_can_be_hidden(timer):
    choose(timer)
    timer.get_by_role("checkbox", name="Show the count").uncheck()

    start_button(timer).tap()
    seconds(timer, 1)

    expect(phase(timer)).to_have_text("Breathe in")
    expect(timer.locator("[data-count]")).to_have_text("")


def custom_field(page, name):
    return page.locator(".custom").get_by_label(name, exact=True)


def test_an_invalid_custom_pattern_gets_an_inline_message_not_a_broken_timer(timer):
    choose(timer, pattern="Your own")
    custom_field(timer, "In").fill("25")

    start_button(timer).tap()

    message = timer.get_by_text("Breathe in or out for 0 to 20 seconds; hold for 0 to 8.")
    expect(message).to_be_visible()
    expect(custom_field(timer, "In")).to_have_attribute("aria-invalid", "true")
    expect(custom_field(timer, "In")).to_be_focused()
    expect(start_button(timer)).to_be_visible()  # still on the setup screen
    assert timer.evaluate("window.__wake") == []

    custom_field(timer, "In").fill("5")
    expect(message).to_be_hidden()
    expect(custom_field(timer, "In")).to_have_attribute("aria-invalid", "false")


def test_a_custom_pattern_of_all_zeros_is_refused(timer):
    choose(timer, pattern="Your own")
    for name in ("In", "Out"):
        custom_field(timer, name).fill("0")
    timer.locator(".custom").get_by_label("Hold").first.fill("0")

    start_button(timer).tap()

    expect(
        timer.get_by_text("Give at least one part of the breath more than 0 seconds")
    ).to_be_visible()
    expect(start_button(timer)).to_be_visible()


def test_a_custom_pattern_runs_its_own_counts(timer):
    choose(timer, pattern="Your own")
    custom_field(timer, "In").fill("3")
    timer.locator(".custom").get_by_label("Hold").first.fill("0")
    custom_field(timer, "Out").fill("7.5")
    expect(timer.locator("[data-guide]")).to_have_text("In 3, hold 0, out 7.5, hold 0.")

    start_button(timer).tap()

    expect(phase(timer)).to_have_text("Breathe in")
    seconds(timer, 3.1)
    expect(phase(timer)).to_have_text("Breathe out")
    expect(timer.locator("[data-count]")).to_have_text("8")
    seconds(timer, 7.5)
    expect(phase(timer)).to_have_text("Breathe in")


def test_settings_are_remembered_on_this_device(timer, site_url):
    choose(timer, pattern=pattern_name("Resonant"), minutes="10 min")
    timer.get_by_role("checkbox", name="Show the count").uncheck()

    timer.reload()

    expect(timer.locator("[data-summary]")).to_have_text("Resonant · 10 min")
    choose(timer)
    expect(timer.get_by_role("radio", name=pattern_name("Resonant"))).to_be_checked()
    expect(timer.get_by_role("checkbox", name="Show the count")).not_to_be_checked()
    stored = json.loads(timer.evaluate(f"localStorage.getItem({json.dumps(SETTINGS_KEY)})"))
    assert stored["pattern"] == "resonant" and stored["minutes"] == 10


@pytest.mark.parametrize(
    "stored",
    [
        "{not json",
        '"box"',
        json.dumps({"pattern": "nonsense", "minutes": 7, "count": "yes"}),
        json.dumps({"pattern": "custom", "custom": {"inhale": 99, "hold": 0, "exhale": 0}}),
    ],
    ids=["corrupt", "not-an-object", "unknown-values", "invalid-custom-pattern"],
)
def test_stored_settings_that_fail_validation_fall_back_to_the_defaults(page, site_url, stored):
    timer = open_timer(page, site_url, settings=stored)

    expect(timer.locator("[data-summary]")).to_have_text("Stand still · 3 min")
    start_button(timer).tap()
    expect(phase(timer)).to_have_text("Breathe in")
    seconds(timer, 4.1)
    expect(phase(timer)).to_have_text("Breathe out")


def test_a_stored_custom_pattern_comes_back(page, site_url):
    stored = {
        "pattern": "custom",
        "minutes": 5,
        "custom": {"inhale": 5, "hold": 1, "exhale": 8, "rest": 0},
    }
    timer = open_timer(page, site_url, settings=json.dumps(stored))

    expect(timer.locator("[data-summary]")).to_have_text("Your own · 5 min")
    start_button(timer).tap()
    seconds(timer, 5.1)
    expect(phase(timer)).to_have_text("Hold")


def test_vibration_is_off_by_default_then_one_pulse_in_and_two_out(timer):
    start_button(timer).tap()
    seconds(timer, 10.1)
    assert timer.evaluate("window.__vibrations") == []
    timer.get_by_role("button", name="End").tap()

    timer.get_by_role("button", name="Change the pattern or length").tap()
    timer.get_by_role("checkbox", name="Vibrate").check()
    choose_pattern_only(timer, "4-7-8")
    start_button(timer).tap()
    seconds(timer, 19.1)

    # In, (hold: nothing), out, in.
    assert timer.evaluate("window.__vibrations") == [80, [80, 120, 80], 80]


def choose_pattern_only(page, pattern):
    page.get_by_role("radio", name=pattern_name(pattern)).check()


def test_soft_tones_play_at_breaths_in_and_out_only(page, site_url):
    page.add_init_script(
        """
        window.__tones = [];
        const create = AudioContext.prototype.createOscillator;
        AudioContext.prototype.createOscillator = function () {
            const osc = create.call(this);
            const start = osc.start.bind(osc);
            osc.start = (at) => { window.__tones.push(osc.frequency.value); start(at); };
            return osc;
        };
        """
    )
    timer = open_timer(page, site_url)
    choose(timer, pattern=pattern_name("Box"))
    timer.get_by_role("checkbox", name="Soft tones").check()

    start_button(timer).tap()
    seconds(timer, 16.1)

    assert timer.evaluate("window.__tones") == [392, 294, 392]


def assert_targets_are_big_enough(page):
    small = page.evaluate(
        """() => [...document.querySelectorAll("[data-timer] :is(button, a, summary, label)")]
            .filter((el) => el.checkVisibility())
            .map((el) => [el.textContent.trim().slice(0, 40), el.getBoundingClientRect()])
            .filter(([, box]) => box.height < 44 || box.width < 44)
            .map(([text, box]) => `${text}: ${Math.round(box.width)}x${Math.round(box.height)}`)"""
    )
    assert small == []


def test_every_control_is_at_least_44px_at_360px_wide(page, site_url):
    make_cards(2, check_in=True)
    page.set_viewport_size({"width": 360, "height": 640})
    timer = open_timer(page, site_url)
    start = start_button(timer).bounding_box()
    assert start["y"] + start["height"] <= 640 - 60, "Start is on the first screen, above the tabs"
    assert start["height"] >= 52

    choose(timer, pattern="Your own")
    assert_targets_are_big_enough(timer)
    start_button(timer).tap()
    assert_targets_are_big_enough(timer)
    timer.get_by_role("button", name="End").tap()
    timer.get_by_role("button", name="Yes, I do").tap()
    assert_targets_are_big_enough(timer)
    assert timer.evaluate("document.documentElement.scrollWidth") <= 360, "nothing overflows"


def test_without_javascript_the_page_still_says_how_to_breathe(browser, phone, site_url):
    context = browser.new_context(**phone, java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + URL)

    expect(page.get_by_text("Breathe in through your nose for a count of 4")).to_be_visible()
    expect(page.get_by_role("button", name="Start")).to_be_hidden()
    expect(page.get_by_role("button", name="Pause")).to_be_hidden()
    context.close()


def test_the_end_screen_shows_a_card_from_the_page_without_any_request(page, site_url):
    card = make_card(topics=("self-love",), title="Turn toward yourself", check_in=True)
    timer = open_timer(page, site_url)
    choose(timer, minutes="1 min")
    requests = []
    timer.on("request", lambda request: requests.append(request.url))

    start_button(timer).tap()
    seconds(timer, 61)

    expect(timer.get_by_role("heading", name="You stood still for a minute.")).to_be_visible()
    reflection = timer.locator("[data-card-slot] article")
    expect(reflection.get_by_role("heading", name="Turn toward yourself")).to_be_visible()
    expect(reflection.get_by_text("one slow breath at a time")).to_be_visible()
    expect(reflection.get_by_role("link", name="Read it in its article")).to_have_attribute(
        "href", card.get_absolute_url()
    )
    # Nothing but htmx, for the card's Save and Lists (the worker's copy when offline).
    assert [url.rsplit("/", 2)[-2] for url in requests] == ["django_htmx"]


def test_the_check_in_leads_to_another_card_not_a_verdict(page, site_url):
    titles = {make_card(title=f"Card for later {n}", check_in=True).title for n in (1, 2)}
    timer = open_timer(page, site_url)
    start_button(timer).tap()
    timer.get_by_role("button", name="End").tap()
    first = timer.locator("[data-card-slot] h3").text_content()

    timer.get_by_role("button", name="Yes, I do").tap()

    expect(timer.get_by_role("button", name="Yes, I do")).to_have_attribute("aria-pressed", "true")
    expect(timer.get_by_text("That's all right.")).to_be_visible()
    second = timer.locator("[data-checkin-slot] h3")
    expect(second).to_be_visible()
    assert {first, second.text_content()} == titles

    timer.get_by_role("button", name="Not so much").tap()
    expect(timer.get_by_text("Then let this one keep you company")).to_be_visible()
    expect(timer.locator("[data-checkin-slot] article")).to_have_count(1)


def test_again_starts_a_fresh_session_in_one_tap(timer):
    start_button(timer).tap()
    seconds(timer, 42)
    timer.keyboard.press("Escape")

    timer.get_by_role("button", name="Again").tap()

    expect(phase(timer)).to_have_text("Breathe in")
    expect(timer.locator("[data-time]")).to_have_text("3:00 left")
    expect(timer.get_by_role("button", name="Pause")).to_be_focused()


def test_the_schedule_loads_from_its_hashed_file(page, site_url):
    loaded = []
    page.on("request", lambda request: loaded.append(request.url))
    timer = open_timer(page, site_url)

    scripts = [url for url in loaded if "/static/timer/" in url and url.endswith(".js")]
    names = [re.search(r"/static/timer/([\w-]+)\.[0-9a-f]{12}\.js$", u)[1] for u in scripts]
    # each once, hashed
    assert sorted(names) == ["end-screen", "help-sheet", "safety", "schedule", "timer", "wakelock"]
    expect(start_button(timer)).to_be_enabled()


def htmx_ready(page):
    """htmx, fetched when the session started, has run (it then processes the end card)."""
    page.wait_for_function("() => typeof window.htmx?.process === 'function'")


def test_the_end_screen_card_can_be_saved_in_place(page, site_url):
    make_card(topics=("self-love",), title="Keep this one", check_in=True)
    timer = open_timer(page, site_url)
    start_button(timer).tap()
    timer.get_by_role("button", name="End").tap()
    htmx_ready(timer)
    reflection = timer.locator("[data-card-slot] article")
    ended = timer.get_by_role("heading", name="You stood still for a moment.")

    # Its Lists open in the sheet over the end screen, not on a page of their own.
    reflection.get_by_role("link", name="Lists for Keep this one").tap()
    sheet = timer.get_by_role("dialog")
    expect(sheet.get_by_role("heading", name="Keep “Keep this one” in…")).to_be_visible()
    assert timer.url.endswith(URL)
    sheet.get_by_role("link", name="Cancel").tap()
    expect(sheet).to_be_hidden()

    reflection.get_by_role("button", name=re.compile(r"^Save\b.*Keep this one")).tap()

    saved = reflection.get_by_role("button", name=re.compile(r"^Saved\b.*Keep this one"))
    expect(saved).to_have_attribute("aria-pressed", "true")
    expect(ended).to_be_visible()


HTMX = "**/static/django_htmx/htmx-2.min.*.js"


def htmx_requests(page):
    """The htmx script requests the page makes from now on."""
    asked = []
    page.on("request", lambda r: asked.append(r.url) if "/django_htmx/htmx-2" in r.url else None)
    return asked


def test_htmx_comes_with_the_first_start_not_with_the_page(page, site_url):
    asked = htmx_requests(page)
    timer = open_timer(page, site_url)
    assert asked == [], "the page loads without htmx"
    assert timer.evaluate("typeof window.htmx") == "undefined"

    start_button(timer).tap()

    htmx_ready(timer)
    expect(phase(timer)).to_have_text("Breathe in")
    timer.get_by_role("button", name="End").tap()
    timer.get_by_role("button", name="Again").tap()
    expect(phase(timer)).to_have_text("Breathe in")
    assert len(asked) == 1, "asked for once, at the first Start"


def test_htmx_arriving_after_the_end_screen_makes_its_card_save_in_place(page, site_url):
    card = make_card(topics=("self-love",), title="Keep this one", check_in=True)
    held = []
    page.route(
        HTMX, lambda route: held.append(route)
    )  # a slow connection: htmx arrives after the session ends
    timer = open_timer(page, site_url)
    start_button(timer).tap()
    timer.get_by_role("button", name="End").tap()
    reflection = timer.locator("[data-card-slot] article")
    expect(reflection.get_by_role("heading", name="Keep this one")).to_be_visible()
    timer.wait_for_function("() => document.readyState === 'complete'")
    assert len(held) == 1 and timer.evaluate("typeof window.htmx") == "undefined"

    held[0].continue_()
    htmx_ready(timer)
    reflection.get_by_role("button", name=re.compile(r"^Save\b.*Keep this one")).tap()

    saved = reflection.get_by_role("button", name=re.compile(r"^Saved\b.*Keep this one"))
    expect(saved).to_have_attribute("aria-pressed", "true")
    expect(timer.get_by_role("heading", name="You stood still for a moment.")).to_be_visible()
    assert Bookmark.objects.filter(card=card).count() == 1


@pytest.mark.offline  # the htmx script refused: the browser logs the failed request
def test_without_htmx_the_end_screen_card_is_saved_by_a_plain_form_post(page, site_url):
    card = make_card(topics=("self-love",), title="Keep this one", check_in=True)
    page.route(HTMX, lambda route: route.abort())
    timer = open_timer(page, site_url)
    start_button(timer).tap()
    timer.get_by_role("button", name="End").tap()

    reflection = timer.locator("[data-card-slot] article")
    reflection.get_by_role("button", name=re.compile(r"^Save\b.*Keep this one")).tap()

    timer.wait_for_url(re.compile(re.escape(URL) + rf"#card-{card.pk}$"))
    expect(timer.locator("#toasts")).to_contain_text("Saved")
    assert Bookmark.objects.filter(card=card).count() == 1


@pytest.mark.offline  # the browser logs the requests that fail
def test_offline_after_the_page_loaded_a_session_to_its_end_saves_its_card_to_sync_later(
    page, site_url
):
    card = make_card(topics=("self-love",), title="Keep this one", check_in=True)
    asked = htmx_requests(page)
    timer = open_timer(page, site_url)
    worker_ready(timer)
    # The worker answers this page's requests: its precache has htmx.
    timer.wait_for_function("() => navigator.serviceWorker.controller !== null")
    timer.context.set_offline(True)
    choose(timer, minutes="1 min")

    start_button(timer).tap()
    seconds(timer, 61)

    expect(timer.get_by_role("heading", name="You stood still for a minute.")).to_be_visible()
    htmx_ready(timer)
    assert len(asked) == 1, "htmx came from the worker's precache, with no network"
    reflection = timer.locator("[data-card-slot] article")
    reflection.get_by_role("button", name=re.compile(r"^Save\b.*Keep this one")).tap()
    button = reflection.locator(".save-toggle")
    expect(button).to_have_accessible_name("Saved, will sync: Keep this one")
    expect(timer.locator("#connection")).to_contain_text("kept on this phone")
    assert timer.evaluate(OUTBOX_SIZE) == 1
    assert Bookmark.objects.count() == 0

    timer.clock.resume()
    timer.context.set_offline(False)

    expect(button).to_have_accessible_name("Saved: Keep this one")
    assert Bookmark.objects.filter(card=card).count() == 1
    assert timer.evaluate(OUTBOX_SIZE) == 0


def test_patterns_that_hold_the_breath_carry_a_caution_and_the_gentler_pattern(timer):
    caution = timer.locator("[data-hold-safety]")
    expect(caution).to_be_hidden()  # in 4, out 6: no hold

    choose(timer, pattern="4-7-8")
    expect(caution).to_be_visible()
    expect(caution).to_have_text(re.compile(r"skip the holds.*in 4, out 6 is gentler"))
    start_button(timer).tap()
    expect(caution).to_be_visible()  # and while breathing

    timer.get_by_role("button", name="End").tap()
    timer.get_by_role("button", name="Change the pattern or length").tap()
    timer.get_by_role("radio", name="Stand still").check()
    expect(caution).to_be_hidden()
    timer.get_by_role("radio", name="Box").check()
    expect(caution).to_be_visible()


def test_your_own_pattern_holds_for_eight_seconds_at_most(timer):
    choose(timer, pattern="Your own")
    hold = timer.locator(".custom").get_by_label("Hold").first
    hold.fill("9")

    start_button(timer).tap()

    expect(
        timer.get_by_text("Breathe in or out for 0 to 20 seconds; hold for 0 to 8.")
    ).to_be_visible()
    expect(hold).to_have_attribute("aria-invalid", "true")
    expect(start_button(timer)).to_be_visible()
    hold.fill("8")
    start_button(timer).tap()
    expect(timer.get_by_role("button", name="Pause")).to_be_visible()
