"""Every page fits a phone's width without sideways scrolling, works from the keyboard, and
loads nothing from outside the app. Screenshots of each page at phone and desktop width are
left in test-artifacts/pages/ for people to look at."""

from datetime import datetime

import pytest
from playwright.sync_api import expect

from app.bookings import service as bookings
from app.extensions import db
from tests.web.e2e.conftest import ARTIFACTS, DESKTOP, PHONE

PAGES = ["/", "/signin", "/signup", "/venues/{venue}", "/venues/{venue}/book?start=2026-12-02T10:00"
         "&end=2026-12-02T11:00", "/bookings", "/profile", "/manage/", "/manage/calendar",
         "/manage/venues/{venue}", "/no-such-page"]


@pytest.fixture
def scene(make_user, make_venue):
    """A manager and the id of their venue, with requests waiting (one of them the manager's own)."""
    manager = make_user(role="manager", email="manager@example.com", display_name="Manager Wu")
    venue = make_venue(name="Light Box Studio", name_zh="光盒摄影棚", kind="photo_studio", district="Xuhui",
                       cluster="West Bund", capacity=8, amenities=["green_screen", "wifi", "backdrops"],
                       requires_approval=True, managers=[manager],
                       description="A daylight studio with a cyclorama wall and a make-up room.",
                       description_zh="自然光摄影棚，配有无影墙和化妆间。")
    make_venue(name="River Museum", name_zh="江河博物馆", kind="museum", district="Huangpu", capacity=40)
    for user, day in ((manager, 2), (make_user(display_name="Lin Yue"), 3)):
        bookings.create_booking(user, {"venue_id": venue.id, "title": "Spring lookbook shoot",
                                       "start": datetime(2026, 12, day, 10),
                                       "end": datetime(2026, 12, day, 12)})
    db.session.commit()
    return manager, venue.id


def sign_in(page, base: str) -> None:
    page.goto(f"{base}/signin")
    page.locator("#email").fill("manager@example.com")
    page.locator("#password").fill("correct horse battery")
    page.locator("main button[type=submit]").click()
    page.wait_for_url(f"{base}/")


@pytest.mark.parametrize("language", ["en", "zh-CN"])
def test_pages_fit_a_phone_and_a_desktop(live_server, new_page, step, scene, language):
    manager, venue_id = scene
    manager.locale = language
    db.session.commit()
    folder = ARTIFACTS / "pages"
    folder.mkdir(parents=True, exist_ok=True)
    outside = []
    for width_name, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        page = new_page(locale=language, viewport=viewport)
        page.on("request", lambda request: outside.append(request.url)
                if not request.url.startswith(live_server) else None)
        sign_in(page, live_server)
        for path in PAGES:
            url = live_server + path.format(venue=venue_id)
            name = f"{language}-{width_name}-{path.strip('/').split('?')[0].replace('/', '_') or 'home'}"
            with step(page, name):
                page.goto(url)
                page.screenshot(path=str(folder / f"{name.replace('{venue}', 'venue')}.png"), full_page=True)
                overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
                assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at {viewport['width']}px"
        assert outside == []


def test_keyboard_reaches_the_content_and_every_field_has_a_label(live_server, new_page, step, scene):
    page = new_page()
    with step(page, "skip link"):
        page.goto(f"{live_server}/signup")
        page.keyboard.press("Tab")
        expect(page.get_by_role("link", name="Skip to content")).to_be_focused()
        page.keyboard.press("Enter")
        page.keyboard.press("Tab")
        expect(page.get_by_label("Your name")).to_be_focused()
    sign_in(page, live_server)
    for path in ("/", f"/venues/{scene[1]}/book", "/profile", f"/manage/venues/{scene[1]}"):
        with step(page, f"labels on {path}"):
            page.goto(live_server + path)
            unlabelled = page.evaluate("""() => [...document.querySelectorAll(
                'input:not([type=hidden]):not([type=submit]), select, textarea')]
                .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label'))
                .map(el => el.name || el.id)""")
            assert unlabelled == [], f"{path}: {unlabelled}"
