"""The SMS keywords as data: the first word of a message picks its handler.

Indonesian first, English aliases beside them. Matching ignores case, leading
spaces and punctuation, and a missing space after the keyword
("cek123456789", "Lapor: jalan rusak", "  info   imunisasi").
"""

import re
from typing import NamedTuple

KEYWORDS = {
    "LAPOR": "report",
    "REPORT": "report",
    "CEK": "status",
    "STATUS": "status",
    "INFO": "info",
    "LAYANAN": "info",
    "MINTA": "request",
    "REQUEST": "request",
    "SKM": "survey",
    "ANTRE": "queue",
    "ANTRIAN": "queue",
    "ANTREAN": "queue",
    "QUEUE": "queue",
    "BAHASA": "language",
    "LANGUAGE": "language",
    "BERHENTI": "stop",
    "STOP": "stop",
    "MULAI": "start",
    "START": "start",
    "BANTUAN": "help",
    "HELP": "help",
}
# The word after BAHASA / LANGUAGE.
LANGUAGES = {
    "ID": "id",
    "IND": "id",
    "INDONESIA": "id",
    "EN": "en",
    "ENG": "en",
    "ENGLISH": "en",
    "INGGRIS": "en",
}
# Without a keyword: a short reply starting with a digit answers an open
# survey ("4", "4 4 3"); anything else gets the help text.
ANSWER = "answer"
HELP = "help"
MAX_ANSWER = 20

# Leading punctuation or spaces, then the first run of ASCII letters. Letters
# straight after a keyword belong to it ("LAPORjalan" is not LAPOR), so a
# word like INFORMASI never reads as INFO.
_FIRST_WORD = re.compile(r"[\W_]*([A-Za-z]+)")
# What people put between a keyword and its argument: "LAPOR: ...", "CEK#123".
_AFTER_KEYWORD = " \t\r\n:;,.!?-#*=/"


class Command(NamedTuple):
    """The handler a message asks for and the text after its keyword."""

    handler: str
    argument: str


def parse_command(text: str) -> Command:
    """Find the keyword of a message; the argument keeps the rest as the citizen wrote it."""
    text = text or ""
    match = _FIRST_WORD.match(text)
    if match and match.group(1).upper() in KEYWORDS:
        rest = text[match.end():].lstrip(_AFTER_KEYWORD)
        return Command(KEYWORDS[match.group(1).upper()], rest.rstrip())
    stripped = text.strip()
    if stripped[:1].isdigit() and len(stripped) <= MAX_ANSWER:
        return Command(ANSWER, stripped)
    return Command(HELP, stripped)
