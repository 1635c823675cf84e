"""Phone numbers: every way a citizen writes one becomes one E.164 number and one citizen."""

import pytest
from sqlalchemy import func, select

from core.citizens.registry import citizen_for_phone, set_citizen_language
from core.errors import InvalidPhoneNumber
from core.models import Citizen
from core.phones import mask_phone, normalise_phone

E164 = "+6281234567890"

WRITTEN_FORMS = [
    "0812-3456-7890",
    "081234567890",
    "6281234567890",
    "+62 812-3456-7890",
    "+62 (812) 3456 7890",
]

NOT_PHONE_NUMBERS = [
    "",
    "   ",
    None,
    "123",
    "abc",
    "+1 555",
    "08",
    "0812345678901234567890123456789012345678",  # 40 characters
]


@pytest.mark.parametrize("raw", WRITTEN_FORMS)
def test_every_written_form_normalises_to_e164(raw):
    """Local, international without '+' and spaced or bracketed forms all give E.164."""
    assert normalise_phone(raw) == E164


@pytest.mark.parametrize("raw", NOT_PHONE_NUMBERS)
def test_invalid_numbers_are_refused(raw):
    """Text that is not a valid phone number raises InvalidPhoneNumber."""
    with pytest.raises(InvalidPhoneNumber):
        normalise_phone(raw)


def test_local_international_and_plus_forms_are_one_citizen(session):
    """The 08..., 62... and +62 ... forms of one number resolve to a single citizen row."""
    citizens = [
        citizen_for_phone(session, raw)
        for raw in ("0812-3456-7890", "6281234567890", "+62 812-3456-7890")
    ]
    assert {citizen.id for citizen in citizens} == {citizens[0].id}
    assert citizens[0].phone == E164
    assert session.scalar(select(func.count()).select_from(Citizen)) == 1


@pytest.mark.parametrize(("asked", "stored"), [("en", "en"), ("EN-us", "en"), ("id", "id"),
                                               ("fr", "id"), (None, "id")])
def test_first_contact_language_falls_back_to_indonesian(session, asked, stored):
    """A citizen's language is a supported code, Indonesian when unknown."""
    assert citizen_for_phone(session, "081234567890", asked).language == stored


def test_set_language_keeps_the_same_citizen(session):
    """Changing the language by another written form updates the one existing row."""
    citizen = citizen_for_phone(session, "081234567890")
    updated = set_citizen_language(session, phone="6281234567890", language="en")
    assert (updated.id, updated.language) == (citizen.id, "en")
    assert session.scalar(select(func.count()).select_from(Citizen)) == 1


def test_mask_phone_shows_last_three_digits():
    """Masked numbers keep their length and reveal only the last three digits."""
    assert mask_phone(E164) == "*" * 11 + "890"
