"""Fixtures for the back office: the app, a world of two units with every role, a login helper."""

import re
from dataclasses import dataclass, field

import pytest
from werkzeug.security import generate_password_hash

from core.models import Attachment, Citizen, Officer
from tests.factories import make_agency, make_complaint, make_request, make_service, make_unit

PASSWORD = "sandi-uji-123"
ANON_PHONE = "+6281399988877"
ANON_NAME = "Siti Rahasia Pelapor"
SECRET_TEXT = "Pungutan liar di loket rahasia sekali"
TOKEN = re.compile(r'name="[^"]*csrf_token" type="hidden" value="([^"]+)"')


class StaffClient:
    """A test client that signs in and sends each form's CSRF token, as a browser would."""

    def __init__(self, app):
        self.client = app.test_client()
        self.token = ""

    def get(self, url, **kwargs):
        """GET, remembering the page's CSRF token for the next post."""
        response = self.client.get(url, **kwargs)
        found = (TOKEN.search(response.get_data(as_text=True))
                 if response.mimetype == "text/html" else None)
        if found:
            self.token = found.group(1)
        return response

    def post(self, url, data=None, token_field="csrf_token", **kwargs):  # noqa: S107
        """POST with the token of the last page seen (fetching the queue first if none)."""
        if not self.token:
            self.get("/staff/")
        return self.client.post(url, data={token_field: self.token} | (data or {}), **kwargs)

    def login(self, email, password=PASSWORD):
        """Sign in through the form; returns the response."""
        self.get("/staff/masuk")
        response = self.post("/staff/masuk", {"email": email, "password": password})
        self.token = ""
        return response

    def act(self, ticket_id, action, **fields):
        """Take an action from the ticket page's form for it."""
        self.get(f"/staff/tiket/{ticket_id}")
        data = {f"{action}-action": action} | {f"{action}-{k}": v for k, v in fields.items()}
        return self.post(f"/staff/tiket/{ticket_id}/tindakan/{action}", data,
                         token_field=f"{action}-csrf_token")


@pytest.fixture
def staff(app):
    """Sign in as an officer by email: staff('admin@uji.id') returns a ready client."""

    def signed_in(email):
        client = StaffClient(app)
        response = client.login(email)
        assert response.status_code == 302, response.get_data(as_text=True)
        return client

    return signed_in


@dataclass
class World:
    """Two units (A, B) of one agency, an officer of every role, and tickets of each kind."""

    unit_a: object
    unit_b: object
    service_a: object
    service_b: object
    emails: dict = field(default_factory=dict)
    tickets: dict = field(default_factory=dict)
    attachments: dict = field(default_factory=dict)


@pytest.fixture
def world(session):
    """The world every authorisation and privacy test walks through."""
    agency = make_agency(session)
    unit_a = make_unit(session, agency=agency, name="Puskesmas Alfa", service_population=1000)
    unit_b = make_unit(session, agency=agency, name="Puskesmas Beta")
    service_a = make_service(session, unit=unit_a, name_id="Layanan Alfa")
    service_b = make_service(session, unit=unit_b, name_id="Layanan Beta")
    w = World(unit_a, unit_b, service_a, service_b)
    for key, role, unit in (("admin", "admin", None), ("auditor", "auditor", None),
                            ("head_a", "unit_head", unit_a), ("officer_a", "officer", unit_a),
                            ("head_b", "unit_head", unit_b), ("officer_b", "officer", unit_b)):
        email = f"{key}@uji.go.id"
        # A cheap hash keeps the fixture fast; sign-in checks it like any werkzeug hash.
        session.add(Officer(email=email, name=f"Nama {key}", role=role,
                            unit_id=unit.id if unit else None,
                            password_hash=generate_password_hash(PASSWORD, "pbkdf2:sha256:1000")))
        w.emails[key] = email
    session.commit()
    w.tickets["request_a"] = make_request(session, service=service_a, phone="081211110001")
    w.tickets["anon_a"] = make_complaint(session, unit_id=unit_a.id, phone=ANON_PHONE,
                                         anonymous=True, description="Petugas loket kasar.")
    citizen = session.get(Citizen, w.tickets["anon_a"].citizen_id)
    citizen.name = ANON_NAME
    w.tickets["secret_a"] = make_complaint(session, unit_id=unit_a.id, phone="081211110003",
                                           confidential=True, description=SECRET_TEXT)
    w.tickets["complaint_b"] = make_complaint(session, unit_id=unit_b.id, phone="081211110004",
                                              description="Lampu puskesmas Beta mati.")
    w.tickets["unassigned"] = make_complaint(session, unit_id=None, phone="081211110005",
                                             description="Tidak tahu unit mana.")
    for key in ("anon_a", "complaint_b"):
        attachment = Attachment(ticket_id=w.tickets[key].id, content_type="image/jpeg",
                                width=1, height=1, data=b"\xff\xd8\xff-" + key.encode())
        session.add(attachment)
        session.commit()
        w.attachments[key] = attachment.id
    return w
