"""Typing the first letters of a name instead of its number on a list screen.

A feature phone's keypad writes letters too (multi-tap or T9), and "pand" is
one input where paging to Puskesmas Pandian among 30 puskesmas takes five.
An input with a letter in it is a name being typed; digits keep their
meaning (numbers, 0, 00 and 98). A name matches when one of its words, with
the words after it, starts with what was typed: "pand" and "kota sum" both
find "Puskesmas Kota Sumenep (Pandian)", whatever the case or accents.
"""

import re
import unicodedata
from functools import lru_cache

# Longer than any name worth typing on a keypad: longer input is not a name.
MAX_TYPED = 30
# Words that start many names and tell them apart from nothing.
GENERIC_WORDS = frozenset({
    "puskesmas", "pustu", "kantor", "kecamatan", "kec", "desa", "kelurahan", "dinas", "uptd",
    "rsud", "upt", "rumah", "sakit", "unit", "kabupaten", "kab", "layanan", "loket", "mal",
    "pelayanan", "instalasi",
})


def typed_name(choice: str) -> str | None:
    """The name typed, normalised, when the input has a letter in it; else None."""
    if len(choice) > MAX_TYPED or not any(c.isascii() and c.isalpha() for c in choice):
        return None
    return normalise(choice) or None


@lru_cache(maxsize=8192)
def normalise(text: str) -> str:
    """Lower case ASCII words separated by single spaces: accents and punctuation dropped."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    # "Ra'as" is typed "raas"; other punctuation separates words ("Guluk-Guluk").
    return " ".join(re.sub(r"[^a-z0-9]+", " ", re.sub(r"['`]", "", plain)).split())


@lru_cache(maxsize=8192)
def _tails(name: str) -> tuple[str, ...]:
    """The name from each of its words to the end."""
    words = normalise(name).split()
    return tuple(" ".join(words[index:]) for index in range(len(words)))


def matches(typed: str, name: str) -> bool:
    """Whether a word of the name (with the words after it) starts with the typed text."""
    return any(tail.startswith(typed) for tail in _tails(name))


def distinctive(name: str) -> str:
    """The name without the generic words it starts with: what a citizen would type."""
    words = normalise(name).split()
    while len(words) > 1 and words[0] in GENERIC_WORDS:
        words = words[1:]
    return " ".join(words)
