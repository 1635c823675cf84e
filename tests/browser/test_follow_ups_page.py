"""The SKM follow-up plan page and the IKM report that links to it, on a 360 px phone."""

from sqlalchemy import select

from core.models import Unit
from tests.browser.test_accessibility import check_page, first, readable, sign_in_officer

PHONE = {"width": 360, "height": 740}


def test_the_plan_page_at_360_px(page, demo_db, axe_source):
    """The report of a unit with a plan, then its plan with the forms: no axe finding, no
    sideways scroll, no small tap target; each action a card with labelled values."""
    page.set_viewport_size(PHONE)
    unit_id = first(demo_db, select(Unit.id).where(Unit.slug == "pkm-talango"))
    sign_in_officer(page)
    page.goto(f"/staff/laporan?unit={unit_id}&dari=2026-01-01&sampai=2026-12-31")
    report = check_page(page, axe_source)
    assert report == [], readable(report)
    page.click("text=Rencana tindak lanjut SKM 2026")
    page.wait_for_url(f"**/staff/unit/{unit_id}/tindak-lanjut?tahun=2026")
    problems = check_page(page, axe_source)
    assert problems == [], readable(problems)
    labels = page.evaluate("""() => [...document.querySelectorAll('table.cards tbody td')]
        .map(td => getComputedStyle(td, '::before').content)""")
    assert labels[:4] == ['"Unsur"', '"Tindakan"', '"Penanggung jawab"', '"Batas waktu"']
