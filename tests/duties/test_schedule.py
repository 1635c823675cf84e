"""When each duty falls due: every so many minutes, or daily at DIGEST_HOUR local time."""

from datetime import UTC, datetime, timedelta

import pytest

from core.clock import LOCAL_TZ
from core.duties.schedule import DUTIES, NAMES, RETRY_AFTER, next_local_hour


def test_the_duty_names_are_the_fixed_ones():
    """The names other parts (metrics, deploy, docs) rely on."""
    assert NAMES == ("auto_close", "overdue_digest", "survey_expiry", "retention", "statistics")


@pytest.mark.parametrize(("local", "expected"), [
    (datetime(2026, 3, 2, 6, 59, tzinfo=LOCAL_TZ), datetime(2026, 3, 2, 7, 0, tzinfo=LOCAL_TZ)),
    (datetime(2026, 3, 2, 7, 0, tzinfo=LOCAL_TZ), datetime(2026, 3, 3, 7, 0, tzinfo=LOCAL_TZ)),
    (datetime(2026, 3, 2, 23, 30, tzinfo=LOCAL_TZ), datetime(2026, 3, 3, 7, 0, tzinfo=LOCAL_TZ)),
    # 00:30 UTC is already 07:30 in Sumenep: the next one is tomorrow's.
    (datetime(2026, 3, 2, 0, 30, tzinfo=UTC), datetime(2026, 3, 3, 7, 0, tzinfo=LOCAL_TZ)),
])
def test_daily_duties_fall_due_at_the_digest_hour_local(local, expected):
    """The next 07:00 WIB strictly after the run, returned in UTC."""
    for name in ("overdue_digest", "retention", "statistics"):
        upcoming = DUTIES[name].next_run_after(local.astimezone(UTC), digest_hour=7)
        assert upcoming == expected and upcoming.tzinfo == UTC


def test_another_digest_hour_is_honoured():
    """DIGEST_HOUR=5: the daily duties come at 05:00 WIB."""
    now = datetime(2026, 3, 2, 6, 0, tzinfo=LOCAL_TZ)
    assert next_local_hour(now, 5) == datetime(2026, 3, 3, 5, 0, tzinfo=LOCAL_TZ)


def test_interval_duties_and_retry_after_a_failure():
    """Hourly auto-close, survey expiry every 15 minutes; a failed daily duty retries soon."""
    now = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
    assert DUTIES["auto_close"].next_run_after(now) == now + timedelta(hours=1)
    assert DUTIES["survey_expiry"].next_run_after(now) == now + timedelta(minutes=15)
    assert DUTIES["statistics"].next_run_after(now, failed=True) == now + RETRY_AFTER
    assert DUTIES["survey_expiry"].next_run_after(now, failed=True) == now + RETRY_AFTER
