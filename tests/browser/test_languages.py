"""Stand Still in Spanish and German in a phone browser: a reader's browser language
leads to their language, the chooser switches and remembers, the text fits a 320-pixel
screen, and offline each language's worker opens only its own pages."""

import re

import pytest
from playwright.sync_api import expect

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


@pytest.mark.parametrize("language", ["es", "de"])
@pytest.mark.parametrize("path", ["/", "/stand-still/", "/reach-out/feeling/", "/help/", "/saved/"])
def test_the_words_fit_a_320_pixel_screen(browser, phone, site_url, seeds, language, path):
    context = browser.new_context(**{**phone, "viewport": {"width": 320, "height": 640}})
    page = context.new_page()
    page.goto(f"{site_url}/{language}{path}")
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
    context.close()


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
    assert problems == []  # the words' JSON block is no script: no CSP report
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
