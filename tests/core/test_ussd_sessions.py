"""USSD session state in either store: load, save, resume offers and gateway events.

The tests that take `store` run on the database store (with its short path
at the driver on and off: the setting USSD_DRIVER_SQL) and on the Redis
store; the rest check what only the database does (its rows, its unit of work).
"""

from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path

import pytest
import redis
from sqlalchemy import func, select

from core.citizens.registry import set_citizen_language
from core.db import READ_ONLY
from core.errors import InvalidPhoneNumber
from core.models import Citizen, UssdSession
from core.sessions.redis_store import RedisSessionStore
from core.sessions.store import (
    RESUME_WINDOW,
    DatabaseSessionStore,
    load_ussd_session,
    open_session_store,
    save_ussd_session,
)
from core.surveys.responses import find_unrated_request, record_survey_response
from core.tickets.actions import apply_ticket_action
from tests.factories import make_request

PHONE = "+6281234500009"
T0 = datetime(2026, 11, 28, 3, 0, tzinfo=UTC)


@pytest.fixture(params=[True, False], ids=["driver", "sqlalchemy"])
def driver_sql(request):
    """Both settings of USSD_DRIVER_SQL: the short path at the driver on, and off."""
    return request.param


@pytest.fixture(params=["database-driver", "database-sqlalchemy", "redis"])
def store(request):
    """Each session store in turn, the database's with its short path on and off."""
    if request.param.startswith("database"):
        yield DatabaseSessionStore(driver_sql=request.param == "database-driver")
        return
    client = redis.Redis.from_url(request.getfixturevalue("redis_url"))
    yield RedisSessionStore(client, key_prefix=request.getfixturevalue("redis_prefix"))
    client.close()


def _save(store, session, session_id, *, now=T0, **changes):
    state = store.load(session, session_id=session_id, phone=PHONE, now=now)
    for name, value in changes.items():
        setattr(state, name, value)
    store.save(session, state=state, now=now)
    return state


def test_new_session_takes_the_citizens_language(store, session):
    """An unknown session is fresh, in the language the citizen chose elsewhere."""
    set_citizen_language(session, phone="081234500009", language="en")
    state = store.load(session, session_id="s1", phone="081234500009")
    assert (state.known, state.phone, state.language, state.screen) == (
        False, PHONE, "en", "")


def test_saved_state_is_loaded_back(store, session):
    """What a hop saved is what the next hop (in any process) loads, hop after hop."""
    _save(store, session, "s1", screen="menu")
    _save(store, session, "s1", screen="cmp_unit", page=2, consumed="2*1",
          data={"values": {"category": "kesehatan", "text": "Air*keruh é"}},
          last_reply="CON ...", strikes=1, resumable=True, status="dropped")
    state = store.load(session, session_id="s1", phone=PHONE)
    assert (state.known, state.phone, state.screen, state.page, state.consumed) == (
        True, PHONE, "cmp_unit", 2, "2*1")
    assert (state.last_reply, state.strikes, state.resumable, state.status) == (
        "CON ...", 1, True, "dropped")
    assert state.data == {"values": {"category": "kesehatan", "text": "Air*keruh é"}}


def test_invalid_phone_is_refused(store, session):
    """A session needs a phone number to belong to."""
    with pytest.raises(InvalidPhoneNumber):
        store.load(session, session_id="s1", phone="12")


@pytest.mark.parametrize(("status", "resumable", "age", "offered"), [
    ("active", True, timedelta(minutes=3), True),
    ("dropped", True, timedelta(minutes=9), True),
    ("active", True, RESUME_WINDOW + timedelta(seconds=1), False),
    ("active", False, timedelta(minutes=1), False),
    ("ended", False, timedelta(minutes=1), False),
])
def test_resume_offer(store, session, status, resumable, age, offered):
    """Only an unfinished journey with data, from the last ten minutes, is offered."""
    _save(store, session, "old", screen="cmp_confirm", status=status, resumable=resumable,
          data={"values": {"description": "Air keruh"}})
    state = store.load(session, session_id="new", phone=PHONE, now=T0 + age)
    assert (state.resume_offer is not None) == offered
    if offered:
        assert (state.resume_offer.session_id, state.resume_offer.screen) == ("old", "cmp_confirm")
        assert state.resume_offer.data["values"]["description"] == "Air keruh"


def test_only_the_latest_session_is_offered(store, session):
    """A dial that started afresh since supersedes the dropped journey."""
    _save(store, session, "old", screen="cmp_confirm", resumable=True, data={"values": {"x": 1}})
    _save(store, session, "newer", now=T0 + timedelta(minutes=1), screen="menu")
    state = store.load(session, session_id="new", phone=PHONE, now=T0 + timedelta(minutes=2))
    assert state.resume_offer is None


def test_another_phone_is_not_offered_the_journey(store, session):
    """A journey belongs to the phone it began on."""
    _save(store, session, "old", screen="cmp_confirm", resumable=True, data={"values": {"x": 1}})
    state = store.load(session, session_id="new", phone="+6281234500008",
                       now=T0 + timedelta(minutes=1))
    assert state.resume_offer is None


def test_incomplete_event_drops_the_session_and_keeps_the_report(store, session):
    """Incomplete turns an active session into a dropped one; the report is in the database."""
    _save(store, session, "s1", screen="cmp_description", resumable=True)
    store.record_event(session, session_id="s1", status="Incomplete", dropped=True, phone=PHONE,
                       input_text="2*1", duration_ms=30500, hops_count=3, cost="0.05",
                       date="2026-11-28 10:00:00")
    assert store.load(session, session_id="s1", phone=PHONE).status == "dropped"
    row = session.scalars(select(UssdSession)).one()
    assert (row.phone, row.status, row.screen, row.end_status, row.duration_ms, row.cost) == (
        PHONE, "dropped", "cmp_description", "Incomplete", 30500, "0.05")


def test_event_does_not_reopen_an_ended_session(store, session):
    """A Failed report after our END leaves the session ended."""
    _save(store, session, "s1", status="ended")
    store.record_event(session, session_id="s1", status="Failed", dropped=True, phone=PHONE)
    assert store.load(session, session_id="s1", phone=PHONE).status == "ended"
    assert session.scalars(select(UssdSession)).one().status == "ended"


def test_event_of_a_session_never_answered_ends_it(store, session):
    """A late hop of a session known only from its report finds it ended."""
    store.record_event(session, session_id="lost", status="Failed", dropped=True,
                       phone="081234500009")
    state = store.load(session, session_id="lost", phone=PHONE)
    assert (state.known, state.status) == (True, "ended")
    assert session.scalars(select(UssdSession)).one().phone == PHONE


@pytest.mark.parametrize("beside_work", [False, True], ids=["alone", "beside-work"])
def test_a_repeated_first_hop_updates_the_same_row(session, driver_sql, beside_work):
    """Two saves of a session the process thought new leave one row, and the hop's work."""
    first = load_ussd_session(session, session_id="s1", phone=PHONE, driver_sql=driver_sql)
    second = load_ussd_session(session, session_id="s1", phone=PHONE, driver_sql=driver_sql)
    save_ussd_session(session, state=first, driver_sql=driver_sql)
    if beside_work:
        session.add(Citizen(phone=PHONE, language="en"))
        session.flush()
    second.screen = "menu"
    # Beside work, the failed insert is undone in a savepoint: the work stays.
    save_ussd_session(session, state=second, driver_sql=driver_sql)
    session.commit()
    assert session.scalar(select(func.count()).select_from(UssdSession)) == 1
    row = session.scalars(select(UssdSession)).one()
    assert (row.screen, row.hops) == ("menu", 2)
    assert session.scalar(select(func.count()).select_from(Citizen)) == int(beside_work)


def test_the_stored_row_is_what_the_orm_reads(session, driver_sql):
    """A hop saved either way reads back through the ORM: zone, JSON, flags, hop count."""
    store = DatabaseSessionStore(driver_sql=driver_sql)
    _save(store, session, "s1", screen="menu")
    later = T0 + timedelta(seconds=42)
    _save(store, session, "s1", now=later, screen="cmp_unit", resumable=True,
          data={"values": {"unit_id": 3}})
    row = session.scalars(select(UssdSession)).one()
    session.refresh(row)
    assert (row.hops, row.screen, row.resumable, row.data) == (
        2, "cmp_unit", True, {"values": {"unit_id": 3}})
    assert row.updated_at == later


def _committed_sessions(engine) -> list[str]:
    """The sessions another connection sees: only committed ones (it reads beside a writer)."""
    with engine.connect().execution_options(**{READ_ONLY: True}) as connection:
        return connection.execute(select(UssdSession.session_id)).scalars().all()


def test_a_hop_with_nothing_filed_commits_its_state_at_once(session, engine, driver_sql):
    """The store's named exception: its own state, in a transaction of its own."""
    _save(DatabaseSessionStore(driver_sql=driver_sql), session, "s1", screen="menu")
    assert not session.in_transaction()
    assert _committed_sessions(engine) == ["s1"]


def test_a_hop_that_filed_something_leaves_the_commit_to_its_entry_point(
        session, engine, driver_sql):
    """The state joins the hop's unit of work: committed with it or not at all."""
    store = DatabaseSessionStore(driver_sql=driver_sql)
    _save(store, session, "s1", screen="menu")
    session.add(Citizen(phone=PHONE, language="en"))
    session.flush()
    _save(store, session, "s1", screen="cmp_unit")
    _save(store, session, "s2", screen="menu")
    assert _committed_sessions(engine) == ["s1"]
    session.rollback()
    assert store.load(session, session_id="s1", phone=PHONE).screen == "menu"
    assert session.scalars(select(Citizen)).all() == []
    assert _committed_sessions(engine) == ["s1"]


def test_an_end_of_session_report_leaves_the_commit_to_its_entry_point(store, session):
    """The report is added and flushed, never committed by the store."""
    _save(store, session, "s1", screen="cmp_description", resumable=True)
    store.record_event(session, session_id="s1", status="Incomplete", dropped=True, phone=PHONE)
    assert session.scalars(select(UssdSession.end_status)).one() == "Incomplete"
    session.rollback()
    assert session.scalars(select(UssdSession.end_status)).all() in ([], [None])


def test_the_session_store_never_commits_its_callers_session():
    """Only its own connections commit (core/sessions/statements.py)."""
    package = Path(__file__).resolve().parents[2] / "core" / "sessions"
    for module in package.glob("*.py"):
        assert "session.commit()" not in module.read_text(encoding="utf-8"), module.name


@pytest.mark.parametrize("setting", ["", "database", "memcached://x", "redis-ish"])
def test_the_store_setting(setting):
    """'database' (or nothing) is the database; a Redis URL is Redis; anything else is refused."""
    if setting in ("", "database"):
        assert isinstance(open_session_store(setting, key_prefix="x:"), DatabaseSessionStore)
        assert not open_session_store(setting, key_prefix="x:", driver_sql=False).driver_sql
    else:
        with pytest.raises(ValueError, match="LAYANAN_USSD_SESSION_STORE"):
            open_session_store(setting, key_prefix="x:")


def test_redis_url_opens_the_redis_store():
    """No connection is made until the first hop."""
    store = open_session_store("redis://127.0.0.1:1/0", key_prefix="x:")
    assert isinstance(store, RedisSessionStore) and store.key_prefix == "x:"


def test_unrated_request_is_the_latest_completed_one(session):
    """Completed, not yet rated, the citizen's own, newest first."""
    older = make_request(session, phone=PHONE, now=T0)
    newer = make_request(session, phone=PHONE, now=T0 + timedelta(days=1))
    make_request(session, phone="+6281234500008")
    assert find_unrated_request(session, phone=PHONE) is None
    for ticket, day in ((older, 3), (newer, 2)):
        for action in ("verify", "complete"):
            apply_ticket_action(session, ticket_id=ticket.id, action=action,
                                now=T0 + timedelta(days=day))
    assert find_unrated_request(session, phone="081234500009").id == older.id
    # It reads in the caller's transaction, which a write can follow on any database.
    record_survey_response(session, answers=[4] * 9, channel="ussd", ticket_id=older.id)
    assert find_unrated_request(session, phone=PHONE).id == newer.id


def test_the_store_reads_the_unrated_request_without_a_transaction_of_the_hop(store, session):
    """The USSD survey menu's lookup, the store's way: the same answer, and nothing held after."""
    ticket = make_request(session, phone=PHONE, now=T0)
    for action in ("verify", "complete"):
        apply_ticket_action(session, ticket_id=ticket.id, action=action, now=T0)
    session.commit()
    ticket_id, number = ticket.id, ticket.number
    read = partial(store.read_first, session)
    found = find_unrated_request(session, phone=PHONE, read=read)
    assert found == find_unrated_request(session, phone=PHONE)
    assert (found.id, found.number) == (ticket_id, number)
    session.rollback()
    assert find_unrated_request(session, phone=PHONE, read=read).id == ticket_id
    assert not session.in_transaction()
    record_survey_response(session, answers=[4] * 9, channel="ussd", ticket_id=ticket_id)
    session.commit()
    assert find_unrated_request(session, phone=PHONE, read=read) is None
