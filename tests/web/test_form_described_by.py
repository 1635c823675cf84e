"""Every aria-describedby on the citizen forms names an element of the same page: on the
empty form and on the form sent back with its errors (never "None", never a missing id)."""

import re

import pytest

from tests.factories import make_service, make_unit


def dangling(html: str) -> list[str]:
    """The ids aria-describedby names that no element of the page carries."""
    ids = set(re.findall(r'\sid="([^"]+)"', html))
    named = [name for value in re.findall(r'aria-describedby="([^"]*)"', html)
             for name in value.split()]
    return [name for name in named if name not in ids]


@pytest.fixture
def service_id(session):
    service = make_service(session, unit=make_unit(session))
    session.commit()
    return service.id


@pytest.mark.parametrize("path", ["/pengaduan", "/layanan/{id}/ajukan", "/survei", "/masuk",
                                  "/lacak?nomor=12"])
def test_descriptions_point_at_elements_that_exist(web, service_id, path):
    path = path.format(id=service_id)
    empty = web.get(path).get_data(as_text=True)
    assert dangling(empty) == [] and "None" not in re.findall(r'aria-describedby="([^"]*)"', empty)
    if "?" in path:
        return
    sent_back = web.post(path, data={"description": ""})
    html = sent_back.get_data(as_text=True)
    assert dangling(html) == []
    if sent_back.status_code == 422:
        # The errors are announced: each invalid field names its error.
        assert 'aria-invalid="true"' in html and "-error" in html
