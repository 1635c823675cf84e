"""An officer's phone for the overdue digest: optional, checked, stored in E.164, shown masked."""

from sqlalchemy import select

from core.models import AuditEntry, Officer
from core.phones import mask_phone

FORM = {"email": "hp@uji.go.id", "name": "Petugas HP", "role": "officer",
        "password": "kata-sandi-baru"}


def officer(session, email="hp@uji.go.id"):
    """The account, fresh from the database (None if absent)."""
    session.expire_all()
    found = session.scalars(select(Officer).where(Officer.email == email)).one_or_none()
    session.commit()
    return found


def test_a_new_account_may_have_a_phone_stored_normalised(world, staff, session):
    """0812... is stored as +62812...; the list shows only its last digits."""
    admin = staff(world.emails["admin"])
    admin.get("/staff/akun")
    form = FORM | {"unit": str(world.unit_a.id), "phone": "0812-3450-0001"}
    assert admin.post("/staff/akun", form).status_code == 302
    assert officer(session).phone == "+6281234500001"
    html = admin.get("/staff/akun").get_data(as_text=True)
    assert "*001" in html and "81234500001" not in html and "0812-3450" not in html


def test_a_wrong_phone_is_refused_with_a_clear_error(world, staff, session):
    """Nothing created; the field says why, in the officer's language."""
    form = FORM | {"unit": str(world.unit_a.id)}
    admin = staff(world.emails["admin"])
    admin.get("/staff/akun")
    refused = admin.post("/staff/akun", form | {"phone": "12ab"})
    assert refused.status_code == 400
    assert "Nomor HP tidak valid." in refused.get_data(as_text=True)
    assert officer(session) is None
    admin.get("/staff/akun")
    # (world's rows are expired by then: reading one would hold SQLite's write lock)
    assert admin.post("/staff/akun", form | {"phone": ""}).status_code == 302
    assert officer(session).phone is None


def test_admin_sets_and_removes_a_phone(world, staff, session):
    """Set, refused when wrong (unchanged), removed when empty; each change audited, masked."""
    target = officer(session, world.emails["officer_a"])
    admin = staff(world.emails["admin"])
    admin.get("/staff/akun")
    url = f"/staff/akun/{target.id}/telepon"
    assert admin.post(url, {"phone": "+62 813 0000 0002"}).status_code == 302
    assert officer(session, world.emails["officer_a"]).phone == "+6281300000002"
    admin.get("/staff/akun")
    admin.post(url, {"phone": "999"})
    page = admin.get("/staff/akun").get_data(as_text=True)
    assert "Nomor HP tidak valid." in page
    assert officer(session, world.emails["officer_a"]).phone == "+6281300000002"
    admin.post(url, {"phone": ""})
    assert officer(session, world.emails["officer_a"]).phone is None
    details = session.scalars(select(AuditEntry.detail).where(
        AuditEntry.action == "account_phone").order_by(AuditEntry.id)).all()
    assert details == [mask_phone("+6281300000002"), "-"]


def test_only_an_admin_sets_a_phone(world, staff, session):
    """A unit head's post is refused; the phone stays as it was."""
    target = officer(session, world.emails["officer_a"])
    head = staff(world.emails["head_a"])
    head.get("/staff/")
    assert head.post(f"/staff/akun/{target.id}/telepon", {"phone": "081300000002"}
                     ).status_code == 403
    assert officer(session, world.emails["officer_a"]).phone is None
