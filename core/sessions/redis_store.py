"""USSD sessions in Redis: a hop that only moves through the menus touches no database.

Two kinds of key, both expiring after KEEP_FOR:

- `<prefix>s:<sessionId>`: the session's state as one JSON document;
- `<prefix>p:<phone>`: the id of the phone's latest session, set by its
  first hop, which the next dial reads to offer a dropped journey again
  (RESUME_WINDOW, counted from the saved `updated_at`, not from the key's
  expiry, so that the rule is the database store's exactly).

Writes are whole documents (SET): hops of one session arrive one after the
other, so there is nothing to merge. A retried first hop overwrites the
first attempt's document with the same content.

The database still serves what is not session state: the citizen's language
on the first hop, and everything a hop files. When the gateway reports the
end of a session, its last state goes to the ussd_sessions table with the
report, so the record of sessions stays in one place.
"""

import json
from datetime import datetime, timedelta

import redis
from sqlalchemy.orm import Session

from core.clock import now_utc
from core.phones import normalise_phone
from core.sessions.statements import read_first, reading
from core.sessions.store import (
    RESUME_WINDOW,
    SAVED_FIELDS,
    ResumeOffer,
    UssdState,
    citizen_language,
    phone_or_raw,
    record_ussd_event,
)

# Longer than any gateway session and its resume window, and than the wait
# for the gateway's end-of-session report.
KEEP_FOR = timedelta(hours=1)
# A hop must answer within the gateway's few seconds: a Redis that does not
# answer fails the hop (the citizen gets the "try again" screen) rather than
# hanging the worker.
TIMEOUT_SECONDS = 0.5


class RedisSessionStore:
    """Sessions as JSON documents in Redis (see the module's docstring)."""

    def __init__(self, client: redis.Redis, *, key_prefix: str, driver_sql: bool = True):
        self.client = client
        self.key_prefix = key_prefix
        # Whether the citizen's language is read at the driver (USSD_DRIVER_SQL).
        self.driver_sql = driver_sql

    @classmethod
    def from_url(cls, url: str, *, key_prefix: str, driver_sql: bool = True) -> "RedisSessionStore":
        """A store on the Redis server at url."""
        client = redis.Redis.from_url(url, socket_timeout=TIMEOUT_SECONDS,
                                      socket_connect_timeout=TIMEOUT_SECONDS)
        return cls(client, key_prefix=key_prefix, driver_sql=driver_sql)

    def load(self, db: Session, *, session_id: str, phone: str,
             now: datetime | None = None) -> UssdState:
        """The saved state of a gateway session, or a fresh one (with any journey to resume)."""
        saved = self._read(session_id)
        if saved is not None:
            return _state(session_id, saved)
        e164 = normalise_phone(phone)
        with reading(db, driver_sql=self.driver_sql) as read:
            language = citizen_language(read, e164)
        return UssdState(session_id=session_id, phone=e164, language=language,
                         resume_offer=self._resume_offer(e164, session_id, now or now_utc()))

    def save(self, db: Session, *, state: UssdState, service_code: str = "",
             network_code: str = "", now: datetime | None = None) -> None:
        """Store the state after a hop; a session's first also becomes the phone's latest."""
        moment = now or now_utc()
        document = {name: getattr(state, name) for name in SAVED_FIELDS}
        document.update(phone=state.phone, updated_at=moment.isoformat(),
                        service_code=service_code[:40], network_code=network_code[:12])
        session_key, saved = self._session_key(state.session_id), json.dumps(document)
        if state.known:
            # The phone's key already names this session, for longer than any
            # gateway session lasts.
            self.client.set(session_key, saved, ex=KEEP_FOR)
        else:
            # One round trip for both keys; no MULTI needed, as each SET stands alone.
            pipeline = self.client.pipeline(transaction=False)
            pipeline.set(session_key, saved, ex=KEEP_FOR)
            pipeline.set(self._phone_key(state.phone), state.session_id, ex=KEEP_FOR)
            pipeline.execute()
        state.known = True

    def read_first(self, db: Session, statement, params: dict) -> dict | None:
        """See statements.read_first: on a connection of its own unless the hop has work."""
        return read_first(db, statement, params, driver_sql=self.driver_sql)

    def record_event(self, db: Session, *, session_id: str, status: str, dropped: bool,
                     phone: str = "", **report) -> None:
        """Mark a dropped session in Redis, and archive its last state with the report."""
        saved = self._read(session_id)
        if saved is None:
            # A session we never answered: like its database row, an ended
            # document answers any late hop with END.
            state = UssdState(session_id=session_id, phone=phone_or_raw(phone), status="ended")
            self.save(db, state=state)
            record_ussd_event(db, session_id=session_id, status=status, dropped=dropped,
                              phone=phone, **report)
            return
        if dropped and saved["status"] == "active":
            saved["status"] = "dropped"
            self.client.set(self._session_key(session_id), json.dumps(saved), ex=KEEP_FOR)
        record_ussd_event(db, session_id=session_id, status=status, dropped=dropped, phone=phone,
                          final=_state(session_id, saved), **report)

    def _resume_offer(self, phone: str, session_id: str, moment: datetime):
        latest_id = self.client.get(self._phone_key(phone))
        if latest_id is None or latest_id.decode() == session_id:
            return None
        latest = self._read(latest_id.decode())
        # Only the latest session counts: a journey finished or declined since is not offered.
        if (latest is None or not latest["resumable"]
                or latest["status"] not in ("active", "dropped")
                or datetime.fromisoformat(latest["updated_at"]) < moment - RESUME_WINDOW):
            return None
        return ResumeOffer(latest_id.decode(), latest["screen"], latest["page"],
                           dict(latest["data"] or {}))

    def _read(self, session_id: str) -> dict | None:
        raw = self.client.get(self._session_key(session_id))
        return None if raw is None else json.loads(raw)

    def _session_key(self, session_id: str) -> str:
        return f"{self.key_prefix}s:{session_id}"

    def _phone_key(self, phone: str) -> str:
        return f"{self.key_prefix}p:{phone}"


def _state(session_id: str, saved: dict) -> UssdState:
    """The state of a saved session, from its document."""
    return UssdState(session_id=session_id, phone=saved["phone"], known=True,
                     **{name: saved[name] for name in SAVED_FIELDS})
