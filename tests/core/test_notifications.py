"""Citizen notifications: one short GSM-7 SMS per step, in the citizen's language."""

import pytest
from sqlalchemy import select

from core.citizens.registry import citizen_for_phone, set_citizen_language, set_citizen_opt_out
from core.errors import TransitionNotAllowed
from core.gsm import is_gsm_basic, sms_segments
from core.messaging.outbox import queue_message
from core.models import OutboundMessage
from core.tickets.actions import MAX_NOTE, apply_ticket_action
from core.tickets.lifecycle import ACTIONS
from core.tickets.notifications import render_fitted
from core.tickets.numbers import grouped_ticket_number
from tests.factories import make_complaint, make_request, make_unit

NOTIFYING = [name for name, rule in ACTIONS.items() if rule.notification]
WITH_NOTE = [name for name in NOTIFYING if "%(note)s" in ACTIONS[name].notification]
PHONE = "081234567890"
# A ticket number as every SMS shows it, two spaces longer than the digits.
SHOWN = grouped_ticket_number("123456789")

# Typography and emoji that would each force an SMS into UCS-2.
MESSY = "\u201cObat\u201d sudah \u2014 tiba\u2026 \u2018cek\u2019 \U0001F600\u00a0ok. "
LONG_NOTE = (MESSY * 100)[:3000]


def ticket_for_action(session, action):
    """A complaint (of a type the action suits) put into the first status it is allowed from."""
    types = ACTIONS[action].ticket_types
    ticket = make_complaint(session, phone=PHONE, complaint_type=types[0] if types else "pengaduan")
    ticket.status = next(iter(ACTIONS[action].transitions))
    session.commit()
    return ticket


def act(session, ticket, action, note="Catatan petugas."):
    """Take an action as its proper actor."""
    rule = ACTIONS[action]
    to_unit_id = make_unit(session).id if rule.needs_unit else None
    return apply_ticket_action(session, ticket_id=ticket.id, action=action, actor=rule.actor,
                               note=note, to_unit_id=to_unit_id)


def messages(session, **filters):
    """Outbound messages, oldest first, optionally filtered by column values."""
    return list(session.scalars(select(OutboundMessage).filter_by(**filters)
                                .order_by(OutboundMessage.id)))


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("action", NOTIFYING)
def test_each_notifying_action_queues_one_status_sms(session, action, language):
    """The citizen gets exactly one status SMS per step, in their language and GSM-7."""
    set_citizen_language(session, phone=PHONE, language=language)
    ticket = ticket_for_action(session, action)
    receipts = len(messages(session))
    act(session, ticket, action)
    new = messages(session)[receipts:]
    assert len(new) == 1
    sms = new[0]
    assert (sms.purpose, sms.status, sms.language) == ("status", "queued", language)
    assert (sms.ticket_id, sms.phone) == (ticket.id, "+6281234567890")
    assert grouped_ticket_number(ticket.number) in sms.text
    assert is_gsm_basic(sms.text)
    assert 1 <= sms_segments(sms.text) <= 2


@pytest.mark.parametrize("action", WITH_NOTE)
def test_long_messy_note_still_fits_two_gsm_parts(session, action):
    """A maximal officer note of curly quotes and emoji is cleaned and shortened to two parts."""
    ticket = ticket_for_action(session, action)
    receipts = len(messages(session))
    act(session, ticket, action, note=LONG_NOTE[:MAX_NOTE])
    (sms,) = messages(session)[receipts:]
    assert is_gsm_basic(sms.text)
    assert sms_segments(sms.text) == 2
    assert grouped_ticket_number(ticket.number) in sms.text
    assert sms.text.endswith("...")
    assert '"Obat" sudah - tiba... \'cek\'' in sms.text


@pytest.mark.parametrize("template", [ACTIONS[name].notification for name in WITH_NOTE])
def test_render_fits_a_3000_character_note_into_two_parts(template):
    """Rendering itself shortens any note, however long, to two GSM-7 parts."""
    text = render_fitted("id", template, field="note", value=LONG_NOTE, ticket=SHOWN,
                         due="-", unit="Unit")
    assert is_gsm_basic(text)
    assert sms_segments(text) == 2
    assert SHOWN in text


def test_failed_transition_queues_nothing(session):
    """A refused action sends the citizen nothing."""
    ticket = ticket_for_action(session, "verify")
    ticket.status = "completed"
    session.commit()
    before = len(messages(session))
    with pytest.raises(TransitionNotAllowed):
        act(session, ticket, "verify")
    assert len(messages(session)) == before


def test_citizen_response_queues_nothing(session):
    """The citizen's own answer is not echoed back by SMS."""
    ticket = ticket_for_action(session, "respond")
    before = len(messages(session))
    act(session, ticket, "respond", note="Masih belum selesai.")
    assert ticket.status == "in_progress"
    assert len(messages(session)) == before


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("make", [make_request, make_complaint])
def test_new_ticket_queues_one_receipt_in_the_citizens_language(session, make, language):
    """Filing a ticket queues exactly one receipt with its number, GSM-7, in the language."""
    set_citizen_language(session, phone=PHONE, language=language)
    ticket = make(session, phone=PHONE)
    (receipt,) = messages(session)
    assert (receipt.purpose, receipt.status, receipt.language) == ("receipt", "queued", language)
    assert grouped_ticket_number(ticket.number) in receipt.text
    assert ticket.due_on.strftime("%d/%m/%Y") in receipt.text
    assert is_gsm_basic(receipt.text)
    assert sms_segments(receipt.text) <= 2


def test_opted_out_citizen_still_gets_ticket_news(session):
    """Opting out stops surveys, not the news about one's own ticket."""
    set_citizen_opt_out(session, phone=PHONE, opted_out=True)
    make_request(session, phone=PHONE)
    assert [m.status for m in messages(session)] == ["queued"]


@pytest.mark.parametrize(("purpose", "opted_out", "status"), [
    ("reply", True, "queued"),
    ("status", True, "queued"),
    ("otp", True, "queued"),
    ("survey", True, "suppressed"),
    ("announcement", True, "suppressed"),
    ("survey", False, "queued"),
    ("announcement", False, "queued"),
])
def test_opt_out_suppresses_only_non_essential_messages(session, purpose, opted_out, status):
    """Surveys and announcements to opted-out citizens are kept but never sent."""
    citizen = citizen_for_phone(session, PHONE)
    set_citizen_opt_out(session, phone=PHONE, opted_out=opted_out)
    message = queue_message(session, citizen=citizen, text="Isi survei SKM.", purpose=purpose)
    session.commit()
    assert messages(session, purpose=purpose)[0].status == status
    assert message.status == status


def test_queue_message_cleans_text_to_gsm(session):
    """Whatever text is queued, what is stored is GSM basic."""
    citizen = citizen_for_phone(session, PHONE)
    message = queue_message(session, citizen=citizen, text=MESSY, purpose="reply")
    assert message.text == "\"Obat\" sudah - tiba... 'cek'  ok. "
    assert is_gsm_basic(message.text)


@pytest.mark.parametrize("action", ["verify", "start"])
def test_an_officers_note_goes_into_every_notifying_sms(session, action):
    """Verify and start carry the note 'to the citizen' too; without one the SMS is unchanged."""
    with_note, without = ticket_for_action(session, action), ticket_for_action(session, action)
    act(session, with_note, action, note="Petugas datang Kamis pagi.")
    act(session, without, action, note="")
    texts = {m.ticket_id: m.text for m in messages(session, purpose="status")}
    assert texts[with_note.id].endswith("Petugas datang Kamis pagi.")
    assert not texts[without.id].endswith(" ") and "Kamis" not in texts[without.id]


def test_every_officer_action_that_notifies_carries_the_note():
    """No notifying action an officer takes leaves the note out of the SMS."""
    for name, rule in ACTIONS.items():
        if rule.notification and rule.actor == "officer":
            assert "%(note)s" in rule.notification, name
