"""Whole USSD sessions, hop by hop, in both languages: each input and what the screen shows.

Expected fragments are message ids (translated into the session's language
when compared), service codes (their short name in that language) or
literal text; '{ticket}' stands for the ticket the test prepared.
"""

import json
from dataclasses import dataclass, field

import pytest
from sqlalchemy import select

from core.citizens.registry import citizen_for_phone, set_citizen_language
from core.db import unit_of_work
from core.demo.loader import CATALOGUE
from core.errors import MistypedTicketNumber, TicketNotFound
from core.i18n import translate
from core.models import OutboundMessage, Region, SurveyResponse, Ticket
from core.surveys.questionnaire import UNSUR
from core.tickets.lifecycle import STATUS_TABLE
from core.tickets.numbers import damm_check_digit, grouped_ticket_number
from tests.factories import make_regions, make_service, make_unit
from tests.ussd.conftest import Phone
from ussd.journey import COMPLAINT, PICK_CATEGORY, PICK_SERVICE, REQUEST, UNIT_KECAMATAN
from ussd.places import SKIP

PRIVACY = ("Privasi:\nAnonim: petugas tidak melihat nomor HP Anda. "
           "Rahasia: laporan tidak dibuka untuk umum.")

LANGUAGES = ("id", "en")
# Well formed (its check digit is right) but nobody's ticket.
UNKNOWN_TICKET = "10000000" + damm_check_digit("10000000")
SHORT_NAMES = {item["code"]: item["short_name"]
               for item in json.loads(CATALOGUE.read_text(encoding="utf-8"))["services"]}


@dataclass(frozen=True)
class Msg:
    """A message id, compared in the session's language (only the text before a placeholder)."""

    msgid: str
    params: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Category:
    """A category, by the names its row holds (categories are data, not message ids)."""

    name_id: str
    name_en: str


@dataclass(frozen=True)
class Short:
    """A demo service, shown by its short name in the session's language."""

    code: str


HEALTH = Category("Kesehatan", "Health")


def shown(language, fragment, context):
    """The text a fragment stands for in this language."""
    if isinstance(fragment, Msg):
        return translate(language, fragment.msgid, **fragment.params).split("%(")[0]
    if isinstance(fragment, Short):
        return SHORT_NAMES[fragment.code][language]
    if isinstance(fragment, Category):
        return fragment.name_en if language == "en" else fragment.name_id
    return fragment.format(**context)


def run_session(phone, language, table, context=None):
    """Dial, then type each input; every screen must show its fragments."""
    context = context or {}
    for typed, prefix, fragments in table:
        body = phone.dial() if typed is None else phone.send(typed.format(**context))
        assert body.startswith(prefix + " "), (typed, body)
        for fragment in fragments:
            assert shown(language, fragment, context) in body, (typed, fragment, body)


def _with_regions(session):
    """Sumenep's regions, unless the demo brought them: a slice of two kecamatan."""
    if session.scalars(select(Region)).first() is None:
        make_regions(session)
    session.commit()


def _speaking(session, phone, language):
    """Make the phone's citizen prefer a language (committed: the app's hops must see it)."""
    with unit_of_work(session):
        set_citizen_language(session, phone=phone.number, language=language)


def _demo_ticket(session, client_key):
    """A demo ticket, read in a transaction that ends at once (SQLite has one writer)."""
    ticket = session.scalars(select(Ticket).where(Ticket.client_key == client_key)).one()
    session.commit()
    return ticket


REQUEST_SESSION = [
    (None, "CON", [Msg("Layanan Paralel"), Msg(REQUEST), "6 Bahasa/Language"]),
    ("1", "CON", [Msg(PICK_CATEGORY), HEALTH, "0 ", "00 "]),
    ("1", "CON", [Msg(PICK_SERVICE), Short("BPJS"), Short("IMUN"), "98 "]),
    ("2", "CON", [Short("IMUN"), "KIA", "1 "]),
    ("1", "CON", [Short("IMUN"), "Puskesmas Kalianget", Msg("Ya, ajukan")]),
    ("1", "END", [Msg("Permohonan diterima. Tiket: %(ticket)s. Target selesai %(due)s. "
                      "Bukti dikirim lewat SMS.")]),
]

COMPLAINT_SESSION = [
    (None, "CON", [Msg(COMPLAINT)]),
    ("2", "CON", [Msg("Jenis laporan:"), Msg("Pengaduan"), Msg("Aspirasi")]),
    ("1", "CON", [Msg(PICK_CATEGORY), HEALTH, "98 "]),
    ("98", "CON", [Category("Ketenagakerjaan", "Employment")]),
    ("0", "CON", [HEALTH]),
    ("1", "CON", [Msg("Unit yang dilaporkan:"), "1 ", Msg("Tidak tahu")]),
    ("1", "CON", [Msg("Tulis laporan Anda singkat:")]),
    # The gateway joins inputs with an unescaped '*': this stays one description.
    ("Lampu*mati di pustu, gelap", "CON",
     [Msg("Kecamatan tempat kejadian:"), "1 ", Msg(SKIP)]),
    # Letters instead of numbers: one kecamatan starts so, then one desa.
    ("kali", "CON", [Msg("Desa/kelurahan kejadian:"), Msg(SKIP)]),
    ("KALIM", "CON", [Msg(PRIVACY), Msg("Keduanya")]),
    ("2", "CON", [Msg("Pengaduan"), "Lampu*mati di pustu, gelap",
                  Msg("unit yang tepat (dipilih petugas)"), Msg("Kirim")]),
    ("1", "END", [Msg("Laporan diterima. Tiket: %(ticket)s. Verifikasi paling lambat %(due)s. "
                      "Bukti dikirim lewat SMS.")]),
]


@pytest.mark.parametrize("language", LANGUAGES)
def test_request_a_service(demo, phone, language):
    """Category, service, requirements, confirm: END with the ticket, and a receipt by SMS."""
    _speaking(demo, phone, language)
    run_session(phone, language, REQUEST_SESSION)
    ticket = demo.scalars(select(Ticket).where(Ticket.client_key == phone.session_id)).one()
    assert (ticket.kind, ticket.channel, ticket.service.code) == ("request", "ussd", "IMUN")
    receipt = demo.scalars(select(OutboundMessage).where(OutboundMessage.ticket_id == ticket.id))
    assert grouped_ticket_number(ticket.number) in receipt.one().text


@pytest.mark.parametrize("language", LANGUAGES)
def test_file_a_complaint_with_a_star_in_the_text(demo, phone, language):
    """Type, category (paged), unknown unit, free text with '*', place, privacy, confirm."""
    _with_regions(demo)
    _speaking(demo, phone, language)
    run_session(phone, language, COMPLAINT_SESSION)
    ticket = demo.scalars(select(Ticket).where(Ticket.client_key == phone.session_id)).one()
    assert (ticket.kind, ticket.complaint_type, ticket.category) == (
        "complaint", "pengaduan", "kesehatan")
    assert ticket.description == "Lampu*mati di pustu, gelap"
    assert ticket.unit_id is None and ticket.anonymous is True and ticket.confidential is False
    assert (ticket.kecamatan_code, ticket.desa_code) == ("35.29.02", "35.29.02.2005")
    assert (ticket.kecamatan, ticket.desa) == ("Kalianget", "Kalimook")
    receipt = demo.scalars(select(OutboundMessage).where(OutboundMessage.ticket_id == ticket.id))
    assert receipt.one().purpose == "receipt"


@pytest.mark.parametrize("language", LANGUAGES)
def test_check_a_ticket(demo, phone, language):
    """A typo is caught by the check digit, an unknown number is said so, a real one answered."""
    _speaking(demo, phone, language)
    ticket = _demo_ticket(demo, "demo-4")
    typo = ticket.number[:-2] + ticket.number[-1] + ticket.number[-2]
    if typo == ticket.number:
        typo = ticket.number[:-1] + str((int(ticket.number[-1]) + 1) % 10)
    run_session(phone, language, [
        (None, "CON", []),
        ("3", "CON", [Msg("Ketik nomor tiket (%(digits)s angka):", {"digits": 9})]),
        (typo, "CON", [Msg(MistypedTicketNumber.message)]),
        (UNKNOWN_TICKET, "CON", [Msg(TicketNotFound.message)]),
        ("{ticket}", "END", ["{shown}", Msg(STATUS_TABLE[ticket.status].label),
                             Msg(STATUS_TABLE[ticket.status].next_step)]),
    ], {"ticket": ticket.number, "shown": grouped_ticket_number(ticket.number)})


@pytest.mark.parametrize("language", LANGUAGES)
def test_survey_of_the_latest_completed_request(demo, client, language):
    """The citizen's completed request is offered; nine questions with official labels; thanks."""
    phone = Phone(client, "+6281234500003")
    _speaking(demo, phone, language)
    ticket = _demo_ticket(demo, "demo-3")
    questions = [(str(n % 4 + 1), "CON", [Msg(unsur.question), *map(Msg, unsur.labels)])
                 for n, unsur in enumerate(UNSUR[1:])]
    run_session(phone, language, [
        (None, "CON", []),
        ("4", "CON", [Short("SEHAT"), "{shown}"]),
        ("1", "CON", [Msg(UNSUR[0].question), *map(Msg, UNSUR[0].labels)]),
        *questions,
        ("4", "END", [Msg("Terima kasih! Penilaian Anda membantu memperbaiki layanan.")]),
    ], {"shown": grouped_ticket_number(ticket.number)})
    response = demo.scalars(select(SurveyResponse).where(SurveyResponse.ticket_id == ticket.id))
    response = response.one()
    assert (response.channel, response.client_key) == ("ussd", phone.session_id)
    assert response.answers() == (1, 2, 3, 4, 1, 2, 3, 4, 4)
    # Tied to the completed ticket: it counts in the index (docs/domain.md §3.6).
    assert (response.tally, response.counted) == ("ticket", True)


@pytest.mark.parametrize("language", LANGUAGES)
def test_survey_of_a_chosen_unit(demo, phone, language):
    """Without a completed request the citizen picks the unit; a wrong answer gets a hint."""
    _speaking(demo, phone, language)
    run_session(phone, language, [
        (None, "CON", []),
        # Ten units in six kecamatan: the kecamatan first, or a unit's name typed.
        ("4", "CON", [Msg(UNIT_KECAMATAN), "Kota Sumenep", "Talango"]),
        ("disduk", "CON", [Msg(UNSUR[0].question)]),
        ("5", "CON", [Msg("Jawab %(lowest)s-%(highest)s:", {"lowest": 1, "highest": 4}),
                      Msg(UNSUR[0].labels[0])]),
        *[("3", "CON", [Msg(unsur.question)]) for unsur in UNSUR[1:]],
        ("3", "END", [Msg("Terima kasih! Penilaian Anda membantu memperbaiki layanan.")]),
    ])
    response = demo.scalars(select(SurveyResponse).where(
        SurveyResponse.client_key == phone.session_id)).one()
    assert response.answers() == (3,) * 9 and response.ticket_id is None
    # The gateway names the caller: the answer counts once for that phone.
    assert (response.tally, response.counted) == ("phone", True)
    assert response.citizen_id is not None


@pytest.mark.parametrize("language", LANGUAGES)
def test_service_information(demo, phone, language):
    """Requirements, time and cost of a service; the request is one key away."""
    _speaking(demo, phone, language)
    run_session(phone, language, [
        (None, "CON", []),
        ("5", "CON", [Msg(PICK_CATEGORY)]),
        ("1", "CON", [Msg(PICK_SERVICE), Short("BPJS")]),
        ("1", "CON", [Short("BPJS"), "KTP-el", Msg("Gratis"), "3", Msg("Ajukan layanan ini")]),
        ("1", "CON", [Msg("Ya, ajukan"), "Puskesmas Arjasa"]),
        ("0", "CON", [Msg("Ajukan layanan ini")]),
        ("00", "CON", [Msg("Layanan Paralel")]),
    ])


def test_information_shows_the_cost_in_rupiah(session, phone):
    """A paid service shows its tariff the Indonesian way."""
    make_service(session, category="perizinan", cost_rupiah=20000, short_name_id="Izin uji")
    assert "Biaya: Rp20.000" in phone.dial() + phone.send("5", "1", "1")


def test_language_choice_sticks_for_every_channel(session, phone):
    """Choosing English shows the menu in English now, on the next dial, and in every channel."""
    phone.dial()
    assert "2 English" in phone.send("6")
    assert phone.send("2").startswith("CON " + translate("en", "Layanan Paralel"))
    assert citizen_for_phone(session, phone.number).language == "en"
    session.commit()
    assert translate("en", REQUEST) in phone.dial()
    phone.send("6", "1")
    assert translate("id", REQUEST) in phone.dial()


def test_replayed_final_hop_files_once(demo, phone):
    """The gateway may post the confirming hop twice: one ticket, the same reply."""
    phone.dial()
    first = phone.send("1", "1", "2", "1", "1")
    again = phone.hop("*".join(phone.inputs))
    assert first == again and first.startswith("END ")
    tickets = demo.scalars(select(Ticket).where(Ticket.channel == "ussd",
                                                Ticket.client_key == phone.session_id))
    assert len(tickets.all()) == 1


def test_cancel_returns_to_the_menu_and_files_nothing(demo, phone):
    """'Batal' on the confirmation goes back to the main menu."""
    phone.dial()
    assert translate("id", REQUEST) in phone.send("1", "1", "2", "1", "2")
    assert demo.scalars(select(Ticket).where(Ticket.client_key == phone.session_id)).first() is None


def test_shortcut_inputs_jump_ahead(demo, phone):
    """Typing '1*1' on a menu takes both choices, as dialling *123*1*1# would."""
    phone.dial()
    assert translate("id", PICK_SERVICE) in phone.send("1*1")


@pytest.mark.parametrize(("typed", "anonymous", "confidential"), [
    ("1", False, False), ("2", True, False), ("3", False, True), ("4", True, True),
])
def test_privacy_choice(session, phone, typed, anonymous, confidential):
    """Biasa, anonim, rahasia or both: the flags the complaint is filed with."""
    make_service(session, category="kesehatan")
    phone.dial()
    assert translate("id", PRIVACY) in phone.send("2", "1", "1", "1", "Obat habis di pustu")
    phone.send(typed, "1")
    ticket = session.scalars(select(Ticket).where(Ticket.client_key == phone.session_id)).one()
    assert (ticket.anonymous, ticket.confidential) == (anonymous, confidential)
    assert ticket.kecamatan_code is None


def test_the_units_kecamatan_is_offered_first(session, phone):
    """A unit in a kecamatan: "Di Kec. X?" and yes leads to its desa; the desa may be skipped."""
    make_regions(session)
    unit = make_unit(session, name="Puskesmas Kalianget", kecamatan_code="35.29.02")
    make_service(session, unit=unit, category="kesehatan")
    phone.dial()
    asked = phone.send("2", "1", "1", "kali", "Dokter tidak datang")
    assert translate("id", "Terjadi di Kec. %(kecamatan)s?", kecamatan="Kalianget") in asked
    villages = phone.send("1")
    assert translate("id", "Desa/kelurahan kejadian:") in villages and "Kalimook" in villages
    assert "Kepanjin" not in villages
    phone.send("1", "1", "1")
    ticket = session.scalars(select(Ticket).where(Ticket.client_key == phone.session_id)).one()
    assert (ticket.unit_id, ticket.kecamatan_code, ticket.desa_code) == (
        unit.id, "35.29.02", None)


def test_another_kecamatan_than_the_units(session, phone):
    """'Kecamatan lain' lists them all; back returns to the question."""
    make_regions(session)
    unit = make_unit(session, name="Puskesmas Kalianget", kecamatan_code="35.29.02")
    make_service(session, unit=unit, category="kesehatan")
    phone.dial()
    phone.send("2", "1", "1", "2", "Dokter tidak datang")
    listed = phone.send("2")
    assert "Kota Sumenep" in listed and "Kalianget" in listed
    assert "Kec. Kalianget?" in phone.send("0")
    phone.send("2", "kota", "marengan", "1", "1")
    ticket = session.scalars(select(Ticket).where(Ticket.client_key == phone.session_id)).one()
    assert (ticket.kecamatan_code, ticket.desa_code) == ("35.29.01", "35.29.01.2007")
