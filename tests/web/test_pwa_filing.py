"""Filing on the web: a service request, a complaint with a photo, idempotent replays, CSRF."""

import io
import uuid

import pytest
from PIL import Image
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage
from werkzeug.test import stream_encode_multipart

from core.models import Attachment, OutboundMessage, Ticket
from core.tickets.attachments import MAX_UPLOAD_BYTES, InvalidImage
from tests.factories import make_service, make_unit, sign_in_citizen

PHONE = "+6281234567890"


def complaint(**overrides):
    """A complete complaint form; override any field."""
    form = {"complaint_type": "pengaduan", "category": "kesehatan", "unit_id": "",
            "description": "Antrean obat terlalu lama.", "kecamatan": "Kalianget",
            "desa": "Marengan Laok", "client_key": str(uuid.uuid4())}
    return form | overrides


def jpeg_with_gps() -> bytes:
    """A small JPEG carrying a camera name and a GPS position in its EXIF."""
    exif = Image.Exif()
    exif[0x010F] = "KameraUji"
    gps = exif.get_ifd(0x8825)
    gps.update({1: "S", 2: (7.0, 1.0, 12.0), 3: "E", 4: (113.0, 52.0, 4.0)})
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 30, 30)).save(out, "JPEG", exif=exif)
    assert Image.open(io.BytesIO(out.getvalue())).getexif().get_ifd(0x8825)
    return out.getvalue()


def count(session, model=Ticket):
    """Rows of the model; the read is closed so the app may write next (SQLite)."""
    found = session.scalar(select(func.count()).select_from(model))
    session.commit()
    return found


def test_request_form_shows_requirements_and_files_a_ticket(web, session):
    """The service's requirements, then its fields; the ticket page follows."""
    service = make_service(session)
    sign_in_citizen(web, PHONE)
    page = web.get(f"/layanan/{service.id}/ajukan").get_data(as_text=True)
    assert "persyaratan (id)" in page and 'name="client_key"' in page
    response = web.post(f"/layanan/{service.id}/ajukan",
                        data={"description": "Untuk anak kedua",
                              "client_key": "key-request-1"})
    assert response.status_code == 303
    ticket = session.scalars(select(Ticket)).one()
    assert response.headers["Location"] == f"/tiket/{ticket.number}?baru=1"
    assert (ticket.kind, ticket.channel, ticket.service_id) == ("request", "web", service.id)
    assert ticket.citizen.phone == "+6281234567890"
    session.commit()
    page = web.get(response.headers["Location"]).get_data(as_text=True)
    assert ticket.number in page and "Diterima" in page


def test_complaint_form_explains_anonim_and_rahasia_and_offers_tidak_tahu(web, session):
    """Each privacy choice has its one sentence; the unit may be left to the officers."""
    make_unit(session, name="Puskesmas Saronggi")
    page = web.get("/pengaduan").get_data(as_text=True)
    assert "Petugas tidak melihat nomor HP Anda" in page
    assert "Laporan tidak ditampilkan kepada umum" in page
    assert '<option selected value="">Tidak tahu</option>' in page or "Tidak tahu" in page
    assert "Puskesmas Saronggi" in page and 'enctype="multipart/form-data"' in page


def test_complaint_is_filed_with_every_field(web, session):
    """Type, category, unit, place and both privacy flags reach the ticket."""
    unit = make_unit(session)
    response = web.post("/pengaduan", data=complaint(
        complaint_type="aspirasi", unit_id=str(unit.id), anonymous="y", confidential="y"))
    assert response.status_code == 303
    ticket = session.scalars(select(Ticket)).one()
    assert (ticket.kind, ticket.complaint_type, ticket.unit_id) == ("complaint", "aspirasi",
                                                                     unit.id)
    assert (ticket.anonymous, ticket.confidential) == (True, True)
    assert (ticket.kecamatan, ticket.desa, ticket.category) == ("Kalianget", "Marengan Laok",
                                                                "kesehatan")


def test_unknown_unit_is_allowed(web, session):
    """'Tidak tahu' files the complaint without a unit, for the officers to route."""
    web.post("/pengaduan", data=complaint(unit_id=""))
    assert session.scalars(select(Ticket)).one().unit_id is None


@pytest.mark.parametrize(("field", "value", "message"), [
    ("description", "  ", "Tuliskan laporan Anda."),
    ("category", "", "Pilih kategori."),
    ("category", "bukan-kategori", "Pilihan tidak valid."),
    ("complaint_type", "lain", "Pilih jenis laporan."),
])
def test_invalid_fields_get_their_error_next_to_them(web, session, field, value, message):
    """422, nothing filed, and the message sits right after its own field."""
    response = web.post("/pengaduan", data=complaint(**{field: value}))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert f'<p class="error" id="{field}-error">{message}</p>' in page
    assert f'aria-describedby="{field}-error"' in page or f'{field}-hint {field}-error' in page
    assert count(session) == 0


def test_errors_follow_the_chosen_language(web, session):
    """An English visitor reads the error in English."""
    web.get("/bahasa/en")
    page = web.post("/pengaduan", data=complaint(category="")).get_data(as_text=True)
    assert '<p class="error" id="category-error">Choose a category.</p>' in page


def test_replaying_the_same_client_key_files_one_ticket(web, session):
    """A form sent twice (a retry after lost signal) is one complaint, one receipt SMS."""
    sign_in_citizen(web, PHONE)
    form = complaint(client_key="0b8c1e9e-2f7a-4c1e-9a51-5f3c9a0d7e11")
    first = web.post("/pengaduan", data=form)
    second = web.post("/pengaduan", data=form)
    assert first.headers["Location"] == second.headers["Location"]
    assert count(session) == 1
    assert count(session, OutboundMessage) == 1
    ticket = session.scalars(select(Ticket)).one()
    assert (ticket.channel, ticket.client_key) == ("web", form["client_key"])


def test_survey_and_request_replays_are_idempotent_too(web, session):
    """The same holds for a service request."""
    service = make_service(session)
    form = {"client_key": "same-key-123"}
    web.post(f"/layanan/{service.id}/ajukan", data=form)
    web.post(f"/layanan/{service.id}/ajukan", data=form)
    assert count(session) == 1


def test_a_malformed_client_key_is_refused(web, session):
    """The key is a device-made UUID; anything else is not stored."""
    response = web.post("/pengaduan", data=complaint(client_key="<script>"))
    assert response.status_code == 422 and count(session) == 0


def test_photo_is_reencoded_without_exif_or_gps(web, session):
    """A JPEG with a GPS position goes in; a JPEG with no metadata at all is stored."""
    original = jpeg_with_gps()
    data = complaint() | {"photo": (io.BytesIO(original), "foto.jpg", "image/jpeg")}
    assert web.post("/pengaduan", data=data).status_code == 303
    stored = session.scalars(select(Attachment)).one()
    assert stored.content_type == "image/jpeg" and (stored.width, stored.height) == (64, 48)
    image = Image.open(io.BytesIO(stored.data))
    assert len(image.getexif()) == 0 and "exif" not in image.info
    assert b"KameraUji" not in stored.data and stored.data != original


def test_a_non_image_is_refused_next_to_the_photo_field(web, session):
    """A text file called .jpg is not a photo; nothing is filed."""
    data = complaint() | {"photo": (io.BytesIO(b"bukan gambar"), "foto.jpg", "image/jpeg")}
    response = web.post("/pengaduan", data=data)
    assert response.status_code == 422
    assert 'id="photo-error">Berkas harus berupa foto' in response.get_data(as_text=True)
    assert count(session) == 0 and count(session, Attachment) == 0


def test_an_oversize_photo_is_refused(web, session):
    """Past 5 MB the photo is refused with its own message."""
    big = b"\xff\xd8\xff" + b"0" * MAX_UPLOAD_BYTES
    photo = FileStorage(io.BytesIO(big), filename="besar.jpg", content_type="image/jpeg")
    # Encoded here in memory: the test client would spool this body to a file it never closes.
    body, _length, boundary = stream_encode_multipart(complaint() | {"photo": photo},
                                                      use_tempfile=False)
    response = web.post("/pengaduan", data=body.getvalue(),
                        content_type=f"multipart/form-data; boundary={boundary}")
    assert response.status_code == 422
    assert "Foto terlalu besar" in response.get_data(as_text=True)
    assert count(session) == 0


def test_a_pixel_bomb_is_refused_next_to_the_photo_field(web, session):
    """6 KB of PNG declaring 49 million pixels: refused with its own message, nothing filed."""
    out = io.BytesIO()
    Image.new("1", (7000, 7000)).save(out, "PNG")
    data = complaint() | {"photo": (io.BytesIO(out.getvalue()), "foto.png", "image/png")}
    response = web.post("/pengaduan", data=data)
    assert response.status_code == 422
    assert "Foto terlalu besar (piksel terlalu banyak)" in response.get_data(as_text=True)
    assert count(session) == 0


def test_a_photo_that_fails_after_filing_leaves_no_complaint_and_no_receipt(web, session,
                                                                          monkeypatch):
    """The complaint and its photo are one unit of work: when the photo step fails, neither stays.

    The photo step runs after the complaint (ticket, event, receipt SMS) is
    written in the same transaction; its failure takes all of that back.
    """
    filed = []

    def refuse_photo(db, *, ticket_id, image):
        filed.append(db.get(Ticket, ticket_id).number)
        raise InvalidImage("refused after filing")

    monkeypatch.setattr("web.pwa.filing.attach_ticket_photo", refuse_photo)
    data = complaint() | {"photo": (io.BytesIO(jpeg_with_gps()), "foto.jpg", "image/jpeg")}
    response = web.post("/pengaduan", data=data)
    assert filed, "the complaint was written before the photo step"
    assert response.status_code == 422
    assert 'id="photo-error">Berkas harus berupa foto' in response.get_data(as_text=True)
    assert count(session) == 0
    assert count(session, OutboundMessage) == 0 and count(session, Attachment) == 0


def test_csrf_is_enforced(client, session):
    """Without the form's token (a forged post from another site) nothing is filed."""
    response = client.post("/pengaduan", data=complaint())
    assert response.status_code == 400
    assert "Formulir sudah kedaluwarsa" in response.get_data(as_text=True)
    assert count(session) == 0


def test_with_the_token_the_post_goes_through(client, session):
    """The token from the page (or from /token, for offline replays) is accepted."""
    token = client.get("/token").get_json()["csrf_token"]
    response = client.post("/pengaduan", data=complaint(csrf_token=token))
    assert response.status_code == 303 and count(session) == 1


def test_signed_in_citizen_files_without_typing_the_phone(web, session):
    """The verified phone is used; the form does not ask for it."""
    sign_in_citizen(web, "+6285712345678")
    page = web.get("/pengaduan").get_data(as_text=True)
    assert 'name="phone"' not in page and "+6285712345678" in page
    web.post("/pengaduan", data=complaint())
    assert session.scalars(select(Ticket)).one().citizen.phone == "+6285712345678"
