"""Privacy: an anonim reporter is invisible to every officer role on every page and export;
a rahasia report is absent from every public page and the API."""

from datetime import date

import pytest

from core.clock import local_date, now_utc
from core.statistics.figures import refresh_public_figures
from core.statistics.live import unit_performance
from tests.staff.conftest import ANON_NAME, ANON_PHONE, SECRET_TEXT

ROLES = ("admin", "auditor", "head_a", "officer_a")
# The number in every shape it could be printed in, and the name.
ANON_TRACES = (ANON_PHONE, ANON_PHONE[1:], "0" + ANON_PHONE[3:], ANON_PHONE[3:], ANON_NAME)


def staff_urls(w):
    """Every back-office page and export that could show the anonymous ticket or its reporter."""
    t, a = w.tickets["anon_a"], w.unit_a.id
    year = local_date(now_utc()).year
    return [
        "/staff/", f"/staff/?unit={a}", "/staff/?order=urgent", "/staff/?type=pengaduan",
        f"/staff/tiket/{t.id}", f"/staff/cari?nomor={t.number}", "/staff/antrean.csv",
        f"/staff/antrean.csv?unit={a}&type=pengaduan", f"/staff/laporan?unit={a}",
        f"/staff/laporan.csv?unit={a}&dari={year}-01-01&sampai={year}-12-31",
        f"/staff/terlambat?unit={a}", "/staff/terlambat", "/staff/audit", "/staff/akun",
        "/staff/praktik-baik",
    ]


@pytest.mark.parametrize("role", ROLES)
def test_anonymous_reporter_never_shown_to_any_role(world, staff, role):
    """Phone and name stay hidden through every page, export and redirect; 'Anonim' shows."""
    client = staff(world.emails[role])
    if role != "auditor":
        # Acting on the ticket writes history and notifications: still nothing leaks.
        assert client.act(world.tickets["anon_a"].id, "verify").status_code == 302
    seen_anonim = False
    for url in staff_urls(world):
        response = client.get(url, follow_redirects=True)
        if response.status_code == 403:
            continue
        assert response.status_code == 200, url
        body = response.get_data(as_text=True)
        for trace in ANON_TRACES:
            assert trace not in body, (url, trace)
        seen_anonim |= "Anonim" in body
    assert seen_anonim


def test_the_csv_says_anonim_and_keeps_other_reporters(world, staff):
    """The export replaces the anonymous reporter's number, and only theirs."""
    body = staff(world.emails["head_a"]).get("/staff/antrean.csv").get_data(as_text=True)
    rows = {line.split(",")[0]: line for line in body.splitlines()[1:]}
    assert rows[world.tickets["anon_a"].number].count("Anonim") == 1
    assert "6281211110001" in rows[world.tickets["request_a"].number]


def test_anonymous_flag_can_be_raised_by_admin_at_verification(world, staff, session):
    """An admin verifying may make a report anonim; from then on the number is hidden."""
    ticket = world.tickets["complaint_b"]
    admin = staff(world.emails["admin"])
    assert "6281211110004" in admin.get(f"/staff/tiket/{ticket.id}").get_data(as_text=True)
    assert admin.act(ticket.id, "verify", anonymous="y", confidential="y").status_code == 302
    for role in ("admin", "head_b", "officer_b", "auditor"):
        body = staff(world.emails[role]).get(f"/staff/tiket/{ticket.id}").get_data(as_text=True)
        assert "6281211110004" not in body and "Anonim" in body, role
    audit = admin.get("/staff/audit").get_data(as_text=True)
    assert "Perlindungan pelapor diubah" in audit and "Anonim, Rahasia" in audit
    assert "ticket_privacy" not in audit and "anonymous,confidential" not in audit


def test_only_an_admin_can_raise_the_flags(world, staff):
    """A unit officer's attempt to set privacy flags is refused (403) and changes nothing."""
    officer = staff(world.emails["officer_b"])
    ticket = world.tickets["complaint_b"]
    assert officer.act(ticket.id, "verify", anonymous="y").status_code == 403
    assert "6281211110004" in officer.get(f"/staff/tiket/{ticket.id}").get_data(as_text=True)


def public_urls(w):
    """Every public page and API answer that could mention a ticket."""
    year = local_date(now_utc()).year
    return ["/", "/transparansi", f"/transparansi?tahun={year}", "/praktik-baik",
            "/api/v1/units",
            f"/api/v1/ikm?unit={w.unit_a.id}&from={year}-01-01&to={year}-12-31"]


def test_confidential_report_never_on_public_pages_or_api(world, client, staff, session):
    """Its text and number appear nowhere public, even after it is worked and completed."""
    secret = world.tickets["secret_a"]
    officer = staff(world.emails["officer_a"])
    officer.act(secret.id, "verify")
    officer.act(secret.id, "complete", note="Sudah ditindak.")
    refresh_public_figures(session)
    session.commit()
    for url in public_urls(world):
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.get_data(as_text=True)
        assert SECRET_TEXT not in body and secret.number not in body, url


def test_confidential_report_is_left_out_of_transparency_counts(world, client, staff, session):
    """Unit A filed 3 tickets, one rahasia: the public sees 2 received and only those resolved.

    The figures were refreshed before the officer acted: the close updates them at once."""
    refresh_public_figures(session)
    session.commit()
    officer = staff(world.emails["officer_a"])
    for key in ("secret_a", "anon_a"):
        officer.act(world.tickets[key].id, "verify")
        officer.act(world.tickets[key].id, "complete", note="Selesai.")
    year = local_date(now_utc()).year
    figures = {f.unit.id: f for f in unit_performance(
        session, start=date(year, 1, 1), end=date(year, 12, 31))}
    session.commit()
    unit_a = figures[world.unit_a.id]
    assert (unit_a.received, unit_a.resolved) == (2, 1)
    page = client.get("/transparansi").get_data(as_text=True)
    row = page.split("Puskesmas Alfa")[1].split("</tr>")[0]
    assert '<td data-label="Diterima">2</td>' in row and '<td data-label="Selesai">1</td>' in row
