"""Stand Still in Spanish and German in a phone browser: a reader's browser language
leads to their language, the chooser switches and remembers, the text fits a 320-pixel
screen, and offline each language's worker opens only its own pages."""

import re

import pytest
from django.utils import translation
from django.utils.translation import gettext, pgettext
from playwright.sync_api import expect

from apps.core.catalogs import LOCALE, script_words
from apps.reachout.models import Feeling
from apps.reachout.steps import BY_NAME
from tests.browser.test_pwa import server, worker_ready  # noqa: F401 (fixture)


def test_a_phone_in_spanish_gets_the_app_in_spanish_and_the_chooser_switches_and_remembers(
    browser, phone, site_url, seeds
):
    context = browser.new_context(**phone, locale="es-ES")
    page = context.new_page()
    page.goto(site_url + "/")
    expect(page).to_have_url(re.compile(r"/es/$"))
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("heading", name="Tarjetas", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Ayuda", exact=True)).to_be_visible()

    page.get_by_role("button", name="Deutsch").tap()
    expect(page).to_have_url(re.compile(r"/de/$"))
    expect(page.get_by_role("heading", name="Karten", exact=True)).to_be_visible()
    # Remembered: an English address, opened again, leads to German.
    page.goto(site_url + "/help/")
    expect(page).to_have_url(re.compile(r"/de/help/$"))
    page.get_by_role("button", name="English").tap()
    expect(page).to_have_url(re.compile(r"/help/$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    context.close()


# Each word shown on more than one line: broken between two letters, not at a soft hyphen
# (this Chromium has no hyphenation dictionary, so only a lack of room breaks a word).
BROKEN_WORDS = """() => {
  const line = (node, at) => {
    const range = document.createRange();
    range.setStart(node, at);
    range.setEnd(node, at + 1);
    return Math.round([...range.getClientRects()].at(-1)?.top ?? 0);
  };
  const broken = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node; (node = walker.nextNode()); ) {
    const parent = node.parentElement;
    if (parent.closest("script, style, template, textarea, select, .visually-hidden")) continue;
    if (!parent.checkVisibility()) continue;
    for (const word of node.textContent.matchAll(/[\\p{L}\\p{N}]{2,}/gu)) {
      const last = word.index + word[0].length - 1;
      if (line(node, word.index) !== line(node, last)) broken.push(word[0]);
    }
  }
  return broken;
}"""
SMALL_SCREEN_PAGES = [
    "/",
    "/stand-still/",
    "/reach-out/feeling/",
    "/reach-out/write/",
    "/evening/",
    "/help/",
    "/saved/",
    "/account/",
]


@pytest.mark.parametrize("language", ["es", "de", "en"])
@pytest.mark.parametrize("path", SMALL_SCREEN_PAGES)
def test_the_words_fit_a_320_pixel_screen(browser, phone, site_url, seeds, language, path):
    context = browser.new_context(**{**phone, "viewport": {"width": 320, "height": 640}})
    page = context.new_page()
    prefix = "" if language == "en" else f"/{language}"
    page.goto(f"{site_url}{prefix}{path}")
    expect(page.locator("html")).to_have_attribute("lang", language)
    wide = page.evaluate("document.documentElement.scrollWidth")
    assert wide <= 320, f"{language}{path} is {wide}px wide"
    # No button cuts its words: each shows all it holds.
    cut = page.evaluate(
        "[...document.querySelectorAll('button:not(.visually-hidden), .button')]"
        ".filter(b => b.offsetParent)"
        ".filter(b => b.scrollWidth > b.clientWidth + 1).map(b => b.textContent.trim())"
    )
    assert cut == []
    # Nor is any word broken between two letters: it wraps whole, or at a soft hyphen.
    assert page.evaluate(BROKEN_WORDS) == []
    context.close()


def test_the_check_finds_a_word_broken_between_letters_and_not_one_at_a_soft_hyphen(page):
    page.set_content(
        '<p lang="de" style="width: 4rem; overflow-wrap: anywhere">Wiederherstellungscode</p>'
        '<p lang="de" style="width: 12rem">Wiederherstellungs\u00adcode anmelden</p>'
    )
    assert page.evaluate(BROKEN_WORDS) == ["Wiederherstellungscode"]


@pytest.mark.offline  # the browser logs the requests that fail
def test_offline_each_language_opens_its_own_pages_and_never_the_other(browser, phone, server):  # noqa: F811
    context = browser.new_context(**phone, locale="es-ES")
    page = context.new_page()
    page.goto(server.url + "/es/help/")
    worker_ready(page)
    expect(page.locator("html")).to_have_attribute("lang", "es")

    server.terminate()

    page.goto(server.url + "/es/stand-still/")  # precached by the Spanish worker
    expect(page.locator("html")).to_have_attribute("lang", "es")
    page.goto(server.url + "/es/help/")
    expect(page.get_by_role("heading", level=1)).to_have_text("¿Necesitas ayuda ahora?")
    keys = page.evaluate("caches.keys()")
    assert any(key.startswith("stand-still-es-") for key in keys)
    assert not any(key.startswith("stand-still-en-") for key in keys)
    context.close()


@pytest.mark.parametrize(
    "locale, language, country, number",
    [
        ("es-MX", "es", "MX", "800 911 2000"),
        ("es-AR", "es", "AR", "144"),
        ("de-AT", "de", "AT", "142"),
    ],
)
def test_a_reader_abroad_gets_their_countrys_lines_in_their_language_and_over_the_timer(
    browser, phone, site_url, locale, language, country, number
):
    context = browser.new_context(**phone, locale=locale)
    page = context.new_page()
    with translation.override(language):
        your_country, call = gettext("Your country"), gettext("Call %(number)s")
        help_now = gettext("Help now")
    page.goto(site_url + "/help/")

    expect(page).to_have_url(re.compile(rf"/{language}/help/$"))
    expect(page.get_by_label(your_country)).to_have_value(country)
    expect(page.get_by_role("link", name=call % {"number": number})).to_be_visible()

    page.goto(f"{site_url}/{language}/stand-still/")
    page.locator("header a[data-help]").tap()
    sheet = page.get_by_role("dialog", name=help_now)
    expect(sheet.get_by_label(your_country)).to_have_value(country)
    expect(sheet.get_by_role("link", name=call % {"number": number})).to_be_visible()
    context.close()


@pytest.mark.parametrize(
    "language, start, breathe_in, pause",
    [("es", "Empezar", "Inhala", "Pausa"), ("de", "Starten", "Einatmen", "Pause")],
)
def test_the_timer_speaks_the_readers_language_at_320_pixels(
    browser, phone, site_url, language, start, breathe_in, pause
):
    context = browser.new_context(**{**phone, "viewport": {"width": 320, "height": 640}})
    page = context.new_page()
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.goto(f"{site_url}/{language}/stand-still/")
    page.get_by_role("button", name=start, exact=True).tap()
    expect(page.locator("[data-phase]")).to_have_text(breathe_in)
    expect(page.get_by_role("button", name=pause, exact=True)).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert problems == []  # the words' file loads before the timer: no error, no CSP report
    context.close()


@pytest.mark.parametrize(
    "language, save, saved, lonely",
    [("es", "Guardar", "Guardada", "Soledad"), ("de", "Speichern", "Gespeichert", "Einsam")],
)
def test_saving_and_naming_a_feeling_in_spanish_and_german_at_320_pixels(
    browser, phone, site_url, seeds, language, save, saved, lonely
):
    context = browser.new_context(**{**phone, "viewport": {"width": 320, "height": 640}})
    page = context.new_page()
    page.goto(f"{site_url}/{language}/")
    first = page.locator("article.card").first
    title = first.locator(".card-title").inner_text()
    first.get_by_role("button", name=f"{save}: {title}", exact=True).tap()
    expect(first.get_by_role("button", name=f"{saved}: {title}", exact=True)).to_have_attribute(
        "aria-pressed", "true"
    )
    page.goto(f"{site_url}/{language}/saved/")
    expect(page.get_by_role("link", name=title, exact=True)).to_be_visible()

    page.goto(f"{site_url}/{language}/reach-out/feeling/")
    page.get_by_text(lonely, exact=True).first.tap()
    expect(page.locator("html")).to_have_attribute("lang", language)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    context.close()


# The whole reach-out path, tap by tap, in Spanish and German on the narrowest phone

WIDTH = 320
LINKS_ON_THE_STEP = """[...document.querySelectorAll('.path-nav a[href], section.path a[href]')]
  .filter(a => a.origin === location.origin).map(a => a.pathname)"""
CUT_BUTTONS = """[...document.querySelectorAll('button:not(.visually-hidden), .button')]
  .filter(b => b.offsetParent)
  .filter(b => b.scrollWidth > b.clientWidth + 1).map(b => b.textContent.trim())"""


def the_path_in(language):
    """What a reader of `language` should see on the path, from the catalogs and the
    seeds' translations as the server itself reads them."""
    with translation.override(language):
        lonely = Feeling.objects.prefetch_related("nuances").get(slug="lonely")
        cards = list(lonely.cards.all())
        assert lonely.shown_in == language and all(c.shown_in == language for c in cards)
        headings = {
            "start": gettext("Stand still"),
            "feeling": gettext("What are you feeling?"),
            "card": gettext("A card for it"),
            "write": gettext("Write it here instead"),
            "wait": gettext("Wait the wave"),
            "check_in": gettext("Check in"),
        }
        return {
            "headings": headings,
            "titles": {name: str(BY_NAME[name].title) for name in headings},
            "step": gettext("Step %(number)s of %(total)s"),
            "skip": gettext("Skip this step"),
            "private": gettext("Your choice stays on this phone."),
            "feeling": lonely.name,
            "feeling_line": lonely.line,
            "nuance": lonely.nuances.all()[0].words,
            "cards": [c.title for c in cards],
            "to_write": gettext("Next: write it here instead"),
            "message": gettext("Your message, which is not sent"),
            "to_wait": gettext("Next: wait the wave"),
            "keep_what": gettext("Keep what you wrote?"),
            "keep_and_go": gettext("Keep it and go on"),
            "start_waiting": gettext("Start waiting"),
            "check_in_now": gettext("Check in now"),
            "smaller": pgettext("the pull to reach out", "Smaller"),
            "let_it_pass": gettext("You let the wave pass."),
            "to_not_sent": gettext("Messages you kept: Not sent"),
            "not_sent": pgettext("page name", "Not sent"),
        }


def script_word(language, text):
    words = script_words(LOCALE / language / "LC_MESSAGES" / "djangojs.po")
    assert words.get(text), f"{text!r} has no {language} translation in djangojs.po"
    return words[text]


@pytest.mark.parametrize(
    "language, words",
    [
        ("es", "Quiero escribirte, pero espero."),
        ("de", "Ich möchte dir schreiben, aber ich warte."),
    ],
    ids=["es", "de"],
)
def test_the_reach_out_path_walks_through_in_the_readers_language_at_320px(
    browser, phone, site_url, seeds, language, words
):
    say = the_path_in(language)
    english = the_path_in("en")
    assert say["headings"] != english["headings"], "the steps' headings are translated"
    context = browser.new_context(**{**phone, "viewport": {"width": WIDTH, "height": 640}})
    page = context.new_page()
    page.set_default_timeout(10_000)
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    home = f"/{language}/"

    def arrive(path):
        """The page reached, under the reader's language, and all of it fits."""
        page.wait_for_url(f"{site_url}{home}{path}")  # loaded: its scripts have run
        expect(page.locator("html")).to_have_attribute("lang", language)
        fits(path)
        links = page.evaluate(LINKS_ON_THE_STEP)
        assert links and all(link.startswith(home) for link in links), (path, links)

    def fits(where):
        wide = page.evaluate("document.documentElement.scrollWidth")
        assert wide <= WIDTH, f"{home}{where} is {wide}px wide"
        assert page.evaluate(CUT_BUTTONS) == [], f"buttons cut short on {home}{where}"

    def on_step(name, number, path):
        arrive(path)
        expect(page.get_by_role("heading", level=1)).to_have_text(say["headings"][name])
        nav = page.locator(".path-nav")
        expect(nav.locator(".path-title")).to_have_text(say["titles"][name])
        expect(nav.locator(".path-step")).to_contain_text(
            say["step"] % {"number": number, "total": 6}
        )

    def tap(link):
        """A link a person taps: it leads to a page in their language."""
        href = link.get_attribute("href")
        assert href.startswith(home), f"{href!r} leaves {home}"
        link.tap()

    try:
        # 1. Breathe: the timer starts at once; the reader skips on.
        page.goto(f"{site_url}{home}reach-out/")
        on_step("start", 1, "reach-out/")
        expect(page.locator("[data-phase]")).to_have_text(script_word(language, "Breathe in"))
        fits("reach-out/ (breathing)")
        tap(page.locator(".path-nav").get_by_role("link", name=say["skip"], exact=True))

        # 2. Name the feeling: open one, tap the words that fit.
        on_step("feeling", 2, "reach-out/feeling/")
        expect(page.get_by_text(say["private"], exact=True)).to_be_visible()
        page.locator("summary", has_text=say["feeling"]).tap()
        fits("reach-out/feeling/ (a feeling open)")
        page.get_by_role("button", name=say["nuance"], exact=True).tap()

        # 3. A card for it, in the reader's language.
        on_step("card", 3, "reach-out/card/")
        expect(page.locator(".feeling-note")).to_contain_text(f"{say['nuance']}.")
        expect(page.locator(".feeling-note")).to_contain_text(say["feeling_line"])
        card = page.locator("[data-card-slot] h3")
        expect(card).to_have_count(1)
        assert card.inner_text() in say["cards"]
        fits("reach-out/card/ (the card shown)")
        tap(page.get_by_role("link", name=say["to_write"], exact=True))

        # 4. Write it here instead; going on asks first, and it is kept.
        on_step("write", 4, "reach-out/write/")
        private = page.locator("[data-private-line]")
        expect(private).to_have_text(
            script_word(
                language,
                "Private: what you write here never leaves this phone. It is never sent, "
                "and kept only if you choose.",
            )
        )
        page.get_by_label(say["message"], exact=True).fill(words)
        fits("reach-out/write/ (written)")
        tap(page.get_by_role("link", name=say["to_wait"], exact=True))
        ask = page.get_by_role("dialog", name=say["keep_what"], exact=True)
        expect(ask).to_be_visible()
        fits("reach-out/write/ (asked to keep it)")
        ask.get_by_role("button", name=say["keep_and_go"], exact=True).tap()

        # 5. Wait the wave: start it, then check in when ready.
        on_step("wait", 5, "reach-out/wait/")
        page.get_by_role("button", name=say["start_waiting"], exact=True).tap()
        expect(page.locator("[data-time]")).to_have_text(re.compile(r"^\d+:\d\d$"))
        fits("reach-out/wait/ (waiting)")
        tap(page.get_by_role("link", name=say["check_in_now"], exact=True))

        # 6. Check in: the pull is smaller.
        on_step("check_in", 6, "reach-out/check-in/")
        page.get_by_role("button", name=say["smaller"], exact=True).tap()
        expect(page.get_by_role("heading", name=say["let_it_pass"], exact=True)).to_be_focused()
        expect(page.locator("[data-count-text]")).to_have_text(
            script_word(language, "Not counting.")
        )
        fits("reach-out/check-in/ (answered)")
        assert page.url == f"{site_url}{home}reach-out/check-in/", "answered on the page"

        # What was kept waits in "Not sent", in the same language.
        tap(page.get_by_role("link", name=say["to_not_sent"], exact=True))
        arrive("reach-out/not-sent/")
        expect(page.get_by_role("heading", level=1)).to_have_text(say["not_sent"])
        expect(page.locator(".not-sent-text")).to_have_text([words])
        fits("reach-out/not-sent/ (the message listed)")
        assert problems == [], f"console errors or CSP violations: {problems}"
    finally:
        context.close()
