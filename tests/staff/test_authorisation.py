"""Who sees what: one table of role x page x unit, walked for every role.

Unit A's people see unit A only; a record of another unit answers 404 (as
if it did not exist), by URL, by search and by export; a page the role may
not use at all answers 403. Admins and auditors see every unit; auditors
never change anything.
"""

import pytest

from core.tickets.numbers import grouped_ticket_number

ROLES = ("admin", "auditor", "head_a", "officer_a", "officer_b")


def pages(w):
    """Every back-office URL of the matrix, by name."""
    t, a, b = w.tickets, w.unit_a.id, w.unit_b.id
    return {
        "queue": "/staff/",
        "queue_a": f"/staff/?unit={a}",
        "queue_b": f"/staff/?unit={b}",
        "queue_unassigned": "/staff/?unit=none",
        "ticket_a": f"/staff/tiket/{t['anon_a'].id}",
        "ticket_b": f"/staff/tiket/{t['complaint_b'].id}",
        "ticket_unassigned": f"/staff/tiket/{t['unassigned'].id}",
        "search_a": f"/staff/cari?nomor={t['anon_a'].number}",
        "search_b": f"/staff/cari?nomor={t['complaint_b'].number}",
        "export_a": f"/staff/antrean.csv?unit={a}",
        "export_b": f"/staff/antrean.csv?unit={b}",
        "export_unassigned": "/staff/antrean.csv?unit=none",
        "photo_a": f"/staff/tiket/{t['anon_a'].id}/lampiran/{w.attachments['anon_a']}",
        "photo_b": f"/staff/tiket/{t['complaint_b'].id}/lampiran/{w.attachments['complaint_b']}",
        "report_a": f"/staff/laporan?unit={a}",
        "report_b": f"/staff/laporan?unit={b}",
        "report_service_b": f"/staff/laporan?service={w.service_b.id}",
        "report_csv_b": f"/staff/laporan.csv?unit={b}",
        "overdue_a": f"/staff/terlambat?unit={a}",
        "overdue_b": f"/staff/terlambat?unit={b}",
        "accounts": "/staff/akun",
        "audit": "/staff/audit",
        "practices": "/staff/praktik-baik",
        "publish": "/staff/praktik-baik/baru",
        "devices": "/staff/perangkat",
    }


# Expected status per page for:  admin auditor head_a officer_a officer_b
MATRIX = {
    "queue":             (200, 200, 200, 200, 200),
    "queue_a":           (200, 200, 200, 200, 404),
    "queue_b":           (200, 200, 404, 404, 200),
    "queue_unassigned":  (200, 200, 404, 404, 404),
    "ticket_a":          (200, 200, 200, 200, 404),
    "ticket_b":          (200, 200, 404, 404, 200),
    "ticket_unassigned": (200, 200, 404, 404, 404),
    "search_a":          (302, 302, 302, 302, 404),
    "search_b":          (302, 302, 404, 404, 302),
    "export_a":          (200, 200, 200, 200, 404),
    "export_b":          (200, 200, 404, 404, 200),
    "export_unassigned": (200, 200, 404, 404, 404),
    "photo_a":           (200, 200, 200, 200, 404),
    "photo_b":           (200, 200, 404, 404, 200),
    "report_a":          (200, 200, 200, 403, 403),
    "report_b":          (200, 200, 404, 403, 403),
    "report_service_b":  (200, 200, 404, 403, 403),
    "report_csv_b":      (200, 200, 404, 403, 403),
    "overdue_a":         (200, 200, 200, 403, 403),
    "overdue_b":         (200, 200, 404, 403, 403),
    "accounts":          (200, 403, 403, 403, 403),
    "audit":             (200, 200, 403, 403, 403),
    "practices":         (200, 200, 200, 200, 200),
    "publish":           (200, 403, 200, 403, 403),
    "devices":           (200, 403, 200, 403, 403),
}
# Actions posted to a ticket:   admin auditor head_a officer_a officer_b
ACTIONS = {
    ("ticket_a", "verify"):      (302, 403, 302, 302, 404),
    ("ticket_b", "verify"):      (302, 403, 404, 404, 302),
    ("unassigned", "forward"):   (302, 403, 404, 404, 404),
}


@pytest.mark.parametrize("role", ROLES)
def test_authorisation_matrix(world, staff, role):
    """Every page and action answers each role as the table says (all mismatches listed)."""
    client = staff(world.emails[role])
    column = ROLES.index(role)
    urls = pages(world)
    wrong = {}
    for name, expected in MATRIX.items():
        got = client.get(urls[name]).status_code
        if got != expected[column]:
            wrong[name] = (got, expected[column])
    targets = {"ticket_a": world.tickets["anon_a"], "ticket_b": world.tickets["complaint_b"],
               "unassigned": world.tickets["unassigned"]}
    for (target, action), expected in ACTIONS.items():
        ticket = targets[target]
        client.get("/staff/")
        response = client.post(f"/staff/tiket/{ticket.id}/tindakan/{action}",
                               {f"{action}-action": action, f"{action}-note": "Catatan uji",
                                f"{action}-to_unit": str(world.unit_a.id)},
                               token_field=f"{action}-csrf_token")
        if response.status_code != expected[column]:
            wrong[f"{action} {target}"] = (response.status_code, expected[column])
    assert wrong == {}


def test_signed_out_visitors_are_sent_to_sign_in(world, client):
    """Without a session every back-office page redirects to the sign-in page."""
    for name, url in pages(world).items():
        response = client.get(url)
        assert response.status_code == 302, name
        assert "/staff/masuk" in response.headers["Location"], name


def test_other_units_ticket_is_not_in_own_queue_or_export(world, staff):
    """Unit A's queue and CSV hold A's tickets only: nothing of B or the unrouted."""
    officer = staff(world.emails["officer_a"])
    for url in ("/staff/", "/staff/antrean.csv", "/staff/?order=urgent"):
        body = officer.get(url).get_data(as_text=True)
        # Pages show a number grouped, the CSV as stored: either way counts as listed.
        shown = {name: grouped_ticket_number(world.tickets[name].number) in body
                 or world.tickets[name].number in body
                 for name in ("anon_a", "complaint_b", "unassigned")}
        assert shown == {"anon_a": True, "complaint_b": False, "unassigned": False}, url


def test_forwarded_ticket_leaves_the_old_units_sight(world, staff):
    """After A forwards a ticket to B, A's officer gets 404 and B's officer sees it."""
    ticket = world.tickets["anon_a"]
    officer_a = staff(world.emails["officer_a"])
    response = officer_a.act(ticket.id, "forward", note="Bukan kewenangan kami.",
                             to_unit=str(world.unit_b.id))
    assert response.status_code == 302
    assert officer_a.get(f"/staff/tiket/{ticket.id}").status_code == 404
    assert staff(world.emails["officer_b"]).get(f"/staff/tiket/{ticket.id}").status_code == 200
