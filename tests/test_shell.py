"""The site shell: security headers, static files and error pages (health: test_health.py)."""

import pytest
from django.test import RequestFactory
from django.views.defaults import server_error

from tests.helpers import EXPECTED_CSP, inline_code, text_of

pytestmark = pytest.mark.django_db

SHELL_PAGES = ["/", "/stand-still/", "/saved/", "/help/", "/about/"]


@pytest.mark.parametrize("url", SHELL_PAGES)
def test_every_page_carries_the_csp_and_security_headers(client, url):
    response = client.get(url)

    assert response.status_code == 200
    assert response["Content-Security-Policy"] == EXPECTED_CSP
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]


@pytest.mark.parametrize("url", SHELL_PAGES)
def test_pages_have_no_inline_script_or_style(client, url):
    html = client.get(url).content.decode()

    assert inline_code(html) == []


def test_base_layout_offers_the_three_destinations_a_skip_link_and_help(client):
    html = client.get("/").content.decode()

    assert 'href="#main"' in html
    for href in ('href="/"', 'href="/stand-still/"', 'href="/saved/"', 'href="/help/"'):
        assert href in html
    assert 'name="htmx-config"' in html
    assert '"allowEval": false' in html
    assert "X-CSRFToken" in html


def test_htmx_is_served_by_the_app_not_a_cdn(client):
    html = client.get("/").content.decode()

    assert '<script src="/static/django_htmx/htmx-2.min.' in html
    assert "https://" not in html.split("</head>")[0]


def test_hashed_static_file_is_served_compressed_and_cached_for_a_year(client):
    html = client.get("/").content.decode()
    css_url = html.split('rel="stylesheet" href="')[1].split('"')[0]
    assert css_url.startswith("/static/core/site.") and css_url.count(".") == 2

    brotli = client.get(css_url, headers={"accept-encoding": "br, gzip"})
    gzip = client.get(css_url, headers={"accept-encoding": "gzip"})

    assert brotli.status_code == 200
    assert brotli["Content-Encoding"] == "br"
    assert gzip["Content-Encoding"] == "gzip"
    assert brotli["Cache-Control"] == "max-age=31536000, public, immutable"
    assert "Accept-Encoding" in brotli["Vary"]


def test_html_is_never_cached_as_immutable(client):
    response = client.get("/")

    assert "immutable" not in response.get("Cache-Control", "")


def test_unknown_page_is_a_404_in_the_apps_own_look(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    text = text_of(response.content.decode())
    assert "Nothing here" in text
    assert "Back to the cards" in text


def test_server_error_page_renders_without_touching_the_database(django_assert_num_queries):
    request = RequestFactory().get("/")

    with django_assert_num_queries(0):
        response = server_error(request)

    assert response.status_code == 500
    assert "Something went wrong" in text_of(response.content.decode())
    assert "Back to the cards" in response.content.decode()


def test_help_page_says_to_call_emergency_services_first(client):
    text = text_of(client.get("/help/").content.decode())

    assert "call your local emergency number" in text
    assert "not therapy" in text


def test_help_page_is_kept_by_the_browser_for_offline_use(client):
    response = client.get("/help/")

    cache_control = response["Cache-Control"]
    assert "max-age=86400" in cache_control
    assert "private" in cache_control
    assert "immutable" not in cache_control and "no-cache" not in cache_control


def test_head_requests_are_answered(client):
    assert client.head("/").status_code == 200


def test_pages_are_sent_compressed_to_browsers_that_accept_it(client):
    plain = client.get("/help/")
    compressed = client.get("/help/", headers={"accept-encoding": "gzip"})

    assert "Content-Encoding" not in plain
    assert compressed["Content-Encoding"] == "gzip"
    assert len(compressed.content) < len(plain.content) / 2
    assert "Accept-Encoding" in compressed["Vary"]
