"""One voice once, end to end: the stuffing attack replayed on the published figures, the
signed-in citizen's vote, and a counter device enrolled and revoked from the back office."""

import re
from datetime import timedelta

from sqlalchemy import select

from core.clock import local_date, now_utc
from core.models import CounterDevice, SurveyResponse
from core.statistics.figures import refresh_public_figures
from core.surveys.reports import quarter_of
from core.surveys.responses import record_survey_response
from tests.factories import respondent_phone, sign_in_citizen

TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
CONVERTED = re.compile(r"nilai konversi ([0-9.]+); mutu ([A-D])")


def survey_form(client, service, answer, **extra):
    """The survey page's form, filled with one answer for all nine unsur, token included."""
    token = TOKEN.search(client.get("/survei").get_data(as_text=True)).group(1)
    return {"csrf_token": token, "service_id": str(service.id),
            **{f"u{i}": str(answer) for i in range(1, 10)}, **extra}


def published(client, head, unit, session):
    """The unit's IKM as the API, the transparency page and the head's report show it,
    the page's figures refreshed first."""
    refresh_public_figures(session)
    session.commit()
    quarter = quarter_of(local_date(now_utc()))
    api = client.get(f"/api/v1/ikm?unit={unit.id}&from={quarter.start}&to={quarter.end}")
    body = api.get_json()
    page = client.get("/transparansi").get_data(as_text=True)
    row = next(r for r in page.split("<tr") if unit.name in r)
    report = head.get(f"/staff/laporan?unit={unit.id}").get_data(as_text=True)
    return {"api": (body["n"], body["ikm_converted"], body["grade"]),
            "transparency": re.search(r"([0-9]+\.[0-9]{2}) \(([A-D])", row).groups(),
            "report": CONVERTED.search(report).groups()}, report


def test_forty_anonymous_web_surveys_leave_every_published_figure(world, session, app, staff):
    """The attack of issue 12 over HTTP: report, API and transparency page do not move."""
    now = now_utc()
    for number in range(18):
        answers = [2, 3, 3, 3, 3, 3, 3, 2, 3] if number < 7 else [3] * 9
        record_survey_response(session, answers=answers, channel="web",
                               service_id=world.service_a.id, phone=respondent_phone(number),
                               now=now - timedelta(minutes=number + 1))
    session.commit()
    citizen, head = app.test_client(), staff(world.emails["head_a"])
    before, _page = published(citizen, head, world.unit_a, session)
    assert before == {"api": (18, 72.84, "C"), "transparency": ("72.84", "C"),
                      "report": ("72.84", "C")}
    for _ in range(40):
        response = citizen.post("/survei", data=survey_form(citizen, world.service_a, 1))
        assert response.status_code == 303
        assert response.headers["Location"].endswith("dihitung=0")
    after, report = published(citizen, head, world.unit_a, session)
    assert after == before
    assert session.scalar(select(SurveyResponse.id).where(SurveyResponse.tally == "anonymous")
                          .offset(39)) is not None
    session.commit()
    assert "Tidak dihitung: 40 jawaban (40 tanpa nomor HP" in report
    assert 'id="aturan-hitung"' in report
    thanks = citizen.get("/survei/terima-kasih?dihitung=0").get_data(as_text=True)
    assert "tidak dihitung dalam IKM resmi" in thanks


def test_a_signed_in_citizen_counts_once_the_later_answer(world, session, app):
    """Two answers from one confirmed phone: the later counts, the earlier is replaced."""
    citizen = sign_in_citizen(app.test_client(), "081277770001")
    page = citizen.get("/survei").get_data(as_text=True)
    assert "jawaban Anda dihitung dalam IKM resmi" in page
    for answer in (1, 4):
        response = citizen.post("/survei", data=survey_form(citizen, world.service_a, answer))
        assert response.headers["Location"].endswith("dihitung=1")
    tallies = session.execute(select(SurveyResponse.tally, SurveyResponse.u1)
                              .order_by(SurveyResponse.id)).all()
    assert [tuple(row) for row in tallies] == [("replaced", 1), ("phone", 4)]


def test_a_head_enrolls_this_browser_and_revokes_it(world, session, staff):
    """Enrolment sets an HttpOnly cookie; its surveys count as counter until revoked."""
    head = staff(world.emails["head_a"])
    assert head.get("/staff/perangkat").status_code == 200
    enrolled = head.post("/staff/perangkat", {"unit": str(world.unit_a.id), "name": "Loket 1"})
    assert enrolled.status_code == 302
    cookie = enrolled.headers["Set-Cookie"]
    assert cookie.startswith("layanan_loket=") and "HttpOnly" in cookie
    device = session.scalars(select(CounterDevice)).one()
    assert cookie.split(";")[0].split("=", 1)[1] not in device.token_hash
    session.commit()  # the test's read ends here: the app writes next
    assert "(perangkat ini)" in head.get("/staff/perangkat").get_data(as_text=True)
    response = head.client.post("/survei", data=survey_form(head.client, world.service_a, 4))
    assert response.headers["Location"].endswith("dihitung=1")
    head.get("/staff/perangkat")
    assert head.post(f"/staff/perangkat/{device.id}/cabut").status_code == 302
    response = head.client.post("/survei", data=survey_form(head.client, world.service_a, 1))
    assert response.headers["Location"].endswith("dihitung=0")
    rows = session.execute(select(SurveyResponse.channel, SurveyResponse.tally)
                           .order_by(SurveyResponse.id)).all()
    assert [tuple(row) for row in rows] == [("counter", "counter"), ("web", "anonymous")]


def test_other_roles_cannot_enroll(world, staff, session):
    """An officer gets 403; another unit's head cannot enroll for unit A."""
    officer = staff(world.emails["officer_a"])
    assert officer.get("/staff/perangkat").status_code == 403
    head_b = staff(world.emails["head_b"])
    head_b.get("/staff/perangkat")
    response = head_b.post("/staff/perangkat", {"unit": str(world.unit_a.id), "name": "X"})
    assert "layanan_loket" not in response.headers.get("Set-Cookie", "")
    assert session.scalars(select(CounterDevice)).all() == []
