"""The public API: JSON shapes, values equal to compute_ikm, clear 400s."""

from datetime import UTC, date, datetime

import pytest

from core.surveys.ikm import compute_ikm
from core.surveys.responses import record_survey_response
from tests.factories import respondent_phone


@pytest.fixture
def rated(world, session):
    """Unit A with a few survey responses in November 2026."""
    for index in range(7):
        record_survey_response(session, answers=[1 + (index + u) % 4 for u in range(9)],
                               channel="sms", unit_id=world.unit_a.id,
                               phone=respondent_phone(index),
                               now=datetime(2026, 11, 1 + index, 3, tzinfo=UTC))
    session.commit()
    return world


def test_units_lists_id_name_agency(rated, client):
    """Every unit with its agency, nothing else."""
    body = client.get("/api/v1/units").get_json()
    names = {unit["name"]: unit for unit in body["units"]}
    assert set(names["Puskesmas Alfa"]) == {"id", "name", "agency"}
    assert names["Puskesmas Alfa"]["id"] == rated.unit_a.id
    assert names["Puskesmas Beta"]["agency"] == rated.unit_b.agency.name


def test_ikm_values_equal_compute_ikm(rated, client, session):
    """n, nine NRR values, ikm, converted, grade, kinerja: as the core computes them."""
    response = client.get(f"/api/v1/ikm?unit={rated.unit_a.id}&from=2026-11-01&to=2026-11-30")
    assert response.status_code == 200 and response.mimetype == "application/json"
    body = response.get_json()
    expected = compute_ikm(session, start=date(2026, 11, 1), end=date(2026, 11, 30),
                           unit_id=rated.unit_a.id)
    session.commit()
    assert body["n"] == expected.n == 7
    assert body["nrr"] == [float(v) for v in expected.nrr] and len(body["nrr"]) == 9
    assert body["ikm"] == float(expected.ikm)
    assert body["ikm_converted"] == float(expected.ikm_converted)
    assert (body["grade"], body["kinerja"]) == (expected.grade, expected.kinerja)
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_ikm_without_respondents_keeps_its_shape(rated, client):
    """No responses: n 0, nine nulls, null index and grade."""
    body = client.get(f"/api/v1/ikm?unit={rated.unit_b.id}&from=2026-01-01&to=2026-01-31"
                      ).get_json()
    assert body["n"] == 0 and body["nrr"] == [None] * 9
    assert body["ikm"] is None and body["grade"] is None


@pytest.mark.parametrize(("query", "field"), [
    ("from=2026-01-01&to=2026-01-31", "unit"),
    ("unit=abc&from=2026-01-01&to=2026-01-31", "unit"),
    ("unit=1&to=2026-01-31", "from"),
    ("unit=1&from=2026-13-01&to=2026-01-31", "from"),
    ("unit=1&from=01-01-2026&to=2026-01-31", "from"),
    ("unit=1&from=2026-01-01&to=2026-1-31", "to"),
    ("unit=1&from=2026-02-01&to=2026-01-31", "to"),
    ("unit=1&from=2010-01-01&to=2026-01-31", "to"),
])
def test_bad_arguments_get_a_clear_400(client, query, field):
    """Each mistake names its argument and says what is expected."""
    response = client.get(f"/api/v1/ikm?{query}")
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["field"] == field and error["message"]


def test_unknown_unit_is_a_json_404(client):
    """An id that is no unit: 404 in JSON."""
    response = client.get("/api/v1/ikm?unit=999999&from=2026-01-01&to=2026-01-31")
    assert response.status_code == 404 and response.get_json()["error"]["field"] == "unit"
