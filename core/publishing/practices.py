"""Best practices: units publish what worked, others read them and record adoptions."""

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, defer, selectinload

from core.clock import now_utc
from core.errors import InvalidInput, NotFound
from core.models import BestPractice, PracticeAdoption, Unit
from core.staff.access import Principal, require
from core.staff.audit import audited

MAX_TAGS = 8


def publish_practice(
    session: Session, *, unit_id: int, title: str, summary: str, body: str,
    tags: str = "", officer_id: int | None = None, image: bytes | None = None,
    image_type: str | None = None, now: datetime | None = None,
) -> BestPractice:
    """Publish a unit's best practice (flushed: it has its id)."""
    if session.get(Unit, unit_id) is None:
        raise NotFound("unit")
    title, summary, body = title.strip(), summary.strip(), body.strip()
    for field, value, limit in (("title", title, 160), ("summary", summary, 400),
                                ("body", body, 20000)):
        if not value or len(value) > limit:
            raise InvalidInput(field)
    practice = BestPractice(
        unit_id=unit_id, title=title, summary=summary, body=body, tags=normalise_tags(tags),
        officer_id=officer_id, image=image, image_type=image_type,
        published_at=now or now_utc(),
    )
    session.add(practice)
    session.flush()
    return practice


def normalise_tags(tags: str) -> str:
    """Lower-case, de-duplicated, comma-separated tags: ' SMS, antrean ,sms' -> 'sms,antrean'."""
    seen: list[str] = []
    for tag in (tags or "").split(","):
        cleaned = " ".join(tag.strip().lower().split())[:30]
        if cleaned and cleaned not in seen:
            seen.append(cleaned)
    return ",".join(seen[:MAX_TAGS])


def list_practices(
    session: Session, *, limit: int = 20, tag: str | None = None, unit_id: int | None = None
) -> list[tuple[BestPractice, int]]:
    """Published practices, newest first, each with how many other units adopted it."""
    adoptions = (
        select(PracticeAdoption.practice_id, func.count().label("n"))
        .group_by(PracticeAdoption.practice_id)
        .subquery()
    )
    query = (
        select(BestPractice, func.coalesce(adoptions.c.n, 0))
        .outerjoin(adoptions, adoptions.c.practice_id == BestPractice.id)
        .where(BestPractice.published_at.is_not(None))
        # The images are served on their own; a listing never loads their bytes.
        .options(selectinload(BestPractice.unit), defer(BestPractice.image))
        .order_by(BestPractice.published_at.desc(), BestPractice.id.desc())
        .limit(limit)
    )
    if unit_id is not None:
        query = query.where(BestPractice.unit_id == unit_id)
    if tag:
        # Tags are stored comma-separated; wrap in commas to match whole tags only.
        query = query.where(
            ("," + BestPractice.tags + ",").like(f"%,{normalise_tags(tag)},%")
        )
    return [(practice, count) for practice, count in session.execute(query)]


def get_practice(session: Session, *, practice_id: int) -> BestPractice:
    """One published practice with its adoptions, or NotFound."""
    query = (
        select(BestPractice)
        .where(BestPractice.id == practice_id, BestPractice.published_at.is_not(None))
        .options(selectinload(BestPractice.unit), defer(BestPractice.image),
                 selectinload(BestPractice.adoptions).selectinload(PracticeAdoption.unit))
    )
    practice = session.scalars(query).one_or_none()
    if practice is None:
        raise NotFound("practice")
    return practice


def adopt_practice(
    session: Session, *, practice_id: int, unit_id: int, officer_id: int | None = None,
    note: str = "", now: datetime | None = None,
) -> PracticeAdoption:
    """Record that a unit adopted a practice (once per unit; its own unit cannot)."""
    practice = get_practice(session, practice_id=practice_id)
    if practice.unit_id == unit_id:
        raise InvalidInput("unit_id")
    if session.get(Unit, unit_id) is None:
        raise NotFound("unit")
    existing = session.scalars(select(PracticeAdoption).where(
        PracticeAdoption.practice_id == practice_id, PracticeAdoption.unit_id == unit_id
    )).one_or_none()
    if existing is not None:
        return existing
    adoption = PracticeAdoption(practice_id=practice_id, unit_id=unit_id, officer_id=officer_id,
                                note=(note or "").strip()[:2000], created_at=now or now_utc())
    try:
        with session.begin_nested():
            session.add(adoption)
    except IntegrityError:
        # Two officers of the unit clicked at once: the first record stands.
        adoption = session.scalars(select(PracticeAdoption).where(
            PracticeAdoption.practice_id == practice_id, PracticeAdoption.unit_id == unit_id
        )).one()
    return adoption


def get_practice_image(session: Session, *, practice_id: int) -> tuple[bytes, str]:
    """The image of a published practice and its content type, or NotFound."""
    row = session.execute(
        select(BestPractice.image, BestPractice.image_type)
        .where(BestPractice.id == practice_id, BestPractice.published_at.is_not(None),
               BestPractice.image.is_not(None))
    ).one_or_none()
    if row is None:
        raise NotFound("image")
    return row[0], row[1] or "application/octet-stream"


def publish_unit_practice(
    session: Session, *, principal: Principal, unit_id: int, title: str, summary: str,
    body: str, tags: str = "", image: bytes | None = None, image_type: str | None = None,
) -> BestPractice:
    """Publish a practice in the name of a unit the officer may publish for, audited."""
    require(principal, "publish", unit_id)
    with audited(session, officer_id=principal.officer_id, action="practice_publish",
                 target=f"unit:{unit_id}", detail=title.strip()[:200]):
        practice = publish_practice(session, unit_id=unit_id, title=title, summary=summary,
                                    body=body, tags=tags, officer_id=principal.officer_id,
                                    image=image, image_type=image_type)
    return practice


def adopt_unit_practice(
    session: Session, *, principal: Principal, practice_id: int, unit_id: int, note: str = ""
) -> PracticeAdoption:
    """Record, for a unit the officer may act for, that it adopted a practice, audited."""
    require(principal, "adopt", unit_id)
    with audited(session, officer_id=principal.officer_id, action="practice_adopt",
                 target=f"practice:{practice_id}", detail=f"unit:{unit_id}"):
        adoption = adopt_practice(session, practice_id=practice_id, unit_id=unit_id,
                                  officer_id=principal.officer_id, note=note)
    return adoption
