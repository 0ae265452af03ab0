"""Browser fixtures: Playwright driving Debian's Chromium (headless), and axe-core accessibility checks.

Registered for every test module through ``pytest_plugins`` in ``trivsel/conftest.py``; only the
tests that ask for ``page`` start a browser. Mark such tests ``@pytest.mark.browser``.

Chromium comes from Debian (``/usr/bin/chromium``, or ``TRIVSEL_CHROMIUM``); ``playwright install``
is never needed. Under pytest-xdist every worker is its own process and gets its own browser and
its own live server.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, ConsoleMessage, Page, expect, sync_playwright

# Playwright's sync API runs an asyncio event loop in the main thread from the moment it starts
# until the end of the session. Django sees that running loop and refuses ORM calls from the test
# code (SynchronousOnlyOperation), although they are plain synchronous calls that never run inside
# the loop. Allow them. This is process-wide because the loop outlives each browser test: the
# xdist worker runs its later database tests with the loop still running. Trivsel has no async code.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = os.environ.get("TRIVSEL_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
PASSWORD = "test-password-123"  # the factories' password
# Playwright waits this long (ms) for an element or a navigation before failing a test.
TIMEOUT_MS = 10_000

# The issue asks for no WCAG 2.1 AA violations: run exactly the rules tagged with those levels.
AXE_OPTIONS: dict[str, Any] = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
_axe = Axe()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Browser, live_server: Any) -> Iterator[Page]:
    """A fresh context (no cookies) and page per test, in English so that texts are stable.

    The UI's default language is Danish; ``danish_page`` is the same without the language cookie.
    """
    yield from _open_page(browser, live_server, locale="en-GB", cookie_language="en")


@pytest.fixture
def danish_page(browser: Browser, live_server: Any) -> Iterator[Page]:
    """A browser without a language cookie: the UI in its default language, Danish."""
    yield from _open_page(browser, live_server, locale="da-DK", cookie_language=None)


def _open_page(browser: Browser, live_server: Any, *, locale: str, cookie_language: str | None) -> Iterator[Page]:
    # The browser's locale (Accept-Language) is ignored by Trivsel; only the cookie chooses English.
    context = browser.new_context(base_url=live_server.url, locale=locale)
    if cookie_language:
        context.add_cookies([{"name": "django_language", "value": cookie_language, "url": live_server.url}])
    context.set_default_timeout(TIMEOUT_MS)
    tab = context.new_page()
    blocked: list[str] = []
    tab.on("console", lambda message: _collect_csp_violation(tab, message, blocked))
    yield tab
    context.close()
    # Our CSP forbids inline scripts and styles; anything the browser blocked is a bug in a page.
    assert not blocked, "The Content Security Policy blocked:\n" + "\n".join(blocked)


def _collect_csp_violation(tab: Page, message: ConsoleMessage, blocked: list[str]) -> None:
    if message.type == "error" and "violates the following Content Security Policy" in message.text:
        blocked.append(f"{tab.url}: {message.text}")


def login(page: Page, live_server: Any, username: str, password: str = PASSWORD) -> None:
    """Sign in through the login form, as a user would, and wait until the login page is left."""
    page.goto(f"{live_server.url}/konto/log-ind/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(password)
    page.locator("form:has(input[name=password])").get_by_role("button").click()  # its only button, any language
    expect(page).not_to_have_url(re.compile(r"/konto/log-ind/"))


def logout(page: Page) -> None:
    page.locator("header form[action$='/konto/log-ud/'] button").click()
    expect(page).to_have_url(re.compile(r"/konto/log-ind/"))


def assert_accessible(page: Page) -> None:
    """Fail with axe-core's readable report if the page breaks a WCAG 2.1 A or AA rule."""
    page.wait_for_load_state()  # style sheets and fonts decide contrast and layout
    results = _axe.run(page, options=AXE_OPTIONS)
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"


def assert_reflows(page: Page) -> None:
    """WCAG 1.4.10: at 320 CSS px wide (400 % zoom) the page needs no sideways scrolling, and passes axe.

    Data tables may scroll inside their own region; axe then checks that the region can be
    reached with the keyboard. The viewport is restored afterwards.
    """
    viewport = page.viewport_size
    page.wait_for_load_state()
    page.set_viewport_size({"width": 320, "height": 640})
    try:
        too_wide = page.evaluate(_TOO_WIDE_JS)
        assert not too_wide, f"{page.url} scrolls sideways at 320 px because of: {too_wide}"
        assert_accessible(page)
    finally:
        if viewport is not None:
            page.set_viewport_size(viewport)


# If the page is wider than the viewport: the outermost elements that reach past its right edge other
# than through a table's scroll region (absolutely positioned ones may escape the region).
_TOO_WIDE_JS = """() => {
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth <= width) return [];
  const escapes = (e) => e.getBoundingClientRect().right > width + 0.5
    && (!e.closest('.table--responsive-scroll') || ['absolute', 'fixed'].includes(getComputedStyle(e).position));
  const culprits = Array.from(document.body.querySelectorAll('*'))
    .filter((e) => escapes(e) && !escapes(e.parentElement))
    .map((e) => e.outerHTML.slice(0, 160));
  return culprits.length ? culprits : ['<body>'];
}"""
