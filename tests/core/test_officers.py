"""Officer accounts: hashed passwords, roles and units."""

import pytest

from core.errors import InvalidInput, NotFound
from core.staff.officers import MIN_PASSWORD, authenticate_officer, create_officer
from tests.factories import make_unit

PASSWORD = "kalianget-2025"


def test_password_is_stored_only_as_a_hash(session):
    """The stored value is a werkzeug hash, never the password."""
    officer = create_officer(session, email="admin@sumenep.go.id", name="Admin",
                             password=PASSWORD, role="admin")
    assert officer.password_hash != PASSWORD
    assert PASSWORD not in officer.password_hash
    assert officer.password_hash.startswith(("scrypt:", "pbkdf2:"))


@pytest.mark.parametrize(("email", "password", "found"), [
    ("petugas@sumenep.go.id", PASSWORD, True),
    ("  Petugas@Sumenep.go.id ", PASSWORD, True),   # email matched case-insensitively
    ("petugas@sumenep.go.id", PASSWORD.upper(), False),
    ("petugas@sumenep.go.id", "", False),
    ("petugas@sumenep.go.id", None, False),
    ("lain@sumenep.go.id", PASSWORD, False),
    ("", PASSWORD, False),
])
def test_authenticate_officer(session, email, password, found):
    """Only the right email and password of an officer give back the account."""
    unit = make_unit(session)
    officer = create_officer(session, email="petugas@sumenep.go.id", name="Petugas",
                             password=PASSWORD, role="officer", unit_id=unit.id)
    result = authenticate_officer(session, email=email, password=password)
    assert (result.id if result else None) == (officer.id if found else None)


def test_inactive_officer_cannot_log_in(session):
    """A deactivated account is refused even with the right password."""
    officer = create_officer(session, email="a@b.id", name="A", password=PASSWORD, role="auditor")
    officer.active = False
    session.commit()
    assert authenticate_officer(session, email="a@b.id", password=PASSWORD) is None


def test_short_password_is_refused(session):
    """Passwords shorter than the minimum are refused."""
    with pytest.raises(InvalidInput, match="password"):
        create_officer(session, email="a@b.id", name="A", password="x" * (MIN_PASSWORD - 1),
                       role="admin")


@pytest.mark.parametrize(("field", "value"), [("email", "tanpa-at"), ("role", "superuser")])
def test_invalid_email_or_role_is_refused(session, field, value):
    """An address without '@' or an unknown role is refused."""
    values = {"email": "a@b.id", "name": "A", "password": PASSWORD, "role": "admin"}
    with pytest.raises(InvalidInput, match=field):
        create_officer(session, **(values | {field: value}))


@pytest.mark.parametrize("role", ["officer", "unit_head"])
@pytest.mark.parametrize("unit_id", [None, 987654])
def test_unit_roles_need_an_existing_unit(session, role, unit_id):
    """Officers and unit heads belong to a unit that exists."""
    with pytest.raises(NotFound, match="unit"):
        create_officer(session, email="a@b.id", name="A", password=PASSWORD, role=role,
                       unit_id=unit_id)


def test_admin_belongs_to_no_unit(session):
    """Admins and auditors see every unit, so a unit passed for them is dropped."""
    unit = make_unit(session)
    officer = create_officer(session, email="a@b.id", name="A", password=PASSWORD,
                             role="admin", unit_id=unit.id)
    assert officer.unit_id is None


def test_same_email_updates_the_account(session):
    """Creating an existing email again updates that account and its password."""
    first = create_officer(session, email="a@b.id", name="A", password=PASSWORD, role="admin")
    again = create_officer(session, email="A@B.id", name="B", password=PASSWORD + "!",
                           role="auditor")
    assert (again.id, again.name, again.role) == (first.id, "B", "auditor")
    assert authenticate_officer(session, email="a@b.id", password=PASSWORD) is None
    assert authenticate_officer(session, email="a@b.id", password=PASSWORD + "!").id == first.id
