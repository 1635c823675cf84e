"""Best practices units publish for each other (diseminasi praktik terbaik)."""

from datetime import datetime

from sqlalchemy import ForeignKey, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db import Base
from core.models._types import created_at_column, timestamp_column
from core.models.catalogue import Unit


class BestPractice(Base):
    """A practice a unit found to work, published for other units and the public."""

    __tablename__ = "best_practices"

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    title: Mapped[str] = mapped_column(String(160))
    summary: Mapped[str] = mapped_column(String(400))
    body: Mapped[str] = mapped_column(Text)
    # Comma-separated, lower case: "antrean,sms,posyandu".
    tags: Mapped[str] = mapped_column(String(200), default="")
    image: Mapped[bytes | None] = mapped_column(LargeBinary)
    image_type: Mapped[str | None] = mapped_column(String(40))
    officer_id: Mapped[int | None] = mapped_column(ForeignKey("officers.id"))
    published_at: Mapped[datetime | None] = timestamp_column()
    created_at: Mapped[datetime] = created_at_column()

    unit: Mapped[Unit] = relationship()
    adoptions: Mapped[list["PracticeAdoption"]] = relationship(
        back_populates="practice", cascade="all, delete-orphan"
    )


class PracticeAdoption(Base):
    """Another unit's record that it adopted a best practice."""

    __tablename__ = "practice_adoptions"
    __table_args__ = (UniqueConstraint("practice_id", "unit_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    practice_id: Mapped[int] = mapped_column(ForeignKey("best_practices.id", ondelete="CASCADE"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    officer_id: Mapped[int | None] = mapped_column(ForeignKey("officers.id"))
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = created_at_column()

    practice: Mapped[BestPractice] = relationship(back_populates="adoptions")
    unit: Mapped[Unit] = relationship()
