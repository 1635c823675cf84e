"""Phone numbers normalised to E.164 with Google's libphonenumber."""

from functools import lru_cache

import phonenumbers

from core.errors import InvalidPhoneNumber

DEFAULT_REGION = "ID"


# Parsing costs tens of microseconds, and the same numbers come back: every
# hop of a USSD session, every SMS of a conversation. Refusals are not cached.
@lru_cache(maxsize=8192)
def normalise_phone(raw: str | None, region: str = DEFAULT_REGION) -> str:
    """Return the E.164 form of a number ('0812...', '62812...', '+62 812-...').

    Raises InvalidPhoneNumber for anything libphonenumber does not accept as a
    valid number.
    """
    text = (raw or "").strip()
    if not text or len(text) > 32:
        raise InvalidPhoneNumber(text[:32])
    # Gateways and people drop the '+': '62812...' is an international number,
    # not a local one starting with 62.
    if text[0].isdigit() and text.startswith("62"):
        text = "+" + text
    try:
        parsed = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException as error:
        raise InvalidPhoneNumber(text) from error
    if not phonenumbers.is_valid_number(parsed):
        raise InvalidPhoneNumber(text)
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def mask_phone(e164: str) -> str:
    """Show only the last three digits, for places that must not reveal the number."""
    return "*" * max(len(e164) - 3, 0) + e164[-3:]
