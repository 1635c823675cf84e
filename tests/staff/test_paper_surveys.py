"""Paper SKM in the back office (issue 16): print numbered sheets, enter filled ones in batches."""

import re
from datetime import UTC, datetime

from sqlalchemy import func, select

from core.models import AuditEntry, SurveyResponse

THIS_YEAR = datetime.now(UTC).year


def print_page(world, query=""):
    """The printable questionnaire of unit A."""
    return f"/staff/unit/{world.unit_a.id}/skm-kertas{query}"


def entry_page(world, unit=None):
    """The batch entry page of unit A (or another unit)."""
    return f"/staff/unit/{(unit or world.unit_a).id}/skm-kertas/isi"


def serial(world, number, unit=None):
    """The serial printed on sheet `number` of unit A this year."""
    return f"{(unit or world.unit_a).id}-{THIS_YEAR}-{number:04d}"


def enter(client, world, text, unit=None):
    """Open the entry page (for its token) and post the typed lines."""
    client.get(entry_page(world, unit))
    return client.post(entry_page(world, unit), {"lines": text})


def stored(session) -> int:
    """How many survey responses are stored (a fresh read)."""
    session.expire_all()
    return session.scalar(select(func.count()).select_from(SurveyResponse))


def test_the_printable_page_has_n_numbered_sheets_with_the_unit_and_questions(world, staff):
    page = staff(world.emails["head_a"]).get(print_page(world, "?jumlah=5&mulai=11"))
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    serials = re.findall(rf"<strong>({world.unit_a.id}-{THIS_YEAR}-\d{{4}})</strong>", html)
    assert serials == [serial(world, n) for n in range(11, 16)]
    assert html.count('class="sheet"') == 5
    assert html.count("Puskesmas Alfa") >= 5
    assert "Kecepatan waktu pelayanan?" in html and "Dikelola dengan baik" in html
    assert "(SMA)" in html and "(PNS)" in html
    assert re.search(r"/static/paper\.\w+\.css", html)
    assert "<script" not in html and "style=" not in html


def test_odd_print_numbers_fall_back_to_the_defaults(world, staff):
    html = staff(world.emails["admin"]).get(print_page(world, "?jumlah=٣&mulai=-1")) \
        .get_data(as_text=True)
    assert html.count('class="sheet"') == 20
    assert serial(world, 1) in html


def test_the_report_links_both_pages(world, staff):
    html = staff(world.emails["head_a"]).get(f"/staff/laporan?unit={world.unit_a.id}") \
        .get_data(as_text=True)
    assert print_page(world) in html and entry_page(world) in html


def test_a_batch_is_stored_audited_and_counted(world, staff, session):
    head = staff(world.emails["head_a"])
    page = head.get(entry_page(world)).get_data(as_text=True)
    assert "Tabel kode" in page and "LAIN" in page
    text = f"{serial(world, 1)} 344343434 L 34 SMA PNS\n\n{serial(world, 2)} 111122223"
    response = enter(head, world, text)
    assert response.status_code == 302
    assert "2 lembar disimpan" in head.get(entry_page(world)).get_data(as_text=True)
    session.expire_all()
    rows = session.scalars(select(SurveyResponse).order_by(SurveyResponse.id)).all()
    assert [(r.channel, r.tally, r.client_key) for r in rows] == [
        ("counter", "counter", f"paper:{serial(world, 1)}"),
        ("counter", "counter", f"paper:{serial(world, 2)}")]
    assert session.scalars(select(AuditEntry.action)
                           .where(AuditEntry.action == "paper_surveys")).all() == ["paper_surveys"]


def test_a_repeated_serial_is_refused_naming_the_sheet_and_nothing_is_stored(world, staff,
                                                                            session):
    head = staff(world.emails["head_a"])
    assert enter(head, world, f"{serial(world, 1)} 344343434").status_code == 302
    session.commit()
    again = enter(head, world, f"{serial(world, 2)} 444444444\n{serial(world, 1)} 111111111")
    html = again.get_data(as_text=True)
    assert again.status_code == 422
    assert "Baris 2:" in html and serial(world, 1) in html and "344343434" in html
    assert stored(session) == 1


def test_bad_lines_are_listed_in_the_officers_language(world, staff, session):
    head = staff(world.emails["head_a"])
    head.client.get("/bahasa/en")
    text = (f"{serial(world, 1)} 344343435\n{serial(world, 2)} 34434343\n"
            f"{serial(world, 3)} 344343434 X\n 344343434\n"
            f"{serial(world, 4, world.unit_b)} 344343434")
    refused = enter(head, world, text)
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert "Line 1:" in html and "The answer to U9 is 5" in html
    assert "Line 2:" in html and "There are 8 answer digits" in html
    assert "Line 3:" in html and "Code &#34;X&#34; not recognised" in html
    assert "Line 4:" in html and "Line 5:" in html and "belongs to another unit" in html
    assert "No sheet was saved" in html
    assert stored(session) == 0


def test_entering_needs_the_csrf_token(world, staff, session):
    head = staff(world.emails["head_a"])
    head.get(entry_page(world))
    response = head.client.post(entry_page(world), data={"lines": f"{serial(world, 1)} 344343434"})
    assert response.status_code == 400
    assert stored(session) == 0


def test_officers_of_another_unit_and_other_roles_are_kept_out(world, staff, session):
    head_b = staff(world.emails["head_b"])
    assert head_b.get(print_page(world)).status_code == 404
    assert head_b.get(entry_page(world)).status_code == 404
    head_b.get(entry_page(world, world.unit_b))
    assert head_b.post(entry_page(world), {"lines": f"{serial(world, 1)} 344343434"}) \
        .status_code == 404
    assert staff(world.emails["officer_a"]).get(entry_page(world)).status_code == 403
    assert staff(world.emails["auditor"]).get(print_page(world)).status_code == 403
    assert stored(session) == 0


def test_a_serial_twice_in_one_batch_names_the_first_line(world, staff, session):
    head = staff(world.emails["head_a"])
    text = (f"{serial(world, 5)} 344343434\n{serial(world, 6)} 344343434\n"
            f"{serial(world, 5)} 111111111")
    refused = enter(head, world, text)
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert f"Baris 3: Nomor lembar {serial(world, 5)} sudah ada di baris 1." in html
    assert stored(session) == 0
