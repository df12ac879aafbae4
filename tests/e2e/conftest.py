"""Real-browser tests: Playwright driving Debian's Chromium against pytest-django's live server.

Playwright's own browser download does not work on our machines, so the tests launch the system
Chromium (`apt-get install chromium`; `.ci/run` does it). Without it the tests are skipped locally
and fail in CI.
"""

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs a loop

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "docs" / "screenshots"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


# Injected by the browser before any page script (not subject to the page's CSP): records every
# CSP violation the page reports, so a blocked inline script or style fails the test.
WATCH_CSP = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.effectiveDirective} blocked ${event.blockedURI || "inline"}` +
    ` at ${event.sourceFile || ""}:${event.lineNumber || ""}`);
});
"""


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"Chromium is not installed at {CHROMIUM}; .ci/run installs it.")
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def media_browser(browser):
    """A second Chromium with a fake microphone, from the session's Playwright (a second
    sync_playwright() in the same worker would refuse to start inside the first one's loop)."""
    media = browser.browser_type.launch(
        executable_path=CHROMIUM,
        args=[
            *ARGS,
            "--use-fake-device-for-media-stream",
            "--use-fake-ui-for-media-stream",
            "--autoplay-policy=no-user-gesture-required",
        ],
    )
    yield media
    media.close()


class Page:
    """A browser tab on the live server that records CSP violations and page errors."""

    def __init__(self, browser, base_url, *, viewport=DESKTOP, color_scheme="light", **options):
        """`options` go to the browser context, e.g. timezone_id="Asia/Tokyo"."""
        self.context = browser.new_context(
            viewport=viewport, color_scheme=color_scheme, accept_downloads=True, **options
        )
        self.context.set_default_timeout(10_000)
        self.context.add_init_script(script=WATCH_CSP)
        self.page = self.context.new_page()
        self.base_url = base_url
        self.problems: list[str] = []
        self.page.on(
            "console",
            lambda message: (
                self.problems.append(message.text)
                if message.type == "error" and "Content Security Policy" in message.text
                else None
            ),
        )
        self.page.on("pageerror", lambda error: self.problems.append(str(error)))
        self.page.on("response", self._check_asset)
        self.page.on("requestfailed", self._check_asset_failure)

    ASSETS = ("stylesheet", "script", "font", "image")

    def _check_asset(self, response):
        """A stylesheet, script, font or image the page asked for must arrive."""
        if response.request.resource_type in self.ASSETS and response.status >= 400:
            self.problems.append(f"{response.status} for {response.url}")

    def _check_asset_failure(self, request):
        # A request cut short because the test moved on to the next page is not a failure.
        if request.resource_type in self.ASSETS and "ERR_ABORTED" not in (request.failure or ""):
            self.problems.append(f"{request.failure} for {request.url}")

    def go(self, path: str):
        self.collect_csp()
        response = self.page.goto(self.base_url + path)
        assert response is not None and response.status < 400, (path, response and response.status)
        return self.page

    def collect_csp(self):
        """CSP violations the page reported through `securitypolicyviolation` events."""
        try:
            seen = self.page.evaluate("window.__cspViolations || []")
        except Exception:  # noqa: BLE001 - the page is navigating or closed
            return
        self.problems += [f"CSP violation on {self.page.url}: {item}" for item in seen]

    def close(self):
        self.collect_csp()
        self.context.close()


@pytest.fixture
def tab(browser, live_server):
    tabs = []

    def open_tab(**kwargs) -> Page:
        new = Page(browser, live_server.url, **kwargs)
        tabs.append(new)
        return new

    yield open_tab
    for item in tabs:
        problems = list(item.problems)
        item.close()
        assert problems == [], problems


def follow(page, selector):
    """Click a link or button that loads a new page, and wait until that page has loaded.

    A bare click returns once the navigation has started; reading the page then can see an
    empty document in between.
    """
    with page.expect_navigation():
        page.click(selector)


# Signing in hashes the password on purpose slowly; on a busy machine that is seconds.
SIGN_IN_MS = 30_000


def sign_in(page, base_url, email, password, *, totp_secret=None):
    page.goto(base_url + "/accounts/login/")
    page.fill("#id_login", email)
    page.fill("#id_password", password)
    page.click("form button[type=submit]")
    if totp_secret:
        from tests.helpers import totp_code

        page.wait_for_url("**/accounts/2fa/authenticate/", timeout=SIGN_IN_MS)
        for _attempt in range(3):
            page.fill("input[name=code]", totp_code(totp_secret))
            with page.expect_navigation(timeout=SIGN_IN_MS):
                page.click("form button[type=submit]")
            if "/accounts/2fa/authenticate/" not in page.url:
                break
            # The code's 30 seconds ran out on its way (a busy machine): type the next one,
            # as a person would.
    # Home sends each role on to its own home page (care.access.home_for).
    page.wait_for_url(
        lambda url: url.startswith(base_url) and "/accounts/" not in url, timeout=SIGN_IN_MS
    )
