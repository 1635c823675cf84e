"""POST /sms/inbound: raw Africa's Talking payloads in, stored effects and queued replies out."""

import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from core.citizens.registry import set_citizen_language
from core.clock import now_utc
from core.db import unit_of_work
from core.errors import MistypedTicketNumber, TicketNotFound
from core.gsm import is_gsm_basic, sms_segments
from core.i18n import translate
from core.models import Citizen, InboundMessage, OutboundMessage, SurveyResponse, Ticket
from core.surveys.responses import AlreadyRated
from core.tickets.actions import apply_ticket_action
from core.tickets.numbers import damm_check_digit, grouped_ticket_number
from sms import commands, replies
from tests.factories import make_regions, make_request, make_service

PHONE = "+6281234567890"
UNKNOWN_TICKET = "12345678" + damm_check_digit("12345678")
MISTYPED_TICKET = UNKNOWN_TICKET[:-1] + str((int(UNKNOWN_TICKET[-1]) + 1) % 10)


def payload(text, message_id="ATXid_1", **fields):
    """An Africa's Talking inbound SMS callback, as the gateway posts it."""
    return {"from": PHONE, "to": "1708", "text": text, "date": "2026-11-28 10:00:00",
            "id": message_id, "linkId": "SampleLinkId123", "networkCode": "51010"} | fields


def post(client, text, message_id="ATXid_1", **fields):
    """Deliver an SMS; the gateway must always get a plain 200 OK."""
    response = client.post("/sms/inbound", data=payload(text, message_id, **fields))
    assert (response.status_code, response.data, response.mimetype) == (200, b"OK", "text/plain")
    return response


def rows(session, query):
    """Rows fresh from the database; the read transaction ends so the app can write."""
    session.expire_all()
    found = list(session.scalars(query))
    session.commit()
    return found


def outbox(session, phone=PHONE):
    """Outbound messages to a phone, oldest first."""
    return rows(session, select(OutboundMessage).where(OutboundMessage.phone == phone)
                .order_by(OutboundMessage.id))


def reply_texts(session):
    """Texts of the replies queued for the citizen, oldest first."""
    return [m.text for m in outbox(session) if m.purpose == "reply"]


def count(session, model):
    """How many rows a table has."""
    found = session.scalar(select(func.count()).select_from(model))
    session.commit()
    return found


def completed_request(session, phone=PHONE, now=None):
    """A request of the citizen, completed by an officer: this queues the survey invitation."""
    ticket = make_request(session, phone=phone)
    with unit_of_work(session):
        for action in ("verify", "complete"):
            apply_ticket_action(session, ticket_id=ticket.id, action=action, now=now)
    return ticket


def render(language, template, **params):
    """The reply as the handlers render it."""
    return replies.render(language, template, **params)


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize(("text", "outcome", "template"), [
    ("", "help", replies.HELP),
    ("   ", "help", replies.HELP),
    ("halo pak", "help", replies.HELP),
    ("BANTUAN", "help", replies.HELP),
    ("help!", "help", replies.HELP),
    ("  Bantuan  ", "help", replies.HELP),
    ("4", "answer", replies.HELP),
    ("LAPOR", "report", replies.REPORT_USAGE),
    ("report:  ", "report", replies.REPORT_USAGE),
    ("CEK", "status", replies.STATUS_USAGE),
    ("status nomor", "status", replies.STATUS_USAGE),
    (f"CEK {UNKNOWN_TICKET}", "status", TicketNotFound.message),
    (f"status#{UNKNOWN_TICKET}", "status", TicketNotFound.message),
    (f"cek{MISTYPED_TICKET}", "status", MistypedTicketNumber.message),
    ("CEK 12345", "status", MistypedTicketNumber.message),
    ("INFO", "info", replies.INFO_USAGE),
    ("layanan ?", "info", replies.INFO_USAGE),
    ("BAHASA", "language", replies.LANGUAGE_USAGE),
    ("language klingon", "language", replies.LANGUAGE_USAGE),
    ("BERHENTI", "stop", replies.STOPPED),
    ("stop.", "stop", replies.STOPPED),
    ("Mulai", "start", replies.STARTED),
    ("  START ", "start", replies.STARTED),
    ("SKM", "survey", replies.SURVEY_NONE),
    ("skm 443434344", "survey", replies.SURVEY_NONE),
])
def test_keyword_replies(client, session, text, outcome, template, language):
    """Each command in either language gets its one reply, in the citizen's language."""
    with unit_of_work(session):
        set_citizen_language(session, phone=PHONE, language=language)
    post(client, text)
    (message,) = outbox(session)
    assert (message.purpose, message.status, message.language) == ("reply", "queued", language)
    assert message.text == render(language, template)
    assert is_gsm_basic(message.text) and sms_segments(message.text) <= 2
    (inbound,) = rows(session, select(InboundMessage))
    assert (inbound.outcome, inbound.text, inbound.phone) == (outcome, text, PHONE)
    assert (inbound.gateway, inbound.gateway_message_id, inbound.to) == (
        "africastalking", "ATXid_1", "1708")
    assert (inbound.link_id, inbound.network_code) == ("SampleLinkId123", "51010")


@pytest.mark.parametrize("text", [
    "LAPOR Jalan desa rusak parah",
    "lapor jalan desa rusak parah",
    "Lapor: Jalan desa rusak parah",
    "  LAPOR   Jalan desa rusak parah ",
    "lapor-Jalan desa rusak parah",
    "REPORT Jalan desa rusak parah",
    "report: Jalan desa rusak parah",
])
def test_lapor_files_a_complaint_whose_receipt_is_the_reply(client, session, text):
    """One complaint keyed by the gateway id, one SMS (the receipt with the ticket), no extra."""
    post(client, text, message_id="ATXid_lapor")
    (ticket,) = rows(session, select(Ticket))
    assert (ticket.kind, ticket.complaint_type, ticket.channel, ticket.client_key) == (
        "complaint", "pengaduan", "sms", "ATXid_lapor")
    assert ticket.description.lower() == "jalan desa rusak parah"
    (receipt,) = outbox(session)
    assert (receipt.purpose, receipt.status, receipt.ticket_id) == ("receipt", "queued", ticket.id)
    assert grouped_ticket_number(ticket.number) in receipt.text
    assert rows(session, select(InboundMessage.outcome)) == ["report"]


def test_lapor_records_the_place_its_text_names(client, session):
    """"... di desa X kec. Y" files the complaint with the codes and official names."""
    make_regions(session)
    post(client, "LAPOR Jembatan putus di desa Kalimook, kec Kalianget", message_id="ATXid_place")
    (ticket,) = rows(session, select(Ticket))
    assert (ticket.kecamatan_code, ticket.desa_code) == ("35.29.02", "35.29.02.2005")
    assert (ticket.kecamatan, ticket.desa) == ("Kalianget", "Kalimook")


@pytest.mark.parametrize("language", ["id", "en"])
def test_lapor_receipt_in_the_citizens_language(client, session, language):
    """The receipt speaks the citizen's language."""
    with unit_of_work(session):
        set_citizen_language(session, phone=PHONE, language=language)
    post(client, "LAPOR Lampu jalan mati")
    (receipt,) = outbox(session)
    assert receipt.language == language
    assert ("Ticket" if language == "en" else "Tiket") in receipt.text


def test_a_replayed_id_has_no_second_effect_and_no_second_reply(client, session):
    """The gateway retries until it sees 200: the same id is handled once."""
    for _ in range(3):
        post(client, "LAPOR Jembatan putus", message_id="ATXid_same")
        post(client, "HELP", message_id="ATXid_help")
    assert count(session, Ticket) == 1
    assert count(session, InboundMessage) == 2
    assert [m.purpose for m in outbox(session)] == ["receipt", "reply"]


def test_the_same_id_delivered_twice_at_once_is_handled_once(app, session):
    """Two deliveries racing each other: one stores and answers, the other sees a replay."""
    start, statuses = threading.Barrier(2), []

    def deliver():
        client = app.test_client()
        start.wait()
        response = client.post("/sms/inbound", data=payload("LAPOR Jalan rusak", "ATXid_race"))
        statuses.append(response.status_code)

    threads = [threading.Thread(target=deliver) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert statuses == [200, 200]
    assert count(session, InboundMessage) == count(session, Ticket) == 1
    assert len(outbox(session)) == 1


def test_the_same_text_under_new_ids_is_answered_each_time(client, session):
    """Only the id deduplicates: a citizen may well send HELP twice."""
    post(client, "HELP", message_id="a")
    post(client, "HELP", message_id="b")
    assert len(reply_texts(session)) == 2


def test_a_local_format_number_is_the_same_citizen(client, session):
    """0812... from one operator and +62812... from another are one citizen."""
    post(client, "BAHASA EN", message_id="a", **{"from": "081234567890"})
    post(client, "HELP", message_id="b", **{"from": "6281234567890"})
    (citizen,) = rows(session, select(Citizen))
    assert (citizen.phone, citizen.language) == (PHONE, "en")
    assert [m.phone for m in outbox(session)] == [PHONE, PHONE]
    assert rows(session, select(InboundMessage.phone)) == [PHONE, PHONE]


@pytest.mark.parametrize("sender", ["garbage", "", "12345", "+1", "+62 81 abc", "0" * 40])
def test_an_invalid_sender_stores_nothing_and_stops_the_retries(client, session, sender):
    """Nothing can be answered; a 200 stops the gateway from retrying for 12 hours."""
    post(client, "LAPOR Jalan rusak", **{"from": sender})
    for model in (InboundMessage, Citizen, Ticket, OutboundMessage):
        assert count(session, model) == 0


def test_a_callback_without_an_id_is_acknowledged_and_dropped(client, session):
    """Without the id a retry could not be recognised: nothing is stored."""
    post(client, "LAPOR Jalan rusak", message_id="")
    assert count(session, InboundMessage) == count(session, Ticket) == 0


def test_two_thousand_characters(client, session):
    """A long SMS is stored whole; as a complaint, its description keeps every character."""
    body = ("Jalan di desa kami rusak parah sejak musim hujan. " * 40)[:2000]
    post(client, "x" * 2000, message_id="long-help")
    post(client, "LAPOR " + body, message_id="long-lapor")
    inbound = {m.gateway_message_id: m for m in rows(session, select(InboundMessage))}
    assert len(inbound["long-help"].text) == 2000
    assert inbound["long-help"].outcome == "help"
    (ticket,) = rows(session, select(Ticket))
    assert ticket.description == body.strip()
    assert all(is_gsm_basic(m.text) and sms_segments(m.text) <= 2 for m in outbox(session))


def test_a_report_longer_than_the_limit_is_truncated_not_refused(client, session):
    """Past 4000 characters the complaint keeps the first 4000."""
    post(client, "LAPOR " + "a" * 4500)
    (ticket,) = rows(session, select(Ticket))
    assert ticket.description == "a" * 4000


def test_emoji_and_curly_quotes_are_stored_as_received_and_echoed_in_gsm(client, session):
    """The citizen's own text is kept exactly; what goes back is GSM 7-bit."""
    text = "LAPOR \u201cObat\u201d habis \u2014 tolong\u2026 \U0001F64F"
    post(client, text, message_id="a")
    post(client, "INFO \u201czzz\u201d \U0001F600", message_id="b")
    (ticket,) = rows(session, select(Ticket))
    assert ticket.description == text[len("LAPOR "):]
    assert rows(session, select(InboundMessage.text).order_by(InboundMessage.id))[0] == text
    receipt, info = outbox(session)
    assert info.text == 'Layanan ""zzz"" tidak ditemukan. Coba kata lain atau kode layanan.'
    assert is_gsm_basic(receipt.text) and is_gsm_basic(info.text)


def test_cek_answers_status_and_next_step_without_personal_data(client, session):
    """Anyone with the number learns the status, never the description or the phone."""
    ticket = make_request(session, phone="+6285234500004", description="Rahasia pribadi")
    post(client, f"cek{ticket.number}")
    (reply,) = reply_texts(session)
    assert reply.startswith(f"Tiket {grouped_ticket_number(ticket.number)}: Diterima.")
    assert "Rahasia" not in reply and "500004" not in reply


@pytest.mark.parametrize("typed", ["CEK {grouped}", "cek {grouped}.", "CEK {number}"])
def test_cek_reads_the_number_as_the_receipt_shows_it(client, session, typed):
    """'CEK 306 169 650', copied from the receipt with its spaces, finds the ticket."""
    ticket = make_request(session, phone="+6285234500005")
    post(client, typed.format(grouped=grouped_ticket_number(ticket.number), number=ticket.number))
    (reply,) = reply_texts(session)
    assert reply.startswith(f"Tiket {grouped_ticket_number(ticket.number)}: ")


def test_info_gives_requirements_time_and_cost(client, session):
    """One match: short name, code, requirements, working days and cost, in two parts at most."""
    make_service(session, code="IMUN", short_name_id="Imunisasi anak",
                 short_name_en="Child immunisation", name_id="Imunisasi dasar anak",
                 name_en="Basic child immunisation", time_days=1, cost_rupiah=0)
    make_service(session, code="SEHAT", short_name_id="Surat ket. sehat",
                 short_name_en="Health certificate", time_days=2, cost_rupiah=20000)
    post(client, "info imun", message_id="a")
    post(client, "  LAYANAN   surat ket", message_id="b")
    post(client, "BAHASA EN", message_id="c")
    post(client, "info: immunisation", message_id="d")
    imun_id, sehat_id, _, imun_en = reply_texts(session)
    assert imun_id == ("Imunisasi anak (IMUN). Syarat: persyaratan (id). Waktu: 1 hari kerja. "
                       "Biaya: gratis.")
    assert sehat_id.endswith("Waktu: 2 hari kerja. Biaya: Rp20.000.")
    assert imun_en == ("Child immunisation (IMUN). Requires: persyaratan (en). "
                       "Time: 1 work day(s). Cost: free.")


def test_info_with_several_matches_lists_their_keywords(client, session):
    """More than one service fits alike: a numbered choice of codes, to ask again precisely."""
    lahir, mati = (make_service(session, code=code, name_id=f"Akta {code.lower()}")
                   for code in ("LAHIR", "MATI"))
    post(client, "INFO akta")
    choices = replies.numbered_choices([("LAHIR", lahir.short_name_id),
                                        ("MATI", mati.short_name_id)])
    assert reply_texts(session) == [render("id", replies.INFO_MANY, choices=choices,
                                           first="LAHIR")]


def test_info_shortens_long_requirements_to_two_parts(client, session):
    """A service with a very long requirement list still answers in two SMS."""
    service = make_service(session, code="PANJANG")
    service.standards[0].text_id = "KTP-el \u2013 asli dan fotokopi; " * 40
    session.commit()
    post(client, "INFO PANJANG")
    (reply,) = reply_texts(session)
    assert is_gsm_basic(reply) and sms_segments(reply) == 2
    assert "PANJANG" in reply and reply.endswith("Biaya: gratis.")


def test_bahasa_switches_the_reply_language_both_ways(client, session):
    """The confirmation comes in the new language, and so does everything after it."""
    post(client, "BAHASA EN", message_id="1")
    post(client, "bantuan", message_id="2")
    post(client, "LANGUAGE: ID", message_id="3")
    post(client, "help", message_id="4")
    messages = outbox(session)
    assert [m.language for m in messages] == ["en", "en", "id", "id"]
    assert [m.text for m in messages] == [
        render("en", replies.LANGUAGE_SET), render("en", replies.HELP),
        render("id", replies.LANGUAGE_SET), render("id", replies.HELP)]
    assert rows(session, select(Citizen.language)) == ["id"]


def test_stop_then_a_survey_invitation_is_suppressed(client, session):
    """After STOP the invitation is kept but never sent; START lets the next one out."""
    post(client, "STOP", message_id="1")
    completed_request(session)
    post(client, "MULAI", message_id="2")
    completed_request(session)
    messages = [(m.purpose, m.status) for m in outbox(session) if m.purpose in ("reply", "survey")]
    assert messages == [("reply", "queued"), ("survey", "suppressed"),
                        ("reply", "queued"), ("survey", "queued")]
    assert rows(session, select(Citizen.opted_out)) == [False]


def test_a_full_survey_in_one_sms(client, session):
    """Invitation and thanks: two survey-related SMS in all, one response in the shared table."""
    ticket = completed_request(session)
    post(client, "SKM 443434344", message_id="ATXid_skm")
    (response,) = rows(session, select(SurveyResponse))
    assert response.answers() == (4, 4, 3, 4, 3, 4, 3, 4, 4)
    assert (response.channel, response.client_key, response.ticket_id) == (
        "sms", "ATXid_skm", ticket.id)
    survey_related = [m for m in outbox(session) if m.purpose not in ("status", "receipt")]
    assert [(m.purpose, m.status) for m in survey_related] == [("survey", "queued"),
                                                               ("reply", "queued")]
    assert survey_related[1].text == render("id", replies.SURVEY_THANKS,
                                            ticket=grouped_ticket_number(ticket.number))


def test_digits_alone_answer_an_open_invitation(client, session):
    """While an invitation is open, the nine digits need no keyword."""
    completed_request(session)
    post(client, "4 4 3 4 3 4 3 4 4")
    assert count(session, SurveyResponse) == 1
    assert rows(session, select(InboundMessage.outcome)) == ["answer"]


def test_a_partial_survey_walked_question_by_question(client, session):
    """Each reply asks the next question; a wrong character repeats the current one."""
    ticket = completed_request(session)
    for number, text in enumerate(["SKM 4434", "3", "5", "4", "3 4", "4"]):
        post(client, text, message_id=f"walk-{number}")
    question = [replies.survey_question("id", index) for index in range(9)]
    assert reply_texts(session) == [
        question[4], question[5],
        render("id", replies.SURVEY_CORRECTION, question=question[5]),
        question[6], question[8],
        render("id", replies.SURVEY_THANKS, ticket=grouped_ticket_number(ticket.number)),
    ]
    (response,) = rows(session, select(SurveyResponse))
    assert response.answers() == (4, 4, 3, 4, 3, 4, 3, 4, 4)


def test_a_wrong_character_mid_way_is_corrected_not_restarted(client, session):
    """'44x' keeps the two answers and asks question 3 again."""
    completed_request(session)
    post(client, "skm 44x", message_id="1")
    post(client, "skm", message_id="2")
    correction, again = reply_texts(session)
    assert correction == render("id", replies.SURVEY_CORRECTION,
                                question=replies.survey_question("id", 2))
    assert again == replies.survey_question("id", 2)


def test_an_expired_invitation(client, session):
    """Past seven days the answer is declined politely and nothing is recorded."""
    ticket = completed_request(session, now=now_utc() - timedelta(days=8))
    post(client, "SKM 443434344")
    assert reply_texts(session) == [
        render("id", replies.SURVEY_EXPIRED, ticket=grouped_ticket_number(ticket.number))]
    assert count(session, SurveyResponse) == 0


def test_a_second_survey_for_the_same_ticket(client, session):
    """One response per request: the second answer is thanked but not recorded."""
    completed_request(session)
    post(client, "SKM 443434344", message_id="1")
    post(client, "SKM 111111111", message_id="2")
    assert reply_texts(session)[-1] == render("id", AlreadyRated.message)
    assert [r.u1 for r in rows(session, select(SurveyResponse))] == [4]


def test_a_failing_handler_still_answers_200_and_apologises_once(client, session, monkeypatch):
    """A bug never gives the gateway a 500: the SMS is kept, the citizen gets an apology."""

    def broken(*_args):
        raise RuntimeError("bug")

    monkeypatch.setitem(commands.HANDLERS, "report", broken)
    post(client, "LAPOR Jalan rusak", message_id="bug")
    post(client, "LAPOR Jalan rusak", message_id="bug")
    assert rows(session, select(InboundMessage.outcome)) == ["error"]
    assert reply_texts(session) == [render("id", replies.SORRY)]
    assert count(session, Ticket) == 0


def test_a_handler_failing_half_way_leaves_nothing_half_stored(client, session, monkeypatch):
    """A complaint filed before the failure goes with it: no ticket, no receipt, one apology."""
    report = commands.HANDLERS["report"]

    def files_then_fails(*args):
        report(*args)
        raise RuntimeError("bug after filing")

    monkeypatch.setitem(commands.HANDLERS, "report", files_then_fails)
    post(client, "LAPOR Jalan rusak", message_id="half")
    assert count(session, Ticket) == 0
    assert [(m.purpose, m.text) for m in outbox(session)] == [
        ("reply", render("id", replies.SORRY))]
    assert rows(session, select(InboundMessage.outcome)) == ["error"]


def test_when_nothing_can_be_stored_the_gateway_is_asked_to_retry(client, session, monkeypatch):
    """A database that is down gets 503, so the gateway delivers the SMS again later."""

    def unavailable(*_args, **_kwargs):
        raise ConnectionError("database down")

    monkeypatch.setattr("sms.inbound.receive_sms", unavailable)
    response = client.post("/sms/inbound", data=payload("HELP"))
    assert response.status_code == 503
    assert count(session, InboundMessage) == 0


def test_translated_domain_messages_are_used_for_tickets():
    """The mistyped-ticket reply is the catalogue's, in both languages."""
    assert render("en", MistypedTicketNumber.message) == translate(
        "en", MistypedTicketNumber.message)
