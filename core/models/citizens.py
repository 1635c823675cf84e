"""Citizens, known by their phone number whatever channel they use."""

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base
from core.models._types import created_at_column


class Citizen(Base):
    """A citizen identified by an E.164 phone number."""

    __tablename__ = "citizens"

    id: Mapped[int] = mapped_column(primary_key=True)
    phone: Mapped[str] = mapped_column(String(16), unique=True)
    language: Mapped[str] = mapped_column(String(2), default="id")
    # Opted out of surveys and announcements; replies and ticket news still go out.
    opted_out: Mapped[bool] = mapped_column(default=False)
    name: Mapped[str | None] = mapped_column(String(120))
    created_at: Mapped[datetime] = created_at_column()
