"""GSM 03.38: the only place that knows which characters an SMS or USSD screen may hold.

A single character outside the GSM 7-bit basic set switches a whole SMS to
UCS-2 (70 characters instead of 160), so every outbound text passes through
`to_gsm` and every template is checked with `is_gsm_basic`.
"""

import math
import unicodedata

GSM_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
# Allowed by the standard but cost two characters each; we keep them out of
# our own templates and replace them in citizens' text.
GSM_EXTENSION = frozenset("^{}\\[~]|€")

SINGLE_SEGMENT = 160
MULTI_SEGMENT = 153

_REPLACEMENTS = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "`": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2033": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-",
    "\u2212": "-", "\u2026": "...", "\u2022": "-", "\u00b7": "-", "\u00b0": " derajat",
    "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\t": " ", "\u200b": "",
    "[": "(", "]": ")", "{": "(", "}": ")", "~": "-", "|": "/", "^": "", "\\": "/",
    "\u20ac": "EUR",
}


def is_gsm_basic(text: str) -> bool:
    """True when every character is in the GSM 7-bit basic set."""
    return all(char in GSM_BASIC for char in text)


def to_gsm(text: str) -> str:
    """Rewrite text into the GSM basic set: typography to ASCII, accents dropped, rest removed."""
    # Nearly every text already is (a USSD screen passes here on each hop): one
    # set test in C instead of a Python loop over its characters.
    if GSM_BASIC.issuperset(text):
        return text
    out = []
    for char in text:
        if char in GSM_BASIC:
            out.append(char)
        elif char in _REPLACEMENTS:
            out.append(_REPLACEMENTS[char])
        else:
            decomposed = unicodedata.normalize("NFKD", char)
            out.append("".join(c for c in decomposed if c in GSM_BASIC))
    return "".join(out)


def sms_segments(text: str) -> int:
    """Number of SMS parts a GSM basic-set text needs (0 for an empty text)."""
    if not text:
        return 0
    if len(text) <= SINGLE_SEGMENT:
        return 1
    return math.ceil(len(text) / MULTI_SEGMENT)


def shorten(text: str, limit: int) -> str:
    """Cut text to at most `limit` characters, ending with '...' when cut."""
    if len(text) <= limit:
        return text
    return text[: max(limit - 3, 0)].rstrip() + "..."
