"""MINTA <layanan> [unit]: requesting a service by SMS, with typos, synonyms and a choice."""

import pytest
from sqlalchemy import select

from core.gsm import is_gsm_basic, sms_segments
from core.models import Ticket
from core.tickets.numbers import grouped_ticket_number
from sms import replies
from tests.search_catalogue import make_search_catalogue
from tests.sms.test_inbound import count, outbox, post, render, reply_texts, rows


@pytest.fixture
def catalogue(session):
    """Sumenep-shaped services, health offered at Dinkes and two puskesmas."""
    return make_search_catalogue(session)


def tickets(session):
    """Every ticket, oldest first."""
    return rows(session, select(Ticket).order_by(Ticket.id))


def test_minta_files_the_request_and_the_receipt_is_the_reply(client, session, catalogue):
    """The service meant is requested at its own unit; one SMS back: the receipt."""
    post(client, "MINTA akta lahir")
    (ticket,) = tickets(session)
    service = catalogue["services"]["AKTALAHIR"]
    assert (ticket.kind, ticket.service_id, ticket.unit_id, ticket.channel, ticket.client_key) == (
        "request", service.id, service.unit_id, "sms", "ATXid_1")
    (receipt,) = outbox(session)
    assert receipt.text.startswith(f"Permohonan {service.short_name_id} diterima.")
    assert grouped_ticket_number(ticket.number) in receipt.text
    assert is_gsm_basic(receipt.text) and sms_segments(receipt.text) <= 2


@pytest.mark.parametrize(("text", "code"), [
    ("minta imunisai", "IMUN"),            # a typo
    ("MINTA vaksin", "IMUN"),              # a synonym
    ("minta: surat sehat", "SEHAT"),
    ("MINTA ktp hilang", "KTPHILANG"),
    ("MINTA AKTALAHIR", "AKTALAHIR"),      # the code, as a choice asks for
    ("request birth certificate", "AKTALAHIR"),
])
def test_minta_understands_typos_synonyms_and_codes(client, session, catalogue, text, code):
    """What citizens type finds the service, as on the web."""
    post(client, text)
    (ticket,) = tickets(session)
    assert ticket.service_id == catalogue["services"][code].id


def test_several_alike_get_a_numbered_choice_of_codes(client, session, catalogue):
    """"akta" fits two services as well: files nothing, lists them with their codes."""
    post(client, "MINTA akta")
    assert tickets(session) == []
    (reply,) = reply_texts(session)
    assert reply.startswith("Ada beberapa layanan: 1 AKTALAHIR Akta kelahiran; 2 AKTAMATI ")
    assert "Balas MINTA <kode>, contoh: MINTA AKTALAHIR" in reply
    assert is_gsm_basic(reply) and sms_segments(reply) <= 2
    post(client, "MINTA AKTAMATI", message_id="ATXid_2")
    (ticket,) = tickets(session)
    assert ticket.service_id == catalogue["services"]["AKTAMATI"].id


def test_an_unknown_service_is_said_so(client, session, catalogue):
    """Nothing fits: nothing filed, the words echoed, a hint to search with INFO."""
    post(client, "MINTA kucing terbang")
    assert tickets(session) == []
    assert reply_texts(session) == [render("id", replies.REQUEST_NONE, words="kucing terbang")]


def test_words_only_partly_found_file_nothing(client, session, catalogue):
    """A complaint sent as MINTA ("jalan rusak"): no guess is filed, a choice is offered."""
    post(client, "MINTA jalan rusak")
    assert tickets(session) == []
    (reply,) = reply_texts(session)
    assert "MINTA KTPHILANG" in reply


def test_minta_alone_explains_itself(client, session, catalogue):
    """No service named: how to use MINTA."""
    post(client, "minta")
    assert reply_texts(session) == [render("id", replies.REQUEST_USAGE)]


def test_a_replayed_message_files_once(client, session, catalogue):
    """The gateway retries: the same message id files one ticket and sends one receipt."""
    for _ in range(3):
        post(client, "MINTA vaksin", message_id="ATXid_same")
    assert count(session, Ticket) == 1
    assert len(outbox(session)) == 1


def test_a_second_message_files_a_second_request(client, session, catalogue):
    """Another message id is another request, even for the same service."""
    post(client, "MINTA vaksin", message_id="a")
    post(client, "MINTA vaksin", message_id="b")
    assert count(session, Ticket) == 2


@pytest.mark.parametrize(("text", "unit"), [
    ("MINTA IMUN PANDIAN", "pandian"),
    ("minta imunisasi di puskesmas kalianget", "kalianget"),
    ("MINTA vaksin", "dinkes"),              # none named: the service's own unit
    ("MINTA imunisasi gapura", "dinkes"),    # not offered there: its own unit
])
def test_the_unit_named_among_the_offerings(client, session, catalogue, text, unit):
    """A unit or kecamatan named after the service picks where to go, among its offerings."""
    post(client, text)
    (ticket,) = tickets(session)
    assert ticket.service_id == catalogue["services"]["IMUN"].id
    assert ticket.unit_id == catalogue["units"][unit].id


def test_minta_in_english(client, session, catalogue):
    """REQUEST, and the choice, in English for a citizen who chose it."""
    post(client, "LANGUAGE EN", message_id="a")
    post(client, "REQUEST akta", message_id="b")
    _, reply = reply_texts(session)
    assert reply.startswith("Several services match: 1 AKTALAHIR ")
    assert "Reply REQUEST <code>, e.g. REQUEST AKTALAHIR" in reply
    assert tickets(session) == []
    assert is_gsm_basic(reply) and sms_segments(reply) <= 2
