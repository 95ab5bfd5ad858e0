"""Sign up, sign in and out, the profile and the language switch, in English and Chinese."""

import re

import pytest

from app.auth.models import User
from app.extensions import db
from tests.factories import DEFAULT_PASSWORD
from tests.web.conftest import page_text

ZH = {"Accept-Language": "zh-CN,zh;q=0.9"}


def test_sign_up_page_has_labelled_fields_in_english(client):
    response = client.get("/signup")
    text = page_text(response)
    assert response.status_code == 200
    assert "Create your account" in text
    html = response.get_data(as_text=True)
    for field in ("display_name", "email", "password"):
        assert f'<label for="{field}"' in html


def test_sign_up_page_is_in_chinese_for_a_chinese_browser(client):
    text = page_text(client.get("/signup", headers=ZH))
    assert "创建你的账号" in text
    assert "Create your account" not in text


def test_signing_up_creates_a_creator_signed_in_in_the_pages_language(client):
    response = client.post("/signup", headers=ZH, follow_redirects=True, data={
        "display_name": "Lin", "email": "Lin@Example.com", "password": "studio-lights-42"})
    user = db.session.scalar(db.select(User).where(User.email == "lin@example.com"))
    assert user.role == "creator"
    assert user.locale == "zh-CN"
    assert "欢迎，Lin！" in page_text(response)


def test_sign_up_shows_field_errors_instead_of_creating_an_account(client):
    response = client.post("/signup", data={"display_name": "Lin", "email": "not-an-email",
                                            "password": "aaaaaaaaaaaa"})
    text = page_text(response)
    assert response.status_code == 422
    assert "Enter a valid email address." in text
    assert "This password is too simple" in text
    assert db.session.scalar(db.select(db.func.count(User.id))) == 0


def test_sign_up_with_a_taken_email_says_so_in_chinese(client, make_user):
    make_user(email="taken@example.com")
    response = client.post("/signup", headers=ZH, data={
        "display_name": "Lin", "email": "taken@example.com", "password": "studio-lights-42"})
    assert response.status_code == 422
    assert "该邮箱已注册账号。" in page_text(response)


def test_sign_in_then_out(client, make_user):
    make_user(email="mei@example.com", display_name="Mei")
    response = client.post("/signin", data={"email": "mei@example.com", "password": DEFAULT_PASSWORD},
                           follow_redirects=True)
    assert "Sign out" in page_text(response)
    response = client.post("/signout", follow_redirects=True)
    text = page_text(response)
    assert "You are signed out." in text
    assert "Sign out" not in text


def test_sign_in_with_a_wrong_password_is_refused_readably(client, make_user):
    make_user(email="mei@example.com")
    response = client.post("/signin", headers=ZH, data={"email": "mei@example.com", "password": "nope"})
    assert response.status_code == 422
    assert "邮箱或密码错误。" in page_text(response)


def test_sign_in_returns_to_the_page_asked_for_but_never_off_site(client, make_user):
    make_user(email="mei@example.com")
    credentials = {"email": "mei@example.com", "password": DEFAULT_PASSWORD}
    response = client.post("/signin", data={**credentials, "next": "/profile"})
    assert response.headers["Location"] == "/profile"
    client.post("/signout")
    response = client.post("/signin", data={**credentials, "next": "//evil.example/steal"})
    assert response.headers["Location"] == "/"


def test_profile_needs_a_signed_in_user(client):
    response = client.get("/profile")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/signin?next=/profile")


@pytest.mark.parametrize("locale, heading", [("en", "Your profile"), ("zh-CN", "你的个人资料")])
def test_profile_page_in_both_languages(sign_in_as, make_user, locale, heading):
    client = sign_in_as(make_user(locale=locale))
    text = page_text(client.get("/profile"))
    assert heading in text


def test_saving_the_profile_changes_language_time_zone_and_reminders(sign_in_as, make_user):
    user = make_user()
    client = sign_in_as(user)
    response = client.post("/profile", follow_redirects=True, data={
        "display_name": "Mei Chen", "locale": "zh-CN", "timezone": "Europe/Paris",
        "reminder_minutes": ["30", "1440"]})
    db.session.refresh(user)
    assert (user.display_name, user.locale, user.timezone) == ("Mei Chen", "zh-CN", "Europe/Paris")
    assert user.reminder_minutes == [1440, 30]
    assert "个人资料已保存。" in page_text(response)


def test_profile_refuses_an_unknown_time_zone(sign_in_as, make_user):
    user = make_user()
    response = sign_in_as(user).post("/profile", data={
        "display_name": "Mei", "locale": "en", "timezone": "Mars/Olympus", "reminder_minutes": ["60"]})
    assert response.status_code == 422
    assert "Unknown time zone" in page_text(response)
    db.session.refresh(user)
    assert user.timezone == "Asia/Shanghai"


def test_profile_keeps_reminder_times_set_through_the_api(sign_in_as, make_user):
    client = sign_in_as(make_user(reminder_minutes=[45]))
    html = client.get("/profile").get_data(as_text=True)
    assert re.search(r'<input checked [^>]*value="45"', html)


def test_language_switch_for_a_visitor_is_kept_in_the_session(client):
    response = client.post("/language", data={"locale": "zh-CN", "next": "/signin"})
    assert response.headers["Location"] == "/signin"
    assert "登录" in page_text(client.get("/signin"))
    client.post("/language", data={"locale": "en"})
    assert "Sign in" in page_text(client.get("/signin", headers=ZH))


def test_language_switch_for_a_user_changes_the_profile(sign_in_as, make_user):
    user = make_user(locale="en")
    sign_in_as(user).post("/language", data={"locale": "zh-CN"})
    db.session.refresh(user)
    assert user.locale == "zh-CN"


def test_every_page_has_the_language_switch(client):
    html = client.get("/signin").get_data(as_text=True)
    assert 'name="locale" value="zh-CN"' in html
    assert 'name="locale" value="en"' in html


@pytest.mark.parametrize("password, message", [
    ("qwertyuiop", "密码过于简单：连续相邻的按键很容易被猜到。"),
    ("password2026!", "密码过于常见"),
    ("lin-studio-lights", "密码不能包含你的邮箱地址。"),
])
def test_guessable_passwords_are_refused_with_the_apis_rules_in_chinese(client, password, message):
    response = client.post("/signup", headers=ZH, data={
        "display_name": "Lin", "email": "lin-studio@example.com", "password": password})
    assert response.status_code == 422
    assert message in page_text(response)


@pytest.mark.parametrize("path, english, chinese", [
    ("/signin", "New here? Create an account", "第一次来？ 创建账号"),
    ("/signup", "Already have an account? Sign in", "已有账号？ 登录"),
])
def test_sign_in_and_sign_up_pages_in_both_languages(client, path, english, chinese):
    assert english in page_text(client.get(path))
    assert chinese in page_text(client.get(path, headers=ZH))
