"""Photos on complaints: only images, size-limited, re-encoded so no metadata survives."""

import io
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError
from sqlalchemy import select
from sqlalchemy.orm import Session

from core.errors import DomainError, NotFound
from core.i18n import N_
from core.models import Attachment, Ticket

MAX_UPLOAD_MEGABYTES = 5
MAX_UPLOAD_BYTES = MAX_UPLOAD_MEGABYTES * 1024 * 1024
# Longest side after re-encoding: enough to see a broken road, small on 2G.
MAX_SIDE = 1600
# Formats a phone camera or gallery gives; anything else is refused.
ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP", "GIF")
# Pixels an upload may declare, checked in its header before anything is decoded,
# so that cleaning one upload peaks under 100 MB (bench/photo_memory.py measures
# it): a few KB of PNG can declare a picture that takes hundreds of MB decoded.
# 16 MP takes a 4608x3456 photo of a budget phone's camera, which decodes at half
# its size; a progressive JPEG holds its whole picture while decoding, so it gets
# half that. PNG and GIF decode whole (8 MP holds any phone screenshot); WebP's
# decoder keeps several copies of the picture, so it gets less still.
PIXEL_BUDGET = {"JPEG": 16_000_000, "JPEG progressive": 8_000_000, "PNG": 8_000_000,
                "GIF": 8_000_000, "WEBP": 3_000_000}
# Modes Pillow shrinks as they are; others (palette, one bit, alpha) become RGB first.
SHRINKABLE_MODES = ("RGB", "L", "CMYK")


class InvalidImage(DomainError):
    """The upload is not an image we accept."""

    message = N_("Berkas harus berupa foto (JPEG, PNG, WebP atau GIF).")


class ImageTooLarge(DomainError):
    """The upload is bigger than the limit."""

    message = N_("Foto terlalu besar. Batasnya %(megabytes)s MB.")
    params = {"megabytes": MAX_UPLOAD_MEGABYTES}


class ImageTooManyPixels(InvalidImage):
    """The image declares more pixels than its format's budget: refused before decoding."""

    message = N_("Foto terlalu besar (piksel terlalu banyak). Kecilkan atau potong fotonya, "
                 "lalu kirim lagi.")


@dataclass(frozen=True)
class CleanImage:
    """An image as the server re-encoded it: JPEG bytes without any metadata."""

    data: bytes
    content_type: str
    width: int
    height: int


def clean_image(data: bytes) -> CleanImage:
    """Re-encode an uploaded image as a plain JPEG made from its pixels alone: no metadata."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise ImageTooLarge(str(len(data)))
    try:
        with warnings.catch_warnings():
            # Pillow's own bomb check stays as a backstop behind PIXEL_BUDGET.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as original:
                _check_header(original)
                image = _shrunk_upright(original)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise ImageTooManyPixels(type(error).__name__) from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as error:
        raise InvalidImage(type(error).__name__) from None
    # A new image holding only the pixels: EXIF, XMP, ICC, JPEG comments and PNG
    # text chunks all live in the decoded image's info, which is not carried over.
    bare = Image.new("RGB", image.size)
    bare.paste(image)
    out = io.BytesIO()
    bare.save(out, format="JPEG", quality=80, optimize=True)
    return CleanImage(out.getvalue(), "image/jpeg", bare.width, bare.height)


def _check_header(image: Image.Image) -> None:
    """Refuse a format we do not take, or more pixels than its budget; nothing decoded yet."""
    if image.format not in ACCEPTED_FORMATS:
        raise InvalidImage(str(image.format))
    budget = PIXEL_BUDGET[_budget_key(image)]
    if image.width * image.height > budget:
        raise ImageTooManyPixels(f"{image.width}x{image.height}")


def _budget_key(image: Image.Image) -> str:
    """The image's row in PIXEL_BUDGET: its format, progressive JPEG apart."""
    if image.format == "JPEG" and image.info.get("progressive"):
        return "JPEG progressive"
    return str(image.format)


def _shrunk_upright(original: Image.Image) -> Image.Image:
    """Decode no larger than needed, shrink to MAX_SIDE, turn upright, as RGB."""
    scale = MAX_SIDE / max(original.size)
    if scale < 1:
        # A JPEG decodes straight at 1/2, 1/4 or 1/8 of its size, down to the target.
        original.draft("RGB", (max(1, int(original.width * scale)),
                               max(1, int(original.height * scale))))
    original.load()
    image = original if original.mode in SHRINKABLE_MODES else original.convert("RGB")
    # Shrinking before turning means the whole-size picture is never copied again.
    image.thumbnail((MAX_SIDE, MAX_SIDE), reducing_gap=1.0)
    # Turn the pixels as the camera meant before the orientation tag goes.
    return ImageOps.exif_transpose(image).convert("RGB")


def attach_ticket_photo(session: Session, *, ticket_id: int, image: CleanImage) -> Attachment:
    """Store the citizen's photo on a ticket; a replayed filing keeps the first."""
    if session.get(Ticket, ticket_id) is None:
        raise NotFound("ticket")
    existing = session.scalars(
        select(Attachment).where(Attachment.ticket_id == ticket_id).order_by(Attachment.id)
    ).first()
    if existing is not None:
        return existing
    attachment = Attachment(ticket_id=ticket_id, content_type=image.content_type,
                            width=image.width, height=image.height, data=image.data)
    session.add(attachment)
    return attachment


def list_ticket_photos(session: Session, *, ticket_id: int) -> list[Attachment]:
    """The photos of a ticket, oldest first."""
    query = select(Attachment).where(Attachment.ticket_id == ticket_id).order_by(Attachment.id)
    return list(session.scalars(query))


def get_ticket_photo(session: Session, *, ticket_id: int, attachment_id: int) -> Attachment:
    """One photo of a ticket, or NotFound."""
    attachment = session.get(Attachment, attachment_id)
    if attachment is None or attachment.ticket_id != ticket_id:
        raise NotFound("attachment")
    return attachment
