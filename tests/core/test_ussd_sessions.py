"""USSD session state in either store: load, save, resume offers and gateway events.

The tests that take `store` run on the database store and on the Redis store;
the rest check what only the database does (its rows, its short way).
"""

from datetime import UTC, datetime, timedelta

import pytest
import redis
from sqlalchemy import func, select

from core.citizens.registry import set_citizen_language
from core.errors import InvalidPhoneNumber
from core.models import UssdSession
from core.sessions.driver_sql import has_short_way
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


@pytest.fixture(params=["database", "redis"])
def store(request):
    """Each session store in turn."""
    if request.param == "database":
        yield DatabaseSessionStore()
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
    store.record_event(session, session_id="s1", status="Incomplete", phone=PHONE,
                       input_text="2*1", duration_ms=30500, hops_count=3, cost="0.05",
                       date="2026-11-28 10:00:00")
    assert store.load(session, session_id="s1", phone=PHONE).status == "dropped"
    row = session.scalars(select(UssdSession)).one()
    assert (row.phone, row.status, row.screen, row.end_status, row.duration_ms, row.cost) == (
        PHONE, "dropped", "cmp_description", "Incomplete", 30500, "0.05")


def test_event_does_not_reopen_an_ended_session(store, session):
    """A Failed report after our END leaves the session ended."""
    _save(store, session, "s1", status="ended")
    store.record_event(session, session_id="s1", status="Failed", phone=PHONE)
    assert store.load(session, session_id="s1", phone=PHONE).status == "ended"
    assert session.scalars(select(UssdSession)).one().status == "ended"


def test_event_of_a_session_never_answered_ends_it(store, session):
    """A late hop of a session known only from its report finds it ended."""
    store.record_event(session, session_id="lost", status="Failed", phone="081234500009")
    state = store.load(session, session_id="lost", phone=PHONE)
    assert (state.known, state.status) == (True, "ended")
    assert session.scalars(select(UssdSession)).one().phone == PHONE


def test_a_repeated_first_hop_updates_the_same_row(session):
    """Two saves of a session the process thought new leave one row."""
    first = load_ussd_session(session, session_id="s1", phone=PHONE)
    second = load_ussd_session(session, session_id="s1", phone=PHONE)
    save_ussd_session(session, state=first)
    second.screen = "menu"
    save_ussd_session(session, state=second)
    assert session.scalar(select(func.count()).select_from(UssdSession)) == 1
    row = session.scalars(select(UssdSession)).one()
    assert (row.screen, row.hops) == ("menu", 2)


def test_the_short_way_stores_what_the_orm_reads(session):
    """A hop saved at the driver reads back through the ORM: zone, JSON, flags, hop count."""
    _save(DatabaseSessionStore(), session, "s1", screen="menu")
    later = T0 + timedelta(seconds=42)
    _save(DatabaseSessionStore(), session, "s1", now=later, screen="cmp_unit", resumable=True,
          data={"values": {"unit_id": 3}})
    row = session.scalars(select(UssdSession)).one()
    session.refresh(row)
    assert (row.hops, row.screen, row.resumable, row.data) == (
        2, "cmp_unit", True, {"values": {"unit_id": 3}})
    assert row.updated_at == later


def test_a_driver_without_a_rule_takes_the_ordinary_path(session, monkeypatch):
    """Without the short way (another driver), hops load and save all the same."""
    assert has_short_way(session)
    monkeypatch.setattr("core.sessions.driver_sql._WRITE_TURN", {})
    assert not has_short_way(session)
    _save(DatabaseSessionStore(), session, "s1", screen="menu")
    _save(DatabaseSessionStore(), session, "s1", screen="cmp_unit", consumed="2")
    state = load_ussd_session(session, session_id="s1", phone=PHONE)
    assert (state.screen, state.consumed) == ("cmp_unit", "2")
    assert session.scalars(select(UssdSession)).one().hops == 2


def test_only_known_drivers_have_a_short_way():
    """PyMySQL, for one, has no rule: the statements run through the session."""
    from sqlalchemy import create_mock_engine
    from sqlalchemy.orm import Session

    engine = create_mock_engine("mysql+pymysql://", executor=None)
    assert not has_short_way(Session(engine))


@pytest.mark.parametrize("setting", ["", "database", "memcached://x", "redis-ish"])
def test_the_store_setting(setting):
    """'database' (or nothing) is the database; a Redis URL is Redis; anything else is refused."""
    if setting in ("", "database"):
        assert isinstance(open_session_store(setting, key_prefix="x:"), DatabaseSessionStore)
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
    # Its read ends with it: a write after it never runs on a read-only SQLite snapshot.
    assert not session.in_transaction()
    record_survey_response(session, answers=[4] * 9, channel="ussd", ticket_id=older.id)
    assert find_unrated_request(session, phone=PHONE).id == newer.id
