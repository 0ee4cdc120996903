"""The crisis and domestic-abuse lines of the help page, read from seeds/helplines.yaml.

The file is checked when it is read: a line without a number or link, without a
source, or without either a checked date or a note saying why it is unchecked
stops the app with a message naming the line. Every number becomes a `tel:` (and,
for lines that take texts, an `sms:`) link.

The reader's country (`Directory.choose`): the `?country=` they ask for, else the one
they picked before (the `COOKIE`, set by the help view or by the page's script), else
the region of their browser's first language tag that names one (en-GB): a region
not listed here, or no region at all, chooses no country, so nobody is shown another
country's numbers (en-NG is not the US, es-MX is not Spain); the page asks them to
choose. Nothing else is looked up. `static/core/helplines.js` makes the same choice
from the same inputs (the cookie, navigator.languages, the countries in the page)
for the copies kept offline and embedded in the timer page: one rule, proven on both
sides by the one table of cases in tests/helpline_regions.json.
"""

import re
from dataclasses import dataclass, replace
from datetime import date
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

import yaml
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation.trans_real import parse_accept_lang_header

PATH = Path(settings.BASE_DIR) / "seeds" / "helplines.yaml"
KINDS = ("emergency", "crisis", "abuse")
# The countries the help page promises; the file may name more.
REQUIRED = {"US", "CA", "GB", "IE", "AU", "NZ", "IN", "DE", "FR", "ES", "ZA"}
NUMBER = re.compile(r"^\+?[0-9][0-9 ()-]*$")
# The country the reader picked: a cookie, so the page opens on it without JavaScript
# too; the page's script reads and writes the same one (the page hands it the name and
# life). Read by the help view only: a cached page never sees it.
COOKIE = "help_country"
COOKIE_MAX_AGE = 400 * 24 * 60 * 60
# A language tag's region subtag: two letters (GB) or three digits (419, Latin America).
REGION = re.compile(r"^(?:[a-z]{2}|[0-9]{3})$", re.IGNORECASE)


@dataclass(frozen=True)
class Number:
    display: str

    @property
    def dial(self) -> str:
        """What goes after tel: or sms: (digits, and a leading + if written)."""
        return ("+" if self.display.startswith("+") else "") + re.sub(r"\D", "", self.display)

    @property
    def whole(self) -> str:
        """The number as one piece on a button, which wraps between "Call" and it, never
        inside it ("0800 123 99 / 00"): its own span, kept on one line (site.css)."""
        return format_html('<span class="dial-number">{}</span>', self.display)


@dataclass(frozen=True)
class Line:
    kind: str
    name: str
    about: str
    hours: str
    calls: tuple[Number, ...]
    texts: tuple[Number, ...]
    url: str
    source: str
    checked: date | None
    unchecked: str

    @property
    def source_site(self) -> str:
        return urlsplit(self.source).hostname.removeprefix("www.")

    @property
    def numbers(self) -> tuple[Number, ...]:
        return self.calls + self.texts


@dataclass(frozen=True)
class Country:
    code: str
    name: str
    lines: tuple[Line, ...]


@dataclass(frozen=True)
class Directory:
    countries: tuple[Country, ...]
    findahelpline: str
    cookie = COOKIE
    cookie_max_age = COOKIE_MAX_AGE

    def get(self, code: str | None) -> Country | None:
        code = (code or "").strip().upper()
        return next((c for c in self.countries if c.code == code), None)

    def for_languages(self, header: str) -> Country | None:
        """The listed country of the first tag in an Accept-Language header that names a
        region, or None (that region is not listed, or no tag names one)."""
        for tag, _ in parse_accept_lang_header(header or ""):
            if region := region_of(tag):
                return self.get(region)
        return None

    def choose(self, remembered: str, header: str) -> Country | None:
        """The reader's country: the one they picked (`remembered`), else their region's."""
        return self.get(remembered) or self.for_languages(header)


def region_of(tag: str) -> str:
    """The region a language tag names ("en-GB" -> "GB", "zh-Hant-TW" -> "TW"), or ""."""
    return next((part.upper() for part in tag.split("-")[1:] if REGION.match(part)), "")


def _numbers(value, where: str) -> tuple[Number, ...]:
    values = value if isinstance(value, list) else [] if value is None else [value]
    numbers = []
    for raw in values:
        text = str(raw).strip()
        if not NUMBER.match(text):
            raise ImproperlyConfigured(f"{PATH.name}: {where}: {raw!r} is not a phone number")
        numbers.append(Number(text))
    return tuple(numbers)


def _url(value, where: str) -> str:
    url = str(value or "").strip()
    if urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).hostname:
        raise ImproperlyConfigured(f"{PATH.name}: {where}: {value!r} is not a web address")
    return url


def _line(raw: dict, where: str) -> Line:
    kind = raw.get("kind")
    if kind not in KINDS:
        raise ImproperlyConfigured(f"{PATH.name}: {where}: kind must be one of {KINDS}")
    where = f"{where} ({raw.get('name')})"
    if not str(raw.get("name") or "").strip() or not str(raw.get("about") or "").strip():
        raise ImproperlyConfigured(f"{PATH.name}: {where}: needs a name and an about")
    hours = str(raw.get("hours") or "").strip()
    if kind != "emergency" and not hours:
        raise ImproperlyConfigured(
            f"{PATH.name}: {where}: needs its hours (hours: Any hour, or when it is open)"
        )
    calls = _numbers(raw.get("call"), where)
    texts = _numbers(raw.get("text"), where)
    url = _url(raw["url"], where) if raw.get("url") else ""
    if not (calls or texts or url):
        raise ImproperlyConfigured(
            f"{PATH.name}: {where}: needs a number to call or text, or a url"
        )
    checked, unchecked = raw.get("checked"), str(raw.get("unchecked") or "").strip()
    if isinstance(checked, date) == bool(unchecked):
        raise ImproperlyConfigured(
            f"{PATH.name}: {where}: needs either the date it was checked (checked: YYYY-MM-DD) "
            "or why it could not be (unchecked: ...)"
        )
    return Line(
        kind=kind,
        name=str(raw["name"]).strip(),
        about=str(raw["about"]).strip(),
        hours=hours,
        calls=calls,
        texts=texts,
        url=url,
        source=_url(raw.get("source"), where),
        checked=checked if isinstance(checked, date) else None,
        unchecked=unchecked,
    )


def parse(data: dict) -> Directory:
    """The directory in `data` (the YAML file's contents), checked."""
    countries, codes = [], set()
    for i, raw in enumerate(data.get("countries") or []):
        code = str(raw.get("code") or "").upper()
        where = f"country {i + 1} ({code or '?'})"
        if not re.fullmatch(r"[A-Z]{2}", code) or code in codes:
            raise ImproperlyConfigured(f"{PATH.name}: {where}: needs a code of its own, e.g. GB")
        codes.add(code)
        lines = tuple(
            _line(line, f"{where} line {j + 1}") for j, line in enumerate(raw.get("lines") or ())
        )
        if not any(line.kind == "emergency" for line in lines):
            raise ImproperlyConfigured(f"{PATH.name}: {where}: needs its emergency number")
        countries.append(Country(code, str(raw.get("name") or code), lines))
    if missing := REQUIRED - codes:
        raise ImproperlyConfigured(f"{PATH.name}: no lines for {', '.join(sorted(missing))}")
    return Directory(tuple(countries), _url(data.get("findahelpline"), "findahelpline"))


def directory() -> Directory:
    """The help lines in the active language, read and checked once per process."""
    return _directory((get_language() or settings.LANGUAGE_CODE).split("-")[0])


def words_path(language: str) -> Path:
    """seeds/<language>/helplines.yaml: the lines' words in that language (country and
    line names, `about`, `hours`, `unchecked`); numbers and sources stay in PATH."""
    return PATH.parent / language / PATH.name


@cache
def _directory(language: str) -> Directory:
    english = parse(yaml.safe_load(PATH.read_text(encoding="utf-8")))
    path = words_path(language)
    if language == settings.LANGUAGE_CODE or not path.exists():
        return english
    return in_language(english, yaml.safe_load(path.read_text(encoding="utf-8")) or {})


WORDS = ("name", "about", "hours", "unchecked")


def in_language(english: Directory, words: dict) -> Directory:
    """`english` with the words `words` gives by country code and line name; what it
    doesn't give stays English, and it can add nothing English doesn't say."""
    countries = []
    for country in english.countries:
        theirs = words.get(country.code) or {}
        lines = []
        for line in country.lines:
            said = (theirs.get("lines") or {}).get(line.name) or {}
            lines.append(
                replace(
                    line,
                    **{
                        key: str(said[key]) for key in WORDS if said.get(key) and getattr(line, key)
                    },
                )
            )
        name = str(theirs.get("name") or country.name)
        countries.append(replace(country, name=name, lines=tuple(lines)))
    return replace(english, countries=tuple(countries))
