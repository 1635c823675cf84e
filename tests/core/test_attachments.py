"""Photos: only images, limited in size, re-encoded with no metadata left."""

import io
import math
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PIL import Image
from PIL.PngImagePlugin import PngInfo

from core.tickets.attachments import (
    MAX_SIDE,
    PIXEL_BUDGET,
    ImageTooLarge,
    ImageTooManyPixels,
    InvalidImage,
    clean_image,
)


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


def test_rgba_png_with_orientation_is_turned_upright():
    """A transparent PNG carrying an orientation tag is turned too, then flattened to JPEG."""
    exif = Image.Exif()
    exif[0x0112] = 8  # rotate 90 degrees counter-clockwise to display
    out = io.BytesIO()
    Image.new("RGBA", (40, 30), (10, 120, 60, 128)).save(out, "PNG", exif=exif)
    cleaned = clean_image(out.getvalue())
    assert (cleaned.width, cleaned.height) == (30, 40)


MARKER = b"GEHEIM-MARKER"


def _png_with_text_chunks() -> bytes:
    """A PNG carrying tEXt (one keyed "comment"), iTXt, zTXt, EXIF and an ICC profile."""
    info = PngInfo()
    info.add_text("comment", MARKER.decode() + "-tEXt")
    info.add_itxt("XML:com.adobe.xmp", MARKER.decode() + "-iTXt")
    info.add_text("Author", MARKER.decode() + "-zTXt", zip=True)
    exif = Image.Exif()
    exif[0x010F] = MARKER.decode() + "-exif"
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (10, 120, 60)).save(
        out, "PNG", pnginfo=info, exif=exif, icc_profile=MARKER + b"-icc" * 40)
    return out.getvalue()


METADATA_CARRIERS = {
    "JPEG comment, EXIF, XMP, ICC": lambda: image_bytes(
        "JPEG", comment=MARKER + b"-COM", exif=_exif_with_marker(),
        xmp=b"<x:xmpmeta>" + MARKER + b"-xmp</x:xmpmeta>", icc_profile=MARKER + b"-icc" * 40),
    "PNG text chunks, EXIF, ICC": _png_with_text_chunks,
    "GIF comment": lambda: image_bytes("GIF", comment=MARKER + b"-gif"),
    "WebP EXIF, XMP": lambda: image_bytes(
        "WEBP", exif=_exif_with_marker(), xmp=b"<x:xmpmeta>" + MARKER + b"-xmp</x:xmpmeta>"),
}


def _exif_with_marker() -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = MARKER.decode() + "-exif"
    exif[0x8298] = MARKER.decode() + "-copyright"
    return exif


@pytest.mark.parametrize("carrier", METADATA_CARRIERS)
def test_no_kind_of_metadata_survives(carrier):
    """Whatever an upload carries beside its pixels, none of it reaches the stored JPEG."""
    original = METADATA_CARRIERS[carrier]()
    assert MARKER in original or carrier.startswith("PNG")  # zTXt is compressed
    cleaned = clean_image(original)
    assert MARKER not in cleaned.data
    stored = Image.open(io.BytesIO(cleaned.data))
    assert not {"comment", "exif", "xmp", "icc_profile"} & set(stored.info)
    # Only the JPEG's own segments: start, JFIF header, tables, frame, scan (no APPn, no COM).
    assert not set(_jpeg_markers(cleaned.data)) & {0xFE, *range(0xE1, 0xF0)}


def _jpeg_markers(data: bytes) -> list[int]:
    """The marker bytes of a JPEG's segments up to the start of the scan."""
    markers, at = [], 2
    while at < len(data) and data[at] == 0xFF:
        marker = data[at + 1]
        markers.append(marker)
        if marker == 0xDA:
            break
        at += 2 + int.from_bytes(data[at + 2:at + 4], "big")
    return markers


def png_bytes(mode: str, size: tuple[int, int]) -> bytes:
    out = io.BytesIO()
    Image.new(mode, size).save(out, "PNG")
    return out.getvalue()


def test_the_png_bomb_of_the_issue_is_refused_before_decoding():
    """6 KB of PNG declaring 7000x7000 pixels: refused from its header, at once."""
    bomb = png_bytes("1", (7000, 7000))
    assert len(bomb) < 10_000
    started = time.perf_counter()
    with pytest.raises(ImageTooManyPixels):
        clean_image(bomb)
    assert time.perf_counter() - started < 0.2


def test_a_bomb_past_pillows_own_limit_gets_the_same_clear_refusal():
    """20000x20000 trips Pillow's check while opening: the citizen sees the pixel message."""
    with pytest.raises(ImageTooManyPixels):
        clean_image(png_bytes("P", (20000, 20000)))


@pytest.mark.parametrize("budget", PIXEL_BUDGET)
def test_each_format_is_refused_just_past_its_budget(budget):
    """One pixel row more than the budget allows is refused; InvalidImage covers it for callers."""
    fmt, _, progressive = budget.partition(" ")
    width = 2000
    height = PIXEL_BUDGET[budget] // width + 1
    data = image_bytes(fmt, size=(width, height), **({"progressive": True} if progressive else {}))
    with pytest.raises(InvalidImage) as refusal:
        clean_image(data)
    assert isinstance(refusal.value, ImageTooManyPixels)


@pytest.mark.parametrize("size", [(4000, 3000), (4608, 3456)])
def test_phone_camera_photos_are_accepted_and_scaled_down(size):
    """A 12 MP and a 16 MP phone photo (baseline JPEG) pass and come out at MAX_SIDE."""
    cleaned = clean_image(image_bytes("JPEG", size=size, quality=85))
    assert (cleaned.width, cleaned.height) == (MAX_SIDE, MAX_SIDE * 3 // 4)


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads VmHWM (Linux)")
@pytest.mark.parametrize("label", ["bomb of the issue", "largest RGBA PNG accepted"])
def test_one_upload_peaks_under_100_megabytes(label, tmp_path):
    """Cleaning in a fresh process raises its peak memory by less than 100 MB."""
    height = math.isqrt(PIXEL_BUDGET["PNG"] * 3 // 4)
    data = {"bomb of the issue": lambda: png_bytes("1", (7000, 7000)),
            "largest RGBA PNG accepted": lambda: png_bytes("RGBA", (height * 4 // 3, height)),
            }[label]()
    upload = tmp_path / "upload"
    upload.write_bytes(data)
    root = Path(__file__).resolve().parents[2]
    run = subprocess.run([sys.executable, str(root / "bench" / "photo_memory.py"), "--child",
                          str(upload)], capture_output=True, text=True, check=True, cwd=root)
    extra_megabytes = float(run.stdout.split("\t")[0])
    assert extra_megabytes < 100, run.stdout
