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
# Far above any phone photo; refuses decompression bombs before decoding them.
MAX_PIXELS = 50_000_000


class InvalidImage(DomainError):
    """The upload is not an image we accept."""

    message = N_("Berkas harus berupa foto (JPEG, PNG, WebP atau GIF).")


class ImageTooLarge(DomainError):
    """The upload is bigger than the limit."""

    message = N_("Foto terlalu besar. Batasnya %(megabytes)s MB.")
    params = {"megabytes": MAX_UPLOAD_MEGABYTES}


@dataclass(frozen=True)
class CleanImage:
    """An image as the server re-encoded it: JPEG bytes without any metadata."""

    data: bytes
    content_type: str
    width: int
    height: int


def clean_image(data: bytes) -> CleanImage:
    """Re-encode an uploaded image as a plain JPEG, dropping EXIF (GPS included)."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise ImageTooLarge(str(len(data)))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as original:
                if original.format not in ACCEPTED_FORMATS:
                    raise InvalidImage(str(original.format))
                if original.width * original.height > MAX_PIXELS:
                    raise InvalidImage("too many pixels")
                # Turn the pixels as the camera meant before the orientation tag goes.
                image = ImageOps.exif_transpose(original).convert("RGB")
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError,
            Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise InvalidImage(type(error).__name__) from None
    image.thumbnail((MAX_SIDE, MAX_SIDE))
    out = io.BytesIO()
    # A new image from bare pixels: no exif, icc or comment is passed on.
    image.save(out, format="JPEG", quality=80, optimize=True)
    return CleanImage(out.getvalue(), "image/jpeg", image.width, image.height)


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
