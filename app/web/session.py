"""Signing in and out with the session cookie, and pages that need a signed-in user."""

from collections.abc import Callable
from functools import wraps
from urllib.parse import urlsplit

from flask import redirect, request, session, url_for

from app.auth.current import SESSION_USER_KEY, current_user
from app.auth.models import User


def sign_in(user: User) -> None:
    # A fresh session on sign-in, so a session id planted before cannot be taken over.
    session.clear()
    session[SESSION_USER_KEY] = user.id
    session.permanent = True


def sign_out() -> None:
    session.clear()


def safe_next(target: str | None) -> str | None:
    """`target` if it is a path on this site, else None (no open redirects)."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


def login_required(view: Callable) -> Callable:
    @wraps(view)
    def wrapper(*args, **kwargs):
        if current_user() is None:
            return redirect(url_for("web.account.sign_in", next=request.full_path.rstrip("?")))
        return view(*args, **kwargs)
    return wrapper
