"""The one catalogue: complete, placeholders intact, and sendable by SMS in every language."""

import re

import pytest
from babel.messages.pofile import read_po

from core.gsm import is_gsm_basic
from core.i18n import TRANSLATIONS_DIR, in_language

PLACEHOLDER = re.compile(r"%\(\w+\)s")
CATALOGUES = sorted(TRANSLATIONS_DIR.glob("*/LC_MESSAGES/messages.po"))


def _messages(path):
    with path.open("rb") as po_file:
        return [message for message in read_po(po_file) if message.id]


def _texts(value) -> list[str]:
    """A message's id or string as a list: one text, or the forms of a plural (ngettext)."""
    return list(value) if isinstance(value, tuple | list) else [value]


def test_there_is_an_english_catalogue():
    """English is the second language of every channel."""
    assert [path.parts[-3] for path in CATALOGUES] == ["en"]


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda path: path.parts[-3])
def test_every_message_is_translated_with_its_placeholders(path):
    """No message falls back to Indonesian, and none loses or invents a placeholder."""
    for message in _messages(path):
        ids, strings = _texts(message.id), _texts(message.string)
        assert all(strings), f"untranslated: {message.id!r}"
        expected = sorted(PLACEHOLDER.findall(ids[-1]))
        for string in strings:
            assert sorted(PLACEHOLDER.findall(string)) == expected, message.id


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda path: path.parts[-3])
def test_every_text_is_gsm_basic_in_both_languages(path):
    """Any message may reach a feature phone, so source and translation are GSM 7-bit."""
    for message in _messages(path):
        for text in _texts(message.id) + _texts(message.string):
            assert is_gsm_basic(text), text


@pytest.mark.parametrize("language, english, expected", [
    ("en", "Birth certificate", "Birth certificate"),
    ("en", "", "Akta kelahiran"),
    ("id", "Birth certificate", "Akta kelahiran"),
])
def test_catalogue_text_in_english_falls_back_to_indonesian(language, english, expected):
    """English readers get the English text, or the Indonesian when there is none."""
    assert in_language(language, "Akta kelahiran", english) == expected
