"""The waiting-room screen on a TV: big numbers, nothing personal, no axe finding, no script."""

from datetime import timedelta

from sqlalchemy import delete, select

from core.clock import local_date, now_utc
from core.demo.loader import ADMIN_EMAIL, ADMIN_PASSWORD
from core.models import QueueNumber, Unit
from tests.browser.helpers import violations

TV = {"width": 1920, "height": 1080}


def test_the_screen_is_readable_across_the_room(page, demo_db, axe_source, tmp_path):
    with demo_db() as session:
        unit_id = session.scalars(select(Unit.id).order_by(Unit.id)).first()
        today, moment = local_date(now_utc()), now_utc()
        for number, state in ((1, "called"), (2, "waiting"), (3, "waiting")):
            session.add(QueueNumber(unit_id=unit_id, day=today, number=number, state=state,
                                    channel="sms", taken_at=moment - timedelta(minutes=5),
                                    called_at=moment if state == "called" else None))
        session.commit()
    try:
        page.set_viewport_size(TV)
        page.goto(f"/antrean/{unit_id}/layar")
        now = page.locator("ol.now li").first
        assert now.inner_text() == "1"
        # Read from across a room: the number called is at least 150 px tall.
        assert now.bounding_box()["height"] >= 150
        assert page.locator("ol.upcoming li").all_inner_texts() == ["2", "3"]
        assert violations(page, axe_source) == []
        page.screenshot(path=str(tmp_path / "waiting-room.png"))
        assert page.evaluate("() => document.scrollingElement.scrollWidth") <= TV["width"]
        with demo_db() as session:
            session.add(QueueNumber(unit_id=unit_id, day=today, number=4, state="waiting",
                                    channel="counter", taken_at=moment))
            session.commit()
        # The board comes again by itself (htmx, every 5 s), the page is not reloaded.
        page.locator("ol.upcoming li", has_text="4").wait_for(timeout=12000)
    finally:
        with demo_db() as session:
            session.execute(delete(QueueNumber).where(QueueNumber.unit_id == unit_id))
            session.commit()


def test_the_counter_and_settings_pages_pass_axe_on_a_phone(page, demo_db, axe_source):
    with demo_db() as session:
        unit_id = session.scalars(select(Unit.id).order_by(Unit.id)).first()
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto("/staff/masuk")
    page.fill("#email", ADMIN_EMAIL)
    page.fill("#password", ADMIN_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/staff/", wait_until="domcontentloaded")
    for path in (f"/staff/antrean-loket?unit={unit_id}", f"/staff/unit/{unit_id}/antrean"):
        page.goto(path)
        assert violations(page, axe_source) == [], path
        assert page.evaluate("() => document.scrollingElement.scrollWidth") <= 360, path
