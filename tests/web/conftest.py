"""Web page fixtures: compiled catalogues, a signed-in test client, and reading page text."""

import re
from html import unescape
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from app.auth.current import SESSION_USER_KEY

TRANSLATIONS = Path(__file__).resolve().parents[2] / "translations"


def compile_catalogues() -> None:
    """Compile every .po to .mo (they are build products, not in git), as `make venv` does."""
    for po_path in TRANSLATIONS.glob("*/LC_MESSAGES/messages.po"):
        with po_path.open("rb") as po_file:
            catalogue = read_po(po_file)
        with po_path.with_suffix(".mo").open("wb") as mo_file:
            write_mo(mo_file, catalogue)


@pytest.fixture(scope="session", autouse=True)
def compiled_catalogues():
    compile_catalogues()


@pytest.fixture
def sign_in_as(client):
    def sign_in(user):
        with client.session_transaction() as session:
            session[SESSION_USER_KEY] = user.id
        return client
    return sign_in


def page_text(response) -> str:
    """The visible text of a page, whitespace collapsed: what a reader sees."""
    html = response.get_data(as_text=True)
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html))).strip()
