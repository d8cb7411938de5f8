"""/docs and /redoc work offline: their scripts, styles and icon are served by the app, none by a CDN."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

from tests.api.conftest import make_api

PAGES = ("/docs", "/redoc")


class _References(HTMLParser):
    """Every src and href of a page, as written."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found += [value for name, value in attrs if name in ("src", "href") and value]


def references(html: str) -> list[str]:
    parser = _References()
    parser.feed(html)
    return parser.found


@pytest.fixture
def api(tmp_path):
    return make_api(tmp_path, None)  # the pipeline is built on first use: these pages never use it


@pytest.mark.parametrize("page", PAGES)
def test_the_docs_refer_to_no_other_host_and_the_app_serves_what_they_load(api, page):
    answer = api.get(page, who=None)
    assert answer.status_code == 200
    assert "default-src 'self'" in answer.headers["content-security-policy"]
    html = answer.text
    assert not re.search(r"(https?:)?//[a-z0-9.-]+\.[a-z]{2,}", html, re.IGNORECASE), html
    loaded = references(html)
    assert any(url.endswith(".js") for url in loaded), loaded
    for url in loaded:
        assert not urlsplit(url).netloc, url
        asset = api.get(url, who=None)
        assert asset.status_code == 200 and len(asset.content) > 1000, url
        kind = {".js": "javascript", ".css": "text/css", ".png": "image/png"}[url[url.rfind(".") :]]
        assert kind in asset.headers["content-type"], url


@pytest.mark.slow
def test_swagger_ui_and_redoc_draw_the_api_with_every_other_host_cut_off(api):
    """In headless Chromium, where any request that is not the app's fails: both pages still show the routes,
    and they try no other host."""
    from tests.browser import chromium_page

    origin = "http://nerpipe.test"
    elsewhere: list[str] = []

    def serve(route) -> None:
        request = route.request
        if not request.url.startswith(origin + "/"):
            elsewhere.append(request.url)
            route.abort()
            return
        answer = api.client.request(request.method, request.url[len(origin) :], headers=request.headers)
        route.fulfill(status=answer.status_code, headers=dict(answer.headers), body=answer.content)

    with chromium_page() as browser_page:
        refused: list[str] = []  # what the pages' content security policy blocked
        browser_page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
        browser_page.route("**/*", serve)
        browser_page.goto(origin + "/docs")
        browser_page.locator(".opblock-summary-path", has_text="/v1/cases").first.wait_for(timeout=20_000)
        browser_page.goto(origin + "/redoc")
        browser_page.get_by_text("/v1/cases/{case_id}/graph.{kind}").first.wait_for(state="attached", timeout=20_000)
    assert elsewhere == []
    # Only ReDoc's decorative logo (from its maker's host) is refused by the pages' policy; it then hides itself.
    assert all("image 'https://cdn.redoc.ly/" in message for message in refused), refused
