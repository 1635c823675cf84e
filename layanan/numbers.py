"""Whole numbers from outside (URLs, query strings, forms, gateway callbacks), checked at the edge.

`str.isdigit()` accepts "²" and "٣", which `int()` then refuses or reads
as 3; and a number past what a column holds reaches the database, which
refuses it (SQLite beyond 2**63-1, PostgreSQL's INTEGER beyond 2**31-1).
Either way the request failed with a 500. Every number a channel takes
from a request goes through `whole_number` (or, in a route, the `int`
converter below), so that an odd value is simply "not a number": a 404 for
a path, the default or a form error for the rest.
"""

from werkzeug.routing import IntegerConverter, ValidationError
from wtforms import IntegerField

from core.db import LARGEST_INTEGER as LARGEST

# Digits worth reading: more is out of range anyway, and int() of thousands is slow.
MAX_DIGITS = len(str(LARGEST))


def whole_number(raw, *, largest: int = LARGEST) -> int | None:
    """`raw` as a whole number from 0 to `largest` written in ASCII digits, else None."""
    if isinstance(raw, int) and not isinstance(raw, bool):
        return raw if 0 <= raw <= largest else None
    if not isinstance(raw, str):
        return None
    text = raw.strip().lstrip("0") or raw.strip()[:1]
    if not text or len(text) > MAX_DIGITS or not (text.isascii() and text.isdigit()):
        return None
    number = int(text)
    return number if number <= largest else None


def form_number(raw) -> int:
    """A WTForms `coerce` for ids: a whole number in range; ValueError (a form error) if not."""
    number = whole_number(raw)
    if number is None:
        raise ValueError(f"not a whole number up to {LARGEST}")
    return number


class WholeNumberField(IntegerField):
    """An IntegerField for whole numbers in range (WTForms' NumberRange overflows on 20 digits)."""

    def process_formdata(self, valuelist):
        """Refuse, as a field error, what is not a whole number up to LARGEST."""
        if valuelist and str(valuelist[0]).strip() and whole_number(valuelist[0]) is None:
            self.data = None
            raise ValueError(self.gettext("Not a valid integer value."))
        super().process_formdata(valuelist)


class WholeNumberConverter(IntegerConverter):
    """The app's `<int:...>`: ASCII digits only and at most LARGEST, else the route is a 404."""

    regex = r"[0-9]+"

    def __init__(self, map, fixed_digits=0, min=None, max=LARGEST, signed=False):  # noqa: A002
        super().__init__(map, fixed_digits, min, max, signed)

    def to_python(self, value: str):
        """The number, after refusing a string too long to be in range (int() of it is slow)."""
        if len(value.lstrip("0")) > MAX_DIGITS:
            raise ValidationError()
        return super().to_python(value)


def bound_route_numbers(app) -> None:
    """Make every `<int:...>` of the app bounded; call it before any route is added."""
    app.url_map.converters["int"] = WholeNumberConverter
