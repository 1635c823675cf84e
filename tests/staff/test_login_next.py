"""The staff login follows next= only to a back-office path (web/redirects.py decides)."""

import pytest

from tests.staff.conftest import PASSWORD, StaffClient


@pytest.mark.parametrize(("target", "landing"), [
    ("////evil.example/staff/", "/staff/"), ("/staff/\\..\\evil", "/staff/"),
    ("/\\evil.example/staff/", "/staff/"), ("/katalog", "/staff/"),
    ("/staff/audit", "/staff/audit"),
])
def test_the_staff_login_stays_in_the_back_office(world, app, target, landing):
    """The staff login's next= is followed only to a back-office path."""
    client = StaffClient(app)
    client.get("/staff/masuk")
    response = client.post("/staff/masuk?next=" + target.replace("\\", "%5C"),
                           {"email": world.emails["admin"], "password": PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"] == landing
