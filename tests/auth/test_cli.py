"""`flask --app wsgi users create|deactivate`: accounts made and stopped from the command line."""

from sqlalchemy import select

from app.auth.models import User
from app.auth.passwords import password_matches
from app.extensions import db

GOOD_PASSWORD = "harbour lights at dusk"


def stored_user(email: str) -> User | None:
    db.session.expire_all()
    return db.session.scalar(select(User).where(User.email == email))


def test_create_an_admin_with_a_password_option(runner):
    result = runner.invoke(args=["users", "create", "Boss@Example.com", "--role", "admin",
                                 "--password", GOOD_PASSWORD])

    assert result.exit_code == 0, result.output
    assert "Created admin boss@example.com" in result.output
    admin = stored_user("boss@example.com")
    assert admin.role == "admin"
    assert admin.display_name == "Boss"
    assert password_matches(admin.password_hash, GOOD_PASSWORD)


def test_the_password_is_prompted_for_twice_when_not_given(runner):
    result = runner.invoke(args=["users", "create", "boss@example.com", "--role", "manager"],
                           input=f"{GOOD_PASSWORD}\n{GOOD_PASSWORD}\n")

    assert result.exit_code == 0, result.output
    assert GOOD_PASSWORD not in result.output
    assert stored_user("boss@example.com").role == "manager"


def test_mismatched_prompted_passwords_are_asked_again(runner):
    result = runner.invoke(args=["users", "create", "boss@example.com"],
                           input=f"{GOOD_PASSWORD}\ntypo\n{GOOD_PASSWORD}\n{GOOD_PASSWORD}\n")

    assert result.exit_code == 0, result.output
    assert "do not match" in result.output


def test_a_weak_password_is_refused_like_at_sign_up(runner):
    result = runner.invoke(args=["users", "create", "boss@example.com", "--password", "1234567890"])

    assert result.exit_code != 0
    assert "password: Too simple" in result.output
    assert stored_user("boss@example.com") is None


def test_a_bad_email_is_refused(runner):
    result = runner.invoke(args=["users", "create", "boss-at-example", "--password", GOOD_PASSWORD])

    assert result.exit_code != 0
    assert "email: Not a valid email address." in result.output


def test_a_duplicate_email_is_a_clear_error(runner, make_user):
    make_user(email="boss@example.com")

    result = runner.invoke(args=["users", "create", "BOSS@example.com", "--role", "admin",
                                 "--password", GOOD_PASSWORD])

    assert result.exit_code != 0
    assert "Error: An account with this email already exists." in result.output
    assert stored_user("boss@example.com").role == "creator"


def test_an_unknown_role_is_refused(runner):
    result = runner.invoke(args=["users", "create", "boss@example.com", "--role", "owner",
                                 "--password", GOOD_PASSWORD])

    assert result.exit_code != 0
    assert "owner" in result.output


def test_deactivate_stops_the_account(runner, make_user):
    make_user(email="gone@example.com")

    result = runner.invoke(args=["users", "deactivate", "gone@example.com"])

    assert result.exit_code == 0, result.output
    assert stored_user("gone@example.com").is_active is False


def test_deactivating_an_unknown_email_is_an_error(runner):
    result = runner.invoke(args=["users", "deactivate", "nobody@example.com"])

    assert result.exit_code != 0
    assert "No account with the email nobody@example.com." in result.output


def test_set_password_replaces_the_password(runner, make_user):
    make_user(email="li@example.com")

    result = runner.invoke(args=["users", "set-password", "li@example.com"],
                           input=f"{GOOD_PASSWORD}\n{GOOD_PASSWORD}\n")

    assert result.exit_code == 0, result.output
    assert password_matches(stored_user("li@example.com").password_hash, GOOD_PASSWORD)


def test_set_password_refuses_a_weak_password_and_unknown_emails(runner, make_user):
    make_user(email="li@example.com")

    weak = runner.invoke(args=["users", "set-password", "li@example.com", "--password", "1234567890"])
    unknown = runner.invoke(args=["users", "set-password", "nobody@example.com", "--password", GOOD_PASSWORD])

    assert weak.exit_code != 0 and "password: " in weak.output
    assert unknown.exit_code != 0 and "No account with the email nobody@example.com." in unknown.output
