"""The help page and its lines (seeds/helplines.yaml), and the privacy page."""

import json
import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from django.core.exceptions import ImproperlyConfigured

from apps.core import helplines
from tests.helpers import inline_code, text_of

pytestmark = pytest.mark.django_db

REQUIRED = ["US", "CA", "GB", "IE", "AU", "NZ", "IN", "DE", "FR", "ES", "ZA"]
# Three or more digits, perhaps spaced or hyphenated, not part of a word (1800RESPECT)
# or a web address (3114.fr).
PHONE_NUMBER = re.compile(r"(?<![\w+])\+?\d(?:[ -]?\d){2,}(?!\w|\.\w)")
A_DATE = re.compile(r"\b[A-Z][a-z]+\.? \d{1,2}, \d{4}\b")  # English's DATE_FORMAT: "Dec. 5, 2026"


class TextOutsideDialLinks(HTMLParser):
    """The page's visible text that is not inside a tel: or sms: link."""

    def __init__(self):
        super().__init__()
        self.in_link = 0
        self.skip = 0
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href") or ""
        if tag == "a" and href.startswith(("tel:", "sms:")):
            self.in_link += 1
        if tag in {"script", "style", "title", "option"}:
            self.skip += 1

    def handle_endtag(self, tag):
        if tag == "a" and self.in_link:
            self.in_link -= 1
        if tag in {"script", "style", "title", "option"} and self.skip:
            self.skip -= 1

    def handle_data(self, data):
        if not self.in_link and not self.skip:
            self.text.append(data)


def help_page(client, **headers):
    return client.get("/help/", headers=headers)


def shown_countries(html: str) -> list[str]:
    """The country sections not hidden."""
    sections = re.findall(r'<section class="country"[^>]*>', html)
    return [re.search(r'data-country="(\w+)"', tag)[1] for tag in sections if " hidden" not in tag]


def test_the_file_names_every_promised_country_with_emergency_crisis_and_abuse_lines():
    countries = {c.code: c for c in helplines.directory().countries}

    assert set(REQUIRED) <= set(countries)
    for code in REQUIRED:
        kinds = {line.kind for line in countries[code].lines}
        assert kinds == {"emergency", "crisis", "abuse"}, code


def test_every_number_on_the_help_page_is_a_tel_or_sms_link(client):
    html = help_page(client).content.decode()

    for country in helplines.directory().countries:
        for line in country.lines:
            # The number is kept whole (a button wraps between "Call" and it, never inside it).
            for number in line.calls:
                shown = f'<span class="dial-number">{number.display}</span>'
                assert f'href="tel:{number.dial}"><span>Call {shown}</span></a>' in html
            for number in line.texts:
                shown = f'<span class="dial-number">{number.display}</span>'
                assert f'href="sms:{number.dial}"><span>Text {shown}</span></a>' in html
    finder = TextOutsideDialLinks()
    finder.feed(html.split("<body", 1)[1])
    loose = PHONE_NUMBER.findall(A_DATE.sub("", " ".join(finder.text)))
    assert loose == [], "numbers on the page that cannot be tapped"


def test_dial_links_keep_only_digits_and_a_leading_plus():
    assert helplines.Number("1-800-799-7233").dial == "18007997233"
    assert helplines.Number("0800 111 0 111").dial == "08001110111"
    assert helplines.Number("+44 808 2000 247").dial == "+448082000247"


def test_every_line_shows_its_source_and_the_day_it_was_checked(client):
    html = help_page(client).content.decode()

    lines = re.findall(r'<li class="line line-\w+">.*?</li>', html, flags=re.S)
    count = sum(len(c.lines) for c in helplines.directory().countries)
    assert len(lines) == count
    for line in lines:
        source = re.search(r'<p class="line-source">(.*?)</p>', line, flags=re.S)[1]
        assert re.search(r"Checked [A-Z][a-z]+\.? \d{1,2}, 20\d\d against", text_of(source))
        assert re.search(r'<a href="https?://[^"]+" rel="noopener noreferrer">', source)


REGIONS = json.loads((Path(__file__).parent / "helpline_regions.json").read_text())["cases"]


@pytest.mark.parametrize(("languages", "country"), REGIONS)
def test_the_country_is_the_region_of_the_first_tag_that_names_one_or_none(
    client, languages, country
):
    """The same table proves static/core/helplines.js (tests/js/helplines.test.mjs)."""
    header = ",".join(f"{tag};q={1 - i / 10:.1f}" for i, tag in enumerate(languages))
    response = help_page(client, accept_language=header)
    html = response.content.decode()

    assert shown_countries(html) == ([country] if country else [])
    if country:
        assert f'<option value="{country}" selected>' in html
    else:
        assert "Choose your country to see its emergency number" in text_of(html)
        assert 'href="https://findahelpline.com/"' in html
    assert "Accept-Language" in response["Vary"] and "Cookie" in response["Vary"]


def test_a_reader_whose_region_is_not_listed_is_asked_to_choose_and_pointed_to_the_directory(
    client,
):
    html = help_page(client, accept_language="en-NG,en;q=0.9").content.decode()
    none = re.search(r'<div class="country-none" data-country-none>(.*?)</div>', html, re.S)[1]

    assert shown_countries(html) == []
    assert "none is shown until you choose" in text_of(none)
    assert re.search(r'<a class="button" href="https://findahelpline.com/"', none)
    assert "data-country-elsewhere hidden" in html, "the directory is said once"


def test_with_no_language_it_knows_nothing_is_chosen_and_offers_the_choice(client):
    html = help_page(client, accept_language="ja-JP,ko;q=0.5").content.decode()

    assert shown_countries(html) == []
    assert "Choose your country to see its emergency number" in text_of(html)
    assert "call your local emergency number now" in text_of(html)
    assert 'href="https://findahelpline.com/"' in html


def test_a_chosen_country_wins_over_the_browsers_languages(client):
    html = client.get("/help/?country=ie", headers={"accept-language": "de-DE"}).content.decode()

    assert shown_countries(html) == ["IE"]


def test_a_country_picked_without_javascript_is_remembered_and_shown_first_from_then_on(client):
    picked = client.get("/help/?country=za", headers={"accept-language": "en-GB"})
    cookie = picked.cookies[helplines.COOKIE]

    assert cookie.value == "ZA"
    assert cookie["max-age"] == helplines.COOKIE_MAX_AGE and cookie["samesite"] == "Lax"
    assert not cookie["httponly"], "the page's script reads and writes the same cookie"
    later = client.get("/help/", headers={"accept-language": "en-GB"}).content.decode()
    assert shown_countries(later) == ["ZA"]


def test_choosing_no_country_forgets_the_pick(client):
    client.get("/help/?country=AU")

    response = client.get("/help/?country=", headers={"accept-language": "en-GB"})

    assert shown_countries(response.content.decode()) == []
    assert response.cookies[helplines.COOKIE]["max-age"] == 0
    assert shown_countries(help_page(client, accept_language="en-GB").content.decode()) == ["GB"]


def test_an_unknown_pick_keeps_the_remembered_country_and_an_unknown_cookie_is_ignored(client):
    client.get("/help/?country=AU")
    response = client.get("/help/?country=XX")

    assert helplines.COOKIE not in response.cookies
    assert shown_countries(help_page(client).content.decode()) == ["AU"]
    client.cookies[helplines.COOKIE] = "<XX>"
    html = help_page(client, accept_language="en-NZ").content.decode()
    assert shown_countries(html) == ["NZ"]
    assert "<XX>" not in html


def test_the_page_hands_its_script_the_cookie_that_remembers_the_pick(client):
    html = help_page(client).content.decode()

    assert f'data-cookie="{helplines.COOKIE}"' in html
    assert f'data-cookie-max-age="{helplines.COOKIE_MAX_AGE}"' in html


def test_every_line_but_an_emergency_number_says_when_it_answers(client):
    html = help_page(client).content.decode()

    lines = re.findall(r'<li class="line line-(\w+)">(.*?)</li>', html, flags=re.S)
    assert lines
    for kind, line in lines:
        hours = re.search(r'<p class="line-hours">(.*?)</p>', line, flags=re.S)
        assert bool(hours) == (kind != "emergency"), line
    assert "Weekdays 9:30am to 4pm (Wednesdays 1pm to 4pm), UK time." in html


def test_the_lines_include_stalking_and_abuse_lines_for_men_and_lgbt_people():
    abuse = [
        line for c in helplines.directory().countries for line in c.lines if line.kind == "abuse"
    ]

    assert any("Stalking" in line.name for line in abuse)
    assert any("for men" in line.about for line in abuse)
    assert any("LGBT" in line.name + line.about for line in abuse)
    south_africa = helplines.directory().get("ZA")
    assert {line.kind for line in south_africa.lines} == {"emergency", "crisis", "abuse"}


def test_an_unknown_country_is_a_field_error_not_a_failure(client):
    response = client.get("/help/?country=<zz>", headers={"accept-language": "en-GB"})
    html = response.content.decode()

    assert response.status_code == 200
    assert shown_countries(html) == []
    assert 'aria-invalid="true"' in html
    assert "We don't have lines for that country" in text_of(html)
    assert "<zz>" not in html


def test_every_country_is_in_the_page_so_the_offline_copy_can_show_any(client):
    html = help_page(client, accept_language="en-GB").content.decode()

    for code in REQUIRED:
        assert f'data-country="{code}"' in html
    assert inline_code(html) == []


def test_the_help_page_says_what_to_do_if_afraid_and_when_the_urge_is_to_message_them(client):
    text = text_of(help_page(client).content.decode())

    assert "If you are afraid of someone, or someone is following or threatening you" in text
    assert "Keep a record" in text
    assert "When the urge is to message them" in text
    urge = text.split("When the urge is to message them", 1)[1]
    assert "Put the phone down" in urge
    assert "Put the phone down" not in text.split("When the urge is to message them", 1)[0]
    assert "blocked you or asked for no contact, that is their answer" in urge


LINE = {
    "kind": "crisis",
    "name": "A line",
    "about": "For anyone.",
    "hours": "Any hour, every day.",
    "call": "116 123",
    "source": "https://example.org/line",
    "checked": date(2026, 11, 30),
}


def directory_with(**changes):
    data = yaml.safe_load(helplines.PATH.read_text(encoding="utf-8"))
    line = {key: value for key, value in {**LINE, **changes}.items() if value is not None}
    data["countries"][0]["lines"].append(line)
    return helplines.parse(data)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"source": None}, "is not a web address"),
        ({"source": "example.org"}, "is not a web address"),
        ({"checked": None}, "needs either the date it was checked"),
        ({"checked": "last week"}, "needs either the date it was checked"),
        ({"unchecked": "no public page"}, "needs either the date it was checked"),
        ({"call": "call us"}, "is not a phone number"),
        ({"call": None}, "needs a number to call or text, or a url"),
        ({"kind": "advice"}, "kind must be one of"),
        ({"hours": None}, "needs its hours"),
        ({"hours": " "}, "needs its hours"),
        ({"name": ""}, "needs a name and an about"),
    ],
)
def test_a_broken_line_in_the_file_stops_the_app_with_a_message_naming_it(changes, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        directory_with(**changes)


def test_a_country_missing_from_the_file_stops_the_app():
    data = yaml.safe_load(helplines.PATH.read_text(encoding="utf-8"))
    data["countries"] = [c for c in data["countries"] if c["code"] != "IN"]

    with pytest.raises(ImproperlyConfigured, match="no lines for IN"):
        helplines.parse(data)


def test_a_line_that_could_not_be_checked_says_so_on_the_page(client, monkeypatch):
    unchecked = directory_with(checked=None, unchecked="its site was down", name="Unchecked line")
    monkeypatch.setattr(helplines, "directory", lambda: unchecked)

    text = text_of(help_page(client, accept_language="en-US").content.decode())

    assert "Unchecked line" in text
    assert "Not yet checked (its site was down). Source: example.org" in text


def test_the_system_check_reports_a_broken_file(monkeypatch):
    from apps.core.apps import helplines_check

    monkeypatch.setattr(helplines, "directory", lambda: directory_with(source=None))

    errors = helplines_check()

    assert [error.id for error in errors] == ["core.E001"]
    assert "is not a web address" in errors[0].msg


def test_every_page_has_help_in_its_top_bar(client):
    for url in ["/", "/stand-still/", "/saved/", "/about/", "/search/", "/privacy/"]:
        html = client.get(url).content.decode()
        top = re.search(r'<header class="top">(.*?)</header>', html, flags=re.S)[1]
        assert re.search(r'<a class="top-help" href="/help/" data-help', top), url
        assert "Help" in text_of(top)


def test_the_privacy_page_says_what_is_kept_where_and_for_how_long(client):
    response = client.get("/privacy/")
    text = text_of(response.content.decode())

    assert response.status_code == 200
    assert "No analytics" in text
    assert "random code" in text and "400 days" in text
    assert "stay until you delete them" in text
    assert "erased for good a week later" in text
    assert "Only on this phone" in text
    assert 'href="/saved/export.md"' in response.content.decode()
    assert 'href="/saved/delete-everything/"' in response.content.decode()
    assert "max-age=86400" in response["Cache-Control"]


@pytest.mark.parametrize("url", ["/", "/about/", "/saved/"])
def test_the_privacy_page_is_linked_from_the_footer_about_and_saved(client, url):
    html = client.get(url).content.decode()
    main = html.split("<main", 1)[1].split("</main>", 1)[0]
    footer = html.split('<footer class="foot">', 1)[1].split("</footer>", 1)[0]

    assert 'href="/privacy/"' in footer
    if url != "/":
        assert 'href="/privacy/"' in main


def test_the_saved_page_says_plainly_where_saved_cards_live(client):
    text = text_of(client.get("/saved/").content.decode())

    assert "kept on our server, under a random code stored in a cookie on this device" in text
    assert "kept on this device" not in text
