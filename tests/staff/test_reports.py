"""SKM reports: every figure equals the regulation's arithmetic done by core.surveys.ikm."""

import csv
import io
import re
from datetime import UTC, date, datetime, timedelta

import pytest

from core.errors import NotFound
from core.staff.access import Forbidden, Principal
from core.surveys.ikm import compute_ikm, sample_target
from core.surveys.reports import Period, build_report, previous_periods, quarter_of
from core.surveys.responses import record_survey_response
from tests.factories import respondent_phone

Q4 = (date(2026, 10, 1), date(2026, 12, 31))
QUARTERS = [(date(2025, 10, 1), date(2025, 12, 31)), (date(2026, 1, 1), date(2026, 3, 31)),
            (date(2026, 4, 1), date(2026, 6, 30)), (date(2026, 7, 1), date(2026, 9, 30)), Q4]
CHANNELS = ("web", "ussd", "sms", "counter")
ADMIN = Principal(1, "admin", None)


@pytest.fixture
def answered(world, session):
    """Responses for unit A in five quarters (more each quarter), varied channel and profile."""
    for quarter, (start, _end) in enumerate(QUARTERS):
        for index in range(6 + 3 * quarter):
            answers = [1 + (index + quarter + unsur) % 4 for unsur in range(9)]
            record_survey_response(
                session, answers=answers, channel=CHANNELS[index % 4],
                client_key=f"r-{quarter}-{index}", phone=respondent_phone(100 * quarter + index),
                service_id=world.service_a.id if index % 2 else None,
                unit_id=world.unit_a.id, sex=("L", "P", None)[index % 3],
                age=(19, 30, 41, 52, 63, None)[index % 6],
                education=("sd", "sma", "s1", None)[index % 4],
                occupation=("petani", "pns", None)[index % 3],
                now=datetime.combine(start, datetime.min.time(), UTC) + timedelta(days=index,
                                                                                   hours=3),
            )
    # Another unit's answers must not count.
    record_survey_response(session, answers=[4] * 9, channel="web", unit_id=world.unit_b.id,
                           now=datetime(2026, 11, 1, 3, tzinfo=UTC), phone=respondent_phone(1))
    session.commit()
    return world


def test_report_matches_compute_ikm_and_its_breakdowns_add_up(session, answered):
    """Overall, per channel, per profile field and per trend period: same arithmetic."""
    report = build_report(session, principal=ADMIN, unit_id=answered.unit_a.id,
                          start=Q4[0], end=Q4[1])
    expected = compute_ikm(session, start=Q4[0], end=Q4[1], unit_id=answered.unit_a.id)
    assert report.overall == expected and report.overall.n == 18
    assert report.target == sample_target(1000) == 278
    assert sum(item.n for _key, item in report.by_channel) == 18
    assert [key for key, _item in report.by_channel] == sorted(CHANNELS)
    for field in ("sex", "age", "education", "occupation"):
        assert sum(item.n for _key, item in report.by_profile[field]) == 18, field
    assert [key for key, _ in report.by_profile["age"]] == ["25-34", "35-44", "45-54", "55+",
                                                            "<25", "-"]
    assert [(p.start, p.end) for p, _item in report.trend] == QUARTERS
    for period, item in report.trend:
        assert item == compute_ikm(session, start=period.start, end=period.end,
                                   unit_id=answered.unit_a.id)
    assert [item.n for _p, item in report.trend] == [6, 9, 12, 15, 18]


def test_service_report_counts_only_that_service(session, answered):
    """A service's report reads only responses about it."""
    report = build_report(session, principal=ADMIN, service_id=answered.service_a.id,
                          start=Q4[0], end=Q4[1])
    assert report.overall == compute_ikm(session, start=Q4[0], end=Q4[1],
                                         service_id=answered.service_a.id)
    assert report.overall.n == 9 and report.service.id == answered.service_a.id


def test_printed_weight_is_offered(session, answered):
    """IKM_WEIGHT 'printed' uses the worksheets' 0,111."""
    report = build_report(session, principal=ADMIN, unit_id=answered.unit_a.id,
                          start=Q4[0], end=Q4[1], weight="printed")
    assert report.overall == compute_ikm(session, start=Q4[0], end=Q4[1],
                                         unit_id=answered.unit_a.id, weight="printed")


def test_reports_follow_the_access_rules(session, answered):
    """A plain officer may not read reports; a head only their unit's."""
    with pytest.raises(Forbidden):
        build_report(session, principal=Principal(2, "officer", answered.unit_a.id),
                     unit_id=answered.unit_a.id, start=Q4[0], end=Q4[1])
    with pytest.raises(NotFound):
        build_report(session, principal=Principal(2, "unit_head", answered.unit_a.id),
                     unit_id=answered.unit_b.id, start=Q4[0], end=Q4[1])


@pytest.mark.parametrize(("period", "previous"), [
    (Period(date(2026, 10, 1), date(2026, 12, 31)), Period(date(2026, 7, 1), date(2026, 9, 30))),
    (Period(date(2026, 3, 1), date(2026, 3, 31)), Period(date(2026, 2, 1), date(2026, 2, 28))),
    (Period(date(2026, 1, 1), date(2026, 12, 31)), Period(date(2025, 1, 1), date(2025, 12, 31))),
    (Period(date(2026, 3, 10), date(2026, 3, 19)), Period(date(2026, 2, 28), date(2026, 3, 9))),
])
def test_previous_periods(period, previous):
    """Calendar months step back by months; other spans by their length in days."""
    assert previous_periods(period, 4)[-1] == previous
    assert quarter_of(date(2026, 11, 28)) == Period(date(2026, 10, 1), date(2026, 12, 31))


def test_report_page_has_a_nine_bar_svg_and_a_table(answered, staff):
    """The chart is server-side SVG with nine bars and a text alternative; no script."""
    head = staff(answered.emails["head_a"])
    page = head.get(f"/staff/laporan?unit={answered.unit_a.id}&dari=2026-10-01"
                    "&sampai=2026-12-31").get_data(as_text=True)
    svg = page[page.index("<svg"):page.index("</svg>")]
    assert len(re.findall(r'<rect class="bar"', svg)) == 9
    assert "<title" in svg and "<desc" in svg and 'role="img"' in svg
    assert "<script" not in page
    assert "Responden: 18 dari target 278" in page
    assert "bobot per unsur: 1/9" in page


def test_report_page_names_the_printed_weight(answered, staff, app):
    """With IKM_WEIGHT 'printed' the page says it used the worksheets' 0,111."""
    app.config["IKM_WEIGHT"] = "printed"
    head = staff(answered.emails["head_a"])
    page = head.get(f"/staff/laporan?unit={answered.unit_a.id}&dari=2026-10-01"
                    "&sampai=2026-12-31").get_data(as_text=True)
    assert "bobot per unsur: 0,111" in page


def test_report_csv(answered, staff, session):
    """One row each: total, channels, profile groups, and the five trend periods."""
    head = staff(answered.emails["head_a"])
    response = head.get(f"/staff/laporan.csv?unit={answered.unit_a.id}&dari=2026-10-01"
                        "&sampai=2026-12-31")
    assert response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    total = next(row for row in rows if row["bagian"] == "total")
    expected = compute_ikm(session, start=Q4[0], end=Q4[1], unit_id=answered.unit_a.id)
    session.commit()
    assert total["n"] == "18" and total["ikm_konversi"] == str(expected.ikm_converted)
    assert [total[f"U{i}"] for i in range(1, 10)] == [str(v) for v in expected.nrr]
    assert len([row for row in rows if row["bagian"] == "tren"]) == 5
    assert {row["kelompok"] for row in rows if row["bagian"] == "kanal"} == set(CHANNELS)


def test_population_sets_the_sample_target(answered, staff):
    """The head sets the unit's service population; the target follows the table."""
    head = staff(answered.emails["head_a"])
    head.get(f"/staff/laporan?unit={answered.unit_a.id}")
    response = head.post(f"/staff/unit/{answered.unit_a.id}/populasi", {"population": "100"})
    assert response.status_code == 302
    page = head.get(f"/staff/laporan?unit={answered.unit_a.id}").get_data(as_text=True)
    assert "target 80" in page
    officer = staff(answered.emails["officer_a"])
    officer.get("/staff/")
    assert officer.post(f"/staff/unit/{answered.unit_a.id}/populasi",
                        {"population": "5"}).status_code == 403
