"""USSD session state, kept outside the process so that any worker can serve any hop.

The channel loads a session at the start of a hop, changes the plain
`UssdState`, and saves it at the end; nothing about a session lives in
process memory. The core stores the channel's screen names and entered data
without interpreting them. Two stores keep sessions:

- the database (the default): a gateway session is a row of ussd_sessions,
  keyed by the gateway's sessionId;
- Redis, when LAYANAN_USSD_SESSION_STORE names a redis:// URL
  (core/sessions/redis_store.py): no database transaction on a hop that only moves
  through the menus. The database then receives each session's row with the
  gateway's end-of-session report.

A journey that dropped (the citizen went silent, the network cut it, or the
gateway reported it dropped) can be taken over by the next dial from the
same phone within RESUME_WINDOW.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from core.clock import now_utc
from core.errors import InvalidPhoneNumber
from core.i18n import DEFAULT_LANGUAGE, normalise_language
from core.models import Citizen, UssdSession
from core.phones import normalise_phone
from core.sessions.statements import Read, read_first, reading, writing

RESUME_WINDOW = timedelta(minutes=10)
# A hop's statements are Core statements built once (composing one costs more
# than running it); core/sessions/statements.py says where they run.
_SESSIONS = UssdSession.__table__
# What a hop changes, in the table and in a Redis document alike.
SAVED_FIELDS = ("language", "screen", "page", "data", "consumed", "last_reply", "strikes",
                "status", "resumable")
_LOAD = select(_SESSIONS.c.phone, *(_SESSIONS.c[name] for name in SAVED_FIELDS)).where(
    _SESSIONS.c.session_id == bindparam("key"))
_UPDATE = update(_SESSIONS).where(_SESSIONS.c.session_id == bindparam("key")).values(
    hops=_SESSIONS.c.hops + 1, updated_at=bindparam("moment"),
    **{name: bindparam(name) for name in SAVED_FIELDS})
_INSERT = insert(_SESSIONS).values(
    session_id=bindparam("key"), phone=bindparam("phone"), hops=1,
    service_code=bindparam("service_code"), network_code=bindparam("network_code"),
    created_at=bindparam("moment"), updated_at=bindparam("moment"),
    **{name: bindparam(name) for name in SAVED_FIELDS})
_LANGUAGE = select(Citizen.__table__.c.language).where(
    Citizen.__table__.c.phone == bindparam("phone"))
_LATEST = (
    select(*(_SESSIONS.c[name] for name in (
        "session_id", "screen", "page", "data", "resumable", "status")))
    .where(_SESSIONS.c.phone == bindparam("phone"), _SESSIONS.c.updated_at >= bindparam("since"),
           _SESSIONS.c.session_id != bindparam("key"))
    .order_by(_SESSIONS.c.updated_at.desc(), _SESSIONS.c.id.desc())
    .limit(1)
)


@dataclass
class ResumeOffer:
    """An unfinished journey of the same phone that a new session may take over."""

    session_id: str
    screen: str
    page: int
    data: dict


@dataclass
class UssdState:
    """Where a session is: the channel changes it during a hop, then saves it."""

    session_id: str
    phone: str
    language: str = DEFAULT_LANGUAGE
    screen: str = ""
    page: int = 0
    data: dict = field(default_factory=dict)
    consumed: str = ""
    last_reply: str = ""
    strikes: int = 0
    status: str = "active"
    resumable: bool = False
    # False until the first save: the gateway's first hop of this session.
    known: bool = False
    resume_offer: ResumeOffer | None = None


class UssdSessionStore(Protocol):
    """Where sessions live: the database (DatabaseSessionStore) or Redis (RedisSessionStore)."""

    def load(self, db: Session, *, session_id: str, phone: str,
             now: datetime | None = None) -> UssdState:
        """The saved state of a gateway session, or a fresh one (with any journey to resume)."""

    def save(self, db: Session, *, state: UssdState, service_code: str = "",
             network_code: str = "", now: datetime | None = None) -> None:
        """Store the state after a hop."""

    def record_event(self, db: Session, *, session_id: str, status: str, dropped: bool,
                     **report) -> None:
        """Store the gateway's end-of-session notification (see record_ussd_event)."""

    def read_first(self, db: Session, statement, params: dict) -> dict | None:
        """The first row of a read-only statement a hop asks, run the store's way."""


class DatabaseSessionStore:
    """Sessions as rows of ussd_sessions, on the request's database session.

    `driver_sql` (the setting USSD_DRIVER_SQL) lets a hop's statements take
    the short path at the driver (core/sessions/driver_sql.py).
    """

    def __init__(self, *, driver_sql: bool = True):
        self.driver_sql = driver_sql

    def load(self, db, *, session_id, phone, now=None):
        """See load_ussd_session."""
        return load_ussd_session(db, session_id=session_id, phone=phone, now=now,
                                 driver_sql=self.driver_sql)

    def save(self, db, *, state, service_code="", network_code="", now=None):
        """See save_ussd_session."""
        save_ussd_session(db, state=state, service_code=service_code,
                          network_code=network_code, now=now, driver_sql=self.driver_sql)

    def record_event(self, db, *, session_id, status, dropped, **report):
        """See record_ussd_event."""
        record_ussd_event(db, session_id=session_id, status=status, dropped=dropped, **report)

    def read_first(self, db, statement, params):
        """See statements.read_first: on the store's own connection unless the hop has work."""
        return read_first(db, statement, params, driver_sql=self.driver_sql)


def open_session_store(url: str, *, key_prefix: str, driver_sql: bool = True) -> UssdSessionStore:
    """The store a setting names: "" or "database" for the database, or a redis:// URL.

    `key_prefix` is the prefix of the store's Redis keys (unused by the database);
    `driver_sql` turns the short path at the driver on or off (USSD_DRIVER_SQL).
    """
    if url in ("", "database"):
        return DatabaseSessionStore(driver_sql=driver_sql)
    if url.startswith(("redis://", "rediss://", "unix://")):
        from core.sessions.redis_store import RedisSessionStore

        return RedisSessionStore.from_url(url, key_prefix=key_prefix, driver_sql=driver_sql)
    raise ValueError(f"Unknown USSD session store {url!r} (LAYANAN_USSD_SESSION_STORE): "
                     "use 'database' or a redis:// URL.")


def citizen_language(read: Read, phone: str) -> str:
    """The language the citizen chose on any channel (the default when they never did).

    `read` is a reader of core/sessions/statements.py.
    """
    row = read(_LANGUAGE, {"phone": phone})
    return normalise_language(row and row["language"])


def load_ussd_session(
    session: Session, *, session_id: str, phone: str, now: datetime | None = None,
    driver_sql: bool = True,
) -> UssdState:
    """The saved state of a gateway session, or a fresh one (with any journey to resume).

    Only reads, holding nothing once done: the engine works out the next
    screen holding no lock, and only the save waits for other writers.
    """
    with reading(session, driver_sql=driver_sql) as read:
        saved = read(_LOAD, {"key": session_id})
        if saved is not None:
            return UssdState(session_id=session_id, known=True, **saved)
        e164 = normalise_phone(phone)
        return UssdState(
            session_id=session_id, phone=e164, language=citizen_language(read, e164),
            resume_offer=_resume_offer(read, e164, session_id, now or now_utc()),
        )


def _resume_offer(read: Read, phone: str, session_id: str, moment: datetime):
    latest = read(_LATEST, {"phone": phone, "since": moment - RESUME_WINDOW, "key": session_id})
    # Only the latest session counts: a journey finished or declined since is not offered.
    if latest is None or not latest["resumable"] or latest["status"] not in ("active", "dropped"):
        return None
    return ResumeOffer(latest["session_id"], latest["screen"], latest["page"],
                       dict(latest["data"] or {}))


def save_ussd_session(
    session: Session, *, state: UssdState, service_code: str = "", network_code: str = "",
    now: datetime | None = None, driver_sql: bool = True,
) -> None:
    """Store the state after a hop (inserting the session on its first).

    When the hop has work in the session (it filed something), the state
    joins that work, and the entry point commits both or neither; otherwise
    the state is committed at once on the store's own connection
    (core/sessions/statements.py).
    """
    values = {"key": state.session_id, "moment": now or now_utc(),
              **{name: getattr(state, name) for name in SAVED_FIELDS}}
    # Not durable on its own: a hop lost in a crash costs the citizen one
    # screen (the gateway retries it, or the next dial offers to resume).
    # Beside the caller's work it is as durable as that work.
    if state.known:
        with writing(session, driver_sql=driver_sql, durable=False) as write:
            write(_UPDATE, values)
    else:
        _insert(session, values, phone=state.phone, service_code=service_code,
                network_code=network_code, driver_sql=driver_sql)
    state.known = True


def _insert(session: Session, values: dict, *, phone: str, service_code: str,
            network_code: str, driver_sql: bool) -> None:
    """A session's first save: its row, or an update when a retried first hop inserted it."""
    try:
        with writing(session, driver_sql=driver_sql, durable=False, may_conflict=True) as write:
            write(_INSERT, {**values, "phone": phone, "service_code": service_code[:40],
                            "network_code": network_code[:12]})
    except IntegrityError:
        # The gateway retried the first hop while the first attempt was being
        # saved: that attempt's row stands and this hop updates it. The insert
        # was undone with its own transaction (or savepoint).
        with writing(session, driver_sql=driver_sql, durable=False) as write:
            write(_UPDATE, values)


def record_ussd_event(
    session: Session, *, session_id: str, status: str, dropped: bool, phone: str = "",
    input_text: str = "", duration_ms: int | None = None, hops_count: int | None = None,
    error_message: str = "", cost: str = "", date: str = "", final: UssdState | None = None,
    now: datetime | None = None,
) -> UssdSession:
    """Store the gateway's end-of-session notification; a dropped journey stays resumable.

    `status` is the gateway's own word, kept as received; `dropped` says what
    it means here (the citizen left before finishing), as the channel's
    gateway module reads it. `final` is the session's last state when it was kept elsewhere (Redis):
    the row then archives it with the report. Added and flushed; the caller commits.
    """
    row = session.scalars(
        select(UssdSession).where(UssdSession.session_id == session_id).with_for_update()
    ).one_or_none()
    if row is None:
        # A session we never answered (it failed before reaching us): keep the report.
        moment = now or now_utc()
        row = UssdSession(session_id=session_id, phone=phone_or_raw(phone), status="ended",
                          data={}, created_at=moment, updated_at=moment)
        if final is not None:
            row.phone = final.phone
            for name in SAVED_FIELDS:
                setattr(row, name, getattr(final, name))
        session.add(row)
    row.end_status = status[:12]
    row.end_input = input_text
    row.duration_ms, row.hops_count = duration_ms, hops_count
    row.error_message = error_message[:200] or None
    row.cost, row.end_date = cost[:40] or None, date[:40] or None
    if dropped and row.status == "active":
        row.status = "dropped"
    session.flush()
    return row


def phone_or_raw(phone: str) -> str:
    """The number in E.164 when it is one, else as the gateway sent it (for the record)."""
    try:
        return normalise_phone(phone)
    except InvalidPhoneNumber:
        return phone.strip()[:32]
