"""Time as the citizen's day sees it: dates of time limits are local dates."""

from datetime import UTC, date, datetime, time, timedelta, timezone

# Sumenep, like all of Java and Madura, is on WIB (UTC+7) and Indonesia has no
# daylight saving, so a fixed offset is exact.
LOCAL_TZ = timezone(timedelta(hours=7), "WIB")


def now_utc() -> datetime:
    """Current time, timezone-aware UTC."""
    return datetime.now(UTC)


def local_date(moment: datetime) -> date:
    """The local calendar date of a moment."""
    return moment.astimezone(LOCAL_TZ).date()


def local_day_start(day: date) -> datetime:
    """The moment a local calendar day begins."""
    return datetime.combine(day, time.min, tzinfo=LOCAL_TZ)


def format_date(day: date) -> str:
    """A date as citizens write it in SMS: 05/12/2026."""
    return day.strftime("%d/%m/%Y")
