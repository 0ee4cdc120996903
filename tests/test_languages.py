"""The reader's language in the address: English at /, Spanish at /es/, German at /de/
(apps/core/languages.py); the chooser remembers a choice; a page, its kept copy and its
service worker are each in one language."""

import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

NAVIGATE = {"Sec-Fetch-Mode": "navigate", "Accept": "text/html"}
BLOCKED = "/cards/for-hard-moments/they-blocked-me-what-now/"


def test_the_prefix_decides_the_language(client, seeds):
    english = client.get(BLOCKED)
    spanish = client.get("/es" + BLOCKED)
    german = client.get("/de" + BLOCKED)
    assert english["Content-Language"] == "en" and "They blocked me. What now?" in english.text
    assert spanish["Content-Language"] == "es" and "Me bloqueó. ¿Y ahora qué?" in spanish.text
    assert german["Content-Language"] == "de" and "Ich wurde blockiert. Was jetzt?" in german.text


def test_a_card_in_spanish_links_to_the_spanish_pages(client, seeds):
    page = client.get("/es" + BLOCKED).text
    assert 'href="/es/stand-still/"' in page


@pytest.mark.parametrize(
    "languages, there",
    [("es-MX,es;q=0.9,en;q=0.5", "/es/help/"), ("de-AT,de;q=0.9", "/de/help/")],
)
def test_a_browser_in_spanish_or_german_opening_an_english_address_goes_to_its_language(
    languages, there
):
    response = Client().get("/help/", headers={**NAVIGATE, "Accept-Language": languages})
    assert response.status_code == 302 and response["Location"] == there
    assert "Accept-Language" in response["Vary"]


def test_a_remembered_choice_comes_before_the_browsers_languages():
    client = Client()
    client.cookies["language"] = "en"
    response = client.get("/help/", headers={**NAVIGATE, "Accept-Language": "es"})
    assert response.status_code == 200 and response["Content-Language"] == "en"
    client.cookies["language"] = "de"
    assert client.get("/help/", headers=NAVIGATE)["Location"] == "/de/help/"


@pytest.mark.parametrize(
    "request_kind",
    ["form post", "htmx", "script", "service worker"],
)
def test_only_a_page_opened_in_the_browser_moves(request_kind):
    client = Client(headers={"Accept-Language": "es"})
    if request_kind == "form post":
        response = client.post("/saved/lists/", {"name": "Noches"})
        assert response.status_code != 302 or not response["Location"].startswith("/es/")
        return
    headers = {
        "htmx": {**NAVIGATE, "HX-Request": "true"},
        "script": {"Sec-Fetch-Mode": "cors", "Accept": "*/*"},
        "service worker": {"Sec-Fetch-Mode": "same-origin", "Accept": "*/*"},
    }[request_kind]
    path = "/sw.js" if request_kind == "service worker" else "/help/"
    assert Client().get(path, headers={**headers, "Accept-Language": "es"}).status_code == 200


def test_the_chooser_opens_this_page_in_the_language_chosen_and_remembers_it():
    client = Client()
    page = client.get("/es/help/").text
    assert re.search(r'name="next" value="/help/"', page)
    response = client.post("/language/", {"language": "de", "next": "/help/"})
    assert response.status_code == 302 and response["Location"] == "/de/help/"
    assert client.cookies["language"].value == "de"
    back = client.post("/language/", {"language": "en", "next": "/help/"})
    assert back["Location"] == "/help/"
    assert client.get("/help/", headers=NAVIGATE).status_code == 200


def test_each_language_has_its_own_service_worker_and_shell(client):
    english = client.get("/sw.js").text
    spanish = client.get("/es/sw.js").text
    assert 'const LANGUAGE = "es"' in spanish and 'const LANGUAGE = "en"' in english
    assert '"/es/help/"' in spanish and '"/es/my-plan/"' in spanish
    assert '"/es/help/"' not in english and '"/help/"' in english


def test_the_sitemap_lists_each_page_in_every_language_with_its_alternates(client, seeds):
    sitemap = client.get("/sitemap.xml").text
    assert "<loc>http://testserver/es" + BLOCKED + "</loc>" in sitemap
    assert 'hreflang="de" href="http://testserver/de' + BLOCKED + '"' in sitemap
    assert 'hreflang="x-default"' in sitemap


@pytest.mark.parametrize("domain", ["django", "djangojs"])
@pytest.mark.parametrize("language", ["es", "de"])
def test_every_interface_string_has_a_translation_and_none_is_fuzzy(language, domain):
    import polib
    from django.conf import settings

    catalog = polib.pofile(
        str(settings.BASE_DIR / "locale" / language / "LC_MESSAGES" / "django.po")
    )
    assert [e.msgid for e in catalog.untranslated_entries()] == []
    assert [e.msgid for e in catalog.fuzzy_entries()] == []
    assert not catalog.metadata_is_fuzzy  # a fuzzy header: its plural rule unread
    assert catalog.metadata["Plural-Forms"] == "nplurals=2; plural=(n != 1);"
    for entry in catalog.translated_entries():
        for said in [entry.msgstr, *entry.msgstr_plural.values()]:
            # the same placeholders (a singular may say "one" instead) and the same tags
            placeholders = set(re.findall(r"%\(\w+\)s", entry.msgid + (entry.msgid_plural or "")))
            found = set(re.findall(r"%\(\w+\)s", said))
            assert found == placeholders or (entry.msgid_plural and found < placeholders), said
            tags = sorted(re.findall(r"</?\w+", entry.msgid))
            assert sorted(re.findall(r"</?\w+", said)) == tags, said


def test_the_pages_speak_the_readers_language(client):
    spanish = client.get("/es/help/").text
    german = client.get("/de/privacy/").text
    assert 'lang="es"' in spanish and "¿Necesitas ayuda ahora?" in spanish
    assert (
        'lang="de"' in german and "Brauchst du jetzt Hilfe?" in german and "Datenschutz" in german
    )


def test_a_page_in_spanish_loads_its_scripts_words_before_its_scripts_and_english_none(client):
    spanish = client.get("/es/stand-still/").text
    english = client.get("/stand-still/").text

    words = re.search(r'<script src="(/static/words/es\.[0-9a-f]{12}\.js)" defer>', spanish)
    assert words and spanish.index(words[0]) < spanish.index('<script type="module"')
    catalog = b"".join(client.get(words[1]).streaming_content).decode()
    assert '"Breathe in":"Inhala"' in catalog
    assert "/static/words/" not in english


def test_each_languages_worker_keeps_its_own_words_only(client):
    spanish, english = client.get("/es/sw.js").text, client.get("/sw.js").text

    assert re.search(r"/static/words/es\.[0-9a-f]{12}\.js", spanish)
    assert "/static/words/de." not in spanish
    assert "/static/words/" not in english
