"""In a real browser: register, sign out and in again, switch the language."""

from playwright.sync_api import expect


def test_register_sign_in_and_switch_language(live_server, new_page, step):
    page = new_page()
    with step(page, "register"):
        page.goto(f"{live_server}/signup")
        page.get_by_label("Your name").fill("Lin Yue")
        page.get_by_label("Email").fill("lin@example.com")
        page.get_by_label("Password").fill("studio-lights-42")
        page.get_by_role("button", name="Create account").click()
        expect(page.locator(".flash")).to_contain_text("Welcome, Lin Yue!")
    with step(page, "sign out"):
        page.get_by_role("button", name="Sign out").click()
        expect(page.locator(".flash")).to_contain_text("You are signed out.")
    with step(page, "sign in"):
        page.get_by_role("link", name="Sign in").first.click()
        page.get_by_label("Email").fill("lin@example.com")
        page.get_by_label("Password").fill("studio-lights-42")
        page.locator("main").get_by_role("button", name="Sign in").click()
        expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    with step(page, "switch to Chinese"):
        page.get_by_role("button", name="中文").click()
        expect(page.get_by_role("button", name="退出登录")).to_be_visible()
        expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    with step(page, "the choice is kept in the profile"):
        page.get_by_role("link", name="个人资料").click()
        expect(page.get_by_label("语言")).to_have_value("zh-CN")


def test_a_form_posted_from_another_site_is_refused(live_server, new_page, step, make_user):
    make_user(email="mei@example.com")
    page = new_page()
    with step(page, "forged sign-in form"):
        page.set_content(f"""<form method="post" action="{live_server}/signin">
            <input name="email" value="mei@example.com"><input name="password" value="x">
            <button>go</button></form>""")
        page.get_by_role("button", name="go").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("This form could not be accepted")
