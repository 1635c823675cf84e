"""Checks of catalogue values, shared by the back office's forms and the catalogue import.

Each check returns the tidy value or raises `FieldError`: an `InvalidInput`
that also says why, so a form puts the reason next to its field and an
import report gives it for the row.
"""

import re
from datetime import date

from core.errors import InvalidInput
from core.i18n import N_

SLUG = re.compile(r"[a-z0-9][a-z0-9-]*")
CATEGORY_CODE = re.compile(r"[a-z][a-z0-9_]*")
# The SMS keyword: upper-case ASCII letters and digits.
SERVICE_CODE = re.compile(r"[A-Z0-9]+")
PHONE = re.compile(r"\+?[0-9][0-9 -]*")
MAX_SLUG = 40
MAX_SERVICE_CODE = 12

REQUIRED = N_("Wajib diisi.")
TOO_LONG = N_("Terlalu panjang: paling banyak %(limit)d karakter.")
BAD_FORMAT = N_("Format tidak sesuai.")
NOT_A_CHOICE = N_("Bukan pilihan yang tersedia.")
UNKNOWN = N_("Tidak ditemukan.")
OUT_OF_RANGE = N_("Harus bilangan bulat dari %(low)d sampai %(high)d.")


class FieldError(InvalidInput):
    """A value the catalogue refuses: detail names the field, message says why."""

    def __init__(self, field: str, reason: str = InvalidInput.message, **params: int):
        super().__init__(field)
        self.field = field
        self.message = reason
        self.params = params


def text(value, field: str, *, limit: int, required: bool = True) -> str:
    """Stripped text within its limit; required text may not be blank."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise FieldError(field, BAD_FORMAT)
    value = value.strip()
    if required and not value:
        raise FieldError(field, REQUIRED)
    if len(value) > limit:
        raise FieldError(field, TOO_LONG, limit=limit)
    return value


def pattern(value, field: str, *, regex: re.Pattern, limit: int) -> str:
    """Text that must match a format in full (codes, slugs, phones)."""
    value = text(value, field, limit=limit)
    if not regex.fullmatch(value):
        raise FieldError(field, BAD_FORMAT)
    return value


def optional_phone(value, field: str) -> str:
    """A phone or WhatsApp number as printed on a sign, or ''."""
    value = text(value, field, limit=20, required=False)
    if value and not PHONE.fullmatch(value):
        raise FieldError(field, BAD_FORMAT)
    return value


def number(value, field: str, *, low: int, high: int) -> int:
    """A whole number within bounds (a digit string from a form counts)."""
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise FieldError(field, OUT_OF_RANGE, low=low, high=high)
    return value


def coordinate(value, field: str, *, bound: float) -> float | None:
    """A latitude or longitude in degrees, or None."""
    if value is None or value == "":
        return None
    try:
        degrees = float(value)
    except (TypeError, ValueError):
        raise FieldError(field, BAD_FORMAT) from None
    if isinstance(value, bool) or not -bound <= degrees <= bound:
        raise FieldError(field, BAD_FORMAT)
    return degrees


def day(value, field: str, *, required: bool = True) -> date | None:
    """A date, or its ISO text (2026-01-05)."""
    if value is None or value == "":
        if required:
            raise FieldError(field, REQUIRED)
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        raise FieldError(field, N_("Tanggal tidak valid (TTTT-BB-HH).")) from None


def choice(value, field: str, *, choices) -> str:
    """One of a fixed set of codes."""
    if value not in choices:
        raise FieldError(field, NOT_A_CHOICE)
    return value


def keywords(value, field: str, *, limit: int) -> str:
    """Synonyms as a list or comma-separated text, stored comma-separated, without repeats."""
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        raise FieldError(field, BAD_FORMAT)
    words = list(dict.fromkeys(word.strip().lower() for word in value if word.strip()))
    joined = ", ".join(words)
    if len(joined) > limit:
        raise FieldError(field, TOO_LONG, limit=limit)
    return joined
