"""Best practices: units publish, the public reads, other units record adoptions."""

import io

from PIL import Image
from sqlalchemy import select

from core.models import BestPractice
from layanan.cli import cli


def jpeg_with_exif() -> bytes:
    """A tiny photo carrying an EXIF block, as a phone would send it."""
    buffer = io.BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "KameraUji"
    Image.new("RGB", (8, 8), "green").save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


def publish(client, world, **fields):
    """Publish through the staff form; returns the response."""
    client.get("/staff/praktik-baik/baru")
    data = {"unit": str(world.unit_a.id), "title": "Antrean pakai nomor SMS",
            "summary": "Nomor antrean dikirim lewat SMS.", "body": "Warga menunggu di rumah.",
            "tags": "SMS, antrean"} | fields
    return client.post("/staff/praktik-baik/baru", data, content_type="multipart/form-data")


def test_publish_adopt_and_read_publicly(world, staff, client, session):
    """A head publishes for their unit; another unit adopts; the public sees the count."""
    head_a = staff(world.emails["head_a"])
    response = publish(head_a, world, image=(io.BytesIO(jpeg_with_exif()), "foto.jpg"))
    assert response.status_code == 302
    practice = session.scalars(select(BestPractice)).one()
    session.commit()
    assert practice.tags == "sms,antrean" and practice.image_type == "image/jpeg"
    assert b"KameraUji" not in practice.image

    head_b = staff(world.emails["head_b"])
    assert "Catat adopsi" in head_b.get("/staff/praktik-baik").get_data(as_text=True)
    assert head_b.post(f"/staff/praktik-baik/{practice.id}/adopsi",
                       {"unit": str(world.unit_b.id), "note": "Dipakai sejak Oktober."}
                       ).status_code == 302
    # Twice is once.
    head_b.post(f"/staff/praktik-baik/{practice.id}/adopsi", {"unit": str(world.unit_b.id)})

    listing = client.get("/praktik-baik").get_data(as_text=True)
    assert "Antrean pakai nomor SMS" in listing and "1 unit lain menerapkan" in listing
    page = client.get(f"/praktik-baik/{practice.id}").get_data(as_text=True)
    assert "Puskesmas Beta" in page and "Dipakai sejak Oktober." in page
    photo = client.get(f"/praktik-baik/{practice.id}/foto")
    assert photo.status_code == 200 and photo.mimetype == "image/jpeg"
    assert client.get("/praktik-baik?tag=antrean").get_data(as_text=True).count("<article") == 1
    assert client.get("/praktik-baik?tag=posyandu").get_data(as_text=True).count("<article") == 0


def test_a_head_publishes_only_for_their_unit_and_cannot_adopt_their_own(world, staff, session):
    """Publishing for unit B as A's head is not found; adopting your own practice is refused."""
    head_a = staff(world.emails["head_a"])
    assert publish(head_a, world, unit=str(world.unit_b.id)).status_code == 404
    assert publish(head_a, world).status_code == 302
    practice = session.scalars(select(BestPractice)).one()
    session.commit()
    # No adoption form for one's own practice, and a forged post is refused.
    assert "Catat adopsi" not in head_a.get("/staff/praktik-baik").get_data(as_text=True)
    head_a.post(f"/staff/praktik-baik/{practice.id}/adopsi", {"unit": str(world.unit_a.id)})
    listing = head_a.get("/staff/praktik-baik").get_data(as_text=True)
    assert "Belum ada unit lain yang menerapkan" in listing


def test_unknown_practice_is_404(client):
    """No such practice, no such photo."""
    assert client.get("/praktik-baik/999999").status_code == 404
    assert client.get("/praktik-baik/999999/foto").status_code == 404


def test_demo_seeds_practices_with_adoptions(app, runner, client, session):
    """`layanan demo load` publishes a few practices that other units adopted."""
    app.config["DEMO"] = True
    result = runner.invoke(cli, ["demo", "load"])
    assert result.exit_code == 0 and "best practices: 3" in result.output
    listing = client.get("/praktik-baik").get_data(as_text=True)
    assert "2 unit lain menerapkan" in listing and "1 unit lain menerapkan" in listing
