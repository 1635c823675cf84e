"""Each duty's effect on a real database, and that running it twice leaves the same state."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select
from werkzeug.security import generate_password_hash

from core.clock import local_date, now_utc
from core.db import unit_of_work
from core.duties.digest import QUEUE_LINK, UnitOverdue, digest_text
from core.duties.runner import run_due
from core.gsm import is_gsm_basic, sms_segments
from core.i18n import LANGUAGES
from core.messaging.outbox import FORGOTTEN_CODE_TEXT
from core.models import (
    LoginCode,
    Officer,
    OutboundMessage,
    SnapshotMark,
    SurveyInvitation,
    Ticket,
    UnitYearFigures,
    UssdSession,
)
from core.surveys.invitations import answer_survey_by_sms
from core.tickets.actions import apply_ticket_action
from tests.factories import make_complaint, make_request, make_unit

PHONE = "081234567890"


def run(sessions, config, duty, now=None, force=True):
    """One forced run of the duty; its DutyRun."""
    [done] = run_due(sessions, owner="test:1", config=config, now=now or now_utc(), only=duty,
                     force=force)
    assert done.outcome == "ok", done.result
    return done


def count(session, model, *conditions) -> int:
    """Rows of a model matching the conditions, fresh from the database."""
    session.expire_all()
    return session.scalar(select(func.count()).select_from(model).where(*conditions))


def test_auto_close_closes_with_one_notice_and_refreshes_figures(session, sessions, config):
    """A ticket silent for 10 working days is closed once; its citizen is told once."""
    ticket = make_complaint(session, phone=PHONE)
    long_ago = now_utc() - timedelta(days=40)
    with unit_of_work(session):
        for action in ("verify", "follow_up"):
            apply_ticket_action(session, ticket_id=ticket.id, action=action, note="Mohon data.",
                                now=long_ago)
    notices = (OutboundMessage.ticket_id == ticket.id, OutboundMessage.text.contains("ditutup"))
    assert run(sessions, config, "auto_close").result == "closed 1"
    assert run(sessions, config, "auto_close").result == "closed 0"
    session.expire_all()
    assert session.get(Ticket, ticket.id).status == "completed"
    assert count(session, OutboundMessage, *notices) == 1
    year = local_date(ticket.created_at).year
    assert count(session, UnitYearFigures, UnitYearFigures.unit_id == ticket.unit_id,
                 UnitYearFigures.year == year) == 1


def test_survey_expiry_marks_past_invitations_as_a_late_reply_would(session, sessions, config):
    """Open past its end: expired, once; an open one in time stays open; a late reply is told."""
    past = now_utc() - timedelta(days=30)
    for when in (past, None):
        ticket = make_request(session, phone=PHONE if when else "081234567891")
        with unit_of_work(session):
            for action in ("verify", "complete"):
                apply_ticket_action(session, ticket_id=ticket.id, action=action, now=when)
    assert run(sessions, config, "survey_expiry").result == "expired 1"
    assert run(sessions, config, "survey_expiry").result == "expired 0"
    statuses = sorted(session.scalars(select(SurveyInvitation.status)))
    assert statuses == ["expired", "open"]
    with unit_of_work(session):
        step = answer_survey_by_sms(session, phone=PHONE, text="SKM 444444444",
                                    gateway_message_id="ATXid_9")
    assert step.kind == "expired"


def test_retention_deletes_what_is_past_each_limit(session, sessions, config):
    """Final outbox rows past 90 days, USSD sessions past 7, codes past 24 hours; nothing else."""
    now = now_utc()
    old, recent = now - timedelta(days=91), now - timedelta(days=1)
    for status in ("sent", "delivered", "failed", "suppressed", "queued"):
        for created in (old, recent):
            session.add(OutboundMessage(phone="+6281234567890", language="id", text="Halo",
                                        purpose="reply", status=status, created_at=created))
    for created, status in ((now - timedelta(hours=30), "sent"),
                            (now - timedelta(hours=30), "queued"), (now, "sent")):
        session.add(OutboundMessage(phone="+6281234567890", language="id", purpose="otp",
                                    text="Kode masuk: 123456", status=status, created_at=created))
    for created in (now - timedelta(hours=25), now - timedelta(hours=1)):
        session.add(LoginCode(phone="+6281234567890", code_hash="x", expires_at=created,
                              created_at=created))
    for n, updated in enumerate((now - timedelta(days=8), now - timedelta(days=2))):
        session.add(UssdSession(session_id=f"ATUid_{n}", phone="+6281234567890",
                                updated_at=updated, created_at=updated))
    session.commit()
    assert run(sessions, config, "retention").result == (
        "outbox 4, ussd 1, codes 1, code texts 2")
    assert run(sessions, config, "retention").result == (
        "outbox 0, ussd 0, codes 0, code texts 0")
    assert count(session, OutboundMessage, OutboundMessage.purpose == "reply") == 6
    texts = session.scalars(select(OutboundMessage.text).where(OutboundMessage.purpose == "otp"))
    assert sorted(texts) == sorted([FORGOTTEN_CODE_TEXT, FORGOTTEN_CODE_TEXT,
                                    "Kode masuk: 123456"])
    stuck = session.scalars(select(OutboundMessage).where(
        OutboundMessage.purpose == "otp", OutboundMessage.failure_reason.is_not(None))).one()
    assert stuck.status == "failed"
    assert (count(session, LoginCode), count(session, UssdSession)) == (1, 1)


def add_officer(session, key, role, unit, phone, active=True):
    """An account with a phone (or none), committed."""
    officer = Officer(email=f"{key}@uji.go.id", name=key, role=role,
                      unit_id=unit.id if unit else None, phone=phone, active=active,
                      password_hash=generate_password_hash("x", "pbkdf2:sha256:1000"))
    session.add(officer)
    session.commit()
    return officer


def test_overdue_digest_goes_once_a_day_to_each_head_and_officer(session, sessions, config):
    """Unit heads and officers with a phone of a unit with overdue tickets: one SMS each a day."""
    late_unit, calm_unit = make_unit(session), make_unit(session)
    today = local_date(now_utc())
    tickets = [make_complaint(session, unit_id=late_unit.id, phone=PHONE) for _ in range(3)]
    for days, ticket in zip((6, 2, -3), tickets, strict=True):
        ticket.due_on = today - timedelta(days=days)
    make_complaint(session, unit_id=calm_unit.id, phone=PHONE)
    session.commit()
    add_officer(session, "kepala", "unit_head", late_unit, "+6281300000001")
    add_officer(session, "petugas", "officer", late_unit, "+6281300000002")
    add_officer(session, "tanpa", "officer", late_unit, None)
    add_officer(session, "mantan", "officer", late_unit, "+6281300000003", active=False)
    add_officer(session, "admin", "admin", None, "+6281300000004")
    add_officer(session, "tenang", "officer", calm_unit, "+6281300000005")
    assert run(sessions, config, "overdue_digest").result == "sms 2, units 1"
    assert run(sessions, config, "overdue_digest").result == "sms 0, units 1"
    digests = list(session.scalars(select(OutboundMessage).where(
        OutboundMessage.purpose == "digest").order_by(OutboundMessage.phone)))
    assert [m.phone for m in digests] == ["+6281300000001", "+6281300000002"]
    number = tickets[0].number
    grouped = f"{number[:3]} {number[3:6]} {number[6:]}"
    text = digests[0].text
    assert text.startswith("Layanan Paralel: 2 tiket terlambat") and grouped in text
    assert "lewat 6 hari" in text and text.endswith(QUEUE_LINK)
    assert digests[0].citizen_id is None and digests[0].status == "queued"


def test_the_digest_fits_two_gsm_parts_in_every_language():
    """The longest unit name is shortened, never the count, ticket, days or link."""
    worst = UnitOverdue(1, "Unit Pelaksana Teknis Daerah \u201cPuskesmas\u201d " * 10, 99999,
                        "999999999", 9999)
    for language in LANGUAGES:
        text = digest_text(language, worst)
        assert is_gsm_basic(text) and sms_segments(text) <= 2, (len(text), text)
        assert "999 999 999" in text and "9999" in text and QUEUE_LINK in text


def test_statistics_refreshes_the_public_figures(session, sessions, config):
    """The snapshot runs and marks how far it covers."""
    make_complaint(session, phone=PHONE)
    done = run(sessions, config, "statistics", now=datetime.now(UTC))
    assert done.result.startswith("rows ")
    assert count(session, SnapshotMark) >= 1
    assert local_date(now_utc()).year in set(session.scalars(select(UnitYearFigures.year)))
