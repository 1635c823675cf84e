"""A dropped journey is offered again on the next dial, with what was entered kept."""

import pytest
from sqlalchemy import select

from core.i18n import translate
from core.models import Ticket
from tests.ussd.conftest import Phone
from ussd.journey import COMPLAINT, REQUEST, SURVEY

OFFER = "Isian %(journey)s belum selesai. Lanjutkan?"


def _offer(journey):
    return translate("id", OFFER, journey=translate("id", journey))


def _start_complaint(phone):
    """Type, category, unit chosen and the description typed: then the line drops.

    The next screen asks where it happened (the unit's kecamatan first).
    """
    phone.dial()
    return phone.send("2", "1", "1", "3", "Obat habis*sudah seminggu")


@pytest.mark.parametrize("drop", ["timeout", "Incomplete", "Failed"])
def test_dropped_complaint_is_resumed_with_its_text(demo, phone, drop):
    """Silence or an Incomplete/Failed event: the next dial continues where the citizen was."""
    before = _start_complaint(phone)
    first_session = phone.session_id
    if drop != "timeout":
        phone.hang_up(drop)
    assert phone.dial() == "CON " + _offer(COMPLAINT) + "\n1 Lanjutkan\n2 Mulai baru"
    assert phone.send("1") == before
    # Where it happened skipped, privacy "biasa": the confirmation shows the text kept.
    assert "Obat habis*sudah seminggu" in phone.send("3", "1")
    assert phone.send("1").startswith("END ")
    # Filed under the session the journey began in, so a second resume cannot file again.
    ticket = demo.scalars(select(Ticket).where(Ticket.client_key == first_session)).one()
    assert ticket.description == "Obat habis*sudah seminggu" and ticket.anonymous is False


def test_back_still_works_after_resuming(demo, phone):
    """The screens before the drop are still there to go back to."""
    _start_complaint(phone)
    phone.dial()
    phone.send("1")
    assert translate("id", "Tulis laporan Anda singkat:") in phone.send("0")


def test_starting_afresh_forgets_the_dropped_journey(demo, phone):
    """'Mulai baru' shows the menu, and the journey is not offered again."""
    _start_complaint(phone)
    phone.dial()
    assert translate("id", REQUEST) in phone.send("2")
    assert translate("id", REQUEST) in phone.dial()


def test_an_unanswered_offer_is_made_again(demo, phone):
    """Dropping on the offer itself keeps the journey for the next dial."""
    _start_complaint(phone)
    assert _offer(COMPLAINT) in phone.dial()
    phone.hang_up()
    assert _offer(COMPLAINT) in phone.dial()
    assert "Obat habis" in phone.send("1", "3", "1")


def test_survey_answers_are_kept(demo, phone):
    """A survey dropped at question 4 continues at question 4."""
    phone.dial()
    question_4 = phone.send("4", "disduk", "4", "4", "4")
    phone.hang_up()
    assert _offer(SURVEY) in phone.dial()
    assert phone.send("1") == question_4


@pytest.mark.parametrize("path", [
    [],                 # only the main menu seen
    ["1"],              # nothing entered yet
    ["3"],              # checking a ticket holds nothing worth keeping
    ["5", "1", "1"],    # service information
])
def test_nothing_to_resume(demo, phone, path):
    """No offer when nothing was entered."""
    phone.dial()
    if path:
        phone.send(*path)
    assert translate("id", REQUEST) in phone.dial()


def test_a_finished_journey_is_not_offered(demo, phone):
    """A session that ended with END has nothing to resume."""
    phone.dial()
    phone.send("1", "1", "2", "1", "1")
    phone.hang_up("Success")
    assert translate("id", REQUEST) in phone.dial()


def test_the_offer_lapses_after_ten_minutes(demo, phone, age_sessions):
    """A journey dropped more than 10 minutes ago starts afresh."""
    _start_complaint(phone)
    age_sessions(11)
    assert translate("id", REQUEST) in phone.dial()


def test_the_offer_stands_at_nine_minutes(demo, phone, age_sessions):
    """Within the 10 minutes the journey is still offered."""
    _start_complaint(phone)
    age_sessions(9)
    assert phone.dial() == "CON " + _offer(COMPLAINT) + "\n1 Lanjutkan\n2 Mulai baru"


def test_another_phone_is_not_offered_the_journey(demo, phone, client):
    """Only the same phone number may continue a journey."""
    _start_complaint(phone)
    assert translate("id", REQUEST) in Phone(client, "+6281234500008").dial()
