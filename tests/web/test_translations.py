"""The Chinese catalogue is complete: every string of the pages and code is translated."""

from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po

from tests.web.conftest import TRANSLATIONS

ZH_CATALOGUE = TRANSLATIONS / "zh_Hans_CN" / "LC_MESSAGES" / "messages.po"
APP_WEB = TRANSLATIONS.parent / "app" / "web"


def _read(path):
    with path.open("rb") as file:
        return read_po(file)


def _extract(tmp_path):
    template = tmp_path / "messages.pot"
    CommandLineInterface().run(["pybabel", "-q", "extract", "-F", str(TRANSLATIONS / "babel.cfg"),
                                "-k", "_l", "--no-location", "-o", str(template), str(APP_WEB)])
    return _read(template)


def test_catalogue_covers_every_string_in_the_templates_and_code(tmp_path):
    extracted = {message.id for message in _extract(tmp_path) if message.id}
    translated = {message.id for message in _read(ZH_CATALOGUE) if message.id}
    assert sorted(map(str, extracted - translated)) == []


def test_no_string_is_left_untranslated_or_fuzzy():
    catalogue = _read(ZH_CATALOGUE)
    assert not catalogue.fuzzy
    untranslated = [message.id for message in catalogue
                    if message.id and (message.fuzzy or not message.string or
                                       (isinstance(message.string, tuple) and not all(message.string)))]
    assert untranslated == []


def test_the_template_in_git_matches_the_sources(tmp_path):
    extracted = {message.id for message in _extract(tmp_path) if message.id}
    committed = {message.id for message in _read(TRANSLATIONS / "messages.pot") if message.id}
    assert extracted == committed
