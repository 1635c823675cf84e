"""Signing in: hashed passwords, CSRF, rate limits, safe cookies, demo accounts, audit, CLI."""

from sqlalchemy import select
from werkzeug.security import generate_password_hash

from core.models import AuditEntry, Officer
from layanan.cli import cli
from layanan.factory import create_app
from tests.staff.conftest import PASSWORD, StaffClient


def audit_actions(session):
    """Audit actions so far, oldest first (ends the read)."""
    found = [e.action for e in session.scalars(select(AuditEntry).order_by(AuditEntry.id))]
    session.commit()
    return found


def test_sign_in_sets_a_safe_cookie_and_is_audited(world, app, session):
    """A good password opens the queue; the cookie is HttpOnly and SameSite=Lax."""
    client = StaffClient(app)
    response = client.login(world.emails["officer_a"])
    assert response.status_code == 302 and response.headers["Location"].endswith("/staff/")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    page = client.get("/staff/")
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    assert audit_actions(session) == ["login"]


def test_wrong_password_is_refused_and_audited(world, app, session):
    """A wrong password gets 401 and an audit entry."""
    response = StaffClient(app).login(world.emails["officer_a"], "salah-sekali-123")
    assert response.status_code == 401
    assert "Email atau kata sandi salah" in response.get_data(as_text=True)
    assert audit_actions(session) == ["login_failed"]


def test_cookies_are_secure_outside_demo_and_tests(database_url, monkeypatch):
    """SESSION_COOKIE_SECURE is on in production, off in demo mode and tests."""
    monkeypatch.delenv("LAYANAN_DEMO", raising=False)
    production = create_app({"SECRET_KEY": "0123456789abcdef" * 2, "CALLBACK_TOKEN": "token",
                             "DATABASE_URL": database_url})
    demo = create_app({"DEMO": True, "DATABASE_URL": database_url})
    testing = create_app({"TESTING": True, "SECRET_KEY": "k", "DATABASE_URL": database_url})
    assert production.config["SESSION_COOKIE_SECURE"] is True
    assert production.config["SESSION_COOKIE_HTTPONLY"] is True
    assert production.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert demo.config["SESSION_COOKIE_SECURE"] is False
    assert testing.config["SESSION_COOKIE_SECURE"] is False
    for each in (production, demo, testing):
        each.extensions["layanan.engine"].dispose()


def test_actions_need_their_csrf_token(world, staff, session):
    """An action posted without the form's token is refused with 400 and changes nothing."""
    officer = staff(world.emails["officer_a"])
    ticket = world.tickets["anon_a"]
    response = officer.client.post(f"/staff/tiket/{ticket.id}/tindakan/verify",
                                   data={"verify-action": "verify"})
    assert response.status_code == 400
    session.expire_all()
    assert session.get(type(ticket), ticket.id).status == "received"
    session.commit()


def test_sign_in_without_token_is_refused(world, client):
    """A forged sign-in form (no token) never reaches the password check."""
    response = client.post("/staff/masuk", data={"email": world.emails["admin"],
                                                 "password": PASSWORD})
    assert response.status_code == 400


def test_failures_are_limited_per_address_and_account(world, app):
    """Five wrong passwords for one account stop this address trying it for a while (other
    addresses still can: tests/staff/test_sessions.py); other accounts stay open to it."""
    client = StaffClient(app)
    for _ in range(5):
        assert client.login(world.emails["head_a"], "salah-sekali-123").status_code == 401
    assert client.login(world.emails["head_a"]).status_code == 429
    assert StaffClient(app).login(world.emails["head_b"]).status_code == 302


def test_failures_are_limited_per_address(world, app):
    """Twenty failures from one address, whatever the accounts, stop further tries."""
    client = StaffClient(app)
    for index in range(20):
        assert client.login(f"tebak{index}@uji.go.id", "salah-sekali-123").status_code == 401
    assert client.login(world.emails["head_b"]).status_code == 429


def test_demo_accounts_only_in_demo_mode(world, make_app, session):
    """admin@sumenep.demo / demo-admin is refused outside demo mode, accepted in it."""
    session.add(Officer(email="admin@sumenep.demo", name="Admin demo", role="admin",
                        password_hash=generate_password_hash("demo-admin", "pbkdf2:sha256:1000")))
    session.commit()
    assert StaffClient(make_app()).login("admin@sumenep.demo", "demo-admin").status_code == 401
    demo = StaffClient(make_app(DEMO=True))
    assert demo.login("admin@sumenep.demo", "demo-admin").status_code == 302
    assert demo.get("/staff/akun").status_code == 200


def test_sign_out_needs_a_post_and_ends_the_session(world, staff, session):
    """Sign-out is a POST with its token; afterwards the queue asks to sign in again."""
    officer = staff(world.emails["officer_a"])
    assert officer.client.get("/staff/keluar").status_code == 405
    officer.get("/staff/")
    assert officer.post("/staff/keluar").status_code == 302
    assert officer.client.get("/staff/").status_code == 302
    assert audit_actions(session)[-1] == "logout"


def test_next_is_never_an_open_redirect(world, app):
    """After sign-in only back-office paths are followed."""
    client = StaffClient(app)
    client.get("/staff/masuk")
    response = client.post("/staff/masuk?next=https://evil.example/staff/",
                           {"email": world.emails["admin"], "password": PASSWORD})
    assert response.headers["Location"] == "/staff/"


def test_admin_creates_and_deactivates_accounts(world, staff, app, session):
    """New accounts get a hash, duplicates are refused, a deactivated officer is signed out."""
    admin = staff(world.emails["admin"])
    admin.get("/staff/akun")
    form = {"email": "Baru@Uji.go.id", "name": "Petugas Baru", "role": "officer",
            "unit": str(world.unit_a.id), "password": "kata-sandi-baru"}
    assert admin.post("/staff/akun", form).status_code == 302
    created = session.scalars(select(Officer).where(Officer.email == "baru@uji.go.id")).one()
    session.commit()
    assert created.password_hash != "kata-sandi-baru" and created.unit_id == world.unit_a.id
    admin.get("/staff/akun")
    duplicate = admin.post("/staff/akun", form)
    assert duplicate.status_code == 400 and "sudah ada" in duplicate.get_data(as_text=True)

    officer = StaffClient(app)
    assert officer.login("baru@uji.go.id", "kata-sandi-baru").status_code == 302
    admin.get("/staff/akun")
    assert admin.post(f"/staff/akun/{created.id}/nonaktifkan").status_code == 302
    assert officer.client.get("/staff/").status_code == 302
    assert StaffClient(app).login("baru@uji.go.id", "kata-sandi-baru").status_code == 401
    actions = audit_actions(session)
    assert "account_create" in actions and "account_deactivate" in actions


def test_create_admin_command(runner, session):
    """`layanan users create-admin` makes the first administrator; weak input is refused."""
    result = runner.invoke(cli, ["users", "create-admin", "--email", "Kepala@Sumenep.go.id",
                                 "--name", "Admin Kabupaten", "--password", "panjang-sekali"])
    assert result.exit_code == 0, result.output
    officer = session.scalars(select(Officer)).one()
    session.commit()
    assert (officer.email, officer.role) == ("kepala@sumenep.go.id", "admin")
    again = runner.invoke(cli, ["users", "create-admin", "--email", "kepala@sumenep.go.id",
                                "--password", "panjang-sekali"])
    assert again.exit_code == 1 and "already exists" in again.output
    short = runner.invoke(cli, ["users", "create-admin", "--email", "b@sumenep.go.id",
                                "--password", "pendek"])
    assert short.exit_code == 1 and "10 characters" in short.output
    demo = runner.invoke(cli, ["users", "create-admin", "--email", "x@sumenep.demo",
                               "--password", "panjang-sekali"])
    assert demo.exit_code == 1
    assert audit_actions(session) == ["account_create"]
