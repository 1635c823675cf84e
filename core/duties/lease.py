"""The lease of a duty: one host at a time runs it, and a host that dies frees it.

A row per duty, created on first use with next_run_at = now (a fresh install
runs everything at once). A host takes a duty with one conditional UPDATE:
the lease is free or expired, and the duty is due (unless forced); the
database lets one of two hosts win, so a duty never runs twice at once.
"""

from datetime import datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from core.clock import now_utc
from core.errors import InvalidInput
from core.models import Duty

# How long last_result may be (the column's width).
MAX_RESULT = 400
OK, FAILED = "ok", "failed"


def ensure_duties(session: Session, names: tuple[str, ...], *, now: datetime) -> None:
    """Create the rows of the duties that have none yet, due at once; no commit."""
    existing = set(session.scalars(select(Duty.name).where(Duty.name.in_(names))))
    for name in names:
        if name in existing:
            continue
        try:
            with session.begin_nested():
                session.add(Duty(name=name, next_run_at=now, runs=0, failures=0))
        except IntegrityError:
            # Another host created it at the same moment: theirs is as good.
            pass


def take(session: Session, name: str, *, owner: str, now: datetime, lease: timedelta,
         force: bool = False) -> bool:
    """Take the duty's lease if it is free (or expired) and the duty is due; commit at once.

    `force` runs a duty that is not due yet, still only if no one holds it.
    """
    ensure_duties(session, (name,), now=now)
    conditions = [Duty.name == name,
                  or_(Duty.lease_until.is_(None), Duty.lease_until < now)]
    if not force:
        conditions.append(Duty.next_run_at <= now)
    taken = session.execute(
        update(Duty).where(*conditions)
        .values(lease_owner=owner[:80], lease_until=now + lease, last_started_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    # One of the named exceptions to "services never commit" (docs/architecture.md §4):
    # other hosts must see the duty taken before this one starts running it.
    session.commit()
    return taken == 1


def renew(session: Session, name: str, *, owner: str, now: datetime,
          lease: timedelta) -> bool:
    """Extend a lease this owner still holds (between batches of a long run); no commit."""
    renewed = session.execute(
        update(Duty).where(Duty.name == name, Duty.lease_owner == owner[:80])
        .values(lease_until=now + lease)
        .execution_options(synchronize_session=False)
    ).rowcount
    return renewed == 1


def finish(session: Session, name: str, *, owner: str, now: datetime, outcome: str,
           result: str, next_run_at: datetime) -> bool:
    """Record how the run ended and when the duty is due next, release the lease; commit.

    Nothing is recorded when the lease has passed to another host meanwhile
    (the run outlived it): that host's run is the one the row describes.
    """
    ok = outcome == OK
    values = {
        "lease_owner": None, "lease_until": None, "last_finished_at": now,
        "last_outcome": outcome, "last_result": one_line(result), "runs": Duty.runs + 1,
        "failures": 0 if ok else Duty.failures + 1, "next_run_at": next_run_at,
    }
    if ok:
        values["last_success_at"] = now
    finished = session.execute(
        update(Duty).where(Duty.name == name, Duty.lease_owner == owner[:80]).values(**values)
        .execution_options(synchronize_session=False)
    ).rowcount
    # A named exception too: the run is over, and whatever comes next (the
    # next duty, a crash) must find the lease released and the outcome kept.
    session.commit()
    return finished == 1


def request_run(session: Session, name: str, *, names: tuple[str, ...],
                now: datetime | None = None) -> None:
    """Make a duty due now, so that the scheduler runs it at its next pass; no commit."""
    if name not in names:
        raise InvalidInput("duty")
    moment = now or now_utc()
    ensure_duties(session, names, now=moment)
    session.execute(update(Duty).where(Duty.name == name).values(next_run_at=moment)
                    .execution_options(synchronize_session=False))


def list_duty_rows(session: Session, names: tuple[str, ...]) -> dict[str, Duty]:
    """The rows of the duties that have one, by name (a duty never run has none)."""
    return {duty.name: duty for duty in session.scalars(select(Duty).where(Duty.name.in_(names)))}


def one_line(text: str) -> str:
    """The text on one line, cut to the column's width."""
    return " ".join((text or "").split())[:MAX_RESULT]
