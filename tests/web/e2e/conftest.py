"""Browser tests: the app served live (CSRF on) and driven by Debian's headless Chromium.

A failing step leaves a screenshot in test-artifacts/ (see `step`).
"""

import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import Page, sync_playwright
from werkzeug.serving import make_server

from app.database import set_deferred_begin

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--headless"]
ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def app_config(app_config):
    return {**app_config, "WTF_CSRF_ENABLED": True}


@pytest.fixture
def live_server(app) -> Iterator[str]:
    # The test's own reads (a lazy load of a fixture's attribute) must not take SQLite's write
    # lock, which would keep the server's writes waiting.
    set_deferred_begin(True)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()
    set_deferred_begin(False)


# Per module, so that no Playwright loop outlives these tests (others start their own).
@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.fail("Chromium is missing: run scripts/system-deps.sh (make test does).")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser):
    """Pages in fresh browser contexts (separate cookies, like separate people)."""
    contexts = []

    def open_page(locale: str = "en-GB", viewport: dict = DESKTOP) -> Page:
        context = browser.new_context(locale=locale, viewport=viewport)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def step(request):
    """`with step(page, "books a slot"):` saves a screenshot when what it wraps fails."""

    @contextmanager
    def run(page: Page, name: str):
        try:
            yield
        except BaseException:
            ARTIFACTS.mkdir(exist_ok=True)
            slug = re.sub(r"[^\w.-]+", "_", f"{request.node.name}-{name}")
            page.screenshot(path=str(ARTIFACTS / f"{slug}.png"), full_page=True)
            raise

    return run
