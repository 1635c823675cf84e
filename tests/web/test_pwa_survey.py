"""The SKM survey on the web: nine official questions, optional profile, one record."""

from sqlalchemy import func, select

from core.models import SurveyResponse
from core.surveys.questionnaire import UNSUR
from tests.factories import make_service


def answers(service, **overrides):
    """A complete survey for the service: 4,3,4,4,3,4,4,3,4."""
    form = {f"u{i}": str(score) for i, score in enumerate((4, 3, 4, 4, 3, 4, 4, 3, 4), 1)}
    return form | {"service_id": str(service.id), "client_key": "survey-key-1"} | overrides


def test_the_form_has_the_nine_questions_with_official_labels(web, session):
    """Each unsur is a fieldset with its legend and its four official answers."""
    make_service(session)
    page = web.get("/survei").get_data(as_text=True)
    assert page.count("<fieldset class=\"field question") == 9
    for unsur in UNSUR:
        assert unsur.question in page
        for label in unsur.labels:
            assert label in page
    assert "Jenis kelamin" in page and "Pendidikan" in page and "Pekerjaan" in page


def test_a_response_is_recorded_on_the_web_channel(web, session):
    """Nine answers and the profile, for the service and its unit."""
    service = make_service(session)
    response = web.post("/survei", data=answers(service, sex="P", age="34", education="sma",
                                                occupation="petani"))
    # Not signed in, no counter device: kept, and the citizen is told it does not count.
    assert response.status_code == 303
    assert response.headers["Location"] == "/survei/terima-kasih?dihitung=0"
    stored = session.scalars(select(SurveyResponse)).one()
    assert stored.answers() == (4, 3, 4, 4, 3, 4, 4, 3, 4)
    assert (stored.channel, stored.service_id, stored.unit_id) == ("web", service.id,
                                                                   service.unit_id)
    assert (stored.sex, stored.age, stored.education, stored.occupation) == ("P", 34, "sma",
                                                                             "petani")


def test_the_profile_is_optional(web, session):
    """No profile at all is fine."""
    service = make_service(session)
    web.post("/survei", data=answers(service))
    stored = session.scalars(select(SurveyResponse)).one()
    assert (stored.sex, stored.age, stored.education) == (None, None, None)


def test_a_missing_answer_is_flagged_at_its_question(web, session):
    """The unanswered question carries the error; nothing is stored."""
    service = make_service(session)
    form = answers(service)
    del form["u5"]
    response = web.post("/survei", data=form)
    assert response.status_code == 422
    assert 'id="u5-error">Pilih salah satu jawaban.' in response.get_data(as_text=True)
    assert session.scalar(select(func.count()).select_from(SurveyResponse)) == 0


def test_a_replayed_survey_is_one_response(web, session):
    """Sent twice with one key (after lost signal): one response."""
    service = make_service(session)
    web.post("/survei", data=answers(service))
    web.post("/survei", data=answers(service))
    assert session.scalar(select(func.count()).select_from(SurveyResponse)) == 1


def test_service_page_link_preselects_the_service(web, session):
    """'Rate this service' opens the survey with the service chosen."""
    service = make_service(session)
    page = web.get(f"/survei?layanan={service.id}").get_data(as_text=True)
    assert f'<option selected value="{service.id}">' in page
