"""/staff/tugas: admins and auditors read how each duty ran; an admin runs one now."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from core.db import make_session_factory
from core.duties.lease import finish, take
from core.duties.schedule import NAMES
from core.models import AuditEntry, Duty

PAGE = "/staff/tugas"


@pytest.fixture
def sessions_of(engine):
    """Sessions of their own, as the scheduler's hosts have."""
    return make_session_factory(engine)


def test_admin_and_auditor_read_every_duty(world, staff, sessions_of):
    """Label, last run (WIB), outcome, result, failures; a duty never run says so."""
    moment = datetime(2026, 3, 2, 0, 5, tzinfo=UTC)
    with sessions_of() as session:
        take(session, "retention", owner="host:1", now=moment, lease=timedelta(minutes=10))
        finish(session, "retention", owner="host:1", now=moment, outcome="failed",
               result="OperationalError: database is locked", next_run_at=moment)
    for key in ("admin", "auditor"):
        page = staff(world.emails[key]).get(PAGE)
        assert page.status_code == 200
        html = page.get_data(as_text=True)
        assert "Penghapusan data lama" in html and "2026-03-02 07:05" in html
        assert "OperationalError: database is locked" in html and "Gagal" in html
        assert html.count("Belum pernah dijalankan") == len(NAMES) - 1
        assert ("Jalankan sekarang" in html) == (key == "admin")
        assert 'href="/staff/tugas"' in html


def test_unit_roles_may_not_see_the_page(world, staff):
    """Unit heads and officers are refused, as on the audit trail; no link either."""
    for key in ("head_a", "officer_a"):
        client = staff(world.emails[key])
        assert client.get(PAGE).status_code == 403
        assert 'href="/staff/tugas"' not in client.get("/staff/").get_data(as_text=True)


def test_run_now_makes_the_duty_due_with_csrf(world, staff, sessions_of):
    """The admin's button sets next_run_at to now (audited); no token, no change."""
    far = datetime.now(UTC) + timedelta(days=1)
    with sessions_of() as session:
        take(session, "statistics", owner="host:1", now=datetime.now(UTC),
             lease=timedelta(minutes=10))
        finish(session, "statistics", owner="host:1", now=datetime.now(UTC), outcome="ok",
               result="rows 1", next_run_at=far)
    admin = staff(world.emails["admin"])
    admin.get(PAGE)
    bare = admin.client.post(f"{PAGE}/statistics/jalankan")
    assert bare.status_code == 400
    assert next_run(sessions_of, "statistics") == far
    done = admin.post(f"{PAGE}/statistics/jalankan")
    assert done.status_code == 302 and done.headers["Location"].endswith(PAGE)
    assert next_run(sessions_of, "statistics") <= datetime.now(UTC)
    with sessions_of() as session:
        assert session.scalars(select(AuditEntry.target).where(
            AuditEntry.action == "duty_run_now")).all() == ["duty:statistics"]
    assert admin.post(f"{PAGE}/nope/jalankan").status_code == 404


def test_an_auditor_may_not_run_a_duty(world, staff, sessions_of):
    """Read-only: the post is refused and nothing changes."""
    auditor = staff(world.emails["auditor"])
    auditor.get(PAGE)
    assert auditor.post(f"{PAGE}/retention/jalankan").status_code == 403
    with sessions_of() as session:
        assert session.scalars(select(Duty)).all() == []


def next_run(sessions_of, name):
    """The duty's next run as committed."""
    with sessions_of() as session:
        return session.get(Duty, name).next_run_at
