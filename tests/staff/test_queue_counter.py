"""The counter's queue in the back office, the waiting-room screen and the unit's figures."""

import re
from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import select

from core.citizens.registry import citizen_for_phone
from core.models import AuditEntry, OutboundMessage, QueueNumber, QueueSetting, SurveyResponse
from core.queueing import counter, notices, numbers
from core.queueing.notices import NEAR_TURN_PURPOSE
from core.queueing.numbers import CALLED, NO_SHOW, SERVED, WAITING, take_number
from core.staff.access import Principal
from core.statistics.counter import counter_figures
from tests.factories import make_complaint

# Monday 7 December 2026, 09:00 WIB.
MONDAY_9 = datetime(2026, 12, 7, 2, tzinfo=UTC)
PHONES = [f"+6281277700{i:03d}" for i in range(6)]


@pytest.fixture
def monday(monkeypatch):
    """The queue's clock stands at Monday 09:00 WIB, whatever the machine's says."""
    for module in (numbers, counter, notices):
        monkeypatch.setattr(module, "now_utc", lambda: MONDAY_9)
    return MONDAY_9


@pytest.fixture
def queue_a(session, world, monday):
    """Unit A's queue turned on, with five numbers taken by USSD, SMS and the PWA."""
    session.add(QueueSetting(unit_id=world.unit_a.id, enabled=True, daily_capacity=30,
                             slot_minutes=30, opens_at=time(8), closes_at=time(14),
                             near_when_ahead=1))
    session.flush()
    taken = []
    for index, channel in enumerate(("ussd", "sms", "web", "ussd", "web")):
        citizen = citizen_for_phone(session, PHONES[index])
        taken.append(take_number(session, unit_id=world.unit_a.id, service_id=None,
                                 citizen_id=citizen.id, channel=channel,
                                 client_key=f"q-{index}", now=monday).id)
    session.commit()
    return taken


def states(session, ids):
    """The numbers' states as the app left them (the read ends, so the app may write again)."""
    session.expire_all()
    found = [session.get(QueueNumber, i).state for i in ids]
    session.rollback()
    return found


def near_phones(session):
    """The phones told "your turn is near", in order."""
    session.expire_all()
    found = [m.phone for m in session.scalars(select(OutboundMessage).where(
        OutboundMessage.purpose == NEAR_TURN_PURPOSE).order_by(OutboundMessage.id))]
    session.rollback()
    return found


def call(client, unit_id):
    client.get(f"/staff/antrean-loket?unit={unit_id}")
    return client.post(f"/staff/antrean-loket/{unit_id}/panggil")


def test_the_counter_page_lists_the_day_in_order_without_phones(staff, world, queue_a):
    page = staff(world.emails["officer_a"]).get("/staff/antrean-loket")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    shown = re.findall(r"<td data-label=\"Nomor\"><strong>(\d+)</strong>", text)
    assert shown == ["1", "2", "3", "4", "5"]
    assert "ussd" in text and "sms" in text
    assert not any(p[3:] in text for p in PHONES)
    assert "Panggil berikutnya" in text and "Layani tanpa nomor" in text


def test_a_queue_day_called_in_order_near_sms_once_no_show_skipped(
        session, staff, world, queue_a):
    officer = staff(world.emails["officer_a"])
    unit_id = world.unit_a.id
    assert call(officer, unit_id).status_code == 302
    assert states(session, queue_a) == [CALLED, WAITING, WAITING, WAITING, WAITING]
    assert near_phones(session) == PHONES[1:3]
    call(officer, unit_id)
    assert states(session, queue_a)[:2] == [SERVED, CALLED]
    assert near_phones(session) == PHONES[1:4]
    officer.get(f"/staff/antrean-loket?unit={unit_id}")
    officer.post(f"/staff/antrean-loket/{unit_id}/{queue_a[2]}/tidak-hadir")
    call(officer, unit_id)
    assert states(session, queue_a) == [SERVED, SERVED, NO_SHOW, CALLED, WAITING]
    # Every number told exactly once, the first (called at once) never.
    assert near_phones(session) == PHONES[1:5]


def test_a_walk_in_without_a_number_joins_the_line(session, staff, world, queue_a):
    officer = staff(world.emails["officer_a"])
    officer.get("/staff/antrean-loket")
    response = officer.post(f"/staff/antrean-loket/{world.unit_a.id}/tanpa-nomor",
                            follow_redirects=True)
    assert "Nomor 6 untuk warga di loket" in response.get_data(as_text=True)
    walk_in = session.scalars(select(QueueNumber).where(QueueNumber.number == 6)).one()
    assert (walk_in.citizen_id, walk_in.channel) == (None, "counter")


def test_a_walk_in_where_the_queue_is_off_is_told_so(staff, world):
    officer = staff(world.emails["officer_b"])
    officer.get("/staff/antrean-loket")
    response = officer.post(f"/staff/antrean-loket/{world.unit_b.id}/tanpa-nomor",
                            follow_redirects=True)
    assert "Antrean unit ini tidak dibuka sekarang." in response.get_data(as_text=True)


def test_an_officer_of_another_unit_is_refused(session, staff, world, queue_a):
    other = staff(world.emails["officer_b"])
    other.get("/staff/antrean-loket")
    assert other.post(f"/staff/antrean-loket/{world.unit_a.id}/panggil").status_code == 404
    assert other.post(
        f"/staff/antrean-loket/{world.unit_a.id}/{queue_a[0]}/tidak-hadir").status_code == 404
    head_b = staff(world.emails["head_b"])
    assert head_b.get(f"/staff/unit/{world.unit_a.id}/antrean").status_code == 404
    # Asking for unit A's list shows their own unit's (empty) one instead.
    page = other.get(f"/staff/antrean-loket?unit={world.unit_a.id}").get_data(as_text=True)
    assert "<strong>1</strong>" not in page
    assert states(session, queue_a) == [WAITING] * 5


def test_an_officer_may_not_change_the_settings(staff, world):
    officer = staff(world.emails["officer_a"])
    officer.get("/staff/antrean-loket")
    assert officer.get(f"/staff/unit/{world.unit_a.id}/antrean").status_code == 403


def settings_form(**changes):
    return {"service": "0", "enabled": "y", "daily_capacity": "40", "slot_minutes": "20",
            "opens_at": "08:00", "closes_at": "12:00", "near_when_ahead": "2"} | changes


def test_a_unit_head_sets_the_queue_audited(session, staff, world):
    unit_id, service_id = world.unit_a.id, world.service_a.id
    head = staff(world.emails["head_a"])
    head.get(f"/staff/unit/{unit_id}/antrean")
    response = head.post(f"/staff/unit/{unit_id}/antrean", settings_form())
    assert response.status_code == 302
    setting = session.scalars(select(QueueSetting)).one()
    assert (setting.enabled, setting.daily_capacity, setting.slot_minutes, setting.opens_at,
            setting.closes_at, setting.near_when_ahead, setting.service_id) == (
        True, 40, 20, time(8), time(12), 2, None)
    # The read ends before the app writes again (SQLite holds readers' locks).
    session.rollback()
    head.post(f"/staff/unit/{unit_id}/antrean",
              settings_form(service=str(service_id), daily_capacity="10"))
    assert sorted((s.service_id or 0, s.daily_capacity)
                  for s in session.scalars(select(QueueSetting))) == [(0, 40), (service_id, 10)]
    audit = session.scalars(select(AuditEntry).where(AuditEntry.action == "queue_settings")).all()
    assert len(audit) == 2 and audit[0].target == f"unit:{unit_id}"
    session.rollback()
    page = head.get(f"/staff/unit/{unit_id}/antrean").get_data(as_text=True)
    assert "Layanan Alfa" in page and 'value="40"' in page


@pytest.mark.parametrize("changes", [
    {"daily_capacity": "0"}, {"daily_capacity": "abc"}, {"slot_minutes": "2"},
    {"closes_at": "07:00"}, {"opens_at": ""}, {"near_when_ahead": "99"},
    {"service": "999999"},
])
def test_the_settings_form_refuses_bad_values(session, staff, world, changes):
    head = staff(world.emails["head_a"])
    head.get(f"/staff/unit/{world.unit_a.id}/antrean")
    response = head.post(f"/staff/unit/{world.unit_a.id}/antrean", settings_form(**changes),
                         follow_redirects=True)
    assert "Isian tidak valid." in response.get_data(as_text=True)
    assert session.scalars(select(QueueSetting)).all() == []


def test_another_units_service_is_refused(session, staff, world):
    head = staff(world.emails["head_a"])
    head.get(f"/staff/unit/{world.unit_a.id}/antrean")
    head.post(f"/staff/unit/{world.unit_a.id}/antrean",
              settings_form(service=str(world.service_b.id)))
    assert session.scalars(select(QueueSetting)).all() == []


def test_the_waiting_room_screen_shows_numbers_and_nothing_personal(
        session, client, staff, world, queue_a):
    call(staff(world.emails["officer_a"]), world.unit_a.id)
    response = client.get(f"/antrean/{world.unit_a.id}/layar")
    text = response.get_data(as_text=True)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert re.search(r'<ol class="now"><li>1</li></ol>', text)
    assert re.findall(r"<li>(\d+)</li>", text.split('class="upcoming"')[1]) == ["2", "3", "4", "5"]
    assert 'hx-trigger="every 5s"' in text and "<script>" not in text
    assert not any(p[3:] in text or p[-6:] in text for p in PHONES)
    assert "ussd" not in text.lower().split("sms antre")[0]
    assert client.get("/antrean/999999/layar").status_code == 404
    fragment = client.get(f"/antrean/{world.unit_a.id}/layar", headers={"HX-Request": "true"})
    assert fragment.get_data(as_text=True).startswith("<div id=\"papan\"")


def add_number(session, unit_id, number, state, taken, called=None, slot=None):
    session.add(QueueNumber(unit_id=unit_id, day=date(2026, 12, 7), number=number,
                            state=state, channel="sms", taken_at=taken, called_at=called,
                            slot_start=slot))


def add_survey(session, unit_id, key, moment):
    session.add(SurveyResponse(unit_id=unit_id, channel="counter" if key else "web",
                               client_key=key, created_at=moment,
                               **{f"u{i}": 3 for i in range(1, 10)}))


@pytest.fixture
def figures_data(session, world):
    """A known day at unit A: 4 numbers reached, 1 no-show, 3 walk-ins, 2 paper sheets."""
    unit_id, t = world.unit_a.id, MONDAY_9
    add_number(session, unit_id, 1, SERVED, t, t + timedelta(minutes=10))
    add_number(session, unit_id, 2, SERVED, t, t + timedelta(minutes=20))
    add_number(session, unit_id, 3, NO_SHOW, t)
    # Booked days before for 09:30: it waits from its slot, 30 minutes.
    add_number(session, unit_id, 4, CALLED, t - timedelta(days=3), t + timedelta(minutes=60),
               slot=time(9, 30))
    add_number(session, unit_id, 5, WAITING, t)
    for key in ("paper:2026-1-00001", "paper:2026-1-00002", None, "web-1"):
        add_survey(session, unit_id, key, t)
    add_survey(session, world.unit_b.id, "paper:2026-2-00001", t)
    session.commit()
    for phone in ("081299900001", "081299900002", "081299900003"):
        make_complaint(session, unit_id=unit_id, phone=phone, channel="counter")


def test_figures_on_known_data(session, world, figures_data):
    head = Principal(officer_id=1, role="unit_head", unit_id=world.unit_a.id)
    figures = counter_figures(session, principal=head, unit_id=world.unit_a.id,
                              start=date(2026, 12, 1), end=date(2026, 12, 31))
    assert (figures.reached, figures.no_shows, figures.no_show_share) == (4, 1, 0.25)
    assert (figures.waits_measured, figures.mean_wait_minutes, figures.median_wait_minutes) == (
        3, 20.0, 20.0)
    assert (figures.paper_surveys, figures.digital_surveys) == (2, 2)
    # The walk-ins were filed just now: a period around today holds them, one day long.
    today = datetime.now(UTC).date()
    around = counter_figures(session, principal=head, unit_id=world.unit_a.id,
                             start=today - timedelta(days=1), end=today + timedelta(days=1),
                             today=today + timedelta(days=1))
    assert around.walk_ins == 3 and around.days == 3 and around.walk_ins_per_day == 1.0
    assert [count for _day, count in around.walk_ins_by_day] == [3]


def test_figures_refused_for_another_unit(session, world):
    other = Principal(officer_id=1, role="unit_head", unit_id=world.unit_b.id)
    with pytest.raises(Exception, match="unit"):
        counter_figures(session, principal=other, unit_id=world.unit_a.id,
                        start=date(2026, 12, 1), end=date(2026, 12, 31))


def test_the_report_page_shows_the_figures(staff, world, figures_data):
    head = staff(world.emails["head_a"])
    text = head.get(f"/staff/laporan?unit={world.unit_a.id}&dari=2026-12-01&sampai=2026-12-31"
                    ).get_data(as_text=True)
    assert "Loket: kasus, antrean dan SKM kertas" in text
    assert re.search(r'id="skm-kertas">2 kertas, 2 digital<', text)
    assert re.search(r'id="tidak-hadir">25.0% \(1 dari 4 nomor\)<', text)
    assert "rata-rata 20.0 menit, median 20.0 menit (3 nomor)" in text
