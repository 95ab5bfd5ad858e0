"""What makes a password acceptable, and hashing it with a standard KDF (scrypt)."""

from flask import current_app
from werkzeug.security import check_password_hash, generate_password_hash

PASSWORD_MIN_LENGTH = 10
PASSWORD_MAX_LENGTH = 200
MIN_DISTINCT_CHARACTERS = 4
# Rows people slide along on a keyboard, and the alphabet and digits in order.
_RUNS = ("abcdefghijklmnopqrstuvwxyz", "0123456789", "1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm")
_COMMON_WORDS = ("password", "passwort", "letmein", "welcome", "iloveyou", "admin", "qwerty", "woaini")


def password_problem(password: str, email: str | None = None) -> str | None:
    """Why this password would be easy to guess, or None when it is acceptable."""
    lowered = password.lower()
    if len(password) < PASSWORD_MIN_LENGTH:
        return f"Use at least {PASSWORD_MIN_LENGTH} characters."
    if len(password) > PASSWORD_MAX_LENGTH:
        return f"Use at most {PASSWORD_MAX_LENGTH} characters."
    if len(set(lowered)) < MIN_DISTINCT_CHARACTERS:
        return "Too simple: use more different characters."
    if _is_keyboard_run(lowered):
        return "Too simple: a run of neighbouring keys is easy to guess."
    if _letters_only(lowered) in _COMMON_WORDS:
        return "Too common: a well-known word with digits or symbols added is easy to guess."
    if email and _contains_email_name(lowered, email):
        return "Must not contain your email address."
    return None


def _is_keyboard_run(lowered: str) -> bool:
    for run in _RUNS:
        cycle = run * (len(lowered) // len(run) + 2)
        if lowered in cycle or lowered in cycle[::-1]:
            return True
    return False


def _letters_only(lowered: str) -> str:
    return "".join(character for character in lowered if character.isalpha())


def _contains_email_name(lowered: str, email: str) -> bool:
    name = email.split("@")[0].lower()
    return len(name) >= 4 and name in lowered


def hash_password(password: str) -> str:
    """A salted scrypt hash; PASSWORD_HASH_METHOD sets its cost (the tests make it cheap)."""
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


def password_matches(password_hash: str, password: str) -> bool:
    return check_password_hash(password_hash, password)
