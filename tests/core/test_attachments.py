"""Photos: only images, limited in size, re-encoded with no metadata left."""

import io

import pytest
from PIL import Image

from core.tickets.attachments import MAX_SIDE, ImageTooLarge, InvalidImage, clean_image


def image_bytes(fmt="JPEG", size=(40, 30), **save) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (10, 120, 60)).save(out, fmt, **save)
    return out.getvalue()


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP", "GIF"])
def test_accepted_formats_become_plain_jpeg(fmt):
    """Every accepted format comes out as a JPEG of the same size."""
    cleaned = clean_image(image_bytes(fmt))
    assert cleaned.content_type == "image/jpeg" and (cleaned.width, cleaned.height) == (40, 30)
    assert Image.open(io.BytesIO(cleaned.data)).format == "JPEG"


def test_exif_and_orientation_are_applied_then_dropped():
    """A rotated photo is turned upright, and its EXIF is gone."""
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90 degrees clockwise to display
    exif[0x010F] = "KameraUji"
    cleaned = clean_image(image_bytes(exif=exif))
    assert (cleaned.width, cleaned.height) == (30, 40)
    assert len(Image.open(io.BytesIO(cleaned.data)).getexif()) == 0


def test_large_pictures_are_scaled_down():
    """The longest side is capped."""
    cleaned = clean_image(image_bytes(size=(4000, 1000)))
    assert max(cleaned.width, cleaned.height) == MAX_SIDE


@pytest.mark.parametrize("data", [b"", b"%PDF-1.4 not an image", b"GIF89a broken"])
def test_non_images_are_refused(data):
    """Anything Pillow cannot read as an accepted image."""
    with pytest.raises(InvalidImage):
        clean_image(data)


def test_bmp_is_not_accepted():
    """A readable image in a format phones do not send."""
    with pytest.raises(InvalidImage):
        clean_image(image_bytes("BMP"))


def test_oversize_is_refused_before_decoding():
    """More than 5 MB: refused without opening it."""
    with pytest.raises(ImageTooLarge):
        clean_image(b"\xff" * (5 * 1024 * 1024 + 1))
