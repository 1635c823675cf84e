"""The keyword table: what citizens type, and the handler and argument it comes to."""

import pytest

from sms.commands import HANDLERS
from sms.keywords import KEYWORDS, LANGUAGES, parse_command


@pytest.mark.parametrize(("text", "handler", "argument"), [
    ("LAPOR jalan rusak", "report", "jalan rusak"),
    ("REPORT broken road", "report", "broken road"),
    ("Lapor: jalan rusak", "report", "jalan rusak"),
    ("lapor-jalan rusak", "report", "jalan rusak"),
    ("  LaPoR   jalan   rusak  ", "report", "jalan   rusak"),
    ("LAPOR\njalan rusak\ndi desa", "report", "jalan rusak\ndi desa"),
    ("LAPOR", "report", ""),
    ("cek123456789", "status", "123456789"),
    ("CEK 123 456 789", "status", "123 456 789"),
    ("#cek#123456789", "status", "123456789"),
    ("status 123456789.", "status", "123456789."),
    ("  info   imunisasi", "info", "imunisasi"),
    ("LAYANAN akta", "info", "akta"),
    ("Info: KTP!", "info", "KTP!"),
    ("SKM 443434344", "survey", "443434344"),
    ("skm443434344", "survey", "443434344"),
    ("SKM", "survey", ""),
    ("Bahasa EN", "language", "EN"),
    ("language: id", "language", "id"),
    ("BERHENTI", "stop", ""),
    ("stop.", "stop", ""),
    ("Mulai", "start", ""),
    ("START", "start", ""),
    ("bantuan", "help", ""),
    ("MINTA imun pandian", "request", "imun pandian"),
    ("request: AKTALAHIR", "request", "AKTALAHIR"),
    ("mintaakta", "help", "mintaakta"),
    ("HELP!", "help", ""),
    ("*help*", "help", ""),
    ("443434344", "answer", "443434344"),
    ("4", "answer", "4"),
    (" 4 4 3 ", "answer", "4 4 3"),
    ("4x", "answer", "4x"),
    ("", "help", ""),
    ("   ", "help", ""),
    ("halo", "help", "halo"),
    ("\U0001F600", "help", "\U0001F600"),
    # Letters straight after a keyword make another word, never the keyword.
    ("INFORMASI jalan", "help", "INFORMASI jalan"),
    ("STOPKONTAK rusak", "help", "STOPKONTAK rusak"),
    ("3 hari jalan di desa kami rusak parah", "help", "3 hari jalan di desa kami rusak parah"),
])
def test_parse_command(text, handler, argument):
    """Case, spaces, punctuation and a missing space around the keyword do not matter."""
    assert parse_command(text) == (handler, argument)


def test_every_keyword_has_an_indonesian_and_an_english_word():
    """Each handler is reachable in both languages (SKM is the same word in both)."""
    by_handler = {}
    for word, handler in KEYWORDS.items():
        by_handler.setdefault(handler, []).append(word)
    assert {handler: len(words) for handler, words in by_handler.items()} == {
        "report": 2, "status": 2, "info": 2, "request": 2, "survey": 1, "language": 2,
        "stop": 2, "start": 2, "help": 2,
        # ANTRE, and the spellings ANTRIAN and ANTREAN people use; QUEUE.
        "queue": 4,
    }
    assert all(word.isascii() and word.isupper() for word in KEYWORDS)


def test_every_handler_named_by_the_table_exists():
    """The table and the handlers agree."""
    assert set(KEYWORDS.values()) | {"answer", "help"} == set(HANDLERS)
    assert set(LANGUAGES.values()) == {"id", "en"}
