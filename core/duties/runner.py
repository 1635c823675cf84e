"""Running the duties that are due: each under its lease, in its own units of work.

A failing duty is recorded as failed (the exception's type and message, on
one line, phone numbers hidden) and the others still run. Each run logs one
line through the "layanan.duties" logger, whose fields the JSON log keeps.
"""

import logging
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import sessionmaker

from core.clock import now_utc
from core.db import unit_of_work
from core.duties.lease import FAILED, OK, finish, one_line, renew, take
from core.duties.schedule import DEFAULT_DIGEST_HOUR, SCHEDULE, DutySchedule
from core.duties.work import WORK, DutyContext

log = logging.getLogger("layanan.duties")
# A number in an error message may be someone's phone: never stored or logged.
_NUMBER = re.compile(r"\+?\d[\d ]{6,}\d")


@dataclass(frozen=True)
class DutyRun:
    """How one run ended: the duty, ok or failed, its one-line result, how long it took."""

    duty: str
    outcome: str
    result: str
    duration_ms: int


def run_due(sessions: sessionmaker, *, owner: str, config: Mapping, now: datetime | None = None,
            only: str | None = None, force: bool = False) -> list[DutyRun]:
    """Run every duty that is due (or `only` that one; `force`: even if not due); one pass.

    `now` fixes the clock (for tests); by default each duty reads the real time.
    """
    runs = []
    for duty in SCHEDULE:
        if only is not None and duty.name != only:
            continue
        moment = now or now_utc()
        with sessions() as session:
            taken = take(session, duty.name, owner=owner, now=moment, lease=duty.lease,
                         force=force)
        if taken:
            runs.append(_run(sessions, duty, owner=owner, config=config, now=moment,
                             fixed_clock=now is not None))
    return runs


def _run(sessions: sessionmaker, duty: DutySchedule, *, owner: str, config: Mapping,
         now: datetime, fixed_clock: bool) -> DutyRun:
    """Run one duty it holds the lease of, record its outcome and log it."""
    started = time.monotonic()

    def renew_lease() -> bool:
        with sessions() as session, unit_of_work(session):
            return renew(session, duty.name, owner=owner, now=now_utc(), lease=duty.lease)

    context = DutyContext(sessions=sessions, config=dict(config), now=now, renew=renew_lease)
    try:
        outcome, result = OK, WORK[duty.name](context)
    except Exception as error:
        outcome, result = FAILED, describe_failure(error)
        log.debug("duty %s failed", duty.name, exc_info=True)
    ended = now if fixed_clock else now_utc()
    next_run = duty.next_run_after(ended, digest_hour=config.get("DIGEST_HOUR",
                                                                DEFAULT_DIGEST_HOUR),
                                   failed=outcome == FAILED)
    run = DutyRun(duty.name, outcome, one_line(result),
                  int((time.monotonic() - started) * 1000))
    try:
        with sessions() as session:
            if not finish(session, duty.name, owner=owner, now=ended, outcome=outcome,
                          result=run.result, next_run_at=next_run):
                log.warning("duty %s outlived its lease: another host took it over", duty.name)
    except Exception as error:
        # The database went away: the lease ends by itself and the duty runs again.
        log.warning("duty %s: outcome not stored (%s)", duty.name, describe_failure(error))
    level = logging.INFO if outcome == OK else logging.WARNING
    log.log(level, "duty %s %s: %s", run.duty, run.outcome, run.result,
             extra={"duty": run.duty, "outcome": run.outcome, "result": run.result,
                    "duration_ms": run.duration_ms})
    return run


def describe_failure(error: BaseException) -> str:
    """The exception's type and message on one line, with any long number hidden."""
    text = f"{type(error).__name__}: {error}"
    return one_line(_NUMBER.sub("[nomor]", text))


def serve_duties(sessions: sessionmaker, *, owner: str, config: Mapping, interval: float = 30.0,
                 max_rounds: int | None = None) -> None:
    """Run what is due every `interval` seconds, forever or for `max_rounds` rounds.

    Safe on every host at once: the lease lets one run each duty.
    """
    rounds = 0
    while max_rounds is None or rounds < max_rounds:
        try:
            run_due(sessions, owner=owner, config=config)
        except Exception:
            # A database hiccup must not kill the scheduler; the next round retries.
            log.exception("duties round failed")
        rounds += 1
        if max_rounds is None or rounds < max_rounds:
            time.sleep(interval)
