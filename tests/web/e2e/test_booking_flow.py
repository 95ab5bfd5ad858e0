"""In a real browser: a creator books a photo studio, the manager approves it, the creator sees
it confirmed and downloads it for a calendar; the same in Chinese; a double booking is refused."""

import pytest
from playwright.sync_api import Page, expect

from app.extensions import db
from tests.factories import DEFAULT_PASSWORD

WORDS = {
    "en": {"browser": "en-GB", "name": "Your name", "email": "Email", "password": "Password",
           "create": "Create account", "kind": "Kind", "photo": "Photo studio", "search": "Search",
           "venue": "Light Box Studio", "wednesday": "Wed, Dec 2",
           "title": "What is it for?",
           "send": "Send request", "pending": "Waiting for approval", "sign_in": "Sign in",
           "requests": "Requests", "approve": "Approve", "approved": "Approved.", "confirmed": "Confirmed",
           "my_bookings": "My bookings", "ics": "Add to calendar (.ics)",
           "taken": "That time is already taken."},
    "zh-CN": {"browser": "zh-CN", "name": "你的名字", "email": "邮箱", "password": "密码",
              "create": "创建账号", "kind": "类型", "photo": "摄影棚", "search": "搜索",
              "venue": "光盒摄影棚", "wednesday": "12月2日周三", "title": "用途",
              "send": "提交申请", "pending": "等待审批", "sign_in": "登录",
              "requests": "待审批", "approve": "批准", "approved": "已批准。", "confirmed": "已确认",
              "my_bookings": "我的预订", "ics": "添加到日历 (.ics)",
              "taken": "该时段已被预订。"},
}


@pytest.fixture
def studio(make_venue, make_user):
    manager = make_user(role="manager", email="manager@example.com", display_name="Manager Wu")
    make_venue(name="River Museum", name_zh="江河博物馆", kind="museum")
    return make_venue(name="Light Box Studio", name_zh="光盒摄影棚", kind="photo_studio",
                      requires_approval=True, description="A daylight studio.",
                      description_zh="自然光摄影棚。", managers=[manager])


def register(page: Page, base: str, words: dict, email: str) -> None:
    page.goto(f"{base}/signup")
    page.get_by_label(words["name"]).fill("Lin Yue")
    page.get_by_label(words["email"]).fill(email)
    page.get_by_label(words["password"]).fill("studio-lights-42")
    page.get_by_role("button", name=words["create"]).click()


def find_studio(page: Page, words: dict) -> None:
    page.get_by_label(words["kind"]).select_option(label=words["photo"])
    page.get_by_role("button", name=words["search"]).click()
    page.get_by_role("link", name=words["venue"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(words["venue"])


def first_free_slot_on_wednesday(page: Page, words: dict):
    day = page.locator(".day").filter(has=page.get_by_role("heading", name=words["wednesday"]))
    return day.get_by_role("link").first


@pytest.mark.parametrize("language", ["en", "zh-CN"])
def test_creator_books_manager_approves_creator_sees_it_confirmed(live_server, new_page, step, studio,
                                                                   language, make_user):
    words = WORDS[language]
    creator = new_page(locale=words["browser"])
    with step(creator, "register"):
        register(creator, live_server, words, "lin@example.com")
    with step(creator, "find the photo studio"):
        find_studio(creator, words)
    with step(creator, "book a free slot"):
        first_free_slot_on_wednesday(creator, words).click()
        creator.get_by_label(words["title"]).fill("Lookbook")
        creator.get_by_role("button", name=words["send"]).click()
    with step(creator, "sees it pending"):
        booking = creator.locator("li[id^=booking-]").filter(has_text="Lookbook")
        expect(booking.locator(".status")).to_have_text(words["pending"])

    studio.managers[0].locale = language
    db.session.commit()
    manager = new_page(locale=words["browser"])
    with step(manager, "manager signs in"):
        manager.goto(f"{live_server}/signin")
        manager.get_by_label(words["email"]).fill("manager@example.com")
        manager.get_by_label(words["password"]).fill(DEFAULT_PASSWORD)
        manager.locator("main").get_by_role("button", name=words["sign_in"]).click()
    with step(manager, "approves the request"):
        manager.get_by_role("link", name=words["requests"]).click()
        request = manager.locator("article").filter(has_text="Lookbook")
        request.get_by_role("button", name=words["approve"], exact=True).click()
        expect(manager.locator(".flash")).to_have_text(words["approved"])

    with step(creator, "sees it confirmed"):
        creator.get_by_role("link", name=words["my_bookings"]).click()
        booking = creator.locator("li[id^=booking-]").filter(has_text="Lookbook")
        expect(booking.locator(".status")).to_have_text(words["confirmed"])
    with step(creator, "downloads the .ics"):
        link = booking.get_by_role("link", name=words["ics"])
        response = creator.request.get(live_server + link.get_attribute("href"))
        assert response.status == 200
        assert response.headers["content-type"].startswith("text/calendar")
        body = response.text()
        assert "BEGIN:VEVENT" in body and "STATUS:CONFIRMED" in body and "Lookbook" in body


def test_a_double_booking_attempt_shows_the_conflict(live_server, new_page, step, studio, make_user):
    words = WORDS["en"]
    make_user(email="first@example.com")
    slow, quick = new_page(), new_page()
    for page, email in ((slow, "second@example.com"), (quick, "quick@example.com")):
        with step(page, "register"):
            register(page, live_server, words, email)
    with step(slow, "opens the studio's free times"):
        find_studio(slow, words)
    with step(quick, "books the first Wednesday slot"):
        find_studio(quick, words)
        first_free_slot_on_wednesday(quick, words).click()
        quick.get_by_label(words["title"]).fill("Quick shoot")
        quick.get_by_role("button", name=words["send"]).click()
        expect(quick.locator(".status").first).to_have_text(words["pending"])
    with step(slow, "tries the same slot from the page it still shows"):
        first_free_slot_on_wednesday(slow, words).click()
        slow.get_by_label(words["title"]).fill("Slow shoot")
        slow.get_by_role("button", name=words["send"]).click()
        alert = slow.get_by_role("alert")
        expect(alert).to_contain_text(words["taken"])
        expect(alert.get_by_role("button", name="Tell me if this time frees up")).to_be_visible()
