"""A web ticket filed without a proven phone: officers work it, and see no reporter to trust."""

from tests.factories import make_complaint
from tests.staff.test_privacy import staff_urls


def test_officers_see_no_reporter_and_every_page_still_works(world, staff, session):
    """The ticket page says the reporter is unknown; no page or export fails (5xx) over it."""
    ticket = make_complaint(session, unit_id=world.unit_a.id, phone=None,
                            description="Dikirim tanpa masuk.")
    client = staff(world.emails["head_a"])
    assert client.act(ticket.id, "verify").status_code == 302
    page = client.get(f"/staff/tiket/{ticket.id}").get_data(as_text=True)
    assert "Tidak diketahui (dikirim tanpa nomor HP terkonfirmasi)" in page
    assert "None" not in page
    for url in staff_urls(world) + [f"/staff/cari?nomor={ticket.number}"]:
        assert client.get(url, follow_redirects=True).status_code in (200, 403), url
    rows = {line.split(",")[0]: line for line in
            client.get("/staff/antrean.csv").get_data(as_text=True).splitlines()[1:]}
    assert ticket.number in rows and "None" not in rows[ticket.number]
