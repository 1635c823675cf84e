"""The table of scheduled duties: each one's name, label, rhythm and lease.

A duty runs every so many minutes, or once a day at DIGEST_HOUR local time
(WIB): the daily ones are the ones a person reads (the digest) or that cost
the most (the statistics snapshot and the retention sweep), so they fall in
the quiet early morning rather than at a moment set by the install time.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from core.clock import LOCAL_TZ, local_date
from core.i18n import N_

# The local hour of the daily duties when the configuration says nothing.
DEFAULT_DIGEST_HOUR = 7
# A failed run is tried again this soon (or at its usual time, if sooner),
# rather than a day later for a daily duty.
RETRY_AFTER = timedelta(minutes=15)


@dataclass(frozen=True)
class DutySchedule:
    """One duty: its fixed name, its label for staff, how often it runs and its lease."""

    name: str
    label: str
    # Every this long; ignored for daily duties.
    every: timedelta | None
    daily: bool
    # How long a host holds the duty; a run never lasts longer (it is kept short,
    # or commits in batches and renews its lease between them).
    lease: timedelta

    def next_run_after(self, now: datetime, *, digest_hour: int = DEFAULT_DIGEST_HOUR,
                       failed: bool = False) -> datetime:
        """When the duty is due again after a run ending at `now` (UTC)."""
        upcoming = next_local_hour(now, digest_hour) if self.daily else now + self.every
        if failed:
            return min(upcoming, now + RETRY_AFTER)
        return upcoming


def next_local_hour(now: datetime, hour: int) -> datetime:
    """The first moment strictly after `now` at which the local clock shows hour:00 (UTC)."""
    day = local_date(now)
    candidate = datetime.combine(day, time(hour % 24), tzinfo=LOCAL_TZ)
    if candidate <= now:
        candidate += timedelta(days=1)
    return candidate.astimezone(UTC)


SCHEDULE: tuple[DutySchedule, ...] = (
    DutySchedule("auto_close", N_("Tutup otomatis tiket tanpa tanggapan"),
                 timedelta(hours=1), False, timedelta(minutes=10)),
    DutySchedule("overdue_digest", N_("Ringkasan tiket terlambat untuk petugas"),
                 None, True, timedelta(minutes=10)),
    DutySchedule("survey_expiry", N_("Kedaluwarsa undangan survei SMS"),
                 timedelta(minutes=15), False, timedelta(minutes=10)),
    DutySchedule("retention", N_("Penghapusan data lama"),
                 None, True, timedelta(minutes=10)),
    DutySchedule("statistics", N_("Statistik publik"),
                 None, True, timedelta(minutes=30)),
)
DUTIES: dict[str, DutySchedule] = {duty.name: duty for duty in SCHEDULE}
NAMES = tuple(DUTIES)
